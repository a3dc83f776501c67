// Evaluator unit tests: values through Session, scoping, the numeric fast path,
// errors as Diagnostics with positions and exit codes.
import Testing
import AnisTensor
@testable import AnisLanguage

/// Runs `source` in a fresh session; returns the printed output and the last value's rendering.
private func run(_ source: String) throws(Diagnostic) -> (output: String, value: String?) {
    var out = ""
    let session = Session(output: { out += $0 })
    let value = try session.run(source, file: "t.anis")
    return (out, value.map { session.render($0) })
}

@Test(arguments: [
    ("1 + 2", "3"), ("7 / 2", "3.5"), ("-7 % 3", "2"), ("2 ^ 10", "1024"), ("1 < 2", "true"),
    ("\"a{1 + 1}\"", "\"a2\""), ("[1, 2] * 2", "[2, 4]"), ("[[1, 2], [3, 4]] @ [1, 1]", "[3, 7]"),
    ("sum([[1, 2], [3, 4]], axis: 0)", "[4, 6]"), ("{a: 1}.a", "1"), ("[relu_like, 1]", nil),
    ("len(list(0:5))", "5"), ("if 1 > 2 { 1 } else { 2 }", "2"), ("none", "none"),
])
func expressions(_ source: String, _ expected: String?) throws {
    if expected == nil {
        #expect(throws: Diagnostic.self) { try run(source) }
        return
    }
    #expect(try run(source).value == expected)
}

@Test func scopingFollowsPythonsRule() throws {
    let program = """
    x = 1
    fn f() { x = 2; x }
    fn g() = x
    print(f(), g(), x)
    fn make(k) = y -> y + k
    print(make(10)(5))
    """
    #expect(try run(program).output == "2 1 1\n15\n")
}

@Test func numericFastPathFallsBackOnTensors() throws {
    // The same expression runs on numbers (fast path) and then on a tensor (general path).
    let program = """
    fn f(x) = x * x + 1
    print(f(3))
    print(f([1, 2]))
    s = 0
    for i in 0:1000 { s = s + i % 7 }
    print(s)
    """
    #expect(try run(program).output == "10\n[2, 5]\n2997\n")
}

@Test func valueSemantics() throws {
    // Assigning a tensor or list copies it (copy-on-write); mutation through one name is not seen through another.
    let program = """
    a = zeros(3); b = a; b[0] = 1
    print(a[0], b[0])
    xs = [1, "x"]; ys = xs; ys[0] = 2
    print(xs[0], ys[0])
    """
    #expect(try run(program).output == "0 1\n1 2\n")
}

@Test func runtimeErrorsCarryPositionsAndExitCodes() {
    do {
        _ = try run("x = 1\ny = [[1, 2], [3, 4]] @ [1, 2, 3]")
        Issue.record("expected an error")
    } catch {
        #expect(error.kind == .runtime)
        #expect(error.exitCode == 1)
        #expect(error.line == 2 && error.column == 5)
        #expect(error.message == "@: shapes (2, 2) and (3,) do not align (2 ≠ 3)")
        #expect(error.rendered(color: false).contains("t.anis:2:5: error:"))
    }
    do {
        _ = try run("fn f( = 1")
        Issue.record("expected an error")
    } catch {
        #expect(error.kind == .syntax)
        #expect(error.exitCode == 2)
    }
}

// Ctrl-C shares the step-budget checkpoint; it is not tested here because the flag is
// process-wide and tests run in parallel (scripts/test_cli.sh and the tmux session cover it).
@Test func stepBudgetBoundsRuns() {
    let session = Session(output: { _ in })
    session.stepBudget = 10_000
    #expect(throws: Diagnostic.self) { try session.run("while true { }", file: "t") }
}

@Test func sameSeedSameNumbers() throws {
    let a = try run("seed(7); randn(5)").value
    let b = try run("seed(7); randn(5)").value
    let c = try run("seed(8); randn(5)").value
    #expect(a == b)
    #expect(a != c)
}

/// Runs `program`, whose value is a tensor that was also held in a local of a finished
/// call, and says whether that tensor's storage outlives the value (i.e. the frame leaked).
private func storageOutlivesValue(_ program: String) throws -> Bool {
    weak var storage: TensorStorage?
    try {
        let session = Session(output: { _ in })
        guard case .tensor(let t)? = try session.run(program, file: "leak.anis") else {
            Issue.record("expected a tensor"); return
        }
        storage = t.storage
    }()
    return storage != nil
}

@Test func closuresStoredInLocalsDoNotLeakTheirFrame() throws {
    // `g` is a local holding a closure that reads `i`: before cells, the closure held the
    // frame and the frame held the closure, so every call leaked its frame (and `t`).
    // Checked by a weak reference, so other tests running alongside cannot disturb it;
    // scripts/test_cli.sh checks resident memory over 1e6 calls in a process of its own.
    #expect(try !storageOutlivesValue("fn mk(i) { t = zeros(3); g = x -> x + i; g(1); t }\nmk(1)"))
    #expect(try !storageOutlivesValue("fn mk(i) { t = zeros(3); fn g(x) = x + i + sum(t); g(1); t }\nmk(1)"))
    // A local function that calls itself reads itself from its call, not from a cell
    // holding it (which would be a cycle through the cells it captures, `t` among them).
    #expect(try !storageOutlivesValue("fn mk(n) { t = zeros(3); fn go(k) = if k == 0 { sum(t) } else { go(k - 1) }; go(n); t }\nmk(3)"))
}

// Parser unit tests: precedence, statements, the REPL's completeness check, errors.
import Testing
@testable import AnisLanguage

/// A compact rendering of an expression tree, to assert precedence.
private func show(_ e: Expr) -> String {
    switch e.kind {
    case .number(let d): return d == d.rounded() ? String(Int(d)) : String(d)
    case .name(let n): return n
    case .binary(let op, let l, let r): return "(\(show(l)) \(op.rawValue) \(show(r)))"
    case .unary(let op, let x): return "(\(op.rawValue) \(show(x)))"
    case .and(let l, let r): return "(\(show(l)) and \(show(r)))"
    case .or(let l, let r): return "(\(show(l)) or \(show(r)))"
    case .range(let a, let b, let c): return "(\(show(a)):\(show(b))\(c.map { ":" + show($0) } ?? ""))"
    case .transpose(let x): return "\(show(x))'"
    case .call(let f, let args): return "\(show(f))(\(args.map { ($0.label.map { $0 + ": " } ?? "") + show($0.value) }.joined(separator: ", ")))"
    case .lambda(let d): return "(\(d.parameters.map(\.name).joined(separator: ", ")) -> \(show(d.body)))"
    case .tuple(let xs): return "(" + xs.map(show).joined(separator: ", ") + ")"
    default: return "?"
    }
}

private func parseExpression(_ text: String) throws -> String {
    let statements = try Parser.parse(SourceText(name: "t", text: text))
    guard case .expr(let e)? = statements.first?.kind else { return "not an expression" }
    return show(e)
}

@Test(arguments: [
    ("1 + 2 * 3", "(1 + (2 * 3))"),
    ("-2 ^ 2", "(- (2 ^ 2))"),
    ("-x ^ 2", "(- (x ^ 2))"),
    ("2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"),
    ("a @ b' + c", "((a @ b') + c)"),
    ("not a == b and c", "((not (a == b)) and c)"),
    ("a or b and c", "(a or (b and c))"),
    ("0:n + 1", "(0:(n + 1))"),
    ("0:10:2", "(0:10:2)"),
    ("f(x, p: 0.5)", "f(x, p: 0.5)"),
    ("x -> x * x", "(x -> (x * x))"),
    ("(a, b) -> a + b", "(a, b -> (a + b))"),
    ("a, b", "(a, b)"),
])
func precedence(_ text: String, _ expected: String) throws {
    #expect(try parseExpression(text) == expected)
}

@Test func statements() throws {
    let program = """
    fn f(x, p: 0.1) {
        if x > 0 { x } else { p * x }
    }
    for i in 0:3 { s += i }
    a, b = b, a
    A[0, :] = 1
    r.lr = 0.5
    while true { break }
    """
    let statements = try Parser.parse(SourceText(name: "t", text: program))
    #expect(statements.count == 6)
    guard case .function(let decl) = statements[0].kind else { Issue.record("expected fn"); return }
    #expect(decl.parameters.map(\.name) == ["x", "p"])
    guard case .assign(let targets, _) = statements[2].kind else { Issue.record("expected assignment"); return }
    #expect(targets.count == 2)
}

@Test func elseOnTheNextLine() throws {
    let statements = try Parser.parse(SourceText(name: "t", text: "x = if c {\n 1\n}\nelse {\n 2\n}"))
    #expect(statements.count == 1)
}

@Test func recordVersusBlock() throws {
    #expect(try parseExpression("{lr: 1e-3}") == "?")  // a record literal, not a block
    #expect(throws: ParseError.self) { try Parser.parse(SourceText(name: "t", text: "{ x }")) }
}

@Test(arguments: [
    ("fn f(x) {", false), ("[1, 2,", false), ("\"abc", false), ("1 +", false), ("f(", false),
    ("x = 1", true), ("1 + )", true), ("fn f(x) { x }", true),
])
func completeness(_ text: String, _ complete: Bool) {
    #expect(Parser.isComplete(SourceText(name: "t", text: text)) == complete)
}

@Test(arguments: [
    ("1 < 2 < 3", "cannot be chained"),
    ("f(p: 1, 2)", "positional argument after keyword"),
    ("fn f(a: 1, b) = a", "without a default"),
    ("3 = x", "cannot assign"),
    ("x = 1 2", "expected end of statement"),
])
func syntaxErrors(_ text: String, _ message: String) {
    do {
        _ = try Parser.parse(SourceText(name: "t", text: text))
        Issue.record("expected a syntax error for \(text)")
    } catch {
        #expect(error.message.contains(message), "\(error.message)")
    }
}

@Test func nestingIsBounded() {
    let deep = String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000)
    #expect(throws: ParseError.self) { try Parser.parse(SourceText(name: "t", text: deep)) }
}

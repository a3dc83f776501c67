// ReliabilityTests: inputs that used to crash or hang anis now end in a located error
// or finish (issue 19): toy-model sizes are checked before allocating, plots of
// subnormal ranges finish, and file writers refuse what they must not touch.
import Foundation
import Testing
import AnisTensor
@testable import AnisLanguage

@Suite struct ReliabilityTests {
    /// The error message of running `source`, or nil when it runs cleanly.
    func error(_ source: String) -> String? {
        let session = Session(output: { _ in })
        do { _ = try session.run(source, file: "<test>"); return nil } catch { return error.message }
    }

    @Test func toyModelSizesAreCheckedBeforeAllocating() {
        let cases: [(String, String)] = [
            ("train_autoencoder(2, 1, importance: zeros(0, 2), steps: 1)",
             "train_autoencoder: argument 'importance' as a matrix must have n = 2 columns (one importance vector per row) and at least one row, got shape (0, 2)"),
            ("train_autoencoder(2^32, 2^32, steps: 1)", "train_autoencoder: n·m = 4294967296·4294967296 is too large (at most 1e8)"),
            ("train_autoencoder(1e9, 1, steps: 1)", "train_autoencoder: n·m = 1000000000·1 is too large (at most 1e8)"),
            ("train_autoencoder(3, 2, batch: 2^62, steps: 1)",
             "train_autoencoder: batch must be at least 1 and batch·n at most 1e8, got batch = 4611686018427387904"),
        ]
        for (source, message) in cases {
            #expect(error(source) == message, "\(source)")
        }
    }

    @Test(arguments: ["show(plot([0, 1e-320]))", "show(hist([1e-320, 2e-320]))", "show(plot([1, 2], ylim: [0, 1e-320]))",
                      "show(plot([0, 5e-324]))", "show(plot([1, 2], logy: true, ylim: [1e-320, 1e-310]))",
                      "show(plot([-1e308, 1e308]))"])
    func plotsOfExtremeRangesFinish(_ source: String) {
        #expect(error(source) == nil)
    }

    @Test func writersRefuseANulInThePath() {
        #expect(error("save(plot([1]), \"a\\0b.png\")") == "save: cannot write 'a\\0b.png': the path contains a NUL character")
        #expect(error("write_text(\"x\", \"a\\0b\")") == "write_text: a\\0b: the path contains a NUL character")
    }

    /// Fuzz finding timeout-3ea9acfc…: `train_autoencoder(20, 1, dtype: float32)` trains its
    /// default 10,000 steps inside one built-in call, which the step budget did not see, so the
    /// fuzzer (budget 100,000) timed out. Its samples now count against the budget, up front.
    @Test func aStepBudgetBoundsTraining() {
        let session = Session(output: { _ in })
        session.stepBudget = 100_000
        func run(_ source: String) -> String? {
            do { _ = try session.run(source, file: "<test>"); return nil } catch { return error.message }
        }
        #expect(run("b = train_autoencoder(20, 1, dtype: float32)") == "step budget of 100000 exhausted")
        #expect(run("b = train_autoencoder(2, 1, steps: 2^62, batch: 4)") == "step budget of 100000 exhausted")
        #expect(run("b = train_autoencoder(20, 1, steps: 50, batch: 64)") == nil)
    }

    /// What `source` prints, or its error message.
    func output(_ source: String) -> String {
        var out = ""
        let session = Session(output: { out += $0 })
        do { _ = try session.run(source, file: "<test>"); return out } catch { return "error: \(error.message)" }
    }

    @Test func aByteOrderMarkAndOldMacLineEndingsAreNoSyntaxErrors() {
        #expect(output("\u{FEFF}print(1)\n") == "1\n")
        #expect(output("x = 1\rprint(x + 1)\r") == "2\n")
        #expect(output("x = 1\r\nprint(x)\r\n") == "1\n")
    }

    @Test func diagnosticsShowControlCharactersEscaped() throws {
        let session = Session(output: { _ in })
        do {
            _ = try session.run("x = \"\u{1B}[2J\"; error(\"bad \u{1B}[31m \u{202E}\")", file: "a\u{7}.anis")
            Issue.record("expected an error")
        } catch {
            let shown = error.rendered(color: false)
            #expect(!shown.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E })
            #expect(shown.contains("error: bad \\u{1B}[31m \\u{202E}"))
            #expect(shown.contains("a\\u{7}.anis:1:"))
            // The caret stays under `error`, past the escaped character's wider text.
            let lines = shown.split(separator: "\n").map(String.init)
            let under = lines[1].range(of: "error(").map { lines[1].distance(from: lines[1].startIndex, to: $0.lowerBound) }
            let caret = lines[2].firstIndex(of: "^").map { lines[2].distance(from: lines[2].startIndex, to: $0) }
            #expect(under != nil && under == caret)
        }
    }

    /// `x[i] = v` on a tensor no other variable holds updates it in place: the storage
    /// `x` had before is the one it has after. (A `switch` on the variable's value used
    /// to keep a second reference, so each element assignment copied the whole tensor,
    /// and a record or list indexed by key grew in quadratic time.)
    @Test func elementAssignmentUpdatesInPlace() throws {
        let session = Session(output: { _ in })
        weak var before: TensorStorage?
        try {
            guard case .tensor(let t)? = try session.run("x = zeros(5)\nx", file: "<test>") else {
                Issue.record("expected a tensor"); return
            }
            before = t.storage
        }()
        guard case .tensor(let after)? = try session.run("x[1] = 2\nx[2:4] = 3\nx", file: "<test>") else {
            Issue.record("expected a tensor"); return
        }
        #expect(before != nil && before === after.storage)
        #expect(after.elements == [0, 2, 3, 3, 0])
    }
}

// ReliabilityTests: inputs that used to crash or hang anis now end in a located error
// or finish (issue 19): toy-model sizes are checked before allocating, plots of
// subnormal ranges finish, and file writers refuse what they must not touch.
import Foundation
import Testing
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
}

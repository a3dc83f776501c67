// GoldenTests: the golden-file harness. Every `.anis` file under `Golden/` runs as
// its own test case in a fresh `Session(seed: 0)`; its output and its error (if any)
// are checked against the expectations written in the file's comments:
//
//   print(1 + 2)        # expect: 3
//   print(y)            # error: undefined variable 'y'
//   # error at 7: MESSAGE     (an error raised on line 7, not on this line)
//
// `# expect:` lines, in file order, must equal the output lines, one for one
// (trailing whitespace is ignored on both sides). At most one error per file: the
// run stops at the first. Each run gets a 50M-step budget and a big stack, as in
// the command line. See Tests/README.md for how to add a golden test.
import Foundation
import Testing
import AnisLanguage
#if canImport(Glibc)
import Glibc
#endif

// MARK: - Finding the golden files

/// The `Golden/` folder: next to this source file (robust under `swift test` on
/// Linux), else the copy SwiftPM puts in the test bundle's resources.
let goldenDirectory: URL = {
    let besideSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden", isDirectory: true)
    if FileManager.default.fileExists(atPath: besideSource.path) { return besideSource }
    if let bundled = Bundle.module.resourceURL?.appendingPathComponent("Golden", isDirectory: true),
       FileManager.default.fileExists(atPath: bundled.path) {
        return bundled
    }
    return besideSource
}()

/// Paths of every `.anis` file under `Golden/`, relative to it, sorted (subfolders allowed).
let goldenFiles: [String] = {
    guard let walker = FileManager.default.enumerator(atPath: goldenDirectory.path) else { return [] }
    var found: [String] = []
    while let relative = walker.nextObject() as? String {
        if relative.hasSuffix(".anis") { found.append(relative) }
    }
    return found.sorted()
}()

// MARK: - Expectations

/// Lines split at "\n" and "\r\n" (one Character in Swift), numbered as `SourceText` does.
func splitLines(_ text: String) -> [Substring] {
    text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
}

/// What a golden file says should happen, read from its comments.
struct GoldenExpectation {
    /// Expected output lines, in order.
    var output: [String] = []
    /// The expected error: the 1-based line it is raised on and a fragment of its message.
    var error: (line: Int, message: String)?
    /// Problems with the expectation comments themselves (reported as test failures).
    var problems: [String] = []

    init(parsing source: String) {
        for (index, line) in splitLines(source).enumerated() {
            let lineNumber = index + 1
            if let text = GoldenExpectation.directive("# expect:", in: line) {
                output.append(GoldenExpectation.trimTrailing(text))
            } else if let rest = GoldenExpectation.directive("# error at ", in: line) {
                // `# error at LINE: MESSAGE`
                guard let colon = rest.firstIndex(of: ":"),
                      let target = Int(rest[..<colon].trimmingCharacters(in: .whitespaces)) else {
                    problems.append("line \(lineNumber): malformed `# error at LINE: MESSAGE`")
                    continue
                }
                setError(line: target, message: GoldenExpectation.dropOneSpace(rest[rest.index(after: colon)...]),
                         at: lineNumber)
            } else if let text = GoldenExpectation.directive("# error:", in: line) {
                setError(line: lineNumber, message: text, at: lineNumber)
            }
        }
    }

    private mutating func setError(line: Int, message: String, at lineNumber: Int) {
        let message = GoldenExpectation.trimTrailing(message)
        if error != nil {
            problems.append("line \(lineNumber): a second `# error` (a run stops at its first error)")
            return
        }
        if message.isEmpty { problems.append("line \(lineNumber): `# error` with an empty message") }
        error = (line, message)
    }

    /// The text after `marker` on the line (one leading space dropped), or nil.
    private static func directive(_ marker: String, in line: Substring) -> String? {
        guard let range = line.range(of: marker) else { return nil }
        return dropOneSpace(line[range.upperBound...])
    }

    private static func dropOneSpace(_ text: Substring) -> String {
        String(text.hasPrefix(" ") ? text.dropFirst() : text)
    }

    static func trimTrailing(_ text: some StringProtocol) -> String {
        var s = Substring(text)
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
        return String(s)
    }
}

// MARK: - Running a file

/// What one run of a golden file produced.
struct GoldenRun {
    var output: [String]
    var diagnostic: Diagnostic?
}

/// Collects what `print` writes, and the error that stopped the run.
/// Touched by one thread at a time (the runner, then the caller after joining it).
final class OutputBuffer {
    var text = ""
    var diagnostic: Diagnostic?
}

/// Runs `source` in a fresh, seeded session and splits what it printed into lines.
func runGolden(_ source: String, file: String) -> GoldenRun {
    let buffer = OutputBuffer()
    // Each file gets a fresh temporary folder as `args[0]`, for the files it writes.
    let folder = FileManager.default.temporaryDirectory
        .appendingPathComponent("anis-golden-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    do {
        let session = Session(arguments: [folder], seed: 0, output: { buffer.text += $0 })
        // Guards against a golden that never terminates; no golden needs this many steps.
        session.stepBudget = 50_000_000
        do throws(Diagnostic) {
            _ = try session.run(source, file: file)
        } catch {
            buffer.diagnostic = error
        }
    }
    var lines = splitLines(buffer.text).map { GoldenExpectation.trimTrailing($0) }
    if lines.last == "" { lines.removeLast() }   // the newline ending the last line
    return GoldenRun(output: lines, diagnostic: buffer.diagnostic)
}



// MARK: - Reporting

/// A line diff of expected against actual output (`-` expected only, `+` actual only),
/// from a longest common subsequence; lines are numbered as output lines.
func lineDiff(expected: [String], actual: [String]) -> String {
    let n = expected.count, m = actual.count
    // lcs[i][j]: length of the LCS of expected[i...] and actual[j...].
    var lcs = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
        for j in stride(from: m - 1, through: 0, by: -1) {
            lcs[i][j] = expected[i] == actual[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
        }
    }
    var out: [String] = []
    var i = 0, j = 0
    while i < n || j < m {
        if i < n, j < m, expected[i] == actual[j] {
            out.append("    \(expected[i])"); i += 1; j += 1
        } else if j < m, i == n || lcs[i][j + 1] >= lcs[i + 1][j] {
            out.append("  + \(actual[j])"); j += 1
        } else {
            out.append("  - \(expected[i])"); i += 1
        }
    }
    return out.isEmpty ? "    (no output)" : out.joined(separator: "\n")
}

/// Every way `run` disagrees with `expectation`, as readable messages (empty: pass).
func goldenFailures(file: String, expectation: GoldenExpectation, run: GoldenRun) -> [String] {
    var failures = expectation.problems.map { "\(file): bad expectation comment: \($0)" }

    if run.output != expectation.output {
        failures.append("""
            \(file): output differs (- expected, + actual):
            \(lineDiff(expected: expectation.output, actual: run.output))
            """)
    }
    switch (expectation.error, run.diagnostic) {
    case (nil, nil):
        break
    case (nil, let diagnostic?):
        failures.append("\(file): unexpected error at line \(diagnostic.line): \(diagnostic.message)")
    case (let expected?, nil):
        failures.append("\(file): expected an error at line \(expected.line) containing \"\(expected.message)\", "
                        + "but the run succeeded")
    case (let expected?, let diagnostic?):
        if !diagnostic.message.contains(expected.message) || diagnostic.line != expected.line {
            failures.append("""
                \(file): wrong error
                  expected: line \(expected.line), message containing "\(expected.message)"
                  actual:   line \(diagnostic.line), message "\(diagnostic.message)"
                """)
        }
    }
    return failures
}

/// All failures of one file as a single report, with the diagnostic rendered once (nil: pass).
func goldenReport(file: String, expectation: GoldenExpectation, run: GoldenRun) -> String? {
    let failures = goldenFailures(file: file, expectation: expectation, run: run)
    if failures.isEmpty { return nil }
    var report = failures.joined(separator: "\n")
    if var diagnostic = run.diagnostic {
        if diagnostic.trace.count > 8 {   // deep recursion: keep the report readable
            let omitted = diagnostic.trace.count - 6
            diagnostic.trace = diagnostic.trace.prefix(3) + ["... \(omitted) more frames ..."] + diagnostic.trace.suffix(3)
        }
        report += "\n  diagnostic, as rendered:\n" + indent(diagnostic.rendered(color: false))
    }
    return report
}

private func indent(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.isEmpty ? "" : "    \($0)" }.joined(separator: "\n")
}

// MARK: - Tests

@Suite("Golden files")
struct GoldenTests {
    @Test("golden", arguments: goldenFiles)
    func golden(_ file: String) throws {
        let url = goldenDirectory.appendingPathComponent(file)
        let source = try String(contentsOf: url, encoding: .utf8)
        let expectation = GoldenExpectation(parsing: source)
        let run = runGolden(source, file: file)
        if let report = goldenReport(file: "Golden/\(file)", expectation: expectation, run: run) {
            Issue.record(Comment(rawValue: report))
        }
    }

    @Test("the Golden folder is found and holds files")
    func goldenFolderIsFound() {
        #expect(!goldenFiles.isEmpty, "no .anis files under \(goldenDirectory.path)")
    }

    @Test("expectation comments are parsed")
    func parsesExpectations() {
        let source = """
            print(1)   # expect: 1
            # expect: two  \r
            x = y      # error: undefined variable 'y'
            """
        let e = GoldenExpectation(parsing: source)
        #expect(e.output == ["1", "two"])
        #expect(e.error?.line == 3)
        #expect(e.error?.message == "undefined variable 'y'")
        #expect(e.problems.isEmpty)

        let at = GoldenExpectation(parsing: "# error at 12: boom\n")
        #expect(at.error?.line == 12)
        #expect(at.error?.message == "boom")

        let twice = GoldenExpectation(parsing: "# error: a\n# error: b\n")
        #expect(twice.problems.count == 1)
        #expect(GoldenExpectation(parsing: "# error at x: a").problems.count == 1)
    }

    @Test("mismatches are reported with a diff")
    func reportsMismatches() {
        let expectation = GoldenExpectation(parsing: "# expect: 1\n# expect: 2\n# expect: 3\n")
        let failures = goldenFailures(file: "t.anis", expectation: expectation,
                                      run: GoldenRun(output: ["1", "3", "4"], diagnostic: nil))
        #expect(failures.count == 1)
        let diff = lineDiff(expected: ["1", "2", "3"], actual: ["1", "3", "4"])
        #expect(diff == "    1\n  - 2\n    3\n  + 4")

        let source = SourceText(name: "t.anis", text: "a\nprint(y)\n")
        let diagnostic = Diagnostic(kind: .runtime, message: "undefined variable 'y'", span: Span(8, 9), source: source)
        let ok = GoldenExpectation(parsing: "a\nprint(y) # error: undefined variable 'y'\n")
        #expect(goldenFailures(file: "t", expectation: ok, run: GoldenRun(output: [], diagnostic: diagnostic)).isEmpty)
        let wrongLine = GoldenExpectation(parsing: "# error: undefined variable 'y'\n")
        #expect(goldenFailures(file: "t", expectation: wrongLine,
                               run: GoldenRun(output: [], diagnostic: diagnostic)).count == 1)
        #expect(goldenFailures(file: "t", expectation: GoldenExpectation(parsing: ""),
                               run: GoldenRun(output: [], diagnostic: diagnostic)).count == 1)
    }
}

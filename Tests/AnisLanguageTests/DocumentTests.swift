// DocumentTests: the reprex/check engine (DocumentSession, MarkdownDocument,
// OutputMatch, DocumentCheck, Reprex), and the dogfood: README.md's tour,
// grammar.md's examples and every help page's example are run by it, so the
// documentation cannot drift from what anis prints.
import Foundation
import Testing
@testable import AnisLanguage

@Suite struct DocumentTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func checkFile(_ name: String) throws {
        let text = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
        let result = DocumentCheck(text, name: name)
        if !result.passed {
            Issue.record("\(name) does not print what it shows (fix it, or run `anis check --update \(name)`):\n\(result.report)")
        }
    }

    // MARK: dogfood

    @Test func readmeTourPrintsWhatItShows() throws { try Self.checkFile("README.md") }

    /// A reprex made on one machine passes `anis check` on another (kernels, threads).
    @Test func seed000ReprexChecks() throws { try Self.checkFile("scripts/reprex/seed000.md") }

    /// grammar.md's examples and every built-in's example write files (`save(p, "figs/...")`),
    /// so they run in a temporary folder; one test does both, since the folder is per process.
    @Test func grammarAndHelpExamplesRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("anis-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let previous = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(dir.path)
        defer { FileManager.default.changeCurrentDirectoryPath(previous) }
        // grammar.md prints what it shows.
        try Self.checkFile("grammar.md")
        // Every built-in's example runs in a fresh session without an error.
        for b in Builtins.registry.all where !Self.examplesNotRun.contains(b.name) {
            let session = DocumentSession()
            let lines = b.example.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let printed = session.run(lines).joined().compactMap { item -> String? in
                if case .line(let s) = item { return s }
                return nil
            }
            let errors = printed.filter { $0.hasPrefix(DocumentSession.sourceName) && $0.contains(": error: ") }
            #expect(errors.isEmpty, "help \(b.name): its example fails:\n\(b.example)\n\(printed.joined(separator: "\n"))")
        }
    }

    /// Examples that are not run: they read files that only exist in this repository's
    /// scripts folder, or train for longer than a unit test should.
    static let examplesNotRun: Set<String> = ["include", "read_text", "train_autoencoder"]

    // MARK: the engine

    static let snippet = """
    x = [1, 2]
    x * 2
    print("hi"); y = 3
    for i in 0:2 { print(i) }
    undefined_name + 1
    x[0] + y
    """

    @Test func outputGoesBelowItsLine() {
        let outputs = DocumentSession().run(Self.snippet.split(separator: "\n").map(String.init))
        func text(_ i: Int) -> [String] { outputs[i].compactMap { if case .line(let s) = $0 { s } else { nil } } }
        #expect(text(0) == [])
        #expect(text(1) == ["[2, 4]"])
        #expect(text(2) == ["hi"])
        #expect(text(3) == ["0", "1"])
        #expect(text(4) == ["<reprex>:5:1: error: undefined variable 'undefined_name'",
                            " 5 | undefined_name + 1", "   | ^~~~~~~~~~~~~~"])
        #expect(text(5) == ["4"])   // the session goes on after an error
    }

    @Test func errorInsideAReprexIsShownInPlaceAndChecks() {
        let markdown = Reprex(code: Self.snippet).markdown { _, _ throws(RuntimeError) in "unused.png" }
        #expect(markdown.hasPrefix("""
        ```anis
        x = [1, 2]
        x * 2
        #> [2, 4]
        print("hi"); y = 3
        #> hi
        for i in 0:2 { print(i) }
        #> 0
        #> 1
        undefined_name + 1
        #> <reprex>:5:1: error: undefined variable 'undefined_name'
        #>  5 | undefined_name + 1
        #>    | ^~~~~~~~~~~~~~
        x[0] + y
        #> 4
        ```
        """))
        #expect(markdown.contains("<summary>Session info</summary>"))
        #expect(markdown.split(separator: "\n").contains { $0.hasPrefix("random_stream:") && $0.contains(" v1 (PCG64") })
        let check = DocumentCheck(markdown, name: "snippet.md")
        #expect(check.passed, "\(check.report)")
    }

    @Test func syntaxErrorRunsWhatComesBefore() {
        let outputs = DocumentSession().run(["a = 2", "a + 1", "b = (1 +", "a"])
        let text = outputs.map { $0.compactMap { if case .line(let s) = $0 { s } else { nil } } }
        #expect(text[1] == ["3"])
        // The error is shown below the line it points at (the unclosed bracket); the rest is skipped.
        #expect(text[2].first?.hasPrefix("<reprex>:3:5: error: '(' is never closed") == true)
        #expect(text[3] == [])
    }

    @Test func plotsBecomePictures() throws {
        let reprex = Reprex(code: "x = linspace(0, 1, 5)\nplot(x, x ^ 2)\nx[1]")
        var links: [Int] = []
        let markdown = reprex.markdown { _, k throws(RuntimeError) in links.append(k); return "p-\(k).png" }
        #expect(links == [1])
        #expect(markdown.contains("```\n\n![plot 1](p-1.png)\n\n```anis\nx[1]\n#> 0.25\n```"))
        let html = reprex.html(title: "t", png: { _ throws(RuntimeError) in [0x89, 0x50, 0x4e, 0x47] })
        #expect(html.contains("src=\"data:image/png;base64,iVBORw==\""))
        #expect(html.contains("<span class=\"out\">#&gt; 0.25</span>"))
    }

    static let document = """
    # Title

    Some prose.

    ```anis
    a = 1.5
    a * 2
    #> 3.1
    print("same")
    #> same
    ```

    ```python
    not anis
    ```

    ```anis
    [a, 1e-12]
    #> [1.5, 1e-12]
    ```

    """

    @Test func mismatchPrintsAUnifiedDiffWithFileAndLine() {
        let result = DocumentCheck(Self.document, name: "doc.md")
        #expect(!result.passed)
        #expect(result.mismatches.map(\.line) == [7])
        #expect(result.report == """
        doc.md:7: output differs
        --- doc.md
        +++ doc.md (as run)
        @@ -5,7 +5,7 @@
         ```anis
         a = 1.5
         a * 2
        -#> 3.1
        +#> 3
         print("same")
         #> same
         ```

        """)
    }

    @Test func updateRewritesOnlyTheMismatches() {
        let result = DocumentCheck(Self.document, name: "doc.md")
        #expect(result.updated == Self.document.replacingOccurrences(of: "#> 3.1\n", with: "#> 3\n"))
        #expect(DocumentCheck(result.updated, name: "doc.md").passed)
        // Output for a line that has none yet is inserted below it.
        let bare = DocumentCheck("```anis\n1 + 1\nx = 2\n```\n", name: "d.md")
        #expect(bare.updated == "```anis\n1 + 1\n#> 2\nx = 2\n```\n")
        #expect(bare.report.contains("+#> 2"))
    }

    @Test func numbersMatchWithinTheRelativeTolerance() {
        let match = OutputMatch()
        #expect(match.matches(line: "5.279237222463587", "5.279237222463588"))
        #expect(!match.matches(line: "5.2792372", "5.2792373"))
        #expect(OutputMatch(relativeTolerance: 1e-6).matches(line: "5.2792372", "5.2792373"))
        // Spacing next to numbers shifts with their width; words and punctuation may not change.
        #expect(match.matches(line: "[ 1.0000000001, -2.0]", "[1.0000000001, -2.0]"))
        #expect(!match.matches(line: "loss 1.0", "lost 1.0"))
        #expect(!match.matches(line: "[1, 2]", "[1, 2, 3]"))
        // A digit inside a word is text, not a number.
        #expect(!match.matches(line: "stream v1", "stream v2"))
        #expect(match.matches(line: "nan inf", "nan inf"))
        #expect(!match.matches(line: "0", "1e-300"))
    }

    @Test func fencesAndDirectives() {
        let doc = MarkdownDocument("""
        - a list item:
          ```anis
          1 + 1
          #> 2
          ```
        ```anis skip
        svd(A)
        ```
        <!-- anis check: off -->
        ```anis
        nope(
        ```
        <!-- anis check: on -->
        ~~~~anis
        3
        ~~~~
        """)
        #expect(doc.blocks.count == 2)
        #expect(doc.blocks[0].lines.map(\.text) == ["1 + 1"])
        #expect(doc.blocks[0].lines[0].expected == ["2"])
        #expect(doc.blocks[1].lines.map(\.text) == ["3"])
    }

    @Test func generatorStateRoundTrips() throws {
        let session = Session()
        var out = ""
        let s2 = Session(output: { out += $0 })
        _ = session
        _ = try s2.run("""
        seed(7); print(seed())
        s = rng_state(); a = randn(3); r = rand(2)
        rng_state(s); b = randn(3)
        print(all(a == b), all(rand(2) == r))
        seed(1, stream: "v1"); print(seed())
        """, file: "t")
        #expect(out == "7\ntrue true\n1\n")
        #expect(throws: Diagnostic.self) { try s2.run("rng_state(\"v1:zz\")", file: "t") }
        #expect(throws: Diagnostic.self) { try s2.run("seed(1, stream: \"v0\")", file: "t") }
    }

    @Test func sessionInfoNamesWhatDecidesTheNumbers() throws {
        let value = try Session(seed: 3).run("session_info()", file: "t")
        guard case .record(let r)? = value else { Issue.record("session_info() is not a record"); return }
        for key in ["anis", "commit", "random_stream", "seed", "blas", "blas_core", "blas_threads", "loop_threads", "lapack", "os", "cpu"] {
            #expect(r[key] != nil, "session_info() lacks \(key)")
        }
        if case .number(let seed)? = r["seed"] { #expect(seed == 3) } else { Issue.record("seed is not a number") }
    }
}

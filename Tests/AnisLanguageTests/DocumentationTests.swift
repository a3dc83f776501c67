// DocumentationTests: keeps the documentation true to the code. Every built-in has
// a doc paragraph and an example; grammar.md's library section is exactly what
// `Session.libraryReference()` generates from the registry; every keyword has help.
import Foundation
import Testing
@testable import AnisLanguage

@Suite struct DocumentationTests {
    /// grammar.md at the repository root, found from this file's path (Tests/AnisLanguageTests/).
    static let grammarURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("grammar.md")

    static let begin = "<!-- library:begin -->\n"
    static let end = "<!-- library:end -->"

    @Test func everyBuiltinHasDocAndExample() {
        for b in Builtins.registry.all {
            #expect(!b.doc.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                    "built-in '\(b.name)' has no doc paragraph")
            #expect(!b.example.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
                    "built-in '\(b.name)' has no example")
        }
    }

    @Test func builtinNamesAreUnique() {
        let names = Builtins.registry.all.map(\.name)
        let duplicates = Dictionary(grouping: names, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        #expect(duplicates.isEmpty, "built-ins registered more than once: \(duplicates.joined(separator: ", "))")
    }

    @Test func libraryReferenceCoversEveryBuiltin() {
        let reference = Session.libraryReference()
        for b in Builtins.registry.all {
            #expect(reference.contains("#### `\(b.signature)`\n"), "library reference lacks '\(b.name)'")
        }
    }

    @Test func grammarLibrarySectionIsUpToDate() throws {
        let text = try String(contentsOf: Self.grammarURL, encoding: .utf8)
        let hint = "run scripts/update_grammar.sh to regenerate grammar.md's library section"
        guard let b = text.range(of: Self.begin), let e = text.range(of: Self.end, range: b.upperBound..<text.endIndex) else {
            Issue.record("grammar.md lacks the '<!-- library:begin -->' / '<!-- library:end -->' lines; \(hint)")
            return
        }
        let section = String(text[b.upperBound..<e.lowerBound])
        let expected = Session.libraryReference()
        if section != expected {
            let have = section.split(separator: "\n", omittingEmptySubsequences: false)
            let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(have.count, want.count)).first { have[$0] != want[$0] } ?? min(have.count, want.count)
            let got = first < have.count ? String(have[first]) : "(end of section)"
            let wanted = first < want.count ? String(want[first]) : "(end of reference)"
            Issue.record("""
                grammar.md's library section is out of date; \(hint).
                first difference at line \(first + 1) of the section:
                  grammar.md: \(got)
                  generated:  \(wanted)
                """)
        }
    }

    @Test func everyKeywordHasHelp() {
        let session = Session()
        for keyword in Session.keywords {
            let text = session.help(keyword) ?? ""
            #expect(!text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "keyword '\(keyword)' has no help")
        }
    }
}

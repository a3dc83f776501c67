// SyntaxHelpTests: the REPL's `help` covers syntax that has no built-in of its own
// (list comprehensions under `help for`, format specs under `help interpolation`).
import Testing
@testable import AnisLanguage

@Suite struct SyntaxHelpTests {
    @Test func comprehensionsAndFormatSpecsHaveHelp() {
        let session = Session()
        #expect(session.help("for")?.contains("list comprehension") == true)
        let page = session.help("interpolation") ?? ""
        #expect(page.contains("{pi:.3f}") && page.contains("[[fill]align]"))
        #expect(session.help("comprehensions")?.contains("[x ^ 2 for x in 0:5]") == true)
    }
}

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
    }
}

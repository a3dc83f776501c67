// HelpTests: help requests as REPL entries — complete on one line, pages for the user's
// own functions (a comment typed as the entry before documents the function), the user's
// binding before a built-in of the same name, and pages wrapped to the width.
import Testing
@testable import AnisLanguage

@Suite struct HelpTests {
    @Test func helpEntriesAreComplete() {
        let session = Session()
        for entry in ["?svdval", "help +", "help(for)", "?", "help svd   # a comment"] {
            #expect(session.isComplete(entry), "'\(entry)' should not wait for more lines")
        }
        #expect(HelpRequest.parse("help = 3") == nil)
        #expect(HelpRequest.parse("help(acts[0])") == nil)   // an expression: the help built-in runs it
        #expect(HelpRequest.parse("  help svd  # a comment\n\n") == .topic("svd", Span(7, 10)))
        // More than one line is code (a script, piped input), not one help request.
        #expect(HelpRequest.parse("help attention\nprint(1 + 1)\n") == nil)
    }

    @Test func commentEntryDocumentsTheNextFunction() throws {
        var out = ""
        let session = Session { out += $0 }
        _ = try session.run("# Scales negative inputs by p.", file: "<repl:1>")
        _ = try session.run("fn lrelu(x, p: 0.1) = where(x > 0, x, p * x)", file: "<repl:2>")
        let page = try session.helpPage("lrelu")
        #expect(page == "fn lrelu(x, p: 0.1)\n  defined at <repl:2>:1:1\n  Scales negative inputs by p.\n")
    }

    @Test func userBindingComesFirst() throws {
        let session = Session()
        _ = try session.run("fn leaky(x) = x", file: "<repl:1>")
        #expect(try session.helpPage("leaky").hasPrefix("fn leaky(x)"))
        #expect(try session.helpPage("relu").hasPrefix("relu(x)"))
    }

    @Test func pagesWrapToTheWidth() throws {
        let session = Session()
        for width in [40, 60, 100] {
            session.lineWidth = width
            for topic in ["train_autoencoder", "for", "indexing", "@"] {
                let page = try session.helpPage(topic)
                for line in page.split(separator: "\n") where !line.hasPrefix("    ") {
                    #expect(line.count <= width || !line.contains(" "), "\(topic) at \(width): '\(line)'")
                }
            }
        }
    }
}

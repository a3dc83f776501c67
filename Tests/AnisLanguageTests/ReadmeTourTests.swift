// ReadmeTourTests: the README's "A short tour" runs verbatim. Each `anis> ` line is
// one REPL entry, run in one session; the lines under it are what the REPL shows
// (its value, or what it prints). An entry with nothing under it must show nothing,
// except a plot (drawn in the terminal) and a help page, which the README leaves out.
import Foundation
import Testing
@testable import AnisLanguage

@Suite struct ReadmeTourTests {
    static let readmeURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("README.md")

    /// The tour's entries with the lines shown under each.
    static func entries() throws -> [(input: String, shown: [String])] {
        let text = try String(contentsOf: readmeURL, encoding: .utf8)
        guard let heading = text.range(of: "## A short tour"),
              let open = text.range(of: "```\n", range: heading.upperBound..<text.endIndex),
              let close = text.range(of: "\n```", range: open.upperBound..<text.endIndex) else { return [] }
        var entries: [(input: String, shown: [String])] = []
        for line in text[open.upperBound..<close.lowerBound].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("anis> ") {
                entries.append((String(line.dropFirst(6)), []))
            } else if !entries.isEmpty {
                entries[entries.count - 1].shown.append(String(line))
            }
        }
        return entries
    }

    @Test func tourRunsVerbatim() throws {
        let entries = try Self.entries()
        #expect(entries.count > 10, "README.md has no tour under '## A short tour'")
        var printed = ""
        let session = Session(seed: 0) { printed += $0 }
        for (input, shown) in entries {
            printed = ""
            let value: Value?
            do { value = try session.run(input, file: "<readme>") } catch {
                Issue.record("README tour: `\(input)` fails: \(error)")
                continue
            }
            if let value, !(value.typeName == "none") { printed += session.render(value) + "\n" }
            let lines = printed.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
            let isPlotOrHelp = value?.typeName == "plot" || input.hasPrefix("help ")
            if shown.isEmpty && isPlotOrHelp { continue }
            #expect(lines == shown, "README tour: `\(input)` shows\n\(lines.joined(separator: "\n"))\nbut the README says\n\(shown.joined(separator: "\n"))")
        }
    }
}

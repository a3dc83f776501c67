// TerminalRendererTests: golden snapshots of terminal plots at the fixed size
// without colour (Snapshots/NAME.txt), and colour output checks. To re-record
// after an intended change: ANIS_RECORD_SNAPSHOTS=1 swift test --filter AnisPlotTests,
// then review the diff of Tests/AnisPlotTests/Snapshots/.
import Foundation
import Testing
@testable import AnisPlot

let snapshotDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots", isDirectory: true)

/// Compares `text` with the snapshot `name`, recording it when asked or when missing.
func assertSnapshot(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = snapshotDirectory.appendingPathComponent(name + ".txt")
    let record = ProcessInfo.processInfo.environment["ANIS_RECORD_SNAPSHOTS"] == "1"
    if record || !FileManager.default.fileExists(atPath: url.path) {
        try FileManager.default.createDirectory(at: snapshotDirectory, withIntermediateDirectories: true)
        try (text + "\n").write(to: url, atomically: true, encoding: .utf8)
        if !record { Issue.record("recorded a new snapshot \(name).txt; check it and run again", sourceLocation: sourceLocation) }
        return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(text + "\n" == expected, "terminal output differs from Snapshots/\(name).txt", sourceLocation: sourceLocation)
}

@Suite struct TerminalRendererTests {
    static let cases: [(String, Figure)] = [
        ("sweep_logy", Figure(Fixtures.leakySweep)), ("heatmap_gram", Figure(Fixtures.heatmap)),
        ("histogram", Figure(Fixtures.histogram)), ("bars", Figure(Fixtures.bars)),
        ("scatter", Figure(Fixtures.scatter)), ("lines", Figure(Fixtures.lines)), ("grid_2x3", Fixtures.grid),
    ]

    @Test(arguments: 0..<cases.count) func snapshot(_ i: Int) throws {
        let (name, figure) = Self.cases[i]
        try figure.validate()
        try assertSnapshot(TerminalRenderer.fixed(for: figure).render(figure), name)
    }

    @Test func fixedSizeIsDocumented() {
        let text = TerminalRenderer.fixed(for: Figure(Fixtures.lines)).render(Figure(Fixtures.lines))
        let frame = text.split(separator: "\n").filter { $0.contains("│") }
        #expect(frame.count == 15)
        let top = text.split(separator: "\n").first { $0.contains("┌") } ?? ""
        #expect(top.filter { $0 == "─" }.count == 60)
    }

    @Test func plainTextHasNoEscapes() {
        for (_, f) in Self.cases { #expect(!TerminalRenderer.fixed(for: f).render(f).contains("\u{1B}")) }
    }

    @Test func colourKeepsTheLayout() throws {
        for mode in [ColorMode.ansi256, .trueColor] {
            for (_, f) in Self.cases {
                let plain = TerminalRenderer.fixed(for: f).render(f)
                let colored = TerminalRenderer.fixed(for: f, color: mode).render(f)
                #expect(colored.contains("\u{1B}["))
                let stripped = colored.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
                // Heatmap cells become coloured blanks instead of shading characters; the rest matches.
                #expect(stripped.split(separator: "\n").count == plain.split(separator: "\n").count)
            }
        }
        let heat = TerminalRenderer.fixed(for: Figure(Fixtures.heatmap), color: .trueColor).render(Figure(Fixtures.heatmap))
        #expect(heat.contains("\u{1B}[48;2;"))  // cells are background colours
    }

    @Test func fitsTheTerminal() {
        let r = TerminalRenderer.fitting(columns: 120, lines: 40, figure: Fixtures.grid, color: .none)
        let text = r.render(Fixtures.grid)
        let widest = text.split(separator: "\n").map(\.count).max() ?? 0
        #expect(widest <= 120)
        #expect(text.split(separator: "\n").count <= 40)
    }

    @Test func ansi256PicksNearColours() {
        #expect(TextBlock.ansi256(0, 0, 0) == 16)
        #expect(TextBlock.ansi256(255, 255, 255) == 231)
        #expect(TextBlock.ansi256(128, 128, 128) == 244)
    }
}

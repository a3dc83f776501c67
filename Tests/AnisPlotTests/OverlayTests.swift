// OverlayTests: styles, overlays and decorations — terminal snapshots at the fixed
// size (Snapshots/overlay_*.txt; re-record with ANIS_RECORD_SNAPSHOTS=1), and PNG,
// SVG and PDF files of the same figures: right size, not blank, drawn in the
// requested colours, the legend where it was asked to go.
import CCairo
import Foundation
import Testing
@testable import AnisPlot

enum OverlayFixtures {
    static let t: [Double] = (0..<40).map { Double($0) / 39 }
    static let mean = t.map { $0 * $0 }
    static let spread = t.map { 0.05 + 0.1 * $0 }

    /// A mean with its ±spread band, a dashed reference line, a vertical marker line and a note.
    static var band: Panel {
        var p = Panel(series: [
            Series(.band(x: t, lower: zip(mean, spread).map(-), upper: zip(mean, spread).map(+)), label: "±1 std",
                   style: SeriesStyle(color: RGB.parse("red"))),
            Series(.line(x: t, y: mean), label: "mean", style: SeriesStyle(color: RGB.parse("red"))),
            Series(.hline(0.5)), Series(.vline(0.25), style: SeriesStyle(line: .solid)),
            Series(.text(x: 0.05, y: 0.8, "warm-up")),
        ], title: "mean ± spread", xlabel: "step")
        p.legend = .upperLeft
        return p
    }

    /// Two styled lines (dashed with square markers, dotted) and error bars.
    static var styled: Panel {
        let k = (1...8).map(Double.init)
        return Panel(series: [
            Series(.line(x: k, y: k.map { 1 / $0 }), label: "1/k", style: SeriesStyle(line: .dashed, marker: .square)),
            Series(.line(x: k, y: k.map { 1 / ($0 * $0) }), label: "1/k²", style: SeriesStyle(line: .dotted)),
            Series(.errorbar(x: k, y: k.map { 0.5 / $0 }, lower: k.map { 0.4 / $0 }, upper: k.map { 0.6 / $0 }), label: "data"),
        ], title: "styles")
    }

    /// Discrete phases over a 4×5 sweep with labelled ticks.
    static var phases: Panel {
        var p = Panel(series: [Series(.heatmap(Matrix(rows: 4, cols: 5, values: (0..<20).map { Double(($0 / 5 + $0 % 5) / 3 % 3) })))],
                      title: "phases", xlabel: "S", ylabel: "n")
        p.colormap = .categorical
        p.categories = ["ordered", "mixed", "dense"]
        p.xtickLabels = ["0.1", "0.3", "0.5", "0.7", "0.99"]
        p.ytickLabels = ["2", "4", "8", "16"]
        return p
    }

    static let all: [(String, Panel)] = [("overlay_band", band), ("overlay_styled", styled), ("overlay_phases", phases)]
}

@Suite struct OverlayTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "anis-overlay-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    @Test(arguments: 0..<OverlayFixtures.all.count) func terminalSnapshot(_ i: Int) throws {
        let (name, panel) = OverlayFixtures.all[i]
        let figure = Figure(panel)
        try figure.validate()
        try assertSnapshot(TerminalRenderer.fixed(for: figure).render(figure), name)
    }

    @Test(arguments: 0..<OverlayFixtures.all.count) func filesAreSizedAndDrawn(_ i: Int) throws {
        let (name, panel) = OverlayFixtures.all[i]
        let figure = Figure(panel)
        try FileWriter.write(figure, to: "\(dir)/\(name).png", width: 7, height: 4.5)
        let (size, inked, _) = pixels("\(dir)/\(name).png", 0)
        #expect(size == (700, 450))
        #expect(inked > 700 * 450 / 30, "\(name).png looks blank")
        for ext in ["svg", "pdf"] {
            try FileWriter.write(figure, to: "\(dir)/\(name).\(ext)")
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name).\(ext)"))
            #expect(data.count > 3_000)
        }
    }

    @Test func requestedColoursAreDrawn() throws {
        try FileWriter.write(Figure(OverlayFixtures.band), to: "\(dir)/band.png")
        #expect(pixels("\(dir)/band.png", 0xd62728).exact > 50, "the red mean line is missing")
        try FileWriter.write(Figure(OverlayFixtures.phases), to: "\(dir)/phases.png")
        for rgb: UInt32 in [0x1f77b4, 0xff7f0e, 0x2ca02c] {
            #expect(pixels("\(dir)/phases.png", rgb).exact > 500, "category colour \(String(rgb, radix: 16)) is missing")
        }
    }

    @Test func legendGoesWhereAsked() throws {
        var upper = OverlayFixtures.styled, lower = OverlayFixtures.styled
        upper.legend = .upperRight; lower.legend = .lowerRight
        try FileWriter.write(Figure(upper), to: "\(dir)/upper.png")
        try FileWriter.write(Figure(lower), to: "\(dir)/lower.png")
        // The top right of the axes is empty of data: only a legend puts ink (text, samples) there.
        let topRight = (0.6, 0.1, 0.97, 0.4)
        let a = pixels("\(dir)/upper.png", 0, region: topRight).inked, b = pixels("\(dir)/lower.png", 0, region: topRight).inked
        #expect(a > b + 500, "legend ink in the top right: upper right \(a), lower right \(b)")
    }

    @Test func overlayMergesSeriesAndOptions() throws {
        let a = Figure(Panel(series: [Series(.line(x: [0, 1], y: [0, 1]))], title: "a"))
        var bPanel = Panel(series: [Series(.scatter(x: [0, 1], y: [1, 0])), Series(.hline(0.5))], xlabel: "x")
        bPanel.logy = false
        let merged = try Figure.overlay([a, Figure(bPanel)])
        #expect(merged.panels.count == 1 && merged.panels[0].series.count == 3)
        #expect(merged.panels[0].title == "a" && merged.panels[0].xlabel == "x")
        #expect(throws: PlotError.self) { try Figure.overlay([a, Figure(panels: [bPanel, bPanel], columns: 2)]) }
    }

    @Test func badOverlaysAreErrors() {
        var p = Panel(series: [Series(.heatmap(Matrix(rows: 1, cols: 2, values: [0, 5])))])
        p.colormap = .categorical
        p.categories = ["a", "b"]
        #expect(throws: PlotError.self) { try p.validate() }  // value 5 has no name
        p.xtickLabels = ["only one"]
        #expect(throws: PlotError.self) { try p.validate() }
        let mixed = Panel(series: [Series(.heatmap(Matrix(rows: 1, cols: 1, values: [1]))), Series(.line(x: [0], y: [0]))])
        #expect(throws: PlotError.self) { try mixed.validate() }
        let band = Panel(series: [Series(.band(x: [0, 1], lower: [0], upper: [1, 2]))])
        #expect(throws: PlotError.self) { try band.validate() }
    }
}

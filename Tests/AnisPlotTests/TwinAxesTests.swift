// TwinAxesTests: a second y axis on the right (twinx) and equal aspect — the model
// (each y axis spans only its own series; equal units on x and y), terminal snapshots
// at the fixed size (Snapshots/twin_*.txt, equal_*.txt; re-record with
// ANIS_RECORD_SNAPSHOTS=1), PNG/SVG/PDF files of the right size that are not blank,
// the right axis's labels drawn on the right, and a circle drawn round.
import Foundation
import Testing
@testable import AnisPlot

enum TwinFixtures {
    static let t: [Double] = (1...60).map(Double.init)

    /// A loss falling over three decades (left, log) and an accuracy rising to 1 (right, linear).
    static var lossAndAccuracy: Figure {
        var loss = Panel(series: [Series(.line(x: t, y: t.map { 2 * exp(-$0 / 10) + 0.002 }), label: "loss (left)")],
                         title: "twin axes", xlabel: "step", ylabel: "loss")
        loss.logy = true
        var acc = Panel(series: [Series(.line(x: t, y: t.map { 1 - exp(-$0 / 15) }), label: "accuracy (right)",
                                        style: SeriesStyle(color: RGB.parse("red"), line: .dashed)),
                                 Series(.hline(0.9))], ylabel: "accuracy")
        acc.ylim = Limits(0, 1)
        return (try? Figure.twinx(Figure(loss), Figure(acc))) ?? Figure(loss)
    }

    /// A circle of radius 1 centred at (3, 0), drawn in red on equal axes.
    static var circle: Figure {
        let th = (0...200).map { Double($0) / 200 * 2 * Double.pi }
        var p = Panel(series: [Series(.line(x: th.map { 3 + cos($0) }, y: th.map { sin($0) }), style: SeriesStyle(color: RGB.parse("red")))],
                      title: "equal")
        p.aspect = .equal
        return Figure(p)
    }

    static let all: [(String, Figure)] = [("twin_loss_accuracy", lossAndAccuracy), ("equal_circle", circle)]
}

@Suite struct TwinAxesTests {
    let dir: String = {
        let d = NSTemporaryDirectory() + "anis-twin-tests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        return d
    }()

    @Test func eachYAxisSpansItsOwnSeries() throws {
        let f = TwinFixtures.lossAndAccuracy
        try f.validate()
        let p = f.panels[0]
        #expect(p.series.map(\.yAxis) == [.left, .right, .right])
        let (x, y) = p.axes()
        let y2 = try #require(p.twinAxis())
        #expect(y.log && !y2.log)
        #expect(y.lo < 0.01 && y.hi > 1.5 && y.hi < 3)      // the loss only, not the accuracy's 0
        #expect(y2.lo == 0 && y2.hi == 1)                     // the right plot's ylim
        #expect(x.lo < 1 && x.hi > 60)
        #expect(p.ylabel == "loss" && p.twin?.ylabel == "accuracy" && p.title == "twin axes")
    }

    @Test func badTwinsAreErrors() throws {
        let line = Figure(Panel(series: [Series(.line(x: [0, 1], y: [1, 2]))]))
        let heat = Figure(Panel(series: [Series(.heatmap(Matrix(rows: 1, cols: 2, values: [0, 1])))]))
        #expect(throws: PlotError.self) { try Figure.twinx(TwinFixtures.lossAndAccuracy, line) }
        #expect(throws: PlotError.self) { try Figure.twinx(line, heat) }
        #expect(throws: PlotError.self) { try Figure.twinx(line, Figure(panels: [line.panels[0], line.panels[0]], columns: 2)) }
        var orphan = line.panels[0]
        orphan.series[0].yAxis = .right
        #expect(throws: PlotError.self) { try orphan.validate() }
        var logEqual = line.panels[0]
        logEqual.aspect = .equal; logEqual.logy = true
        #expect(throws: PlotError.self) { try logEqual.validate() }
        var twinLog = TwinFixtures.lossAndAccuracy.panels[0]
        twinLog.twin?.logy = true                              // the accuracy starts at 0.06, the ylim at 0
        #expect(throws: PlotError.self) { try twinLog.validate() }
    }

    @Test func equalAspectGivesEqualUnits() {
        let p = TwinFixtures.circle.panels[0]
        for (w, h) in [(400.0, 300.0), (200.0, 500.0)] {
            let (x, y) = p.axes(width: w, height: h)
            #expect(abs((x.hi - x.lo) / w - (y.hi - y.lo) / h) < 1e-12)
            #expect(x.lo <= 1.9 && x.hi >= 4.1 && y.lo <= -1.1 && y.hi >= 1.1)   // the data stays in view
        }
    }

    @Test(arguments: 0..<TwinFixtures.all.count) func terminalSnapshot(_ i: Int) throws {
        let (name, figure) = TwinFixtures.all[i]
        try figure.validate()
        try assertSnapshot(TerminalRenderer.fixed(for: figure).render(figure), name)
    }

    @Test(arguments: 0..<TwinFixtures.all.count) func filesAreSizedAndDrawn(_ i: Int) throws {
        let (name, figure) = TwinFixtures.all[i]
        try FileWriter.write(figure, to: "\(dir)/\(name).png", width: 7, height: 4.5)
        let (size, inked, _) = pixels("\(dir)/\(name).png", 0)
        #expect(size == (700, 450))
        #expect(inked > 700 * 450 / 100, "\(name).png looks blank")
        for ext in ["svg", "pdf"] {
            try FileWriter.write(figure, to: "\(dir)/\(name).\(ext)")
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(name).\(ext)"))
            #expect(data.count > 3_000)
        }
    }

    @Test func rightAxisIsDrawnOnTheRight() throws {
        // The same panel without its twin has nothing right of its right spine but the margin.
        var single = TwinFixtures.lossAndAccuracy.panels[0]
        single.series = single.series.filter { $0.yAxis == .left }
        single.twin = nil
        try FileWriter.write(TwinFixtures.lossAndAccuracy, to: "\(dir)/twin.png")
        try FileWriter.write(Figure(single), to: "\(dir)/single.png")
        func inkRightOfSpine(_ path: String) throws -> Int {
            let spine = try #require(rightSpine(path))
            let from = Double(spine.x + 2) / Double(spine.width)
            return pixels(path, 0, region: (from, 0.05, 1, 0.95)).inked
        }
        let twin = try inkRightOfSpine("\(dir)/twin.png"), plain = try inkRightOfSpine("\(dir)/single.png")
        #expect(twin > 400 && plain < 50, "ink right of the axes: twin \(twin), single \(plain)")
        #expect(pixels("\(dir)/twin.png", 0xd62728).exact > 50, "the red right-axis series is missing")
    }

    @Test func circleIsRoundOnEqualAxes() throws {
        for (w, h) in [(7.0, 4.5), (4.0, 6.0)] {
            try FileWriter.write(TwinFixtures.circle, to: "\(dir)/circle.png", width: w, height: h)
            let box = try #require(inkBox("\(dir)/circle.png", 0xd62728))
            let bw = Double(box.2 - box.0), bh = Double(box.3 - box.1)
            #expect(abs(bw / bh - 1) < 0.03, "circle's box \(bw) × \(bh) px at \(w) × \(h) in")
        }
    }
}

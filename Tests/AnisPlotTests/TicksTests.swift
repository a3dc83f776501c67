// TicksTests: nice tick positions (1-2-5 steps, log decades, the fallback for
// short log ranges) and their labels, plus axis ranges derived from panels.
import Testing
@testable import AnisPlot

@Suite struct TicksTests {
    @Test func linearStepsAreOneTwoFive() {
        #expect(Ticks.linear(0, 1, maxCount: 6) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(Ticks.linear(-3.3, 3.28, maxCount: 5) == [-2, 0, 2])
        #expect(Ticks.linear(0, 305, maxCount: 6) == [0, 100, 200, 300])
        #expect(Ticks.linear(0.1, 0.35, maxCount: 6) == [0.1, 0.15, 0.2, 0.25, 0.3, 0.35])
        #expect(Ticks.niceStep(0.13) == 0.2)
        #expect(Ticks.niceStep(3) == 5)
        #expect(Ticks.niceStep(7) == 10)
    }

    @Test func degenerateRangesDoNotTrap() {
        #expect(Ticks.linear(1, 1, maxCount: 5) == [1])
        #expect(Ticks.linear(.nan, 1, maxCount: 5).isEmpty)
        #expect(Ticks.linear(-1e308, 1e308, maxCount: 5).count <= 5)
        #expect(Ticks.log(-1, 10, maxCount: 5).isEmpty)
        #expect(Ticks.labels([], log: false).isEmpty)
        #expect(Ticks.labels([0], log: false) == ["0"])
    }

    @Test func logTicksAreDecades() {
        #expect(Ticks.log(1e-3, 1, maxCount: 6) == [1e-3, 1e-2, 1e-1, 1])
        #expect(Ticks.log(1e-10, 1e10, maxCount: 6) == [1e-8, 1e-4, 1, 1e4, 1e8])
        #expect(Ticks.log(0.9, 1.1e3, maxCount: 6) == [1, 10, 100, 1000])
        // Less than two decades: nice linear ticks.
        #expect(Ticks.log(2, 9, maxCount: 5) == [2, 4, 6, 8])
        #expect(Ticks.logMinor(1, 10) == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].dropFirst().dropLast().map { $0 })
    }

    @Test func labels() {
        #expect(Ticks.labels([0, 0.2, 0.4], log: false) == ["0.0", "0.2", "0.4"])
        #expect(Ticks.labels([-2, 0, 2], log: false) == ["−2", "0", "2"])
        #expect(Ticks.labels([1e-3, 1e-2, 1], log: true) == ["10⁻³", "10⁻²", "10⁰"])
        #expect(Ticks.labels([0, 1e6, 2e6], log: false) == ["0", "1e6", "2e6"])
        #expect(Ticks.labels([1e-5, 2e-5], log: false) == ["1e−5", "2e−5"])
        #expect(Ticks.compact(0.4607123) == "0.4607")
        #expect(Ticks.compact(-0.0) == "0")
    }

    @Test func axesFollowTheData() {
        let p = Panel(series: [Series(.line(x: [0, 10], y: [1, 3]))])
        let (x, y) = p.axes()
        #expect(x.lo == -0.5 && x.hi == 10.5)
        #expect(abs(y.lo - 0.9) < 1e-12 && abs(y.hi - 3.1) < 1e-12)
        // Histograms stand on zero; heatmaps span cell edges with row 0 on top.
        let h = Fixtures.histogram.axes().y
        #expect(h.lo == 0)
        let m = Fixtures.heatmap.axes()
        #expect(m.x.lo == -0.5 && m.x.hi == 19.5 && m.y.inverted)
        // User limits win.
        var q = p
        q.xlim = Limits(2, 4)
        #expect(q.axes().x == Axis(lo: 2, hi: 4))
    }

    @Test func histogramBinsLikeNumpy() {
        let (edges, counts) = Histogram.counts([0, 1, 2, 3, 4, .nan], bins: 4)
        #expect(edges == [0, 1, 2, 3, 4])
        #expect(counts == [1, 1, 1, 2])
        #expect(Histogram.counts([.nan], bins: 3).edges == nil)
        #expect(Histogram.counts([5, 5], bins: 2).counts == [0, 2])
    }
}

@Suite struct ShortLogRangeTests {
    @Test func shortLogRangesUseOneTwoFive() {
        #expect(Ticks.log(0.004, 0.06, maxCount: 6) == [0.005, 0.01, 0.02, 0.05])
        #expect(Ticks.labels([0.005, 0.01, 0.02, 0.05], log: true) == ["0.005", "0.01", "0.02", "0.05"])
        #expect(Ticks.log(0.95, 3.6, maxCount: 6) == [1, 2, 3])
    }
}

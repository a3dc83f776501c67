// ValidationTests: bad input gives a clear PlotError before anything is drawn.
import Testing
@testable import AnisPlot

@Suite struct ValidationTests {
    func message(_ p: Panel) -> String? {
        do { try p.validate(); return nil } catch { return error.message }
    }

    @Test func rejectsBadData() {
        #expect(message(Panel(series: [])) == "nothing to plot")
        #expect(message(Panel(series: [Series(.line(x: [1, 2], y: [1]))])) == "x and y differ in length (2 and 1)")
        #expect(message(Panel(series: [Series(.line(x: [], y: []))])) == "y is empty")
        #expect(message(Panel(series: [Series(.scatter(x: [.nan], y: [1]))]))?.contains("no finite points") == true)
        #expect(message(Panel(series: [Series(.heatmap(Matrix(rows: 0, cols: 0, values: [])))])) == "the matrix is empty")
        #expect(message(Panel(series: [Series(.bar(values: [1, .nan], labels: []))]))?.contains("finite") == true)
    }

    @Test func rejectsNonPositiveDataOnLogAxes() {
        var p = Panel(series: [Series(.line(x: [1, 2, 3], y: [1, 0, -2]))])
        p.logy = true
        #expect(message(p) == "logy needs positive values, but y has 2 values ≤ 0 (smallest -2)")
        p.logy = false; p.logx = true
        #expect(message(p) == nil)
    }

    @Test func rejectsBadLimits() {
        var p = Panel(series: [Series(.line(x: [1, 2], y: [1, 2]))])
        p.xlim = Limits(3, 1)
        #expect(message(p)?.hasPrefix("xlim must be [lo, hi]") == true)
        p.xlim = nil; p.logy = true; p.ylim = Limits(0, 1)
        #expect(message(p) == "ylim must be positive on a log axis, got lo = 0")
    }

    @Test func namesThePanelInAFigure() {
        let f = Figure(panels: [Fixtures.lines, Panel(series: [])], columns: 2)
        #expect(throws: PlotError("panel 2: nothing to plot")) { try f.validate() }
    }

    @Test func nanBreaksALineWithoutFailing() {
        let p = Panel(series: [Series(.line(x: [0, 1, 2, 3], y: [1, .nan, 2, .infinity]))])
        #expect(message(p) == nil)
        _ = TerminalRenderer().render(Figure(p))
    }
}

/// `clim` fixes a heatmap's colour scale, so panels of a grid share one scale.
@Test func colorLimitsFixTheScale() {
    let m = Matrix(rows: 1, cols: 2, values: [1, 2])
    let free = ColorScale(m, .auto)
    #expect(free.lo == 1 && free.hi == 2)
    let fixed = ColorScale(m, .auto, limits: Limits(0, 3))
    #expect(fixed.lo == 0 && fixed.hi == 3 && fixed.map == .viridis)
    #expect(abs(fixed.fraction(1.5) - 0.5) < 1e-12)
    #expect(ColorScale(m, .auto, limits: Limits(-1, 1)).map == .diverging)
    var p = Panel(series: [Series(.heatmap(m))])
    p.clim = Limits(3, 0)
    #expect((try? p.validate()) == nil)
}

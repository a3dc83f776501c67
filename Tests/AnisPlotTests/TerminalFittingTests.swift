// TerminalFittingTests: a plot sized for a terminal fits it — long legend labels and a
// y label never push the legend past the right edge, and a heatmap uses the free lines.
import Testing
@testable import AnisPlot

@Suite struct TerminalFittingTests {
    func widest(_ text: String) -> Int { text.split(separator: "\n").map(\.count).max() ?? 0 }

    @Test(arguments: [80, 100, 140, 200]) func legendNeverWraps(_ columns: Int) {
        let x = (0..<50).map(Double.init)
        let panel = Panel(series: [Series(.line(x: x, y: x.map { $0 * $0 }), label: "relu activation spectrum"),
                                   Series(.line(x: x, y: x.map { 3 * $0 }), label: "tanh")],
                          title: "spectra", xlabel: "index", ylabel: "singular value / total")
        let figure = Figure(panel)
        let text = TerminalRenderer.fitting(columns: columns, lines: 45, figure: figure, color: .none).render(figure)
        #expect(widest(text) < columns, "\(widest(text)) columns in a \(columns)-column terminal")
        #expect(text.contains("── tanh"))
    }

    @Test func heatmapUsesTheFreeLines() {
        let n = 40
        let m = Matrix(rows: n, cols: n, values: (0..<n * n).map { Double($0 % 7) - 3 })
        let figure = Figure(Panel(series: [Series(.heatmap(m))]))
        let text = TerminalRenderer.fitting(columns: 140, lines: 45, figure: figure, color: .none).render(figure)
        let lines = text.split(separator: "\n").count
        #expect(lines >= n + 3, "a 40×40 heatmap drew \(lines) lines in a 45-line terminal")
        #expect(lines <= 44)
        #expect(widest(text) < 140)
    }

    @Test func gridFits() {
        let text = TerminalRenderer.fitting(columns: 120, lines: 40, figure: Fixtures.grid, color: .none).render(Fixtures.grid)
        #expect(widest(text) < 120)
        #expect(text.split(separator: "\n").count <= 39)
    }
}

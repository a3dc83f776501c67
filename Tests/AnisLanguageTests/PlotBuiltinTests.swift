// PlotBuiltinTests: the plot built-ins through the public Session — errors name
// the built-in and say what is wrong (never a crash), `file:` writes each format,
// and PlotValue.save (the hook behind `save(p, path)`) writes and reports errors.
import Foundation
import Testing
@testable import AnisLanguage

@Suite struct PlotBuiltinTests {
    func error(_ source: String) -> String? {
        let session = Session(output: { _ in })
        do { _ = try session.run(source, file: "<test>"); return nil } catch { return error.message }
    }

    @Test func badInputGivesClearErrors() {
        let cases: [(String, String)] = [
            ("plot([])", "plot: y is empty"),
            ("plot([1, 2, 3], [1, 2])", "plot: x and y differ in length (3 and 2)"),
            ("plot([nan, nan])", "plot: no finite points to plot (all are nan or inf)"),
            ("plot([1, -1], logy: true)", "plot: logy needs positive values, but y has 1 value ≤ 0 (smallest -1)"),
            ("plot([1, 2], labels: [\"a\", \"b\"])", "plot: 2 labels for 1 series"),
            ("plot([1, 2], xlim: [2, 1])", "plot: xlim must be [lo, hi] with finite lo < hi, got [2, 1]"),
            ("plot([1, 2], xlim: [1, 2, 3])", "plot: xlim must be [lo, hi], got 3 numbers"),
            ("plot(\"abc\")", "plot: y must be numbers, got string"),
            ("plot(zeros(2, 2, 2))", "plot: y must be a vector, got a tensor of shape (2, 2, 2)"),
            ("plot([1, 2], title: 3)", "plot: argument 'title' must be a string, got number"),
            ("scatter([1, 2])", "scatter: missing argument 'y'"),
            ("heatmap([1, 2, 3])", "heatmap: M must be a matrix, got a tensor of shape (3,)"),
            ("heatmap(zeros(0, 3))", "heatmap: the matrix is empty"),
            ("heatmap(eye(2), colormap: \"jet\")", "heatmap: unknown colormap \"jet\""),
            ("heatmap(full([2, 2], nan))", "heatmap: the matrix has no finite values (all are nan or inf)"),
            ("hist([])", "hist: x is empty"),
            ("hist([nan, inf])", "hist: x has no finite values (all are nan or inf)"),
            ("hist([1, 2], bins: 0)", "hist: bins must be an integer from 1 to 10000"),
            ("hist([1, 2], bins: 2.5)", "hist: argument 'bins' must be an integer"),
            ("bar([1, 2], labels: [\"a\"])", "bar: 2 values but 1 labels"),
            ("bar([1, nan])", "bar: values must be finite (no nan or inf)"),
            ("bar([1, 0], logy: true)", "bar: logy needs positive values"),
            ("subplots([1, 2])", "subplots: plots[0] must be a plot, got number"),
            ("subplots([])", "subplots: plots is empty"),
            ("subplots([plot([1])], cols: 0)", "subplots: cols must be a positive integer"),
            ("plot([1, 2], file: \"x.bmp\")", "plot: cannot tell the format of 'x.bmp'"),
        ]
        for (source, expected) in cases {
            let message = error(source)
            #expect(message?.hasPrefix(expected) == true, "\(source): got \(message ?? "no error")")
        }
    }

    @Test func fileOptionAndSaveWriteEveryFormat() throws {
        let dir = NSTemporaryDirectory() + "anis-plot-builtins-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var shown = ""
        let session = Session(output: { shown += $0 })
        for ext in ["png", "svg", "pdf"] {
            _ = try session.run("p = plot([1, 4, 9], title: \"squares\", file: \"\(dir)/a.\(ext)\")", file: "<test>")
            #expect(FileManager.default.fileExists(atPath: "\(dir)/a.\(ext)"))
        }
        let value = try #require(try session.run("p", file: "<test>"))
        guard case .object(let o) = value, let plot = o as? PlotValue else { Issue.record("not a plot"); return }
        try plot.save(to: "\(dir)/b.png", width: 3, height: 2, dpi: 100)
        let png = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/b.png"))
        #expect(png.count > 1000)
        #expect(throws: RuntimeError.self) { try plot.save(to: "\(dir)/b.txt") }
        // show draws the plot (in whatever size stdout allows) and building one printed nothing.
        #expect(shown.isEmpty)
        _ = try session.run("show(p)", file: "<test>")
        #expect(shown.contains("squares") && shown.contains("┌"))
    }

    @Test func helpDocumentsEveryPlotBuiltin() {
        for name in ["plot", "scatter", "heatmap", "hist", "bar", "subplots"] {
            let page = Builtins.registry.help(name) ?? ""
            #expect(page.contains("Example:"), "help \(name) has no example")
        }
    }
}

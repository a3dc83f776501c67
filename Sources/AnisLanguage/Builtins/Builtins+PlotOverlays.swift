// Builtins+PlotOverlays: plots meant to share axes with others — fill_between
// (shaded bands), errorbar, hline/vline reference lines and annotate (text) — and
// overlay, which draws several plots on one set of axes (`p + q` does the same),
// and twinx, which draws one plot against a second y axis on the right.
import AnisPlot
import AnisTensor

extension Builtins {
    private static let shared = "title: none, xlabel: none, ylabel: none, xlim: none, ylim: none, logx: false, logy: false, aspect: none, legend: none, file: none"

    /// The plot values of a list argument, errors naming the position.
    private static func figures(_ a: Arguments, _ items: [Value]) throws -> [Figure] {
        try items.enumerated().map { i, item in
            guard case .object(let o) = item, let p = o as? PlotValue else {
                throw RuntimeError("\(a.builtin.name): argument \(i + 1) must be a plot, got \(item.typeDescription)")
            }
            return p.figure
        }
    }

    /// A one-series panel with the shared options, styles, label and legend placement applied.
    private static func single(_ a: Arguments, _ kind: SeriesKind) throws -> Value {
        var series = Series(kind, label: try a.namedString("label"), style: try a.styles(count: 1)[0])
        if series.label?.isEmpty == true { series.label = nil }
        var panel = Panel(series: [series])
        try a.options(&panel)
        panel.legend = try a.legendPlacement()
        return try a.finish(Figure(panel))
    }

    /// lower and upper given as vectors or numbers, broadcast to `n` points.
    private static func bounds(_ a: Arguments, _ v: Value, _ what: String, n: Int) throws -> [Double] {
        let b = try a.vector(v, what)
        if b.count == 1 { return Array(repeating: b[0], count: n) }
        guard b.count == n else { throw RuntimeError("\(a.builtin.name): \(what) has \(b.count) values for \(n) points") }
        return b
    }

    static let plotOverlays: [Builtin] = [
        Builtin("overlay", "plots..., " + shared, topic: .plot,
                doc: "Draws several plots — given one by one or as one list — on one set of axes: their series in order (later ones on top; colours continue the palette unless a plot sets color), each option from the first plot that sets it, or from overlay's own keywords, which win. p + q is overlay(p, q). Combine a line with a scatter, a mean with its band, a curve with reference lines and notes.",
                example: "x = linspace(0, 1, 40)\nshow(overlay(plot(x, x ^ 2, labels: \"fit\"), scatter(x, x ^ 2 + 0.05 * randn(40), labels: \"data\"),\n             hline(0.5), title: \"fit and data\", legend: \"upper left\"))\nshow(plot(x, x ^ 2) + scatter(x, x ^ 2 + 0.05 * randn(40)))") { a in
            var items = try a.list(0)
            if items.count == 1, case .list(let inner) = items[0] { items = inner }  // overlay([p, q, r])
            guard !items.isEmpty else { throw RuntimeError("overlay: no plots given") }
            var merged: Figure
            do { merged = try Figure.overlay(try figures(a, items)) } catch let e as PlotError { throw RuntimeError("overlay: \(e.message)") }
            var own = merged.panels[0]
            try a.options(&own)
            let base = merged.panels[0]
            own.title = own.title ?? base.title; own.xlabel = own.xlabel ?? base.xlabel; own.ylabel = own.ylabel ?? base.ylabel
            own.xlim = own.xlim ?? base.xlim; own.ylim = own.ylim ?? base.ylim
            own.logx = own.logx || base.logx; own.logy = own.logy || base.logy
            if a.named("legend") != nil { own.legend = try a.legendPlacement() }
            merged.panels[0] = own
            return try a.finish(merged)
        },
        Builtin("twinx", "left, right, title: none, xlabel: none, legend: none, file: none", topic: .plot,
                doc: "Two plots on one set of axes with two y axes, as matplotlib's ax.twinx(): left's series against the y axis on the left, right's against a second y axis on the right; x is shared. Each y axis keeps its plot's ylabel, ylim and logy (so a log scale on one side and a linear one on the other, e.g. a loss and an accuracy). Colours continue the palette across both, and one legend lists the series of both; label them (e.g. \"loss (left)\") to say which axis each belongs to. left and right may be overlays (a line with its band, reference lines); title, xlabel and legend set the result's, else they come from left, then right. In the terminal the right axis's ticks are ├ marks on the right edge of the frame, its label beside them.",
                example: "t = 1:100\nloss = plot(t, 2 * exp(-t / 30) + 0.05, labels: \"loss (left)\", logy: true, ylabel: \"loss\")\nacc = plot(t, 1 - exp(-t / 20), labels: \"accuracy (right)\", style: \"--\", ylabel: \"accuracy\", ylim: [0, 1])\nshow(twinx(loss, acc, xlabel: \"step\", legend: \"upper right\"))") { a in
            let both = try figures(a, [try a.value(0), try a.value(1)])
            var figure: Figure
            do { figure = try Figure.twinx(both[0], both[1]) } catch let e as PlotError { throw RuntimeError("twinx: \(e.message)") }
            if let t = try a.namedString("title") { figure.panels[0].title = t }
            if let l = try a.namedString("xlabel") { figure.panels[0].xlabel = l }
            if a.named("legend") != nil { figure.panels[0].legend = try a.legendPlacement() }
            return try a.finish(figure)
        },
        Builtin("fill_between", "x, lower, upper, label: none, color: none, alpha: 0.25, " + shared, topic: .plot,
                doc: "A shaded band between the curves lower and upper over x (matplotlib's fill_between), such as a mean ± spread over seeds; lower and upper may be numbers. Translucent (alpha, 0–1) so what lies under it shows; in the terminal the band's cells are shaded ░ under the data. Overlay it with the mean's line: plot(...) + fill_between(...).",
                example: "runs = randn(5, 50) * 0.1 + linspace(0, 1, 50)    # five seeds\nm = mean(runs, axis: 0); s = std(runs, axis: 0)\nt = 0:50\nshow(fill_between(t, m - s, m + s, color: \"C0\", label: \"±1 std\") + plot(t, m, labels: \"mean\", color: \"C0\"))") { a in
            let x = try a.vector(try a.value(0), "x")
            guard !x.isEmpty else { throw RuntimeError("fill_between: x is empty") }
            let lower = try bounds(a, try a.value(1), "lower", n: x.count), upper = try bounds(a, try a.value(2), "upper", n: x.count)
            return try single(a, .band(x: x, lower: lower, upper: upper))
        },
        Builtin("errorbar", "x, y, err, label: none, color: none, style: none, marker: none, " + shared, topic: .plot,
                doc: "Points (x[i], y[i]) with vertical error bars: err is a number or a vector (y ± err), or a list [below, above] of two for asymmetric bars. Circles at the points by default (marker: \"none\" hides them); style: \"-\" also joins the points with a line.",
                example: "k = 1:6\nerrorbar(k, 1 / k, 0.1 / k, label: \"mean ± sem\", style: \"-\")") { a in
            let x = try a.vector(try a.value(0), "x"), y = try a.vector(try a.value(1), "y")
            guard !x.isEmpty else { throw RuntimeError("errorbar: x is empty") }
            guard x.count == y.count else { throw RuntimeError("errorbar: x and y differ in length (\(x.count) and \(y.count))") }
            var below: [Double], above: [Double]
            if case .list(let parts) = try a.value(2), parts.count == 2, !parts.allSatisfy(\.isScalarLike) {
                below = try bounds(a, parts[0], "err[0]", n: x.count); above = try bounds(a, parts[1], "err[1]", n: x.count)
            } else {
                below = try bounds(a, try a.value(2), "err", n: x.count); above = below
            }
            guard (below + above).allSatisfy({ !($0 < 0) }) else { throw RuntimeError("errorbar: err must not be negative") }
            return try single(a, .errorbar(x: x, y: y, lower: zip(y, below).map { $0 - $1 }, upper: zip(y, above).map { $0 + $1 }))
        },
        Builtin("hline", "y, label: none, color: none, style: none, " + shared, topic: .plot,
                doc: "A horizontal reference line at y across the axes, dashed grey by default (style: \"-\" for solid, color: to colour it). Overlay it on a plot: plot(...) + hline(0). In the terminal a row of ╌ (─ when solid) where the data leaves cells blank.",
                example: "x = linspace(-2, 2, 50)\nshow(plot(x, tanh(x)) + hline(1) + hline(-1) + vline(0, style: \":\"))") { a in
            try single(a, .hline(try a.number(0)))
        },
        Builtin("vline", "x, label: none, color: none, style: none, " + shared, topic: .plot,
                doc: "A vertical reference line at x, dashed grey by default; see hline.",
                example: "losses = exp(-linspace(0, 3, 100))\nshow(plot(losses) + vline(10, label: \"end of warm-up\"))") { a in
            try single(a, .vline(try a.number(0)))
        },
        Builtin("annotate", "x, y, text, color: none, " + shared, topic: .plot,
                doc: "A text note whose left end is at (x, y) in data coordinates, overlaid on a plot: plot(...) + annotate(3, 0.5, \"peak\"). Notes do not stretch the axes.",
                example: "k = 1:20\nshow(plot(k, 1 / k) + annotate(5, 0.5, \"1/k\"))") { a in
            try single(a, .text(x: try a.number(0), y: try a.number(1), try a.string(2)))
        },
    ]
}

// Builtins+Plot: the plotting built-ins — plot, scatter, heatmap, hist, bar and
// subplots. Each builds a plot value (drawing nothing); the REPL shows it, `show`
// prints it, `save(p, "fig.png")` or a `file:` argument writes it. Argument
// conversion and the shared options live in Builtins+PlotArguments.swift.
import AnisPlot
import AnisTensor

extension Builtins {
    /// Options shared by line and scatter plots, in signature form.
    private static let axisOptions = "title: none, xlabel: none, ylabel: none, xlim: none, ylim: none, logx: false, logy: false, aspect: none, file: none"

    /// Per-series style keywords of plot and scatter.
    private static let styleOptions = "color: none, style: none, marker: none, legend: none, "

    private static let styleRules = " Styles: color (a name such as \"red\", \"C0\"…\"C9\" for the palette, or \"#rrggbb\"), style (line style \"-\", \"--\", \":\", \"-.\" or \"none\") and marker (\"o\", \"s\", \"^\", \"d\", \"x\", \"+\", \".\", \"none\"), each one string for every series or a list with one per series; legend places the legend: \"best\" (the corner hiding the least data, the default), \"upper left\", \"upper right\", \"lower left\", \"lower right\" or \"none\" (the terminal always puts it on the right). Combine plots on one set of axes with + or overlay."

    private static let rules = " Options: title, xlabel, ylabel (strings); xlim, ylim ([lo, hi]); logx, logy (log scales; the data must be positive); aspect: \"equal\" (one unit as long on x as on y, so circles stay round: the axis with room to spare shows a wider range); file (write the plot to a .png, .svg or .pdf file as well). Text between a pair of $ is math, as in matplotlib: \"$σ_i$\", \"$x^2$\", \"$W_\\{ij\\}$\", \"$10^\\{-3\\}$\" and Greek names such as \"$\\\\sigma_1/\\\\sigma_2$\" become σᵢ, x², Wᵢⱼ, 10⁻³, σ₁/σ₂ in every title, label, legend and note (braces and backslashes are escaped in anis strings; a sub- or superscript that Unicode cannot write stays as typed). In the terminal: braille, 60×15 characters when output is not a terminal, the window's size and colours when it is (NO_COLOR turns colour off, ANIS_PLOT_SIZE=WxH sets the size)."

    static let plot: [Builtin] = [
        Builtin("plot", "x, y: none, labels: none, " + styleOptions + axisOptions, topic: .plot,
                doc: "Line plot. plot(y) draws y against 0, 1, 2, ...; plot(x, y) against x. y may hold several series — a matrix (one series per row) or a list of vectors — with labels: [...] naming them in a legend; x is shared, or one per series. nan and inf break the line." + styleRules + rules,
                example: "a = linspace(0, 1, 50)\nplot(a, [a^2, sqrt(a)], labels: [\"$a^2$\", \"√a\"], title: \"powers\", ylabel: \"$\\\\sigma_i$\")\nplot(a, exp(-5 * a), logy: true, file: \"/tmp/decay.png\")\nplot(a, [a, a^2], style: [\"-\", \"--\"], marker: [\"none\", \"o\"], color: [\"black\", \"C3\"], legend: \"upper left\")") { a in
            try lineOrScatter(a, scatter: false)
        },
        Builtin("scatter", "x, y, labels: none, " + styleOptions + axisOptions, topic: .plot,
                doc: "Scatter plot of the points (x[i], y[i]). y may hold several series (a matrix with one series per row, or a list), named by labels: [...]; points with nan or inf are skipped." + styleRules + rules,
                example: "z = randn(200, 2)\nscatter(z[:, 0], z[:, 1], title: \"latent codes\", xlabel: \"z₁\", ylabel: \"z₂\")") { a in
            try lineOrScatter(a, scatter: true)
        },
        Builtin("heatmap", "M, title: none, xlabel: none, ylabel: none, colormap: \"auto\", colorbar: true, clim: none, xticks: none, yticks: none, categories: none, legend: none, file: none", topic: .plot,
                doc: "A matrix as coloured cells, row 0 at the top, with a colour bar. colormap: \"auto\" (the default) uses a diverging blue–white–red map centred on 0 when M has both signs (e.g. WᵀW), viridis otherwise; or name one: \"viridis\", \"magma\", \"gray\", \"diverging\". clim: [lo, hi] fixes the values at the ends of the colour scale (so panels of a grid share one scale). nan cells are left blank. In the terminal each cell is two characters by one line (shaded ░▒▓█ without colour; #=-· for negative values on the diverging map); large matrices are averaged down to fit. xticks and yticks label the columns and rows (one string or number each, e.g. the swept parameter's values; thinned when crowded). colormap: \"categorical\" (implied by categories) draws integer values 0, 1, 2, ... as distinct palette colours (symbols ·░▒▓█#+xo= in the terminal without colour), with a legend naming them from categories: [...] instead of a colour bar; legend: \"none\" hides it.",
                example: "W = randn(20, 20) / sqrt(20)\nheatmap(W' @ W, title: \"WᵀW\", file: \"/tmp/gram.pdf\")\nheatmap([[0, 1], [1, 2]], categories: [\"dense\", \"mixed\", \"sparse\"], xticks: [0.1, 0.5], yticks: [\"n=2\", \"n=4\"])") { a in
            let t = try a.tensor(0)
            guard t.rank == 2 else {
                throw RuntimeError("heatmap: M must be a matrix, got a tensor of shape \(t.shapeDescription)")
            }
            var panel = Panel(series: [Series(.heatmap(Matrix(rows: t.shape[0], cols: t.shape[1], values: try t.checkedElements(op: "heatmap"))))])
            try a.options(&panel)
            panel.clim = try a.limits("clim")
            let name = try a.namedString("colormap") ?? "auto"
            guard let map = ColormapName(rawValue: name) else {
                throw RuntimeError("heatmap: unknown colormap \"\(name)\" (use \(ColormapName.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")))")
            }
            panel.colormap = map
            panel.colorbar = a.named("colorbar") == nil ? true : try a.namedBool("colorbar")
            try a.heatmapLabels(&panel)
            return try a.finish(Figure(panel))
        },
        Builtin("hist", "x, bins: 30, title: none, xlabel: none, ylabel: \"count\", xlim: none, ylim: none, logy: false, file: none", topic: .plot,
                doc: "Histogram of the values of x (any shape; nan and inf are ignored) in `bins` equal-width bins over their range, the last bin including its right edge, as numpy.histogram does. logy: true shows the counts on a log scale (empty bins are left out).",
                example: "hist(randn(1000), bins: 30, title: \"pre-activations\")") { a in
            if case .list(let items) = try a.value(0), items.isEmpty { throw RuntimeError("hist: x is empty") }
            let t = try a.tensor(0)
            guard let bins = try a.namedInt("bins"), bins >= 1, bins <= 10_000 else {
                throw RuntimeError("hist: bins must be an integer from 1 to 10000")
            }
            guard t.count > 0 else { throw RuntimeError("hist: x is empty") }
            let (edges, counts) = Histogram.counts(try t.checkedElements(op: "hist"), bins: bins)
            guard let edges else { throw RuntimeError("hist: x has no finite values (all are nan or inf)") }
            var panel = Panel(series: [Series(.histogram(edges: edges, counts: counts))])
            try a.options(&panel)
            return try a.finish(Figure(panel))
        },
        Builtin("bar", "values, labels: none, title: none, xlabel: none, ylabel: none, ylim: none, logy: false, file: none", topic: .plot,
                doc: "Bar chart: one bar per value, standing on 0 (negative values hang below it), with labels: [...] naming the categories under the bars (default 0, 1, 2, ...).",
                example: "bar([0.53, 0.21, 0.87], labels: [\"relu\", \"tanh\", \"gelu\"], ylabel: \"erank / n\")") { a in
            let values = try a.vector(try a.value(0), "values")
            var names = values.indices.map { String($0) }
            if let v = a.named("labels") {
                guard case .list(let items) = v else {
                    throw RuntimeError("bar: labels must be a list of strings, got \(v.typeDescription)")
                }
                names = try items.map { item in
                    guard case .string(let s) = item else { throw RuntimeError("bar: labels must be strings, got \(item.typeDescription)") }
                    return s
                }
            }
            var panel = Panel(series: [Series(.bar(values: values, labels: names))])
            try a.options(&panel)
            return try a.finish(Figure(panel))
        },
        Builtin("subplots", "plots, cols: 3, title: none, file: none", topic: .plot,
                doc: "A figure of several plots in a grid, row by row, `cols` per row, under a shared title. Each plot keeps its own title, labels and axes; a figure passed in contributes all its panels. Show it, save it, or write it with file:.",
                example: "a = linspace(0, 1, 20); b = randn(100); M = randn(4, 4)\nsubplots([plot(a), hist(b), heatmap(M)], cols: 3, title: \"layer 3\", file: \"layer3.png\")") { a in
            let items = try a.list(0)
            var panels: [Panel] = []
            for (i, item) in items.enumerated() {
                guard case .object(let o) = item, let p = o as? PlotValue else {
                    throw RuntimeError("subplots: plots[\(i)] must be a plot, got \(item.typeDescription)")
                }
                panels += p.figure.panels
            }
            guard !panels.isEmpty else { throw RuntimeError("subplots: plots is empty") }
            guard let cols = try a.namedInt("cols"), cols >= 1 else { throw RuntimeError("subplots: cols must be a positive integer") }
            return try a.finish(Figure(panels: panels, columns: cols, title: try a.namedString("title")))
        },
    ]

    /// `plot` and `scatter`: x and y (or y alone), one or more series.
    private static func lineOrScatter(_ a: Arguments, scatter: Bool) throws -> Value {
        let first = try a.value(0)
        let ys: [[Double]], xs: [[Double]]
        if let second = a.optional(1) {
            ys = try a.seriesData(second, "y")
            let xv = try a.seriesData(first, "x")
            guard xv.count == 1 || xv.count == ys.count else {
                throw RuntimeError("\(a.builtin.name): x has \(xv.count) series but y has \(ys.count)")
            }
            xs = xv.count == 1 ? Array(repeating: xv[0], count: ys.count) : xv
        } else {
            if scatter { throw RuntimeError("scatter: missing argument 'y' (scatter(x, y))") }
            ys = try a.seriesData(first, "y")
            xs = ys.map { y in y.indices.map(Double.init) }
        }
        let names = try a.labels(count: ys.count)
        let styles = try a.styles(count: ys.count)
        var series: [Series] = []
        for (k, y) in ys.enumerated() {
            let x = xs[k]
            guard !y.isEmpty else { throw RuntimeError("\(a.builtin.name): y\(ys.count > 1 ? "[\(k)]" : "") is empty") }
            guard x.count == y.count else {
                throw RuntimeError("\(a.builtin.name): x and y\(ys.count > 1 ? "[\(k)]" : "") differ in length (\(x.count) and \(y.count))")
            }
            series.append(Series(scatter ? .scatter(x: x, y: y) : .line(x: x, y: y), label: names[k], style: styles[k]))
        }
        var panel = Panel(series: series)
        try a.options(&panel)
        panel.legend = try a.legendPlacement()
        return try a.finish(Figure(panel))
    }
}

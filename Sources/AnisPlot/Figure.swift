// Figure: the plot model. A figure is a grid of panels with an optional shared
// title; a panel holds series (line, scatter, heatmap, histogram, bar) and its
// axis options. Pure data, built by the language layer and read by the terminal
// and Cairo renderers. `validate` (Validation.swift) checks it before drawing.

/// A dense row-major matrix of values for a heatmap.
public struct Matrix: Sendable, Equatable {
    public let rows: Int, cols: Int
    public let values: [Double]
    public init(rows: Int, cols: Int, values: [Double]) {
        self.rows = rows; self.cols = cols; self.values = values
    }
    public subscript(r: Int, c: Int) -> Double { values[r * cols + c] }
}

/// Colour scales for heatmaps. `auto` picks `diverging` (blue–white–red, centred
/// on 0) when the data has both signs, `sequential` (viridis) otherwise.
public enum ColormapName: String, Sendable, CaseIterable {
    case auto, viridis, magma, gray, diverging
    /// Integer values 0, 1, 2, ... as distinct palette colours (phases, classes), with a legend.
    case categorical
}

/// One thing drawn in a panel.
public enum SeriesKind: Sendable, Equatable {
    /// A polyline through (x[i], y[i]); non-finite points break the line.
    case line(x: [Double], y: [Double])
    /// Markers at (x[i], y[i]); non-finite points are skipped.
    case scatter(x: [Double], y: [Double])
    /// A matrix drawn as coloured cells, row 0 at the top.
    case heatmap(Matrix)
    /// Bin counts with `edges.count == counts.count + 1`.
    case histogram(edges: [Double], counts: [Double])
    /// One bar per value at x = 0, 1, ..., with category labels under them.
    case bar(values: [Double], labels: [String])
    /// The region between two curves over x (fill_between; a mean ± spread band).
    case band(x: [Double], lower: [Double], upper: [Double])
    /// Points (x[i], y[i]) with vertical error bars from lower[i] to upper[i].
    case errorbar(x: [Double], y: [Double], lower: [Double], upper: [Double])
    /// A horizontal reference line at y = value across the whole axes.
    case hline(Double)
    /// A vertical reference line at x = value.
    case vline(Double)
    /// A text annotation whose left end is at (x, y) in data coordinates.
    case text(x: Double, y: Double, String)
}

/// Which y axis a series is drawn against: the panel's own (left) or its twin on the right.
public enum YAxisSide: String, Sendable, Equatable {
    case left, right
}

public struct Series: Sendable, Equatable {
    public var kind: SeriesKind
    /// The legend entry; series without a label are left out of the legend.
    public var label: String?
    /// Colour, line style and marker; unset parts take the defaults (the palette colour of the series' position).
    public var style = SeriesStyle()
    /// The y axis the series is drawn against (`.right` only in a panel with a `twin`).
    public var yAxis = YAxisSide.left
    public init(_ kind: SeriesKind, label: String? = nil, style: SeriesStyle = SeriesStyle()) {
        self.kind = kind; self.label = label; self.style = style
    }
}

/// Closed axis limits `lo < hi` set by the user.
public struct Limits: Sendable, Equatable {
    public let lo: Double, hi: Double
    public init(_ lo: Double, _ hi: Double) { self.lo = lo; self.hi = hi }
}

/// The second y axis of a panel (matplotlib's `twinx`): on the right, sharing the x axis,
/// with its own label, limits and scale for the series drawn against it.
public struct TwinAxis: Sendable, Equatable {
    public var ylabel: String?
    public var ylim: Limits?
    public var logy = false
    public init(ylabel: String? = nil, ylim: Limits? = nil, logy: Bool = false) {
        self.ylabel = ylabel; self.ylim = ylim; self.logy = logy
    }
}

/// How the axes' scales relate: `auto` fills the space; `equal` makes one unit as long on
/// x as on y (circles stay round), widening the range of the axis that has room to spare.
public enum Aspect: String, Sendable, CaseIterable {
    case auto, equal
}

/// One set of axes.
public struct Panel: Sendable, Equatable {
    public var series: [Series]
    public var title: String?
    public var xlabel: String?
    public var ylabel: String?
    public var xlim: Limits?
    public var ylim: Limits?
    public var logx = false
    public var logy = false
    public var colormap: ColormapName = .auto
    /// Heatmaps only: draw a colour bar beside the axes.
    public var colorbar = true
    /// Heatmaps only: the values at the two ends of the colour scale (default: the data's
    /// range, symmetric about 0 on the diverging map), so several panels can share one scale.
    public var clim: Limits?
    /// Where the legend goes (Cairo: a corner inside the axes; the terminal keeps it on the right).
    public var legend: LegendPlacement = .best
    /// Heatmaps only: labels for the columns and rows, one each, drawn as tick labels.
    public var xtickLabels: [String]?
    public var ytickLabels: [String]?
    /// Heatmaps with the categorical colormap: the name of each value 0, 1, 2, ... for the legend.
    public var categories: [String]?
    /// The right-hand y axis of the series with `yAxis == .right` (nil: the panel has one y axis).
    public var twin: TwinAxis?
    public var aspect = Aspect.auto

    public init(series: [Series], title: String? = nil, xlabel: String? = nil, ylabel: String? = nil) {
        self.series = series; self.title = title; self.xlabel = xlabel; self.ylabel = ylabel
    }

    /// The heatmap of this panel, if it has one (a panel draws at most one).
    public var heatmap: Matrix? {
        for s in series { if case .heatmap(let m) = s.kind { return m } }
        return nil
    }

    /// The bar categories, if this panel is a bar chart.
    public var barLabels: [String]? {
        for s in series { if case .bar(_, let labels) = s.kind { return labels } }
        return nil
    }

    /// Labels shown in the legend, with the index of the series' colour.
    public var legendEntries: [(label: String, colorIndex: Int)] {
        guard legend != .none else { return [] }
        return series.enumerated().compactMap { i, s in
            guard let l = s.label, !l.isEmpty else { return nil }
            if case .heatmap = s.kind { return nil }
            return (l, i)
        }
    }
}

/// Panels laid out row by row in a grid of `columns` columns, with a shared title.
public struct Figure: Sendable, Equatable {
    public var panels: [Panel]
    public var columns: Int
    public var title: String?

    public init(panels: [Panel], columns: Int = 1, title: String? = nil) {
        self.panels = panels
        self.columns = max(1, min(columns, max(panels.count, 1)))
        self.title = title
    }

    public init(_ panel: Panel) { self.init(panels: [panel]) }

    public var rows: Int { (panels.count + columns - 1) / columns }
}

/// A plot that cannot be drawn or written, phrased for the user.
public struct PlotError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

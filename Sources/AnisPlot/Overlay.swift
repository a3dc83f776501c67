// Overlay: several plots drawn on one set of axes (`plot(...) + scatter(...)`,
// `overlay(a, b, c)`): the series are concatenated in order (later ones drawn on
// top, colours continuing the palette), and each option comes from the first plot
// that sets it; log axes are log if any plot asks. `twinx` overlays a plot against
// a second y axis on the right.

extension Panel {
    /// This panel with `other`'s series drawn over it.
    public func overlaid(with other: Panel) -> Panel {
        var p = self
        p.series += other.series
        p.title = title ?? other.title
        p.xlabel = xlabel ?? other.xlabel
        p.ylabel = ylabel ?? other.ylabel
        p.xlim = xlim ?? other.xlim
        p.ylim = ylim ?? other.ylim
        p.clim = clim ?? other.clim
        p.logx = logx || other.logx
        p.logy = logy || other.logy
        if colormap == .auto { p.colormap = other.colormap }
        p.colorbar = colorbar && other.colorbar
        if legend == .best { p.legend = other.legend }
        p.xtickLabels = xtickLabels ?? other.xtickLabels
        p.ytickLabels = ytickLabels ?? other.ytickLabels
        p.categories = categories ?? other.categories
        p.twin = twin ?? other.twin
        if aspect == .auto { p.aspect = other.aspect }
        return p
    }
}

extension Figure {
    /// The single-panel figures `figures` drawn on one set of axes.
    public static func overlay(_ figures: [Figure]) throws(PlotError) -> Figure {
        guard var panel = figures.first?.panels.first else { throw PlotError("nothing to overlay") }
        for (k, f) in figures.enumerated() {
            guard f.panels.count == 1 else {
                throw PlotError("plot \(k + 1) has \(f.panels.count) panels; only single plots can share axes (overlay them before subplots)")
            }
            if k > 0 { panel = panel.overlaid(with: f.panels[0]) }
        }
        var out = Figure(panel)
        out.title = figures.lazy.compactMap(\.title).first
        return out
    }

    /// matplotlib's `twinx`: `right`'s series drawn over `left`'s against a second y axis on
    /// the right that shares the x axis. The right axis takes `right`'s y label, limits and
    /// log scale; everything else comes from `left` first. Colours continue the palette.
    public static func twinx(_ left: Figure, _ right: Figure) throws(PlotError) -> Figure {
        for (k, f) in [left, right].enumerated() {
            guard f.panels.count == 1 else {
                throw PlotError("plot \(k + 1) has \(f.panels.count) panels; twinx needs two single plots")
            }
            guard f.panels[0].twin == nil else { throw PlotError("plot \(k + 1) already has a second y axis") }
            guard f.panels[0].heatmap == nil else { throw PlotError("plot \(k + 1) is a heatmap; heatmaps cannot share twin axes") }
        }
        let r = right.panels[0]
        var moved = r
        moved.series = r.series.map { s in var s = s; s.yAxis = .right; return s }
        moved.ylabel = nil; moved.ylim = nil; moved.logy = false
        var panel = left.panels[0].overlaid(with: moved)
        panel.twin = TwinAxis(ylabel: r.ylabel, ylim: r.ylim, logy: r.logy)
        var out = Figure(panel)
        out.title = left.title ?? right.title
        return out
    }
}

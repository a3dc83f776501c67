// Validation: what makes a figure drawable, checked before anything is drawn so
// that bad input gives one clear message instead of an empty or broken plot:
// no empty series, x and y of equal length, some finite data, positive data on
// log axes, ordered limits, at most one heatmap per panel and no log heatmaps;
// a twin (right) y axis only where series use it, and never beside a heatmap.
// Messages name the argument (x, y, data) but not the built-in; callers prefix it.

extension Panel {
    public func validate() throws(PlotError) {
        guard !series.isEmpty else { throw PlotError("nothing to plot") }
        var heatmaps = 0
        for s in series {
            // Series on the twin axis are checked against its scale.
            let logy = s.yAxis == .right ? (twin?.logy ?? false) : self.logy
            if s.yAxis == .right && twin == nil { throw PlotError("a series is drawn against a right y axis the panel does not have") }
            switch s.kind {
            case .line(let x, let y), .scatter(let x, let y):
                guard x.count == y.count else {
                    throw PlotError("x and y differ in length (\(x.count) and \(y.count))")
                }
                guard !y.isEmpty else { throw PlotError("y is empty") }
                guard zip(x, y).contains(where: { $0.isFinite && $1.isFinite }) else {
                    throw PlotError("no finite points to plot (all are nan or inf)")
                }
                if logx { try Panel.positive(x, "x", "logx") }
                if logy { try Panel.positive(y, "y", "logy") }
            case .heatmap(let m):
                heatmaps += 1
                guard m.rows > 0, m.cols > 0, m.values.count == m.rows * m.cols else {
                    throw PlotError("the matrix is empty")
                }
                guard m.values.contains(where: \.isFinite) else {
                    throw PlotError("the matrix has no finite values (all are nan or inf)")
                }
                if logx || logy { throw PlotError("a heatmap cannot have a log axis") }
            case .histogram(let edges, let counts):
                guard !counts.isEmpty, edges.count == counts.count + 1 else { throw PlotError("the data is empty") }
                if logx { try Panel.positive(edges, "the bin edges", "logx") }
                if logy, !counts.contains(where: { $0 > 0 }) { throw PlotError("logy needs a non-empty bin") }
            case .bar(let values, let labels):
                guard !values.isEmpty else { throw PlotError("values is empty") }
                guard labels.isEmpty || labels.count == values.count else {
                    throw PlotError("\(values.count) values but \(labels.count) labels")
                }
                guard values.allSatisfy(\.isFinite) else { throw PlotError("values must be finite (no nan or inf)") }
                if logx { throw PlotError("a bar chart cannot have logx") }
                if logy { try Panel.positive(values, "values", "logy") }
            case .band(let x, let lower, let upper), .errorbar(let x, _, let lower, let upper):
                guard !x.isEmpty else { throw PlotError("x is empty") }
                guard lower.count == x.count, upper.count == x.count else {
                    throw PlotError("x, lower and upper differ in length (\(x.count), \(lower.count) and \(upper.count))")
                }
                if case .errorbar(_, let y, _, _) = s.kind, y.count != x.count {
                    throw PlotError("x and y differ in length (\(x.count) and \(y.count))")
                }
                if logx { try Panel.positive(x, "x", "logx") }
                if logy { try Panel.positive(lower + upper, "the bounds", "logy") }
            case .hline(let v), .vline(let v):
                guard v.isFinite else { throw PlotError("a reference line needs a finite value, got \(Ticks.compact(v))") }
            case .text(let x, let y, _):
                guard x.isFinite, y.isFinite else { throw PlotError("text needs a finite position") }
            }
        }
        if heatmaps > 1 { throw PlotError("a panel can hold only one heatmap") }
        let others = series.contains { s in
            if case .heatmap = s.kind { return false }
            return !s.isDecoration
        }
        if heatmaps == 1 && others {
            throw PlotError("a heatmap cannot share its panel with other series (only hline, vline and annotate)")
        }
        if colormap == .categorical, let m = heatmap {
            for v in m.values where v.isFinite {
                guard v >= 0, v == v.rounded(), v < 1e6 else {
                    throw PlotError("the categorical colormap needs integer values 0, 1, 2, ..., got \(Ticks.compact(v))")
                }
                if let names = categories, Int(v) >= names.count {
                    throw PlotError("value \(Int(v)) has no name in categories (\(names.count) given)")
                }
            }
        }
        if let xt = xtickLabels, let m = heatmap, xt.count != m.cols {
            throw PlotError("xticks has \(xt.count) labels for \(m.cols) columns")
        }
        if let yt = ytickLabels, let m = heatmap, yt.count != m.rows {
            throw PlotError("yticks has \(yt.count) labels for \(m.rows) rows")
        }
        try Panel.check(xlim, "xlim", log: logx)
        try Panel.check(ylim, "ylim", log: logy)
        if let twin {
            try Panel.check(twin.ylim, "the right axis's ylim", log: twin.logy)
            if heatmap != nil { throw PlotError("a heatmap cannot have a second y axis") }
        }
        if aspect == .equal && (logx || logy || twin != nil) {
            throw PlotError("aspect \"equal\" needs linear x and y axes and a single y axis")
        }
        try Panel.check(clim, "clim", log: false)
    }

    private static func positive(_ values: [Double], _ name: String, _ option: String) throws(PlotError) {
        let bad = values.filter { $0.isFinite && $0 <= 0 }
        guard let worst = bad.min() else { return }
        throw PlotError("\(option) needs positive values, but \(name) has \(bad.count) value\(bad.count == 1 ? "" : "s") ≤ 0 (smallest \(Ticks.compact(worst)))")
    }

    private static func check(_ l: Limits?, _ name: String, log: Bool) throws(PlotError) {
        guard let l else { return }
        guard l.lo.isFinite, l.hi.isFinite, l.lo < l.hi else {
            throw PlotError("\(name) must be [lo, hi] with finite lo < hi, got [\(Ticks.compact(l.lo)), \(Ticks.compact(l.hi))]")
        }
        if log && l.lo <= 0 { throw PlotError("\(name) must be positive on a log axis, got lo = \(Ticks.compact(l.lo))") }
    }
}

extension Figure {
    /// Checks every panel; the message says which panel failed when there are several.
    public func validate() throws(PlotError) {
        guard !panels.isEmpty else { throw PlotError("a figure needs at least one panel") }
        for (i, p) in panels.enumerated() {
            do { try p.validate() } catch {
                throw panels.count == 1 ? error : PlotError("panel \(i + 1): \(error.message)")
            }
        }
    }
}

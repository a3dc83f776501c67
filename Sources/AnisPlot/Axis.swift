// Axis: the data range an axis shows, linear or logarithmic, and how values
// map to a fraction of its length. `Panel.axes()` derives both axes of a panel
// from its series (with matplotlib-like 5% margins, bars and histograms sitting
// on zero, heatmaps on cell edges with row 0 at the top) and the user's limits;
// `twinAxis()` the right-hand y axis of a twin panel; `axes(width:height:)` the
// axes as drawn, widened for an equal aspect.
import Glibc

public struct Axis: Sendable, Equatable {
    public var lo: Double, hi: Double
    public var log: Bool
    /// True for a heatmap's row axis: row 0 at the top.
    public var inverted: Bool
    /// Integer positions only (heatmap rows/columns, bar categories).
    public var integral: Bool

    public init(lo: Double, hi: Double, log: Bool = false, inverted: Bool = false, integral: Bool = false) {
        self.lo = lo; self.hi = hi; self.log = log; self.inverted = inverted; self.integral = integral
    }

    /// Where `v` lies along the axis: 0 at the start (left or bottom), 1 at the end.
    /// NaN for values a log axis cannot show. May fall outside [0, 1].
    public func fraction(_ v: Double) -> Double {
        let f: Double
        if log {
            guard v > 0 else { return .nan }
            f = (Glibc.log10(v) - Glibc.log10(lo)) / (Glibc.log10(hi) - Glibc.log10(lo))
        } else {
            f = (v - lo) / (hi - lo)
        }
        return inverted ? 1 - f : f
    }

    /// The value at fraction `f` of the axis (the inverse of `fraction`).
    public func value(atFraction f: Double) -> Double {
        let g = inverted ? 1 - f : f
        if log { return Glibc.pow(10, Glibc.log10(lo) + g * (Glibc.log10(hi) - Glibc.log10(lo))) }
        return lo + g * (hi - lo)
    }

    /// Nice tick positions, at most `maxCount`.
    public func ticks(maxCount: Int) -> [Double] {
        if log { return Ticks.log(lo, hi, maxCount: maxCount) }
        let t = Ticks.linear(lo, hi, maxCount: maxCount)
        if integral {
            let whole = t.filter { $0 == $0.rounded() }
            return whole.isEmpty ? t : whole
        }
        return t
    }

    public func labels(_ ticks: [Double]) -> [String] { Ticks.labels(ticks, log: log) }
}

extension Panel {
    /// The x and y axes of this panel (y: the left one, of the series drawn against it).
    /// Call `validate()` first; on an invalid panel the ranges are still finite but meaningless.
    public func axes() -> (x: Axis, y: Axis) {
        let left = extents(.left, logy: logy), right = extents(.right, logy: twin?.logy ?? false)
        var xs = left.x
        xs.add(right.x.lo); xs.add(right.x.hi)
        var x = Axis.fitted(xs, log: logx, margin: left.xMargin, sticky: false)
        x.integral = left.xIntegral
        if let l = xlim { x.lo = l.lo; x.hi = l.hi }
        return (x, yAxis(left, log: logy, limits: ylim))
    }

    /// The right-hand y axis of a panel with a twin (nil without one).
    public func twinAxis() -> Axis? {
        guard let twin else { return nil }
        return yAxis(extents(.right, logy: twin.logy), log: twin.logy, limits: twin.ylim)
    }

    /// The axes as drawn in an area of `width` × `height` square pixels (or braille dots):
    /// with `aspect: equal`, the range of the axis with room to spare widens about its
    /// centre until one data unit spans as many pixels on x as on y.
    public func axes(width: Double, height: Double) -> (x: Axis, y: Axis) {
        let (x, y) = axes()
        guard aspect == .equal, heatmap == nil, !x.log, !y.log, width > 0, height > 0 else { return (x, y) }
        let perX = (x.hi - x.lo) / width, perY = (y.hi - y.lo) / height
        guard perX.isFinite, perY.isFinite, perX > 0, perY > 0 else { return (x, y) }
        var (ex, ey) = (x, y)
        if perX > perY {
            let c = y.lo / 2 + y.hi / 2, half = perX * height / 2
            ey.lo = c - half; ey.hi = c + half
        } else {
            let c = x.lo / 2 + x.hi / 2, half = perY * width / 2
            ex.lo = c - half; ex.hi = c + half
        }
        // Ranges near the largest doubles would overflow: keep the unequal axes then.
        guard ex.lo.isFinite, ex.hi.isFinite, ey.lo.isFinite, ey.hi.isFinite, ex.lo < ex.hi, ey.lo < ey.hi else { return (x, y) }
        return (ex, ey)
    }

    /// The axis of a series: the twin's for series on the right, else `y`.
    public func yAxis(of s: Series, left y: Axis, right y2: Axis?) -> Axis {
        s.yAxis == .right ? (y2 ?? y) : y
    }

    private func yAxis(_ e: DataExtents, log: Bool, limits: Limits?) -> Axis {
        var y = Axis.fitted(e.y, log: log, margin: e.yMargin, sticky: e.stickyZeroY)
        y.integral = e.yIntegral; y.inverted = e.inverted
        if let l = limits { y.lo = l.lo; y.hi = l.hi }
        return y
    }

    /// What the series drawn against one y axis span, and how their axes behave.
    private struct DataExtents {
        var x = Extent(), y = Extent()
        var stickyZeroY = false, xIntegral = false, yIntegral = false, inverted = false
        var xMargin = true, yMargin = true
    }

    private func extents(_ side: YAxisSide, logy: Bool) -> DataExtents {
        var e = DataExtents()
        for s in series where s.yAxis == side {
            switch s.kind {
            case .line(let x, let y), .scatter(let x, let y):
                for i in 0..<min(x.count, y.count) where x[i].isFinite && y[i].isFinite {
                    if logx && x[i] <= 0 { continue }
                    if logy && y[i] <= 0 { continue }
                    e.x.add(x[i]); e.y.add(y[i])
                }
            case .heatmap(let m):
                e.x.add(-0.5); e.x.add(Double(m.cols) - 0.5)
                e.y.add(-0.5); e.y.add(Double(m.rows) - 0.5)
                e.xMargin = false; e.yMargin = false; e.inverted = true; e.xIntegral = true; e.yIntegral = true
            case .histogram(let edges, let counts):
                if let a = edges.first, let b = edges.last { e.x.add(a); e.x.add(b) }
                for c in counts where !(logy && c <= 0) { e.y.add(c) }
                if !logy { e.y.add(0); e.stickyZeroY = true }
            case .bar(let values, _):
                e.x.add(-0.5); e.x.add(Double(values.count) - 0.5); e.xIntegral = true
                for v in values where v.isFinite && !(logy && v <= 0) { e.y.add(v) }
                if !logy { e.y.add(0); e.stickyZeroY = true }
            case .band(let x, let lower, let upper), .errorbar(let x, _, let lower, let upper):
                for i in 0..<min(x.count, lower.count, upper.count) where !(logx && x[i] <= 0) {
                    e.x.add(x[i])
                    for v in [lower[i], upper[i]] where !(logy && v <= 0) { e.y.add(v) }
                }
            case .hline(let v): if !(logy && v <= 0) { e.y.add(v) }
            case .vline(let v): if !(logx && v <= 0) { e.x.add(v) }
            case .text: break
            }
        }
        return e
    }
}

/// The finite min and max seen so far.
struct Extent {
    var lo = Double.infinity, hi = -Double.infinity
    mutating func add(_ v: Double) {
        guard v.isFinite else { return }
        lo = min(lo, v); hi = max(hi, v)
    }
    var isEmpty: Bool { lo > hi }
}

extension Axis {
    /// An axis over `e` with 5% margins (in log space on a log axis); a zero
    /// bound stays on zero when `sticky` (bars and histograms stand on the axis).
    static func fitted(_ e: Extent, log: Bool, margin: Bool, sticky: Bool) -> Axis {
        guard !e.isEmpty else { return log ? Axis(lo: 1, hi: 10, log: true) : Axis(lo: 0, hi: 1) }
        if log {
            var a = Glibc.log10(e.lo), b = Glibc.log10(e.hi)
            if a == b { a -= 0.5; b += 0.5 } else if margin { let m = (b - a) * 0.05; a -= m; b += m }
            return Axis(lo: Glibc.pow(10, a), hi: Glibc.pow(10, b), log: true)
        }
        var a = e.lo, b = e.hi
        if a == b {
            let d = a == 0 ? 1 : Swift.abs(a) * 0.1
            a -= d; b += d
        } else if margin {
            let m = (b - a) * 0.05
            if !(sticky && a == 0) { a -= m }
            if !(sticky && b == 0) { b += m }
        }
        return Axis(lo: a, hi: b)
    }
}

// Ticks: "nice" tick positions and their labels. Linear axes step by 1, 2 or 5
// times a power of ten; log axes put ticks on decades (every k-th decade when
// there are many) and fall back to nice linear ticks when the range spans less
// than two decades. Labels use as few decimals as the step needs, scientific
// notation for very large or small values, and 10ⁿ for decades.
import Glibc

public enum Ticks {
    /// At most `maxCount` (≥ 2) nice ticks inside [lo, hi], ascending.
    public static func linear(_ lo: Double, _ hi: Double, maxCount: Int) -> [Double] {
        guard lo.isFinite, hi.isFinite, hi > lo else { return lo.isFinite ? [lo] : [] }
        let n = max(2, maxCount)
        // The smallest 1-2-5 step that gives at most n ticks.
        var step = niceStep((hi - lo) / Double(2 * n))
        var previous: [Double] = []
        // Each pass at least doubles the step, so 2100 passes span every Double (the bound
        // guards against a step that stops growing, e.g. among subnormal numbers).
        for _ in 0..<2100 {
            let ticks = positions(lo, hi, step)
            if ticks.count <= n || step >= (hi - lo) * 10 {
                // The jump from a step of 2 to 5 can leave a lone tick ([-4.4, 4.4] → just 0);
                // one tick over the budget reads better than an axis without numbers.
                if ticks.count < 2, previous.count <= n + 1, previous.count > ticks.count { return previous }
                return ticks
            }
            previous = ticks
            let next = niceStep(step * 1.01)
            step = next > step ? next : step * 2
        }
        return [lo, hi]
    }

    /// The spacing of `linear`'s ticks (used to choose label decimals).
    public static func step(of ticks: [Double]) -> Double {
        let s = ticks.count >= 2 ? ticks[1] - ticks[0] : (ticks.first.map { Swift.abs($0) } ?? 1)
        return s > 0 && s.isFinite ? s : 1
    }

    /// The smallest of 1, 2, 5 × 10^k that is ≥ `raw`.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let e = Glibc.floor(Glibc.log10(raw))
        let base = Glibc.pow(10, e)
        let f = raw / base
        let nice: Double = f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10
        return nice * base
    }

    private static func positions(_ lo: Double, _ hi: Double, _ step: Double) -> [Double] {
        guard step > 0, step.isFinite else { return [] }
        let eps = step * 1e-9
        let first = Glibc.ceil((lo - eps) / step), last = Glibc.floor((hi + eps) / step)
        // Past 2^52, k + 1 == k: counting from `first` to `last` would never end.
        guard last >= first, last - first < 10_000, Swift.abs(first) < 0x1p52, Swift.abs(last) < 0x1p52 else { return [] }
        let decimals = max(0, -Int(Glibc.floor(Glibc.log10(step)))) + 1
        let scale = Glibc.pow(10, Double(min(decimals, 15)))
        return (0...Int(last - first)).map { i in
            let v = (first + Double(i)) * step
            let r = Swift.abs(v) < 1e15 / scale ? (v * scale).rounded() / scale : v
            return r == 0 ? 0 : r  // no "-0"
        }
    }

    /// Ticks for a log axis over [lo, hi] (both > 0): decades, or nice linear
    /// ticks when fewer than two decades fall inside the range.
    public static func log(_ lo: Double, _ hi: Double, maxCount: Int) -> [Double] {
        guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else { return [] }
        let a = Int(Glibc.ceil(Glibc.log10(lo) - 1e-9)), b = Int(Glibc.floor(Glibc.log10(hi) + 1e-9))
        let decades = b - a + 1
        if decades < 2 {
            // Short ranges: 1-2-5 × 10^k, else 1…9 × 10^k, else nice linear ticks.
            for mantissas in [[1.0, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]] {
                var t: [Double] = []
                for k in (a - 1)...(b + 1) {
                    for m in mantissas {
                        let v = k < 0 ? m / Glibc.pow(10, Double(-k)) : m * Glibc.pow(10, Double(k))
                        if v >= lo * (1 - 1e-12), v <= hi * (1 + 1e-12) { t.append(v) }
                    }
                }
                if t.count >= 3 && t.count <= max(2, maxCount) { return t }
            }
            return linear(lo, hi, maxCount: maxCount).filter { $0 > 0 }
        }
        let every = max(1, (decades + max(2, maxCount) - 1) / max(2, maxCount))
        let start = Int((Double(a) / Double(every)).rounded(.up)) * every
        return stride(from: start, through: b, by: every).map { Glibc.pow(10, Double($0)) }
    }

    /// Minor ticks of a log axis: 2…9 × 10^k inside [lo, hi] (empty beyond 8 decades).
    public static func logMinor(_ lo: Double, _ hi: Double) -> [Double] {
        guard lo > 0, hi > lo, lo.isFinite, hi.isFinite else { return [] }
        let a = Int(Glibc.floor(Glibc.log10(lo))), b = Int(Glibc.ceil(Glibc.log10(hi)))
        guard b - a <= 8 else { return [] }
        var out: [Double] = []
        for k in a...b {
            for m in 2...9 {
                let v = Double(m) * Glibc.pow(10, Double(k))
                if v >= lo, v <= hi { out.append(v) }
            }
        }
        return out
    }

    /// Labels for `ticks`, on a log axis when `log` is true.
    public static func labels(_ ticks: [Double], log: Bool) -> [String] {
        if log, ticks.allSatisfy(isDecade) {
            return ticks.map { "10" + superscript(Int(Glibc.log10($0).rounded())) }  // decades: finite, > 0
        }
        if log { return ticks.map(compact) }  // 1-2-5 ticks on a short log range
        let step = step(of: ticks)
        let biggest = ticks.map { Swift.abs($0) }.max() ?? 0
        if biggest >= 1e6 || (biggest > 0 && biggest < 1e-3) {
            return ticks.map { scientific($0, step: step) }
        }
        let decimals = max(0, -Int(Glibc.floor(Glibc.log10(step) + 1e-9)))
        return ticks.map { format($0, decimals: decimals) }
    }

    /// A single value, compactly (colour bar ends, bar values).
    public static func compact(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "-inf") }
        let a = Swift.abs(v)
        if a != 0 && (a >= 1e6 || a < 1e-3) { return scientific(v, step: a / 100) }
        var s = String(printf: "%.4g", v)
        if s == "-0" { s = "0" }
        return s
    }

    static func isDecade(_ v: Double) -> Bool {
        guard v > 0 else { return false }
        let e = Glibc.log10(v)
        return Swift.abs(e - e.rounded()) < 1e-9
    }

    static func format(_ v: Double, decimals: Int) -> String {
        guard v.isFinite else { return compact(v) }
        var s = String(printf: "%.\(min(decimals, 12))f", v)
        if s.hasPrefix("-"), s.dropFirst().allSatisfy({ $0 == "0" || $0 == "." }) { s.removeFirst() }
        return s.replacing("-", with: "−")
    }

    static func scientific(_ v: Double, step: Double) -> String {
        if v == 0 { return "0" }
        guard v.isFinite else { return v.isNaN ? "nan" : (v > 0 ? "inf" : "−inf") }
        let e = Int(Glibc.floor(Glibc.log10(Swift.abs(v))))
        let mantissa = v / Glibc.pow(10, Double(e))
        let stepMantissa = step / Glibc.pow(10, Double(e))
        let decimals = stepMantissa > 0 ? max(0, min(6, -Int(Glibc.floor(Glibc.log10(stepMantissa) + 1e-9)))) : 2
        let m = String(printf: "%.\(decimals)f", mantissa).replacing("-", with: "−")
        return "\(m)e\(e < 0 ? "−" : "")\(Swift.abs(e))"
    }

    /// `-3` as "⁻³".
    public static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        return (n < 0 ? "⁻" : "") + String(Swift.abs(n)).compactMap { c in c.wholeNumberValue.map { digits[$0] } }
    }
}

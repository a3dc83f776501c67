// Histogram: bins data into equal-width bins over its finite range (nan and
// inf are ignored), as numpy.histogram does: the last bin includes its right edge.
public enum Histogram {
    /// Bin edges and counts; edges are nil when there is no finite value.
    public static func counts(_ data: [Double], bins: Int, range: Limits? = nil) -> (edges: [Double]?, counts: [Double]) {
        let n = max(1, bins)
        var e = Extent()
        for v in data { e.add(v) }
        if let range { e = Extent(); e.add(range.lo); e.add(range.hi) }
        guard !e.isEmpty else { return (nil, []) }
        var lo = e.lo, hi = e.hi
        if lo == hi { lo -= 0.5; hi += 0.5 }
        let width = (hi - lo) / Double(n)
        let edges = (0...n).map { $0 == n ? hi : lo + Double($0) * width }
        var counts = [Double](repeating: 0, count: n)
        for v in data where v.isFinite && v >= lo && v <= hi {
            let k = (v - lo) / width
            counts[k.isFinite ? min(n - 1, max(0, Int(k))) : (v > (lo + hi) / 2 ? n - 1 : 0)] += 1
        }
        return (edges, counts)
    }
}

// Tensor+Counting: bincount and histogram (NumPy's semantics: equal-width bins whose
// last one is closed on the right), and isclose's tolerance test.
import Glibc

extension Tensor {
    /// How often each non-negative integer occurs in the (flattened) tensor, or the sum of
    /// `weights` at its positions: element k of the result counts the value k. The length is
    /// the largest value + 1, at least `minLength`.
    public static func bincount(_ x: Tensor, weights: Tensor?, minLength: Int) throws(TensorError) -> Tensor {
        guard minLength >= 0 else { throw TensorError("bincount: minlength must be non-negative, got \(minLength)") }
        if let w = weights, w.count != x.count {
            throw TensorError("bincount: weights have \(w.count) elements, the values \(x.count)")
        }
        var largest = -1
        let values = x.elements
        for v in values {
            guard v >= 0, v == v.rounded(), v < 9e15 else {
                throw TensorError("bincount: values must be non-negative integers, got \(formatScalar(v, precision: 6))")
            }
            largest = Swift.max(largest, Int(v))
        }
        var out = try Tensor(shape: [Swift.max(largest + 1, minLength)], repeating: 0, op: "bincount")
        let w = weights?.elements
        out.withUnsafeMutableBufferPointer { counts in
            for (i, v) in values.enumerated() { counts[Int(v)] += w?[i] ?? 1 }
        }
        return out
    }

    /// NumPy's histogram of the (flattened) tensor: `bins` equal-width bins over `range`
    /// (default: the finite data's min to max, widened by 0.5 each way when they are equal),
    /// or the given increasing `edges`. Every bin is [left, right) except the last, [left, right].
    /// Values outside the range, and NaN and ±inf, are not counted. With `density` the counts
    /// are divided by (total × bin width), so the histogram integrates to 1.
    public static func histogram(_ x: Tensor, bins: Int?, edges given: Tensor?, range: (Double, Double)?,
                                 weights: Tensor?, density: Bool) throws(TensorError) -> (counts: Tensor, edges: Tensor) {
        if let w = weights, w.count != x.count {
            throw TensorError("histogram: weights have \(w.count) elements, the values \(x.count)")
        }
        let values = x.elements
        var edges: [Double]
        if let given {
            edges = given.elements
            guard given.rank == 1, edges.count >= 2 else { throw TensorError("histogram: bins must be a number or at least two edges") }
            for k in 1..<edges.count where !(edges[k] >= edges[k - 1]) {
                throw TensorError("histogram: bin edges must increase monotonically")
            }
        } else {
            let n = bins ?? 10
            guard n >= 1 else { throw TensorError("histogram: bins must be at least 1, got \(n)") }
            var (lo, hi) = range ?? (0, 1)
            if range == nil {
                let finite = values.filter(\.isFinite)
                if let mn = finite.min(), let mx = finite.max() { lo = mn; hi = mx }
            }
            guard lo.isFinite, hi.isFinite, lo <= hi else {
                throw TensorError("histogram: range must be finite with lo ≤ hi, got [\(formatScalar(lo, precision: 6)), \(formatScalar(hi, precision: 6))]")
            }
            if lo == hi { lo -= 0.5; hi += 0.5 }
            // NumPy 2 bins float32 data by float32 edges: from the data's own range its
            // linspace runs in float32 arithmetic, from a given range (numbers) in float64, rounded.
            edges = x.dtype == .float32 && range == nil ? float32Edges(lo, hi, n) : try linspace(lo, hi, n + 1).elements
            if x.dtype == .float32 { edges = edges.map { Double(Float($0)) } }
            // Near ±1e308 widening by 0.5 changes nothing and hi − lo can overflow: NumPy's
            // "too many bins for data range" (the bin arithmetic below needs a finite width).
            guard (hi - lo).isFinite, zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw TensorError("histogram: cannot make \(n) finite-sized bins over [\(formatScalar(lo, precision: 6)), \(formatScalar(hi, precision: 6))]; give range: or bins: edges")
            }
        }
        let nBins = edges.count - 1
        let first = edges[0], last = edges[nBins]
        var counts = [Double](repeating: 0, count: nBins)
        let w = weights?.elements
        let uniform = given == nil
        let width = last - first
        for (i, v) in values.enumerated() where v >= first && v <= last {
            var k: Int
            if uniform {
                // NumPy's fast path: the bin from arithmetic, corrected against the edges.
                k = Swift.min(Int(((v - first) / width * Double(nBins)).rounded(.down)), nBins - 1)
                if v < edges[k] { k -= 1 } else if k < nBins - 1 && v >= edges[k + 1] { k += 1 }
            } else {
                // The last edge that is ≤ v (binary search), the last bin closed on the right.
                var lo = 0, hi = nBins
                while hi - lo > 1 { let mid = (lo + hi) / 2; if edges[mid] <= v { lo = mid } else { hi = mid } }
                k = lo
            }
            counts[k] += w?[i] ?? 1
        }
        if density {
            let total = counts.reduce(0, +)
            for k in 0..<nBins { counts[k] /= total * (edges[k + 1] - edges[k]) }
        }
        return (Tensor(counts), try Tensor(edges).converted(to: given?.dtype ?? x.dtype, op: "histogram"))
    }

    /// NumPy's float32 linspace: lo + i·((hi − lo)/n), each operation rounded to float32,
    /// the last edge hi itself, so a value on an edge lands in the same bin as in NumPy.
    static func float32Edges(_ lo: Double, _ hi: Double, _ n: Int) -> [Double] {
        let start = Float(lo), stop = Float(hi), step = (stop - start) / Float(n)
        return (0...n).map { i in i == n ? Double(stop) : Double(Float(i) * step + start) }
    }

    /// NumPy's isclose: |a − b| ≤ atol + rtol·|b| elementwise (broadcasting), infinities
    /// equal only to themselves, NaN equal to NaN only with `equalNaN`. A mask.
    public static func isclose(_ a: Tensor, _ b: Tensor, rtol: Double, atol: Double, equalNaN: Bool) throws(TensorError) -> Tensor {
        var out = try Tensor.binary(a, b, op: "isclose") { x, y in
            if x.isNaN || y.isNaN { return equalNaN && x.isNaN && y.isNaN ? 1 : 0 }
            if x.isInfinite || y.isInfinite { return x == y ? 1 : 0 }
            return Swift.abs(x - y) <= atol + rtol * Swift.abs(y) ? 1 : 0
        }
        out.isMask = true
        return out
    }
}

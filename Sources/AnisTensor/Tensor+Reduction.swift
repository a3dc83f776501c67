// Tensor+Reduction: sum, mean, var/std, min/max, argmin/argmax, norm, prod and
// cumulative sums, over all elements or along one axis (NumPy semantics).
import Glibc

extension Tensor {
    /// Keeps the unqualified `max(Int, Int)` in Tensor.swift's `maxElements` resolving now that
    /// Tensor has a `max` reduction. Remove once Tensor.swift writes `Swift.max` there.
    static func max(_ a: Int, _ b: Int) -> Int { Swift.max(a, b) }

    /// `axis` made non-negative for a tensor of rank `rank` (default: this tensor's rank);
    /// throws `"sum: axis 2 is out of bounds for shape (3, 4)"`.
    public func normalizedAxis(_ axis: Int, op: String, rank r: Int? = nil) throws(TensorError) -> Int {
        let rk = r ?? rank
        let a = axis < 0 ? axis + rk : axis  // axis < 0 and rk >= 0: cannot overflow
        guard a >= 0 && a < rk else {
            throw TensorError("\(op): axis \(axis) is out of bounds for shape \(shapeDescription)")
        }
        return a
    }

    /// (elements before `axis`, extent of `axis`, elements after `axis`); all elements as one axis when nil.
    func split(_ axis: Int?) -> (outer: Int, n: Int, inner: Int) {
        guard let a = axis else { return (1, count, 1) }
        let outer = shape[..<a].reduce(1, *), inner = shape[(a + 1)...].reduce(1, *)
        return (outer, shape[a], inner)
    }

    func reducedShape(_ axis: Int?, keepdims: Bool) -> [Int] {
        guard let a = axis else { return keepdims ? [Int](repeating: 1, count: rank) : [] }
        var s = shape
        if keepdims { s[a] = 1 } else { s.remove(at: a) }
        return s
    }

    /// Shared reduction loop. `row` reduces a contiguous run; `combine` folds one element into
    /// an accumulator starting at `initial`; `finish` maps (accumulator, axis length) to the result.
    @inline(__always)
    func reduce(op: String, axis: Int?, keepdims: Bool, needsElements: Bool, initial: Double,
                row: (UnsafePointer<Double>, Int) -> Double,
                combine: (Double, Double) -> Double,
                finish: (Double, Int) -> Double) throws(TensorError) -> Tensor {
        // float32: the elements are widened, so the reduction accumulates in float64 (more
        // accurate than NumPy's float32 pairwise sum); the result is rounded to float32.
        if dtype == .float32 {
            return try converted(to: .float64, op: op).reduce(op: op, axis: axis, keepdims: keepdims, needsElements: needsElements,
                                                              initial: initial, row: row, combine: combine, finish: finish).converted(to: .float32, op: op)
        }
        let ax: Int? = try axis.map { (a: Int) throws(TensorError) -> Int in try normalizedAxis(a, op: op) }
        let (outer, n, inner) = split(ax)
        if needsElements && n == 0 {
            let what = ax.map { "along axis \($0) of" } ?? "of"
            throw TensorError("\(op): cannot reduce an empty sequence \(what) shape \(shapeDescription)")
        }
        let out = try Tensor(uninitializedShape: reducedShape(ax, keepdims: keepdims), op: op)
        let p = UnsafePointer(storage.pointer), po = out.storage.pointer
        var sincePoll = 0
        if inner == 1 {
            for o in 0..<outer {
                var acc = initial
                var s = 0
                while s < n {
                    let e = Swift.min(n, s + Tensor.pollInterval)
                    acc = combine(acc, row(p + o * n + s, e - s))
                    sincePoll += e - s
                    if sincePoll >= Tensor.pollInterval { sincePoll = 0; try Interrupt.check() }
                    s = e
                }
                po[o] = finish(acc, n)
            }
        } else {
            for o in 0..<outer {
                let dst = po + o * inner
                dst.update(repeating: initial, count: inner)
                for k in 0..<n {
                    let src = p + (o * n + k) * inner
                    for i in 0..<inner { dst[i] = combine(dst[i], src[i]) }
                    sincePoll += inner
                    if sincePoll >= Tensor.pollInterval { sincePoll = 0; try Interrupt.check() }
                }
                for i in 0..<inner { dst[i] = finish(dst[i], n) }
            }
        }
        return out
    }

    /// Sum of a contiguous run with eight accumulators (faster and more accurate than one),
    /// in the elements' own type (the toy trainer sums float32 rows in float32).
    @inline(__always)
    static func rowSum<T: TensorScalar>(_ p: UnsafePointer<T>, _ n: Int) -> T {
        var a0: T = 0, a1: T = 0, a2: T = 0, a3: T = 0, a4: T = 0, a5: T = 0, a6: T = 0, a7: T = 0
        var i = 0
        while i + 8 <= n {
            a0 += p[i]; a1 += p[i + 1]; a2 += p[i + 2]; a3 += p[i + 3]
            a4 += p[i + 4]; a5 += p[i + 5]; a6 += p[i + 6]; a7 += p[i + 7]
            i += 8
        }
        while i < n { a0 += p[i]; i += 1 }
        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))
    }

    @inline(__always)
    static func rowSumSquares(_ p: UnsafePointer<Double>, _ n: Int) -> Double {
        var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0
        var i = 0
        while i + 4 <= n {
            a0 += p[i] * p[i]; a1 += p[i + 1] * p[i + 1]; a2 += p[i + 2] * p[i + 2]; a3 += p[i + 3] * p[i + 3]
            i += 4
        }
        while i < n { a0 += p[i] * p[i]; i += 1 }
        return (a0 + a1) + (a2 + a3)
    }

    // MARK: tensor-returning reductions

    // sum: Tensor+Sum.swift.

    /// Product over all elements or along `axis` (1 for an empty run).
    public func prod(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Tensor {
        try reduce(op: "prod", axis: axis, keepdims: keepdims, needsElements: false, initial: 1,
                   row: { p, n in var a = 1.0; for i in 0..<n { a *= p[i] }; return a },
                   combine: { $0 * $1 }, finish: { a, _ in a })
    }

    /// Arithmetic mean over all elements or along `axis` (nan for an empty run).
    public func mean(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Tensor {
        try reduce(op: "mean", axis: axis, keepdims: keepdims, needsElements: false, initial: 0,
                   row: Tensor.rowSum, combine: { $0 + $1 }, finish: { a, n in a / Double(n) })
    }

    /// Smallest element overall or along `axis`; nan if any is nan; empty runs are an error.
    public func min(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Tensor {
        try reduce(op: "min", axis: axis, keepdims: keepdims, needsElements: true, initial: .infinity,
                   row: { p, n in var a = Double.infinity; for i in 0..<n { a = nanMin(a, p[i]) }; return a },
                   combine: nanMin, finish: { a, _ in a })
    }

    /// Largest element overall or along `axis`; nan if any is nan; empty runs are an error.
    public func max(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Tensor {
        try reduce(op: "max", axis: axis, keepdims: keepdims, needsElements: true, initial: -.infinity,
                   row: { p, n in var a = -Double.infinity; for i in 0..<n { a = nanMax(a, p[i]) }; return a },
                   combine: nanMax, finish: { a, _ in a })
    }

    /// Euclidean (Frobenius) norm over all elements or along `axis`.
    public func norm(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Tensor {
        var r = try reduce(op: "norm", axis: axis, keepdims: keepdims, needsElements: false, initial: 0,
                           row: Tensor.rowSumSquares, combine: { $0 + $1 }, finish: { a, _ in a.squareRoot() })
        // Sum of squares over- or underflowed: redo the whole-tensor norm scaled by the largest magnitude.
        if axis == nil, let v = r.scalarValue, v.isInfinite || (v > 0 && v < 1e-150) {
            let scale = try abs().max().scalarValue ?? 0
            if scale.isFinite && scale > 0 {
                let ss = try Tensor.div(self, scale).reduce(
                    op: "norm", axis: nil, keepdims: keepdims, needsElements: false, initial: 0,
                    row: Tensor.rowSumSquares, combine: { $0 + $1 }, finish: { a, _ in a.squareRoot() })
                r = try Tensor.mul(ss, scale)
            }
        }
        return r
    }

    /// Variance with divisor `n - ddof` (population variance by default), overall or along `axis`.
    public func `var`(axis: Int? = nil, keepdims: Bool = false, ddof: Int = 0) throws(TensorError) -> Tensor {
        try deviation(op: "var", axis: axis, keepdims: keepdims, ddof: ddof, root: false)
    }

    /// Standard deviation with divisor `n - ddof` (population by default), overall or along `axis`.
    public func std(axis: Int? = nil, keepdims: Bool = false, ddof: Int = 0) throws(TensorError) -> Tensor {
        try deviation(op: "std", axis: axis, keepdims: keepdims, ddof: ddof, root: true)
    }

    private func deviation(op: String, axis: Int?, keepdims: Bool, ddof: Int, root: Bool) throws(TensorError) -> Tensor {
        if dtype == .float32 {
            return try converted(to: .float64, op: op).deviation(op: op, axis: axis, keepdims: keepdims, ddof: ddof, root: root).converted(to: .float32, op: op)
        }
        let ax: Int? = try axis.map { (a: Int) throws(TensorError) -> Int in try normalizedAxis(a, op: op) }
        guard ddof >= 0 else { throw TensorError("\(op): ddof must be non-negative, got \(ddof)") }
        let mean = try self.mean(axis: ax, keepdims: keepdims)
        let (outer, n, inner) = split(ax)
        let out = try Tensor(shape: mean.shape, repeating: 0, op: op)
        let p = UnsafePointer(storage.pointer), pm = UnsafePointer(mean.storage.pointer), po = out.storage.pointer
        var sincePoll = 0
        for o in 0..<outer {
            for k in 0..<n {
                let src = p + (o * n + k) * inner, m = pm + o * inner, dst = po + o * inner
                for i in 0..<inner { let d = src[i] - m[i]; dst[i] += d * d }
                sincePoll += inner
                if sincePoll >= Tensor.pollInterval { sincePoll = 0; try Interrupt.check() }
            }
        }
        let denom = Double(Swift.max(n - ddof, 0))
        for i in 0..<out.count { po[i] = root ? (po[i] / denom).squareRoot() : po[i] / denom }
        return out
    }

    /// Flat index (axis nil) or index along `axis` of the smallest element; the first nan wins.
    public func argmin(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Tensor {
        try argExtreme(op: "argmin", axis: axis, keepdims: keepdims) { $0 < $1 }
    }

    /// Flat index (axis nil) or index along `axis` of the largest element; the first nan wins.
    public func argmax(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Tensor {
        try argExtreme(op: "argmax", axis: axis, keepdims: keepdims) { $0 > $1 }
    }

    @inline(__always)
    private func argExtreme(op: String, axis: Int?, keepdims: Bool,
                            _ better: (Double, Double) -> Bool) throws(TensorError) -> Tensor {
        // Indices stay float64 (float32 holds integers exactly only up to 2^24).
        if dtype == .float32 { return try converted(to: .float64, op: op).argExtreme(op: op, axis: axis, keepdims: keepdims, better) }
        let ax: Int? = try axis.map { (a: Int) throws(TensorError) -> Int in try normalizedAxis(a, op: op) }
        let (outer, n, inner) = split(ax)
        if n == 0 {
            let what = ax.map { "along axis \($0) of" } ?? "of"
            throw TensorError("\(op): cannot take \(op) of an empty sequence \(what) shape \(shapeDescription)")
        }
        let out = try Tensor(uninitializedShape: reducedShape(ax, keepdims: keepdims), op: op)
        let p = UnsafePointer(storage.pointer), po = out.storage.pointer
        var best = [Double](repeating: 0, count: inner)
        var bestIndex = [Int](repeating: 0, count: inner)
        var sincePoll = 0
        for o in 0..<outer {
            let base = p + o * n * inner
            for i in 0..<inner { best[i] = base[i]; bestIndex[i] = 0 }
            for k in 1..<Swift.max(n, 1) {
                let src = base + k * inner
                for i in 0..<inner where !best[i].isNaN {
                    let x = src[i]
                    if x.isNaN || better(x, best[i]) { best[i] = x; bestIndex[i] = k }
                }
                sincePoll += inner
                if sincePoll >= Tensor.pollInterval { sincePoll = 0; try Interrupt.check() }
            }
            for i in 0..<inner { po[o * inner + i] = Double(bestIndex[i]) }
        }
        return out
    }

    /// Running sums along `axis` (of the flattened tensor when nil, like NumPy).
    public func cumsum(axis: Int? = nil) throws(TensorError) -> Tensor {
        try cumulative(op: "cumsum", axis: axis) { $0 + $1 }
    }

    /// Running products along `axis` (of the flattened tensor when nil).
    public func cumprod(axis: Int? = nil) throws(TensorError) -> Tensor {
        try cumulative(op: "cumprod", axis: axis) { $0 * $1 }
    }

    @inline(__always)
    private func cumulative(op: String, axis: Int?, _ f: (Double, Double) -> Double) throws(TensorError) -> Tensor {
        if dtype == .float32 { return try converted(to: .float64, op: op).cumulative(op: op, axis: axis, f).converted(to: .float32, op: op) }
        let ax: Int? = try axis.map { (a: Int) throws(TensorError) -> Int in try normalizedAxis(a, op: op) }
        let (outer, n, inner) = split(ax)
        let out = try Tensor(uninitializedShape: ax == nil ? [count] : shape, op: op)
        let p = UnsafePointer(storage.pointer), po = out.storage.pointer
        var sincePoll = 0
        for o in 0..<outer {
            for k in 0..<n {
                let at = (o * n + k) * inner
                if k == 0 {
                    (po + at).update(from: p + at, count: inner)
                } else {
                    for i in 0..<inner { po[at + i] = f(po[at - inner + i], p[at + i]) }
                }
                sincePoll += inner
                if sincePoll >= Tensor.pollInterval { sincePoll = 0; try Interrupt.check() }
            }
        }
        return out
    }

    // MARK: whole-tensor reductions as Double

    /// Sum of all elements.
    public func sumAll() throws(TensorError) -> Double { try sum().scalarValue ?? 0 }
    /// Product of all elements.
    public func prodAll() throws(TensorError) -> Double { try prod().scalarValue ?? 1 }
    /// Mean of all elements (nan when empty).
    public func meanAll() throws(TensorError) -> Double { try mean().scalarValue ?? .nan }
    /// Smallest element; throws when empty.
    public func minAll() throws(TensorError) -> Double { try min().scalarValue ?? .nan }
    /// Largest element; throws when empty.
    public func maxAll() throws(TensorError) -> Double { try max().scalarValue ?? .nan }
    /// Variance of all elements with divisor `n - ddof`.
    public func varAll(ddof: Int = 0) throws(TensorError) -> Double { try self.var(ddof: ddof).scalarValue ?? .nan }
    /// Standard deviation of all elements with divisor `n - ddof`.
    public func stdAll(ddof: Int = 0) throws(TensorError) -> Double { try std(ddof: ddof).scalarValue ?? .nan }
    /// Euclidean norm of all elements.
    public func normAll() throws(TensorError) -> Double { try norm().scalarValue ?? 0 }
    /// Flat index of the smallest element; throws when empty.
    public func argminAll() throws(TensorError) -> Int { Int(try argmin().scalarValue ?? 0) }
    /// Flat index of the largest element; throws when empty.
    public func argmaxAll() throws(TensorError) -> Int { Int(try argmax().scalarValue ?? 0) }
}

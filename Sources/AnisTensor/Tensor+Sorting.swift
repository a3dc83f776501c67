// Tensor+Sorting: sort and argsort along an axis (stable, NaN last, as NumPy),
// quantiles with NumPy's default linear interpolation, medians and unique values.
// The axis bookkeeping is shared (`lanes`); the per-lane kernels are generic over the
// element type, so a float32 tensor is sorted as float32 and gives float32 values (the
// interpolations of median and quantile are computed in float64 and rounded once).

extension Tensor {
    /// Calls `body(input, output)` for every lane along `axis` (all elements, flattened, when
    /// nil): `input` holds the lane's elements (this tensor's own type `T`) contiguously,
    /// `output` receives `outLength` values of type `Out` that land where the lane was. The
    /// result has `axis` resized to `outLength` (shape `[outLength]` when `axis` is nil).
    func lanes<T: TensorScalar, Out: TensorScalar>(
        _: T.Type, into _: Out.Type, axis: Int?, outLength: Int, op: String,
        _ body: (UnsafeBufferPointer<T>, UnsafeMutableBufferPointer<Out>) throws(TensorError) -> Void)
        throws(TensorError) -> Tensor {
        let ax: Int? = try axis.map { (a: Int) throws(TensorError) -> Int in try normalizedAxis(a, op: op) }
        let (outer, n, inner) = split(ax)
        var outShape = [outLength]
        if let a = ax { outShape = shape; outShape[a] = outLength }
        let out = try Tensor(uninitializedShape: outShape, dtype: Out.dtype, op: op)
        let src = UnsafePointer(buffer.typed(T.self)), dst = out.buffer.typed(Out.self)
        let lane = UnsafeMutableBufferPointer<T>.allocate(capacity: Swift.max(n, 1))
        let result = UnsafeMutableBufferPointer<Out>.allocate(capacity: Swift.max(outLength, 1))
        defer { lane.deallocate(); result.deallocate() }
        var sincePoll = 0
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * n * inner + i
                for j in 0..<n { lane[j] = src[base + j * inner] }
                try body(UnsafeBufferPointer(rebasing: lane[0..<n]), result)
                let outBase = o * outLength * inner + i
                for j in 0..<outLength { dst[outBase + j * inner] = result[j] }
                sincePoll += n
                if sincePoll >= Tensor.pollInterval { sincePoll = 0; try Interrupt.check() }
            }
        }
        return out
    }

    /// Positions of `lane` in ascending (or descending) order; ties keep their order
    /// (a stable sort) and NaNs go last either way, as NumPy's.
    static func sortedOrder<T: BinaryFloatingPoint>(_ lane: UnsafeBufferPointer<T>, descending: Bool) -> [Int] {
        Array(0..<lane.count).sorted { i, j in
            let a = lane[i], b = lane[j]
            if a.isNaN || b.isNaN { return a.isNaN == b.isNaN ? i < j : b.isNaN }
            if a != b { return descending ? a > b : a < b }
            return i < j
        }
    }

    /// The elements sorted along `axis` (nil: all elements, flattened), in this tensor's dtype.
    public func sorted(axis: Int?, descending: Bool = false) throws(TensorError) -> Tensor {
        switch dtype {
        case .float64: return try sorted(Double.self, axis: axis, descending: descending)
        case .float32: return try sorted(Float.self, axis: axis, descending: descending)
        }
    }

    private func sorted<T: TensorScalar>(_: T.Type, axis: Int?, descending: Bool) throws(TensorError) -> Tensor {
        let n = axis == nil ? count : shape[try normalizedAxis(axis ?? 0, op: "sort")]
        return try lanes(T.self, into: T.self, axis: axis, outLength: n, op: "sort") { lane, out in
            for (k, i) in Tensor.sortedOrder(lane, descending: descending).enumerated() { out[k] = lane[i] }
        }
    }

    /// The positions that would sort the tensor along `axis` (stable; NaNs last), as float64.
    public func argsorted(axis: Int?, descending: Bool = false) throws(TensorError) -> Tensor {
        switch dtype {
        case .float64: return try argsorted(Double.self, axis: axis, descending: descending)
        case .float32: return try argsorted(Float.self, axis: axis, descending: descending)
        }
    }

    private func argsorted<T: TensorScalar>(_: T.Type, axis: Int?, descending: Bool) throws(TensorError) -> Tensor {
        let n = axis == nil ? count : shape[try normalizedAxis(axis ?? 0, op: "argsort")]
        return try lanes(T.self, into: Double.self, axis: axis, outLength: n, op: "argsort") { lane, out in
            for (k, i) in Tensor.sortedOrder(lane, descending: descending).enumerated() { out[k] = Double(i) }
        }
    }

    /// Quantiles `qs` (each in [0, 1]) along `axis`, by NumPy's default "linear" method:
    /// the virtual position (n − 1)·q between the two order statistics around it. A lane
    /// holding a NaN gives NaN. The result's axes are `qShape` followed by the reduced shape;
    /// its dtype is this tensor's (the levels do not widen it).
    public func quantile(_ qs: Tensor, axis: Int?, keepdims: Bool, op: String = "quantile") throws(TensorError) -> Tensor {
        let ax: Int? = try axis.map { (a: Int) throws(TensorError) -> Int in try normalizedAxis(a, op: op) }
        let n = ax.map { shape[$0] } ?? count
        guard n > 0 else { throw TensorError("\(op): cannot take a quantile of an empty sequence (shape \(shapeDescription))") }
        let q = qs.elements
        for v in q where !(v >= 0 && v <= 1) {
            throw TensorError("\(op): quantiles must be in [0, 1], got \(Tensor.formatScalar(v, precision: 6))")
        }
        let lanesOut: Tensor
        switch dtype {
        case .float64:
            lanesOut = try lanes(Double.self, into: Double.self, axis: ax, outLength: q.count, op: op) { Tensor.quantileKernel($0, q, $1) }
        case .float32:
            lanesOut = try lanes(Float.self, into: Float.self, axis: ax, outLength: q.count, op: op) { Tensor.quantileKernel($0, q, $1) }
        }
        // Move the quantile axis to the front, then give it the shape of `qs`.
        var reduced = reducedShape(ax, keepdims: keepdims)
        var moved = lanesOut
        if let a = ax {
            var order = [a]
            for i in 0..<rank where i != a { order.append(i) }
            moved = try lanesOut.permuted(order)
        } else if keepdims {
            reduced = [Int](repeating: 1, count: rank)
        }
        return try moved.reshaped(qs.shape + reduced)
    }

    /// The median along `axis`: the middle order statistic, or the mean of the two middle
    /// ones for an even count (as NumPy's median); NaN when the lane holds a NaN.
    public func median(axis: Int?, keepdims: Bool) throws(TensorError) -> Tensor {
        let ax: Int? = try axis.map { (a: Int) throws(TensorError) -> Int in try normalizedAxis(a, op: "median") }
        let n = ax.map { shape[$0] } ?? count
        guard n > 0 else { throw TensorError("median: cannot take the median of an empty sequence (shape \(shapeDescription))") }
        let out: Tensor
        switch dtype {
        case .float64: out = try lanes(Double.self, into: Double.self, axis: ax, outLength: 1, op: "median") { Tensor.medianKernel($0, $1) }
        case .float32: out = try lanes(Float.self, into: Float.self, axis: ax, outLength: 1, op: "median") { Tensor.medianKernel($0, $1) }
        }
        return try out.reshaped(reducedShape(ax, keepdims: keepdims))
    }

    /// One lane's median; the mean of the two middle values is taken in float64.
    static func medianKernel<T: TensorScalar>(_ lane: UnsafeBufferPointer<T>, _ out: UnsafeMutableBufferPointer<T>) {
        let order = sortedOrder(lane, descending: false)
        let n = lane.count
        if let last = order.last, lane[last].isNaN { out[0] = .nan; return }
        let mid = n / 2
        out[0] = n % 2 == 1 ? lane[order[mid]] : T((lane[order[mid - 1]].double + lane[order[mid]].double) / 2)
    }

    /// One lane's quantiles by linear interpolation (NumPy's `_lerp`, exact at both ends),
    /// in float64, each rounded once to `T`.
    static func quantileKernel<T: TensorScalar>(_ lane: UnsafeBufferPointer<T>, _ qs: [Double], _ out: UnsafeMutableBufferPointer<T>) {
        let order = sortedOrder(lane, descending: false)
        let n = lane.count
        if let last = order.last, lane[last].isNaN {
            for k in qs.indices { out[k] = .nan }
            return
        }
        for (k, q) in qs.enumerated() {
            let position = Double(n - 1) * q
            let lo = Swift.min(Int(position.rounded(.down)), n - 1)
            let hi = Swift.min(lo + 1, n - 1)
            let t = position - Double(lo)
            let a = lane[order[lo]].double, b = lane[order[hi]].double
            let diff = b - a
            out[k] = T(t >= 0.5 ? b - diff * (1 - t) : a + diff * t)
        }
    }

    /// The sorted distinct elements (NaNs collapse into one, last), in this tensor's dtype,
    /// and how often each occurs (float64 counts).
    public func unique() throws(TensorError) -> (values: Tensor, counts: Tensor) {
        try reserveWidening(op: "unique")
        let values = withUnsafeBufferPointer { p in Tensor.sortedOrder(p, descending: false).map { p[$0] } }
        var distinct: [Double] = [], counts: [Double] = []
        for v in values {
            if let last = distinct.last, last == v || (last.isNaN && v.isNaN) {
                counts[counts.count - 1] += 1
            } else {
                distinct.append(v); counts.append(1)
            }
        }
        // Widening is exact, so the distinct float64 values narrow back to the same elements.
        return (try Tensor(distinct).converted(to: dtype, op: "unique"), Tensor(counts))
    }
}

// MARK: gradients

extension Tensor {
    /// The gradient of `sorted(axis:)` or of `quantile`/`median`: `g` (the output's gradient)
    /// sent back to the elements it came from. For a sort, `levels` is nil and `g` has this
    /// tensor's lane layout; for quantiles, `g` is laid out as the quantile result (levels first)
    /// and each level's gradient splits between its two order statistics as the interpolation
    /// weighted them.
    public func orderStatisticsBackward(_ g: Tensor, levels: [Double]?, axis: Int?, descending: Bool = false) throws(TensorError) -> Tensor {
        let ax: Int? = try axis.map { (a: Int) throws(TensorError) -> Int in try normalizedAxis(a, op: "grad") }
        let (outer, n, inner) = split(ax)
        var dx = try Tensor(shape: shape, repeating: 0, op: "grad")
        let src = UnsafePointer(try widenedStorage(op: "grad").pointer), pg = UnsafePointer(try g.widenedStorage(op: "grad").pointer)
        let lanesCount = outer * inner
        let lane = UnsafeMutableBufferPointer<Double>.allocate(capacity: Swift.max(n, 1))
        defer { lane.deallocate() }
        dx.withUnsafeMutableBufferPointer { out in
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = o * n * inner + i
                    for j in 0..<n { lane[j] = src[base + j * inner] }
                    let order = Tensor.sortedOrder(UnsafeBufferPointer(rebasing: lane[0..<n]), descending: descending)
                    guard let levels else {
                        for (k, j) in order.enumerated() { out[base + j * inner] += pg[base + k * inner] }
                        continue
                    }
                    for (k, q) in levels.enumerated() {
                        let position = Double(n - 1) * q
                        let lo = Swift.min(Int(position.rounded(.down)), n - 1), hi = Swift.min(lo + 1, n - 1)
                        let t = position - Double(lo)
                        let gv = pg[k * lanesCount + o * inner + i]
                        out[base + order[lo] * inner] += gv * (1 - t)
                        out[base + order[hi] * inner] += gv * t
                    }
                }
            }
        }
        return dx
    }
}

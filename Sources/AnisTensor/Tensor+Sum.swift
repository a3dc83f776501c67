// Tensor+Sum: `sum`, the reduction autodiff runs most (every broadcast bias gradient is
// a sum over rows), as its own loops over the elements' own type: a float32 tensor is
// read in place and accumulated in float64 (grammar.md's rule for float32 reductions)
// instead of being widened to a float64 copy first, and the per-element combine is a
// plain `+=` the compiler vectorises rather than a closure call. float64 sums add in
// exactly the order of the general `reduce` loop, so their bits are unchanged.

extension Tensor {
    /// Sum over all elements (rank-0 result) or along `axis`.
    public func sum(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Tensor {
        let ax: Int? = try axis.map { (a: Int) throws(TensorError) -> Int in try normalizedAxis(a, op: "sum") }
        let out = try Tensor(uninitializedShape: reducedShape(ax, keepdims: keepdims), dtype: dtype, op: "sum")
        switch dtype {
        case .float64: try sumKernel(Double.self, ax, into: out)
        case .float32: try sumKernel(Float.self, ax, into: out)
        }
        return out
    }

    /// Σ of a contiguous run in float64, in eight accumulators (`rowSum`'s order, so a
    /// float64 run gives `rowSum`'s bits).
    @inline(__always)
    static func rowSumWide<T: TensorScalar>(_ p: UnsafePointer<T>, _ n: Int) -> Double {
        var a0 = 0.0, a1 = 0.0, a2 = 0.0, a3 = 0.0, a4 = 0.0, a5 = 0.0, a6 = 0.0, a7 = 0.0
        var i = 0
        while i + 8 <= n {
            a0 += p[i].double; a1 += p[i + 1].double; a2 += p[i + 2].double; a3 += p[i + 3].double
            a4 += p[i + 4].double; a5 += p[i + 5].double; a6 += p[i + 6].double; a7 += p[i + 7].double
            i += 8
        }
        while i < n { a0 += p[i].double; i += 1 }
        return ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7))
    }

    private func sumKernel<T: TensorScalar>(_: T.Type, _ ax: Int?, into out: Tensor) throws(TensorError) {
        let (outer, n, inner) = split(ax)
        let p = UnsafePointer(buffer.typed(T.self)), po = out.buffer.typed(T.self)
        var sincePoll = 0
        if inner == 1 {
            for o in 0..<outer {
                var acc = 0.0
                var s = 0
                while s < n {
                    let e = Swift.min(n, s + Tensor.pollInterval)
                    acc = acc + Tensor.rowSumWide(p + o * n + s, e - s)
                    sincePoll += e - s
                    if sincePoll >= Tensor.pollInterval { sincePoll = 0; try Interrupt.check() }
                    s = e
                }
                po[o] = T(acc)
            }
            return
        }
        // Along an inner axis: whole rows of `inner` accumulators, each adding the input rows
        // in order. The rows go in bands of about 8·`pollInterval` elements (Ctrl-C is polled
        // between bands; a band takes well under a millisecond, and is worth splitting); a
        // band's columns are split across the pool's threads, which changes no bit, as
        // every column still adds its rows in the same order.
        let acc = UnsafeMutablePointer<Double>.allocate(capacity: inner)
        defer { acc.deallocate() }
        let band = Swift.max(1, 8 * Tensor.pollInterval / Swift.max(inner, 1)), blocks = (inner + 7) / 8
        for o in 0..<outer {
            acc.update(repeating: 0, count: inner)
            var k = 0
            while k < n {
                let rows = Swift.min(band, n - k), first = p + (o * n + k) * inner
                let grain = (Parallel.minimumChunkWork + 8 * rows - 1) / (8 * rows)
                Parallel.forEachChunk(blocks, grain: grain) { r in
                    Tensor.addRows(first, rows: rows, length: inner, into: acc,
                                   columns: 8 * r.lowerBound..<Swift.min(inner, 8 * r.upperBound))
                }
                k += rows
                sincePoll += rows * inner
                if sincePoll >= Tensor.pollInterval { sincePoll = 0; try Interrupt.check() }
            }
            let dst = po + o * inner
            for i in 0..<inner { dst[i] = T(acc[i]) }
        }
    }

    /// acc[i] += Σ of `rows` rows (of `length` elements from `first`) at column i, for the
    /// columns given, the rows added in order; four rows per pass over the accumulators (a
    /// bias gradient sums thousands of rows), so they are loaded and stored a quarter as often.
    @inline(__always)
    static func addRows<T: TensorScalar>(_ first: UnsafePointer<T>, rows: Int, length: Int,
                                         into acc: UnsafeMutablePointer<Double>, columns: Range<Int>) {
        var k = 0
        while k + 4 <= rows {
            let s0 = first + k * length, s1 = s0 + length, s2 = s1 + length, s3 = s2 + length
            for i in columns { acc[i] = acc[i] + s0[i].double + s1[i].double + s2[i].double + s3[i].double }
            k += 4
        }
        while k < rows {
            let s0 = first + k * length
            for i in columns { acc[i] = acc[i] + s0[i].double }
            k += 1
        }
    }
}

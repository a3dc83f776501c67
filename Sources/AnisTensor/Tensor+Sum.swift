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
        // in order; four rows per pass over the accumulators (a bias gradient sums thousands
        // of rows), so they are loaded and stored a quarter as often, in the same order.
        // Columns are split across the pool's threads: each column still adds its rows in
        // order, so the split does not change a bit. Ctrl-C is polled between blocks of rows.
        let acc = UnsafeMutablePointer<Double>.allocate(capacity: inner)
        defer { acc.deallocate() }
        let block = Swift.max(1, Tensor.pollInterval / Swift.max(inner, 1))
        for o in 0..<outer {
            acc.update(repeating: 0, count: inner)
            var k = 0
            while k < n {
                let rows = (o * n + k)..<(o * n + Swift.min(n, k + block))
                Parallel.forEachChunk(inner, grain: Swift.max(8, Parallel.minimumChunkWork / rows.count)) { columns in
                    var row = rows.lowerBound
                    while row < rows.upperBound {
                        let src = p + row * inner
                        if row + 4 <= rows.upperBound {
                            let s1 = src + inner, s2 = src + 2 * inner, s3 = src + 3 * inner
                            for i in columns { acc[i] = acc[i] + src[i].double + s1[i].double + s2[i].double + s3[i].double }
                            row += 4
                        } else {
                            for i in columns { acc[i] = acc[i] + src[i].double }
                            row += 1
                        }
                    }
                }
                k += rows.count
                sincePoll += rows.count * inner
                if sincePoll >= Tensor.pollInterval { sincePoll = 0; try Interrupt.check() }
            }
            let dst = po + o * inner
            for i in 0..<inner { dst[i] = T(acc[i]) }
        }
    }
}

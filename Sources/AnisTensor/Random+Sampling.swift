// Random+Sampling: drawing positions 0..<n uniformly or by weights, with or without
// replacement, from the session's PCG64 stream. The algorithms are fixed (and
// documented in grammar.md) so a seed gives the same draws on every machine:
// - uniform, with replacement: `int(below: n)` per draw (Lemire's method);
// - uniform, without replacement: a partial Fisher–Yates shuffle from the front
//   (draw k swaps position k with one of k..<n);
// - weighted: one `uniform()` u per draw, the first position whose running sum of
//   weights exceeds u·total (inverse CDF); without replacement a drawn position's
//   weight is then set to 0 and the total reduced.

extension PCG64 {
    /// The running sums of `weights` after checking they are usable (finite, ≥ 0, total > 0).
    static func cumulative(_ weights: [Double], op: String) throws(TensorError) -> [Double] {
        var sums: [Double] = []
        sums.reserveCapacity(weights.count)
        var total = 0.0
        for w in weights {
            guard w.isFinite, w >= 0 else {
                throw TensorError("\(op): probabilities must be finite and non-negative, got \(Tensor.formatScalar(w, precision: 6))")
            }
            total += w
            sums.append(total)
        }
        guard total > 0 else { throw TensorError("\(op): probabilities sum to 0") }
        return sums
    }

    /// The first position whose running sum exceeds `u · total` (zero-weight positions are never chosen).
    static func search(_ sums: [Double], _ u: Double) -> Int {
        let target = u * (sums.last ?? 0)
        var lo = 0, hi = sums.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if sums[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// `count` positions in 0..<n, uniformly or with probabilities proportional to `weights`.
    public mutating func sample(_ n: Int, count: Int, replace: Bool, weights: [Double]?, op: String) throws(TensorError) -> [Int] {
        guard count >= 0 else { throw TensorError("\(op): size must be non-negative, got \(count)") }
        guard n > 0 || count == 0 else { throw TensorError("\(op): cannot draw from an empty population") }
        if let w = weights, w.count != n {
            throw TensorError("\(op): \(w.count) probabilities for \(n) items")
        }
        if !replace && count > n {
            throw TensorError("\(op): cannot draw \(count) items without replacement from \(n)")
        }
        var out: [Int] = []
        out.reserveCapacity(count)
        switch (weights, replace) {
        case (nil, true):
            for _ in 0..<count { out.append(int(below: n)) }
        case (nil, false):
            // A partial Fisher–Yates shuffle of 0..<n that keeps only the positions it has
            // swapped, so n may be 2^62: the same draws as shuffling a whole array of n.
            var moved: [Int: Int] = [:]
            for k in 0..<count {
                let j = k + int(below: n - k)
                out.append(moved[j] ?? j)
                moved[j] = moved[k] ?? k
            }
        case (let w?, true):
            let sums = try PCG64.cumulative(w, op: op)
            for _ in 0..<count { out.append(PCG64.search(sums, uniform())) }
        case (var w?, false):
            let positive = w.filter { $0 > 0 }.count
            _ = try PCG64.cumulative(w, op: op)
            guard count <= positive else {
                throw TensorError("\(op): cannot draw \(count) items without replacement: only \(positive) have non-zero probability")
            }
            for _ in 0..<count {
                let k = PCG64.search(try PCG64.cumulative(w, op: op), uniform())
                out.append(k)
                w[k] = 0
            }
        }
        return out
    }
}

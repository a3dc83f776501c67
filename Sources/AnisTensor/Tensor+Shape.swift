// Tensor+Shape: transposes and axis permutations, reshape with one inferred
// extent, flatten, squeeze/expandDims, concat and stack.

extension Tensor {
    /// NumPy `.T`: rank ≤ 1 unchanged, rank 2 swapped, higher ranks with all axes reversed.
    public func transposed() throws(TensorError) -> Tensor {
        if rank <= 1 { return self }
        if rank == 2 {
            let r = shape[0], c = shape[1]
            switch dtype {
            case .float64: return try transposedMatrix(Double.self, r, c)
            case .float32: return try transposedMatrix(Float.self, r, c)
            }
        }
        return try permuted(Array((0..<rank).reversed()))
    }

    private func transposedMatrix<T: TensorScalar>(_: T.Type, _ r: Int, _ c: Int) throws(TensorError) -> Tensor {
            let out = try Tensor(uninitializedShape: [c, r], dtype: T.dtype, op: "transpose")
            let p = UnsafePointer(buffer.typed(T.self)), po = out.buffer.typed(T.self)
            // Blocked copy so both sides stay in cache.
            let b = 32
            var i0 = 0, sincePoll = 0
            while i0 < r {
                let i1 = Swift.min(r, i0 + b)
                var j0 = 0
                while j0 < c {
                    let j1 = Swift.min(c, j0 + b)
                    for i in i0..<i1 {
                        for j in j0..<j1 { po[j * r + i] = p[i * c + j] }
                    }
                    j0 = j1
                }
                sincePoll += (i1 - i0) * c
                if sincePoll >= Tensor.pollInterval { sincePoll = 0; try Interrupt.check() }
                i0 = i1
            }
            return out
    }

    /// Axes rearranged so that result axis `i` is this tensor's axis `axes[i]` (negative axes allowed).
    public func permuted(_ axes: [Int]) throws(TensorError) -> Tensor {
        guard axes.count == rank else {
            throw TensorError("permute: \(axes.count) axes given for shape \(shapeDescription)")
        }
        var seen = [Bool](repeating: false, count: rank)
        var ax = [Int](repeating: 0, count: rank)
        for (i, a) in axes.enumerated() {
            let n = try normalizedAxis(a, op: "permute")
            guard !seen[n] else {
                throw TensorError("permute: axes \(axes) are not a permutation of the axes of shape \(shapeDescription)")
            }
            seen[n] = true
            ax[i] = n
        }
        if ax == Array(0..<rank) { return self }
        let newShape = ax.map { shape[$0] }
        let out = try Tensor(uninitializedShape: newShape, dtype: dtype, op: "permute")
        let n = out.count
        if n == 0 { return out }
        let own = Tensor.strides(shape)
        switch dtype {
        case .float64:
            try Tensor.gatherStrided(from: UnsafePointer(buffer.typed(Double.self)), shape: newShape, strides: ax.map { own[$0] },
                                     into: out.buffer.typed(Double.self))
        case .float32:
            try Tensor.gatherStrided(from: UnsafePointer(buffer.typed(Float.self)), shape: newShape, strides: ax.map { own[$0] },
                                     into: out.buffer.typed(Float.self))
        }
        return out
    }

    /// Axes `a` and `b` exchanged.
    public func swappedAxes(_ a: Int, _ b: Int) throws(TensorError) -> Tensor {
        let x = try normalizedAxis(a, op: "swapaxes"), y = try normalizedAxis(b, op: "swapaxes")
        var axes = Array(0..<rank)
        axes.swapAt(x, y)
        return try permuted(axes)
    }

    /// Reshape where at most one extent may be `-1`, inferred from the element count (no copy).
    public func reshaped(shapeWithInference newShape: [Int]) throws(TensorError) -> Tensor {
        let holes = newShape.indices.filter { newShape[$0] == -1 }
        guard holes.count <= 1 else {
            throw TensorError("reshape: can only infer one dimension, got \(Tensor.describe(newShape))")
        }
        guard let hole = holes.first else { return try reshaped(newShape) }
        var known = newShape
        known[hole] = 1
        let k = try Tensor.elementCount(known, op: "reshape")
        guard k > 0, count % k == 0 else {
            throw TensorError("reshape: cannot reshape \(shapeDescription) (\(count) elements) into \(Tensor.describe(newShape))")
        }
        known[hole] = count / k
        return try reshaped(known)
    }

    /// The elements as a rank-1 tensor (no copy).
    public func flattened() -> Tensor {
        Tensor(shape: [count], storage: buffer)
    }

    /// Extent-1 axes removed: all of them, or only `axis` (which must have extent 1).
    public func squeezed(axis: Int? = nil) throws(TensorError) -> Tensor {
        guard let axis else { return Tensor(shape: shape.filter { $0 != 1 }, storage: buffer) }
        let a = try normalizedAxis(axis, op: "squeeze")
        guard shape[a] == 1 else {
            throw TensorError("squeeze: cannot squeeze axis \(axis) of shape \(shapeDescription) (extent \(shape[a]) ≠ 1)")
        }
        var s = shape
        s.remove(at: a)
        return Tensor(shape: s, storage: buffer)
    }

    /// A new extent-1 axis inserted at `axis` (in `-(rank+1)...rank`).
    public func expandDims(axis: Int) throws(TensorError) -> Tensor {
        let a = try normalizedAxis(axis, op: "expand_dims", rank: rank + 1)
        var s = shape
        s.insert(1, at: a)
        return Tensor(shape: s, storage: buffer)
    }

    /// Tensors joined along an existing `axis`; all other extents must agree.
    public static func concat(_ ts: [Tensor], axis: Int) throws(TensorError) -> Tensor {
        guard let first = ts.first else { throw TensorError("concat: need at least one tensor") }
        guard first.rank > 0 else { throw TensorError("concat: rank-0 tensors cannot be concatenated; use stack") }
        let a = try first.normalizedAxis(axis, op: "concat")
        var total = 0
        for t in ts {
            var same = t.rank == first.rank
            if same {
                for d in 0..<t.rank where d != a && t.shape[d] != first.shape[d] { same = false }
            }
            guard same else {
                throw TensorError("concat: shapes \(describe(first.shape)) and \(describe(t.shape)) differ outside axis \(axis)")
            }
            let (s, overflow) = total.addingReportingOverflow(t.shape[a])
            guard !overflow else { throw TensorError("concat: result has too many elements") }
            total = s
        }
        var newShape = first.shape
        newShape[a] = total
        // NumPy's promotion over all parts: float32 only when every part is.
        let dtype: DType = ts.allSatisfy { $0.dtype == .float32 } ? .float32 : .float64
        switch dtype {
        case .float64: return try concatKernel(Double.self, ts, newShape, axis: a)
        case .float32: return try concatKernel(Float.self, ts, newShape, axis: a)
        }
    }

    private static func concatKernel<T: TensorScalar>(_: T.Type, _ ts: [Tensor], _ newShape: [Int], axis a: Int) throws(TensorError) -> Tensor {
        let first = ts[0], total = newShape[a]
        let out = try Tensor(uninitializedShape: newShape, dtype: T.dtype, op: "concat")
        let outer = first.shape[..<a].reduce(1, *), inner = first.shape[(a + 1)...].reduce(1, *)
        let po = out.buffer.typed(T.self)
        let rowOut = total * inner
        var col = 0
        for t in ts {
            let chunk = t.shape[a] * inner
            let part = try t.converted(to: T.dtype, op: "concat")
            withExtendedLifetime(part) {
                let p = UnsafePointer(part.buffer.typed(T.self))
                if chunk > 0 {
                    for o in 0..<outer { (po + o * rowOut + col).update(from: p + o * chunk, count: chunk) }
                }
            }
            col += chunk
            try Interrupt.check()
        }
        return out
    }

    /// Equal-shaped tensors joined along a new `axis` (in `-(rank+1)...rank`).
    public static func stack(_ ts: [Tensor], axis: Int) throws(TensorError) -> Tensor {
        guard let first = ts.first else { throw TensorError("stack: need at least one tensor") }
        for t in ts where t.shape != first.shape {
            throw TensorError("stack: shapes \(describe(first.shape)) and \(describe(t.shape)) differ")
        }
        let a = try first.normalizedAxis(axis, op: "stack", rank: first.rank + 1)
        var expanded: [Tensor] = []
        expanded.reserveCapacity(ts.count)
        for t in ts { expanded.append(try t.expandDims(axis: a)) }
        return try concat(expanded, axis: a)
    }
}

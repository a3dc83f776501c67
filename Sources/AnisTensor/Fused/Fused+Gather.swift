// Fused+Gather: NumPy's take_along_axis, a pointwise gather: out[..., j, ...] =
// x[..., idx[..., j, ...], ...] along one axis, the other axes paired up (broadcast)
// between x and idx. It picks one entry per row (`take_along_axis(logp, t, axis: -1)`)
// without a one-hot matrix; its backward scatters (adds) the gradient back.

extension Fused {
    /// Where each output element of `takeAlongAxis` was read from, for the backward.
    public struct GatherSaved: Sendable {
        /// x broadcast over idx's other axes (the shape the scatter writes into).
        public let sourceShape: [Int]
        let positions: [Int]
    }

    /// out = x gathered by the integers of `idx` along `axis`; x and idx have one rank and
    /// their other axes broadcast against each other. Negative indices count from the end.
    public static func takeAlongAxis(_ x: Tensor, _ idx: Tensor, axis: Int) throws(TensorError) -> (Tensor, GatherSaved) {
        guard x.rank >= 1 else {
            throw TensorError("take_along_axis: x must have at least one axis to gather along, got a number")
        }
        guard idx.rank == x.rank else {
            throw TensorError("take_along_axis: indices of shape \(idx.shapeDescription) must have the rank of x (shape \(x.shapeDescription))")
        }
        let r = x.rank
        let ax = try x.normalizedAxis(axis, op: "take_along_axis")
        var xOther = x.shape, iOther = idx.shape
        xOther[ax] = 1; iOther[ax] = 1
        let other: [Int]
        do { other = try Tensor.broadcastShape(xOther, iOther, op: "take_along_axis") } catch {
            throw TensorError("take_along_axis: x of shape \(x.shapeDescription) and indices of shape \(idx.shapeDescription) do not broadcast outside axis \(ax)")
        }
        var sourceShape = other, outShape = other
        sourceShape[ax] = x.shape[ax]; outShape[ax] = idx.shape[ax]
        let xs = try x.broadcast(to: sourceShape, op: "take_along_axis")
        let ids = try idx.broadcast(to: outShape, op: "take_along_axis")
        let n = sourceShape[ax], m = outShape[ax]
        let inner = outShape[(ax + 1)..<r].reduce(1, *)
        // The positions (kept for the backward pass) take 8 bytes per output element.
        try MemoryBudget.check(ids.count, shape: outShape, op: "take_along_axis")
        var positions = [Int](repeating: 0, count: ids.count)
        try ids.forEachElement { (e, d) throws(TensorError) in
            let i = e % inner, o = e / (inner * Swift.max(m, 1))
            guard d.isFinite, d == d.rounded(), d >= Double(-n), d < Double(n) else {
                let shown = Tensor.formatScalar(d, precision: 6)
                if n == 0 { throw TensorError("take_along_axis: index \(shown) into axis \(ax) of size 0 (x of shape \(x.shapeDescription) has nothing to take)") }
                throw TensorError("take_along_axis: index \(shown) is not an integer in -\(n)..<\(n) (axis \(ax) has size \(n))")
            }
            let id = Int(d) < 0 ? Int(d) + n : Int(d)
            positions[e] = (o * n + id) * inner + i
        }
        let out = try Tensor(uninitializedShape: outShape, dtype: x.dtype, op: "take_along_axis")
        func gather<T: TensorScalar>(_: T.Type) {
            let px = UnsafePointer(xs.buffer.typed(T.self)), po = out.buffer.typed(T.self)
            for (e, src) in positions.enumerated() { po[e] = px[src] }
        }
        switch x.dtype {
        case .float64: gather(Double.self)
        case .float32: gather(Float.self)
        }
        return (out, GatherSaved(sourceShape: sourceShape, positions: positions))
    }

    /// The output gradient added back at the positions it was read from (shape `sourceShape`;
    /// summed in float64, then in the gradient's dtype).
    public static func takeAlongAxisBackward(_ saved: GatherSaved, grad: Tensor) throws(TensorError) -> Tensor {
        let dx = try Tensor.zeros(saved.sourceShape)
        let pd = dx.buffer.pointer, pg = UnsafePointer(try grad.widenedStorage(op: "take_along_axis").pointer)
        for (e, src) in saved.positions.enumerated() { pd[src] += pg[e] }
        return try dx.converted(to: grad.dtype, op: "take_along_axis")
    }
}

// Fused+Affine: the affine layer x @ W + b as one gemm. b (a bias row, or a whole array
// such as a transformer's residual stream) is written into the result first and the
// product is accumulated onto it (gemm's beta = 1), so the sum needs no pass of its own
// and no intermediate product: where a separate `+` reads the product and writes a new
// array, here BLAS's final store adds b.
// Each element is rounded as in x @ W + b (OpenBLAS adds its accumulated dot product to C
// once when the inner extent fits one of its blocks, as it does for this library's layers:
// the golden test fused_affine.anis checks bit equality there).
import CLinearAlgebra
extension Fused {
    /// The output shape of `affine` (x's shape with the last axis replaced by W's columns),
    /// after checking the shapes.
    static func checkAffine(_ x: Tensor, _ w: Tensor, _ b: Tensor?) throws(TensorError) -> [Int] {
        guard w.rank == 2 else {
            throw TensorError("affine: W must be a matrix (inputs, outputs), got shape \(w.shapeDescription)")
        }
        guard x.rank >= 1, x.shape[x.rank - 1] == w.shape[0] else {
            throw TensorError("affine: x of shape \(x.shapeDescription) does not fit W of shape \(w.shapeDescription) (the last axis of x must have W's \(w.shape[0]) rows)")
        }
        let shape = Array(x.shape.dropLast()) + [w.shape[1]]
        if let b, (try? Tensor.broadcastShape(b.shape, shape, op: "affine")) != shape {
            throw TensorError("affine: b of shape \(b.shapeDescription) does not broadcast to the result's shape \(Tensor.describe(shape))")
        }
        return shape
    }

    /// x @ W + b for x (..., k), W (k, n) and b broadcasting to (..., n): a bias (n), or a
    /// whole (..., n) tensor such as a residual stream (x @ W when b is nil).
    /// Float32 when all operands are.
    public static func affine(_ x: Tensor, _ w: Tensor, _ b: Tensor?) throws(TensorError) -> Tensor {
        let shape = try checkAffine(x, w, b)
        guard let bias = b else { return try Tensor.matmul(x, w) }
        let dt = dtype(x, w, bias)
        let (x, w, b) = try (x.converted(to: dt, op: "affine"), w.converted(to: dt, op: "affine"), bias.converted(to: dt, op: "affine"))
        let out = try Tensor(uninitializedShape: shape, dtype: dt, op: "affine")
        switch dt {
        case .float64: try biasPlusProduct(Double.self, x, w, b, into: out)
        case .float32: try biasPlusProduct(Float.self, x, w, b, into: out)
        }
        return out
    }

    /// out = b (broadcast), then out += x @ w, with x's leading axes stacked into the rows of one matrix.
    private static func biasPlusProduct<T: BLASScalar>(_: T.Type, _ x: Tensor, _ w: Tensor, _ b: Tensor, into out: Tensor) throws(TensorError) {
        let k = w.shape[0], n = w.shape[1]
        let rows = out.count / Swift.max(n, 1)
        guard rows > 0, n > 0 else { return }
        let po = out.buffer.typed(T.self), pb = UnsafePointer(b.buffer.typed(T.self))
        // b as whole rows, or one row (its last axis the result's, every other of extent 1)
        // repeated on every row: copies split across the pool's threads. Other broadcasts
        // (a column, say) take the general gather.
        let isRow = b.count == n && b.shape.last == n
        if b.shape == out.shape || isRow {
            let whole = !isRow
            Parallel.forEachRowChunk(rows, rowLength: n) { rr in
                for r in rr { (po + r * n).initialize(from: whole ? pb + r * n : pb, count: n) }
            }
        } else {
            try Tensor.gatherStrided(from: b.buffer.typed(T.self), shape: out.shape,
                                     strides: Tensor.broadcastStrides(b.shape, to: out.shape), into: po)
        }
        guard k > 0 else { return }
        guard let M = Int32(exactly: rows), let N = Int32(exactly: n), let K = Int32(exactly: k) else {
            throw TensorError("affine: shapes \(x.shapeDescription) and \(w.shapeDescription) are too large for BLAS (extent > \(Int32.max))")
        }
        T.gemm(CblasNoTrans, CblasNoTrans, M, N, K, x.buffer.typed(T.self), K, w.buffer.typed(T.self), N, po, N, beta: 1)
    }
}

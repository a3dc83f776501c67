// Fused+Attention: scaled dot-product attention, softmax(q kᵀ/√d + mask) v, for
// stacks of heads (..., T, d). The two products of each direction are batched gemm
// calls through Tensor.matmul (transposes are BLAS flags, not copies); the scaling,
// the causal mask and the softmax are one pass over each score row, done in place,
// and the backward's softmax Jacobian is one pass too. Masked scores never exist as
// −1e9 entries: their probabilities are written as 0.
//
// The row kernels are generic over the element type: float32 q, k, v give float32
// scores and products (sgemm), with each row's softmax sums in float64.

extension Fused {
    /// What the backward of `attention` needs: the inputs and the probabilities.
    public struct AttentionSaved: Sendable {
        let q: Tensor, k: Tensor, v: Tensor
        let probs: Tensor
        let scale: Double
    }

    /// One score row in place: s/√d over the first `visible` entries, softmax of those,
    /// and 0 for the masked rest.
    @inline(__always) static func attentionRow<T: TensorScalar>(_ s: UnsafeMutablePointer<T>, _ n: Int, visible: Int, root: Double) {
        var m = -Double.infinity
        for j in 0..<visible { m = Swift.max(m, s[j].double / root) }
        // Two loops: the exps alone vectorise (a running sum in the same loop would keep
        // it scalar, since floating-point addition may not be reordered).
        for j in 0..<visible { s[j] = T(FastMath.exp(s[j].double / root - m)) }
        var total = 0.0
        for j in 0..<visible { total += s[j].double }
        let inv = 1 / total
        for j in 0..<visible { s[j] = T(s[j].double * inv) }
        for j in visible..<n { s[j] = 0 }
    }

    /// One row of the softmax backward in place: dS = P ⊙ (dP − Σ dP ⊙ P) / √d.
    @inline(__always) static func attentionRowBackward<T: TensorScalar>(_ dp: UnsafeMutablePointer<T>, _ p: UnsafePointer<T>,
                                                                        _ n: Int, root: Double) {
        var dot = 0.0
        for j in 0..<n { dot += dp[j].double * p[j].double }
        for j in 0..<n { dp[j] = T(p[j].double * (dp[j].double - dot) / root) }
    }

    /// softmax(q kᵀ / √d) v over the last two axes; q is (..., T, d), k (..., S, d),
    /// v (..., S, e) with equal leading axes. `causal`: query i sees keys 0…i only.
    public static func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, causal: Bool) throws(TensorError) -> (Tensor, AttentionSaved) {
        guard q.rank >= 2, k.rank == q.rank, v.rank == q.rank else {
            throw TensorError("attention: q, k and v must be stacks of matrices (..., rows, features) of one rank, got shapes \(q.shapeDescription), \(k.shapeDescription) and \(v.shapeDescription)")
        }
        let r = q.rank
        let lead = Array(q.shape.dropLast(2))
        guard Array(k.shape.dropLast(2)) == lead, Array(v.shape.dropLast(2)) == lead,
              k.shape[r - 1] == q.shape[r - 1], v.shape[r - 2] == k.shape[r - 2] else {
            throw TensorError("attention: shapes q \(q.shapeDescription), k \(k.shapeDescription), v \(v.shapeDescription) do not fit (q (..., T, d), k (..., S, d), v (..., S, e) with the same leading axes)")
        }
        let t = q.shape[r - 2], s = k.shape[r - 2]
        let d = q.shape[r - 1], root = d > 0 ? Double(d).squareRoot() : 1
        let dt = dtype(q, k, v)
        let (q, k, v) = try (q.converted(to: dt, op: "attention"), k.converted(to: dt, op: "attention"), v.converted(to: dt, op: "attention"))
        let probs = try Tensor.matmul(q, k, transposeA: false, transposeB: true)
        func softmaxRows<T: TensorScalar>(_: T.Type) {
            let p = probs.buffer.typed(T.self)
            for row in 0..<(t == 0 ? 0 : probs.count / Swift.max(s, 1)) where s > 0 {
                let i = row % t
                attentionRow(p + row * s, s, visible: causal ? Swift.min(i + 1, s) : s, root: root)
            }
        }
        switch dt {
        case .float64: softmaxRows(Double.self)
        case .float32: softmaxRows(Float.self)
        }
        let out = try Tensor.matmul(probs, v)
        return (out, AttentionSaved(q: q, k: k, v: v, probs: probs, scale: root))
    }

    /// Gradients of `attention` with respect to q, k and v, given the output's gradient.
    public static func attentionBackward(_ saved: AttentionSaved, grad: Tensor) throws(TensorError) -> (Tensor, Tensor, Tensor) {
        let P = saved.probs
        let grad = try grad.converted(to: P.dtype, op: "attention")
        let dv = try Tensor.matmul(P, grad, transposeA: true, transposeB: false)
        let dS = try Tensor.matmul(grad, saved.v, transposeA: false, transposeB: true)
        let s = P.shape.last ?? 0
        func softmaxBackwardRows<T: TensorScalar>(_: T.Type) {
            let pd = dS.buffer.typed(T.self), pp = UnsafePointer(P.buffer.typed(T.self))
            for row in 0..<(P.count / s) { attentionRowBackward(pd + row * s, pp + row * s, s, root: saved.scale) }
        }
        if s > 0 {
            switch P.dtype {
            case .float64: softmaxBackwardRows(Double.self)
            case .float32: softmaxBackwardRows(Float.self)
            }
        }
        let dq = try Tensor.matmul(dS, saved.k)
        let dk = try Tensor.matmul(dS, saved.q, transposeA: true, transposeB: false)
        return (dq, dk, dv)
    }
}

// Fused+Attention: scaled dot-product attention, softmax(q kᵀ/√d + mask) v, for
// stacks of heads (..., T, d). The two products of each direction are batched gemm
// calls through Tensor.matmul (transposes are BLAS flags, not copies); the scaling,
// the causal mask and the softmax are one pass over each score row, done in place,
// and the backward's softmax Jacobian is one pass too. Masked scores never exist as
// −1e9 entries: their probabilities are written as 0.
//
// The row loops are CKernels' (rows.c), per element type: float32 q, k, v give float32
// scores and products (sgemm), with each row's softmax sums in float64.
import CKernels

extension Fused {
    /// What the backward of `attention` needs: the inputs and the probabilities.
    public struct AttentionSaved: Sendable {
        let q: Tensor, k: Tensor, v: Tensor
        let probs: Tensor
        let scale: Double
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
        if t > 0 && s > 0 {
            // In place: `probs` is a fresh product, its storage unshared.
            let rows = probs.count / s, mask: Int32 = causal ? 1 : 0
            switch dt {
            case .float64: anis_attention_softmax_f64(probs.buffer.typed(Double.self), rows, s, t, mask, root)
            case .float32: anis_attention_softmax_f32(probs.buffer.typed(Float.self), rows, s, t, mask, root)
            }
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
        if s > 0 {
            // dS = P ⊙ (dP − Σ dP ⊙ P) / √d, row by row, in place.
            switch P.dtype {
            case .float64: anis_attention_softmax_backward_f64(dS.buffer.typed(Double.self), P.buffer.typed(Double.self), P.count / s, s, saved.scale)
            case .float32: anis_attention_softmax_backward_f32(dS.buffer.typed(Float.self), P.buffer.typed(Float.self), P.count / s, s, saved.scale)
            }
        }
        let dq = try Tensor.matmul(dS, saved.k)
        let dk = try Tensor.matmul(dS, saved.q, transposeA: true, transposeB: false)
        return (dq, dk, dv)
    }
}

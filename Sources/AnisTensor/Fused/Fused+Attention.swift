// Fused+Attention: scaled dot-product attention, softmax(q kᵀ/√d + mask) v, for
// stacks of matrices (..., T, d), optionally split into heads along the last axis
// ((..., T, H·d), as a transformer's projections produce them). Every (batch, head)
// product is one gemm on a strided view: a head is d columns of a wider row, which
// BLAS reads through its leading dimension, so heads are never split into their own
// arrays nor merged back (no transposing copies, forward or backward). The scaling,
// the causal mask and the softmax are one pass over each score row, done in place,
// and the backward's softmax Jacobian is one pass too. Masked scores never exist as
// −1e9 entries: their probabilities are written as 0.
//
// The row loops are CKernels' (rows.c), per element type: float32 q, k, v give float32
// scores and products (sgemm), with each row's softmax sums in float64.
import CKernels
import CLinearAlgebra

extension Fused {
    /// What the backward of `attention` needs: the inputs, the probabilities and the layout.
    public struct AttentionSaved: Sendable {
        let q: Tensor, k: Tensor, v: Tensor
        let probs: Tensor
        let scale: Double
        let shape: AttentionShape
    }

    /// The extents of one attention call: `batches` stacks of `heads` heads; query rows t,
    /// key rows s, query/key width d and value width e per head.
    struct AttentionShape: Sendable {
        let batches: Int, heads: Int, t: Int, s: Int, d: Int, e: Int

        /// The first element of (batch b, head h) of a (batches, rows, heads·width) array,
        /// and its leading dimension (elements from one row of the head to the next).
        func view(_ b: Int, _ h: Int, rows: Int, width: Int) -> (offset: Int, ld: Int) {
            ((b * rows * heads + h) * width, heads * width)
        }
    }

    static func checkAttention(_ q: Tensor, _ k: Tensor, _ v: Tensor, heads: Int) throws(TensorError) -> AttentionShape {
        guard q.rank >= 2, k.rank == q.rank, v.rank == q.rank else {
            throw TensorError("attention: q, k and v must be stacks of matrices (..., rows, features) of one rank, got shapes \(q.shapeDescription), \(k.shapeDescription) and \(v.shapeDescription)")
        }
        guard heads >= 1 else { throw TensorError("attention: heads must be a positive integer, got \(heads)") }
        let r = q.rank
        let lead = Array(q.shape.dropLast(2))
        guard Array(k.shape.dropLast(2)) == lead, Array(v.shape.dropLast(2)) == lead,
              k.shape[r - 1] == q.shape[r - 1], v.shape[r - 2] == k.shape[r - 2] else {
            throw TensorError("attention: shapes q \(q.shapeDescription), k \(k.shapeDescription), v \(v.shapeDescription) do not fit (q (..., T, d), k (..., S, d), v (..., S, e) with the same leading axes)")
        }
        guard q.shape[r - 1] % heads == 0, v.shape[r - 1] % heads == 0 else {
            throw TensorError("attention: heads: \(heads) does not divide the last axis of q (\(q.shape[r - 1])) and v (\(v.shape[r - 1])) into equal heads")
        }
        return AttentionShape(batches: lead.reduce(1, *), heads: heads, t: q.shape[r - 2], s: k.shape[r - 2],
                              d: q.shape[r - 1] / heads, e: v.shape[r - 1] / heads)
    }

    /// softmax(q kᵀ / √d) v over the last two axes; q is (..., T, H·d), k (..., S, H·d),
    /// v (..., S, H·e) with equal leading axes, each head's d (or e) columns attending on
    /// their own; the result is (..., T, H·e). `causal`: query i sees keys 0…i only.
    public static func attention(_ q: Tensor, _ k: Tensor, _ v: Tensor, causal: Bool, heads: Int = 1) throws(TensorError) -> (Tensor, AttentionSaved) {
        let shape = try checkAttention(q, k, v, heads: heads)
        let root = shape.d > 0 ? Double(shape.d).squareRoot() : 1
        let dt = dtype(q, k, v)
        let (q, k, v) = try (q.converted(to: dt, op: "attention"), k.converted(to: dt, op: "attention"), v.converted(to: dt, op: "attention"))
        let lead = Array(q.shape.dropLast(2))
        // (..., H, T, S): one contiguous T×S block per (batch, head); no head axis when H = 1.
        let probs = try Tensor(uninitializedShape: lead + (heads == 1 ? [] : [heads]) + [shape.t, shape.s], dtype: dt, op: "attention")
        let out = try Tensor(uninitializedShape: lead + [shape.t, heads * shape.e], dtype: dt, op: "attention")
        switch dt {
        case .float64: try attentionForward(Double.self, q, k, v, probs, out, shape, causal: causal, root: root)
        case .float32: try attentionForward(Float.self, q, k, v, probs, out, shape, causal: causal, root: root)
        }
        return (out, AttentionSaved(q: q, k: k, v: v, probs: probs, scale: root, shape: shape))
    }

    /// Gradients of `attention` with respect to q, k and v, given the output's gradient.
    public static func attentionBackward(_ saved: AttentionSaved, grad: Tensor) throws(TensorError) -> (Tensor, Tensor, Tensor) {
        let grad = try grad.converted(to: saved.probs.dtype, op: "attention")
        let dS = try Tensor(uninitializedShape: saved.probs.shape, dtype: saved.probs.dtype, op: "attention")
        let dq = try Tensor(uninitializedShape: saved.q.shape, dtype: saved.q.dtype, op: "attention")
        let dk = try Tensor(uninitializedShape: saved.k.shape, dtype: saved.k.dtype, op: "attention")
        let dv = try Tensor(uninitializedShape: saved.v.shape, dtype: saved.v.dtype, op: "attention")
        switch saved.probs.dtype {
        case .float64: try attentionBackward(Double.self, saved, grad, dS, dq, dk, dv)
        case .float32: try attentionBackward(Float.self, saved, grad, dS, dq, dk, dv)
        }
        return (dq, dk, dv)
    }

    private static func attentionForward<T: BLASScalar>(_: T.Type, _ q: Tensor, _ k: Tensor, _ v: Tensor, _ probs: Tensor, _ out: Tensor,
                                                        _ a: AttentionShape, causal: Bool, root: Double) throws(TensorError) {
        let pq = q.buffer.typed(T.self), pk = k.buffer.typed(T.self), pv = v.buffer.typed(T.self)
        let pp = probs.buffer.typed(T.self), po = out.buffer.typed(T.self)
        // Scores S = q kᵀ, head by head, into the contiguous (batch, head, t, s) block.
        try eachHead(a) { b, h, p throws(TensorError) in
            let (oq, ldq) = a.view(b, h, rows: a.t, width: a.d), (ok, ldk) = a.view(b, h, rows: a.s, width: a.d)
            try stridedGemm(pq + oq, ldq, pk + ok, ldk, pp + p * a.t * a.s, a.s, m: a.t, n: a.s, k: a.d, transA: false, transB: true)
        }
        if a.t > 0 && a.s > 0 {
            let rows = probs.count / a.s, mask: Int32 = causal ? 1 : 0
            switch T.dtype {
            case .float64: anis_attention_softmax_f64(probs.buffer.typed(Double.self), rows, a.s, a.t, mask, root)
            case .float32: anis_attention_softmax_f32(probs.buffer.typed(Float.self), rows, a.s, a.t, mask, root)
            }
        }
        // out = P v, each head's e columns written in place in the merged rows.
        try eachHead(a) { b, h, p throws(TensorError) in
            let (ov, ldv) = a.view(b, h, rows: a.s, width: a.e), (oo, ldo) = a.view(b, h, rows: a.t, width: a.e)
            try stridedGemm(pp + p * a.t * a.s, a.s, pv + ov, ldv, po + oo, ldo, m: a.t, n: a.e, k: a.s, transA: false, transB: false)
        }
    }

    private static func attentionBackward<T: BLASScalar>(_: T.Type, _ saved: AttentionSaved, _ grad: Tensor, _ dS: Tensor,
                                                         _ dq: Tensor, _ dk: Tensor, _ dv: Tensor) throws(TensorError) {
        let a = saved.shape
        let pq = saved.q.buffer.typed(T.self), pk = saved.k.buffer.typed(T.self), pv = saved.v.buffer.typed(T.self)
        let pp = saved.probs.buffer.typed(T.self), pg = grad.buffer.typed(T.self), pd = dS.buffer.typed(T.self)
        let pdq = dq.buffer.typed(T.self), pdk = dk.buffer.typed(T.self), pdv = dv.buffer.typed(T.self)
        let block = a.t * a.s
        // dv = Pᵀ g and dP = g vᵀ per head.
        try eachHead(a) { b, h, p throws(TensorError) in
            let (og, ldg) = a.view(b, h, rows: a.t, width: a.e), (ov, ldv) = a.view(b, h, rows: a.s, width: a.e)
            try stridedGemm(pp + p * block, a.s, pg + og, ldg, pdv + ov, ldv, m: a.s, n: a.e, k: a.t, transA: true, transB: false)
            try stridedGemm(pg + og, ldg, pv + ov, ldv, pd + p * block, a.s, m: a.t, n: a.s, k: a.e, transA: false, transB: true)
        }
        if a.s > 0 {
            // dS = P ⊙ (dP − Σ dP ⊙ P) / √d, row by row, in place.
            switch T.dtype {
            case .float64: anis_attention_softmax_backward_f64(dS.buffer.typed(Double.self), saved.probs.buffer.typed(Double.self), dS.count / a.s, a.s, saved.scale)
            case .float32: anis_attention_softmax_backward_f32(dS.buffer.typed(Float.self), saved.probs.buffer.typed(Float.self), dS.count / a.s, a.s, saved.scale)
            }
        }
        // dq = dS k and dk = dSᵀ q per head.
        try eachHead(a) { b, h, p throws(TensorError) in
            let (oq, ldq) = a.view(b, h, rows: a.t, width: a.d), (ok, ldk) = a.view(b, h, rows: a.s, width: a.d)
            try stridedGemm(pd + p * block, a.s, pk + ok, ldk, pdq + oq, ldq, m: a.t, n: a.d, k: a.s, transA: false, transB: false)
            try stridedGemm(pd + p * block, a.s, pq + oq, ldq, pdk + ok, ldk, m: a.s, n: a.d, k: a.t, transA: true, transB: false)
        }
    }

    /// Calls `body(batch, head, b·heads + head)` for every head, polling Ctrl-C per batch.
    private static func eachHead(_ a: AttentionShape, _ body: (Int, Int, Int) throws(TensorError) -> Void) throws(TensorError) {
        for b in 0..<a.batches {
            for h in 0..<a.heads { try body(b, h, b * a.heads + h) }
            try Interrupt.check()
        }
    }

    /// C = op(A)·op(B) (m×n, k inner) for row-major views with leading dimensions.
    private static func stridedGemm<T: BLASScalar>(_ pa: UnsafePointer<T>, _ lda: Int, _ pb: UnsafePointer<T>, _ ldb: Int,
                                                   _ pc: UnsafeMutablePointer<T>, _ ldc: Int,
                                                   m: Int, n: Int, k: Int, transA: Bool, transB: Bool) throws(TensorError) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in 0..<m { (pc + i * ldc).update(repeating: 0, count: n) }
            return
        }
        guard let M = Int32(exactly: m), let N = Int32(exactly: n), let K = Int32(exactly: k),
              let LDA = Int32(exactly: lda), let LDB = Int32(exactly: ldb), let LDC = Int32(exactly: ldc) else {
            throw TensorError("attention: extents \(m)×\(k)×\(n) are too large for BLAS (> \(Int32.max))")
        }
        T.gemm(transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, M, N, K, pa, LDA, pb, LDB, pc, LDC)
    }
}

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
        try a.checkBLASExtents()
        let pq = q.buffer.typed(T.self), pk = k.buffer.typed(T.self), pv = v.buffer.typed(T.self)
        let pp = probs.buffer.typed(T.self), po = out.buffer.typed(T.self)
        let mask: Int32 = causal ? 1 : 0
        eachHead(a) { b, h, p in
            // Scores S = q kᵀ into the head's contiguous (t, s) block, softmax in place, then
            // out = P v, the head's e columns written in place in the merged rows.
            let scores = pp + p * a.t * a.s
            let (oq, ldq) = a.view(b, h, rows: a.t, width: a.d), (ok, ldk) = a.view(b, h, rows: a.s, width: a.d)
            stridedGemm(pq + oq, ldq, pk + ok, ldk, scores, a.s, m: a.t, n: a.s, k: a.d, transA: false, transB: true)
            if a.t > 0 && a.s > 0 {
                let raw = UnsafeMutableRawPointer(scores)
                switch T.dtype {
                case .float64: anis_attention_softmax_f64(raw.assumingMemoryBound(to: Double.self), a.t, a.s, a.t, mask, root)
                case .float32: anis_attention_softmax_f32(raw.assumingMemoryBound(to: Float.self), a.t, a.s, a.t, mask, root)
                }
            }
            let (ov, ldv) = a.view(b, h, rows: a.s, width: a.e), (oo, ldo) = a.view(b, h, rows: a.t, width: a.e)
            stridedGemm(scores, a.s, pv + ov, ldv, po + oo, ldo, m: a.t, n: a.e, k: a.s, transA: false, transB: false)
        }
        try Interrupt.check()
    }

    private static func attentionBackward<T: BLASScalar>(_: T.Type, _ saved: AttentionSaved, _ grad: Tensor, _ dS: Tensor,
                                                         _ dq: Tensor, _ dk: Tensor, _ dv: Tensor) throws(TensorError) {
        let a = saved.shape
        try a.checkBLASExtents()
        let pq = saved.q.buffer.typed(T.self), pk = saved.k.buffer.typed(T.self), pv = saved.v.buffer.typed(T.self)
        let pp = saved.probs.buffer.typed(T.self), pg = grad.buffer.typed(T.self), pd = dS.buffer.typed(T.self)
        let pdq = dq.buffer.typed(T.self), pdk = dk.buffer.typed(T.self), pdv = dv.buffer.typed(T.self)
        let scale = saved.scale
        eachHead(a) { b, h, p in
            let probs = pp + p * a.t * a.s, ds = pd + p * a.t * a.s
            // dv = Pᵀ g and dP = g vᵀ.
            let (og, ldg) = a.view(b, h, rows: a.t, width: a.e), (ov, ldv) = a.view(b, h, rows: a.s, width: a.e)
            stridedGemm(probs, a.s, pg + og, ldg, pdv + ov, ldv, m: a.s, n: a.e, k: a.t, transA: true, transB: false)
            stridedGemm(pg + og, ldg, pv + ov, ldv, ds, a.s, m: a.t, n: a.s, k: a.e, transA: false, transB: true)
            if a.t > 0 && a.s > 0 {
                // dS = P ⊙ (dP − Σ dP ⊙ P) / √d, row by row, in place.
                let raw = UnsafeMutableRawPointer(ds), rawP = UnsafeRawPointer(probs)
                switch T.dtype {
                case .float64: anis_attention_softmax_backward_f64(raw.assumingMemoryBound(to: Double.self), rawP.assumingMemoryBound(to: Double.self), a.t, a.s, scale)
                case .float32: anis_attention_softmax_backward_f32(raw.assumingMemoryBound(to: Float.self), rawP.assumingMemoryBound(to: Float.self), a.t, a.s, scale)
                }
            }
            // dq = dS k and dk = dSᵀ q.
            let (oq, ldq) = a.view(b, h, rows: a.t, width: a.d), (ok, ldk) = a.view(b, h, rows: a.s, width: a.d)
            stridedGemm(ds, a.s, pk + ok, ldk, pdq + oq, ldq, m: a.t, n: a.d, k: a.s, transA: false, transB: false)
            stridedGemm(ds, a.s, pq + oq, ldq, pdk + ok, ldk, m: a.s, n: a.d, k: a.t, transA: true, transB: false)
        }
        try Interrupt.check()
    }

    /// Runs `body(batch, head, batch·heads + head)` for every head, heads spread over the pool
    /// (Parallel): a head reads its own views and writes only its own output columns and its
    /// own (t, s) blocks, and each of its products is one gemm whose bits do not depend on the
    /// thread it runs on, so the result is the same at any width. The library is held at one
    /// thread meanwhile: the chunks' gemms must not start its threads. After Ctrl-C the remaining
    /// heads are skipped and the caller's Interrupt.check() throws.
    private static func eachHead(_ a: AttentionShape, _ body: (Int, Int, Int) -> Void) {
        let perHead = max(1, a.t * a.s * (a.d + a.e))
        anis_blas_hold_one_thread()
        defer { anis_blas_release_one_thread() }
        Parallel.forEachChunk(a.batches * a.heads, grain: max(1, headGrainMultiplyAdds / perHead)) { range in
            for p in range {
                if Interrupt.isRequested { return }
                body(p / a.heads, p % a.heads, p)
            }
        }
    }

    /// Heads per chunk at least this much work (multiply-adds), so small calls stay on one thread.
    private static let headGrainMultiplyAdds = 1 << 16

    /// C = op(A)·op(B) (m×n, k inner) for row-major views with leading dimensions (which
    /// checkBLASExtents has checked fit BLAS's 32-bit integers).
    private static func stridedGemm<T: BLASScalar>(_ pa: UnsafePointer<T>, _ lda: Int, _ pb: UnsafePointer<T>, _ ldb: Int,
                                                   _ pc: UnsafeMutablePointer<T>, _ ldc: Int,
                                                   m: Int, n: Int, k: Int, transA: Bool, transB: Bool) {
        if m == 0 || n == 0 { return }
        if k == 0 {
            for i in 0..<m { (pc + i * ldc).update(repeating: 0, count: n) }
            return
        }
        T.gemm(transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, Int32(truncatingIfNeeded: m),
               Int32(truncatingIfNeeded: n), Int32(truncatingIfNeeded: k), pa, Int32(truncatingIfNeeded: lda), pb,
               Int32(truncatingIfNeeded: ldb), pc, Int32(truncatingIfNeeded: ldc))
    }
}

extension Fused.AttentionShape {
    /// Throws unless every extent and leading dimension of the per-head products fits BLAS's
    /// 32-bit integers.
    func checkBLASExtents() throws(TensorError) {
        guard [t, s, d, e, heads * d, heads * e].allSatisfy({ $0 <= Int(Int32.max) }) else {
            throw TensorError("attention: extents (\(t), \(s), \(heads)·\(d), \(heads)·\(e)) are too large for BLAS (> \(Int32.max))")
        }
    }
}

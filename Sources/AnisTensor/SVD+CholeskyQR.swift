// Thin SVD of a clearly tall (or wide) float64 matrix by CholeskyQR2: a QR factorisation
// made of BLAS-3 calls on the long side, then dgesdd on the small triangular factor only.
// dgesdd's own QR of a tall matrix spends most of its time in level-2 panels; here the
// long side sees two dsyrk, one dtrsm and one dgemm (measured on 10000×400, one thread:
// about 0.6× dgesdd's time).
//
//   R₁ = chol(TᵀT),  Q₁ = T·R₁⁻¹,  R₂ = chol(Q₁ᵀQ₁),  R = R₂·R₁  (T = Q₁R₂⁻¹·R, Q = Q₁R₂⁻¹)
//   R = U_R·Σ·V_Rᵀ (dgesdd, cols × cols),  U = Q₁·(R₂⁻¹U_R),  Vᵀ = V_Rᵀ.
//
// Accuracy (Yamamoto, Nakatsukasa, Yanagisawa, Fukaya, "Roundoff error analysis of the
// CholeskyQR2 algorithm", 2015): when κ(T) ≲ ε^(-1/2) the second pass leaves Q orthonormal
// to O(ε) and T − QR = O(ε‖T‖), so Σ and Vᵀ are those of a matrix within O(ε‖T‖) of T,
// as dgesdd's are, and U is orthonormal to O(ε). The condition is checked, not assumed:
// Q₁ᵀQ₁ − I is the first pass's loss of orthogonality (about ε·κ(T)²), and the route is
// taken only when its largest entry is ≤ 1e-6 (κ up to about 1e5, a wide margin below
// the theory's ~1e8); R₁'s diagonal spread rejects clearly worse matrices before the dtrsm.
// Anything else (rank-deficient, ill-conditioned, Cholesky or dgesdd failure) returns nil
// and the caller uses dgesdd. Huge or tiny entries are first scaled by a power of two
// (LAKit.gramScale) so that TᵀT neither overflows nor underflows.
import CLinearAlgebra

extension LAKit {
    /// Largest |(Q₁ᵀQ₁ − I)ᵢⱼ| for which the second pass is trusted (see above).
    static let choleskyQRLoss = 1e-6
    /// Smallest min/max ratio of R₁'s diagonal worth a dtrsm: κ(T) ≥ max/min, and κ ≥ 1e6
    /// would lose about ε·κ² ≈ 1e-4 in the first pass, far above choleskyQRLoss.
    static let choleskyQRPivotRatio = 1e-6

    /// Thin SVD of the finite row-major m×n float64 `a` (largest |aᵢⱼ| = maxMagnitude) by
    /// CholeskyQR2, or nil when the matrix is too ill-conditioned for it or LAPACK fails.
    static func choleskyQR2SVD(_ a: Tensor, m: Int, n: Int, maxMagnitude: Double) throws(TensorError)
        -> (u: Tensor, s: Tensor, vt: Tensor)? {
        let op = "svd"
        guard maxMagnitude > 0 else { return nil }
        let scale = gramScale(maxMagnitude: maxMagnitude)
        let t = TallMatrix(try scaledStorage(a, by: scale, op: op), m: m, n: n)
        let p = t.rows, q = t.cols
        let pi = try int32(p, op: op), qi = try int32(q, op: op), ldi = try int32(t.ld, op: op)
        let up = char("U")

        let r1 = try t.gram(op: op)
        guard LAPACKE_dpotrf(t.layout, up, qi, r1.pointer, qi) == 0 else { return nil }
        let diagonal = (0..<q).map { r1.pointer[$0 * (q + 1)] }
        guard let smallest = diagonal.min(), let largest = diagonal.max(),
              smallest >= choleskyQRPivotRatio * largest else { return nil }

        let q1 = try TallMatrix(like: t, rows: p, cols: q, op: op)
        q1.pointer.initialize(from: t.pointer, count: p * q)
        cblas_dtrsm(t.order, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, pi, qi, 1, r1.pointer, qi, q1.pointer, ldi)

        let r2 = try q1.gram(op: op)
        guard orthogonalityLoss(ofGram: r2.pointer, q, rowMajor: t.rowMajor) <= choleskyQRLoss,
              LAPACKE_dpotrf(t.layout, up, qi, r2.pointer, qi) == 0 else { return nil }

        // R = R₂·R₁ and its SVD.
        let r = try TensorStorage.checked(q * q, shape: [q, q], op: op)
        r.pointer.initialize(from: r1.pointer, count: q * q)
        cblas_dtrmm(t.order, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, qi, qi, 1, r2.pointer, qi, r.pointer, qi)
        let s = try Tensor(uninitializedShape: [q], op: op)
        let uR = try TensorStorage.checked(q * q, shape: [q, q], op: op)
        let vtR = try TensorStorage.checked(q * q, shape: [q, q], op: op)
        guard LAPACKE_dgesdd(t.layout, char("S"), qi, qi, r.pointer, qi, s.buffer.pointer, uR.pointer, qi,
                             vtR.pointer, qi) == 0 else { return nil }

        // U = Q₁·(R₂⁻¹·U_R).
        cblas_dtrsm(t.order, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, qi, qi, 1, r2.pointer, qi, uR.pointer, qi)
        let u = try TallMatrix(like: t, rows: p, cols: q, op: op)
        cblas_dgemm(t.order, CblasNoTrans, CblasNoTrans, pi, qi, qi, 1, q1.pointer, ldi, uR.pointer, qi, 0, u.pointer, ldi)

        if scale != 1 { for i in 0..<q { s.buffer.pointer[i] /= scale } }
        // Tall: A = T = U·Σ·V_Rᵀ. Wide: A = Tᵀ = V_R·Σ·Uᵀ, and the column-major buffers read
        // row-major are already those transposes (V_Rᵀ's is V_R, U's is Uᵀ).
        if t.rowMajor { return (Tensor(shape: [m, n], storage: u.storage), s, Tensor(shape: [n, n], storage: vtR)) }
        return (Tensor(shape: [m, m], storage: vtR), s, Tensor(shape: [m, n], storage: u.storage))
    }

    /// Largest |Gᵢⱼ − δᵢⱼ| over the upper triangle of the q×q `g` (NaN when g has a NaN).
    static func orthogonalityLoss(ofGram g: UnsafeMutablePointer<Double>, _ q: Int, rowMajor: Bool) -> Double {
        var loss = 0.0
        for i in 0..<q {
            for j in i..<q {
                let d = (g[rowMajor ? i * q + j : j * q + i] - (i == j ? 1 : 0)).magnitude
                if d > loss || d.isNaN { loss = d }  // a NaN sticks
            }
        }
        return loss
    }
}

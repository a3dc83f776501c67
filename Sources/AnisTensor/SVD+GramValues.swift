// Singular values of a clearly tall (or wide) float64 matrix through Gram matrices:
// BLAS-3 work on the long side and LAPACK only on the small side, several times faster
// than dgesdd, with every value within ~1e-13·σ1 of dgesdd's (the accuracy svdvals promises).
//
// Stage 1: G = TᵀT (dsyrk) and its eigenvalues (dsyevd). dsyevd's eigenvalues are off by
// about ε·‖G‖ = ε·σ1², so σᵢ = √λᵢ is off by about ε·σ1²/(2σᵢ): within 1e-13·σ1 for
// σᵢ ≥ 1e-3·σ1. When the smallest σ is that large (the usual N samples × D features data),
// that is the answer.
//
// Otherwise (rank-deficient or graded spectra) the small values are recovered by
// deflation instead of a full dgesdd: with G's eigenvectors V = [V₂ V₁] (V₂: the k₂
// eigenvalues too small to trust), B = T·V₂ (dgemm, rows × k₂) has the small singular
// values of T, and its own Gram matrix BᵀB gives them with absolute error ε·‖B‖², tiny
// because ‖B‖ ≤ ~1e-3·σ1. Why that holds to first order:
// - V₂ is off from the true invariant subspace by rotations of angle |E_jk|/(λⱼ − λₖ)
//   towards each trusted direction j (E: the ε·σ1² error in G). That adds at most
//   (λⱼ − λₖ)·angle² ≤ min(λⱼ − λₖ, ε²σ1⁴/(λⱼ − λₖ)) to an eigenvalue of BᵀB, and since
//   λⱼ ≥ 1e-6·σ1² is trusted, σₖ moves by at most ~ε·σ1²/σⱼ ≤ 1e3·ε·σ1 ≈ 1e-13·σ1 —
//   no gap between the two groups is needed (mixing across a small gap only moves a
//   value by about that gap).
// - B = fl(T·V₂) is off by ~ε·‖T‖, moving its singular values by ~ε·σ1.
// At each stage with μ = ‖B‖ the values with σ ≥ 1e-3·μ²/σ1 are trusted by the same
// argument (error ε·μ²/(2σ) ≤ ~1e-13·σ1); the rest, all below 1e-3·μ²/σ1, either have an
// absolute error √ε·μ ≤ 1e-13·σ1 already (μ ≤ 1e-6·σ1) or go through one more stage.
// The next stage's μ is below 1e-3·μ²/σ1: 1e-3·σ1 after the first stage, 1e-9·σ1 after
// the second, so the third always accepts what is left and the route never needs dgesdd
// for accuracy; it returns nil only when LAPACK fails.
//
// Cost: B = T·V₂ by dgemm is 2·rows·cols·k₂ flops, or 2·rows·k₁·(cols + k₂) through a
// Householder basis of the complement of V₁ (TallMatrix.timesComplement), whichever is
// fewer. A first-stage tail at noise level (rank-deficient data, the common case here)
// first tries noiseTailValues, whose non-orthonormal basis needs only 2·rows·k₁·k₂. Tests/AnisTensorTests/SVDRouteTests.swift checks all of this against
// dgesdd on graded, clustered and rank-deficient spectra.
import CLinearAlgebra

extension LAKit {
    /// Stage 1 trusts σᵢ ≥ gramTrust·σ1 (and later stages σ ≥ gramTrust·μ²/σ1): see above.
    static let gramTrust = 1e-3
    /// Untrusted values of a stage whose largest singular value μ is below this many σ1
    /// are accepted: their absolute error is about √ε·μ ≈ 1.5e-14·σ1.
    static let gramAcceptBelow = 1e-6
    /// Deflation stages at most (the third always accepts; see above).
    static let gramStages = 3
    /// A first-stage tail whose eigenvalues are all below this many λmax (σ ≲ 1e-6·σ1:
    /// rank-deficient data) is first tried with the cheaper basis of noiseTailValues.
    static let gramNoiseTail = 1e-12
    /// Largest ω = 1 + ‖X‖²_F noiseTailValues works with (its errors grow like ω).
    static let noiseTailOmegaLimit = 1e4

    /// Singular values (descending) of the row-major m×n float64 `a`, max(m, n) > 0, through
    /// Gram matrices of min(m, n) columns. Nil when LAPACK fails (the caller then uses
    /// dgesdd); throws for NaN or infinite entries.
    static func gramSingularValues(_ a: Tensor, m: Int, n: Int) throws(TensorError) -> Tensor? {
        let op = "svdvals"
        let k = Swift.min(m, n)
        var s = try Tensor(shape: [k], repeating: 0, op: op)
        let (tall, gram, scale) = try tallGram(a, m: m, n: n, op: op)
        var matrix = tall, g = gram
        var found = [Double]()
        found.reserveCapacity(k)
        var sigma1 = 0.0
        for stage in 0..<gramStages {
            let q = matrix.cols
            let qi = try int32(q, op: op)
            if stage > 0 { g = try matrix.gram(op: op) }
            var w = [Double](repeating: 0, count: q)  // ascending
            let vectors: TensorStorage  // eigenvectors in the columns, in the matrix's storage order
            if stage == 0 {
                // One tridiagonalisation (dsytrd) serves both passes: the eigenvalues first
                // (dsterf), which end the common well-conditioned case, the eigenvectors
                // (dstedc, dormtr) only when deflation needs them.
                var d = w, e = w, tau = w
                guard LAPACKE_dsytrd(matrix.layout, char("U"), qi, g.pointer, qi, &d, &e, &tau) == 0 else { return nil }
                w = d
                var offDiagonal = e
                guard LAPACKE_dsterf(qi, &w, &offDiagonal) == 0 else { return nil }
                sigma1 = Swift.max(w[q - 1], 0).squareRoot()
                if sigma1 == 0 { return s }
                if w[0] >= gramTrust * gramTrust * w[q - 1] {
                    found = w.reversed().map { $0.squareRoot() }
                    break
                }
                vectors = try TensorStorage.checked(q * q, shape: [q, q], op: op)
                guard LAPACKE_dstedc(matrix.layout, char("I"), qi, &d, &e, vectors.pointer, qi) == 0,
                      LAPACKE_dormtr(matrix.layout, char("L"), char("U"), char("N"), qi, qi, g.pointer, qi, tau,
                                     vectors.pointer, qi) == 0 else { return nil }
                w = d
            } else {
                let info = w.withUnsafeMutableBufferPointer {
                    LAPACKE_dsyevd(matrix.layout, char("V"), char("U"), qi, g.pointer, qi, $0.baseAddress)
                }
                guard info == 0 else { return nil }
                vectors = g
            }
            let mu2 = Swift.max(w[q - 1], 0)
            let cutoff = gramTrust * mu2 / sigma1  // σ below this is not trusted at this stage
            let untrusted = w.prefix { $0 < cutoff * cutoff }.count
            for i in stride(from: q - 1, through: untrusted, by: -1) { found.append(w[i].squareRoot()) }
            if untrusted == 0 { break }
            if stage == 0, w[untrusted - 1] <= gramNoiseTail * mu2,
               let tail = try noiseTailValues(matrix, v1: vectors.pointer + (matrix.rowMajor ? untrusted : untrusted * q), ldv: q,
                                              k1: q - untrusted, sigma1: sigma1, op: op) {
                found += tail
                break
            }
            if mu2.squareRoot() <= gramAcceptBelow * sigma1 {
                for i in stride(from: untrusted - 1, through: 0, by: -1) { found.append(Swift.max(w[i], 0).squareRoot()) }
                break
            }
            if stage == gramStages - 1 { return nil }
            // B = T·V₂ (the eigenvectors of the untrusted eigenvalues are G's first columns),
            // or T times another basis of V₂'s span, built from V₁ when that costs fewer flops.
            let k1 = q - untrusted
            if q * untrusted <= k1 * (q + untrusted) {
                matrix = try matrix.times(vectors.pointer, ldv: q, k: untrusted, op: op)
            } else {
                let v1 = vectors.pointer + (matrix.rowMajor ? untrusted : untrusted * q)
                matrix = try matrix.timesComplement(of: v1, ldv: q, k1: k1, op: op)
            }
        }
        guard found.count == k else { return nil }
        found.sort(by: >)  // stages overlap within their errors
        s.withUnsafeMutableBufferPointer { out in
            for i in 0..<k { out[i] = found[i] / scale }
        }
        return s
    }

    /// The singular values of T·V₂ (V₂: an orthonormal basis of the complement of the span
    /// of the k₁ orthonormal columns `v1`), when they are at noise level: the last stage of
    /// rank-deficient data, about 2·rows·k₁·k₂ flops instead of the 2·rows·cols·k₂ of T·V₂.
    ///
    /// The basis is W = Π·[−X; I] with V₁ᵀΠ = Q·[R₁ R₂] (dgeqp3) and X = R₁⁻¹R₂, so that
    /// V₁ᵀW = 0 and T·W = T[:, Π₂] − T[:, Π₁]·X needs only k₁ columns' work per row. W is not
    /// orthonormal, so the values come from the generalised problem (TW)ᵀ(TW)·z = λ·WᵀW·z
    /// (dsygvd), whose eigenvalues are those of W_oᵀ·TᵀT·W_o for an orthonormal W_o of the
    /// same span. WᵀW = I + XᵀX has condition below ω = 1 + ‖X‖²_F, which scales the errors:
    /// λ is off by about ε·μ²·ω² (μ: the largest of these σ), σ by √ε·μ·ω. So the values are
    /// returned only when μ·ω ≤ gramAcceptBelow·σ1 (error ≤ ~1.5e-14·σ1); nil otherwise, or
    /// when ω is large, and the caller takes the orthonormal route.
    static func noiseTailValues(_ t: TallMatrix, v1: UnsafeMutablePointer<Double>, ldv: Int, k1: Int, sigma1: Double,
                                op: String) throws(TensorError) -> [Double]? {
        let p = t.rows, q = t.cols, k2 = q - k1
        let k1i = try int32(k1, op: op), k2i = try int32(k2, op: op), qi = try int32(q, op: op)
        // V₁ᵀ (k₁×q, column-major) and its QR with column pivoting; X = R₁⁻¹R₂ replaces R₂.
        let a = try TensorStorage.checked(k1 * q, shape: [k1, q], op: op)
        let ap = a.pointer
        for j in 0..<q { for i in 0..<k1 { ap[i + j * k1] = v1[t.rowMajor ? j * ldv + i : i * ldv + j] } }
        var pivots = [Int32](repeating: 0, count: q)
        var tau = [Double](repeating: 0, count: k1)
        let info = pivots.withUnsafeMutableBufferPointer { jp in
            tau.withUnsafeMutableBufferPointer { LAPACKE_dgeqp3(LAPACK_COL_MAJOR, k1i, qi, ap, k1i, jp.baseAddress, $0.baseAddress) }
        }
        let columns = pivots.map { Int($0) - 1 }
        guard info == 0, columns.sorted() == Array(0..<q) else { return nil }  // a permutation, as promised
        let x = ap + k1 * k1
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, k1i, k2i, 1, ap, k1i, x, k1i)
        let omega = 1 + sumSquares(x, k1 * k2)
        guard omega <= noiseTailOmegaLimit else { return nil }  // also false for NaN
        // T·W = T[:, Π₂] − T[:, Π₁]·X (X read as k₁×k₂ in t's storage order).
        let (first, tw) = try t.split(columns: columns, at: k1, op: op)
        cblas_dgemm(t.order, CblasNoTrans, t.rowMajor ? CblasTrans : CblasNoTrans, try int32(p, op: op), k2i, k1i, -1,
                    first.pointer, try int32(first.ld, op: op), x, k1i, 1, tw.pointer, try int32(tw.ld, op: op))
        let g = try tw.gram(op: op)  // one triangle, in t's storage order
        let h = try TensorStorage.checked(k2 * k2, shape: [k2, k2], op: op)  // WᵀW = I + XᵀX, both triangles
        h.pointer.initialize(repeating: 0, count: k2 * k2)
        for i in 0..<k2 { h.pointer[i * (k2 + 1)] = 1 }
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, k2i, k2i, k1i, 1, x, k1i, x, k1i, 1, h.pointer, k2i)
        var w = [Double](repeating: 0, count: k2)
        // Column-major, g's filled triangle is the upper one for a column-major t, the lower for a row-major one.
        guard w.withUnsafeMutableBufferPointer({
            LAPACKE_dsygvd(LAPACK_COL_MAJOR, 1, char("N"), char(t.rowMajor ? "L" : "U"), k2i, g.pointer, k2i, h.pointer, k2i,
                           $0.baseAddress)
        }) == 0 else { return nil }
        let mu = Swift.max(w[k2 - 1], 0).squareRoot()
        guard mu * omega <= gramAcceptBelow * sigma1 else { return nil }
        return w.reversed().map { Swift.max($0, 0).squareRoot() }
    }
}

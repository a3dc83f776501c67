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
// for accuracy; it returns nil only when LAPACK fails. Tests/AnisTensorTests/SVDRouteTests.swift checks all of this against
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

    /// Singular values (descending) of the finite row-major m×n float64 `a`, max(m, n) > 0,
    /// whose largest |aᵢⱼ| is `maxMagnitude`, through Gram matrices of min(m, n) columns.
    /// Nil when LAPACK fails (the caller then uses dgesdd).
    static func gramSingularValues(_ a: Tensor, m: Int, n: Int, maxMagnitude: Double) throws(TensorError) -> Tensor? {
        let op = "svdvals"
        let k = Swift.min(m, n)
        var s = try Tensor(shape: [k], repeating: 0, op: op)
        if maxMagnitude == 0 { return s }
        let scale = gramScale(maxMagnitude: maxMagnitude)
        var matrix = TallMatrix(try scaledStorage(a, by: scale, op: op), m: m, n: n)
        var found = [Double]()
        found.reserveCapacity(k)
        var sigma1 = 0.0
        for stage in 0..<gramStages {
            let q = matrix.cols
            let qi = try int32(q, op: op)
            let g = try matrix.gram(op: op)
            var w = [Double](repeating: 0, count: q)  // ascending
            if stage == 0 {
                // Values only first: well-conditioned data (the common case) ends here.
                let values = try TensorStorage.checked(q * q, shape: [q, q], op: op)
                values.pointer.initialize(from: g.pointer, count: q * q)
                let info = w.withUnsafeMutableBufferPointer {
                    LAPACKE_dsyevd(matrix.layout, char("N"), char("U"), qi, values.pointer, qi, $0.baseAddress)
                }
                guard info == 0 else { return nil }
                sigma1 = Swift.max(w[q - 1], 0).squareRoot()
                if sigma1 == 0 { return s }
                if w[0] >= gramTrust * gramTrust * w[q - 1] {
                    found = w.reversed().map { $0.squareRoot() }
                    break
                }
            }
            let info = w.withUnsafeMutableBufferPointer {
                LAPACKE_dsyevd(matrix.layout, char("V"), char("U"), qi, g.pointer, qi, $0.baseAddress)
            }
            guard info == 0 else { return nil }
            let mu2 = Swift.max(w[q - 1], 0)
            let cutoff = gramTrust * mu2 / sigma1  // σ below this is not trusted at this stage
            let untrusted = w.prefix { $0 < cutoff * cutoff }.count
            for i in stride(from: q - 1, through: untrusted, by: -1) { found.append(w[i].squareRoot()) }
            if untrusted == 0 { break }
            if mu2.squareRoot() <= gramAcceptBelow * sigma1 {
                for i in stride(from: untrusted - 1, through: 0, by: -1) { found.append(Swift.max(w[i], 0).squareRoot()) }
                break
            }
            if stage == gramStages - 1 { return nil }
            // B = T·V₂ (the eigenvectors of the untrusted eigenvalues are G's first columns),
            // or T times another basis of V₂'s span, built from V₁ when that costs fewer flops.
            let k1 = q - untrusted
            if q * untrusted <= k1 * (q + untrusted) {
                matrix = try matrix.times(g.pointer, ldv: q, k: untrusted, op: op)
            } else {
                let v1 = g.pointer + (matrix.rowMajor ? untrusted : untrusted * q)
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
}

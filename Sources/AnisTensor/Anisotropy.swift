// The anisotropy toolkit: spectral summaries of a representation matrix H (N samples × D features),
// cosine statistics, PCA, TwoNN intrinsic dimension and dead-unit counts.
import CLinearAlgebra
import Glibc

/// Estimator used by `Anisotropy.twonn`.
public enum TwoNNEstimator: Sendable, Equatable {
    /// Facco et al. 2017: least-squares line through the origin of −log(1 − F(μ)) against log μ,
    /// F the empirical CDF (i/N for the i-th smallest μ), after discarding the largest fraction of μ.
    case fit
    /// Maximum likelihood: d = n / Σ log μᵢ.
    case mle
}

/// Measures of how anisotropic a set of representations H ∈ ℝ^(N×D) (rows are samples) is.
public enum Anisotropy {
    /// Singular values of H normalised to sum to 1: pᵢ = σᵢ / Σⱼσⱼ (all zeros for a zero matrix).
    public static func spectrum(_ h: Tensor) throws(TensorError) -> Tensor {
        let s = try Tensor.svdvals(h)
        let p = s.storage.pointer
        var total = 0.0
        for i in 0..<s.count { total += p[i] }
        if total > 0 { for i in 0..<s.count { p[i] /= total } }
        return s
    }

    /// Effective rank (Roy & Vetterli 2007): exp(−Σ pᵢ log pᵢ) with p = `spectrum(H)` and 0·log 0 = 0.
    /// Between 1 and min(N, D); 0 for a zero matrix.
    public static func effectiveRank(_ h: Tensor) throws(TensorError) -> Double {
        let p = try spectrum(h)
        var entropy = 0.0, total = 0.0
        for i in 0..<p.count { let x = p.storage.pointer[i]; total += x; if x > 0 { entropy -= x * log(x) } }
        return total > 0 ? exp(entropy) : 0
    }

    /// Participation ratio (Σλ)² / Σλ² of the eigenvalues λᵢ = σᵢ² of the covariance HᵀH
    /// (of column-centred H when `centered`, the usual definition; of raw H otherwise). 0 for a zero matrix.
    public static func participationRatio(_ h: Tensor, centered: Bool = true) throws(TensorError) -> Double {
        let (m, n) = try LAKit.matrixDims(h, op: "participation_ratio")
        if Swift.min(m, n) == 0 { return 0 }
        let s: Tensor
        do { s = try Tensor.svdvals(centered ? try center(h) : h) } catch {
            throw TensorError(error.message.replacing("svdvals", with: "participation_ratio"))
        }
        var a = 0.0, b = 0.0
        for i in 0..<s.count { let l = s.storage.pointer[i] * s.storage.pointer[i]; a += l; b += l * l }
        return b > 0 ? a * a / b : 0
    }

    /// Stable rank ‖H‖_F² / σ₁² (0 for a zero matrix).
    public static func stableRank(_ h: Tensor) throws(TensorError) -> Double {
        let s = try Tensor.svdvals(h)
        guard s.count > 0, s.storage.pointer[0] > 0 else { return 0 }
        return LAKit.sumSquares(h.storage.pointer, h.count) / (s.storage.pointer[0] * s.storage.pointer[0])
    }

    /// σ₁/σ₂, how far the top singular value stands out (infinity when σ₂ = 0 < σ₁).
    public static func sigmaRatio(_ h: Tensor) throws(TensorError) -> Double {
        let s = try Tensor.svdvals(h)
        guard s.count >= 2 else { throw TensorError("sigma_ratio: need at least 2 singular values, got shape \(h.shapeDescription)") }
        return s.storage.pointer[0] / s.storage.pointer[1]
    }

    /// Mean pairwise cosine similarity of the rows, over pairs i ≠ j, in O(N·D) without an N×N matrix:
    /// with uᵢ = hᵢ/‖hᵢ‖ and s = Σuᵢ, mean = (‖s‖² − n)/(n(n − 1)). Zero rows (undefined cosine) are left out of n.
    public static func meanCosine(_ h: Tensor) throws(TensorError) -> Double {
        let (m, d) = try LAKit.matrixDims(h, op: "mean_cosine")
        let p = h.storage.pointer
        var s = [Double](repeating: 0, count: d)
        var n = 0
        s.withUnsafeMutableBufferPointer { acc in
            for i in 0..<m {
                let row = p + i * d
                let r = LAKit.sumSquares(row, d).squareRoot()
                guard r > 0 else { continue }
                n += 1
                let inv = 1 / r
                for j in 0..<d { acc[j] += row[j] * inv }
            }
        }
        guard n >= 2 else { throw TensorError("mean_cosine: need at least 2 nonzero rows, got shape \(h.shapeDescription)") }
        var ss = 0.0
        for x in s { ss += x * x }
        let nd = Double(n)
        return (ss - nd) / (nd * (nd - 1))
    }

    /// Top right singular vector v₁ (unit, sign chosen so Σv ≥ 0), σ₁, and |cos(v₁, 𝟏)| = |Σv|/√D.
    /// Computed from the smaller Gram matrix (HᵀH or HHᵀ, dsyrk) and its top eigenvector (dsyevr).
    public static func topSingularVector(_ h: Tensor) throws(TensorError) -> (vector: Tensor, sigma: Double, cosineWithOnes: Double) {
        let (m, d) = try LAKit.matrixDims(h, op: "top_singular_vector")
        guard m > 0 && d > 0 else { throw TensorError("top_singular_vector: empty matrix \(h.shapeDescription)") }
        try LAKit.requireFinite(h, op: "top_singular_vector")
        let g = Swift.min(m, d), gi = try LAKit.int32(g, op: "top_singular_vector")
        let mi = try LAKit.int32(m, op: "top_singular_vector"), di = try LAKit.int32(d, op: "top_singular_vector")
        let gram = try TensorStorage.checked(g * g, shape: [g, g], op: "top_singular_vector")
        // Upper triangle (row-major) of HᵀH when D ≤ N, else of HHᵀ; that is the lower triangle column-major.
        cblas_dsyrk(CblasRowMajor, CblasUpper, d <= m ? CblasTrans : CblasNoTrans, gi, d <= m ? mi : di,
                    1, h.storage.pointer, di, 0, gram.pointer, gi)
        var found: Int32 = 0, lambda = 0.0
        var z = [Double](repeating: 0, count: g), support = [Int32](repeating: 0, count: 2)
        let info = z.withUnsafeMutableBufferPointer { zp in
            support.withUnsafeMutableBufferPointer { sp in
                LAPACKE_dsyevr(LAPACK_COL_MAJOR, LAKit.char("V"), LAKit.char("I"), LAKit.char("L"), gi, gram.pointer, gi,
                               0, 0, gi, gi, 0, &found, &lambda, zp.baseAddress, gi, sp.baseAddress)
            }
        }
        try LAKit.check(info, op: "top_singular_vector", failure: "top_singular_vector: eigenvalue iteration did not converge")
        let sigma = Swift.max(lambda, 0).squareRoot()
        let v = try Tensor(uninitializedShape: [d], op: "top_singular_vector")
        let vp = v.storage.pointer
        if d <= m {
            for j in 0..<d { vp[j] = z[j] }
        } else {  // v = Hᵀu / σ
            z.withUnsafeBufferPointer { u in
                cblas_dgemv(CblasRowMajor, CblasTrans, mi, di, 1, h.storage.pointer, di, u.baseAddress, 1, 0, vp, 1)
            }
            let norm = LAKit.sumSquares(vp, d).squareRoot()
            for j in 0..<d { vp[j] = norm > 0 ? vp[j] / norm : 0 }
        }
        var total = 0.0
        for j in 0..<d { total += vp[j] }
        if total < 0 { for j in 0..<d { vp[j] = -vp[j] }; total = -total }
        return (v, sigma, total / Double(d).squareRoot())
    }

    /// H with each column's mean subtracted.
    public static func center(_ h: Tensor) throws(TensorError) -> Tensor {
        let (m, d) = try LAKit.matrixDims(h, op: "center")
        let out = try Tensor(uninitializedShape: [m, d], op: "center")
        guard m > 0 else { return out }
        let p = h.storage.pointer, o = out.storage.pointer
        var mean = [Double](repeating: 0, count: d)
        mean.withUnsafeMutableBufferPointer { mu in
            for i in 0..<m { let row = p + i * d; for j in 0..<d { mu[j] += row[j] } }
            let inv = 1 / Double(m)
            for j in 0..<d { mu[j] *= inv }
            for i in 0..<m { for j in 0..<d { o[i * d + j] = p[i * d + j] - mu[j] } }
        }
        return out
    }

    /// PCA of column-centred H via thin SVD Hc = U S Vᵀ: components k×D (rows of Vᵀ, each signed so its
    /// largest-magnitude entry is positive), explained-variance ratio σᵢ²/Σσ², and projected data Hc·Vₖ (N×k).
    public static func pca(_ h: Tensor, k: Int) throws(TensorError)
        -> (components: Tensor, explainedVarianceRatio: Tensor, projected: Tensor) {
        let (m, d) = try LAKit.matrixDims(h, op: "pca")
        guard k >= 1 && k <= Swift.min(m, d) else {
            throw TensorError("pca: k = \(k) must be between 1 and min(N, D) = \(Swift.min(m, d)) for shape \(h.shapeDescription)")
        }
        let c = try center(h)
        try LAKit.requireFinite(c, op: "pca")
        let (u, s, vt) = try LAKit.svdInPlace(Double.self, c.storage, m: m, n: d, full: false, op: "pca")
        let r = s.count, sp = s.storage.pointer, up = u.storage.pointer, vp = vt.storage.pointer
        let comps = try Tensor(uninitializedShape: [k, d], op: "pca")
        let ratio = try Tensor(uninitializedShape: [k], op: "pca")
        let proj = try Tensor(uninitializedShape: [m, k], op: "pca")
        var total = 0.0
        for i in 0..<r { total += sp[i] * sp[i] }
        for i in 0..<k {
            var big = 0.0
            for j in 0..<d where Swift.abs(vp[i * d + j]) > Swift.abs(big) { big = vp[i * d + j] }
            let sign: Double = big < 0 ? -1 : 1
            for j in 0..<d { comps.storage.pointer[i * d + j] = sign * vp[i * d + j] }
            for row in 0..<m { proj.storage.pointer[row * k + i] = sign * up[row * r + i] * sp[i] }
            ratio.storage.pointer[i] = total > 0 ? sp[i] * sp[i] / total : 0
        }
        return (comps, ratio, proj)
    }

    /// TwoNN intrinsic dimension (Facco, d'Errico, Rodriguez & Laio 2017) of the rows of H.
    ///
    /// For each point μ = r₂/r₁, the ratio of its second to first nearest-neighbour (Euclidean) distance;
    /// points with a duplicate (r₁ = 0) are skipped. Distances come from one dgemm per block of rows,
    /// ‖a‖² + ‖b‖² − 2a·b, never an N×N matrix; the 3 nearest candidates are then re-measured exactly.
    /// `.fit` (default) discards the largest `discard` fraction of μ as in the paper.
    public static func twonn(_ h: Tensor, estimator: TwoNNEstimator = .fit, discard: Double = 0.1) throws(TensorError) -> Double {
        let (n, d) = try LAKit.matrixDims(h, op: "twonn")
        guard n >= 3 else { throw TensorError("twonn: need at least 3 points, got shape \(h.shapeDescription)") }
        guard discard >= 0 && discard < 1 else { throw TensorError("twonn: discard fraction \(discard) must be in [0, 1)") }
        try LAKit.requireFinite(h, op: "twonn")
        let p = h.storage.pointer
        var norms = [Double](repeating: 0, count: n)
        for i in 0..<n { norms[i] = LAKit.sumSquares(p + i * d, d) }
        let block = Swift.max(1, Swift.min(n, 4_000_000 / n))
        let g = try TensorStorage.checked(block * n, shape: [block, n], op: "twonn")
        var mus = [Double]()
        mus.reserveCapacity(n)
        let ni = try LAKit.int32(n, op: "twonn"), di = try LAKit.int32(d, op: "twonn")
        var i0 = 0
        while i0 < n {
            try Interrupt.check()
            let b = Swift.min(block, n - i0)
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(b), ni, di, 1, p + i0 * d, di, p, di, 0, g.pointer, ni)
            norms.withUnsafeBufferPointer { nrm in
                for r in 0..<b {
                    let i = i0 + r, row = g.pointer + r * n, ni2 = nrm[i]
                    // Three nearest candidates by the fast formula, kept sorted.
                    var d0 = Double.infinity, d1 = Double.infinity, d2 = Double.infinity
                    var j0 = -1, j1 = -1, j2 = -1
                    for j in 0..<n where j != i {
                        let dist = ni2 + nrm[j] - 2 * row[j]
                        if dist < d2 {
                            if dist < d1 {
                                d2 = d1; j2 = j1
                                if dist < d0 { d1 = d0; j1 = j0; d0 = dist; j0 = j } else { d1 = dist; j1 = j }
                            } else { d2 = dist; j2 = j }
                        }
                    }
                    var exact = [Double]()
                    for j in [j0, j1, j2] where j >= 0 {
                        var s = 0.0
                        for c in 0..<d { let t = p[i * d + c] - p[j * d + c]; s += t * t }
                        exact.append(s.squareRoot())
                    }
                    exact.sort()
                    if exact.count >= 2 && exact[0] > 0 { mus.append(exact[1] / exact[0]) }
                }
            }
            i0 += b
        }
        guard mus.count >= 2 else { throw TensorError("twonn: fewer than 2 points have distinct nearest neighbours") }
        let logs = mus.map { log($0) }
        switch estimator {
        case .mle:
            let total = logs.reduce(0, +)
            guard total > 0 else { throw TensorError("twonn: all neighbour-distance ratios are 1; the dimension is undefined") }
            return Double(logs.count) / total
        case .fit:
            let sorted = logs.sorted(), count = sorted.count
            let keep = Swift.min(count - 1, Int((Double(count) * (1 - discard)).rounded(.down)))
            var sxy = 0.0, sxx = 0.0
            for i in 0..<keep {
                let x = sorted[i], y = -log(1 - Double(i + 1) / Double(count))
                sxy += x * y; sxx += x * x
            }
            guard sxx > 0 else { throw TensorError("twonn: all neighbour-distance ratios are 1; the dimension is undefined") }
            return sxy / sxx
        }
    }

    /// Fraction of columns (units) that are ≤ `tol` on every row: dead ReLU units.
    public static func deadFraction(_ h: Tensor, tol: Double = 0) throws(TensorError) -> Double {
        let (m, d) = try LAKit.matrixDims(h, op: "dead_fraction")
        guard d > 0 else { return 0 }
        let p = h.storage.pointer
        var alive = [Bool](repeating: false, count: d)
        for i in 0..<m { for j in 0..<d where p[i * d + j] > tol { alive[j] = true } }
        return Double(alive.lazy.filter { !$0 }.count) / Double(d)
    }
}

// Dense linear algebra on matrices through LAPACK/CBLAS: decompositions, solvers,
// inverses, determinants, norms and small matrix constructors (diag, outer, trace).
import CLinearAlgebra
import Glibc

/// Matrix and vector norm orders: Frobenius, nuclear, or a numeric order (2, 1, ∞, −2, …).
public enum NormKind: Sendable, Equatable {
    case fro, nuc
    case order(Double)
}

extension Tensor {
    // MARK: symmetric and general eigenproblems

    /// Eigen-decomposition of a symmetric matrix (dsyevd): eigenvalues ascending, eigenvectors as columns.
    /// Only the lower triangle is read, as in NumPy.
    /// A float32 matrix goes to ssyevd and gives float32 results.
    public static func eigh(_ a: Tensor) throws(TensorError) -> (values: Tensor, vectors: Tensor) {
        switch a.dtype {
        case .float64: return try eigh(Double.self, a)
        case .float32: return try eigh(Float.self, a)
        }
    }

    private static func eigh<T: LAPACKScalar>(_: T.Type, _ a: Tensor) throws(TensorError) -> (values: Tensor, vectors: Tensor) {
        let n = try LAKit.squareDim(a, op: "eigh")
        let w = try Tensor(uninitializedShape: [n], dtype: T.dtype, op: "eigh")
        let v = try Tensor(uninitializedShape: [n, n], dtype: T.dtype, op: "eigh")
        if n == 0 { return (w, v) }
        let work = try LAKit.finiteCopy(a, as: T.self, op: "eigh")
        let ni = try LAKit.int32(n, op: "eigh")
        // Column-major the buffer is Aᵀ; its upper triangle is A's lower triangle.
        let info = T.syevd(LAKit.char("V"), ni, work.typed(T.self), ni, w.buffer.typed(T.self))
        try LAKit.check(info, op: "eigh", failure: "eigh: eigenvalue iteration did not converge")
        // Column j of the column-major result is eigenvector j: transpose into row-major columns.
        LAKit.transpose(work.typed(T.self), rows: n, cols: n, into: v.buffer.typed(T.self))
        return (w, v)
    }

    /// Eigenvalues of a symmetric matrix (dsyevd; ssyevd for float32), ascending. Only the lower triangle is read.
    public static func eigvalsh(_ a: Tensor) throws(TensorError) -> Tensor {
        switch a.dtype {
        case .float64: return try eigvalsh(Double.self, a)
        case .float32: return try eigvalsh(Float.self, a)
        }
    }

    private static func eigvalsh<T: LAPACKScalar>(_: T.Type, _ a: Tensor) throws(TensorError) -> Tensor {
        let n = try LAKit.squareDim(a, op: "eigvalsh")
        let w = try Tensor(uninitializedShape: [n], dtype: T.dtype, op: "eigvalsh")
        if n == 0 { return w }
        let work = try LAKit.finiteCopy(a, as: T.self, op: "eigvalsh")
        let ni = try LAKit.int32(n, op: "eigvalsh")
        let info = T.syevd(LAKit.char("N"), ni, work.typed(T.self), ni, w.buffer.typed(T.self))
        try LAKit.check(info, op: "eigvalsh", failure: "eigvalsh: eigenvalue iteration did not converge")
        return w
    }

    /// Eigen-decomposition of a general real matrix (dgeev).
    ///
    /// Eigenvalue j is `re[j] + i·im[j]` (complex ones come in conjugate pairs, LAPACK's order);
    /// its right eigenvector is column j of `vectorsRe + i·vectorsIm`, normalised to unit length.
    public static func eig(_ a: Tensor) throws(TensorError)
        -> (re: Tensor, im: Tensor, vectorsRe: Tensor, vectorsIm: Tensor) {
        let n = try LAKit.squareDim(a, op: "eig")
        let re = try Tensor(uninitializedShape: [n], op: "eig")
        let im = try Tensor(uninitializedShape: [n], op: "eig")
        let vre = try Tensor(uninitializedShape: [n, n], op: "eig")
        let vim = try Tensor(uninitializedShape: [n, n], op: "eig")
        if n == 0 { return (re, im, vre, vim) }
        try LAKit.requireFinite(a, op: "eig")
        // dgeev wants A column-major: a transposed copy (the one copy it destroys anyway).
        let work = try TensorStorage.checked(n * n, shape: [n, n], op: "eig")
        LAKit.transpose(a.storage.pointer, rows: n, cols: n, into: work.pointer)
        let vr = try TensorStorage.checked(n * n, shape: [n, n], op: "eig")
        let ni = try LAKit.int32(n, op: "eig")
        var dummy = 0.0
        let info = LAPACKE_dgeev(LAPACK_COL_MAJOR, LAKit.char("N"), LAKit.char("V"), ni, work.pointer, ni,
                                 re.storage.pointer, im.storage.pointer, &dummy, 1, vr.pointer, ni)
        try LAKit.check(info, op: "eig", failure: "eig: QR iteration did not converge")
        // Unpack LAPACK's real storage of conjugate pairs into row-major real and imaginary parts.
        let wi = im.storage.pointer, z = vr.pointer, pr = vre.storage.pointer, pi = vim.storage.pointer
        var j = 0
        while j < n {
            if wi[j] != 0 && j + 1 < n {
                for i in 0..<n {
                    let x = z[j * n + i], y = z[(j + 1) * n + i]
                    pr[i * n + j] = x; pi[i * n + j] = y
                    pr[i * n + j + 1] = x; pi[i * n + j + 1] = -y
                }
                j += 2
            } else {
                for i in 0..<n { pr[i * n + j] = z[j * n + i]; pi[i * n + j] = 0 }
                j += 1
            }
        }
        return (re, im, vre, vim)
    }

    // MARK: factorizations

    /// Reduced QR factorization (dgeqrf + dorgqr): q m×k with orthonormal columns, r k×n upper triangular, k = Swift.min(m, n).
    public static func qr(_ a: Tensor) throws(TensorError) -> (q: Tensor, r: Tensor) {
        let (m, n) = try LAKit.matrixDims(a, op: "qr")
        let k = Swift.min(m, n)
        let q = try Tensor(uninitializedShape: [m, k], op: "qr")
        let r = try Tensor(uninitializedShape: [k, n], op: "qr")
        if k == 0 { return (q, r) }
        try LAKit.requireFinite(a, op: "qr")
        let work = try TensorStorage.checked(m * n, shape: [n, m], op: "qr")
        LAKit.transpose(a.storage.pointer, rows: m, cols: n, into: work.pointer)  // column-major A, lda = m
        let tau = try TensorStorage.checked(k, shape: [k], op: "qr")
        let mi = try LAKit.int32(m, op: "qr"), ni = try LAKit.int32(n, op: "qr"), ki = Int32(k)
        try LAKit.check(LAPACKE_dgeqrf(LAPACK_COL_MAJOR, mi, ni, work.pointer, mi, tau.pointer), op: "qr", failure: "qr: factorization failed")
        let w = work.pointer, rp = r.storage.pointer
        for i in 0..<k {
            for j in 0..<n { rp[i * n + j] = j >= i ? w[j * m + i] : 0 }
        }
        try LAKit.check(LAPACKE_dorgqr(LAPACK_COL_MAJOR, mi, ki, ki, work.pointer, mi, tau.pointer), op: "qr", failure: "qr: forming Q failed")
        let qp = q.storage.pointer
        for i in 0..<m { for j in 0..<k { qp[i * k + j] = w[j * m + i] } }
        return (q, r)
    }

    /// Cholesky factor L (lower triangular, a = L·Lᵀ) of a symmetric positive-definite matrix (dpotrf).
    /// Only the lower triangle of `a` is read.
    public static func cholesky(_ a: Tensor) throws(TensorError) -> Tensor {
        let n = try LAKit.squareDim(a, op: "cholesky")
        if n == 0 { return try Tensor(uninitializedShape: [0, 0]) }
        let l = try Tensor(shape: [n, n], storage: LAKit.finiteCopy(a, op: "cholesky"))
        let ni = try LAKit.int32(n, op: "cholesky")
        // Column-major 'U' on Aᵀ: the factor U with Aᵀ = UᵀU, read row-major, is L.
        let info = LAPACKE_dpotrf(LAPACK_COL_MAJOR, LAKit.char("U"), ni, l.storage.pointer, ni)
        if info > 0 { throw TensorError("cholesky: matrix is not positive definite") }
        try LAKit.check(info, op: "cholesky", failure: "")
        let p = l.storage.pointer
        for i in 0..<n { var j = i + 1; while j < n { p[i * n + j] = 0; j += 1 } }
        return l
    }

    // MARK: solvers and inverses

    /// Solves a·x = b for square nonsingular a (LU, dgetrf + triangular solves); b is a vector (n,) or a matrix (n, k).
    public static func solve(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
        let n = try LAKit.squareDim(a, op: "solve")
        guard (b.rank == 1 || b.rank == 2) && b.shape[0] == n else {
            throw TensorError("solve: shapes \(a.shapeDescription) and \(b.shapeDescription) do not align")
        }
        let k = b.rank == 1 ? 1 : b.shape[1]
        let x = try Tensor(shape: b.shape, storage: LAKit.finiteCopy(b, op: "solve"))
        if n == 0 || k == 0 { return x }
        let (lu, ipiv) = try LAKit.luOfTranspose(a, n: n, op: "solve")
        if ipiv.isEmpty { throw TensorError("solve: matrix is singular") }
        // LU gives Aᵀ = P·L·U, so xᵀ = bᵀ·U⁻¹·L⁻¹·Pᵀ; row-major b read column-major is bᵀ (k×n, ld k).
        let y = x.storage.pointer, ki = Int32(k), ni = Int32(n)
        cblas_dtrsm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, ki, ni, 1, lu.pointer, ni, y, ki)
        cblas_dtrsm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasUnit, ki, ni, 1, lu.pointer, ni, y, ki)
        for i in stride(from: n - 1, through: 0, by: -1) {
            let p = Int(ipiv[i]) - 1
            if p != i { cblas_dswap(ki, y + i * k, 1, y + p * k, 1) }
        }
        return x
    }

    /// Least-squares solution of a·x ≈ b (dgelsd, SVD-based); singular values below `rcond`·σmax count as zero
    /// (default eps·Swift.max(m, n)). Residuals are the squared residual norms per column of b when rank = n < m, else empty.
    public static func lstsq(_ a: Tensor, _ b: Tensor, rcond: Double? = nil) throws(TensorError)
        -> (solution: Tensor, residuals: Tensor, rank: Int, singularValues: Tensor) {
        let (m, n) = try LAKit.matrixDims(a, op: "lstsq")
        guard (b.rank == 1 || b.rank == 2) && b.shape[0] == m else {
            throw TensorError("lstsq: shapes \(a.shapeDescription) and \(b.shapeDescription) do not align")
        }
        try LAKit.requireFinite(a, op: "lstsq"); try LAKit.requireFinite(b, op: "lstsq")
        let k = b.rank == 1 ? 1 : b.shape[1]
        let x = try Tensor(uninitializedShape: b.rank == 1 ? [n] : [n, k], op: "lstsq")
        let s = try Tensor(uninitializedShape: [Swift.min(m, n)], op: "lstsq")
        let ldb = Swift.max(m, n, 1)
        let aw = try TensorStorage.checked(m * n, shape: [n, m], op: "lstsq")
        let bw = try TensorStorage.checked(ldb * k, shape: [k, ldb], op: "lstsq")
        LAKit.transpose(a.storage.pointer, rows: m, cols: n, into: aw.pointer)
        bw.pointer.initialize(repeating: 0, count: ldb * k)
        let bp = b.storage.pointer, w = bw.pointer
        for i in 0..<m { for j in 0..<k { w[j * ldb + i] = bp[i * k + j] } }
        var rank: Int32 = 0
        if m > 0 && n > 0 {
            let mi = try LAKit.int32(m, op: "lstsq"), ni = try LAKit.int32(n, op: "lstsq")
            let ki = try LAKit.int32(k, op: "lstsq"), ldbi = try LAKit.int32(ldb, op: "lstsq")
            let cut = rcond ?? Double.ulpOfOne * Double(Swift.max(m, n))
            let info = LAPACKE_dgelsd(LAPACK_COL_MAJOR, mi, ni, ki, aw.pointer, mi, w, ldbi, s.storage.pointer, cut, &rank)
            try LAKit.check(info, op: "lstsq", failure: "lstsq: svd did not converge")
        }
        let xp = x.storage.pointer
        for i in 0..<n { for j in 0..<k { xp[i * k + j] = w[j * ldb + i] } }
        var residuals = try Tensor(uninitializedShape: [0], op: "lstsq")
        if Int(rank) == n && m > n {
            residuals = try Tensor(uninitializedShape: [k], op: "lstsq")
            for j in 0..<k {
                var acc = 0.0
                for i in n..<m { acc += w[j * ldb + i] * w[j * ldb + i] }
                residuals.storage.pointer[j] = acc
            }
        }
        return (x, residuals, Int(rank), s)
    }

    /// Inverse of a square nonsingular matrix (dgetrf + dgetri).
    public static func inv(_ a: Tensor) throws(TensorError) -> Tensor {
        let n = try LAKit.squareDim(a, op: "inv")
        if n == 0 { return try Tensor(uninitializedShape: [0, 0]) }
        // inv(Aᵀ) computed column-major on the row-major buffer is inv(A) read row-major.
        let (lu, ipiv) = try LAKit.luOfTranspose(a, n: n, op: "inv")
        if ipiv.isEmpty { throw TensorError("inv: matrix is singular") }
        let ni = Int32(n)
        let info = ipiv.withUnsafeBufferPointer { LAPACKE_dgetri(LAPACK_COL_MAJOR, ni, lu.pointer, ni, $0.baseAddress) }
        if info > 0 { throw TensorError("inv: matrix is singular") }
        try LAKit.check(info, op: "inv", failure: "")
        return Tensor(shape: [n, n], storage: lu)
    }

    /// Moore–Penrose pseudo-inverse via SVD; singular values ≤ rcond·σmax are treated as zero.
    public static func pinv(_ a: Tensor, rcond: Double = 1e-15) throws(TensorError) -> Tensor {
        let (m, n) = try LAKit.matrixDims(a, op: "pinv")
        let (u, s, vt) = try svd(a)
        let k = s.count
        let out = try Tensor(uninitializedShape: [n, m], op: "pinv")
        if k == 0 { out.storage.pointer.initialize(repeating: 0, count: out.count); return out }
        let sp = s.storage.pointer, v = vt.storage.pointer
        let cut = rcond * sp[0]
        for i in 0..<k {  // vt is freshly ours: scale its rows by 1/σ in place
            let f = sp[i] > cut ? 1 / sp[i] : 0
            for j in 0..<n { v[i * n + j] *= f }
        }
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasTrans, Int32(n), Int32(m), Int32(k), 1,
                    v, Int32(n), u.storage.pointer, Int32(k), 0, out.storage.pointer, Int32(m))
        return out
    }

    /// Determinant of a square matrix (LU: product of U's diagonal times the pivot sign).
    public static func det(_ a: Tensor) throws(TensorError) -> Double {
        let n = try LAKit.squareDim(a, op: "det")
        if n == 0 { return 1 }
        let (lu, ipiv) = try LAKit.luOfTranspose(a, n: n, op: "det")
        if ipiv.isEmpty { return 0 }
        var d = 1.0
        for i in 0..<n {
            d *= lu.pointer[i * n + i]
            if Int(ipiv[i]) != i + 1 { d = -d }
        }
        return d
    }

    // MARK: spectral summaries

    /// Numerical rank: singular values above `tol` (default σmax·Swift.max(m, n)·eps).
    public static func rank(_ a: Tensor, tol: Double? = nil) throws(TensorError) -> Int {
        let (m, n) = try LAKit.matrixDims(a, op: "rank")
        let s = try svdvals(a)
        guard s.count > 0 else { return 0 }
        let sp = s.storage.pointer
        let t = tol ?? sp[0] * Double(Swift.max(m, n)) * Double.ulpOfOne
        var r = 0
        for i in 0..<s.count where sp[i] > t { r += 1 }
        return r
    }

    /// 2-norm condition number σmax/σmin; infinity when the matrix is numerically singular
    /// (σmin ≤ σmax·max(m, n)·eps, the same threshold as `rank`).
    public static func cond(_ a: Tensor) throws(TensorError) -> Double {
        let s = try svdvals(a)
        guard s.count > 0 else { throw TensorError("cond: empty matrix \(a.shapeDescription)") }
        let smax = s.storage.pointer[0], smin = s.storage.pointer[s.count - 1]
        let tol = smax * Double(Swift.max(a.shape[0], a.shape[1])) * Double.ulpOfOne
        return smin <= tol ? .infinity : smax / smin
    }

    /// Matrix norm: `.fro` (default), `.nuc` (Σσ), `.order(2)` (σmax), `.order(-2)` (σmin),
    /// `.order(1)`/`.order(-1)` (max/min column abs sum), `.order(.infinity)`/`.order(-.infinity)` (max/min row abs sum).
    public static func matrixNorm(_ a: Tensor, kind: NormKind = .fro) throws(TensorError) -> Double {
        let (m, n) = try LAKit.matrixDims(a, op: "norm")
        let p = a.storage.pointer
        switch kind {
        case .fro:
            return LAKit.sumSquares(p, a.count).squareRoot()
        case .nuc:
            let s = try svdvals(a)
            var t = 0.0
            for i in 0..<s.count { t += s.storage.pointer[i] }
            return t
        case .order(let o) where o == 2 || o == -2:
            let s = try svdvals(a)
            guard s.count > 0 else { return 0 }
            return o == 2 ? s.storage.pointer[0] : s.storage.pointer[s.count - 1]
        case .order(let o) where Swift.abs(o) == 1 || Swift.abs(o) == .infinity:
            guard m > 0 && n > 0 else { return 0 }
            let byColumn = Swift.abs(o) == 1
            var sums = [Double](repeating: 0, count: byColumn ? n : m)
            for i in 0..<m { for j in 0..<n { sums[byColumn ? j : i] += Swift.abs(p[i * n + j]) } }
            return (o > 0 ? sums.max() : sums.min()) ?? 0
        case .order(let o):
            throw TensorError("norm: invalid norm order \(o) for a matrix (use fro, nuc, 2, -2, 1, -1, inf, -inf)")
        }
    }

    /// Vector p-norm (Σ|x|ᵖ)^(1/p) of all elements; p = ∞ is max |x|, −∞ is min |x|, 0 counts nonzeros.
    public static func vectorNorm(_ x: Tensor, p: Double = 2) throws(TensorError) -> Double {
        let n = x.count, v = x.storage.pointer
        if p.isNaN { throw TensorError("norm: invalid norm order nan") }
        if p == 2 { return LAKit.sumSquares(v, n).squareRoot() }
        if p == .infinity || p == -.infinity {
            guard n > 0 else { return 0 }
            var r = Swift.abs(v[0])
            for i in 0..<n { r = p > 0 ? Swift.max(r, Swift.abs(v[i])) : Swift.min(r, Swift.abs(v[i])) }
            return r
        }
        var acc = 0.0
        if p == 0 { for i in 0..<n where v[i] != 0 { acc += 1 }; return acc }
        if p == 1 { for i in 0..<n { acc += Swift.abs(v[i]) }; return acc }
        for i in 0..<n { acc += Glibc.pow(Swift.abs(v[i]), p) }
        return Glibc.pow(acc, 1 / p)
    }

    /// Norm dispatching on rank: vectors (and nil kind on any rank) use the vector norm, matrices `matrixNorm`.
    public static func norm(_ a: Tensor, kind: NormKind? = nil) throws(TensorError) -> Double {
        guard let kind else { return LAKit.sumSquares(a.storage.pointer, a.count).squareRoot() }
        if a.rank == 2 { return try matrixNorm(a, kind: kind) }
        guard a.rank == 1, case .order(let p) = kind else {
            throw TensorError("norm: order \(kind) needs a matrix, got shape \(a.shapeDescription)")
        }
        return try vectorNorm(a, p: p)
    }

    // MARK: constructors and diagonals

    /// Sum of the k-th diagonal of a matrix (k > 0 above the main diagonal).
    public static func trace(_ a: Tensor, offset k: Int = 0) throws(TensorError) -> Double {
        let (m, n) = try LAKit.matrixDims(a, op: "trace")
        var t = 0.0
        let p = a.storage.pointer
        var i = Swift.max(0, -k), j = Swift.max(0, k)
        while i < m && j < n { t += p[i * n + j]; i += 1; j += 1 }
        return t
    }

    /// `diag(v, k)`: square matrix with v on the k-th diagonal; `diag(A, k)`: the k-th diagonal of A as a vector.
    public static func diag(_ a: Tensor, offset k: Int = 0) throws(TensorError) -> Tensor {
        let p = a.storage.pointer
        if a.rank == 1 {
            let n = a.count, size = n + Swift.abs(k)
            let out = try Tensor(shape: [size, size], repeating: 0, op: "diag")
            let o = out.storage.pointer
            for i in 0..<n { o[(i + Swift.max(0, -k)) * size + i + Swift.max(0, k)] = p[i] }
            return out
        }
        guard a.rank == 2 else { throw TensorError("diag: expected a vector or a matrix, got shape \(a.shapeDescription)") }
        let m = a.shape[0], n = a.shape[1]
        let r0 = Swift.max(0, -k), c0 = Swift.max(0, k)
        let len = Swift.max(0, Swift.min(m - r0, n - c0))
        let out = try Tensor(uninitializedShape: [len], op: "diag")
        for i in 0..<len { out.storage.pointer[i] = p[(r0 + i) * n + c0 + i] }
        return out
    }

    /// Outer product x·yᵀ of two vectors (higher-rank inputs are flattened).
    public static func outer(_ x: Tensor, _ y: Tensor) throws(TensorError) -> Tensor {
        let m = x.count, n = y.count
        let out = try Tensor(uninitializedShape: [m, n], op: "outer")
        let xp = x.storage.pointer, yp = y.storage.pointer, o = out.storage.pointer
        for i in 0..<m { let xi = xp[i]; for j in 0..<n { o[i * n + j] = xi * yp[j] } }
        return out
    }
}

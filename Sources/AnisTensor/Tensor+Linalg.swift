// Dense linear algebra on matrices through LAPACK/CBLAS: decompositions, solvers,
// inverses, determinants, norms and small matrix constructors (diag, outer, trace).
// Each routine is written once, generic over LAPACKScalar, and runs in the promoted
// dtype of its arguments: float32 matrices go to the s-routines (sgeev, sgeqrf, spotrf,
// sgetrf, sgelsd, …) and give float32 results, with the same checks and errors as the
// float64 path. Default tolerances (lstsq's rcond, rank, cond) use that dtype's ε, as NumPy's.
import CLinearAlgebra
import Glibc

/// Matrix and vector norm orders: Frobenius, nuclear, or a numeric order (2, 1, ∞, −2, …).
public enum NormKind: Sendable, Equatable {
    case fro, nuc
    case order(Double)
}

extension DType {
    /// Machine epsilon of the element type, for default tolerances.
    public var epsilon: Double { self == .float32 ? Double(Float.ulpOfOne) : Double.ulpOfOne }
}

extension Tensor {
    // MARK: symmetric and general eigenproblems

    /// Eigen-decomposition of a symmetric matrix (dsyevd; ssyevd for float32): eigenvalues ascending,
    /// eigenvectors as columns. Only the lower triangle is read, as in NumPy.
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

    /// Eigen-decomposition of a general real matrix (dgeev; sgeev for float32).
    ///
    /// Eigenvalue j is `re[j] + i·im[j]` (complex ones come in conjugate pairs, LAPACK's order);
    /// its right eigenvector is column j of `vectorsRe + i·vectorsIm`, normalised to unit length.
    public static func eig(_ a: Tensor) throws(TensorError)
        -> (re: Tensor, im: Tensor, vectorsRe: Tensor, vectorsIm: Tensor) {
        switch a.dtype {
        case .float64: return try eig(Double.self, a)
        case .float32: return try eig(Float.self, a)
        }
    }

    private static func eig<T: LAPACKScalar>(_: T.Type, _ a: Tensor) throws(TensorError)
        -> (re: Tensor, im: Tensor, vectorsRe: Tensor, vectorsIm: Tensor) {
        let n = try LAKit.squareDim(a, op: "eig")
        let re = try Tensor(uninitializedShape: [n], dtype: T.dtype, op: "eig")
        let im = try Tensor(uninitializedShape: [n], dtype: T.dtype, op: "eig")
        let vre = try Tensor(uninitializedShape: [n, n], dtype: T.dtype, op: "eig")
        let vim = try Tensor(uninitializedShape: [n, n], dtype: T.dtype, op: "eig")
        if n == 0 { return (re, im, vre, vim) }
        try LAKit.requireFinite(a, op: "eig")
        // ?geev wants A column-major: a transposed copy (the one copy it destroys anyway).
        let work = try TensorStorage.checked(n * n, dtype: T.dtype, shape: [n, n], op: "eig")
        LAKit.transpose(a.buffer.typed(T.self), rows: n, cols: n, into: work.typed(T.self))
        let vr = try TensorStorage.checked(n * n, dtype: T.dtype, shape: [n, n], op: "eig")
        let ni = try LAKit.int32(n, op: "eig")
        let wi = im.buffer.typed(T.self), z = vr.typed(T.self)
        let info = T.geev(ni, work.typed(T.self), re.buffer.typed(T.self), wi, z)
        try LAKit.check(info, op: "eig", failure: "eig: QR iteration did not converge")
        // Unpack LAPACK's real storage of conjugate pairs into row-major real and imaginary parts.
        let pr = vre.buffer.typed(T.self), pi = vim.buffer.typed(T.self)
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

    /// Reduced QR factorization (dgeqrf + dorgqr; sgeqrf + sorgqr for float32): q m×k with
    /// orthonormal columns, r k×n upper triangular, k = min(m, n).
    public static func qr(_ a: Tensor) throws(TensorError) -> (q: Tensor, r: Tensor) {
        switch a.dtype {
        case .float64: return try qr(Double.self, a)
        case .float32: return try qr(Float.self, a)
        }
    }

    private static func qr<T: LAPACKScalar>(_: T.Type, _ a: Tensor) throws(TensorError) -> (q: Tensor, r: Tensor) {
        let (m, n) = try LAKit.matrixDims(a, op: "qr")
        let k = Swift.min(m, n)
        let q = try Tensor(uninitializedShape: [m, k], dtype: T.dtype, op: "qr")
        let r = try Tensor(uninitializedShape: [k, n], dtype: T.dtype, op: "qr")
        if k == 0 { return (q, r) }
        try LAKit.requireFinite(a, op: "qr")
        let work = try TensorStorage.checked(m * n, dtype: T.dtype, shape: [n, m], op: "qr")
        let w = work.typed(T.self)
        LAKit.transpose(a.buffer.typed(T.self), rows: m, cols: n, into: w)  // column-major A, lda = m
        let tau = try TensorStorage.checked(k, dtype: T.dtype, shape: [k], op: "qr")
        let mi = try LAKit.int32(m, op: "qr"), ni = try LAKit.int32(n, op: "qr"), ki = Int32(k)
        try LAKit.check(T.geqrf(mi, ni, w, mi, tau.typed(T.self)), op: "qr", failure: "qr: factorization failed")
        let rp = r.buffer.typed(T.self)
        for i in 0..<k {
            for j in 0..<n { rp[i * n + j] = j >= i ? w[j * m + i] : 0 }
        }
        try LAKit.check(T.orgqr(mi, ki, ki, w, mi, tau.typed(T.self)), op: "qr", failure: "qr: forming Q failed")
        let qp = q.buffer.typed(T.self)
        for i in 0..<m { for j in 0..<k { qp[i * k + j] = w[j * m + i] } }
        return (q, r)
    }

    /// Cholesky factor L (lower triangular, a = L·Lᵀ) of a symmetric positive-definite matrix
    /// (dpotrf; spotrf for float32). Only the lower triangle of `a` is read.
    public static func cholesky(_ a: Tensor) throws(TensorError) -> Tensor {
        switch a.dtype {
        case .float64: return try cholesky(Double.self, a)
        case .float32: return try cholesky(Float.self, a)
        }
    }

    private static func cholesky<T: LAPACKScalar>(_: T.Type, _ a: Tensor) throws(TensorError) -> Tensor {
        let n = try LAKit.squareDim(a, op: "cholesky")
        if n == 0 { return try Tensor(uninitializedShape: [0, 0], dtype: T.dtype) }
        let l = try Tensor(shape: [n, n], storage: LAKit.finiteCopy(a, as: T.self, op: "cholesky"))
        let ni = try LAKit.int32(n, op: "cholesky")
        let p = l.buffer.typed(T.self)
        // Column-major 'U' on Aᵀ: the factor U with Aᵀ = UᵀU, read row-major, is L.
        let info = T.potrf(ni, p, ni)
        if info > 0 { throw TensorError("cholesky: matrix is not positive definite") }
        try LAKit.check(info, op: "cholesky", failure: "")
        for i in 0..<n { var j = i + 1; while j < n { p[i * n + j] = 0; j += 1 } }
        return l
    }

    // MARK: solvers and inverses

    /// Solves a·x = b for square nonsingular a (LU, dgetrf + triangular solves; sgetrf + strsm
    /// when both are float32); b is a vector (n,) or a matrix (n, k).
    public static func solve(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
        switch DType.promoted(a.dtype, b.dtype) {
        case .float64: return try solve(Double.self, a, b)
        case .float32: return try solve(Float.self, a, b)
        }
    }

    private static func solve<T: LAPACKScalar>(_: T.Type, _ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
        let n = try LAKit.squareDim(a, op: "solve")
        guard (b.rank == 1 || b.rank == 2) && b.shape[0] == n else {
            throw TensorError("solve: shapes \(a.shapeDescription) and \(b.shapeDescription) do not align")
        }
        let k = b.rank == 1 ? 1 : b.shape[1]
        let x = try Tensor(shape: b.shape, storage: LAKit.finiteCopy(b, as: T.self, op: "solve"))
        if n == 0 || k == 0 { return x }
        let (lu, ipiv, finite) = try LAKit.luOfTranspose(T.self, a, n: n, op: "solve")
        if ipiv.isEmpty { throw TensorError("solve: matrix is singular") }
        if !finite { throw LAKit.pivotUnderflow("solve", T.dtype) }
        // LU gives Aᵀ = P·L·U, so xᵀ = bᵀ·U⁻¹·L⁻¹·Pᵀ; row-major b read column-major is bᵀ (k×n, ld k).
        let y = x.buffer.typed(T.self), f = UnsafePointer(lu.typed(T.self)), ki = Int32(k), ni = Int32(n)
        T.trsmRight(CblasUpper, CblasNonUnit, ki, ni, f, ni, y, ki)
        T.trsmRight(CblasLower, CblasUnit, ki, ni, f, ni, y, ki)
        for i in stride(from: n - 1, through: 0, by: -1) {
            let p = Int(ipiv[i]) - 1
            if p != i { for j in 0..<k { swap(&y[i * k + j], &y[p * k + j]) } }
        }
        return x
    }

    /// Least-squares solution of a·x ≈ b (dgelsd, SVD-based; sgelsd when both are float32);
    /// singular values below `rcond`·σmax count as zero (default ε·max(m, n), ε of the dtype).
    /// Residuals are the squared residual norms per column of b when rank = n < m, else empty.
    public static func lstsq(_ a: Tensor, _ b: Tensor, rcond: Double? = nil) throws(TensorError)
        -> (solution: Tensor, residuals: Tensor, rank: Int, singularValues: Tensor) {
        switch DType.promoted(a.dtype, b.dtype) {
        case .float64: return try lstsq(Double.self, a, b, rcond: rcond)
        case .float32: return try lstsq(Float.self, a, b, rcond: rcond)
        }
    }

    private static func lstsq<T: LAPACKScalar>(_: T.Type, _ a: Tensor, _ b: Tensor, rcond: Double?) throws(TensorError)
        -> (solution: Tensor, residuals: Tensor, rank: Int, singularValues: Tensor) {
        let (m, n) = try LAKit.matrixDims(a, op: "lstsq")
        guard (b.rank == 1 || b.rank == 2) && b.shape[0] == m else {
            throw TensorError("lstsq: shapes \(a.shapeDescription) and \(b.shapeDescription) do not align")
        }
        let a = try a.converted(to: T.dtype, op: "lstsq"), b = try b.converted(to: T.dtype, op: "lstsq")
        try LAKit.requireFinite(a, op: "lstsq"); try LAKit.requireFinite(b, op: "lstsq")
        let k = b.rank == 1 ? 1 : b.shape[1]
        let x = try Tensor(uninitializedShape: b.rank == 1 ? [n] : [n, k], dtype: T.dtype, op: "lstsq")
        let s = try Tensor(uninitializedShape: [Swift.min(m, n)], dtype: T.dtype, op: "lstsq")
        let ldb = Swift.max(m, n, 1)
        let aw = try TensorStorage.checked(m * n, dtype: T.dtype, shape: [n, m], op: "lstsq")
        let bw = try TensorStorage.checked(ldb * k, dtype: T.dtype, shape: [k, ldb], op: "lstsq")
        LAKit.transpose(a.buffer.typed(T.self), rows: m, cols: n, into: aw.typed(T.self))
        let w = bw.typed(T.self), bp = b.buffer.typed(T.self)
        w.initialize(repeating: 0, count: ldb * k)
        for i in 0..<m { for j in 0..<k { w[j * ldb + i] = bp[i * k + j] } }
        var rank: Int32 = 0
        if m > 0 && n > 0 {
            let mi = try LAKit.int32(m, op: "lstsq"), ni = try LAKit.int32(n, op: "lstsq")
            let ki = try LAKit.int32(k, op: "lstsq"), ldbi = try LAKit.int32(ldb, op: "lstsq")
            let cut = T(rcond ?? T.dtype.epsilon * Double(Swift.max(m, n)))
            let info = T.gelsd(mi, ni, ki, aw.typed(T.self), mi, w, ldbi, s.buffer.typed(T.self), cut, &rank)
            try LAKit.check(info, op: "lstsq", failure: "lstsq: svd did not converge")
        }
        let xp = x.buffer.typed(T.self)
        for i in 0..<n { for j in 0..<k { xp[i * k + j] = w[j * ldb + i] } }
        var residuals = try Tensor(uninitializedShape: [0], dtype: T.dtype, op: "lstsq")
        if Int(rank) == n && m > n {
            residuals = try Tensor(uninitializedShape: [k], dtype: T.dtype, op: "lstsq")
            let rp = residuals.buffer.typed(T.self)
            for j in 0..<k {
                var acc = 0.0  // float64 accumulation, as the other reductions of float32
                for i in n..<m { let r = w[j * ldb + i].double; acc += r * r }
                rp[j] = T(acc)
            }
        }
        return (x, residuals, Int(rank), s)
    }

    /// Inverse of a square nonsingular matrix (dgetrf + dgetri; sgetrf + sgetri for float32).
    public static func inv(_ a: Tensor) throws(TensorError) -> Tensor {
        switch a.dtype {
        case .float64: return try inv(Double.self, a)
        case .float32: return try inv(Float.self, a)
        }
    }

    private static func inv<T: LAPACKScalar>(_: T.Type, _ a: Tensor) throws(TensorError) -> Tensor {
        let n = try LAKit.squareDim(a, op: "inv")
        if n == 0 { return try Tensor(uninitializedShape: [0, 0], dtype: T.dtype) }
        // inv(Aᵀ) computed column-major on the row-major buffer is inv(A) read row-major.
        let (lu, ipiv, finite) = try LAKit.luOfTranspose(T.self, a, n: n, op: "inv")
        if ipiv.isEmpty { throw TensorError("inv: matrix is singular") }
        if !finite { throw LAKit.pivotUnderflow("inv", T.dtype) }
        let info = ipiv.withUnsafeBufferPointer { p in p.baseAddress.map { T.getri(Int32(n), lu.typed(T.self), $0) } ?? -1 }
        if info > 0 { throw TensorError("inv: matrix is singular") }
        try LAKit.check(info, op: "inv", failure: "")
        return Tensor(shape: [n, n], storage: lu)
    }

    /// Moore–Penrose pseudo-inverse via SVD (in the matrix's dtype); singular values ≤ rcond·σmax are treated as zero.
    public static func pinv(_ a: Tensor, rcond: Double = 1e-15) throws(TensorError) -> Tensor {
        switch a.dtype {
        case .float64: return try pinv(Double.self, a, rcond: rcond)
        case .float32: return try pinv(Float.self, a, rcond: rcond)
        }
    }

    private static func pinv<T: LAPACKScalar>(_: T.Type, _ a: Tensor, rcond: Double) throws(TensorError) -> Tensor {
        let (m, n) = try LAKit.matrixDims(a, op: "pinv")
        let (u, s, vt) = try svd(a)
        let k = s.count
        let out = try Tensor(uninitializedShape: [n, m], dtype: T.dtype, op: "pinv")
        let o = out.buffer.typed(T.self)
        if k == 0 { o.initialize(repeating: 0, count: out.count); return out }
        let sp = s.buffer.typed(T.self), v = vt.buffer.typed(T.self)
        let cut = rcond * sp[0].double
        for i in 0..<k {  // vt is freshly ours: scale its rows by 1/σ in place
            let f: T = sp[i].double > cut ? 1 / sp[i] : 0
            for j in 0..<n { v[i * n + j] *= f }
        }
        T.gemm(CblasTrans, CblasTrans, Int32(n), Int32(m), Int32(k), v, Int32(n), u.buffer.typed(T.self), Int32(k), o, Int32(m))
        return out
    }

    /// Determinant of a square matrix (LU in the matrix's dtype: the product of U's diagonal,
    /// accumulated in float64, times the pivot sign).
    public static func det(_ a: Tensor) throws(TensorError) -> Double {
        switch a.dtype {
        case .float64: return try det(Double.self, a)
        case .float32: return try det(Float.self, a)
        }
    }

    private static func det<T: LAPACKScalar>(_: T.Type, _ a: Tensor) throws(TensorError) -> Double {
        let n = try LAKit.squareDim(a, op: "det")
        if n == 0 { return 1 }
        let (lu, ipiv, finite) = try LAKit.luOfTranspose(T.self, a, n: n, op: "det")
        if ipiv.isEmpty { return 0 }
        if !finite {
            // A float32 pivot below float32's range: the float64 LU of the same (exactly
            // widened) numbers has room for it, and the product is taken in float64 anyway.
            if T.dtype == .float32 { return try det(Double.self, a) }
            throw LAKit.pivotUnderflow("det", T.dtype)
        }
        let u = lu.typed(T.self)
        var d = 1.0
        for i in 0..<n {
            d *= u[i * n + i].double
            if Int(ipiv[i]) != i + 1 { d = -d }
        }
        return d
    }

    // MARK: spectral summaries

    /// Numerical rank: singular values above `tol` (default σmax·max(m, n)·ε, ε of the matrix's dtype).
    public static func rank(_ a: Tensor, tol: Double? = nil) throws(TensorError) -> Int {
        let (m, n) = try LAKit.matrixDims(a, op: "rank")
        let s = try svdvals(a)
        guard s.count > 0 else { return 0 }
        let t = tol ?? s.element(0) * Double(Swift.max(m, n)) * a.dtype.epsilon
        var r = 0
        for i in 0..<s.count where s.element(i) > t { r += 1 }
        return r
    }

    /// 2-norm condition number σmax/σmin; infinity when the matrix is numerically singular
    /// (σmin ≤ σmax·max(m, n)·ε, the same threshold as `rank`).
    public static func cond(_ a: Tensor) throws(TensorError) -> Double {
        let s = try svdvals(a)
        guard s.count > 0 else { throw TensorError("cond: empty matrix \(a.shapeDescription)") }
        let smax = s.element(0), smin = s.element(s.count - 1)
        let tol = smax * Double(Swift.max(a.shape[0], a.shape[1])) * a.dtype.epsilon
        return smin <= tol ? .infinity : smax / smin
    }

    /// Matrix norm: `.fro` (default), `.nuc` (Σσ), `.order(2)` (σmax), `.order(-2)` (σmin),
    /// `.order(1)`/`.order(-1)` (max/min column abs sum), `.order(.infinity)`/`.order(-.infinity)` (max/min row abs sum).
    public static func matrixNorm(_ a: Tensor, kind: NormKind = .fro) throws(TensorError) -> Double {
        let (m, n) = try LAKit.matrixDims(a, op: "norm")
        let p = try a.widenedStorage(op: "norm").pointer
        switch kind {
        case .fro:
            return LAKit.sumSquares(p, a.count).squareRoot()
        case .nuc:
            let s = try svdvals(a)
            var t = 0.0
            for i in 0..<s.count { t += s.element(i) }
            return t
        case .order(let o) where o == 2 || o == -2:
            let s = try svdvals(a)
            guard s.count > 0 else { return 0 }
            return o == 2 ? s.element(0) : s.element(s.count - 1)
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
        let n = x.count, v = try x.widenedStorage(op: "norm").pointer
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
        guard let kind else { return LAKit.sumSquares(try a.widenedStorage(op: "norm").pointer, a.count).squareRoot() }
        if a.rank == 2 { return try matrixNorm(a, kind: kind) }
        guard a.rank == 1, case .order(let p) = kind else {
            throw TensorError("norm: order \(kind) needs a matrix, got shape \(a.shapeDescription)")
        }
        return try vectorNorm(a, p: p)
    }

    // MARK: constructors and diagonals

    /// Sum of the k-th diagonal of a matrix (k > 0 above the main diagonal), accumulated in float64.
    public static func trace(_ a: Tensor, offset k: Int = 0) throws(TensorError) -> Double {
        let (m, n) = try LAKit.matrixDims(a, op: "trace")
        var t = 0.0
        var i = Swift.max(0, -k), j = Swift.max(0, k)
        while i < m && j < n { t += a.element(i * n + j); i += 1; j += 1 }
        return t
    }

    /// `diag(v, k)`: square matrix with v on the k-th diagonal; `diag(A, k)`: the k-th diagonal of A as a vector.
    /// The result keeps the argument's dtype.
    public static func diag(_ a: Tensor, offset k: Int = 0) throws(TensorError) -> Tensor {
        switch a.dtype {
        case .float64: return try diag(Double.self, a, offset: k)
        case .float32: return try diag(Float.self, a, offset: k)
        }
    }

    private static func diag<T: TensorScalar>(_: T.Type, _ a: Tensor, offset k: Int) throws(TensorError) -> Tensor {
        let p = a.buffer.typed(T.self)
        if a.rank == 1 {
            let n = a.count, size = n + Swift.abs(k)
            let out = try Tensor(shape: [size, size], repeating: 0, dtype: T.dtype, op: "diag")
            let o = out.buffer.typed(T.self)
            for i in 0..<n { o[(i + Swift.max(0, -k)) * size + i + Swift.max(0, k)] = p[i] }
            return out
        }
        guard a.rank == 2 else { throw TensorError("diag: expected a vector or a matrix, got shape \(a.shapeDescription)") }
        let m = a.shape[0], n = a.shape[1]
        let r0 = Swift.max(0, -k), c0 = Swift.max(0, k)
        let len = Swift.max(0, Swift.min(m - r0, n - c0))
        let out = try Tensor(uninitializedShape: [len], dtype: T.dtype, op: "diag")
        let o = out.buffer.typed(T.self)
        for i in 0..<len { o[i] = p[(r0 + i) * n + c0 + i] }
        return out
    }

    /// Outer product x·yᵀ of two vectors (higher-rank inputs are flattened), in their promoted dtype.
    public static func outer(_ x: Tensor, _ y: Tensor) throws(TensorError) -> Tensor {
        switch DType.promoted(x.dtype, y.dtype) {
        case .float64: return try outer(Double.self, x, y)
        case .float32: return try outer(Float.self, x, y)
        }
    }

    private static func outer<T: TensorScalar>(_: T.Type, _ x: Tensor, _ y: Tensor) throws(TensorError) -> Tensor {
        let x = try x.converted(to: T.dtype, op: "outer"), y = try y.converted(to: T.dtype, op: "outer")
        let m = x.count, n = y.count
        let out = try Tensor(uninitializedShape: [m, n], dtype: T.dtype, op: "outer")
        let xp = x.buffer.typed(T.self), yp = y.buffer.typed(T.self), o = out.buffer.typed(T.self)
        for i in 0..<m { let xi = xp[i]; for j in 0..<n { o[i * n + j] = xi * yp[j] } }
        return out
    }
}

// LAPACKScalar: Float and Double with the LAPACK (and level-3 BLAS) routines behind the
// decompositions and solvers, so each runs in the tensor's own precision: the
// s-routines for float32 (sgesdd, ssyevd, sgeev, sgeqrf, sgetrf, sgelsd, …), the
// d-routines for float64. Every routine is column-major; the callers in
// Tensor+Linalg.swift and Tensor+SVD.swift handle the row-major transposition once,
// generically, so the two precisions share one code path and one set of checks.
import CLinearAlgebra

public protocol LAPACKScalar: BLASScalar {
    /// ?gesdd.
    static func gesdd(_ jobz: CChar, _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32,
                      _ s: UnsafeMutablePointer<Self>, _ u: UnsafeMutablePointer<Self>, _ ldu: Int32,
                      _ vt: UnsafeMutablePointer<Self>, _ ldvt: Int32) -> Int32
    /// ?syevd, upper triangle.
    static func syevd(_ jobz: CChar, _ n: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32,
                      _ w: UnsafeMutablePointer<Self>) -> Int32
    /// ?geev with right eigenvectors only.
    static func geev(_ n: Int32, _ a: UnsafeMutablePointer<Self>, _ wr: UnsafeMutablePointer<Self>,
                     _ wi: UnsafeMutablePointer<Self>, _ vr: UnsafeMutablePointer<Self>) -> Int32
    /// ?geqrf.
    static func geqrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32,
                      _ tau: UnsafeMutablePointer<Self>) -> Int32
    /// ?orgqr.
    static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32,
                      _ tau: UnsafeMutablePointer<Self>) -> Int32
    /// ?potrf, upper triangle.
    static func potrf(_ n: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32) -> Int32
    /// ?getrf of a square matrix.
    static func getrf(_ n: Int32, _ a: UnsafeMutablePointer<Self>, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32
    /// ?getri.
    static func getri(_ n: Int32, _ a: UnsafeMutablePointer<Self>, _ ipiv: UnsafePointer<Int32>) -> Int32
    /// ?gelsd.
    static func gelsd(_ m: Int32, _ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32,
                      _ b: UnsafeMutablePointer<Self>, _ ldb: Int32, _ s: UnsafeMutablePointer<Self>,
                      _ rcond: Self, _ rank: UnsafeMutablePointer<Int32>) -> Int32
    /// cblas ?trsm, column-major, B := B·op(A)⁻¹ (the side solve uses).
    static func trsmRight(_ uplo: CBLAS_UPLO, _ diag: CBLAS_DIAG, _ m: Int32, _ n: Int32,
                          _ a: UnsafePointer<Self>, _ lda: Int32, _ b: UnsafeMutablePointer<Self>, _ ldb: Int32)
}

extension Double: LAPACKScalar {
    public static func gesdd(_ jobz: CChar, _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32,
                             _ s: UnsafeMutablePointer<Double>, _ u: UnsafeMutablePointer<Double>, _ ldu: Int32,
                             _ vt: UnsafeMutablePointer<Double>, _ ldvt: Int32) -> Int32 {
        LAPACKE_dgesdd(LAPACK_COL_MAJOR, jobz, m, n, a, lda, s, u, ldu, vt, ldvt)
    }
    public static func syevd(_ jobz: CChar, _ n: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32,
                             _ w: UnsafeMutablePointer<Double>) -> Int32 {
        LAPACKE_dsyevd(LAPACK_COL_MAJOR, jobz, LAKit.char("U"), n, a, lda, w)
    }
    public static func geev(_ n: Int32, _ a: UnsafeMutablePointer<Double>, _ wr: UnsafeMutablePointer<Double>,
                            _ wi: UnsafeMutablePointer<Double>, _ vr: UnsafeMutablePointer<Double>) -> Int32 {
        var unusedLeft = 0.0
        return LAPACKE_dgeev(LAPACK_COL_MAJOR, LAKit.char("N"), LAKit.char("V"), n, a, n, wr, wi, &unusedLeft, 1, vr, n)
    }
    public static func geqrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32,
                             _ tau: UnsafeMutablePointer<Double>) -> Int32 {
        LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, tau)
    }
    public static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32,
                             _ tau: UnsafeMutablePointer<Double>) -> Int32 {
        LAPACKE_dorgqr(LAPACK_COL_MAJOR, m, n, k, a, lda, tau)
    }
    public static func potrf(_ n: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32) -> Int32 {
        LAPACKE_dpotrf(LAPACK_COL_MAJOR, LAKit.char("U"), n, a, lda)
    }
    public static func getrf(_ n: Int32, _ a: UnsafeMutablePointer<Double>, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32 {
        LAPACKE_dgetrf(LAPACK_COL_MAJOR, n, n, a, n, ipiv)
    }
    public static func getri(_ n: Int32, _ a: UnsafeMutablePointer<Double>, _ ipiv: UnsafePointer<Int32>) -> Int32 {
        LAPACKE_dgetri(LAPACK_COL_MAJOR, n, a, n, ipiv)
    }
    public static func gelsd(_ m: Int32, _ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Double>, _ lda: Int32,
                             _ b: UnsafeMutablePointer<Double>, _ ldb: Int32, _ s: UnsafeMutablePointer<Double>,
                             _ rcond: Double, _ rank: UnsafeMutablePointer<Int32>) -> Int32 {
        LAPACKE_dgelsd(LAPACK_COL_MAJOR, m, n, nrhs, a, lda, b, ldb, s, rcond, rank)
    }
    public static func trsmRight(_ uplo: CBLAS_UPLO, _ diag: CBLAS_DIAG, _ m: Int32, _ n: Int32,
                                 _ a: UnsafePointer<Double>, _ lda: Int32, _ b: UnsafeMutablePointer<Double>, _ ldb: Int32) {
        cblas_dtrsm(CblasColMajor, CblasRight, uplo, CblasNoTrans, diag, m, n, 1, a, lda, b, ldb)
    }
}

extension Float: LAPACKScalar {
    public static func gesdd(_ jobz: CChar, _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32,
                             _ s: UnsafeMutablePointer<Float>, _ u: UnsafeMutablePointer<Float>, _ ldu: Int32,
                             _ vt: UnsafeMutablePointer<Float>, _ ldvt: Int32) -> Int32 {
        LAPACKE_sgesdd(LAPACK_COL_MAJOR, jobz, m, n, a, lda, s, u, ldu, vt, ldvt)
    }
    public static func syevd(_ jobz: CChar, _ n: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32,
                             _ w: UnsafeMutablePointer<Float>) -> Int32 {
        LAPACKE_ssyevd(LAPACK_COL_MAJOR, jobz, LAKit.char("U"), n, a, lda, w)
    }
    public static func geev(_ n: Int32, _ a: UnsafeMutablePointer<Float>, _ wr: UnsafeMutablePointer<Float>,
                            _ wi: UnsafeMutablePointer<Float>, _ vr: UnsafeMutablePointer<Float>) -> Int32 {
        var unusedLeft: Float = 0
        return LAPACKE_sgeev(LAPACK_COL_MAJOR, LAKit.char("N"), LAKit.char("V"), n, a, n, wr, wi, &unusedLeft, 1, vr, n)
    }
    public static func geqrf(_ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32,
                             _ tau: UnsafeMutablePointer<Float>) -> Int32 {
        LAPACKE_sgeqrf(LAPACK_COL_MAJOR, m, n, a, lda, tau)
    }
    public static func orgqr(_ m: Int32, _ n: Int32, _ k: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32,
                             _ tau: UnsafeMutablePointer<Float>) -> Int32 {
        LAPACKE_sorgqr(LAPACK_COL_MAJOR, m, n, k, a, lda, tau)
    }
    public static func potrf(_ n: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32) -> Int32 {
        LAPACKE_spotrf(LAPACK_COL_MAJOR, LAKit.char("U"), n, a, lda)
    }
    public static func getrf(_ n: Int32, _ a: UnsafeMutablePointer<Float>, _ ipiv: UnsafeMutablePointer<Int32>) -> Int32 {
        LAPACKE_sgetrf(LAPACK_COL_MAJOR, n, n, a, n, ipiv)
    }
    public static func getri(_ n: Int32, _ a: UnsafeMutablePointer<Float>, _ ipiv: UnsafePointer<Int32>) -> Int32 {
        LAPACKE_sgetri(LAPACK_COL_MAJOR, n, a, n, ipiv)
    }
    public static func gelsd(_ m: Int32, _ n: Int32, _ nrhs: Int32, _ a: UnsafeMutablePointer<Float>, _ lda: Int32,
                             _ b: UnsafeMutablePointer<Float>, _ ldb: Int32, _ s: UnsafeMutablePointer<Float>,
                             _ rcond: Float, _ rank: UnsafeMutablePointer<Int32>) -> Int32 {
        LAPACKE_sgelsd(LAPACK_COL_MAJOR, m, n, nrhs, a, lda, b, ldb, s, rcond, rank)
    }
    public static func trsmRight(_ uplo: CBLAS_UPLO, _ diag: CBLAS_DIAG, _ m: Int32, _ n: Int32,
                                 _ a: UnsafePointer<Float>, _ lda: Int32, _ b: UnsafeMutablePointer<Float>, _ ldb: Int32) {
        cblas_strsm(CblasColMajor, CblasRight, uplo, CblasNoTrans, diag, m, n, 1, a, lda, b, ldb)
    }
}

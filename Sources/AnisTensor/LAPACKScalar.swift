// LAPACKScalar: Float and Double with the LAPACK routines behind svd and eigh, so those
// run in the tensor's own precision (sgesdd/ssyevd for float32, dgesdd/dsyevd for float64).
import CLinearAlgebra

public protocol LAPACKScalar: BLASScalar {
    /// ?gesdd, column-major.
    static func gesdd(_ jobz: CChar, _ m: Int32, _ n: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32,
                      _ s: UnsafeMutablePointer<Self>, _ u: UnsafeMutablePointer<Self>, _ ldu: Int32,
                      _ vt: UnsafeMutablePointer<Self>, _ ldvt: Int32) -> Int32
    /// ?syevd, column-major, upper triangle.
    static func syevd(_ jobz: CChar, _ n: Int32, _ a: UnsafeMutablePointer<Self>, _ lda: Int32,
                      _ w: UnsafeMutablePointer<Self>) -> Int32
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
}

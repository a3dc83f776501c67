// The float64 matrix of an svd/svdvals call seen as a tall matrix, for the routes built
// from BLAS-3 on its Gram matrix (SVD+CholeskyQR.swift, SVD+GramValues.swift).
//
// A row-major m×n buffer with m ≥ n is the tall matrix T = A in row-major order; with
// m < n the same buffer read column-major is the tall n×m matrix T = Aᵀ. Every BLAS and
// LAPACKE call of those routes takes the storage order as an argument, so one code path
// serves both shapes without a transposing copy: the orientation only decides which
// factor is U and which is Vᵀ at the end.
import CLinearAlgebra

struct TallMatrix {
    /// Keeps the elements alive while `pointer` is used.
    let storage: TensorStorage
    let rows: Int, cols: Int  // rows ≥ cols
    let rowMajor: Bool

    var pointer: UnsafeMutablePointer<Double> { storage.pointer }
    /// Leading dimension in the storage order.
    var ld: Int { rowMajor ? cols : rows }
    var order: CBLAS_ORDER { rowMajor ? CblasRowMajor : CblasColMajor }
    var layout: Int32 { rowMajor ? LAPACK_ROW_MAJOR : LAPACK_COL_MAJOR }

    /// The row-major m×n `storage` as a tall matrix (transposed when m < n).
    init(_ storage: TensorStorage, m: Int, n: Int) {
        self.storage = storage
        (rows, cols, rowMajor) = m >= n ? (m, n, true) : (n, m, false)
    }

    /// A new uninitialised rows×cols matrix in the same storage order.
    init(like other: TallMatrix, rows: Int, cols: Int, op: String) throws(TensorError) {
        storage = try TensorStorage.checked(rows * cols, shape: [rows, cols], op: op)
        (self.rows, self.cols, rowMajor) = (rows, cols, other.rowMajor)
    }

    /// The cols×cols Gram matrix TᵀT (upper triangle, in this storage order; the strict
    /// lower triangle is zero), by dsyrk.
    func gram(op: String) throws(TensorError) -> TensorStorage {
        let q = cols
        let g = try TensorStorage.checked(q * q, shape: [q, q], op: op)
        g.pointer.initialize(repeating: 0, count: q * q)
        cblas_dsyrk(order, CblasUpper, CblasTrans, try LAKit.int32(q, op: op), try LAKit.int32(rows, op: op),
                    1, pointer, try LAKit.int32(ld, op: op), 0, g.pointer, Int32(q))
        return g
    }

    /// T·V for the cols×k matrix V (leading dimension ldv, same storage order): a new rows×k matrix, by dgemm.
    func times(_ v: UnsafeMutablePointer<Double>, ldv: Int, k: Int, op: String) throws(TensorError) -> TallMatrix {
        let out = try TallMatrix(like: self, rows: rows, cols: k, op: op)
        cblas_dgemm(order, CblasNoTrans, CblasNoTrans, try LAKit.int32(rows, op: op), try LAKit.int32(k, op: op),
                    try LAKit.int32(cols, op: op), 1, pointer, try LAKit.int32(ld, op: op), v, try LAKit.int32(ldv, op: op),
                    0, out.pointer, try LAKit.int32(out.ld, op: op))
        return out
    }
    /// T·W for an orthonormal basis W of the complement of the span of the k₁ orthonormal
    /// columns `v1` (cols×k₁, leading dimension ldv): a new rows×(cols − k₁) matrix with the
    /// singular values of T·V₂ for any orthonormal V₂ spanning that complement.
    ///
    /// The QR of V₁ (dgeqrf) gives H = I − Y·S·Yᵀ (S from dlarft) whose first k₁ columns
    /// span V₁ and the rest its complement, so T·W = T[:, k₁:] − (T·Y·S)·Y[k₁:, :]ᵀ: about
    /// 2·rows·k₁·(cols + k₂) flops instead of 2·rows·cols·k₂ for T·V₂ — less when k₁ < k₂.
    func timesComplement(of v1: UnsafeMutablePointer<Double>, ldv: Int, k1: Int, op: String) throws(TensorError) -> TallMatrix {
        let q = cols, k2 = cols - k1
        // Y: V₁'s Householder vectors, unit lower trapezoidal (q×k₁, this storage order).
        let y = try TallMatrix(like: self, rows: q, cols: k1, op: op)
        let yp = y.pointer
        func at(_ i: Int, _ j: Int, _ ld: Int) -> Int { rowMajor ? i * ld + j : j * ld + i }
        for j in 0..<k1 { for i in 0..<q { yp[at(i, j, y.ld)] = v1[at(i, j, ldv)] } }
        let qi = try LAKit.int32(q, op: op), k1i = try LAKit.int32(k1, op: op), ldy = try LAKit.int32(y.ld, op: op)
        var tau = [Double](repeating: 0, count: k1)
        let s = try TensorStorage.checked(k1 * k1, shape: [k1, k1], op: op)
        s.pointer.initialize(repeating: 0, count: k1 * k1)
        guard tau.withUnsafeMutableBufferPointer({ LAPACKE_dgeqrf(layout, qi, k1i, yp, ldy, $0.baseAddress) }) == 0 else {
            throw TensorError("\(op): LAPACK dgeqrf failed (internal error)")
        }
        for j in 0..<k1 { for i in 0...j { yp[at(i, j, y.ld)] = i == j ? 1 : 0 } }
        guard LAPACKE_dlarft(layout, LAKit.char("F"), LAKit.char("C"), qi, k1i, yp, ldy, tau, s.pointer, k1i) == 0 else {
            throw TensorError("\(op): LAPACK dlarft failed (internal error)")
        }
        // P = T·Y·S (rows×k₁).
        let p = try times(yp, ldv: y.ld, k: k1, op: op)
        let pi = try LAKit.int32(rows, op: op), ldp = try LAKit.int32(p.ld, op: op)
        cblas_dtrmm(order, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, pi, k1i, 1, s.pointer, k1i, p.pointer, ldp)
        // out = T[:, k₁:] − P·Y[k₁:, :]ᵀ.
        let out = try TallMatrix(like: self, rows: rows, cols: k2, op: op)
        if rowMajor {
            for r in 0..<rows { (out.pointer + r * k2).initialize(from: pointer + r * q + k1, count: k2) }
        } else {
            out.pointer.initialize(from: pointer + k1 * rows, count: rows * k2)
        }
        cblas_dgemm(order, CblasNoTrans, CblasTrans, pi, try LAKit.int32(k2, op: op), k1i, -1, p.pointer, ldp,
                    yp + (rowMajor ? k1 * y.ld : k1), ldy, 1, out.pointer, try LAKit.int32(out.ld, op: op))
        return out
    }
}

extension LAKit {
    /// Largest |aᵢ| of a float64 buffer, or nil when some element is NaN or infinite.
    /// One pass that vectorises (a max and an integer OR per element).
    static func finiteMaxMagnitude(_ p: UnsafeMutablePointer<Double>, _ n: Int) -> Double? {
        var largest = 0.0
        var nonFinite: UInt8 = 0
        for i in 0..<n {
            let v = p[i].magnitude
            largest = v > largest ? v : largest
            nonFinite |= p[i].isFinite ? 0 : 1
        }
        return nonFinite == 0 ? largest : nil
    }

    /// Largest |aᵢⱼ| of a float64 tensor; NaN or infinity is an error.
    static func finiteMaxMagnitude(_ a: Tensor, op: String) throws(TensorError) -> Double {
        guard let m = finiteMaxMagnitude(a.storage.pointer, a.count) else {
            throw TensorError("\(op): input \(a.shapeDescription) contains NaN or infinity")
        }
        return m
    }

    /// The power of two the Gram routes scale a matrix by so that forming AᵀA can neither
    /// overflow nor push the squares they rely on into the subnormal range: 1 when the
    /// largest |aᵢⱼ| lies in [2⁻⁴⁰⁰, 2⁴⁰⁰] (then every entry of AᵀA is below 2⁸³² even for
    /// 2³¹ rows, and σ² ≥ 2⁻⁸⁰⁰·1e-40 stays normal for the σ ≥ 1e-20·σ1 that matter),
    /// otherwise 2^-e with e the exponent of the largest entry. Powers of two scale exactly.
    static func gramScale(maxMagnitude: Double) -> Double {
        let limit = 400
        guard maxMagnitude > 0, maxMagnitude.exponent < -limit || maxMagnitude.exponent > limit else { return 1 }
        return Double(sign: .plus, exponent: -maxMagnitude.exponent, significand: 1)
    }

    /// `a`'s float64 elements times `scale` in a new buffer (`a`'s own storage when scale is 1).
    static func scaledStorage(_ a: Tensor, by scale: Double, op: String) throws(TensorError) -> TensorStorage {
        if scale == 1 { return a.storage }
        let out = try TensorStorage.checked(a.count, shape: a.shape, op: op)
        let src = a.storage.pointer, dst = out.pointer
        for i in 0..<a.count { dst[i] = src[i] * scale }
        return out
    }
}

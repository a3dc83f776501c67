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

    /// T's columns split in two new matrices, `columns[..<k]` and `columns[k...]` in that
    /// order (`columns`: a permutation of 0..<cols). One pass over T, which is what it costs.
    func split(columns: [Int], at k: Int, op: String) throws(TensorError) -> (TallMatrix, TallMatrix) {
        let first = try TallMatrix(like: self, rows: rows, cols: k, op: op)
        let rest = try TallMatrix(like: self, rows: rows, cols: cols - k, op: op)
        let (a, b) = (first.pointer, rest.pointer)
        let k2 = cols - k
        columns.withUnsafeBufferPointer { index in
            if rowMajor {
                for r in 0..<rows {
                    let src = pointer + r * cols, dst1 = a + r * k, dst2 = b + r * k2
                    for c in 0..<k { dst1[c] = src[index[c]] }
                    for c in 0..<k2 { dst2[c] = src[index[k + c]] }
                }
            } else {
                for c in 0..<k { (a + c * rows).initialize(from: pointer + index[c] * rows, count: rows) }
                for c in 0..<k2 { (b + c * rows).initialize(from: pointer + index[k + c] * rows, count: rows) }
            }
        }
        return (first, rest)
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

    /// The tall view of the row-major m×n float64 `a`, its Gram matrix TᵀT, and the power
    /// of two `scale` it was formed at (T = scale·A; 1 almost always). Throws when `a` has
    /// NaN or infinite entries.
    ///
    /// No separate pass checks the entries first: a NaN or ±inf entry makes its column's
    /// diagonal entry Σᵢ aᵢⱼ² NaN or inf, and a diagonal in [2⁻⁷⁶⁹, 2⁸⁰⁰] also proves that
    /// the largest |aᵢⱼ| lies in [2⁻⁴⁰⁰, 2⁴⁰⁰] (rows ≤ 2³¹), where no entry of TᵀT overflows
    /// and the squares the routes rely on (σ ≥ 1e-20·σ1) stay normal. Only otherwise is
    /// the matrix scanned, rejected if not finite, and scaled so that its largest entry
    /// is in [1, 2) (exact: a power of two), and the Gram matrix formed again.
    static func tallGram(_ a: Tensor, m: Int, n: Int, op: String) throws(TensorError)
        -> (t: TallMatrix, gram: TensorStorage, scale: Double) {
        let t = TallMatrix(a.storage, m: m, n: n)
        let g = try t.gram(op: op)
        let q = t.cols
        var largest = 0.0, finite = true
        for i in 0..<q { let d = g.pointer[i * (q + 1)]; finite = finite && d.isFinite; largest = Swift.max(largest, d) }
        if finite, largest >= 0x1p-769, largest <= 0x1p800 { return (t, g, 1) }
        let maxMagnitude = try finiteMaxMagnitude(a, op: op)
        let scale = gramScale(maxMagnitude: maxMagnitude)
        if scale == 1 { return (t, g, 1) }  // a zero matrix
        let scaled = try TensorStorage.checked(a.count, shape: a.shape, op: op)
        let src = a.storage.pointer, dst = scaled.pointer
        for i in 0..<a.count { dst[i] = src[i] * scale }
        let ts = TallMatrix(scaled, m: m, n: n)
        return (ts, try ts.gram(op: op), scale)
    }

    /// The power of two 2^-e that brings the largest |aᵢⱼ| (2^e ≤ it < 2^(e+1)) into [1, 2);
    /// 1 for a zero matrix.
    static func gramScale(maxMagnitude: Double) -> Double {
        guard maxMagnitude > 0 else { return 1 }
        return Double(sign: .plus, exponent: -maxMagnitude.exponent, significand: 1)
    }
}

// Singular value decomposition through LAPACK's divide-and-conquer dgesdd (sgesdd for a
// float32 matrix: the factors come out float32). A clearly tall or wide float64 matrix
// (max(m, n) ≥ 2·min(m, n)) first tries the faster BLAS-3 routes on its Gram matrices:
// CholeskyQR2 for the thin SVD (SVD+CholeskyQR.swift, when κ ≲ 1e5) and Gram eigenvalues
// with deflation for svdvals (SVD+GramValues.swift); both agree with dgesdd to ~1e-13·σ1.
//
// Orientation: a row-major m×n buffer read column-major is the n×m transpose, which has
// the same singular values with U and Vᵀ swapped. dgesdd needs a private copy of its
// input anyway, so anis makes that one copy in the orientation dgesdd runs fastest:
// column-major tall (rows ≥ columns), where it starts with a QR. The wide orientation
// goes through an LQ whose panels walk rows of a column-major matrix; measured on
// 10000×400 with this OpenBLAS (one thread, Cooperlake kernels) it took 2.0× as long
// for the values and 2.0× for the thin SVD, while the transposing copy costs what a
// plain copy does and the transpose back of U about 5% of the decomposition.
import CLinearAlgebra

extension Tensor {
    /// Singular value decomposition `a = u · diag(s) · vt`, singular values descending.
    ///
    /// For an m×n matrix with k = min(m, n): thin (`full: false`) gives u m×k, s (k,), vt k×n;
    /// full gives u m×m and vt n×n. NaN or infinite entries are an error.
    public static func svd(_ a: Tensor, full: Bool = false) throws(TensorError) -> (u: Tensor, s: Tensor, vt: Tensor) {
        switch a.dtype {
        case .float64: return try svd(Double.self, a, full: full)
        case .float32: return try svd(Float.self, a, full: full)
        }
    }

    private static func svd<T: LAPACKScalar>(_: T.Type, _ a: Tensor, full: Bool) throws(TensorError) -> (u: Tensor, s: Tensor, vt: Tensor) {
        let (m, n) = try LAKit.matrixDims(a, op: "svd")
        if Swift.min(m, n) == 0 { return try LAKit.svdInPlace(T.self, a.buffer, m: m, n: n, full: full, op: "svd") }
        // A clearly tall or wide float64 matrix: CholeskyQR2 (SVD+CholeskyQR.swift) when it is
        // well enough conditioned, dgesdd otherwise.
        if !full, a.dtype == .float64, Swift.max(m, n) >= 2 * Swift.min(m, n),
           let usv = try LAKit.choleskyQR2SVD(a, m: m, n: n) {
            return usv
        }
        if m > n && !full {
            try LAKit.requireFinite(a, op: "svd")
            return try LAKit.thinSVDOfTall(T.self, a, m: m, n: n, op: "svd")
        }
        return try LAKit.svdInPlace(T.self, LAKit.finiteCopy(a, as: T.self, op: "svd"), m: m, n: n, full: full, op: "svd")
    }

    /// Singular values of a matrix, descending, without computing singular vectors.
    public static func svdvals(_ a: Tensor) throws(TensorError) -> Tensor {
        let (m, n) = try LAKit.matrixDims(a, op: "svdvals")
        if Swift.min(m, n) == 0 { return try Tensor(uninitializedShape: [0], op: "svdvals") }
        // A clearly tall or wide float64 matrix (the usual N samples × D features) goes
        // through its small Gram matrices (SVD+GramValues.swift); square-ish and float32
        // matrices (whose ε would make Gram matrices too inaccurate) through dgesdd.
        if a.dtype == .float64, Swift.max(m, n) >= 2 * Swift.min(m, n) {
            if let s = try LAKit.gramSingularValues(a, m: m, n: n) { return s }
        } else {
            try LAKit.requireFinite(a, op: "svdvals")
        }
        switch a.dtype {
        case .float64: return try LAKit.singularValues(Double.self, a, m: m, n: n, op: "svdvals")
        case .float32: return try LAKit.singularValues(Float.self, a, m: m, n: n, op: "svdvals")
        }
    }
}

extension LAKit {
    /// Thin or full SVD of the row-major m×n matrix in `work`, which is destroyed (callers pass a private copy).
    static func svdInPlace<T: LAPACKScalar>(_: T.Type, _ work: TensorStorage, m: Int, n: Int, full: Bool, op: String) throws(TensorError)
        -> (u: Tensor, s: Tensor, vt: Tensor) {
        let k = Swift.min(m, n)
        let ucols = full ? m : k, vrows = full ? n : k
        var u = try Tensor(uninitializedShape: [m, ucols], dtype: T.dtype, op: op)
        let s = try Tensor(uninitializedShape: [k], dtype: T.dtype, op: op)
        var vt = try Tensor(uninitializedShape: [vrows, n], dtype: T.dtype, op: op)
        if k == 0 {  // nothing to decompose; full factors are identities
            try fillIdentity(&u)
            try fillIdentity(&vt)
            return (u, s, vt)
        }
        let mi = try int32(m, op: op), ni = try int32(n, op: op)
        // Column-major, the buffer is A' = Aᵀ (n×m). If A' = U' S V't then A = V'tᵀ S U'ᵀ, and the
        // column-major U' (ld n) read row-major is exactly vt, V't (ld ucols) read row-major is u.
        let info = T.gesdd(char(full ? "A" : "S"), ni, mi, work.typed(T.self), ni,
                           s.buffer.typed(T.self), vt.buffer.typed(T.self), ni, u.buffer.typed(T.self), Int32(ucols))
        try checkSVDInfo(info, op: op)
        return (u, s, vt)
    }

    /// Thin SVD of the finite row-major m×n `a` with m > n: one transposing copy makes the
    /// column-major tall matrix, dgesdd's jobz 'O' overwrites it with U (no separate U
    /// buffer) and puts Vᵀ column-major in an n×n buffer; both are transposed into the
    /// row-major results.
    static func thinSVDOfTall<T: LAPACKScalar>(_: T.Type, _ a: Tensor, m: Int, n: Int, op: String) throws(TensorError)
        -> (u: Tensor, s: Tensor, vt: Tensor) {
        let mi = try int32(m, op: op), ni = try int32(n, op: op)
        let work = try TensorStorage.checked(m * n, dtype: T.dtype, shape: [n, m], op: op)
        transpose(a.buffer.typed(T.self), rows: m, cols: n, into: work.typed(T.self))
        let s = try Tensor(uninitializedShape: [n], dtype: T.dtype, op: op)
        let vtColumnMajor = try TensorStorage.checked(n * n, dtype: T.dtype, shape: [n, n], op: op)
        let unused = TensorStorage(uninitializedCount: 1, dtype: T.dtype)
        let info = T.gesdd(char("O"), mi, ni, work.typed(T.self), mi, s.buffer.typed(T.self),
                           unused.typed(T.self), 1, vtColumnMajor.typed(T.self), ni)
        try checkSVDInfo(info, op: op)
        let u = try Tensor(uninitializedShape: [m, n], dtype: T.dtype, op: op)
        let vt = try Tensor(uninitializedShape: [n, n], dtype: T.dtype, op: op)
        transpose(work.typed(T.self), rows: n, cols: m, into: u.buffer.typed(T.self))
        transpose(vtColumnMajor.typed(T.self), rows: n, cols: n, into: vt.buffer.typed(T.self))
        return (u, s, vt)
    }

    /// Singular values of the finite row-major m×n matrix `a` (m, n ≥ 1) by dgesdd, on one
    /// private copy (dgesdd destroys its input), made tall column-major (see the top of this file). (Row-major
    /// LAPACKE with jobz 'N' also rejects ldvt < n: another reason to call it column-major.)
    static func singularValues<T: LAPACKScalar>(_: T.Type, _ a: Tensor, m: Int, n: Int, op: String) throws(TensorError) -> Tensor {
        let s = try Tensor(uninitializedShape: [Swift.min(m, n)], dtype: T.dtype, op: op)
        let mi = try int32(m, op: op), ni = try int32(n, op: op)
        let work = try TensorStorage.checked(m * n, dtype: T.dtype, shape: [m, n], op: op)
        let (rows, cols): (Int32, Int32)
        if m > n {
            transpose(a.buffer.typed(T.self), rows: m, cols: n, into: work.typed(T.self))
            (rows, cols) = (mi, ni)
        } else {
            work.typed(T.self).initialize(from: a.buffer.typed(T.self), count: m * n)
            (rows, cols) = (ni, mi)
        }
        let dummy = TensorStorage(uninitializedCount: 2, dtype: T.dtype)
        let info = T.gesdd(char("N"), rows, cols, work.typed(T.self), rows,
                           s.buffer.typed(T.self), dummy.typed(T.self), 1, dummy.typed(T.self), 1)
        try checkSVDInfo(info, op: op)
        return s
    }

    static func checkSVDInfo(_ info: Int32, op: String) throws(TensorError) {
        if info > 0 { throw TensorError("\(op): svd did not converge") }
        if info < 0 { throw TensorError("\(op): LAPACK rejected argument \(-info) (internal error)") }
    }
}

/// Small helpers shared by the LAPACK-backed files (SVD, linalg, anisotropy).
enum LAKit {
    @inline(__always) static func char(_ c: Unicode.Scalar) -> CChar { CChar(truncatingIfNeeded: c.value) }

    /// LAPACK here takes 32-bit dimensions.
    static func int32(_ n: Int, op: String) throws(TensorError) -> Int32 {
        guard let v = Int32(exactly: n) else { throw TensorError("\(op): dimension \(n) is too large for LAPACK") }
        return v
    }

    static func matrixDims(_ a: Tensor, op: String) throws(TensorError) -> (Int, Int) {
        guard a.rank == 2 else { throw TensorError("\(op): expected a matrix, got shape \(a.shapeDescription)") }
        return (a.shape[0], a.shape[1])
    }

    static func squareDim(_ a: Tensor, op: String) throws(TensorError) -> Int {
        guard a.rank == 2, a.shape[0] == a.shape[1] else {
            throw TensorError("\(op): expected a square matrix, got \(a.shapeDescription)")
        }
        return a.shape[0]
    }

    static func requireFinite(_ a: Tensor, op: String) throws(TensorError) {
        let finite: Bool
        switch a.dtype {
        case .float64: finite = allFinite(a.buffer.typed(Double.self), a.count)
        case .float32: finite = allFinite(a.buffer.typed(Float.self), a.count)
        }
        if !finite { throw TensorError("\(op): input \(a.shapeDescription) contains NaN or infinity") }
    }

    /// A private copy of the elements as `T` (rounded when `a` is wider); NaN/Inf is an error.
    static func finiteCopy<T: TensorScalar>(_ a: Tensor, as _: T.Type, op: String) throws(TensorError) -> TensorStorage {
        let src = try a.converted(to: T.dtype, op: op)
        let n = a.count, ps = src.buffer.typed(T.self)
        let out = try TensorStorage.checked(n, dtype: T.dtype, shape: a.shape, op: op)
        let dst = out.typed(T.self)
        var nonFinite: UInt8 = 0
        for i in 0..<n { let v = ps[i]; dst[i] = v; nonFinite |= v.isFinite ? 0 : 1 }
        withExtendedLifetime(src) {}
        if nonFinite != 0 { throw TensorError("\(op): input \(a.shapeDescription) contains NaN or infinity") }
        return out
    }

    /// True when no element is NaN or ±inf. An integer OR over the elements, which
    /// vectorises: a `&&` chain or a floating sum of v·0 runs one element at a time (the
    /// check of a 10000×400 matrix took 13 ms of each svdvals).
    @inline(__always) static func allFinite<T: BinaryFloatingPoint>(_ p: UnsafeMutablePointer<T>, _ n: Int) -> Bool {
        var nonFinite: UInt8 = 0
        for i in 0..<n { nonFinite |= p[i].isFinite ? 0 : 1 }
        return nonFinite == 0
    }

    /// dst (cols×rows) = transpose of the row-major rows×cols src, in cache-sized tiles.
    static func transpose<T>(_ src: UnsafeMutablePointer<T>, rows: Int, cols: Int, into dst: UnsafeMutablePointer<T>) {
        let t = 32
        var i0 = 0
        while i0 < rows {
            let i1 = Swift.min(i0 + t, rows)
            var j0 = 0
            while j0 < cols {
                let j1 = Swift.min(j0 + t, cols)
                for i in i0..<i1 { for j in j0..<j1 { dst[j * rows + i] = src[i * cols + j] } }
                j0 = j1
            }
            i0 = i1
        }
    }

    static func fillIdentity(_ t: inout Tensor) throws(TensorError) {
        t = try Tensor.eye(t.shape[0], t.shape[1]).converted(to: t.dtype, op: "svd")
    }

    static func check(_ info: Int32, op: String, failure: String) throws(TensorError) {
        if info > 0 { throw TensorError(failure) }
        if info < 0 { throw TensorError("\(op): LAPACK rejected argument \(-info) (internal error)") }
    }

    /// LU factorization (?getrf in `T`) of the column-major view of a copy of `a`, i.e. of Aᵀ = P·L·U.
    /// The pivots are empty when the matrix is exactly singular. `finite` is false when the
    /// factors are not: OpenBLAS scales each column by the reciprocal of its pivot, which
    /// overflows for a pivot below 1/greatestFiniteMagnitude (about 3e-39 in float32,
    /// 6e-309 in float64) and turns zeros into NaN.
    static func luOfTranspose<T: LAPACKScalar>(_: T.Type, _ a: Tensor, n: Int, op: String) throws(TensorError)
        -> (lu: TensorStorage, pivots: [Int32], finite: Bool) {
        let lu = try finiteCopy(a, as: T.self, op: op)
        let ni = try int32(n, op: op)
        var ipiv = [Int32](repeating: 0, count: n)
        let info = ipiv.withUnsafeMutableBufferPointer { p in p.baseAddress.map { T.getrf(ni, lu.typed(T.self), $0) } ?? -1 }
        if info > 0 { return (lu, [], true) }
        try check(info, op: op, failure: "")
        return (lu, ipiv, allFinite(lu.typed(T.self), n * n))
    }

    /// The error of a solve or inverse whose LU factors overflowed (see `luOfTranspose`).
    static func pivotUnderflow(_ op: String, _ dtype: DType) -> TensorError {
        TensorError("\(op): matrix is singular to \(dtype) precision (a pivot of its LU factorization is too small to invert)")
    }

    static func sumSquares(_ p: UnsafeMutablePointer<Double>, _ n: Int) -> Double {
        var s = 0.0
        for i in 0..<n { s += p[i] * p[i] }
        return s
    }
}

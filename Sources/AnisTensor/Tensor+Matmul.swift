// Tensor+Matmul: matrix products through OpenBLAS (dgemm/dgemv/ddot, and the s-routines
// for float32) with NumPy `@` semantics, including batched products, transposed operands
// and `dot` (`outer` lives in Tensor+Linalg.swift).
import CLinearAlgebra

/// Float and Double with their BLAS level-1/2/3 routines (d- and s-prefixed).
public protocol BLASScalar: TensorScalar {
    /// C = op(A)·op(B) + beta·C, row-major.
    static func gemm(_ tA: CBLAS_TRANSPOSE, _ tB: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ k: Int32,
                     _ a: UnsafePointer<Self>, _ lda: Int32, _ b: UnsafePointer<Self>, _ ldb: Int32,
                     _ c: UnsafeMutablePointer<Self>, _ ldc: Int32, beta: Self)
    static func gemv(_ t: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ a: UnsafePointer<Self>, _ lda: Int32,
                     _ x: UnsafePointer<Self>, _ y: UnsafeMutablePointer<Self>)
    static func dot(_ n: Int32, _ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>) -> Self
}

extension BLASScalar {
    static func gemm(_ tA: CBLAS_TRANSPOSE, _ tB: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ k: Int32,
                     _ a: UnsafePointer<Self>, _ lda: Int32, _ b: UnsafePointer<Self>, _ ldb: Int32,
                     _ c: UnsafeMutablePointer<Self>, _ ldc: Int32) {
        gemm(tA, tB, m, n, k, a, lda, b, ldb, c, ldc, beta: 0)
    }
}

extension Double: BLASScalar {
    public static func gemm(_ tA: CBLAS_TRANSPOSE, _ tB: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ k: Int32,
                            _ a: UnsafePointer<Double>, _ lda: Int32, _ b: UnsafePointer<Double>, _ ldb: Int32,
                            _ c: UnsafeMutablePointer<Double>, _ ldc: Int32, beta: Double) {
        cblas_dgemm(CblasRowMajor, tA, tB, m, n, k, 1, a, lda, b, ldb, beta, c, ldc)
    }
    public static func gemv(_ t: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ a: UnsafePointer<Double>, _ lda: Int32,
                     _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>) {
        cblas_dgemv(CblasRowMajor, t, m, n, 1, a, lda, x, 1, 0, y, 1)
    }
    public static func dot(_ n: Int32, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>) -> Double { cblas_ddot(n, x, 1, y, 1) }
}

extension Float: BLASScalar {
    public static func gemm(_ tA: CBLAS_TRANSPOSE, _ tB: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ k: Int32,
                            _ a: UnsafePointer<Float>, _ lda: Int32, _ b: UnsafePointer<Float>, _ ldb: Int32,
                            _ c: UnsafeMutablePointer<Float>, _ ldc: Int32, beta: Float) {
        cblas_sgemm(CblasRowMajor, tA, tB, m, n, k, 1, a, lda, b, ldb, beta, c, ldc)
    }
    public static func gemv(_ t: CBLAS_TRANSPOSE, _ m: Int32, _ n: Int32, _ a: UnsafePointer<Float>, _ lda: Int32,
                     _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>) {
        cblas_sgemv(CblasRowMajor, t, m, n, 1, a, lda, x, 1, 0, y, 1)
    }
    public static func dot(_ n: Int32, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>) -> Float { cblas_sdot(n, x, 1, y, 1) }
}

extension Tensor {
    static func blas(_ n: Int, _ a: Tensor, _ b: Tensor, op: String) throws(TensorError) -> Int32 {
        guard let v = Int32(exactly: n) else {
            throw TensorError("\(op): shapes \(a.shapeDescription) and \(b.shapeDescription) are too large for BLAS (extent \(n) > \(Int32.max))")
        }
        return v
    }

    static func misaligned(_ a: Tensor, _ b: Tensor, _ x: Int, _ y: Int, op: String = "@") -> TensorError {
        TensorError("\(op): shapes \(a.shapeDescription) and \(b.shapeDescription) do not align (\(x) ≠ \(y))")
    }

    /// C = op(A)·op(B) for row-major matrices at the given pointers; `c` must hold m×n.
    static func gemm<T: BLASScalar>(_ pa: UnsafePointer<T>, _ pb: UnsafePointer<T>, _ pc: UnsafeMutablePointer<T>,
                     m: Int, n: Int, k: Int, transA: Bool, transB: Bool,
                     _ a: Tensor, _ b: Tensor) throws(TensorError) {
        if m == 0 || n == 0 { return }
        if k == 0 { pc.update(repeating: 0, count: m * n); return }
        let M = try blas(m, a, b, op: "@"), N = try blas(n, a, b, op: "@"), K = try blas(k, a, b, op: "@")
        let lda = transA ? M : K, ldb = transB ? K : N
        if n == 1 && !transA {
            // Matrix-vector: B is a k×1 column (contiguous either way).
            T.gemv(CblasNoTrans, M, K, pa, lda, pb, pc)
        } else {
            T.gemm(transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, M, N, K, pa, lda, pb, ldb, pc, N)
        }
    }

    /// NumPy `a @ b`: matrix, matrix-vector, vector-vector (rank-0 result) and batched products.
    public static func matmul(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
        try matmul(a, b, transposeA: false, transposeB: false)
    }

    /// `op(a) @ op(b)` where `op` transposes the last two axes when asked, without materialising
    /// the transpose for matrices. A transposed rank-1 operand is unchanged.
    /// The result is float32 when both operands are (sgemm), float64 otherwise.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) throws(TensorError) -> Tensor {
        switch DType.promoted(a.dtype, b.dtype) {
        case .float64: return try matmul(Double.self, a.converted(to: .float64, op: "@"), b.converted(to: .float64, op: "@"), transposeA: transposeA, transposeB: transposeB)
        case .float32: return try matmul(Float.self, a, b, transposeA: transposeA, transposeB: transposeB)
        }
    }

    private static func matmul<T: BLASScalar>(_: T.Type, _ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool) throws(TensorError) -> Tensor {
        guard a.rank > 0 && b.rank > 0 else {
            throw TensorError("@: shapes \(a.shapeDescription) and \(b.shapeDescription): operands must have at least one dimension; use * for scalars")
        }
        let tA = transposeA && a.rank >= 2, tB = transposeB && b.rank >= 2
        // Vector · vector.
        if a.rank == 1 && b.rank == 1 {
            guard a.count == b.count else { throw misaligned(a, b, a.count, b.count) }
            let n = try blas(a.count, a, b, op: "@")
            return Tensor(scalar: n == 0 ? 0 : Double(T.dot(n, a.buffer.typed(T.self), b.buffer.typed(T.self))), dtype: T.dtype)
        }
        // Logical matrix extents: a is (m×k), b is (k×n); rank-1 operands are promoted.
        let ar = a.rank, br = b.rank
        let m = ar == 1 ? 1 : (tA ? a.shape[ar - 1] : a.shape[ar - 2])
        let ka = ar == 1 ? a.shape[0] : (tA ? a.shape[ar - 2] : a.shape[ar - 1])
        let kb = br == 1 ? b.shape[0] : (tB ? b.shape[br - 1] : b.shape[br - 2])
        let n = br == 1 ? 1 : (tB ? b.shape[br - 2] : b.shape[br - 1])
        guard ka == kb else { throw misaligned(a, b, ka, kb) }
        let batchA = ar > 2 ? Array(a.shape[..<(ar - 2)]) : []
        let batchB = br > 2 ? Array(b.shape[..<(br - 2)]) : []
        let batch: [Int]
        do {
            batch = try broadcastShape(batchA, batchB, op: "@")
        } catch {
            throw TensorError("@: shapes \(a.shapeDescription) and \(b.shapeDescription) have batch dimensions that cannot broadcast")
        }
        var outShape = batch
        if ar > 1 { outShape.append(m) }
        if br > 1 { outShape.append(n) }
        let out = try Tensor(uninitializedShape: outShape, dtype: T.dtype, op: "@")
        let pa = UnsafePointer(a.buffer.typed(T.self)), pb = UnsafePointer(b.buffer.typed(T.self)), po = out.buffer.typed(T.self)
        if batch.isEmpty {
            if ar == 1 {
                // Vector @ matrix: (bᵀ x) via dgemv, or x·B as a 1×k by k×n product.
                if m * n == 0 { return out }
                if ka == 0 { po.update(repeating: 0, count: n); return out }
                let rows = try blas(b.shape[0], a, b, op: "@"), cols = try blas(b.shape[1], a, b, op: "@")
                T.gemv(tB ? CblasNoTrans : CblasTrans, rows, cols, pb, cols, pa, po)
                return out
            }
            try gemm(pa, pb, po, m: m, n: n, k: ka, transA: tA, transB: tB, a, b)
            return out
        }
        let batches = batch.reduce(1, *)
        if br == 2 && !tA {
            // A stack of matrices times one matrix: the stack's rows are one tall matrix,
            // so a single gemm does the whole batch ((B, T, D) @ (D, E) is (B·T, D) @ (D, E)).
            try gemm(pa, pb, po, m: batches * m, n: n, k: ka, transA: false, transB: tB, a, b)
            return out
        }
        // Batched: walk the broadcast batch index, one gemm per matrix pair.
        let sa = ar > 2 ? broadcastStrides(batchA, to: batch) : [Int](repeating: 0, count: batch.count)
        let sb = br > 2 ? broadcastStrides(batchB, to: batch) : [Int](repeating: 0, count: batch.count)
        let matA = ar == 1 ? 0 : a.shape[ar - 2] * a.shape[ar - 1]
        let matB = br == 1 ? 0 : b.shape[br - 2] * b.shape[br - 1]
        var idx = [Int](repeating: 0, count: batch.count)
        for t in 0..<batches {
            var offA = 0, offB = 0
            for d in 0..<batch.count { offA += idx[d] * sa[d] * matA; offB += idx[d] * sb[d] * matB }
            try gemm(pa + offA, pb + offB, po + t * m * n, m: m, n: n, k: ka, transA: tA, transB: tB, a, b)
            var d = batch.count - 1
            while d >= 0 {
                idx[d] += 1
                if idx[d] < batch[d] { break }
                idx[d] = 0
                d -= 1
            }
            try Interrupt.check()
        }
        return out
    }

    /// `c += op(a) @ op(b)` in place, as one gemm with beta = 1: BLAS adds the product to c
    /// as it stores it, with no product array (which OpenBLAS would first zero) and no
    /// addition pass. Autodiff sums a value's gradients this way. Done when c is unshared,
    /// all three share a dtype, b is a matrix, a is a matrix or an untransposed stack of
    /// them (its rows one tall matrix) and c has the product's shape; otherwise c is left
    /// alone and the result is false. Each element is rounded as in c + op(a) @ op(b)
    /// when OpenBLAS adds its dot product to c once (an inner extent within one of its
    /// blocks, as for the product `@` would make).
    public static func accumulateProduct(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool,
                                         into c: inout Tensor) throws(TensorError) -> Bool {
        guard a.dtype == c.dtype, b.dtype == c.dtype, b.rank == 2, a.rank == 2 || (a.rank > 2 && !transposeA) else { return false }
        let m = transposeA ? a.shape[1] : a.count / Swift.max(a.shape[a.rank - 1], 1)
        let k = transposeA ? a.shape[0] : a.shape[a.rank - 1]
        let (kb, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        let shape = a.rank == 2 ? [m, n] : Array(a.shape.dropLast()) + [n]
        // n = 1 would be a matrix-vector product for `@`: leave it to that path.
        guard k == kb, k > 0, m > 0, n > 1, c.shape == shape, c.claimUnshared() else { return false }
        switch c.dtype {
        case .float64: try accumulateGemm(Double.self, a, b, c, m: m, n: n, k: k, transA: transposeA, transB: transposeB)
        case .float32: try accumulateGemm(Float.self, a, b, c, m: m, n: n, k: k, transA: transposeA, transB: transposeB)
        }
        return true
    }

    private static func accumulateGemm<T: BLASScalar>(_: T.Type, _ a: Tensor, _ b: Tensor, _ c: Tensor,
                                                      m: Int, n: Int, k: Int, transA: Bool, transB: Bool) throws(TensorError) {
        let M = try blas(m, a, b, op: "@"), N = try blas(n, a, b, op: "@"), K = try blas(k, a, b, op: "@")
        T.gemm(transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, M, N, K,
               a.buffer.typed(T.self), transA ? M : K, b.buffer.typed(T.self), transB ? K : N, c.buffer.typed(T.self), N, beta: 1)
    }

    /// NumPy `dot`: scalar product with a rank-0 operand, otherwise a sum over the last axis
    /// of `a` and the second-to-last (only, if rank 1) axis of `b`.
    public static func dot(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
        if a.rank == 0 || b.rank == 0 { return try mul(a, b) }
        if b.rank <= 2 && a.rank <= 2 { return try matmul(a, b) }
        let k = a.shape[a.rank - 1]
        let kb = b.rank == 1 ? b.shape[0] : b.shape[b.rank - 2]
        guard k == kb else { throw misaligned(a, b, k, kb, op: "dot") }
        let a2 = try a.reshaped([a.shape.dropLast().reduce(1, *), k])
        var restShape: [Int] = []
        let b2: Tensor
        if b.rank == 1 {
            b2 = try b.reshaped([k, 1])
        } else {
            let r = b.rank
            let moved = try b.permuted([r - 2] + Array(0..<(r - 2)) + [r - 1])
            restShape = Array(b.shape[..<(r - 2)]) + [b.shape[r - 1]]
            b2 = try moved.reshaped([k, restShape.reduce(1, *)])
        }
        let prod = try matmul(a2, b2)
        return try prod.reshaped(Array(a.shape.dropLast()) + restShape)
    }
}

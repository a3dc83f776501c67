// GemmBlocksTests: the gemm forwarders cut a product into blocks of C and spread them over
// the pool (CLinearAlgebra's gemm.c); attention spreads its heads (Fused+Attention.swift).
// Each must give the same bits at every pool width, and the right product. Widths are
// forced with the test override, so nothing depends on the machine's cores or on
// OPENBLAS_NUM_THREADS; another suite using the pool meanwhile makes a call run inline,
// which must give the same bits too. Nothing is timed.
import CLinearAlgebra
import Testing
@testable import AnisTensor

@Suite(.serialized) struct GemmBlocksTests {
    /// A row-major product C = op(A)·op(B) + beta·C (m×n, k inner); pad widens every
    /// leading dimension; colMajor makes the same product as a column-major call on Cᵀ.
    struct Product: CustomStringConvertible {
        let m, n, k: Int
        var transA = false, transB = false, beta = 0.0, pad = 0, colMajor = false
        var description: String {
            "\(m)×\(n)×\(k) \(transA ? "T" : "N")\(transB ? "T" : "N") beta \(beta) pad \(pad)\(colMajor ? " col-major" : "")"
        }
        var lda: Int { (transA ? m : k) + pad }
        var ldb: Int { (transB ? k : n) + pad }
        var ldc: Int { n + pad }
    }

    static let products: [Product] = [
        Product(m: 2048, n: 64, k: 64),                                 // the transformer's x·W
        Product(m: 2048, n: 60, k: 64, transB: true, beta: 1),          // dX = dY·Wᵀ, accumulated
        Product(m: 64, n: 192, k: 2048, transA: true),                  // dW = Xᵀ·dY: cut by columns
        Product(m: 333, n: 257, k: 129, transA: true, transB: true, beta: 1, pad: 3),
        Product(m: 517, n: 519, k: 31, pad: 1),
        Product(m: 4100, n: 1, k: 1000),                                // a column
        Product(m: 1, n: 3000, k: 1500, transB: true),                  // a row
        Product(m: 700, n: 90, k: 200, transA: true, beta: 1, colMajor: true),
        Product(m: 90, n: 700, k: 200, transB: true, pad: 2, colMajor: true),
        Product(m: 7, n: 5, k: 3, beta: 1),                             // too small to cut
    ]

    /// Entries in [-1, 1) from a 64-bit LCG.
    func entries(_ count: Int, seed: UInt64) -> [Double] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) * 2 - 1
        }
    }

    /// A, B and C's initial entries for `p`, rounded to T.
    func operands<T: BinaryFloatingPoint>(_ p: Product, _: T.Type) -> (a: [T], b: [T], c: [T]) {
        (entries((p.transA ? p.k : p.m) * p.lda, seed: 1).map { T($0) }, entries((p.transB ? p.n : p.k) * p.ldb, seed: 2).map { T($0) },
         entries(p.m * p.ldc, seed: 3).map { T($0) })
    }

    /// C after the product, at the given pool width, through the forwarder of `T`.
    func run<T: BinaryFloatingPoint>(_ p: Product, _ operands: (a: [T], b: [T], c: [T]), width: Int) -> [T] {
        let (a, b) = (operands.a, operands.b)
        var c = operands.c
        Parallel.setWidthOverride(width)
        defer { Parallel.setWidthOverride(0) }
        let ta = p.transA ? CblasTrans : CblasNoTrans, tb = p.transB ? CblasTrans : CblasNoTrans
        let (m, n, k) = (Int32(p.m), Int32(p.n), Int32(p.k))
        let (lda, ldb, ldc) = (Int32(p.lda), Int32(p.ldb), Int32(p.ldc))
        a.withUnsafeBytes { ra in b.withUnsafeBytes { rb in c.withUnsafeMutableBytes { rc in
            if T.self == Double.self {
                let (a, b, c) = (ra.assumingMemoryBound(to: Double.self).baseAddress, rb.assumingMemoryBound(to: Double.self).baseAddress,
                                 rc.assumingMemoryBound(to: Double.self).baseAddress)
                if p.colMajor { cblas_dgemm(CblasColMajor, tb, ta, n, m, k, 1, b, ldb, a, lda, p.beta, c, ldc) }
                else { cblas_dgemm(CblasRowMajor, ta, tb, m, n, k, 1, a, lda, b, ldb, p.beta, c, ldc) }
            } else {
                let (a, b, c) = (ra.assumingMemoryBound(to: Float.self).baseAddress, rb.assumingMemoryBound(to: Float.self).baseAddress,
                                 rc.assumingMemoryBound(to: Float.self).baseAddress)
                if p.colMajor { cblas_sgemm(CblasColMajor, tb, ta, n, m, k, 1, b, ldb, a, lda, Float(p.beta), c, ldc) }
                else { cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, 1, a, lda, b, ldb, Float(p.beta), c, ldc) }
            }
        } } }
        return c
    }

    /// Checks about 300 entries of C spread over it (the last included) against the textbook
    /// sum, in Double.
    func checkProduct<T: BinaryFloatingPoint>(_ p: Product, _ operands: (a: [T], b: [T], c: [T]), _ c: [T], tolerance: Double) {
        let (a, b, c0) = operands
        for index in Array(stride(from: 0, to: p.m * p.n, by: max(1, p.m * p.n / 300 + 1))) + [p.m * p.n - 1] {
            let i = index / p.n, j = index % p.n
            var sum = p.beta * Double(c0[i * p.ldc + j])
            for l in 0..<p.k {
                sum += Double(a[p.transA ? l * p.lda + i : i * p.lda + l]) * Double(b[p.transB ? j * p.ldb + l : l * p.ldb + j])
            }
            let got = Double(c[i * p.ldc + j])
            if abs(got - sum) > tolerance * (1 + abs(sum)) {
                Issue.record("\(p): C[\(i), \(j)] = \(got), expected \(sum)")
                return
            }
        }
        // The padding between rows is never written.
        for i in 0..<p.m { for j in p.n..<p.ldc where c[i * p.ldc + j] != c0[i * p.ldc + j] {
            Issue.record("\(p): padding C[\(i), \(j)] was written")
            return
        } }
    }

    @Test(arguments: products) func widthsGiveIdenticalBitsAndTheProduct(_ p: Product) {
        let x64 = operands(p, Double.self)
        let one64 = run(p, x64, width: 1), two64 = run(p, x64, width: 2), three64 = run(p, x64, width: 3)
        #expect(one64.map(\.bitPattern) == two64.map(\.bitPattern), "float64 \(p): width 1 and 2 differ")
        #expect(one64.map(\.bitPattern) == three64.map(\.bitPattern), "float64 \(p): width 1 and 3 differ")
        checkProduct(p, x64, two64, tolerance: 1e-12)
        let x32 = operands(p, Float.self)
        let one32 = run(p, x32, width: 1), two32 = run(p, x32, width: 2)
        #expect(one32.map(\.bitPattern) == two32.map(\.bitPattern), "float32 \(p): width 1 and 2 differ")
        checkProduct(p, x32, two32, tolerance: 2e-5 * Double(p.k).squareRoot())
    }

    @Test func largeProductsAreCutAndSmallOnesAreNot() {
        #expect(anis_gemm_block_count(2048, 64, 64) > 1)
        #expect(anis_gemm_block_count(64, 192, 2048) > 1)
        #expect(anis_gemm_block_count(4100, 1, 1000) > 1)
        #expect(anis_gemm_block_count(64, 64, 16) == 1)
        #expect(anis_gemm_block_count(7, 5, 3) == 1)
        #expect(anis_gemm_block_count(60, 60, 1_000_000) == 1)  // C too narrow to cut
        #expect(anis_gemm_block_count(4096, 4096, 64) == 8)  // blocks of 512 rows
        #expect(anis_gemm_block_count(0, 64, 64) == 1)
    }

    /// q, k, v and an output gradient of (8, 37, heads·width) with LCG entries, in `dtype`.
    func attentionOperands(heads: Int, dtype: DType) throws -> (Tensor, Tensor, Tensor, Tensor) {
        let d = 8, e = 6, t = 37
        func tensor(_ shape: [Int], _ seed: UInt64) throws -> Tensor {
            try Tensor(shape: shape, elements: entries(shape.reduce(1, *), seed: seed)).converted(to: dtype)
        }
        return (try tensor([8, t, heads * d], 11), try tensor([8, t, heads * d], 12), try tensor([8, t, heads * e], 13),
                try tensor([8, t, heads * e], 14))
    }

    @Test(arguments: [DType.float64, .float32]) func attentionIsTheSameAtEveryWidth(_ dtype: DType) throws {
        for causal in [true, false] {
            for heads in [1, 4] {
                let (q, k, v, g) = try attentionOperands(heads: heads, dtype: dtype)
                func outputs(width: Int) throws -> [[UInt64]] {
                    Parallel.setWidthOverride(width)
                    defer { Parallel.setWidthOverride(0) }
                    let (out, saved) = try Fused.attention(q, k, v, causal: causal, heads: heads)
                    let (dq, dk, dv) = try Fused.attentionBackward(saved, grad: g)
                    return [out, saved.probs, dq, dk, dv].map { $0.elements.map(\.bitPattern) }
                }
                let one = try outputs(width: 1), two = try outputs(width: 2), three = try outputs(width: 3)
                #expect(one == two, "\(dtype) causal \(causal) heads \(heads): width 1 and 2 differ")
                #expect(one == three, "\(dtype) causal \(causal) heads \(heads): width 1 and 3 differ")
            }
        }
    }
}

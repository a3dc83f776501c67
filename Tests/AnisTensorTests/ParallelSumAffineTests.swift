// ParallelSumAffineTests: sums along an inner axis (bias gradients) and `affine`'s copy of
// its bias or residual split their columns or rows across the pool and give the same bits
// at widths 1, 2 and 3 (ParallelKernelTests' helpers), with ragged column counts.
import Testing
@testable import AnisTensor

extension ParallelKernelTests {
    @Test(arguments: [DType.float64, .float32])
    func sumsAlongInnerAxes(_ dtype: DType) throws {
        let x = values([2063, 75], 0.23, 0.7, dtype), y = values([3, 1031, 37], 0.41, 0.1, dtype)
        try sameAtEveryWidth("sum \(dtype)") {
            [try x.sum(axis: 0), try y.sum(axis: 1), try y.sum(axis: 0), try x.sum(axis: 0, keepdims: true)]
        }
        // Each column adds its rows in order: the serial loop's numbers.
        let s = try x.sum(axis: 0)
        for j in [0, 37, 74] {
            var acc = 0.0
            for r in 0..<2063 { acc += x.element(r * 75 + j) }
            #expect(s.element(j) == (dtype == .float32 ? Double(Float(acc)) : acc))
        }
    }

    @Test(arguments: [DType.float64, .float32])
    func affineBiasAndResidualCopies(_ dtype: DType) throws {
        let x = values([9, 131, 24], 0.19, 0.3, dtype), w = values([24, 67], 0.07, 1.1, dtype)
        let row = values([67], 0.5, 0.2, dtype), residual = values([9, 131, 67], 0.13, 0.9, dtype)
        let column = values([9, 131, 1], 0.31, 0.4, dtype)
        try sameAtEveryWidth("affine \(dtype)") {
            [try Fused.affine(x, w, row), try Fused.affine(x, w, residual), try Fused.affine(x, w, column)]
        }
    }
}

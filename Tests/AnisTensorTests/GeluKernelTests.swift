// GeluKernelTests: float32 GELU and its gradient (GeluKernel, through CKernels) against
// the exact values computed in Double with libm's erfc, over the range where GELU is not
// rounded to 0, and its special values; the float64 gradient equals g times
// anis_gelu's slope bit for bit; the tensor entry points keep shapes and dtype.
import Foundation
import Testing
@testable import AnisTensor

@Suite struct GeluKernelTests {
    /// x·Φ(x) and Φ(x) + x·φ(x) in Double; erfc keeps the negative tail accurate.
    func exact(_ x: Double) -> (Double, Double) {
        let cdf = 0.5 * Foundation.erfc(-x / 2.0.squareRoot())
        return (x * cdf, cdf + x * Foundation.exp(-0.5 * x * x) / (2 * Double.pi).squareRoot())
    }

    func float32Tensor(_ xs: [Double]) -> Tensor { Tensor(xs).converted(to: .float32) }

    /// Float arithmetic (erfcf.c): measured worst 7.6 ulp, near x = −1.85.
    @Test func forwardIsWithinEightUlpOfTheExactValue() {
        let xs = Array(stride(from: -8.4, through: 8.4, by: 1.0 / 1024))
        let y = GeluKernel.forward(float32Tensor(xs))
        #expect(y.dtype == .float32 && y.shape == [xs.count])
        var worst = 0.0
        for (x, yi) in zip(xs, y.elements) {
            let ref = exact(Double(Float(x))).0
            worst = max(worst, abs(yi - ref) / Double(Float(ref).ulp))
        }
        #expect(worst <= 8, "worst error \(worst) float32 ulp")
    }

    @Test func backwardIsWithinFloat32RoundingOfTheExactValue() {
        let xs = Array(stride(from: -8.4, through: 8.4, by: 1.0 / 1024))
        let g = float32Tensor(xs.map { _ in 1.5 }), x = float32Tensor(xs)
        guard let d = GeluKernel.backward(x, grad: g) else { Issue.record("no float32 path"); return }
        #expect(d.dtype == .float32)
        var worst = 0.0
        for (x, di) in zip(xs, d.elements) {
            let xf = Double(Float(x)), (_, ref) = exact(xf)
            // Φ + x·φ cancels near x ≈ −0.75: measure against the terms' size.
            let scale = 0.5 * Foundation.erfc(-xf / 2.0.squareRoot()) + abs(xf) * Foundation.exp(-0.5 * xf * xf)
            worst = max(worst, abs(di - 1.5 * ref) / (1.5 * scale * Double(Float.ulpOfOne)))
        }
        #expect(worst <= 3, "worst error \(worst) float32 epsilons of the terms")
    }

    @Test func specialValuesAndFallback() {
        let y = GeluKernel.forward(float32Tensor([0, .nan, .infinity, -20, 20, -1e30])).elements
        #expect(y[0] == 0 && y[1].isNaN && y[2] == .infinity && y[4] == 20)
        #expect(y[3] <= 0 && y[3] > -1e-30 && y[5] <= 0 && y[5] > -1e-30)
        // Mixed dtypes or shapes are the caller's (general, broadcasting) path.
        let x = float32Tensor([1, 2])
        #expect(GeluKernel.backward(x, grad: float32Tensor([1])) == nil)
        #expect(GeluKernel.backward(x, grad: Tensor([1, 2])) == nil)
        #expect(GeluKernel.backward(float32Tensor([0]), grad: float32Tensor([3]))?.elements == [1.5])
        let d = GeluKernel.backward(float32Tensor([.nan, .infinity, -.infinity, -20]), grad: float32Tensor([1, 1, 1, 1]))?.elements ?? []
        #expect(d.count == 4 && d[0].isNaN && d[1] == 1 && d[2] == 0 && d[3] == 0)
    }

    @Test func float64BackwardIsGradientTimesTheSlopeBitForBit() {
        let xs = stride(from: -12.0, through: 12.0, by: 0.0137).map { $0 } + [0, .nan, .infinity, -.infinity]
        let x = Tensor(xs), g = Tensor(xs.indices.map { 0.5 + Double($0 % 7) })
        guard let d = GeluKernel.backward(x, grad: g) else { Issue.record("no float64 path"); return }
        let reference = (try? Tensor.mul(g, Activation.gelu.derivative(x)))?.elements ?? []
        #expect(d.dtype == .float64 && reference.count == xs.count)
        for (a, b) in zip(d.elements, reference) { #expect(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)) }
    }

    @Test func activationUsesItForFloat32AndKeepsFloat64() {
        let xs = [-3.0, -0.5, 0.25, 2.0]
        let y32 = Activation.gelu.apply(float32Tensor(xs))
        #expect(y32.dtype == .float32 && y32.elements == GeluKernel.forward(float32Tensor(xs)).elements)
        let y64 = Activation.gelu.apply(Tensor(xs))
        #expect(y64.dtype == .float64)
        for (x, y) in zip(xs, y64.elements) { #expect(abs(y - exact(x).0) <= 1e-14 * abs(y)) }  // CKernels' float64 path
    }
}

// GeluKernelTests: float32 GELU and its gradient (ActivationKernel.gelu, through CKernels) against
// the exact values computed in Double with libm's erfc, over the range where GELU is not
// rounded to 0, and its special values; in float64 the one-pass value and slope equal
// the activation's and its derivative's bit for bit; the entry points keep shapes and dtype.
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
        let y = ActivationKernel.gelu.forward(float32Tensor(xs))
        #expect(y.dtype == .float32 && y.shape == [xs.count])
        var worst = 0.0
        for (x, yi) in zip(xs, y.elements) {
            let ref = exact(Double(Float(x))).0
            worst = max(worst, abs(yi - ref) / Double(Float(ref).ulp))
        }
        #expect(worst <= 8, "worst error \(worst) float32 ulp")
    }

    @Test func slopeIsWithinFloat32RoundingOfTheExactValue() {
        let xs = Array(stride(from: -8.4, through: 8.4, by: 1.0 / 1024))
        let x = float32Tensor(xs)
        let (y, d) = ActivationKernel.gelu.valueAndSlope(x)
        #expect(d.dtype == .float32 && y.dtype == .float32)
        #expect(y.elements == ActivationKernel.gelu.forward(x).elements)  // the same values as without the slope
        var worst = 0.0
        for (x, di) in zip(xs, d.elements) {
            let xf = Double(Float(x)), (_, ref) = exact(xf)
            // Φ + x·φ cancels near x ≈ −0.75: measure against the terms' size.
            let scale = 0.5 * Foundation.erfc(-xf / 2.0.squareRoot()) + abs(xf) * Foundation.exp(-0.5 * xf * xf)
            worst = max(worst, abs(di - ref) / (scale * Double(Float.ulpOfOne)))
        }
        #expect(worst <= 3, "worst error \(worst) float32 epsilons of the terms")
    }

    @Test func specialValues() {
        let y = ActivationKernel.gelu.forward(float32Tensor([0, .nan, .infinity, -20, 20, -1e30])).elements
        #expect(y[0] == 0 && y[1].isNaN && y[2] == .infinity && y[4] == 20)
        #expect(y[3] <= 0 && y[3] > -1e-30 && y[5] <= 0 && y[5] > -1e-30)
        let d = ActivationKernel.gelu.valueAndSlope(float32Tensor([0, .nan, .infinity, -.infinity, -20])).slope.elements
        #expect(d[0] == 0.5 && d[1].isNaN && d[2] == 1 && d[3] == 0 && d[4] == 0)
    }

    @Test func float64ValueAndSlopeAreTheActivationsBitForBit() {
        let xs = stride(from: -12.0, through: 12.0, by: 0.0137).map { $0 } + [0, .nan, .infinity, -.infinity]
        let x = Tensor(xs)
        let (y, d) = ActivationKernel.gelu.valueAndSlope(x)
        #expect(y.dtype == .float64 && d.dtype == .float64)
        for (a, b) in zip(y.elements, Activation.gelu.apply(x).elements) { #expect(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)) }
        for (a, b) in zip(d.elements, Activation.gelu.derivative(x).elements) { #expect(a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)) }
    }

    @Test func activationUsesItForFloat32AndKeepsFloat64() {
        let xs = [-3.0, -0.5, 0.25, 2.0]
        let y32 = Activation.gelu.apply(float32Tensor(xs))
        #expect(y32.dtype == .float32 && y32.elements == ActivationKernel.gelu.forward(float32Tensor(xs)).elements)
        let y64 = Activation.gelu.apply(Tensor(xs))
        #expect(y64.dtype == .float64)
        for (x, y) in zip(xs, y64.elements) { #expect(abs(y - exact(x).0) <= 1e-14 * abs(y)) }  // CKernels' float64 path
    }
}

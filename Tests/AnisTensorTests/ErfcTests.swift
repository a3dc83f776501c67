// ErfcTests: CKernels' branch-free erfc against libm over a dense range (every 1e-4 on
// [−30, 30]), at the tails and on special values; GELU's tensor loop (vectorised per CPU)
// against the scalar and its derivative.
import Foundation
import Testing
@testable import AnisTensor

@Suite struct ErfcTests {
    /// |a − b| in units of b's ulp (relative error for normal results).
    func ulps(_ a: Double, _ b: Double) -> Double {
        if a == b { return 0 }
        return abs(a - b) / max(b.ulp, Double.leastNormalMagnitude)
    }

    @Test func erfcIsWithinTwelveUlpOfLibmAndErfWithinEight() {
        var worst = 0.0, worstErf = 0.0, x = -30.0
        while x <= 30 {
            let e = FastMath.erfc(x), reference = Foundation.erfc(x)
            if reference > 1e-300 { worst = max(worst, ulps(e, reference)) }
            if abs(x) >= 0.5 { worstErf = max(worstErf, ulps(1 - e, Foundation.erf(x))) }
            x += 1e-4
        }
        #expect(worst <= 12, "erfc: worst error \(worst) ulp")
        #expect(worstErf <= 8, "1 − erfc against erf: worst error \(worstErf) ulp")
    }

    @Test func erfcSpecialValues() {
        #expect(FastMath.erfc(0) == 1 && FastMath.erfc(-0.0) == 1)
        #expect(FastMath.erfc(.infinity) == 0 && FastMath.erfc(-.infinity) == 2)
        #expect(FastMath.erfc(27.5) == 0 && FastMath.erfc(-40) == 2)
        #expect(FastMath.erfc(.nan).isNaN)
        #expect(ulps(FastMath.erfc(1e-300), 1) == 0)
    }

    /// GELU's accuracy is Gelu64KernelTests' (against long double: erfc(−x/√2) of the rounded
    /// argument is itself off by x² ulps in the tail); here the tensor against the scalar.
    @Test func geluTensorMatchesTheScalarFormulaAndItsDerivative() {
        let xs = stride(from: -40.0, through: 40.0, by: 0.00731).map { $0 } + [0, -0.0, .infinity, -.infinity]
        let x = Tensor(xs)
        let y = Activation.gelu.apply(x).elements, dy = Activation.gelu.derivative(x).elements
        var worstSlope = 0.0
        for (i, v) in xs.enumerated() where v.isFinite {
            let slope = 0.5 * Foundation.erfc(-v / 2.0.squareRoot()) + v * Foundation.exp(-0.5 * v * v) / (2 * Double.pi).squareRoot()
            worstSlope = max(worstSlope, abs(dy[i] - slope))
            #expect(y[i] == Activation.gelu.scalar(v) && dy[i] == Activation.gelu.scalarDerivative(v))
        }
        #expect(worstSlope <= 1e-15, "gelu′: worst absolute error \(worstSlope)")
        #expect(y[xs.count - 2] == .infinity)
    }
}

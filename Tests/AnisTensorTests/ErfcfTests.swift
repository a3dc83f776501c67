// ErfcfTests: CKernels' float32 erfc and erf (erfcf.c, float arithmetic) against glibc's
// erfcf/erff and against the float64 values, on a dense grid of floats (every 4099th float of
// [−10.2, 10.2] by bit pattern, so small magnitudes and subnormals are covered, about
// half a million points), and on special values.
import Foundation
import Testing
import CKernels

@Suite struct ErfcfTests {
    /// |a − b| in float32 ulps of b (subnormal results in units of the smallest subnormal).
    func ulps(_ a: Float, _ b: Float) -> Double {
        if a == b { return 0 }
        return Double(abs(a - b)) / Double(max(b.ulp, Float.leastNonzeroMagnitude))
    }

    /// Every `stride`-th float in [−limit, limit], by bit pattern (so small magnitudes are dense).
    func grid(limit: Float, stride: UInt32) -> [Float] {
        var xs: [Float] = []
        var bits: UInt32 = 0
        while Float(bitPattern: bits) <= limit {
            let x = Float(bitPattern: bits)
            xs.append(x); xs.append(-x)
            bits += stride
        }
        return xs
    }

    /// Measured worst cases: erfcf 7.7 ulp from the float64 value (8 from glibc's, which is
    /// itself up to 2 ulp off), just above ½ where the fit's tail branch starts; erff 3.9.
    /// Worst distance over the grid, in float ulps, of `f` from glibc's float function and
    /// from the float64 value.
    private func worstUlps(_ f: (Float) -> Float, glibc: (Float) -> Float, exact: (Double) -> Double)
        -> (glibc: Double, exact: Double) {
        var worstGlibc = 0.0, worstExact = 0.0
        for x in grid(limit: 10.2, stride: 4099) {
            let e = f(x)
            worstGlibc = max(worstGlibc, ulps(e, glibc(x)))
            let reference = exact(Double(x)), ulp = Double(max(Float(reference).ulp, Float.leastNonzeroMagnitude))
            worstExact = max(worstExact, abs(Double(e) - reference) / ulp)
        }
        return (worstGlibc, worstExact)
    }

    @Test func erfcfIsWithinEightUlpOfTheExactValue() {
        let (worstGlibc, worstExact) = worstUlps(anis_erfcf, glibc: Foundation.erfcf, exact: Foundation.erfc)
        #expect(worstGlibc <= 10, "erfcf: worst \(worstGlibc) ulp from glibc")
        #expect(worstExact <= 8, "erfcf: worst \(worstExact) ulp from the float64 value")
    }

    @Test func erffIsWithinFourUlpOfTheExactValue() {
        let (worstGlibc, worstExact) = worstUlps(anis_erff, glibc: Foundation.erff, exact: Foundation.erf)
        #expect(worstGlibc <= 5, "erff: worst \(worstGlibc) ulp from glibc")
        #expect(worstExact <= 4, "erff: worst \(worstExact) ulp from the float64 value")
    }

    @Test func specialValues() {
        #expect(anis_erfcf(0) == 1 && anis_erfcf(-0.0) == 1 && anis_erff(0) == 0)
        #expect(anis_erff(-0.0).sign == .minus && ulps(anis_erff(1e-40), Foundation.erff(1e-40)) <= 2)
        #expect(anis_erfcf(.infinity) == 0 && anis_erfcf(-.infinity) == 2 && anis_erfcf(11) == 0 && anis_erfcf(-30) == 2)
        #expect(anis_erff(.infinity) == 1 && anis_erff(-.infinity) == -1 && anis_erff(5) == 1)
        #expect(anis_erfcf(.nan).isNaN && anis_erff(.nan).isNaN)
        // The last nonzero erfc values are subnormal floats.
        #expect(anis_erfcf(10) > 0 && anis_erfcf(10) < Float.leastNormalMagnitude)
    }
}

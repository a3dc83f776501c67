// EluSoftplusKernelTests: CKernels' e^x − 1 (elu.c) and log1p/softplus (softplus.c) for
// double and float, in worst-case ulps on dense grids (every k-th number by bit pattern, so
// tails and subnormals are covered, plus a fine uniform grid around the reduction's seams)
// against long double (x86-64) and glibc; ELU and softplus through ActivationKernel at
// every vector level this CPU runs (SSE2, AVX2, AVX-512), with special values.
import Foundation
import Testing
import CKernels
@testable import AnisTensor

/// softplus in long double: max(x, 0) + log1p(e^(−|x|)).
private func softplusWide(_ x: Wide) -> Wide { max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x))) }

@Suite struct EluSoftplusKernelTests {
    let xs = doubleGrid(limit: 760, stride: 35_184_372_088_891)  // about 260k doubles
    let fs = floatGrid(limit: 110, stride: 16_411)               // about 270k floats

    /// Measured: 1.11 ulp (x ≈ 37, where e^x − 1 is e^x) from the exact value; glibc's own is within 1.
    @Test func expm1IsWithinOneAndAHalfUlp() {
        var worst = 0.0, worstGlibc = 0.0
        for x in xs where x > -50 && x < 709.7 {
            let e = anis_expm1(x)
            worst = max(worst, ulps(e, Foundation.expm1(Wide(x))))
            worstGlibc = max(worstGlibc, ulps(e, Wide(Foundation.expm1(x))))
        }
        #expect(worst <= 1.5, "expm1: worst \(worst) ulp from the exact value")
        #expect(worstGlibc <= 2, "expm1: worst \(worstGlibc) ulp from glibc")
        var worstF = 0.0, worstGlibcF = 0.0
        for x in fs where x > -30 && x < 88.7 {
            let e = anis_expm1f(x)
            worstF = max(worstF, ulps(e, Foundation.expm1(Wide(x))))
            worstGlibcF = max(worstGlibcF, ulps(e, Wide(Foundation.expm1f(x))))
        }
        #expect(worstF <= 1.5, "expm1f: worst \(worstF) ulp from the exact value")
        #expect(worstGlibcF <= 2, "expm1f: worst \(worstGlibcF) ulp from glibc")
    }

    @Test func expm1SpecialValues() {
        #expect(anis_expm1(0).bitPattern == 0 && anis_expm1(-0.0).bitPattern == (-0.0).bitPattern)
        #expect(anis_expm1(.infinity) == .infinity && anis_expm1(-.infinity) == -1 && anis_expm1(.nan).isNaN)
        #expect(anis_expm1(710) == .infinity && anis_expm1(709.7) == Foundation.expm1(709.7) && anis_expm1(-40) == -1)
        #expect(anis_expm1(1e-310) == 1e-310 && anis_expm1(-5e-324) == -5e-324)
        #expect(anis_expm1f(-0.0).sign == .minus && anis_expm1f(89) == .infinity && anis_expm1f(-.infinity) == -1)
        #expect(anis_expm1f(1e-40) == 1e-40 && anis_expm1f(.nan).isNaN)
    }

    /// Measured: 1.06 ulp (double) and 0.85 (float).
    @Test func log1pOnTheUnitIntervalIsWithinOneAndAHalfUlp() {
        var worst = 0.0, worstF = 0.0
        for x in xs where x >= 0 && x <= 1 {
            worst = max(worst, ulps(anis_log1p_unit(x), Foundation.log1p(Wide(x))))
        }
        for x in fs where x >= 0 && x <= 1 {
            worstF = max(worstF, ulps(anis_log1pf_unit(x), Foundation.log1p(Wide(x))))
        }
        #expect(worst <= 1.5 && worstF <= 1.5, "log1p: worst \(worst) ulp, float \(worstF)")
        #expect(anis_log1p_unit(0) == 0 && anis_log1p_unit(1e-320) == 1e-320 && anis_log1pf_unit(1e-45) == 1e-45)
    }

    /// Measured: 1.67 ulp in both dtypes, from long double (and the same bits at every level).
    @Test func softplusIsWithinTwoUlpAtEveryLevel() {
        let x64 = Tensor(xs), x32 = Tensor(fs.map(Double.init)).converted(to: .float32)
        for level in kernelLevels {
            let (y, s) = ActivationKernel.softplus.valueAndSlope(x64, level: level)
            var worst = 0.0, worstSlope = 0.0
            for (x, (v, d)) in zip(xs, zip(y.elements, s.elements)) {
                worst = max(worst, ulps(v, softplusWide(Wide(x))))
                worstSlope = max(worstSlope, ulps(d, 1 / (1 + Foundation.exp(-Wide(x)))))
            }
            #expect(worst <= 2 && worstSlope <= 3, "level \(level): softplus \(worst) ulp, σ \(worstSlope)")
            let (y32, s32) = ActivationKernel.softplus.valueAndSlope(x32, level: level)
            var worstF = 0.0, worstSlopeF = 0.0
            for (x, (v, d)) in zip(fs, zip(y32.elements, s32.elements)) {
                worstF = max(worstF, ulps(Float(v), softplusWide(Wide(x))))
                worstSlopeF = max(worstSlopeF, ulps(Float(d), 1 / (1 + Foundation.exp(-Wide(x)))))
            }
            #expect(worstF <= 2 && worstSlopeF <= 3, "level \(level): softplus float \(worstF) ulp, σ \(worstSlopeF)")
        }
    }

    @Test func softplusTails() {
        let y = ActivationKernel.softplus.forward(Tensor([1000, 40, 1e300, -740, -746, -800, 0, -0.0, .infinity, -.infinity, .nan])).elements
        #expect(y[0] == 1000 && y[1] == 40 && y[2] == 1e300)
        #expect(y[3] == Double(Foundation.exp(Wide(-740))) && y[3] > 0)  // a subnormal, exactly e^x rounded
        #expect(y[4] == 0 && y[5] == 0 && y[6] == Foundation.log(2) && y[7] == Foundation.log(2))
        #expect(y[8] == .infinity && y[9] == 0 && y[10].isNaN)
        let f = ActivationKernel.softplus.forward(Tensor([100, -90, -104.5, .infinity, .nan]).converted(to: .float32)).elements
        #expect(f[0] == 100 && Float(f[1]) == Float(Foundation.exp(Wide(-90))) && f[1] > 0 && f[2] == 0 && f[3] == .infinity && f[4].isNaN)
        let s = ActivationKernel.softplus.valueAndSlope(Tensor([-740, 0, 800, .nan])).slope.elements
        #expect(s[0] > 0 && s[1] == 0.5 && s[2] == 1 && s[3].isNaN)
    }

    @Test func eluAtEveryLevel() {
        let alpha = 0.7, x64 = Tensor(xs), x32 = Tensor(fs.map(Double.init)).converted(to: .float32)
        for level in kernelLevels {
            let (y, s) = ActivationKernel.elu(alpha).valueAndSlope(x64, level: level)
            var worst = 0.0, worstSlope = 0.0
            for (x, (v, d)) in zip(xs, zip(y.elements, s.elements)) {
                let wx = Wide(x)
                worst = max(worst, ulps(v, x > 0 ? wx : Wide(alpha) * Foundation.expm1(wx)))
                worstSlope = max(worstSlope, ulps(d, x > 0 ? 1 : Wide(alpha) * Foundation.exp(wx)))
            }
            #expect(worst <= 2 && worstSlope <= 2, "level \(level): elu \(worst) ulp, slope \(worstSlope)")
            let (y32, s32) = ActivationKernel.elu(alpha).valueAndSlope(x32, level: level)
            var worstF = 0.0, worstSlopeF = 0.0
            for (x, (v, d)) in zip(fs, zip(y32.elements, s32.elements)) {
                let wx = Wide(x), a = Wide(Float(alpha))
                worstF = max(worstF, ulps(Float(v), x > 0 ? wx : a * Foundation.expm1(wx)))
                worstSlopeF = max(worstSlopeF, ulps(Float(d), x > 0 ? 1 : a * Foundation.exp(wx)))
            }
            #expect(worstF <= 2 && worstSlopeF <= 2, "level \(level): elu float \(worstF) ulp, slope \(worstSlopeF)")
        }
        let (y, s) = ActivationKernel.elu(2).valueAndSlope(Tensor([-0.0, 3, -.infinity, .infinity, .nan, -800]))
        #expect(y.elements[0].sign == .minus && y.elements[1] == 3 && y.elements[2] == -2 && y.elements[3] == .infinity && y.elements[4].isNaN)
        #expect(s.elements[0] == 2 && s.elements[1] == 1 && s.elements[2] == 0 && s.elements[4].isNaN && s.elements[5] == 0)
    }

    /// Every level gives the same bits as the widest, values and slopes, for every kernel and
    /// dtype (a length that leaves a remainder after the vector loop).
    @Test func everyLevelGivesTheSameBits() {
        let n = 100_003
        let ramp: [Double] = (0..<n).map { i in Double(i % 2003) * 0.0173 - 17.5 }
        let x = Tensor(ramp + [0, -0.0, 1e-300, -1e-310, .infinity, -.infinity, .nan])
        let kernels: [ActivationKernel] = [.gelu, .elu(1.3), .softplus]
        for dtype in [DType.float64, .float32] {
            let xt = x.converted(to: dtype)
            for kernel in kernels {
                let (y0, s0) = kernel.valueAndSlope(xt, level: ActivationKernel.cpuLevel)
                let f0 = kernel.forward(xt, level: ActivationKernel.cpuLevel)
                for level in kernelLevels {
                    let (y, s) = kernel.valueAndSlope(xt, level: level)
                    let f = kernel.forward(xt, level: level)
                    #expect(bitPatterns(y) == bitPatterns(y0) && bitPatterns(s) == bitPatterns(s0) && bitPatterns(f) == bitPatterns(f0) && bitPatterns(f) == bitPatterns(y),
                            "\(kernel) \(dtype) level \(level) differs from level \(ActivationKernel.cpuLevel)")
                }
            }
        }
    }
}

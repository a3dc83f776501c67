// Gelu64KernelTests: the float64 GELU kernel (CKernels/gelu64.c) against long double on dense
// grids — every k-th double by bit pattern up to 41 (tails and subnormals), a fine uniform
// grid over [−39, 9] (every table interval, many points each) and the table's seams — at every
// vector level this CPU runs, which must agree bit for bit; special values and the ends.
import Foundation
import Testing
import CKernels
@testable import AnisTensor

@Suite struct Gelu64KernelTests {
    static let xs: [Double] = doubleGrid(limit: 41, stride: 17_592_186_044_416)   // about 270k doubles
        + Swift.stride(from: -39.0, through: 9.0, by: 1.0 / 4099).map { $0 }            // about 197k
        + (0...2560).flatMap { j -> [Double] in                                         // each side of each seam
            let seam = (Double(j) + 0.5) / 64
            return [seam, seam.nextDown, seam.nextUp, -seam, -seam.nextDown, -seam.nextUp]
        }

    /// GELU and its slope in long double; cdf + |x|·pdf is the size of the slope's terms.
    static func exact(_ x: Double) -> (value: Wide, slope: Wide, terms: Wide) {
        let w = Wide(x), cdf = Foundation.erfc(-w / Wide(2).squareRoot()) / 2
        let pdf = Foundation.exp(-w * w / 2) / (2 * Wide.pi).squareRoot()
        return (w * cdf, cdf + w * pdf, cdf + abs(w) * pdf)
    }

    /// Measured: 3.3 ulp (value) and 1.8 epsilons of the terms' size (slope; Φ + x·φ cancels
    /// near x = −0.75), tails included. The long double reference is itself off by up to
    /// 0.7 ulp at x ≈ −38 (erfc of the rounded x/√2 moves by x² of its ulps per ulp).
    @Test func valueWithinFourUlpAndSlopeWithinTwoEpsilonsAtEveryLevel() {
        let n = Self.xs.count
        var y0 = [Double](repeating: 0, count: n), s0 = y0, f0 = y0
        anis_gelu_at(ActivationKernel.cpuLevel, Self.xs, &y0, &s0, n)
        var worst = 0.0, worstSlope = 0.0, worstAt = 0.0
        // Without long double the reference is glibc's double erfc of a rounded argument, off by
        // x² of its ulps: there the accuracy is checked where that stays small.
        let referenceRange = Wide.self == Double.self ? 1.0 : .infinity
        for (i, x) in Self.xs.enumerated() where abs(x) <= referenceRange {
            let (value, slope, terms) = Self.exact(x)
            let e = ulps(y0[i], value)
            if e > worst { (worst, worstAt) = (e, x) }
            if terms > 0x1p-1000 {
                worstSlope = max(worstSlope, Double(abs(Wide(s0[i]) - slope) / (terms * Wide(Double.ulpOfOne))))
            }
        }
        #expect(worst <= 4, "value: worst \(worst) ulp at \(worstAt)")
        #expect(worstSlope <= 2, "slope: worst \(worstSlope) epsilons of its terms")
        for level in kernelLevels {
            var y = [Double](repeating: 0, count: n), s = y
            anis_gelu_at(level, Self.xs, &y, &s, n)
            anis_gelu_at(level, Self.xs, &f0, nil, n)
            #expect(y.map(\.bitPattern) == y0.map(\.bitPattern) && s.map(\.bitPattern) == s0.map(\.bitPattern)
                    && f0.map(\.bitPattern) == y0.map(\.bitPattern), "level \(level) differs")
        }
    }

    /// One element (the loop's remainder) rounds as in a long loop, at every level.
    @Test func oneElementRoundsAsInALongLoop() {
        let xs = Array(Swift.stride(from: -40.5, through: 12.0, by: 0.0371))
        for level in kernelLevels {
            var y = [Double](repeating: 0, count: xs.count), s = y
            anis_gelu_at(level, xs, &y, &s, xs.count)
            for (i, x) in xs.enumerated() {
                var x1 = x, y1 = 0.0, s1 = 0.0
                anis_gelu_at(level, &x1, &y1, &s1, 1)
                #expect(y1.bitPattern == y[i].bitPattern && s1.bitPattern == s[i].bitPattern, "level \(level) at \(x)")
            }
        }
    }

    @Test func specialValuesAndTheEnds() {
        let xs: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1e300, -1e300, 40, 41, -40, -41, 8.3, 9, 1e-310, -1e-310, 5e-324]
        var y = [Double](repeating: 0, count: xs.count), s = y
        anis_gelu(xs, &y, &s, xs.count)
        #expect(y[0].bitPattern == 0 && s[0] == 0.5 && y[1].bitPattern == (-0.0).bitPattern && s[1] == 0.5)
        #expect(y[2] == .infinity && s[2].isNaN)                   // as x·Φ(x) and Φ + x·φ give them
        #expect(y[3].isNaN && s[3].isNaN && y[4].isNaN && s[4].isNaN)
        #expect(y[5] == 1e300 && s[5] == 1 && y[6].bitPattern == (-0.0).bitPattern && s[6] == 0)
        #expect(y[7] == 40 && y[8] == 41 && s[7] == 1 && s[8] == 1)          // x·Φ(x) rounds to x from 8.3 on
        #expect(y[9] == 0 && y[10] == 0 && s[9] == 0 && s[10] == 0)
        #expect(y[11] == 8.3 && s[11] > 1 && y[12] == 9 && s[12] == 1)
        #expect(abs(y[13] - 5e-311) <= 5e-324 && abs(y[14] + 5e-311) <= 5e-324 && s[13] == 0.5 && s[14] == 0.5)
        #expect(y[15] >= 0 && y[15] <= 5e-324 && s[15] == 0.5)
        // Φ(−38.4) is among the subnormals; x·Φ(x) and the slope come out there, not as 0.
        var tail = [-38.4, -37.0], ty = [0.0, 0.0], ts = [0.0, 0.0]
        anis_gelu(&tail, &ty, &ts, 2)
        #expect(ty[0] < 0 && ty[0] > -1e-300 && ts[0] < 0 && ty[1] < 0 && ty[1] > -1e-290)
    }
}

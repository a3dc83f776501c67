// FastMathTests: the vectorisable exp against libm — ulp error over the whole
// finite range, the subnormal tail, overflow and special values.
import Foundation
import Testing
@testable import AnisTensor

@Suite struct FastMathTests {
    /// Distance in units in the last place between two finite Doubles of one sign.
    func ulps(_ a: Double, _ b: Double) -> Int64 {
        if a == b { return 0 }
        return abs(Int64(bitPattern: a.bitPattern) - Int64(bitPattern: b.bitPattern))
    }

    @Test func expIsWithinTwoUlpOfLibm() {
        var worst: Int64 = 0
        var x = -708.0
        while x < 709.7 {
            worst = max(worst, ulps(FastMath.exp(x), Foundation.exp(x)))
            x += 0.0137
        }
        for x in stride(from: -1.0, through: 1.0, by: 1.0 / 4096) {
            worst = max(worst, ulps(FastMath.exp(x), Foundation.exp(x)))
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
    }

    @Test func expSpecialValuesAndTails() {
        #expect(FastMath.exp(0) == 1)
        #expect(FastMath.exp(.infinity) == .infinity)
        #expect(FastMath.exp(-.infinity) == 0)
        #expect(FastMath.exp(.nan).isNaN)
        #expect(ulps(FastMath.exp(709.78), Foundation.exp(709.78)) <= 2)
        #expect(FastMath.exp(709.79) == .infinity)
        #expect(FastMath.exp(-1e9) == 0)
        // Results that would be subnormal flush to zero; the smallest normal ones do not.
        #expect(ulps(FastMath.exp(-708.3), Foundation.exp(-708.3)) <= 2)
        for x in [-709.0, -720.0, -744.0] { #expect(FastMath.exp(x) == 0, "exp(\(x))") }
    }

    @Test func tanhIsWithinFewUlpOfLibm() {
        var worst: Int64 = 0
        for x in stride(from: -25.0, through: 25.0, by: 0.00731) {
            let a = FastMath.tanh(x), b = Foundation.tanh(x)
            worst = max(worst, a.sign == b.sign ? ulps(a, b) : Int64.max)
        }
        for x in stride(from: -0.7, through: 0.7, by: 1.0 / 8192) where x != 0 {
            worst = max(worst, ulps(Swift.abs(FastMath.tanh(x)), Swift.abs(Foundation.tanh(x))))
        }
        #expect(worst <= 4, "worst error \(worst) ulp")
        #expect(FastMath.tanh(0) == 0 && FastMath.tanh(-0.0).sign == .minus)
        #expect(FastMath.tanh(1e-300) == 1e-300)
        #expect(FastMath.tanh(.infinity) == 1 && FastMath.tanh(-.infinity) == -1 && FastMath.tanh(800) == 1)
        #expect(FastMath.tanh(.nan).isNaN)
    }

    @Test func tensorExpAndSoftmaxUseIt() throws {
        let x = try Tensor(shape: [2, 3], elements: [0, 1, -1e9, 2, 2, 2])
        let s = try Activation.softmax(x)
        #expect(approximatelyEqual(s.elements, [1 / (1 + M_E), M_E / (1 + M_E), 0, 1.0 / 3, 1.0 / 3, 1.0 / 3], tol: 1e-15))
        #expect(x.exp().elements[1] == FastMath.exp(1))
    }
}

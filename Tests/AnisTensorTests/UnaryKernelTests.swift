// UnaryKernelTests: CKernels' exp, log, sqrt, tanh, sigmoid and silu loops (unary.c) at
// every vector level this CPU runs: the FastMath algorithms give the same bits as the Swift
// scalar functions (so a number and a tensor element agree) and the same at every level;
// float32 elements are the float64 result rounded once; log within 2 ulp of long double.
import Foundation
import Testing
import CKernels
@testable import AnisTensor

@Suite struct UnaryKernelTests {
    let xs = doubleGrid(limit: 800, stride: 35_184_372_088_891) + [0, -0.0, .infinity, -.infinity, .nan, 1e-310, -1e-310]

    typealias Kernel64 = (Int32, UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void
    typealias Kernel32 = (Int32, UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void

    /// (name, float64 kernel, float32 kernel, the scalar function it must equal bit for bit)
    let kernels: [(String, Kernel64, Kernel32, (Double) -> Double)] = [
        ("exp", anis_exp_f64_at, anis_exp_f32_at, FastMath.exp),
        ("tanh", anis_tanh_f64_at, anis_tanh_f32_at, FastMath.tanh),
        ("sigmoid", anis_sigmoid_f64_at, anis_sigmoid_f32_at, Activation.logistic),
        ("silu", anis_silu_f64_at, anis_silu_f32_at, { $0 * Activation.logistic($0) }),
        ("sqrt", anis_sqrt_f64_at, anis_sqrt_f32_at, { $0.squareRoot() }),
        ("log", anis_log_f64_at, anis_log_f32_at, FastMath.log),
    ]

    func same(_ a: Double, _ b: Double) -> Bool { a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN) }

    @Test func everyLevelEqualsTheScalarFunction() {
        let fs = xs.map { Float($0) }
        for (name, f64, f32, scalar) in kernels {
            for level in kernelLevels {
                var y = [Double](repeating: 0, count: xs.count)
                f64(level, xs, &y, xs.count)
                let bad = zip(xs, y).first { !same($1, scalar($0)) }
                #expect(bad == nil, "\(name) level \(level): \(bad.map { "\($0.0) gives \($0.1), not \(scalar($0.0))" } ?? "")")
                var y32 = [Float](repeating: 0, count: fs.count)
                f32(level, fs, &y32, fs.count)
                let bad32 = zip(fs, y32).first { !same(Double($1), Double(Float(scalar(Double($0))))) }
                #expect(bad32 == nil, "\(name) float32 level \(level): \(bad32.map { "\($0.0) gives \($0.1)" } ?? "")")
            }
        }
    }

    /// Measured: 1.27 ulp (x ≈ 0.70, where −ln 2 and log m cancel a little).
    @Test func logIsWithinTwoUlp() {
        var worst = 0.0
        for x in xs + stride(from: 0.5, through: 2.5, by: 1.0 / 65537).map({ $0 }) where x > 0 && x.isFinite {
            worst = max(worst, ulps(FastMath.log(x), Foundation.log(Wide(x))))
        }
        #expect(worst <= 2, "log: worst \(worst) ulp")
        #expect(FastMath.log(0) == -.infinity && FastMath.log(-0.0) == -.infinity && FastMath.log(-1).isNaN)
        #expect(FastMath.log(.infinity) == .infinity && FastMath.log(.nan).isNaN && FastMath.log(1) == 0)
        #expect(FastMath.log(.leastNonzeroMagnitude) == Foundation.log(Double.leastNonzeroMagnitude))
    }

    @Test func tensorsKeepTheirDtypeAndShape() throws {
        let x = try Tensor([0.5, 1, 2, 4, 8, 16]).reshaped([2, 3])
        for t in [x, x.converted(to: .float32)] {
            for y in [t.exp(), t.log(), t.sqrt(), t.tanh(), Activation.sigmoid.apply(t), Activation.silu.apply(t)] {
                #expect(y.dtype == t.dtype && y.shape == [2, 3])
            }
        }
        #expect(x.log().elements[1] == 0 && x.sqrt().elements[3] == 2)
    }
}

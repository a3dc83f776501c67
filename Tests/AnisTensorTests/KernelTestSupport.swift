// KernelTestSupport: what the CKernels tests share: the vector levels to run, distances in
// ulps from a long double reference, and dense grids of doubles and floats by bit pattern.
import Foundation
import CKernels
@testable import AnisTensor

/// The levels to run: every one up to the CPU's widest.
let kernelLevels = Array(Int32(ANIS_LEVEL_BASELINE)...ActivationKernel.cpuLevel)

#if arch(x86_64)
typealias Wide = Float80
#else
typealias Wide = Double  // no long double: "exact" is then glibc's double (within 1 ulp)
#endif

/// |a − exact| in ulps of the double nearest `exact` (subnormals in units of the least one).
func ulps(_ a: Double, _ exact: Wide) -> Double {
    let r = Double(exact)
    if a == r || (a.isNaN && r.isNaN) { return 0 }
    if !a.isFinite || !r.isFinite { return .infinity }
    return Double(abs(Wide(a) - exact)) / max(r.ulp, Double.leastNonzeroMagnitude)
}

func ulps(_ a: Float, _ exact: Wide) -> Double {
    let r = Float(exact)
    if a == r || (a.isNaN && r.isNaN) { return 0 }
    if !a.isFinite || !r.isFinite { return .infinity }
    return Double(abs(Wide(a) - exact)) / Double(max(r.ulp, Float.leastNonzeroMagnitude))
}

/// Every `stride`-th non-negative double up to `limit` by bit pattern, both signs.
func doubleGrid(limit: Double, stride: UInt64) -> [Double] {
    var xs: [Double] = [], bits: UInt64 = 0
    while Double(bitPattern: bits) <= limit { xs += [Double(bitPattern: bits), -Double(bitPattern: bits)]; bits += stride }
    return xs + Swift.stride(from: -2.0, through: 2.0, by: 1.0 / 8191).map { $0 }
}

func floatGrid(limit: Float, stride: UInt32) -> [Float] {
    var xs: [Float] = [], bits: UInt32 = 0
    while Float(bitPattern: bits) <= limit { xs += [Float(bitPattern: bits), -Float(bitPattern: bits)]; bits += stride }
    return xs + Swift.stride(from: Float(-2), through: 2, by: 1.0 / 8191).map { $0 }
}

/// The elements' bit patterns (a nan as 1, whatever its payload), for bit-identity checks.
func bitPatterns(_ t: Tensor) -> [UInt64] { t.elements.map { $0.isNaN ? 1 : $0.bitPattern } }

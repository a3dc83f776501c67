// FastMath: a branch-free exp that loops over buffers can vectorise. libm's exp is a
// call per element (about 10 ns here, more in its underflow path); softmax,
// log_softmax, GELU's derivative and `exp` of a tensor spent a tenth of a small
// transformer's training step in it.
//
// Algorithm (Cephes/SLEEF style): n = round(x·log2 e) by the 1.5·2⁵² shifter trick,
// r = x − n·ln 2 in two parts (|r| ≤ ½ ln 2), e^r by its Taylor polynomial of degree 13
// (truncation < 1e-17 relative) by Estrin's scheme, then 2ⁿ as two exponent-field
// factors so that overflow to inf comes out right without branches. Results below
// the smallest normal Double (x < −708.39) are flushed to 0: producing subnormals costs
// a microcode assist per element, and a causal attention mask (−1e9 above the
// diagonal) sends half of every softmax there.
// Accuracy: within 2 ulp of the correctly rounded value (tested against libm).

import CKernels

public enum FastMath {
    @usableFromInline static let log2e = 1.4426950408889634
    @usableFromInline static let ln2Hi = 0.6931471803691238      // fdlibm: ln 2 to 32 bits, so n·ln2Hi is exact
    @usableFromInline static let ln2Lo = 1.9082149292705877e-10  // ln 2 − ln2Hi
    @usableFromInline static let shifter = 6755399441055744.0    // 1.5·2⁵²: adding it rounds to an integer

    /// e^x for every Double: overflow gives inf, below e^−708.39 ≈ 2.2e-308 it is 0, nan stays nan.
    @inlinable @inline(__always) public static func exp(_ x: Double) -> Double {
        // Selects, not Swift.min/max (whose NaN rules add branches); nan is restored at the end.
        let lo = x < -708.39 ? -708.39 : x
        let xc = lo > 710.0 ? 710.0 : lo
        let t = xc * log2e + shifter
        let n = t - shifter
        let r = (xc - n * ln2Hi) - n * ln2Lo
        // Estrin's scheme: the same polynomial as Horner's rule, but a dependency chain of
        // 6 operations instead of 26, so consecutive elements overlap in the pipeline.
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let a01 = 1.0 + r, a23 = 0.5 + r * (1.0 / 6.0)
        let a45 = 1.0 / 24.0 + r * (1.0 / 120.0), a67 = 1.0 / 720.0 + r * (1.0 / 5040.0)
        let a89 = 1.0 / 40320.0 + r * (1.0 / 362880.0), a1011 = 1.0 / 3628800.0 + r * (1.0 / 39916800.0)
        let a1213 = 1.0 / 479001600.0 + r * (1.0 / 6227020800.0)
        let low = a01 + r2 * a23, mid = a45 + r2 * a67, high = a89 + r2 * a1011 + r4 * a1213
        let p = low + r4 * (mid + r4 * high)
        // The integer n sits in the low bits of t's pattern; 2ⁿ = 2^(n/2) · 2^(n − n/2).
        let k = Int64(bitPattern: t.bitPattern &- shifter.bitPattern)
        let k1 = k &>> 1, k2 = k &- k1
        let s1 = Double(bitPattern: UInt64(bitPattern: (k1 &+ 1023) &<< 52))
        let s2 = Double(bitPattern: UInt64(bitPattern: (k2 &+ 1023) &<< 52))
        let y = p * s1 * s2
        return x != x ? x : (x < -708.39 ? 0 : y)
    }

    /// dst[i] = e^(src[i] − shift) for i in 0..<count (a loop the compiler vectorises).
    @inline(__always) static func exp(_ src: UnsafePointer<Double>, minus shift: Double,
                                      into dst: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { dst[i] = exp(src[i] - shift) }
    }

    // tanh on |x| < 0.625: x + x·z·P(z)/Q(z), z = x², with Cephes's rational coefficients
    // (tanh.c); within 2 ulp there (checked against libm in FastMathTests).
    @usableFromInline static let tanhP0 = -9.64399179425052238628e-1
    @usableFromInline static let tanhP1 = -9.92877231001918586564e1
    @usableFromInline static let tanhP2 = -1.61468768441708447952e3
    @usableFromInline static let tanhQ0 = 1.12811678491632931402e2
    @usableFromInline static let tanhQ1 = 2.23548839060100448583e3
    @usableFromInline static let tanhQ2 = 4.84406305325125486048e3

    /// erfc(x), branch-free (CKernels/erfc.c): within 12 ulp of libm's (about 2e-15
    /// relative; ErfcTests), 1 − erfc within 8 ulp of erf for |x| ≥ ½.
    @inline(__always) public static func erfc(_ x: Double) -> Double { anis_erfc(x) }

    /// log(x), branch-free (CKernels/unary.c, the loop of `log` on tensors): within 2 ulp;
    /// log 0 = −inf, negative or nan inputs give nan.
    @inline(__always) public static func log(_ x: Double) -> Double { anis_log(x) }

    /// tanh(x), branch-free so tensor loops vectorise (libm's is a call per element):
    /// the rational form near 0, where 1 − 2/(e^(2|x|) + 1) would cancel, and that form
    /// (with x's sign) elsewhere; both are computed and one selected. Within 2 ulp of
    /// libm; ±inf gives ±1, nan stays nan.
    @inlinable @inline(__always) public static func tanh(_ x: Double) -> Double {
        let a = Swift.abs(x), z = x * x
        let p = (tanhP0 * z + tanhP1) * z + tanhP2
        let q = ((z + tanhQ0) * z + tanhQ1) * z + tanhQ2
        let small = a + a * z * p / q
        let large = 1 - 2 / (exp(2 * a) + 1)
        return Double(signOf: x, magnitudeOf: a < 0.625 ? small : large)  // odd; keeps −0
    }
}

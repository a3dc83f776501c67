// GeluKernel: GELU and its gradient for float32 tensors without libm's erf, which is a
// call per element and took a third of the float32 seed-002 training step (perf).
// Φ(x) = ½(1 + erf(x/√2)) from two least-squares polynomials fitted for this file
// (numpy, against scipy's erf/erfc), evaluated in Double, branch-free (both branches
// computed, one selected) so the tensor loops vectorise, and rounded to Float once:
//   |u| < 1, u = x/√2:  erf(u) = u·S(u²), S of degree 7 (relative error < 4e-11);
//   |u| ≥ 1:            erfc(|u|) = e^(−u²)·R(|u| − 3.5), R of degree 16 fitted on
//                       [1, 6] (relative error < 2e-9); |u| > 6 uses R(6), whose error
//                       only touches results below 1e-16·|x|.
// So GELU comes out within 0.53 float32 ulp of the exact value for |x| ≤ 8.4 (the
// tail erfc is computed directly, not as 1 + erf, so negative inputs keep their
// relative accuracy). float64 tensors go through CKernels' anis_gelu (Activation.gelu).
// The gradient φ′(x) = Φ(x) + x·e^(−x²/2)/√(2π) takes Φ from the forward result.

public enum GeluKernel {
    @usableFromInline static let s0 = 1.1283791670571419, s1 = -0.37612638426093881
    @usableFromInline static let s2 = 0.11283781840311803, s3 = -0.026865392170745073
    @usableFromInline static let s4 = 0.0052209233018358737, s5 = -0.00084825085204984696
    @usableFromInline static let s6 = 0.00011254643753188804, s7 = -9.6349934512192106e-06
    @usableFromInline static let r0 = 0.15529365550944516, r1 = -0.041323576446187227
    @usableFromInline static let r2 = 0.010661135078123865, r3 = -0.0026730857202213703
    @usableFromInline static let r4 = 0.00065268099956783138, r5 = -0.00015544264230517047
    @usableFromInline static let r6 = 3.618657233524139e-05, r7 = -8.2650160460092611e-06
    @usableFromInline static let r8 = 1.8359454497711541e-06, r9 = -3.8725161259442681e-07
    @usableFromInline static let r10 = 8.5706635396256889e-08, r11 = -2.2481714419807019e-08
    @usableFromInline static let r12 = 4.1483232826576661e-09, r13 = -6.705721995780121e-11
    @usableFromInline static let r14 = 6.5577000912279527e-11, r15 = -8.5729063543075808e-11
    @usableFromInline static let r16 = 1.4549917118324054e-11
    @usableFromInline static let invSqrt2 = 0.70710678118654752440
    @usableFromInline static let invSqrt2Pi = 0.39894228040143267794

    /// Φ(x) in Double. nan stays nan; ±inf give 1 and 0.
    @inlinable @inline(__always) static func cdf(_ x: Double) -> Double {
        let u = x * invSqrt2, z = u * u, a = Swift.abs(u)
        let e = FastMath.exp(-z)
        // Estrin's scheme (as FastMath.exp): short dependency chains, so consecutive
        // elements overlap in the pipeline.
        let z2 = z * z, z4 = z2 * z2
        let p = (s0 + s1 * z) + z2 * (s2 + s3 * z) + z4 * ((s4 + s5 * z) + z2 * (s6 + s7 * z))
        let small = 0.5 + 0.5 * u * p
        let t = (a > 6 ? 6 : a) - 3.5
        let t2 = t * t, t4 = t2 * t2, t8 = t4 * t4
        let r0to7 = (r0 + r1 * t) + t2 * (r2 + r3 * t) + t4 * ((r4 + r5 * t) + t2 * (r6 + r7 * t))
        let r8to15 = (r8 + r9 * t) + t2 * (r10 + r11 * t) + t4 * ((r12 + r13 * t) + t2 * (r14 + r15 * t))
        let r = r0to7 + t8 * (r8to15 + t8 * r16)
        let tail = 0.5 * e * r
        return a < 1 ? small : (u > 0 ? 1 - tail : tail)
    }

    /// GELU x·Φ(x) of every element of a float32 tensor.
    public static func forward(_ x: Tensor) -> Tensor {
        precondition(x.dtype == .float32, "GeluKernel.forward on a \(x.dtype) tensor")
        let out = x.uninitializedSameType()
        let px = UnsafePointer(x.buffer.typed(Float.self)), po = out.buffer.typed(Float.self)
        for i in 0..<x.count {
            let xi = Double(px[i])
            po[i] = Float(xi * cdf(xi))
        }
        return out
    }

    /// g ⊙ GELU′(x) for float32 x, its GELU y = x·Φ(x) (the forward result) and g, all of
    /// one shape (nil otherwise: the caller falls back to the general elementwise path,
    /// which broadcasts and promotes). Φ is read back as y/x (0.5 at x = 0) instead of
    /// recomputed: float32 y keeps Φ to an ulp, tails included, and only e^(−x²/2) is left.
    public static func backward(_ x: Tensor, y: Tensor, grad g: Tensor) -> Tensor? {
        guard x.dtype == .float32, y.dtype == .float32, g.dtype == .float32,
              x.shape == g.shape, y.shape == x.shape else { return nil }
        let out = x.uninitializedSameType()
        let px = UnsafePointer(x.buffer.typed(Float.self)), py = UnsafePointer(y.buffer.typed(Float.self))
        let pg = UnsafePointer(g.buffer.typed(Float.self)), po = out.buffer.typed(Float.self)
        for i in 0..<x.count {
            let xi = Double(px[i])
            let ratio = Double(py[i]) / xi  // computed unconditionally, then selected: the loop vectorises
            let phi = xi == 0 ? 0.5 : ratio
            po[i] = Float(Double(pg[i]) * (phi + xi * FastMath.exp(-0.5 * xi * xi) * invSqrt2Pi))
        }
        return out
    }
}

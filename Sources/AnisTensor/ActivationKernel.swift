// ActivationKernel: the activations whose elementwise loops live in CKernels (GELU, ELU,
// softplus), each computing the value and, when asked, the slope φ′ in the same pass
// (what autodiff keeps for the backward, which is then one product g ⊙ slope instead of a
// second pass of exponentials). libm's erf, expm1, log1p and exp are calls per element
// (GELU's took a third of a float32 training step); these loops vectorise at the CPU's
// width. float32 is computed in float arithmetic (sixteen lanes to an AVX-512 register);
// accuracy: GELU within 8 float32 ulp (erfcf.c) and 4 double ulp (gelu64.c), ELU and
// softplus within 2 ulp in either dtype (elu.c, softplus.c). A number goes through the same
// float64 loop as a tensor (n = 1), so both round alike.
import CKernels

public enum ActivationKernel: Sendable, Equatable {
    case gelu, elu(Double), softplus

    /// The kernel computing `act`, or nil when `act` has none (its loops are Swift's).
    public init?(_ act: Activation) {
        switch act {
        case .gelu: self = .gelu
        case .elu(let a): self = .elu(a)
        case .softplus: self = .softplus
        default: return nil
        }
    }

    /// The widest vector level this CPU runs (CKernels' ANIS_LEVEL_BASELINE, _AVX2, _AVX512).
    public static var cpuLevel: Int32 { anis_kernel_level() }

    /// φ of every element, in x's dtype, at vector `level` (lowered to what the CPU runs;
    /// every level gives the same bits — the tests run each).
    public func forward(_ x: Tensor, level: Int32 = ActivationKernel.cpuLevel) -> Tensor {
        let y = x.uninitializedSameType()
        run(x, y, nil, level: level)
        return y
    }

    /// φ(x) and φ′(x), both in x's dtype, from one pass.
    public func valueAndSlope(_ x: Tensor, level: Int32 = ActivationKernel.cpuLevel) -> (value: Tensor, slope: Tensor) {
        let y = x.uninitializedSameType(), s = x.uninitializedSameType()
        run(x, y, s, level: level)
        return (y, s)
    }

    /// φ and φ′ at one number, through the float64 loop.
    public func scalar(_ x: Double) -> (value: Double, slope: Double) {
        var x = x, value = 0.0, slope = 0.0
        run64(&x, &value, &slope, 1, level: Self.cpuLevel)
        return (value, slope)
    }

    /// Runs the loop over x's elements, split across the pool's threads (each element is
    /// computed alone, so the split does not change a bit).
    private func run(_ x: Tensor, _ y: Tensor, _ slope: Tensor?, level: Int32) {
        switch x.dtype {
        case .float64:
            let px = UnsafePointer(x.buffer.typed(Double.self)), py = y.buffer.typed(Double.self)
            let ps = slope?.buffer.typed(Double.self)
            Parallel.forEachElementChunk(x.count, cost: 4) { r in
                run64(px + r.lowerBound, py + r.lowerBound, ps.map { $0 + r.lowerBound }, r.count, level: level)
            }
        case .float32:
            let px = UnsafePointer(x.buffer.typed(Float.self)), py = y.buffer.typed(Float.self)
            let ps = slope?.buffer.typed(Float.self)
            Parallel.forEachElementChunk(x.count, cost: 4) { r in
                let (x, y, s, n) = (px + r.lowerBound, py + r.lowerBound, ps.map { $0 + r.lowerBound }, r.count)
                switch self {
                case .gelu: anis_gelu_f32_at(level, x, y, s, n)
                case .elu(let a): anis_elu_f32_at(level, x, y, s, n, a)
                case .softplus: anis_softplus_f32_at(level, x, y, s, n)
                }
            }
        }
    }

    private func run64(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ slope: UnsafeMutablePointer<Double>?,
                       _ n: Int, level: Int32) {
        switch self {
        case .gelu: anis_gelu_at(level, x, y, slope, n)
        case .elu(let a): anis_elu_f64_at(level, x, y, slope, n, a)
        case .softplus: anis_softplus_f64_at(level, x, y, slope, n)
        }
    }
}

// GeluKernel: GELU of a float32 tensor, and GELU with its slope in one pass for either
// dtype (what autodiff keeps for the backward, which is then one product g ⊙ slope
// instead of a second erfc), through CKernels' loops vectorised at the CPU's width
// (libm's erf is a call per element and took a third of the float32 seed-002 training
// step). float32 is computed in float arithmetic (erfcf.c, sixteen lanes to an AVX-512
// register), within 8 float32 ulp of the exact value; float64 is anis_gelu (erfc.c),
// the loop Activation.gelu runs, so values and slopes keep their bits.
import CKernels

public enum GeluKernel {
    /// GELU x·Φ(x) of every element of a float32 tensor.
    public static func forward(_ x: Tensor) -> Tensor {
        precondition(x.dtype == .float32, "GeluKernel.forward on a \(x.dtype) tensor")
        let out = x.uninitializedSameType()
        anis_gelu_f32(x.buffer.typed(Float.self), out.buffer.typed(Float.self), nil, x.count)
        return out
    }

    /// GELU(x) and GELU′(x) = Φ(x) + x·φ(x), both in x's dtype, from one pass.
    public static func valueAndSlope(_ x: Tensor) -> (value: Tensor, slope: Tensor) {
        let y = x.uninitializedSameType(), s = x.uninitializedSameType()
        switch x.dtype {
        case .float64: anis_gelu(x.buffer.typed(Double.self), y.buffer.typed(Double.self), s.buffer.typed(Double.self), x.count)
        case .float32: anis_gelu_f32(x.buffer.typed(Float.self), y.buffer.typed(Float.self), s.buffer.typed(Float.self), x.count)
        }
        return (y, s)
    }
}

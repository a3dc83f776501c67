// GeluKernel: GELU of a float32 tensor and GELU's gradient for either dtype, as one
// vectorised pass each through CKernels (libm's erf is a call per element and took a
// third of the float32 seed-002 training step; a Swift loop runs at the baseline
// two-double vector width, CKernels' at the CPU's). float32: computed in float arithmetic
// (erfcf.c, sixteen lanes to an AVX-512 register), within 8 float32 ulp of the exact
// value; float64 tensors' GELU is Activation.gelu's anis_gelu, and its gradient here
// rounds exactly as g times anis_gelu's slope.
import CKernels

public enum GeluKernel {
    /// GELU x·Φ(x) of every element of a float32 tensor.
    public static func forward(_ x: Tensor) -> Tensor {
        precondition(x.dtype == .float32, "GeluKernel.forward on a \(x.dtype) tensor")
        let out = x.uninitializedSameType()
        anis_gelu_f32(x.buffer.typed(Float.self), out.buffer.typed(Float.self), x.count)
        return out
    }

    /// g ⊙ GELU′(x) for x and g of one shape and dtype (nil otherwise: the caller falls back
    /// to the general elementwise path, which broadcasts and promotes).
    public static func backward(_ x: Tensor, grad g: Tensor) -> Tensor? {
        guard x.dtype == g.dtype, x.shape == g.shape else { return nil }
        let out = x.uninitializedSameType()
        switch x.dtype {
        case .float64:
            anis_gelu_backward(x.buffer.typed(Double.self), g.buffer.typed(Double.self), out.buffer.typed(Double.self), x.count)
        case .float32:
            anis_gelu_backward_f32(x.buffer.typed(Float.self), g.buffer.typed(Float.self), out.buffer.typed(Float.self), x.count)
        }
        return out
    }
}

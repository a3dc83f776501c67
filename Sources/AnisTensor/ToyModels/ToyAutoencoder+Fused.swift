// ToyAutoencoder+Fused: the float32 loss and gradients of a ReLU-output model in one fused
// pass (CKernels' anis_toy_relu_f32: 16 rows per vector, the products, the loss, the mask
// and the backward products without a gemm call or a second pass over the batch). The
// same math as lossAndGradientsBLAS, in float32 throughout (the loss summed in double),
// rounded in another order. float64 keeps its paths, so its numbers do not change.
import CKernels

extension ToyTrainer {
    /// Models with n·m at most this take the fused float32 pass (its per-lane gradient
    /// accumulators, 64·n·m bytes per weight matrix, stay in the L1/L2 caches); larger
    /// ones use sgemm, whose blocking wins at that size.
    public static var fusedLimit: Int { 1024 }

    /// Whether a trainer for `config` takes the fused pass: float32, ReLU on the output.
    static func usesFusedPath(_ config: ToyConfig) -> Bool {
        T.self == Float.self && config.activation == .pointwise(.relu) && config.placement == .output
            && config.n * config.m <= fusedLimit
    }

    /// Whether `lossAndGradients()` takes the fused float32 pass.
    public var usesFusedPath: Bool { fusedScratch != nil }

    /// The loss on the batch in `x` and its gradients in gwe/gwd/gb, by the fused pass
    /// (only for a trainer with `usesFusedPath`).
    @discardableResult
    public func lossAndGradientsFused() -> Double {
        guard let scratch = fusedScratch else { return lossAndGradientsBLAS() }
        func f(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> {
            UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
        }
        return anis_toy_relu_f32(f(x), config.batch, n, m, f(we), f(wd), f(b), f(importance),
                                 f(gwe), f(gwd), f(gb), scratch.assumingMemoryBound(to: Float.self))
    }
}

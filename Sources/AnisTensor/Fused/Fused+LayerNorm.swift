// Fused+LayerNorm: layer normalisation over the last axis with gain and bias,
// y = (x − mean) / √(var + eps) · gain + bias (biased variance, as PyTorch), in one
// pass over each row (the row stays in cache for its three short loops), saving only
// each row's mean and 1/σ for the backward, which is one pass too.
//
// The row loops are CKernels' (rows.c), per element type; sums, the mean and 1/σ are
// float64 for both, so a float32 row is normalised as accurately as its storage allows.
// Backward, with x̂ = (x − μ)·r and d = g ⊙ gain: dx = r·(d − mean(d) − x̂·mean(d ⊙ x̂)),
// dgain = Σ g ⊙ x̂ and dbias = Σ g over the rows (accumulated in float64).
import CKernels

extension Fused {
    /// What the backward of `layerNorm` needs: each row's mean and 1/√(var + eps).
    public struct LayerNormSaved: Sendable {
        let mean: [Double]
        let rstd: [Double]
    }

    /// The dtype of a fused op on `ts`: float32 when all are (NumPy's promotion), else float64.
    static func dtype(_ ts: Tensor...) -> DType {
        ts.allSatisfy { $0.dtype == .float32 } ? .float32 : .float64
    }

    static func checkLayerNorm(_ x: Tensor, _ gain: Tensor, _ bias: Tensor) throws(TensorError) -> Int {
        guard x.rank >= 1, let n = x.shape.last, n > 0 else {
            throw TensorError("layer_norm: x must have a non-empty last axis, got shape \(x.shapeDescription)")
        }
        for (name, t) in [("gain", gain), ("bias", bias)] where t.shape != [n] {
            throw TensorError("layer_norm: \(name) of shape \(t.shapeDescription) does not match the last axis of x (\(n))")
        }
        return n
    }

    /// Layer norm of `x` over its last axis, with `gain` and `bias` of that axis's length.
    /// Float32 when x, gain and bias all are.
    public static func layerNorm(_ x: Tensor, gain: Tensor, bias: Tensor, eps: Double) throws(TensorError) -> (Tensor, LayerNormSaved) {
        let n = try checkLayerNorm(x, gain, bias)
        guard eps >= 0 else { throw TensorError("layer_norm: eps must be ≥ 0, got \(Tensor.formatScalar(eps, precision: 6))") }
        let dt = dtype(x, gain, bias)
        let (x, gain, bias) = try (x.converted(to: dt, op: "layer_norm"), gain.converted(to: dt, op: "layer_norm"), bias.converted(to: dt, op: "layer_norm"))
        let rows = x.count / n
        let out = try Tensor(uninitializedShape: x.shape, dtype: dt, op: "layer_norm")
        var mean = [Double](repeating: 0, count: rows), rstd = [Double](repeating: 0, count: rows)
        mean.withUnsafeMutableBufferPointer { pm in
            rstd.withUnsafeMutableBufferPointer { pr in
                let (pm, pr) = (pm.baseAddress, pr.baseAddress)
                // Rows split across the pool's threads: each row is normalised alone.
                Parallel.forEachRowChunk(rows, rowLength: n, cost: 2) { r in
                    let (i, e, c) = (r.lowerBound, r.lowerBound * n, r.count)
                    switch dt {
                    case .float64:
                        anis_layer_norm_f64(x.buffer.typed(Double.self) + e, out.buffer.typed(Double.self) + e, c, n,
                                            gain.buffer.typed(Double.self), bias.buffer.typed(Double.self), eps, pm.map { $0 + i }, pr.map { $0 + i })
                    case .float32:
                        anis_layer_norm_f32(x.buffer.typed(Float.self) + e, out.buffer.typed(Float.self) + e, c, n,
                                            gain.buffer.typed(Float.self), bias.buffer.typed(Float.self), eps, pm.map { $0 + i }, pr.map { $0 + i })
                    }
                }
            }
        }
        return (out, LayerNormSaved(mean: mean, rstd: rstd))
    }

    /// Gradients of `layerNorm` with respect to x, gain and bias, given the output's gradient
    /// (in the forward's dtype).
    public static func layerNormBackward(_ x: Tensor, gain: Tensor, _ saved: LayerNormSaved, grad: Tensor) throws(TensorError) -> (Tensor, Tensor, Tensor) {
        let dt = dtype(x, gain)
        let (x, gain) = try (x.converted(to: dt, op: "layer_norm"), gain.converted(to: dt, op: "layer_norm"))
        let g = try grad.converted(to: dt, op: "layer_norm").broadcast(to: x.shape, op: "layer_norm")
        let n = gain.count, rows = saved.mean.count
        let dx = try Tensor(uninitializedShape: x.shape, dtype: dt, op: "layer_norm")
        let dgain = try Tensor.zeros([n]), dbias = try Tensor.zeros([n])
        saved.mean.withUnsafeBufferPointer { pm in
            saved.rstd.withUnsafeBufferPointer { pr in
                let (pm, pr) = (pm.baseAddress, pr.baseAddress)
                let (pg, pb) = (dgain.buffer.pointer, dbias.buffer.pointer)
                if Parallel.width == 1 {  // one pass for all three
                    switch dt {
                    case .float64:
                        anis_layer_norm_backward_f64(x.buffer.typed(Double.self), g.buffer.typed(Double.self), dx.buffer.typed(Double.self),
                                                     rows, n, gain.buffer.typed(Double.self), pm, pr, pg, pb)
                    case .float32:
                        anis_layer_norm_backward_f32(x.buffer.typed(Float.self), g.buffer.typed(Float.self), dx.buffer.typed(Float.self),
                                                     rows, n, gain.buffer.typed(Float.self), pm, pr, pg, pb)
                    }
                    return
                }
                // dx by rows; dgain and dbias by columns, so each column still sums its rows in
                // order: the same bits as the one pass above.
                Parallel.forEachRowChunk(rows, rowLength: n, cost: 2) { r in
                    let (i, e, c) = (r.lowerBound, r.lowerBound * n, r.count)
                    switch dt {
                    case .float64:
                        anis_layer_norm_backward_dx_f64(x.buffer.typed(Double.self) + e, g.buffer.typed(Double.self) + e, dx.buffer.typed(Double.self) + e,
                                                        c, n, gain.buffer.typed(Double.self), pm.map { $0 + i }, pr.map { $0 + i })
                    case .float32:
                        anis_layer_norm_backward_dx_f32(x.buffer.typed(Float.self) + e, g.buffer.typed(Float.self) + e, dx.buffer.typed(Float.self) + e,
                                                        c, n, gain.buffer.typed(Float.self), pm.map { $0 + i }, pr.map { $0 + i })
                    }
                }
                Parallel.forEachChunk(n, grain: Swift.max(1, Parallel.minimumChunkWork / Swift.max(rows, 1))) { k in
                    switch dt {
                    case .float64:
                        anis_layer_norm_param_grads_f64(x.buffer.typed(Double.self), g.buffer.typed(Double.self), rows, n,
                                                        k.lowerBound, k.upperBound, pm, pr, pg, pb)
                    case .float32:
                        anis_layer_norm_param_grads_f32(x.buffer.typed(Float.self), g.buffer.typed(Float.self), rows, n,
                                                        k.lowerBound, k.upperBound, pm, pr, pg, pb)
                    }
                }
            }
        }
        return try (dx, dgain.converted(to: dt, op: "layer_norm"), dbias.converted(to: dt, op: "layer_norm"))
    }
}

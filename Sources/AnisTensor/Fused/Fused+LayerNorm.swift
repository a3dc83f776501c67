// Fused+LayerNorm: layer normalisation over the last axis with gain and bias,
// y = (x − mean) / √(var + eps) · gain + bias (biased variance, as PyTorch), in one
// pass over each row (the row stays in cache for its three short loops), saving only
// each row's mean and 1/σ for the backward, which is one pass too.
//
// The numeric work is in the row kernels, over raw pointers, so that a float32
// variant is a copy with another element type.

extension Fused {
    /// What the backward of `layerNorm` needs: each row's mean and 1/√(var + eps).
    public struct LayerNormSaved: Sendable {
        let mean: [Double]
        let rstd: [Double]
    }

    /// One row: y = (x − μ)·r·gain + bias; returns (μ, r).
    @inline(__always) static func layerNormRow(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int,
                                               gain: UnsafePointer<Double>, bias: UnsafePointer<Double>, eps: Double) -> (Double, Double) {
        var s = 0.0
        for k in 0..<n { s += x[k] }
        let mu = s / Double(n)
        var ss = 0.0
        for k in 0..<n { let d = x[k] - mu; ss += d * d }
        let sd = (ss / Double(n) + eps).squareRoot()
        // Divides rather than multiplying by 1/σ: the same rounding as the primitive form.
        for k in 0..<n { y[k] = (x[k] - mu) / sd * gain[k] + bias[k] }
        return (mu, 1 / sd)
    }

    /// One row of the backward: with x̂ = (x − μ)·r and d = g ⊙ gain,
    /// dx = r·(d − mean(d) − x̂·mean(d ⊙ x̂)); dgain += g ⊙ x̂, dbias += g.
    @inline(__always) static func layerNormRowBackward(_ x: UnsafePointer<Double>, _ g: UnsafePointer<Double>,
                                                       _ dx: UnsafeMutablePointer<Double>, _ n: Int,
                                                       gain: UnsafePointer<Double>, mu: Double, r: Double,
                                                       dgain: UnsafeMutablePointer<Double>, dbias: UnsafeMutablePointer<Double>) {
        var sd = 0.0, sdx = 0.0
        for k in 0..<n {
            let xh = (x[k] - mu) * r, d = g[k] * gain[k]
            sd += d
            sdx += d * xh
            dgain[k] += g[k] * xh
            dbias[k] += g[k]
        }
        let md = sd / Double(n), mdx = sdx / Double(n)
        for k in 0..<n { dx[k] = r * (g[k] * gain[k] - md - (x[k] - mu) * r * mdx) }
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
    public static func layerNorm(_ x: Tensor, gain: Tensor, bias: Tensor, eps: Double) throws(TensorError) -> (Tensor, LayerNormSaved) {
        let n = try checkLayerNorm(x, gain, bias)
        guard eps >= 0 else { throw TensorError("layer_norm: eps must be ≥ 0, got \(Tensor.formatScalar(eps, precision: 6))") }
        let rows = x.count / n
        let out = try Tensor(uninitializedShape: x.shape, op: "layer_norm")
        var mean = [Double](repeating: 0, count: rows), rstd = [Double](repeating: 0, count: rows)
        let px = UnsafePointer(x.storage.pointer), po = out.storage.pointer
        let pg = UnsafePointer(gain.storage.pointer), pb = UnsafePointer(bias.storage.pointer)
        for i in 0..<rows {
            (mean[i], rstd[i]) = layerNormRow(px + i * n, po + i * n, n, gain: pg, bias: pb, eps: eps)
        }
        return (out, LayerNormSaved(mean: mean, rstd: rstd))
    }

    /// Gradients of `layerNorm` with respect to x, gain and bias, given the output's gradient.
    public static func layerNormBackward(_ x: Tensor, gain: Tensor, _ saved: LayerNormSaved, grad: Tensor) throws(TensorError) -> (Tensor, Tensor, Tensor) {
        let n = gain.count, rows = saved.mean.count
        let g = try grad.broadcast(to: x.shape, op: "layer_norm")
        let dx = try Tensor(uninitializedShape: x.shape, op: "layer_norm")
        let dgain = try Tensor.zeros([n]), dbias = try Tensor.zeros([n])
        let px = UnsafePointer(x.storage.pointer), pg = UnsafePointer(g.storage.pointer)
        let pgain = UnsafePointer(gain.storage.pointer)
        for i in 0..<rows {
            layerNormRowBackward(px + i * n, pg + i * n, dx.storage.pointer + i * n, n, gain: pgain,
                                 mu: saved.mean[i], r: saved.rstd[i],
                                 dgain: dgain.storage.pointer, dbias: dbias.storage.pointer)
        }
        return (dx, dgain, dbias)
    }
}

// Fused+LayerNorm: layer normalisation over the last axis with gain and bias,
// y = (x − mean) / √(var + eps) · gain + bias (biased variance, as PyTorch), in one
// pass over each row (the row stays in cache for its three short loops), saving only
// each row's mean and 1/σ for the backward, which is one pass too.
//
// The row kernels are generic over the element type (Float or Double); sums, the
// mean and 1/σ are float64 in both, so a float32 row is normalised as accurately as
// its storage allows.

extension Fused {
    /// What the backward of `layerNorm` needs: each row's mean and 1/√(var + eps).
    public struct LayerNormSaved: Sendable {
        let mean: [Double]
        let rstd: [Double]
    }

    /// One row: y = (x − μ)·r·gain + bias; returns (μ, r).
    @inline(__always) static func layerNormRow<T: TensorScalar>(_ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int,
                                                                gain: UnsafePointer<T>, bias: UnsafePointer<T>, eps: Double) -> (Double, Double) {
        var s = 0.0
        for k in 0..<n { s += x[k].double }
        let mu = s / Double(n)
        var ss = 0.0
        for k in 0..<n { let d = x[k].double - mu; ss += d * d }
        let sd = (ss / Double(n) + eps).squareRoot()
        // Divides rather than multiplying by 1/σ: the same rounding as the primitive form.
        for k in 0..<n { y[k] = T((x[k].double - mu) / sd * gain[k].double + bias[k].double) }
        return (mu, 1 / sd)
    }

    /// One row of the backward: with x̂ = (x − μ)·r and d = g ⊙ gain,
    /// dx = r·(d − mean(d) − x̂·mean(d ⊙ x̂)); dgain += g ⊙ x̂, dbias += g.
    /// dgain and dbias accumulate in float64 across rows.
    @inline(__always) static func layerNormRowBackward<T: TensorScalar>(_ x: UnsafePointer<T>, _ g: UnsafePointer<T>,
                                                                        _ dx: UnsafeMutablePointer<T>, _ n: Int,
                                                                        gain: UnsafePointer<T>, mu: Double, r: Double,
                                                                        dgain: UnsafeMutablePointer<Double>, dbias: UnsafeMutablePointer<Double>) {
        var sd = 0.0, sdx = 0.0
        for k in 0..<n {
            let gk = g[k].double
            let xh = (x[k].double - mu) * r, d = gk * gain[k].double
            sd += d
            sdx += d * xh
            dgain[k] += gk * xh
            dbias[k] += gk
        }
        let md = sd / Double(n), mdx = sdx / Double(n)
        for k in 0..<n { dx[k] = T(r * (g[k].double * gain[k].double - md - (x[k].double - mu) * r * mdx)) }
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
        switch dt {
        case .float64: return try layerNorm(Double.self, x, gain, bias, n, eps)
        case .float32: return try layerNorm(Float.self, x, gain, bias, n, eps)
        }
    }

    private static func layerNorm<T: TensorScalar>(_: T.Type, _ x: Tensor, _ gain: Tensor, _ bias: Tensor, _ n: Int, _ eps: Double) throws(TensorError) -> (Tensor, LayerNormSaved) {
        let rows = x.count / n
        let out = try Tensor(uninitializedShape: x.shape, dtype: T.dtype, op: "layer_norm")
        var mean = [Double](repeating: 0, count: rows), rstd = [Double](repeating: 0, count: rows)
        let px = UnsafePointer(x.buffer.typed(T.self)), po = out.buffer.typed(T.self)
        let pg = UnsafePointer(gain.buffer.typed(T.self)), pb = UnsafePointer(bias.buffer.typed(T.self))
        for i in 0..<rows {
            (mean[i], rstd[i]) = layerNormRow(px + i * n, po + i * n, n, gain: pg, bias: pb, eps: eps)
        }
        return (out, LayerNormSaved(mean: mean, rstd: rstd))
    }

    /// Gradients of `layerNorm` with respect to x, gain and bias, given the output's gradient
    /// (in the forward's dtype).
    public static func layerNormBackward(_ x: Tensor, gain: Tensor, _ saved: LayerNormSaved, grad: Tensor) throws(TensorError) -> (Tensor, Tensor, Tensor) {
        let dt = dtype(x, gain)
        let (x, gain) = try (x.converted(to: dt, op: "layer_norm"), gain.converted(to: dt, op: "layer_norm"))
        let g = try grad.converted(to: dt, op: "layer_norm").broadcast(to: x.shape, op: "layer_norm")
        switch dt {
        case .float64: return try layerNormBackward(Double.self, x, gain, saved, g)
        case .float32: return try layerNormBackward(Float.self, x, gain, saved, g)
        }
    }

    private static func layerNormBackward<T: TensorScalar>(_: T.Type, _ x: Tensor, _ gain: Tensor, _ saved: LayerNormSaved, _ g: Tensor) throws(TensorError) -> (Tensor, Tensor, Tensor) {
        let n = gain.count, rows = saved.mean.count
        let dx = try Tensor(uninitializedShape: x.shape, dtype: T.dtype, op: "layer_norm")
        let dgain = try Tensor.zeros([n]), dbias = try Tensor.zeros([n])
        let px = UnsafePointer(x.buffer.typed(T.self)), pg = UnsafePointer(g.buffer.typed(T.self))
        let pgain = UnsafePointer(gain.buffer.typed(T.self)), pdx = dx.buffer.typed(T.self)
        for i in 0..<rows {
            layerNormRowBackward(px + i * n, pg + i * n, pdx + i * n, n, gain: pgain,
                                 mu: saved.mean[i], r: saved.rstd[i],
                                 dgain: dgain.buffer.pointer, dbias: dbias.buffer.pointer)
        }
        return try (dx, dgain.converted(to: T.dtype, op: "layer_norm"), dbias.converted(to: T.dtype, op: "layer_norm"))
    }
}

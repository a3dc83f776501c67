// Fused+CrossEntropy: softmax cross-entropy against integer targets in one pass per
// row, without the one-hot matrix the primitive form (`log_softmax(z) * eye(V)[t]`)
// builds: the forward keeps only each row's log-sum-exp, and the backward writes
// softmax − onehot straight into the gradient.
//
// The row loops (log-sum-exp, the gradient) are CKernels' (rows.c), per element type;
// the log-sum-exp and the loss accumulate in float64 for float32 logits too.
import CKernels

/// Fused operations with hand-written gradients (layer norm, cross-entropy, attention,
/// gathers). Each has a forward that saves what its backward needs, and a backward.
public enum Fused {
    /// What the backward of `crossEntropy` needs: the checked targets, the weights
    /// divided by their total, and each row's log-sum-exp.
    public struct CrossEntropySaved: Sendable {
        let targets: [Int]
        let scale: [Double]
        let lse: [Double]
    }

    /// The mean (or `weights`-weighted mean) over positions of −log softmax(logits)[target],
    /// the softmax taken along the last axis. `targets` has the shape of `logits` without its
    /// last axis and holds integers in 0..<V; `weights`, if given, has the targets' shape.
    /// Weights summing to 0 give nan (nothing to average), as the primitive form does.
    public static func crossEntropy(_ logits: Tensor, targets: Tensor, weights: Tensor?) throws(TensorError) -> (Double, CrossEntropySaved) {
        guard logits.rank >= 1 else {
            throw TensorError("cross_entropy: logits must have a class axis (the last), got a number")
        }
        let v = logits.shape[logits.rank - 1]
        let rowsShape = Array(logits.shape.dropLast())
        guard targets.shape == rowsShape else {
            throw TensorError("cross_entropy: targets of shape \(targets.shapeDescription) do not match logits of shape \(logits.shapeDescription) (targets need the logits' shape without the last axis, \(Tensor.describe(rowsShape)))")
        }
        if let w = weights, w.shape != rowsShape {
            throw TensorError("cross_entropy: weights of shape \(w.shapeDescription) do not match targets of shape \(targets.shapeDescription)")
        }
        let rows = targets.count
        var ts = [Int](repeating: 0, count: rows)
        try targets.forEachElement { (i, d) throws(TensorError) in
            guard d.isFinite, d == d.rounded(), d >= 0, d < Double(v) else {
                throw TensorError("cross_entropy: target \(Tensor.formatScalar(d, precision: 6)) at position \(i) is not a class index in 0..<\(v)")
            }
            ts[i] = Int(d)
        }
        var scale = [Double](repeating: 1, count: rows)
        if let w = weights { for i in 0..<rows { scale[i] = w.element(i) } }
        let total = weights == nil ? Double(rows) : scale.reduce(0, +)
        for i in 0..<rows { scale[i] /= total }
        var lse = [Double](repeating: 0, count: rows)
        lse.withUnsafeMutableBufferPointer { pl in
            let pl = pl.baseAddress
            // Rows split across the pool's threads: each row's sum is computed alone.
            Parallel.forEachRowChunk(rows, rowLength: v, cost: 2) { r in
                let (i, e) = (r.lowerBound, r.lowerBound * v)
                switch logits.dtype {
                case .float64: anis_log_sum_exp_f64(logits.buffer.typed(Double.self) + e, r.count, v, pl.map { $0 + i })
                case .float32: anis_log_sum_exp_f32(logits.buffer.typed(Float.self) + e, r.count, v, pl.map { $0 + i })
                }
            }
        }
        var loss = 0.0
        func accumulate<T: TensorScalar>(_: T.Type) {
            let px = UnsafePointer(logits.buffer.typed(T.self))
            for i in 0..<rows where scale[i] != 0 { loss += scale[i] * (lse[i] - px[i * v + ts[i]].double) }
        }
        switch logits.dtype {
        case .float64: accumulate(Double.self)
        case .float32: accumulate(Float.self)
        }
        if rows == 0 || total == 0 { loss = .nan }
        return (loss, CrossEntropySaved(targets: ts, scale: scale, lse: lse))
    }

    /// The gradient of `crossEntropy` with respect to the logits (in their dtype), times the loss's gradient `g`.
    public static func crossEntropyBackward(_ logits: Tensor, _ saved: CrossEntropySaved, grad g: Double) throws(TensorError) -> Tensor {
        let out = try Tensor(uninitializedShape: logits.shape, dtype: logits.dtype, op: "cross_entropy")
        let v = logits.shape.last ?? 1, rows = saved.targets.count
        saved.targets.withUnsafeBufferPointer { pt in
            saved.lse.withUnsafeBufferPointer { pl in
                saved.scale.withUnsafeBufferPointer { ps in
                    let (pt, pl, ps) = (pt.baseAddress, pl.baseAddress, ps.baseAddress)
                    // Rows split across the pool's threads: each row's gradient is computed alone.
                    Parallel.forEachRowChunk(rows, rowLength: v, cost: 2) { r in
                        let (i, e, c) = (r.lowerBound, r.lowerBound * v, r.count)
                        switch logits.dtype {
                        case .float64:
                            anis_cross_entropy_backward_f64(logits.buffer.typed(Double.self) + e, out.buffer.typed(Double.self) + e, c, v,
                                                            pt.map { $0 + i }, pl.map { $0 + i }, ps.map { $0 + i }, g)
                        case .float32:
                            anis_cross_entropy_backward_f32(logits.buffer.typed(Float.self) + e, out.buffer.typed(Float.self) + e, c, v,
                                                            pt.map { $0 + i }, pl.map { $0 + i }, ps.map { $0 + i }, g)
                        }
                    }
                }
            }
        }
        return out
    }
}

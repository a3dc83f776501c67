// Fused+CrossEntropy: softmax cross-entropy against integer targets in one pass per
// row, without the one-hot matrix the primitive form (`log_softmax(z) * eye(V)[t]`)
// builds: the forward keeps only each row's log-sum-exp, and the backward writes
// softmax − onehot straight into the gradient.
//
// The row kernels (`logSumExp`, `crossEntropyRowBackward`) are generic over the element
// type; the log-sum-exp and the loss accumulate in float64 for float32 logits too.

import Glibc

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

    /// log Σₖ e^(p[k]) for one row, shifted by its maximum so it never overflows.
    @inline(__always) static func logSumExp<T: TensorScalar>(_ p: UnsafePointer<T>, _ n: Int) -> Double {
        var m = -Double.infinity
        for k in 0..<n { m = Swift.max(m, p[k].double) }
        if !m.isFinite { return m }
        var total = 0.0
        for k in 0..<n { total += FastMath.exp(p[k].double - m) }
        return m + log(total)
    }

    /// dst = scale · (softmax(x) − onehot(t)) for one row, from the row's log-sum-exp.
    @inline(__always) static func crossEntropyRowBackward<T: TensorScalar>(_ x: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>,
                                                                           _ n: Int, target t: Int, lse: Double, scale: Double) {
        for k in 0..<n { dst[k] = T(scale * FastMath.exp(x[k].double - lse) - (k == t ? scale : 0)) }
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
        let pt = UnsafePointer(targets.storage.pointer)
        for i in 0..<rows {
            let d = pt[i]
            guard d.isFinite, d == d.rounded(), d >= 0, d < Double(v) else {
                throw TensorError("cross_entropy: target \(Tensor.formatScalar(d, precision: 6)) at position \(i) is not a class index in 0..<\(v)")
            }
            ts[i] = Int(d)
        }
        var scale = [Double](repeating: 1, count: rows)
        if let w = weights { w.withUnsafeBufferPointer { p in for i in 0..<rows { scale[i] = p[i] } } }
        let total = weights == nil ? Double(rows) : scale.reduce(0, +)
        for i in 0..<rows { scale[i] /= total }
        var lse = [Double](repeating: 0, count: rows)
        var loss = 0.0
        func accumulate<T: TensorScalar>(_: T.Type) {
            let px = UnsafePointer(logits.buffer.typed(T.self))
            for i in 0..<rows {
                let row = px + i * v
                lse[i] = logSumExp(row, v)
                if scale[i] != 0 { loss += scale[i] * (lse[i] - row[ts[i]].double) }
            }
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
        switch logits.dtype {
        case .float64: return try crossEntropyBackward(Double.self, logits, saved, grad: g)
        case .float32: return try crossEntropyBackward(Float.self, logits, saved, grad: g)
        }
    }

    private static func crossEntropyBackward<T: TensorScalar>(_: T.Type, _ logits: Tensor, _ saved: CrossEntropySaved, grad g: Double) throws(TensorError) -> Tensor {
        let out = try Tensor(uninitializedShape: logits.shape, dtype: T.dtype, op: "cross_entropy")
        let v = logits.shape.last ?? 1
        let px = UnsafePointer(logits.buffer.typed(T.self)), po = out.buffer.typed(T.self)
        for i in 0..<saved.targets.count {
            crossEntropyRowBackward(px + i * v, po + i * v, v, target: saved.targets[i],
                                    lse: saved.lse[i], scale: g * saved.scale[i])
        }
        return out
    }
}

// Tensor+Creation: constructors for constant, identity and evenly spaced tensors
// (zeros, ones, full, eye, linspace, arange), all size-checked before allocating.

extension Tensor {
    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) throws(TensorError) -> Tensor {
        try Tensor(shape: shape, repeating: 0, op: "zeros")
    }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) throws(TensorError) -> Tensor {
        try Tensor(shape: shape, repeating: 1, op: "ones")
    }

    /// A tensor with every element `value`.
    public static func full(_ shape: [Int], _ value: Double) throws(TensorError) -> Tensor {
        try Tensor(shape: shape, repeating: value, op: "full")
    }

    /// The `n`×`m` identity-like matrix (`m` defaults to `n`): ones on the main diagonal.
    public static func eye(_ n: Int, _ m: Int? = nil) throws(TensorError) -> Tensor {
        let cols = m ?? n
        let out = try Tensor(shape: [n, cols], repeating: 0, op: "eye")
        let po = out.storage.pointer
        for i in 0..<Swift.min(n, cols) { po[i * cols + i] = 1 }
        return out
    }

    /// `n` evenly spaced values from `a` to `b` inclusive (the last is exactly `b`).
    public static func linspace(_ a: Double, _ b: Double, _ n: Int) throws(TensorError) -> Tensor {
        guard n >= 0 else { throw TensorError("linspace: number of points must be non-negative, got \(n)") }
        let out = try Tensor(uninitializedShape: [n], op: "linspace")
        let po = out.storage.pointer
        if n == 1 { po[0] = a }
        if n >= 2 {
            let step = (b - a) / Double(n - 1)
            for i in 0..<(n - 1) { po[i] = a + Double(i) * step }
            po[n - 1] = b
        }
        return out
    }

    /// `start, start+step, …` up to but excluding `stop`: ceil((stop-start)/step) values.
    public static func arange(_ start: Double, _ stop: Double, _ step: Double = 1) throws(TensorError) -> Tensor {
        guard step != 0 else { throw TensorError("arange: step must not be zero") }
        guard start.isFinite, stop.isFinite, step.isFinite else {
            throw TensorError("arange: start, stop and step must be finite")
        }
        let c = ((stop - start) / step).rounded(.up)
        guard !c.isNaN else { throw TensorError("arange: start, stop and step must be finite") }
        let n: Int
        if c <= 0 {
            n = 0
        } else if c >= Double(Tensor.maxElements) {
            throw TensorError("arange: \(Tensor.formatScalar(c, precision: 4)) elements are too many for memory (at most \(Tensor.maxElements))")
        } else {
            n = Int(c)
        }
        let out = try Tensor(uninitializedShape: [n], op: "arange")
        let po = out.storage.pointer
        for i in 0..<n { po[i] = start + Double(i) * step }
        return out
    }

    /// `0, 1, …, n-1`.
    public static func arange(_ n: Int) throws(TensorError) -> Tensor {
        try arange(0, Double(n), 1)
    }
}

// Activation functions on tensors, with elementwise derivatives (pointwise ones) and
// vector–Jacobian products (softmax, log-softmax, SoLU, isotropic) for autodiff.
import CKernels
import Glibc

/// A pointwise activation φ applied to every element.
public enum Activation: Sendable, Equatable {
    case identity, relu, leakyRelu(Double), gelu, geluTanh, silu, sigmoid, tanh, softplus, elu(Double)

    /// Names accepted by `init?(name:parameter:)`.
    public static let names = ["identity", "linear", "relu", "leaky_relu", "gelu", "gelu_tanh", "silu", "swish",
                               "sigmoid", "tanh", "softplus", "elu"]

    /// Looks an activation up by its user-facing name; `parameter` is the slope p of leaky_relu
    /// (default 0.01) or the α of elu (default 1).
    public init?(name: String, parameter: Double? = nil) {
        switch name {
        case "identity", "linear": self = .identity
        case "relu": self = .relu
        case "leaky_relu": self = .leakyRelu(parameter ?? 0.01)
        case "gelu": self = .gelu
        case "gelu_tanh": self = .geluTanh
        case "silu", "swish": self = .silu
        case "sigmoid": self = .sigmoid
        case "tanh": self = .tanh
        case "softplus": self = .softplus
        case "elu": self = .elu(parameter ?? 1)
        default: return nil
        }
    }

    /// User-facing name, with the parameter for leaky_relu and elu (`leaky_relu(0.2)`).
    public var name: String {
        switch self {
        case .identity: "identity"
        case .relu: "relu"
        case .leakyRelu(let p): "leaky_relu(\(p))"
        case .gelu: "gelu"
        case .geluTanh: "gelu_tanh"
        case .silu: "silu"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .softplus: "softplus"
        case .elu(let a): "elu(\(a))"
        }
    }

    // MARK: scalar kernels

    private static let sqrt2OverPi = (2 / Double.pi).squareRoot()

    /// Logistic σ(x) = 1/(1+e^(−x)). Branch-free so sigmoid and silu loops vectorise: for
    /// x ≪ 0, e^(−x) overflows to inf and σ is 0 (the true value is below 1e-308 there);
    /// elsewhere each step is within an ulp or two, as the two-branch form was.
    @inline(__always) static func logistic(_ x: Double) -> Double { 1 / (1 + FastMath.exp(-x)) }

    @inline(__always) static func geluTanhInner(_ x: Double) -> Double { sqrt2OverPi * (x + 0.044715 * x * x * x) }

    /// φ(x).
    @inline(__always) public func scalar(_ x: Double) -> Double {
        switch self {
        case .identity: return x
        case .relu: return x > 0 ? x : 0
        case .leakyRelu(let p): return x > 0 ? x : p * x
        case .gelu: return Self.gelu(x).value
        case .geluTanh: return 0.5 * x * (1 + FastMath.tanh(Self.geluTanhInner(x)))
        case .silu: return x * Self.logistic(x)
        case .sigmoid: return Self.logistic(x)
        case .tanh: return FastMath.tanh(x)
        case .softplus: return ActivationKernel.softplus.scalar(x).value
        case .elu(let a): return ActivationKernel.elu(a).scalar(x).value
        }
    }

    /// φ′(x). At the kinks of relu/leaky_relu/elu (x = 0) the left-hand value is used.
    @inline(__always) public func scalarDerivative(_ x: Double) -> Double {
        switch self {
        case .identity: return 1
        case .relu: return x > 0 ? 1 : 0
        case .leakyRelu(let p): return x > 0 ? 1 : p
        case .gelu: return Self.gelu(x).slope
        case .geluTanh:
            let t = FastMath.tanh(Self.geluTanhInner(x))
            return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * Self.sqrt2OverPi * (1 + 3 * 0.044715 * x * x)
        case .silu:
            let s = Self.logistic(x)
            return s * (1 + x * (1 - s))
        case .sigmoid:
            let s = Self.logistic(x)
            return s * (1 - s)
        case .tanh:
            let t = FastMath.tanh(x)
            return 1 - t * t
        case .softplus: return ActivationKernel.softplus.scalar(x).slope
        case .elu(let a): return ActivationKernel.elu(a).scalar(x).slope
        }
    }

    // MARK: tensor kernels

    /// Keeps the dtype (`Tensor.map`: a float32 element is computed in float64 and rounded once).
    @inline(__always) private static func map(_ x: Tensor, _ f: (Double) -> Double) -> Tensor { x.map(f) }

    /// GELU and its slope at one number, through the tensor kernel (so both round alike).
    @inline(__always) static func gelu(_ x: Double) -> (value: Double, slope: Double) { ActivationKernel.gelu.scalar(x) }

    /// φ applied to every element.
    public func apply(_ x: Tensor) -> Tensor {
        switch self {
        case .identity: return x
        case .relu: return x.unaryKernel(anis_relu_f64, anis_relu_f32)  // vectorised
        case .leakyRelu(let p): return Self.map(x) { $0 > 0 ? $0 : p * $0 }
        case .gelu: return ActivationKernel.gelu.forward(x)  // CKernels' loops, vectorised
        case .softplus: return ActivationKernel.softplus.forward(x)
        case .elu(let a): return ActivationKernel.elu(a).forward(x)
        case .geluTanh: return Self.map(x) { 0.5 * $0 * (1 + FastMath.tanh(Self.geluTanhInner($0))) }
        case .silu: return x.unaryKernel(anis_silu_f64, anis_silu_f32)  // logistic's algorithm, vectorised
        case .sigmoid: return x.unaryKernel(anis_sigmoid_f64, anis_sigmoid_f32)
        case .tanh: return x.tanh()
        }
    }

    /// φ′ applied to every element (the diagonal of the Jacobian).
    public func derivative(_ x: Tensor) -> Tensor {
        switch self {
        case .identity: return Self.map(x) { _ in 1 }
        case .relu: return Self.map(x) { $0 > 0 ? 1 : 0 }
        case .leakyRelu(let p): return Self.map(x) { $0 > 0 ? 1 : p }
        case .gelu: return ActivationKernel.gelu.valueAndSlope(x).slope
        case .softplus: return ActivationKernel.softplus.valueAndSlope(x).slope
        case .elu(let a): return ActivationKernel.elu(a).valueAndSlope(x).slope
        default: return Self.map(x) { self.scalarDerivative($0) }
        }
    }
}

// MARK: non-pointwise activations

extension Activation {
    /// The tensor viewed as outer × n × inner around `axis` (negative axes count from the end).
    private static func layout(_ shape: [Int], axis: Int, op: String) throws(TensorError) -> (Int, Int, Int) {
        let r = Swift.max(shape.count, 1)
        let ax = axis < 0 ? axis + r : axis
        guard ax >= 0 && ax < r else {
            throw TensorError("\(op): axis \(axis) is out of range for shape \(Tensor.describe(shape))")
        }
        if shape.isEmpty { return (1, 1, 1) }
        let outer = shape[..<ax].reduce(1, *), inner = shape[(ax + 1)...].reduce(1, *)
        return (outer, shape[ax], inner)
    }

    private static func sameShape(_ a: Tensor, _ b: Tensor, op: String) throws(TensorError) {
        guard a.shape == b.shape else {
            throw TensorError("\(op): shapes \(a.shapeDescription) and \(b.shapeDescription) differ")
        }
    }

    /// Runs `body(base, stride)` once per line along the axis, the lines split across the
    /// pool's threads (each line is computed alone, so the split does not change a bit).
    @inline(__always) private static func forEachLine(_ l: (Int, Int, Int), _ body: (Int, Int) -> Void) {
        let (outer, n, inner) = l
        Parallel.forEachRowChunk(outer * inner, rowLength: n, cost: 2) { lines in
            for line in lines { body((line / inner) * n * inner + line % inner, inner) }
        }
    }

    /// softmax(x)ᵢ = e^(xᵢ − max x) / Σⱼ e^(xⱼ − max x) along `axis` (default last).
    public static func softmax(_ x: Tensor, axis: Int = -1) throws(TensorError) -> Tensor {
        let l = try layout(x.shape, axis: axis, op: "softmax"), n = l.1
        let out = Tensor(shape: x.shape, storage: try TensorStorage.checked(x.count, shape: x.shape, op: "softmax"))
        let src = try x.widenedStorage(op: "softmax").pointer, dst = out.storage.pointer
        forEachLine(l) { base, s in
            var m = -Double.infinity
            for k in 0..<n { m = Swift.max(m, src[base + k * s]) }
            if s == 1 {
                FastMath.exp(src + base, minus: m, into: dst + base, count: n)  // vectorised
            } else {
                for k in 0..<n { dst[base + k * s] = FastMath.exp(src[base + k * s] - m) }
            }
            var total = 0.0
            for k in 0..<n { total += dst[base + k * s] }
            let inv = 1 / total
            for k in 0..<n { dst[base + k * s] *= inv }
        }
        return out
    }

    /// log_softmax(x)ᵢ = xᵢ − max x − log Σⱼ e^(xⱼ − max x) along `axis`.
    public static func logSoftmax(_ x: Tensor, axis: Int = -1) throws(TensorError) -> Tensor {
        let l = try layout(x.shape, axis: axis, op: "log_softmax"), n = l.1
        let out = Tensor(shape: x.shape, storage: try TensorStorage.checked(x.count, shape: x.shape, op: "log_softmax"))
        let src = try x.widenedStorage(op: "log_softmax").pointer, dst = out.storage.pointer
        forEachLine(l) { base, s in
            var m = -Double.infinity
            for k in 0..<n { m = Swift.max(m, src[base + k * s]) }
            var total = 0.0
            for k in 0..<n { total += FastMath.exp(src[base + k * s] - m) }
            let shift = m + log(total)
            for k in 0..<n { dst[base + k * s] = src[base + k * s] - shift }
        }
        return out
    }

    /// VJP of softmax given its output y: dx = y ⊙ (g − Σ g⊙y).
    public static func softmaxBackward(y: Tensor, grad: Tensor, axis: Int = -1) throws(TensorError) -> Tensor {
        try sameShape(y, grad, op: "softmax_backward")
        let l = try layout(y.shape, axis: axis, op: "softmax_backward"), n = l.1
        let out = Tensor(shape: y.shape, storage: try TensorStorage.checked(y.count, shape: y.shape, op: "softmax"))
        let yp = try y.widenedStorage(op: "softmax").pointer, g = try grad.widenedStorage(op: "softmax").pointer, dst = out.storage.pointer
        forEachLine(l) { base, s in
            var dot = 0.0
            for k in 0..<n { dot += g[base + k * s] * yp[base + k * s] }
            for k in 0..<n { let j = base + k * s; dst[j] = yp[j] * (g[j] - dot) }
        }
        return out
    }

    /// VJP of log_softmax given its output y: dx = g − e^y · Σ g.
    public static func logSoftmaxBackward(y: Tensor, grad: Tensor, axis: Int = -1) throws(TensorError) -> Tensor {
        try sameShape(y, grad, op: "log_softmax_backward")
        let l = try layout(y.shape, axis: axis, op: "log_softmax_backward"), n = l.1
        let out = Tensor(shape: y.shape, storage: try TensorStorage.checked(y.count, shape: y.shape, op: "log_softmax"))
        let yp = try y.widenedStorage(op: "log_softmax").pointer, g = try grad.widenedStorage(op: "log_softmax").pointer, dst = out.storage.pointer
        forEachLine(l) { base, s in
            var total = 0.0
            for k in 0..<n { total += g[base + k * s] }
            for k in 0..<n { let j = base + k * s; dst[j] = g[j] - FastMath.exp(yp[j]) * total }
        }
        return out
    }

    /// SoLU: x ⊙ softmax(x) along the last axis.
    public static func solu(_ x: Tensor) throws(TensorError) -> Tensor {
        let out = try softmax(x, axis: -1)
        let src = try x.widenedStorage(op: "solu").pointer, dst = out.storage.pointer
        for i in 0..<x.count { dst[i] *= src[i] }
        return out
    }

    /// VJP of SoLU at x: with s = softmax(x), dxᵢ = gᵢsᵢ + sᵢ(gᵢxᵢ − Σⱼ gⱼxⱼsⱼ).
    public static func soluBackward(x: Tensor, grad: Tensor) throws(TensorError) -> Tensor {
        try sameShape(x, grad, op: "solu_backward")
        let out = try softmax(x, axis: -1)  // s, then overwritten line by line with dx
        let n = x.rank == 0 ? 1 : x.shape[x.rank - 1]
        let xp = try x.widenedStorage(op: "solu").pointer, g = try grad.widenedStorage(op: "solu").pointer, d = out.storage.pointer
        var base = 0
        while base < x.count {
            var dot = 0.0
            for k in base..<(base + n) { dot += g[k] * xp[k] * d[k] }
            for k in base..<(base + n) { d[k] = d[k] * (g[k] + g[k] * xp[k] - dot) }
            base += n
        }
        return out
    }

    /// Isotropic activation: each row x (last axis; a 1-D tensor is one row) maps to f(‖x‖)·x/‖x‖; ‖x‖ = 0 gives 0.
    public static func isotropic(_ f: Activation, _ x: Tensor) -> Tensor {
        let n = x.rank == 0 ? 1 : x.shape[x.rank - 1]
        let out = Tensor(shape: x.shape, storage: TensorStorage(uninitializedCount: x.count))
        let src = x.storage.pointer, dst = out.storage.pointer
        var base = 0
        while base < x.count {
            var r2 = 0.0
            for k in base..<(base + n) { r2 += src[k] * src[k] }
            let r = r2.squareRoot()
            let scale = r > 0 ? f.scalar(r) / r : 0
            for k in base..<(base + n) { dst[k] = src[k] * scale }
            base += n
        }
        return out
    }

    /// VJP of `isotropic(f, x)`: with r = ‖x‖ and h(r) = f(r)/r, dx = h·g + (h′(r)/r)(x·g)x,
    /// h′ = (f′(r)·r − f(r))/r². At r = 0 the gradient is f′(0)·g when f(0) = 0 (the limit), else 0.
    public static func isotropicBackward(_ f: Activation, x: Tensor, grad: Tensor) throws(TensorError) -> Tensor {
        try sameShape(x, grad, op: "isotropic_backward")
        let n = x.rank == 0 ? 1 : x.shape[x.rank - 1]
        let out = Tensor(shape: x.shape, storage: try TensorStorage.checked(x.count, shape: x.shape, op: "isotropic"))
        let xp = try x.widenedStorage(op: "isotropic").pointer, g = try grad.widenedStorage(op: "isotropic").pointer, d = out.storage.pointer
        let atZero = f.scalar(0) == 0 ? f.scalarDerivative(0) : 0
        var base = 0
        while base < x.count {
            var r2 = 0.0, xg = 0.0
            for k in base..<(base + n) { r2 += xp[k] * xp[k]; xg += xp[k] * g[k] }
            let r = r2.squareRoot()
            if r > 0 {
                let fr = f.scalar(r), h = fr / r
                let c = (f.scalarDerivative(r) * r - fr) / (r2 * r) * xg
                for k in base..<(base + n) { d[k] = h * g[k] + c * xp[k] }
            } else {
                for k in base..<(base + n) { d[k] = atZero * g[k] }
            }
            base += n
        }
        return out
    }
}

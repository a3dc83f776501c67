// Builtins+Activations: activation functions as built-ins and first-class function
// values (`[relu, tanh]`, `map(acts, f -> f(H))`), plus the function builders
// `leaky(p)`, `isotropic(f)` and `deriv(f)`.
//
// Which activation a function value is (needed by `deriv`, `isotropic` and later by
// autodiff) is read from the built-in's name with `Builtins.activationKind(of:)`:
// fixed names (`relu`, `softmax`) and the names of the built-ins made at run time,
// `leaky_relu(0.2)`, `elu(0.5)`, `isotropic(relu)`, whose parameter is written with
// the shortest text that reads back to the same Double, so the lookup is exact.
import AnisTensor

/// What an activation function value computes, for `deriv`, `isotropic` and autodiff.
enum ActivationKind: Equatable {
    /// φ applied to every element.
    case pointwise(Activation)
    /// softmax along an axis (the `softmax` built-in takes `axis:`; -1 by default).
    case softmax
    case logSoftmax
    /// x ⊙ softmax(x) along the last axis.
    case solu
    /// f(‖x‖)·x/‖x‖ per row.
    case isotropic(Activation)
}

extension Builtins {
    /// The activation a function value computes, or nil for any other function.
    /// Only built-ins are recognised (a user `fn relu(x)` is not the built-in `relu`).
    static func activationKind(of f: Function) -> ActivationKind? {
        guard case .builtin(let b) = f.kind else { return nil }
        return activationKind(named: b.name)
    }

    static func activationKind(named name: String) -> ActivationKind? {
        switch name {
        case "softmax": return .softmax
        case "log_softmax": return .logSoftmax
        case "solu": return .solu
        default: break
        }
        if let act = Activation(name: name) { return .pointwise(act) }
        // `base(arg)`: leaky_relu(p), elu(alpha), isotropic(inner).
        guard name.hasSuffix(")"), let open = name.firstIndex(of: "(") else { return nil }
        let base = String(name[..<open])
        let arg = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
        switch base {
        case "leaky_relu", "elu":
            guard let p = Double(arg), p.isFinite else { return nil }
            return Activation(name: base, parameter: p).map { .pointwise($0) }
        case "isotropic":
            guard case .pointwise(let inner)? = activationKind(named: arg) else { return nil }
            return .isotropic(inner)
        default:
            return nil
        }
    }

    /// Shortest text that reads back to the same Double; integral values without ".0".
    static func exactText(_ x: Double) -> String {
        let s = x.description
        return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
    }

    /// The user-facing name of a pointwise activation, parseable by `activationKind(named:)`.
    static func activationName(_ act: Activation) -> String {
        switch act {
        case .leakyRelu(let p): "leaky_relu(\(exactText(p)))"
        case .elu(let a): "elu(\(exactText(a)))"
        default: act.name
        }
    }

    /// Applies φ to a number (giving a number) or a tensor (elementwise).
    private static func applyPointwise(_ a: Arguments, _ act: Activation, derivative: Bool = false) throws -> Value {
        let v = try a.value(0)
        if v.isScalarLike, let d = v.scalar {
            return .number(derivative ? act.scalarDerivative(d) : act.scalar(d))
        }
        let t = try a.tensor(0)
        try t.reserveCopy(op: a.builtin.name)
        return .tensor(derivative ? act.derivative(t) : act.apply(t))
    }

    /// A one-argument pointwise activation built-in.
    private static func pointwise(_ act: Activation, name: String? = nil, doc: String, example: String) -> Builtin {
        Builtin(name ?? act.name, "x", topic: .activation, dtypes: .native, doc: doc, example: example) { a in
            try applyPointwise(a, act)
        }
    }

    /// A function value for φ with its parameter fixed (`leaky_relu(0.2)`), made at run time.
    static func pointwiseFunction(_ act: Activation) -> Function {
        let name = activationName(act)
        return Function(builtin: Builtin(name, "x", topic: .activation, dtypes: .native,
                                         doc: "The activation \(name), applied elementwise (made by leaky(p)).") { a in
            try applyPointwise(a, act)
        })
    }

    /// The derivative φ′ as a function value named `relu'`.
    static func derivativeFunction(_ act: Activation) -> Function {
        let name = activationName(act) + "'"
        return Function(builtin: Builtin(name, "x", topic: .activation, dtypes: .native,
                                         doc: "The derivative of \(activationName(act)), elementwise (made by deriv).") { a in
            try applyPointwise(a, act, derivative: true)
        })
    }

    /// f(‖x‖)·x/‖x‖ per row as a function value named `isotropic(relu)`.
    static func isotropicFunction(_ act: Activation) -> Function {
        let name = "isotropic(\(activationName(act)))"
        return Function(builtin: Builtin(name, "x", topic: .activation,
                                         doc: "The isotropic form of \(activationName(act)): each row x (last axis) maps to f(‖x‖)·x/‖x‖ (made by isotropic).") { a in
            let v = try a.value(0)
            if v.isScalarLike, let d = v.scalar {
                let r = Swift.abs(d)
                return .number(r > 0 ? act.scalar(r) * (d / r) : 0)
            }
            let t = try a.tensor(0)
            try t.reserveCopy(op: a.builtin.name)
            return .tensor(Activation.isotropic(act, t))
        })
    }

    /// The activation named by argument `i` (a function value), or a clear error.
    private static func activationArgument(_ a: Arguments, _ i: Int) throws -> (Function, ActivationKind) {
        let v = try a.value(i)
        guard case .function(let f) = v else { throw a.fail(i, "must be an activation function such as relu, got \(v.typeDescription)") }
        guard let kind = activationKind(of: f) else {
            throw RuntimeError("\(a.builtin.name): '\(f.name)' is not a built-in activation (activations: \(activationList))")
        }
        return (f, kind)
    }

    static let activationList = "identity, linear, relu, leaky_relu, gelu, gelu_tanh, silu, sigmoid, tanh, softplus, elu, softmax, log_softmax, solu"

    static let activations: [Builtin] = [
        pointwise(.identity, doc: "The identity activation: identity(x) = x. The same as linear.",
                  example: "identity([-1, 2])  # [-1, 2]"),
        pointwise(.identity, name: "linear", doc: "The linear (identity) activation: linear(x) = x. Its name is \"linear\", for labels.",
                  example: "linear(-3)  # -3"),
        pointwise(.relu, doc: "Rectified linear unit, elementwise: relu(x) = max(x, 0). Derivative 1 for x > 0, else 0.",
                  example: "relu([-1, 0, 2])  # [0, 0, 2]"),
        Builtin("leaky_relu", "x, p: 0.01", topic: .activation, dtypes: .native,
                doc: "Leaky ReLU, elementwise: x for x > 0, p·x otherwise. p = 0 is relu, p = 1 is linear. leaky(p) gives it as a one-argument function value.",
                example: "leaky_relu([-2, 3], p: 0.1)  # [-0.2, 3]") { a in
            try applyPointwise(a, .leakyRelu(try a.number(1)))
        },
        Builtin("leaky", "p", topic: .activation,
                doc: "The leaky-ReLU function with slope p fixed, as a function value named leaky_relu(p) (for lists of activations, deriv and isotropic).",
                example: "f = leaky(0.2); f(-1)  # -0.2") { a in
            let p = try a.number(0)
            guard p.isFinite else { throw a.fail(0, "must be a finite number, got \(exactText(p))") }
            return .function(pointwiseFunction(.leakyRelu(p)))
        },
        pointwise(.gelu, doc: "Gaussian error linear unit (exact), elementwise: gelu(x) = x·Φ(x) = ½·x·(1 + erf(x/√2)).",
                  example: "gelu(1)  # 0.8413"),
        pointwise(.geluTanh, doc: "GELU, tanh approximation, elementwise: ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).",
                  example: "gelu_tanh(1)  # 0.8412"),
        pointwise(.silu, doc: "SiLU (swish), elementwise: silu(x) = x·sigmoid(x) = x/(1 + e^(−x)).",
                  example: "silu(1)  # 0.7311"),
        pointwise(.sigmoid, doc: "Logistic sigmoid, elementwise: 1/(1 + e^(−x)), computed without overflow.",
                  example: "sigmoid(0)  # 0.5"),
        pointwise(.tanh, doc: "Hyperbolic tangent, elementwise: (eˣ − e^(−x))/(eˣ + e^(−x)).",
                  example: "tanh(0)  # 0"),
        pointwise(.softplus, doc: "Softplus, elementwise: log(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)) so it never overflows: x itself for x ≫ 0, eˣ (down to the subnormals) for x ≪ 0. A vectorised kernel within 2 ulp (float32 in float arithmetic, within 2 float32 ulp). Its derivative is sigmoid.",
                  example: "softplus(0)  # 0.6931"),
        Builtin("elu", "x, alpha: 1", topic: .activation, dtypes: .native,
                doc: "Exponential linear unit, elementwise: x for x > 0, alpha·(eˣ − 1) otherwise. eˣ − 1 comes from a vectorised kernel within 1.5 ulp (no cancellation near 0), the result within 2 ulp (float32 in float arithmetic, alpha rounded to float32). Derivative 1 for x > 0, alpha·eˣ otherwise.",
                example: "elu(-1)  # -0.6321") { a in
            try applyPointwise(a, .elu(try a.number(1)))
        },
        Builtin("softmax", "x, axis: -1", topic: .activation,
                doc: "Softmax along an axis (the last by default): e^(xᵢ − max x) / Σⱼ e^(xⱼ − max x); each slice sums to 1. A number gives 1.",
                example: "softmax([1, 2, 3])  # [0.09, 0.2447, 0.6652]") { a in
            let axis = try a.int(1)
            let v = try a.value(0)
            if v.isScalarLike { return .number(1) }
            return .tensor(try Activation.softmax(try a.tensor(0), axis: axis))
        },
        Builtin("log_softmax", "x, axis: -1", topic: .activation,
                doc: "Logarithm of softmax along an axis, computed stably: xᵢ − max x − log Σⱼ e^(xⱼ − max x). A number gives 0.",
                example: "exp(log_softmax([1, 2, 3]))  # softmax") { a in
            let axis = try a.int(1)
            let v = try a.value(0)
            if v.isScalarLike { return .number(0) }
            return .tensor(try Activation.logSoftmax(try a.tensor(0), axis: axis))
        },
        Builtin("solu", "x", topic: .activation,
                doc: "Softmax linear unit: solu(x) = x ⊙ softmax(x), the softmax taken along the last (feature) axis, so each row is scaled separately. A number x gives x.",
                example: "solu([1, 2, 3])") { a in
            let v = try a.value(0)
            if v.isScalarLike, let d = v.scalar { return .number(d) }
            return .tensor(try Activation.solu(try a.tensor(0)))
        },
        Builtin("isotropic", "f", topic: .activation,
                doc: "The isotropic form of a pointwise activation f, as a new function: each row x (the last axis; a vector is one row) maps to f(‖x‖)·x/‖x‖, and a zero row to 0. Its name is isotropic(f), e.g. isotropic(relu).",
                example: "g = isotropic(relu); g([3, 4])  # [3, 4]; g.name  # \"isotropic(relu)\"") { a in
            let (f, kind) = try activationArgument(a, 0)
            guard case .pointwise(let act) = kind else {
                throw RuntimeError("isotropic: '\(f.name)' is not a pointwise activation (isotropic needs one of identity, relu, leaky_relu, gelu, gelu_tanh, silu, sigmoid, tanh, softplus, elu)")
            }
            return .function(isotropicFunction(act))
        },
        Builtin("deriv", "f", topic: .activation,
                doc: "The derivative φ′ of a pointwise activation φ, as a new elementwise function named with a prime (relu'). At the kinks of relu, leaky_relu and elu (x = 0) the left-hand value is used. softmax, log_softmax, solu and isotropic activations have Jacobians, not elementwise derivatives, and are an error.",
                example: "d = deriv(tanh); d(0)  # 1; d.name  # \"tanh'\"") { a in
            let (f, kind) = try activationArgument(a, 0)
            guard case .pointwise(let act) = kind else {
                throw RuntimeError("deriv: '\(f.name)' is not a pointwise activation; its derivative is a Jacobian, not elementwise")
            }
            return .function(derivativeFunction(act))
        },
    ]
}

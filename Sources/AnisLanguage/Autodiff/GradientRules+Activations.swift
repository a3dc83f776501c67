// GradientRules+Activations: the rules of the activation built-ins (fixed names and
// run-time ones such as `leaky_relu(0.2)`), split from GradientRules.swift. Pointwise
// activations backpropagate g·φ′(x) in one pass; gelu, elu and softplus reuse the
// slope their forward kernel computed in the same pass.
import AnisTensor

extension GradientRules {
    /// Any activation built-in (fixed names and run-time ones such as `leaky_relu(0.2)`, `isotropic(tanh)`).
    static func activation(_ kind: ActivationKind, _ c: BuiltinCall) throws -> Value {
        switch kind {
        case .pointwise(let act): return try pointwise(act)(c)
        case .softmax:
            let axis = c.args.count > 1 ? try c.plain.int(1) : -1
            return try unary { _, y, g in try Activation.softmaxBackward(y: y, grad: g, axis: axis) }(c)
        case .logSoftmax:
            let axis = c.args.count > 1 ? try c.plain.int(1) : -1
            return try unary { _, y, g in try Activation.logSoftmaxBackward(y: y, grad: g, axis: axis) }(c)
        case .solu:
            return try unary { x, _, g in try Activation.soluBackward(x: x, grad: g) }(c)
        case .isotropic(let act):
            return try unary { x, _, g in try Activation.isotropicBackward(act, x: x, grad: g) }(c)
        }
    }

    /// φ applied elementwise: g·φ′(x), fused into one pass (from the output for sigmoid and tanh).
    static func pointwise(_ act: Activation) -> Rule {
        switch act {
        case .identity: return unary { _, _, g in g }
        case .relu: return unary { x, _, g in try zip2(g, x, "relu") { $1 > 0 ? $0 : 0 } }
        case .leakyRelu(let p): return unary { x, _, g in try zip2(g, x, "leaky_relu") { $1 > 0 ? $0 : p * $0 } }
        case .tanh: return unary { _, y, g in try zip2(g, y, "tanh") { $0 * (1 - $1 * $1) } }
        case .sigmoid: return unary { _, y, g in try zip2(g, y, "sigmoid") { $0 * $1 * (1 - $1) } }
        case .gelu, .elu, .softplus:
            // The forward keeps φ′ from its own pass (ActivationKernel); the backward is g ⊙ slope.
            guard let kernel = ActivationKernel(act) else { break }
            let numbers: Rule = unary { x, _, g in try zip2(g, act.derivative(x), act.name, *) }
            return { c in
                try c.requireConstant(except: [0])
                guard let n = try c.tensorNode(0), n.value.rank > 0 else { return try numbers(c) }
                try n.value.reserveCopy(op: c.name)
                let (y, slope) = kernel.valueAndSlope(n.value)
                return result(c.name, y, n.tape) { g in try n.accumulate(try Tensor.mul(g, slope)) }
            }
        default: break
        }
        return unary { x, _, g in try zip2(g, x, act.name) { $0 * act.scalarDerivative($1) } }
    }
}

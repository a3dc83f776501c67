// Builtins+Autodiff: grad, value_and_grad, jacobian, vjp, jvp, tap and
// stop_gradient. `grad(f)` and `value_and_grad(f)` return new function values
// (named `grad(f)`) that differentiate f each time they are called.
import AnisTensor

extension Builtins {
    /// A function value that runs `body` on its positional arguments.
    static func derivedFunction(_ name: String, doc: String, _ body: @escaping (Arguments, [Value]) throws -> Value) -> Function {
        Function(builtin: Builtin(name, "args...", topic: .autodiff, doc: doc) { a in
            try body(a, try a.list(0))
        })
    }

    static let autodiff: [Builtin] = [
        Builtin("grad", "f, argnums: 0", topic: .autodiff,
                doc: "The gradient of a scalar-valued function, as a new function: grad(f)(x) is ∂f/∂x at x, shaped like x. x may be a number, a tensor, or a list or record of them (model parameters), and the gradient has the same structure (none for fields that are not numbers or tensors). f may be any anis function — loops, ifs and calls included — built from differentiable operations. argnums picks the argument (an index) or arguments (a list of indices, giving a list of gradients). f must return a number; anything else, or a non-differentiable operation on a differentiated value, is an error naming it.",
                example: "fn f(x) = sum(x ^ 2)\ngrad(f)([1, 2, 3])  # [2, 4, 6]\ngrad((W, x) -> sum(tanh(x @ W)), argnums: [0, 1])(randn(3, 2), randn(3))") { a in
            let f = try a.function(0)
            let which = try a.value(1)
            let name = "grad(\(f.name))"
            return .function(derivedFunction(name, doc: "The gradient of \(f.name) (made by grad).") { inner, args in
                let (idx, single) = try Differentiate.argnums(which, count: args.count, what: name)
                let r = try Differentiate.run(f, args, indices: idx, hasAux: false, what: name, interpreter: inner.interpreter)
                return single ? r.grads[0] : .list(r.grads)
            })
        },
        Builtin("value_and_grad", "f, argnums: 0, has_aux: false, taps: false", topic: .autodiff,
                doc: "Like grad, but the new function returns [value, gradient] from one evaluation: loss, g = value_and_grad(f)(params). With has_aux: true, f returns [loss, aux] and the result is [loss, gradient, aux] (aux is any value, e.g. hidden states or accuracy). With taps: true a record {name: {value, grad}} of every tap(x, name) made during the call is appended: the gradient of the loss with respect to intermediate values.",
                example: "fn loss(p, x, y) = mean((tanh(x @ p.W + p.b) - y) ^ 2)\np = {W: randn(3, 2), b: zeros(2)}\nl, g = value_and_grad(loss)(p, randn(8, 3), randn(8, 2))") { a in
            let f = try a.function(0)
            let which = try a.value(1)
            let hasAux = try a.bool(2), withTaps = try a.bool(3)
            let name = "value_and_grad(\(f.name))"
            return .function(derivedFunction(name, doc: "The value and gradient of \(f.name) (made by value_and_grad).") { inner, args in
                let (idx, single) = try Differentiate.argnums(which, count: args.count, what: name)
                let r = try Differentiate.run(f, args, indices: idx, hasAux: hasAux, what: name, interpreter: inner.interpreter)
                var out: [Value] = [r.value, single ? r.grads[0] : .list(r.grads)]
                if hasAux { out.append(r.aux ?? .none) }
                if withTaps { out.append(r.taps) }
                return .list(out)
            })
        },
        Builtin("jacobian", "f, x", topic: .autodiff,
                doc: "The Jacobian of f at x, by reverse mode (one backward pass per output element): for f from shape (n) to shape (m) it is the m×n matrix J[i, j] = ∂fᵢ/∂xⱼ (rows are outputs); in general its shape is shape(f(x)) + shape(x).",
                example: "W = randn(4, 3); x = randn(3)\nJ = jacobian(v -> tanh(W @ v), x)  # equals diag(1 - tanh(W @ x)^2) @ W") { a in
            let f = try a.function(0)
            let (_, J, _) = try Differentiate.jacobian(f, try a.value(1), what: "jacobian", interpreter: a.interpreter)
            return wrap(J)
        },
        Builtin("vjp", "f, x, v", topic: .autodiff,
                doc: "Vector–Jacobian product: [f(x), vᵀ·J] from one forward and one backward pass, where v has the shape of f(x) and the result the shape of x. grad is vjp with v = 1.",
                example: "y, g = vjp(x -> x ^ 2, [1, 2, 3], [1, 0, 0])  # g = [2, 0, 0]") { a in
            let f = try a.function(0)
            let x = try a.value(1)
            let v = try a.tensor(2)
            let tape = Tape()
            a.interpreter.autodiff.tapes.append(tape)
            defer { a.interpreter.autodiff.tapes.removeLast(); tape.close() }
            let tracked = try Differentiate.track(x, on: tape, what: "vjp")
            let y = try a.interpreter.call(f, [tracked])
            if case .tracked(let n) = y, n.tape === tape {
                guard v.shape == n.value.shape || v.count == n.value.count else {
                    throw RuntimeError("vjp: v has shape \(v.shapeDescription) but f(x) has shape \(n.value.shapeDescription)")
                }
                try tape.backward(from: n, seed: try v.reshaped(n.value.shape))
            }
            return .list([y.detached, try Differentiate.gradients(tracked)])
        },
        Builtin("jvp", "f, x, v", topic: .autodiff,
                doc: "Jacobian–vector product: [f(x), J·v], the directional derivative of f at x along v (v shaped like x, the result like f(x)). Computed from the Jacobian, so it costs one backward pass per output element: fine for the small maps of geometry experiments.",
                example: "y, d = jvp(x -> x ^ 2, [1, 2, 3], [1, 1, 1])  # d = [2, 4, 6]") { a in
            let f = try a.function(0)
            let x = try a.value(1)
            let v = try a.tensor(2)
            let (y, J, outShape) = try Differentiate.jacobian(f, x, what: "jvp", interpreter: a.interpreter)
            let n = v.count, m = outShape.reduce(1, *)
            guard n * m == J.count else {
                throw RuntimeError("jvp: v has \(n) elements but x has \(m == 0 ? 0 : J.count / Swift.max(m, 1))")
            }
            let d = try Tensor.matmul(try J.reshaped([m, n]), try v.reshaped([n]))
            return .list([y, wrap(try d.reshaped(outShape))])
        },
        Builtin("tap", "x, name", topic: .autodiff,
                doc: "Marks an intermediate value inside a function being differentiated: returns x unchanged, and value_and_grad(f, taps: true) reports x and the gradient of the loss with respect to it under name (e.g. a hidden state). Outside differentiation it does nothing.",
                example: "fn f(p, x) { h = tap(tanh(x @ p.W), \"h\"); sum(h ^ 2) }\nl, g, t = value_and_grad(f, taps: true)({W: randn(3, 4)}, randn(5, 3))\nt.h.grad  # dl/dh, shape (5, 4)") { a in
            let x = try a.value(0)
            let name = try a.string(1)
            if let n = x.liveNode {
                if n.tape.taps.contains(where: { $0.name == name }) {
                    throw RuntimeError("tap: the name '\(name)' is already used in this evaluation")
                }
                n.keepsGrad = true
                n.tape.taps.append((name, n))
            }
            return x
        },
        Builtin("stop_gradient", "x", topic: .autodiff,
                doc: "x as a constant: no gradient flows back through it (lists and records are handled element by element). Outside differentiation it returns x.",
                example: "grad(x -> x * stop_gradient(x))(3)  # 3, not 6") { a in
            try a.value(0).detached
        },
    ]
}

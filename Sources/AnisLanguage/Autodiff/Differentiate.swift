// Differentiate: one reverse-mode evaluation of a function. The chosen arguments
// (tensors, numbers, or lists and records of them) become leaves on a new tape,
// the function runs through the interpreter, and the backward pass leaves the
// gradients on the leaves, which are read back in the arguments' structure.
import AnisTensor

/// What one differentiated call produced.
struct Differentiated {
    /// The function's output (its first element when it has aux outputs), plain.
    var value: Value
    /// One gradient per differentiated argument, shaped like it.
    var grads: [Value]
    /// The aux output (has_aux), plain.
    var aux: Value?
    /// `tap(x, name)` values and gradients: {name: {value, grad}}.
    var taps: Value
}

enum Differentiate {
    /// Wraps tensors and numbers in `v` (recursively through lists and records) as leaves on `tape`.
    static func track(_ v: Value, on tape: Tape, what: String) throws -> Value {
        switch v {
        case .number(let d): return .tracked(tape.leaf(Tensor(scalar: d)))
        case .tensor(let t): return .tracked(tape.leaf(t))
        case .tracked(let t):
            if t.tape.isOpen {
                throw RuntimeError("\(what): nested differentiation (differentiating with respect to a value that is already being differentiated) is not supported")
            }
            return .tracked(tape.leaf(t.value))
        case .list(let xs): return .list(try xs.map { try track($0, on: tape, what: what) })
        case .record(let r):
            return .record(Record(Array(zip(r.keys, try r.values.map { try track($0, on: tape, what: what) }))))
        default: return v  // strings, functions, bools, none: not differentiated
        }
    }

    /// The gradients of the leaves in `v`, in its structure; `none` where nothing was differentiated.
    static func gradients(_ v: Value) throws -> Value {
        switch v {
        case .tracked(let t):
            let g = try t.grad ?? Tensor.zeros(t.value.shape)
            return g.rank == 0 ? .number(g.scalarValue ?? 0) : .tensor(g)
        case .list(let xs): return .list(try xs.map(gradients))
        case .record(let r): return .record(Record(Array(zip(r.keys, try r.values.map(gradients)))))
        default: return .none
        }
    }

    /// `argnums`: one index (an int) or several (a list), checked against the argument count.
    static func argnums(_ v: Value, count: Int, what: String) throws -> (indices: [Int], single: Bool) {
        let single: Bool
        var items: [Value]
        switch v {
        case .list(let xs): items = xs; single = false
        case .tensor(let t) where t.rank == 1: items = t.elements.map { .number($0) }; single = false
        default: items = [v]; single = true
        }
        var out: [Int] = []
        for item in items {
            guard let d = item.scalar, let i = exactInt(d) else {
                throw RuntimeError("\(what): argnums must be an integer or a list of integers, got \(item.typeDescription)")
            }
            let j = i < 0 ? i + count : i
            guard j >= 0 && j < count else {
                throw RuntimeError("\(what): argnums \(i) is out of range for a call with \(count) argument\(count == 1 ? "" : "s")")
            }
            out.append(j)
        }
        return (out, single)
    }

    /// Runs `f(args)` with the arguments at `indices` tracked; requires a scalar output and
    /// returns the value and the gradients of it.
    static func run(_ f: Function, _ args: [Value], indices: [Int], hasAux: Bool, what: String,
                    interpreter: Interpreter) throws -> Differentiated {
        let tape = Tape()
        interpreter.autodiff.tapes.append(tape)
        defer {
            interpreter.autodiff.tapes.removeLast()
            tape.close()
        }
        var callArgs = args
        for i in indices { callArgs[i] = try track(args[i], on: tape, what: what) }
        var output = try interpreter.call(f, callArgs)
        var aux: Value?
        if hasAux {
            // `[loss, aux]` with a numeric aux is a 2-element tensor by the bracket rule;
            // `return loss, aux` is a list. Both mean the same here.
            if case .list(let parts) = output, parts.count == 2 {
                output = parts[0]
                aux = parts[1].detached
            } else if let pair = output.iterated(), pair.count == 2, output.isTensorLike {
                output = pair[0]
                aux = pair[1].detached
            } else {
                throw RuntimeError("\(what): with has_aux: true the function must return [loss, aux] (or `return loss, aux`), got \(output.typeDescription)")
            }
        }
        let node = try scalarOutput(output, tape: tape, what: what)
        if let node {
            try tape.backward(from: node, seed: try Tensor(shape: node.value.shape, repeating: 1))
        }
        var taps = Record()
        for (name, n) in tape.taps {
            let g = try n.grad ?? Tensor.zeros(n.value.shape)
            taps[name] = .record(Record([("value", n.plain), ("grad", g.rank == 0 ? .number(g.scalarValue ?? 0) : .tensor(g))]))
        }
        return Differentiated(value: output.detached, grads: try indices.map { try gradients(callArgs[$0]) },
                              aux: aux, taps: .record(taps))
    }

    /// The output's node when it is a tracked one-element value on `tape`; nil when the output
    /// does not depend on the inputs (its gradient is zero); an error for a non-scalar output.
    static func scalarOutput(_ output: Value, tape: Tape, what: String) throws -> Tracked? {
        switch output {
        case .tracked(let t) where t.tape === tape:
            guard t.value.count == 1 else {
                throw RuntimeError("\(what): the function must return a number (a scalar loss), got a tensor of shape \(t.value.shapeDescription); reduce it with sum or mean, or use jacobian")
            }
            return t
        case .number, .bool: return nil
        case .tensor(let t) where t.count == 1: return nil
        default:
            throw RuntimeError("\(what): the function must return a number (a scalar loss), got \(output.typeDescription)\(output.isList ? "; with several outputs use has_aux: true and return [loss, aux]" : "")")
        }
    }

    /// The Jacobian of `f` at `x`: shape output.shape + x.shape (rows are outputs), one backward pass per output element.
    static func jacobian(_ f: Function, _ x: Value, what: String, interpreter: Interpreter) throws -> (Value, Tensor, [Int]) {
        guard x.isScalarLike || { if case .tensor = x { true } else { false } }() else {
            throw RuntimeError("\(what): x must be a tensor or a number, got \(x.typeDescription)")
        }
        let tape = Tape()
        interpreter.autodiff.tapes.append(tape)
        defer {
            interpreter.autodiff.tapes.removeLast()
            tape.close()
        }
        let xt = try x.toTensor()
        let leaf = tape.leaf(xt)
        let output = try interpreter.call(f, [.tracked(leaf)])
        let outShape: [Int]
        let node: Tracked?
        switch output {
        case .tracked(let t) where t.tape === tape: node = t; outShape = t.value.shape
        default:
            guard let t = try? output.detached.toTensor() else {
                throw RuntimeError("\(what): the function must return a tensor or a number, got \(output.typeDescription)")
            }
            node = nil; outShape = t.shape
        }
        let m = outShape.reduce(1, *), n = xt.count
        var J = try Tensor.zeros(outShape + xt.shape)
        if let node {
            for i in 0..<m {
                var seed = try Tensor.zeros(outShape)
                seed.withUnsafeMutableBufferPointer { $0[i] = 1 }
                try tape.backward(from: node, seed: seed)
                guard let g = leaf.grad else { continue }
                let pg = UnsafePointer(try g.widenedStorage(op: "jacobian").pointer)
                J.withUnsafeMutableBufferPointer { pj in
                    for k in 0..<n { pj[i * n + k] = pg[k] }
                }
            }
        }
        return (output.detached, J, outShape)
    }
}

extension Value {
    var isList: Bool {
        if case .list = self { return true }
        return false
    }

    /// A tensor, plain or being differentiated.
    var isTensorLike: Bool {
        switch self {
        case .tensor, .tracked: return true
        default: return false
        }
    }
}

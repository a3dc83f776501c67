// Autodiff: where tracked values enter the rest of the language. Operators,
// indexing, `.T`/`x'`, `[a, b]` literals and built-in calls send any tracked
// operand here (their untracked paths are unchanged); each entry point computes
// the forward value with the ordinary tensor code and records the gradient rule
// from GradientRules.swift on the operand's tape.
import AnisTensor

enum Autodiff {
    /// The error for a tracked value reaching code that would silently drop its gradient.
    static func unsupported(_ what: String, _ v: Value) -> RuntimeError {
        RuntimeError("grad: \(what) is not differentiable (it was given a \(v.typeDescription) that is being differentiated)")
    }

    /// The forward value of an operand: a node's value, or a constant converted to a tensor.
    @inline(__always) static func operand(_ v: Value) throws -> Tensor {
        if case .tracked(let t) = v { return t.value }
        return try v.toTensor()
    }

    /// The tape of the live operands; two different open tapes mean nested differentiation.
    static func tape(_ nodes: [Tracked?]) throws -> Tape? {
        var tape: Tape?
        for case let n? in nodes {
            if let t = tape, t !== n.tape {
                throw RuntimeError("grad: nested differentiation (differentiating a function that itself calls grad on the outer variable) is not supported")
            }
            tape = n.tape
        }
        return tape
    }

    // MARK: hooks

    /// `l op r` where either side is tracked (called from Operators.binary).
    static func binary(_ op: BinaryOp, _ l: Value, _ r: Value) throws -> Value {
        let a = l.liveNode, b = r.liveNode
        guard a != nil || b != nil, GradientRules.isDifferentiable(op) else {
            return try Operators.binary(op, l.detached, r.detached)
        }
        guard let tape = try tape([a, b]) else { return try Operators.binary(op, l.detached, r.detached) }
        return try GradientRules.binary(op, try operand(l), try operand(r), a, b, tape)
    }

    /// `-x` for a tracked x.
    static func negate(_ v: Value) throws -> Value {
        guard let n = v.liveNode else { return try Operators.unary(.negate, v.detached) }
        return GradientRules.negate(n)
    }

    /// `x.T`, `x'` and `transpose(x)` for a tracked x.
    static func transpose(_ v: Value) throws -> Value {
        guard let n = v.liveNode else { return Value.tensor(try v.detached.toTensor().transposed()) }
        return try GradientRules.transpose(n, axes: nil)
    }

    /// `x[...]` for a tracked x.
    static func index(_ v: Value, _ index: [IndexValue]) throws -> Value {
        let plainIndex = try constantIndex(index)
        guard let n = v.liveNode else { return try Indexing.get(v.detached, plainIndex) }
        return try GradientRules.index(n, try Indexing.specs(plainIndex, for: n.value),
                                       gathered: { try Indexing.gatheredShape(plainIndex, flat: $0) })
    }

    /// `x[...] = v` where x or v is tracked: the tensor with the selection replaced.
    static func assign(_ container: Value, _ index: [IndexValue], _ newValue: Value) throws -> Value {
        let c = container.liveNode, v = newValue.liveNode
        let plainIndex = try constantIndex(index)
        guard let tape = try tape([c, v]) else {
            var plain = container.detached
            try Indexing.set(&plain, plainIndex, newValue.detached)
            return plain
        }
        let base = try operand(container)
        let specs = try Indexing.specs(plainIndex, for: base)
        let gathered = try Indexing.gatheredShape(plainIndex, flat: try base.selectionShape(specs))
        return try GradientRules.assign(base, specs, try operand(newValue), c, v, tape, gathered: gathered)
    }

    /// `[a, b, ...]` with a tracked item: the items stacked (numbers count as rank 0).
    static func bracket(_ items: [Value]) throws(RuntimeError) -> Value {
        // The plain rules: all scalars → a vector; tensors of one shape → stacked; anything else → a list.
        func shape(_ v: Value) -> [Int]? {
            switch v {
            case .number, .bool: return []
            case .tensor(let t): return t.shape
            case .tracked(let t): return t.value.shape
            default: return nil
            }
        }
        guard let first = items.first.flatMap(shape), items.allSatisfy({ shape($0) == first }) else { return .list(items) }
        do {
            return try GradientRules.stack(items, axis: 0, op: "[...]")
        } catch let e as RuntimeError {
            throw e
        } catch {
            throw RuntimeError("\(error)")
        }
    }

    /// Index entries with tracked values replaced by their plain values (indices carry no gradient).
    private static func constantIndex(_ index: [IndexValue]) throws -> [IndexValue] {
        try index.map { entry in
            if case .value(let v) = entry, v.containsTracked {
                if v.liveNode != nil, case .tracked(let t) = v, t.value.count > 1 {
                    throw RuntimeError("grad: a tensor being differentiated cannot be used as an index")
                }
                return .value(v.detached)
            }
            return entry
        }
    }

    // MARK: built-in calls

    /// Built-ins that only move values around or call functions: tracked values pass through them.
    static let transparent: Set<String> = [
        "list", "append", "map", "filter", "reduce", "zip", "enumerate", "reverse", "apply", "keys",
        "assert", "error", "isnone", "tap", "stop_gradient",
    ]

    /// Built-ins that look at values without computing from them (and piecewise-constant ones, whose
    /// gradient is zero): they get the plain values and their results carry no gradient.
    static let detaching: Set<String> = [
        "print", "show", "type", "str", "num", "len", "shape", "size", "ndim", "format",
        "argmin", "argmax", "sign", "floor", "ceil", "round", "isnan", "any", "all",
        "save", "write_csv", "plot", "scatter", "heatmap", "hist", "bar", "subplots",
    ]

    /// A built-in called with a tracked argument while a `grad` is running.
    static func callBuiltin(_ b: Builtin, _ args: [Value?], _ interpreter: Interpreter) throws -> Value {
        let call = BuiltinCall(builtin: b, args: args, interpreter: interpreter)
        if let rule = GradientRules.builtins[b.name] ?? GradientRules.library[b.name] ?? GradientRules.fused[b.name] {
            let value = try rule(call)
            // A rule that computes in float64 gives what the plain call gives: float32 when
            // the arguments promote to it (the cast's backward rounds the gradient back).
            guard b.dtypes == .rounded, DTypeRule.promotesToFloat32(args.map { $0?.detached }) else { return value }
            return try narrowed(value, op: b.name)
        }
        if transparent.contains(b.name) {
            return try b.run(Arguments(builtin: b, values: args, interpreter: interpreter))
        }
        if detaching.contains(b.name) { return try call.forward() }
        if let kind = Builtins.activationKind(named: b.name) {
            let value = try GradientRules.activation(kind, call)
            guard b.dtypes == .rounded, DTypeRule.promotesToFloat32(args.map { $0?.detached }) else { return value }
            return try narrowed(value, op: b.name)
        }
        if b.name.hasPrefix("grad(") || b.name.hasPrefix("value_and_grad(") {
            throw RuntimeError("grad: nested differentiation (\(b.name) called on a value that is itself being differentiated) is not supported")
        }
        throw RuntimeError("grad: '\(b.name)' is not differentiable (it was called on a tensor being differentiated); compute it outside the function, or on num(x)/stop_gradient(x) if no gradient should flow through it")
    }
}

extension Autodiff {
    /// `v` with its float64 tensors (tracked or not) as float32: a tracked one through a
    /// cast node, whose gradient its accumulate rounds back to float64.
    static func narrowed(_ v: Value, op: String) throws(TensorError) -> Value {
        switch v {
        case .tracked(let n) where n.tape.isOpen && n.value.dtype == .float64:
            return GradientRules.result("float32", try n.value.converted(to: .float32, op: op), n.tape) { g in try n.accumulate(g) }
        case .list(let xs): return .list(try xs.map { (x) throws(TensorError) in try narrowed(x, op: op) })
        case .tracked: return v
        default: return try DTypeRule.narrowed(v, op: op)
        }
    }
}

/// One built-in call with tracked arguments, as a gradient rule sees it.
struct BuiltinCall {
    let builtin: Builtin
    /// The bound arguments, tracked values included.
    let args: [Value?]
    let interpreter: Interpreter

    var name: String { builtin.name }

    /// The arguments with tracked values replaced by plain ones (for reading options such as axis).
    var plain: Arguments {
        Arguments(builtin: builtin, values: args.map { $0?.detached }, interpreter: interpreter)
    }

    /// The built-in's own result on the plain arguments.
    func forward() throws -> Value { try builtin.run(plain) }

    /// The forward result as a tensor.
    func forwardTensor() throws -> Tensor { try Autodiff.operand(try forward()) }

    /// The live node of argument `i`, if it is one.
    func node(_ i: Int) -> Tracked? { i < args.count ? args[i]?.liveNode : nil }

    /// Throws unless only the arguments in `differentiable` hold tracked values.
    func requireConstant(except differentiable: Set<Int>) throws {
        for (i, a) in args.enumerated() where !differentiable.contains(i) && (a?.containsLive ?? false) {
            let pname = i < builtin.parameters.count ? builtin.parameters[i].name : "#\(i)"
            throw RuntimeError("grad: \(name) is not differentiable with respect to its argument '\(pname)'")
        }
    }
}

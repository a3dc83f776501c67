// BuiltinDTypes: what a built-in does with float32 tensors, stated on its registry entry
// (shown by `help NAME` and in grammar.md) and applied by `Builtin.run` around its body.
import AnisTensor

/// How a built-in treats float32 tensor arguments.
enum DTypeRule: Sendable {
    /// Runs float32 natively and keeps the dtype (or handles any dtype itself: printing,
    /// files, functions over lists).
    case native
    /// Float32 tensor arguments are widened to float64 for the computation; tensor results
    /// are rounded back to float32 when NumPy 2's promotion of the tensor arguments is float32.
    case rounded
    /// Float32 tensor arguments are widened to float64; results stay float64 (indices,
    /// counts and statistics, which float32 could not hold exactly).
    case float64
    /// Runs float32 natively (its ε sets the default tolerances) but gives an integer, a
    /// float64 number (rank).
    case integral

    /// The sentence `help NAME` and grammar.md show; nil for a native built-in outside the
    /// numeric topics (printing, files, functions over lists: they pass tensors through).
    func note(_ topic: Topic) -> String? {
        switch self {
        case .native:
            switch topic {
            case .math, .shape, .activation, .linalg, .layers, .creation, .random, .statistics, .anisotropy:
                "float32: native (results keep the promoted dtype)."
            case .reduction: "float32: native; the sums accumulate in float64 and the result is rounded to float32."
            default: nil
            }
        case .rounded: "float32: computed in float64, tensor results rounded back to float32."
        case .float64: "float32: arguments widened; results are float64."
        case .integral: "float32: computed in float32 (tolerances from float32's eps); the result is an integer."
        }
    }

    /// The rule of a built-in that does not state one: by its topic.
    static func byTopic(_ topic: Topic) -> DTypeRule {
        switch topic {
        case .activation, .linalg, .layers, .statistics, .anisotropy: .rounded
        // Elementwise math goes through Tensor.map/binary, shape functions move elements
        // and reductions widen each float32 element as they accumulate: all keep float32.
        default: .native
        }
    }
}

extension Builtin {
    /// Runs the body under the built-in's dtype rule.
    func run(_ arguments: Arguments) throws -> Value {
        guard dtypes != .native, dtypes != .integral, arguments.values.contains(where: { $0.map(DTypeRule.holdsFloat32) ?? false }) else {
            return try body(arguments)
        }
        let narrow = DTypeRule.promotesToFloat32(arguments.values)
        let wide = Arguments(builtin: self, values: try arguments.values.map { (v) throws(TensorError) in try v.map { (x) throws(TensorError) in try DTypeRule.widened(x, op: name) } },
                             interpreter: arguments.interpreter)
        let result = try body(wide)
        return dtypes == .rounded && narrow ? try DTypeRule.narrowed(result, op: name) : result
    }
}

extension DTypeRule {
    static func holdsFloat32(_ v: Value) -> Bool {
        switch v {
        case .tensor(let t): t.dtype == .float32
        case .list(let xs): xs.contains(where: holdsFloat32)
        default: false
        }
    }

    /// NumPy 2: float32 when some tensor argument is float32 and none is a float64 tensor
    /// (numbers, masks and index-like arguments of rank 0 do not widen).
    static func promotesToFloat32(_ values: [Value?]) -> Bool {
        var sawFloat32 = false
        func visit(_ v: Value) -> Bool {
            switch v {
            case .tensor(let t):
                if t.dtype == .float32 { sawFloat32 = true; return true }
                return t.isMask || t.rank == 0
            case .list(let xs): return xs.allSatisfy(visit)
            default: return true
            }
        }
        for case let v? in values where !visit(v) { return false }
        return sawFloat32
    }

    /// Every float32 tensor inside `v` as float64 (each copy checked against the memory budget).
    static func widened(_ v: Value, op: String) throws(TensorError) -> Value {
        switch v {
        case .tensor(let t) where t.dtype == .float32: .tensor(try t.converted(to: .float64, op: op))
        case .list(let xs) where xs.contains(where: holdsFloat32): .list(try xs.map { (x) throws(TensorError) in try widened(x, op: op) })
        default: v
        }
    }

    /// Every float64 tensor inside `v` rounded to float32; a number becomes a rank-0
    /// float32 tensor (NumPy's float32 scalar).
    static func narrowed(_ v: Value, op: String) throws(TensorError) -> Value {
        switch v {
        case .number(let d): return .tensor(Tensor(scalar: d, dtype: .float32))
        case .tensor(let t): return .tensor(try t.converted(to: .float32, op: op))
        case .list(let xs): return .list(try xs.map { (x) throws(TensorError) in try narrowed(x, op: op) })
        case .record(var r):
            for k in r.keys { r[k] = try r[k].map { (x) throws(TensorError) in try narrowed(x, op: op) } }
            return .record(r)
        default: return v
        }
    }
}

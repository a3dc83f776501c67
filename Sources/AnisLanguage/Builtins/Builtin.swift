// Builtin: one built-in function — its name, parameters, documentation and
// Swift implementation — and the bound arguments its implementation reads.
import AnisTensor

/// An error raised by a built-in or an operator, without a position yet; the
/// compiled call site attaches its span and turns it into a Diagnostic.
public struct RuntimeError: Error, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Topics group `help`'s index, in this order.
public enum Topic: String, CaseIterable, Sendable {
    case core = "Core", creation = "Creating tensors", shape = "Shape and indexing"
    case math = "Elementwise math", reduction = "Reductions"
    case statistics = "Sorting, counting and statistics", linalg = "Linear algebra"
    case activation = "Activations", anisotropy = "Anisotropy toolkit", random = "Random numbers"
    case io = "Files", text = "Text", functional = "Functions and lists", plot = "Plots"
    case autodiff = "Gradients and optimizers"
    case toymodels = "Toy models"
    case sweeps = "Sweeps and tables"
    case layers = "Model layers (fused)"
}

struct BuiltinParameter {
    let name: String
    /// Nil for a required parameter.
    let defaultValue: Value?
    /// `shape...`: collects the remaining positional arguments into a list.
    let isVariadic: Bool
}

final class Builtin: @unchecked Sendable {  // immutable after init
    let name: String
    let parameters: [BuiltinParameter]
    let topic: Topic
    let doc: String
    let example: String
    /// What it does with float32 tensors (BuiltinDTypes.swift).
    let dtypes: DTypeRule
    let body: (Arguments) throws -> Value

    /// - Parameter signature: parameters as written in the docs, e.g. `"x, axis: none, keepdims: false"`
    ///   or `"shape..."`; defaults are literals (numbers, strings, true, false, none).
    init(_ name: String, _ signature: String, topic: Topic, dtypes: DTypeRule? = nil, doc: String, example: String = "",
         body: @escaping (Arguments) throws -> Value) {
        self.name = name
        self.topic = topic
        self.dtypes = dtypes ?? DTypeRule.byTopic(topic)
        self.doc = doc
        self.example = example
        self.body = body
        self.parameters = signature.split(separator: ",").compactMap { raw in
            let part = raw.trimmingSpaces
            guard !part.isEmpty else { return nil }
            if part.hasSuffix("...") {
                return BuiltinParameter(name: String(part.dropLast(3)), defaultValue: nil, isVariadic: true)
            }
            let pieces = part.split(separator: ":", maxSplits: 1).map { String($0).trimmingSpaces }
            if pieces.count == 2 {
                return BuiltinParameter(name: pieces[0], defaultValue: Builtin.literal(pieces[1]), isVariadic: false)
            }
            return BuiltinParameter(name: part, defaultValue: nil, isVariadic: false)
        }
    }

    var signature: String {
        let ps = parameters.map { p -> String in
            if p.isVariadic { return p.name + "..." }
            if let d = p.defaultValue { return "\(p.name): \(Builtin.show(d))" }
            return p.name
        }
        return "\(name)(\(ps.joined(separator: ", ")))"
    }

    private static func literal(_ s: String) -> Value {
        switch s {
        case "none": return .none
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "[]": return .list([])
        default:
            if let d = Double(s) { return .number(d) }
            if s.hasPrefix("\""), s.hasSuffix("\""), s.count >= 2 { return .string(String(s.dropFirst().dropLast())) }
            return .string(s)
        }
    }

    private static func show(_ v: Value) -> String {
        switch v {
        case .none: "none"
        case .bool(let b): b ? "true" : "false"
        case .number(let d): Tensor.formatScalar(d, precision: 6)
        case .string(let s): "\"\(s)\""
        case .list(let xs) where xs.isEmpty: "[]"
        default: "?"
        }
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s = s.dropFirst() }
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

/// The arguments of one built-in call, bound to its parameters, with typed accessors
/// whose errors name the built-in and the parameter.
struct Arguments {
    let builtin: Builtin
    let values: [Value?]
    let interpreter: Interpreter

    var count: Int { values.count }

    subscript(_ i: Int) -> Value? { i < values.count ? values[i] : nil }

    func fail(_ i: Int, _ what: String) -> RuntimeError {
        let pname = i < builtin.parameters.count ? builtin.parameters[i].name : "#\(i)"
        return RuntimeError("\(builtin.name): argument '\(pname)' \(what)")
    }

    func value(_ i: Int) throws -> Value {
        guard let v = self[i] else { throw fail(i, "is missing") }
        return v
    }

    /// The argument, or nil when it was omitted or is `none`.
    func optional(_ i: Int) -> Value? {
        guard let v = self[i] else { return nil }
        if case .none = v { return nil }
        return v
    }

    func tensor(_ i: Int) throws -> Tensor {
        let v = try value(i)
        do { return try v.toTensor() } catch { throw fail(i, "must be a tensor or a number, got \(v.typeDescription)") }
    }

    func number(_ i: Int) throws -> Double {
        let v = try value(i)
        if let d = v.scalar { return d }
        throw fail(i, "must be a number, got \(v.typeDescription)")
    }

    func int(_ i: Int) throws -> Int {
        let d = try number(i)
        guard let n = exactInt(d) else { throw fail(i, "must be an integer, got \(Tensor.formatScalar(d, precision: 6))") }
        return n
    }

    func optionalInt(_ i: Int) throws -> Int? {
        optional(i) == nil ? nil : try int(i)
    }

    func bool(_ i: Int) throws -> Bool {
        let v = try value(i)
        switch v {
        case .bool(let b): return b
        case .number(let d): return d != 0
        default: throw fail(i, "must be true or false, got \(v.typeDescription)")
        }
    }

    func string(_ i: Int) throws -> String {
        let v = try value(i)
        if case .string(let s) = v { return s }
        throw fail(i, "must be a string, got \(v.typeDescription)")
    }

    func function(_ i: Int) throws -> Function {
        let v = try value(i)
        if case .function(let f) = v { return f }
        throw fail(i, "must be a function, got \(v.typeDescription)")
    }

    func list(_ i: Int) throws -> [Value] {
        let v = try value(i)
        switch v {
        case .list(let xs): return xs
        default:
            if let xs = v.iterated() { return xs }
            throw fail(i, "must be a list, got \(v.typeDescription)")
        }
    }

    /// A `dtype:` argument: float64 when omitted or none; the conversion functions
    /// `float32`/`float64` or the strings "float32"/"float64".
    func dtype(_ i: Int) throws -> DType {
        guard let v = optional(i) else { return .float64 }
        switch v {
        case .string(let s): if let d = DType(rawValue: s) { return d }
        case .function(let f): if let d = DType(rawValue: f.name) { return d }
        default: break
        }
        throw fail(i, "must be float32 or float64, got \(v.typeDescription)")
    }

    /// A shape given as integers `zeros(2, 3)`, a list/tensor `zeros([2, 3])`, or a `shape(x)` result.
    func shape(_ i: Int) throws -> [Int] {
        var items = try list(i)
        if items.count == 1, let inner = items[0].iterated(), !items[0].isScalarLike { items = inner }
        var dims: [Int] = []
        for item in items {
            guard let d = item.scalar, let n = exactInt(d) else {
                throw fail(i, "must be a shape of integers, got \(item.typeDescription)")
            }
            dims.append(n)
        }
        return dims
    }
}

/// `d` as an Int when it is integral and in range; never traps.
func exactInt(_ d: Double) -> Int? {
    guard d.isFinite, d == d.rounded(), abs(d) < 9.0e18 else { return nil }
    return Int(d)
}

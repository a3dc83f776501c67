// Value: everything an anis expression can evaluate to. Numbers and booleans
// are stored inline (no reference counting on the scalar path); tensors,
// strings, lists and records have value semantics (copy-on-write).
import AnisTensor

public enum Value {
    case number(Double)
    case bool(Bool)
    case none
    case string(String)
    case tensor(Tensor)
    case list([Value])
    case record(Record)
    case function(Function)
    /// `start:stop:step`, lazily iterated by `for`; becomes a tensor in arithmetic.
    case range(RangeValue)
    /// Values defined by later layers (plots, models): they know their own type name and rendering.
    case object(any AnisObject)
    /// A tensor or number being differentiated by `grad` (see Autodiff/Tape.swift).
    case tracked(Tracked)

    /// The type name used in error messages and by `type(x)`.
    public var typeName: String {
        switch self {
        case .number: "number"
        case .bool: "bool"
        case .none: "none"
        case .string: "string"
        case .tensor: "tensor"
        case .list: "list"
        case .record: "record"
        case .function: "function"
        case .range: "range"
        case .object(let o): o.typeName
        case .tracked: "tensor"
        }
    }

    /// Type name with shape for tensors: `tensor of shape (3, 4)`.
    public var typeDescription: String {
        if case .tensor(let t) = self { return "tensor of shape \(t.shapeDescription)" }
        if case .tracked(let t) = self { return "tensor of shape \(t.value.shapeDescription)" }
        return typeName
    }
}

/// A value type defined outside the core language (a plot, a trained model).
public protocol AnisObject: AnyObject {
    var typeName: String { get }
    /// What the REPL prints for it.
    func render(_ session: Interpreter) -> String
}

/// An integer range `start:stop:step` (stop exclusive), as in Python's `range`.
public struct RangeValue: Sendable, Equatable {
    public let start: Int, stop: Int, step: Int
    public init(start: Int, stop: Int, step: Int) { self.start = start; self.stop = stop; self.step = step }
    public var count: Int {
        if step > 0 { return start < stop ? (stop - start + step - 1) / step : 0 }
        return start > stop ? (start - stop - step - 1) / (-step) : 0
    }
    public func element(_ i: Int) -> Int { start + i * step }
}

/// A record `{lr: 1e-3, steps: 100}`: named fields in the order they were written.
public struct Record {
    public private(set) var keys: [String]
    public private(set) var values: [Value]
    /// Key -> position once a record has many fields, so adding fields one by one
    /// stays linear overall (for a few fields a search is faster than hashing).
    private var positions: [String: Int]?
    private static let indexedFrom = 16

    public init() { keys = []; values = [] }
    public init(_ pairs: [(String, Value)]) {
        keys = pairs.map(\.0); values = pairs.map(\.1)
        reindex()
    }

    private mutating func reindex() {
        guard keys.count > Record.indexedFrom else { positions = nil; return }
        var index = [String: Int](minimumCapacity: keys.count)
        for (i, k) in keys.enumerated() where index[k] == nil { index[k] = i }
        positions = index
    }

    private func position(of key: String) -> Int? {
        if let positions { return positions[key] }
        return keys.firstIndex(of: key)
    }

    public subscript(key: String) -> Value? {
        get { position(of: key).map { values[$0] } }
        set {
            if let i = position(of: key) {
                if let v = newValue { values[i] = v } else { keys.remove(at: i); values.remove(at: i); reindex() }
            } else if let v = newValue {
                keys.append(key); values.append(v)
                if positions != nil { positions?[key] = keys.count - 1 } else if keys.count > Record.indexedFrom { reindex() }
            }
        }
    }

    public var count: Int { keys.count }
}

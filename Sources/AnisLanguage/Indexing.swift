// Indexing: `x[...]` and `x[...] = v` for tensors, lists, strings and records,
// and field access `r.name`. Tensor indexing follows NumPy: integers drop an
// axis, slices keep it, masks select, integer tensors gather.
import AnisTensor

/// One evaluated entry of `x[...]`.
enum IndexValue {
    case value(Value)
    case slice(start: Int?, stop: Int?, step: Int?)
}

extension Compiler {
    /// Compiles the entries of `x[...]` into code producing their values.
    func indexer(_ entries: [IndexEntry]) throws -> (Frame) throws -> [IndexValue] {
        let located = self.located
        enum Part { case expr(Code), slice(Code?, Code?, Code?, Span) }
        let parts: [Part] = try entries.map { entry in
            switch entry {
            case .expr(let e): return .expr(try expression(e))
            case .slice(let a, let b, let c, let span):
                return .slice(try a.map { try expression($0) }, try b.map { try expression($0) },
                              try c.map { try expression($0) }, span)
            }
        }
        func bound(_ code: Code?, _ f: Frame, _ span: Span) throws -> Int? {
            guard let code else { return nil }
            let v = try code(f)
            if case .none = v { return nil }
            guard let d = v.scalar, let n = exactInt(d) else {
                throw located(RuntimeError("slice bounds must be integers, got \(v.typeDescription)"), span)
            }
            return n
        }
        return { f in
            var out: [IndexValue] = []
            out.reserveCapacity(parts.count)
            for p in parts {
                switch p {
                case .expr(let c): out.append(.value(try c(f)))
                case .slice(let a, let b, let c, let span):
                    out.append(.slice(start: try bound(a, f, span), stop: try bound(b, f, span), step: try bound(c, f, span)))
                }
            }
            return out
        }
    }
}

enum Indexing {
    static func get(_ v: Value, _ index: [IndexValue]) throws -> Value {
        switch v {
        case .tensor(let t):
            var result = try t.subscripted(try specs(index, for: t))
            if let shape = try gatheredShape(index, flat: result.shape) { result = try result.reshaped(shape) }
            return Builtins.wrap(result)
        case .list(let xs):
            guard index.count == 1 else { throw RuntimeError("a list takes one index, got \(index.count)") }
            switch index[0] {
            case .value(let iv):
                return xs[try position(iv, count: xs.count, what: "list")]
            case .slice(let a, let b, let c):
                return .list(try sliceIndices(a, b, c, count: xs.count).map { xs[$0] })
            }
        case .string(let s):
            let chars = Array(s)
            guard index.count == 1 else { throw RuntimeError("a string takes one index, got \(index.count)") }
            switch index[0] {
            case .value(let iv): return .string(String(chars[try position(iv, count: chars.count, what: "string")]))
            case .slice(let a, let b, let c):
                return .string(String(try sliceIndices(a, b, c, count: chars.count).map { chars[$0] }))
            }
        case .record(let r):
            guard index.count == 1, case .value(.string(let key)) = index[0] else {
                throw RuntimeError("a record is indexed by a field name string, e.g. r[\"lr\"]")
            }
            guard let field = r[key] else { throw missingField(key, r) }
            return field
        case .range:
            return try get(.tensor(try v.toTensor()), index)
        case .tracked:
            return try Autodiff.index(v, index)
        case .number, .bool:
            throw RuntimeError("cannot index a number")
        default:
            throw RuntimeError("cannot index a \(v.typeDescription)")
        }
    }

    /// `container[index] = newValue`, mutating `container` in place.
    static func set(_ container: inout Value, _ index: [IndexValue], _ newValue: Value) throws {
        if case .tracked = container {
            container = try Autodiff.assign(container, index, newValue)
            return
        }
        if case .tensor = container, case .tracked = newValue {
            container = try Autodiff.assign(container, index, newValue)
            return
        }
        // `if case` rather than `switch`: a switch keeps its subject (a second reference to
        // the payload) alive through the case body, so every assignment copied the whole
        // tensor, list or record instead of updating it in place.
        if case .tensor(var t) = container {
            let specs = try specs(index, for: t)
            let source: Tensor
            do { source = try newValue.toTensor() } catch {
                throw RuntimeError("cannot store a \(newValue.typeDescription) into a tensor")
            }
            let value = try gatheredValue(source, index, specs, in: t)
            container = .none  // drop our reference so `t` is unique and updated in place
            try t.assign(specs, value: value)
            container = .tensor(t)
        } else if case .list(var xs) = container {
            guard index.count == 1, case .value(let iv) = index[0] else {
                throw RuntimeError("list assignment takes one integer index")
            }
            let i = try position(iv, count: xs.count, what: "list")
            container = .none
            xs[i] = newValue
            container = .list(xs)
        } else if case .record(var r) = container {
            guard index.count == 1, case .value(.string(let key)) = index[0] else {
                throw RuntimeError("a record is indexed by a field name string, e.g. r[\"lr\"]")
            }
            container = .none
            r[key] = newValue
            container = .record(r)
        } else {
            throw RuntimeError("cannot assign into an element of a \(container.typeDescription)")
        }
    }

    /// Converts evaluated entries into the tensor runtime's index specs.
    static func specs(_ index: [IndexValue], for t: Tensor) throws -> [IndexSpec] {
        try index.map { entry in
            switch entry {
            case .slice(let a, let b, let c): return .slice(start: a, stop: b, step: c)
            case .value(let v):
                switch v {
                case .number(let d):
                    guard let n = exactInt(d) else { throw RuntimeError("index must be an integer, got \(Tensor.formatScalar(d, precision: 6))") }
                    return .index(n)
                case .bool(let b): return .index(b ? 1 : 0)
                case .range(let r): return .slice(start: r.start, stop: r.stop, step: r.step)
                case .none: return .all
                case .tensor(let m) where m.isMask: return .mask(m)
                case .tensor, .list:
                    let m = try v.toTensor()
                    if m.rank == 0, let d = m.scalarValue, let n = exactInt(d) { return .index(n) }
                    var ints: [Int] = []
                    for d in m.elements {
                        guard let n = exactInt(d) else { throw RuntimeError("index tensors must hold integers, got \(Tensor.formatScalar(d, precision: 6))") }
                        ints.append(n)
                    }
                    return .indices(ints)
                default:
                    throw RuntimeError("cannot index a tensor with a \(v.typeDescription)")
                }
            }
        }
    }

    /// NumPy gives an index tensor of rank > 1 its own axes: `E[ids]` with ids of shape
    /// (B, T) is (B, T, D). The runtime gathers the flattened positions into one axis; this
    /// is the shape that result takes, or nil when no entry has rank > 1.
    static func gatheredShape(_ index: [IndexValue], flat: [Int]) throws -> [Int]? {
        func gatherShape(_ v: Value) throws -> [Int]? {
            switch v {
            case .tensor(let m) where !m.isMask: return m.shape
            case .list: return try v.toTensor().shape
            default: return nil
            }
        }
        let shapes = try index.map { entry -> [Int]? in
            if case .value(let v) = entry { return try gatherShape(v) }
            return nil
        }
        guard shapes.contains(where: { ($0?.count ?? 0) > 1 }) else { return nil }
        var out: [Int] = [], axis = 0
        for (entry, gathered) in zip(index, shapes) {
            if let gathered {
                if gathered.isEmpty { continue }  // a rank-0 tensor is an integer index
                out += gathered
            } else if case .value(let v) = entry, v.isScalarLike {
                continue  // an integer drops its axis
            } else {
                guard axis < flat.count else { return nil }
                out.append(flat[axis])
            }
            axis += 1
        }
        guard axis <= flat.count else { return nil }
        return out + flat[axis...]
    }

    /// Reading and writing follow one rule: `A[ids] = v` with a gather of rank ≥ 2 takes v in
    /// the shape `A[ids]` has (ids' axes, then the rest), broadcast to it, and hands the
    /// runtime the flattened selection it writes.
    static func gatheredValue(_ value: Tensor, _ index: [IndexValue], _ specs: [IndexSpec], in t: Tensor) throws -> Tensor {
        let region = try t.selectionShape(specs)
        guard let shape = try gatheredShape(index, flat: region) else { return value }
        do {
            return try value.broadcast(to: shape, op: "assign").reshaped(region)
        } catch {
            throw RuntimeError("assign: cannot broadcast value of shape \(value.shapeDescription) to selection of shape \(Tensor.describe(shape))")
        }
    }

    /// A checked position in a sequence of `count` (negative counts from the end).
    static func position(_ v: Value, count: Int, what: String) throws -> Int {
        guard let d = v.scalar, let n = exactInt(d) else {
            throw RuntimeError("\(what) index must be an integer, got \(v.typeDescription)")
        }
        let i = n < 0 ? n + count : n
        guard i >= 0, i < count else { throw RuntimeError("index \(n) is out of range for a \(what) of length \(count)") }
        return i
    }

    /// Python slice semantics over `count` elements.
    static func sliceIndices(_ start: Int?, _ stop: Int?, _ step: Int?, count: Int) throws -> [Int] {
        let s = step ?? 1
        guard s != 0 else { throw RuntimeError("slice step cannot be 0") }
        func clamp(_ x: Int?, _ dflt: Int, lo: Int, hi: Int) -> Int {
            guard let x else { return dflt }
            let v = x < 0 ? max(x, Int.min / 2) + count : x
            return min(max(v, lo), hi)
        }
        var out: [Int] = []
        if s > 0 {
            var i = clamp(start, 0, lo: 0, hi: count)
            let e = clamp(stop, count, lo: 0, hi: count)
            while i < e { out.append(i); i += s }
        } else {
            var i = clamp(start, count - 1, lo: -1, hi: count - 1)
            let e = clamp(stop, -1, lo: -1, hi: count - 1)
            while i > e { out.append(i); i += s }
        }
        return out
    }

    static func missingField(_ key: String, _ r: Record) -> RuntimeError {
        RuntimeError("record has no field '\(key)'\(Suggestions.hint(for: key, among: r.keys)) (fields: \(r.keys.isEmpty ? "none" : r.keys.joined(separator: ", ")))")
    }
}

/// `x.name`: record fields, and a few tensor properties (`A.T`, `A.shape`).
enum Fields {
    static func get(_ v: Value, _ name: String) throws -> Value {
        switch v {
        case .record(let r):
            guard let field = r[name] else { throw Indexing.missingField(name, r) }
            return field
        case .tensor(let t):
            switch name {
            case "T": return .tensor(try t.transposed())
            case "shape": return .list(t.shape.map { .number(Double($0)) })
            case "size": return .number(Double(t.count))
            case "ndim": return .number(Double(t.rank))
            case "dtype": return .string(t.dtype.rawValue)
            default:
                let fields = ["T", "shape", "size", "ndim", "dtype"]
                throw RuntimeError("a tensor has no field '\(name)'\(Suggestions.hint(for: name, among: fields)) (fields: T, shape, size, ndim, dtype)")
            }
        case .tracked(let t):
            if name == "T" { return try Autodiff.transpose(v) }
            return try get(.tensor(t.value), name)
        case .function(let f):
            if name == "name" { return .string(f.name) }
            throw RuntimeError("a function has no field '\(name)' (fields: name)")
        default:
            throw RuntimeError("a \(v.typeDescription) has no fields (tried '.\(name)')")
        }
    }

    static func set(_ container: inout Value, _ name: String, _ newValue: Value) throws {
        guard case .record(var r) = container else {
            throw RuntimeError("cannot set field '\(name)' on a \(container.typeDescription)")
        }
        container = .none
        r[name] = newValue
        container = .record(r)
    }
}

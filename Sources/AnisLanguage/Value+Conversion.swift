// Value+Conversion: how values turn into numbers, tensors and sequences, the
// rules behind `[...]` literals, and truthiness.
import AnisTensor

extension Value {
    /// The value as a Double when it is a number, a bool, or a one-element tensor.
    var scalar: Double? {
        switch self {
        case .number(let d): return d
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t): return t.count == 1 ? t.scalarValue : nil
        case .tracked(let t) where !t.tape.isOpen: return t.value.count == 1 ? t.value.scalarValue : nil
        default: return nil
        }
    }

    var isScalarLike: Bool {
        switch self {
        case .number, .bool: true
        default: false
        }
    }

    /// The value as a tensor: numbers become rank-0, ranges and numeric lists become tensors.
    func toTensor() throws(RuntimeError) -> Tensor {
        switch self {
        case .tensor(let t): return t
        case .number(let d): return Tensor(scalar: d)
        case .bool(let b): return Tensor(scalar: b ? 1 : 0)
        case .range(let r):
            var t: Tensor
            do { t = try Tensor(uninitializedShape: [r.count], op: "range") } catch { throw RuntimeError(error.message) }
            t.withUnsafeMutableBufferPointer { p in
                for i in 0..<p.count { p[i] = Double(r.element(i)) }
            }
            return t
        case .list(let items):
            if let v = try? Value.bracket(items), case .tensor(let t) = v { return t }
            throw RuntimeError("cannot convert a list with \(items.first.map { $0.typeName } ?? "no") elements to a tensor")
        case .tracked(let t):
            if !t.tape.isOpen { return t.value }
            throw Autodiff.unsupported("this operation", self)
        default:
            throw RuntimeError("expected a tensor or a number, got \(typeDescription)")
        }
    }

    /// The value as a tensor for an elementwise operation with `other`: a number or bool is
    /// "weak" (NumPy 2's Python scalars) and takes a float32 tensor's dtype instead of
    /// widening it to float64.
    func toTensor(like other: Value) throws(RuntimeError) -> Tensor {
        switch (self, other) {
        case (.number(let d), .tensor(let t)) where t.dtype == .float32: return Tensor(scalar: d, dtype: .float32)
        case (.bool(let b), .tensor(let t)) where t.dtype == .float32: return Tensor(scalar: b ? 1 : 0, dtype: .float32)
        default: return try toTensor()
        }
    }

    /// The elements `for x in v` visits, or nil if the value is not iterable.
    /// Tensors iterate along their first axis (numbers for a vector, rows for a matrix).
    func iterated() -> [Value]? {
        switch self {
        case .list(let xs): return xs
        case .range(let r):
            // A range longer than any list could be (0:2^53) is not iterable as a list: the
            // caller reports that, where allocating it would abort the process.
            guard !ValueLimits.listExceeds(count: r.count) else { return nil }
            return (0..<r.count).map { .number(Double(r.element($0))) }
        case .tensor(let t):
            guard t.rank >= 1 else { return [.number(t.scalarValue ?? 0)] }
            return (0..<t.shape[0]).map { t.row($0) }
        case .string(let s): return s.map { .string(String($0)) }
        case .record(let r): return r.keys.map { .string($0) }
        case .tracked(let t):
            guard t.tape.isOpen else { return Value.tensor(t.value).iterated() }
            guard t.value.rank >= 1 else { return [self] }
            return (0..<t.value.shape[0]).map { (try? Indexing.get(self, [.value(.number(Double($0)))])) ?? .none }
        case .object(let o as LoopObserver): return o.elements
        default: return nil
        }
    }

    /// The value of a bracket literal `[a, b, ...]`: a 1-D tensor when every item is
    /// a number or bool, a stacked tensor when every item is a tensor of one shape,
    /// and a list otherwise (mixed types, functions, strings, ragged shapes).
    static func bracket(_ items: [Value]) throws(RuntimeError) -> Value {
        guard let first = items.first else { return .list([]) }
        if items.contains(where: { $0.liveNode != nil }) { return try Autodiff.bracket(items) }
        // Numbers mixed with rank-0 tensors (float32 scalars) make a float64 vector, as
        // NumPy's array of mixed scalars; rank-0 tensors alone stack below, keeping their dtype.
        let isRankZero: (Value) -> Bool = { if case .tensor(let t) = $0 { t.rank == 0 } else { false } }
        if items.allSatisfy({ $0.isScalarLike || isRankZero($0) }), items.contains(where: isRankZero), items.contains(where: \.isScalarLike) {
            return .tensor(Tensor(items.map { $0.scalar ?? 0 }))
        }
        if items.allSatisfy(\.isScalarLike) {
            var t = Tensor(items.map { $0.scalar ?? 0 })
            // `[true, false, true]` is a mask, as NumPy's boolean arrays are.
            t.isMask = items.allSatisfy { if case .bool = $0 { true } else { false } }
            return .tensor(t)
        }
        if case .tensor(let t0) = first {
            var ok = true
            for item in items {
                guard case .tensor(let t) = item, t.shape == t0.shape else { ok = false; break }
            }
            if ok {
                do {
                    return .tensor(try Tensor.stack(items.compactMap { if case .tensor(let t) = $0 { t } else { nil } }, axis: 0))
                } catch {
                    throw RuntimeError(error.message.replacing("stack:", with: "[...]:"))
                }
            }
        }
        return .list(items)
    }

    /// Truth value for `if`, `while`, `and`, `or`, `not`.
    func truth() throws(RuntimeError) -> Bool {
        switch self {
        case .bool(let b): return b
        case .number(let d): return d != 0
        case .none: return false
        case .tensor(let t):
            if t.count == 1, let v = t.scalarValue { return v != 0 }
            throw RuntimeError("the truth value of a tensor of shape \(t.shapeDescription) is ambiguous; use any(x) or all(x)")
        case .string(let s): return !s.isEmpty
        case .list(let xs): return !xs.isEmpty
        case .tracked(let t): return try t.plain.truth()
        default:
            throw RuntimeError("a \(typeName) cannot be used as a condition")
        }
    }
}

extension Tensor {
    /// Row `i` along the first axis: a number for a vector, a tensor otherwise.
    func row(_ i: Int) -> Value {
        guard let r = try? subscripted([.index(i)]) else { return .none }
        return Builtins.wrap(r)
    }
}

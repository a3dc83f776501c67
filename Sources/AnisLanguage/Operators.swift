// Operators: what `+ - * / % ^ @`, comparisons, `not` and unary minus mean for
// every combination of value types. The compiler inlines the number-number case;
// everything else comes here.
import AnisTensor
import Glibc

enum Operators {
    static func binary(_ op: BinaryOp, _ l: Value, _ r: Value) throws -> Value {
        switch (l, r) {
        case (.number, .number) where op == .matmul:
            throw RuntimeError("@: operands must have at least one axis, got two numbers (use * to multiply numbers)")
        case (.number(let a), .number(let b)):
            return number(op, a, b)
        case (.bool, .number), (.number, .bool), (.bool, .bool):
            if op == .equal || op == .notEqual { return .bool(equal(l, r) == (op == .equal)) }
            return number(op, l.scalar ?? 0, r.scalar ?? 0)
        case (.string(let a), .string(let b)):
            switch op {
            case .add:
                try ValueLimits.checkString(bytes: a.utf8.count + b.utf8.count, op: "+")
                return .string(a + b)
            case .equal: return .bool(a == b)
            case .notEqual: return .bool(a != b)
            case .less: return .bool(a < b)
            case .lessEqual: return .bool(a <= b)
            case .greater: return .bool(a > b)
            case .greaterEqual: return .bool(a >= b)
            default: break
            }
        case (.list(let a), .list(let b)) where op == .add:
            try ValueLimits.checkList(count: a.count + b.count, op: "+")
            return .list(a + b)
        case (.object(let a as PlotValue), .object(let b as PlotValue)) where op == .add:
            return .object(try a.overlaid(with: b))  // p + q: one set of axes
        case (.tracked, _), (_, .tracked):
            return try Autodiff.binary(op, l, r)
        default:
            break
        }
        if op == .equal || op == .notEqual, !isNumeric(l) || !isNumeric(r) || isRagged(l) || isRagged(r) {
            return .bool(equal(l, r) == (op == .equal))
        }
        guard isNumeric(l), isNumeric(r) else {
            throw RuntimeError("\(op.rawValue): unsupported operands \(l.typeDescription) and \(r.typeDescription)")
        }
        let a = try l.toTensor(like: r), b = try r.toTensor(like: l)
        let result = try tensor(op, a, b)
        // `v @ w` of two vectors is a number, like indexing down to one element.
        if op == .matmul { return Builtins.wrap(result) }
        // A comparison of two scalars (a float32 scalar is a rank-0 tensor) is a bool, as it
        // is for numbers: `float32(2) > 1` is `true`, not a rank-0 mask printed as `1`.
        if result.isMask, result.rank == 0, let v = result.scalarValue { return .bool(v != 0) }
        return .tensor(result)
    }

    /// The elementwise function of an arithmetic operator, for in-place updates (`+=`).
    static func inPlace(_ op: BinaryOp) -> ((Double, Double) -> Double)? {
        switch op {
        case .add: { $0 + $1 }
        case .sub: { $0 - $1 }
        case .mul: { $0 * $1 }
        case .div: { $0 / $1 }
        case .mod: { floorMod($0, $1) }
        case .pow: { power($0, $1) }
        default: nil
        }
    }

    static func isNumeric(_ v: Value) -> Bool {
        switch v {
        case .number, .bool, .tensor, .range: return true
        case .list(let xs): return xs.allSatisfy(isNumeric)
        default: return false
        }
    }

    @inline(__always) static func number(_ op: BinaryOp, _ a: Double, _ b: Double) -> Value {
        switch op {
        case .add: .number(a + b)
        case .sub: .number(a - b)
        case .mul: .number(a * b)
        case .div: .number(a / b)
        case .mod: .number(floorMod(a, b))
        case .pow: .number(Glibc.pow(a, b))
        case .matmul: .number(a * b)
        case .equal: .bool(a == b)
        case .notEqual: .bool(a != b)
        case .less: .bool(a < b)
        case .lessEqual: .bool(a <= b)
        case .greater: .bool(a > b)
        case .greaterEqual: .bool(a >= b)
        }
    }

    /// Python's `%`: the result has the sign of the divisor.
    @inline(__always) static func floorMod(_ a: Double, _ b: Double) -> Double {
        // Integer operands (the common case in loops) skip libm's slow fmod.
        if Swift.abs(a) < 9.0e15, Swift.abs(b) < 9.0e15, b != 0 {
            let ia = Int(a), ib = Int(b)
            if Double(ia) == a, Double(ib) == b {
                let r = ia % ib
                return Double((r != 0 && (r < 0) != (ib < 0)) ? r + ib : r)
            }
        }
        let r = fmod(a, b)
        return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
    }

    static func tensor(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let name = op.rawValue
        switch op {
        case .add: return try Tensor.arith(.add, a, b)
        case .sub: return try Tensor.arith(.sub, a, b)
        case .mul: return try Tensor.arith(.mul, a, b)
        case .div: return try Tensor.arith(.div, a, b)
        case .mod: return try Tensor.binary(a, b, op: name) { floorMod($0, $1) }
        case .pow: return try Tensor.binary(a, b, op: name) { power($0, $1) }
        case .matmul:
            if a.rank == 0 || b.rank == 0 {
                throw RuntimeError("@: operands must have at least one axis, got shapes \(a.shapeDescription) and \(b.shapeDescription) (use * to scale)")
            }
            if Detached.worthIt([.tensor(a), .tensor(b)]) { return try Detached.run("@") { try Tensor.matmul(a, b) } }
            return try Tensor.matmul(a, b)
        case .equal: return mask(try Tensor.binary(a, b, op: name) { $0 == $1 ? 1 : 0 })
        case .notEqual: return mask(try Tensor.binary(a, b, op: name) { $0 != $1 ? 1 : 0 })
        case .less: return mask(try Tensor.binary(a, b, op: name) { $0 < $1 ? 1 : 0 })
        case .lessEqual: return mask(try Tensor.binary(a, b, op: name) { $0 <= $1 ? 1 : 0 })
        case .greater: return mask(try Tensor.binary(a, b, op: name) { $0 > $1 ? 1 : 0 })
        case .greaterEqual: return mask(try Tensor.binary(a, b, op: name) { $0 >= $1 ? 1 : 0 })
        }
    }

    /// `x^2` and `x^0.5` are common enough to skip `pow`.
    @inline(__always) static func power(_ a: Double, _ b: Double) -> Double {
        if b == 2 { return a * a }
        if b == 0.5 { return a.squareRoot() }
        return Glibc.pow(a, b)
    }

    static func mask(_ t: Tensor) -> Tensor {
        var m = t
        m.isMask = true
        return m
    }

    static func unary(_ op: UnaryOp, _ v: Value) throws -> Value {
        switch op {
        case .plus:
            if case .tracked = v { return v }
            guard isNumeric(v) else { throw RuntimeError("unary +: expected a number or tensor, got \(v.typeDescription)") }
            return v
        case .negate:
            switch v {
            case .number(let d): return .number(-d)
            case .bool(let b): return .number(b ? -1 : 0)
            case .tracked: return try Autodiff.negate(v)
            default:
                guard isNumeric(v) else { throw RuntimeError("unary -: expected a number or tensor, got \(v.typeDescription)") }
                let t = try v.toTensor()
                try t.reserveCopy(op: "unary -")
                return .tensor(t.map { -$0 })
            }
        case .not:
            if case .tracked = v { return try unary(.not, v.detached) }
            if case .tensor(let t) = v, t.count != 1 {
                try t.reserveCopy(op: "not")
                return .tensor(mask(t.map { $0 == 0 ? 1 : 0 }))
            }
            return .bool(!(try v.truth()))
        }
    }

    /// A list that looks numeric (numbers and empty lists) but is no tensor, like `[[], 1]`:
    /// `==` compares it structurally, as grammar.md promises for lists.
    static func isRagged(_ v: Value) -> Bool {
        guard case .list = v else { return false }
        return (try? v.toTensor()) == nil
    }

    /// Structural equality for `==` between non-numeric values.
    static func equal(_ l: Value, _ r: Value) -> Bool {
        switch (l, r) {
        case (.none, .none): return true
        case (.string(let a), .string(let b)): return a == b
        case (.bool(let a), .bool(let b)): return a == b
        case (.function(let a), .function(let b)): return a === b
        case (.list(let a), .list(let b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.record(let a), .record(let b)):
            return a.keys == b.keys && zip(a.values, b.values).allSatisfy { equal($0, $1) }
        case (.range(let a), .range(let b)): return a == b
        default:
            if let a = l.scalar, let b = r.scalar, l.isScalarLike || r.isScalarLike { return a == b }
            if case .tensor(let a) = l, case .tensor(let b) = r { return a.shape == b.shape && a.elements == b.elements }
            return false
        }
    }
}

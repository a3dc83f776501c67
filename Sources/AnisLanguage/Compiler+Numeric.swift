// Compiler+Numeric: a speculative fast path for pure scalar arithmetic. An
// expression made only of numbers, variables and + - * / % ^ is also compiled
// to closures over Double that give up (return nil) as soon as a variable does
// not hold a number; the general Value code then runs instead. Reads have no
// side effects, so running the general code after a give-up is always safe.
import Glibc

typealias NumericCode = (Frame) -> Double?

/// A leaf or subtree of a numeric expression; leaves are read without a closure call.
enum NumericOperand {
    case constant(Double)
    case variable(Slot)
    case code(NumericCode)

    @inline(__always) func evaluate(_ f: Frame) -> Double? {
        switch self {
        case .constant(let d): return d
        case .variable(let slot): return slot.readNumber(f)
        case .code(let c): return c(f)
        }
    }
}

extension Compiler {
    /// Whether `e` is arithmetic over numbers and variables only, with at least one operator.
    static func isPureArithmetic(_ e: Expr, root: Bool = true) -> Bool {
        switch e.kind {
        case .number, .name: return !root
        case .unary(.negate, let x): return isPureArithmetic(x, root: false)
        case .binary(let op, let l, let r):
            switch op {
            case .add, .sub, .mul, .div, .mod, .pow:
                return isPureArithmetic(l, root: false) && isPureArithmetic(r, root: false)
            default: return false
            }
        default: return false
        }
    }

    func numericOperand(_ e: Expr) -> NumericOperand {
        switch e.kind {
        case .number(let d): return .constant(d)
        case .name(let n): return .variable(slot(for: n))
        default: return .code(numeric(e))
        }
    }

    /// The Double-valued closure for a pure arithmetic expression (see isPureArithmetic).
    func numeric(_ e: Expr) -> NumericCode {
        switch e.kind {
        case .number(let d): return { _ in d }
        case .name(let n):
            let s = slot(for: n)
            return { f in s.readNumber(f) }
        case .unary(_, let x):
            let a = numericOperand(x)
            return { f in a.evaluate(f).map { -$0 } }
        case .binary(let op, let l, let r):
            let a = numericOperand(l), b = numericOperand(r)
            switch op {
            case .add: return fuse(a, b, Add.self)
            case .sub: return fuse(a, b, Subtract.self)
            case .mul: return fuse(a, b, Multiply.self)
            case .div: return fuse(a, b, Divide.self)
            case .mod: return fuse(a, b, Modulo.self)
            default: return fuse(a, b, Power.self)
            }
        default:
            return { _ in nil }
        }
    }

    /// One closure per (operand kinds, operator) pair, specialised at compile time
    /// so a leaf costs a load, not a call.
    private func fuse<Op: NumericOperator>(_ a: NumericOperand, _ b: NumericOperand, _: Op.Type) -> NumericCode {
        switch (a, b) {
        case (.variable(let x), .constant(let c)):
            return { f in guard let p = x.readNumber(f) else { return nil }; return Op.apply(p, c) }
        case (.constant(let c), .variable(let y)):
            return { f in guard let q = y.readNumber(f) else { return nil }; return Op.apply(c, q) }
        case (.variable(let x), .variable(let y)):
            return { f in guard let p = x.readNumber(f), let q = y.readNumber(f) else { return nil }; return Op.apply(p, q) }
        case (.code(let g), .constant(let c)):
            return { f in guard let p = g(f) else { return nil }; return Op.apply(p, c) }
        case (.variable(let x), .code(let h)):
            return { f in guard let p = x.readNumber(f), let q = h(f) else { return nil }; return Op.apply(p, q) }
        case (.code(let g), .variable(let y)):
            return { f in guard let p = g(f), let q = y.readNumber(f) else { return nil }; return Op.apply(p, q) }
        default:
            return { f in guard let p = a.evaluate(f), let q = b.evaluate(f) else { return nil }; return Op.apply(p, q) }
        }
    }

    /// The general (any Value) code of a pure arithmetic expression, without fast paths
    /// of its own inside: the caller puts one numeric fast path around the whole tree.
    func generalArithmetic(_ e: Expr) throws -> Code {
        let outer = insideArithmetic
        insideArithmetic = true
        defer { insideArithmetic = outer }
        return try expression(e)
    }

    /// Wraps the general code of a pure arithmetic expression with its numeric fast path.
    func withNumericFastPath(_ e: Expr, _ general: @escaping Code) -> Code {
        let fast = numeric(e)
        return { f in
            if let d = fast(f) { return .number(d) }
            return try general(f)
        }
    }

    /// A comparison whose sides are pure arithmetic (or plain variables and numbers) gets the fast path too.
    func comparisonFastPath(_ op: BinaryOp, _ l: Expr, _ r: Expr, _ general: @escaping Code) -> Code? {
        func simple(_ e: Expr) -> Bool {
            switch e.kind {
            case .number, .name: return true
            default: return Compiler.isPureArithmetic(e)
            }
        }
        guard simple(l), simple(r) else { return nil }
        let a = numericOperand(l), b = numericOperand(r)
        switch op {
        case .less: return { f in if let x = a.evaluate(f), let y = b.evaluate(f) { return .bool(x < y) }; return try general(f) }
        case .lessEqual: return { f in if let x = a.evaluate(f), let y = b.evaluate(f) { return .bool(x <= y) }; return try general(f) }
        case .greater: return { f in if let x = a.evaluate(f), let y = b.evaluate(f) { return .bool(x > y) }; return try general(f) }
        case .greaterEqual: return { f in if let x = a.evaluate(f), let y = b.evaluate(f) { return .bool(x >= y) }; return try general(f) }
        case .equal: return { f in if let x = a.evaluate(f), let y = b.evaluate(f) { return .bool(x == y) }; return try general(f) }
        case .notEqual: return { f in if let x = a.evaluate(f), let y = b.evaluate(f) { return .bool(x != y) }; return try general(f) }
        default: return nil
        }
    }
}

protocol NumericOperator { static func apply(_ a: Double, _ b: Double) -> Double }
enum Add: NumericOperator { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a + b } }
enum Subtract: NumericOperator { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a - b } }
enum Multiply: NumericOperator { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a * b } }
enum Divide: NumericOperator { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { a / b } }
enum Modulo: NumericOperator { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { Operators.floorMod(a, b) } }
enum Power: NumericOperator { @inline(__always) static func apply(_ a: Double, _ b: Double) -> Double { Operators.power(a, b) } }

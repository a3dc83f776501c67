// Compiler+Operands: the interpreter's fast path. Variables and constants used
// directly by an operator or an assignment are read in place (a switch on a
// small enum) instead of through a closure call each; this halves the cost of
// scalar loops.

/// Where a variable lives at run time, resolved once at compile time. Trivially
/// copyable (no reference counting when matched), which the fast path relies on.
enum Slot {
    case local(Int)
    /// A cell of the environment `depth` levels up (see Frame.swift).
    case captured(depth: Int, index: Int)
    /// The function whose call is running (a local function naming itself).
    case itself
    case global(GlobalSlot)

    @inline(__always) func read(_ f: Frame) -> Value? {
        switch self {
        case .local(let i): return f.slots[i]
        case .captured(let d, let i): return f.environment(d).cells[i]
        case .itself: return f.callee.map { .function($0) }
        case .global(let g): return g.frame.slots[g.index]
        }
    }

    /// The number held in the slot, read in place (no copy of the Value), or nil.
    @inline(__always) func readNumber(_ f: Frame) -> Double? {
        let p: UnsafeMutablePointer<Value?>
        switch self {
        case .local(let i): p = f.slots + i
        case .captured(let d, let i): p = f.environment(d).cells + i
        case .itself: return nil
        case .global(let g): p = g.frame.slots + g.index
        }
        switch p.pointee {
        case .number(let d)?: return d
        default: return nil
        }
    }

    /// Stores a number; when the slot already holds a number (nothing to release)
    /// the old value is overwritten without the general destroy.
    @inline(__always) func writeNumber(_ f: Frame, _ d: Double) {
        let p: UnsafeMutablePointer<Value?>
        switch self {
        case .local(let i): p = f.slots + i
        case .captured(let depth, let i): p = f.environment(depth).cells + i
        case .itself: return  // never assigned: a name assigned in the body is a local
        case .global(let g): p = g.frame.slots + g.index
        }
        if case .number? = p.pointee { p.initialize(to: .number(d)) } else { p.pointee = .number(d) }
    }

    @inline(__always) func write(_ f: Frame, _ v: Value) {
        switch self {
        case .local(let i): f.slots[i] = v
        case .captured(let d, let i): f.environment(d).cells[i] = v
        case .itself: break  // never assigned (see writeNumber)
        case .global(let g): g.frame.slots[g.index] = v
        }
    }
}

/// A global variable's slot. The globals frame lives as long as the interpreter
/// that runs this code, so the reference need not be counted.
struct GlobalSlot {
    unowned(unsafe) let frame: Frame
    let index: Int
}

/// What an "undefined variable" error needs; kept out of line so operands stay trivially copyable.
/// The message is built when the error happens, so its "did you mean" sees the names
/// assigned by then (and compiling costs no edit distances).
final class VariableReference {
    let name: String
    let span: Span
    let locator: Locator
    /// The function scopes around the reference (their locals are candidates too).
    let scope: Compiler.FunctionScope?
    weak var interpreter: Interpreter?

    init(_ name: String, span: Span, compiler: Compiler) {
        self.name = name
        self.span = span
        self.locator = compiler.located
        self.scope = compiler.scope
        self.interpreter = compiler.interpreter
    }

    var error: Diagnostic {
        var candidates = interpreter?.definedGlobalNames ?? []
        var s = scope
        while let sc = s { candidates += sc.slots.keys; s = sc.parent }
        let hint = Suggestions.hint(for: name, among: candidates)
        return locator(RuntimeError("undefined variable '\(name)'\(hint)"), span)
    }
}

/// An operand of an operator: a constant, a variable, or any other compiled expression.
enum Operand {
    case constant(Value)
    case variable(Slot, Unmanaged<VariableReference>)
    case code(Code)

    @inline(__always) func evaluate(_ f: Frame) throws -> Value {
        switch self {
        case .constant(let v): return v
        case .variable(let slot, let reference):
            guard let v = slot.read(f) else { throw reference.takeUnretainedValue().error }
            return v
        case .code(let c): return try c(f)
        }
    }
}

extension Compiler {
    func slot(for name: String) -> Slot {
        switch resolve(name) {
        case .local(let i): return .local(i)
        case .captured(let d, let i): return .captured(depth: d, index: i)
        case .itself: return .itself
        case .global(let i): return .global(GlobalSlot(frame: interpreter.globals, index: i))
        }
    }

    func operand(_ e: Expr) throws -> Operand {
        switch e.kind {
        case .number(let d): return .constant(.number(d))
        case .bool(let b): return .constant(.bool(b))
        case .name(let n):
            let reference = VariableReference(n, span: e.span, compiler: self)
            interpreter.keepAlive.append(reference)  // owns what the Unmanaged operand points to
            return .variable(slot(for: n), Unmanaged.passUnretained(reference))
        default: return .code(try expression(e))
        }
    }
}

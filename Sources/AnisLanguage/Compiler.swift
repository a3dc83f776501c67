// Compiler: turns the AST into a tree of Swift closures ("closure compilation").
// Names are resolved to frame slots here, once, so running code never looks a
// name up. This file holds scopes and statements; expressions, calls and
// assignments have their own files.
import AnisTensor

/// Compiled code: runs against the frame of the function activation it belongs to.
typealias Code = (Frame) throws -> Value

final class Compiler {
    let source: SourceText
    let interpreter: Interpreter
    /// The function being compiled; nil at the top level, where variables are globals.
    var scope: FunctionScope?
    var topLevelLoopDepth = 0
    /// True while compiling the inside of a pure arithmetic tree (Compiler+Numeric.swift).
    var insideArithmetic = false

    final class FunctionScope {
        let parent: FunctionScope?
        var slots: [String: Int] = [:]
        /// Slot -> cell index for the locals an inner function reads (they live in the Environment).
        var cells: [Int: Int] = [:]
        var loopDepth = 0
        /// For a local function (`fn` inside a function): its own name, which its body reads
        /// as the running function itself instead of through a cell (no cycle; see Frame.swift).
        var selfName: String?
        /// A list comprehension's scope: its loop variables, but no `return`.
        var isComprehension = false
        init(parent: FunctionScope?) { self.parent = parent }
        func declare(_ name: String) -> Int {
            if let i = slots[name] { return i }
            let i = slots.count
            slots[name] = i
            return i
        }
        /// Moves the locals named in `captured` into cells.
        func box(_ captured: Set<String>) {
            for (name, slot) in slots.sorted(by: { $0.value < $1.value }) where captured.contains(name) {
                cells[slot] = cells.count
            }
        }
        /// Whether an activation of this function has an Environment level of its own.
        var hasEnvironment: Bool { !cells.isEmpty }
    }

    /// Where a name lives, decided at compile time.
    enum Resolution {
        case local(Int)
        /// A cell `depth` Environment levels up from the running frame's own.
        case captured(depth: Int, cell: Int)
        /// A local function's own name inside its body: the function now running.
        case itself
        case global(Int)
    }

    init(source: SourceText, interpreter: Interpreter) {
        self.source = source
        self.interpreter = interpreter
    }

    /// Every local that an inner function reads is a cell (Captures.swift finds
    /// them before the body is compiled), so a name found in an enclosing scope is a cell.
    func resolve(_ name: String) -> Resolution {
        var depth = 0
        var s = scope
        while let sc = s {
            if let i = sc.slots[name] {
                if let cell = sc.cells[i] { return .captured(depth: depth, cell: cell) }
                assert(sc === scope, "Captures missed '\(name)', read by an inner function")
                return .local(i)
            }
            if sc === scope, sc.selfName == name { return .itself }
            if sc.hasEnvironment { depth += 1 }
            s = sc.parent
        }
        return .global(interpreter.globalSlot(name))
    }

    // MARK: errors

    func syntaxError(_ message: String, _ span: Span) -> Diagnostic {
        Diagnostic(kind: .syntax, message: message, span: span, source: source)
    }

    var located: Locator { Locator(source: source) }

    // MARK: program and statements

    /// The whole program, and whether it ends in a bare expression (whose value the REPL shows).
    func compileProgram(_ statements: [Stmt]) throws -> (Code, Bool) {
        let endsInExpression: Bool
        if case .expr? = statements.last?.kind { endsInExpression = true } else { endsInExpression = false }
        return (try sequence(statements), endsInExpression)
    }

    /// Statements run in order; a break, continue or return stops the sequence.
    func sequence(_ statements: [Stmt]) throws -> Code {
        // Closures taken out of an array go through a reabstraction thunk on every
        // call, so the short (common) cases are built without one.
        switch statements.count {
        case 0: return { _ in .none }
        case 1: return try statement(statements[0])
        case 2:
            let a = try statement(statements[0]), b = try statement(statements[1])
            return { f in
                _ = try a(f)
                if f.signal != .normal { return .none }
                return try b(f)
            }
        default:
            let codes = try statements.map { try statement($0) }
            let head = Array(codes.dropLast()), last = codes[codes.count - 1]
            return { f in
                for c in head {
                    _ = try c(f)
                    if f.signal != .normal { return .none }
                }
                return try last(f)
            }
        }
    }

    func statement(_ s: Stmt) throws -> Code {
        switch s.kind {
        case .expr(let e):
            return try expression(e)
        case .assign(let targets, let value):
            return try assignment(targets, value, span: s.span)
        case .compound(let op, let target, let value):
            return try compoundAssignment(op, target, value, span: s.span)
        case .function(let decl):
            let make = try function(decl, isLocalStatement: scope != nil)
            let store = try storer(for: decl.name)
            return { f in
                try store(f, try make(f))
                return .none
            }
        case .forLoop(let variables, let iterable, let body):
            return try forLoop(variables, iterable, body, span: s.span)
        case .whileLoop(let condition, let body):
            return try whileLoop(condition, body, span: s.span)
        case .breakLoop, .continueLoop:
            let isBreak: Bool
            if case .breakLoop = s.kind { isBreak = true } else { isBreak = false }
            guard loopDepth > 0 else { throw syntaxError("'\(isBreak ? "break" : "continue")' outside a loop", s.span) }
            let signal: Signal = isBreak ? .breakLoop : .continueLoop
            return { f in f.signal = signal; return .none }
        case .returnValue(let value):
            guard let current = scope else { throw syntaxError("'return' outside a function", s.span) }
            if current.isComprehension { throw syntaxError("'return' inside a list comprehension", s.span) }
            let code = try value.map { try expression($0) }
            return { f in
                f.returned = try code?(f) ?? .none
                f.signal = .returnValue
                return .none
            }
        }
    }

    var loopDepth: Int {
        get { scope?.loopDepth ?? topLevelLoopDepth }
        set { if let s = scope { s.loopDepth = newValue } else { topLevelLoopDepth = newValue } }
    }

    func whileLoop(_ condition: Expr, _ body: Expr, span: Span) throws -> Code {
        let cond = try expression(condition)
        loopDepth += 1
        let run = try expression(body)
        loopDepth -= 1
        unowned(unsafe) let interp = interpreter
        let located = self.located
        return { f in
            while true {
                let c = try cond(f)
                let go: Bool
                if case .bool(let b) = c { go = b } else {
                    do { go = try c.truth() } catch { throw located(error, condition.span) }
                }
                if !go { break }
                _ = try run(f)
                if f.signal != .normal {
                    if f.signal == .breakLoop { f.signal = .normal; break }
                    if f.signal == .continueLoop { f.signal = .normal } else { return .none }
                }
                interp.ticks &+= 1
                if interp.ticks & 1023 == 0 {
                    do { try interp.checkpoint() } catch { throw located(error, span) }
                }
            }
            return .none
        }
    }

    func forLoop(_ variables: [(String, Span)], _ iterable: Expr, _ body: Expr, span: Span) throws -> Code {
        let items = try expression(iterable)
        let stores = try variables.map { try storer(for: $0.0) }
        loopDepth += 1
        let run = try expression(body)
        loopDepth -= 1
        unowned(unsafe) let interp = interpreter
        let located = self.located
        let single = stores.count == 1 ? stores[0] : nil
        let counter = variables.count == 1 ? slot(for: variables[0].0) : nil
        let names = variables.map(\.0)

        // Runs one iteration; false means leave the loop.
        @inline(__always) func iterate(_ f: Frame) throws -> Bool {
            _ = try run(f)
            if f.signal != .normal {
                if f.signal == .breakLoop { f.signal = .normal; return false }
                if f.signal == .continueLoop { f.signal = .normal } else { return false }
            }
            interp.ticks &+= 1
            if interp.ticks & 1023 == 0 {
                do { try interp.checkpoint() } catch { throw located(error, span) }
            }
            return true
        }

        return { f in
            let sequence = try items(f)
            if case .range(let r) = sequence, let counter {
                var i = r.start
                let step = r.step
                while step > 0 ? i < r.stop : i > r.stop {
                    counter.writeNumber(f, Double(i))
                    if try !iterate(f) { break }
                    i += step
                }
                return .none
            }
            guard let elements = sequence.iterated() else {
                throw located(RuntimeError("for: cannot iterate over a \(sequence.typeDescription)"), iterable.span)
            }
            // `progress(xs)`: the loop reports how far it got, however it ends.
            var done = 0
            let observer: LoopObserver?
            if case .object(let o) = sequence { observer = o as? LoopObserver } else { observer = nil }
            observer?.loopStarted()
            defer { observer?.loopEnded(done) }
            for element in elements {
                if let observer { observer.loopAdvanced(done); done += 1 }
                if let store = single {
                    try store(f, element)
                } else {
                    guard let parts = element.iterated(), parts.count == stores.count else {
                        throw located(RuntimeError("for: cannot unpack \(element.typeDescription) into \(names.joined(separator: ", "))"), iterable.span)
                    }
                    for (store, part) in zip(stores, parts) { try store(f, part) }
                }
                if try !iterate(f) { break }
            }
            return .none
        }
    }
}

/// Attaches a span to an error raised while running: the one place runtime
/// errors become Diagnostics. Compiled closures capture this (not the compiler).
struct Locator {
    let source: SourceText

    func callAsFunction(_ error: any Error, _ span: Span) -> Diagnostic {
        if var d = error as? Diagnostic {
            if d.fromInclude {
                let (line, column) = source.position(of: span.start)
                d.trace.append("included from \(source.name):\(line):\(column): \(source.line(line).trimmingSpaces)")
                d.fromInclude = false
            }
            return d
        }
        let message: String
        if let e = error as? RuntimeError { message = e.message }
        else if let e = error as? TensorError { message = e.message }
        else { message = "\(error)" }
        return Diagnostic(kind: .runtime, message: message, span: span, source: source)
    }
}

// Interpreter: the state of one session — globals, the random generator, output,
// printing format — and the one driver that runs a source text through
// parse -> compile -> execute.
import AnisTensor

public final class Interpreter {
    /// Global variables live in one frame; `globalSlots` maps a name to its slot.
    let globals = Frame(slotCount: 512, environment: nil)
    private(set) var globalSlots: [String: Int] = [:]
    private var globalOrder: [String] = []
    /// Slots below this index hold the built-ins; user names come after.
    private var builtinSlotCount = 0

    var rng: PCG64
    private var initialSeed: UInt64
    /// The seed last given (`seed()` with no argument returns it; `session_info()` shows it).
    private(set) var currentSeed: UInt64
    /// Where `print` goes; a sweep cell swaps in a buffer while it runs (Sweep.evaluate).
    var output: (String) -> Void
    /// Shows a value richly (a notebook's inline image) instead of as text; returns
    /// false to fall back on text. Nil outside front ends that can (the Jupyter kernel).
    var richDisplay: ((Value) -> Bool)?
    var format = TensorFormat()
    let arguments: [String]

    /// The text of the previous entry when it held only comments, and such comments by the
    /// name of the entry that followed them: `help f` shows them for a function defined there.
    var lastCommentEntry: String?
    var entryDocs: [String: String] = [:]

    /// Loop iterations and calls allowed per `run` (the fuzzer's budget, the golden tests'
    /// guard against hangs); nil = unlimited.
    var stepBudget: Int?
    /// Counts loop iterations and calls; every 1024 the slow path polls Ctrl-C and the budget.
    var ticks = 0
    private var stepsThisRun = 0
    var callDepth = 0
    /// Bounds of the native stack of the thread running the current `run`.
    var stack = StackGuard()
    /// Objects that compiled code points to without counting references (see Operand).
    var keepAlive: [AnyObject] = []
    /// Frees the cycles closures over local functions form (CycleCollector.swift).
    let cycles = CycleCollector()
    /// The tapes of the `grad` calls now running (Autodiff/Tape.swift).
    var autodiff = AutodiffContext()
    static let maxCallDepth = 10_000
    /// How `sweep` runs cells (workers, progress bar, shard); set by the host.
    var sweepSettings = SweepSettings()
    /// True in a sweep's worker process (nested parallelism stays off there).
    var isSweepWorker = false
    /// Set when a sharded sweep stopped the run after computing its share (Sweep.finish).
    var shardFinished: String?

    init(arguments: [String], seed: UInt64, output: @escaping (String) -> Void) {
        self.arguments = arguments
        self.output = output
        self.initialSeed = seed
        self.currentSeed = seed
        self.rng = PCG64(seed: seed)
        _ = ValueLimits.residentAtStart  // before any value is made (ValueLimits.room)
        installBuiltins()
    }

    private func installBuiltins() {
        for builtin in Builtins.registry.all {
            let slot = globalSlot(builtin.name)
            globals.slots[slot] = .function(Function(builtin: builtin))
        }
        globals.slots[globalSlot("args")] = .list(arguments.map { .string($0) })
        globals.slots[globalSlot("pi")] = .number(Double.pi)
        globals.slots[globalSlot("e")] = .number(2.718281828459045)
        globals.slots[globalSlot("inf")] = .number(Double.infinity)
        globals.slots[globalSlot("nan")] = .number(Double.nan)
        builtinSlotCount = globalOrder.count
    }

    /// The slot of global `name`, created (unassigned) if new.
    func globalSlot(_ name: String) -> Int {
        if let i = globalSlots[name] { return i }
        let i = globalOrder.count
        globalSlots[name] = i
        globalOrder.append(name)
        globals.ensureCapacity(i + 1)
        return i
    }

    /// Names the user has assigned, sorted.
    var globalNames: [String] {
        globalOrder[builtinSlotCount...].filter { globals.slots[globalSlots[$0] ?? 0] != nil }.sorted()
    }

    /// Every global that holds a value, built-ins included (candidates for "did you mean").
    var definedGlobalNames: [String] {
        globalOrder.filter { globals.slots[globalSlots[$0] ?? 0] != nil }
    }

    func describeVariables() -> String {
        var out = ""
        for name in globalNames {
            guard let slot = globalSlots[name], let v = globals.slots[slot] else { continue }
            out += "\(name) = \(summary(v))\n"
        }
        return out.isEmpty ? "(no variables)\n" : out
    }

    func reset() {
        for i in 0..<globalOrder.count { globals.slots[i] = nil }
        globalSlots = [:]
        globalOrder = []
        rng = PCG64(seed: initialSeed)
        currentSeed = initialSeed
        installBuiltins()
    }

    func seed(_ n: UInt64) {
        rng = PCG64(seed: n)
        currentSeed = n
    }

    /// Parses, compiles and runs `source`. Returns the value of a trailing bare expression.
    func run(_ source: SourceText) throws(Diagnostic) -> Value? {
        try prepare(source)()
    }

    /// Parses and compiles `source` once; each call of the result runs it as `run` does
    /// (`:timeit` times the runs without the parsing).
    func prepare(_ source: SourceText) throws(Diagnostic) -> () throws(Diagnostic) -> Value? {
        let (program, endsInExpression) = try compile(source)
        return { [unowned self] () throws(Diagnostic) -> Value? in
            try self.execute(program, endsInExpression: endsInExpression, source: source)
        }
    }

    /// Parses `source` into top-level statements without running them (documents run
    /// them a few at a time, to show each one's output below it).
    func parse(_ source: SourceText) throws(Diagnostic) -> [Stmt] {
        do { return try Parser.parse(source) } catch {
            let (message, span) = Brackets.relocate(error, in: source)
            throw Diagnostic(kind: .syntax, message: message + Brackets.elseHint(span, in: source), span: span, source: source)
        }
    }

    /// Compiles and runs statements parsed from `source`, as `run` does with a whole text.
    func run(_ statements: [Stmt], source: SourceText) throws(Diagnostic) -> Value? {
        let (program, endsInExpression) = try compile(statements, source)
        return try execute(program, endsInExpression: endsInExpression, source: source)
    }

    private func execute(_ program: Code, endsInExpression: Bool, source: SourceText) throws(Diagnostic) -> Value? {
        if !source.name.hasPrefix("<") {
            // A script can find files next to itself: `"{script_dir}/figures"`.
            globals.slots[globalSlot("script_dir")] = .string(Interpreter.directory(of: source.name))
        }
        stepsThisRun = 0
        callDepth = 0
        stack = StackGuard()
        globals.signal = .normal
        // What this entry's calls left in cycles is freed before the next one (or the
        // process's end) rather than at some later closure's creation.
        defer { cycles.collect() }
        do {
            let value = try program(globals)
            return endsInExpression ? value : nil
        } catch let e as Diagnostic {
            throw e
        } catch {
            throw Diagnostic(kind: .runtime, message: "\(error)", span: .none, source: source)
        }
    }

    /// Parses and compiles `source`: the program, and whether it ends in a bare expression.
    private func compile(_ source: SourceText) throws(Diagnostic) -> (Code, Bool) {
        try compile(try parse(source), source)
    }

    private func compile(_ statements: [Stmt], _ source: SourceText) throws(Diagnostic) -> (Code, Bool) {
        do {
            return try Compiler(source: source, interpreter: self).compileProgram(statements)
        } catch let e as Diagnostic {
            throw e
        } catch {
            throw Diagnostic(kind: .syntax, message: "\(error)", span: .none, source: source)
        }
    }

    /// How deeply `include` calls may nest (a file that includes itself stops here).
    static let maxIncludeDepth = 64
    private var includeDepth = 0

    /// `include(path)`: runs a file in the global scope in the middle of a run, so the
    /// functions and variables it defines become globals. Unlike `run` it keeps the
    /// running program's state (call depth, budget, stack bounds); `script_dir` names
    /// the included file's folder while it runs and is restored afterwards.
    func include(_ path: String) throws -> Value {
        guard includeDepth < Interpreter.maxIncludeDepth else {
            throw RuntimeError("include: files nest more than \(Interpreter.maxIncludeDepth) deep (does '\(path)' include itself?)")
        }
        let program: Code
        do { (program, _) = try compile(SourceText(name: path, text: try TextFile.read(path, op: "include", admit: ValueLimits.admitString(path, op: "include")))) } catch var d as Diagnostic {
            d.fromInclude = true
            throw d
        }
        let dirSlot = globalSlot("script_dir")
        let savedDir = globals.slots[dirSlot]
        globals.slots[dirSlot] = .string(Interpreter.directory(of: path))
        includeDepth += 1
        defer { includeDepth -= 1; globals.slots[dirSlot] = savedDir }
        do { _ = try program(globals) } catch var d as Diagnostic {
            d.fromInclude = true
            throw d
        }
        return .none
    }

    /// The folder part of a file path ("." for a bare name): the value of `script_dir`.
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let dir = String(path[..<slash])
        return dir.isEmpty ? "/" : dir
    }

    /// The slow half of `tick`: polls Ctrl-C and the step budget.
    func checkpoint() throws(RuntimeError) {
        if Interrupt.isRequested {
            Interrupt.clear()
            throw RuntimeError("interrupted")
        }
        if let budget = stepBudget {
            stepsThisRun += 1024
            if stepsThisRun > budget { throw RuntimeError("step budget of \(budget) exhausted") }
        }
    }

    /// Charges `count` steps of work that a built-in does in a loop of its own (a training
    /// step of train_autoencoder costs one per sample of its batch, about what one loop
    /// iteration of the interpreter costs), before it starts: a step budget then bounds the
    /// built-ins too, and a call past it fails at once instead of running for minutes.
    func charge(_ count: Int) throws(RuntimeError) {
        guard let budget = stepBudget else { return }
        let (total, overflow) = stepsThisRun.addingReportingOverflow(Swift.max(0, count))
        guard !overflow, total <= budget else { throw RuntimeError("step budget of \(budget) exhausted") }
        stepsThisRun = total
    }

    // MARK: printing

    /// What `print` writes for a value: strings without quotes.
    func display(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        return render(v)
    }

    /// What the REPL shows for a value.
    func render(_ v: Value) -> String {
        switch v {
        case .number(let d): return Tensor.formatNumber(d, format)
        case .bool(let b): return b ? "true" : "false"
        case .none: return "none"
        case .string(let s): return Interpreter.quoted(s)
        case .tensor(let t): return t.formatted(format)
        case .list(let xs): return "[" + xs.map { inline($0) }.joined(separator: ", ") + "]"
        case .record(let r):
            return "{" + zip(r.keys, r.values).map { "\($0): \(inline($1))" }.joined(separator: ", ") + "}"
        case .function(let f): return "<fn \(f.signature)>"
        case .range(let r): return r.step == 1 ? "\(r.start):\(r.stop)" : "\(r.start):\(r.stop):\(r.step)"
        case .object(let o): return o.render(self)
        case .tracked(let t): return render(t.plain)
        }
    }

    /// A value inside a list or record: tensors shown on one line when small, summarised otherwise.
    func inline(_ v: Value) -> String {
        if case .tensor(let t) = v {
            if t.count <= 16 {
                var f = format
                f.lineWidth = Int.max
                return t.formatted(f).split(separator: "\n").map { $0.trimmingSpaces }.joined(separator: " ")
            }
            return "<tensor \(t.shapeDescription)>"
        }
        // A plot or model inside a list is named, not drawn.
        if case .object(let o) = v { return "<\(o.typeName)>" }
        return render(v)
    }

    /// One-line description for `:vars`.
    func summary(_ v: Value) -> String {
        switch v {
        case .tensor(let t) where t.count > 8: return "tensor \(t.shapeDescription)"
        case .list(let xs) where xs.count > 8: return "list of \(xs.count)"
        default: return inline(v)
        }
    }

    /// A string as the REPL shows it: in double quotes, with quotes, backslashes, tabs and
    /// line breaks escaped (so error messages quoting user text show where it has whitespace).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\r\n": out += "\\r\\n"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}

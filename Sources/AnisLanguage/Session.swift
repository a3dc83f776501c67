// Session: the public face of the language. The command line, the REPL, the
// golden-test harness and the fuzzer all drive anis through this one type.
import AnisTensor

public final class Session {
    let interpreter: Interpreter

    /// - Parameters:
    ///   - arguments: what the script sees as `args` (strings).
    ///   - seed: initial seed of the random generator (`--seed`); scripts are deterministic by default.
    ///   - output: where `print` and shown values go (stdout for the CLI, a buffer in tests).
    public init(arguments: [String] = [], seed: UInt64 = 0, output: @escaping (String) -> Void = { print($0, terminator: "") }) {
        interpreter = Interpreter(arguments: arguments, seed: seed, output: output)
    }

    /// Runs a source text (a whole script, or one REPL entry).
    /// - Returns: the value of the last statement when it is a bare expression
    ///   (what the REPL prints), else `nil`.
    /// - Throws: the first syntax or runtime error, as a `Diagnostic`.
    /// An entry that is only a help request (`help svd  # comment`, `?svd`, `help(for)`)
    /// prints the page instead (an unknown topic is an error with a suggestion).
    public func run(_ source: String, file: String) throws(Diagnostic) -> Value? {
        let text = SourceText(name: file, text: source)
        // A REPL entry of only comments documents a function the next entry defines.
        if let comment = interpreter.lastCommentEntry { interpreter.entryDocs[file] = comment }
        interpreter.lastCommentEntry = HelpTopics.commentOnly(text)
        if let request = HelpRequest.parse(source) {
            try interpreter.showHelp(request, source: text)
            return nil
        }
        return try interpreter.run(text)
    }

    /// Parses and compiles an entry once; each call of the result runs it (`:timeit`).
    public func prepare(_ source: String, file: String) throws(Diagnostic) -> () throws(Diagnostic) -> Value? {
        try interpreter.prepare(SourceText(name: file, text: source))
    }

    /// Runs `body` with the session's output discarded (`:timeit` shows one run's output, not thousands).
    public func quietly<T>(_ body: () throws(Diagnostic) -> T) throws(Diagnostic) -> T {
        let saved = interpreter.output, savedDisplay = interpreter.richDisplay
        interpreter.output = { _ in }
        interpreter.richDisplay = savedDisplay.map { _ in { _ in true } }   // nor thousands of figures
        defer { interpreter.output = saved; interpreter.richDisplay = savedDisplay }
        return try body()
    }

    /// False when `source` ends inside an open bracket, block or string, or right
    /// after an operator: the REPL then reads a continuation line.
    public func isComplete(_ source: String) -> Bool {
        if HelpRequest.parse(source) != nil { return true }   // `?svd` is not code but is complete
        return !Brackets.entryContinues(SourceText(name: "<repl>", text: source))
    }

    /// How the REPL shows a value (NumPy-like for tensors).
    public func render(_ value: Value) -> String { interpreter.render(value) }

    /// Called by `show(value)` before it prints: a front end that can show a value
    /// richly (the Jupyter kernel: a plot as an inline PNG) does so and returns true.
    public var richDisplay: ((Value) -> Bool)? {
        get { interpreter.richDisplay }
        set { interpreter.richDisplay = newValue }
    }

    /// Names the user has defined in this session, sorted.
    public var variableNames: [String] { interpreter.globalNames }

    /// `name = value` lines for every variable in the session (the REPL's `:vars`).
    public func describeVariables() -> String { interpreter.describeVariables() }

    /// Every built-in's name, sorted.
    public var builtinNames: [String] { Builtins.registry.names }

    /// The language's reserved words, for tab completion.
    public static let keywords: [String] = Lexer.keywords.sorted()

    /// `help` text: for a built-in, keyword, operator, syntax topic or the user's own
    /// function or variable called `topic`, or the topic index when nil.
    /// Nil when nothing is called `topic`.
    public func help(_ topic: String?) -> String? {
        guard let topic else { return Builtins.registry.help(nil, width: interpreter.pageWidth) }
        return try? interpreter.helpPage(topic)
    }

    /// The help page for `topic`; an unknown topic throws a message with a "did you mean".
    public func helpPage(_ topic: String) throws(RuntimeError) -> String { try interpreter.helpPage(topic) }

    /// When true (the REPL), long BLAS/LAPACK calls run on a worker thread so Ctrl-C
    /// returns at once; their result is then discarded. Process-wide.
    public var detachesLongCalls: Bool {
        get { Detached.enabled }
        set { Detached.enabled = newValue }
    }

    /// Columns that printed tensors and help pages may fill (the terminal's width; 80 by default).
    public var lineWidth: Int {
        get { interpreter.format.lineWidth }
        set { interpreter.format.lineWidth = max(20, newValue) }
    }

    /// The library section of grammar.md (markdown), generated from the registry of built-ins:
    /// per topic a `###` heading; per built-in its signature, doc paragraph and example.
    /// `anis --library-reference` prints it; `scripts/update_grammar.sh` pastes it into grammar.md.
    public static func libraryReference() -> String { Builtins.registry.markdownReference() }

    /// Forgets every variable and restores the seed: a fresh session with the same output.
    public func reset() { interpreter.reset() }

    /// Reseeds the random generator, as `seed(n)` does.
    public func seed(_ n: UInt64) { interpreter.seed(n) }

    /// How `sweep` runs its cells: worker processes (only for a single-threaded host such
    /// as the command line; the default, 1, runs cells in-process), progress bar, shard.
    public var sweepSettings: SweepSettings {
        get { interpreter.sweepSettings }
        set { interpreter.sweepSettings = newValue }
    }

    /// When a run ended because a sharded sweep computed its share (`--shard`), what to
    /// tell the user; the run then counts as a success.
    public var shardFinished: String? { interpreter.shardFinished }

    /// Caps the number of loop iterations and calls a `run` may perform (the fuzzer's step budget);
    /// built-ins that loop inside count their iterations too (Interpreter.charge).
    public var stepBudget: Int? {
        get { interpreter.stepBudget }
        set { interpreter.stepBudget = newValue }
    }

    /// Printing precision for tensors and numbers (`precision(n)` in the language).
    public var precision: Int {
        get { interpreter.format.precision }
        set { interpreter.format.precision = newValue; interpreter.format.shortestScalars = false }
    }
}

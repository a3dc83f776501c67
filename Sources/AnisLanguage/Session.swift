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
    public func run(_ source: String, file: String) throws(Diagnostic) -> Value? {
        try interpreter.run(SourceText(name: file, text: source))
    }

    /// False when `source` ends inside an open bracket, block or string, or right
    /// after an operator: the REPL then reads a continuation line.
    public func isComplete(_ source: String) -> Bool {
        Parser.isComplete(SourceText(name: "<repl>", text: source))
    }

    /// How the REPL shows a value (NumPy-like for tensors).
    public func render(_ value: Value) -> String { interpreter.render(value) }

    /// Names the user has defined in this session, sorted.
    public var variableNames: [String] { interpreter.globalNames }

    /// `name = value` lines for every variable in the session (the REPL's `:vars`).
    public func describeVariables() -> String { interpreter.describeVariables() }

    /// Every built-in's name, sorted.
    public var builtinNames: [String] { Builtins.registry.names }

    /// The language's reserved words, for tab completion.
    public static let keywords: [String] = Lexer.keywords.sorted()

    /// `help` text: for a built-in or keyword with `topic`, or the topic index when nil.
    /// Nil when nothing is called `topic`.
    public func help(_ topic: String?) -> String? { Builtins.registry.help(topic) }

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

    /// Caps the number of loop iterations and calls a `run` may perform (the fuzzer's step budget).
    public var stepBudget: Int? {
        get { interpreter.stepBudget }
        set { interpreter.stepBudget = newValue }
    }

    /// Printing precision for tensors and numbers (`precision(n)` in the language).
    public var precision: Int {
        get { interpreter.format.precision }
        set { interpreter.format.precision = newValue }
    }
}

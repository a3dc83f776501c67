// CommandLine: turns argv into an Invocation (what to run, with which seed and
// script arguments) and holds the usage text shown by --help.

import AnisLanguage

/// What the user asked for on the command line.
struct Invocation: Sendable, Equatable {
    enum Mode: Sendable, Equatable {
        /// Interactive session (stdin is a terminal and no script was given).
        case repl
        /// Run a script file.
        case script(path: String)
        /// Run `-e` code and print the value of its last expression.
        case eval(code: String)
        /// Run all of stdin as one script (`anis -` or stdin not a terminal).
        case stdin
        /// `--help`, or `--help NAME`: the page of a built-in, keyword or topic.
        case help(topic: String?)
        case version
        /// `--version --verbose`: everything `session_info()` reports.
        case versionVerbose
        /// A tool word such as `reprex` or `check`, with the words after it.
        case subcommand(name: String, arguments: [String])
    }

    var mode: Mode
    /// What the program sees as `args`.
    var arguments: [String] = []
    var seed: UInt64 = 0
    /// `--shard i/N`: run only shard i of N of every sweep (see Sharding.swift).
    var shard: ShardOption?
}

/// A command line that cannot be understood: exit status 2.
struct UsageError: Error, Equatable {
    let message: String
}

enum ArgumentParser {
    static let version = "anis \(BuildInfo.version)"

    static let usage = """
    usage: anis [options] [script.anis | -] [args...]
           anis [options] -e CODE [args...]

    With no script and a terminal on stdin, anis starts an interactive session
    (REPL). With no script and stdin not a terminal, it runs stdin as a script.

    options:
      -e, --eval CODE   run CODE and print the value of its last expression
                        (may be repeated; the pieces are joined by newlines)
      -                 read the script from stdin
      --seed N          seed of the random generator (default 0: runs are
                        deterministic unless a seed is given)
      --shard I/N       compute only shard I of N (0 ≤ I < N) of every sweep's
                        cells, into its folder (default under a Slurm job
                        array: the task's place in the array)
      -h, --help [NAME] show this help, or the help page of NAME (a built-in,
                        keyword, operator or topic such as indexing), and exit
      --version         print the version and exit (with --verbose: the commit,
                        random stream, BLAS, LAPACK, OS and CPU as well)
      --                end of options: the next word is the script

    Arguments after the script (or after -e CODE) are passed to the program
    as `args`, a list of strings; options there are not interpreted.
    A script may start with `#!/usr/bin/env anis`.

    REPL: `help` lists built-ins, `help NAME` or `?NAME` explains one, `:help`
    lists commands (:time, :timeit, :vars, :load, :reset, :quit). Ctrl-C interrupts a running
    computation (variables are kept); Ctrl-D exits. History is kept in
    ~/.anis_history (or $ANIS_HISTORY).

    environment:
      NO_COLOR          when set (non-empty), error messages are not coloured
      ANIS_HISTORY      path of the REPL history file
      ANIS_MEMORY_LIMIT most bytes all tensors may hold (e.g. 2G; default 75% of memory)
      ANIS_STRICT_WIDENING=1, ANIS_NO_TMPFILE=1  test hooks (scripts/test_cli_hardening.sh)

    exit status:
      0  success
      1  runtime error
      2  usage error, unreadable script, or syntax error
      120  standard output could not be written (full disk, closed, ulimit -f)
      128+N  stopped by signal N (130: Ctrl-C, 143: SIGTERM); output is kept

    """

    /// Parses the arguments after the program name.
    /// - Parameter stdinIsTerminal: decides between the REPL and running stdin when no script is given.
    static func parse(_ argv: [String], stdinIsTerminal: Bool) -> Result<Invocation, UsageError> {
        if let first = argv.first, Subcommands.named(first) != nil {
            return .success(Invocation(mode: .subcommand(name: first, arguments: Array(argv.dropFirst()))))
        }
        var seed: UInt64 = 0
        var shard: ShardOption?
        var code: [String] = []
        var i = 0
        func value(for option: String) -> Result<String, UsageError> {
            guard i + 1 < argv.count else { return .failure(UsageError(message: "option '\(option)' needs a value")) }
            i += 1
            return .success(argv[i])
        }
        func parseSeed(_ s: String) -> Result<UInt64, UsageError> {
            if let n = UInt64(s) { return .success(n) }
            return .failure(UsageError(message: "--seed needs a non-negative integer, got '\(s)'"))
        }
        while i < argv.count {
            let arg = argv[i]
            switch arg {
            case "-h", "--help":
                let topic = i + 1 < argv.count ? argv[i + 1] : nil
                return .success(Invocation(mode: .help(topic: topic)))
            case "--version", "-V", "--verbose":
                let verbose = argv.contains("--verbose")
                guard argv.contains("--version") || argv.contains("-V") else {
                    return .failure(UsageError(message: "--verbose goes with --version"))
                }
                return .success(Invocation(mode: verbose ? .versionVerbose : .version))
            case "-e", "--eval":
                switch value(for: arg) {
                case .success(let c): code.append(c)
                case .failure(let e): return .failure(e)
                }
            case "--seed":
                switch value(for: arg).flatMap(parseSeed) {
                case .success(let n): seed = n
                case .failure(let e): return .failure(e)
                }
            case "--shard":
                switch value(for: arg).flatMap(ShardOption.parse) {
                case .success(let s): shard = s
                case .failure(let e): return .failure(e)
                }
            case "--":
                i += 1
                return .success(positional(Array(argv[i...]), code: code, seed: seed, stdinIsTerminal: stdinIsTerminal).sharded(shard))
            default:
                if arg.hasPrefix("--seed=") {
                    switch parseSeed(String(arg.dropFirst("--seed=".count))) {
                    case .success(let n): seed = n
                    case .failure(let e): return .failure(e)
                    }
                } else if arg.hasPrefix("--shard=") {
                    switch ShardOption.parse(String(arg.dropFirst("--shard=".count))) {
                    case .success(let s): shard = s
                    case .failure(let e): return .failure(e)
                    }
                } else if arg.hasPrefix("-"), arg != "-" {
                    return .failure(UsageError(message: "unknown option '\(arg)'"))
                } else {
                    return .success(positional(Array(argv[i...]), code: code, seed: seed, stdinIsTerminal: stdinIsTerminal).sharded(shard))
                }
            }
            i += 1
        }
        return .success(positional([], code: code, seed: seed, stdinIsTerminal: stdinIsTerminal).sharded(shard))
    }

    /// The first positional word is the script unless `-e` was given; the rest are `args`.
    private static func positional(_ words: [String], code: [String], seed: UInt64, stdinIsTerminal: Bool) -> Invocation {
        if !code.isEmpty {
            return Invocation(mode: .eval(code: code.joined(separator: "\n")), arguments: words, seed: seed)
        }
        guard let first = words.first else {
            return Invocation(mode: stdinIsTerminal ? .repl : .stdin, seed: seed)
        }
        let rest = Array(words.dropFirst())
        if first == "-" { return Invocation(mode: .stdin, arguments: rest, seed: seed) }
        return Invocation(mode: .script(path: first), arguments: rest, seed: seed)
    }
}

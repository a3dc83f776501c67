// REPL: the interactive loop. Reads entries (continuing while the parser says the
// text is incomplete), evaluates them in one Session, and survives every error.
import Glibc
import AnisLanguage

final class REPL {
    static let banner = "\(ArgumentParser.version) — type help for built-ins, :help for commands, Ctrl-D to exit\n"
    static let prompt = "anis> "
    static let continuationPrompt = "  ...> "

    private let session: Session
    private let editor: LineEditor
    private let seed: UInt64
    /// Code entries in the order they were run (for `:reprex`).
    private var inputs: [String] = []
    /// Entries evaluated so far: errors name the entry, `<repl:12>:1:5`.
    private var entries = 0

    init(seed: UInt64) {
        self.seed = seed
        session = Session(arguments: [], seed: seed, output: Terminal.write)
        session.sweepSettings = Sharding.settings(Invocation(mode: .repl), sharded: false)
        session.detachesLongCalls = true
        editor = LineEditor(historyPath: LineEditor.defaultHistoryPath)
        Completion.session = session
        Completion.commands = MetaCommand.names
    }

    /// Runs until Ctrl-D or a quit command; always returns 0.
    func run() -> Int32 {
        Terminal.write(Self.banner)
        var buffer = ""
        while true {
            if !Terminal.endsWithNewline { Terminal.write("\n") }
            Completion.pendingEntry = buffer
            let input = editor.readLine(prompt: buffer.isEmpty ? Self.prompt : Self.continuationPrompt)
            switch input {
            case .endOfInput:
                Terminal.write("\n")
                Terminal.flush()
                return 0
            case .interrupted:
                buffer = ""
            case .line(let line):
                if buffer.isEmpty {
                    if line.trimmingWhitespace().isEmpty { continue }
                    if let command = MetaCommand.parse(line) {
                        editor.remember(line)
                        if command == .quit { Terminal.flush(); return 0 }
                        perform(command)
                        continue
                    }
                    buffer = line
                } else {
                    buffer += "\n" + line
                }
                guard session.isComplete(buffer) else { continue }
                editor.remember(buffer)
                inputs.append(buffer)
                evaluate(buffer, file: nextEntryName())
                buffer = ""
            }
        }
    }

    /// `<repl:N>` for the next entry.
    private func nextEntryName() -> String {
        entries += 1
        return "<repl:\(entries)>"
    }

    /// Runs an entry; prints its value unless it is `none` or a statement.
    /// - Returns: the value, or nil after an error.
    @discardableResult
    private func evaluate(_ code: String, file: String, printValue: Bool = true) -> Value? {
        Signals.beginEvaluation()
        defer { Signals.endEvaluation() }
        session.lineWidth = Terminal.width   // the window may have been resized
        do {
            let value = try session.run(code, file: file)
            if printValue, let value { show(value) }
            return value ?? Value.none
        } catch {
            // The terminal echoed ^C mid-line: start the message on a line of its own.
            if Signals.interruptedDuringEvaluation { Terminal.write("\n") }
            BatchRunner.report(error)
            return nil
        }
    }

    private func show(_ value: Value) {
        if case .none = value { return }
        Terminal.write(session.render(value) + "\n")
    }

    private func perform(_ command: MetaCommand) {
        switch command {
        case .time(let code):
            let start = Clock.now()
            let value = evaluate(code, file: nextEntryName(), printValue: false)
            let elapsed = Clock.now() - start
            guard let value else { return }   // the error was reported; no time for a failed run
            show(value)
            Terminal.write("time: \(Clock.format(elapsed))\n")
        case .timeit(let code):
            timeit(code)
        case .vars:
            let text = session.describeVariables()
            Terminal.write(text.isEmpty ? "no variables\n" : fitToWidth(text))
        case .load(let path):
            switch SourceFiles.read(path) {
            case .success(let text): evaluate(text, file: path, printValue: false)
            case .failure(let message): Terminal.writeError("anis: \(message)\n")
            }
        case .reprex(let count):
            guard !inputs.isEmpty else { Terminal.writeError("no inputs yet\n"); return }
            let code = inputs.suffix(count ?? inputs.count).joined(separator: "\n")
            _ = ReprexCommand.write(Reprex(code: code, seed: seed), to: "-", html: false)
        case .reset:
            session.reset()
            inputs = []
            Terminal.write("session reset\n")
        case .commands:
            Terminal.write(MetaCommand.helpText)
        case .invalid(let message):
            Terminal.writeError("anis: \(message)\n")
        case .quit:
            break
        }
    }

    /// `:timeit`: compiles once, runs once to size the loops, then times `repeats` loops.
    /// Output of the runs is shown once (the first run's); an error or Ctrl-C stops it.
    private func timeit(_ code: String) {
        Signals.beginEvaluation()
        defer { Signals.endEvaluation() }
        session.lineWidth = Terminal.width
        do {
            Terminal.write(try TimeIt.measure(code, file: nextEntryName(), in: session))
        } catch {
            if Signals.interruptedDuringEvaluation { Terminal.write("\n") }
            BatchRunner.report(error)
        }
    }

    /// Shortens each line to the terminal width (`:vars` of a big tensor stays one line).
    private func fitToWidth(_ text: String) -> String {
        let width = max(20, Terminal.width)
        var out = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            out += line.count > width ? line.prefix(width - 1) + "…" : line
            out += "\n"
        }
        if text.hasSuffix("\n") { out.removeLast() }
        return out
    }
}

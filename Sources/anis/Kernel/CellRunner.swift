// CellRunner: runs notebook cells in one Session, knowing nothing of sockets, so the
// tests and the fuzz replay drive exactly what the kernel runs. Output is reported as
// it happens (printed text, inline figures); the outcome says what the cell's value
// shows as, or the error with its located diagnostic. `help NAME` (the session's) and
// the REPL's commands (`:vars`, `:time CODE`, `:timeit CODE`, `:load FILE`, `:reset`)
// work in a one-line cell.
import AnisLanguage
import AnisTensor

/// Data keyed by MIME type (`text/plain`, `image/png` in base64, `image/svg+xml`).
typealias MimeBundle = [String: String]

final class CellRunner {
    enum Event {
        case stream(name: String, text: String)
        case display(MimeBundle)
    }

    enum Outcome {
        /// The cell ran; its value's bundle when it ends in an expression shown as text.
        case ok(MimeBundle?)
        case error(name: String, value: String, traceback: [String])
    }

    let session: Session
    /// Receives output while a cell runs.
    var onEvent: (Event) -> Void = { _ in }
    /// Cells run with store_history, numbered from 1.
    private(set) var executionCount = 0
    private(set) var history: [(count: Int, code: String)] = []

    init(seed: UInt64 = 0) {
        var forward: (Event) -> Void = { _ in }
        session = Session(arguments: [], seed: seed, output: { forward(.stream(name: "stdout", text: $0)) })
        forward = { [unowned self] event in self.onEvent(event) }
        session.richDisplay = { [unowned self] value in
            guard let bundle = RichDisplay.figureBundle(value, text: self.session.render(value)) else { return false }
            self.onEvent(.display(bundle))
            return true
        }
    }

    /// Numbers the cell (when it is stored in the history) and returns its number.
    func count(_ code: String, storeHistory: Bool) -> Int {
        guard storeHistory else { return executionCount }
        executionCount += 1
        history.append((executionCount, code))
        return executionCount
    }

    /// Runs one cell. A plot value is shown as a figure (a display event), other values
    /// as text in the outcome; `none` and statements show nothing.
    func run(_ code: String, name: String) -> Outcome {
        if let command = oneLineCommand(code) { return perform(command, name: name) }
        return evaluate(code, name: name, show: true)
    }

    private func evaluate(_ code: String, name: String, show: Bool) -> Outcome {
        Interrupt.clear()
        do {
            guard let value = try session.run(code, file: name), show else { return .ok(nil) }
            if case .none = value { return .ok(nil) }
            let text = session.render(value)
            if let figure = RichDisplay.figureBundle(value, text: text) {
                onEvent(.display(figure))
                return .ok(nil)
            }
            return .ok(RichDisplay.valueBundle(value, text: text, precision: session.precision))
        } catch {
            return CellRunner.failure(error)
        }
    }

    /// An error outcome: the located diagnostic (coloured: notebooks render ANSI) is the traceback.
    static func failure(_ diagnostic: Diagnostic) -> Outcome {
        let name: String
        if diagnostic.message == "interrupted" {
            name = "Interrupted"
        } else {
            name = diagnostic.kind == .syntax ? "SyntaxError" : "RuntimeError"
        }
        var lines = diagnostic.rendered(color: true).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return .error(name: name, value: diagnostic.message, traceback: lines)
    }

    // MARK: REPL commands

    private func oneLineCommand(_ code: String) -> MetaCommand? {
        let text = code.trimmingWhitespace()
        guard !text.contains("\n") else { return nil }
        return MetaCommand.parse(text)
    }

    private func perform(_ command: MetaCommand, name: String) -> Outcome {
        switch command {
        case .time(let code):
            let start = Clock.now()
            let outcome = evaluate(code, name: name, show: true)
            if case .ok = outcome { onEvent(.stream(name: "stdout", text: "time: \(Clock.format(Clock.now() - start))\n")) }
            return outcome
        case .timeit(let code):
            Interrupt.clear()
            do {
                return message(try TimeIt.measure(code, file: name, in: session), error: false)
            } catch {
                return CellRunner.failure(error)
            }
        case .vars:
            let text = session.describeVariables()
            return message(text.isEmpty ? "no variables" : text, error: false)
        case .load(let path):
            switch SourceFiles.read(path) {
            case .success(let text): return evaluate(text, name: path, show: false)
            case .failure(let failure): return message("anis: \(failure)", error: true)
            }
        case .reset:
            session.reset()
            return message("session reset", error: false)
        case .reprex:
            return message("anis: :reprex works in the terminal REPL; in a notebook, use anis reprex on a file", error: true)
        case .commands:
            return message(MetaCommand.helpText, error: false)
        case .quit:
            return message("to leave, shut down or restart the kernel from the notebook", error: true)
        case .invalid(let text):
            return message("anis: \(text)", error: true)
        }
    }

    /// Text for the stdout or stderr stream; the cell itself succeeds.
    private func message(_ text: String, error: Bool) -> Outcome {
        onEvent(.stream(name: error ? "stderr" : "stdout", text: text.hasSuffix("\n") ? text : text + "\n"))
        return .ok(nil)
    }
}

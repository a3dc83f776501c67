// DocumentSession: runs the code of a document (a reprex, the ```anis blocks of a
// Markdown file, a notebook's cells) in one session, chunk after chunk, and
// captures what each statement prints, so that the output can be written right
// below the line it belongs to (`anis reprex`) or compared with what a document
// says it prints (`anis check`).
//
// A chunk is parsed whole, as a script would be, then run one *entry* at a time:
// the statements that share a line (`a = 1; a + 1`) form one entry, which prints
// like a REPL input: what it prints, then the value of a final bare expression.
// An error is shown in place and the next entry still runs, as in the REPL. A
// syntax error runs the part of the chunk before it and skips the rest.
//
// Errors name the source `<reprex>` and count lines through all chunks' code in
// order (prose between chunks is not counted), so a reprex written from a script
// and the same code checked from its Markdown report the same positions.
import AnisTensor

public final class DocumentSession {
    /// The file name errors show.
    public static let sourceName = "<reprex>"

    /// What an entry printed, below one source line.
    public enum Output {
        /// One line of text (no newline).
        case line(String)
        /// A plot the entry evaluated to: a reprex draws it as a picture.
        case plot(PlotValue)
    }

    private final class Buffer { var text = "" }
    private let buffer = Buffer()
    private let session: Session
    /// Code lines of the chunks run so far (the line offset of the next chunk).
    private var linesSoFar = 0
    public let initialSeed: UInt64

    public init(seed: UInt64 = 0) {
        let buffer = self.buffer
        initialSeed = seed
        session = Session(arguments: [], seed: seed, output: { buffer.text += $0 })
    }

    /// The session the chunks run in (its variables, precision, seed).
    public var underlyingSession: Session { session }

    /// Runs one chunk of code lines; returns, for each line, what was printed below it.
    public func run(_ lines: [String]) -> [[Output]] {
        let offset = linesSoFar
        linesSoFar += lines.count
        var outputs = [[Output]](repeating: [], count: lines.count)
        guard !lines.isEmpty else { return outputs }
        let interpreter = session.interpreter
        let source = Self.source(lines[...], offset: offset)
        do {
            runEntries(try interpreter.parse(source), source: source, offset: offset, into: &outputs)
        } catch {
            // Run what parses before the error, then show it below its line.
            let errorLine = min(max(error.line - offset - 1, 0), lines.count - 1)
            for k in stride(from: errorLine, to: 0, by: -1) {
                let prefix = Self.source(lines[0..<k], offset: offset)
                if let statements = try? interpreter.parse(prefix) {
                    runEntries(statements, source: prefix, offset: offset, into: &outputs)
                    break
                }
            }
            outputs[errorLine] += Self.lines(error.rendered(color: false)).map { .line($0) }
        }
        return outputs
    }

    /// Text of `lines`, preceded by blank lines so line numbers count from the first chunk.
    private static func source(_ lines: ArraySlice<String>, offset: Int) -> SourceText {
        SourceText(name: sourceName, text: String(repeating: "\n", count: offset) + lines.joined(separator: "\n"))
    }

    private func runEntries(_ statements: [Stmt], source: SourceText, offset: Int, into outputs: inout [[Output]]) {
        func line(_ byte: Int) -> Int { source.position(of: byte).line - offset - 1 }
        var i = 0
        while i < statements.count {
            // An entry: statements up to the last one that starts on a line the entry has reached.
            var end = line(max(statements[i].span.start, statements[i].span.end - 1))
            var j = i + 1
            while j < statements.count, line(statements[j].span.start) <= end {
                end = max(end, line(max(statements[j].span.start, statements[j].span.end - 1)))
                j += 1
            }
            let target = min(max(end, 0), outputs.count - 1)
            outputs[target] += runEntry(Array(statements[i..<j]), source: source)
            i = j
        }
    }

    private func runEntry(_ statements: [Stmt], source: SourceText) -> [Output] {
        buffer.text = ""
        let savedSize = PlotValue.fixedTerminalSize
        PlotValue.fixedTerminalSize = true
        defer { PlotValue.fixedTerminalSize = savedSize }
        var out: [Output] = []
        do {
            let value = try session.interpreter.run(statements, source: source)
            out = Self.lines(buffer.text).map { .line($0) }
            if let value { out += show(value) }
        } catch {
            out = Self.lines(buffer.text).map { .line($0) }
            out += Self.lines(error.rendered(color: false)).map { .line($0) }
        }
        buffer.text = ""
        return out
    }

    /// How the REPL would show a value: nothing for none, a picture for a plot.
    private func show(_ value: Value) -> [Output] {
        switch value {
        case .none: return []
        case .object(let o):
            if let plot = o as? PlotValue { return [.plot(plot)] }
            return Self.lines(session.render(value)).map { .line($0) }
        default: return Self.lines(session.render(value)).map { .line($0) }
        }
    }

    /// Text split into lines; a final newline does not start another line.
    static func lines(_ text: String) -> [String] {
        guard !text.isEmpty else { return [] }
        var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }
}

// Diagnostic: every error anis reports, as a value with a source position, and
// the one place that renders it as `file:line:col: error: message`, the source
// line and a caret under the span.

/// A source text with its name, and the line table needed to turn byte offsets into positions.
public struct SourceText: Sendable {
    public let name: String
    public let bytes: [UInt8]
    /// Byte offset at which each line starts.
    let lineStarts: [Int]

    public init(name: String, text: String) {
        self.name = name
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// 1-based line and column (in characters) of a byte offset.
    public func position(of offset: Int) -> (line: Int, column: Int) {
        let clamped = max(0, min(offset, bytes.count))
        var lo = 0, hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= clamped { lo = mid } else { hi = mid - 1 }
        }
        let start = lineStarts[lo]
        let column = String(decoding: bytes[start..<clamped], as: UTF8.self).count + 1
        return (lo + 1, column)
    }

    /// The text of a 1-based line, without its newline.
    public func line(_ number: Int) -> String {
        guard number >= 1, number <= lineStarts.count else { return "" }
        let start = lineStarts[number - 1]
        var end = number < lineStarts.count ? lineStarts[number] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}

/// A half-open byte range in one source text.
public struct Span: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) { self.start = start; self.end = max(start, end) }
    public static let none = Span(0, 0)
    public func to(_ other: Span) -> Span { Span(min(start, other.start), max(end, other.end)) }
}

/// An error with everything needed to show it: where, what, and what kind.
public struct Diagnostic: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable { case syntax, runtime }

    public let kind: Kind
    public let message: String
    public let file: String
    public let line: Int
    public let column: Int
    /// Width of the caret run, in characters (at least 1).
    public let length: Int
    public let sourceLine: String
    /// Call stack, innermost first, for errors raised inside user functions: `in f at file:3:5`.
    public var trace: [String] = []
    /// Set while an error leaves an included file: the `include` call site adds a
    /// trace line naming itself ("included from main.anis:3:1: ..."), then clears it.
    var fromInclude = false

    /// 2 for syntax errors, 1 for runtime errors: the exit status of a failed script.
    public var exitCode: Int32 { kind == .syntax ? 2 : 1 }

    public init(kind: Kind, message: String, span: Span, source: SourceText) {
        self.kind = kind
        self.message = message
        self.file = source.name
        let (line, column) = source.position(of: span.start)
        self.line = line
        self.column = column
        self.sourceLine = source.line(line)
        let (endLine, endColumn) = source.position(of: span.end)
        self.length = endLine == line ? max(1, endColumn - column) : max(1, sourceLine.count - column + 1)
    }

    public var description: String { rendered(color: false) }

    /// `file:line:col: error: message`, the source line, and a caret under the span.
    public func rendered(color: Bool) -> String {
        let bold = color ? "\u{1B}[1m" : "", red = color ? "\u{1B}[1;31m" : ""
        let green = color ? "\u{1B}[1;32m" : "", reset = color ? "\u{1B}[0m" : ""
        var out = "\(bold)\(file):\(line):\(column): \(red)error:\(reset)\(bold) \(message)\(reset)\n"
        if !sourceLine.isEmpty {
            // Long lines (generated code, fuzz input) are shown as a window around the caret.
            var text = Array(sourceLine)
            var caretColumn = column
            let window = 100
            if text.count > window {
                let start = max(0, min(column - 1 - window / 2, text.count - window))
                let end = min(text.count, start + window)
                text = (start > 0 ? ["…"] : []) + Array(text[start..<end]) + (end < sourceLine.count ? ["…"] : [])
                caretColumn = column - start + (start > 0 ? 1 : 0)
            }
            let gutter = String(line)
            out += " \(gutter) | \(String(text))\n"
            // Tabs in the prefix are kept so the caret lines up under the source.
            let prefix = text.prefix(max(0, caretColumn - 1)).map { $0 == "\t" ? "\t" : " " }.joined()
            let width = max(1, min(length, text.count - (caretColumn - 1)))
            out += " \(String(repeating: " ", count: gutter.count)) | \(prefix)\(green)^\(String(repeating: "~", count: width - 1))\(reset)\n"
        }
        for frame in trace { out += "  \(frame)\n" }
        return out
    }
}

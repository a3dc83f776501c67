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
        var bytes = Array(text.utf8)
        // A UTF-8 byte-order mark (some editors write one) is not part of the program, and a
        // lone \r is an old Mac line ending: both would be syntax errors at 1:1.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        for i in bytes.indices where bytes[i] == 0x0D && (i + 1 == bytes.count || bytes[i + 1] != 0x0A) { bytes[i] = 0x0A }
        self.bytes = bytes
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
        let (file, message) = (Self.visible(self.file), Self.visible(self.message, keepingNewlines: true))
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
            // Control characters are shown escaped (a script must not drive the terminal
            // through an error message); the caret counts their escaped width.
            let shown = text.map { $0 == "\t" ? "\t" : Self.visible(String($0)) }
            out += " \(gutter) | \(shown.joined())\n"
            // Tabs in the prefix are kept so the caret lines up under the source.
            let before = max(0, min(caretColumn - 1, shown.count))
            let prefix = shown[..<before].map { $0 == "\t" ? "\t" : String(repeating: " ", count: $0.count) }.joined()
            let spanned = shown[before..<min(shown.count, before + max(1, length))].reduce(0) { $0 + $1.count }
            let width = max(1, spanned)
            out += " \(String(repeating: " ", count: gutter.count)) | \(prefix)\(green)^\(String(repeating: "~", count: width - 1))\(reset)\n"
        }
        for frame in trace { out += "  \(Self.visible(frame))\n" }
        return out
    }

    /// `text` with control characters (C0 but tab, DEL, C1) and the bidirectional
    /// overrides of "Trojan source" written as escapes (`\u{1B}`), so that printing
    /// it cannot move the cursor, recolour or reorder the terminal's text.
    static func visible(_ text: String, keepingNewlines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: { isHidden($0, keepingNewlines) }) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isHidden(scalar, keepingNewlines) {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func isHidden(_ s: Unicode.Scalar, _ keepingNewlines: Bool) -> Bool {
        switch s.value {
        case 0x09: return false
        case 0x0A: return !keepingNewlines
        case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}

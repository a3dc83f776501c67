// Lexer: turns source bytes into tokens. Newlines are tokens (they end
// statements); the parser decides where they are insignificant.

struct Lexer {
    static let keywords: Set<String> = [
        "fn", "if", "else", "for", "in", "while", "break", "continue", "return",
        "and", "or", "not", "true", "false", "none",
    ]
    private static let keywordKinds: [String: TokenKind] = [
        "fn": .kwFn, "if": .kwIf, "else": .kwElse, "for": .kwFor, "in": .kwIn,
        "while": .kwWhile, "break": .kwBreak, "continue": .kwContinue, "return": .kwReturn,
        "and": .kwAnd, "or": .kwOr, "not": .kwNot, "true": .kwTrue, "false": .kwFalse, "none": .kwNone,
    ]

    /// Why lexing stopped early; `unterminated` errors mean "the REPL should read more".
    struct Failure: Error {
        let message: String
        let span: Span
        let atEndOfInput: Bool
    }

    let source: SourceText
    private let bytes: [UInt8]
    private var pos: Int
    private let end: Int
    /// Open brackets, innermost last. Inside `(` and `[` a newline is only
    /// whitespace, so expressions continue across lines; inside `{` it separates statements.
    private var brackets: [UInt8] = []

    /// Lexes `range` of `source` (the whole text by default; an interpolated `{expr}` otherwise).
    init(_ source: SourceText, range: Span? = nil) {
        self.source = source
        self.bytes = source.bytes
        self.pos = range?.start ?? 0
        self.end = range?.end ?? source.bytes.count
    }

    mutating func tokenize() throws(Failure) -> [Token] {
        var tokens: [Token] = []
        while true {
            let t = try next()
            switch t.kind {
            case .lparen: brackets.append(UInt8(ascii: "("))
            case .lbracket: brackets.append(UInt8(ascii: "["))
            case .lbrace: brackets.append(UInt8(ascii: "{"))
            case .rparen, .rbracket, .rbrace: if !brackets.isEmpty { brackets.removeLast() }
            case .newline:
                if let top = brackets.last, top != UInt8(ascii: "{") { continue }
            default: break
            }
            tokens.append(t)
            if t.kind == .eof { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> UInt8 {
        let i = pos + offset
        return i < end ? bytes[i] : 0
    }

    private mutating func next() throws(Failure) -> Token {
        skipSpaceAndComments()
        guard pos < end else { return Token(kind: .eof, span: Span(end, end)) }
        let start = pos
        let c = bytes[pos]

        if c == UInt8(ascii: "\n") {
            pos += 1
            return Token(kind: .newline, span: Span(start, pos))
        }
        if isDigit(c) || (c == UInt8(ascii: ".") && isDigit(peek(1))) { return try number() }
        if isIdentifierStart(c) && (c < 0x80 || unicodeLetterLength(at: pos) > 0) { return identifier() }
        if c == UInt8(ascii: "\"") { return try string() }

        pos += 1
        func token(_ kind: TokenKind, _ length: Int = 1) -> Token {
            pos = start + length
            return Token(kind: kind, span: Span(start, pos))
        }
        let n = peek()
        switch c {
        case UInt8(ascii: "("): return token(.lparen)
        case UInt8(ascii: ")"): return token(.rparen)
        case UInt8(ascii: "["): return token(.lbracket)
        case UInt8(ascii: "]"): return token(.rbracket)
        case UInt8(ascii: "{"): return token(.lbrace)
        case UInt8(ascii: "}"): return token(.rbrace)
        case UInt8(ascii: ","): return token(.comma)
        case UInt8(ascii: ";"): return token(.semicolon)
        case UInt8(ascii: ":"): return token(.colon)
        case UInt8(ascii: "."): return token(.dot)
        case UInt8(ascii: "'"): return token(.transpose)
        case UInt8(ascii: "@"): return token(.at)
        case UInt8(ascii: "%"): return token(.percent)
        case UInt8(ascii: "+"): return n == UInt8(ascii: "=") ? token(.plusAssign, 2) : token(.plus)
        case UInt8(ascii: "-"):
            if n == UInt8(ascii: ">") { return token(.arrow, 2) }
            return n == UInt8(ascii: "=") ? token(.minusAssign, 2) : token(.minus)
        case UInt8(ascii: "*"):
            if n == UInt8(ascii: "*") { return token(.caret, 2) }  // `**` is accepted as `^`
            return n == UInt8(ascii: "=") ? token(.starAssign, 2) : token(.star)
        case UInt8(ascii: "/"): return n == UInt8(ascii: "=") ? token(.slashAssign, 2) : token(.slash)
        case UInt8(ascii: "^"): return n == UInt8(ascii: "=") ? token(.caretAssign, 2) : token(.caret)
        case UInt8(ascii: "="): return n == UInt8(ascii: "=") ? token(.equal, 2) : token(.assign)
        case UInt8(ascii: "!"):
            if n == UInt8(ascii: "=") { return token(.notEqual, 2) }
            throw Failure(message: "unexpected '!' (use 'not' for negation, '!=' for inequality)", span: Span(start, start + 1), atEndOfInput: false)
        case UInt8(ascii: "<"): return n == UInt8(ascii: "=") ? token(.lessEqual, 2) : token(.less)
        case UInt8(ascii: ">"): return n == UInt8(ascii: "=") ? token(.greaterEqual, 2) : token(.greater)
        default:
            // Report the whole (possibly multi-byte) character.
            var stop = pos
            while stop < end, bytes[stop] & 0xC0 == 0x80 { stop += 1 }
            let ch = String(decoding: bytes[start..<stop], as: UTF8.self)
            throw Failure(message: "unexpected character '\(ch)'", span: Span(start, stop), atEndOfInput: false)
        }
    }

    private mutating func skipSpaceAndComments() {
        while pos < end {
            let c = bytes[pos]
            if c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r") {
                pos += 1
            } else if c == UInt8(ascii: "\\") && peek(1) == UInt8(ascii: "\n") {
                pos += 2  // explicit line continuation
            } else if c == UInt8(ascii: "#") {
                while pos < end, bytes[pos] != UInt8(ascii: "\n") { pos += 1 }
            } else {
                return
            }
        }
    }

    private mutating func number() throws(Failure) -> Token {
        let start = pos
        var digits: [UInt8] = []
        func scanDigits() {
            while pos < end, isDigit(bytes[pos]) || (bytes[pos] == UInt8(ascii: "_") && isDigit(peek(1))) {
                if bytes[pos] != UInt8(ascii: "_") { digits.append(bytes[pos]) }
                pos += 1
            }
        }
        scanDigits()
        // A '.' followed by a digit is a fraction; `1.` alone is also a number, but not `1..` or `x.field`.
        if peek() == UInt8(ascii: "."), isDigit(peek(1)) || !(isIdentifierStart(peek(1)) || peek(1) == UInt8(ascii: ".")) {
            digits.append(UInt8(ascii: "."))
            pos += 1
            scanDigits()
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            let sign = peek(1) == UInt8(ascii: "+") || peek(1) == UInt8(ascii: "-")
            if isDigit(peek(sign ? 2 : 1)) {
                digits.append(UInt8(ascii: "e"))
                pos += 1
                if sign { digits.append(bytes[pos]); pos += 1 }
                scanDigits()
            }
        }
        if isIdentifierStart(peek()) && (peek() < 0x80 || unicodeLetterLength(at: pos) > 0) {
            throw Failure(message: "invalid number: a number cannot be followed by a letter", span: Span(start, pos + 1), atEndOfInput: false)
        }
        let text = String(decoding: digits, as: UTF8.self)
        guard let value = Double(text) else {
            throw Failure(message: "invalid number '\(text)'", span: Span(start, pos), atEndOfInput: false)
        }
        return Token(kind: .number, span: Span(start, pos), number: value)
    }

    /// Byte length of the UTF-8 character at `i` if it is a letter (σ, λ, é), else 0.
    private func unicodeLetterLength(at i: Int) -> Int {
        var n = 1
        while i + n < end, n < 4, bytes[i + n] & 0xC0 == 0x80 { n += 1 }
        let scalars = String(decoding: bytes[i..<i + n], as: UTF8.self).unicodeScalars
        guard scalars.count == 1, let u = scalars.first, u.properties.isAlphabetic else { return 0 }
        return n
    }

    private mutating func identifier() -> Token {
        let start = pos
        while pos < end {
            let c = bytes[pos]
            if c < 0x80 {
                guard isIdentifierStart(c) || isDigit(c) else { break }
                pos += 1
            } else {
                let n = unicodeLetterLength(at: pos)
                guard n > 0 else { break }
                pos += n
            }
        }
        let name = String(decoding: bytes[start..<pos], as: UTF8.self)
        if let kind = Lexer.keywordKinds[name] {
            return Token(kind: kind, span: Span(start, pos), text: name)
        }
        return Token(kind: .identifier, span: Span(start, pos), text: name)
    }

    /// A double-quoted string with escapes and `{expr}` interpolation.
    private mutating func string() throws(Failure) -> Token {
        let start = pos
        pos += 1
        var pieces: [StringPiece] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty { pieces.append(.text(String(decoding: text, as: UTF8.self))); text = [] }
        }
        while true {
            guard pos < end else {
                throw Failure(message: "unterminated string", span: Span(start, start + 1), atEndOfInput: true)
            }
            let c = bytes[pos]
            if c == UInt8(ascii: "\"") { pos += 1; break }
            if c == UInt8(ascii: "\\") {
                guard pos + 1 < end else {
                    throw Failure(message: "unterminated string", span: Span(start, start + 1), atEndOfInput: true)
                }
                let e = bytes[pos + 1]
                switch e {
                case UInt8(ascii: "n"): text.append(10)
                case UInt8(ascii: "t"): text.append(9)
                case UInt8(ascii: "r"): text.append(13)
                case UInt8(ascii: "0"): text.append(0)
                case UInt8(ascii: "\\"), UInt8(ascii: "\""), UInt8(ascii: "{"), UInt8(ascii: "}"): text.append(e)
                default:
                    throw Failure(message: "unknown escape '\\\(String(decoding: [e], as: UTF8.self))' (known: \\n \\t \\r \\0 \\\\ \\\" \\{ \\})", span: Span(pos, pos + 2), atEndOfInput: false)
                }
                pos += 2
                continue
            }
            if c == UInt8(ascii: "{") {
                flush()
                let codeStart = pos + 1
                let codeEnd = try matchingBrace(from: codeStart, stringStart: start)
                pieces.append(.code(Span(codeStart, codeEnd)))
                pos = codeEnd + 1
                continue
            }
            text.append(c)
            pos += 1
        }
        flush()
        return Token(kind: .string, span: Span(start, pos), pieces: pieces)
    }

    /// Offset of the `}` closing an interpolation that starts at `from`, skipping nested braces and strings.
    private func matchingBrace(from: Int, stringStart: Int) throws(Failure) -> Int {
        var depth = 0
        var i = from
        var inString = false
        while i < end {
            let c = bytes[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 2; continue }
                if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") {
                depth += 1
            } else if c == UInt8(ascii: "}") {
                if depth == 0 { return i }
                depth -= 1
            } else if c == UInt8(ascii: "\n") {
                break
            }
            i += 1
        }
        throw Failure(message: "unterminated '{' in string interpolation", span: Span(from - 1, from), atEndOfInput: i >= end)
    }
}

@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
@inline(__always) private func isIdentifierStart(_ c: UInt8) -> Bool {
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95 || c >= 0x80
}

// Brackets: which brackets a source text leaves open. A syntax error that runs
// into the end of the input is reported at the bracket that was never closed
// (`x = (1 +` points at the `(`), and the REPL keeps reading a block that is still
// open even after a line with a syntax error, so the whole block is discarded
// together instead of its tail running at the top level.

enum Brackets {
    /// The opening brackets still unclosed at the end of `source`, outermost first
    /// (nil when the text cannot be lexed, e.g. inside an unterminated string).
    static func unclosed(_ source: SourceText) -> [Token]? {
        var lexer = Lexer(source)
        guard let tokens = try? lexer.tokenize() else { return nil }
        var open: [Token] = []
        for t in tokens {
            switch t.kind {
            case .lparen, .lbracket, .lbrace: open.append(t)
            case .rparen, .rbracket, .rbrace: if !open.isEmpty { open.removeLast() }
            default: break
            }
        }
        return open
    }

    /// A syntax error that ran out of input, restated at the innermost unclosed bracket.
    static func relocate(_ error: ParseError, in source: SourceText) -> (message: String, span: Span) {
        guard error.atEndOfInput, let opener = unclosed(source)?.last else { return (error.message, error.span) }
        let closer = switch opener.kind { case .lparen: ")"; case .lbracket: "]"; default: "}" }
        let (line, column) = source.position(of: error.span.start)
        return ("'\(source.text(opener.span))' is never closed: the input ends (line \(line), column \(column))"
                + " before its '\(closer)'", opener.span)
    }

    /// A hint for an `else` that follows no `if`: at the REPL a line ending in `}`
    /// ends the entry, so `else` belongs on the same line as that `}`.
    static func elseHint(_ span: Span, in source: SourceText) -> String {
        guard source.text(span) == "else" else { return "" }
        return " (an 'else' continues the 'if' whose '}' comes right before it; at the REPL, where a line ending"
            + " in '}' ends the entry, write '} else {' on one line)"
    }

    /// True while a REPL entry should keep reading lines: the parser needs more, or a
    /// block is still open (even though an earlier line of it has a syntax error).
    static func entryContinues(_ source: SourceText) -> Bool {
        if Parser.isComplete(source) == false { return true }
        // Text that cannot be lexed (a stray character) is reported now.
        guard let open = unclosed(source) else { return false }
        return !open.isEmpty && (try? Parser.parse(source)) == nil
    }
}

extension SourceText {
    /// The text of a span.
    func text(_ span: Span) -> String {
        let lo = max(0, min(span.start, bytes.count)), hi = max(lo, min(span.end, bytes.count))
        return String(decoding: bytes[lo..<hi], as: UTF8.self)
    }
}

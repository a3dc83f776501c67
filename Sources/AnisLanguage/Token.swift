// Token: the lexer's output, a kind plus the source span it covers.

enum TokenKind: Equatable, Sendable {
    case number, string, identifier, newline, eof
    // keywords
    case kwFn, kwIf, kwElse, kwFor, kwIn, kwWhile, kwBreak, kwContinue, kwReturn
    case kwAnd, kwOr, kwNot, kwTrue, kwFalse, kwNone
    // brackets and separators
    case lparen, rparen, lbracket, rbracket, lbrace, rbrace
    case comma, semicolon, colon, dot, arrow
    // operators
    case plus, minus, star, slash, percent, caret, at, transpose
    case assign, plusAssign, minusAssign, starAssign, slashAssign, caretAssign
    case equal, notEqual, less, lessEqual, greater, greaterEqual
}

/// A piece of a string literal: literal text, or the byte span of an `{expr}` to interpolate.
enum StringPiece: Equatable, Sendable {
    case text(String)
    case code(Span)
}

struct Token: Sendable {
    var kind: TokenKind
    var span: Span
    /// The identifier's name or the operator's spelling.
    var text: String = ""
    var number: Double = 0
    var pieces: [StringPiece] = []
}

extension TokenKind {
    /// How the token is written, for "expected ..." messages.
    var spelling: String {
        switch self {
        case .number: "a number"
        case .string: "a string"
        case .identifier: "a name"
        case .newline: "end of line"
        case .eof: "end of input"
        case .kwFn: "'fn'"
        case .kwIf: "'if'"
        case .kwElse: "'else'"
        case .kwFor: "'for'"
        case .kwIn: "'in'"
        case .kwWhile: "'while'"
        case .kwBreak: "'break'"
        case .kwContinue: "'continue'"
        case .kwReturn: "'return'"
        case .kwAnd: "'and'"
        case .kwOr: "'or'"
        case .kwNot: "'not'"
        case .kwTrue: "'true'"
        case .kwFalse: "'false'"
        case .kwNone: "'none'"
        case .lparen: "'('"
        case .rparen: "')'"
        case .lbracket: "'['"
        case .rbracket: "']'"
        case .lbrace: "'{'"
        case .rbrace: "'}'"
        case .comma: "','"
        case .semicolon: "';'"
        case .colon: "':'"
        case .dot: "'.'"
        case .arrow: "'->'"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .percent: "'%'"
        case .caret: "'^'"
        case .at: "'@'"
        case .transpose: "'''"
        case .assign: "'='"
        case .plusAssign: "'+='"
        case .minusAssign: "'-='"
        case .starAssign: "'*='"
        case .slashAssign: "'/='"
        case .caretAssign: "'^='"
        case .equal: "'=='"
        case .notEqual: "'!='"
        case .less: "'<'"
        case .lessEqual: "'<='"
        case .greater: "'>'"
        case .greaterEqual: "'>='"
        }
    }
}

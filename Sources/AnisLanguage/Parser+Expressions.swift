// Parser+Expressions: expressions by precedence, lowest first:
// lambda, range `a:b:c`, or, and, not, comparison, + -, * / % @, unary -, ^, postfix.

extension Parser {
    /// `a, b, c` where a statement or `return` allows a tuple; a single expression otherwise.
    mutating func expressionList() throws(ParseError) -> Expr {
        let first = try expression()
        guard kind == .comma else { return first }
        var items = [first]
        while match(.comma) { items.append(try expression()) }
        return Expr(.tuple(items), first.span.to(items[items.count - 1].span))
    }

    mutating func expression() throws(ParseError) -> Expr {
        try nest(); defer { depth -= 1 }
        if kind == .identifier && peekKind(1) == .arrow {
            let name = advance()
            return try lambdaBody([Parameter(name: name.text, defaultValue: nil, span: name.span)], start: name.span)
        }
        if kind == .lparen && parenthesesStartLambda() {
            let open = advance()
            let parameters = try parameterList()
            return try lambdaBody(parameters, start: open.span)
        }
        return try range()
    }

    /// Whether the `(` at the cursor opens a lambda's parameter list: its matching `)` is followed by `->`.
    func parenthesesStartLambda() -> Bool {
        var depth = 0
        var i = index
        while i < tokens.count {
            switch tokens[i].kind {
            case .lparen, .lbracket, .lbrace: depth += 1
            case .rparen, .rbracket, .rbrace:
                depth -= 1
                if depth == 0 { return i + 1 < tokens.count && tokens[i + 1].kind == .arrow }
            case .eof: return false
            default: break
            }
            i += 1
        }
        return false
    }

    mutating func lambdaBody(_ parameters: [Parameter], start: Span) throws(ParseError) -> Expr {
        _ = try expect(.arrow, "after the lambda's parameters")
        skipNewlines()
        let body = (kind == .lbrace && !braceStartsRecord()) ? try block() : try expression()
        let decl = FunctionDecl(name: "lambda", parameters: parameters, body: body, span: start.to(body.span))
        return Expr(.lambda(decl), decl.span)
    }

    /// `a:b` or `a:b:step` (the stop is exclusive).
    mutating func range() throws(ParseError) -> Expr {
        let start = try or()
        guard kind == .colon else { return start }
        advance()
        let stop = try or()
        var step: Expr?
        if match(.colon) { step = try or() }
        return Expr(.range(start: start, stop: stop, step: step), start.span.to((step ?? stop).span))
    }

    mutating func or() throws(ParseError) -> Expr {
        let first = try and()
        var links: [ChainLink] = []
        while kind == .kwOr {
            advance(); skipNewlines()
            let rhs = try and()
            links.append(ChainLink(op: .or, rhs: rhs, span: first.span.to(rhs.span)))
        }
        return Parser.leftAssociative(first, links)
    }

    mutating func and() throws(ParseError) -> Expr {
        let first = try not()
        var links: [ChainLink] = []
        while kind == .kwAnd {
            advance(); skipNewlines()
            let rhs = try not()
            links.append(ChainLink(op: .and, rhs: rhs, span: first.span.to(rhs.span)))
        }
        return Parser.leftAssociative(first, links)
    }

    /// `first op rhs op rhs ...` grouped to the left: nested nodes for a short chain
    /// (what the compiler's fast paths expect), one flat `.chain` for a long one.
    static func leftAssociative(_ first: Expr, _ links: [ChainLink]) -> Expr {
        if links.count > flatChainLength { return Expr(.chain(first, links), links[links.count - 1].span) }
        var e = first
        for link in links {
            switch link.op {
            case .binary(let op): e = Expr(.binary(op, e, link.rhs), link.span)
            case .and: e = Expr(.and(e, link.rhs), link.span)
            case .or: e = Expr(.or(e, link.rhs), link.span)
            }
        }
        return e
    }

    mutating func not() throws(ParseError) -> Expr {
        if kind == .kwNot {
            let op = advance()
            try nest(); defer { depth -= 1 }
            let operand = try not()
            return Expr(.unary(.not, operand), op.span.to(operand.span))
        }
        return try comparison()
    }

    mutating func comparison() throws(ParseError) -> Expr {
        let ops: [TokenKind: BinaryOp] = [
            .equal: .equal, .notEqual: .notEqual, .less: .less, .lessEqual: .lessEqual,
            .greater: .greater, .greaterEqual: .greaterEqual,
        ]
        let lhs = try additive()
        guard let op = ops[kind] else { return lhs }
        advance(); skipNewlines()
        let rhs = try additive()
        if ops[kind] != nil {
            throw error("comparisons cannot be chained; write 'a < b and b < c'")
        }
        return Expr(.binary(op, lhs, rhs), lhs.span.to(rhs.span))
    }

    mutating func additive() throws(ParseError) -> Expr {
        let first = try multiplicative()
        var links: [ChainLink] = []
        while kind == .plus || kind == .minus {
            let op: BinaryOp = advance().kind == .plus ? .add : .sub
            skipNewlines()
            let rhs = try multiplicative()
            links.append(ChainLink(op: .binary(op), rhs: rhs, span: first.span.to(rhs.span)))
        }
        return Parser.leftAssociative(first, links)
    }

    mutating func multiplicative() throws(ParseError) -> Expr {
        let first = try unary()
        var links: [ChainLink] = []
        while let op = Parser.multiplicativeOperators[kind] {
            advance(); skipNewlines()
            let rhs = try unary()
            links.append(ChainLink(op: .binary(op), rhs: rhs, span: first.span.to(rhs.span)))
        }
        return Parser.leftAssociative(first, links)
    }
    static let multiplicativeOperators: [TokenKind: BinaryOp] = [.star: .mul, .slash: .div, .percent: .mod, .at: .matmul]

    mutating func unary() throws(ParseError) -> Expr {
        if kind == .minus || kind == .plus {
            let op = advance()
            try nest(); defer { depth -= 1 }
            let operand = try unary()
            // Fold `-3` into a literal so constants stay constants.
            if op.kind == .minus, case .number(let v) = operand.kind {
                return Expr(.number(-v), op.span.to(operand.span))
            }
            return Expr(.unary(op.kind == .minus ? .negate : .plus, operand), op.span.to(operand.span))
        }
        return try power()
    }

    /// `a ^ b`, right-associative, binding tighter than unary minus on its left: `-2^2` is -4.
    mutating func power() throws(ParseError) -> Expr {
        let base = try postfix()
        guard kind == .caret else { return base }
        advance(); skipNewlines()
        try nest(); defer { depth -= 1 }
        let exponent = try unary()
        return Expr(.binary(.pow, base, exponent), base.span.to(exponent.span))
    }

    /// Calls, indexing, fields and transposes chain to the left (`a.b[0](x)'`); each
    /// counts as a nesting level, so a chain longer than the limit is a located error.
    mutating func postfix() throws(ParseError) -> Expr {
        var e = try primary()
        var levels = 0
        defer { depth -= levels }
        while true {
            switch kind {
            case .lparen, .lbracket, .dot, .transpose: try nest(); levels += 1
            default: return e
            }
            switch kind {
            case .lparen:
                advance()
                let args = try arguments()
                let close = try expect(.rparen, "to close the argument list")
                e = Expr(.call(e, args), e.span.to(close.span))
            case .lbracket:
                advance()
                let entries = try indexEntries()
                let close = try expect(.rbracket, "to close the index")
                e = Expr(.index(e, entries), e.span.to(close.span))
            case .dot:
                advance()
                let name = try expect(.identifier, "after '.'")
                e = Expr(.field(e, name.text), e.span.to(name.span))
            case .transpose:
                let t = advance()
                e = Expr(.transpose(e), e.span.to(t.span))
            default:
                return e
            }
        }
    }

    /// Call arguments up to (not including) `)`: positional, then `name: value`.
    mutating func arguments() throws(ParseError) -> [Argument] {
        var args: [Argument] = []
        skipNewlines()
        while kind != .rparen && kind != .eof {
            if kind == .identifier && peekKind(1) == .colon {
                let label = advance()
                advance()
                skipNewlines()
                if args.contains(where: { $0.label == label.text }) {
                    throw error("keyword argument '\(label.text)' given twice", at: label.span)
                }
                args.append(Argument(label: label.text, value: try expression()))
            } else {
                if let last = args.last, last.label != nil {
                    throw error("positional argument after keyword argument '\(last.label ?? "")'")
                }
                args.append(Argument(label: nil, value: try expression()))
            }
            skipNewlines()
            if !match(.comma) { break }
            skipNewlines()
        }
        return args
    }

    /// Entries between `[` and `]`: expressions or slices `a:b:c` with any part omitted.
    mutating func indexEntries() throws(ParseError) -> [IndexEntry] {
        var entries: [IndexEntry] = []
        skipNewlines()
        while kind != .rbracket && kind != .eof {
            let startSpan = current.span
            var parts: [Expr?] = []
            var sawColon = false
            var part: Expr? = (kind == .colon) ? nil : try or()
            while kind == .colon {
                sawColon = true
                advance()
                parts.append(part)
                part = (kind == .colon || kind == .comma || kind == .rbracket) ? nil : try or()
            }
            parts.append(part)
            if !sawColon, let only = parts[0] {
                entries.append(.expr(only))
            } else {
                if parts.count > 3 { throw error("a slice has at most three parts, start:stop:step", at: startSpan) }
                let span = startSpan.to(tokens[max(0, index - 1)].span)
                entries.append(.slice(start: parts[0], stop: parts.count > 1 ? parts[1] : nil,
                                      step: parts.count > 2 ? parts[2] : nil, span: span))
            }
            skipNewlines()
            if !match(.comma) { break }
            skipNewlines()
        }
        return entries
    }

    /// Whether the `{` at the cursor opens a record (`{}` or `{name: ...`) rather than a block.
    func braceStartsRecord() -> Bool {
        var i = index + 1
        while i < tokens.count, tokens[i].kind == .newline { i += 1 }
        guard i < tokens.count else { return false }
        if tokens[i].kind == .rbrace { return true }
        return (tokens[i].kind == .identifier || tokens[i].kind == .string)
            && i + 1 < tokens.count && tokens[i + 1].kind == .colon
    }

    mutating func primary() throws(ParseError) -> Expr {
        let t = current
        switch t.kind {
        case .number:
            advance()
            return Expr(.number(t.number), t.span)
        case .string:
            advance()
            return Expr(.string(try interpolation(t.pieces)), t.span)
        case .kwTrue: advance(); return Expr(.bool(true), t.span)
        case .kwFalse: advance(); return Expr(.bool(false), t.span)
        case .kwNone: advance(); return Expr(.none, t.span)
        case .identifier:
            advance()
            return Expr(.name(t.text), t.span)
        case .lparen:
            advance()
            skipNewlines()
            let e = try expressionList()
            skipNewlines()
            let close = try expect(.rparen, "to close '('")
            return Expr(e.kind, t.span.to(close.span))
        case .lbracket:
            advance()
            var items: [Expr] = []
            skipNewlines()
            while kind != .rbracket && kind != .eof {
                items.append(try expression())
                skipNewlines()
                if items.count == 1 && kind == .kwFor { return try comprehension(items[0], open: t.span) }
                if !match(.comma) { break }
                skipNewlines()
            }
            let close = try expect(.rbracket, "to close '['")
            return Expr(.bracket(items), t.span.to(close.span))
        case .lbrace:
            guard braceStartsRecord() else {
                throw error("a block '{ ... }' is only allowed after if, else, for, while, fn or '->'; for a record write {name: value}")
            }
            return try record()
        case .kwIf:
            return try ifExpression()
        case .kwFn:
            throw error("'fn' needs a name here (fn name(x) = ...); for an anonymous function write a lambda, x -> x * x")
        case .eof:
            throw error("unexpected end of input")
        default:
            throw error("expected an expression, found \(describe(t))")
        }
    }

    mutating func record() throws(ParseError) -> Expr {
        let open = advance()
        var fields: [(key: String, value: Expr)] = []
        skipNewlines()
        while kind != .rbrace && kind != .eof {
            let key = advance()
            let name: String
            if key.kind == .identifier { name = key.text }
            else if key.kind == .string, key.pieces.count <= 1, case .text(let s)? = key.pieces.first ?? .text("") { name = s }
            else { throw error("expected a field name", at: key.span) }
            _ = try expect(.colon, "after the field name")
            skipNewlines()
            if fields.contains(where: { $0.key == name }) { throw error("duplicate field '\(name)'", at: key.span) }
            fields.append((name, try expression()))
            skipNewlines()
            if !match(.comma) { break }
            skipNewlines()
        }
        let close = try expect(.rbrace, "to close the record")
        return Expr(.record(fields), open.span.to(close.span))
    }

    /// `if c { } else if d { } else { }`: an expression whose value is the chosen block's.
    mutating func ifExpression() throws(ParseError) -> Expr {
        let start = advance().span
        try nest(); defer { depth -= 1 }
        let condition = try expression()
        let then = try block()
        // `else` may start the next line.
        var look = index
        while look < tokens.count, tokens[look].kind == .newline { look += 1 }
        guard look < tokens.count, tokens[look].kind == .kwElse else {
            return Expr(.ifElse(condition: condition, then: then, otherwise: nil), start.to(then.span))
        }
        index = look
        advance()
        let otherwise = kind == .kwIf ? try ifExpression() : try block()
        return Expr(.ifElse(condition: condition, then: then, otherwise: otherwise), start.to(otherwise.span))
    }

    /// Parses the `{expr}` pieces of a string literal.
    func interpolation(_ pieces: [StringPiece]) throws(ParseError) -> [StringPart] {
        var parts: [StringPart] = []
        for piece in pieces {
            switch piece {
            case .text(let s): parts.append(.text(s))
            case .code(let whole):
                // `{x:.3f}`: the first `:` outside brackets and strings starts a format spec.
                let colon = formatSpecColon(in: whole)
                let span = colon.map { Span(whole.start, $0) } ?? whole
                var spec: FormatSpec?
                if let colon {
                    let text = String(decoding: source.bytes[(colon + 1)..<whole.end], as: UTF8.self)
                    do { spec = try FormatSpec(parsing: text) } catch {
                        throw ParseError(message: error.message, span: Span(colon + 1, max(colon + 2, whole.end)), atEndOfInput: false)
                    }
                }
                var lexer = Lexer(source, range: span)
                let tokens: [Token]
                do { tokens = try lexer.tokenize() } catch {
                    throw ParseError(message: error.message, span: error.span, atEndOfInput: false)
                }
                var sub = Parser(source: source, tokens: tokens)
                sub.depth = depth + 1
                if sub.kind == .eof { throw ParseError(message: "empty interpolation '{}' in string (write \\{ for a literal brace)", span: Span(span.start - 1, span.end + 1), atEndOfInput: false) }
                let e = try sub.expression()
                if sub.kind != .eof {
                    throw ParseError(message: "expected '}' to end the interpolation, found \(sub.describe(sub.current))", span: sub.current.span, atEndOfInput: false)
                }
                if let spec { parts.append(.formatted(e, spec)) } else { parts.append(.expr(e)) }
            }
        }
        return parts
    }

    /// The offset of the `:` that starts an interpolation's format spec, if any: the first
    /// one at bracket depth 0 outside string literals (as in Python's f-strings).
    func formatSpecColon(in span: Span) -> Int? {
        let bytes = source.bytes
        var depth = 0, inString = false, i = span.start
        while i < span.end {
            let c = bytes[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inString = false }
            } else {
                switch c {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                case UInt8(ascii: ":") where depth == 0: return i
                default: break
                }
            }
            i += 1
        }
        return nil
    }
}

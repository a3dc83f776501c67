// Parser: recursive descent from tokens to the AST. Statements and the
// grammar's top levels live here; expressions are in Parser+Expressions.swift.
// The grammar is written out in grammar.md.

struct ParseError: Error {
    let message: String
    let span: Span
    /// The error is "ran out of input": a REPL reads another line instead of reporting it.
    let atEndOfInput: Bool
}

struct Parser {
    let source: SourceText
    var tokens: [Token]
    var index = 0
    var depth = 0
    /// Deeper nesting than this is refused rather than risking the native stack.
    static let maxDepth = 200
    /// Left-associative chains with more operators than this become one flat `.chain` node.
    static let flatChainLength = 8

    init(source: SourceText, tokens: [Token]) {
        self.source = source
        self.tokens = tokens
    }

    /// Lexes and parses a whole program.
    static func parse(_ source: SourceText) throws(ParseError) -> [Stmt] {
        var lexer = Lexer(source)
        let tokens: [Token]
        do { tokens = try lexer.tokenize() } catch {
            throw ParseError(message: error.message, span: error.span, atEndOfInput: error.atEndOfInput)
        }
        var parser = Parser(source: source, tokens: tokens)
        return try parser.program()
    }

    /// False when the text stops in the middle of something (an open bracket, block,
    /// string, or after an operator): the REPL then asks for a continuation line.
    static func isComplete(_ source: SourceText) -> Bool {
        do {
            _ = try parse(source)
            return true
        } catch {
            return !error.atEndOfInput
        }
    }

    // MARK: token helpers

    var current: Token { tokens[index] }
    var kind: TokenKind { tokens[index].kind }

    func peekKind(_ offset: Int) -> TokenKind {
        let i = index + offset
        return i < tokens.count ? tokens[i].kind : .eof
    }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return t
    }

    mutating func match(_ k: TokenKind) -> Bool {
        if kind == k { advance(); return true }
        return false
    }

    mutating func expect(_ k: TokenKind, _ context: String) throws(ParseError) -> Token {
        if kind == k { return advance() }
        throw error("expected \(k.spelling) \(context), found \(describe(current))")
    }

    mutating func skipNewlines() {
        while kind == .newline { advance() }
    }

    func describe(_ t: Token) -> String {
        switch t.kind {
        case .identifier: "'\(t.text)'"
        case .number: "number"
        default: t.kind.spelling
        }
    }

    func error(_ message: String, at span: Span? = nil) -> ParseError {
        ParseError(message: message, span: span ?? current.span, atEndOfInput: span == nil && kind == .eof)
    }

    mutating func nest() throws(ParseError) {
        depth += 1
        if depth > Parser.maxDepth { throw error("nesting is too deep (more than \(Parser.maxDepth) levels)") }
    }

    // MARK: statements

    mutating func program() throws(ParseError) -> [Stmt] {
        var statements: [Stmt] = []
        skipSeparators()
        while kind != .eof {
            try refuseLeadingSign(after: statements.last)
            statements.append(try statement())
            try endOfStatement()
        }
        return statements
    }

    mutating func skipSeparators() {
        while kind == .newline || kind == .semicolon { advance() }
    }

    mutating func endOfStatement() throws(ParseError) {
        if kind == .newline || kind == .semicolon { skipSeparators(); return }
        if kind == .eof || kind == .rbrace { return }
        throw error("expected end of statement (newline or ';'), found \(describe(current))")
    }

    /// `{ statements }`, as the body of `if`, `for`, `while`, `fn`.
    mutating func block() throws(ParseError) -> Expr {
        let open = try expect(.lbrace, "to open a block")
        try nest(); defer { depth -= 1 }
        var statements: [Stmt] = []
        skipSeparators()
        while kind != .rbrace {
            if kind == .eof { throw error("expected '}' to close the block opened at line \(source.position(of: open.span.start).line)") }
            try refuseLeadingSign(after: statements.last)
            statements.append(try statement())
            try endOfStatement()
        }
        let close = advance()
        return Expr(.block(statements), open.span.to(close.span))
    }

    /// A line break ends a statement, so `x = 1⏎    + 2` would silently set x to 1 and then
    /// evaluate `+2` on its own. Such a line is an error instead: a statement never starts
    /// with `+` (unary plus does nothing worth a statement), and one that starts with `-` on a
    /// line indented deeper than the statement before it reads as that statement's
    /// continuation. (grammar.md §2)
    func refuseLeadingSign(after previous: Stmt?) throws(ParseError) {
        guard kind == .plus || kind == .minus else { return }
        let sign = kind == .plus ? "+" : "-"
        let here = source.position(of: current.span.start)
        let before = previous.map { (start: source.position(of: $0.span.start), endLine: source.position(of: $0.span.end).line) }
        let continues = "(or wrap the expression in parentheses) to continue it"
        if let before, here.line > before.endLine, here.column > before.start.column,
           index > 0, tokens[index - 1].kind == .newline {
            throw error("this line starts with '\(sign)' and is indented under line \(before.start.line) as if it continued it, but the line break ended that statement: end line \(before.endLine) with '\(sign)' \(continues), or unindent this line if it is a statement of its own",
                        at: current.span)
        }
        guard kind == .plus else { return }
        if let before {
            throw error("a statement cannot start with '+': the line break ended the statement on line \(before.endLine), so this line does not continue it; end line \(before.endLine) with '+' \(continues)",
                        at: current.span)
        }
        throw error("a statement cannot start with '+': to continue an expression on the next line, end the line before with '+' or wrap the expression in parentheses",
                    at: current.span)
    }

    mutating func statement() throws(ParseError) -> Stmt {
        let start = current.span
        switch kind {
        case .kwFn where peekKind(1) == .identifier:
            let decl = try functionDeclaration()
            return Stmt(.function(decl), decl.span)
        case .kwFor:
            advance()
            var variables: [(String, Span)] = []
            repeat {
                let name = try expect(.identifier, "after 'for'")
                variables.append((name.text, name.span))
            } while match(.comma)
            _ = try expect(.kwIn, "after the loop variable")
            let iterable = try expression()
            let body = try block()
            return Stmt(.forLoop(variables: variables, iterable: iterable, body: body), start.to(body.span))
        case .kwWhile:
            advance()
            let condition = try expression()
            let body = try block()
            return Stmt(.whileLoop(condition: condition, body: body), start.to(body.span))
        case .kwBreak:
            advance()
            return Stmt(.breakLoop, start)
        case .kwContinue:
            advance()
            return Stmt(.continueLoop, start)
        case .kwReturn:
            advance()
            if [.newline, .semicolon, .rbrace, .eof].contains(kind) { return Stmt(.returnValue(nil), start) }
            let value = try expressionList()
            return Stmt(.returnValue(value), start.to(value.span))
        default:
            return try simpleStatement()
        }
    }

    /// An expression statement, an assignment, or a compound assignment.
    mutating func simpleStatement() throws(ParseError) -> Stmt {
        let lhs = try expressionList()
        let compound: [TokenKind: BinaryOp] = [
            .plusAssign: .add, .minusAssign: .sub, .starAssign: .mul, .slashAssign: .div, .caretAssign: .pow,
        ]
        if kind == .assign {
            advance()
            skipNewlines()
            let items: [Expr]
            if case .tuple(let xs) = lhs.kind { items = xs } else { items = [lhs] }
            var targets: [Target] = []
            for item in items { targets.append(try target(item)) }
            let value = try expressionList()
            return Stmt(.assign(targets, value), lhs.span.to(value.span))
        }
        if let op = compound[kind] {
            let opToken = advance()
            skipNewlines()
            if case .tuple = lhs.kind { throw error("'\(opToken.kind.spelling)' needs a single target", at: lhs.span) }
            let t = try target(lhs)
            let value = try expression()
            return Stmt(.compound(op, t, value), lhs.span.to(value.span))
        }
        return Stmt(.expr(lhs), lhs.span)
    }

    /// Converts an expression on the left of `=` into an assignment target.
    func target(_ e: Expr) throws(ParseError) -> Target {
        switch e.kind {
        case .name(let n): return .name(n, e.span)
        case .field(let base, let name): return .field(try target(base), name, e.span)
        case .index(let base, let entries): return .index(try target(base), entries, e.span)
        default: throw error("cannot assign to this expression (expected a name, a field or an index)", at: e.span)
        }
    }

    /// `fn name(params) { body }` or `fn name(params) = expr`.
    mutating func functionDeclaration() throws(ParseError) -> FunctionDecl {
        let start = advance().span  // fn
        let name = try expect(.identifier, "after 'fn'")
        _ = try expect(.lparen, "after the function name")
        let parameters = try parameterList()
        let body: Expr
        if match(.assign) {
            skipNewlines()
            body = try expression()
        } else if kind == .lbrace {
            body = try block()
        } else {
            throw error("expected '{' or '=' to start the body of '\(name.text)'")
        }
        return FunctionDecl(name: name.text, parameters: parameters, body: body, span: start.to(body.span))
    }

    /// Parameters after `(` up to and including `)`: `x, y, p: 0.1`.
    mutating func parameterList() throws(ParseError) -> [Parameter] {
        var parameters: [Parameter] = []
        skipNewlines()
        while kind != .rparen {
            let name = try expect(.identifier, "as a parameter name")
            var defaultValue: Expr?
            if match(.colon) || match(.assign) {
                skipNewlines()
                defaultValue = try expression()
            } else if parameters.last?.defaultValue != nil {
                throw error("parameter '\(name.text)' without a default follows one with a default", at: name.span)
            }
            if parameters.contains(where: { $0.name == name.text }) {
                throw error("duplicate parameter '\(name.text)'", at: name.span)
            }
            parameters.append(Parameter(name: name.text, defaultValue: defaultValue, span: name.span))
            skipNewlines()
            if !match(.comma) { break }
            skipNewlines()
        }
        _ = try expect(.rparen, "to close the parameter list")
        return parameters
    }
}

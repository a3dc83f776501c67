// Parser+Comprehension: `[element for x in xs if cond for y in ys ...]`, entered
// from the bracket literal once its first item is followed by `for`.

extension Parser {
    /// The clauses after `element` up to the closing `]`; the cursor is on the first `for`.
    mutating func comprehension(_ element: Expr, open: Span) throws(ParseError) -> Expr {
        var clauses: [ComprehensionClause] = []
        while kind == .kwFor || kind == .kwIf {
            if match(.kwIf) {
                skipNewlines()
                clauses.append(.filter(try expression()))
            } else {
                advance()
                var variables: [(String, Span)] = []
                repeat {
                    let name = try expect(.identifier, "after 'for' in a list comprehension")
                    variables.append((name.text, name.span))
                } while match(.comma)
                _ = try expect(.kwIn, "after the comprehension's loop variable")
                skipNewlines()
                clauses.append(.forIn(variables: variables, iterable: try expression()))
            }
            skipNewlines()
        }
        let close = try expect(.rbracket, "to close the list comprehension")
        return Expr(.comprehension(element: element, clauses: clauses), open.to(close.span))
    }
}

// Compiler+Chains: a long left-associative chain (`1 + 1 + ... + 1`, `a and b and ...`,
// see ChainLink) compiles to one loop over its links instead of one nested closure
// per operator, so neither compiling nor running it recurses once per operator.
import AnisTensor

extension Compiler {
    private enum ChainStep {
        case binary(BinaryOp, Operand, Span)
        case logical(isAnd: Bool, Code, lhs: Span, rhs: Span, Span)
    }

    func chain(_ first: Expr, _ links: [ChainLink]) throws -> Code {
        let head = try expression(first)
        var steps: [ChainStep] = []
        steps.reserveCapacity(links.count)
        var lhsSpan = first.span
        for link in links {
            switch link.op {
            case .binary(let op): steps.append(.binary(op, try operand(link.rhs), link.span))
            case .and, .or:
                var isAnd = false
                if case .and = link.op { isAnd = true }
                steps.append(.logical(isAnd: isAnd, try expression(link.rhs), lhs: lhsSpan, rhs: link.rhs.span, link.span))
            }
            lhsSpan = link.span
        }
        let located = self.located
        return { f in
            var value = try head(f)
            for step in steps {
                switch step {
                case .binary(let op, let rhs, let span):
                    let b = try rhs.evaluate(f)
                    if op != .matmul, case .number(let x) = value, case .number(let y) = b {
                        value = Operators.number(op, x, y)
                    } else {
                        do { value = try Operators.binary(op, value, b) } catch { throw located(error, span) }
                    }
                case .logical(let isAnd, let rhs, let lhs, let rhsSpan, let span):
                    value = try Compiler.logical(isAnd: isAnd, value, { try rhs(f) }, lhs: lhs, rhs: rhsSpan, span: span, located)
                }
            }
            return value
        }
    }
}

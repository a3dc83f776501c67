// AST: the syntax tree the parser builds and the compiler consumes. Every node
// carries its source span so errors can point at it.

struct Expr {
    let kind: ExprKind
    let span: Span
    init(_ kind: ExprKind, _ span: Span) { self.kind = kind; self.span = span }
}

enum BinaryOp: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", pow = "^", matmul = "@"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

enum UnaryOp: String, Sendable {
    case negate = "-", plus = "+", not = "not"
}

/// One argument in a call: `x` or `p: 0.2`.
struct Argument {
    let label: String?
    let value: Expr
}

/// One entry between brackets of `A[...]`: an expression, or a slice whose parts may be omitted.
enum IndexEntry {
    case expr(Expr)
    case slice(start: Expr?, stop: Expr?, step: Expr?, span: Span)
}

/// A parameter `x` or `p: 0.1` of a user function or lambda.
struct Parameter {
    let name: String
    let defaultValue: Expr?
    let span: Span
}

/// `fn name(params) { body }`, `fn name(params) = expr`, or a lambda `(params) -> expr`.
final class FunctionDecl {
    let name: String
    let parameters: [Parameter]
    let body: Expr
    let span: Span
    init(name: String, parameters: [Parameter], body: Expr, span: Span) {
        self.name = name; self.parameters = parameters; self.body = body; self.span = span
    }
}

indirect enum ExprKind {
    case number(Double)
    case string([StringPart])
    case bool(Bool)
    case none
    case name(String)
    /// `[a, b, c]`: a tensor when the elements are numbers or equal-shaped tensors, else a list.
    case bracket([Expr])
    /// `a, b` where a value is expected (a tuple, which is a list).
    case tuple([Expr])
    case record([(key: String, value: Expr)])
    case unary(UnaryOp, Expr)
    case binary(BinaryOp, Expr, Expr)
    case and(Expr, Expr)
    case or(Expr, Expr)
    case range(start: Expr, stop: Expr, step: Expr?)
    case call(Expr, [Argument])
    case index(Expr, [IndexEntry])
    case field(Expr, String)
    case transpose(Expr)
    case lambda(FunctionDecl)
    case ifElse(condition: Expr, then: Expr, otherwise: Expr?)
    case block([Stmt])
    /// `[element for x in xs if c ...]`: clauses run left to right, innermost last.
    case comprehension(element: Expr, clauses: [ComprehensionClause])
    /// A long left-associative chain `a + b - c + ...` or `a and b and ...`, kept flat so
    /// that no pass over it (compiling, running, freeing) recurses once per operator.
    /// The parser makes one past `Parser.flatChainLength` operators; shorter chains nest.
    case chain(Expr, [ChainLink])
}

/// One `for NAME, ... in expr` or `if expr` of a list comprehension.
enum ComprehensionClause {
    case forIn(variables: [(String, Span)], iterable: Expr)
    case filter(Expr)
}

/// One `op rhs` step of a flat chain; `span` runs from the chain's start to `rhs`.
struct ChainLink {
    enum Operator { case binary(BinaryOp), and, or }
    let op: Operator
    let rhs: Expr
    let span: Span
}

/// A piece of an interpolated string, already parsed.
enum StringPart {
    case text(String)
    case expr(Expr)
    /// `{x:.3f}`: the expression and its format spec.
    case formatted(Expr, FormatSpec)
}

struct Stmt {
    let kind: StmtKind
    let span: Span
    init(_ kind: StmtKind, _ span: Span) { self.kind = kind; self.span = span }
}

/// Something that can be assigned to: `x`, `r.lr`, `A[0, :]`, and chains of these.
indirect enum Target {
    case name(String, Span)
    case field(Target, String, Span)
    case index(Target, [IndexEntry], Span)

    var span: Span {
        switch self {
        case .name(_, let s), .field(_, _, let s), .index(_, _, let s): s
        }
    }
    /// The variable at the root of the chain (`A` in `A.b[0]`).
    var rootName: String {
        switch self {
        case .name(let n, _): n
        case .field(let t, _, _), .index(let t, _, _): t.rootName
        }
    }
}

enum StmtKind {
    case expr(Expr)
    /// `a = e`, `a, b = e`, `a, b = e1, e2`.
    case assign([Target], Expr)
    /// `a += e` and friends.
    case compound(BinaryOp, Target, Expr)
    case function(FunctionDecl)
    case forLoop(variables: [(String, Span)], iterable: Expr, body: Expr)
    case whileLoop(condition: Expr, body: Expr)
    case breakLoop
    case continueLoop
    case returnValue(Expr?)
}

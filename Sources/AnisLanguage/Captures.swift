// Captures: which names the inner functions of a function body may read, found
// before the body is compiled so the compiler can keep those locals in cells
// (Frame.swift) from the first access on. Over-approximates on purpose: every
// name written anywhere inside an inner function counts, which costs at most a
// cell for a variable that did not need one and never misses a capture.

enum Captures {
    /// Every name that appears inside a lambda, `fn` or list comprehension (which has a
    /// scope of its own, Compiler+Comprehension.swift) nested at any depth in `bodies`.
    static func namesReadByInnerFunctions(_ bodies: Expr...) -> Set<String> {
        namesReadByInnerFunctions(bodies)
    }

    static func namesReadByInnerFunctions(_ bodies: [Expr]) -> Set<String> {
        var walker = Walker()
        bodies.forEach { walker.expr($0) }
        return walker.names
    }

    private struct Walker {
        var names: Set<String> = []
        /// How many function bodies enclose the node being visited (0: the body itself).
        var insideFunction = 0
        /// Per enclosing body, the name it reads as itself (a local `fn` statement, see
        /// Compiler.resolve): not a capture, so it needs no cell.
        var selves: [String?] = []

        mutating func note(_ name: String) {
            if insideFunction > 0, selves.last != name { names.insert(name) }
        }

        mutating func function(_ decl: FunctionDecl, selfName: String? = nil) {
            insideFunction += 1
            for p in decl.parameters { note(p.name); p.defaultValue.map { expr($0) } }
            selves.append(selfName)
            expr(decl.body)
            selves.removeLast()
            insideFunction -= 1
        }

        mutating func expr(_ e: Expr) {
            switch e.kind {
            case .number, .bool, .none: break
            case .string(let parts):
                for part in parts {
                    switch part {
                    case .text: break
                    case .expr(let x), .formatted(let x, _): expr(x)
                    }
                }
            case .name(let n): note(n)
            case .bracket(let items), .tuple(let items): items.forEach { expr($0) }
            case .record(let fields): fields.forEach { expr($0.value) }
            case .unary(_, let x), .field(let x, _), .transpose(let x): expr(x)
            case .binary(_, let l, let r), .and(let l, let r), .or(let l, let r): expr(l); expr(r)
            case .range(let a, let b, let c): expr(a); expr(b); c.map { expr($0) }
            case .call(let callee, let args): expr(callee); args.forEach { expr($0.value) }
            case .index(let base, let entries): expr(base); entries.forEach { index($0) }
            case .lambda(let decl): function(decl)
            case .ifElse(let c, let t, let o): expr(c); expr(t); o.map { expr($0) }
            case .block(let statements): statements.forEach { stmt($0) }
            case .chain(let first, let links): expr(first); links.forEach { expr($0.rhs) }
            case .comprehension(let element, let clauses):
                insideFunction += 1
                selves.append(nil)
                defer { selves.removeLast() }
                expr(element)
                for clause in clauses {
                    switch clause {
                    case .forIn(let variables, let iterable): variables.forEach { note($0.0) }; expr(iterable)
                    case .filter(let condition): expr(condition)
                    }
                }
                insideFunction -= 1
            }
        }

        mutating func index(_ entry: IndexEntry) {
            switch entry {
            case .expr(let x): expr(x)
            case .slice(let a, let b, let c, _): a.map { expr($0) }; b.map { expr($0) }; c.map { expr($0) }
            }
        }

        mutating func target(_ t: Target) {
            switch t {
            case .name(let n, _): note(n)
            case .field(let base, _, _): target(base)
            case .index(let base, let entries, _): target(base); entries.forEach { index($0) }
            }
        }

        mutating func stmt(_ s: Stmt) {
            switch s.kind {
            case .expr(let e): expr(e)
            case .assign(let targets, let value): targets.forEach { target($0) }; expr(value)
            case .compound(_, let t, let value): target(t); expr(value)
            case .function(let decl): note(decl.name); function(decl, selfName: decl.name)
            case .forLoop(let variables, let iterable, let body):
                variables.forEach { note($0.0) }; expr(iterable); expr(body)
            case .whileLoop(let c, let body): expr(c); expr(body)
            case .returnValue(let e): e.map { expr($0) }
            case .breakLoop, .continueLoop: break
            }
        }
    }
}

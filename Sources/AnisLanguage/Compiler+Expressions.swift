// Compiler+Expressions: closures for literals, names, operators, control-flow
// expressions and blocks. Number-number arithmetic is inlined; everything else
// goes through Operators.
import AnisTensor

extension Compiler {
    func expression(_ e: Expr) throws -> Code {
        let located = self.located
        switch e.kind {
        case .number(let d):
            let v = Value.number(d)
            return { _ in v }
        case .bool(let b):
            let v = Value.bool(b)
            return { _ in v }
        case .none:
            return { _ in .none }
        case .string(let parts):
            return try interpolation(parts, span: e.span)
        case .name(let name):
            return loader(for: name, span: e.span)
        case .bracket(let items):
            let codes = try items.map { try expression($0) }
            return { f in
                var values: [Value] = []
                values.reserveCapacity(codes.count)
                for c in codes { values.append(try c(f)) }
                do { return try Value.bracket(values) } catch { throw located(error, e.span) }
            }
        case .tuple(let items):
            let codes = try items.map { try expression($0) }
            return { f in .list(try codes.map { try $0(f) }) }
        case .record(let fields):
            let keys = fields.map(\.key)
            let codes = try fields.map { try expression($0.value) }
            return { f in
                var values: [Value] = []
                for c in codes { values.append(try c(f)) }
                return .record(Record(Array(zip(keys, values))))
            }
        case .unary(let op, let operand):
            let x = try expression(operand)
            if op == .negate {
                return { f in
                    let v = try x(f)
                    if case .number(let d) = v { return .number(-d) }
                    do { return try Operators.unary(op, v) } catch { throw located(error, e.span) }
                }
            }
            return { f in
                do { return try Operators.unary(op, try x(f)) } catch { throw located(error, e.span) }
            }
        case .binary(let op, let lhs, let rhs):
            // Only the root of pure arithmetic gets the numeric fast path: it covers the
            // whole tree, and one per node would make compiling quadratic in its size.
            if insideArithmetic { return try binary(op, lhs, rhs, span: e.span) }
            if Compiler.isPureArithmetic(e) { return withNumericFastPath(e, try generalArithmetic(e)) }
            let general = try binary(op, lhs, rhs, span: e.span)
            return comparisonFastPath(op, lhs, rhs, general) ?? general
        case .and(let lhs, let rhs), .or(let lhs, let rhs):
            var isAnd = false
            if case .and = e.kind { isAnd = true }
            return try logical(isAnd: isAnd, lhs, rhs, span: e.span)
        case .range(let start, let stop, let step):
            let a = try expression(start), b = try expression(stop)
            let c = try step.map { try expression($0) }
            return { f in
                let values = [try a(f), try b(f), try c?(f) ?? .number(1)]
                var ints: [Int] = []
                for (v, part) in zip(values, [start, stop, step ?? start]) {
                    guard let d = v.scalar, let n = exactInt(d) else {
                        throw located(RuntimeError("range bounds must be integers, got \(v.typeDescription == "number" ? Tensor.formatScalar(v.scalar ?? 0, precision: 6) : v.typeDescription) (use linspace or arange for fractional steps)"), part.span)
                    }
                    ints.append(n)
                }
                if ints[2] == 0 { throw located(RuntimeError("range step cannot be 0"), e.span) }
                return .range(RangeValue(start: ints[0], stop: ints[1], step: ints[2]))
            }
        case .call(let callee, let args):
            return try call(callee, args, span: e.span)
        case .index(let base, let entries):
            let b = try expression(base)
            let index = try indexer(entries)
            return { f in
                let v = try b(f)
                let specs = try index(f)
                do { return try Indexing.get(v, specs) } catch { throw located(error, e.span) }
            }
        case .field(let base, let name):
            let b = try expression(base)
            return { f in
                do { return try Fields.get(try b(f), name) } catch { throw located(error, e.span) }
            }
        case .transpose(let base):
            let b = try expression(base)
            return { f in
                let v = try b(f)
                switch v {
                case .number, .bool: return v
                case .tracked:
                    do { return try Autodiff.transpose(v) } catch { throw located(error, e.span) }
                default:
                    do { return .tensor(try v.toTensor().transposed()) } catch { throw located(error, e.span) }
                }
            }
        case .lambda(let decl):
            return try function(decl)
        case .ifElse(let condition, let then, let otherwise):
            let c = try expression(condition)
            let t = try expression(then)
            let o = try otherwise.map { try expression($0) }
            return { f in
                let v = try c(f)
                let go: Bool
                if case .bool(let b) = v { go = b } else {
                    do { go = try v.truth() } catch { throw located(error, condition.span) }
                }
                if go { return try t(f) }
                return try o?(f) ?? .none
            }
        case .block(let statements):
            return try sequence(statements)
        case .chain(let first, let links):
            return try chain(first, links)
        case .comprehension(let element, let clauses):
            return try comprehension(element, clauses, span: e.span)
        }
    }

    func binary(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr, span: Span) throws -> Code {
        let l = try operand(lhs), r = try operand(rhs)
        let located = self.located
        @inline(__always) func slow(_ a: Value, _ b: Value) throws -> Value {
            do { return try Operators.binary(op, a, b) } catch { throw located(error, span) }
        }
        // One closure per operator so the number-number case is a single inlined instruction.
        switch op {
        case .add:
            return { f in
                let a = try l.evaluate(f), b = try r.evaluate(f)
                if case .number(let x) = a, case .number(let y) = b { return .number(x + y) }
                return try slow(a, b)
            }
        case .sub:
            return { f in
                let a = try l.evaluate(f), b = try r.evaluate(f)
                if case .number(let x) = a, case .number(let y) = b { return .number(x - y) }
                return try slow(a, b)
            }
        case .mul:
            return { f in
                let a = try l.evaluate(f), b = try r.evaluate(f)
                if case .number(let x) = a, case .number(let y) = b { return .number(x * y) }
                return try slow(a, b)
            }
        case .div:
            return { f in
                let a = try l.evaluate(f), b = try r.evaluate(f)
                if case .number(let x) = a, case .number(let y) = b { return .number(x / y) }
                return try slow(a, b)
            }
        case .mod:
            return { f in
                let a = try l.evaluate(f), b = try r.evaluate(f)
                if case .number(let x) = a, case .number(let y) = b { return .number(Operators.floorMod(x, y)) }
                return try slow(a, b)
            }
        case .less:
            return { f in
                let a = try l.evaluate(f), b = try r.evaluate(f)
                if case .number(let x) = a, case .number(let y) = b { return .bool(x < y) }
                return try slow(a, b)
            }
        case .lessEqual:
            return { f in
                let a = try l.evaluate(f), b = try r.evaluate(f)
                if case .number(let x) = a, case .number(let y) = b { return .bool(x <= y) }
                return try slow(a, b)
            }
        case .greater:
            return { f in
                let a = try l.evaluate(f), b = try r.evaluate(f)
                if case .number(let x) = a, case .number(let y) = b { return .bool(x > y) }
                return try slow(a, b)
            }
        case .greaterEqual:
            return { f in
                let a = try l.evaluate(f), b = try r.evaluate(f)
                if case .number(let x) = a, case .number(let y) = b { return .bool(x >= y) }
                return try slow(a, b)
            }
        case .equal:
            return { f in
                let a = try l.evaluate(f), b = try r.evaluate(f)
                if case .number(let x) = a, case .number(let y) = b { return .bool(x == y) }
                return try slow(a, b)
            }
        default:
            return { f in try slow(try l.evaluate(f), try r.evaluate(f)) }
        }
    }

    /// `and` / `or`: short-circuit on scalars; elementwise (a mask) when a side that
    /// is evaluated turns out to be a tensor of several elements.
    func logical(isAnd: Bool, _ lhs: Expr, _ rhs: Expr, span: Span) throws -> Code {
        let l = try expression(lhs), r = try expression(rhs)
        let located = self.located
        return { f in
            try Compiler.logical(isAnd: isAnd, try l(f), { try r(f) }, lhs: lhs.span, rhs: rhs.span, span: span, located)
        }
    }

    /// `a and b` / `a or b` once `a` is known; `right` evaluates `b` only when needed.
    static func logical(isAnd: Bool, _ a: Value, _ right: () throws -> Value,
                        lhs: Span, rhs: Span, span: Span, _ located: Locator) throws -> Value {
        func isMany(_ v: Value) -> Bool {
            if case .tensor(let t) = v { return t.count != 1 }
            return false
        }
        func elementwise(_ a: Value, _ b: Value) throws -> Value {
            do {
                let result = try Tensor.binary(try a.toTensor(), try b.toTensor(), op: isAnd ? "and" : "or") { x, y in
                    isAnd ? ((x != 0 && y != 0) ? 1 : 0) : ((x != 0 || y != 0) ? 1 : 0)
                }
                return .tensor(Operators.mask(result))
            } catch { throw located(error, span) }
        }
        if isMany(a) { return try elementwise(a, try right()) }
        let ta: Bool
        do { ta = try a.truth() } catch { throw located(error, lhs) }
        if isAnd ? !ta : ta { return .bool(ta) }
        let b = try right()
        if isMany(b) { return try elementwise(a, b) }
        do { return .bool(try b.truth()) } catch { throw located(error, rhs) }
    }

    func interpolation(_ parts: [StringPart], span: Span) throws -> Code {
        if parts.isEmpty { return { _ in .string("") } }
        if parts.count == 1, case .text(let s) = parts[0] {
            let v = Value.string(s)
            return { _ in v }
        }
        enum Piece { case text(String), code(Code), formatted(Code, FormatSpec, Span) }
        let pieces: [Piece] = try parts.map { part in
            switch part {
            case .text(let s): return .text(s)
            case .expr(let e): return .code(try expression(e))
            case .formatted(let e, let spec): return .formatted(try expression(e), spec, e.span)
            }
        }
        unowned(unsafe) let interp = interpreter
        let located = self.located
        return { f in
            var out = ""
            for p in pieces {
                switch p {
                case .text(let s): out += s
                case .code(let c):
                    let shown = interp.display(try c(f))
                    do { try ValueLimits.checkString(bytes: out.utf8.count + shown.utf8.count, op: "string interpolation") } catch { throw located(error, span) }
                    out += shown
                case .formatted(let c, let spec, let span):
                    let v = try c(f)
                    let shown: String
                    do { shown = try spec.format(v, display: interp.display) } catch { throw located(error, span) }
                    do { try ValueLimits.checkString(bytes: out.utf8.count + shown.utf8.count, op: "string interpolation") } catch { throw located(error, span) }
                    out += shown
                }
            }
            return .string(out)
        }
    }

    /// Reads variable `name`; an unassigned slot is an "undefined variable" error.
    func loader(for name: String, span: Span) -> Code {
        let slot = slot(for: name)
        let undefined = VariableReference(name, span: span, compiler: self)
        return { f in
            guard let v = slot.read(f) else { throw undefined.error }
            return v
        }
    }

    /// Writes variable `name` (declared local when compiling a function).
    func storer(for name: String) throws -> (Frame, Value) throws -> Void {
        let slot = slot(for: name)
        return { f, v in slot.write(f, v) }
    }
}

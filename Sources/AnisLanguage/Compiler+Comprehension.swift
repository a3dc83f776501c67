// Compiler+Comprehension: `[element for x in xs if cond ...]`. As in Python 3,
// the loop variables live in a scope of their own (a frame made per evaluation),
// so they neither leak nor clobber a variable of the same name; the first
// iterable is evaluated in the enclosing scope, everything else inside.
// The collected items follow the bracket rule (numbers give a tensor).

extension Compiler {
    /// Appends the items one clause (and those after it) produces for the current variables.
    private typealias Emit = (Frame, inout [Value]) throws -> Void

    func comprehension(_ element: Expr, _ clauses: [ComprehensionClause], span: Span) throws -> Code {
        guard case .forIn(let firstVariables, let firstIterable)? = clauses.first else {
            throw syntaxError("a list comprehension starts with 'for'", span)
        }
        let first = try expression(firstIterable)

        let inner = FunctionScope(parent: scope)
        inner.isComprehension = true
        var bodies = [element]
        for clause in clauses {
            switch clause {
            case .forIn(let variables, let iterable):
                for (name, _) in variables { _ = inner.declare(name) }
                bodies.append(iterable)
            case .filter(let condition): bodies.append(condition)
            }
        }
        // A block inside an `if` expression may assign: keep such names inside too.
        for body in bodies { for name in Compiler.assignedNames(in: body) { _ = inner.declare(name) } }
        inner.box(Captures.namesReadByInnerFunctions(bodies))

        let outer = scope
        scope = inner
        defer { scope = outer }
        let elementCode = try expression(element)
        var emit: Emit = { f, out in out.append(try elementCode(f)) }
        for clause in clauses.dropFirst().reversed() {
            let next = emit
            switch clause {
            case .filter(let condition):
                let test = try expression(condition)
                let located = self.located
                emit = { f, out in
                    let v = try test(f)
                    let keep: Bool
                    if case .bool(let b) = v { keep = b } else {
                        do { keep = try v.truth() } catch { throw located(error, condition.span) }
                    }
                    if keep { try next(f, &out) }
                }
            case .forIn(let variables, let iterable):
                let items = try expression(iterable)
                let loop = loopOver(variables, iterable.span, next)
                emit = { f, out in try loop(try items(f), f, &out) }
            }
        }
        let outermost = loopOver(firstVariables, firstIterable.span, emit)
        let slotCount = inner.slots.count, cellCount = inner.cells.count
        let located = self.located
        return { f in
            let sequence = try first(f)
            // Like a call: enclosing variables are read through cells, never through `f`.
            let environment = cellCount > 0 ? Environment(count: cellCount, parent: f.environment) : f.environment
            let frame = Frame(slotCount: slotCount, environment: environment)
            var out: [Value] = []
            try outermost(sequence, frame, &out)
            do { return try Value.bracket(out) } catch { throw located(error, span) }
        }
    }

    /// Binds `variables` to each item of a sequence in turn and runs `body`.
    private func loopOver(_ variables: [(String, Span)], _ span: Span, _ body: @escaping Emit)
        -> (Value, Frame, inout [Value]) throws -> Void {
        let slots = variables.map { slot(for: $0.0) }
        let names = variables.map(\.0).joined(separator: ", ")
        unowned(unsafe) let interp = interpreter
        let located = self.located
        @inline(__always) func tick() throws {
            interp.ticks &+= 1
            if interp.ticks & 1023 == 0 {
                do { try interp.checkpoint() } catch { throw located(error, span) }
            }
        }
        return { sequence, f, out in
            if case .range(let r) = sequence, slots.count == 1 {
                var i = r.start
                while r.step > 0 ? i < r.stop : i > r.stop {
                    slots[0].writeNumber(f, Double(i))
                    try body(f, &out)
                    try tick()
                    i += r.step
                }
                return
            }
            guard let elements = sequence.iterated() else {
                throw located(RuntimeError("list comprehension: cannot iterate over a \(sequence.typeDescription)"), span)
            }
            for element in elements {
                if slots.count == 1 {
                    slots[0].write(f, element)
                } else {
                    guard let parts = element.iterated(), parts.count == slots.count else {
                        throw located(RuntimeError("list comprehension: cannot unpack \(element.typeDescription) into \(names)"), span)
                    }
                    for (slot, part) in zip(slots, parts) { slot.write(f, part) }
                }
                try body(f, &out)
                try tick()
            }
        }
    }
}

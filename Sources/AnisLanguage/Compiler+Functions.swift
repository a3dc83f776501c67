// Compiler+Functions: user functions and lambdas (scopes, locals, defaults) and
// call sites. Python's rule decides locals: a name assigned anywhere in a
// function body is local to it; everything else is read from enclosing scopes.

extension Compiler {
    /// Compiles `decl` once; the returned code makes a new closure over the running frame.
    /// `isLocalStatement`: a `fn NAME` statement inside a function, whose body reads NAME as itself.
    func function(_ decl: FunctionDecl, isLocalStatement: Bool = false) throws -> Code {
        let defaultCodes = try decl.parameters.map { p in try p.defaultValue.map { try expression($0) } }

        let inner = FunctionScope(parent: scope)
        if isLocalStatement { inner.selfName = decl.name }
        for p in decl.parameters { _ = inner.declare(p.name) }
        for name in Compiler.assignedNames(in: decl.body) { _ = inner.declare(name) }
        inner.box(Captures.namesReadByInnerFunctions(decl.body))
        let outer = scope
        scope = inner
        defer { scope = outer }
        let body = try expression(decl.body)
        let boxedParameters = (0..<decl.parameters.count).compactMap { slot in inner.cells[slot].map { (slot, $0) } }
        let compiled = CompiledFunction(name: decl.name, parameterNames: decl.parameters.map(\.name),
                                        slotCount: inner.slots.count, cellCount: inner.cells.count,
                                        boxedParameters: boxedParameters, body: body, span: decl.span, source: source)
        let collector = interpreter.cycles
        return { f in
            var defaults: [Value?] = []
            defaults.reserveCapacity(defaultCodes.count)
            for d in defaultCodes { defaults.append(try d?(f)) }
            // A closure keeps only the cells of the functions around it (nil at the
            // top level, where it reaches globals directly), never their frames.
            if let environment = f.environment { collector.track(environment) }
            return .function(Function(code: compiled, captured: f.environment, defaults: defaults))
        }
    }

    /// Names a function body assigns (not counting nested functions' bodies).
    static func assignedNames(in body: Expr) -> [String] {
        var names: [String] = []
        func visitExpr(_ e: Expr) {
            switch e.kind {
            case .block(let ss): ss.forEach(visitStmt)
            case .ifElse(let c, let t, let o): visitExpr(c); visitExpr(t); o.map(visitExpr)
            default: break
            }
        }
        func visitStmt(_ s: Stmt) {
            switch s.kind {
            case .assign(let targets, let value):
                for t in targets { if case .name(let n, _) = t { names.append(n) } }
                visitExpr(value)
            case .compound(_, let t, let value):
                if case .name(let n, _) = t { names.append(n) }
                visitExpr(value)
            case .function(let decl): names.append(decl.name)
            case .forLoop(let vars, let iterable, let body):
                names.append(contentsOf: vars.map(\.0)); visitExpr(iterable); visitExpr(body)
            case .whileLoop(let c, let body): visitExpr(c); visitExpr(body)
            case .expr(let e): visitExpr(e)
            case .returnValue(let e): e.map(visitExpr)
            case .breakLoop, .continueLoop: break
            }
        }
        visitExpr(body)
        return names
    }

    func call(_ callee: Expr, _ args: [Argument], span: Span) throws -> Code {
        let fn = try expression(callee)
        let positional = try args.filter { $0.label == nil }.map { try expression($0.value) }
        let labels = args.compactMap(\.label)
        let keyword = try args.filter { $0.label != nil }.map { try expression($0.value) }
        unowned(unsafe) let interp = interpreter
        let located = self.located
        let calleeName: String
        if case .name(let n) = callee.kind { calleeName = n } else { calleeName = "value" }

        return { f in
            let target = try fn(f)
            guard case .function(let function) = target else {
                throw located(RuntimeError("cannot call a \(target.typeDescription)\(calleeName == "value" ? "" : " ('\(calleeName)' is not a function)")"), callee.span)
            }
            var values: [Value] = []
            values.reserveCapacity(positional.count)
            for p in positional { values.append(try p(f)) }
            var named: [(String, Value)] = []
            if !keyword.isEmpty {
                for (label, k) in zip(labels, keyword) { named.append((label, try k(f))) }
            }
            do {
                return try interp.call(function, values, named)
            } catch let d as Diagnostic {
                throw d.fromInclude ? located(d, span) : d   // the include call adds its note
            } catch {
                throw located(error, span)
            }
        }
    }
}

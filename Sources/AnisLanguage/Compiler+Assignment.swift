// Compiler+Assignment: `x = e`, `a, b = e`, `r.lr = e`, `A[0, :] = e` and the
// compound forms `x += e`. Indexed and field targets update the variable's value
// in place (the variable is emptied first so copy-on-write storage is unique).

extension Compiler {
    /// A step on the way from a variable to the element being assigned.
    private enum PathStep {
        case field(String)
        case index((Frame) throws -> [IndexValue])
    }
    private enum EvaluatedStep {
        case field(String)
        case index([IndexValue])
    }

    func assignment(_ targets: [Target], _ value: Expr, span: Span) throws -> Code {
        let located = self.located
        if targets.count == 1, case .name(let name, _) = targets[0] {
            let slot = slot(for: name)
            if Compiler.isPureArithmetic(value) {
                // `s = s + i * i`: compute in Doubles, store without building a Value twice.
                let fast = numeric(value)
                let general = try generalArithmetic(value)
                if let grow = try growthAssignment(name, slot, value, general: general) {
                    return { f in
                        if let d = fast(f) { slot.writeNumber(f, d); return .none }
                        return try grow(f)
                    }
                }
                return { f in
                    if let d = fast(f) { slot.writeNumber(f, d) } else { slot.write(f, try general(f)) }
                    return .none
                }
            }
            let v = try expression(value)
            if let grow = try growthAssignment(name, slot, value, general: v) { return grow }
            return { f in
                slot.write(f, try v(f))
                return .none
            }
        }
        if targets.count == 1 {
            let store = try assigner(targets[0])
            let v = try expression(value)
            return { f in
                try store(f, try v(f))
                return .none
            }
        }
        let stores = try targets.map { try assigner($0) }
        if case .tuple(let items) = value.kind, items.count == targets.count {
            // `a, b = b, a`: evaluate every right-hand side before assigning any.
            let codes = try items.map { try expression($0) }
            return { f in
                var values: [Value] = []
                for c in codes { values.append(try c(f)) }
                for (store, v) in zip(stores, values) { try store(f, v) }
                return .none
            }
        }
        let v = try expression(value)
        return { f in
            let result = try v(f)
            guard let parts = result.iterated(), parts.count == stores.count else {
                let n = result.iterated()?.count
                throw located(RuntimeError("cannot unpack \(result.typeDescription)\(n.map { " of \($0) elements" } ?? "") into \(stores.count) targets"), value.span)
            }
            for (store, part) in zip(stores, parts) { try store(f, part) }
            return .none
        }
    }

    func compoundAssignment(_ op: BinaryOp, _ target: Target, _ value: Expr, span: Span) throws -> Code {
        let located = self.located
        if case .name(let name, let nameSpan) = target, op != .matmul {
            // `W -= lr * g` updates the tensor in place when this variable holds the only reference.
            let slot = slot(for: name)
            let v = try expression(value)
            let undefined = VariableReference(name, span: nameSpan, compiler: self)
            return { f in
                let rhs = try v(f)
                guard var current = slot.read(f) else { throw undefined.error }
                if case .number(let a) = current, case .number(let b) = rhs {
                    slot.writeNumber(f, Operators.number(op, a, b).scalar ?? .nan)
                    return .none
                }
                if case .tensor(var t) = current, let r = try? rhs.toTensor(like: current), Operators.inPlace(op) != nil {
                    slot.write(f, .none)  // `t` is now the only reference when the variable was
                    current = .none
                    t.isMask = false  // arithmetic on a mask gives numbers, as `m = m + 0` does
                    do {
                        try t.formBinary(r, op: op.rawValue, Operators.inPlace(op) ?? { a, _ in a })
                    } catch {
                        slot.write(f, .tensor(t))
                        throw located(error, span)
                    }
                    slot.write(f, .tensor(t))
                    return .none
                }
                if op == .add, Compiler.grow(&current, by: rhs, slot, f) { return .none }
                do { slot.write(f, try Operators.binary(op, current, rhs)) } catch { throw located(error, span) }
                return .none
            }
        }
        let read = try targetReader(target)
        let store = try assigner(target)
        let v = try expression(value)
        return { f in
            let current = try read(f)
            let rhs = try v(f)
            if case .number(let a) = current, case .number(let b) = rhs {
                try store(f, Operators.number(op, a, b))
                return .none
            }
            let result: Value
            do { result = try Operators.binary(op, current, rhs) } catch { throw located(error, span) }
            try store(f, result)
            return .none
        }
    }

    /// Code reading the current value of a target (for `+=`).
    private func targetReader(_ target: Target) throws -> Code {
        switch target {
        case .name(let n, let span): return loader(for: n, span: span)
        case .field(let base, let name, let span):
            let b = try targetReader(base)
            let located = self.located
            return { f in
                do { return try Fields.get(try b(f), name) } catch { throw located(error, span) }
            }
        case .index(let base, let entries, let span):
            let b = try targetReader(base)
            let idx = try indexer(entries)
            let located = self.located
            return { f in
                let container = try b(f)
                let i = try idx(f)
                do { return try Indexing.get(container, i) } catch { throw located(error, span) }
            }
        }
    }

    /// Code storing a value into a target.
    func assigner(_ target: Target) throws -> (Frame, Value) throws -> Void {
        if case .name(let n, _) = target { return try storer(for: n) }

        // Flatten `A.b[0]` into a root variable and a path of steps.
        var steps: [PathStep] = []
        var spans: [Span] = []
        var t = target
        while true {
            switch t {
            case .name: break
            case .field(let base, let name, let span):
                steps.insert(.field(name), at: 0); spans.insert(span, at: 0); t = base; continue
            case .index(let base, let entries, let span):
                steps.insert(.index(try indexer(entries)), at: 0); spans.insert(span, at: 0); t = base; continue
            }
            break
        }
        guard case .name(let rootName, let rootSpan) = t else { return { _, _ in } }
        let load = loader(for: rootName, span: rootSpan)
        let store = try storer(for: rootName)
        let located = self.located
        let fullSpan = target.span

        return { f, newValue in
            var evaluated: [EvaluatedStep] = []
            for step in steps {
                switch step {
                case .field(let n): evaluated.append(.field(n))
                case .index(let code): evaluated.append(.index(try code(f)))
                }
            }
            var root = try load(f)
            try store(f, .none)  // leave the variable's storage uniquely referenced by `root`
            do {
                try Compiler.update(&root, evaluated[...], newValue)
            } catch {
                try store(f, root)
                throw located(error, fullSpan)
            }
            try store(f, root)
        }
    }

    private static func update(_ value: inout Value, _ steps: ArraySlice<EvaluatedStep>, _ newValue: Value) throws {
        guard let first = steps.first else { value = newValue; return }
        let rest = steps.dropFirst()
        if rest.isEmpty {
            switch first {
            case .field(let n): try Fields.set(&value, n, newValue)
            case .index(let i): try Indexing.set(&value, i, newValue)
            }
            return
        }
        switch first {
        case .field(let n):
            var child = try Fields.get(value, n)
            try Fields.set(&value, n, .none)
            try update(&child, rest, newValue)
            try Fields.set(&value, n, child)
        case .index(let i):
            var child = try Indexing.get(value, i)
            try update(&child, rest, newValue)
            try Indexing.set(&value, i, child)
        }
    }
}

// Interpreter+Call: calling a function value — binding positional and keyword
// arguments to parameters, then running a built-in or a user function's body.

import AnisTensor

extension Interpreter {
    /// Calls `function` with positional `args` and keyword `named` arguments.
    /// Built-ins throw RuntimeError (the call site adds the position); user
    /// functions throw Diagnostics from inside their own bodies.
    func call(_ function: Function, _ args: [Value], _ named: [(String, Value)] = []) throws -> Value {
        switch function.kind {
        case .builtin(let builtin):
            // A loop whose iterations each take milliseconds reaches the every-1024-ticks
            // checkpoint only after seconds; a built-in call is costly enough to look every time.
            if Interrupt.isRequested { try checkpoint() }
            let bound = try bind(builtin, args, named)
            if autodiff.isActive, bound.contains(where: { $0?.containsLive ?? false }) {
                return try Autodiff.callBuiltin(builtin, bound, self)
            }
            let arguments = Arguments(builtin: builtin, values: bound, interpreter: self)
            do {
                if Detached.builtinNames.contains(builtin.name), Detached.worthIt(bound) {
                    return try Detached.run(builtin.name) { try builtin.run(arguments) }
                }
                return try builtin.run(arguments)
            } catch let error as TensorError {
                throw Interpreter.labelled(error, builtin.name)
            }
        case .user(let code, let captured, let defaults):
            return try callUser(function, code, captured, defaults, args, named)
        }
    }

    /// A runtime error raised inside a built-in names that built-in: `pinv` reports
    /// "pinv: ..." even when the SVD it runs failed ("svd: ..."). As a RuntimeError it is
    /// not relabelled again by a built-in further out (`map(xs, pinv)`).
    static func labelled(_ error: TensorError, _ name: String) -> RuntimeError {
        let message = error.message
        guard let colon = message.firstIndex(of: ":"), message[colon...].hasPrefix(": ") else { return RuntimeError(message) }
        let label = message[..<colon]
        guard label != name, let first = label.first, first.isLetter || first == "_",
              label.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return RuntimeError(message) }
        return RuntimeError(name + message[colon...])
    }

    private func bind(_ b: Builtin, _ args: [Value], _ named: [(String, Value)]) throws -> [Value?] {
        let params = b.parameters
        if named.isEmpty && args.count == params.count && !params.contains(where: \.isVariadic) {
            return args
        }
        var bound = [Value?](repeating: nil, count: params.count)
        var next = 0
        for (i, p) in params.enumerated() {
            if p.isVariadic {
                bound[i] = .list(Array(args[min(next, args.count)...]))
                next = args.count
            } else if next < args.count {
                bound[i] = args[next]
                next += 1
            }
        }
        if next < args.count {
            throw RuntimeError("\(b.name): expected at most \(params.count) argument\(params.count == 1 ? "" : "s"), got \(args.count) (\(b.signature))")
        }
        for (label, value) in named {
            guard let i = params.firstIndex(where: { $0.name == label && !$0.isVariadic }) else {
                let hint = Suggestions.hint(for: label, among: params.filter { !$0.isVariadic }.map(\.name))
                throw RuntimeError("\(b.name): unknown keyword argument '\(label)'\(hint) (\(b.signature))")
            }
            if bound[i] != nil { throw RuntimeError("\(b.name): argument '\(label)' given twice") }
            bound[i] = value
        }
        for (i, p) in params.enumerated() where bound[i] == nil {
            if let d = p.defaultValue { bound[i] = d } else if !p.isVariadic {
                throw RuntimeError("\(b.name): missing argument '\(p.name)' (\(b.signature))")
            }
        }
        return bound
    }

    private func callUser(_ function: Function, _ code: CompiledFunction, _ captured: Environment?, _ defaults: [Value?],
                          _ args: [Value], _ named: [(String, Value)]) throws -> Value {
        let n = code.parameterNames.count
        guard args.count <= n else {
            throw RuntimeError("\(code.name): expected at most \(n) argument\(n == 1 ? "" : "s"), got \(args.count)")
        }
        let environment = code.cellCount > 0 ? Environment(count: code.cellCount, parent: captured) : captured
        let frame = Frame(slotCount: code.slotCount, environment: environment)
        frame.callee = function
        for (i, a) in args.enumerated() { frame.slots[i] = a }
        for (label, value) in named {
            guard let i = code.parameterNames.firstIndex(of: label) else {
                let hint = Suggestions.hint(for: label, among: code.parameterNames)
                throw RuntimeError("\(code.name): unknown keyword argument '\(label)'\(hint) (parameters: \(code.parameterNames.joined(separator: ", ")))")
            }
            if frame.slots[i] != nil { throw RuntimeError("\(code.name): argument '\(label)' given twice") }
            frame.slots[i] = value
        }
        for i in args.count..<n where frame.slots[i] == nil {
            guard let d = defaults[i] else {
                throw RuntimeError("\(code.name): missing argument '\(code.parameterNames[i])'")
            }
            frame.slots[i] = d
        }
        if let cells = environment?.cells {
            for (slot, cell) in code.boxedParameters {
                cells[cell] = frame.slots[slot]
                frame.slots[slot] = nil
            }
        }

        callDepth += 1
        defer { callDepth -= 1 }
        if callDepth > Interpreter.maxCallDepth || stack.isNearlyFull() {
            throw RuntimeError("maximum call depth exceeded (\(callDepth) nested calls): is there a recursion without a base case?")
        }
        ticks &+= 1
        if ticks & 1023 == 0 { try checkpoint() }
        do {
            let value = try code.body(frame)
            return frame.signal == .returnValue ? frame.returned : value
        } catch var d as Diagnostic {
            let (line, column) = code.source.position(of: code.span.start)
            let frame = "in \(code.name) (defined at \(code.source.name):\(line):\(column))"
            // A recursion shows its function once, not once per level.
            if d.trace.count < 8, d.trace.last != frame { d.trace.append(frame) }
            throw d
        }
    }
}

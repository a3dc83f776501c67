// Function: a callable value, either a built-in (Swift code with a signature
// and doc) or a user function (compiled body plus the frame it closes over).

/// A user function after compilation: what every closure made from one `fn` shares.
final class CompiledFunction {
    let name: String
    let parameterNames: [String]
    /// Slots 0..<parameterNames.count hold the parameters; the rest are locals.
    let slotCount: Int
    /// Locals that inner functions read live in an Environment of this many cells.
    let cellCount: Int
    /// (parameter slot, cell) for parameters that inner functions read: moved into their cells on entry.
    let boxedParameters: [(slot: Int, cell: Int)]
    let body: Code
    let span: Span
    let source: SourceText

    init(name: String, parameterNames: [String], slotCount: Int, cellCount: Int, boxedParameters: [(slot: Int, cell: Int)],
         body: @escaping Code, span: Span, source: SourceText) {
        self.name = name; self.parameterNames = parameterNames; self.slotCount = slotCount
        self.cellCount = cellCount; self.boxedParameters = boxedParameters
        self.body = body; self.span = span; self.source = source
    }
}

public final class Function {
    enum Kind {
        case builtin(Builtin)
        /// Defaults are evaluated once, when the `fn` statement or lambda runs.
        case user(CompiledFunction, captured: Environment?, defaults: [Value?])
    }

    let kind: Kind

    init(builtin: Builtin) { kind = .builtin(builtin) }
    init(code: CompiledFunction, captured: Environment?, defaults: [Value?]) {
        kind = .user(code, captured: captured, defaults: defaults)
    }

    /// The function's name, for labels and messages (`relu`, `f`, `lambda`).
    public var name: String {
        switch kind {
        case .builtin(let b): b.name
        case .user(let code, _, _): code.name
        }
    }

    /// Parameter names in order.
    public var parameterNames: [String] {
        switch kind {
        case .builtin(let b): b.parameters.map(\.name)
        case .user(let code, _, _): code.parameterNames
        }
    }

    /// `relu(x)`, `f(x, p)`: how the REPL shows a function.
    public var signature: String { "\(name)(\(parameterNames.joined(separator: ", ")))" }
}

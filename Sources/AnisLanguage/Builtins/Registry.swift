// Registry: the one table of built-ins. Globals, `help`, tab completion and the
// library section of grammar.md are all read from it, so they cannot drift apart.

struct Registry: @unchecked Sendable {  // immutable after construction
    let all: [Builtin]
    private let byName: [String: Builtin]

    init(_ builtins: [Builtin]) {
        all = builtins
        var map: [String: Builtin] = [:]
        for b in builtins { map[b.name] = b }
        byName = map
    }

    var names: [String] { all.map(\.name).sorted() }

    subscript(name: String) -> Builtin? { byName[name] }

    /// The help text for a built-in, keyword or topic (lines fitted to `width`), or
    /// the index of topics when `topic` is nil; nil for any other name.
    func help(_ topic: String?, width: Int = 80) -> String? {
        guard let topic, !topic.isEmpty else { return index(width: width) }
        if let b = byName[topic] { return Registry.page(b, width: width) }
        if let k = Keywords.help[topic] {
            // A synopsis line, then paragraphs (each indented by two spaces in the table).
            let lines = k.split(separator: "\n").map { $0.trimmingSpaces }
            return TextWrap.signature(lines[0], width: width) + lines.dropFirst().map { TextWrap.wrap($0, indent: "  ", width: width) }.joined()
        }
        if let t = Topic.allCases.first(where: { $0.rawValue.lowercased() == topic.lowercased() }) {
            return "\(t.rawValue):\n" + all.filter { $0.topic == t }.map { "  \($0.signature)\n" }.joined()
        }
        return nil
    }

    static func page(_ b: Builtin, width: Int = 80) -> String {
        var out = TextWrap.signature(b.signature, width: width) + TextWrap.wrap(b.doc, indent: "  ", width: width)
        if let note = b.dtypes.note(b.topic) { out += TextWrap.wrap(note, indent: "  ", width: width) }
        if !b.example.isEmpty {
            out += "  Example:\n" + b.example.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)\n" }.joined()
        }
        return out
    }

    private func index(width: Int) -> String {
        var out = "Built-ins by topic (help NAME for one; help TOPIC for a topic):\n"
        for t in Topic.allCases {
            let names = all.filter { $0.topic == t }.map(\.name)
            guard !names.isEmpty else { continue }
            out += "\n\(t.rawValue):\n" + TextWrap.wrap(names.joined(separator: ", "), indent: "  ", width: width)
        }
        out += "\n" + TextWrap.wrap("Keywords: " + Keywords.help.keys.sorted().joined(separator: ", ") + " (help KEYWORD)", indent: "", width: width)
        out += TextWrap.wrap("Operators: " + HelpTopics.operators.keys.sorted().joined(separator: " ") + " (help OPERATOR)", indent: "", width: width)
        out += TextWrap.wrap("Syntax: " + HelpTopics.syntax.keys.sorted().joined(separator: ", ") + " (help TOPIC)", indent: "", width: width)
        return out
    }

    /// The library reference in grammar.md: per topic a `###` heading, per built-in a `####`
    /// heading with its signature, its doc paragraph and its example in a code block.
    func markdownReference() -> String {
        var sections: [String] = []
        for t in Topic.allCases {
            let builtins = all.filter { $0.topic == t }
            guard !builtins.isEmpty else { continue }
            var out = "### \(t.rawValue)\n"
            for b in builtins {
                out += "\n#### `\(b.signature)`\n\n\(b.doc)\(b.dtypes.note(b.topic).map { " *\($0)*" } ?? "")\n"
                if !b.example.isEmpty { out += "\n```anis\n\(b.example)\n```\n" }
            }
            sections.append(out)
        }
        return sections.joined(separator: "\n")
    }
}

enum Builtins {
    static let registry = Registry(core + functional + creation + grids + random + sampling + shape + math + reductions
                                   + sorting + counting + linalg + einsum + plotOverlays
                                   + activations + fused + anisotropy + io + text + plot + autodiff + optimizers + toyModels
                                   + helpBuiltins + progressBuiltins + sweeps)
}

/// One-paragraph help for each keyword, shown by `help if` and friends.
enum Keywords {
    static let help: [String: String] = [
        "fn": "fn name(x, p: 0.1) { body }  or  fn name(x) = expr\n  Defines a function; the value of the last expression is returned. Parameters with defaults are passed by keyword: name(x, p: 0.2).",
        "if": "if cond { a } else if cond2 { b } else { c }\n  An expression: its value is the value of the chosen block (none without else).",
        "else": "See 'if'.",
        "for": "for x in xs { body }\n  Iterates over a range (0:10), a list, a tensor (along its first axis), a string or a record's keys. 'for a, b in pairs' unpacks each element.\n  [f(x) for x in xs if x > 0] is a list comprehension: for clauses (nested, left to right) and if filters; its loop variables stay inside it. Example: [i * j for i in 1:4 for j in 1:4 if i < j] is [2, 3, 6].",
        "in": "See 'for'.",
        "while": "while cond { body }\n  Repeats while cond is true. Ctrl-C stops a runaway loop in the REPL.",
        "break": "break\n  Leaves the innermost loop.",
        "continue": "continue\n  Skips to the next iteration of the innermost loop.",
        "return": "return value  or  return a, b\n  Leaves the function with a value (a list when several are given).",
        "and": "a and b\n  Logical and, short-circuiting on scalars; elementwise (a 0/1 mask) when both sides are tensors.",
        "or": "a or b\n  Logical or, short-circuiting on scalars; elementwise when both sides are tensors.",
        "not": "not x\n  Logical negation; elementwise on tensors.",
        "true": "true, false: the booleans.",
        "false": "true, false: the booleans.",
        "none": "none: the absence of a value (what a statement or an if without else gives).",
    ]
}

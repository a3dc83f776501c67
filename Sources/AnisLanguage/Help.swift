// Help: the pages shown by `help NAME`, `?NAME`, `help(NAME)` and `anis --help NAME`.
// One lookup serves built-ins (from the registry), keywords, operators, syntax
// topics, help topics and the user's own functions and variables; an unknown name
// gets a "did you mean". Pages wrap at word boundaries to the output width.
import AnisTensor

/// Recognises an entry that asks for help, so `help svd   # a comment` works even
/// though `help svd` is not an expression.
public enum HelpRequest {
    /// What the entry asks for: `.index` for `help` or `?` alone, `.topic` with its
    /// span for `help NAME`, `help(NAME)`, `?NAME`; nil when it is ordinary code.
    public enum Kind: Equatable { case index, topic(String, Span) }

    public static func parse(_ source: String) -> Kind? {
        let head = source.utf8.drop(while: { $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 })
        guard head.first == UInt8(ascii: "?") || head.starts(with: "help".utf8) else { return nil }
        let bytes = Array(source.utf8)
        var start = 0, end = bytes.count
        func isBlank(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
        while start < end, isBlank(bytes[start]) { start += 1 }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        // A help request is one line: in a script (or piped input) `help svd` followed by
        // code is code, and the parser locates what it cannot read.
        if bytes[start..<end].contains(10) || bytes[start..<end].contains(13) { return nil }
        // A trailing comment goes; `#` never starts a topic (there is no `#` operator).
        if let hash = bytes[start..<end].firstIndex(of: UInt8(ascii: "#")) { end = hash }
        while end > start, isBlank(bytes[end - 1]) { end -= 1 }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        if text == "help" || text == "?" { return .index }
        var topicStart: Int
        if text.hasPrefix("?") {
            topicStart = start + 1
        } else if text.hasPrefix("help(") && text.hasSuffix(")") {
            topicStart = start + 5
            end -= 1
        } else if text.hasPrefix("help "), !text.hasPrefix("help ="), !text.hasPrefix("help ==") {
            topicStart = start + 5
        } else {
            return nil
        }
        while topicStart < end, isBlank(bytes[topicStart]) { topicStart += 1 }
        var topicEnd = end
        while topicEnd > topicStart, isBlank(bytes[topicEnd - 1]) { topicEnd -= 1 }
        var topic = String(decoding: bytes[topicStart..<topicEnd], as: UTF8.self)
        // `help("for")` names the topic as a string.
        if topic.count >= 2, topic.hasPrefix("\""), topic.hasSuffix("\"") {
            topic = String(topic.dropFirst().dropLast())
            topicStart += 1
            topicEnd -= 1
        }
        guard !topic.isEmpty, !topic.contains(where: { $0.isWhitespace }) else {
            return text.hasPrefix("?") || text.hasPrefix("help ") ? .topic(topic, Span(topicStart, topicEnd)) : nil
        }
        // `help(x)` with an expression inside is a call of the `help` built-in.
        if text.hasPrefix("help("), topic.contains(where: { "()[]{},.".contains($0) }) { return nil }
        return .topic(topic, Span(topicStart, topicEnd))
    }
}

extension Interpreter {
    /// Prints what a help entry asks for; an unknown topic is an error located at the name.
    func showHelp(_ request: HelpRequest.Kind, source: SourceText) throws(Diagnostic) {
        switch request {
        case .index:
            output(Builtins.registry.help(nil, width: pageWidth) ?? "")
        case .topic(let topic, let span):
            do { output(try helpPage(topic)) } catch {
                throw Diagnostic(kind: .runtime, message: error.message, span: span, source: source)
            }
        }
    }

    /// Width that help pages and tensors fill (the terminal's, or 80 off one).
    var pageWidth: Int { max(40, min(format.lineWidth, 200)) }

    /// The page for a topic name. Unknown names throw, with the closest topic as a hint.
    func helpPage(_ topic: String) throws(RuntimeError) -> String {
        let width = pageWidth
        // The user's own binding comes first: `fn leaky(...)` hides the built-in `leaky`.
        if let slot = globalSlots[topic], let value = globals.slots[slot] {
            if case .function(let f) = value, case .builtin(let b) = f.kind, b.name == topic {} else {
                return helpPage(for: value, name: topic)
            }
        }
        if let page = Builtins.registry.help(topic, width: width) { return page }
        if let page = HelpTopics.operators[topic] ?? HelpTopics.syntax[topic.lowercased()] {
            return TextWrap.page(page, width: width)
        }
        if let slot = globalSlots[topic], let value = globals.slots[slot] { return helpPage(for: value, name: topic) }  // pi, e, args
        var candidates = Builtins.registry.names + Keywords.help.keys + HelpTopics.syntax.keys + definedGlobalNames
        candidates += Topic.allCases.map { $0.rawValue.lowercased() }
        let hint = Suggestions.hint(for: topic, among: candidates)
        throw RuntimeError("no help for '\(topic)'\(hint); `help` lists the built-ins and topics")
    }

    /// The page for a value: a function's signature and documentation, else what the value is.
    func helpPage(for value: Value, name: String? = nil) -> String {
        let width = pageWidth
        guard case .function(let f) = value else {
            let label = name.map { "\($0): " } ?? ""
            return "\(label)a variable holding \(summary(value)) (type \(value.typeName))\n"
        }
        switch f.kind {
        case .builtin(let b):
            return Registry.page(b, width: width)
        case .user(let code, _, let defaults):
            var parameters: [String] = []
            for (i, p) in code.parameterNames.enumerated() {
                if i < defaults.count, let d = defaults[i] { parameters.append("\(p): \(inline(d))") } else { parameters.append(p) }
            }
            var out = TextWrap.signature("fn \(code.name)(\(parameters.joined(separator: ", ")))", width: width)
            let (line, column) = code.source.position(of: code.span.start)
            out += "  defined at \(code.source.name):\(line):\(column)\n"
            let comment = HelpTopics.leadingComment(code.source, line: line, fallback: entryDocs[code.source.name])
            if !comment.isEmpty { out += TextWrap.wrap(comment, indent: "  ", width: width) }
            return out
        }
    }
}

/// Word wrapping for help pages.
enum TextWrap {
    /// Wraps each paragraph of `text` at word boundaries with `indent` on every line.
    /// Lines that start with two spaces (examples, tables) are kept as they are.
    static func wrap(_ text: String, indent: String, width: Int) -> String {
        var out = ""
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if paragraph.hasPrefix("  ") { out += indent + paragraph + "\n"; continue }
            var line = indent
            for word in paragraph.split(separator: " ") {
                if line.count + word.count + 1 > width, line != indent {
                    out += line + "\n"
                    line = indent
                }
                line += (line == indent ? "" : " ") + word
            }
            out += line + "\n"
        }
        return out
    }

    /// A signature on one line, or broken after commas with the continuation under the first parameter.
    static func signature(_ text: String, width: Int) -> String {
        guard text.count > width, let open = text.firstIndex(of: "(") else { return text + "\n" }
        let hanging = String(repeating: " ", count: text.distance(from: text.startIndex, to: open) + 1)
        // Breaks go between parameters only (never inside `activation: "relu"`).
        let pieces = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces }
        var out = "", line = ""
        for (i, piece) in pieces.enumerated() {
            let item = piece + (i < pieces.count - 1 ? "," : "")
            if !line.isEmpty, line.count + 1 + item.count > width {
                out += line + "\n"
                line = hanging + item
            } else {
                line += (line.isEmpty ? "" : " ") + item
            }
        }
        return out + line + "\n"
    }

    /// A page whose first line is a synopsis and the rest a paragraph to wrap.
    static func page(_ text: String, width: Int) -> String {
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        var out = String(lines[0]) + "\n"
        if lines.count > 1 { out += wrap(String(lines[1]), indent: "  ", width: width) }
        return out
    }
}

extension Builtins {
    static let helpBuiltins: [Builtin] = [
        Builtin("help", "topic: none", topic: .core,
                doc: "Prints the help page of a function value (a built-in, or your own: its signature, where it was defined and the comment above it) or of a topic named by a string (\"for\", \"+\", \"indexing\"); with no argument, the index. `help NAME` and `?NAME` at the start of an entry do the same without parentheses.",
                example: "help(svd)\nhelp(\"indexing\")") { a in
            let interpreter = a.interpreter
            let page: String
            switch a.optional(0) {
            case nil: page = Builtins.registry.help(nil, width: interpreter.pageWidth) ?? ""
            case .string(let topic)?: page = try interpreter.helpPage(topic)
            case let value?: page = interpreter.helpPage(for: value)
            }
            interpreter.output(page)
            return .none
        },
    ]
}

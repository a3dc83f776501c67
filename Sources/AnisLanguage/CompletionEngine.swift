// CompletionEngine: what Tab offers at a cursor, decided by the context: keyword
// arguments inside a call (`svd(A, fu` → `full: `), fields after a dot (`cfg.st` →
// the record's fields), file paths inside a string or after `:load`, help topics
// after `help`/`?`, and otherwise keywords, built-ins and variables. It needs only
// the input text and the cursor, so the readline REPL and a Jupyter kernel share it.
import Glibc

/// What completing at a cursor offers: the candidates replace the text from `start`
/// to the cursor (UTF-8 byte offsets into the input).
public struct CompletionResult: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// A keyword, variable or built-in; `isFunction` when it is a built-in function.
        case name(isFunction: Bool)
        /// `full: ` inside a call of a function with that parameter.
        case keywordArgument
        /// A record field, or a tensor property (`T`, `shape`).
        case field
        /// A file or folder (folders end in `/`).
        case path
        case helpTopic
    }

    public struct Candidate: Equatable, Sendable {
        public let text: String
        public let kind: Kind
        public init(text: String, kind: Kind) { self.text = text; self.kind = kind }
    }

    public var start: Int
    public var candidates: [Candidate]
    public init(start: Int, candidates: [Candidate]) { self.start = start; self.candidates = candidates }
}

extension Session {
    /// Candidates for completing `text` at `cursor` (a UTF-8 byte offset; the end by default).
    /// `text` may hold several lines (a multi-line entry); only the code before the cursor counts.
    public func complete(_ text: String, cursor: Int? = nil) -> CompletionResult {
        let bytes = Array(text.utf8.prefix(cursor ?? Int.max))
        return CompletionEngine(session: self, bytes: bytes).run()
    }
}

struct CompletionEngine {
    let session: Session
    let bytes: [UInt8]

    private static func isWord(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 95 || b >= 128
    }

    /// What the scan of the text before the cursor found.
    private struct Context {
        /// Start of the string literal's content when the cursor is inside one.
        var stringStart: Int?
        /// Open brackets, innermost last: the bracket and the name called when it is `name(`.
        var open: [(bracket: UInt8, callee: String?)] = []
        var inComment = false
    }

    func run() -> CompletionResult {
        let lineStart = (bytes.lastIndex(of: 10) ?? -1) + 1
        let line = String(decoding: bytes[lineStart...], as: UTF8.self)
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
        if trimmed.hasPrefix(":load ") {
            let offset = bytes.count - trimmed.utf8.count + ":load ".utf8.count
            var s = offset
            while s < bytes.count, bytes[s] == 32 { s += 1 }
            return paths(from: s)
        }
        let context = scan()
        if context.inComment { return CompletionResult(start: bytes.count, candidates: []) }
        if let s = context.stringStart { return paths(from: s) }

        var wordStart = bytes.count
        while wordStart > 0, Self.isWord(bytes[wordStart - 1]) { wordStart -= 1 }
        let word = String(decoding: bytes[wordStart...], as: UTF8.self)

        if wordStart > 0, bytes[wordStart - 1] == UInt8(ascii: ".") {
            // Fields of a value the globals hold; nothing for an unknown one (never run code to find out).
            let owner = valueBefore(dot: wordStart - 1)
            return CompletionResult(start: wordStart, candidates: (owner.map(fields) ?? []).filter { $0.hasPrefix(word) }.sorted()
                .map { .init(text: $0, kind: .field) })
        }
        let beforeWord = String(decoding: bytes[lineStart..<wordStart], as: UTF8.self).trimmingSpaces
        if beforeWord == "help" || beforeWord == "?" {
            let topics = Set(session.builtinNames + Session.keywords + Array(HelpTopics.syntax.keys) + session.variableNames)
            return CompletionResult(start: wordStart, candidates: topics.filter { $0.hasPrefix(word) }.sorted()
                .map { .init(text: $0, kind: .helpTopic) })
        }
        // Inside a call, keyword arguments come first. After a comma a matching keyword is
        // all that is offered (`svd(A, fu` → `full: `); right after `(` names are offered too.
        var keywordCandidates: [CompletionResult.Candidate] = []
        if let call = context.open.last, call.bracket == UInt8(ascii: "("), let callee = call.callee, let separator = argumentStart(wordStart) {
            keywordCandidates = keywordParameters(of: callee).filter { $0.hasPrefix(word) }.map { .init(text: $0 + ": ", kind: .keywordArgument) }
            if !keywordCandidates.isEmpty, separator == UInt8(ascii: ",") {
                return CompletionResult(start: wordStart, candidates: keywordCandidates)
            }
        }
        let builtins = Set(session.builtinNames)
        var names = Set(Session.keywords + session.builtinNames + session.variableNames)
        if beforeWord.isEmpty { names.insert("help") }
        return CompletionResult(start: wordStart, candidates: keywordCandidates + names.filter { $0.hasPrefix(word) }.sorted().map {
            .init(text: $0, kind: .name(isFunction: builtins.contains($0) && !Session.keywords.contains($0)))
        })
    }

    /// One pass over the text: strings (with escapes), comments and brackets.
    private func scan() -> Context {
        var c = Context()
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if c.inComment {
                if b == 10 { c.inComment = false }
            } else if c.stringStart != nil {
                if b == UInt8(ascii: "\\") { i += 1 } else if b == UInt8(ascii: "\"") { c.stringStart = nil }
            } else if b == UInt8(ascii: "\"") {
                c.stringStart = i + 1
            } else if b == UInt8(ascii: "#") {
                c.inComment = true
            } else if b == UInt8(ascii: "(") || b == UInt8(ascii: "[") || b == UInt8(ascii: "{") {
                var end = i
                while end > 0, bytes[end - 1] == 32 { end -= 1 }
                var start = end
                while start > 0, Self.isWord(bytes[start - 1]) { start -= 1 }
                let callee = b == UInt8(ascii: "(") && start < end ? String(decoding: bytes[start..<end], as: UTF8.self) : nil
                c.open.append((b, callee))
            } else if b == UInt8(ascii: ")") || b == UInt8(ascii: "]") || b == UInt8(ascii: "}") {
                if !c.open.isEmpty { c.open.removeLast() }
            }
            i += 1
        }
        return c
    }

    /// The `(` or `,` before `position` when only blanks separate them: an argument starts here.
    private func argumentStart(_ position: Int) -> UInt8? {
        var i = position
        while i > 0, bytes[i - 1] == 32 || bytes[i - 1] == 9 || bytes[i - 1] == 10 { i -= 1 }
        guard i > 0, bytes[i - 1] == UInt8(ascii: "(") || bytes[i - 1] == UInt8(ascii: ",") else { return nil }
        return bytes[i - 1]
    }

    /// Parameters that take a keyword: built-ins' parameters with defaults, a user
    /// function's parameters with defaults (all of them when it has none).
    private func keywordParameters(of callee: String) -> [String] {
        guard case .function(let f)? = session.interpreter.globalValue(callee) else { return [] }
        switch f.kind {
        case .builtin(let b):
            return b.parameters.filter { $0.defaultValue != nil && !$0.isVariadic }.map(\.name)
        case .user(let code, _, let defaults):
            let withDefaults = code.parameterNames.enumerated().filter { $0.offset < defaults.count && defaults[$0.offset] != nil }.map(\.element)
            return withDefaults.isEmpty ? code.parameterNames : withDefaults
        }
    }

    /// The value of the dotted names before a `.` (`cfg` in `cfg.`, `a.b` in `a.b.`), read
    /// from the globals without running any code.
    private func valueBefore(dot: Int) -> Value? {
        var names: [String] = []
        var end = dot
        while true {
            var start = end
            while start > 0, Self.isWord(bytes[start - 1]) { start -= 1 }
            guard start < end else { return nil }
            names.insert(String(decoding: bytes[start..<end], as: UTF8.self), at: 0)
            guard start > 0, bytes[start - 1] == UInt8(ascii: ".") else { break }
            end = start - 1
        }
        guard var value = session.interpreter.globalValue(names[0]) else { return nil }
        for name in names.dropFirst() {
            guard case .record(let r) = value, let next = r[name] else { return nil }
            value = next
        }
        return value
    }

    private func fields(of value: Value) -> [String] {
        switch value {
        case .record(let r): r.keys
        case .tensor, .tracked: ["T", "shape", "size", "ndim", "dtype"]
        case .function: ["name"]
        default: []
        }
    }

    /// Files and folders for the path typed from `start` to the cursor.
    private func paths(from start: Int) -> CompletionResult {
        let typed = String(decoding: bytes[min(start, bytes.count)...], as: UTF8.self)
        let slash = typed.lastIndex(of: "/")
        let folder = slash.map { String(typed[...$0]) } ?? ""
        let prefix = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        let componentStart = bytes.count - prefix.utf8.count
        var candidates: [CompletionResult.Candidate] = []
        guard let dir = opendir(folder.isEmpty ? "." : folder) else { return CompletionResult(start: componentStart, candidates: []) }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasPrefix(prefix), name != ".", name != "..", !name.hasPrefix(".") || prefix.hasPrefix(".") else { continue }
            var info = stat()
            let isFolder = stat(folder + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            candidates.append(.init(text: isFolder ? name + "/" : name, kind: .path))
        }
        return CompletionResult(start: componentStart, candidates: candidates.sorted { $0.text < $1.text })
    }
}

extension Interpreter {
    /// The value of global `name`, nil when it has none.
    func globalValue(_ name: String) -> Value? {
        guard let slot = globalSlots[name] else { return nil }
        return globals.slots[slot]
    }
}

// Completion: tab completion for the REPL: keywords, built-ins, variables and
// meta commands, served to readline through C callbacks.
import Glibc
import CReadline

enum Completion {
    /// Supplies the names to complete from; set by the REPL (it knows the session).
    /// readline runs completion on the thread that reads lines, so plain statics are safe here.
    nonisolated(unsafe) static var source: (() -> Names)?

    /// The names completion chooses from.
    struct Names {
        var keywords: [String]
        var builtins: [String]
        var variables: [String]
        /// Meta commands without their colon (`time`, `vars`, ...).
        var commands: [String]
    }

    /// Matches computed by `attempt`, handed out one by one by `generator`.
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var nextMatch = 0

    /// Word breaks for code: ':' and '.' break words so `:lo` and `r.fi` complete the part after them.
    nonisolated(unsafe) private static let codeBreaks = strdup(" \t\n\"'`()[]{},;:.+-*/%^<>=!&|@")
    /// Word breaks after `:load`: only blanks, so a whole path is one word.
    nonisolated(unsafe) private static let pathBreaks = strdup(" \t\n")

    static func install() {
        anis_rl_set_basic_word_break_characters(codeBreaks)
        anis_rl_set_word_break_hook(wordBreaks)
        anis_rl_set_completion(attempt)
    }

    private static let wordBreaks: @convention(c) () -> UnsafeMutablePointer<CChar>? = {
        linePrefix(Int(anis_rl_point())).trimmingWhitespace().hasPrefix(":load ") ? pathBreaks : codeBreaks
    }

    private static let attempt: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, start, _ in
        anis_rl_set_completion_over(1)
        guard let text, let names = source?() else { return nil }
        let word = String(cString: text)
        let before = linePrefix(Int(start))
        let trimmed = before.drop(while: { $0 == " " || $0 == "\t" })
        var candidates: [String]
        var append: UInt8 = UInt8(ascii: " ")
        if trimmed == ":" {
            candidates = names.commands
        } else if trimmed.hasPrefix(":load ") {
            anis_rl_set_completion_over(0)   // readline's own file-name completion
            return nil
        } else if trimmed.hasPrefix("help ") {
            candidates = names.builtins + names.keywords
        } else {
            candidates = names.keywords + names.builtins + names.variables
            if before.isEmpty || trimmed.isEmpty { candidates.append("help") }
        }
        matches = Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
        nextMatch = 0
        guard !matches.isEmpty else { return nil }
        // A unique built-in is completed with its open parenthesis, a variable with nothing.
        if matches.count == 1, trimmed != ":", !trimmed.hasPrefix("help ") {
            if names.builtins.contains(matches[0]) && !names.keywords.contains(matches[0]) {
                append = UInt8(ascii: "(")
            } else if !names.keywords.contains(matches[0]) {
                append = 0
            }
        }
        anis_rl_set_completion_append_character(Int32(append))
        return rl_completion_matches(text, generator)
    }

    private static let generator: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = { _, _ in
        guard nextMatch < matches.count else { return nil }
        defer { nextMatch += 1 }
        return strdup(matches[nextMatch])   // readline frees it
    }

    /// The text of the line before the word being completed.
    private static func linePrefix(_ end: Int) -> String {
        guard let buffer = anis_rl_line_buffer(), end > 0 else { return "" }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: end)
        return String(decoding: bytes, as: UTF8.self)
    }
}

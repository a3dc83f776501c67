// Completion: the REPL's tab completion, served to readline through C callbacks.
// What to offer is decided by the session's CompletionEngine (keyword arguments,
// record fields, paths, names); this file adds the colon commands and adapts the
// answer to readline: where the word starts, and what to append to a unique match.
import Glibc
import CReadline
import AnisLanguage

enum Completion {
    /// The session to complete from and the lines of the entry typed so far; set by the REPL.
    /// readline runs completion on the thread that reads lines, so plain statics are safe here.
    nonisolated(unsafe) static var session: Session?
    nonisolated(unsafe) static var pendingEntry = ""

    /// Meta commands without their colon (`time`, `vars`, ...).
    nonisolated(unsafe) static var commands: [String] = []

    /// Matches computed by `attempt`, handed out one by one by `generator`.
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var nextMatch = 0
    /// The break set handed to readline: the one character before the engine's word.
    nonisolated(unsafe) private static var breaks: UnsafeMutablePointer<CChar>? = strdup(" \t\n")

    static func install() {
        anis_rl_set_basic_word_break_characters(breaks)
        anis_rl_set_word_break_hook(wordBreaks)
        anis_rl_set_completion(attempt)
    }

    /// The entry up to the cursor: earlier lines of a multi-line entry, then this line.
    private static func textBeforeCursor() -> String {
        let line = linePrefix(Int(anis_rl_point()))
        return pendingEntry.isEmpty ? line : pendingEntry + "\n" + line
    }

    /// What the engine (or the command list) offers here.
    private static func result() -> CompletionResult? {
        let text = textBeforeCursor()
        let line = linePrefix(Int(anis_rl_point()))
        if pendingEntry.isEmpty, line.hasPrefix(":"), !line.contains(" ") {
            let word = String(line.dropFirst())
            let start = text.utf8.count - word.utf8.count
            return CompletionResult(start: start, candidates: commands.filter { $0.hasPrefix(word) }
                .map { .init(text: $0, kind: .name(isFunction: false)) })
        }
        return session?.complete(text)
    }

    /// readline finds the word by scanning back to a break character: the break set is
    /// the character just before where the engine's word starts, which cannot occur inside it.
    private static let wordBreaks: @convention(c) () -> UnsafeMutablePointer<CChar>? = {
        let text = Array(textBeforeCursor().utf8)
        var set = " \t\n"
        if let r = result(), r.start > 0, r.start <= text.count, text[r.start - 1] < 128, !set.utf8.contains(text[r.start - 1]) {
            set = String(UnicodeScalar(text[r.start - 1]))
        }
        free(breaks)
        breaks = strdup(set)
        return breaks
    }

    private static let attempt: @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = { text, _, _ in
        anis_rl_set_completion_over(1)
        guard let text, let r = result() else { return nil }
        let word = String(cString: text)
        let before = Array(textBeforeCursor().utf8)
        // The engine's word must be readline's word; otherwise offer nothing rather than garble the line.
        guard r.start <= before.count, String(decoding: before[r.start...], as: UTF8.self) == word else { return nil }
        matches = r.candidates.map(\.text)
        nextMatch = 0
        guard !matches.isEmpty else { return nil }
        // A unique built-in is completed with its open parenthesis, a keyword argument
        // already ends in ": ", a path or a field with nothing, other names with a space.
        var append: UInt8 = 0
        if r.candidates.count == 1 {
            switch r.candidates[0].kind {
            case .name(let isFunction): append = isFunction ? UInt8(ascii: "(") : (Session.keywords.contains(matches[0]) ? UInt8(ascii: " ") : 0)
            case .helpTopic: append = UInt8(ascii: " ")
            case .keywordArgument, .field, .path: append = 0
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

    /// The text of the line before `end` (a byte offset).
    private static func linePrefix(_ end: Int) -> String {
        guard let buffer = anis_rl_line_buffer(), end > 0 else { return "" }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: end)
        return String(decoding: bytes, as: UTF8.self)
    }
}

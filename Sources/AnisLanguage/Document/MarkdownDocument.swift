// MarkdownDocument: the ```anis blocks of a Markdown text, with the output each
// code line is said to print: the `#> ` lines right below it (the format
// `anis reprex` writes and `anis check` reads).
//
//     ```anis
//     x = [1, 2]
//     x * 2
//     #> [2, 4]
//     ```
//
// A block opens with a fence of three or more backticks or tildes whose info string
// starts with the word `anis`, may be indented (inside a list), and closes with the
// same fence character repeated at least as often. Other blocks are prose to anis.
// Blocks not meant to run: an info string `anis skip` (a fragment such as `svd(A)`),
// or everything between the lines `<!-- anis check: off -->` and `<!-- anis check: on -->`.

public struct MarkdownDocument {
    /// One code line and the `#>` lines under it.
    public struct CodeLine {
        /// 0-based line number in the Markdown text.
        public let index: Int
        public let text: String
        /// The text of its `#>` lines, without the marker.
        public var expected: [String] = []
        /// 0-based Markdown line numbers of those `#>` lines.
        public var expectedIndices: [Int] = []
    }

    public struct Block {
        /// 0-based line of the opening and closing fences (`close` is the line count when unclosed).
        public let open: Int
        public var close: Int
        /// What precedes the fence on its line (the block's indentation).
        public let indent: String
        public var lines: [CodeLine] = []
        /// `#>` lines before any code: they belong to nothing, so they never match.
        public var orphans: [Int] = []
    }

    public let lines: [String]
    public let blocks: [Block]
    /// Whether the text ended with a newline (kept when it is rewritten).
    public let endsWithNewline: Bool

    public init(_ text: String) {
        var all = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        endsWithNewline = text.hasSuffix("\n")
        if endsWithNewline { all.removeLast() }
        lines = all
        var blocks: [Block] = []
        var i = 0
        var checking = true
        while i < all.count {
            switch all[i].trimmingWhitespaceAndNewlines {
            case "<!-- anis check: off -->": checking = false
            case "<!-- anis check: on -->": checking = true
            default: break
            }
            guard let fence = Self.openingFence(all[i]) else { i += 1; continue }
            guard checking, !fence.skip else {
                // Step over the block so a fence-like line inside it is not taken for an opening.
                i += 1
                while i < all.count, !Self.isClosingFence(all[i], char: fence.char, count: fence.count) { i += 1 }
                i += 1
                continue
            }
            var block = Block(open: i, close: all.count, indent: fence.indent)
            i += 1
            while i < all.count {
                let line = all[i]
                if Self.isClosingFence(line, char: fence.char, count: fence.count) { block.close = i; break }
                let body = Self.dropIndent(line, fence.indent)
                if let text = Self.outputText(body) {
                    if block.lines.isEmpty {
                        block.orphans.append(i)
                    } else {
                        block.lines[block.lines.count - 1].expected.append(text)
                        block.lines[block.lines.count - 1].expectedIndices.append(i)
                    }
                } else {
                    block.lines.append(CodeLine(index: i, text: body))
                }
                i += 1
            }
            blocks.append(block)
            i += 1
        }
        self.blocks = blocks
    }

    /// The text after `#>` (one space dropped), or nil for a code line.
    static func outputText(_ line: String) -> String? {
        guard line.hasPrefix("#>") else { return nil }
        let rest = line.dropFirst(2)
        return String(rest.first == " " ? rest.dropFirst() : rest)
    }

    /// A `#> ` line for output text (no trailing space on an empty line).
    public static func outputLine(_ text: String) -> String { text.isEmpty ? "#>" : "#> " + text }

    private static func openingFence(_ line: String) -> (indent: String, char: Character, count: Int, skip: Bool)? {
        let indent = line.prefix(while: { $0 == " " })
        guard indent.count <= 8 else { return nil }
        let rest = line.dropFirst(indent.count)
        guard let char = rest.first, char == "`" || char == "~" else { return nil }
        let count = rest.prefix(while: { $0 == char }).count
        guard count >= 3 else { return nil }
        let info = rest.dropFirst(count).trimmingWhitespaceAndNewlines
        let word = info.prefix(while: { !$0.isWhitespace && $0 != "{" && $0 != "," })
        guard word == "anis" else { return nil }
        let skip = info.split(separator: " ").dropFirst().contains("skip")
        return (String(indent), char, count, skip)
    }

    private static func isClosingFence(_ line: String, char: Character, count: Int) -> Bool {
        let body = line.trimmingWhitespaceAndNewlines
        return body.count >= count && body.allSatisfy { $0 == char }
    }

    private static func dropIndent(_ line: String, _ indent: String) -> String {
        var s = Substring(line)
        var n = indent.count
        while n > 0, s.first == " " { s = s.dropFirst(); n -= 1 }
        return String(s)
    }
}

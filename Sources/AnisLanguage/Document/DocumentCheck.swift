// DocumentCheck: `anis check` as a library. Runs the ```anis blocks of a Markdown
// document in one fresh session, in order, compares what every code line's
// statements print with its `#>` lines (OutputMatch), and gives a unified diff of
// the mismatches and the document with its `#>` lines brought up to date.

public struct DocumentCheck {
    /// One code line whose output differs from its `#>` lines.
    public struct Mismatch {
        /// 1-based Markdown line of the code line.
        public let line: Int
        public let expected: [String]
        public let actual: [String]
    }

    public let name: String
    public let document: MarkdownDocument
    public let mismatches: [Mismatch]
    /// The document with every mismatching `#>` run replaced by the actual output
    /// (matching runs keep their text, so an update on another machine changes nothing).
    public let updated: String
    /// A unified diff (`---` the document, `+++` what anis printed), empty when all match.
    public let diff: String

    public var passed: Bool { mismatches.isEmpty }

    /// Checks `text` (named `name` in messages) in a session started at `seed`.
    public init(_ text: String, name: String, seed: UInt64 = 0, match: OutputMatch = OutputMatch()) {
        self.name = name
        let document = MarkdownDocument(text)
        self.document = document
        let session = DocumentSession(seed: seed)
        var mismatches: [Mismatch] = []
        // Per Markdown line: nil keeps it; otherwise the lines that replace it (a `#>` line),
        // or the lines inserted after it (a code line that has no `#>` lines yet).
        var replacement = [[String]?](repeating: nil, count: document.lines.count)
        var insertion = [[String]?](repeating: nil, count: document.lines.count)
        // At the first `#>` line of a replaced run: how many lines the run has.
        var runLength = [Int](repeating: 1, count: document.lines.count)
        // The diff as a sequence of (kind, text, old line, new line) edits over the whole document.
        var edits: [DiffLine] = []
        var cursor = 0, newLine = 0
        func keep(upTo end: Int) {
            while cursor < end {
                if replacement[cursor] == nil {
                    edits.append(DiffLine(kind: " ", text: document.lines[cursor], old: cursor, new: newLine))
                    newLine += 1
                }
                cursor += 1
            }
        }
        for block in document.blocks {
            let outputs = session.run(block.lines.map(\.text))
            for orphan in block.orphans {
                mismatches.append(Mismatch(line: orphan + 1, expected: [document.lines[orphan]], actual: []))
                replacement[orphan] = []
            }
            for (line, output) in zip(block.lines, outputs) {
                let actual = output.compactMap { item -> String? in
                    if case .line(let s) = item { return s }
                    return nil
                }
                guard !match.matches(line.expected, actual) else { continue }
                mismatches.append(Mismatch(line: line.index + 1, expected: line.expected, actual: actual))
                let rewritten = actual.map { block.indent + MarkdownDocument.outputLine($0) }
                if let first = line.expectedIndices.first {
                    replacement[first] = rewritten
                    runLength[first] = line.expectedIndices.count
                    for i in line.expectedIndices.dropFirst() { replacement[i] = [] }
                } else {
                    // No `#>` lines yet: the output goes right after the code line.
                    insertion[line.index] = rewritten
                }
            }
        }
        mismatches.sort { $0.line < $1.line }
        // Walk the document once, emitting the diff edits in order.
        var i = 0
        while i < document.lines.count {
            if let new = replacement[i] {
                keep(upTo: i)
                for k in i..<(i + runLength[i]) {
                    edits.append(DiffLine(kind: "-", text: document.lines[k], old: k, new: newLine))
                }
                for t in new { edits.append(DiffLine(kind: "+", text: t, old: i + runLength[i], new: newLine)); newLine += 1 }
                cursor = i + runLength[i]
                i = cursor
                continue
            } else if let new = insertion[i] {
                keep(upTo: i + 1)
                for t in new { edits.append(DiffLine(kind: "+", text: t, old: i + 1, new: newLine)); newLine += 1 }
            }
            i += 1
        }
        keep(upTo: document.lines.count)
        self.mismatches = mismatches
        self.diff = mismatches.isEmpty ? "" : UnifiedDiff.render(edits, name: name)
        var out: [String] = []
        for (i, line) in document.lines.enumerated() { out += (replacement[i] ?? [line]) + (insertion[i] ?? []) }
        updated = out.joined(separator: "\n") + (document.endsWithNewline ? "\n" : "")
    }

    /// `file:line: output differs` for each mismatch, then the diff.
    public var report: String {
        guard !passed else { return "" }
        return mismatches.map { "\(name):\($0.line): output differs\n" }.joined() + diff
    }
}

/// One line of a diff over a document: kept (" "), removed ("-") or added ("+").
struct DiffLine {
    let kind: Character
    let text: String
    /// 0-based positions in the old and new texts where this line stands.
    let old: Int
    let new: Int
}

enum UnifiedDiff {
    /// Hunks with three lines of context, headed `@@ -a,b +c,d @@` (1-based), as `diff -u` writes.
    static func render(_ edits: [DiffLine], name: String, context: Int = 3) -> String {
        let changed = edits.indices.filter { edits[$0].kind != " " }
        guard !changed.isEmpty else { return "" }
        var out = "--- \(name)\n+++ \(name) (as run)\n"
        var i = 0
        while i < changed.count {
            let start = max(0, changed[i] - context)
            var end = min(edits.count, changed[i] + context + 1)
            var j = i + 1
            while j < changed.count, changed[j] - context <= end { end = min(edits.count, changed[j] + context + 1); j += 1 }
            let hunk = edits[start..<end]
            let oldCount = hunk.filter { $0.kind != "+" }.count, newCount = hunk.filter { $0.kind != "-" }.count
            let oldStart = hunk.first { $0.kind != "+" }?.old ?? hunk.first?.old ?? 0
            let newStart = hunk.first { $0.kind != "-" }?.new ?? hunk.first?.new ?? 0
            out += "@@ -\(oldStart + 1),\(oldCount) +\(newStart + 1),\(newCount) @@\n"
            for e in hunk { out += "\(e.kind)\(e.text)\n" }
            i = j
        }
        return out
    }
}

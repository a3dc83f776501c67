// KernelIntrospection: is_complete, complete and inspect. Small adapters over what the
// REPL already has: the parser's completeness check (continuation lines), the
// session's completion engine, and the `help` pages. Cursor positions are counted in
// Unicode code points (protocol 5.2+) and clamped, so any request is answered.
import AnisLanguage

enum KernelIntrospection {
    static func isComplete(_ code: String, session: Session) -> JSONObject {
        if code.trimmingWhitespace().isEmpty || session.isComplete(code) { return ["status": "complete"] }
        return ["status": "incomplete", "indent": "    "]
    }

    /// What the REPL's Tab offers at the cursor (the session's completion engine: names,
    /// keyword arguments, record fields, paths, help topics).
    static func complete(_ content: JSONObject, session: Session) -> JSONObject {
        let scalars = Array((content["code"] as? String ?? "").unicodeScalars)
        let cursor = max(0, min(JSON.int(content["cursor_pos"]) ?? scalars.count, scalars.count))
        // The engine counts UTF-8 bytes; the protocol counts code points.
        let byteOffsets = scalars.reduce(into: [0]) { offsets, scalar in offsets.append(offsets[offsets.count - 1] + scalar.utf8.count) }
        let result = session.complete(String(String.UnicodeScalarView(scalars)), cursor: byteOffsets[cursor])
        let start = byteOffsets.firstIndex { $0 >= result.start }.map { min($0, cursor) } ?? cursor
        return ["status": "ok", "matches": result.candidates.map(\.text), "cursor_start": start, "cursor_end": cursor,
                "metadata": JSONObject()]
    }

    /// The `help` page of the name at (or just before) the cursor, or of the function
    /// whose argument list the cursor is in.
    static func inspect(_ content: JSONObject, session: Session) -> JSONObject {
        let scalars = Array((content["code"] as? String ?? "").unicodeScalars)
        let cursor = max(0, min(JSON.int(content["cursor_pos"]) ?? scalars.count, scalars.count))
        var text: String?
        if let word = word(in: scalars, at: cursor) { text = session.help(word) }
        if text == nil, let open = scalars[..<cursor].lastIndex(of: "("),
           let callee = word(in: scalars, at: open) {
            text = session.help(callee)
        }
        guard let text else { return ["status": "ok", "found": false, "data": JSONObject(), "metadata": JSONObject()] }
        return ["status": "ok", "found": true, "data": ["text/plain": text], "metadata": JSONObject()]
    }

    /// The identifier touching `position` (the cursor inside it, or right after it).
    private static func word(in scalars: [Unicode.Scalar], at position: Int) -> String? {
        var start = position, end = position
        while start > 0, isIdentifier(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isIdentifier(scalars[end]) { end += 1 }
        guard start < end else { return nil }
        return String(String.UnicodeScalarView(scalars[start..<end]))
    }

    private static func isIdentifier(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
    }
}

// PrintfFormat: C's printf conversions of one number (%.3f, %.6e, %.4g), which
// tables, tick labels, f-strings and tensor printing need. Foundation's
// String(format:) did this, but linking Foundation for it cost every start of anis
// about 3 ms (its ICU data and relocations).
import Glibc

extension String {
    /// The text `printf(format, x)` prints; `format` holds one conversion of a double.
    public init(printf format: String, _ x: Double) {
        var buffer = [CChar](repeating: 0, count: 64)
        let needed = Int(withVaList([x]) { vsnprintf(&buffer, buffer.count, format, $0) })
        if needed >= buffer.count {  // e.g. %.20f of 1e300
            buffer = [CChar](repeating: 0, count: needed + 1)
            _ = withVaList([x]) { vsnprintf(&buffer, buffer.count, format, $0) }
        }
        self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The text without trailing spaces, tabs and line breaks.
    public func trimmingTrailingWhitespace() -> String {
        String(self[..<(lastIndex(where: { !$0.isWhitespace }).map { index(after: $0) } ?? startIndex)])
    }

    /// The text without leading and trailing whitespace.
    public func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace)).trimmingTrailingWhitespace()
    }
}

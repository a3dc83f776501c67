// OutputMatch: whether what a statement printed matches what a document says it
// prints. Text must be equal; numbers may differ by a relative tolerance, because
// BLAS/LAPACK kernels and thread counts change the last digits of a result. When
// numbers differ in length the columns of a printed tensor shift, so spacing
// around numbers is not compared (the words and punctuation are).

public struct OutputMatch: Sendable {
    /// Largest allowed |a − b| / max(|a|, |b|) between corresponding numbers.
    public var relativeTolerance: Double

    public init(relativeTolerance: Double = 1e-9) { self.relativeTolerance = relativeTolerance }

    /// True when the two runs of lines match (trailing whitespace ignored).
    public func matches(_ expected: [String], _ actual: [String]) -> Bool {
        guard expected.count == actual.count else { return false }
        return zip(expected, actual).allSatisfy { matches(line: $0, $1) }
    }

    public func matches(line expected: String, _ actual: String) -> Bool {
        let a = expected.trimmingTrailingWhitespace, b = actual.trimmingTrailingWhitespace
        if a == b { return true }
        let x = Self.tokens(a), y = Self.tokens(b)
        guard x.text == y.text, x.numbers.count == y.numbers.count else { return false }
        return zip(x.numbers, y.numbers).allSatisfy { close($0, $1) }
    }

    private func close(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }               // equal, or the same infinity
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        guard a.isFinite, b.isFinite else { return false }
        return abs(a - b) <= relativeTolerance * max(abs(a), abs(b))
    }

    /// The numbers of a line, and the text around them with spacing next to numbers removed.
    static func tokens(_ line: String) -> (text: [String], numbers: [Double]) {
        let chars = Array(line)
        var text: [String] = [], numbers: [Double] = []
        var piece = ""
        var i = 0
        while i < chars.count {
            if let (value, end) = number(chars, at: i) {
                text.append(piece.trimmingWhitespaceAndNewlines)
                piece = ""
                numbers.append(value)
                i = end
            } else {
                piece.append(chars[i])
                i += 1
            }
        }
        text.append(piece.trimmingWhitespaceAndNewlines)
        return (text, numbers)
    }

    /// A number starting at `i` (not inside a word such as `v1` or `x2`): its value and end.
    private static func number(_ c: [Character], at i: Int) -> (Double, Int)? {
        if i > 0, c[i - 1].isLetter || c[i - 1].isNumber || c[i - 1] == "_" || c[i - 1] == "." { return nil }
        var j = i
        if c[j] == "-" || c[j] == "+" {
            // A sign only when it cannot be a binary operator: `3-2` is text.
            if i > 0, c[i - 1] == ")" || c[i - 1] == "]" { return nil }
            j += 1
        }
        let digitsStart = j
        while j < c.count, c[j].isASCII, c[j].isNumber { j += 1 }
        if j < c.count, c[j] == "." { j += 1; while j < c.count, c[j].isASCII, c[j].isNumber { j += 1 } }
        guard j > digitsStart, c[digitsStart..<j].contains(where: { $0.isNumber }) else { return nil }
        if j < c.count, c[j] == "e" || c[j] == "E" {
            var k = j + 1
            if k < c.count, c[k] == "-" || c[k] == "+" { k += 1 }
            let expStart = k
            while k < c.count, c[k].isASCII, c[k].isNumber { k += 1 }
            if k > expStart { j = k }
        }
        if j < c.count, c[j].isLetter || c[j] == "_" { return nil }
        guard let value = Double(String(c[i..<j])) else { return nil }
        return (value, j)
    }
}

extension String {
    var trimmingTrailingWhitespace: String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

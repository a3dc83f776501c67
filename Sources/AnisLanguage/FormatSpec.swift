// FormatSpec: the format specs of string interpolation, `"{x:.3f}"`, the subset of
// Python's format-spec mini-language that numbers and strings need:
//     [[fill]align][sign][0][width][grouping][.precision][type]
// align `< > ^ =`, sign `+ - space`, grouping `,` or `_`, types `d f F e E g G %`,
// `x X o b` (integers) and `s` (strings). Numbers are Float64, so `d` takes any
// integral value. Tensors and lists are formatted element by element.
import AnisTensor
import Glibc

struct FormatSpec: Sendable {
    let text: String
    var fill: Character = " "
    var align: Character?
    var sign: Character = "-"
    var width = 0
    var grouping: Character?
    var precision: Int?
    var type: Character?

    static let numericTypes: Set<Character> = ["d", "f", "F", "e", "E", "g", "G", "%", "x", "X", "o", "b"]

    /// Parses a spec (the text after the interpolation's `:`); the message says what is wrong.
    init(parsing text: String) throws(RuntimeError) {
        self.text = text
        let chars = Array(text)
        var i = 0
        func bad(_ why: String) -> RuntimeError {
            RuntimeError("bad format spec '\(text)': \(why)")
        }
        let aligns: Set<Character> = ["<", ">", "^", "="]
        if chars.count >= 2, aligns.contains(chars[1]) {
            fill = chars[0]; align = chars[1]; i = 2
        } else if let c = chars.first, aligns.contains(c) {
            align = c; i = 1
        }
        if i < chars.count, "+- ".contains(chars[i]) { sign = chars[i]; i += 1 }
        if i < chars.count, chars[i] == "0" {
            if align == nil { fill = "0"; align = "=" }
            i += 1
        }
        var digits = ""
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { digits.append(chars[i]); i += 1 }
        if !digits.isEmpty {
            guard let w = Int(digits), w <= 1000 else { throw bad("width \(digits) is larger than 1000") }
            width = w
        }
        if i < chars.count, chars[i] == "," || chars[i] == "_" { grouping = chars[i]; i += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            var p = ""
            while i < chars.count, chars[i].isASCII, chars[i].isNumber { p.append(chars[i]); i += 1 }
            guard !p.isEmpty else { throw bad("'.' needs a precision after it, as in .3f") }
            guard let n = Int(p), n <= 100 else { throw bad("precision \(p) is larger than 100") }
            precision = n
        }
        if i < chars.count {
            let t = chars[i]
            guard FormatSpec.numericTypes.contains(t) || t == "s" else {
                throw bad("unknown type '\(t)' (known: d f e g % x o b s; a range here needs parentheses, {(a:b)})")
            }
            type = t
            i += 1
        }
        guard i == chars.count else {
            throw bad("unexpected '\(String(chars[i...]))' (the form is [[fill]align][sign][0][width][,][.precision][type])")
        }
        if let t = type, "dxXob".contains(t), precision != nil {
            throw bad("precision is not allowed with type '\(t)'")
        }
        if grouping != nil, let t = type, "xXob".contains(t) {
            throw bad("grouping is not allowed with type '\(t)'")
        }
    }

    /// Whether the spec only pads (width, fill, align): it then applies to any value's printed form.
    private var padsOnly: Bool { type == nil && precision == nil && sign == "-" && grouping == nil && align != "=" }

    /// Formats a value: numbers and bools as numbers, strings as text, tensors, ranges and
    /// lists element by element; other values only take a width and alignment.
    func format(_ value: Value, display: (Value) -> String) throws(RuntimeError) -> String {
        switch value {
        case .number(let d): return try format(number: d, display: display)
        case .bool(let b):
            return type != nil && type != "s" ? try format(number: b ? 1 : 0, display: display) : try format(string: b ? "true" : "false")
        case .string(let s): return try format(string: s)
        case .tensor(let t): return try format(tensor: t, display: display)
        case .range:
            // Through toTensor, which checks the range's length against the memory budget
            // (a fuzzed "{0:2^62:.2e}" asked for 2^62 elements).
            return try format(tensor: value.toTensor(), display: display)
        case .list(let items):
            var parts: [String] = []
            for item in items { parts.append(try format(item, display: display)) }
            return "[" + parts.joined(separator: ", ") + "]"
        default:
            guard padsOnly else { throw RuntimeError("format spec '\(text)' needs a number or a string, got a \(value.typeDescription)") }
            return pad(display(value), defaultAlign: "<")
        }
    }

    private func format(tensor t: Tensor, display: (Value) -> String) throws(RuntimeError) -> String {
        // The text takes at least 3 bytes a cell (a digit and ", "), the cells 32 bytes each
        // on the way: checked before they are made.
        try ValueLimits.checkString(bytes: t.count.multipliedReportingOverflow(by: 3).partialValue, op: "format")
        let values: [Double]
        do { values = try t.checkedElements(op: "format", copies: 4) } catch { throw RuntimeError(error.message) }
        var cells: [String] = []
        cells.reserveCapacity(values.count)
        for v in values { cells.append(try format(number: v, display: display)) }
        if t.shape.isEmpty { return cells.first ?? "" }
        // Nested brackets, one level per axis, on one line.
        func nest(_ axis: Int, _ offset: Int) -> String {
            let n = t.shape[axis]
            let stride = t.shape[(axis + 1)...].reduce(1, *)
            if axis == t.shape.count - 1 {
                return "[" + cells[offset..<offset + n].joined(separator: ", ") + "]"
            }
            return "[" + (0..<n).map { nest(axis + 1, offset + $0 * stride) }.joined(separator: ", ") + "]"
        }
        return nest(0, 0)
    }

    func format(string s: String) throws(RuntimeError) -> String {
        if let t = type, t != "s" {
            throw RuntimeError("format spec '\(text)' needs a number, got a string")
        }
        if sign != "-" || grouping != nil || align == "=" {
            throw RuntimeError("format spec '\(text)': sign, grouping, '=' and '0' apply to numbers, not strings")
        }
        var s = s
        if let p = precision, s.count > p { s = String(s.prefix(p)) }
        return pad(s, defaultAlign: "<")
    }

    /// `display` gives print's form, used when the spec has neither type nor precision.
    func format(number x: Double, display: (Value) -> String) throws(RuntimeError) -> String {
        if type == "s" { throw RuntimeError("format spec '\(text)' needs a string, got a number") }
        if type == nil && precision == nil {
            // No type: the number as print writes it, then sign and padding.
            let body = display(.number(abs(x)))
            return assemble(negative: x.sign == .minus && !x.isNaN, body: group(body))
        }
        var body: String
        let magnitude = abs(x)
        switch type {
        case "d", "x", "X", "o", "b":
            guard x.isFinite, x == x.rounded(), magnitude < 9.2e18 else {
                throw RuntimeError("format spec '\(text)' needs an integer, got \(Tensor.formatScalar(x, precision: 6))")
            }
            let n = Int(magnitude)
            switch type {
            case "x": body = String(n, radix: 16)
            case "X": body = String(n, radix: 16, uppercase: true)
            case "o": body = String(n, radix: 8)
            case "b": body = String(n, radix: 2)
            default: body = String(n)
            }
        case "%":
            body = FormatSpec.printf("f", magnitude * 100, precision ?? 6) + "%"
        case "f", "F", "e", "E":
            body = FormatSpec.printf(String(type ?? "f").lowercased(), magnitude, precision ?? 6)
        default:  // g, G, or a precision without a type
            body = FormatSpec.printf("g", magnitude, max(precision ?? 6, 1))
        }
        if type == "F" || type == "E" || type == "G" { body = body.uppercased() }
        return assemble(negative: x.sign == .minus && !x.isNaN && !(type == "d" && x == 0), body: group(body))
    }

    /// C's printf for one Double (the same digits Python's float formatting gives).
    private static func printf(_ conversion: String, _ x: Double, _ precision: Int) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return "inf" }
        return String(printf: "%.\(precision)\(conversion)", x)
    }

    /// Inserts the grouping character every three digits of the integer part.
    private func group(_ body: String) -> String {
        guard let g = grouping else { return body }
        let digits = body.prefix { $0.isASCII && $0.isNumber }
        guard digits.count > 3 else { return body }
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { out.append(g) }
            out.append(c)
        }
        return out + body.dropFirst(digits.count)
    }

    private func assemble(negative: Bool, body: String) -> String {
        let signText = negative ? "-" : (sign == "+" ? "+" : sign == " " ? " " : "")
        if align == "=" {
            let padding = max(0, width - signText.count - body.count)
            return signText + String(repeating: fill, count: padding) + body
        }
        return pad(signText + body, defaultAlign: ">")
    }

    private func pad(_ s: String, defaultAlign: Character) -> String {
        let padding = width - s.count
        guard padding > 0 else { return s }
        switch align ?? defaultAlign {
        case "<": return s + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + s + String(repeating: fill, count: padding - left)
        default: return String(repeating: fill, count: padding) + s
        }
    }
}

// ValueJSON: values as compact JSON text and back — the format of sweep cell files,
// of JSON Lines tables, and of the grid-point keys whose hash seeds each cell.
//
// Numbers are written in Swift's shortest round-trip form (integers without a
// fraction, -0 as -0.0), so reading a file back gives the same Float64 bits; NaN and
// ±infinity are written as Python's json module does (`NaN`, `Infinity`, `-Infinity`).
// Tensors become nested arrays, and arrays read back by the bracket rule of `[...]`
// (numbers → a tensor, equal-shaped tensors → a stacked tensor, anything else → a list).
import AnisTensor

enum ValueJSON {
    /// Compact JSON for a value; functions are written as their name (grid axes of
    /// activations); plots, models and other objects cannot be stored.
    static func encode(_ v: Value) throws(RuntimeError) -> String {
        var out = ""
        try write(v, into: &out)
        return out
    }

    static func write(_ v: Value, into out: inout String) throws(RuntimeError) {
        switch v {
        case .number(let d): out += number(d)
        case .bool(let b): out += b ? "true" : "false"
        case .none: out += "null"
        case .string(let s): out += quoted(s)
        case .function(let f): out += quoted(f.name)
        case .tensor(let t): tensor(t, into: &out)
        case .range, .tracked:
            do { tensor(try v.toTensor(), into: &out) } catch { throw RuntimeError("cannot store \(v.typeDescription): \(error.message)") }
        case .list(let xs):
            out += "["
            for (i, x) in xs.enumerated() {
                if i > 0 { out += "," }
                try write(x, into: &out)
            }
            out += "]"
        case .record(let r):
            out += "{"
            for (i, (k, x)) in zip(r.keys, r.values).enumerated() {
                if i > 0 { out += "," }
                out += quoted(k) + ":"
                try write(x, into: &out)
            }
            out += "}"
        case .object(let o):
            throw RuntimeError("cannot store a \(o.typeName) (store numbers, tensors, strings, lists or records)")
        }
    }

    /// The shortest text that reads back as exactly `d`.
    static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "Infinity" : "-Infinity" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return d.description
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    private static func tensor(_ t: Tensor, into out: inout String) {
        var offset = 0
        func level(_ axis: Int) {
            if axis == t.rank {
                out += number(t.element(offset)); offset += 1
                return
            }
            out += "["
            for i in 0..<t.shape[axis] {
                if i > 0 { out += "," }
                level(axis + 1)
            }
            out += "]"
        }
        level(0)
    }

    // MARK: reading

    /// Parses one JSON value; `what` names the text in errors (a file path).
    static func decode(_ text: String, what: String) throws(RuntimeError) -> Value {
        var reader = Reader(bytes: Array(text.utf8), what: what)
        let v = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.at >= reader.bytes.count else { throw reader.fail("unexpected text after the value") }
        return v
    }

    private struct Reader {
        let bytes: [UInt8]
        let what: String
        var at = 0

        func fail(_ message: String) -> RuntimeError {
            RuntimeError("\(what): not valid JSON at byte \(at): \(message)")
        }

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[at]) { at += 1 }
        }

        mutating func eat(_ c: UInt8) -> Bool {
            skipSpace()
            if at < bytes.count, bytes[at] == c { at += 1; return true }
            return false
        }

        mutating func word(_ w: String) -> Bool {
            let u = Array(w.utf8)
            guard at + u.count <= bytes.count, Array(bytes[at..<at + u.count]) == u else { return false }
            at += u.count
            return true
        }

        mutating func value(depth: Int) throws(RuntimeError) -> Value {
            guard depth < 200 else { throw fail("nested more than 200 deep") }
            skipSpace()
            guard at < bytes.count else { throw fail("unexpected end") }
            switch bytes[at] {
            case UInt8(ascii: "{"):
                at += 1
                var pairs: [(String, Value)] = []
                if eat(UInt8(ascii: "}")) { return .record(Record()) }
                repeat {
                    skipSpace()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw fail("expected a field name") }
                    let key = try string()
                    guard eat(UInt8(ascii: ":")) else { throw fail("expected ':'") }
                    pairs.append((key, try value(depth: depth + 1)))
                } while eat(UInt8(ascii: ","))
                guard eat(UInt8(ascii: "}")) else { throw fail("expected ',' or '}'") }
                return .record(Record(pairs))
            case UInt8(ascii: "["):
                at += 1
                var items: [Value] = []
                if eat(UInt8(ascii: "]")) { return .list([]) }
                repeat { items.append(try value(depth: depth + 1)) } while eat(UInt8(ascii: ","))
                guard eat(UInt8(ascii: "]")) else { throw fail("expected ',' or ']'") }
                return try Value.bracket(items)
            case UInt8(ascii: "\""):
                return .string(try string())
            default:
                if word("true") { return .bool(true) }
                if word("false") { return .bool(false) }
                if word("null") { return .none }
                if word("NaN") { return .number(.nan) }
                if word("Infinity") { return .number(.infinity) }
                if word("-Infinity") { return .number(-.infinity) }
                return .number(try numberValue())
            }
        }

        mutating func numberValue() throws(RuntimeError) -> Double {
            let start = at
            while at < bytes.count, "+-0123456789.eE".utf8.contains(bytes[at]) { at += 1 }
            guard at > start, let d = Double(String(decoding: bytes[start..<at], as: UTF8.self)) else {
                at = start
                throw fail("expected a value")
            }
            return d
        }

        mutating func string() throws(RuntimeError) -> String {
            at += 1  // the opening quote
            var scalars = String.UnicodeScalarView()
            var run: [UInt8] = []
            func flush() {
                if !run.isEmpty { scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars); run = [] }
            }
            while at < bytes.count {
                let c = bytes[at]
                at += 1
                if c == UInt8(ascii: "\"") { flush(); return String(scalars) }
                guard c == UInt8(ascii: "\\") else { run.append(c); continue }
                flush()
                guard at < bytes.count else { break }
                let e = bytes[at]
                at += 1
                switch e {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "u"):
                    guard at + 4 <= bytes.count, let code = UInt32(String(decoding: bytes[at..<at + 4], as: UTF8.self), radix: 16) else {
                        throw fail("bad \\u escape")
                    }
                    at += 4
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: scalars.append(Unicode.Scalar(e))
                }
            }
            throw fail("unterminated string")
        }
    }
}

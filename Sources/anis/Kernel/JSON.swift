// JSON: the kernel's messages as [String: Any] and back, in the shapes Foundation's
// JSONSerialization used (String, Bool, Int, Double, [Any], [String: Any], JSON.null),
// without Foundation: linking it cost every start of anis about 3 ms.
//
// Encoding sorts keys (stable signatures, readable logs) and writes non-ASCII text as
// UTF-8. Decoding never traps: malformed input, or nesting deeper than 512, gives nil,
// and the kernel drops the message.

/// A JSON object as the kernel reads and writes it.
typealias JSONObject = [String: Any]

enum JSON {
    /// JSON's `null` (Foundation's NSNull).
    struct Null: Sendable {}
    static let null = Null()

    static func encode(_ object: JSONObject) -> [UInt8] {
        var out: [UInt8] = []
        write(object, into: &out)
        return out
    }

    static func decode(_ bytes: [UInt8]) -> JSONObject? {
        var reader = Reader(bytes: bytes)
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipSpace()
        guard reader.at == bytes.count else { return nil }
        return value as? JSONObject
    }

    /// Reads a whole number that JSON may have decoded as Int or Double.
    static func int(_ value: Any?) -> Int? {
        if let i = value as? Int { return i }
        if let d = value as? Double, d.isFinite, d.magnitude < 1e15 { return Int(d) }
        return nil
    }

    static func bool(_ value: Any?, default fallback: Bool) -> Bool {
        if let b = value as? Bool { return b }
        if let i = value as? Int { return i != 0 }
        return fallback
    }

    // MARK: writing

    private static func write(_ value: Any?, into out: inout [UInt8]) {
        switch value {
        case let s as String: quote(s, into: &out)
        case let b as Bool: out += Array((b ? "true" : "false").utf8)
        case let i as Int: out += Array(String(i).utf8)
        case let i as Int32: out += Array(String(i).utf8)
        case let d as Double: out += Array((d.isFinite ? number(d) : "null").utf8)
        case let o as [String: Any]:
            out.append(UInt8(ascii: "{"))
            for (n, key) in o.keys.sorted().enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                quote(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(o[key], into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case let a as [Any]:
            out.append(UInt8(ascii: "["))
            for (n, x) in a.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                write(x, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        default: out += Array("null".utf8)  // JSON.null, nil, or anything JSON cannot say
        }
    }

    /// Integral values as integers (as JSONSerialization wrote them), others shortest round-trip.
    private static func number(_ d: Double) -> String {
        if d == d.rounded(), d.magnitude < 1e15 { return String(Int64(d)) }
        return d.description
    }

    private static func quote(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case UInt8(ascii: "\n"): out += Array("\\n".utf8)
            case UInt8(ascii: "\r"): out += Array("\\r".utf8)
            case UInt8(ascii: "\t"): out += Array("\\t".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    // MARK: reading

    private struct Reader {
        let bytes: [UInt8]
        var at = 0

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
        }

        mutating func eat(_ c: Character) -> Bool {
            skipSpace()
            guard at < bytes.count, bytes[at] == c.asciiValue else { return false }
            at += 1
            return true
        }

        mutating func literal(_ word: String) -> Bool {
            let w = Array(word.utf8)
            guard at + w.count <= bytes.count, Array(bytes[at..<(at + w.count)]) == w else { return false }
            at += w.count
            return true
        }

        mutating func value(depth: Int) -> Any? {
            guard depth < 512 else { return nil }
            skipSpace()
            guard at < bytes.count else { return nil }
            switch bytes[at] {
            case UInt8(ascii: "{"):
                at += 1
                var object: [String: Any] = [:]
                if eat("}") { return object }
                repeat {
                    skipSpace()
                    guard let key = string(), eat(":"), let v = value(depth: depth + 1) else { return nil }
                    object[key] = v
                } while eat(",")
                return eat("}") ? object : nil
            case UInt8(ascii: "["):
                at += 1
                var array: [Any] = []
                if eat("]") { return array }
                repeat {
                    guard let v = value(depth: depth + 1) else { return nil }
                    array.append(v)
                } while eat(",")
                return eat("]") ? array : nil
            case UInt8(ascii: "\""): return string()
            case UInt8(ascii: "t"): return literal("true") ? true : nil
            case UInt8(ascii: "f"): return literal("false") ? false : nil
            case UInt8(ascii: "n"): return literal("null") ? JSON.null : nil
            default: return number()
            }
        }

        mutating func number() -> Any? {
            let start = at
            var integral = true
            while at < bytes.count, Reader.numberBytes.contains(bytes[at]) {
                if !(bytes[at] >= UInt8(ascii: "0") && bytes[at] <= UInt8(ascii: "9")) && bytes[at] != UInt8(ascii: "-") {
                    integral = false
                }
                at += 1
            }
            let text = String(decoding: bytes[start..<at], as: UTF8.self)
            if integral, let i = Int(text) { return i }
            guard let d = Double(text), d.isFinite else { return nil }
            return d
        }

        static let numberBytes = Set("0123456789+-.eE".utf8)

        /// A string at the cursor (which is on its opening quote), escapes decoded.
        mutating func string() -> String? {
            guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { return nil }
            at += 1
            var out: [UInt8] = []
            while at < bytes.count {
                let c = bytes[at]
                at += 1
                switch c {
                case UInt8(ascii: "\""): return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard at < bytes.count else { return nil }
                    let e = bytes[at]
                    at += 1
                    switch e {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return nil }
                        // A surrogate pair is one scalar; a lone surrogate becomes U+FFFD.
                        if (0xD800..<0xDC00).contains(scalar) {
                            let high = at
                            if literal("\\u"), let low = hex4(), (0xDC00..<0xE000).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                at = high
                            }
                        }
                        out += Array(String(Unicode.Scalar(scalar).map(Character.init) ?? "\u{FFFD}").utf8)
                    default: out.append(e)  // \" \\ \/
                    }
                default: out.append(c)
                }
            }
            return nil
        }

        mutating func hex4() -> UInt32? {
            guard at + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for c in bytes[at..<(at + 4)] {
                guard let digit = Character(Unicode.Scalar(c)).hexDigitValue else { return nil }
                v = v << 4 | UInt32(digit)
            }
            at += 4
            return v
        }
    }
}

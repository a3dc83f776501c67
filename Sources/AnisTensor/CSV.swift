// CSV files of numbers: write a 1-D or 2-D tensor with round-trip formatting, read a table into a matrix.
import Glibc

/// Reading and writing comma-separated numeric tables.
public enum CSV {
    /// Writes a 2-D tensor as one line per row (a 1-D tensor as one value per line), atomically.
    /// Values use the shortest text that reads back to the same Float64 (`inf`, `-inf`, `nan` for non-finite).
    public static func write(_ t: Tensor, to path: String, header: [String]? = nil) throws(TensorError) {
        let text = try format(t, header: header, op: "write_csv")
        try FileIO.writeAtomically(path, op: "write_csv") { fd throws(FileError) in
            try SafeWriter.writeAll(fd, text, path: path)
        }
    }

    /// The CSV text for `t` (see `write`), as UTF-8 bytes.
    public static func format(_ t: Tensor, header: [String]? = nil, op: String = "write_csv") throws(TensorError) -> [UInt8] {
        guard t.rank == 1 || t.rank == 2 else {
            throw TensorError("\(op): expected a vector or a matrix, got shape \(t.shapeDescription)")
        }
        let rows = t.shape[0], cols = t.rank == 1 ? 1 : t.shape[1]
        var out = [UInt8]()
        out.reserveCapacity(t.count * 12)
        if let header {
            guard header.count == cols else {
                throw TensorError("\(op): header has \(header.count) names for \(cols) columns")
            }
            out += Array(header.joined(separator: ",").utf8) + [0x0A]
        }
        for i in 0..<rows {
            for j in 0..<cols {
                if j > 0 { out.append(0x2C) }
                out.append(contentsOf: number(t.element(i * cols + j)).utf8)
            }
            out.append(0x0A)
        }
        return out
    }

    /// Shortest round-trip text for a Float64; integral values print without ".0".
    static func number(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        let s = x.description
        return s.hasSuffix(".0") ? String(s.dropLast(2)) : s
    }

    /// Reads a CSV file of numbers into an N×M tensor. A first line with any non-numeric field is a header and is skipped;
    /// blank lines are ignored; every other line must have the same number of numeric fields.
    public static func read(_ path: String, delimiter: Character = ",") throws(TensorError) -> Tensor {
        let file = try FileIO.readAll(path, op: "read_csv")
        return try parse(file.bytes, name: path, delimiter: delimiter)
    }

    /// Parses CSV bytes (see `read`); `name` is used in error messages.
    public static func parse(_ bytes: [UInt8], name: String, delimiter: Character = ",") throws(TensorError) -> Tensor {
        guard let delim = delimiter.asciiValue else { throw TensorError("read_csv: delimiter must be an ASCII character") }
        // A NUL byte is binary data, not text: it would end strtod's field early, and a first
        // line cut short that way would be skipped as a header without a word.
        if let nul = bytes.firstIndex(of: 0) {
            throw TensorError("read_csv: \(name): line \(lineNumber(of: nul, in: bytes)) contains a NUL byte (not a text file?)")
        }
        // A UTF-8 byte-order mark (Excel writes one) would make the first row a "header".
        var buf = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        buf.append(0)  // strtod needs a terminator after the last field
        var values = [Double]()
        var cols = -1, rows = 0
        var failure: TensorError?
        buf.withUnsafeMutableBufferPointer { b in
            guard let base = b.baseAddress else { return }
            let end = b.count - 1
            var lineStart = 0, lineNo = 0
            var rowValues = [Double]()
            while lineStart < end {
                lineNo += 1
                // Lines end at \n, \r\n or a lone \r (old Mac files).
                var lineEnd = lineStart
                while lineEnd < end && b[lineEnd] != 0x0A && b[lineEnd] != 0x0D { lineEnd += 1 }
                let next = lineEnd + (lineEnd + 1 < end && b[lineEnd] == 0x0D && b[lineEnd + 1] == 0x0A ? 2 : 1)
                let stop = lineEnd
                defer { lineStart = next }
                if (lineStart..<stop).allSatisfy({ b[$0] == 0x20 || b[$0] == 0x09 }) { continue }
                rowValues.removeAll(keepingCapacity: true)
                var f = lineStart, field = 0
                var bad: (Int, String)?
                while f <= stop {
                    var e = f
                    while e < stop && b[e] != delim { e += 1 }
                    field += 1
                    var a = f, z = e
                    while a < z && (b[a] == 0x20 || b[a] == 0x09) { a += 1 }
                    while z > a && (b[z - 1] == 0x20 || b[z - 1] == 0x09) { z -= 1 }
                    var parsed: Double?
                    if a < z {
                        var endPtr: UnsafeMutablePointer<CChar>?
                        let v = base.withMemoryRebound(to: CChar.self, capacity: b.count) { c in strtod(c + a, &endPtr) }
                        if let endPtr, base.withMemoryRebound(to: CChar.self, capacity: b.count, { $0 + z }) == endPtr { parsed = v }
                    }
                    if let parsed { rowValues.append(parsed) } else if bad == nil {
                        bad = (field, String(decoding: UnsafeBufferPointer(start: base + a, count: z - a), as: UTF8.self))
                    }
                    f = e + 1
                }
                if let (field, text) = bad {
                    if cols < 0 && rows == 0 && values.isEmpty && lineNo == firstContentLine(b, end) { continue }  // header
                    failure = TensorError(text.isEmpty ? "read_csv: \(name): line \(lineNo), field \(field) is empty"
                                                       : "read_csv: \(name): line \(lineNo), field \(field): '\(text)' is not a number")
                    return
                }
                if cols < 0 { cols = field }
                guard field == cols else {
                    failure = TensorError("read_csv: \(name): line \(lineNo) has \(field) fields, expected \(cols)")
                    return
                }
                values += rowValues
                rows += 1
            }
        }
        if let failure { throw failure }
        return try Tensor(shape: [rows, Swift.max(cols, 0)], elements: values)
    }

    /// 1-based number of the first non-blank line (lines end as in `parse`).
    private static func firstContentLine(_ b: UnsafeMutableBufferPointer<UInt8>, _ end: Int) -> Int {
        var line = 1, blank = true
        for i in 0..<end {
            if isLineEnd(b[i], next: i + 1 < end ? b[i + 1] : 0) { if !blank { return line }; line += 1; blank = true }
            else if b[i] != 0x20 && b[i] != 0x09 && b[i] != 0x0A && b[i] != 0x0D { blank = false }
        }
        return line
    }

    /// True for a \n, and for a \r not followed by \n (a \r\n ends its line at the \n).
    private static func isLineEnd(_ byte: UInt8, next: UInt8) -> Bool {
        byte == 0x0A || (byte == 0x0D && next != 0x0A)
    }

    /// The 1-based line of byte `offset`.
    private static func lineNumber(of offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for i in 0..<offset where isLineEnd(bytes[i], next: i + 1 < bytes.count ? bytes[i + 1] : 0) { line += 1 }
        return line
    }
}

// NumPy .npy files: write version 1.0 `<f8` (`<f4` for float32) C-order, read versions 1–3
// of the common numeric dtypes (`<f4` as float32, everything else as float64).
import Glibc

/// Reading and writing NumPy `.npy` files.
public enum NPY {
    /// Writes `t` as a version 1.0 C-order .npy file (`<f8`, or `<f4` for a float32 tensor),
    /// atomically (temporary file, then rename).
    public static func save(_ t: Tensor, to path: String) throws(TensorError) {
        let header = headerBytes(shape: t.shape, descr: t.dtype == .float32 ? "<f4" : "<f8")
        try FileIO.writeAtomically(path, op: "save") { fd throws(FileError) in
            try SafeWriter.writeAll(fd, header, path: path)
            try SafeWriter.writeAll(fd, UnsafeRawPointer(t.buffer.raw), t.count * t.dtype.size, path: path)
        }
    }

    /// The magic string, version and header dict, padded so the data starts at a multiple of 64 bytes.
    public static func headerBytes(shape: [Int], descr: String = "<f8") -> [UInt8] {
        let dims = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var dict = Array("{'descr': '\(descr)', 'fortran_order': False, 'shape': \(dims), }".utf8)
        let v2 = dict.count + 1 + 10 > 65535  // version 1.0 stores the header length in 16 bits
        let prefix = v2 ? 12 : 10
        let total = (prefix + dict.count + 1 + 63) / 64 * 64
        dict += [UInt8](repeating: 0x20, count: total - prefix - dict.count - 1) + [0x0A]
        var out: [UInt8] = [0x93] + Array("NUMPY".utf8) + [v2 ? 2 : 1, 0]
        let n = dict.count
        out += v2 ? [UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF), UInt8((n >> 16) & 0xFF), UInt8(n >> 24)]
                  : [UInt8(n & 0xFF), UInt8(n >> 8)]
        return out + dict
    }

    /// Reads a .npy file of dtype f8/f4/i8/i4/i2/i1/u8/u4/u2/u1/b1 (little-endian), C or Fortran
    /// order: f4 as a float32 tensor, the others as float64.
    public static func load(_ path: String) throws(TensorError) -> Tensor {
        try decode(FileIO.readAll(path, op: "load").bytes, name: path)
    }

    /// The tensor in the bytes of a .npy file (see `load`); `name` is used in errors.
    public static func decode(_ bytes: [UInt8], name path: String) throws(TensorError) -> Tensor {
        let fail = { (why: String) in TensorError("load: \(path): \(why)") }
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1..<6]) == Array("NUMPY".utf8) else {
            throw fail("not a .npy file (bad magic string)")
        }
        let major = bytes[6]
        guard major >= 1 && major <= 3 else { throw fail("unsupported .npy format version \(major).\(bytes[7])") }
        let prefix = major == 1 ? 10 : 12
        guard bytes.count >= prefix else { throw fail("file is truncated (header cut short)") }
        var headerLen = Int(bytes[8]) | Int(bytes[9]) << 8
        if major > 1 { headerLen |= Int(bytes[10]) << 16 | Int(bytes[11]) << 24 }
        guard bytes.count >= prefix + headerLen else { throw fail("file is truncated (header cut short)") }
        guard let text = String(validating: bytes[prefix..<(prefix + headerLen)], as: UTF8.self) else {
            throw fail("header is not valid text")
        }
        let (descr, fortran, shape) = try NPYHeader.parse(text, fail: fail)
        let (kind, size) = try dtype(descr, fail: fail)
        let count = try Tensor.elementCount(shape, op: "load")
        let start = prefix + headerLen, have = bytes.count - start
        let (need, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, have >= need else {
            throw fail("file is truncated (expected \(need) bytes of data, found \(have))")
        }
        let flat = try TensorStorage.checked(count, shape: shape, op: "load")
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress { convert(base + start, kind: kind, size: size, count: count, into: flat.pointer) }
        }
        // f4 went through float64 exactly; narrowing it back is exact too.
        let dtype: DType = kind == .float && size == 4 ? .float32 : .float64
        guard fortran && shape.count > 1 else { return try Tensor(shape: shape, storage: flat).converted(to: dtype, op: "load") }
        return try Tensor(shape: shape, storage: fortranToC(flat, shape: shape)).converted(to: dtype, op: "load")
    }

    private enum Kind { case float, int, uint, bool }

    private static func dtype(_ d: String, fail: (String) -> TensorError) throws(TensorError) -> (Kind, Int) {
        let c = Array(d)
        guard c.count >= 3, let size = Int(String(c[2...])) else {
            if d.hasPrefix("|O") || d.hasPrefix("O") { throw fail("object arrays (pickled Python objects) are not supported") }
            throw fail("unsupported dtype '\(d)'")
        }
        let order = c[0], k = c[1]
        if k == "O" { throw fail("object arrays (pickled Python objects) are not supported") }
        if order == ">" && size > 1 { throw fail("big-endian dtype '\(d)' is not supported; save it little-endian ('<')") }
        guard "<|=>".contains(order) else { throw fail("unsupported dtype '\(d)'") }
        switch (k, size) {
        case ("f", 4), ("f", 8): return (.float, size)
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8): return (.int, size)
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8): return (.uint, size)
        case ("b", 1): return (.bool, 1)
        default: throw fail("unsupported dtype '\(d)' (supported: f8 f4 i8 i4 i2 i1 u8 u4 u2 u1 b1)")
        }
    }

    private static func convert(_ src: UnsafeRawPointer, kind: Kind, size: Int, count n: Int, into dst: UnsafeMutablePointer<Double>) {
        switch (kind, size) {
        case (.float, 8): UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: n * 8)
        case (.float, _): for i in 0..<n { dst[i] = Double(src.loadUnaligned(fromByteOffset: i * 4, as: Float.self)) }
        case (.int, 8): for i in 0..<n { dst[i] = Double(src.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)) }
        case (.int, 4): for i in 0..<n { dst[i] = Double(src.loadUnaligned(fromByteOffset: i * 4, as: Int32.self)) }
        case (.int, 2): for i in 0..<n { dst[i] = Double(src.loadUnaligned(fromByteOffset: i * 2, as: Int16.self)) }
        case (.int, _): for i in 0..<n { dst[i] = Double(src.load(fromByteOffset: i, as: Int8.self)) }
        case (.uint, 8): for i in 0..<n { dst[i] = Double(src.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) }
        case (.uint, 4): for i in 0..<n { dst[i] = Double(src.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
        case (.uint, 2): for i in 0..<n { dst[i] = Double(src.loadUnaligned(fromByteOffset: i * 2, as: UInt16.self)) }
        case (.uint, _): for i in 0..<n { dst[i] = Double(src.load(fromByteOffset: i, as: UInt8.self)) }
        case (.bool, _): for i in 0..<n { dst[i] = src.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0 }
        }
    }

    /// Reorders column-major (Fortran) elements into row-major order.
    private static func fortranToC(_ src: TensorStorage, shape: [Int]) throws(TensorError) -> TensorStorage {
        let out = try TensorStorage.checked(src.count, shape: shape, op: "load")
        guard src.count > 0 else { return out }
        let r = shape.count
        var fstride = [Int](repeating: 1, count: r)
        for k in 1..<r { fstride[k] = fstride[k - 1] * shape[k - 1] }
        var idx = [Int](repeating: 0, count: r)
        var off = 0
        let s = src.pointer, d = out.pointer, last = shape[r - 1], lastStride = fstride[r - 1]
        var i = 0
        while i < src.count {
            for j in 0..<last { d[i + j] = s[off + j * lastStride] }
            i += last
            var k = r - 2  // advance the odometer over the leading axes
            while k >= 0 {
                idx[k] += 1; off += fstride[k]
                if idx[k] < shape[k] { break }
                off -= idx[k] * fstride[k]; idx[k] = 0; k -= 1
            }
        }
        return out
    }
}

/// The Python dict literal in a .npy header: `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`.
enum NPYHeader {
    static func parse(_ text: String, fail: (String) -> TensorError) throws(TensorError) -> (String, Bool, [Int]) {
        var s = Substring(text)
        func ws() { while let c = s.first, c.isWhitespace { s.removeFirst() } }
        func eat(_ c: Character) -> Bool { ws(); if s.first == c { s.removeFirst(); return true }; return false }
        func string() -> String? {
            ws()
            guard let q = s.first, q == "'" || q == "\"" else { return nil }
            s.removeFirst()
            guard let end = s.firstIndex(of: q) else { return nil }
            defer { s = s[s.index(after: end)...] }
            return String(s[..<end])
        }
        var descr: String?, fortran: Bool?, shape: [Int]?
        guard eat("{") else { throw fail("malformed header (expected a dict)") }
        while !eat("}") {
            guard let key = string(), eat(":") else { throw fail("malformed header") }
            ws()
            switch key {
            case "descr":
                if s.first == "[" { throw fail("structured dtypes are not supported") }
                guard let d = string() else { throw fail("malformed header (descr)") }
                descr = d
            case "fortran_order":
                if s.hasPrefix("True") { fortran = true; s = s.dropFirst(4) }
                else if s.hasPrefix("False") { fortran = false; s = s.dropFirst(5) }
                else { throw fail("malformed header (fortran_order)") }
            case "shape":
                guard eat("(") else { throw fail("malformed header (shape)") }
                var dims = [Int]()
                while !eat(")") {
                    ws()
                    let digits = s.prefix { $0.isASCII && $0.isNumber }
                    guard let v = Int(digits) else { throw fail("malformed header (shape)") }
                    dims.append(v)
                    s = s.dropFirst(digits.count)
                    _ = eat("L")
                    if !eat(",") { guard eat(")") else { throw fail("malformed header (shape)") }; break }
                }
                shape = dims
            default:
                throw fail("unexpected header key '\(key)'")
            }
            if !eat(",") { guard eat("}") else { throw fail("malformed header") }; break }
        }
        guard let descr, let fortran, let shape else { throw fail("header lacks descr, fortran_order or shape") }
        return (descr, fortran, shape)
    }
}

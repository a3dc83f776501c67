// Builtins+IO: tensors to and from files — NumPy .npy and CSV. Every file is
// written through SafeWriter (complete or not at all, links followed, devices
// written through); truncated or corrupt files are clear errors.
import AnisTensor

extension Builtins {
    enum FileKind { case npy, csv }

    /// The format chosen by the path's extension (case-insensitive), or nil.
    static func fileKind(_ path: String) -> FileKind? {
        let lower = path.lowercased()
        if lower.hasSuffix(".npy") { return .npy }
        if lower.hasSuffix(".csv") { return .csv }
        return nil
    }

    /// Runs `body`, renaming a tensor-layer error's operation prefix (`write_csv:`) to `op:`.
    private static func renamed<T>(_ from: String, to op: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as TensorError {
            if e.message.hasPrefix(from + ":") { throw RuntimeError(op + e.message.dropFirst(from.count)) }
            throw RuntimeError(e.message)
        }
    }

    /// An optional list of column names for a CSV header.
    private static func header(_ a: Arguments, _ i: Int) throws -> [String]? {
        guard a.optional(i) != nil else { return nil }
        return try a.list(i).map { v -> String in
            guard case .string(let s) = v else { throw a.fail(i, "must be a list of strings, got a \(v.typeName) in it") }
            return s
        }
    }

    static let io: [Builtin] = [
        Builtin("save", "x, path, width: none, height: none, dpi: none", topic: .io,
                doc: "Writes a value to a file chosen by the extension. A tensor (or a number or numeric list): .npy is NumPy's format (version 1.0, float64 '<f8', C order; np.load reads it), .csv one line per row (a vector one value per line) with numbers that read back exactly. A table (a list of records, such as a sweep's result): .jsonl (JSON Lines, every field; load reads it back), .csv (a header and the columns of numbers, booleans and strings) or .npy (the columns of numbers as an N×K matrix). A plot: .png, .svg or .pdf, width × height inches (default 6.4 × 4.8, as matplotlib) at dpi pixels per inch (default 100): save(p, \"fig.png\", width: 3.5, height: 2.5, dpi: 300) is a 1050×750-pixel figure for a paper, drawn as at 100 dpi but sharper. The file is replaced whole (through a symlink; a device or FIFO is written through), so a failure never leaves half a file. Returns none.",
                example: "save(randn(100, 4), \"h.npy\")\nsave(plot(svdvals(randn(50, 20))), \"spectrum.png\", width: 8, dpi: 200)") { a in
            let v = try a.value(0)
            let path = try a.string(1)
            if case .object(let o) = v, let plot = o as? PlotValue {
                try plot.save(to: path, width: a.optional(2) == nil ? nil : try a.number(2),
                              height: a.optional(3) == nil ? nil : try a.number(3),
                              dpi: a.optional(4) == nil ? nil : try a.number(4))
                return .none
            }
            if let rows = Table.rows(v) {
                try Table.save(rows, to: path)
                return .none
            }
            switch v {
            case .object, .function, .record, .string, .none:
                throw RuntimeError("save: cannot save a \(v.typeName) (save writes tensors to .npy or .csv files)")
            default: break
            }
            let t = try a.tensor(0)
            switch fileKind(path) {
            case .npy: try NPY.save(t, to: path)
            case .csv: try renamed("write_csv", to: "save") { try CSV.write(t, to: path) }
            case nil: throw RuntimeError("save: cannot tell the format of '\(path)': use a .npy or .csv file name")
            }
            return .none
        },
        Builtin("load", "path", topic: .io,
                doc: "Reads a table from a .jsonl file (one JSON record per line, as save writes it), or a tensor from a .npy file (versions 1–3; little-endian float and integer dtypes, C or Fortran order, converted to float64; object/pickle arrays are refused) or a .csv file of numbers (always a matrix, N×M: a saved vector comes back N×1; a first line with non-numeric fields is a header and is skipped). A missing, truncated or corrupt file is an error.",
                example: "H = load(\"h.npy\")") { a in
            let path = try a.string(0)
            if path.lowercased().hasSuffix(".jsonl") { return try Table.load(path) }
            switch fileKind(path) {
            case .npy: return wrap(try NPY.load(path))
            case .csv: return .tensor(try renamed("read_csv", to: "load") { try CSV.read(path) })
            case nil: throw RuntimeError("load: cannot tell the format of '\(path)': use a .npy or .csv file name")
            }
        },
        Builtin("read_csv", "path, delimiter: none", topic: .io,
                doc: "Reads a CSV table of numbers into an N×M matrix. A first line with any non-numeric field is a header and is skipped; blank lines are ignored; every other line must have the same number of fields (inf, -inf and nan are accepted). Lines end in \\n, \\r\\n or \\r; a UTF-8 byte-order mark is skipped; a NUL byte (binary data) is an error naming its line. delimiter is one ASCII character: a comma by default, \"\\t\" for TSV.",
                example: "save([[1, 2], [3, 4]], \"data.csv\")\nT = read_csv(\"data.csv\")") { a in
            let d = a.optional(1) == nil ? "," : try a.string(1)
            guard d.count == 1, let c = d.first, c.isASCII else { throw a.fail(1, "must be a single ASCII character, got \"\(d)\"") }
            return .tensor(try CSV.read(try a.string(0), delimiter: c))
        },
        Builtin("write_csv", "x, path, header: none", topic: .io,
                doc: "Writes a vector (one value per line) or a matrix (one line per row) as CSV, atomically, with numbers that read back exactly. header: a list of column names written as the first line.",
                example: "write_csv([[1, 2], [3, 4]], \"t.csv\", header: [\"a\", \"b\"])") { a in
            try CSV.write(try a.tensor(0), to: try a.string(1), header: try header(a, 2))
            return .none
        },
    ]
}

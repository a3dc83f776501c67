// Table: a list of records (one per row, usually a sweep's cells) — columns, grouping
// with mean ± standard deviation, and files: JSON Lines (everything), CSV (the columns
// of numbers, booleans and strings) and .npy (the numeric columns as a matrix).
// Every file is written to a temporary name and renamed (TextFile, NPY).
import AnisTensor
import Glibc

enum Table {
    /// The rows when `v` is a non-empty list of records, else nil.
    static func rows(_ v: Value) -> [Record]? {
        guard case .list(let items) = v, !items.isEmpty else { return nil }
        var rows: [Record] = []
        for item in items {
            guard case .record(let r) = item else { return nil }
            rows.append(r)
        }
        return rows
    }

    /// Field names in the order they first appear.
    static func columns(_ rows: [Record]) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for r in rows { for k in r.keys where seen.insert(k).inserted { out.append(k) } }
        return out
    }

    /// One column: a tensor when its values are numbers (or equal-shaped tensors), else a list.
    static func column(_ rows: [Record], _ name: String) throws(RuntimeError) -> Value {
        var values: [Value] = []
        for (i, r) in rows.enumerated() {
            guard let v = r[name] else { throw RuntimeError("column: row \(i) has no field '\(name)' (fields: \(r.keys.joined(separator: ", ")))") }
            values.append(v)
        }
        return try Value.bracket(values)
    }

    /// Rows grouped by the values of `by`, in order of first appearance: the `by` fields,
    /// `n`, and for every other numeric field (numbers or equal-shaped tensors) its mean as
    /// NAME and its standard deviation (n − 1 in the denominator; 0 for one row) as NAME_std.
    static func group(_ rows: [Record], by: [String]) throws(RuntimeError) -> Value {
        for name in by where rows.contains(where: { $0[name] == nil }) {
            throw RuntimeError("group: some rows have no field '\(name)'")
        }
        var order: [String] = [], members: [String: [Record]] = [:]
        for r in rows {
            let key = try ValueJSON.encode(.list(by.map { r[$0] ?? .none }))
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(r)
        }
        let measured = columns(rows).filter { !by.contains($0) }
        var out: [Value] = []
        for key in order {
            let group = members[key] ?? []
            var fields: [(String, Value)] = by.map { ($0, group[0][$0] ?? .none) }
            fields.append(("n", .number(Double(group.count))))
            for name in measured {
                guard let stats = meanAndSpread(group.compactMap { $0[name] }, count: group.count) else { continue }
                fields.append((name, stats.mean))
                fields.append((name + "_std", stats.std))
            }
            out.append(.record(Record(fields)))
        }
        return .list(out)
    }

    /// Elementwise mean and sample standard deviation, when every row has a number or a
    /// tensor of one shape for this field.
    private static func meanAndSpread(_ values: [Value], count: Int) -> (mean: Value, std: Value)? {
        guard values.count == count, let first = values.first else { return nil }
        var tensors: [Tensor] = []
        for v in values {
            switch v {
            case .number, .bool: tensors.append(Tensor(scalar: v.scalar ?? 0))
            case .tensor(let t) where t.shape == (try? first.toTensor())?.shape: tensors.append(t)
            default: return nil
            }
        }
        let shape = tensors[0].shape, n = tensors[0].count
        var mean = [Double](repeating: 0, count: n), m2 = [Double](repeating: 0, count: n)
        for (k, t) in tensors.enumerated() {
            for i in 0..<n {  // Welford: stable for many rows
                let x = t.element(i), d = x - mean[i]
                mean[i] += d / Double(k + 1)
                m2[i] += d * (x - mean[i])
            }
        }
        let std = m2.map { tensors.count > 1 ? ($0 / Double(tensors.count - 1)).squareRoot() : 0 }
        func wrap(_ xs: [Double]) -> Value {
            shape.isEmpty ? .number(xs[0]) : ((try? Tensor(shape: shape, elements: xs)).map { .tensor($0) } ?? .none)
        }
        return (wrap(mean), wrap(std))
    }

    /// An aligned text table: a header of column names, then up to `limit` rows (the first
    /// and last halves when there are more); numbers with `digits` significant digits,
    /// tensors by shape, strings as they are.
    static func text(_ rows: [Record], limit: Int, digits: Int, _ interpreter: Interpreter) -> String {
        let names = columns(rows)
        func cell(_ v: Value?) -> String {
            switch v {
            case .number(let d)?: return d == d.rounded() && abs(d) < 1e15 ? ValueJSON.number(d) : String(printf: "%.\(digits)g", d)
            case .string(let s)?: return s
            case .tensor(let t)? where t.count > 4: return "<tensor \(t.shapeDescription)>"
            case nil: return ""
            case let v?: return interpreter.render(v).replacing("\n", with: " ")
            }
        }
        var shown = Array(rows.indices)
        if rows.count > limit { shown = Array(0..<(limit + 1) / 2) + Array((rows.count - limit / 2)..<rows.count) }
        let body = shown.map { i in names.map { cell(rows[i][$0]) } }
        let widths = names.indices.map { c in body.reduce(names[c].count) { max($0, $1[c].count) } }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }.joined(separator: "  ").trimmingTrailingWhitespace() + "\n"
        }
        var out = line(names)
        for (k, cells) in body.enumerated() {
            if rows.count > limit, k == (limit + 1) / 2 { out += "… \(rows.count - limit) more rows\n" }
            out += line(cells)
        }
        return out
    }

    // MARK: files

    static func save(_ rows: [Record], to path: String) throws(RuntimeError) {
        let lower = path.lowercased()
        do {
            if lower.hasSuffix(".jsonl") {
                var text = ""
                for r in rows { try ValueJSON.write(.record(r), into: &text); text += "\n" }
                try TextFile.write(text, to: path, op: "save")
            } else if lower.hasSuffix(".csv") {
                try TextFile.write(try csv(rows), to: path, op: "save")
            } else if lower.hasSuffix(".npy") {
                try NPY.save(try matrix(rows), to: path)
            } else {
                throw RuntimeError("save: cannot tell the format of '\(path)': a table is saved as .jsonl, .csv or .npy")
            }
        } catch let e as TensorError { throw RuntimeError(e.message) } catch let e as RuntimeError { throw e } catch {
            throw RuntimeError("\(error)")
        }
    }

    /// A JSON Lines file (one record per line) as a table.
    static func load(_ path: String) throws(RuntimeError) -> Value {
        let text: String
        do { text = try TextFile.read(path, op: "load", admit: ValueLimits.admitString(path, op: "load")) } catch { throw RuntimeError(error.message) }
        var rows: [Value] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            guard !line.allSatisfy({ $0 == " " || $0 == "\r" }) else { continue }
            rows.append(try ValueJSON.decode(String(line), what: "\(path):\(i + 1)"))
        }
        return .list(rows)
    }

    /// Columns whose values are all numbers or booleans, in column order.
    static func numericColumns(_ rows: [Record]) -> [String] {
        columns(rows).filter { name in rows.allSatisfy { r in r[name].map(\.isScalarLike) ?? false } }
    }

    private static func matrix(_ rows: [Record]) throws(RuntimeError) -> Tensor {
        let names = numericColumns(rows)
        guard !names.isEmpty else { throw RuntimeError("save: the table has no column of numbers to write to .npy") }
        let data = rows.flatMap { r in names.map { r[$0]?.scalar ?? .nan } }
        do { return try Tensor(shape: [rows.count, names.count], elements: data) } catch { throw RuntimeError(error.message) }
    }

    /// CSV of the columns holding numbers, booleans, strings or none (tensor columns are left out).
    private static func csv(_ rows: [Record]) throws(RuntimeError) -> String {
        let names = columns(rows).filter { name in
            rows.allSatisfy { r in
                switch r[name] {
                case .number?, .bool?, .string?, .none?, nil: true
                default: false
                }
            }
        }
        guard !names.isEmpty else { throw RuntimeError("save: the table has no column of numbers or strings to write to .csv") }
        var out = names.map(field).joined(separator: ",") + "\n"
        for r in rows {
            out += names.map { name -> String in
                switch r[name] {
                case .number(let d)?: d.isNaN ? "nan" : d.isInfinite ? (d > 0 ? "inf" : "-inf") : ValueJSON.number(d)
                case .bool(let b)?: b ? "1" : "0"
                case .string(let s)?: field(s)
                default: ""
                }
            }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    private static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }
}

// SweepGrid: the cells of a sweep — the Cartesian product of a record of axes — with
// the two things that make a cell's result independent of where and when it runs:
// a key (the grid point as compact JSON) and the seed of its own random stream.
//
// Seed derivation (documented in grammar.md): seed = FNV-1a-64(UTF-8 bytes of the key)
// XOR the sweep's `seed:` argument, then `PCG64(seed:)` — the same SplitMix64 expansion
// as `seed(n)`. The key writes functions by name and numbers in shortest round-trip
// form, so `{act: relu, S: 0.5, seed: 1}` has the key {"act":"relu","S":0.5,"seed":1}
// on every machine, whatever the thread count, shard or order of execution.

/// One grid point.
struct SweepCell {
    /// Position in the grid (first axis slowest, as nested `for` loops in written order).
    let index: Int
    /// What the cell function receives: the axis values themselves (functions included).
    let point: Record
    /// The grid point as compact JSON (functions by name): identity, file name and seed.
    let key: String
    let hash: UInt64

    /// The name of the cell's file in a results folder.
    var fileName: String { "cell-" + SweepGrid.hex(hash) + ".json" }
}

struct SweepGrid {
    let axes: [String]
    let cells: [SweepCell]

    /// Builds the cells of `grid`: each field is an axis whose values are a list, range
    /// or tensor (along its first axis); any other value is an axis of one.
    init(_ grid: Record) throws(RuntimeError) {
        guard grid.count > 0 else { throw RuntimeError("sweep: the grid has no axes (give a record such as {S: linspace(0, 1, 5), seed: 0:3})") }
        var values: [[Value]] = []
        for (name, v) in zip(grid.keys, grid.values) {
            let items: [Value]
            switch v {
            case .list, .range, .tensor: items = v.iterated() ?? [v]
            default: items = [v]
            }
            guard !items.isEmpty else { throw RuntimeError("sweep: axis '\(name)' has no values") }
            values.append(items)
        }
        let total = values.reduce(1) { $0.multipliedReportingOverflow(by: $1.count).overflow ? Int.max : $0 * $1.count }
        guard total <= 10_000_000 else { throw RuntimeError("sweep: the grid has more than 10 million cells") }
        var cells: [SweepCell] = []
        cells.reserveCapacity(total)
        var seen: [UInt64: Int] = [:]
        for index in 0..<total {
            var rest = index, fields: [(String, Value)] = []
            for axis in stride(from: values.count - 1, through: 0, by: -1) {
                fields.insert((grid.keys[axis], values[axis][rest % values[axis].count]), at: 0)
                rest /= values[axis].count
            }
            let key = try ValueJSON.encode(.record(Record(fields)))  // functions by name
            let hash = SweepGrid.fnv1a(key)
            if let other = seen[hash] {
                throw RuntimeError("sweep: cells \(other) and \(index) have the same grid point \(key) (repeated axis values, or two functions with one name)")
            }
            seen[hash] = index
            cells.append(SweepCell(index: index, point: Record(fields), key: key, hash: hash))
        }
        axes = grid.keys
        self.cells = cells
    }

    /// 64-bit FNV-1a of the UTF-8 bytes of `text`.
    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        return h
    }

    static func hex(_ x: UInt64) -> String {
        let s = String(x, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    /// The grid point for messages: `{act: relu, S: 0.5}`.
    static func describe(_ cell: SweepCell, _ interpreter: Interpreter) -> String {
        "{" + zip(cell.point.keys, cell.point.values).map { k, v in
            if case .function(let f) = v { return "\(k): \(f.name)" }
            return "\(k): \(interpreter.render(v))"
        }.joined(separator: ", ") + "}"
    }
}

// Builtins+Sweep: sweeps over grids of settings (Sweep/), and the tables they return.
import AnisTensor
import FoundationEssentials
import Glibc

extension Builtins {
    static let sweeps: [Builtin] = [
        Builtin("sweep", "grid, cell, folder: none, workers: none, seed: 0", topic: .sweeps,
                doc: """
                Runs cell(point) for every point of a grid and returns the results as a table: a list of records, one per point in grid order (the first axis varies slowest, as nested for loops), each holding the point's fields followed by the result's fields (or value: when the result is not a record). grid is a record of axes: a list, range or tensor gives the axis's values, anything else a single value; functions are allowed and appear in the table by name. Cells run in parallel, one worker process per core (workers: sets the number; 1 runs them in this process), with a progress bar and ETA at a terminal.
                Each cell has its own random stream: seed = FNV-1a-64 of the grid point written as compact JSON (e.g. {"act":"relu","S":0.5,"seed":1}) XOR seed:, expanded by SplitMix64 as seed(n) does; so a cell's numbers do not depend on the order, the worker, the thread count, the shard or the machine. What a cell prints is shown after the sweep, in grid order. A cell should compute and return its result, not assign globals (a worker's changes are lost).
                A result may hold numbers, booleans, strings, tensors, lists and records (not plots or models). An error in a cell is reported with its grid point and location; the other cells finish, then the sweep raises an error. Ctrl-C in the REPL stops it and returns the cells that finished.
                folder: keeps one file per finished cell there (written atomically); a re-run skips the cells already in it (resumable; a cell is known by its grid point, so use one folder per sweep and empty it after changing the cell function), and it is required for shards: under `anis --shard i/N` or a Slurm job array a sweep computes only its share (cells whose index ≡ i mod N) and then ends the script; once every shard is done, running the script without --shard (or collect(folder)) gives the whole table without recomputing anything.
                """,
                example: "t = sweep({act: [relu, tanh], seed: 0:3}, c -> {m: mean(c.act(randn(100)))})\ngroup(t, \"act\")") { a in
            let gridValue = try a.value(0)
            guard case .record(let grid) = gridValue else { throw a.fail(0, "must be a record of axes such as {S: linspace(0, 1, 5), seed: 0:3}, got \(gridValue.typeDescription)") }
            let function = try a.function(1)
            let folder = a.optional(2) == nil ? nil : try a.string(2)
            let requested = try a.optionalInt(3)
            if let w = requested, w < 1 { throw a.fail(3, "must be at least 1, got \(w)") }
            let seed = try a.int(4)
            guard seed >= 0 else { throw a.fail(4, "must be a non-negative integer, got \(seed)") }
            let settings = a.interpreter.sweepSettings
            let cores = ProcessInfo.processInfo.activeProcessorCount
            let workers = settings.parallel && !a.interpreter.isSweepWorker ? (requested ?? settings.workers ?? cores) : 1
            return try Sweep(interpreter: a.interpreter, grid: try SweepGrid(grid), function: function,
                             folder: folder, seed: UInt64(seed), workers: max(1, workers)).run()
        },
        Builtin("collect", "folder", topic: .sweeps,
                doc: "The table of every finished cell in a sweep's results folder (written by sweep(..., folder:), by shards, or by several machines into a shared folder), in grid order: the same table the sweep returns once all its cells are there.",
                example: "sweep({p: [0.1, 0.2]}, c -> {y: 2 * c.p}, folder: \"results/leaky\")\nt = collect(\"results/leaky\")") { a in
            let folder = try a.string(0)
            var isDirectory = false
            guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory else {
                throw RuntimeError("collect: '\(folder)' is not a folder")
            }
            return .list(try CellStore(folder: folder, op: "collect").readAll().map { .record($0.row) })
        },
        Builtin("column", "table, name", topic: .sweeps,
                doc: "One field of every row of a table: a tensor when the values are numbers (or tensors of one shape, stacked), else a list.",
                example: "t = [{S: 0, loss: 1.5}, {S: 0.5, loss: 0.7}]\ncolumn(t, \"loss\")  # [1.5, 0.7]") { a in
            try Table.column(try table(a, 0), try a.string(1))
        },
        Builtin("group", "table, by", topic: .sweeps,
                doc: "Groups a table's rows by the values of the fields in by (a name or a list of names), in order of first appearance. Each group gives one row: the by fields, n (the number of rows), and for every other field holding numbers (or tensors of one shape) its mean as NAME and its standard deviation as NAME_std (n − 1 in the denominator; 0 for a single row). The usual use: mean ± spread over seeds.",
                example: "t = [{S: 0, seed: 0, loss: 1}, {S: 0, seed: 1, loss: 3}]\ngroup(t, \"S\")  # [{S: 0, n: 2, seed: 0.5, seed_std: 0.7071067811865476, loss: 2, loss_std: 1.4142135623730951}]") { a in
            let by: [String]
            if case .string(let s) = try a.value(1) { by = [s] } else {
                by = try a.list(1).map { v -> String in
                    guard case .string(let s) = v else { throw a.fail(1, "must be a field name or a list of field names") }
                    return s
                }
            }
            return try Table.group(try table(a, 0), by: by)
        },
        Builtin("print_table", "table, rows: 20, digits: 4", topic: .sweeps,
                doc: "Prints a table as aligned columns under a header of field names: at most rows rows (the first and the last ones, with a line saying how many are left out), numbers with digits significant digits, tensors of more than 4 elements by their shape. Returns none.",
                example: "t = sweep({act: [relu, tanh], p: [0.5, 1]}, c -> {m: mean(c.act(c.p * randn(100)))})\nprint_table(t)") { a in
            let rows = try a.int(1), digits = try a.int(2)
            guard rows >= 1 else { throw a.fail(1, "must be at least 1, got \(rows)") }
            guard (1...17).contains(digits) else { throw a.fail(2, "must be between 1 and 17, got \(digits)") }
            a.interpreter.output(Table.text(try table(a, 0), limit: rows, digits: digits, a.interpreter))
            return .none
        },
    ]

    private static func table(_ a: Arguments, _ i: Int) throws -> [Record] {
        let v = try a.value(i)
        guard let rows = Table.rows(v) else { throw a.fail(i, "must be a table (a non-empty list of records), got \(v.typeDescription)") }
        return rows
    }
}

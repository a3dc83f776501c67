// Sweep: runs the cells of a grid, each on its own random stream, on every core, and
// returns their results as a table (a list of records, in grid order).
//
// How cells run concurrently. The interpreter is single-threaded by design (frames
// are classes, exclusivity checks are off, values share copy-on-write storage without
// atomics), so two cells cannot safely evaluate in one address space. Cells therefore
// run in worker processes (SweepWorkers.swift): the interpreter thread flushes its
// output and forks; each child is a complete copy of the session (globals, functions,
// compiled code — nothing has to be serialised), evaluates the cells it takes from a
// pipe, writes each finished cell atomically into a results folder (CellStore, the
// same files shards write) and exits with _exit. The parent only reads those files.
// Why this is safe here: the process that forks has one thread running Swift code
// (the interpreter thread; the main thread only waits in pthread_join), glibc's malloc
// resets its locks at fork, and Debian's OpenBLAS (pthreads) registers an atfork
// handler that stops its thread pool before the fork (cells use 1 BLAS thread, so the
// cores are not oversubscribed, and sums come out the same in and out of workers). A child never touches libdispatch (train_autoencoder
// trains inline in a worker). Hosts that are not single-threaded (the test runner)
// leave `SweepSettings.parallel` off, and the cells run in-process, one after another,
// through exactly the same cell code and files.
//
// Reproducibility: a cell's random stream is seeded from its grid point only
// (SweepGrid), its printed output is captured and replayed in grid order after the
// sweep, and its result goes through the cell file's JSON on every path, so the table
// is bit-for-bit the same sequentially, on all cores, or merged from shards.
import AnisTensor

/// How sweeps run in this session; set by the host (the command line), not by scripts.
public struct SweepSettings: Sendable {
    /// Whether cells may run in worker processes: only a host that runs the interpreter
    /// on its one Swift thread may fork (the command line); otherwise cells run in-process.
    public var parallel = false
    /// Worker processes when `sweep` is not given `workers:`; nil means one per available core.
    public var workers: Int?
    /// Draw a progress bar with an ETA on stderr (only when stderr is a terminal).
    public var progress = false
    /// This process computes only its share of every sweep's cells (`--shard i/N`, Slurm arrays).
    public var shard: Shard?
    /// Where per-cell error reports and notes go (stderr on the command line).
    public var report: (@Sendable (String) -> Void)?
    public init() {}
}

/// Shard `index` of `count` (0-based): cells whose grid index ≡ index (mod count).
public struct Shard: Sendable, Equatable {
    public let index: Int, count: Int
    public init(index: Int, count: Int) { self.index = index; self.count = count }
}

/// One sweep call in progress.
struct Sweep {
    let interpreter: Interpreter
    let grid: SweepGrid
    let function: Function
    /// The results folder the user named, or nil for a private scratch folder.
    let folder: String?
    let seed: UInt64
    let workers: Int

    /// The failure of one cell: its rendered diagnostic, or that it was interrupted.
    enum CellOutcome {
        case finished(String)
        case failed(Failure)
    }

    struct Failure {
        let cell: SweepCell
        let rendered: String
        let message: String
    }

    func run() throws -> Value {
        let settings = interpreter.sweepSettings
        if settings.shard != nil && folder == nil {
            throw RuntimeError("sweep: a sharded run (--shard or a Slurm array) needs a results folder: sweep(grid, f, folder: \"results\")")
        }
        let store = try folder.map { path throws(RuntimeError) in try CellStore(folder: path, op: "sweep") } ?? CellStore.scratch()
        defer { if folder == nil { store.remove() } }
        let share = grid.cells.filter { cell in settings.shard.map { cell.index % $0.count == $0.index } ?? true }
        let todo = share.filter { !store.isDone($0) }

        var outcome = SweepOutcome()
        if !todo.isEmpty {
            if workers > 1 && todo.count > 1 {
                outcome = try SweepWorkers(sweep: self, store: store).run(todo, workers: min(workers, todo.count))
            } else {
                outcome = runInProcess(todo, store: store)
            }
        }
        return try finish(store: store, share: share, computed: todo.count, outcome: outcome)
    }

    /// Evaluates cells one after another in this process (workers = 1, or one cell).
    private func runInProcess(_ todo: [SweepCell], store: CellStore) -> SweepOutcome {
        var outcome = SweepOutcome()
        var progress = SweepProgress(total: todo.count, enabled: interpreter.sweepSettings.progress)
        for cell in todo {
            if Interrupt.isRequested { Interrupt.clear(); outcome.interrupted = true; break }
            switch evaluate(cell) {
            case .finished(let text):
                do throws(RuntimeError) { try store.write(cell, text: text); progress.advance() } catch {
                    outcome.failures.append(Failure(cell: cell, rendered: error.message + "\n", message: error.message))
                }
            case .failed(let failure):
                if failure.message == "interrupted" { outcome.interrupted = true; break }
                progress.clear()
                report(failure)
                outcome.failures.append(failure)
            }
            if outcome.interrupted { break }
        }
        progress.finish()
        return outcome
    }

    /// Runs one cell on this interpreter with its own random stream and captured output
    /// (restored afterwards; a sweep nested in a cell runs in-process and unsharded):
    /// the cell file's text, or the failure.
    func evaluate(_ cell: SweepCell) -> CellOutcome {
        let savedRNG = interpreter.rng, savedOutput = interpreter.output, savedSettings = interpreter.sweepSettings
        let captured = OutputBuffer()
        interpreter.rng = PCG64(seed: cell.hash ^ seed)
        interpreter.output = { captured.text += $0 }
        interpreter.sweepSettings = SweepSettings()
        // One BLAS thread in every cell, in a worker or not: a product's summation order
        // (its last bits) then never depends on where the cell ran.
        let savedCap = BLASInfo.capThreads(1)
        defer {
            interpreter.rng = savedRNG; interpreter.output = savedOutput; interpreter.sweepSettings = savedSettings
            _ = BLASInfo.capThreads(savedCap)
        }
        do {
            let result = try interpreter.call(function, [.record(cell.point)])
            if case .record(let r) = result, let clash = r.keys.first(where: { grid.axes.contains($0) }) {
                throw RuntimeError("the cell's result has a field '\(clash)', which is also a grid axis (rename one)")
            }
            return .finished(CellStore.text(cell, result: try ValueJSON.encode(result), output: captured.text))
        } catch let d as Diagnostic {
            return .failed(Failure(cell: cell, rendered: captured.text + d.rendered(color: false), message: d.message))
        } catch let e as RuntimeError {
            return .failed(Failure(cell: cell, rendered: captured.text + "error: \(e.message)\n", message: e.message))
        } catch {
            return .failed(Failure(cell: cell, rendered: captured.text + "error: \(error)\n", message: "\(error)"))
        }
    }

    /// Reports a failed cell with its grid point (the rest of the sweep goes on).
    func report(_ failure: Failure) {
        let text = "sweep: cell \(failure.cell.index) \(SweepGrid.describe(failure.cell, interpreter)) failed:\n" + failure.rendered
        if let report = interpreter.sweepSettings.report { report(text) } else { interpreter.output(text) }
    }

    /// Reads the finished cells back in grid order, replays what they printed, and either
    /// returns the table or raises the right error (failed cells; a shard that is done).
    private func finish(store: CellStore, share: [SweepCell], computed: Int, outcome: SweepOutcome) throws -> Value {
        var rows: [Value] = []
        var missing = 0
        for cell in grid.cells {
            guard let stored = try store.read(cell) else { missing += 1; continue }
            if !stored.output.isEmpty { interpreter.output(stored.output) }
            rows.append(.record(stored.row))
        }
        let note = interpreter.sweepSettings.report ?? interpreter.output
        if let first = outcome.failures.first {
            let kept = folder.map { " (the finished cells are kept in '\($0)'; a re-run computes only the rest)" } ?? ""
            throw RuntimeError("sweep: \(outcome.failures.count) of \(grid.cells.count) cells failed, the first \(SweepGrid.describe(first.cell, interpreter)): \(first.message)\(kept)")
        }
        if outcome.interrupted {
            note("sweep: interrupted; \(rows.count) of \(grid.cells.count) cells finished and are in the table\n")
            return .list(rows)
        }
        if let shard = interpreter.sweepSettings.shard, missing > 0 {
            let message = "shard \(shard.index)/\(shard.count) finished its \(share.count) cell\(share.count == 1 ? "" : "s") (\(computed) computed, \(share.count - computed) already in '\(store.folder)'); \(missing) cells of other shards are not there yet. When every shard is done, run the script without --shard (nothing is recomputed) or call collect(\"\(store.folder)\")."
            interpreter.shardFinished = message
            throw RuntimeError(message)
        }
        return .list(rows)
    }
}

/// What happened to the cells a sweep computed.
struct SweepOutcome {
    var failures: [Sweep.Failure] = []
    var interrupted = false
}

/// Collects what a cell prints.
final class OutputBuffer {
    var text = ""
}

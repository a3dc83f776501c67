// CellStore: a results folder holding one file per finished sweep cell. Sweeps in
// worker processes, shards under GNU parallel or a Slurm job array, and re-runs that
// resume all meet here, so the format is the contract:
//
//   FOLDER/cell-<16 hex digits of the key's FNV-1a hash>.json, one line of JSON:
//   {"point":{...grid point...},"index":N,"result":...,"output":"what the cell printed"}
//
// A file is written to a temporary name beside its final name and renamed (TextFile),
// so a reader never sees half a cell; a cell whose file exists is done. The text depends
// only on the cell (no times, hosts or process ids), so the same cell computed anywhere
// gives the same bytes.
import AnisTensor
import FoundationEssentials
import Glibc

struct CellStore {
    let folder: String

    /// Opens (creating when missing) a results folder.
    init(folder: String, op: String) throws(RuntimeError) {
        var isDirectory = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory else { throw RuntimeError("\(op): '\(folder)' exists and is not a folder") }
        } else {
            do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw RuntimeError("\(op): cannot create the results folder '\(folder)': \(systemErrorText(error))")
            }
        }
        self.folder = folder
    }

    /// A fresh private folder under $TMPDIR (or /tmp), for a sweep without `folder:`.
    static func scratch() throws(RuntimeError) -> CellStore {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array("\(base)/anis-sweep-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { b in b.baseAddress.flatMap { mkdtemp($0) } }
        guard made != nil else { throw RuntimeError("sweep: cannot create a temporary folder in '\(base)'") }
        let path = template.withUnsafeBufferPointer { b in String(cString: b.baseAddress!) }
        return try CellStore(folder: path, op: "sweep")
    }

    /// Deletes a scratch folder and everything in it.
    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    func path(_ cell: SweepCell) -> String { folder + "/" + cell.fileName }

    /// The file text of a finished cell: its point, index, result (as JSON) and printed output.
    static func text(_ cell: SweepCell, result: String, output: String) -> String {
        "{\"point\":\(cell.key),\"index\":\(cell.index),\"result\":\(result),\"output\":\(ValueJSON.quoted(output))}\n"
    }

    func write(_ cell: SweepCell, text: String) throws(RuntimeError) {
        do { try TextFile.write(text, to: path(cell), op: "sweep") } catch { throw RuntimeError(error.message) }
    }

    /// True when the cell's file is there and belongs to this grid point (not to a hash twin).
    func isDone(_ cell: SweepCell) -> Bool { (try? read(cell)) != nil }

    /// The finished cell's row and printed output, or nil when it has no file yet.
    func read(_ cell: SweepCell) throws(RuntimeError) -> StoredCell? {
        guard FileManager.default.fileExists(atPath: path(cell)) else { return nil }
        let text: String
        do { text = try TextFile.read(path(cell), op: "sweep") } catch { throw RuntimeError(error.message) }
        guard text.hasPrefix("{\"point\":\(cell.key),") else { return nil }
        return try CellStore.parse(text, path: path(cell))
    }

    /// Every cell file in the folder, ordered by grid index (then key): what `collect` returns.
    func readAll() throws(RuntimeError) -> [StoredCell] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw RuntimeError("collect: cannot list '\(folder)': \(systemErrorText(error))")
        }
        var cells: [StoredCell] = []
        for name in names where name.hasPrefix("cell-") && name.hasSuffix(".json") {
            let file = folder + "/" + name
            do { cells.append(try CellStore.parse(try TextFile.read(file, op: "collect"), path: file)) } catch let e as TensorError {
                throw RuntimeError(e.message)
            } catch let e as RuntimeError { throw e } catch { throw RuntimeError("\(error)") }
        }
        return cells.sorted { ($0.index, $0.key) < ($1.index, $1.key) }
    }

    static func parse(_ text: String, path: String) throws(RuntimeError) -> StoredCell {
        guard case .record(let r) = try ValueJSON.decode(text, what: path),
              case .record(let point)? = r["point"], let index = r["index"]?.scalar, let result = r["result"],
              case .string(let output)? = r["output"] else {
            throw RuntimeError("\(path): not a sweep cell file (expected point, index, result and output)")
        }
        var row = point
        if case .record(let fields) = result {
            for (k, v) in zip(fields.keys, fields.values) { row[k] = v }
        } else {
            row["value"] = result
        }
        return StoredCell(index: Int(index), key: (try? ValueJSON.encode(.record(point))) ?? "", row: row, output: output)
    }
}

/// A finished cell read back from its file.
struct StoredCell {
    let index: Int
    let key: String
    /// The grid point's fields followed by the result's (or `value:` when the result is not a record).
    let row: Record
    let output: String
}

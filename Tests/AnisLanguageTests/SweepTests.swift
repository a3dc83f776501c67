// SweepTests: what sweeps promise beyond one run's printout — the documented seed
// derivation, results folders (atomic cell files, resuming, collect), shards, failed
// cells, and table files. Cells run in-process here (the test runner is multi-threaded,
// so it never forks); scripts/test_sweep_engines.sh checks worker processes, GNU parallel
// and Slurm against these same files.
import AnisTensor
import Foundation
import Testing
@testable import AnisLanguage

@Suite struct SweepTests {
    /// A fresh temporary folder, removed by the caller.
    func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "anis-sweep-tests-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func cellFiles(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("cell-") && $0.hasSuffix(".json") }.sorted()
    }

    @Test func cellSeedIsTheDocumentedHashOfTheGridPoint() throws {
        // FNV-1a-64 of the UTF-8 bytes of {"x":1}, computed independently (Python).
        let hash: UInt64 = 0xbdd3d53c3a0b3fd6
        var rng = PCG64(seed: hash)
        let expected = (0..<3).map { _ in rng.normal() }
        var rng2 = PCG64(seed: hash ^ 7)
        let expectedSeeded = rng2.normal()
        let session = Session(output: { _ in })
        let v = try #require(try session.run("t = sweep({x: [1]}, c -> randn(3)); t[0].value", file: "<test>"))
        guard case .tensor(let t) = v else { Issue.record("not a tensor: \(v)"); return }
        #expect(t.withUnsafeBufferPointer { Array($0) } == expected)
        let w = try #require(try session.run("sweep({x: [1]}, c -> randn(), seed: 7)[0].value", file: "<test>"))
        #expect(w.scalar == expectedSeeded)
    }

    @Test func folderKeepsOneFilePerCellAndResumesWithoutRecomputing() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(output: { _ in })
        let script = "t = sweep({a: 0:3, seed: 0:2}, c -> {y: sum(randn(4)) + c.a}, folder: \"\(dir)\"); save(t, \"\(dir)/t.jsonl\")"
        _ = try session.run(script, file: "<test>")
        let files = cellFiles(dir)
        #expect(files.count == 6)
        let first = try String(contentsOfFile: "\(dir)/t.jsonl", encoding: .utf8)

        // A finished cell is never recomputed: plant a marker in one file, delete another.
        let planted = "\(dir)/\(files[0])", deleted = "\(dir)/\(files[1])"
        let original = try String(contentsOfFile: planted, encoding: .utf8)
        let marked = original.replacingOccurrences(of: "\"result\":{\"y\":", with: "\"result\":{\"y\":1e300,\"was\":")
        try marked.write(toFile: planted, atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: deleted)
        _ = try session.run(script, file: "<test>")
        #expect(cellFiles(dir).count == 6)
        let second = try String(contentsOfFile: "\(dir)/t.jsonl", encoding: .utf8)
        #expect(second.contains("1e+300"))
        try original.write(toFile: planted, atomically: true, encoding: .utf8)
        _ = try session.run(script, file: "<test>")
        #expect(try String(contentsOfFile: "\(dir)/t.jsonl", encoding: .utf8) == first)

        // collect gives the same table, bit for bit.
        _ = try session.run("save(collect(\"\(dir)\"), \"\(dir)/c.jsonl\")", file: "<test>")
        #expect(try String(contentsOfFile: "\(dir)/c.jsonl", encoding: .utf8) == first)
    }

    @Test func shardsComputeTheirShareAndMergeIntoTheSameTable() throws {
        let whole = temporaryFolder(), parts = temporaryFolder()
        defer { for d in [whole, parts] { try? FileManager.default.removeItem(atPath: d) } }
        let grid = "{p: linspace(0, 1, 5), seed: 0:2}", body = "c -> {m: mean(randn(10) * c.p), M: randn(2, 2)}"
        _ = try Session(output: { _ in }).run("save(sweep(\(grid), \(body), folder: \"\(whole)\"), \"\(whole)/t.jsonl\")", file: "<test>")
        for i in 0..<3 {
            let session = Session(output: { _ in })
            session.sweepSettings.shard = Shard(index: i, count: 3)
            do {
                _ = try session.run("sweep(\(grid), \(body), folder: \"\(parts)\")", file: "<test>")
                #expect(i == 2, "only the last shard sees every cell")
            } catch {
                #expect(session.shardFinished != nil, "shard \(i): \(error.message)")
            }
        }
        #expect(cellFiles(parts) == cellFiles(whole).filter { $0 != "t.jsonl" })
        for name in cellFiles(parts) {
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(parts)/\(name)")) == Data(contentsOf: URL(fileURLWithPath: "\(whole)/\(name)")))
        }
        _ = try Session(output: { _ in }).run("save(collect(\"\(parts)\"), \"\(parts)/t.jsonl\")", file: "<test>")
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(parts)/t.jsonl")) == Data(contentsOf: URL(fileURLWithPath: "\(whole)/t.jsonl")))

        let unsharded = Session(output: { _ in })
        unsharded.sweepSettings.shard = Shard(index: 0, count: 2)
        #expect(throws: Diagnostic.self) { try unsharded.run("sweep({x: 0:2}, c -> c.x)", file: "<test>") }
    }

    @Test func aFailedCellIsReportedWithItsPointAndTheOthersFinish() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var reports = ""
        let session = Session(output: { reports += $0 })
        let source = "fn f(c) {\n  if c.x == 2 { error(\"bad x\") }\n  c.x\n}\nsweep({x: 0:4}, f, folder: \"\(dir)\")\n"
        do {
            _ = try session.run(source, file: "cells.anis")
            Issue.record("the sweep should fail")
        } catch {
            #expect(error.message.contains("1 of 4 cells failed, the first {x: 2}: bad x"))
            #expect(error.line == 5)
        }
        #expect(reports.contains("sweep: cell 2 {x: 2} failed:\ncells.anis:2:17: error: bad x"))
        #expect(cellFiles(dir).count == 3)
    }

    @Test func tablesSaveAsJSONLinesCSVAndNPY() throws {
        let dir = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let session = Session(output: { _ in })
        _ = try session.run("""
            t = [{name: "a,b", x: 0.1, ok: true, v: [1, 2]}, {name: "c", x: -0.0, ok: false, v: [3, nan]}]
            save(t, "\(dir)/t.jsonl"); save(t, "\(dir)/t.csv"); save(t, "\(dir)/t.npy")
            u = load("\(dir)/t.jsonl")
            """, file: "<test>")
        #expect(try String(contentsOfFile: "\(dir)/t.jsonl", encoding: .utf8) ==
                "{\"name\":\"a,b\",\"x\":0.1,\"ok\":true,\"v\":[1,2]}\n{\"name\":\"c\",\"x\":-0.0,\"ok\":false,\"v\":[3,NaN]}\n")
        #expect(try String(contentsOfFile: "\(dir)/t.csv", encoding: .utf8) == "name,x,ok\n\"a,b\",0.1,1\nc,-0.0,0\n")
        let m = try NPY.load("\(dir)/t.npy")
        #expect(m.shape == [2, 2])
        let back = try #require(try session.run("u[1].x", file: "<test>"))
        #expect(back.scalar.map { $0 == 0 && $0.sign == .minus } == true)
    }
}

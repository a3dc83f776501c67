// ParallelTests: the worker pool (CLinearAlgebra's parallel.c through Parallel.swift).
// Widths are forced with the test override, so nothing depends on the machine's cores or
// OPENBLAS_NUM_THREADS. Other suites may use the pool at the same time; a call that finds
// it busy runs inline (one range), so the checks accept that and never time anything.
import Foundation
import Synchronization
import Testing
@testable import AnisTensor

@Suite(.serialized) struct ParallelTests {
    /// The ranges one call hands to its body, sorted by start.
    func ranges(_ count: Int, grain: Int, width: Int) -> [Range<Int>] {
        Parallel.setWidthOverride(width)
        defer { Parallel.setWidthOverride(0) }
        let seen = Mutex<[Range<Int>]>([])
        Parallel.forEachChunk(count, grain: grain) { r in seen.withLock { $0.append(r) } }
        return seen.withLock { $0 }.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// Checks that `rs` cover 0..<count contiguously in at most `width` ranges of at least `grain`.
    func checkPartition(_ rs: [Range<Int>], count: Int, grain: Int, width: Int) {
        #expect(!rs.isEmpty && rs.count <= width, "\(rs.count) ranges for width \(width)")
        #expect(rs.first?.lowerBound == 0 && rs.last?.upperBound == count)
        for (a, b) in zip(rs, rs.dropFirst()) { #expect(a.upperBound == b.lowerBound, "gap or overlap: \(a), \(b)") }
        if rs.count > 1 { for r in rs { #expect(r.count >= grain, "\(r) is shorter than the grain \(grain)") } }
    }

    @Test func partitionsAreContiguousAndRespectTheGrain() {
        for width in [1, 2, 3, 7] {
            for (count, grain) in [(1, 1), (10, 1), (100, 7), (1000, 64), (63, 32), (64, 32), (100_003, 1000)] {
                let rs = ranges(count, grain: grain, width: width)
                checkPartition(rs, count: count, grain: grain, width: width)
                if width == 1 || count < 2 * grain { #expect(rs == [0..<count], "width \(width), \(count)/\(grain) must run as one call") }
            }
        }
        #expect(ranges(0, grain: 1, width: 3).isEmpty)
    }

    @Test func widthOverrideAndDefault() {
        Parallel.setWidthOverride(5)
        #expect(Parallel.width == 5)
        Parallel.setWidthOverride(0)
        #expect(Parallel.width >= 1)
        #expect(Parallel.width <= max(1, BLASInfo.threads))
    }

    /// A per-element formula written by chunks: the same bits for every width.
    @Test func widthsGiveIdenticalResults() {
        let n = 50_001
        func compute(width: Int) -> [Double] {
            Parallel.setWidthOverride(width)
            defer { Parallel.setWidthOverride(0) }
            var out = [Double](repeating: .nan, count: n)
            out.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress!
                Parallel.forEachChunk(n, grain: 100) { r in
                    for i in r { base[i] = sin(Double(i) * 0.001) * exp(-Double(i) / 9000) }
                }
            }
            return out
        }
        let one = compute(width: 1)
        #expect(!one.contains { $0.isNaN })
        for width in [2, 3] {
            let other = compute(width: width)
            #expect(zip(one, other).allSatisfy { $0.bitPattern == $1.bitPattern }, "width \(width) differs from width 1")
        }
    }

    @Test func nestedCallsRunInline() {
        Parallel.setWidthOverride(3)
        defer { Parallel.setWidthOverride(0) }
        let inner = Mutex<[[Range<Int>]]>([])
        let flags = Mutex<[Bool]>([])
        Parallel.forEachChunk(3, grain: 1) { _ in
            let mine = Mutex<[Range<Int>]>([])
            let nested = Parallel.inChunk
            Parallel.forEachChunk(1000, grain: 1) { r in mine.withLock { $0.append(r) } }
            flags.withLock { $0.append(nested) }
            if nested { inner.withLock { $0.append(mine.withLock { $0 }) } }
        }
        #expect(flags.withLock { $0.count } >= 1)
        for rs in inner.withLock({ $0 }) { #expect(rs == [0..<1000], "a nested call was split: \(rs)") }
        #expect(!Parallel.inChunk)
    }

    /// Many short jobs back to back, on a thread of their own so that a lost wakeup (a
    /// hang) fails the test after a generous bound instead of stopping the test run.
    @Test func manyBackToBackJobsAllComplete() {
        final class Run: @unchecked Sendable {
            let done = DispatchSemaphore(value: 0)
            var wrong = 0
        }
        let run = Run()
        let thread = Thread {
            let jobs = 20_000, n = 4096
            var out = [Int](repeating: 0, count: n)
            for job in 0..<jobs {
                Parallel.setWidthOverride(1 + job % 3)
                out.withUnsafeMutableBufferPointer { buffer in
                    let base = buffer.baseAddress!
                    Parallel.forEachChunk(n, grain: 1 + job % 700) { r in for i in r { base[i] += 1 } }
                }
                if job % 1000 == 999, out.contains(where: { $0 != job + 1 }) { run.wrong += 1 }
            }
            Parallel.setWidthOverride(0)
            run.done.signal()
        }
        thread.start()
        let finished = run.done.wait(timeout: .now() + 120) == .success
        #expect(finished, "the jobs did not finish within 120 s (a lost wakeup?)")
        if finished { #expect(run.wrong == 0, "some chunks ran twice or not at all") }
    }
}

// Parallel: anis's own loops on the cores OpenBLAS may use (the pool is CLinearAlgebra's
// parallel.c; see AnisParallel.h for the protocol).
//
// A loop is split into contiguous chunks by a fixed rule, and each chunk runs the same code
// it would run alone, so a kernel that computes every row (or element) on its own gives the
// same bits on 1, 2 or 64 threads. Reductions across rows must stay serial (or be split so
// their order does not change): the pool promises nothing about the order of chunks.
import CLinearAlgebra

public enum Parallel {
    /// Calls `body` on contiguous ranges that together cover 0..<count, at most `width` of
    /// them at once, each of at least `grain` items (fewer than 2·grain: one call, inline).
    /// `body` may run on several threads at the same time: it must only write what its
    /// range owns, and must not throw or reach the interpreter. A call from inside `body`
    /// runs inline.
    @inline(__always)
    public static func forEachChunk(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        if count < 2 * max(grain, 1) || anis_parallel_width() == 1 {
            body(0..<count)
            return
        }
        split(count, grain: grain, body)
    }

    /// Work, in elements of a simple kernel, below which a chunk is not worth a thread: waking
    /// a spinning worker and waiting for it costs a few microseconds, about this many elements.
    public static let minimumChunkWork = 16_384

    /// `forEachChunk` over `count` elements whose chunks start at multiples of 64 (whole
    /// cache lines and vectors), each worth at least `minimumChunkWork`; `cost` weighs an
    /// element against a simple kernel's (GELU's erfc is several).
    @inline(__always)
    public static func forEachElementChunk(_ count: Int, cost: Int = 1, _ body: (Range<Int>) -> Void) {
        forEachAligned(count, block: 64, blockWork: 64 * max(cost, 1), body)
    }

    /// `forEachChunk` over `rows` rows of `rowLength` elements, in chunks of whole blocks of
    /// four rows (the row kernels' blocks), each worth at least `minimumChunkWork`.
    @inline(__always)
    public static func forEachRowChunk(_ rows: Int, rowLength: Int, cost: Int = 1, _ body: (Range<Int>) -> Void) {
        forEachAligned(rows, block: 4, blockWork: 4 * max(rowLength, 1) * max(cost, 1), body)
    }

    @inline(__always)
    private static func forEachAligned(_ count: Int, block: Int, blockWork: Int, _ body: (Range<Int>) -> Void) {
        let blocks = (count + block - 1) / block
        let grain = max(1, (minimumChunkWork + blockWork - 1) / blockWork)
        if blocks < 2 * grain { if count > 0 { body(0..<count) }; return }
        forEachChunk(blocks, grain: grain) { r in body(r.lowerBound * block..<min(count, r.upperBound * block)) }
    }

    private static func split(_ count: Int, grain: Int, _ body: (Range<Int>) -> Void) {
        withoutActuallyEscaping(body) { escapable in
            var closure = escapable
            withUnsafeMutablePointer(to: &closure) { pointer in
                anis_parallel_for(count, grain, trampoline, UnsafeMutableRawPointer(pointer))
            }
        }
    }

    /// Threads a loop may use now: the test override, else OpenBLAS's thread count under the
    /// cap that sweeps and toy models set (1 before the library is loaded).
    public static var width: Int { Int(anis_parallel_width()) }

    /// The rule in words (`anis --version`).
    public static var rule: String { "anis's own elementwise and row loops, from about \(2 * minimumChunkWork / 1000) thousand elements per call" }

    /// Whether the calling thread is running a chunk.
    public static var inChunk: Bool { anis_parallel_in_chunk() != 0 }

    /// Forces the width (tests); 0 returns to the default rule.
    public static func setWidthOverride(_ n: Int) { anis_parallel_set_width_override(Int32(clamping: n)) }
}

private typealias ChunkBody = (Range<Int>) -> Void

private let trampoline: @convention(c) (UnsafeMutableRawPointer?, Int, Int) -> Void = { context, begin, end in
    guard let context else { return }
    context.assumingMemoryBound(to: ChunkBody.self).pointee(begin..<end)
}

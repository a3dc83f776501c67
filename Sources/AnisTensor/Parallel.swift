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

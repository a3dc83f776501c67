// AllocatorTuning: keeps glibc from handing freed tensor memory back to the kernel
// after every training step. Without it, each step's ~1 MB activations are trimmed
// from the heap (madvise/sbrk) when freed and page-faulted back in on the next
// allocation, which cost more than the arithmetic of a small model. Applied once,
// when the first tape is made; a no-op where glibc's mallopt is not found.
#if canImport(Glibc)
import Glibc
#endif

enum AllocatorTuning {
    /// Evaluated once (Swift runs static initialisers exactly once, thread-safely).
    static let applied: Bool = {
        #if canImport(Glibc)
        // mallopt lives in <malloc.h>, which the Glibc module does not export: look it up.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        // Keep up to 256 MiB of freed memory instead of trimming it, and serve blocks up to
        // 32 MiB from the heap instead of fresh mmaps (larger tensors are dominated by arithmetic).
        _ = mallopt(trimThreshold, 256 << 20)
        _ = mallopt(mmapThreshold, 32 << 20)
        return true
        #else
        return false
        #endif
    }()
}

// AllocatorTuning: keeps glibc from handing freed tensor memory back to the kernel
// after every training step. Without it, each step's ~1 MB activations are trimmed
// from the heap when freed and page-faulted back in on the next allocation, which
// cost more than the arithmetic of a small model. Applied once, when the first tape
// is made (see anis_keep_freed_memory in Sources/CSystem/shim.h).
import CSystem

enum AllocatorTuning {
    /// Evaluated once (Swift runs static initialisers exactly once, thread-safely).
    static let applied: Bool = {
        anis_keep_freed_memory()
        return true
    }()
}

// AllocatorTuning: keeps glibc from handing freed tensor memory back to the kernel
// after every operation. Without it, the ~1 MB activations of a model are unmapped
// when freed and page-faulted back in on the next allocation, which cost more than
// the arithmetic of a small model (a third of a transformer's forward pass was
// system time). All threads share the main arena: a thread's own arena lives in
// 64 MiB heaps that glibc unmaps as soon as one is empty, whatever the trim
// threshold (measured: 537k page faults in 40 transformer steps against 36k).
// Applied by CLI.main before the interpreter thread starts (a thread that has
// already allocated keeps its arena). See anis_keep_freed_memory in Sources/CSystem/shim.h.
import CSystem

enum AllocatorTuning {
    /// Evaluated once (Swift runs static initialisers exactly once, thread-safely).
    static let applied: Bool = {
        anis_keep_freed_memory()
        return true
    }()
}

// StackGuard: knows where the current thread's native stack ends, so deep
// recursion in a user program becomes an anis error instead of a segfault,
// whatever the thread (the CLI's 1 GiB interpreter thread, a test runner's, a fuzzer's).
import CSystem

struct StackGuard {
    /// Lowest safe address: the stack's end plus a reserve for the frames that
    /// report the error. Zero when the bounds are unknown (then only the depth limit applies).
    let limit: UInt

    static let reserve: UInt = 256 * 1024

    init() {
        let low = UInt(anis_stack_low())
        limit = low == 0 ? 0 : low + StackGuard.reserve
    }

    /// True when the caller's frame is within the reserve at the end of the stack.
    @inline(never) func isNearlyFull() -> Bool {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) } < limit
    }
}

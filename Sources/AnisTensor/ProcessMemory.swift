// ProcessMemory: how much memory this machine has, for refusing allocations
// that could only end in a crash.
import Foundation

public enum ProcessMemory {
    public static let physicalBytes: Int = Int(clamping: ProcessInfo.processInfo.physicalMemory)

    /// The physical memory, or less when `ulimit -v` / `ulimit -d` allows this process less:
    /// a string or list allocation past it would abort the process, not raise an error.
    public static let usableBytes: Int = {
        var usable = physicalBytes
        for resource in [RLIMIT_AS, RLIMIT_DATA] {
            var limit = rlimit()
            if getrlimit(__rlimit_resource_t(resource.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {
                usable = Swift.min(usable, Int(clamping: limit.rlim_cur))
            }
        }
        return usable
    }()
}

// ProcessMemory: how much memory this machine has, for refusing allocations
// that could only end in a crash, and how much this process holds now.
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

    /// Bytes of this process resident in memory now (Linux /proc/self/statm), or nil where unknown.
    static var residentBytes: Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

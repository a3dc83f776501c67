// ProcessMemory: how much memory this machine has, for refusing allocations
// that could only end in a crash (MemoryBudget.swift).
import FoundationEssentials
import Glibc

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

    /// The memory limit of this process's cgroup (v2 `memory.max`, else v1), or nil when unlimited or unknown.
    static let cgroupLimitBytes: Int? = {
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            let value = text.trimmingWhitespace()
            if value == "max" { return nil }
            if let n = Int(value), n > 0, n < (1 << 60) { return n }
        }
        return nil
    }()
}

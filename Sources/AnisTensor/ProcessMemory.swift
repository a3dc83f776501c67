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

    /// The bytes of memory this process now has resident (/proc/self/statm), or nil where
    /// the kernel does not say: what strings, lists and everything else that is not a tensor
    /// take, for checking a large string or list against the budget (ValueLimits).
    public static var residentBytes: Int? {
        let fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = buffer.withUnsafeMutableBytes { b in b.baseAddress.map { read(fd, $0, b.count) } ?? -1 }
        guard n > 0 else { return nil }
        // "size resident shared text lib data dt", in pages.
        let fields = buffer[..<n].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }

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

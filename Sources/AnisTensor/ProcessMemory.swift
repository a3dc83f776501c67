// ProcessMemory: how much memory this machine has, for refusing allocations
// that could only end in a crash, and how much this process holds now.
import Foundation

enum ProcessMemory {
    static let physicalBytes: Int = Int(clamping: ProcessInfo.processInfo.physicalMemory)

    /// Bytes of this process resident in memory now (Linux /proc/self/statm), or nil where unknown.
    static var residentBytes: Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

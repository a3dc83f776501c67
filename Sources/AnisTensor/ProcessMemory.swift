// ProcessMemory: how much memory this machine has, for refusing allocations
// that could only end in a crash.
import Foundation

enum ProcessMemory {
    static let physicalBytes: Int = Int(clamping: ProcessInfo.processInfo.physicalMemory)
}

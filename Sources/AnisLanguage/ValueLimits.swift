// ValueLimits: how large a string or list may grow. Swift aborts the process when an
// allocation fails, so `s = s + s` in a loop must stop with an anis error first. The
// limit is a quarter of the memory this process may use: growing to it still leaves
// room for the operand being copied.
import AnisTensor

enum ValueLimits {
    static let bytes = Swift.max(1 << 20, ProcessMemory.usableBytes / 4)

    /// Throws when a string of `count` UTF-8 bytes would pass the limit.
    static func checkString(bytes count: Int, op: String) throws(RuntimeError) {
        guard count > bytes else { return }
        throw RuntimeError("\(op): the string would take \(describe(count)), more than the \(describe(bytes)) a string may hold (a quarter of the memory anis may use)")
    }

    /// Throws when a list of `count` elements would pass the limit.
    static func checkList(count: Int, op: String) throws(RuntimeError) {
        guard listExceeds(count: count) else { return }
        throw RuntimeError("\(op): a list of \(count) elements would take more than the \(describe(bytes)) a list may hold (a quarter of the memory anis may use)")
    }

    static func listExceeds(count: Int) -> Bool {
        let (size, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Value>.stride)
        return overflow || size > bytes
    }

    static func describe(_ n: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(n), u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        return u == 0 ? "\(n) bytes" : "\(Int(v.rounded())) \(units[u])"
    }
}

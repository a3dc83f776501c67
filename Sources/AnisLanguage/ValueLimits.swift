// ValueLimits: how large a string or list may grow. Swift aborts the process when an
// allocation fails, so `s = s + s` in a loop must stop with an anis error first. The
// limit is a quarter of the memory this process may use (growing to it still leaves
// room for the operand being copied), and no more than the memory budget has left
// after what tensors hold (MemoryBudget), so a string cannot take what they need.
import AnisTensor

enum ValueLimits {
    static let bytes = Swift.max(1 << 20, ProcessMemory.usableBytes / 4)

    /// Throws when a string of `count` UTF-8 bytes would pass the limit.
    static func checkString(bytes count: Int, op: String) throws(RuntimeError) {
        if count > bytes {
            throw RuntimeError("\(op): the string would take \(describe(count)), more than the \(describe(bytes)) a string may hold (a quarter of the memory anis may use)")
        }
        try checkRoom(count, what: "the string", op: op)
    }

    /// Throws when `count` bytes more than the memory budget has left (MemoryBudget: what
    /// tensors hold counts against it, so a string cannot grow into memory they need).
    static func checkRoom(_ count: Int, what: String, op: String) throws(RuntimeError) {
        let available = MemoryBudget.availableBytes
        guard count > available else { return }
        throw RuntimeError("\(op): \(what) would take \(describe(count)), more than the \(describe(available)) left (tensors hold \(MemoryBudget.describe(MemoryBudget.heldBytes)) of the \(MemoryBudget.describe(MemoryBudget.limitBytes)) this machine can give them)")
    }

    /// Throws when a list of `count` elements would pass the limit.
    static func checkList(count: Int, op: String) throws(RuntimeError) {
        let (size, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Value>.stride)
        if overflow || size > bytes {
            throw RuntimeError("\(op): a list of \(count) elements would take more than the \(describe(bytes)) a list may hold (a quarter of the memory anis may use)")
        }
        try checkRoom(size, what: "a list of \(count) elements", op: op)
    }

    /// Whether a list of `count` elements passes either limit (`checkList` says which).
    static func listExceeds(count: Int) -> Bool {
        let (size, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Value>.stride)
        return overflow || size > bytes || size > MemoryBudget.availableBytes
    }

    /// Whether a string of `count` UTF-8 bytes is within both limits (`checkString` says which not).
    static func stringFits(bytes count: Int) -> Bool {
        count <= bytes && count <= MemoryBudget.availableBytes
    }

    static func describe(_ n: Int) -> String {
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(n), u = 0
        while v >= 1024 && u < units.count - 1 { v /= 1024; u += 1 }
        return u == 0 ? "\(n) bytes" : "\(Int(v.rounded())) \(units[u])"
    }
}

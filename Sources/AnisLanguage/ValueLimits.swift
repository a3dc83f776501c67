// ValueLimits: how large a string or list may grow. Swift aborts the process when an
// allocation fails, so `s = s + s` in a loop must stop with an anis error first, and
// soon: doubling reaches any cap in about twice the cap's bytes of copying, so the cap
// is what bounds the time to the error. One string or list may take 1 GiB (V8 stops
// strings near there too), or a quarter of the memory this process may use when that is
// less; and no more than the memory budget has left (MemoryBudget: what tensors hold,
// and for a large value what the process already has resident, count against it).
import AnisTensor

enum ValueLimits {
    static let bytes = Swift.max(1 << 20, Swift.min(1 << 30, ProcessMemory.usableBytes / 4))

    /// What the cap is, for the messages.
    private static var capDescription: String {
        bytes == 1 << 30 ? "the 1 GiB" : "the \(describe(bytes)) (a quarter of the memory anis may use)"
    }

    /// Throws when a string of `count` UTF-8 bytes would pass the limit.
    static func checkString(bytes count: Int, op: String) throws(RuntimeError) {
        if count > bytes {
            throw RuntimeError("\(op): the string would take \(describe(count)), more than \(capDescription) a string may hold")
        }
        try checkRoom(count, what: "the string", op: op)
    }

    /// Below this a value is checked only against what tensors hold; above it, reading what
    /// the process has resident (a few microseconds) is small beside making the value.
    private static let residentCheckBytes = 16 << 20

    /// What the process had resident when its first interpreter started (the program, its
    /// libraries, the runtime): the part of the budget's "quarter for the program itself"
    /// that is not strings or lists. Interpreter.init reads it first.
    static let residentAtStart = ProcessMemory.residentBytes ?? 0

    /// What the memory budget has left for a value of `count` bytes: what tensors hold
    /// counts against it, and for a large value also what the process has gained in resident
    /// memory since it started (strings and lists made before, and the tensors), so that many
    /// large strings cannot add up past the machine.
    private static func room(for count: Int) -> (available: Int, used: Int) {
        var used = MemoryBudget.heldBytes
        if count >= residentCheckBytes, let resident = ProcessMemory.residentBytes {
            used = Swift.max(used, resident - residentAtStart)
        }
        return (Swift.max(0, MemoryBudget.limitBytes - used), used)
    }

    /// Throws when `count` bytes more than the memory budget has left.
    static func checkRoom(_ count: Int, what: String, op: String) throws(RuntimeError) {
        let (available, used) = room(for: count)
        guard count > available else { return }
        let limit = MemoryBudget.describe(MemoryBudget.limitBytes)
        if available == 0 {
            throw RuntimeError("\(op): \(what) would take \(describe(count)), and anis already uses \(describe(used)), all of the \(limit) this machine can give it")
        }
        throw RuntimeError("\(op): \(what) would take \(describe(count)), more than the \(describe(available)) left (anis already uses \(describe(used)) of the \(limit) this machine can give it)")
    }

    /// Throws when a list of `count` elements would pass the limit.
    static func checkList(count: Int, op: String) throws(RuntimeError) {
        let (size, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Value>.stride)
        if overflow || size > bytes {
            let need = overflow ? " would take" : " would take \(describe(size)),"
            throw RuntimeError("\(op): a list of \(count) elements\(need) more than \(capDescription) a list may hold")
        }
        try checkRoom(size, what: "a list of \(count) elements", op: op)
    }

    /// Whether a list of `count` elements passes either limit (`checkList` says which).
    static func listExceeds(count: Int) -> Bool {
        let (size, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Value>.stride)
        return overflow || size > bytes || size > room(for: size).available
    }

    /// FileIO's check for a file read into a string (read_text, include, a table's load):
    /// its bytes must pass `checkString` before they are read, so a file larger than a
    /// string may hold is refused unread (a FIFO or device as it is read).
    static func admitString(_ path: String, op: String) -> FileIO.Admit {
        return { (count: Int) throws(TensorError) in
            do throws(RuntimeError) { try checkString(bytes: count, op: op) } catch {
                throw TensorError("\(op): \(path): " + error.message.dropFirst(op.count + 2))
            }
        }
    }

    /// Whether a string of `count` UTF-8 bytes is within both limits (`checkString` says which not).
    static func stringFits(bytes count: Int) -> Bool {
        count <= bytes && count <= room(for: count).available
    }

    static func describe(_ n: Int) -> String { MemoryBudget.describe(n) }
}

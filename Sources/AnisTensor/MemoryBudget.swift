// MemoryBudget: the bytes held by every live tensor of the process, and the most
// they may hold, so that an allocation the machine cannot hold is an error naming
// the shape and the bytes instead of an out-of-memory kill. Each check compares
// the new tensor plus everything already held with the budget: `x = ones(40000, 40000)`
// fits in 24 GiB, but `y = x + 1` then does not.
import FoundationEssentials
import Glibc
import Synchronization

public enum MemoryBudget {
    private static let held = Atomic<Int>(0)

    /// Bytes now held by live tensors.
    public static var heldBytes: Int { held.load(ordering: .relaxed) }

    static func allocated(_ bytes: Int) { held.add(bytes, ordering: .relaxed) }
    static func freed(_ bytes: Int) { held.subtract(bytes, ordering: .relaxed) }

    /// The most tensors may hold: 75% of the machine's memory (or of the cgroup's limit or
    /// `ulimit -v` when lower), leaving a quarter to the program itself, temporaries that are not tensors
    /// (LAPACK workspaces) and the system. ANIS_MEMORY_LIMIT (bytes, or with a K, M or G
    /// suffix) sets it lower, e.g. to check a script's peak before a long run.
    public static let limitBytes: Int = {
        let machine = min(ProcessMemory.usableBytes, ProcessMemory.cgroupLimitBytes ?? Int.max)
        let budget = machine / 4 * 3
        if let text = ProcessInfo.processInfo.environment["ANIS_MEMORY_LIMIT"], let asked = parseBytes(text) {
            return min(asked, budget)
        }
        return budget
    }()

    /// `12G`, `512M`, `64K` or plain bytes; nil when malformed.
    static func parseBytes(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var digits = Substring(text.uppercased())
        var unit = 1
        if let last = digits.last, let u = units[last] { unit = u; digits = digits.dropLast() }
        guard let n = Int(digits), n > 0 else { return nil }
        return n.multipliedReportingOverflow(by: unit).overflow ? Int.max : n * unit
    }

    /// Throws when `count` more elements of `bytesPerElement` bytes would take the tensors past the budget.
    static func check(_ count: Int, bytesPerElement: Int = 8, shape: [Int], op: String) throws(TensorError) {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: bytesPerElement)
        try reserve(bytes: overflow ? .max : bytes, shape: shape, op: op)
    }

    /// `18.6 GiB`, `512 MiB`, `40 KiB`.
    public static func describe(_ bytes: Int) -> String {
        let b = Double(bytes)
        for (unit, size) in [("TiB", 1 << 40), ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where b >= Double(size) {
            let v = b / Double(size)
            return v >= 100 ? "\(Int(v.rounded())) \(unit)" : "\((v * 10).rounded() / 10) \(unit)"
        }
        return "\(bytes) bytes"
    }
}

// Allocations other than a fresh tensor's (Tensor(uninitializedShape:) checks those):
// unary maps, copies made by copy-on-write, LAPACK workspaces, a .npy file's elements.
// Each is checked in bytes before it is made, so the same checks hold whatever the
// element type.
extension MemoryBudget {
    /// Throws when `bytes` more would take the tensors past the budget.
    public static func reserve(bytes: Int, shape: [Int], op: String) throws(TensorError) {
        let held = heldBytes
        guard bytes > limitBytes - held else { return }
        throw TensorError("\(op): shape \(Tensor.describe(shape)) needs \(describe(bytes)); tensors already hold \(describe(held)) of the \(describe(limitBytes)) this machine can give them")
    }

    /// ANIS_STRICT_WIDENING=1 (tests and the adversarial runs) makes a float64 copy of a
    /// float32 tensor that no budget check preceded stop the process with the size, so a
    /// path that skips the check shows up as a crash instead of a silent overdraft.
    static let strictWidening = ProcessInfo.processInfo.environment["ANIS_STRICT_WIDENING"] == "1"

    /// Called before an unchecked widening of `bytes`.
    static func uncheckedCopy(_ bytes: Int) {
        if strictWidening {
            fatalError("ANIS_STRICT_WIDENING: an unchecked float64 copy of \(describe(bytes)) (call Tensor.widenedStorage(op:) first)")
        }
    }

    /// Bytes left for tensors, strings and lists to grow into (never negative).
    public static var availableBytes: Int { Swift.max(0, limitBytes - heldBytes) }
}

extension TensorStorage {
    /// An uninitialised storage of `count` elements after checking the budget: what a
    /// workspace or result whose size the input decides is made with.
    static func checked(_ count: Int, dtype: DType = .float64, shape: [Int], op: String) throws(TensorError) -> TensorStorage {
        try MemoryBudget.check(count, bytesPerElement: dtype.size, shape: shape, op: op)
        return TensorStorage(uninitializedCount: count, dtype: dtype)
    }
}

extension Tensor {
    /// `storage` (this tensor as float64) with a float32 tensor's widened copy checked
    /// against the budget before it is made: what code that reads Doubles calls first when
    /// input can give it a float32 tensor (native built-ins, operators, gradient rules).
    public func widenedStorage(op: String) throws(TensorError) -> TensorStorage {
        if !buffer.isWidened { try MemoryBudget.check(count, shape: shape, op: op) }
        return buffer.widen(checked: true)
    }

    /// Makes (after the budget check) the float64 copy that `storage`, `elements` and
    /// `withUnsafeBufferPointer` read, so that those reads allocate nothing afterwards.
    public func reserveWidening(op: String) throws(TensorError) {
        _ = try widenedStorage(op: op)
    }

    /// `elements` (a Swift array of Doubles, not a tensor) after checking that `copies`
    /// arrays of that size fit in what the budget has left: for values built from all of a
    /// tensor's numbers (a plot's series, a formatted string's cells).
    public func checkedElements(op: String, copies: Int = 1) throws(TensorError) -> [Double] {
        let (bytes, overflow) = count.multipliedReportingOverflow(by: 8 * copies)
        try MemoryBudget.reserve(bytes: overflow ? .max : bytes, shape: shape, op: op)
        return elements
    }

    /// The bytes its elements take.
    public var elementBytes: Int { buffer.count * buffer.dtype.size }

    /// Throws when another tensor as large as this one would not fit: checked before a
    /// unary map (`exp(x)`, `-x`, `relu(x)`) makes its result.
    public func reserveCopy(op: String) throws(TensorError) {
        try MemoryBudget.reserve(bytes: elementBytes, shape: shape, op: op)
    }
}

// Tensor: an n-dimensional, row-major, contiguous array of Float64 with
// copy-on-write storage. Every other file in AnisTensor builds on this one.
import Synchronization

/// A failure inside the tensor runtime, already phrased for the user
/// (`"@: shapes (3, 4) and (5, 2) do not align (4 ≠ 5)"`). The language layer
/// attaches the source span.
public struct TensorError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reference-counted element buffer. Only `Tensor` touches it; mutation goes
/// through `Tensor.withUnsafeMutableBufferPointer`, which copies when shared.
public final class TensorStorage: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<Double>
    public let count: Int

    init(uninitializedCount count: Int) {
        self.count = count
        pointer = UnsafeMutablePointer<Double>.allocate(capacity: max(count, 1))
        MemoryBudget.allocated(count * MemoryLayout<Double>.stride)
    }

    deinit {
        MemoryBudget.freed(count * MemoryLayout<Double>.stride)
        pointer.deallocate()
    }
}

public struct Tensor: @unchecked Sendable {
    /// Extent of each axis; `[]` is a rank-0 (scalar) tensor holding one element.
    public private(set) var shape: [Int]
    public private(set) var storage: TensorStorage
    /// Set on the 0/1 results of comparisons and logical operations, so that
    /// indexing with one selects elements (NumPy's boolean indexing) instead of
    /// gathering rows 0 and 1. Any other operation yields an ordinary tensor.
    public var isMask = false

    /// Number of elements (the product of `shape`).
    @inlinable public var count: Int { storage.count }
    @inlinable public var rank: Int { shape.count }

    /// Wraps an existing storage; `shape` must multiply out to `storage.count`.
    public init(shape: [Int], storage: TensorStorage) {
        self.shape = shape
        self.storage = storage
    }

    /// An uninitialised tensor. Callers must write every element before reading.
    /// Throws when the shape is negative, overflows, or cannot fit in memory.
    public init(uninitializedShape shape: [Int], op: String = "tensor") throws(TensorError) {
        let n = try Tensor.elementCount(shape, op: op)
        try MemoryBudget.check(n, shape: shape, op: op)
        self.shape = shape
        self.storage = TensorStorage(uninitializedCount: n)
    }

    public init(shape: [Int], repeating value: Double, op: String = "full") throws(TensorError) {
        try self.init(uninitializedShape: shape, op: op)
        storage.pointer.initialize(repeating: value, count: storage.count)
    }

    /// A tensor from a flat row-major array; `elements.count` must match `shape`.
    public init(shape: [Int], elements: [Double]) throws(TensorError) {
        let n = try Tensor.elementCount(shape, op: "tensor")
        guard n == elements.count else {
            throw TensorError("tensor: \(elements.count) elements cannot have shape \(Tensor.describe(shape))")
        }
        self.shape = shape
        self.storage = TensorStorage(uninitializedCount: n)
        elements.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { storage.pointer.initialize(from: base, count: n) }
        }
    }

    /// A rank-1 tensor.
    public init(_ elements: [Double]) {
        self.shape = [elements.count]
        self.storage = TensorStorage(uninitializedCount: elements.count)
        elements.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { storage.pointer.initialize(from: base, count: elements.count) }
        }
    }

    /// A rank-0 tensor holding `value`.
    public init(scalar value: Double) {
        self.shape = []
        self.storage = TensorStorage(uninitializedCount: 1)
        storage.pointer.initialize(to: value)
    }

    /// Largest tensor we agree to allocate, in elements: by default the machine's
    /// physical memory in Float64s. Asking for more is an error, not a crash in malloc.
    public static var maxElements: Int { allocationLimit.load(ordering: .relaxed) }

    private static let allocationLimit = Atomic<Int>(
        Swift.max(1 << 20, ProcessMemory.physicalBytes / MemoryLayout<Double>.stride))

    /// Lowers (or raises) the allocation limit for the whole process: the fuzzer caps
    /// tensors at a few million elements so a huge-but-legal allocation cannot stall it.
    public static func setMaxElements(_ n: Int) {
        allocationLimit.store(Swift.max(1, n), ordering: .relaxed)
    }

    /// Checked product of the extents: negative extents, overflow and
    /// allocations larger than memory are reported, never trapped.
    public static func elementCount(_ shape: [Int], op: String) throws(TensorError) -> Int {
        var n = 1
        // The product of the non-zero extents must fit too: strides and loops over
        // an empty tensor's other axes are computed from it.
        var nonzero = 1
        for d in shape {
            guard d >= 0 else {
                throw TensorError("\(op): negative dimension \(d) in shape \(describe(shape))")
            }
            let (p, overflow) = nonzero.multipliedReportingOverflow(by: Swift.max(d, 1))
            // An empty shape whose other extents multiply past the limit holds nothing: it
            // has too many elements for its strides, not too little memory.
            guard !overflow, p <= maxElements || d == 0 else {
                if overflow || shape.contains(0) { throw TensorError("\(op): shape \(describe(shape)) has too many elements") }
                throw tooLarge(shape, op: op)
            }
            nonzero = p
            n = n &* d
        }
        guard n <= maxElements else { throw tooLarge(shape, op: op) }
        return n
    }

    /// "zeros: shape (1000000, 1000000) needs 7 TiB of memory; this machine has 24 GiB" (grammar.md's wording).
    private static func tooLarge(_ shape: [Int], op: String) -> TensorError {
        let need = shape.reduce(8.0) { $0 * Double($1) }, have = Double(maxElements) * 8
        // Past 2^63 bytes no address space could hold it.
        if need >= 0x1p63 { return TensorError("\(op): shape \(describe(shape)) has too many elements") }
        return TensorError("\(op): shape \(describe(shape)) needs \(formatBytes(need)) of memory; this machine has \(formatBytes(have))")
    }

    private static func formatBytes(_ bytes: Double) -> String {
        var v = bytes / 1024, unit = 0
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        while v >= 1024 && unit < units.count - 1 { v /= 1024; unit += 1 }
        return "\(Int(v.rounded())) \(units[unit])"
    }

    /// `(3, 4)` for `[3, 4]`, `(3,)` for `[3]`, `()` for a scalar: the notation in every shape error.
    public static func describe(_ shape: [Int]) -> String {
        if shape.count == 1 { return "(\(shape[0]),)" }
        return "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    public var shapeDescription: String { Tensor.describe(shape) }

    // MARK: element access

    @inlinable public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Mutable access to the elements, copying the storage first if it is shared.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count))
    }

    public mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            let copy = TensorStorage(uninitializedCount: storage.count)
            copy.pointer.initialize(from: storage.pointer, count: storage.count)
            storage = copy
        }
    }

    /// All elements, row-major.
    public var elements: [Double] { withUnsafeBufferPointer { Array($0) } }

    /// The single element of a one-element tensor (any rank).
    public var scalarValue: Double? { count == 1 ? storage.pointer[0] : nil }

    /// Same elements, new shape (no copy). The counts must agree.
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        let n = try Tensor.elementCount(newShape, op: "reshape")
        guard n == count else {
            throw TensorError("reshape: cannot reshape \(shapeDescription) (\(count) elements) into \(Tensor.describe(newShape)) (\(n) elements)")
        }
        return Tensor(shape: newShape, storage: storage)
    }

    /// Row-major strides, in elements.
    public static func strides(_ shape: [Int]) -> [Int] {
        var s = [Int](repeating: 1, count: shape.count)
        var acc = 1
        for i in stride(from: shape.count - 1, through: 0, by: -1) {
            s[i] = acc
            acc *= shape[i]
        }
        return s
    }
}

extension Tensor {
    /// `makeUnique`, but a copy that would not fit in the memory budget is an error
    /// instead of an out-of-memory kill (MemoryBudget.swift).
    @usableFromInline mutating func makeUniqueChecked(op: String) throws(TensorError) {
        if !isKnownUniquelyReferenced(&storage) { try reserveCopy(op: op) }
        makeUnique()
    }
}

// Tensor: an n-dimensional, row-major, contiguous array of Float64 or Float32 (DType)
// with copy-on-write storage. Every other file in AnisTensor builds on this one.
import CSystem
import Synchronization

/// A failure inside the tensor runtime, already phrased for the user
/// (`"@: shapes (3, 4) and (5, 2) do not align (4 ≠ 5)"`). The language layer
/// attaches the source span.
public struct TensorError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reference-counted element buffer of one dtype. Only `Tensor` touches it; mutation goes
/// through `Tensor.withUnsafeMutableBufferPointer`, which copies when shared.
public final class TensorStorage: @unchecked Sendable {
    /// The elements: `count` Doubles or Floats by `dtype`.
    public let raw: UnsafeMutableRawPointer
    public let count: Int
    public let dtype: DType

    public init(uninitializedCount count: Int, dtype: DType = .float64) {
        self.count = count
        self.dtype = dtype
        raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * dtype.size, alignment: 16)
        if count * dtype.size >= TensorStorage.hugePageBytes { anis_advise_huge_pages(raw, count * dtype.size) }
        switch dtype {
        case .float64: raw.bindMemory(to: Double.self, capacity: max(count, 1))
        case .float32: raw.bindMemory(to: Float.self, capacity: max(count, 1))
        }
        MemoryBudget.allocated(count * dtype.size)
    }

    /// Blocks from this size up are backed by huge pages where the kernel allows (see
    /// anis_advise_huge_pages): 512 times fewer page faults when they are first written.
    static let hugePageBytes = 4 << 20

    deinit {
        MemoryBudget.freed(count * dtype.size)
        raw.deallocate()
    }

    /// A float32 storage's float64 copy, made on first use by code that reads Doubles and
    /// kept as long as this storage lives, so that pointers into it stay valid. Dropped by
    /// `Tensor.makeUnique` before any in-place write.
    private let widenedCache = Mutex<TensorStorage?>(nil)

    /// This storage as float64: itself, or its (cached) widened copy. Making the copy here
    /// is not checked against the memory budget: code that input can reach with a float32
    /// tensor calls `Tensor.widenedStorage(op:)` (or `reserveWidening(op:)`) first.
    public var widened: TensorStorage { widen(checked: false) }

    /// Whether the widened copy already exists (so reading `widened` allocates nothing).
    var isWidened: Bool { dtype == .float64 || widenedCache.withLock { $0 != nil } }

    func widen(checked: Bool) -> TensorStorage {
        if dtype == .float64 { return self }
        return widenedCache.withLock { cache in
            if let c = cache { return c }
            if !checked { MemoryBudget.uncheckedCopy(count * DType.float64.size) }
            let c = converted(to: .float64)
            cache = c
            return c
        }
    }

    func dropWidened() {
        if dtype == .float32 { widenedCache.withLock { $0 = nil } }
    }

    /// The elements of a float64 storage. `Tensor.storage` is always float64 (a float32
    /// tensor's is a widened copy), so code reading `t.storage.pointer` never sees Floats.
    @inlinable public var pointer: UnsafeMutablePointer<Double> {
        precondition(dtype == .float64, "TensorStorage.pointer on a \(dtype) storage")
        return raw.assumingMemoryBound(to: Double.self)
    }

    /// The elements as `T`, which must be this storage's element type.
    @inlinable public func typed<T: TensorScalar>(_: T.Type) -> UnsafeMutablePointer<T> {
        precondition(dtype == T.dtype, "TensorStorage.typed(\(T.self)) on a \(dtype) storage")
        return raw.assumingMemoryBound(to: T.self)
    }

    /// A copy in `target` (float64 → float32 rounds to nearest, float32 → float64 is exact).
    public func converted(to target: DType) -> TensorStorage {
        let out = TensorStorage(uninitializedCount: count, dtype: target)
        switch (dtype, target) {
        case (.float64, .float64): out.pointer.initialize(from: pointer, count: count)
        case (.float32, .float32): out.typed(Float.self).initialize(from: typed(Float.self), count: count)
        case (.float64, .float32):
            let src = pointer, dst = out.typed(Float.self)
            for i in 0..<count { dst[i] = Float(src[i]) }
        case (.float32, .float64):
            let src = typed(Float.self), dst = out.pointer
            for i in 0..<count { dst[i] = Double(src[i]) }
        }
        return out
    }
}

public struct Tensor: @unchecked Sendable {
    /// Extent of each axis; `[]` is a rank-0 (scalar) tensor holding one element.
    public private(set) var shape: [Int]
    /// The elements in this tensor's own dtype.
    public private(set) var buffer: TensorStorage
    /// The elements as float64: `buffer` itself for a float64 tensor, a widened copy for a
    /// float32 one. Code written for Doubles reads through it and so stays correct for
    /// float32 tensors (at the cost of a copy); native float32 kernels use `buffer`.
    @inlinable public var storage: TensorStorage { buffer.widened }
    @inlinable public var dtype: DType { buffer.dtype }
    /// Set on the 0/1 results of comparisons and logical operations, so that
    /// indexing with one selects elements (NumPy's boolean indexing) instead of
    /// gathering rows 0 and 1. Any other operation yields an ordinary tensor.
    public var isMask = false

    /// Number of elements (the product of `shape`).
    @inlinable public var count: Int { buffer.count }
    @inlinable public var rank: Int { shape.count }

    /// Wraps an existing storage; `shape` must multiply out to `storage.count`.
    public init(shape: [Int], storage: TensorStorage) {
        self.shape = shape
        self.buffer = storage
    }

    /// An uninitialised tensor. Callers must write every element before reading.
    /// Throws when the shape is negative, overflows, or cannot fit in memory.
    public init(uninitializedShape shape: [Int], dtype: DType = .float64, op: String = "tensor") throws(TensorError) {
        let n = try Tensor.elementCount(shape, op: op)
        try MemoryBudget.check(n, bytesPerElement: dtype.size, shape: shape, op: op)
        self.shape = shape
        self.buffer = TensorStorage(uninitializedCount: n, dtype: dtype)
    }

    public init(shape: [Int], repeating value: Double, dtype: DType = .float64, op: String = "full") throws(TensorError) {
        try self.init(uninitializedShape: shape, dtype: dtype, op: op)
        switch dtype {
        case .float64: buffer.pointer.initialize(repeating: value, count: count)
        case .float32: buffer.typed(Float.self).initialize(repeating: Float(value), count: count)
        }
    }

    /// A tensor from a flat row-major array; `elements.count` must match `shape`.
    public init(shape: [Int], elements: [Double]) throws(TensorError) {
        let n = try Tensor.elementCount(shape, op: "tensor")
        guard n == elements.count else {
            throw TensorError("tensor: \(elements.count) elements cannot have shape \(Tensor.describe(shape))")
        }
        self.shape = shape
        self.buffer = TensorStorage(uninitializedCount: n)
        elements.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { buffer.pointer.initialize(from: base, count: n) }
        }
    }

    /// A rank-1 tensor.
    public init(_ elements: [Double]) {
        self.shape = [elements.count]
        self.buffer = TensorStorage(uninitializedCount: elements.count)
        elements.withUnsafeBufferPointer { src in
            if let base = src.baseAddress { buffer.pointer.initialize(from: base, count: elements.count) }
        }
    }

    /// A rank-0 tensor holding `value`.
    public init(scalar value: Double, dtype: DType = .float64) {
        self.shape = []
        self.buffer = TensorStorage(uninitializedCount: 1, dtype: dtype)
        switch dtype {
        case .float64: buffer.pointer.initialize(to: value)
        case .float32: buffer.typed(Float.self).initialize(to: Float(value))
        }
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

    /// The elements as Doubles (a float32 tensor's through a widened copy).
    @inlinable public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: count))
    }

    /// Mutable access to the elements as Doubles, copying the storage first if it is shared.
    /// A float32 tensor's elements are widened for `body` and rounded back afterwards.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        makeUnique()
        if dtype == .float64 { return try body(UnsafeMutableBufferPointer(start: buffer.pointer, count: count)) }
        MemoryBudget.uncheckedCopy(count * DType.float64.size)
        let wide = buffer.converted(to: .float64)
        defer {
            let src = wide.pointer, dst = buffer.typed(Float.self)
            for i in 0..<count { dst[i] = Float(src[i]) }
        }
        return try body(UnsafeMutableBufferPointer(start: wide.pointer, count: count))
    }

    /// Mutable access to the elements in their own type `T` (which must be the dtype's).
    @inlinable public mutating func withUnsafeMutableElements<T: TensorScalar, R>(_: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
        makeUnique()
        return try body(UnsafeMutableBufferPointer(start: buffer.typed(T.self), count: count))
    }

    /// Call before writing in place: copies a shared storage, and drops a float32
    /// storage's widened copy (it would go stale).
    public mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&buffer) {
            buffer = buffer.converted(to: buffer.dtype)
        } else {
            buffer.dropWidened()
        }
    }

    /// Whether no other tensor shares the storage, so that it can be written in place with
    /// no copy (dropping a float32 storage's widened copy, which would go stale). Code that
    /// would rather take another path than copy asks this instead of calling `makeUnique`.
    public mutating func claimUnshared() -> Bool {
        guard isKnownUniquelyReferenced(&buffer) else { return false }
        buffer.dropWidened()
        return true
    }

    /// This tensor in `target` (itself when it already is; float32 rounds to nearest). The
    /// copy is checked against the memory budget first (`float64(x)` of a large float32
    /// tensor doubles its bytes), and `op` names the operation in the error. Every
    /// conversion that input can size goes through this one.
    public func converted(to target: DType, op: String) throws(TensorError) -> Tensor {
        if dtype == target { return self }
        try MemoryBudget.check(count, bytesPerElement: target.size, shape: shape, op: op)
        return converted(to: target)
    }

    /// `converted(to:op:)` without the budget check: for tests and for copies whose size
    /// no input decides.
    public func converted(to target: DType) -> Tensor {
        if dtype == target { return self }
        var t = Tensor(shape: shape, storage: buffer.converted(to: target))
        t.isMask = isMask
        return t
    }

    /// All elements, row-major (a float32 tensor's read in place, without a widened copy).
    public var elements: [Double] {
        if dtype == .float64 { return Array(UnsafeBufferPointer(start: buffer.pointer, count: count)) }
        let p = buffer.typed(Float.self)
        return (0..<count).map { Double(p[$0]) }
    }

    /// Element `i` (row-major) as a Double, read in the tensor's own type: what code that
    /// visits a few elements (printing, tests for any non-zero) uses instead of `storage`,
    /// whose float32 copy would cost a full tensor.
    @inlinable public func element(_ i: Int) -> Double {
        dtype == .float64 ? buffer.pointer[i] : Double(buffer.typed(Float.self)[i])
    }

    /// Calls `body` with each element's index and value as a Double, read in place (a
    /// float32 tensor's without a widened copy): masks, indices and other read-only passes.
    @inlinable public func forEachElement<E: Error>(_ body: (Int, Double) throws(E) -> Void) throws(E) {
        switch dtype {
        case .float64: let p = buffer.pointer; for i in 0..<count { try body(i, p[i]) }
        case .float32: let p = buffer.typed(Float.self); for i in 0..<count { try body(i, Double(p[i])) }
        }
    }

    /// The single element of a one-element tensor (any rank).
    public var scalarValue: Double? {
        guard count == 1 else { return nil }
        return dtype == .float64 ? buffer.pointer[0] : Double(buffer.typed(Float.self)[0])
    }

    /// Same elements, new shape (no copy). The counts must agree.
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        let n = try Tensor.elementCount(newShape, op: "reshape")
        guard n == count else {
            throw TensorError("reshape: cannot reshape \(shapeDescription) (\(count) elements) into \(Tensor.describe(newShape)) (\(n) elements)")
        }
        return Tensor(shape: newShape, storage: buffer)
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
        if !isKnownUniquelyReferenced(&buffer) { try reserveCopy(op: op) }
        makeUnique()
    }
}

// DType: the element types a tensor can hold, and NumPy 2's promotion between them.
// float64 is the default; float32 halves memory and doubles BLAS throughput. Kernels
// that run natively in float32 are generic over `TensorScalar` (Float and Double).

/// The element type of a tensor.
public enum DType: String, Sendable, CaseIterable {
    case float64, float32

    /// Bytes per element.
    public var size: Int { self == .float64 ? 8 : 4 }

    /// NumPy 2's promotion of two float tensors: float64 wins.
    public static func promoted(_ a: DType, _ b: DType) -> DType {
        a == .float32 && b == .float32 ? .float32 : .float64
    }

    /// The dtype an elementwise operation on `a` and `b` gives. A rank-0 operand (a number:
    /// anis turns rank-0 float64 results into numbers) is weak like NumPy 2's Python scalars,
    /// and a mask (the 0/1 result of a comparison, NumPy's bool array) does not widen either:
    /// both take the other side's dtype.
    public static func result(_ a: Tensor, _ b: Tensor) -> DType {
        let weakA = a.isMask || a.rank == 0, weakB = b.isMask || b.rank == 0
        if weakA != weakB { return weakA ? b.dtype : a.dtype }
        return promoted(a.dtype, b.dtype)
    }
}

/// Float and Double: the element types of generic kernels.
public protocol TensorScalar: BinaryFloatingPoint, Sendable {
    static var dtype: DType { get }
    init(_ value: Double)
    var double: Double { get }
}

extension Double: TensorScalar {
    public static var dtype: DType { .float64 }
    @inlinable public var double: Double { self }
}

extension Float: TensorScalar {
    public static var dtype: DType { .float32 }
    @inlinable public var double: Double { Double(self) }
}

// Tensor+Elementwise: unary elementwise functions (exp, log, sqrt, …) as tight loops.
// They never throw: one pass over at most `maxElements` values, so no Ctrl-C polling.
import CKernels
import Glibc

extension Tensor {
    /// An uninitialised float64 tensor of this tensor's shape (its size is already known to be valid).
    @usableFromInline func uninitializedLike() -> Tensor {
        Tensor(shape: shape, storage: TensorStorage(uninitializedCount: count))
    }

    /// An uninitialised tensor of this tensor's shape and dtype.
    @usableFromInline func uninitializedSameType() -> Tensor {
        Tensor(shape: shape, storage: TensorStorage(uninitializedCount: count, dtype: dtype))
    }

    /// `f` applied to every element; the result keeps the dtype (a float32 element is
    /// computed in float64 and rounded once).
    @inlinable @inline(__always)
    public func map(_ f: (Double) -> Double) -> Tensor {
        let out = uninitializedSameType()
        switch dtype {
        case .float64:
            let pa = UnsafePointer(buffer.typed(Double.self)), po = out.buffer.typed(Double.self)
            for i in 0..<count { po[i] = f(pa[i]) }
        case .float32:
            let pa = UnsafePointer(buffer.typed(Float.self)), po = out.buffer.typed(Float.self)
            for i in 0..<count { po[i] = Float(f(Double(pa[i]))) }
        }
        return out
    }

    /// `f` applied to every element in place (copying first if the storage is shared).
    @inlinable @inline(__always)
    public mutating func formMap(_ f: (Double) -> Double) {
        makeUnique()
        switch dtype {
        case .float64:
            let p = buffer.typed(Double.self)
            for i in 0..<count { p[i] = f(p[i]) }
        case .float32:
            let p = buffer.typed(Float.self)
            for i in 0..<count { p[i] = Float(f(Double(p[i]))) }
        }
    }

    /// `f64` or `f32` (a CKernels loop at the CPU's vector width) over every element, split
    /// across the pool's threads (elementwise, so the split does not change a bit).
    @inline(__always) func unaryKernel(_ f64: (UnsafePointer<Double>, UnsafeMutablePointer<Double>, Int) -> Void,
                                       _ f32: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void) -> Tensor {
        let out = uninitializedSameType()
        switch dtype {
        case .float64:
            let x = UnsafePointer(buffer.typed(Double.self)), y = out.buffer.typed(Double.self)
            Parallel.forEachElementChunk(count) { r in f64(x + r.lowerBound, y + r.lowerBound, r.count) }
        case .float32:
            let x = UnsafePointer(buffer.typed(Float.self)), y = out.buffer.typed(Float.self)
            Parallel.forEachElementChunk(count) { r in f32(x + r.lowerBound, y + r.lowerBound, r.count) }
        }
        return out
    }

    /// Elementwise eˣ (FastMath.exp's algorithm, within 2 ulp; vectorised in CKernels).
    public func exp() -> Tensor { unaryKernel(anis_exp_f64, anis_exp_f32) }
    /// Elementwise natural logarithm (nan below 0, -inf at 0; CKernels' log, within 2 ulp).
    public func log() -> Tensor { unaryKernel(anis_log_f64, anis_log_f32) }
    /// Elementwise square root (nan below 0).
    public func sqrt() -> Tensor { unaryKernel(anis_sqrt_f64, anis_sqrt_f32) }
    /// Elementwise absolute value.
    public func abs() -> Tensor { unaryKernel(anis_abs_f64, anis_abs_f32) }
    /// Elementwise sign: -1, 0 or 1 (nan stays nan).
    public func sign() -> Tensor { map { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) } }
    /// Elementwise sine.
    public func sin() -> Tensor { map { Glibc.sin($0) } }
    /// Elementwise cosine.
    public func cos() -> Tensor { map { Glibc.cos($0) } }
    /// Elementwise hyperbolic tangent (FastMath.tanh's algorithm, vectorised in CKernels).
    public func tanh() -> Tensor { unaryKernel(anis_tanh_f64, anis_tanh_f32) }
    /// Elementwise floor.
    public func floor() -> Tensor { map { $0.rounded(.down) } }
    /// Elementwise ceiling.
    public func ceil() -> Tensor { map { $0.rounded(.up) } }
    /// Elementwise rounding, halves to even (like NumPy).
    public func round() -> Tensor { map { $0.rounded(.toNearestOrEven) } }

    /// Every element limited to `lo...hi` (nan stays nan; if `lo > hi`, all become `hi`, like NumPy).
    public func clip(_ lo: Double, _ hi: Double) -> Tensor {
        map { x in
            let y = x < lo ? lo : x
            return y > hi ? hi : y
        }
    }

    /// Elementwise `-x`.
    public func negated() -> Tensor { map { -$0 } }
}

// Tensor+Arithmetic: broadcasting arithmetic, comparisons (0/1 results),
// maximum/minimum, floored modulo and `where`, each tensor⊕tensor and tensor⊕scalar.
import Glibc

/// Python's floored modulo: the result takes the sign of the divisor.
@inlinable @inline(__always)
func flooredMod(_ a: Double, _ b: Double) -> Double {
    let r = fmod(a, b)
    return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
}

/// NaN-propagating maximum (NumPy `maximum`).
@inlinable @inline(__always)
func nanMax(_ a: Double, _ b: Double) -> Double {
    a.isNaN || b.isNaN ? .nan : (a >= b ? a : b)
}

/// NaN-propagating minimum (NumPy `minimum`).
@inlinable @inline(__always)
func nanMin(_ a: Double, _ b: Double) -> Double {
    a.isNaN || b.isNaN ? .nan : (a <= b ? a : b)
}

extension Tensor {
    // MARK: tensor ⊕ tensor

    /// Elementwise `a + b` with broadcasting.
    public static func add(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try arith(.add, a, b) }
    /// Elementwise `a - b` with broadcasting.
    public static func sub(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try arith(.sub, a, b) }
    /// Elementwise `a * b` with broadcasting.
    public static func mul(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try arith(.mul, a, b) }
    /// Elementwise `a / b` with broadcasting (IEEE: x/0 is ±inf or nan).
    public static func div(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try arith(.div, a, b) }
    /// Elementwise `a ^ b` with broadcasting (C `pow`).
    public static func pow(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try binary(a, b, op: "^") { Glibc.pow($0, $1) } }
    /// Elementwise floored modulo (Python `%`): the result has the sign of `b`; `x mod 0` is nan.
    public static func mod(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try binary(a, b, op: "%") { flooredMod($0, $1) } }
    /// Elementwise larger of `a` and `b` (nan wins).
    public static func maximum(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try binary(a, b, op: "maximum") { nanMax($0, $1) } }
    /// Elementwise smaller of `a` and `b` (nan wins).
    public static func minimum(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try binary(a, b, op: "minimum") { nanMin($0, $1) } }

    /// Elementwise `a < b` as 0/1.
    public static func lt(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try mask(binary(a, b, op: "<") { $0 < $1 ? 1 : 0 }) }
    /// Elementwise `a <= b` as 0/1.
    public static func le(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try mask(binary(a, b, op: "<=") { $0 <= $1 ? 1 : 0 }) }
    /// Elementwise `a > b` as 0/1.
    public static func gt(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try mask(binary(a, b, op: ">") { $0 > $1 ? 1 : 0 }) }
    /// Elementwise `a >= b` as 0/1.
    public static func ge(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try mask(binary(a, b, op: ">=") { $0 >= $1 ? 1 : 0 }) }
    /// Elementwise `a == b` as 0/1 (nan equals nothing).
    public static func eq(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try mask(binary(a, b, op: "==") { $0 == $1 ? 1 : 0 }) }
    /// Elementwise `a != b` as 0/1 (nan differs from everything).
    public static func ne(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor { try mask(binary(a, b, op: "!=") { $0 != $1 ? 1 : 0 }) }

    /// `t` flagged as a 0/1 mask (see `Tensor.isMask`).
    @inline(__always) static func mask(_ t: Tensor) -> Tensor {
        var m = t
        m.isMask = true
        return m
    }

    // MARK: tensor ⊕ scalar, scalar ⊕ tensor

    @inline(__always)
    static func withScalar(_ a: Tensor, _ f: (Double) -> Double) throws(TensorError) -> Tensor {
        switch a.dtype {
        case .float64: return try withScalarKernel(a, f)
        case .float32: return try withScalarKernel(a) { (x: Float) in Float(f(Double(x))) }
        }
    }

    /// The scalar is weak (NumPy 2's Python scalar): the result keeps `a`'s dtype.
    @inline(__always)
    static func withScalarKernel<T: TensorScalar>(_ a: Tensor, _ f: (T) -> T) throws(TensorError) -> Tensor {
        let out = try Tensor(uninitializedShape: a.shape, dtype: T.dtype)
        let pa = UnsafePointer(a.buffer.typed(T.self)), po = out.buffer.typed(T.self)
        let n = a.count
        var s = 0
        while s < n {
            let e = Swift.min(n, s + pollInterval)
            for i in s..<e { po[i] = f(pa[i]) }
            s = e
            if s < n { try Interrupt.check() }
        }
        return out
    }

    /// `a + s`.
    public static func add(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor { try withScalar(a) { $0 + s } }
    /// `s + a`.
    public static func add(_ s: Double, _ a: Tensor) throws(TensorError) -> Tensor { try withScalar(a) { s + $0 } }
    /// `a - s`.
    public static func sub(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor { try withScalar(a) { $0 - s } }
    /// `s - a`.
    public static func sub(_ s: Double, _ a: Tensor) throws(TensorError) -> Tensor { try withScalar(a) { s - $0 } }
    /// `a * s`.
    public static func mul(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor { try withScalar(a) { $0 * s } }
    /// `s * a`.
    public static func mul(_ s: Double, _ a: Tensor) throws(TensorError) -> Tensor { try withScalar(a) { s * $0 } }
    /// `a / s`.
    public static func div(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor { try withScalar(a) { $0 / s } }
    /// `s / a`.
    public static func div(_ s: Double, _ a: Tensor) throws(TensorError) -> Tensor { try withScalar(a) { s / $0 } }
    /// `a ^ s`; squaring takes a fast path.
    public static func pow(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor {
        if s == 2 { return try withScalar(a) { $0 * $0 } }
        return try withScalar(a) { Glibc.pow($0, s) }
    }
    /// `s ^ a`.
    public static func pow(_ s: Double, _ a: Tensor) throws(TensorError) -> Tensor { try withScalar(a) { Glibc.pow(s, $0) } }
    /// `a % s`, floored.
    public static func mod(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor { try withScalar(a) { flooredMod($0, s) } }
    /// `s % a`, floored.
    public static func mod(_ s: Double, _ a: Tensor) throws(TensorError) -> Tensor { try withScalar(a) { flooredMod(s, $0) } }
    /// Elementwise `max(a, s)` (nan wins).
    public static func maximum(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor { try withScalar(a) { nanMax($0, s) } }
    /// Elementwise `min(a, s)` (nan wins).
    public static func minimum(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor { try withScalar(a) { nanMin($0, s) } }

    /// `a < s` as 0/1.
    public static func lt(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor { try mask(withScalar(a) { $0 < s ? 1 : 0 }) }
    /// `a <= s` as 0/1.
    public static func le(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor { try mask(withScalar(a) { $0 <= s ? 1 : 0 }) }
    /// `a > s` as 0/1.
    public static func gt(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor { try mask(withScalar(a) { $0 > s ? 1 : 0 }) }
    /// `a >= s` as 0/1.
    public static func ge(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor { try mask(withScalar(a) { $0 >= s ? 1 : 0 }) }
    /// `a == s` as 0/1.
    public static func eq(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor { try mask(withScalar(a) { $0 == s ? 1 : 0 }) }
    /// `a != s` as 0/1.
    public static func ne(_ a: Tensor, _ s: Double) throws(TensorError) -> Tensor { try mask(withScalar(a) { $0 != s ? 1 : 0 }) }

    // MARK: where

    /// Elements of `a` where `cond` is nonzero, else of `b`; all three broadcast together.
    public static func `where`(_ cond: Tensor, _ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
        let s1 = try broadcastShape(cond.shape, a.shape, op: "where")
        let shape: [Int]
        do {
            shape = try broadcastShape(s1, b.shape, op: "where")
        } catch {
            throw TensorError("where: shapes \(describe(cond.shape)), \(describe(a.shape)) and \(describe(b.shape)) cannot broadcast")
        }
        // The condition does not take part in promotion (NumPy's bool array); a and b do.
        let dtype = DType.result(a, b)
        let c = try cond.converted(to: .float64, op: "where").broadcast(to: shape, op: "where")
        let x = try a.converted(to: dtype, op: "where").broadcast(to: shape, op: "where")
        let y = try b.converted(to: dtype, op: "where").broadcast(to: shape, op: "where")
        switch dtype {
        case .float64: return try whereKernel(Double.self, c, x, y)
        case .float32: return try whereKernel(Float.self, c, x, y)
        }
    }

    private static func whereKernel<T: TensorScalar>(_: T.Type, _ c: Tensor, _ x: Tensor, _ y: Tensor) throws(TensorError) -> Tensor {
        let out = try Tensor(uninitializedShape: x.shape, dtype: T.dtype, op: "where")
        let pc = UnsafePointer(c.storage.pointer), px = UnsafePointer(x.buffer.typed(T.self))
        let py = UnsafePointer(y.buffer.typed(T.self)), po = out.buffer.typed(T.self)
        let n = out.count
        var s = 0
        while s < n {
            let e = Swift.min(n, s + pollInterval)
            for i in s..<e { po[i] = pc[i] != 0 ? px[i] : py[i] }
            s = e
            if s < n { try Interrupt.check() }
        }
        return out
    }
}

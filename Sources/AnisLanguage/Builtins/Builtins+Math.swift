// Builtins+Math: elementwise functions. Each works on numbers (giving a number)
// and on tensors (elementwise, giving a tensor).
import AnisTensor
import Glibc

extension Builtins {
    /// An elementwise built-in from a scalar function and, where the runtime has one, its
    /// tensor kernel (a loop with the function inlined, rather than a call per element).
    static func elementwise(_ name: String, _ doc: String, _ example: String,
                            tensor kernel: (@Sendable (Tensor) -> Tensor)? = nil,
                            _ f: @escaping @Sendable (Double) -> Double) -> Builtin {
        Builtin(name, "x", topic: .math, doc: doc, example: example) { a in
            let v = try a.value(0)
            if let d = v.scalar, v.isScalarLike { return .number(f(d)) }
            let t = try a.tensor(0)
            try t.reserveCopy(op: name)
            return .tensor(kernel?(t) ?? t.map(f))
        }
    }

    /// A broadcasting two-argument built-in from a scalar function.
    static func pairwise(_ name: String, _ doc: String, _ example: String,
                         _ f: @escaping @Sendable (Double, Double) -> Double) -> Builtin {
        Builtin(name, "a, b", topic: .math, doc: doc, example: example) { a in
            let x = try a.value(0), y = try a.value(1)
            if x.isScalarLike, y.isScalarLike, let p = x.scalar, let q = y.scalar { return .number(f(p, q)) }
            return .tensor(try Tensor.binary(try a.tensor(0), try a.tensor(1), op: name, f))
        }
    }

    static let math: [Builtin] = [
        elementwise("exp", "e raised to x, elementwise (a vectorised kernel within 2 ulp; results below 2.2e-308, the smallest normal number, are 0).", "exp(0)  # 1", tensor: { $0.exp() }) { FastMath.exp($0) },
        elementwise("log", "Natural logarithm, elementwise (log(0) is -inf, negative inputs give nan; a vectorised kernel within 2 ulp).", "log(e)  # 1", tensor: { $0.log() }) { FastMath.log($0) },
        elementwise("log10", "Base-10 logarithm, elementwise.", "log10(1000)  # 3") { Glibc.log10($0) },
        elementwise("log2", "Base-2 logarithm, elementwise.", "log2(8)  # 3") { Glibc.log2($0) },
        elementwise("sqrt", "Square root, elementwise (negative inputs give nan).", "sqrt([4, 9])  # [2, 3]", tensor: { $0.sqrt() }) { $0.squareRoot() },
        elementwise("abs", "Absolute value, elementwise.", "abs(-2)  # 2", tensor: { $0.abs() }) { Swift.abs($0) },
        elementwise("sign", "-1, 0 or 1 by the sign of x, elementwise.", "sign([-3, 0, 2])  # [-1, 0, 1]", tensor: { $0.sign() }) { $0 > 0 ? 1 : ($0 < 0 ? -1 : $0) },
        elementwise("sin", "Sine (radians), elementwise.", "sin(pi / 2)  # 1", tensor: { $0.sin() }) { Glibc.sin($0) },
        elementwise("cos", "Cosine (radians), elementwise.", "cos(0)  # 1", tensor: { $0.cos() }) { Glibc.cos($0) },
        elementwise("floor", "Largest integer not above x, elementwise.", "floor(2.7)  # 2", tensor: { $0.floor() }) { $0.rounded(.down) },
        elementwise("ceil", "Smallest integer not below x, elementwise.", "ceil(2.1)  # 3", tensor: { $0.ceil() }) { $0.rounded(.up) },
        elementwise("round", "Nearest integer (halves to even), elementwise.", "round(2.5)  # 2", tensor: { $0.round() }) { $0.rounded(.toNearestOrEven) },
        elementwise("isnan", "1 where x is nan, 0 elsewhere.", "isnan([1, nan])  # [0, 1]") { $0.isNaN ? 1 : 0 },
        pairwise("maximum", "The larger of a and b, elementwise with broadcasting (nan wins).", "maximum([1, 5], 3)  # [3, 5]") { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) },
        pairwise("minimum", "The smaller of a and b, elementwise with broadcasting (nan wins).", "minimum([1, 5], 3)  # [1, 3]") { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) },
        pairwise("pow", "a raised to b, elementwise with broadcasting (the same as a ^ b).", "pow(2, [1, 2, 3])  # [2, 4, 8]") { Glibc.pow($0, $1) },
        pairwise("atan2", "The angle of the point (b, a) — atan(a / b) in the right quadrant — elementwise.", "atan2(1, 1)  # 0.7854") { Glibc.atan2($0, $1) },
        Builtin("clip", "x, lo, hi", topic: .math,
                doc: "Limits every element to [lo, hi].",
                example: "clip([-2, 0.5, 3], 0, 1)  # [0, 0.5, 1]") { a in
            let lo = try a.number(1), hi = try a.number(2)
            guard lo <= hi else { throw RuntimeError("clip: lo (\(lo)) is greater than hi (\(hi))") }
            let v = try a.value(0)
            if v.isScalarLike, let d = v.scalar { return .number(Swift.min(Swift.max(d, lo), hi)) }
            return .tensor(try a.tensor(0).clip(lo, hi))
        },
        Builtin("where", "condition, a, b", topic: .math,
                doc: "Elementwise choice: a where condition is non-zero, b elsewhere (all three broadcast).",
                example: "x = [-1, 2]\nwhere(x > 0, x, 0)  # relu: [0, 2]") { a in
            wrap(try Tensor.where(try a.tensor(0), try a.tensor(1), try a.tensor(2)))
        },
    ]
}

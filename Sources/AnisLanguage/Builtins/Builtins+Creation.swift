// Builtins+Creation: tensors from shapes and ranges, and random tensors.
import AnisTensor

extension Builtins {
    /// A tensor result, unwrapped to a number when it has rank 0. A rank-0 float32 result
    /// stays a rank-0 float32 tensor (NumPy's float32 scalar): it prints with float32's
    /// digits and does not widen the float32 tensors it meets.
    static func wrap(_ t: Tensor) -> Value {
        t.rank == 0 && t.dtype == .float64 ? .number(t.scalarValue ?? 0) : .tensor(t)
    }

    static let creation: [Builtin] = [
        Builtin("zeros", "shape..., dtype: none", topic: .creation,
                doc: "A tensor of zeros. The shape is given as integers or as a list: zeros(2, 3) and zeros([2, 3]) are the same. dtype: float32 (or \"float32\") makes a float32 tensor; the default is float64.",
                example: "zeros(2, 3)\nzeros(2, dtype: float32)") { a in
            .tensor(try Tensor(shape: try a.shape(0), repeating: 0, dtype: try a.dtype(1), op: "zeros"))
        },
        Builtin("ones", "shape..., dtype: none", topic: .creation,
                doc: "A tensor of ones, shaped like zeros (dtype: float32 for float32).",
                example: "ones(3)") { a in
            .tensor(try Tensor(shape: try a.shape(0), repeating: 1, dtype: try a.dtype(1), op: "ones"))
        },
        Builtin("full", "shape, value, dtype: none", topic: .creation,
                doc: "A tensor of the given shape (a list, or a single integer) filled with value (dtype: float32 for float32).",
                example: "full([2, 2], 7)") { a in
            .tensor(try Tensor.full(try a.shape(0), try a.number(1)).converted(to: try a.dtype(2), op: "full"))
        },
        Builtin("eye", "n, m: none, dtype: none", topic: .creation,
                doc: "The n×n identity matrix (n×m when m is given; dtype: float32 for float32).",
                example: "eye(3)") { a in .tensor(try Tensor.eye(try a.int(0), try a.optionalInt(1)).converted(to: try a.dtype(2), op: "eye")) },
        Builtin("linspace", "start, stop, n: 50, dtype: none", topic: .creation,
                doc: "n evenly spaced numbers from start to stop, both included (computed in float64; dtype: float32 rounds them).",
                example: "linspace(0, 1, 5)  # [0, 0.25, 0.5, 0.75, 1]") { a in
            .tensor(try Tensor.linspace(try a.number(0), try a.number(1), try a.int(2)).converted(to: try a.dtype(3), op: "linspace"))
        },
        Builtin("arange", "start, stop: none, step: 1, dtype: none", topic: .creation,
                doc: "Evenly spaced numbers in [start, stop) with the given step, as a tensor; arange(n) counts 0..n-1. Fractional steps are allowed; dtype: float32 rounds the float64 values.",
                example: "arange(0, 1, 0.25)  # [0, 0.25, 0.5, 0.75]") { a in
            let first = try a.number(0), dtype = try a.dtype(3)
            if a.optional(1) == nil { return .tensor(try Tensor.arange(0, first, try a.number(2)).converted(to: dtype, op: "arange")) }
            return .tensor(try Tensor.arange(first, try a.number(1), try a.number(2)).converted(to: dtype, op: "arange"))
        },
        Builtin("tensor", "x, dtype: none", topic: .creation,
                doc: "Converts a number, range or (nested) list of numbers to a tensor; a tensor keeps its dtype unless dtype is given.",
                example: "tensor(0:4)  # [0, 1, 2, 3]") { a in
            let t = try a.tensor(0)
            return .tensor(a.optional(1) == nil ? t : try t.converted(to: try a.dtype(1), op: "tensor"))
        },
        Builtin("float32", "x", topic: .creation,
                doc: "x as a float32 tensor (each element rounded to the nearest float32; a number becomes a rank-0 tensor). Also the name of the dtype: zeros(3, dtype: float32).",
                example: "float32([0.1, 1e-50])  # [0.1, 0]") { a in
            .tensor(try a.tensor(0).converted(to: .float32, op: "float32"))
        },
        Builtin("float64", "x", topic: .creation,
                doc: "x as a float64 tensor (exact from float32; a float32 scalar becomes a number). Also the name of the dtype.",
                example: "float64(float32(0.1))  # 0.10000000149011612") { a in
            wrap(try a.tensor(0).converted(to: .float64, op: "float64"))
        },
        Builtin("dtype", "x", topic: .creation,
                doc: "The element type of a tensor as a string, \"float64\" or \"float32\" (also x.dtype). Numbers are float64.",
                example: "dtype(ones(2, dtype: float32))  # \"float32\"") { a in
            let v = try a.value(0)
            if case .tensor(let t) = v { return .string(t.dtype.rawValue) }
            if case .tracked(let t) = v { return .string(t.value.dtype.rawValue) }
            _ = try a.tensor(0)
            return .string(DType.float64.rawValue)
        },
    ]

    static let random: [Builtin] = [
        Builtin("rand", "shape..., dtype: none", topic: .random,
                doc: "Uniform random numbers in [0, 1) from the session's PCG64 generator: (next() >> 11) · 2⁻⁵³. dtype: float32 rounds the same float64 stream (so it is bit-identical across machines too).",
                example: "seed(1); rand(2, 2)") { a in
            .tensor(try Tensor.rand(try a.shape(0), rng: &a.interpreter.rng).converted(to: try a.dtype(1), op: "rand"))
        },
        Builtin("randn", "shape..., dtype: none", topic: .random,
                doc: "Standard normal random numbers (mean 0, variance 1) from the session's PCG64 generator. The same seed gives the same digits on every machine. dtype: float32 rounds the same float64 stream to float32.",
                example: "seed(0); randn(3)\nseed(0); randn(3, dtype: float32)") { a in
            .tensor(try Tensor.randn(try a.shape(0), rng: &a.interpreter.rng).converted(to: try a.dtype(1), op: "randn"))
        },
        Builtin("randint", "low, high, shape: []", topic: .random,
                doc: "Random integers in [low, high), uniformly, as a tensor of the given shape (a number when shape is []).",
                example: "randint(0, 10, shape: [5])") { a in
            let lo = try a.int(0), hi = try a.int(1)
            guard hi > lo else { throw RuntimeError("randint: high (\(hi)) must be greater than low (\(lo))") }
            return wrap(try Tensor.randint(lo, hi, try a.shape(2), rng: &a.interpreter.rng))
        },
        Builtin("permutation", "n", topic: .random,
                doc: "A random permutation of 0..n-1 (Fisher–Yates with the session's generator).",
                example: "X = reshape(arange(6), 3, 2)\nX[permutation(len(X))]  # the rows, shuffled") { a in
            .tensor(try Tensor.permutation(try a.int(0), rng: &a.interpreter.rng))
        },
    ]
}

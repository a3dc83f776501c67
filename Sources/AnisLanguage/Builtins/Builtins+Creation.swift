// Builtins+Creation: tensors from shapes and ranges, and random tensors.
import AnisTensor

extension Builtins {
    /// A tensor result, unwrapped to a number when it has rank 0.
    static func wrap(_ t: Tensor) -> Value {
        t.rank == 0 ? .number(t.scalarValue ?? 0) : .tensor(t)
    }

    static let creation: [Builtin] = [
        Builtin("zeros", "shape...", topic: .creation,
                doc: "A tensor of zeros. The shape is given as integers or as a list: zeros(2, 3) and zeros([2, 3]) are the same.",
                example: "zeros(2, 3)") { a in .tensor(try Tensor.zeros(try a.shape(0))) },
        Builtin("ones", "shape...", topic: .creation,
                doc: "A tensor of ones, shaped like zeros.",
                example: "ones(3)") { a in .tensor(try Tensor.ones(try a.shape(0))) },
        Builtin("full", "shape, value", topic: .creation,
                doc: "A tensor of the given shape (a list, or a single integer) filled with value.",
                example: "full([2, 2], 7)") { a in
            .tensor(try Tensor.full(try a.shape(0), try a.number(1)))
        },
        Builtin("eye", "n, m: none", topic: .creation,
                doc: "The n×n identity matrix (n×m when m is given).",
                example: "eye(3)") { a in .tensor(try Tensor.eye(try a.int(0), try a.optionalInt(1))) },
        Builtin("linspace", "start, stop, n: 50", topic: .creation,
                doc: "n evenly spaced numbers from start to stop, both included.",
                example: "linspace(0, 1, 5)  # [0, 0.25, 0.5, 0.75, 1]") { a in
            .tensor(try Tensor.linspace(try a.number(0), try a.number(1), try a.int(2)))
        },
        Builtin("arange", "start, stop: none, step: 1", topic: .creation,
                doc: "Evenly spaced numbers in [start, stop) with the given step, as a tensor; arange(n) counts 0..n-1. Fractional steps are allowed.",
                example: "arange(0, 1, 0.25)  # [0, 0.25, 0.5, 0.75]") { a in
            let first = try a.number(0)
            if a.optional(1) == nil { return .tensor(try Tensor.arange(0, first, try a.number(2))) }
            return .tensor(try Tensor.arange(first, try a.number(1), try a.number(2)))
        },
        Builtin("tensor", "x", topic: .creation,
                doc: "Converts a number, range or (nested) list of numbers to a tensor.",
                example: "tensor(0:4)  # [0, 1, 2, 3]") { a in
            .tensor(try a.tensor(0))
        },
    ]

    static let random: [Builtin] = [
        Builtin("rand", "shape...", topic: .random,
                doc: "Uniform random numbers in [0, 1) from the session's PCG64 generator: (next() >> 11) · 2⁻⁵³.",
                example: "seed(1); rand(2, 2)") { a in
            .tensor(try Tensor.rand(try a.shape(0), rng: &a.interpreter.rng))
        },
        Builtin("randn", "shape...", topic: .random,
                doc: "Standard normal random numbers (mean 0, variance 1) from the session's PCG64 generator. The same seed gives the same digits on every machine.",
                example: "seed(0); randn(3)") { a in
            .tensor(try Tensor.randn(try a.shape(0), rng: &a.interpreter.rng))
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

// Builtins+Counting: bincount, histogram, isclose and allclose (kernels in
// AnisTensor/Tensor+Counting.swift).
import AnisTensor

extension Builtins {
    static let counting: [Builtin] = [
        Builtin("bincount", "x, weights: none, minlength: 0", topic: .statistics, dtypes: .float64,
                doc: "How often each value 0, 1, 2, ... occurs in x (non-negative integers, any shape, flattened): element k of the result counts the k's. With weights (same number of elements) it sums the weights at each value's positions instead. The length is max(x) + 1, at least minlength. Replaces sum(eye(V)[ids], axis: 0) without building a one-hot matrix.",
                example: "bincount([0, 1, 1, 3])                   # [1, 2, 0, 1]\nbincount([0, 1, 1], weights: [0.5, 1, 2], minlength: 4)  # [0.5, 3, 0, 0]") { a in
            .tensor(try Tensor.bincount(try a.tensor(0), weights: try a.optional(1).map { _ in try a.tensor(1) },
                                        minLength: try a.int(2)))
        },
        Builtin("histogram", "x, bins: 10, range: none, weights: none, density: false", topic: .statistics, dtypes: .native,
                doc: "NumPy's histogram of x (flattened): a list [counts, edges]. bins is a number of equal-width bins over range ([lo, hi]; default the data's smallest to largest finite value, widened by 0.5 each way if they are equal) or a tensor of increasing edges. Every bin is [left, right) except the last, which includes its right edge; values outside the range, NaN and ±inf are not counted. weights sums weights instead of counting; density: true divides by (total × bin width) so the histogram integrates to 1. The edges are in x's dtype (a float32 x is binned by float32 edges, as NumPy's; given edges keep theirs); the counts are float64. hist(x) draws the same counts.",
                example: "counts, edges = histogram([1, 2, 2, 3, 4], bins: 3)\n# counts [1, 2, 2], edges [1, 2, 3, 4]") { a in
            let x = try a.tensor(0)
            var bins: Int?, edges: Tensor?
            let b = try a.value(1)
            if b.isScalarLike { bins = try a.int(1) } else { edges = try a.tensor(1) }
            var range: (Double, Double)?
            if a.optional(2) != nil {
                let r = try a.tensor(2).elements
                guard r.count == 2 else { throw a.fail(2, "must be [lo, hi], got \(r.count) numbers") }
                range = (r[0], r[1])
            }
            let weights = try a.optional(3).map { _ in try a.tensor(3) }
            let (counts, e) = try Tensor.histogram(x, bins: bins, edges: edges, range: range, weights: weights, density: try a.bool(4))
            return .list([.tensor(counts), .tensor(e)])
        },
        Builtin("isclose", "a, b, rtol: 1e-05, atol: 1e-08, equal_nan: false", topic: .statistics,
                doc: "Elementwise |a − b| ≤ atol + rtol·|b| (NumPy's isclose and its default tolerances; note it is not symmetric in a and b), broadcasting, as a mask. Infinities are close only to themselves; NaN is close to nothing unless equal_nan: true.",
                example: "isclose([1, 1.001, nan], [1, 1, nan])            # [1, 0, 0]\nisclose(0.1 + 0.2, 0.3)                          # 1") { a in
            wrap(try Tensor.isclose(try a.tensor(0), try a.tensor(1), rtol: try a.number(2), atol: try a.number(3),
                                    equalNaN: try a.bool(4)))
        },
        Builtin("allclose", "a, b, rtol: 1e-05, atol: 1e-08, equal_nan: false", topic: .statistics,
                doc: "Whether isclose(a, b, ...) holds for every element (true or false), NumPy's allclose. Shapes must broadcast.",
                example: "allclose(inv([[2, 0], [0, 4]]) @ [[2, 0], [0, 4]], eye(2))   # true") { a in
            let close = try Tensor.isclose(try a.tensor(0), try a.tensor(1), rtol: try a.number(2), atol: try a.number(3),
                                           equalNaN: try a.bool(4))
            return .bool(close.elements.allSatisfy { $0 == 1 })
        },
    ]
}

// Builtins+Sorting: sort, argsort, median, quantile/percentile and unique (the
// kernels are in AnisTensor/Tensor+Sorting.swift; gradients in
// Autodiff/GradientRules+Library.swift). Values keep a float32 tensor's dtype;
// positions and counts are float64.
import AnisTensor

extension Builtins {
    /// The quantile levels of argument `i`, checked by the kernel; `scale` turns percentages into fractions.
    private static func levels(_ a: Arguments, _ i: Int, scale: Double) throws -> Tensor {
        let q = try a.tensor(i)
        return scale == 1 ? q : q.map { $0 / scale }
    }

    static let sorting: [Builtin] = [
        Builtin("sort", "x, axis: -1, descending: false", topic: .statistics, dtypes: .native,
                doc: "The elements sorted in increasing order along axis (the last by default; axis: none sorts all elements, flattened). The sort is stable and puts NaNs last, as NumPy's; descending: true sorts from largest to smallest (NaNs still last). Differentiable: the gradient goes back to each element's original position.",
                example: "sort([3, 1, 2])               # [1, 2, 3]\nsort([[3, 1], [0, 2]], axis: 0)  # [[0, 1], [3, 2]]") { a in
            wrap(try a.tensor(0).sorted(axis: try a.optionalInt(1), descending: try a.bool(2)))
        },
        Builtin("argsort", "x, axis: -1, descending: false", topic: .statistics, dtypes: .float64,
                doc: "The positions that sort x along axis (stable: equal elements keep their order; NaNs last), so x[argsort(x)] is sort(x) for a vector. axis: none sorts the flattened tensor.",
                example: "argsort([30, 10, 20])                    # [1, 2, 0]\nargsort([1, 3, 2], descending: true)     # [1, 2, 0]") { a in
            wrap(try a.tensor(0).argsorted(axis: try a.optionalInt(1), descending: try a.bool(2)))
        },
        Builtin("median", "x, axis: none, keepdims: false", topic: .statistics, dtypes: .native,
                doc: "The median of all elements, or along axis: the middle value, or the mean of the two middle values for an even count (NumPy's median). NaN if the values hold a NaN. A float32 x gives float32 (the mean of the two middle values is taken in float64 and rounded once). Differentiable (the gradient goes to the middle element(s)).",
                example: "median([3, 1, 4, 1, 5])   # 3\nmedian([1, 2, 3, 10])     # 2.5") { a in
            wrap(try a.tensor(0).median(axis: try a.optionalInt(1), keepdims: try a.bool(2)))
        },
        Builtin("quantile", "x, q, axis: none, keepdims: false", topic: .statistics, dtypes: .native,
                doc: "The q-th quantile(s) of all elements, or along axis, with q in [0, 1] a number or a tensor (the result's leading axes are q's). NumPy's default linear interpolation: the value at position (n − 1)·q of the sorted values, interpolated between its two neighbours (in float64, rounded once to x's dtype: a float32 x gives float32 whatever q's dtype, where NumPy 2 promotes to float64 when q is a float64 array). NaN if the values hold a NaN. Differentiable with respect to x.",
                example: "quantile([1, 2, 3, 4, 5], 0.25)          # 2\nquantile(0:11, [0.1, 0.5, 0.9])          # [1, 5, 9]") { a in
            wrap(try a.tensor(0).quantile(try levels(a, 1, scale: 1), axis: try a.optionalInt(2), keepdims: try a.bool(3)))
        },
        Builtin("percentile", "x, p, axis: none, keepdims: false", topic: .statistics, dtypes: .native,
                doc: "quantile with p in percent (0 to 100): percentile(x, 90) is quantile(x, 0.9).",
                example: "percentile([1, 2, 3, 4, 5], [25, 75])    # [2, 4]") { a in
            let p = try a.tensor(1)
            for v in p.elements where !(v >= 0 && v <= 100) {
                throw RuntimeError("percentile: argument 'p' must be in [0, 100], got \(Tensor.formatScalar(v, precision: 6))")
            }
            return wrap(try a.tensor(0).quantile(p.map { $0 / 100 }, axis: try a.optionalInt(2), keepdims: try a.bool(3), op: "percentile"))
        },
        Builtin("unique", "x, counts: false", topic: .statistics, dtypes: .native,
                doc: "The distinct elements of x (flattened), sorted; NaNs count as one value, last. With counts: true, a list [values, counts] where counts[i] is how often values[i] occurs (NumPy's return_counts). values keep x's dtype; counts are float64.",
                example: "unique([3, 1, 3, 2, 1])                       # [1, 2, 3]\nvalues, n = unique([3, 1, 3, 2, 1], counts: true)   # n is [2, 1, 2]") { a in
            let (values, counts) = try a.tensor(0).unique()
            return try a.bool(1) ? .list([.tensor(values), .tensor(counts)]) : .tensor(values)
        },
    ]
}

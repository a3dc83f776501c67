// Builtins+Reductions: sum, mean, std... over all elements (giving a number) or
// along one axis (giving a tensor).
import AnisTensor

extension Builtins {
    private static func reduction(_ name: String, _ doc: String, _ example: String, dtypes: DTypeRule? = nil,
                                  _ f: @escaping (Tensor, Int?, Bool) throws -> Tensor) -> Builtin {
        Builtin(name, "x, axis: none, keepdims: false", topic: .reduction, dtypes: dtypes, doc: doc, example: example) { a in
            let t = try a.tensor(0)
            return wrap(try f(t, try a.optionalInt(1), try a.bool(2)))
        }
    }

    static let reductions: [Builtin] = [
        reduction("sum", "Sum of the elements, or along axis. Negative axes count from the end; keepdims keeps the reduced axis with length 1.",
                  "sum([[1, 2], [3, 4]], axis: 0)  # [4, 6]") { try $0.sum(axis: $1, keepdims: $2) },
        reduction("prod", "Product of the elements, or along axis.", "prod([1, 2, 3, 4])  # 24") { try $0.prod(axis: $1, keepdims: $2) },
        reduction("mean", "Arithmetic mean of the elements, or along axis.", "mean([1, 2, 3, 4])  # 2.5") { try $0.mean(axis: $1, keepdims: $2) },
        reduction("min", "Smallest element, or along axis (nan if any element is nan). For the elementwise minimum of two tensors use minimum.",
                  "min([3, 1, 2])  # 1") { try $0.min(axis: $1, keepdims: $2) },
        reduction("max", "Largest element, or along axis. For the elementwise maximum of two tensors use maximum.",
                  "max([3, 1, 2])  # 3") { try $0.max(axis: $1, keepdims: $2) },
        reduction("argmin", "Position of the smallest element (in the flattened tensor), or along axis.",
                  "argmin([3, 1, 2])  # 1", dtypes: .float64) { try $0.argmin(axis: $1, keepdims: $2) },
        reduction("argmax", "Position of the largest element (in the flattened tensor), or along axis.",
                  "argmax([3, 1, 2])  # 0", dtypes: .float64) { try $0.argmax(axis: $1, keepdims: $2) },
        Builtin("var", "x, axis: none, keepdims: false, ddof: 0", topic: .reduction,
                doc: "Variance: mean of squared deviations from the mean, divided by N − ddof (ddof: 1 for the sample variance).",
                example: "var([1, 2, 3, 4])  # 1.25") { a in
            wrap(try a.tensor(0).var(axis: try a.optionalInt(1), keepdims: try a.bool(2), ddof: try a.int(3)))
        },
        Builtin("std", "x, axis: none, keepdims: false, ddof: 0", topic: .reduction,
                doc: "Standard deviation: the square root of var (same options).",
                example: "std([1, 2, 3, 4])  # 1.118") { a in
            wrap(try a.tensor(0).std(axis: try a.optionalInt(1), keepdims: try a.bool(2), ddof: try a.int(3)))
        },
        Builtin("cumsum", "x, axis: none", topic: .reduction,
                doc: "Running sum: of the flattened elements, or along axis.",
                example: "cumsum([1, 2, 3])  # [1, 3, 6]") { a in
            .tensor(try a.tensor(0).cumsum(axis: try a.optionalInt(1)))
        },
    ]
}

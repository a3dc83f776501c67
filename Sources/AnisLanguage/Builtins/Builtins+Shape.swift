// Builtins+Shape: shapes, reshaping, joining tensors.
import AnisTensor

extension Builtins {
    static let shape: [Builtin] = [
        Builtin("shape", "x", topic: .shape,
                doc: "The shape of a tensor as a list of integers ([] for a number).",
                example: "shape(zeros(2, 3))  # [2, 3]") { a in
            .list(try a.tensor(0).shape.map { .number(Double($0)) })
        },
        Builtin("size", "x, axis: none", topic: .shape,
                doc: "The number of elements of a tensor, or its length along axis.",
                example: "size(zeros(2, 3))  # 6") { a in
            let t = try a.tensor(0)
            if let ax = try a.optionalInt(1) {
                return .number(Double(t.shape[try t.normalizedAxis(ax, op: "size")]))
            }
            return .number(Double(t.count))
        },
        Builtin("ndim", "x", topic: .shape,
                doc: "The number of axes of a tensor (0 for a number).",
                example: "ndim(zeros(2, 3))  # 2") { a in .number(Double(try a.tensor(0).rank)) },
        Builtin("reshape", "x, shape...", topic: .shape,
                doc: "The same elements in a new shape (row-major). One extent may be -1 and is inferred.",
                example: "reshape(arange(6), 2, 3)") { a in
            .tensor(try a.tensor(0).reshaped(shapeWithInference: try a.shape(1)))
        },
        Builtin("transpose", "x, axes: none", topic: .shape,
                doc: "Reverses the axes (swaps rows and columns of a matrix), or permutes them as given. x' is the same as transpose(x).",
                example: "transpose(zeros(2, 3))  # shape (3, 2)") { a in
            let t = try a.tensor(0)
            if a.optional(1) != nil { return .tensor(try t.permuted(try a.shape(1))) }
            return .tensor(try t.transposed())
        },
        Builtin("flatten", "x", topic: .shape,
                doc: "The elements as a vector, in row-major order.",
                example: "flatten([[1, 2], [3, 4]])  # [1, 2, 3, 4]") { a in .tensor(try a.tensor(0).flattened()) },
        Builtin("squeeze", "x, axis: none", topic: .shape,
                doc: "Removes axes of length 1 (only the given one when axis is set).",
                example: "shape(squeeze(zeros(1, 3)))  # [3]") { a in
            .tensor(try a.tensor(0).squeezed(axis: try a.optionalInt(1)))
        },
        Builtin("expand", "x, axis", topic: .shape,
                doc: "Inserts an axis of length 1 at position axis.",
                example: "shape(expand(ones(3), 0))  # [1, 3]") { a in
            .tensor(try a.tensor(0).expandDims(axis: try a.int(1)))
        },
        Builtin("concat", "xs, axis: 0", topic: .shape,
                doc: "Joins a list of tensors along an existing axis; the other extents must match.",
                example: "concat([ones(2, 3), zeros(1, 3)])  # shape (3, 3)") { a in
            .tensor(try Tensor.concat(try tensors(a, 0), axis: try a.int(1)))
        },
        Builtin("stack", "xs, axis: 0", topic: .shape,
                doc: "Joins a list of equally shaped tensors along a new axis.",
                example: "stack([ones(3), zeros(3)])  # shape (2, 3)") { a in
            .tensor(try Tensor.stack(try tensors(a, 0), axis: try a.int(1)))
        },
    ]

    /// A list argument whose elements must all be tensors (or numbers).
    static func tensors(_ a: Arguments, _ i: Int) throws -> [Tensor] {
        let items = try a.list(i)
        guard !items.isEmpty else { throw a.fail(i, "must be a non-empty list of tensors") }
        return try items.enumerated().map { k, v in
            do { return try v.toTensor() } catch { throw a.fail(i, "element \(k) must be a tensor, got \(v.typeDescription)") }
        }
    }
}

// Builtins+Linalg: matrix products (BLAS) and decompositions (LAPACK).
import AnisTensor

extension Builtins {
    private static func matrix(_ name: String, _ doc: String, _ example: String,
                               _ f: @escaping (Tensor) throws -> Value) -> Builtin {
        Builtin(name, "A", topic: .linalg, doc: doc, example: example) { a in try f(try a.tensor(0)) }
    }

    static let linalg: [Builtin] = [
        Builtin("matmul", "a, b", topic: .linalg,
                doc: "Matrix product, the same as a @ b: matrix·matrix, matrix·vector, vector·vector (a number), and batched over leading axes. Runs on OpenBLAS dgemm.",
                example: "matmul(eye(2), [1, 2])  # [1, 2]") { a in
            wrap(try Tensor.matmul(try a.tensor(0), try a.tensor(1)))
        },
        Builtin("dot", "a, b", topic: .linalg,
                doc: "Inner product of two vectors (a number); for matrices the same as a @ b.",
                example: "dot([1, 2], [3, 4])  # 11") { a in
            wrap(try Tensor.dot(try a.tensor(0), try a.tensor(1)))
        },
        Builtin("outer", "a, b", topic: .linalg,
                doc: "Outer product of two vectors: the matrix a_i · b_j.",
                example: "outer([1, 2], [1, 10, 100])") { a in
            .tensor(try Tensor.outer(try a.tensor(0), try a.tensor(1)))
        },
        Builtin("svd", "A, full: false", topic: .linalg,
                doc: "Singular value decomposition A = U · diag(S) · Vt, from LAPACK's dgesdd. Returns [U, S, Vt], thin by default (U is m×k, Vt is k×n with k = min(m, n)); full: true gives square U and Vt. Singular values are in descending order.",
                example: "U, S, Vt = svd(randn(5, 3))") { a in
            let (u, s, vt) = try Tensor.svd(try a.tensor(0), full: try a.bool(1))
            return .list([.tensor(u), .tensor(s), .tensor(vt)])
        },
        matrix("svdvals", "The singular values of a matrix, in descending order (LAPACK dgesdd without vectors; fast).",
               "svdvals(randn(100, 20))") { .tensor(try Tensor.svdvals($0)) },
        Builtin("norm", "x, ord: none, axis: none", topic: .linalg,
                doc: "Norm. Without ord: the Euclidean norm of all elements (Frobenius for a matrix). For a matrix, ord may be \"fro\", \"nuc\" (sum of singular values) or 2 (largest singular value); for a vector any p ≥ 1 or inf. With axis: the Euclidean norm of each slice along that axis (e.g. row norms with axis: 1).",
               example: "norm([3, 4])  # 5") { a in
            let t = try a.tensor(0)
            if let axis = try a.optionalInt(2) {
                return wrap(try t.norm(axis: axis))
            }
            guard let ord = a.optional(1) else { return .number(try Tensor.norm(t)) }
            switch ord {
            case .string("fro"): return .number(try Tensor.norm(t, kind: .fro))
            case .string("nuc"): return .number(try Tensor.norm(t, kind: .nuc))
            default:
                guard let p = ord.scalar else { throw a.fail(1, "must be \"fro\", \"nuc\" or a number, got \(ord.typeDescription)") }
                return .number(try Tensor.norm(t, kind: .order(p)))
            }
        },
    ]
}

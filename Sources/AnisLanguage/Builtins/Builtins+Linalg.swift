// Builtins+Linalg: matrix products (BLAS) and decompositions (LAPACK). All run in the
// promoted dtype of their arguments: float32 matrices go to the s-routines (sgemm,
// sgesdd, sgeqrf, sgetrf, …; AnisTensor/LAPACKScalar.swift) and give float32 results.
import AnisTensor

extension Builtins {
    private static func matrix(_ name: String, _ doc: String, _ example: String, dtypes: DTypeRule = .native,
                               _ f: @escaping (Tensor) throws -> Value) -> Builtin {
        Builtin(name, "A", topic: .linalg, dtypes: dtypes, doc: doc, example: example) { a in try f(try a.tensor(0)) }
    }

    /// A number computed from `t` (a norm, determinant, trace) in `t`'s dtype: a float32
    /// scalar for a float32 tensor, as NumPy's.
    private static func scalar(_ d: Double, of t: Tensor) -> Value { wrap(Tensor(scalar: d, dtype: t.dtype)) }

    static let linalg: [Builtin] = [
        Builtin("matmul", "a, b", topic: .linalg, dtypes: .native,
                doc: "Matrix product, the same as a @ b: matrix·matrix, matrix·vector, vector·vector (a number), and batched over leading axes. Runs on OpenBLAS dgemm (sgemm when both are float32).",
                example: "matmul(eye(2), [1, 2])  # [1, 2]") { a in
            wrap(try Tensor.matmul(try a.tensor(0), try a.tensor(1)))
        },
        Builtin("dot", "a, b", topic: .linalg, dtypes: .native,
                doc: "Inner product of two vectors (a number); for matrices the same as a @ b.",
                example: "dot([1, 2], [3, 4])  # 11") { a in
            wrap(try Tensor.dot(try a.tensor(0), try a.tensor(1)))
        },
        Builtin("outer", "a, b", topic: .linalg, dtypes: .native,
                doc: "Outer product of two vectors: the matrix a_i · b_j.",
                example: "outer([1, 2], [1, 10, 100])") { a in
            .tensor(try Tensor.outer(try a.tensor(0), try a.tensor(1)))
        },
        Builtin("svd", "A, full: false", topic: .linalg, dtypes: .native,
                doc: "Singular value decomposition A = U · diag(S) · Vt. Returns [U, S, Vt], thin by default (U is m×k, Vt is k×n with k = min(m, n)); full: true gives square U and Vt. Singular values are in descending order. The thin SVD of a clearly tall or wide float64 matrix (max(m, n) ≥ 2·min(m, n)) with σmax/σmin up to about 1e5 goes through CholeskyQR2 (a QR from BLAS dsyrk, dtrsm and dgemm, then LAPACK dgesdd on the small triangular factor; about 0.6× dgesdd's time), which agrees with dgesdd to ~1e-13·σ1 with U and Vt orthonormal to ~1e-14; everything else goes through LAPACK's dgesdd.",
                example: "U, S, Vt = svd(randn(5, 3))") { a in
            let (u, s, vt) = try Tensor.svd(try a.tensor(0), full: try a.bool(1))
            return .list([.tensor(u), .tensor(s), .tensor(vt)])
        },
        matrix("svdvals", "The singular values of a matrix, in descending order. A clearly tall or wide float64 matrix (N samples × D features, max ≥ 2·min) goes through its small Gram matrix (BLAS dsyrk + LAPACK dsyevd, several times faster than dgesdd); the values below 1e-3·σ1, whose squares lose digits there, are recomputed from the Gram matrix of the data projected on their eigenvectors (at most three stages; rank-deficient data costs about one more dsyrk), so every value stays within ~1e-13·σ1 of dgesdd's. Square-ish matrices go through LAPACK dgesdd without vectors, float32 matrices through sgesdd.",
               "svdvals(randn(100, 20))") { .tensor(try Tensor.svdvals($0)) },
        Builtin("norm", "x, ord: none, axis: none", topic: .linalg, dtypes: .native,
                doc: "Norm. Without ord: the Euclidean norm of all elements (Frobenius for a matrix). For a matrix, ord may be \"fro\", \"nuc\" (sum of singular values) or 2 (largest singular value); for a vector any p ≥ 1 or inf. With axis: the Euclidean norm of each slice along that axis (e.g. row norms with axis: 1). Sums of a float32 tensor accumulate in float64; \"nuc\" and 2 take float32's singular values (sgesdd).",
               example: "norm([3, 4])  # 5") { a in
            let t = try a.tensor(0)
            if let axis = try a.optionalInt(2) {
                return wrap(try t.norm(axis: axis))
            }
            guard let ord = a.optional(1) else { return scalar(try Tensor.norm(t), of: t) }
            switch ord {
            case .string("fro"): return scalar(try Tensor.norm(t, kind: .fro), of: t)
            case .string("nuc"): return scalar(try Tensor.norm(t, kind: .nuc), of: t)
            default:
                guard let p = ord.scalar else { throw a.fail(1, "must be \"fro\", \"nuc\" or a number, got \(ord.typeDescription)") }
                return scalar(try Tensor.norm(t, kind: .order(p)), of: t)
            }
        },
        Builtin("eigh", "A", topic: .linalg, dtypes: .native,
                doc: "Eigen-decomposition of a symmetric matrix A = V · diag(w) · Vᵀ (LAPACK dsyevd; ssyevd for float32). Returns [w, V]: eigenvalues ascending and the orthonormal eigenvectors as the columns of V. Only the lower triangle of A is read, as in NumPy.",
                example: "w, V = eigh([[2, 1], [1, 2]])  # w = [1, 3]") { a in
            let (w, v) = try Tensor.eigh(try a.tensor(0))
            return .list([.tensor(w), .tensor(v)])
        },
        matrix("eigvalsh", "The eigenvalues of a symmetric matrix, ascending (LAPACK dsyevd without vectors; ssyevd for float32). Only the lower triangle is read.",
               "eigvalsh([[2, 1], [1, 2]])  # [1, 3]") { .tensor(try Tensor.eigvalsh($0)) },
        Builtin("eig", "A", topic: .linalg, dtypes: .native,
                doc: "Eigen-decomposition of a general square matrix (LAPACK dgeev; sgeev for float32). anis has no complex numbers, so the result is a record {re, im, vectors_re, vectors_im}: eigenvalue j is re[j] + i·im[j] (complex ones come in conjugate pairs, in LAPACK's order, not sorted) and its unit right eigenvector is column j of vectors_re + i·vectors_im. For a symmetric matrix use eigh.",
                example: "e = eig([[0, -1], [1, 0]]); e.im  # [1, -1]") { a in
            let (re, im, vre, vim) = try Tensor.eig(try a.tensor(0))
            return .record(Record([("re", .tensor(re)), ("im", .tensor(im)),
                                   ("vectors_re", .tensor(vre)), ("vectors_im", .tensor(vim))]))
        },
        Builtin("qr", "A", topic: .linalg, dtypes: .native,
                doc: "Reduced QR factorization A = Q · R (LAPACK dgeqrf + dorgqr; sgeqrf + sorgqr for float32). Returns [Q, R]: for A m×n and k = min(m, n), Q is m×k with orthonormal columns and R is k×n upper triangular.",
                example: "Q, R = qr(randn(5, 3))") { a in
            let (q, r) = try Tensor.qr(try a.tensor(0))
            return .list([.tensor(q), .tensor(r)])
        },
        matrix("cholesky", "The Cholesky factor L of a symmetric positive-definite matrix: L is lower triangular and A = L · Lᵀ (LAPACK dpotrf; spotrf for float32). Only the lower triangle of A is read; a matrix that is not positive definite is an error.",
               "cholesky([[4, 2], [2, 3]])  # [[2, 0], [1, 1.4142]]") { .tensor(try Tensor.cholesky($0)) },
        Builtin("solve", "A, b", topic: .linalg, dtypes: .native,
                doc: "Solves A · x = b for a square nonsingular A (LU with partial pivoting, LAPACK dgetrf + triangular solves; sgetrf + strsm when A and b are float32). b is a vector (n) or a matrix (n×k, one system per column); x has b's shape. A singular A is an error; for non-square or singular systems use lstsq.",
                example: "solve([[2, 0], [0, 4]], [2, 2])  # [1, 0.5]") { a in
            .tensor(try Tensor.solve(try a.tensor(0), try a.tensor(1)))
        },
        Builtin("lstsq", "A, b, rcond: none", topic: .linalg, dtypes: .native,
                doc: "Least-squares solution of A · x ≈ b, minimising ‖A·x − b‖ (LAPACK dgelsd, SVD-based, sgelsd when A and b are float32; works for any shape and rank). Returns a record {solution, residuals, rank, sv}: solution x (n, or n×k), residuals the squared residual norm per column of b (empty unless rank = n < m), the numerical rank of A, and A's singular values. Singular values ≤ rcond·σmax count as zero (default eps·max(m, n), with the eps of the dtype: about 1.2e-7 for float32).",
                example: "r = lstsq([[1, 0], [1, 1], [1, 2]], [1, 2, 4]); r.solution") { a in
            let rcond: Double? = a.optional(2) == nil ? nil : try a.number(2)
            let (x, res, rank, sv) = try Tensor.lstsq(try a.tensor(0), try a.tensor(1), rcond: rcond)
            return .record(Record([("solution", .tensor(x)), ("residuals", .tensor(res)),
                                   ("rank", .number(Double(rank))), ("sv", .tensor(sv))]))
        },
        matrix("inv", "The inverse of a square nonsingular matrix (LAPACK dgetrf + dgetri; sgetrf + sgetri for float32). A singular matrix is an error; see pinv.",
               "inv([[2, 0], [0, 4]])  # [[0.5, 0], [0, 0.25]]") { .tensor(try Tensor.inv($0)) },
        Builtin("pinv", "A, rcond: 1e-15", topic: .linalg, dtypes: .native,
                doc: "Moore–Penrose pseudo-inverse A⁺ = V · diag(1/σ) · Uᵀ from the thin SVD (in the matrix's dtype); singular values ≤ rcond·σmax are treated as zero (NumPy's default 1e-15 whatever the dtype; for float32 or rank-deficient data pass one above the rounding noise, e.g. rcond: 1e-6). A⁺ is n×m for an m×n A.",
                example: "pinv([[1, 2], [2, 4]])") { a in
            .tensor(try Tensor.pinv(try a.tensor(0), rcond: try a.number(1)))
        },
        matrix("det", "The determinant of a square matrix: the product of U's diagonal from the LU factorization (LAPACK dgetrf; sgetrf for float32, the product taken in float64) times the sign of the pivoting. A singular matrix gives 0.",
               "det([[1, 2], [3, 4]])  # -2") { scalar(try Tensor.det($0), of: $0) },
        Builtin("rank", "A, tol: none", topic: .linalg, dtypes: .integral,
                doc: "Numerical rank: the number of singular values greater than tol (default σmax · max(m, n) · eps, as NumPy's matrix_rank; eps is the dtype's, so a float32 matrix's rounding noise does not count).",
                example: "rank([[1, 2], [2, 4]])  # 1") { a in
            let tol: Double? = a.optional(1) == nil ? nil : try a.number(1)
            return .number(Double(try Tensor.rank(try a.tensor(0), tol: tol)))
        },
        matrix("cond", "The 2-norm condition number σmax/σmin; inf when the matrix is numerically singular (σmin ≤ σmax · max(m, n) · eps, the threshold of rank).",
               "cond([[1, 0], [0, 10]])  # 10") { scalar(try Tensor.cond($0), of: $0) },
        Builtin("trace", "A, k: 0", topic: .linalg, dtypes: .native,
                doc: "The sum of the k-th diagonal of a matrix, Σᵢ A[i, i + k] (k > 0 above the main diagonal, k < 0 below).",
                example: "trace([[1, 2], [3, 4]])  # 5") { a in
            let t = try a.tensor(0)
            return scalar(try Tensor.trace(t, offset: try a.int(1)), of: t)
        },
        Builtin("diag", "x, k: 0", topic: .linalg, dtypes: .native,
                doc: "For a vector v: the square matrix with v on its k-th diagonal (zeros elsewhere). For a matrix A: its k-th diagonal as a vector (k > 0 above the main diagonal, k < 0 below).",
                example: "diag([1, 2])  # [[1, 0], [0, 2]]; diag([[1, 2], [3, 4]])  # [1, 4]") { a in
            .tensor(try Tensor.diag(try a.tensor(0), offset: try a.int(1)))
        },
    ]
}

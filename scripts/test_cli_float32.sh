# test_cli_float32.sh: the float32 linear algebra and order statistics make no unbudgeted
# float64 copy, sourced by test_cli.sh (uses its $ANIS, check and report). Under
# ANIS_STRICT_WIDENING=1 such a copy stops anis (MemoryBudget.swift); these built-ins read
# float32 in place (LAPACK's s-routines, generic kernels) or check the copy first.
f32='seed(2); A = float32(randn(5, 5)) + 3 * eye(5, dtype: float32); v = float32(randn(5)); S = A @ A'"'"' + eye(5, dtype: float32)'
for expr in 'qr(A)' 'cholesky(S)' 'solve(A, v)' 'lstsq(A[:, 0:3], v)' 'inv(A)' 'pinv(A)' 'det(A)' 'eig(A)' \
            'rank(A)' 'cond(A)' 'trace(A)' 'diag(A)' 'outer(v, v)' 'einsum("ii->i", A)' \
            '[norm(A), norm(A, ord: 1), norm(A, ord: 2), norm(A, ord: "nuc"), norm(v, ord: 3)]' \
            'sort(A, axis: 0)' 'argsort(v)' 'median(A, axis: 1)' 'quantile(A, float32([0.1, 0.9]))' \
            'percentile(v, 50)' 'unique(A, counts: true)' 'grad(w -> trace(w) + norm(w) + median(w))(A)'; do
    check "float32 $expr: no unchecked float64 copy" 0 "*" "" -- env ANIS_STRICT_WIDENING=1 "$ANIS" -e "$f32
r = $expr"
done

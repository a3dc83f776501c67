# test_cli_hardening.sh: process-level checks of issue 19's remaining gaps, sourced by
# test_cli.sh (uses its $ANIS, $TMP, check and report): float32 paths never make an
# unbudgeted float64 copy; readers refuse what would pass the 1 GiB string cap; Ctrl-C
# or SIGTERM in the middle of a write leaves no temporary file.

# --- float32: every float64 copy is checked against the memory budget ---------------------
# ANIS_STRICT_WIDENING=1 stops anis when a float32 tensor is widened without the budget's
# check (MemoryBudget.swift); these paths once did: printing, formatting, CSV, masks,
# any/all, indices and targets, tables, gradient rules, jacobian.
H="$TMP/hardening"; mkdir -p "$H"
f32='seed(1); x = float32(randn(6, 6)); y = float32(randn(6, 6)); ids = float32(zeros(6, 2) + 1); t = float32(zeros(6) + 2)'
for expr in 'print(x)' 'print("{x:.2f}")' "write_csv(x, \"$H/x.csv\")" 'print(any(x), all(x))' 'print(sum(x[x > 0] > 0))' \
            'print(shape(x[0][x[0] > 0]))' 'print(take_along_axis(x, ids, 1)[0, 0] == x[0, 1])' \
            'print(cross_entropy(x, t, weights: float32(ones(6))) > 0)' 'print(shape(jacobian(w -> tanh(w), x[0])))' \
            'print(shape(grad(w -> sum(take_along_axis(w, ids, 1)))(x)))' 'print(shape(grad(w -> sum(softmax(w) * y))(x)))' \
            'print(shape(grad(w -> sum(maximum(w, y)))(x)))' 'print(shape(grad(w -> sum(prod(w, axis: 0)))(x)))' \
            'print(shape(grad(w -> sum(cumsum(w, axis: 1) * y))(x)))' 'print(shape(grad(w -> sum(w[[0, 1]] * y[:2]))(x)))' \
            'print(shape(grad(w -> sum(diag(w)))(x)))' 'print(shape(grad(w -> sum(sort(w, axis: 0) * y))(x)))' \
            'print(len(group([{a: 1, v: x}, {a: 1, v: y}], "a")))'; do
    check "float32 without an unchecked float64 copy: $expr" 0 "*" "" -- env ANIS_STRICT_WIDENING=1 "$ANIS" -e "$f32
$expr"
done
# A float64 copy that the budget cannot hold is an error naming the shape and the bytes.
check "a float32 gradient's float64 copy is checked against the budget" 1 "" \
    "^<-e>:2:5: error: grad\(lambda\): shape \(2000, 3000\) needs 45.8 MiB; tensors already hold [0-9.]+ MiB of the 100 MiB" \
    -- env ANIS_STRICT_WIDENING=1 ANIS_MEMORY_LIMIT=100M "$ANIS" -e 'x = ones(2000, 3000, dtype: float32)
g = grad(w -> sum(maximum(w, 0)))(x)'

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
            'print(len(group([{a: 1, v: x}, {a: 1, v: y}], "a")))' \
            'print(norm(x) > 0, norm(x, 1) > 0, norm(x[0], 3) > 0, trace(x) != 0, rank(x), cond(x) > 0, shape(unique(x)[0]))'; do
    check "float32 without an unchecked float64 copy: $expr" 0 "*" "" -- env ANIS_STRICT_WIDENING=1 "$ANIS" -e "$f32
$expr"
done
# A float64 copy that the budget cannot hold is an error naming the shape and the bytes.
check "a float32 gradient's float64 copy is checked against the budget" 1 "" \
    "^<-e>:2:5: error: grad\(lambda\): shape \(2000, 3000\) needs 45.8 MiB; tensors already hold [0-9.]+ MiB of the 100 MiB" \
    -- env ANIS_STRICT_WIDENING=1 ANIS_MEMORY_LIMIT=100M "$ANIS" -e 'x = ones(2000, 3000, dtype: float32)
g = grad(w -> sum(maximum(w, 0)))(x)'

# train_autoencoder's parameters, Adam moments and batch matrices count too, before training.
check "train_autoencoder's memory is checked before it allocates" 1 "" \
    "^<-e>:1:5: error: train_autoencoder: shape \(2000, 5000\) needs 661 MiB; tensors already hold [0-9.]+ (bytes|KiB|MiB) of the 100 MiB" \
    -- env ANIS_MEMORY_LIMIT=100M "$ANIS" -e 'b = train_autoencoder(5000, 2000, steps: 1)'

# Plots and formatted strings copy a tensor's numbers into arrays of their own: checked too.
# So do the toy-model measures with W's numbers.
for expr in 'p = heatmap(x)' 'p = hist(x)' 'p = plot(x)' 's = "{x:.1f}"' 'n = feature_norms(x)' \
            'd = dims_per_feature(x)'; do
    check "memory budget refuses the copy of a tensor's numbers: $expr" 1 "" \
        "^<-e>:2:[0-9]+: error: [a-z_]+: shape \(3000, 3000\) needs [0-9.]+ MiB; tensors already hold 68.7 MiB of the 100 MiB" \
        -- env ANIS_MEMORY_LIMIT=100M "$ANIS" -e "x = ones(3000, 3000)
$expr"
done

# --- readers: a file is checked by its size before it is read ------------------------------
# Sparse files: their size is there without the disk space (or the minutes to read them).
truncate -s 1100M "$H/big.txt" && truncate -s 200M "$H/big.npy" && truncate -s 200M "$H/big.csv"
for op in read_text include; do
    check "$op refuses a file longer than a string may hold, unread" 1 "" \
        "^<-e>:1:1: error: $op: $H/big.txt: the string would take 1.1 GiB, more than the 1 GiB a string may hold" \
        -- "$ANIS" -e "$op(\"$H/big.txt\")"
done
for op in load read_csv; do
    ext=$([ $op = load ] && echo npy || echo csv)
    check "$op refuses a file that would pass the memory budget, unread" 1 "" \
        "^<-e>:1:1: error: $op: $H/big.$ext: reading 200 MiB would pass the memory budget" \
        -- env ANIS_MEMORY_LIMIT=100M "$ANIS" -e "$op(\"$H/big.$ext\")"
done
head -c 100M /dev/zero | ANIS_MEMORY_LIMIT=64M "$ANIS" -e 's = read_text("/dev/stdin")' >"$TMP/out" 2>"$TMP/err"; rc=$?
[ $rc = 1 ] && grep -Eq "^<-e>:1:5: error: read_text: /dev/stdin: the string would take [0-9.]+ MiB, more than the [0-9.]+ MiB left" "$TMP/err" \
    && report "read_text of a pipe stops when the string no longer fits" 1 "" \
    || report "read_text of a pipe stops when the string no longer fits" 0 "rc=$rc $(head -c 300 "$TMP/err")"
rm -f "$H/big.txt" "$H/big.npy" "$H/big.csv"

# --- a signal in the middle of a write leaves complete files and no temporary ones ---------
# A script rewrites an 8 MB .npy and an 8 MiB text file in a loop; once both exist, a signal
# (or two at once: the second makes anis exit without waiting for the evaluator) stops it at
# some point of a write. Afterwards the folder holds exactly the two files, each whole: the
# interrupted write kept the old one. ANIS_NO_TMPFILE=1 writes through named temporary files,
# as on a filesystem without O_TMPFILE, so there is a name to leave behind.
signal_mid_write() {  # ENV SIGNAL COUNT ROUND
    local d="$H/signal-$2-$3-$4-${1#*=}" pid k rc
    mkdir -p "$d"
    env "$1" "$ANIS" -e 'x = randn(1000, 1000); s = "ab"
for i in 0:22 { s = s + s }
for i in 0:1e9 { save(x, "'"$d"'/a.npy"); write_text(s, "'"$d"'/b.txt") }' >/dev/null 2>"$d.err" & pid=$!
    for k in $(seq 1200); do [ -e "$d/b.txt" ] && break; sleep 0.05; done  # up to 60 s on a busy machine
    if [ "$1" = ANIS_NO_TMPFILE=1 ]; then  # aim at a write: wait (up to 10 s) for a temporary name
        local end=$((SECONDS + 10))
        while [ $SECONDS -lt $end ] && ! compgen -G "$d/.*anis-tmp*" >/dev/null; do :; done
    else
        sleep "0.$((RANDOM % 10))"
    fi
    for k in $(seq "$3"); do kill -"$2" $pid 2>/dev/null; done
    wait $pid 2>/dev/null; rc=$?
    local listing sizes
    listing=$(ls -A "$d" | tr '\n' ' ')
    sizes="$(stat -c %s "$d/a.npy" 2>/dev/null) $(stat -c %s "$d/b.txt" 2>/dev/null)"
    [ "$listing" = "a.npy b.txt " ] && [ "$sizes" = "8000128 8388608" ] && [ "$rc" -gt 128 ] \
        && report "SIG$2 ×$3 mid-write ($1, round $4): exit $rc, two whole files, no temporary" 1 "" \
        || report "SIG$2 ×$3 mid-write ($1, round $4)" 0 "rc=$rc files: $listing sizes: $sizes $(head -c 300 "$d.err")"
}
for sig in INT TERM; do
    for round in 1 2; do
        signal_mid_write ANIS_NO_TMPFILE=1 $sig 1 $round
        signal_mid_write ANIS_NO_TMPFILE=0 $sig 1 $round
        signal_mid_write ANIS_NO_TMPFILE=0 $sig 2 $round
    done
    # Two signals while a named temporary exists: before abandonWrites, one run in three left it.
    for round in 1 2 3 4 5; do signal_mid_write ANIS_NO_TMPFILE=1 $sig 2 $round; done
done
# A crash while a named temporary exists (SIGSEGV sent by kill) removes it too.
for round in 1 2 3; do signal_mid_write ANIS_NO_TMPFILE=1 SEGV 1 $round; done

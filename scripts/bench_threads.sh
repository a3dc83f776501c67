#!/usr/bin/env bash
# bench_threads.sh: where a second BLAS thread starts to pay. Times n×n products
# (A @ B) at OPENBLAS_NUM_THREADS=1 and at all cores for a range of n, and prints the
# flop count 2n³ and the ratio t(1 thread) / t(all) (> 1: threads help). anis's
# per-call rule (BLASLoader.singleThreadBelowFlops, grammar.md "BLAS threads") puts
# calls below the break-even on one thread. Run on demand; never part of `swift test`.
#
#   scripts/bench_threads.sh            # ANIS=path/to/anis to skip the release build
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ -z "${ANIS:-}" ]; then
    swift build -c release --product anis >/dev/null
    ANIS="$(swift build -c release --show-bin-path)/anis"
fi
all="$(nproc)"
script="$(mktemp --suffix=.anis)"
trap 'rm -f "$script"' EXIT
cat >"$script" <<'ANIS'
seed(1)
for n in [32, 48, 64, 96, 128, 160, 192, 256, 384] {
    A = randn(n, n)
    B = randn(n, n)
    reps = floor(2e8 / (2 * n ^ 3)) + 3
    best = 1e9
    for r in 0:5 {
        t = clock()
        for i in 0:reps { C = A @ B }
        dt = (clock() - t) / reps
        if dt < best { best = dt }
    }
    print(n, best)
}
ANIS
echo "threads: 1 vs $all ($(lscpu | sed -n 's/^Model name: *//p'))"
paste <(OPENBLAS_NUM_THREADS=1 "$ANIS" "$script") <(OPENBLAS_NUM_THREADS="$all" "$ANIS" "$script") |
    awk '{ printf "n=%-4d %8.2f MFLOP  1 thread %9.1f us  %s threads %9.1f us  ratio %.2f\n", $1, 2*$1^3/1e6, $2*1e6, "'"$all"'", $4*1e6, $2/$4 }'

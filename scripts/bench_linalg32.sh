#!/usr/bin/env bash
# bench_linalg32.sh: what float32 buys in the decompositions and solvers, never part of
# `swift test`. For each routine (solve, inv, det, qr, cholesky, eigh, eig, lstsq, pinv,
# svdvals; n = 400, tall 800×400) it prints anis's float32 time over its float64 time
# (LAPACK's s-routines against the d-routines, same matrices) and anis's float32 time over
# NumPy's float32 time, one thread each (OPENBLAS_NUM_THREADS=1, pinned), best of 3 calls,
# then the float32 results' relative difference from float64 (bench_linalg32.anis checks).
# It exits 1 if a float32 result is not float32 or is further than 1e-4 from float64.
#
#   scripts/bench_linalg32.sh                   # builds release anis first
#   ANIS=.build/debug/anis PYTHON=python3 scripts/bench_linalg32.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench_common.sh
scratch="${ANIS_SCRATCH:-.build}"
if [ -n "${ANIS:-}" ]; then
    anis="$ANIS"
else
    echo "bench: building anis (release, $scratch) ..." >&2
    swift build -c release --scratch-path "$scratch" --product anis >/dev/null
    anis="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/anis"
fi
PYTHON="${PYTHON:-python3}"
bench_header "$anis"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pinned 1 "$anis" scripts/bench_linalg32.anis > "$work/anis"
if "$PYTHON" -c 'import numpy' 2>/dev/null; then
    pinned 1 "$PYTHON" scripts/bench_linalg32.py > "$work/numpy"
else
    echo "bench: numpy is not installed for $PYTHON; NumPy column skipped" >&2
    : > "$work/numpy"
fi

awk 'FNR == NR { np32[$1] = $3; next }
     $1 == "check" { check[$2] = $0; bad += ($3 != "float32" || $4 + 0 > 1e-4 || $4 != $4 + 0); next }
     { order[++k] = $1; a64[$1] = $2; a32[$1] = $3 }
     END {
         printf "%-9s %10s %10s %10s %12s %12s\n", "routine", "anis f64", "anis f32", "NumPy f32", "f32/f64", "f32/NumPy"
         for (i = 1; i <= k; i++) {
             r = order[i]
             printf "%-9s %10.4f %10.4f %10s %12.2f %12s\n", r, a64[r], a32[r], (r in np32 ? sprintf("%.4f", np32[r]) : "-"),
                    a32[r] / a64[r], (r in np32 ? sprintf("%.2f", a32[r] / np32[r]) : "-")
         }
         for (r in check) print check[r]
         exit bad > 0
     }' "$work/numpy" "$work/anis"

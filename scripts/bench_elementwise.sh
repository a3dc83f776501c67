#!/usr/bin/env bash
# bench_elementwise.sh: issue 11's elementwise target (item 5), anis against NumPy on
# arrays of N = 4194304 elements (4M; 32 MiB in float64), float64 and float32, one thread,
# never part of `swift test`. The works (scripts/bench_elementwise.anis and .py, which
# list NumPy's spelling of each): relu, X + X, X * X, where(X > 0, X, 0.1 * X), leaky_relu,
# sigmoid, silu, tanh, gelu, elu, softplus, exp, log, sqrt, abs. Target: every one
# ≤ 1.0× NumPy's time.
# Each time is the best of REPEATS calls in one process, then the best over ROUNDS rounds in
# which the tools take turns, both pinned to CPU 0 with one thread (taskset; the thread
# variables set to 1). Each result is a new array in both tools (NumPy's ufuncs and anis's
# built-ins allocate their output), so page faults are part of the time in both.
# OPENBLAS_CORETYPE is passed to anis only (it does not touch the CKernels loops, whose
# vector level is the CPU's widest: shown as "CKernels clone" in the header).
#
#   scripts/bench_elementwise.sh                  # ROUNDS=3 REPEATS=7 N=4194304
#   ROUNDS=5 scripts/bench_elementwise.sh
#   OPENBLAS_CORETYPE=Haswell scripts/bench_elementwise.sh
#   ANIS=.build/release/anis PYTHON=python3.12 scripts/bench_elementwise.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench_common.sh
scratch="${ANIS_SCRATCH:-.build}"
rounds="${ROUNDS:-3}"
repeats="${REPEATS:-7}"
n="${N:-4194304}"

if [ -n "${ANIS:-}" ]; then
    anis="$ANIS"
else
    echo "bench: building anis (release, $scratch) ..." >&2
    swift build -c release --scratch-path "$scratch" --product anis >/dev/null
    anis="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/anis"
fi
PYTHON="${PYTHON:-python3}"
"$PYTHON" -c 'import numpy' 2>/dev/null || { echo "bench: numpy is not installed for $PYTHON" >&2; exit 1; }
bench_header "$anis"
clone="baseline (SSE2)"
grep -qw avx2 /proc/cpuinfo 2>/dev/null && clone="AVX2"
grep -qw avx512f /proc/cpuinfo 2>/dev/null && clone="AVX-512"
echo "# CKernels clone: $clone; OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset} (anis only)"
echo "# ROUNDS=$rounds REPEATS=$repeats N=$n, one thread pinned to CPU 0"

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for round in $(seq "$rounds"); do
    pinned 1 "$anis" scripts/bench_elementwise.anis "$repeats" "$n" | tee -a "$results"
    pinned 1 env -u OPENBLAS_CORETYPE "$PYTHON" scripts/bench_elementwise.py "$repeats" "$n" | tee -a "$results"
done

awk '
    $1 == "anis" || $1 == "numpy" {
        split($2, d, "=")
        for (i = 3; i <= NF; i++) {
            split($i, kv, "=")
            key = $1 "/" d[2] "/" kv[1]
            if (!(key in best) || kv[2] + 0 < best[key]) best[key] = kv[2] + 0
            if ($1 == "anis" && d[2] == "float64") { if (!(kv[1] in seen)) { order[++nw] = kv[1]; seen[kv[1]] = 1 } }
        }
    }
    END {
        split("float64 float32", dtypes, " ")
        misses = 0
        for (t = 1; t <= 2; t++) {
            dt = dtypes[t]
            printf "\n%s, one thread (best of the rounds; milliseconds)\n", dt
            printf "  %-12s %9s %9s %11s  %s\n", "work", "anis", "numpy", "anis/numpy", "target"
            for (j = 1; j <= nw; j++) {
                w = order[j]; a = best["anis/" dt "/" w]; p = best["numpy/" dt "/" w]
                if (p != p || p == "nan" || p + 0 == 0) { printf "  %-12s %9.3f %9s %11s  <= 1.0 (no reference)\n", w, 1000 * a, "-", "-"; continue }
                ok = a <= p
                if (!ok) misses++
                printf "  %-12s %9.3f %9.3f %11.2f  <= 1.0 %s\n", w, 1000 * a, 1000 * p, a / p, (ok ? "holds" : "misses")
            }
        }
        printf "\n%d of the targets missed\n", misses
    }' "$results"

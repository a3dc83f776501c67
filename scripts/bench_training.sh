#!/usr/bin/env bash
# bench_training.sh: the autodiff training benchmark (never part of `swift test`).
# A two-layer MLP (100 -> 400 ReLU -> 10, MSE), batch 256, 1,000 Adam steps:
#   anis with value_and_grad + adam   (scripts/bench_mlp.anis, release build)
#   PyTorch eager, float64 and float32 (scripts/bench_training.py; torch from
#                                      scripts/setup_bench_env.sh's venv, PYTHON overrides)
#   NumPy with hand-written gradients  (scripts/bench_training.py)
# in one run; prints the times (training loop only, best of RUNS) and anis's ratios.
# Target (issue 5): anis no slower than PyTorch eager.
# BLAS/OpenMP threads: THREADS (default 1, so a busy 2-core machine gives stable
# numbers; THREADS=all leaves each library's default).
#
#   scripts/bench_training.sh            # 1000 steps, best of 3
#   STEPS=200 RUNS=1 ANIS_SCRATCH=.build-bench scripts/bench_training.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench_common.sh
scratch="${ANIS_SCRATCH:-.build}"
steps="${STEPS:-1000}"
runs="${RUNS:-3}"
threads="${THREADS:-1}"
if [ "$threads" != "all" ]; then
  export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads" MKL_NUM_THREADS="$threads"
fi

echo "bench: building anis (release, $scratch) ..." >&2
swift build -c release --scratch-path "$scratch" --product anis >/dev/null
anis="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/anis"
python="$(bench_python)"
PYTHON="$python" bench_header "$anis"

best() { sort -g | head -1; }
declare -A secs loss
for ((r = 0; r < runs; r++)); do
  while read -r name s l; do
    [ "$name" = "torch-missing" ] && { echo "bench: torch is not installed (pip install torch); skipping PyTorch" >&2; continue; }
    secs[$name]+="$s "; loss[$name]="$l"
  done < <("$anis" scripts/bench_mlp.anis "$steps"; "$python" scripts/bench_training.py "$steps" 2>/dev/null)
done

echo "MLP 100-400-10, batch 256, $steps Adam steps (best of $runs; training loop only; threads: $threads)"
printf '%-12s %10s %12s\n' variant seconds final_loss
for name in anis numpy torch_f64 torch_f32; do
  [ -n "${secs[$name]:-}" ] || continue
  b="$(tr ' ' '\n' <<<"${secs[$name]}" | grep . | best)"
  secs[$name]="$b"
  printf '%-12s %10.3f %12s\n' "$name" "$b" "${loss[$name]}"
done
a="${secs[anis]}"
for name in numpy torch_f64 torch_f32; do
  [ -n "${secs[$name]:-}" ] || continue
  awk -v a="$a" -v b="${secs[$name]}" -v n="$name" 'BEGIN { printf "anis / %-10s %6.2fx  (%s)\n", n, a / b, (a <= b ? "anis faster or equal" : "anis slower") }'
done

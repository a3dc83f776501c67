#!/usr/bin/env bash
# bench_transformer.sh: one training step of a small decoder transformer (issue 7),
# never part of `swift test`. The seed-002 model (V = 60, T = 64, B = 32, width 64,
# 4 heads, 2 layers, GELU MLP; cross-entropy; Adam), on one fixed batch:
#   anis, float64, the fused library and the model written from primitives
#                                                      (scripts/bench_transformer.anis)
#   PyTorch eager: float32 and float64 with the same primitives, and float32 with
#   F.layer_norm / F.gelu / F.cross_entropy             (scripts/bench_transformer.py)
# in one run; prints per-step times (best mean over 3 blocks of STEPS steps) and
# anis's ratio to each. Target (issue 7): anis at most 2× PyTorch eager's time.
# Threads: THREADS (default 1: BLAS and torch on one core, so a busy 2-core
# machine gives stable numbers; THREADS=2 gives both libraries two).
#
#   scripts/bench_transformer.sh                 # 200 steps per block
#   STEPS=50 ANIS_SCRATCH=.build-rel scripts/bench_transformer.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scratch="${ANIS_SCRATCH:-.build}"
steps="${STEPS:-200}"
threads="${THREADS:-1}"
python="${PYTHON:-python3}"
export OPENBLAS_NUM_THREADS="$threads" OMP_NUM_THREADS="$threads"

echo "bench: building anis (release, $scratch) ..." >&2
swift build -c release --scratch-path "$scratch" --product anis >/dev/null
anis="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/anis"

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
"$anis" scripts/bench_transformer.anis "$steps" 3 fused | tee -a "$results"
"$anis" scripts/bench_transformer.anis "$steps" 3 primitives | tee -a "$results"
if "$python" -c "import torch" 2>/dev/null; then
  "$python" scripts/bench_transformer.py --threads "$threads" --steps "$steps" | tee -a "$results"
else
  echo "bench: torch is not installed (pip install torch); skipping PyTorch" >&2
fi

awk '
  { for (i = 1; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] } }
  $1 == "anis" && f["variant"] == "fused" { a = f["step_ms"] }
  $1 == "anis" && f["variant"] == "primitives" { ap = f["step_ms"] }
  $1 == "torch" { name[++n] = f["dtype"] "/" f["variant"]; ms[n] = f["step_ms"] }
  END {
    if (a == "") exit 1
    if (ap != "") printf "anis fused / anis primitives        %6.2fx\n", a / ap
    for (i = 1; i <= n; i++)
      printf "anis / torch %-20s %6.2fx  (%s)\n", name[i], a / ms[i], (a <= 2 * ms[i] ? "within the 2x target" : "over the 2x target")
  }' "$results"

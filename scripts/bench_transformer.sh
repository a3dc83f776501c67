#!/usr/bin/env bash
# bench_transformer.sh: one training step of a small decoder transformer (issues 7 and 12),
# never part of `swift test`. The seed-002 model (V = 60, T = 64, B = 32, width 64,
# 4 heads, 2 layers, GELU MLP; cross-entropy; Adam), on one fixed batch:
#   anis: the fused library in float64 and float32 (when anis has dtypes), and the model
#         written from primitives in float64           (scripts/bench_transformer.anis)
#   PyTorch eager, float32 and float64: from the same primitives, and fused
#         (F.layer_norm, F.gelu, F.cross_entropy, F.scaled_dot_product_attention)
#                                                      (scripts/bench_transformer.py)
# for each thread count in THREAD_COUNTS (default "1 2"; each run pinned to that many CPUs,
# OPENBLAS/OMP thread variables and torch.set_num_threads set), all in one run. Per-step
# time = the best mean over REPEATS blocks of STEPS steps after 10 warm-up steps, and the
# best of ROUNDS rounds (the tools take turns in each round). Prints the ratios and the
# targets: anis float64 ≤ 0.7× PyTorch float64 (issue 12; against both PyTorch float64
# variants), anis float32 ≤ 1.0× PyTorch fused float32 (issue 12), anis ≤ 2× PyTorch
# (issue 7).
# Then the loss-curve check (PARITY_STEPS, default 200; 0 skips it): anis saves the initial
# parameters and the Genesis batches to .npy, trains PARITY_STEPS Adam steps in float64
# (and float32), PyTorch loads them and trains the same model on the same batches
# (scripts/transformer_parity.anis and .py); the curves' max abs/rel differences are printed
# against float64's tight and float32's tolerance.
# Python: scripts/setup_bench_env.sh's venv (.build/bench-venv; PYTHON overrides).
#
#   scripts/bench_transformer.sh                          # STEPS=50 REPEATS=3 ROUNDS=1
#   THREAD_COUNTS=1 PARITY_STEPS=0 ANIS_SCRATCH=.build-rel scripts/bench_transformer.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
. scripts/lib/bench_common.sh
scratch="${ANIS_SCRATCH:-.build}"
steps="${STEPS:-50}"
repeats="${REPEATS:-3}"
rounds="${ROUNDS:-1}"
thread_counts="${THREAD_COUNTS:-1 2}"
parity_steps="${PARITY_STEPS:-200}"

echo "bench: building anis (release, $scratch) ..." >&2
swift build -c release --scratch-path "$scratch" --product anis >/dev/null
anis="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/anis"
PYTHON="$(bench_python)"
bench_header "$anis"
echo "# STEPS=$steps REPEATS=$repeats ROUNDS=$rounds THREAD_COUNTS='$thread_counts'"

anis_variants=("fused float64" "primitives float64")
if "$anis" -e 'zeros(1, dtype: float32)' >/dev/null 2>&1; then
  anis_variants+=("fused float32")
else
  echo "# anis has no float32 (dtype) yet: its float32 variant is skipped"
fi
has_torch=0
if "$PYTHON" -c "import torch" 2>/dev/null; then has_torch=1; else
  echo "bench: torch is not installed (scripts/setup_bench_env.sh); skipping PyTorch" >&2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="$work/results"
for round in $(seq "$rounds"); do
  for n in $thread_counts; do
    for v in "${anis_variants[@]}"; do
      set -- $v
      pinned "$n" "$anis" scripts/bench_transformer.anis "$steps" "$repeats" "$1" "$2" \
        | sed "s/\$/ threads=$n round=$round/" | tee -a "$results"
    done
    if [ "$has_torch" = 1 ]; then
      pinned "$n" "$PYTHON" scripts/bench_transformer.py --threads "$n" --steps "$steps" \
        | sed "/^torch/s/\$/ round=$round/" | tee -a "$results"
    fi
  done
done

# The best time per (tool, dtype, variant, threads) over the rounds, then the ratios.
awk -v counts="$thread_counts" '
  $1 == "anis" || $1 == "torch" {
    delete f
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    key = $1 "/" f["dtype"] "/" f["variant"] "/" f["threads"]
    if (!(key in best) || f["step_ms"] + 0 < best[key]) best[key] = f["step_ms"] + 0
  }
  function r(a, b, target, what,   ka, kb) {
    if (!(a in best) || !(b in best)) return
    split(a, ka, "/"); split(b, kb, "/")
    printf "  %-28s / %-28s %6.2fx", ka[1] " " ka[2] " " ka[3], kb[1] " " kb[2] " " kb[3], best[a] / best[b]
    if (target != "") printf "  (%s target <= %s: %s)", what, target, (best[a] <= target * best[b] ? "holds" : "misses")
    printf "\n"
  }
  END {
    n = split(counts, c, " ")
    for (i = 1; i <= n; i++) {
      t = c[i]
      printf "ratios, %s thread(s) (step times in ms:", t
      for (k in best) { split(k, kk, "/"); if (kk[4] == t) printf " %s=%.1f", kk[1] "-" kk[2] "-" kk[3], best[k] }
      printf ")\n"
      r("anis/float64/fused/" t, "torch/float64/primitives/" t, 0.7, "issue 12")
      r("anis/float64/fused/" t, "torch/float64/fused/" t, 0.7, "issue 12")
      r("anis/float32/fused/" t, "torch/float32/fused/" t, 1.0, "issue 12")
      r("anis/float32/fused/" t, "torch/float32/primitives/" t, "", "")
      r("anis/float64/fused/" t, "torch/float32/fused/" t, "", "")
      r("anis/float64/fused/" t, "torch/float32/primitives/" t, 2.0, "issue 7")
      r("anis/float64/fused/" t, "anis/float64/primitives/" t, "", "")
      r("anis/float32/fused/" t, "anis/float64/fused/" t, "", "")
    }
  }' "$results"

if [ "$parity_steps" -gt 0 ]; then
  echo "== loss curves: $parity_steps Adam steps from the same initial parameters on the same Genesis batches"
  pinned 1 "$anis" scripts/transformer_parity.anis "$work" "$parity_steps" float64 save
  if [ "${anis_variants[2]:-}" = "fused float32" ]; then
    pinned 1 "$anis" scripts/transformer_parity.anis "$work" "$parity_steps" float32 load
  fi
  if [ "$has_torch" = 1 ]; then
    pinned 1 "$PYTHON" scripts/transformer_parity.py "$work" --threads 1
  fi
fi

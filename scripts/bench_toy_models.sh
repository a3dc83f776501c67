#!/usr/bin/env bash
# Toy models of superposition: anis (native train_autoencoder) against NumPy (hand-written
# gradients, float64), PyTorch (eager, float32) and JAX (jit + lax.scan, float32; vmap for
# the grid) on two workloads (scripts/bench_toy_models.py describes the references):
#   ref   seed 004's reference run: ReLU, n=20, m=5, S=0.9, r=0.7, batch 1024, 10,000 steps
#   grid  100 two-feature models (10 sparsities × 10 importances), n=2, m=1, batch 256, 2,000 steps
# Whole-process wall time, median of RUNS runs, final loss, and the issue's targets:
# ref anis ≤ 0.5× NumPy, grid anis ≤ 0.4× JAX. A tool that is not installed is skipped.
# Usage: scripts/bench_toy_models.sh [RUNS]      (ANIS_SCRATCH picks the build folder)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
SCRATCH=${ANIS_SCRATCH:-.build}
swift build -c release --scratch-path "$SCRATCH" >/dev/null
ANIS="$SCRATCH/release/anis"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
cat > "$TMP/ref.anis" <<'ANIS'
M = train_autoencoder(20, 5, activation: relu, sparsity: 0.9, importance: 0.7, steps: 10000, batch: 1024, lr: 0.001, seed: 0)
print("loss", M.loss, "dims/feature", dims_per_feature(M))
ANIS
cat > "$TMP/grid.anis" <<'ANIS'
models = train_autoencoder(n: 2, m: 1, sparsity: list(linspace(0, 0.9, 10)), importance: list(linspace(0.1, 1, 10)), steps: 2000, batch: 256, seed: 0)
L = []
for s in 0:10 { for r in 0:10 { L = append(L, models[s][r].loss) } }
print("loss", mean(L), "(mean over the 100 models)")
ANIS
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall() { local s e; s=$(date +%s.%N); "$@" > "$TMP/out" 2>&1 || { echo "failed: $*" >&2; cat "$TMP/out" >&2; return 1; }; e=$(date +%s.%N); echo "$e - $s" | bc; }
has() { case $1 in anis) return 0 ;; numpy) python3 -c "import numpy" 2>/dev/null ;; *) python3 -c "import $1" 2>/dev/null ;; esac; }
ratio() { if [ -n "${1:-}" ] && [ -n "${2:-}" ]; then echo "scale=3; $1 / $2" | bc; else echo "n/a"; fi; }
for wl in ref grid; do
  echo "== $wl"
  declare -A T=()
  for tool in anis numpy torch jax; do
    if ! has "$tool"; then echo "$tool: not installed, skipped"; continue; fi
    : > "$TMP/$tool.times"
    for _ in $(seq "$RUNS"); do
      case $tool in
        anis) wall "$ANIS" "$TMP/$wl.anis" >> "$TMP/$tool.times" ;;
        *) wall python3 scripts/bench_toy_models.py "$tool" "$wl" >> "$TMP/$tool.times" ;;
      esac
    done
    T[$tool]=$(median < "$TMP/$tool.times")
    # The Python scripts print: in-process seconds, loss[, dims/feature].
    case $tool in
      anis) info=$(tail -1 "$TMP/out") ;;
      *) info=$(awk '{printf "loss %s", $2; if (NF > 2) printf " dims/feature %s", $3}' "$TMP/out") ;;
    esac
    echo "$tool: ${T[$tool]} s   ($info)"
  done
  if [ "$wl" = ref ]; then
    r=$(ratio "${T[anis]}" "${T[numpy]:-}"); echo "anis/numpy = $r (target ≤ 0.5)"
  else
    r=$(ratio "${T[anis]}" "${T[jax]:-}"); echo "anis/jax = $r (target ≤ 0.4)"
  fi
  for tool in numpy torch jax; do
    if [ -n "${T[$tool]:-}" ]; then echo "  $tool/anis = $(ratio "${T[$tool]}" "${T[anis]}")x"; fi
  done
  unset T
done

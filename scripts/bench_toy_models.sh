#!/usr/bin/env bash
# Toy model of superposition, the seed-004 reference run (ReLU, n=20, m=5, S=0.9, r=0.7,
# batch 1024, 10,000 steps, Adam lr 1e-3) in anis (native train_autoencoder), NumPy
# (hand-written gradients, float64) and PyTorch (eager, float32): whole-process wall
# time, median of RUNS runs, and the ratios. Usage: scripts/bench_toy_models.sh [RUNS]
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
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
wall() { local s e; s=$(date +%s.%N); "$@" > "$TMP/out" 2>&1; e=$(date +%s.%N); echo "$e - $s" | bc; }
for tool in anis numpy torch; do
  : > "$TMP/$tool.times"
  for _ in $(seq "$RUNS"); do
    case $tool in
      anis) wall "$ANIS" "$TMP/ref.anis" >> "$TMP/$tool.times" ;;
      *) wall python3 scripts/bench_toy_models.py "$tool" >> "$TMP/$tool.times" ;;
    esac
  done
  echo "$tool: $(median < "$TMP/$tool.times") s   ($(tail -1 "$TMP/out"))"
  eval "T_$tool=$(median < "$TMP/$tool.times")"
done
echo "ratios: numpy/anis = $(echo "scale=2; $T_numpy / $T_anis" | bc)x, torch/anis = $(echo "scale=2; $T_torch / $T_anis" | bc)x"

#!/usr/bin/env bash
# Toy models of superposition: anis (native train_autoencoder, float64 and float32) against
# NumPy (hand-written gradients, float64 and float32), PyTorch (eager, float32) and JAX
# (jit + lax.scan, float32; vmap for the grid) on two workloads (scripts/bench_toy_models.py
# describes the references):
#   ref   seed 004's reference run: ReLU, n=20, m=5, S=0.9, r=0.7, batch 1024, 10,000 steps
#   grid  100 two-feature models (10 sparsities × 10 importances), n=2, m=1, batch 256, 2,000 steps
# Whole-process wall time (the best of RUNS; the tools take turns within each round, so a
# busy machine slows all of them alike), final loss, and the ratios with their targets:
#   ref   anis float64 ≤ 0.5× NumPy float64 (issue 6), anis float32 ≤ 0.3× NumPy float32 (issue 12)
#   grid  anis float64 ≤ 0.4× JAX (issue 6), anis float32 ≤ 0.08× JAX (issue 12)
# for each thread count in THREAD_COUNTS (default "1 2"): every tool pinned to that many
# CPUs with taskset and its thread variables set (scripts/lib/bench_common.sh).
# A tool that is not installed is skipped; anis float32 needs anis with dtypes.
# Python: scripts/setup_bench_env.sh's venv (.build/bench-venv; PYTHON overrides).
# Usage: scripts/bench_toy_models.sh [RUNS]      (ANIS_SCRATCH picks the build folder,
#        WORKLOADS="ref grid" and TOOLS pick what runs)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/bench_common.sh
RUNS=${1:-3}
SCRATCH=${ANIS_SCRATCH:-.build}
THREAD_COUNTS=${THREAD_COUNTS:-"1 2"}
WORKLOADS=${WORKLOADS:-"ref grid"}
TOOLS=${TOOLS:-"anis anis32 numpy numpy32 torch jax"}
swift build -c release --scratch-path "$SCRATCH" --product anis >/dev/null
ANIS="$SCRATCH/release/anis"
PYTHON=$(bench_python)
bench_header "$ANIS"
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT

# The anis programs, DTYPE filled in per variant.
cat > "$TMP/ref.template" <<'ANIS'
M = train_autoencoder(20, 5, activation: relu, sparsity: 0.9, importance: 0.7, steps: 10000, batch: 1024, lr: 0.001, seed: 0DTYPE)
print("loss", M.loss, "dims/feature", dims_per_feature(M))
ANIS
cat > "$TMP/grid.template" <<'ANIS'
models = train_autoencoder(n: 2, m: 1, sparsity: list(linspace(0, 0.9, 10)), importance: list(linspace(0.1, 1, 10)), steps: 2000, batch: 256, seed: 0DTYPE)
L = []
for s in 0:10 { for r in 0:10 { L = append(L, models[s][r].loss) } }
print("loss", mean(L), "(mean over the 100 models)")
ANIS
for wl in ref grid; do
  sed 's/DTYPE//' "$TMP/$wl.template" > "$TMP/$wl.anis"
  sed 's/DTYPE/, dtype: float32/' "$TMP/$wl.template" > "$TMP/${wl}32.anis"
done

has() {
  case $1 in
    anis) return 0 ;;
    anis32) "$ANIS" -e 'zeros(1, dtype: float32)' >/dev/null 2>&1 ;;
    numpy|numpy32) "$PYTHON" -c "import numpy" 2>/dev/null ;;
    *) "$PYTHON" -c "import $1" 2>/dev/null ;;
  esac
}
dtype_of() { case $1 in anis|numpy) echo float64 ;; *) echo float32 ;; esac; }
# run TOOL WORKLOAD THREADS: prints the whole-process wall seconds; the output goes to $TMP/TOOL.out.
run() {
  local tool=$1 wl=$2 n=$3 s e cmd
  case $tool in
    anis) cmd=("$ANIS" "$TMP/$wl.anis") ;;
    anis32) cmd=("$ANIS" "$TMP/${wl}32.anis") ;;
    *) cmd=("$PYTHON" scripts/bench_toy_models.py "$tool" "$wl") ;;
  esac
  s=$(date +%s.%N)
  pinned "$n" "${cmd[@]}" > "$TMP/$tool.out" 2>&1 || { echo "failed: ${cmd[*]}" >&2; cat "$TMP/$tool.out" >&2; return 1; }
  e=$(date +%s.%N)
  echo "$e - $s" | bc
}
ratio() { if [ -n "${1:-}" ] && [ -n "${2:-}" ]; then echo "scale=3; $1 / $2" | bc | sed 's/^\./0./'; else echo "n/a"; fi; }
verdict() { if [ "$1" = n/a ]; then echo "not measured"; elif [ "$(echo "$1 <= $2" | bc)" = 1 ]; then echo "holds"; else echo "misses"; fi; }

present=()
for tool in $TOOLS; do
  if has "$tool"; then present+=("$tool")
  elif [ "$tool" = anis32 ]; then echo "# anis32: this anis has no float32 (dtype), skipped"
  else echo "# $tool: not installed, skipped"; fi
done
for n in $THREAD_COUNTS; do
  for wl in $WORKLOADS; do
    echo "== $wl, $n thread(s), best of $RUNS"
    declare -A BEST=() INFO=()
    for _ in $(seq "$RUNS"); do
      for tool in "${present[@]}"; do
        t=$(run "$tool" "$wl" "$n")
        if [ -z "${BEST[$tool]:-}" ] || [ "$(echo "$t < ${BEST[$tool]}" | bc)" = 1 ]; then BEST[$tool]=$t; fi
        # anis prints "loss L dims/feature D"; the Python scripts "seconds loss [dims/feature]".
        case $tool in
          anis|anis32) INFO[$tool]=$(tail -1 "$TMP/$tool.out") ;;
          *) INFO[$tool]=$(awk '{printf "loss %s", $2; if (NF > 2) printf " dims/feature %s", $3}' "$TMP/$tool.out") ;;
        esac
      done
    done
    for tool in "${present[@]}"; do
      printf "%-8s %-8s %8.3f s   (%s)\n" "$tool" "$(dtype_of "$tool")" "${BEST[$tool]}" "${INFO[$tool]}"
    done
    if [ "$wl" = ref ]; then
      r=$(ratio "${BEST[anis]:-}" "${BEST[numpy]:-}"); echo "ratio $wl threads=$n anis float64 / numpy float64 = $r (target ≤ 0.5: $(verdict "$r" 0.5))"
      r=$(ratio "${BEST[anis32]:-}" "${BEST[numpy32]:-}"); echo "ratio $wl threads=$n anis float32 / numpy float32 = $r (target ≤ 0.3: $(verdict "$r" 0.3))"
    else
      r=$(ratio "${BEST[anis]:-}" "${BEST[jax]:-}"); echo "ratio $wl threads=$n anis float64 / jax float32 = $r (target ≤ 0.4: $(verdict "$r" 0.4))"
      r=$(ratio "${BEST[anis32]:-}" "${BEST[jax]:-}"); echo "ratio $wl threads=$n anis float32 / jax float32 = $r (target ≤ 0.08: $(verdict "$r" 0.08))"
    fi
    unset BEST INFO
  done
done

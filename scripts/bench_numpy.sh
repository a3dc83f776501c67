#!/usr/bin/env bash
# bench_numpy.sh: the seed-000 workload (randn, matmul, relu, svdvals, six activation
# spectra, ReLU's top singular vector, the variant without W, the 21-point leaky-ReLU
# sweep) in anis (scripts/bench_lapack.anis) and in NumPy (scripts/bench_numpy.py),
# in the same run, on the same machine. Never part of `swift test`.
#
# Prints per-phase seconds (best of RUNS runs for each), the ratios numpy/anis per phase
# (> 1: anis faster) and anis/numpy for the whole process (the issue's targets: ≤ 0.3 at
# default settings and on one thread, ≤ 0.4 with anis on Haswell kernels), peak RSS, the
# BLAS and core each side uses, and how far anis's svdvals are from NumPy's gesdd on the
# same matrix (target: 1e-12 relative).
#
# Configurations (CONFIGS, default "default 1 haswell"):
#   default   both tools as installed: no thread variable, each picks its own kernels
#   1         OPENBLAS_NUM_THREADS=1 for both
#   haswell   anis with OPENBLAS_CORETYPE=Haswell (standing in for an AVX2-only machine),
#             NumPy as installed; both at default threads
#
#   scripts/bench_numpy.sh
#   CONFIGS="1" RUNS=5 scripts/bench_numpy.sh
#   PYTHON=python3.11 ANIS_SCRATCH=.build-bench scripts/bench_numpy.sh
#
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for the NumPy command only, so it
# runs with its bundled OpenBLAS's own choices; anis keeps the environment it is given
# (plus the configuration's settings).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scratch="${ANIS_SCRATCH:-.build}"
runs="${RUNS:-3}"
configs="${CONFIGS:-default 1 haswell}"
say() { printf '%s\n' "bench: $*" >&2; }

if [ -n "${ANIS:-}" ]; then
    anis="$ANIS"
else
    say "building anis (release, $scratch) ..."
    swift build -c release --scratch-path "$scratch" --product anis >/dev/null
    anis="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/anis"
fi
[ -x "$anis" ] || { say "no anis binary at $anis"; exit 1; }

python_cmd="${PYTHON:-python3}"
python="$("$python_cmd" -c 'import sys; print(sys.executable)')"
"$python" -c 'import numpy' 2>/dev/null || { say "numpy is not installed for $python"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- which BLAS each side uses ---------------------------------------------------
say "CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; avx512f: $(grep -qw avx512f /proc/cpuinfo && echo yes || echo no)"
say "anis: $("$anis" --version | tail -n +2 | tr '\n' ' ')"
say "anis environment: OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-<unset>} OPENBLAS_L2_SIZE=${OPENBLAS_L2_SIZE:-<unset>}"
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" - <<'PY' >&2
import numpy as np
try:
    from threadpoolctl import threadpool_info
    for p in threadpool_info():
        if p.get("internal_api") in ("openblas", "mkl", "blis"):
            print("bench: numpy %s BLAS: %s %s, core %s, %s threads (%s)" % (
                np.__version__, p["internal_api"], p.get("version"), p.get("architecture"),
                p.get("num_threads"), p.get("filepath")))
except ImportError:
    cfg = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    print("bench: numpy %s BLAS: %s %s (%s) [threadpoolctl not installed]" % (
        np.__version__, cfg.get("name"), cfg.get("version"), cfg.get("openblas configuration", "").strip()))
PY

# --- one timed run: wall seconds, peak RSS (KiB) and the program's output --------
# run_one OUT_FILE CMD...: writes the program's stdout to OUT_FILE, prints "wall maxrss".
run_one() {
    "$python" - "$@" <<'PY'
import os, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
with open(out, "w") as f:
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=f)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
if status != 0:
    sys.exit("bench: failed: %s" % " ".join(cmd))
print("%.4f %d" % (wall, ru.ru_maxrss))
PY
}

# best PREFIX: per-phase minimum over the runs' output files PREFIX.*.out, plus wall and RSS.
summarise() {
    "$python" - "$work" "$@" <<'PY'
import glob, json, os, sys
work, tag = sys.argv[1], sys.argv[2]
best, wall, rss = {}, [], []
for path in sorted(glob.glob(os.path.join(work, tag + ".*.out"))):
    for line in open(path):
        k, v = line.split()
        if k.startswith("check_"):
            best[k] = float(v)
        else:
            best[k] = min(best.get(k, float("inf")), float(v))
    w, r = open(path[:-4] + ".proc").read().split()
    wall.append(float(w)); rss.append(int(r))
best["process_wall"] = min(wall)
best["peak_rss_mib"] = max(rss) / 1024
json.dump(best, open(os.path.join(work, tag + ".json"), "w"))
PY
}

# config_env CONFIG TOOL: the env(1) arguments for that tool in that configuration.
config_env() {
    case "$1:$2" in
        default:anis) echo "-u OPENBLAS_NUM_THREADS" ;;
        default:numpy|haswell:numpy) echo "-u OPENBLAS_NUM_THREADS -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE" ;;
        1:anis) echo "OPENBLAS_NUM_THREADS=1" ;;
        1:numpy) echo "-u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1" ;;
        haswell:anis) echo "-u OPENBLAS_NUM_THREADS OPENBLAS_CORETYPE=Haswell" ;;
        *) say "unknown configuration $1"; exit 2 ;;
    esac
}

for c in $configs; do
    say "configuration $c: anis env $(config_env "$c" anis); $runs runs of each, alternating ..."
    say "  anis core: $(env $(config_env "$c" anis) "$anis" --version | sed -n 's/^core: //p')"
    for i in $(seq 1 "$runs"); do
        # shellcheck disable=SC2046
        run_one "$work/anis$c.$i.out" env $(config_env "$c" anis) "$anis" scripts/bench_lapack.anis \
            >"$work/anis$c.$i.proc"
        # shellcheck disable=SC2046
        run_one "$work/numpy$c.$i.out" env $(config_env "$c" numpy) "$python" scripts/bench_numpy.py \
            >"$work/numpy$c.$i.proc"
    done
    summarise "anis$c"
    summarise "numpy$c"
done

# --- svdvals agreement with NumPy's gesdd on the same matrix ------------------------
env OPENBLAS_NUM_THREADS=1 "$anis" scripts/bench_lapack.anis "$work/H.npy" "$work/s_anis.npy" >/dev/null
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 "$python" - "$work" <<'PY'
import sys, numpy as np
w = sys.argv[1]
H, sa = np.load(w + "/H.npy"), np.load(w + "/s_anis.npy")
sn = np.linalg.svd(H, compute_uv=False)
print("svdvals of relu(X W), %dx%d: max |s_anis - s_numpy| / s1 = %.2e, max elementwise relative = %.2e"
      % (H.shape + (np.max(np.abs(sa - sn)) / sn[0], np.max(np.abs(sa - sn) / sn))))
PY

# --- the table ------------------------------------------------------------------------
"$python" - "$work" $configs <<'PY'
import json, sys
work, configs = sys.argv[1], sys.argv[2:]
targets = {"default": 0.3, "1": 0.3, "haswell": 0.4}
phases = ["randn", "matmul", "relu", "svdvals", "activations", "top_vector", "no_linear", "sweep",
          "total", "process_wall", "peak_rss_mib"]
summary = []
for c in configs:
    a = json.load(open("%s/anis%s.json" % (work, c)))
    n = json.load(open("%s/numpy%s.json" % (work, c)))
    print("\nconfiguration %s (best of runs; ratio = numpy / anis, > 1 means anis is faster)" % c)
    print("  %-14s %10s %10s %8s" % ("phase", "anis", "numpy", "ratio"))
    for k in phases:
        unit = "MiB" if k == "peak_rss_mib" else "s"
        print("  %-14s %9.3f%s %9.3f%s %8.2f" % (k, a[k], unit[0], n[k], unit[0], n[k] / a[k]))
    print("  checks (anis / numpy): relu sigma1/sigma2 %.3f / %.3f, |cos(v1, 1)| %.4f / %.4f, sweep p=0 %.3f / %.3f"
          % (a["check_relu_ratio"], n["check_relu_ratio"], a["check_cos_ones"], n["check_cos_ones"],
             a["check_sweep_p0"], n["check_sweep_p0"]))
    summary.append((c, a["process_wall"] / n["process_wall"], a["total"] / n["total"],
                    a["peak_rss_mib"], n["peak_rss_mib"], targets.get(c)))
print("\nanis / numpy (< 1: anis faster)")
print("  %-10s %12s %12s %22s %8s" % ("config", "process wall", "workload", "peak RSS anis/numpy", "target"))
for c, wall, total, ra, rn, target in summary:
    ok = "" if target is None else ("ok" if wall <= target and ra <= rn else "MISSED")
    print("  %-10s %12.2f %12.2f %13.0f/%-8.0f %5s %s" % (c, wall, total, ra, rn, target or "", ok))
PY

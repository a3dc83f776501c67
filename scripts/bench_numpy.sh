#!/usr/bin/env bash
# bench_numpy.sh: the seed-000 workload (randn, matmul, relu, svdvals, six activation
# spectra, ReLU's top singular vector, the variant without W, the 21-point leaky-ReLU
# sweep) in anis (scripts/bench_lapack.anis) and in NumPy (scripts/bench_numpy.py),
# in the same run, on the same machine. Never part of `swift test`.
#
# Prints per-phase seconds (best of RUNS runs for each), the ratio numpy/anis
# (> 1: anis faster), whole-process wall time and peak RSS, the BLAS each side
# uses, and how far anis's svdvals are from NumPy's gesdd on the same matrix.
# Targets (issue 3): svdvals no slower than NumPy and agreeing to 1e-12 relative;
# the whole workload in at most half NumPy's time with no higher peak memory.
#
#   scripts/bench_numpy.sh                 # OpenBLAS threads: 1, then all cores
#   THREADS="1" RUNS=5 scripts/bench_numpy.sh
#   PYTHON=python3.11 ANIS_SCRATCH=.build-bench scripts/bench_numpy.sh
#
# OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are unset for the NumPy command only, so it
# runs with its bundled OpenBLAS's own choices; anis keeps the environment it is given.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scratch="${ANIS_SCRATCH:-.build}"
runs="${RUNS:-3}"
threads="${THREADS:-1 $(nproc)}"
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
say "anis links: $(ldd "$anis" | awk '/blas|lapack/ {print $1 " -> " $3}' | tr '\n' ' ')"
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

for t in $threads; do
    say "OPENBLAS_NUM_THREADS=$t: $runs runs of each, alternating ..."
    for i in $(seq 1 "$runs"); do
        run_one "$work/anis$t.$i.out" env OPENBLAS_NUM_THREADS="$t" "$anis" scripts/bench_lapack.anis \
            >"$work/anis$t.$i.proc"
        run_one "$work/numpy$t.$i.out" env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$t" \
            "$python" scripts/bench_numpy.py >"$work/numpy$t.$i.proc"
    done
    summarise "anis$t"
    summarise "numpy$t"
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
"$python" - "$work" $threads <<'PY'
import json, sys
work, threads = sys.argv[1], sys.argv[2:]
phases = ["randn", "matmul", "relu", "svdvals", "activations", "top_vector", "no_linear", "sweep",
          "total", "process_wall", "peak_rss_mib"]
for t in threads:
    a = json.load(open("%s/anis%s.json" % (work, t)))
    n = json.load(open("%s/numpy%s.json" % (work, t)))
    print("\nOPENBLAS_NUM_THREADS=%s (best of runs; ratio = numpy / anis, > 1 means anis is faster)" % t)
    print("  %-14s %10s %10s %8s" % ("phase", "anis", "numpy", "ratio"))
    for k in phases:
        unit = "MiB" if k == "peak_rss_mib" else "s"
        print("  %-14s %9.3f%s %9.3f%s %8.2f" % (k, a[k], unit[0], n[k], unit[0], n[k] / a[k]))
    print("  checks (anis / numpy): relu sigma1/sigma2 %.3f / %.3f, |cos(v1, 1)| %.4f / %.4f, sweep p=0 %.3f / %.3f"
          % (a["check_relu_ratio"], n["check_relu_ratio"], a["check_cos_ones"], n["check_cos_ones"],
             a["check_sweep_p0"], n["check_sweep_p0"]))
PY

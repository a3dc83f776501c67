#!/usr/bin/env bash
# bench_interpreter.sh: interpreter benchmarks (never part of `swift test`).
# Builds anis in release and compares it with CPython in one go:
#   (a) scalar loop  `s = s + i * i % 7` over 10^7 iterations, anis vs CPython
#       running the same loop inside a function; best of 3 each.
#       Target: anis >= 3x faster.
#   (b) start-up     `anis -e 1` vs `python3 -c "import numpy"`; mean of >= 20 runs.
#       Target: anis <= 1/4 of numpy's time.
# Uses hyperfine (installed with apt-get when missing), else a Python timing harness.
#
#   scripts/bench_interpreter.sh
#   PYTHON=/usr/bin/python3.11 ANIS_SCRATCH=.build-bench scripts/bench_interpreter.sh
#   BENCH_HARNESS=python scripts/bench_interpreter.sh    # skip hyperfine
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

scratch="${ANIS_SCRATCH:-.build}"
loop_runs=3
startup_runs="${STARTUP_RUNS:-30}"

say() { printf '%s\n' "bench: $*" >&2; }

# --- anis, release build -----------------------------------------------------
say "building anis (release, $scratch) ..."
swift build -c release --scratch-path "$scratch" --product anis >/dev/null
anis="$(swift build -c release --scratch-path "$scratch" --show-bin-path)/anis"
[ -x "$anis" ] || { say "no anis binary at $anis"; exit 1; }

# --- Python: the real interpreter (pyenv shims add ~100 ms of bash per start) --
python_cmd="${PYTHON:-python3}"
command -v "$python_cmd" >/dev/null 2>&1 || { say "no $python_cmd on PATH (set PYTHON=...)"; exit 1; }
python="$("$python_cmd" -c 'import sys; print(sys.executable)')"
python_version="$("$python" -c 'import platform; print(platform.python_version())')"
case "$python_version" in
    3.11.*) ;;
    *) say "warning: CPython $python_version (the reference is CPython 3.11)" ;;
esac
if ! "$python" -c 'import numpy' >/dev/null 2>&1; then
    say "installing numpy with pip ..."
    "$python" -m pip install --quiet numpy >/dev/null 2>&1 ||
        "$python" -m pip install --quiet --break-system-packages numpy >/dev/null
fi

# --- hyperfine -------------------------------------------------------------------
harness="${BENCH_HARNESS:-hyperfine}"
if [ "$harness" = hyperfine ] && ! command -v hyperfine >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    sudo=()
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); fi
    say "installing hyperfine ..."
    { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine ||
      { "${sudo[@]}" apt-get update -qq &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine; }; } \
        >/dev/null 2>&1 || say "could not install hyperfine; using the Python harness"
fi
command -v hyperfine >/dev/null 2>&1 || harness=python

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cat >"$work/loop.anis" <<'ANIS'
s = 0
for i in 0:10000000 { s = s + i * i % 7 }
print(s)
ANIS
cat >"$work/loop.py" <<'PY'
def f():
    s = 0
    for i in range(10000000):
        s = s + i * i % 7
    return s
print(f())
PY

# Both must compute the same thing.
anis_out="$("$anis" "$work/loop.anis")" || { say "anis failed to run the loop script"; exit 1; }
py_out="$("$python" "$work/loop.py")"
if [ "$anis_out" != "$py_out" ]; then
    say "warning: results differ: anis printed '$anis_out', python printed '$py_out'"
fi

# time_cmd RUNS STAT NAME CMD...: prints STAT (min or mean) seconds of RUNS runs.
time_cmd() {
    local runs="$1" stat="$2" name="$3"; shift 3
    if [ "$harness" = hyperfine ]; then
        local quoted
        quoted="$(printf '%q ' "$@")"
        if ! hyperfine -N --style none --runs "$runs" --warmup 1 \
                --export-json "$work/$name.json" "$quoted" >/dev/null 2>"$work/$name.err"; then
            cat "$work/$name.err" >&2
            say "failed: $*"
            return 1
        fi
        "$python" -c 'import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.6f" % r[sys.argv[2]])' "$work/$name.json" "$stat"
    else
        "$python" - "$runs" "$stat" "$@" <<'PY'
import subprocess, sys, time
runs, stat, cmd = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)  # warm-up
times = []
for _ in range(runs):
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
    times.append(time.perf_counter() - t0)
print("%.6f" % (min(times) if stat == "min" else sum(times) / len(times)))
PY
    fi
}

say "timing the scalar loop (best of $loop_runs) ..."
loop_anis="$(time_cmd "$loop_runs" min loop_anis "$anis" "$work/loop.anis")"
loop_py="$(time_cmd "$loop_runs" min loop_py "$python" "$work/loop.py")"
say "timing start-up (mean of $startup_runs) ..."
start_anis="$(time_cmd "$startup_runs" mean start_anis "$anis" -e 1)"
start_np="$(time_cmd "$startup_runs" mean start_np "$python" -c "import numpy")"

[ "$harness" = hyperfine ] && harness="hyperfine $(hyperfine --version | awk '{print $2}')"

"$python" - "$loop_anis" "$loop_py" "$start_anis" "$start_np" "$python_version" "$harness" <<'PY'
import sys
la, lp, sa, sn = map(float, sys.argv[1:5])
pyv, harness = sys.argv[5], sys.argv[6]
def ms(x): return "%9.1f ms" % (x * 1000)
speed = lp / la if la > 0 else float("inf")
frac = sa / sn if sn > 0 else float("inf")
ok = lambda b: "ok" if b else "MISSED"
print()
print("anis interpreter benchmarks (CPython %s, %s)" % (pyv, harness))
print("%-34s %12s %12s  %-22s %s" % ("benchmark", "anis", "python", "ratio", "target"))
print("-" * 96)
print("%-34s %12s %12s  %-22s %s" % ("scalar loop 1e7 (best of 3)", ms(la), ms(lp),
      "anis %.2fx faster" % speed, "%s (>= 3x)" % ok(speed >= 3)))
print("%-34s %12s %12s  %-22s %s" % ("start-up: -e 1 vs import numpy", ms(sa), ms(sn),
      "anis %.2f of numpy" % frac, "%s (<= 0.25)" % ok(frac <= 0.25)))
PY

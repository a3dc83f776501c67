# bench_common.sh — sourced by the benchmark scripts (bench_transformer.sh,
# bench_toy_models.sh): the header every benchmark prints, the Python that has the
# reference libraries, and CPU pinning for a thread count.

# bench_header ANIS: the CPU (lscpu's model name and its AVX-512/AVX2 flags), the BLAS
# core anis runs on (`anis --version`), the Python libraries, the date and the load
# average — the numbers only mean something next to these.
bench_header() {
    local anis="$1" model flags
    model="$(lscpu 2>/dev/null | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
    flags="$(grep -m1 -o -w 'avx512[a-z0-9_]*\|avx2\|fma' /proc/cpuinfo 2>/dev/null | sort -u | tr '\n' ' ')"
    echo "# cpu: ${model:-unknown}, $(nproc) cores; flags: ${flags:-none of avx2/avx512}"
    "$anis" --version | sed -n 's/^/# anis: /p'
    if [ -n "${PYTHON:-}" ]; then
        "$PYTHON" - <<'PY' 2>/dev/null | sed 's/^/# python: /' || true
import importlib, sys
found = []
for name in ("numpy", "torch", "jax"):
    try:
        found.append(f"{name} {importlib.import_module(name).__version__}")
    except Exception:
        found.append(f"{name} missing")
print(f"{sys.version.split()[0]}; " + ", ".join(found))
PY
    fi
    echo "# $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg) (a shared machine makes times noisy: compare the ratios, each from one run)"
}

# bench_python: the venv of scripts/setup_bench_env.sh (made when missing), or $PYTHON
# if set, or python3 when the venv cannot be made (offline): then the tools it lacks are skipped.
bench_python() {
    if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
    scripts/setup_bench_env.sh 2>/dev/null || { echo "bench: no bench venv (scripts/setup_bench_env.sh failed); using python3" >&2; echo python3; }
}

# pinned N CMD...: runs CMD on the first N CPUs (taskset, when present) with every
# library's thread variable set to N, so anis, NumPy, PyTorch and JAX all get N threads.
pinned() {
    local n="$1"; shift
    local pin=()
    if command -v taskset >/dev/null 2>&1 && [ "$n" -le "$(nproc)" ]; then pin=(taskset -c "0-$((n - 1))"); fi
    OPENBLAS_NUM_THREADS="$n" OMP_NUM_THREADS="$n" MKL_NUM_THREADS="$n" BENCH_THREADS="$n" "${pin[@]}" "$@"
}

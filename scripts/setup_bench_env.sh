#!/usr/bin/env bash
# setup_bench_env.sh: the Python side of the benchmarks (bench_transformer.sh,
# bench_toy_models.sh, bench_training.sh): a virtual environment .build/bench-venv
# (git-ignored; BENCH_VENV overrides) with numpy, torch and jax[cpu]. Idempotent:
# when the venv already imports all three it does nothing and prints its python.
#
# torch: PyPI's default Linux wheel is a CUDA build with several GB of NVIDIA
# libraries (it runs on the CPU all the same). To avoid that, in this order:
#   1. a CPU wheel (torch-*+cpu-*.whl for this Python) in a folder of PIP_FIND_LINKS,
#   2. PyTorch's CPU-only index (TORCH_CPU_INDEX), if it answers within 15 s,
#   3. the default wheel from PyPI.
# Prints the venv's python on stdout (the benchmarks use it); progress on stderr.
#
#   scripts/setup_bench_env.sh            # make or reuse .build/bench-venv
#   PYTHON=$(scripts/setup_bench_env.sh) # what the benchmark scripts do
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

venv="${BENCH_VENV:-.build/bench-venv}"
python="$venv/bin/python"
cpu_index="${TORCH_CPU_INDEX:-https://download.pytorch.org/whl/cpu}"

ready() { [ -x "$python" ] && "$python" -c "import numpy, torch, jax" 2>/dev/null; }

if ready; then echo "$python"; exit 0; fi

if [ ! -x "$python" ]; then
    echo "setup_bench_env: creating $venv" >&2
    python3 -m venv "$venv"
fi
pip=("$python" -m pip install --disable-pip-version-check)

if ! "$python" -c "import torch" 2>/dev/null; then
    tag="cp$("$python" -c 'import sys; print(f"{sys.version_info[0]}{sys.version_info[1]}")')"
    wheel=""
    IFS=' ' read -r -a links <<< "${PIP_FIND_LINKS:-}"
    for dir in "${links[@]}"; do
        [ -d "$dir" ] || continue
        wheel="$(ls "$dir"/torch-*+cpu-"$tag"-"$tag"-*linux*_x86_64.whl 2>/dev/null | sort -V | tail -1 || true)"
        [ -n "$wheel" ] && break
    done
    if [ -n "$wheel" ]; then
        echo "setup_bench_env: torch from the local CPU wheel $wheel" >&2
        "${pip[@]}" "$wheel" >&2
    elif "${pip[@]}" --timeout 15 --retries 0 --index-url "$cpu_index" \
            --extra-index-url https://pypi.org/simple torch >&2 2>/dev/null; then
        echo "setup_bench_env: torch from the CPU-only index" >&2
    else
        echo "setup_bench_env: CPU-only index unreachable; the default (CUDA) torch from PyPI, a large download" >&2
        "${pip[@]}" torch >&2
    fi
fi
"${pip[@]}" numpy "jax[cpu]" >&2

if ! ready; then
    echo "setup_bench_env: $venv still cannot import numpy, torch and jax" >&2
    exit 1
fi
echo "$python"

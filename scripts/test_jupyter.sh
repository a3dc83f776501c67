#!/usr/bin/env bash
# test_jupyter.sh: tests `anis kernel` with real Jupyter clients from PyPI. Creates a
# virtual environment in .build/jupyter-venv (git-ignored, reused between runs) with
# jupyter_client, nbclient, nbformat and jupyter_console, installs the anis kernelspec
# into it, then
#   - Tests/Jupyter/kernel_client_test.py drives every message the kernel answers;
#   - Tests/Jupyter/notebook_test.py executes examples/seed000_anisotropy.ipynb and
#     checks its values and inline figures (kept in .build/jupyter-figures/ to look at);
#   - `jupyter console --kernel anis` runs a few lines typed on its stdin (smoke test).
# Skips (exit 0, with a message) only when PyPI cannot be reached.
#
#   scripts/test_jupyter.sh [path/to/anis]   (default: builds and uses .build/debug/anis)
set -euo pipefail
ANIS=${1:-}
if [ -n "$ANIS" ]; then ANIS=$(cd "$(dirname "$ANIS")" && pwd)/$(basename "$ANIS"); fi
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ -z "$ANIS" ]; then
    swift build --product anis >/dev/null || { echo "test_jupyter.sh: build failed" >&2; exit 2; }
    ANIS=$PWD/.build/debug/anis
fi
[ -x "$ANIS" ] || { echo "test_jupyter.sh: no anis binary at $ANIS" >&2; exit 2; }

venv=.build/jupyter-venv
python=$venv/bin/python
packages=(jupyter_client nbclient nbformat jupyter_console)
if ! "$python" -c 'import jupyter_client, nbclient, nbformat, jupyter_console' 2>/dev/null; then
    command -v python3 >/dev/null || { echo "test_jupyter.sh: python3 is needed (scripts/setup.sh installs it)" >&2; exit 2; }
    rm -rf "$venv"
    python3 -m venv "$venv"
    if ! "$python" -m pip install -q --disable-pip-version-check "${packages[@]}"; then
        # Tell "PyPI cannot be reached" (skip) from a broken installation (fail).
        if ! "$python" -m pip download -q --no-deps --no-cache-dir -d "$venv/probe" jupyter_client >/dev/null 2>&1; then
            echo "test_jupyter.sh: SKIPPED: PyPI cannot be reached, so the Jupyter clients cannot be installed"
            exit 0
        fi
        echo "test_jupyter.sh: installing ${packages[*]} failed" >&2
        exit 1
    fi
fi

# Jupyter's own folders go to a temporary place: the tests see only the venv's kernelspec.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export JUPYTER_DATA_DIR=$tmp/data JUPYTER_CONFIG_DIR=$tmp/config JUPYTER_RUNTIME_DIR=$tmp/runtime
export JUPYTER_PLATFORM_DIRS=1
"$ANIS" kernel install --prefix "$PWD/$venv" >/dev/null

status=0
echo "== kernel messages (jupyter_client)"
timeout 300 "$python" Tests/Jupyter/kernel_client_test.py || status=1
echo "== examples/seed000_anisotropy.ipynb (nbclient)"
timeout 600 "$python" Tests/Jupyter/notebook_test.py examples/seed000_anisotropy.ipynb .build/jupyter-figures || status=1
echo "== jupyter console --kernel anis (smoke test)"
printf 'x = 21\nx * 2\nplot([1, 2, 3])\nundefined_y\n' \
    | timeout 120 "$venv/bin/jupyter" console --kernel anis --simple-prompt >"$tmp/console" 2>&1 || true
console_ok=1
for want in 'Out\[2\]: 42' '⣀' "undefined variable 'undefined_y'" 'In \[4\]'; do
    if grep -q "$want" "$tmp/console"; then echo "ok   console shows $want"
    else echo "FAIL console shows $want"; console_ok=0; fi
done
[ $console_ok = 1 ] || { sed 's/^/     /' "$tmp/console"; status=1; }
exit $status

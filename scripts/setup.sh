#!/usr/bin/env bash
# setup.sh: installs the system libraries anis builds against (OpenBLAS, LAPACKE,
# readline, cairo, pango; ZeroMQ and OpenSSL's libcrypto for the Jupyter kernel),
# and python3-venv for the Jupyter client tests, with apt-get. Idempotent and fast: packages already
# installed are detected with dpkg and nothing is downloaded (works offline);
# `apt-get update` runs only when something is missing.
set -euo pipefail

packages=(libopenblas-dev liblapacke-dev libreadline-dev libcairo2-dev libpango1.0-dev libzmq3-dev libssl-dev python3-venv)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup.sh: missing packages (${missing[*]}) and no apt-get: install them by hand" >&2
    exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        echo "setup.sh: not root and no sudo; install: ${missing[*]}" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "setup.sh: installing ${missing[*]}"
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

"""bench_elementwise.py — NumPy's side of scripts/bench_elementwise.sh (issue 11 item 5).

    python3 scripts/bench_elementwise.py [REPEATS] [N]

The same arrays as scripts/bench_elementwise.anis: X = N standard normals (NumPy's own
generator: the values do not matter, only their spread), F = X as float32, A = |X|. Times,
each the best of REPEATS (default 7) calls, NumPy's way of writing each work (NumPy has no
relu, sigmoid, gelu, elu or softplus of its own):
    relu        np.maximum(X, 0)            add    X + X             mul   X * X
    where       np.where(X > 0, X, 0.1 * X) leaky_relu  np.where(X > 0, X, 0.1 * X)
    sigmoid     1 / (1 + np.exp(-X))        silu   X / (1 + np.exp(-X))
    tanh        np.tanh(X)                  gelu   0.5 * X * (1 + erf(X / sqrt 2)) (scipy.special.erf)
    elu         np.where(X > 0, X, np.expm1(X))
    softplus    np.logaddexp(0, X)          exp, log(A), sqrt(A), abs: the ufuncs
and prints `numpy dtype=float64 relu=SECONDS ...` and the same for float32. gelu is nan
when SciPy is missing.
"""
import math
import sys
import time

import numpy as np

try:
    from scipy.special import erf
except ImportError:  # gelu is then not measured
    erf = None


def best_time(f, repeats):
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        f()
        best = min(best, time.perf_counter() - t0)
    return best


def works(x, a):
    dt = x.dtype.type
    one, tenth, half, inv_sqrt2 = dt(1), dt(0.1), dt(0.5), dt(1 / math.sqrt(2))
    return [
        ("relu", lambda: np.maximum(x, 0)),
        ("add", lambda: x + x),
        ("mul", lambda: x * x),
        ("where", lambda: np.where(x > 0, x, tenth * x)),
        ("leaky_relu", lambda: np.where(x > 0, x, tenth * x)),
        ("sigmoid", lambda: one / (one + np.exp(-x))),
        ("silu", lambda: x / (one + np.exp(-x))),
        ("tanh", lambda: np.tanh(x)),
        ("gelu", (lambda: half * x * (one + erf(x * inv_sqrt2))) if erf else None),
        ("elu", lambda: np.where(x > 0, x, np.expm1(x))),
        ("softplus", lambda: np.logaddexp(0, x)),
        ("exp", lambda: np.exp(x)),
        ("log", lambda: np.log(a)),
        ("sqrt", lambda: np.sqrt(a)),
        ("abs", lambda: np.abs(x)),
    ]


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 4194304
    x64 = np.random.default_rng(0).standard_normal(n)
    for x in (x64, x64.astype(np.float32)):
        a = np.abs(x)
        fields = [f"{name}={best_time(f, repeats) if f else float('nan'):.8f}" for name, f in works(x, a)]
        print(f"numpy dtype={x.dtype} " + " ".join(fields))


if __name__ == "__main__":
    main()

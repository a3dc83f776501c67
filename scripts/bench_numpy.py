"""bench_numpy.py — the seed-000 workload in NumPy, timed phase by phase.

Run by scripts/bench_numpy.sh next to scripts/bench_lapack.anis (same phases, same
output format: "phase seconds" lines, then "check_* value" lines). Optional argv[1]:
an .npy file of a ReLU feature matrix saved by anis; its singular values are computed
with np.linalg.svd(compute_uv=False) (LAPACK gesdd) and written to argv[2].
"""
import sys
import time

import numpy as np

try:
    from scipy.special import erf
except ImportError:  # NumPy has no vectorised erf; fall back to math.erf (slow)
    import math
    erf = np.vectorize(math.erf)


def sigma_ratio(h):
    s = np.linalg.svd(h, compute_uv=False)
    return s[0] / s[1]


def silu(z):
    return z / (1 + np.exp(-z))


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def gelu(z):
    return 0.5 * z * (1 + erf(z / np.sqrt(2)))


def main():
    n, d, D = 10000, 100, 400
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()

    t = time.perf_counter()
    x = rng.standard_normal((n, d))
    w = rng.standard_normal((d, D)) / np.sqrt(d)
    print("randn", time.perf_counter() - t)

    t = time.perf_counter()
    z = x @ w
    print("matmul", time.perf_counter() - t)

    t = time.perf_counter()
    h = np.maximum(z, 0)
    print("relu", time.perf_counter() - t)

    t = time.perf_counter()
    np.linalg.svd(h, compute_uv=False)
    print("svdvals", time.perf_counter() - t)

    t = time.perf_counter()
    acts = [lambda v: v, lambda v: np.maximum(v, 0), silu, np.tanh, gelu, sigmoid]
    ratios = [sigma_ratio(f(z)) for f in acts]
    print("activations", time.perf_counter() - t)

    t = time.perf_counter()
    _, _, vt = np.linalg.svd(h, full_matrices=False)
    v1 = vt[0]
    cos1 = abs(v1.sum()) / np.sqrt(D) / np.linalg.norm(v1)
    print("top_vector", time.perf_counter() - t)

    t = time.perf_counter()
    sigma_ratio(np.maximum(rng.standard_normal((n, D)), 0))
    print("no_linear", time.perf_counter() - t)

    t = time.perf_counter()
    sweep = [sigma_ratio(np.where(z > 0, z, p * z)) for p in np.linspace(0, 1, 21)]
    print("sweep", time.perf_counter() - t)

    print("total", time.perf_counter() - t0)
    print("check_relu_ratio", ratios[1])
    print("check_cos_ones", cos1)
    print("check_sweep_p0", sweep[0])

    if len(sys.argv) > 2:
        hs = np.load(sys.argv[1])
        np.save(sys.argv[2], np.linalg.svd(hs, compute_uv=False))


if __name__ == "__main__":
    main()

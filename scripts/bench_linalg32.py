# bench_linalg32.py — NumPy's twin of bench_linalg32.anis (run by bench_linalg32.sh): the
# same routines on matrices of the same sizes and kinds, in float64 and float32.
# Prints "routine seconds64 seconds32" lines, best of REPEATS calls each.
import time

import numpy as np

n, repeats = 400, 3
rng = np.random.default_rng(0)
A = rng.standard_normal((n, n)) + np.sqrt(n) * np.eye(n)
T = rng.standard_normal((2 * n, n))
S = T.T @ T
b = rng.standard_normal((n, 8))
tb = rng.standard_normal(2 * n)
D = A / np.sqrt(n)
works = [
    ("solve", lambda m: np.linalg.solve(m["A"], m["b"])), ("inv", lambda m: np.linalg.inv(m["A"])),
    ("det", lambda m: np.linalg.det(m["D"])), ("qr", lambda m: np.linalg.qr(m["T"])[1]),
    ("cholesky", lambda m: np.linalg.cholesky(m["S"])), ("eigh", lambda m: np.linalg.eigvalsh(m["S"])),
    ("eig", lambda m: np.linalg.eigvals(m["A"])), ("lstsq", lambda m: np.linalg.lstsq(m["T"], m["tb"])[0]),
    ("pinv", lambda m: np.linalg.pinv(m["T"])), ("svdvals", lambda m: np.linalg.svd(m["A"], compute_uv=False)),
]
m64 = dict(A=A, b=b, T=T, S=S, tb=tb, D=D)
m32 = {k: v.astype(np.float32) for k, v in m64.items()}


def best(f):
    t_best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        f()
        t_best = min(t_best, time.perf_counter() - t)
    return t_best


for name, f in works:
    print(name, best(lambda: f(m64)), best(lambda: f(m32)))

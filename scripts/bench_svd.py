"""bench_svd.py — NumPy's side of scripts/bench_svd.sh (issue 11's SVD targets).

    python3 scripts/bench_svd.py WORK [REPEATS] [--check]

Loads WORK/Z.npy (saved by scripts/bench_svd.anis), forms H = relu(Z) and times, each the
best of REPEATS (default 3) calls, np.linalg.svd(H, full_matrices=False),
np.linalg.svd(Z, compute_uv=False) and np.linalg.svd(H, compute_uv=False) (LAPACK gesdd);
prints `numpy svd_relu=SECONDS svdvals_rank=SECONDS svdvals_relu=SECONDS`.

With --check it also compares anis's results in WORK with gesdd's and prints one
`check NAME=VALUE ...` line: singular values as max |σ_anis − σ_numpy| / σ1 (the issue's
requirement: ≤ 1e-12), U and Vt as max |XᵀX − I|, the reconstruction as
max |H − U·diag(S)·Vt| / σ1, and the singular vectors as max ||cos(anis, numpy)| − 1| over
those whose gap to their neighbours is ≥ 1e-6·σ1 (an error of about ε·σ1/gap is expected).
"""
import sys
import time

import numpy as np


def best_time(f, repeats):
    best, out = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = f()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    work = args[0]
    repeats = int(args[1]) if len(args) > 1 else 3
    z = np.load(f"{work}/Z.npy")
    h = np.maximum(z, 0)
    t_svd, (u0, s0, vt0) = best_time(lambda: np.linalg.svd(h, full_matrices=False), repeats)
    t_rank, s_rank = best_time(lambda: np.linalg.svd(z, compute_uv=False), repeats)
    t_relu, s_relu = best_time(lambda: np.linalg.svd(h, compute_uv=False), repeats)
    print(f"numpy svd_relu={t_svd:.4f} svdvals_rank={t_rank:.4f} svdvals_relu={t_relu:.4f}")
    if "--check" not in sys.argv:
        return
    u, s, vt = (np.load(f"{work}/{name}.npy") for name in ("U", "S", "Vt"))
    k = s0.size
    gap = np.minimum(np.append(np.inf, -np.diff(s0)), np.append(-np.diff(s0), s0[-1]))
    resolved = gap >= 1e-6 * s0[0]
    checks = {
        "svd_S": np.max(np.abs(s - s0)) / s0[0],
        "svd_U_orth": np.max(np.abs(u.T @ u - np.eye(k))),
        "svd_Vt_orth": np.max(np.abs(vt @ vt.T - np.eye(k))),
        "svd_residual": np.max(np.abs(h - (u * s) @ vt)) / s0[0],
        "svd_U_vs_numpy": np.max(np.abs(np.abs(np.sum(u * u0, axis=0)) - 1)[resolved]),
        "svd_Vt_vs_numpy": np.max(np.abs(np.abs(np.sum(vt * vt0, axis=1)) - 1)[resolved]),
        "svdvals_rank": np.max(np.abs(np.load(f"{work}/s_rank.npy") - s_rank)) / s_rank[0],
        "svdvals_relu": np.max(np.abs(np.load(f"{work}/s_relu.npy") - s_relu)) / s_relu[0],
    }
    print("check " + " ".join(f"{name}={value:.2e}" for name, value in checks.items())
          + f" resolved_vectors={int(resolved.sum())}/{k}")


if __name__ == "__main__":
    main()

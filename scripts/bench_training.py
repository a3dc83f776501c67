"""bench_training.py — the training benchmark's PyTorch-eager and NumPy sides.

The model of scripts/bench_mlp.anis: a two-layer MLP (100 -> 400 ReLU -> 10, mean
squared error), batch 256, 1,000 Adam steps (lr 1e-3). PyTorch runs eager with
autograd and torch.optim.Adam, in float64 (anis's precision) and float32 (its
default); NumPy uses hand-written gradients and a hand-written Adam in float64.
Prints one "NAME SECONDS FINAL_LOSS" line per variant (timing excludes set-up).
Usage: python3 scripts/bench_training.py [steps]
"""
import sys
import time

import numpy as np

N_IN, N_HIDDEN, N_OUT, BATCH = 100, 400, 10, 256


def data(rng):
    x = rng.standard_normal((BATCH, N_IN))
    y = rng.standard_normal((BATCH, N_OUT))
    w1 = rng.standard_normal((N_IN, N_HIDDEN)) * np.sqrt(2 / N_IN)
    w2 = rng.standard_normal((N_HIDDEN, N_OUT)) * np.sqrt(1 / N_HIDDEN)
    return x, y, w1, w2


def numpy_run(steps):
    x, y, w1, w2 = data(np.random.default_rng(0))
    b1, b2 = np.zeros(N_HIDDEN), np.zeros(N_OUT)
    params = [w1, b1, w2, b2]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, beta1, beta2, eps = 1e-3, 0.9, 0.999, 1e-8
    loss = 0.0
    t0 = time.perf_counter()
    for t in range(1, steps + 1):
        w1, b1, w2, b2 = params
        z = x @ w1 + b1
        h = np.maximum(z, 0)
        out = h @ w2 + b2
        diff = out - y
        loss = float(np.mean(diff ** 2))
        d_out = diff * (2 / diff.size)
        g_w2 = h.T @ d_out
        g_b2 = d_out.sum(axis=0)
        d_h = d_out @ w2.T
        d_z = d_h * (z > 0)
        g_w1 = x.T @ d_z
        g_b1 = d_z.sum(axis=0)
        grads = [g_w1, g_b1, g_w2, g_b2]
        c1, c2 = 1 - beta1 ** t, 1 - beta2 ** t
        for i, g in enumerate(grads):
            m[i] = beta1 * m[i] + (1 - beta1) * g
            v[i] = beta2 * v[i] + (1 - beta2) * g * g
            params[i] = params[i] - (lr / c1) * m[i] / (np.sqrt(v[i] / c2) + eps)
    return time.perf_counter() - t0, loss


def torch_run(steps, dtype):
    import torch
    x, y, w1, w2 = data(np.random.default_rng(0))
    x, y = torch.tensor(x, dtype=dtype), torch.tensor(y, dtype=dtype)
    params = [torch.tensor(w1, dtype=dtype, requires_grad=True),
              torch.zeros(N_HIDDEN, dtype=dtype, requires_grad=True),
              torch.tensor(w2, dtype=dtype, requires_grad=True),
              torch.zeros(N_OUT, dtype=dtype, requires_grad=True)]
    opt = torch.optim.Adam(params, lr=1e-3)
    loss = None
    t0 = time.perf_counter()
    for _ in range(steps):
        w1, b1, w2, b2 = params
        h = torch.relu(x @ w1 + b1)
        loss = torch.mean((h @ w2 + b2 - y) ** 2)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return time.perf_counter() - t0, float(loss)


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    secs, loss = numpy_run(steps)
    print(f"numpy {secs:.4f} {loss:.6g}", flush=True)
    try:
        import torch
    except ImportError:
        print("torch-missing", flush=True)
        return
    for name, dtype in (("torch_f64", torch.float64), ("torch_f32", torch.float32)):
        torch_run(20, dtype)  # warm-up (allocator, kernels)
        secs, loss = torch_run(steps, dtype)
        print(f"{name} {secs:.4f} {loss:.6g}", flush=True)


if __name__ == "__main__":
    main()

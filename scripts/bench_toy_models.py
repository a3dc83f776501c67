"""Reference toy model of superposition (seed 004) in NumPy (hand-written gradients) and
PyTorch (eager autograd): ReLU, n=20, m=5, S=0.9, r=0.7, batch 1024, 10,000 steps, Adam lr 1e-3.
Usage: python3 bench_toy_models.py numpy|torch  -> prints seconds, final loss, dims/feature."""
import sys, time
import numpy as np

n, m, S, r, B, STEPS, LR = 20, 5, 0.9, 0.7, 1024, 10000, 1e-3
I = r ** np.arange(n)

def run_numpy():
    rng = np.random.default_rng(0)
    W = rng.normal(0, np.sqrt(2 / (n + m)), (m, n)); b = np.zeros(n)
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros(n), np.zeros(n)
    for t in range(1, STEPS + 1):
        u = rng.random((B, n))
        x = np.where(u < S, 0.0, (u - S) / (1 - S))
        h = x @ W.T
        z = h @ W + b
        y = np.maximum(z, 0)
        d = y - x
        loss = (I * d * d).sum() / B
        dz = (2 / B) * I * d * (z > 0)
        gb = dz.sum(0)
        gW = h.T @ dz + (dz @ W.T).T @ x
        for p, g, mm, vv in ((W, gW, mW, vW), (b, gb, mb, vb)):
            mm *= 0.9; mm += 0.1 * g
            vv *= 0.999; vv += 0.001 * g * g
            p -= LR / (1 - 0.9 ** t) * mm / (np.sqrt(vv / (1 - 0.999 ** t)) + 1e-8)
    return loss, m / (W ** 2).sum()

def run_torch():
    import torch
    torch.manual_seed(0); torch.set_num_threads(1)
    W = torch.nn.Parameter(torch.empty(m, n)); torch.nn.init.xavier_normal_(W)
    b = torch.nn.Parameter(torch.zeros(n))
    It = torch.tensor(I, dtype=torch.float32)
    opt = torch.optim.Adam([W, b], lr=LR)
    for t in range(STEPS):
        x = torch.rand(B, n)
        x = torch.where(torch.rand(B, n) < S, torch.zeros(()), x)
        y = torch.relu((x @ W.T) @ W + b)
        loss = (It * (x - y) ** 2).sum() / B
        opt.zero_grad(); loss.backward(); opt.step()
    return loss.item(), m / (W.detach() ** 2).sum().item()

if __name__ == "__main__":
    t0 = time.perf_counter()
    loss, dpf = run_numpy() if sys.argv[1] == "numpy" else run_torch()
    print(f"{time.perf_counter() - t0:.3f} {loss:.5f} {dpf:.3f}")

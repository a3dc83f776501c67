#!/usr/bin/env python3
"""PyTorch-eager reference for scripts/bench_transformer.sh.

Measures the wall time of ONE training step (zero_grad, forward, backward,
Adam step) of a small pre-LN decoder-only character transformer
(V=60, T=64, B=32, D=64, H=4, L=2, MLP 4*D, exact-erf GELU), on a fixed
random batch.  Variants:
  primitives - LayerNorm from mean/var, cross entropy from log_softmax*one_hot,
               attention as softmax(q k^T / sqrt(d) + mask) v
  fused      - F.layer_norm, F.gelu, F.cross_entropy, F.scaled_dot_product_attention
in float32 and float64, for each thread count given.
Output lines (grep-able):
  torch dtype=float32 variant=primitives threads=1 step_ms=12.345 loss=4.0912 ...
The model (init_params, forward) is also used by transformer_parity.py.
"""
import argparse
import math
import time

import torch
import torch.nn.functional as F

V, T, B, D, H, L = 60, 64, 32, 64, 4, 2
HS = D // H


def init_params(dtype):
    def w(*shape):
        return (torch.randn(*shape, dtype=dtype) * 0.02).requires_grad_()

    def ones(n):
        return torch.ones(n, dtype=dtype, requires_grad=True)

    def zeros(n):
        return torch.zeros(n, dtype=dtype, requires_grad=True)

    p = {"E": w(V, D), "P": w(T, D), "U": w(D, V), "gf": ones(D), "bf": zeros(D)}
    for l in range(L):
        p.update({f"g1_{l}": ones(D), f"b1_{l}": zeros(D),
                  f"Wq_{l}": w(D, D), f"Wk_{l}": w(D, D), f"Wv_{l}": w(D, D), f"Wo_{l}": w(D, D),
                  f"g2_{l}": ones(D), f"b2_{l}": zeros(D),
                  f"W1_{l}": w(D, 4 * D), f"c1_{l}": zeros(4 * D),
                  f"W2_{l}": w(4 * D, D), f"c2_{l}": zeros(D)})
    return p


def ln_prim(x, g, b):
    mu = x.mean(-1, keepdim=True)
    var = ((x - mu) ** 2).mean(-1, keepdim=True)
    return (x - mu) / torch.sqrt(var + 1e-5) * g + b


def ln_fused(x, g, b):
    return F.layer_norm(x, (x.shape[-1],), g, b, 1e-5)


def gelu_prim(x):
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def ce_prim(logits, targets):
    oh = F.one_hot(targets, logits.shape[-1]).to(logits.dtype)
    return -(torch.log_softmax(logits, -1) * oh).sum(-1).mean()


def ce_fused(logits, targets):
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))


def forward(p, ids, targets, mask, fused):
    ln = ln_fused if fused else ln_prim
    gelu = F.gelu if fused else gelu_prim
    ce = ce_fused if fused else ce_prim
    B, T = ids.shape
    x = p["E"][ids] + p["P"][0:T]
    for l in range(L):
        h = ln(x, p[f"g1_{l}"], p[f"b1_{l}"])
        q = (h @ p[f"Wq_{l}"]).view(B, T, H, HS).transpose(1, 2)
        k = (h @ p[f"Wk_{l}"]).view(B, T, H, HS).transpose(1, 2)
        v = (h @ p[f"Wv_{l}"]).view(B, T, H, HS).transpose(1, 2)
        if fused:
            o = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        else:
            scores = q @ k.transpose(-2, -1) / math.sqrt(HS) + mask
            o = torch.softmax(scores, -1) @ v
        o = o.transpose(1, 2).reshape(B, T, D)
        x = x + o @ p[f"Wo_{l}"]
        h = ln(x, p[f"g2_{l}"], p[f"b2_{l}"])
        x = x + gelu(h @ p[f"W1_{l}"] + p[f"c1_{l}"]) @ p[f"W2_{l}"] + p[f"c2_{l}"]
    logits = ln(x, p["gf"], p["bf"]) @ p["U"]
    return ce(logits, targets)


def bench(dtype, variant, threads, steps, repeats=3, warmup=10):
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    ids = torch.randint(0, V, (B, T))
    targets = torch.randint(0, V, (B, T))
    p = init_params(dtype)
    mask = torch.triu(torch.full((T, T), -1e9, dtype=dtype), diagonal=1)
    opt = torch.optim.Adam(list(p.values()), lr=1e-3)
    fused = variant == "fused"

    def step():
        opt.zero_grad()
        loss = forward(p, ids, targets, mask, fused)
        loss.backward()
        opt.step()
        return loss

    init_loss = step().item()
    for _ in range(warmup - 1):
        step()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(steps):
            loss = step()
        last = loss.item()  # sync point (CPU eager is synchronous anyway)
        best = min(best, (time.perf_counter() - t0) / steps)
    init_ok = "ok" if abs(init_loss - math.log(V)) < 0.1 else "BAD"
    trained = "yes" if last < init_loss - 0.1 else "NO"
    name = "float32" if dtype == torch.float32 else "float64"
    print(f"torch dtype={name} variant={variant} threads={threads} "
          f"step_ms={best * 1e3:.3f} loss={last:.4f} "
          f"init_loss={init_loss:.4f}({init_ok}) dropped={trained}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, nargs="+", default=[1])
    ap.add_argument("--steps", type=int, default=200)
    args = ap.parse_args()
    print(f"# torch {torch.__version__}, B={B} T={T} D={D} H={H} L={L} V={V}", flush=True)
    configs = [(torch.float32, "primitives"), (torch.float32, "fused"),
               (torch.float64, "primitives"), (torch.float64, "fused")]
    for n in args.threads:
        for dtype, variant in configs:
            bench(dtype, variant, n, args.steps)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""PyTorch's half of the loss-curve comparison (scripts/bench_transformer.sh).

scripts/transformer_parity.anis DIR STEPS DTYPE save wrote the seed-002 decoder's
initial parameters (one .npy per leaf, named as anis's record: E, P, U, lnf_g,
lnf_b, blocks{l}_{ln1_g,ln1_b,Wq,Wk,Wv,Wo,ln2_g,ln2_b,W1,b1,W2,b2}), the windows
of token ids (chunks.npy, STEPS*B rows of T+1) and its losses
(losses_anis_DTYPE.npy). This script trains the same model (bench_transformer.py's
forward, fused: F.layer_norm, F.gelu, F.cross_entropy,
F.scaled_dot_product_attention) from those parameters on those batches with
torch.optim.Adam(lr=1e-3), in float64 and float32, and compares each anis curve
with PyTorch's in the same dtype: max |difference| and max relative difference
over the steps, against a limit (float64: 1e-9 relative; float32: 1e-5 relative,
about 100 float32 epsilons: PyTorch's own float32 curve stays within 2e-7 of its
float64 one over 200 steps, printed as the yardstick). anis's float32 curve is
also compared with PyTorch's float64 one.

  python3 scripts/transformer_parity.py DIR [--threads N]
Prints one line per comparison; exits 1 if a comparison is over its limit.
"""
import argparse
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_transformer import L, forward  # noqa: E402

LIMITS = {"float64": 1e-9, "float32": 1e-5}
BLOCK_NAMES = {"ln1_g": "g1", "ln1_b": "b1", "Wq": "Wq", "Wk": "Wk", "Wv": "Wv", "Wo": "Wo",
               "ln2_g": "g2", "ln2_b": "b2", "W1": "W1", "b1": "c1", "W2": "W2", "b2": "c2"}


def load_params(folder, dtype):
    """anis's leaves under bench_transformer.py's names, as leaf tensors of dtype."""
    files = {"E": "E", "P": "P", "U": "U", "gf": "lnf_g", "bf": "lnf_b"}
    for l in range(L):
        for anis_name, torch_name in BLOCK_NAMES.items():
            files[f"{torch_name}_{l}"] = f"blocks{l}_{anis_name}"
    return {name: torch.from_numpy(np.load(os.path.join(folder, stem + ".npy"))).to(dtype).requires_grad_()
            for name, stem in files.items()}


def train(folder, dtype, steps, batch):
    p = load_params(folder, dtype)
    chunks = torch.from_numpy(np.load(os.path.join(folder, "chunks.npy"))).long()
    T = chunks.shape[1] - 1
    mask = torch.triu(torch.full((T, T), -1e9, dtype=dtype), diagonal=1)
    opt = torch.optim.Adam(list(p.values()), lr=1e-3)
    losses = np.zeros(steps)
    for i in range(steps):
        c = chunks[i * batch:(i + 1) * batch]
        opt.zero_grad()
        loss = forward(p, c[:, :T], c[:, 1:], mask, fused=True)
        loss.backward()
        opt.step()
        losses[i] = loss.item()
    return losses


def compare(name, a, b, limit):
    diff = np.abs(a - b)
    rel = diff / np.abs(b)
    ok = rel.max() <= limit if limit is not None else True
    verdict = "" if limit is None else f"  limit {limit:g} relative: {'ok' if ok else 'OVER'}"
    print(f"parity {name}: steps={len(a)} max_abs={diff.max():.3g} max_rel={rel.max():.3g} "
          f"(step {int(rel.argmax())}) first={a[0]:.6f}/{b[0]:.6f} last={a[-1]:.6f}/{b[-1]:.6f}{verdict}",
          flush=True)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--batch", type=int, default=32)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    curves, ok = {}, True
    for name, dtype in (("float64", torch.float64), ("float32", torch.float32)):
        path = os.path.join(args.folder, f"losses_anis_{name}.npy")
        steps = len(np.load(path)) if os.path.exists(path) else len(curves.get("float64", [])) or 200
        curves[name] = train(args.folder, dtype, steps, args.batch)
        if os.path.exists(path):
            ok &= compare(f"anis {name} vs torch {name}", np.load(path), curves[name], LIMITS[name])
        else:
            print(f"parity anis {name}: no {path} (anis has no {name} run); skipped", flush=True)
    path = os.path.join(args.folder, "losses_anis_float32.npy")
    if os.path.exists(path):
        ok &= compare("anis float32 vs torch float64", np.load(path), curves["float64"], LIMITS["float32"])
    compare("torch float32 vs torch float64 (yardstick)", curves["float32"], curves["float64"], None)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

"""Reference toy models of superposition in NumPy (hand-written gradients, float64 or float32), PyTorch
(eager autograd, float32) and JAX (jit + lax.scan, float32), for the two workloads of the
benchmark (scripts/bench_toy_models.sh):

  ref   seed 004's reference run: ReLU, n=20, m=5, S=0.9, Iᵢ=0.7ⁱ, batch 1024, 10,000 steps;
  grid  100 two-feature models, n=2, m=1, S ∈ linspace(0, 0.9, 10) × r ∈ linspace(0.1, 1, 10)
        (I = [1, r]), batch 256, 2,000 steps, trained batched (one array op for all 100;
        vmap in JAX).

Adam lr 1e-3 (β = 0.9, 0.999, ε = 1e-8), tied W, Xavier-normal init, b = 0.
Usage: python3 bench_toy_models.py numpy|numpy32|torch|jax ref|grid   (numpy32: NumPy in float32)
prints: seconds (inside the process), final loss (mean of the last steps/100 step losses, as
anis's M.loss; for the grid the mean over the 100 models), and dims/feature (ref only)."""
import os, sys, time
import numpy as np

def workload(name):
    if name == "ref":
        n, m, B, steps = 20, 5, 1024, 10000
        S = np.array([0.9]); I = (0.7 ** np.arange(n))[None, :]
    else:
        n, m, B, steps = 2, 1, 256, 2000
        Ss, rs = np.linspace(0, 0.9, 10), np.linspace(0.1, 1, 10)
        S = np.repeat(Ss, 10); I = np.stack([np.ones(100), np.tile(rs, 10)], axis=1)
    return n, m, B, steps, S, I, 1e-3

def run_numpy(n, m, B, steps, S, I, LR, dtype=np.float64):
    # Every array and scalar in dtype (NumPy 2 keeps float32 with Python floats).
    G = len(S); tail = max(1, steps // 100)
    rng = np.random.default_rng(0)
    W = rng.normal(0, np.sqrt(2 / (n + m)), (G, m, n)).astype(dtype); b = np.zeros((G, 1, n), dtype)
    mW, vW, mb, vb = np.zeros_like(W), np.zeros_like(W), np.zeros_like(b), np.zeros_like(b)
    S3, I3 = S[:, None, None].astype(dtype), I[:, None, :].astype(dtype)
    last = np.zeros(G)
    for t in range(1, steps + 1):
        u = rng.random((G, B, n), dtype=dtype)
        x = np.where(u < S3, dtype(0), (u - S3) / (1 - S3))
        h = x @ W.transpose(0, 2, 1)
        z = h @ W + b
        y = np.maximum(z, 0)
        d = y - x
        loss = (I3 * d * d).sum(axis=(1, 2)) / B
        assert loss.dtype == dtype and x.dtype == dtype and z.dtype == dtype
        if t > steps - tail: last += loss / tail
        dz = (2 / B) * I3 * d * (z > 0)
        gb = dz.sum(1, keepdims=True)
        gW = h.transpose(0, 2, 1) @ dz + (dz @ W.transpose(0, 2, 1)).transpose(0, 2, 1) @ x
        for p, g, mm, vv in ((W, gW, mW, vW), (b, gb, mb, vb)):
            mm *= 0.9; mm += 0.1 * g
            vv *= 0.999; vv += 0.001 * g * g
            p -= dtype(LR / (1 - 0.9 ** t)) * mm / (np.sqrt(vv / dtype(1 - 0.999 ** t)) + dtype(1e-8))
    return last.mean(), m / (W[0] ** 2).sum()

def run_torch(n, m, B, steps, S, I, LR):
    import torch
    torch.manual_seed(0); torch.set_num_threads(int(os.environ.get("BENCH_THREADS", "1")))
    G = len(S); tail = max(1, steps // 100)
    W = torch.nn.Parameter(torch.empty(G, m, n))
    for g in range(G): torch.nn.init.xavier_normal_(W.data[g])
    b = torch.nn.Parameter(torch.zeros(G, 1, n))
    It = torch.tensor(I, dtype=torch.float32)[:, None, :]
    St = torch.tensor(S, dtype=torch.float32)[:, None, None]
    opt = torch.optim.Adam([W, b], lr=LR)
    last = torch.zeros(G)
    for t in range(steps):
        x = torch.rand(G, B, n)
        x = torch.where(torch.rand(G, B, n) < St, torch.zeros(()), x)
        y = torch.relu((x @ W.transpose(1, 2)) @ W + b)
        per = (It * (x - y) ** 2).sum(dim=(1, 2)) / B
        opt.zero_grad(); per.sum().backward(); opt.step()
        if t >= steps - tail: last += per.detach() / tail
    return last.mean().item(), m / (W.detach()[0] ** 2).sum().item()

def run_jax(n, m, B, steps, S, I, LR):
    import jax, jax.numpy as jnp
    G = len(S); tail = max(1, steps // 100)

    def loss_fn(params, x, imp):
        W, b = params
        y = jax.nn.relu((x @ W.T) @ W + b)
        return (imp * (x - y) ** 2).sum() / B

    def train_one(key, s, imp):
        kinit, kdata = jax.random.split(key)
        W = jax.random.normal(kinit, (m, n)) * np.sqrt(2 / (n + m))
        params = (W, jnp.zeros(n))
        zeros = jax.tree_util.tree_map(jnp.zeros_like, params)

        def step(carry, t):
            params, mom, vel = carry
            k = jax.random.fold_in(kdata, t)
            u = jax.random.uniform(k, (B, n))
            x = jnp.where(u < s, 0.0, (u - s) / (1 - s))
            loss, g = jax.value_and_grad(loss_fn)(params, x, imp)
            tf = (t + 1).astype(jnp.float32)
            mom = jax.tree_util.tree_map(lambda a, b_: 0.9 * a + 0.1 * b_, mom, g)
            vel = jax.tree_util.tree_map(lambda a, b_: 0.999 * a + 0.001 * b_ * b_, vel, g)
            c1, c2 = 1 - 0.9 ** tf, 1 - 0.999 ** tf
            params = jax.tree_util.tree_map(lambda p, a, v: p - LR / c1 * a / (jnp.sqrt(v / c2) + 1e-8), params, mom, vel)
            return (params, mom, vel), loss

        (params, _, _), losses = jax.lax.scan(step, (params, zeros, zeros), jnp.arange(steps))
        return params[0], losses[-tail:].mean()

    keys = jax.random.split(jax.random.PRNGKey(0), G)
    Sj, Ij = jnp.asarray(S, jnp.float32), jnp.asarray(I, jnp.float32)
    if G == 1:
        W, last = jax.jit(train_one)(keys[0], Sj[0], Ij[0])
        W, last = W[None], last[None]
    else:
        W, last = jax.jit(jax.vmap(train_one))(keys, Sj, Ij)
    last.block_until_ready()
    return float(last.mean()), m / float((W[0] ** 2).sum())

if __name__ == "__main__":
    tool, wl = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "ref")
    t0 = time.perf_counter()
    run = {"numpy": run_numpy, "numpy32": lambda *a: run_numpy(*a, dtype=np.float32),
           "torch": run_torch, "jax": run_jax}[tool]
    loss, dpf = run(*workload(wl))
    print(f"{time.perf_counter() - t0:.3f} {loss:.5f}" + (f" {dpf:.3f}" if wl == "ref" else ""))

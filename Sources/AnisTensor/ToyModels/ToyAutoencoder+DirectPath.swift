// ToyAutoencoder+DirectPath: the loss and gradients of a tiny toy model (n·m small)
// computed with plain loops in a batch-major layout instead of BLAS calls, whose
// overhead would dominate at these sizes. Same math as lossAndGradientsBLAS.
import Glibc
import Synchronization
import CLinearAlgebra

extension ToyTrainer {
    /// The direct-loop path: the same math as `lossAndGradientsBLAS`, one fused pass per
    /// row, so nothing calls out of the loop; the gradients accumulate row by row (equal
    /// to the BLAS path up to rounding).
    @discardableResult
    public func lossAndGradientsDirect() -> Double {
        let n = self.n, m = self.m, batch = config.batch
        let hidden = config.placement == .hidden
        let twoOverB = T(2 / Double(batch))
        let tied = config.tied
        let imp = importance
        let we = self.we, wd = self.wd, b = self.b, gwe = self.gwe, gwd = self.gwd, gb = self.gb
        gwe.update(repeating: 0, count: m * n)
        if !tied { gwd.update(repeating: 0, count: m * n) }
        gb.update(repeating: 0, count: n)
        var total = 0.0
        if case .pointwise = config.activation { return lossAndGradientsColumns() }
        let act = config.activation
        let p = pm, h = hidden ? hm : pm, dh = dhm, z = zm, dz = dzm
        for r in 0..<batch {
            let xr = x + r * n
            for j in 0..<m {
                let wj = we + j * n
                var s: T = 0
                for i in 0..<n { s += wj[i] * xr[i] }
                p[j] = s
            }
            if hidden { Self.forward(act, p, h, m) }
            for i in 0..<n { z[i] = b[i] }
            for j in 0..<m {
                let wj = wd + j * n, hj = h[j]
                for i in 0..<n { z[i] += hj * wj[i] }
            }
            if hidden {
                for i in 0..<n { let d = z[i] - xr[i]; total += (imp[i] * d * d).double; dz[i] = twoOverB * imp[i] * d }
            } else {
                Self.forward(act, z, y, n)
                for i in 0..<n { let d = y[i] - xr[i]; total += (imp[i] * d * d).double; dz[i] = twoOverB * imp[i] * d }
                Self.backward(act, z, dz, n, y)
            }
            for i in 0..<n { gb[i] += dz[i] }
            for j in 0..<m {
                let wj = wd + j * n, gj = gwd + j * n, hj = h[j]
                var s: T = 0
                for i in 0..<n { s += wj[i] * dz[i]; gj[i] += hj * dz[i] }
                dh[j] = s
            }
            if hidden { Self.backward(act, p, dh, m, y) }
            for j in 0..<m {
                let ej = gwe + j * n, dj = dh[j]
                for i in 0..<n { ej[i] += dj * xr[i] }
            }
        }
        return total / Double(batch)
    }

    /// Σ a[r]·b[r] over k entries with eight accumulators (no loop-carried latency chain).
    @inline(__always) static func dot(_ a: UnsafePointer<T>, _ b: UnsafePointer<T>, _ k: Int) -> T {
        var s0: T = 0, s1: T = 0, s2: T = 0, s3: T = 0, s4: T = 0, s5: T = 0, s6: T = 0, s7: T = 0
        var r = 0
        while r + 8 <= k {
            s0 += a[r] * b[r]; s1 += a[r + 1] * b[r + 1]; s2 += a[r + 2] * b[r + 2]; s3 += a[r + 3] * b[r + 3]
            s4 += a[r + 4] * b[r + 4]; s5 += a[r + 5] * b[r + 5]; s6 += a[r + 6] * b[r + 6]; s7 += a[r + 7] * b[r + 7]
            r += 8
        }
        while r < k { s0 += a[r] * b[r]; r += 1 }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
    }

    /// The direct path for pointwise activations: the batch transposed (a column per
    /// feature, a column per hidden unit), so every loop runs contiguously over the batch
    /// (vectorised) and the products are n·m axpys and dots of length batch.
    func lossAndGradientsColumns() -> Double {
        let n = self.n, m = self.m, B = config.batch
        let hidden = config.placement == .hidden
        let twoOverB = T(2 / Double(B))
        let act = config.activation
        let imp = importance
        let we = self.we, wd = self.wd, b = self.b, gwe = self.gwe, gwd = self.gwd, gb = self.gb
        let x = self.x, xt = self.xt, col = self.col
        // Xᵀ: column i is feature i over the batch.
        for r in 0..<B { let xr = x + r * n; for i in 0..<n { xt[i * B + r] = xr[i] } }
        // Pᵀ = W_enc·Xᵀ (m×B); Hᵀ = f(Pᵀ) at the hidden placement, else Hᵀ = Pᵀ.
        let pt = pm, ht = hidden ? hm : pm, dht = dhm, zt = zm, dzt = dzm
        for j in 0..<m {
            let pj = pt + j * B, wj = we + j * n
            let w0 = wj[0]
            for r in 0..<B { pj[r] = w0 * xt[r] }
            for i in 1..<n { let w = wj[i], xi = xt + i * B; for r in 0..<B { pj[r] += w * xi[r] } }
            if hidden { Self.forward(act, pj, ht + j * B, B) }
        }
        // Zᵀ = W_decᵀ·Hᵀ + b; the loss; dZᵀ; gb.
        var total = 0.0
        var reluOut = false, pointwiseOut: Activation? = nil
        if !hidden, case .pointwise(let a) = act { if a == .relu { reluOut = true } else { pointwiseOut = a } }
        for i in 0..<n {
            let zi = zt + i * B, di = dzt + i * B, xi = xt + i * B
            let bi = b[i]
            for r in 0..<B { zi[r] = bi }
            for j in 0..<m { let w = wd[j * n + i], hj = ht + j * B; for r in 0..<B { zi[r] += w * hj[r] } }
            let k = twoOverB * imp[i]
            if reluOut {
                for r in 0..<B {
                    let z = zi[r]
                    let d = (z > 0 ? z : 0) - xi[r]
                    col[r] = d
                    di[r] = z > 0 ? k * d : 0
                }
            } else if let a = pointwiseOut {
                // f and f′ in one pass; dZ = f′ ⊙ k(x′ − x).
                Self.valueAndSlope(a, zi, col, di, B)
                for r in 0..<B { col[r] -= xi[r]; di[r] *= k * col[r] }
            } else {
                if hidden { for r in 0..<B { col[r] = zi[r] - xi[r] } } else {
                    Self.forward(act, zi, col, B)
                    for r in 0..<B { col[r] -= xi[r] }
                }
                for r in 0..<B { di[r] = k * col[r] }
            }
            total += (imp[i] * Self.dot(col, col, B)).double
            if !reluOut && pointwiseOut == nil && !hidden { Self.backward(act, zi, di, B, col) }
            gb[i] = Tensor.rowSum(di, B)
        }
        // gW_dec = Hᵀ·dZ (per entry a dot over the batch); dHᵀ = W_dec·dZᵀ.
        for j in 0..<m {
            let hj = ht + j * B, dhj = dht + j * B
            for i in 0..<n { gwd[j * n + i] = Self.dot(hj, dzt + i * B, B) }
            let w0 = wd[j * n]
            for r in 0..<B { dhj[r] = w0 * dzt[r] }
            for i in 1..<n { let w = wd[j * n + i], di = dzt + i * B; for r in 0..<B { dhj[r] += w * di[r] } }
            if hidden { Self.backward(act, pt + j * B, dhj, B, col) }
            // gW_enc (+)= dPᵀ·X.
            for i in 0..<n {
                let g = Self.dot(dhj, xt + i * B, B)
                gwe[j * n + i] = config.tied ? gwe[j * n + i] + g : g
            }
        }
        return total / Double(B)
    }
}

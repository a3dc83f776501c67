// ToyAutoencoder: the toy models of superposition (Elhage et al. 2022) and the PPP
// autoencoders of seed 003, trained natively. One instance is
//
//   p = W_enc x            (m)        h = f(p) at placement .hidden, else h = p
//   z = W_decᵀ h + b       (n)        x′ = f(z) at placement .output, else x′ = z
//   L = (1/B) Σ_batch Σᵢ Iᵢ (xᵢ − x′ᵢ)²
//
// with W_enc = W_dec = W (m×n) when tied. Data: xᵢ ~ U[0, 1) kept with probability
// 1 − S, else 0. The forward and the hand-derived backward run fused, one sample
// (row) at a time, so everything lives in a few length-n and length-m buffers and the
// inner loops are contiguous axpy/dot over n (vectorised). Adam as in PyTorch.
// Many instances train independently, spread over the cores; nothing is allocated
// per step. The trainer is generic over the element type: Double, or Float for
// `dtype: float32` (parameters, batches, gradients and Adam's moments in float32; the
// loss is summed in float64). A float32 model with ReLU on the output and n·m ≤
// fusedLimit trains through one fused pass in C (ToyAutoencoder+Fused.swift), the
// others through sgemm or the direct loops as in float64.
import CKernels
import Glibc
import Synchronization
import CLinearAlgebra

/// The nonlinearity of a toy model: pointwise, or one acting on the whole vector.
public enum ToyActivation: Sendable, Equatable {
    case pointwise(Activation)
    /// x ⊙ softmax(x) over the vector.
    case solu
    /// f(‖x‖)·x/‖x‖.
    case isotropic(Activation)
}

/// Where the activation sits: on the reconstruction (seed 004) or on the hidden code (seed 003).
public enum ToyPlacement: String, Sendable { case output, hidden }

/// Everything that defines one training run.
public struct ToyConfig: Sendable {
    public var n: Int, m: Int
    public var activation: ToyActivation
    public var sparsity: Double
    /// Iᵢ, length n.
    public var importance: [Double]
    public var steps: Int, batch: Int, lr: Double
    public var seed: UInt64
    /// Which random stream of `seed` this instance draws from (its index in a grid).
    public var stream: UInt64
    public var tied: Bool
    public var placement: ToyPlacement
    /// The loss history keeps the mean loss of every `logEvery` steps.
    public var logEvery: Int
    /// The element type of the parameters and the arithmetic.
    public var dtype: DType = .float64

    public init(n: Int, m: Int, activation: ToyActivation, sparsity: Double, importance: [Double],
                steps: Int, batch: Int, lr: Double, seed: UInt64, stream: UInt64 = 0, tied: Bool = true,
                placement: ToyPlacement = .output, logEvery: Int = 0) {
        self.n = n; self.m = m; self.activation = activation; self.sparsity = sparsity
        self.importance = importance; self.steps = steps; self.batch = batch; self.lr = lr
        self.seed = seed; self.stream = stream; self.tied = tied; self.placement = placement
        self.logEvery = logEvery > 0 ? logEvery : Swift.max(1, steps / 100)
    }
}

/// A trained instance: W (encoder, m×n row-major), W_dec (untied only), b (n), loss history.
public struct ToyResult: Sendable {
    public var W: [Double]
    public var Wdec: [Double]?
    public var b: [Double]
    public var losses: [Double]
    public var config: ToyConfig
}

/// One instance's parameters, Adam moments and scratch rows; allocated once.
public final class ToyTrainer<T: BLASScalar> {
    public let config: ToyConfig
    let n: Int, m: Int
    /// Parameters: we (m×n), wd (m×n, = we when tied), b (n).
    public let we: UnsafeMutablePointer<T>
    public let wd: UnsafeMutablePointer<T>
    public let b: UnsafeMutablePointer<T>
    /// Gradients, same layout (gwd = gwe when tied).
    public let gwe: UnsafeMutablePointer<T>
    public let gwd: UnsafeMutablePointer<T>
    public let gb: UnsafeMutablePointer<T>
    /// Adam moments for [we, wd?, b] laid out as one vector.
    let adamM: UnsafeMutablePointer<T>, adamV: UnsafeMutablePointer<T>
    let paramCount: Int
    /// One batch of inputs, batch×n.
    public let x: UnsafeMutablePointer<T>
    /// Batch matrices: P, H (hidden placement), dH (B×m); Z, dZ (B×n); y is one row of scratch.
    let pm: UnsafeMutablePointer<T>, hm: UnsafeMutablePointer<T>, dhm: UnsafeMutablePointer<T>
    let zm: UnsafeMutablePointer<T>, dzm: UnsafeMutablePointer<T>, y: UnsafeMutablePointer<T>
    let importance: UnsafeMutablePointer<T>
    /// The direct path's Xᵀ (n×batch) and one batch-long column of scratch.
    let xt: UnsafeMutablePointer<T>, col: UnsafeMutablePointer<T>
    /// Raw 64-bit draws (two features each), `drawBlock` at a time.
    let draws: UnsafeMutablePointer<UInt64>
    /// Draws per block: 16 KB, so a block is still in the L1 cache when it is converted.
    static var drawBlock: Int { 2048 }
    /// The fused float32 pass's scratch (nil on the other paths).
    let fusedScratch: UnsafeMutableRawPointer?
    var rng: PCG64
    var adamStep = 0

    /// The bytes `init` allocates for `config` (parameters, gradients, Adam's moments and the
    /// batch matrices), so that `ToyModels.train` can check them against the memory budget.
    static func byteCount(_ config: ToyConfig) -> Int {
        let n = config.n, m = config.m, mn = m * n, bn = config.batch * n, bm = config.batch * m
        let params = (config.tied ? mn : 2 * mn) + n
        let elements = 2 * params + 2 * params + 4 * bn + 3 * bm + config.batch + Swift.max(n, m) + n
        let fused = usesFusedPath(config) ? MemoryLayout<Float>.stride * anis_toy_relu_f32_scratch(n, m) : 0
        return elements * config.dtype.size + fused
    }

    public init(_ config: ToyConfig) {
        self.config = config
        n = config.n; m = config.m
        let mn = m * n
        we = .allocate(capacity: mn)
        wd = config.tied ? we : .allocate(capacity: mn)
        b = .allocate(capacity: n); b.initialize(repeating: 0, count: n)
        gwe = .allocate(capacity: mn)
        gwd = config.tied ? gwe : .allocate(capacity: mn)
        gb = .allocate(capacity: n)
        paramCount = (config.tied ? mn : 2 * mn) + n
        adamM = .allocate(capacity: paramCount); adamM.initialize(repeating: 0, count: paramCount)
        adamV = .allocate(capacity: paramCount); adamV.initialize(repeating: 0, count: paramCount)
        x = .allocate(capacity: config.batch * n)
        x.initialize(repeating: 0, count: config.batch * n)
        let bm = config.batch * m, bn = config.batch * n
        pm = .allocate(capacity: bm); hm = .allocate(capacity: bm); dhm = .allocate(capacity: bm)
        zm = .allocate(capacity: bn); dzm = .allocate(capacity: bn); y = .allocate(capacity: Swift.max(n, m))
        importance = .allocate(capacity: n)
        xt = .allocate(capacity: bn); col = .allocate(capacity: config.batch)
        draws = .allocate(capacity: Swift.min((bn + 1) / 2, Self.drawBlock))
        fusedScratch = Self.usesFusedPath(config)
            ? .allocate(byteCount: MemoryLayout<Float>.stride * anis_toy_relu_f32_scratch(n, m), alignment: 64) : nil
        for i in 0..<n { importance[i] = T(i < config.importance.count ? config.importance[i] : 1) }
        // Stream `stream` of the seed: same seed → same models, whatever the thread split.
        var sm = PCG64(seed: config.seed)
        let s0 = sm.next(), s1 = sm.next()
        rng = PCG64(initState: UInt128(s0) << 64 | UInt128(s1), initSequence: UInt128(config.stream) &* 0x9E3779B97F4A7C15 &+ 1)
        // Xavier (Glorot) normal: std = √(2/(fan_in + fan_out)).
        let std = (2.0 / Double(n + m)).squareRoot()
        for k in 0..<mn { we[k] = T(std * rng.normal()) }
        if !config.tied { for k in 0..<mn { wd[k] = T(std * rng.normal()) } }
    }

    deinit {
        we.deallocate(); b.deallocate(); gwe.deallocate(); gb.deallocate()
        if !config.tied { wd.deallocate(); gwd.deallocate() }
        adamM.deallocate(); adamV.deallocate(); x.deallocate()
        pm.deallocate(); hm.deallocate(); dhm.deallocate(); zm.deallocate(); dzm.deallocate(); y.deallocate()
        importance.deallocate(); xt.deallocate(); col.deallocate(); draws.deallocate(); fusedScratch?.deallocate()
    }

    /// Fills `x` with a fresh batch: one 64-bit draw gives two 32-bit uniforms u (low half
    /// first); a feature is 0 when u < S, else (u − S)/(1 − S), which is again uniform on
    /// [0, 1). A block of draws at a time, then one vectorised pass turns it into features.
    public func sampleBatch() {
        let count = config.batch * n, s = config.sparsity
        if s >= 1 { x.update(repeating: 0, count: count); return }
        let scale = 1 / (1 - s)
        var start = 0
        while start < count {
            let block = Swift.min(count - start, 2 * Self.drawBlock)
            rng.fill(draws, (block + 1) / 2)
            if T.self == Float.self {
                anis_toy_sparse_uniform_f32(draws, UnsafeMutableRawPointer(x + start).assumingMemoryBound(to: Float.self), block, s, scale)
            } else {
                anis_toy_sparse_uniform_f64(draws, UnsafeMutableRawPointer(x + start).assumingMemoryBound(to: Double.self), block, s, scale)
            }
            start += block
        }
    }

    // MARK: vector activations (row-wise), forward and VJP on raw rows

    /// out = f(v) for a vector of length k; `aux` keeps what the VJP needs (softmax for solu).
    @inline(__always) public static func forward(_ act: ToyActivation, _ v: UnsafeMutablePointer<T>,
                                          _ out: UnsafeMutablePointer<T>, _ k: Int) {
        switch act {
        case .pointwise(let a):
            switch a {
            case .relu: for i in 0..<k { out[i] = v[i] > 0 ? v[i] : 0 }
            case .identity: for i in 0..<k { out[i] = v[i] }
            default: for i in 0..<k { out[i] = T(a.scalar(v[i].double)) }
            }
        case .solu:
            var mx = -Double.infinity
            for i in 0..<k { mx = Swift.max(mx, v[i].double) }
            var total = 0.0
            for i in 0..<k { let e = Glibc.exp(v[i].double - mx); out[i] = T(e); total += e }
            let inv = 1 / total
            for i in 0..<k { out[i] = T(v[i].double * out[i].double * inv) }
        case .isotropic(let a):
            var r2 = 0.0
            for i in 0..<k { r2 += v[i].double * v[i].double }
            let r = r2.squareRoot()
            let scale = r > 0 ? a.scalar(r) / r : 0
            for i in 0..<k { out[i] = T(v[i].double * scale) }
        }
    }

    /// out = φ(v) and slope = φ′(v) for a pointwise φ, sharing the transcendental each needs;
    /// one loop per activation so the FastMath ones vectorise. Same formulas as
    /// Activation.scalar / scalarDerivative.
    @inline(__always) static func valueAndSlope(_ a: Activation, _ v: UnsafeMutablePointer<T>,
                                                _ out: UnsafeMutablePointer<T>,
                                                _ slope: UnsafeMutablePointer<T>, _ k: Int) {
        switch a {
        case .sigmoid:
            for i in 0..<k { let s = Activation.logistic(v[i].double); out[i] = T(s); slope[i] = T(s * (1 - s)) }
        case .silu:
            for i in 0..<k { let x = v[i].double, s = Activation.logistic(x); out[i] = T(x * s); slope[i] = T(s * (1 + x * (1 - s))) }
        case .tanh:
            for i in 0..<k { let t = FastMath.tanh(v[i].double); out[i] = T(t); slope[i] = T(1 - t * t) }
        case .gelu where T.self == Double.self:  // vectorised at the CPU's width (CKernels)
            let double = { (p: UnsafeMutablePointer<T>) in UnsafeMutableRawPointer(p).assumingMemoryBound(to: Double.self) }
            anis_gelu(double(v), double(out), double(slope), k)
        case .gelu:
            for i in 0..<k { let g = Activation.gelu(v[i].double); out[i] = T(g.value); slope[i] = T(g.slope) }
        default:
            for i in 0..<k { out[i] = T(a.scalar(v[i].double)); slope[i] = T(a.scalarDerivative(v[i].double)) }
        }
    }

    /// g ← J_f(v)ᵀ g in place, for a vector v of length k (`scratch` holds k doubles).
    @inline(__always) static func backward(_ act: ToyActivation, _ v: UnsafeMutablePointer<T>,
                                           _ g: UnsafeMutablePointer<T>, _ k: Int,
                                           _ scratch: UnsafeMutablePointer<T>) {
        switch act {
        case .pointwise(let a):
            switch a {
            case .relu: for i in 0..<k where !(v[i] > 0) { g[i] = 0 }
            case .identity: break
            default: for i in 0..<k { g[i] = T(g[i].double * a.scalarDerivative(v[i].double)) }
            }
        case .solu:
            // s = softmax(v); dvᵢ = sᵢ (gᵢ + gᵢvᵢ − Σⱼ gⱼvⱼsⱼ).
            var mx = -Double.infinity
            for i in 0..<k { mx = Swift.max(mx, v[i].double) }
            var total = 0.0
            for i in 0..<k { let e = Glibc.exp(v[i].double - mx); scratch[i] = T(e); total += e }
            let inv = 1 / total
            var dot = 0.0
            for i in 0..<k { scratch[i] = T(scratch[i].double * inv); dot += g[i].double * v[i].double * scratch[i].double }
            for i in 0..<k { g[i] = T(scratch[i].double * (g[i].double + g[i].double * v[i].double - dot)) }
        case .isotropic(let a):
            // h(r) = f(r)/r; dv = h·g + (h′(r)/r)(v·g) v, h′ = (f′(r) r − f(r))/r².
            var r2 = 0.0, vg = 0.0
            for i in 0..<k { r2 += v[i].double * v[i].double; vg += v[i].double * g[i].double }
            let r = r2.squareRoot()
            if r > 0 {
                let fr = a.scalar(r), hr = fr / r
                let c = (a.scalarDerivative(r) * r - fr) / (r2 * r) * vg
                for i in 0..<k { g[i] = T(hr * g[i].double + c * v[i].double) }
            } else {
                let atZero = a.scalar(0) == 0 ? a.scalarDerivative(0) : 0
                for i in 0..<k { g[i] = T(g[i].double * atZero) }
            }
        }
    }

    // MARK: loss and gradient

    /// C = op(A)·op(B) (+ C when accumulate), row-major; op = transpose when the flag is set.
    @inline(__always) static func gemm(_ transA: Bool, _ transB: Bool, _ rows: Int, _ cols: Int, _ inner: Int,
                                       _ a: UnsafePointer<T>, _ lda: Int, _ b: UnsafePointer<T>, _ ldb: Int,
                                       _ c: UnsafeMutablePointer<T>, _ ldc: Int, accumulate: Bool = false) {
        T.gemm(transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
               blasint(rows), blasint(cols), blasint(inner), a, blasint(lda), b, blasint(ldb),
               c, blasint(ldc), beta: accumulate ? 1 : 0)
    }

    /// Models with n·m at most this use direct loops (one fused pass per row) instead of
    /// BLAS: at these sizes a dgemm call costs more than its arithmetic.
    public static var directLimit: Int { 64 }

    /// Whether `lossAndGradients()` takes the direct-loop path (n·m ≤ directLimit).
    public var usesDirectPath: Bool { n * m <= Self.directLimit }

    /// The loss on the batch in `x` and its gradients in gwe/gwd/gb.
    @discardableResult
    public func lossAndGradients() -> Double {
        if fusedScratch != nil { return lossAndGradientsFused() }
        return usesDirectPath ? lossAndGradientsDirect() : lossAndGradientsBLAS()
    }

    /// The BLAS path: the whole batch as matrices (dgemm for the four products), the
    /// activation row by row.
    @discardableResult
    public func lossAndGradientsBLAS() -> Double {
        let n = self.n, m = self.m, batch = config.batch
        let act = config.activation
        let hidden = config.placement == .hidden
        let twoOverB = T(2 / Double(batch))
        // P = X·W_encᵀ (B×m); H = f(P) row-wise at the hidden placement, else H = P.
        Self.gemm(false, true, batch, m, n, x, n, we, n, pm, m)
        let hm = hidden ? self.hm : pm
        if hidden { for r in 0..<batch { Self.forward(act, pm + r * m, hm + r * m, m) } }
        // Z = H·W_dec + b (B×n).
        for r in 0..<batch { (zm + r * n).update(from: b, count: n) }
        Self.gemm(false, false, batch, n, m, hm, m, wd, n, zm, n, accumulate: true)
        // Loss and dL/dZ (into zm's partner dzm).
        var total = 0.0
        let imp = importance
        if !hidden, case .pointwise(.relu) = act {
            for r in 0..<batch {
                let zr = zm + r * n, xr = x + r * n, dr = dzm + r * n
                for i in 0..<n {
                    let zi = zr[i]
                    let yi = zi > 0 ? zi : 0
                    let d = yi - xr[i]
                    let w = imp[i] * d
                    total += (w * d).double
                    dr[i] = zi > 0 ? twoOverB * w : 0
                }
            }
        } else if !hidden, case .pointwise(let a) = act {
            // f and f′ in one pass (one exp/tanh per element instead of two); dZ = f′ ⊙ 2I(x′ − x)/B.
            for r in 0..<batch {
                let zr = zm + r * n, xr = x + r * n, dr = dzm + r * n
                Self.valueAndSlope(a, zr, y, dr, n)
                for i in 0..<n { let d = y[i] - xr[i]; total += (imp[i] * d * d).double; dr[i] *= twoOverB * imp[i] * d }
            }
        } else {
            for r in 0..<batch {
                let zr = zm + r * n, xr = x + r * n, dr = dzm + r * n
                if hidden {
                    for i in 0..<n { let d = zr[i] - xr[i]; total += (imp[i] * d * d).double; dr[i] = twoOverB * imp[i] * d }
                } else {
                    Self.forward(act, zr, y, n)
                    for i in 0..<n { let d = y[i] - xr[i]; total += (imp[i] * d * d).double; dr[i] = twoOverB * imp[i] * d }
                    Self.backward(act, zr, dr, n, y)
                }
            }
        }
        // gb = Σ_rows dZ; gW_dec = Hᵀ·dZ; dH = dZ·W_decᵀ.
        gb.update(repeating: 0, count: n)
        for r in 0..<batch { let dr = dzm + r * n; for i in 0..<n { gb[i] += dr[i] } }
        Self.gemm(true, false, m, n, batch, hm, m, dzm, n, gwd, n)
        Self.gemm(false, true, batch, m, n, dzm, n, wd, n, dhm, m)
        if hidden { for r in 0..<batch { Self.backward(act, pm + r * m, dhm + r * m, m, y) } }
        // gW_enc (+)= dPᵀ·X.
        Self.gemm(true, false, m, n, batch, dhm, m, x, n, gwe, n, accumulate: config.tied)
        return total / Double(batch)
    }

    /// One Adam step (β₁ = 0.9, β₂ = 0.999, ε = 1e-8, bias-corrected, as PyTorch).
    public func adamUpdate() {
        adamStep += 1
        let lr = config.lr, b1 = 0.9, b2 = 0.999
        let c1 = 1 - Glibc.pow(b1, Double(adamStep)), c2 = 1 - Glibc.pow(b2, Double(adamStep))
        let stepSize = T(lr / c1), invSqrtC2 = T(1 / c2.squareRoot())
        let beta1 = T(b1), beta2 = T(b2), oneMinusB1 = T(1 - b1), oneMinusB2 = T(1 - b2), eps = T(1e-8)
        let mn = m * n
        var offset = 0
        @inline(__always) func update(_ w: UnsafeMutablePointer<T>, _ g: UnsafeMutablePointer<T>, _ count: Int) {
            let mm = adamM + offset, vv = adamV + offset
            for k in 0..<count {
                let gk = g[k]
                mm[k] = beta1 * mm[k] + oneMinusB1 * gk
                vv[k] = beta2 * vv[k] + oneMinusB2 * gk * gk
                w[k] -= stepSize * mm[k] / (vv[k].squareRoot() * invSqrtC2 + eps)
            }
            offset += count
        }
        update(we, gwe, mn)
        if !config.tied { update(wd, gwd, mn) }
        update(b, gb, n)
    }

    /// Trains for config.steps steps; calls `tick(loss)` after every step, and stops early
    /// (returning false) when it returns false.
    public func train(tick: (Double) -> Bool) -> (losses: [Double], completed: Bool) {
        var losses: [Double] = []
        losses.reserveCapacity(config.steps / config.logEvery + 1)
        var window = 0.0, inWindow = 0
        for _ in 0..<config.steps {
            sampleBatch()
            let loss = lossAndGradients()
            adamUpdate()
            window += loss; inWindow += 1
            if inWindow == config.logEvery { losses.append(window / Double(inWindow)); window = 0; inWindow = 0 }
            if !tick(loss) { return (losses, false) }
        }
        if inWindow > 0 { losses.append(window / Double(inWindow)) }
        return (losses, true)
    }

    /// The parameters as Doubles (exact from Float); `config.dtype` says what they were.
    public var result: ToyResult {
        let mn = m * n
        return ToyResult(W: UnsafeBufferPointer(start: we, count: mn).map(\.double),
                         Wdec: config.tied ? nil : UnsafeBufferPointer(start: wd, count: mn).map(\.double),
                         b: UnsafeBufferPointer(start: b, count: n).map(\.double), losses: [], config: config)
    }
}

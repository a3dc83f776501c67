// ToyModelTests: the native toy-model trainer (ToyModels/ToyAutoencoder.swift): its
// hand-derived gradients against central finite differences for every kind of
// activation, both placements, tied and untied; determinism; the loss falls.
import Foundation
import Testing
@testable import AnisTensor

private func tinyConfig(_ act: ToyActivation, placement: ToyPlacement, tied: Bool, seed: UInt64 = 3) -> ToyConfig {
    ToyConfig(n: 5, m: 3, activation: act, sparsity: 0.3, importance: [1, 0.8, 0.64, 0.5, 0.4], steps: 50, batch: 7,
              lr: 0.01, seed: seed, tied: tied, placement: placement)
}

/// Max relative error between the analytic gradient and central differences.
private func gradientError(_ config: ToyConfig) -> Double {
    let t = ToyTrainer<Double>(config)
    t.sampleBatch()
    // Move off the initial point (and b off zero) so every term matters.
    for i in 0..<config.n { t.b[i] = 0.1 * Double(i) - 0.2 }
    t.lossAndGradients()
    let mn = config.m * config.n
    var params: [(UnsafeMutablePointer<Double>, [Double])] = [
        (t.we, Array(UnsafeBufferPointer(start: t.gwe, count: mn))),
        (t.b, Array(UnsafeBufferPointer(start: t.gb, count: config.n))),
    ]
    if !config.tied { params.append((t.wd, Array(UnsafeBufferPointer(start: t.gwd, count: mn)))) }
    var worst = 0.0
    let eps = 1e-6
    for (p, g) in params {
        for k in 0..<g.count {
            let saved = p[k]
            p[k] = saved + eps; let up = t.lossAndGradients()
            p[k] = saved - eps; let down = t.lossAndGradients()
            p[k] = saved
            let fd = (up - down) / (2 * eps)
            worst = Swift.max(worst, Swift.abs(fd - g[k]) / (1e-6 + Swift.abs(fd) + Swift.abs(g[k])))
        }
    }
    return worst
}

private let activations: [ToyActivation] = [
    .pointwise(.relu), .pointwise(.gelu), .pointwise(.silu), .pointwise(.sigmoid), .pointwise(.tanh),
    .pointwise(.leakyRelu(0.1)), .pointwise(.identity), .solu, .isotropic(.tanh), .isotropic(.relu),
]

@Test(arguments: [ToyPlacement.output, .hidden], [true, false])
func toyGradientsMatchFiniteDifferences(placement: ToyPlacement, tied: Bool) {
    for act in activations {
        let err = gradientError(tinyConfig(act, placement: placement, tied: tied))
        #expect(err < 1e-5, "\(act) \(placement) tied=\(tied): relative error \(err)")
    }
}

@Test func toyRowActivationsMatchTensorKernels() throws {
    // The row kernels agree with Activations.swift's solu / isotropic and their VJPs.
    let v: [Double] = [0.3, -1.2, 2.0, 0.7]
    let g: [Double] = [1, -0.5, 0.25, 2]
    for act in [ToyActivation.solu, .isotropic(.tanh), .isotropic(.gelu)] {
        let vp = UnsafeMutablePointer<Double>.allocate(capacity: 4); defer { vp.deallocate() }
        let out = UnsafeMutablePointer<Double>.allocate(capacity: 4); defer { out.deallocate() }
        let gp = UnsafeMutablePointer<Double>.allocate(capacity: 4); defer { gp.deallocate() }
        let sc = UnsafeMutablePointer<Double>.allocate(capacity: 4); defer { sc.deallocate() }
        vp.initialize(from: v, count: 4); gp.initialize(from: g, count: 4)
        ToyTrainer<Double>.forward(act, vp, out, 4)
        ToyTrainer<Double>.backward(act, vp, gp, 4, sc)
        let f: [Double], b: [Double]
        switch act {
        case .solu: f = try Activation.solu(Tensor(v)).elements; b = try Activation.soluBackward(x: Tensor(v), grad: Tensor(g)).elements
        case .isotropic(let a): f = Activation.isotropic(a, Tensor(v)).elements; b = try Activation.isotropicBackward(a, x: Tensor(v), grad: Tensor(g)).elements
        default: continue
        }
        for i in 0..<4 {
            #expect(Swift.abs(out[i] - f[i]) < 1e-12)
            #expect(Swift.abs(gp[i] - b[i]) < 1e-12)
        }
    }
}

@Test func toyTrainingIsDeterministic() throws {
    let c = tinyConfig(.pointwise(.relu), placement: .output, tied: true)
    let a = try ToyModels.train([c, c], threads: 2)
    let b = try ToyModels.train([c], threads: 1)
    #expect(a[0].W == b[0].W && a[0].losses == b[0].losses)
    // Same seed, another stream: another model.
    var c2 = c; c2.stream = 1
    let d = try ToyModels.train([c2])
    #expect(d[0].W != b[0].W)
}

@Test func toyLossFalls() throws {
    let c = ToyConfig(n: 10, m: 5, activation: .pointwise(.relu), sparsity: 0.7, importance: (0..<10).map { Foundation.pow(0.8, Double($0)) },
                      steps: 600, batch: 256, lr: 0.01, seed: 1, logEvery: 50)
    let r = try ToyModels.train([c])[0]
    #expect(r.losses.count == 12)
    let first = try #require(r.losses.first), last = try #require(r.losses.last)
    #expect(last < 0.6 * first, "loss \(first) → \(last)")
}

@Test func toyConfigValidation() {
    var c = tinyConfig(.pointwise(.relu), placement: .output, tied: true)
    c.sparsity = 1.5
    #expect(throws: TensorError.self) { try ToyModels.train([c]) }
    c.sparsity = 0.5; c.importance = [1]
    #expect(throws: TensorError.self) { try ToyModels.train([c]) }
}

@Test(arguments: [ToyPlacement.output, .hidden], [true, false])
func toyDirectPathMatchesBLAS(placement: ToyPlacement, tied: Bool) {
    // The small-size direct loops (columns for pointwise activations, rows otherwise) give
    // the BLAS path's loss and gradients up to rounding.
    for (n, m, batch) in [(5, 3, 7), (2, 1, 256), (8, 8, 37)] {
        for act in activations {
            let c = ToyConfig(n: n, m: m, activation: act, sparsity: 0.3, importance: (0..<n).map { Foundation.pow(0.8, Double($0)) },
                              steps: 1, batch: batch, lr: 0.01, seed: 5, tied: tied, placement: placement)
            let t = ToyTrainer<Double>(c)
            #expect(t.usesDirectPath)
            t.sampleBatch()
            for i in 0..<n { t.b[i] = 0.1 * Double(i) - 0.2 }
            let mn = m * n
            func grads() -> [Double] {
                Array(UnsafeBufferPointer(start: t.gwe, count: mn)) + Array(UnsafeBufferPointer(start: t.gb, count: n))
                    + (tied ? [] : Array(UnsafeBufferPointer(start: t.gwd, count: mn)))
            }
            let lossBLAS = t.lossAndGradientsBLAS(), gBLAS = grads()
            let lossDirect = t.lossAndGradientsDirect(), gDirect = grads()
            #expect(Swift.abs(lossDirect - lossBLAS) <= 1e-12 * Swift.max(1, Swift.abs(lossBLAS)), "\(act) \(placement) n=\(n) m=\(m)")
            let scale = gBLAS.reduce(0) { Swift.max($0, Swift.abs($1)) }
            let worst = zip(gDirect, gBLAS).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1)) }
            #expect(worst <= 1e-12 * Swift.max(1, scale), "\(act) \(placement) tied=\(tied) n=\(n) m=\(m): \(worst)")
        }
    }
    // Larger models take the BLAS path.
    let big = ToyConfig(n: 20, m: 5, activation: .pointwise(.relu), sparsity: 0.9, importance: Array(repeating: 1, count: 20),
                        steps: 1, batch: 8, lr: 0.001, seed: 0)
    #expect(!ToyTrainer<Double>(big).usesDirectPath)
}

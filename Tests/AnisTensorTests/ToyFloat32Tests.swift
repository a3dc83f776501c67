// ToyFloat32Tests: the float32 toy-model trainer. The fused pass (CKernels'
// anis_toy_relu_f32) against the sgemm path and the float64 trainer on the same batch;
// the block-filled random stream and the batch conversion against their scalar
// definitions; and whole float32 runs against float64 ones: close (float32 tolerance),
// but not equal, so the float32 arithmetic is really float32.
import Foundation
import Testing
@testable import AnisTensor

private func config(n: Int, m: Int, batch: Int, tied: Bool = true, steps: Int = 1, seed: UInt64 = 5,
                    act: ToyActivation = .pointwise(.relu)) -> ToyConfig {
    var c = ToyConfig(n: n, m: m, activation: act, sparsity: 0.3, importance: (0..<n).map { Foundation.pow(0.8, Double($0)) },
                      steps: steps, batch: batch, lr: 0.01, seed: seed, tied: tied)
    c.dtype = .float32
    return c
}

/// gwe, gb and (untied) gwd of a trainer, as Doubles.
private func gradients<T>(_ t: ToyTrainer<T>, _ c: ToyConfig) -> [Double] {
    let mn = c.m * c.n
    return UnsafeBufferPointer(start: t.gwe, count: mn).map(\.double) + UnsafeBufferPointer(start: t.gb, count: c.n).map(\.double)
        + (c.tied ? [] : UnsafeBufferPointer(start: t.gwd, count: mn).map(\.double))
}

/// The largest difference between two gradient lists, relative to the largest entry of `b`.
private func relativeGap(_ a: [Double], _ b: [Double]) -> Double {
    let scale = b.reduce(0) { Swift.max($0, Swift.abs($1)) }
    return zip(a, b).reduce(0) { Swift.max($0, Swift.abs($1.0 - $1.1)) } / Swift.max(scale, 1e-30)
}

@Test(arguments: [true, false])
func toyFusedFloat32MatchesFloat64(tied: Bool) {
    // Full and partial 16-row blocks; m inside and past the unrolled sizes (1…8).
    for (n, m, batch) in [(20, 5, 64), (2, 1, 37), (7, 3, 5), (12, 9, 50), (1, 1, 16)] {
        let c = config(n: n, m: m, batch: batch, tied: tied)
        let f = ToyTrainer<Float>(c), d = ToyTrainer<Double>(c)
        #expect(f.usesFusedPath && !d.usesFusedPath)
        f.sampleBatch(); d.sampleBatch()
        for i in 0..<n { f.b[i] = Float(0.1 * Double(i) - 0.2); d.b[i] = Double(f.b[i]) }
        let lossFused = f.lossAndGradientsFused(), gFused = gradients(f, c)
        let lossDouble = d.lossAndGradientsBLAS(), gDouble = gradients(d, c)
        let lossSgemm = f.lossAndGradientsBLAS(), gSgemm = gradients(f, c)
        let label = "n=\(n) m=\(m) batch=\(batch) tied=\(tied)"
        #expect(Swift.abs(lossFused - lossDouble) <= 1e-5 * lossDouble, "\(label): \(lossFused) vs \(lossDouble)")
        #expect(Swift.abs(lossSgemm - lossDouble) <= 1e-5 * lossDouble, "\(label)")
        #expect(relativeGap(gFused, gDouble) <= 1e-5, "\(label): \(relativeGap(gFused, gDouble))")
        #expect(relativeGap(gSgemm, gDouble) <= 1e-5, "\(label)")
    }
}

@Test func toyFusedPathIsFloat32ReluOutputOnly() {
    #expect(ToyTrainer<Float>(config(n: 20, m: 5, batch: 8)).usesFusedPath)
    #expect(!ToyTrainer<Float>(config(n: 20, m: 5, batch: 8, act: .pointwise(.gelu))).usesFusedPath)
    var hidden = config(n: 20, m: 5, batch: 8); hidden.placement = .hidden
    #expect(!ToyTrainer<Float>(hidden).usesFusedPath)
    #expect(!ToyTrainer<Float>(config(n: 200, m: 20, batch: 8)).usesFusedPath)  // n·m past fusedLimit: sgemm
}

@Test func pcgFillMatchesNext() {
    for count in Array(0..<20) + [1001, 4096] {
        var a = PCG64(seed: 42), b = PCG64(seed: 42)
        let p = UnsafeMutablePointer<UInt64>.allocate(capacity: Swift.max(count, 1)); defer { p.deallocate() }
        a.fill(p, count)
        let expected = (0..<count).map { _ in b.next() }
        #expect(Array(UnsafeBufferPointer(start: p, count: count)) == expected, "count \(count)")
        #expect(a.next() == b.next(), "the stream continues after fill, count \(count)")
    }
}

@Test func toyBatchMatchesItsDefinition() {
    // Each 64-bit draw gives two features (low half first): 0 when u < S, else (u − S)/(1 − S).
    // 821·5 = 4105 features: two blocks of draws (4096 features each), the last one odd.
    for (batch, n, s) in [(3, 5, 0.3), (4, 4, 0.0), (2, 3, 0.9), (821, 5, 0.3)] {
        var c = ToyConfig(n: n, m: 1, activation: .pointwise(.relu), sparsity: s, importance: Array(repeating: 1, count: n),
                          steps: 1, batch: batch, lr: 0.01, seed: 9)
        let d = ToyTrainer<Double>(c)
        c.dtype = .float32
        let f = ToyTrainer<Float>(c)
        var rng = d.rng
        d.sampleBatch(); f.sampleBatch()
        let count = batch * n
        var expected: [Double] = []
        while expected.count < count {
            let r = rng.next()
            for half in [UInt32(truncatingIfNeeded: r), UInt32(truncatingIfNeeded: r >> 32)] where expected.count < count {
                let u = Double(half) * 0x1.0p-32
                expected.append(u < s ? 0 : (u - s) * (1 / (1 - s)))
            }
        }
        #expect(Array(UnsafeBufferPointer(start: d.x, count: count)) == expected)
        #expect(Array(UnsafeBufferPointer(start: f.x, count: count)) == expected.map { Float($0) })
        #expect(d.rng.next() == rng.next(), "an odd count uses the low half of its last draw and drops the rest")
    }
}

@Test func toyFloat32TrainingIsFloat32() throws {
    // Whole runs: the fused path (relu), the sgemm path (n·m past fusedLimit is too slow
    // for a test, so gelu at n = 20, m = 5) and the direct loops (n·m ≤ 64). float32 ends
    // within float32 tolerance of float64 but not on it: float64 arithmetic would agree
    // to ~1e-15, float32 rounding shows at ~1e-7.
    let cases: [ToyConfig] = [config(n: 20, m: 5, batch: 64, steps: 200), config(n: 20, m: 5, batch: 64, tied: false, steps: 200),
                              config(n: 20, m: 5, batch: 64, steps: 100, act: .pointwise(.gelu)),
                              config(n: 4, m: 2, batch: 64, steps: 200, act: .pointwise(.tanh))]
    for c32 in cases {
        var c64 = c32; c64.dtype = .float64
        let r = try ToyModels.train([c32, c64], threads: 1)
        let l32 = try #require(r[0].losses.last), l64 = try #require(r[1].losses.last)
        let rel = Swift.abs(l32 - l64) / l64
        #expect(rel <= 1e-4, "\(c32.activation) n=\(c32.n) tied=\(c32.tied): \(l32) vs \(l64)")
        #expect(rel > 1e-11, "\(c32.activation) n=\(c32.n) tied=\(c32.tied): float32 gives float64's loss \(l64)")
        #expect(r[0].W.allSatisfy { Double(Float($0)) == $0 }, "float32 weights are float32 numbers")
    }
}

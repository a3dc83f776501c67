import Foundation
import Testing
@testable import AnisTensor

private func close(_ a: Double, _ b: Double, tol: Double = 1e-10) -> Bool { Swift.abs(a - b) <= tol * (1 + Swift.abs(b)) }

/// Deterministic standard normals (Box–Muller over an LCG).
private func gaussian(_ m: Int, _ n: Int, seed: UInt64) throws -> Tensor {
    var state = seed
    func uniform() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return (Double(state >> 11) + 0.5) / Double(1 << 53)
    }
    var xs = [Double]()
    for _ in 0..<(m * n) { xs.append((-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())) }
    return try Tensor(shape: [m, n], elements: xs)
}

@Test func spectrumAndRanks() throws {
    let h = try Tensor(shape: [3, 3], elements: [2, 0, 0, 0, 1, 0, 0, 0, 1])
    let p = try Anisotropy.spectrum(h)
    #expect(p.elements == [0.5, 0.25, 0.25])
    let entropy = -(0.5 * log(0.5) + 2 * 0.25 * log(0.25))
    #expect(close(try Anisotropy.effectiveRank(h), exp(entropy)))
    #expect(close(try Anisotropy.participationRatio(h, centered: false), 36.0 / 18.0))
    #expect(close(try Anisotropy.stableRank(h), 6.0 / 4.0))
    #expect(close(try Anisotropy.sigmaRatio(h), 2))
    let identity = try Tensor(shape: [4, 4], elements: (0..<16).map { $0 % 5 == 0 ? 1 : 0 })
    #expect(close(try Anisotropy.effectiveRank(identity), 4))
    #expect(close(try Anisotropy.stableRank(identity), 4))
    #expect(try Anisotropy.effectiveRank(try Tensor(shape: [2, 2], repeating: 0)) == 0)
    #expect(throws: TensorError("svdvals: expected a matrix, got shape (3,)")) { try Anisotropy.spectrum(Tensor([1, 2, 3])) }
}

@Test func participationRatioCentered() throws {
    // Rows ±e1, ±e2 scaled: centred covariance eigenvalues ∝ (4, 1) → PR = 25/17.
    let h = try Tensor(shape: [4, 2], elements: [2, 0, -2, 0, 0, 1, 0, -1].map { $0 + 5 })
    #expect(close(try Anisotropy.participationRatio(h), 25.0 / 17.0))
}

@Test func meanCosineMatchesPairwise() throws {
    let h = try gaussian(20, 5, seed: 1)
    let e = h.elements
    var total = 0.0
    for i in 0..<20 { for j in 0..<20 where i != j {
        var dot = 0.0, a = 0.0, b = 0.0
        for k in 0..<5 { dot += e[i * 5 + k] * e[j * 5 + k]; a += e[i * 5 + k] * e[i * 5 + k]; b += e[j * 5 + k] * e[j * 5 + k] }
        total += dot / (a * b).squareRoot()
    } }
    #expect(close(try Anisotropy.meanCosine(h), total / 380, tol: 1e-12))
    let same = try Tensor(shape: [3, 2], elements: [1, 1, 2, 2, 3, 3])
    #expect(close(try Anisotropy.meanCosine(same), 1))
}

@Test func reluMakesTopVectorAllOnes() throws {
    // The seed's observation: relu of isotropic Gaussians has σ1 standing out along (1, …, 1).
    let h = Activation.relu.apply(try gaussian(2000, 20, seed: 3))
    let (v, sigma, cosOnes) = try Anisotropy.topSingularVector(h)
    #expect(v.shape == [20] && cosOnes > 0.99)
    #expect(close(sigma, try Tensor.svdvals(h).elements[0], tol: 1e-9))
    #expect(try Anisotropy.sigmaRatio(h) > 2.5)  // ≈ √((20·0.159 + 0.341)/0.341) ≈ 3.2
    let lin = try gaussian(2000, 20, seed: 3)
    #expect(try Anisotropy.sigmaRatio(lin) < 1.5)
    // Wide case (N < D) goes through HHᵀ.
    let wide = Activation.relu.apply(try gaussian(10, 40, seed: 4))
    let (vw, sw, _) = try Anisotropy.topSingularVector(wide)
    #expect(close(sw, try Tensor.svdvals(wide).elements[0], tol: 1e-9))
    #expect(close(vw.elements.map { $0 * $0 }.reduce(0, +), 1))
}

@Test func centerAndPCA() throws {
    let h = try Tensor(shape: [3, 2], elements: [1, 10, 2, 20, 3, 30])
    #expect(try Anisotropy.center(h).elements == [-1, -10, 0, 0, 1, 10])
    let (c, r, p) = try Anisotropy.pca(h, k: 1)
    #expect(c.shape == [1, 2] && r.shape == [1] && p.shape == [3, 1])
    #expect(close(r.elements[0], 1))
    let norm = 101.0.squareRoot()
    #expect(close(c.elements[0], 1 / norm) && close(c.elements[1], 10 / norm))
    #expect(close(p.elements[0], -norm) && close(p.elements[2], norm))
    #expect(throws: TensorError.self) { try Anisotropy.pca(h, k: 3) }
}

@Test func twonnRecoversDimension() throws {
    // Points on a 2-D plane embedded in 10-D: intrinsic dimension ≈ 2.
    let z = try gaussian(1500, 2, seed: 5).elements
    var xs = [Double]()
    for i in 0..<1500 { for k in 0..<10 { xs.append(z[i * 2] * Double(k + 1) + z[i * 2 + 1] * Double(10 - k) + 3) } }
    let h = try Tensor(shape: [1500, 10], elements: xs)
    let dFit = try Anisotropy.twonn(h)
    let dMLE = try Anisotropy.twonn(h, estimator: .mle)
    #expect(Swift.abs(dFit - 2) < 0.3 && Swift.abs(dMLE - 2) < 0.3)
    let h5 = try gaussian(1500, 5, seed: 6)
    #expect(Swift.abs(try Anisotropy.twonn(h5) - 5) < 0.8)
    #expect(throws: TensorError.self) { try Anisotropy.twonn(try gaussian(2, 3, seed: 1)) }
}

@Test func deadFractionCountsColumns() throws {
    let h = try Tensor(shape: [2, 4], elements: [0, 1, -1, 0, 0, 0, -2, 3])
    #expect(try Anisotropy.deadFraction(h) == 0.5)
    #expect(try Anisotropy.deadFraction(h, tol: 1) == 0.75)
}

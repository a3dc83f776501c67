// The BLAS-3 SVD routes of clearly tall or wide float64 matrices (CholeskyQR2 for svd,
// Gram eigenvalues with deflation for svdvals) against LAPACK's dgesdd on the same matrix,
// on a table of spectra; and that each route declines the matrices it must leave to dgesdd.
import Testing
import Foundation
@testable import AnisTensor

/// A matrix and how it was made (for failure messages).
private struct Case: CustomStringConvertible, Sendable {
    let name: String
    let a: Tensor
    var description: String { "\(name) \(a.shapeDescription)" }
}

/// U·diag(σ)·Vᵀ with random orthonormal U (m×k) and V (n×k), k = σ.count.
private func withSpectrum(_ m: Int, _ n: Int, _ sigma: [Double], seed: UInt64) throws -> Tensor {
    var rng = PCG64(seed: seed)
    let k = sigma.count
    let u = try Tensor.qr(Tensor.randn([m, k], rng: &rng)).q
    let v = try Tensor.qr(Tensor.randn([n, k], rng: &rng)).q
    return try Tensor.matmul(try Tensor.matmul(u, try Tensor.diag(Tensor(sigma))), v, transposeA: false, transposeB: true)
}

private func logSpaced(from hi: Double, to lo: Double, count: Int) -> [Double] {
    (0..<count).map { hi * Foundation.pow(lo / hi, Double($0) / Double(count - 1)) }
}

private func scaled(_ a: Tensor, _ c: Double) throws -> Tensor {
    try Tensor(shape: a.shape, elements: a.elements.map { $0 * c })
}

private func transposed(_ c: Case) throws -> Case { Case(name: c.name + " (wide)", a: try c.a.transposed()) }

/// The table: well conditioned, graded, rank-deficient, clustered, zero columns, extreme scales.
private let cases: [Case] = {
    do {
        var rng = PCG64(seed: 5)
        let (m, n) = (600, 40)
        let gauss = try Tensor.randn([m, n], rng: &rng)
        var zeroColumns = gauss.elements
        for i in 0..<m { for j in stride(from: 0, to: n, by: 7) { zeroColumns[i * n + j] = 0 } }
        let rank10 = try Tensor.matmul(try Tensor.randn([m, 10], rng: &rng), try Tensor.randn([10, n], rng: &rng))
        let clustered = [Double](repeating: 1, count: 10) + [Double](repeating: 1e-4, count: 10)
            + [Double](repeating: 1e-8, count: 10) + [Double](repeating: 1e-12, count: 10)
        let relu = try Tensor(shape: rank10.shape, elements: rank10.elements.map { Swift.max($0, 0) })
        var table = [
            Case(name: "gaussian", a: gauss),
            Case(name: "relu of a rank-10 product", a: relu),
            Case(name: "rank 10", a: rank10),
            Case(name: "zero columns", a: try Tensor(shape: [m, n], elements: zeroColumns)),
            Case(name: "clustered 1, 1e-4, 1e-8, 1e-12", a: try withSpectrum(m, n, clustered, seed: 6)),
            Case(name: "zero matrix", a: try Tensor(shape: [m, n], repeating: 0)),
            Case(name: "near-square gaussian", a: try Tensor.randn([50, 40], rng: &rng)),
        ]
        for (i, lo) in [1e-3, 1e-5, 1e-6, 1e-7, 1e-9, 1e-12, 1e-20].enumerated() {
            table.append(Case(name: "graded 1 to \(lo)", a: try withSpectrum(m, n, logSpaced(from: 1, to: lo, count: n), seed: 10 + UInt64(i))))
        }
        for c in [1e-150, 1e150, 1e-300, 1e300] {
            table.append(Case(name: "gaussian × \(c)", a: try scaled(gauss, c)))
            table.append(Case(name: "rank 10 × \(c)", a: try scaled(rank10, c)))
        }
        return try table + table.map(transposed)
    } catch {
        Issue.record("building the matrices failed: \(error)")
        return []
    }
}()

/// dgesdd's thin SVD of `a` (the path svd takes when the new routes decline).
private func reference(_ a: Tensor) throws -> (u: Tensor, s: Tensor, vt: Tensor) {
    let (m, n) = (a.shape[0], a.shape[1])
    if m > n { return try LAKit.thinSVDOfTall(Double.self, a, m: m, n: n, op: "test") }
    return try LAKit.svdInPlace(Double.self, LAKit.finiteCopy(a, as: Double.self, op: "test"), m: m, n: n, full: false, op: "test")
}

/// max |xᵢ − yᵢ| / scale.
private func maxDifference(_ x: [Double], _ y: [Double], scale: Double) -> Double {
    zip(x, y).map { Swift.abs($0 - $1) }.max().map { scale > 0 ? $0 / scale : $0 } ?? 0
}

/// max |(XᵀX − I)ᵢⱼ| for the k columns of the r×k row-major `x`.
private func orthonormalityError(columnsOf x: [Double], rows r: Int, cols k: Int) -> Double {
    var worst = 0.0
    for i in 0..<k { for j in i..<k {
        var d = 0.0
        for t in 0..<r { d += x[t * k + i] * x[t * k + j] }
        worst = Swift.max(worst, Swift.abs(d - (i == j ? 1 : 0)))
    } }
    return worst
}

private func transpose(_ x: [Double], rows: Int, cols: Int) -> [Double] {
    var out = [Double](repeating: 0, count: x.count)
    for i in 0..<rows { for j in 0..<cols { out[j * rows + i] = x[i * cols + j] } }
    return out
}

@Test(arguments: cases)
private func svdvalsAgreesWithGesdd(_ c: Case) throws {
    let (m, n) = (c.a.shape[0], c.a.shape[1])
    let exact = try LAKit.singularValues(Double.self, c.a, m: m, n: n, op: "test").elements
    let s = try Tensor.svdvals(c.a).elements
    #expect(s.count == exact.count)
    #expect(zip(s, s.dropFirst()).allSatisfy { $0 >= $1 }, "not descending")
    let err = maxDifference(s, exact, scale: exact[0])
    #expect(err <= 1e-12, "\(c): max |σ − σ_dgesdd| = \(err)·σ1")
    if Swift.max(m, n) >= 2 * Swift.min(m, n) {
        // The Gram route itself answers (it declines only when LAPACK fails).
        #expect(try LAKit.gramSingularValues(c.a, m: m, n: n) != nil, "\(c): Gram route declined")
    }
}

@Test(arguments: cases)
private func svdAgreesWithGesdd(_ c: Case) throws {
    let (m, n) = (c.a.shape[0], c.a.shape[1])
    let k = Swift.min(m, n)
    let (u0, s0, vt0) = try reference(c.a)
    let (u, s, vt) = try Tensor.svd(c.a)
    #expect(u.shape == [m, k] && s.shape == [k] && vt.shape == [k, n])
    let sigma1 = s0.elements[0]
    let se = s.elements, ue = u.elements, vte = vt.elements
    #expect(maxDifference(se, s0.elements, scale: sigma1) <= 1e-12, "\(c): singular values")
    if sigma1 == 0 { return }
    #expect(orthonormalityError(columnsOf: ue, rows: m, cols: k) <= 1e-13, "\(c): U not orthonormal")
    #expect(orthonormalityError(columnsOf: transpose(vte, rows: k, cols: n), rows: n, cols: k) <= 1e-13, "\(c): Vᵀ not orthonormal")
    // A ≈ U·S·Vᵀ.
    var us = ue
    for i in 0..<m { for j in 0..<k { us[i * k + j] *= se[j] } }
    let product = try referenceMatmul(try Tensor(shape: [m, k], elements: us), vt).elements
    #expect(maxDifference(product, c.a.elements, scale: sigma1) <= 1e-13, "\(c): A ≠ U·S·Vᵀ")
    // Singular vectors agree with dgesdd's up to sign where the gap to the neighbours
    // allows (their error is about ε·σ1/gap in both).
    let r = s0.elements, u0e = u0.elements, vt0e = vt0.elements
    for j in 0..<k where r[j] > 1e-6 * sigma1 {
        let gap = Swift.min(j > 0 ? r[j - 1] - r[j] : .infinity, j + 1 < k ? r[j] - r[j + 1] : r[j])
        let tol = 1e-13 * sigma1 / gap
        guard tol < 1e-3 else { continue }
        var du = 0.0, dv = 0.0
        for i in 0..<m { du += ue[i * k + j] * u0e[i * k + j] }
        for i in 0..<n { dv += vte[j * n + i] * vt0e[j * n + i] }
        #expect(Swift.abs(Swift.abs(du) - 1) <= tol && Swift.abs(Swift.abs(dv) - 1) <= tol,
                "\(c): singular vector \(j) differs from dgesdd's (|cos| \(du), \(dv))")
    }
}

/// CholeskyQR2 must take the well-conditioned matrices and leave the ill-conditioned,
/// rank-deficient and zero ones to dgesdd (the guard is what makes its results right).
@Test func choleskyQR2TakesOnlyWellConditionedMatrices() throws {
    func taken(_ a: Tensor) throws -> Bool {
        try LAKit.choleskyQR2SVD(a, m: a.shape[0], n: a.shape[1]) != nil
    }
    var rng = PCG64(seed: 9)
    let gauss = try Tensor.randn([600, 40], rng: &rng)
    for a in [gauss, try gauss.transposed(), try scaled(gauss, 1e-300), try scaled(gauss, 1e300),
              try withSpectrum(600, 40, logSpaced(from: 1, to: 1e-4, count: 40), seed: 1)] {
        #expect(try taken(a), "\(a.shapeDescription) well conditioned but declined")
    }
    // κ = 1e7 passes Cholesky twice but loses ~1e-3 of orthogonality in the first pass.
    for lo in [1e-7, 1e-9, 1e-14] {
        #expect(try !taken(withSpectrum(600, 40, logSpaced(from: 1, to: lo, count: 40), seed: 2)), "κ = \(1 / lo) taken")
    }
    let rank10 = try Tensor.matmul(try Tensor.randn([600, 10], rng: &rng), try Tensor.randn([10, 40], rng: &rng))
    #expect(try !taken(rank10))
    #expect(try !taken(Tensor(shape: [600, 40], repeating: 0)))
}

/// The Gram route's first stage trusts σ ≥ 1e-3·σ1 only: a spectrum reaching lower must go
/// through deflation, and the answer must still match dgesdd (checked above); here, that
/// the stage-1 values alone would have been wrong, so the deflation is what makes it right.
@Test func gramRouteFirstStageAloneIsNotEnoughForGradedSpectra() throws {
    let sigma = logSpaced(from: 1, to: 1e-9, count: 40)
    let a = try withSpectrum(600, 40, sigma, seed: 3)
    let g = try Tensor.matmul(a, a, transposeA: true, transposeB: false)
    let naive = try Tensor.eigh(g).values.elements.map { Swift.max($0, 0).squareRoot() }.sorted(by: >)
    let exact = try LAKit.singularValues(Double.self, a, m: 600, n: 40, op: "test").elements
    #expect(maxDifference(naive, exact, scale: exact[0]) > 1e-10)
    #expect(maxDifference(try Tensor.svdvals(a).elements, exact, scale: exact[0]) <= 1e-12)
}

@Test func finiteMaxMagnitudeAndScale() throws {
    // NaN and inf are rejected through the Gram matrix's diagonal, without a separate scan.
    for bad in [Double.nan, .infinity, -.infinity] {
        var e = try lcgMatrix(60, 20, seed: 1).elements
        e[137] = bad
        let a = try Tensor(shape: [60, 20], elements: e)
        #expect(throws: TensorError("svdvals: input (60, 20) contains NaN or infinity")) { try Tensor.svdvals(a) }
        #expect(throws: TensorError("svd: input (60, 20) contains NaN or infinity")) { try Tensor.svd(a) }
        #expect(throws: TensorError.self) { try Tensor.svdvals(try a.transposed()) }
    }
    let (_, _, unscaled) = try LAKit.tallGram(try lcgMatrix(60, 20, seed: 2), m: 60, n: 20, op: "t")
    #expect(unscaled == 1)
    let (_, _, scaled) = try LAKit.tallGram(try scaled(try lcgMatrix(60, 20, seed: 2), 1e200), m: 60, n: 20, op: "t")
    #expect(scaled < 1e-199 && scaled.significand == 1)
    let a = try mat([[1, -3], [2, 0.5]])
    #expect(try LAKit.finiteMaxMagnitude(a, op: "t") == 3)
    #expect(throws: TensorError("t: input (2, 2) contains NaN or infinity")) {
        try LAKit.finiteMaxMagnitude(try mat([[1, .nan], [0, 1]]), op: "t")
    }
    #expect(throws: TensorError.self) { try LAKit.finiteMaxMagnitude(try mat([[1, -.infinity]]), op: "t") }
    #expect(LAKit.gramScale(maxMagnitude: 0) == 1)
    #expect(LAKit.gramScale(maxMagnitude: 3) == 0.5)
    let big = LAKit.gramScale(maxMagnitude: 1e300)
    #expect(big < 1 && (1e300 * big) >= 1 && (1e300 * big) < 2 && big.significand == 1)
    let small = LAKit.gramScale(maxMagnitude: 1e-300)
    #expect((1e-300 * small) >= 1 && (1e-300 * small) < 2 && small.significand == 1)
}

/// The noise-tail shortcut answers for the exactly rank-deficient tail (rank 10 of 40, both
/// orientations) to the same accuracy, and declines a tail that is not at noise level.
@Test func noiseTailTakesOnlyNoiseLevelTails() throws {
    var rng = PCG64(seed: 21)
    let rank10 = try Tensor.matmul(try Tensor.randn([600, 10], rng: &rng), try Tensor.randn([10, 40], rng: &rng))
    let graded = try withSpectrum(600, 40, logSpaced(from: 1, to: 1e-5, count: 40), seed: 22)
    for (a, expectTaken) in [(rank10, true), (try rank10.transposed(), true), (graded, false)] {
        let (m, n) = (a.shape[0], a.shape[1])
        let t = TallMatrix(a.storage, m: m, n: n)
        let g = try t.gram(op: "test")
        let eig = try Tensor.eigh(try Tensor(shape: [40, 40], elements: (0..<1600).map { i in
            let (r, c) = (i / 40, i % 40)
            let (i, j) = (Swift.min(r, c), Swift.max(r, c))  // the filled upper triangle, mirrored
            return g.pointer[t.rowMajor ? i * 40 + j : j * 40 + i]
        }))
        // V₁: the eigenvectors of the 10 largest eigenvalues (eigh: ascending), as columns of a 40×10 matrix.
        let vectors = eig.vectors.elements
        var v1 = [Double](repeating: 0, count: 400)
        for r in 0..<40 { for c in 0..<10 { v1[t.rowMajor ? r * 10 + c : c * 40 + r] = vectors[r * 40 + 30 + c] } }
        let sigma1 = eig.values.elements[39].squareRoot()
        let tail = try v1.withUnsafeMutableBufferPointer { p in
            try LAKit.noiseTailValues(t, v1: p.baseAddress!, ldv: t.rowMajor ? 10 : 40, k1: 10, sigma1: sigma1, op: "test")
        }
        #expect((tail != nil) == expectTaken, "\(a.shapeDescription): noise tail \(tail == nil ? "declined" : "taken")")
        if let tail {
            let exact = try LAKit.singularValues(Double.self, a, m: m, n: n, op: "test").elements
            #expect(tail.count == 30 && maxDifference(tail, Array(exact[10...]), scale: exact[0]) <= 1e-12)
        }
    }
}

import Testing
import Foundation
@testable import AnisTensor


private func scaledU(_ u: Tensor, _ s: Tensor) throws -> Tensor {
    let m = u.shape[0], k = s.count
    var out = [Double](repeating: 0, count: m * k)
    let ue = u.elements, se = s.elements
    for i in 0..<m { for j in 0..<k { out[i * k + j] = ue[i * u.shape[1] + j] * se[j] } }
    return try Tensor(shape: [m, k], elements: out)
}

@Test func svdKnownSingularValues() throws {
    let a = try mat([[3, 0], [0, -4], [0, 0]])
    let s = try Tensor.svdvals(a)
    #expect(approximatelyEqual(s.elements, [4, 3]))
}

@Test(arguments: [(5, 3), (3, 5), (4, 4), (1, 6), (6, 1)])
func svdThinReconstructs(shape: (Int, Int)) throws {
    let (m, n) = shape
    let a = try lcgMatrix(m, n, seed: UInt64(m * 31 + n))
    let (u, s, vt) = try Tensor.svd(a)
    let k = Swift.min(m, n)
    #expect(u.shape == [m, k] && s.shape == [k] && vt.shape == [k, n])
    #expect(approximatelyEqual(try referenceMatmul(try scaledU(u, s), vt).elements, a.elements, tol: 1e-12))
    let se = s.elements
    #expect(zip(se, se.dropFirst()).allSatisfy { $0 >= $1 })
    #expect(approximatelyEqual(try Tensor.svdvals(a).elements, se, tol: 1e-12))
    // Orthonormal columns of u.
    let ue = u.elements
    for i in 0..<k { for j in 0..<k {
        var d = 0.0
        for r in 0..<m { d += ue[r * k + i] * ue[r * k + j] }
        #expect(Swift.abs(d - (i == j ? 1 : 0)) < 1e-12)
    } }
}

@Test func svdFullShapesAndOrthogonality() throws {
    let a = try lcgMatrix(5, 3, seed: 7)
    let (u, s, vt) = try Tensor.svd(a, full: true)
    #expect(u.shape == [5, 5] && s.shape == [3] && vt.shape == [3, 3])
    let ue = u.elements
    for i in 0..<5 { for j in 0..<5 {
        var d = 0.0
        for r in 0..<5 { d += ue[r * 5 + i] * ue[r * 5 + j] }
        #expect(Swift.abs(d - (i == j ? 1 : 0)) < 1e-12)
    } }
    let b = try lcgMatrix(2, 4, seed: 9)
    let (u2, _, vt2) = try Tensor.svd(b, full: true)
    #expect(u2.shape == [2, 2] && vt2.shape == [4, 4])
}

@Test func svdErrors() throws {
    #expect(throws: TensorError("svd: expected a matrix, got shape (3,)")) { try Tensor.svd(Tensor([1, 2, 3])) }
    #expect(throws: TensorError("svdvals: expected a matrix, got shape ()")) { try Tensor.svdvals(Tensor(scalar: 1)) }
    let bad = try mat([[1, .nan], [0, 1]])
    #expect(throws: TensorError.self) { try Tensor.svd(bad) }
    #expect(throws: TensorError.self) { try Tensor.svdvals(try mat([[1, .infinity], [0, 1]])) }
}

@Test func svdEmpty() throws {
    let a = try Tensor(shape: [0, 3], elements: [])
    let (u, s, vt) = try Tensor.svd(a)
    #expect(u.shape == [0, 0] && s.shape == [0] && vt.shape == [0, 3])
    let (_, _, vtf) = try Tensor.svd(a, full: true)
    #expect(vtf.elements == [1, 0, 0, 0, 1, 0, 0, 0, 1])
    #expect(try Tensor.svdvals(a).count == 0)
}

@Test func svdDoesNotModifyInput() throws {
    let a = try lcgMatrix(4, 3, seed: 3)
    let before = a.elements
    _ = try Tensor.svd(a)
    _ = try Tensor.svdvals(a)
    #expect(a.elements == before)
}

/// svdvals takes the Gram route (dsyrk + dsyevd) for clearly tall or wide, well-conditioned
/// matrices; it must agree with the full dgesdd decomposition, and fall back to dgesdd
/// when small singular values would lose accuracy.
@Test func gramRouteAgreesWithGesdd() throws {
    var rng = PCG64(seed: 11)
    for shape in [[600, 40], [40, 600]] {
        let a = try Tensor.randn(shape, rng: &rng)
        let fast = try Tensor.svdvals(a).elements
        let exact = try Tensor.svd(a).s.elements
        for (x, y) in zip(fast, exact) { #expect(abs(x - y) <= 1e-12 * exact[0]) }
    }
    // Singular values spanning 1 ... 1e-7: too ill-conditioned for the Gram route.
    let u = try Tensor.qr(Tensor.randn([300, 20], rng: &rng)).q
    let v = try Tensor.qr(Tensor.randn([20, 20], rng: &rng)).q
    let sigma = (0..<20).map { Foundation.pow(10, -7 * Double($0) / 19) }
    let a = try Tensor.matmul(try Tensor.matmul(u, try Tensor.diag(Tensor(sigma))), v, transposeA: false, transposeB: true)
    let s = try Tensor.svdvals(a).elements
    for (x, y) in zip(s, sigma) { #expect(abs(x - y) <= 1e-9 * y) }
}

/// The tall path (transposing copy, jobz 'O') agrees with the wide one on the same matrix:
/// svd(A) against svd(Aᵀ) with U and Vᵀ swapped, to 1e-12 relative.
@Test func tallThinSVDMatchesTheTransposedDecomposition() throws {
    let a = try lcgMatrix(300, 40, seed: 11)
    let (u, s, vt) = try Tensor.svd(a)
    let (u2, s2, vt2) = try Tensor.svd(try a.transposed())
    #expect(u.shape == [300, 40] && vt.shape == [40, 40])
    #expect(approximatelyEqual(s.elements, s2.elements, tol: 1e-12))
    #expect(approximatelyEqual(try referenceMatmul(try scaledU(u, s), vt).elements, a.elements, tol: 1e-12))
    // Singular vectors agree up to sign: |u_j · v2_j| = 1 where v2 = rows of vt2 (distinct singular values).
    let ue = u.elements, v2 = vt2.elements, ve = vt.elements, u2e = u2.elements
    for j in 0..<40 {
        var dotU = 0.0, dotV = 0.0
        for i in 0..<300 { dotU += ue[i * 40 + j] * v2[j * 300 + i] }
        for i in 0..<40 { dotV += ve[j * 40 + i] * u2e[i * 40 + j] }
        #expect(Swift.abs(Swift.abs(dotU) - 1) < 1e-12 && Swift.abs(Swift.abs(dotV) - 1) < 1e-12)
    }
}

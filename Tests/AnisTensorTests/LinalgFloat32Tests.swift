// LinalgFloat32Tests: the float32 paths of the decompositions, solvers and order
// statistics. Each input is a float64 matrix that float32 holds exactly, so the float32
// and float64 runs see the same numbers: their results must agree within float32's ε
// scaled by the problem's condition number, come out float32, and (for the LAPACK
// routines) differ from the rounded float64 result somewhere, which a path that secretly
// widened to float64 could not do. Bad input must fail with the float64 path's message.
import Testing
@testable import AnisTensor

private let eps32 = Double(Float.ulpOfOne)

/// An n×m matrix exactly representable in float32 (so both dtypes start from the same numbers),
/// shifted by `shift`·I on the diagonal to set its conditioning.
private func exactMatrix(_ n: Int, _ m: Int, seed: UInt64, shift: Double = 0) throws -> (Tensor, Tensor) {
    let shifted = try Tensor.add(try lcgMatrix(n, m, seed: seed), Tensor.mul(try Tensor.eye(n, m), shift))
    let a32 = try shifted.converted(to: .float32, op: "test")
    return (try a32.converted(to: .float64, op: "test"), a32)
}

/// max|a − b| / max|b|.
private func relativeError(_ a: Tensor, _ b: Tensor) -> Double {
    let x = a.elements, y = b.elements
    let scale = y.map { Swift.abs($0) }.max() ?? 0
    return zip(x, y).map { Swift.abs($0 - $1) }.max().map { $0 / Swift.max(scale, .leastNormalMagnitude) } ?? 0
}

/// σmax/σmin of a float64 matrix.
private func conditionNumber(_ a: Tensor) throws -> Double {
    let s = try Tensor.svdvals(a).elements
    return (s.first ?? 1) / (s.last ?? 1)
}

/// The float32 result is float32, within `tol` of the float64 one, and not merely its rounding.
private func expectFloat32(_ r32: Tensor, _ r64: Tensor, tol: Double, _ what: String, computedInFloat32: Bool = true) throws {
    #expect(r32.dtype == .float32, "\(what): dtype \(r32.dtype)")
    #expect(r64.dtype == .float64, "\(what)")
    let err = relativeError(r32, r64)
    #expect(err <= tol, "\(what): relative error \(err) > \(tol)")
    if computedInFloat32 {
        let same = try r64.converted(to: .float32, op: "test").elements == r32.elements
        #expect(!same, "\(what): equals the rounded float64 result, so it did not run in float32")
    }
}

@Test func float32SolveInvDetFollowFloat64WithinConditioning() throws {
    let n = 30
    let (a, a32) = try exactMatrix(n, n, seed: 11, shift: 3)
    let (b, b32) = try exactMatrix(n, 2, seed: 12)
    let kappa = try conditionNumber(a)
    #expect(kappa < 1e3)
    let tol = Double(n) * kappa * eps32
    try expectFloat32(try Tensor.solve(a32, b32), try Tensor.solve(a, b), tol: tol, "solve")
    let (bv, bv32) = try exactMatrix(n, 1, seed: 13)
    try expectFloat32(try Tensor.solve(a32, bv32.reshaped([n])), try Tensor.solve(a, bv.reshaped([n])), tol: tol, "solve (vector)")
    try expectFloat32(try Tensor.inv(a32), try Tensor.inv(a), tol: tol, "inv")
    let d32 = try Tensor.det(a32), d64 = try Tensor.det(a)
    #expect(Swift.abs(d32 - d64) <= tol * Swift.abs(d64), "det \(d32) vs \(d64)")
    #expect(d32 != d64, "det of float32 equals float64's exactly: not computed in float32")
    // A float64 right-hand side promotes the system to float64 (NumPy 2).
    #expect(try Tensor.solve(a32, b).dtype == .float64)
}

@Test func float32FactorizationsFollowFloat64WithinConditioning() throws {
    let (a, a32) = try exactMatrix(40, 12, seed: 21)
    let kappa = try conditionNumber(a)
    let (q32, r32) = try Tensor.qr(a32), (q64, r64) = try Tensor.qr(a)
    try expectFloat32(r32, r64, tol: 40 * kappa * eps32, "qr R")
    try expectFloat32(q32, q64, tol: 40 * kappa * eps32, "qr Q")
    // Q·R reproduces A and Q's columns are orthonormal, both to float32 accuracy.
    let back = try Tensor.matmul(q32, r32)
    #expect(back.dtype == .float32 && relativeError(back, a) <= 40 * eps32)
    let gram = try Tensor.matmul(q32, q32, transposeA: true, transposeB: false)
    #expect(relativeError(gram, try Tensor.eye(12)) <= 40 * eps32)

    // Cholesky of the exactly representable SPD matrix AᵀA + I.
    let spd = try Tensor.add(try Tensor.matmul(a, a, transposeA: true, transposeB: false), try Tensor.eye(12))
    let spd32 = try spd.converted(to: .float32, op: "test")
    let spdExact = try spd32.converted(to: .float64, op: "test")
    try expectFloat32(try Tensor.cholesky(spd32), try Tensor.cholesky(spdExact), tol: 12 * (try conditionNumber(spdExact)) * eps32, "cholesky")
}

@Test func float32LeastSquaresAndPseudoInverseFollowFloat64() throws {
    let (a, a32) = try exactMatrix(40, 10, seed: 31)
    let (x, _) = try exactMatrix(10, 1, seed: 32)
    let b = try Tensor.matmul(a, x).converted(to: .float32, op: "test")
    let kappa = try conditionNumber(a)
    let r32 = try Tensor.lstsq(a32, b), r64 = try Tensor.lstsq(a, b.converted(to: .float64, op: "test"))
    try expectFloat32(r32.solution, r64.solution, tol: 40 * kappa * eps32, "lstsq solution")
    try expectFloat32(r32.singularValues, r64.singularValues, tol: 40 * eps32, "lstsq singular values", computedInFloat32: false)
    #expect(r32.rank == 10 && r64.rank == 10)
    #expect(r32.residuals.dtype == .float32 && r32.residuals.count == 1)
    try expectFloat32(try Tensor.pinv(a32), try Tensor.pinv(a), tol: 40 * kappa * eps32, "pinv")
    // The default rcond is float32's ε·max(m, n): rank-deficient float32 data has rank 1.
    let u = try lcgMatrix(20, 1, seed: 33).converted(to: .float32, op: "test")
    let rankOne = try Tensor.matmul(u, u, transposeA: false, transposeB: true)
    #expect(try Tensor.lstsq(rankOne, try Tensor(shape: [20], repeating: 1, dtype: .float32)).rank == 1)
    #expect(try Tensor.rank(rankOne) == 1)
    #expect(try Tensor.cond(rankOne) == .infinity)
}

@Test func float32EigFollowsFloat64() throws {
    // A = S·diag(1…n)·S⁻¹ with a well-conditioned S: real, well-separated eigenvalues.
    let n = 8
    let (s, _) = try exactMatrix(n, n, seed: 41, shift: 4)
    let d = try Tensor.diag(Tensor((1...n).map(Double.init)))
    let a = try Tensor.matmul(try Tensor.matmul(s, d), try Tensor.inv(s)).converted(to: .float32, op: "test")
    let a64 = try a.converted(to: .float64, op: "test")
    let e32 = try Tensor.eig(a), e64 = try Tensor.eig(a64)
    #expect(e32.re.dtype == .float32 && e32.vectorsRe.dtype == .float32)
    let tol = Double(n) * (try conditionNumber(s)) * eps32 * Double(n)
    let w32 = e32.re.elements.sorted(), w64 = e64.re.elements.sorted()
    for (x, y) in zip(w32, w64) { #expect(Swift.abs(x - y) <= tol, "eigenvalue \(x) vs \(y)") }
    #expect(e32.im.elements.allSatisfy { $0 == 0 })
    // A·v = λ·v for each float32 eigenvector, to float32 accuracy.
    let av = try Tensor.matmul(a, e32.vectorsRe).elements, v = e32.vectorsRe.elements, w = e32.re.elements
    for i in 0..<n { for j in 0..<n { #expect(Swift.abs(av[i * n + j] - w[j] * v[i * n + j]) <= tol) } }
}

@Test func float32NormsTracesAndConstructorsKeepTheDtype() throws {
    let (a, a32) = try exactMatrix(6, 6, seed: 51, shift: 2)
    for kind in [NormKind.fro, .nuc, .order(2), .order(1), .order(-.infinity)] {
        let n32 = try Tensor.norm(a32, kind: kind), n64 = try Tensor.norm(a, kind: kind)
        #expect(Swift.abs(n32 - n64) <= 10 * eps32 * n64, "norm \(kind)")
    }
    #expect(try Tensor.diag(a32).dtype == .float32 && Tensor.diag(try Tensor.diag(a32)).dtype == .float32)
    #expect(try Tensor.diag(a32, offset: 1).elements == Tensor.diag(a, offset: 1).elements)
    let o = try Tensor.outer(try Tensor.diag(a32), try Tensor.diag(a32))
    let o64 = try Tensor.outer(try Tensor.diag(a), try Tensor.diag(a)).converted(to: .float32, op: "test")
    #expect(o.dtype == .float32 && o.elements == o64.elements)
    #expect(try Tensor.outer(try Tensor.diag(a32), try Tensor.diag(a)).dtype == .float64)
    let spec = try Tensor.EinsumSpec("ij,jk->ik", operandCount: 2)
    #expect(try Tensor.einsum(spec, [a32, a32]).elements == Tensor.matmul(a32, a32).elements)
    let trace = try Tensor.EinsumSpec("ii->i", operandCount: 1)
    #expect(try Tensor.einsum(trace, [a32]).dtype == .float32)
}

@Test func float32OrderStatisticsAreTheRoundedFloat64Ones() throws {
    // Sorting is exact and the interpolations are computed in float64 and rounded once,
    // so float32 results equal the float64 results rounded to float32, bit for bit.
    let (x, x32) = try exactMatrix(7, 9, seed: 61)
    let levels = Tensor([0, 0.1, 0.25, 0.5, 0.9, 1])
    for axis in [nil, 0, 1] as [Int?] {
        let pairs: [(Tensor, Tensor)] = [
            (try x32.sorted(axis: axis ?? -1), try x.sorted(axis: axis ?? -1)),
            (try x32.sorted(axis: axis, descending: true), try x.sorted(axis: axis, descending: true)),
            (try x32.median(axis: axis, keepdims: false), try x.median(axis: axis, keepdims: false)),
            (try x32.quantile(levels, axis: axis, keepdims: true), try x.quantile(levels, axis: axis, keepdims: true)),
        ]
        for (r32, r64) in pairs {
            #expect(r32.dtype == .float32 && r32.shape == r64.shape)
            #expect(r32.elements == (try r64.converted(to: .float32, op: "test")).elements)
        }
        #expect(try x32.argsorted(axis: axis).elements == x.argsorted(axis: axis).elements)
    }
    let (values, counts) = try float32Tensor([0.1, 3, 0.1, .nan, 2, .nan]).unique()
    #expect(values.dtype == .float32 && counts.dtype == .float64)
    #expect(values.count == 4 && values.elements[0] == Double(Float(0.1)) && values.elements[3].isNaN && counts.elements == [2, 1, 1, 2])
}

private func float32Tensor(_ xs: [Double]) throws -> Tensor { try Tensor(xs).converted(to: .float32, op: "test") }

/// The message a call fails with, or nil.
private func failure(_ body: () throws -> Void) -> String? {
    do { try body(); return nil } catch { return "\(error)" }
}

@Test func float32ErrorsAreTheFloat64Errors() throws {
    let singular = try mat([[1, 2], [2, 4]]), notSPD = try mat([[1, 2], [2, 1]])
    let withNaN = try mat([[1, .nan], [0, 1]]), wide = try mat([[1, 2, 3], [4, 5, 6]]), ones2 = Tensor([1, 1])
    let cases: [(String, (Tensor) throws -> Void)] = [
        ("solve singular", { _ = try Tensor.solve($0, ones2) }),
        ("inv", { _ = try Tensor.inv($0) }),
        ("cholesky", { _ = try Tensor.cholesky($0) }),
        ("qr", { _ = try Tensor.qr($0) }),
        ("eig", { _ = try Tensor.eig($0) }),
        ("lstsq", { _ = try Tensor.lstsq($0, ones2) }),
        ("pinv", { _ = try Tensor.pinv($0) }),
        ("det", { _ = try Tensor.det($0) }),
        ("solve misaligned", { _ = try Tensor.solve($0, Tensor([1, 2, 3])) }),
    ]
    for input in [singular, notSPD, withNaN, wide] {
        let input32 = try input.converted(to: .float32, op: "test")
        for (name, call) in cases {
            let m64 = failure { try call(input) }
            let m32 = failure { try call(input32) }
            #expect(m32 == m64, "\(name) on \(input.elements): float32 \(m32 ?? "no error"), float64 \(m64 ?? "no error")")
        }
    }
    #expect(failure { _ = try Tensor.solve(try singular.converted(to: .float32, op: "test"), ones2) } == "solve: matrix is singular")
    #expect(failure { _ = try Tensor.cholesky(try notSPD.converted(to: .float32, op: "test")) } == "cholesky: matrix is not positive definite")
    #expect(try Tensor.det(try singular.converted(to: .float32, op: "test")) == 0)
}

@Test func pivotsTooSmallToInvertAreErrorsNotNaN() throws {
    // OpenBLAS's LU scales by the pivot's reciprocal, which overflows below ~3e-39 (float32)
    // or ~6e-309 (float64) and used to come back as NaN solutions or an "internal error".
    let subnormal64 = Double.leastNormalMagnitude / 1024  // about 2e-311
    for (tiny, dtype) in [(1e-40, DType.float32), (subnormal64, .float64)] {
        let a = try mat([[tiny, 0], [0, 1]]).converted(to: dtype, op: "test")
        let b = try Tensor([1, 1]).converted(to: dtype, op: "test")
        #expect(failure { _ = try Tensor.solve(a, b) } == "solve: matrix is singular to \(dtype) precision (a pivot of its LU factorization is too small to invert)")
        #expect(failure { _ = try Tensor.inv(a) } == "inv: matrix is singular to \(dtype) precision (a pivot of its LU factorization is too small to invert)")
    }
    // det of float32 falls back on the exact float64 LU of the same numbers.
    let d = try Tensor.det(try mat([[1e-40, 0], [0, 2]]).converted(to: .float32, op: "test"))
    #expect(d == Double(Float(1e-40)) * 2)
    #expect(failure { _ = try Tensor.det(try mat([[subnormal64, 0], [0, 1]])) } != nil)
}

import Testing
@testable import AnisTensor

private func transposed(_ a: Tensor) throws -> Tensor {
    let m = a.shape[0], n = a.shape[1], e = a.elements
    var out = [Double](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n { out[j * m + i] = e[i * n + j] } }
    return try Tensor(shape: [n, m], elements: out)
}


private func spdMatrix() throws -> Tensor { try mat([[4, 1, 2], [1, 3, 0], [2, 0, 5]]) }

@Test func eighKnownAndReconstructs() throws {
    let spd = try spdMatrix()
    let (w, v) = try Tensor.eigh(spd)
    #expect(approximatelyEqual(w.elements, [1.8548973087995775, 3.476023602918134, 6.669079088282287]))
    // A v_j = w_j v_j for each column.
    let av = try referenceMatmul(spd, v), ve = v.elements, we = w.elements
    for i in 0..<3 { for j in 0..<3 { #expect(Swift.abs(av.elements[i * 3 + j] - we[j] * ve[i * 3 + j]) < 1e-12) } }
    #expect(approximatelyEqual(try Tensor.eigvalsh(spd).elements, we))
}

@Test func eighReadsLowerTriangle() throws {
    let spd = try spdMatrix()
    let lowerOnly = try mat([[4, 99, 99], [1, 3, 99], [2, 0, 5]])
    #expect(approximatelyEqual(try Tensor.eigvalsh(lowerOnly).elements, try Tensor.eigvalsh(spd).elements))
}

@Test func eigRotationHasImaginaryPair() throws {
    let (re, im, vr, vi) = try Tensor.eig(try mat([[0, -1], [1, 0]]))
    #expect(approximatelyEqual(re.elements, [0, 0]))
    #expect(approximatelyEqual(im.elements, [1, -1]))
    // Check A v = λ v in complex arithmetic for each column.
    let a = [[0.0, -1.0], [1.0, 0.0]]
    for j in 0..<2 {
        for i in 0..<2 {
            var sr = 0.0, si = 0.0
            for p in 0..<2 { sr += a[i][p] * vr.elements[p * 2 + j]; si += a[i][p] * vi.elements[p * 2 + j] }
            let lr = re.elements[j], li = im.elements[j], xr = vr.elements[i * 2 + j], xi = vi.elements[i * 2 + j]
            #expect(Swift.abs(sr - (lr * xr - li * xi)) < 1e-12)
            #expect(Swift.abs(si - (lr * xi + li * xr)) < 1e-12)
        }
    }
}

@Test func eigRealNonsymmetric() throws {
    let a = try mat([[2, 1], [0, 3]])
    let (re, im, vr, _) = try Tensor.eig(a)
    #expect(approximatelyEqual(re.elements.sorted(), [2, 3]) && im.elements == [0, 0])
    let av = try referenceMatmul(a, vr)
    for j in 0..<2 { for i in 0..<2 { #expect(Swift.abs(av.elements[i * 2 + j] - re.elements[j] * vr.elements[i * 2 + j]) < 1e-12) } }
}

@Test(arguments: [(5, 3), (3, 5), (4, 4)])
func qrReconstructs(shape: (Int, Int)) throws {
    let a = try lcgMatrix(shape.0, shape.1, seed: 11)
    let (q, r) = try Tensor.qr(a)
    let k = Swift.min(shape.0, shape.1)
    #expect(q.shape == [shape.0, k] && r.shape == [k, shape.1])
    #expect(approximatelyEqual(try referenceMatmul(q, r).elements, a.elements, tol: 1e-12))
    #expect(approximatelyEqual(try referenceMatmul(try transposed(q), q).elements, try Tensor.diag(Tensor([Double](repeating: 1, count: k))).elements, tol: 1e-12))
    for i in 0..<k { for j in 0..<i { #expect(r.elements[i * shape.1 + j] == 0) } }
}

@Test func choleskyKnown() throws {
    let spd = try spdMatrix()
    let l = try Tensor.cholesky(spd)
    #expect(approximatelyEqual(l.elements, [2, 0, 0, 0.5, 1.6583123951777, 0, 1, -0.30151134457776363, 1.9771421064483223]))
    #expect(approximatelyEqual(try referenceMatmul(l, try transposed(l)).elements, spd.elements))
    #expect(throws: TensorError("cholesky: matrix is not positive definite")) {
        try Tensor.cholesky(try mat([[1, 2], [2, 1]]))
    }
}

@Test func solveVectorAndMatrix() throws {
    let a = try lcgMatrix(4, 4, seed: 5)
    let x = Tensor([1, -2, 3, 0.5])
    let b = try referenceMatmul(a, x)
    #expect(approximatelyEqual(try Tensor.solve(a, b).elements, x.elements))
    let xm = try lcgMatrix(4, 3, seed: 6)
    #expect(approximatelyEqual(try Tensor.solve(a, try referenceMatmul(a, xm)).elements, xm.elements))
    #expect(throws: TensorError("solve: shapes (4, 4) and (3,) do not align")) { try Tensor.solve(a, Tensor([1, 2, 3])) }
    #expect(throws: TensorError("solve: matrix is singular")) { try Tensor.solve(try mat([[1, 2], [2, 4]]), Tensor([1, 2])) }
    #expect(throws: TensorError("solve: expected a square matrix, got (3, 4)")) { try Tensor.solve(try lcgMatrix(3, 4, seed: 1), Tensor([1, 2, 3])) }
}

@Test func lstsqOverdetermined() throws {
    // Fit y = 1 + 2t exactly plus a residual check.
    let a = try mat([[1, 0], [1, 1], [1, 2], [1, 3]])
    let y = Tensor([1, 3, 5, 7.5])
    let (x, res, rank, s) = try Tensor.lstsq(a, y)
    #expect(rank == 2 && s.count == 2 && x.shape == [2])
    // Normal equations: Aᵀ(Ax − y) = 0.
    let r = zip(try referenceMatmul(a, x).elements, y.elements).map { $0 - $1 }
    let g = try referenceMatmul(try transposed(a), Tensor(r))
    #expect(g.elements.allSatisfy { Swift.abs($0) < 1e-12 })
    #expect(Swift.abs(res.elements[0] - r.map { $0 * $0 }.reduce(0, +)) < 1e-12)
    let (x2, _, rank2, _) = try Tensor.lstsq(try mat([[1, 1], [1, 1]]), try mat([[2], [2]]))
    #expect(rank2 == 1 && approximatelyEqual(x2.elements, [1, 1]) && x2.shape == [2, 1])
}

@Test func invDetPinv() throws {
    let spd = try spdMatrix()
    let c = try mat([[1, 2], [3, 4]])
    #expect(approximatelyEqual(try Tensor.inv(c).elements, [-2, 1, 1.5, -0.5]))
    #expect(Swift.abs(try Tensor.det(c) + 2) < 1e-12)
    #expect(Swift.abs(try Tensor.det(spd) - 43) < 1e-10)
    #expect(try Tensor.det(try mat([[1, 2], [2, 4]])) == 0)
    #expect(throws: TensorError("inv: expected a square matrix, got (3, 4)")) { try Tensor.inv(try lcgMatrix(3, 4, seed: 2)) }
    #expect(throws: TensorError("inv: matrix is singular")) { try Tensor.inv(try mat([[1, 2], [2, 4]])) }
    let a = try lcgMatrix(5, 3, seed: 8)
    let p = try Tensor.pinv(a)
    #expect(p.shape == [3, 5])
    #expect(approximatelyEqual(try referenceMatmul(try referenceMatmul(a, p), a).elements, a.elements, tol: 1e-12))
    #expect(approximatelyEqual(try Tensor.pinv(c).elements, try Tensor.inv(c).elements, tol: 1e-12))
}

@Test func rankCondNorms() throws {
    let spd = try spdMatrix()
    #expect(try Tensor.rank(try mat([[1, 2], [2, 4]])) == 1)
    #expect(try Tensor.rank(spd) == 3)
    #expect(try Tensor.cond(try mat([[1, 2], [2, 4]])) == .infinity)
    #expect(Swift.abs(try Tensor.cond(try mat([[2, 0], [0, 0.5]])) - 4) < 1e-12)
    let a = try mat([[1, -2], [3, 4]])
    #expect(Swift.abs(try Tensor.matrixNorm(a) - 30.0.squareRoot()) < 1e-12)
    #expect(Swift.abs(try Tensor.matrixNorm(a, kind: .order(1)) - 6) < 1e-12)
    #expect(Swift.abs(try Tensor.matrixNorm(a, kind: .order(.infinity)) - 7) < 1e-12)
    let s = try Tensor.svdvals(a).elements
    #expect(Swift.abs(try Tensor.matrixNorm(a, kind: .order(2)) - s[0]) < 1e-12)
    #expect(Swift.abs(try Tensor.matrixNorm(a, kind: .nuc) - s[0] - s[1]) < 1e-12)
    let v = Tensor([3, -4])
    #expect(try Tensor.vectorNorm(v) == 5)
    #expect(try Tensor.vectorNorm(v, p: 1) == 7)
    #expect(try Tensor.vectorNorm(v, p: .infinity) == 4)
    #expect(Swift.abs(try Tensor.vectorNorm(v, p: 3) - 4.497941445275415) < 1e-12)
    #expect(try Tensor.norm(v) == 5)
    #expect(throws: TensorError.self) { try Tensor.matrixNorm(a, kind: .order(3)) }
}

@Test func traceDiagOuter() throws {
    let a = try mat([[1, 2, 3], [4, 5, 6]])
    #expect(try Tensor.trace(a) == 6)
    #expect(try Tensor.trace(a, offset: 1) == 8)
    #expect(try Tensor.diag(a).elements == [1, 5])
    #expect(try Tensor.diag(a, offset: -1).elements == [4])
    let d = try Tensor.diag(Tensor([1, 2]), offset: 1)
    #expect(d.shape == [3, 3] && d.elements == [0, 1, 0, 0, 0, 2, 0, 0, 0])
    let o = try Tensor.outer(Tensor([1, 2]), Tensor([3, 4, 5]))
    #expect(o.shape == [2, 3] && o.elements == [3, 4, 5, 6, 8, 10])
    #expect(throws: TensorError("trace: expected a matrix, got shape (2,)")) { try Tensor.trace(Tensor([1, 2])) }
}

@Test func linalgRejectsNaN() throws {
    let bad = try mat([[1, .nan], [0, 1]])
    #expect(throws: TensorError.self) { try Tensor.eigh(bad) }
    #expect(throws: TensorError.self) { try Tensor.inv(bad) }
    #expect(throws: TensorError.self) { try Tensor.solve(bad, Tensor([1, 2])) }
    #expect(throws: TensorError.self) { try Tensor.eig(bad) }
    #expect(throws: TensorError.self) { try Tensor.qr(bad) }
}

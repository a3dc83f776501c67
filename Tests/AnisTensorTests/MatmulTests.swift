import Testing
@testable import AnisTensor

private func t(_ shape: [Int], _ xs: [Double]) throws -> Tensor { try Tensor(shape: shape, elements: xs) }
private func close(_ a: [Double], _ b: [Double], tol: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tol * (1 + Swift.abs($1)) }
}

/// Reference product of row-major matrices.
private func naive(_ a: [Double], _ b: [Double], _ m: Int, _ k: Int, _ n: Int) -> [Double] {
    var out = [Double](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n { for p in 0..<k { out[i * n + j] += a[i * k + p] * b[p * n + j] } } }
    return out
}

@Suite struct MatmulTests {
    let a: Tensor = (try? Tensor(shape: [2, 3], elements: [1, 2, 3, 4, 5, 6])) ?? Tensor([])
    let b: Tensor = (try? Tensor(shape: [3, 2], elements: [7, 8, 9, 10, 11, 12])) ?? Tensor([])

    @Test func matrixAndVector() throws {
        let c = try Tensor.matmul(a, b)
        #expect(c.shape == [2, 2] && c.elements == [58, 64, 139, 154])
        let mv = try Tensor.matmul(a, Tensor([1, 0, -1]))
        #expect(mv.shape == [2] && mv.elements == [-2, -2])
        let vm = try Tensor.matmul(Tensor([1, -1]), a)
        #expect(vm.shape == [3] && vm.elements == [-3, -3, -3])
        let vv = try Tensor.matmul(Tensor([1, 2, 3]), Tensor([4, 5, 6]))
        #expect(vv.shape == [] && vv.elements == [32])
        let empty = try Tensor.matmul(Tensor.zeros([2, 0]), Tensor.zeros([0, 3]))
        #expect(empty.shape == [2, 3] && empty.elements == [0, 0, 0, 0, 0, 0])
        #expect(try Tensor.matmul(Tensor.zeros([0, 2]), Tensor.zeros([2, 3])).shape == [0, 3])
    }

    @Test func errors() throws {
        let x = try Tensor.zeros([3, 4]), y = try Tensor.zeros([5, 2])
        #expect(throws: TensorError("@: shapes (3, 4) and (5, 2) do not align (4 ≠ 5)")) { try Tensor.matmul(x, y) }
        #expect(throws: TensorError("@: shapes (3,) and (4,) do not align (3 ≠ 4)")) { try Tensor.matmul(Tensor([1, 2, 3]), Tensor([1, 2, 3, 4])) }
        #expect(throws: TensorError.self) { try Tensor.matmul(Tensor(scalar: 2), x) }
        #expect(throws: TensorError.self) { try Tensor.matmul(Tensor.zeros([2, 2, 3]), Tensor.zeros([3, 3, 4])) }
    }

    @Test func transposedOperands() throws {
        let at = try a.transposed(), bt = try b.transposed()
        let c = try Tensor.matmul(a, b)
        #expect(try Tensor.matmul(at, b, transposeA: true, transposeB: false).elements == c.elements)
        #expect(try Tensor.matmul(a, bt, transposeA: false, transposeB: true).elements == c.elements)
        #expect(try Tensor.matmul(at, bt, transposeA: true, transposeB: true).elements == c.elements)
        let g = try Tensor.matmul(a, a, transposeA: true, transposeB: false)
        #expect(g.shape == [3, 3] && g.elements[0] == 17)
        #expect(try Tensor.matmul(Tensor([1, -1]), at, transposeA: false, transposeB: true).elements == [-3, -3, -3])
        #expect(throws: TensorError("@: shapes (2, 3) and (2, 3) do not align (3 ≠ 2)")) { try Tensor.matmul(a, a) }
    }

    @Test func batched() throws {
        let x = try t([2, 2, 3], (0..<12).map(Double.init))
        let y = try t([3, 2], [1, 0, 0, 1, 1, 1])
        let z = try Tensor.matmul(x, y)
        #expect(z.shape == [2, 2, 2])
        let xs = x.elements
        #expect(z.elements == naive(Array(xs[0..<6]), y.elements, 2, 3, 2) + naive(Array(xs[6..<12]), y.elements, 2, 3, 2))
        // Broadcast batch dims (2,1) with (3,).
        let p = try t([2, 1, 2, 2], [1, 0, 0, 1, 2, 0, 0, 2])
        let q = try t([3, 2, 1], [1, 2, 3, 4, 5, 6])
        let r = try Tensor.matmul(p, q)
        #expect(r.shape == [2, 3, 2, 1])
        #expect(r.elements == [1, 2, 3, 4, 5, 6, 2, 4, 6, 8, 10, 12])
        let v = try Tensor.matmul(x, Tensor([1, 1, 1]))
        #expect(v.shape == [2, 2] && v.elements == [3, 12, 21, 30])
        let w = try Tensor.matmul(Tensor([1, 1]), x)
        #expect(w.shape == [2, 3] && w.elements == [3, 5, 7, 15, 17, 19])
    }

    @Test func largeMatchesNaive() throws {
        let m = 37, k = 53, n = 29
        let xs = (0..<(m * k)).map { Double(($0 * 7919) % 101) / 10 - 5 }
        let ys = (0..<(k * n)).map { Double(($0 * 104729) % 97) / 10 - 4 }
        let c = try Tensor.matmul(try t([m, k], xs), try t([k, n], ys))
        #expect(close(c.elements, naive(xs, ys, m, k, n), tol: 1e-12))
    }

    @Test func dot() throws {
        #expect(try Tensor.dot(Tensor([1, 2]), Tensor([3, 4])).elements == [11])
        #expect(try Tensor.dot(Tensor(scalar: 2), a).elements == [2, 4, 6, 8, 10, 12])
        let x = try t([2, 2, 3], (0..<12).map(Double.init))
        let y = try t([2, 3, 2], (0..<12).map(Double.init))
        let d = try Tensor.dot(x, y)
        #expect(d.shape == [2, 2, 2, 2])
        // d[i,j,k,l] = sum_p x[i,j,p] * y[k,p,l]
        let xe = x.elements, ye = y.elements
        var ref: [Double] = []
        for i in 0..<2 { for j in 0..<2 { for kk in 0..<2 { for l in 0..<2 {
            var s = 0.0
            for p in 0..<3 { s += xe[i * 6 + j * 3 + p] * ye[kk * 6 + p * 2 + l] }
            ref.append(s)
        } } } }
        #expect(d.elements == ref)
        let dv = try Tensor.dot(x, Tensor([1, 0, 0]))
        #expect(dv.shape == [2, 2] && dv.elements == [0, 3, 6, 9])
        #expect(throws: TensorError.self) { try Tensor.dot(x, Tensor([1, 0])) }
    }
}

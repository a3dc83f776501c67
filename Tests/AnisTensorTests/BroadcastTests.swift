import Testing
@testable import AnisTensor

private func t(_ shape: [Int], _ xs: [Double]) throws -> Tensor { try Tensor(shape: shape, elements: xs) }
private func close(_ a: [Double], _ b: [Double], tol: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) || Swift.abs($0 - $1) <= tol * (1 + Swift.abs($1)) }
}

@Suite struct BroadcastTests {
    @Test func shapes() throws {
        #expect(try Tensor.broadcastShape([3, 1], [4], op: "+") == [3, 4])
        #expect(try Tensor.broadcastShape([], [2, 3], op: "+") == [2, 3])
        #expect(try Tensor.broadcastShape([2, 1, 3], [5, 1], op: "+") == [2, 5, 3])
        #expect(try Tensor.broadcastShape([0, 1], [1, 4], op: "+") == [0, 4])
        #expect(throws: TensorError("+: shapes (3, 4) and (5,) cannot broadcast")) {
            try Tensor.broadcastShape([3, 4], [5], op: "+")
        }
    }

    @Test func fastPathsAgreeWithGeneral() throws {
        let a = try t([2, 3], [1, 2, 3, 4, 5, 6])
        #expect(try Tensor.add(a, a).elements == [2, 4, 6, 8, 10, 12])
        #expect(try Tensor.sub(a, Tensor(scalar: 1)).elements == [0, 1, 2, 3, 4, 5])
        #expect(try Tensor.sub(Tensor(scalar: 10), a).elements == [9, 8, 7, 6, 5, 4])
        let row = Tensor([10, 20, 30])
        #expect(try Tensor.add(a, row).elements == [11, 22, 33, 14, 25, 36])
        #expect(try Tensor.add(row, a).elements == [11, 22, 33, 14, 25, 36])
        let row1 = try t([1, 3], [10, 20, 30])
        #expect(try Tensor.mul(a, row1).elements == [10, 40, 90, 40, 100, 180])
        let col = try t([2, 1], [100, 200])
        let c = try Tensor.add(a, col)
        #expect(c.shape == [2, 3])
        #expect(c.elements == [101, 102, 103, 204, 205, 206])
        // Outer-style broadcast (3,1) x (1,4) through the odometer.
        let x = try t([3, 1], [1, 2, 3]), y = try t([1, 4], [1, 10, 100, 1000])
        let o = try Tensor.mul(x, y)
        #expect(o.shape == [3, 4])
        #expect(o.elements == [1, 10, 100, 1000, 2, 20, 200, 2000, 3, 30, 300, 3000])
        // Rank-3 with a middle broadcast axis.
        let p = try t([2, 1, 2], [1, 2, 3, 4]), q = try t([3, 1], [0, 10, 20])
        #expect(try Tensor.add(p, q).elements == [1, 2, 11, 12, 21, 22, 3, 4, 13, 14, 23, 24])
        // One-element operand with higher rank.
        let s = try t([1, 1, 1], [5])
        let r = try Tensor.add(Tensor([1, 2]), s)
        #expect(r.shape == [1, 1, 2])
        #expect(r.elements == [6, 7])
        // Empty
        let e = try Tensor.add(Tensor.zeros([0, 3]), Tensor([1, 2, 3]))
        #expect(e.shape == [0, 3])
    }

    @Test func errorsNameOpAndShapes() throws {
        let a = try Tensor.zeros([3, 4])
        #expect(throws: TensorError("*: shapes (3, 4) and (3,) cannot broadcast")) { try Tensor.mul(a, Tensor([1, 2, 3])) }
    }

    @Test func inPlace() throws {
        var a = try t([2, 2], [1, 2, 3, 4])
        let alias = a
        try a.formBinary(Tensor([10, 20]), op: "+=") { $0 + $1 }
        #expect(a.elements == [11, 22, 13, 24])
        #expect(alias.elements == [1, 2, 3, 4])
        try a.formBinary(Tensor(scalar: 2), op: "*=") { $0 * $1 }
        #expect(a.elements == [22, 44, 26, 48])
        // Not the broadcast shape: replaced by the broadcast result.
        var v = Tensor([1, 2])
        try v.formBinary(try t([2, 1], [10, 20]), op: "+=") { $0 + $1 }
        #expect(v.shape == [2, 2])
        #expect(v.elements == [11, 12, 21, 22])
    }

    @Test func arithmetic() throws {
        let a = Tensor([-7, -1, 0, 3, 7])
        #expect(try Tensor.mod(a, 3).elements == [2, 2, 0, 0, 1])
        #expect(try Tensor.mod(a, -3).elements == [-1, -1, 0, 0, -2])
        #expect(try Tensor.mod(5.5, Tensor([2])).elements == [1.5])
        #expect(try Tensor.pow(Tensor([2, 3]), 2).elements == [4, 9])
        #expect(try Tensor.pow(2, Tensor([3, 0.5])).elements[0] == 8)
        #expect(try Tensor.div(1, Tensor([0, -0.0, 4])).elements == [.infinity, -.infinity, 0.25])
        #expect(try Tensor.maximum(Tensor([1, .nan, 5]), Tensor([2, 0, 3])).elements.map { $0.isNaN ? -1 : $0 } == [2, -1, 5])
        #expect(try Tensor.minimum(Tensor([1, 4]), 2).elements == [1, 2])
        let lt = try Tensor.lt(Tensor([1, 2, 3]), 2)
        #expect(lt.elements == [1, 0, 0])
        #expect(lt.isMask)
        #expect(try Tensor.ne(Tensor([.nan, 1]), Tensor([.nan, 1])).elements == [1, 0])
        #expect(try Tensor.eq(Tensor([.nan, 1]), Tensor([.nan, 1])).elements == [0, 1])
        #expect(try Tensor.ge(Tensor([1, 2]), Tensor([2, 2])).elements == [0, 1])
        let w = try Tensor.where(Tensor([1, 0, 1]), Tensor([1, 2, 3]), Tensor(scalar: -1))
        #expect(w.elements == [1, -1, 3])
        let w2 = try Tensor.where(try t([2, 1], [1, 0]), Tensor([1, 2]), try t([2, 1], [7, 8]))
        #expect(w2.shape == [2, 2] && w2.elements == [1, 2, 8, 8])
        #expect(throws: TensorError.self) { try Tensor.where(Tensor([1, 0]), Tensor([1, 2, 3]), Tensor(scalar: 0)) }
    }

    @Test func elementwise() throws {
        let a = Tensor([-2, -0.5, 0, 1, 4])
        #expect(a.abs().elements == [2, 0.5, 0, 1, 4])
        #expect(a.sign().elements == [-1, -1, 0, 1, 1])
        #expect(a.clip(-1, 1).elements == [-1, -0.5, 0, 1, 1])
        #expect(a.negated().elements == [2, 0.5, -0.0, -1, -4])
        #expect(close(Tensor([0, 1]).exp().elements, [1, 2.718281828459045]))
        #expect(close(Tensor([1, 0, -1]).log().elements, [0, -.infinity, .nan]))
        #expect(Tensor([4, 9]).sqrt().elements == [2, 3])
        #expect(close(Tensor([0]).sin().elements + Tensor([0]).cos().elements + Tensor([0]).tanh().elements, [0, 1, 0]))
        var b = a
        b.formMap { $0 * 2 }
        #expect(b.elements == [-4, -1, 0, 2, 8])
        #expect(a.elements[0] == -2)
    }
}

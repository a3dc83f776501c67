import Testing
@testable import AnisTensor

private func t(_ shape: [Int], _ xs: [Double]) throws -> Tensor { try Tensor(shape: shape, elements: xs) }

@Suite struct IndexingTests {
    let a: Tensor = (try? Tensor(shape: [3, 4], elements: (0..<12).map(Double.init))) ?? Tensor([])

    @Test func basic() throws {
        let r = try a.subscripted([.index(1)])
        #expect(r.shape == [4] && r.elements == [4, 5, 6, 7])
        #expect(try a.subscripted([.index(-1)]).elements == [8, 9, 10, 11])
        let e = try a.subscripted([.index(2), .index(3)])
        #expect(e.shape == [] && e.elements == [11])
        let col = try a.subscripted([.all, .index(1)])
        #expect(col.shape == [3] && col.elements == [1, 5, 9])
        let rows = try a.subscripted([.slice(start: 1, stop: nil, step: nil)])
        #expect(rows.shape == [2, 4] && rows.elements == Array((4..<12).map(Double.init)))
        let sub = try a.subscripted([.slice(start: 0, stop: 2, step: nil), .slice(start: 1, stop: 3, step: nil)])
        #expect(sub.shape == [2, 2] && sub.elements == [1, 2, 5, 6])
        let rev = try a.subscripted([.all, .slice(start: nil, stop: nil, step: -1)])
        #expect(Array(rev.elements[0..<4]) == [3, 2, 1, 0])
        let stepped = try a.subscripted([.slice(start: nil, stop: nil, step: 2), .slice(start: -1, stop: 0, step: -2)])
        #expect(stepped.shape == [2, 2] && stepped.elements == [3, 1, 11, 9])
        #expect(try a.subscripted([]).elements == a.elements)
    }

    @Test func slicesClampLikePython() throws {
        let v = try Tensor.arange(5)
        #expect(try v.subscripted([.slice(start: -100, stop: 100, step: nil)]).elements == [0, 1, 2, 3, 4])
        #expect(try v.subscripted([.slice(start: 3, stop: 1, step: nil)]).count == 0)
        #expect(try v.subscripted([.slice(start: 100, stop: nil, step: -1)]).elements == [4, 3, 2, 1, 0])
        #expect(try v.subscripted([.slice(start: nil, stop: -100, step: -2)]).elements == [4, 2, 0])
        #expect(try v.subscripted([.slice(start: Int.min, stop: Int.max, step: Int.max)]).elements == [0])
        #expect(try v.subscripted([.slice(start: Int.max, stop: Int.min, step: Int.min)]).elements == [4])
        #expect(throws: TensorError("index: slice step cannot be zero")) { try v.subscripted([.slice(start: nil, stop: nil, step: 0)]) }
    }

    @Test func errors() throws {
        let v = try Tensor.arange(5)
        #expect(throws: TensorError("index 7 is out of bounds for axis 0 with size 5")) { try v.subscripted([.index(7)]) }
        #expect(throws: TensorError("index -6 is out of bounds for axis 0 with size 5")) { try v.subscripted([.index(-6)]) }
        #expect(throws: TensorError.self) { try v.subscripted([.index(Int.min)]) }
        #expect(throws: TensorError.self) { try v.subscripted([.index(Int.max)]) }
        #expect(throws: TensorError.self) { try v.subscripted([.index(0), .index(0)]) }
        #expect(throws: TensorError.self) { try v.subscripted([.indices([1, 5])]) }
        #expect(throws: TensorError.self) { try v.subscripted([.mask(Tensor([1, 0]))]) }
    }

    @Test func arrayAndMask() throws {
        let g = try a.subscripted([.indices([2, 0, 2])])
        #expect(g.shape == [3, 4] && Array(g.elements[0..<5]) == [8, 9, 10, 11, 0])
        let cols = try a.subscripted([.all, .indices([-1, 0])])
        #expect(cols.shape == [3, 2] && cols.elements == [3, 0, 7, 4, 11, 8])
        let m = try Tensor.gt(a, 6)
        let sel = try a.subscripted([.mask(m)])
        #expect(sel.shape == [5] && sel.elements == [7, 8, 9, 10, 11])
        let rowMask = try a.subscripted([.mask(Tensor([1, 0, 1]))])
        #expect(rowMask.shape == [2, 4] && rowMask.elements[4] == 8)
        let colMask = try a.subscripted([.all, .mask(Tensor([0, 1, 0, 1]))])
        #expect(colMask.elements == [1, 3, 5, 7, 9, 11])
        let three = try t([2, 2, 2], (0..<8).map(Double.init))
        #expect(try three.subscripted([.all, .index(1), .all]).elements == [2, 3, 6, 7])
        #expect(try three.subscripted([.index(1), .all, .index(0)]).elements == [4, 6])
    }

    @Test func assignment() throws {
        var b = a
        try b.assign([.index(0)], value: Tensor(scalar: -1))
        #expect(Array(b.elements[0..<5]) == [-1, -1, -1, -1, 4])
        #expect(a.elements[0] == 0)
        try b.assign([.all, .index(1)], value: Tensor([10, 20, 30]))
        #expect(b.elements[1] == 10 && b.elements[5] == 20 && b.elements[9] == 30)
        try b.assign([.slice(start: 1, stop: nil, step: nil)], value: Tensor([1, 2, 3, 4]))
        #expect(Array(b.elements[4..<12]) == [1, 2, 3, 4, 1, 2, 3, 4])
        var c = a
        try c.assign([.mask(try Tensor.lt(a, 3))], value: Tensor(scalar: 100))
        #expect(Array(c.elements[0..<4]) == [100, 100, 100, 3])
        try c.assign([.mask(try Tensor.gt(a, 9))], value: Tensor([-10, -11]))
        #expect(Array(c.elements[10..<12]) == [-10, -11])
        try c.assign([.indices([0, 2]), .index(0)], value: Tensor([7, 9]))
        #expect(c.elements[0] == 7 && c.elements[8] == 9)
        #expect(throws: TensorError("assign: cannot broadcast value of shape (3,) to selection of shape (4,)")) {
            try c.assign([.index(0)], value: Tensor([1, 2, 3]))
        }
        var s = Tensor(scalar: 1)
        try s.assign([], value: Tensor(scalar: 5))
        #expect(s.elements == [5])
    }
}

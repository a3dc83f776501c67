import Testing
@testable import AnisTensor

private func t(_ shape: [Int], _ xs: [Double]) throws -> Tensor { try Tensor(shape: shape, elements: xs) }

@Suite struct ShapeTests {
    @Test func transposes() throws {
        let a = try t([2, 3], [1, 2, 3, 4, 5, 6])
        let b = try a.transposed()
        #expect(b.shape == [3, 2] && b.elements == [1, 4, 2, 5, 3, 6])
        #expect(try Tensor([1, 2]).transposed().shape == [2])
        let c = try t([2, 3, 4], (0..<24).map(Double.init))
        let ct = try c.transposed()
        #expect(ct.shape == [4, 3, 2])
        #expect(ct.elements[1] == 12 && ct.elements[2] == 4)
        let p = try c.permuted([1, 0, 2])
        #expect(p.shape == [3, 2, 4])
        #expect(Array(p.elements[0..<8]) == [0, 1, 2, 3, 12, 13, 14, 15])
        #expect(try c.permuted([-1, 0, 1]).shape == [4, 2, 3])
        #expect(throws: TensorError.self) { try c.permuted([0, 0, 1]) }
        #expect(throws: TensorError.self) { try c.permuted([0, 1]) }
        let big = try t([70, 45], (0..<3150).map(Double.init))
        let bt = try big.transposed()
        #expect(bt.elements[45 * 0 + 1] == 45 && bt.elements[70 * 44 + 69] == 3149)
        #expect(try bt.transposed().elements == big.elements)
        #expect(try c.swappedAxes(0, 2).shape == [4, 3, 2])
    }

    @Test func reshapes() throws {
        let a = try Tensor.arange(12)
        #expect(try a.reshaped(shapeWithInference: [3, -1]).shape == [3, 4])
        #expect(try a.reshaped(shapeWithInference: [-1]).shape == [12])
        #expect(throws: TensorError.self) { try a.reshaped(shapeWithInference: [-1, -1]) }
        #expect(throws: TensorError.self) { try a.reshaped(shapeWithInference: [5, -1]) }
        #expect(throws: TensorError.self) { try a.reshaped(shapeWithInference: [-2, 6]) }
        #expect(throws: TensorError.self) { try a.reshaped(shapeWithInference: [0, -1]) }
        #expect(try a.reshaped([3, 4]).flattened().shape == [12])
        let s = try Tensor.zeros([1, 3, 1])
        #expect(try s.squeezed().shape == [3])
        #expect(try s.squeezed(axis: -1).shape == [1, 3])
        #expect(throws: TensorError("squeeze: cannot squeeze axis 1 of shape (1, 3, 1) (extent 3 ≠ 1)")) { try s.squeezed(axis: 1) }
        #expect(try Tensor([1, 2]).expandDims(axis: 0).shape == [1, 2])
        #expect(try Tensor([1, 2]).expandDims(axis: -1).shape == [2, 1])
        #expect(throws: TensorError.self) { try Tensor([1, 2]).expandDims(axis: 3) }
    }

    @Test func joins() throws {
        let a = try t([2, 2], [1, 2, 3, 4]), b = try t([1, 2], [5, 6]), c = try t([2, 1], [7, 8])
        let v = try Tensor.concat([a, b], axis: 0)
        #expect(v.shape == [3, 2] && v.elements == [1, 2, 3, 4, 5, 6])
        let h = try Tensor.concat([a, c], axis: -1)
        #expect(h.shape == [2, 3] && h.elements == [1, 2, 7, 3, 4, 8])
        #expect(throws: TensorError("concat: shapes (2, 2) and (1, 2) differ outside axis 1")) { try Tensor.concat([a, b], axis: 1) }
        #expect(throws: TensorError.self) { try Tensor.concat([], axis: 0) }
        let s = try Tensor.stack([Tensor([1, 2]), Tensor([3, 4]), Tensor([5, 6])], axis: 1)
        #expect(s.shape == [2, 3] && s.elements == [1, 3, 5, 2, 4, 6])
        #expect(try Tensor.stack([Tensor(scalar: 1), Tensor(scalar: 2)], axis: 0).elements == [1, 2])
        #expect(throws: TensorError.self) { try Tensor.stack([Tensor([1]), Tensor([1, 2])], axis: 0) }
    }

    @Test func creation() throws {
        #expect(try Tensor.zeros([2, 2]).elements == [0, 0, 0, 0])
        #expect(try Tensor.ones([3]).elements == [1, 1, 1])
        #expect(try Tensor.full([2], 7).elements == [7, 7])
        #expect(try Tensor.eye(2).elements == [1, 0, 0, 1])
        #expect(try Tensor.eye(2, 3).elements == [1, 0, 0, 0, 1, 0])
        #expect(try Tensor.linspace(0, 1, 5).elements == [0, 0.25, 0.5, 0.75, 1])
        #expect(try Tensor.linspace(3, 9, 1).elements == [3])
        #expect(try Tensor.linspace(0, 1, 0).count == 0)
        #expect(try Tensor.arange(0, 1, 0.25).elements == [0, 0.25, 0.5, 0.75])
        #expect(try Tensor.arange(5, 0, -2).elements == [5, 3, 1])
        #expect(try Tensor.arange(0, 10, -1).count == 0)
        #expect(try Tensor.arange(4).elements == [0, 1, 2, 3])
        #expect(throws: TensorError("arange: step must not be zero")) { try Tensor.arange(0, 1, 0) }
        #expect(throws: TensorError.self) { try Tensor.arange(0, 1e300, 1) }
        #expect(throws: TensorError.self) { try Tensor.arange(0, .infinity, 1) }
        #expect(throws: TensorError.self) { try Tensor.zeros([-1]) }
        #expect(throws: TensorError.self) { try Tensor.linspace(0, 1, -1) }
    }
}

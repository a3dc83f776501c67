import Testing
@testable import AnisTensor

private func t(_ shape: [Int], _ xs: [Double]) throws -> Tensor { try Tensor(shape: shape, elements: xs) }
private func close(_ a: [Double], _ b: [Double], tol: Double = 1e-12) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) || Swift.abs($0 - $1) <= tol * (1 + Swift.abs($1)) }
}

@Suite struct ReductionTests {
    let m: Tensor = (try? Tensor(shape: [2, 3], elements: [1, 2, 3, 4, 5, 6])) ?? Tensor([])

    @Test func sums() throws {
        #expect(try m.sumAll() == 21)
        let s = try m.sum()
        #expect(s.shape == [] && s.elements == [21])
        #expect(try m.sum(axis: 0).elements == [5, 7, 9])
        #expect(try m.sum(axis: 1).elements == [6, 15])
        #expect(try m.sum(axis: -1, keepdims: true).shape == [2, 1])
        #expect(try m.sum(keepdims: true).shape == [1, 1])
        #expect(try m.prod(axis: 1).elements == [6, 120])
        #expect(try m.prodAll() == 720)
        #expect(try Tensor.zeros([0]).sumAll() == 0)
        let big = try Tensor.arange(100_001)
        #expect(try big.sumAll() == 5_000_050_000)
        let c = try t([2, 3, 2], (0..<12).map(Double.init))
        #expect(try c.sum(axis: 1).elements == [6, 9, 24, 27])
        #expect(try c.sum(axis: 1).shape == [2, 2])
    }

    @Test func meansAndSpread() throws {
        #expect(try m.meanAll() == 3.5)
        #expect(try m.mean(axis: 0).elements == [2.5, 3.5, 4.5])
        #expect(close(try m.var(axis: 1).elements, [2.0 / 3, 2.0 / 3]))
        #expect(close([try m.varAll()], [35.0 / 12]))
        #expect(close([try m.stdAll(ddof: 1)], [(17.5 / 5).squareRoot()]))
        #expect(close(try m.std(axis: 0).elements, [1.5, 1.5, 1.5]))
        #expect(try Tensor([1]).varAll(ddof: 1).isNaN)
        #expect(try Tensor.zeros([0]).meanAll().isNaN)
        #expect(close([try Tensor([3, 4]).normAll()], [5]))
        #expect(close(try m.norm(axis: 1).elements, [Double(14).squareRoot(), Double(77).squareRoot()]))
        #expect(close([try Tensor([3e200, 4e200]).normAll()], [5e200]))
        #expect(close([try Tensor([3e-200, 4e-200]).normAll()], [5e-200]))
    }

    @Test func extremes() throws {
        let a = try t([2, 3], [3, 1, 2, -5, 9, 0])
        #expect(try a.minAll() == -5)
        #expect(try a.maxAll() == 9)
        #expect(try a.min(axis: 0).elements == [-5, 1, 0])
        #expect(try a.max(axis: 1).elements == [3, 9])
        #expect(try a.argmaxAll() == 4)
        #expect(try a.argmin(axis: 1).elements == [1, 0])
        #expect(try a.argmax(axis: 0).elements == [0, 1, 0])
        #expect(try a.argmax(axis: 0, keepdims: true).shape == [1, 3])
        #expect(try Tensor([1, .nan, 3]).maxAll().isNaN)
        #expect(try Tensor([1, .nan, 3]).argminAll() == 1)
        #expect(try Tensor([2, 7, 7]).argmaxAll() == 1)
        #expect(throws: TensorError.self) { try Tensor.zeros([0]).max() }
        #expect(throws: TensorError.self) { try Tensor.zeros([0]).argmin() }
        #expect(throws: TensorError.self) { try Tensor.zeros([2, 0]).min(axis: 1) }
    }

    @Test func axisErrors() throws {
        #expect(throws: TensorError("sum: axis 2 is out of bounds for shape (2, 3)")) { try m.sum(axis: 2) }
        #expect(throws: TensorError("mean: axis -3 is out of bounds for shape (2, 3)")) { try m.mean(axis: -3) }
        #expect(throws: TensorError.self) { try Tensor(scalar: 1).sum(axis: 0) }
        #expect(throws: TensorError.self) { try m.var(ddof: -1) }
    }

    @Test func cumulative() throws {
        #expect(try m.cumsum().elements == [1, 3, 6, 10, 15, 21])
        #expect(try m.cumsum().shape == [6])
        #expect(try m.cumsum(axis: 0).elements == [1, 2, 3, 5, 7, 9])
        #expect(try m.cumsum(axis: 1).elements == [1, 3, 6, 4, 9, 15])
        #expect(try m.cumprod(axis: 1).elements == [1, 2, 6, 4, 20, 120])
    }
}

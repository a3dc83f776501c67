import Testing
@testable import AnisTensor

private func t(_ shape: [Int], _ xs: [Double]) throws -> Tensor { try Tensor(shape: shape, elements: xs) }

@Suite struct FormatterTests {
    @Test func scalars() {
        let cases: [(Double, String)] = [
            (3, "3"), (-0.0, "0"), (2.5, "2.5"), (1.0 / 3, "0.3333"), (-0.5, "-0.5"), (0.99999, "1"),
            (1e-10, "1e-10"), (1.5e-7, "1.5e-07"), (0.00012345, "0.0001234"), (123456789, "123456789"),
            (1e16, "1e+16"), (66666.66666, "66666.6667"), (.nan, "nan"), (.infinity, "inf"), (-.infinity, "-inf"),
        ]
        for (x, s) in cases { #expect(Tensor.formatScalar(x, precision: 4) == s) }
        #expect(Tensor.formatScalar(.pi, precision: 2) == "3.14")
        #expect(Tensor(scalar: 2.5).formatted() == "2.5")
    }

    @Test func vectors() {
        #expect(Tensor([1, 2, 3]).formatted() == "[1, 2, 3]")
        #expect(Tensor([1, 2.5, 3]).formatted() == "[1.0, 2.5, 3.0]")
        #expect(Tensor([0.5, 1.0 / 3]).formatted() == "[0.5000, 0.3333]")
        #expect(Tensor([-1.5, 2.25]).formatted() == "[-1.50,  2.25]")
        #expect(Tensor([0.0123, 0.0456]).formatted() == "[0.0123, 0.0456]")
        #expect(Tensor([.nan, .infinity, -.infinity, 1.5]).formatted() == "[ nan,  inf, -inf,  1.5]")
        #expect(Tensor([.nan, 1, 20]).formatted() == "[nan,   1,  20]")
        #expect(Tensor([]).formatted() == "zeros(0)")   // an empty tensor shows its shape
    }

    @Test func shortestScalarsReadBack() {
        for x in [1.3893212202926497, 0.1, 1.0 / 3, 1e-5, 2.5e20, -0.007624, Double.leastNonzeroMagnitude, 123456.789] {
            #expect(Double(Tensor.shortestScalar(x)) == x, "\(x) does not read back")
        }
        #expect(Tensor.shortestScalar(0.1) == "0.1")
        #expect(Tensor.shortestScalar(3) == "3")
        #expect(Tensor.shortestScalar(-2.5) == "-2.5")
        var fixed = TensorFormat()
        fixed.shortestScalars = false
        #expect(Tensor.formatNumber(1.3893212202926497, fixed) == "1.3893")
        #expect(Tensor.formatNumber(1.3893212202926497, TensorFormat()) == "1.3893212202926497")
    }

    @Test func scientificWhenRangeDemands() {
        #expect(Tensor([123456.789, 1, 2]).formatted() == "[1.2346e+05, 1.0000e+00, 2.0000e+00]")
        #expect(Tensor([1e-10, 1]).formatted() == "[1e-10, 1e+00]")
        #expect(Tensor([0.001, 2.5]).formatted() == "[1.0e-03, 2.5e+00]")
    }

    @Test func matricesAndBlocks() throws {
        #expect(try t([2, 3], [1, 2, 3, 40, 50, 60]).formatted() == "[[ 1,  2,  3],\n [40, 50, 60]]")
        #expect(try t([2, 2, 2], [1, 2, 3, 4, 5, 6, 7, 8]).formatted()
            == "[[[1, 2],\n  [3, 4]],\n\n [[5, 6],\n  [7, 8]]]")
        #expect(try Tensor.zeros([2, 0]).formatted() == "zeros(2, 0)")
        #expect(try Tensor.zeros([0, 3]).formatted() == "zeros(0, 3)")
    }

    @Test func summarisesAndWraps() throws {
        #expect(try Tensor.arange(2000).formatted() == "[   0,    1,    2, …, 1997, 1998, 1999]")
        let m = try Tensor.arange(3000).reshaped([100, 30]).formatted()
        let lines = m.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 7)
        #expect(lines[0] == "[[   0,    1,    2, …,   27,   28,   29],")
        #expect(lines[3] == " …,")
        #expect(lines[6] == " [2970, 2971, 2972, …, 2997, 2998, 2999]]")
        let w = try Tensor.arange(40).formatted()
        let wl = w.split(separator: "\n")
        #expect(wl.count == 2)
        #expect(wl.allSatisfy { $0.count <= 80 })
        #expect(wl[1].hasPrefix(" 20, 21"))
        let narrow = try Tensor.arange(10).formatted(TensorFormat(lineWidth: 12))
        #expect(narrow == "[0, 1, 2, 3,\n 4, 5, 6, 7,\n 8, 9]")
        let few = try Tensor.arange(10).formatted(TensorFormat(threshold: 5, edgeItems: 2))
        #expect(few == "[0, 1, …, 8, 9]")
    }
}

import Testing
@testable import AnisTensor

@Suite struct RandomTests {
    @Test func matchesReferencePCG64() {
        // pcg64_srandom_r(42, 54) from the PCG reference test suite.
        var g = PCG64(initState: 42, initSequence: 54)
        let expected: [UInt64] = [0x86b1da1d72062b68, 0x1304aa46c9853d39, 0xa3670e9e0dd50358,
                                  0xf9090e529a7dae00, 0xc85b9fd837996f2c, 0x606121f8e3919196]
        #expect((0..<6).map { _ in g.next() } == expected)
    }

    /// Pinned from this implementation and checked against an independent Python one.
    @Test func seedGivesFixedStream() {
        var g = PCG64(seed: 0)
        let xs = (0..<3).map { _ in g.next() }
        #expect(xs == [14645725078257245364, 872640208744727529, 15973102534033515988])
        var h = PCG64(seed: 0)
        _ = (0..<3).map { _ in h.next() }
        #expect(h.uniform() == 0.5509314970265587)
        var n = PCG64(seed: 12345)
        #expect([n.normal(), n.normal(), n.normal()] == [-0.6734276884199264, 0.7175367400713213, -0.4233651103765427])
    }

    @Test func tensorsAreReproducible() throws {
        var g1 = PCG64(seed: 7), g2 = PCG64(seed: 7)
        let a = try Tensor.randn([5, 3], rng: &g1)
        let b = try Tensor.randn([5, 3], rng: &g2)
        #expect(a.elements == b.elements)
        // randn consumes the stream exactly like repeated normal() calls.
        var g3 = PCG64(seed: 7)
        _ = g3.normal()
        var g4 = PCG64(seed: 7)
        let first = try Tensor.randn([1], rng: &g4)
        let rest = try Tensor.randn([14], rng: &g4)
        #expect(first.elements + rest.elements == a.elements)
        var g5 = PCG64(seed: 7)
        #expect((0..<15).map { _ in g5.normal() } == a.elements)
    }

    @Test func moments() throws {
        var g = PCG64(seed: 2024)
        let n = try Tensor.randn([100_000], rng: &g)
        #expect(Swift.abs(try n.meanAll()) < 0.02)
        #expect(Swift.abs(try n.varAll() - 1) < 0.02)
        let u = try Tensor.rand([100_000], rng: &g)
        #expect(Swift.abs(try u.meanAll() - 0.5) < 0.01)
        #expect(Swift.abs(try u.varAll() - 1.0 / 12) < 0.005)
        #expect(try u.minAll() >= 0 && u.maxAll() < 1)
    }

    @Test func integersAndPermutations() throws {
        var g = PCG64(seed: 3)
        let r = try Tensor.randint(-2, 3, [1000], rng: &g)
        #expect(try r.minAll() == -2 && r.maxAll() == 2)
        #expect(r.elements.allSatisfy { $0 == $0.rounded() })
        #expect(throws: TensorError.self) { try Tensor.randint(3, 3, [2], rng: &g) }
        #expect(throws: TensorError.self) { try Tensor.randint(Int.min, Int.max, [2], rng: &g) }
        let p = try Tensor.permutation(50, rng: &g)
        #expect(p.elements.sorted() == (0..<50).map(Double.init))
        #expect(p.elements != (0..<50).map(Double.init))
        var m = try Tensor(shape: [4, 2], elements: [0, 0, 1, 1, 2, 2, 3, 3])
        try m.shuffle(rng: &g)
        #expect(m.elements.sorted() == [0, 0, 1, 1, 2, 2, 3, 3])
        for i in 0..<4 { #expect(m.elements[2 * i] == m.elements[2 * i + 1]) }
        #expect(g.int(below: 1) == 0 && g.int(below: -5) == 0)
        var counts = [0, 0, 0]
        for _ in 0..<3000 { counts[g.int(below: 3)] += 1 }
        #expect(counts.allSatisfy { $0 > 900 && $0 < 1100 })
    }
}

// EmbeddingGradientTests: the gradient of an embedding look-up E[ids] scatters row k of the
// result's gradient onto row ids[k] of E's, splitting the columns across the pool; repeated
// ids must sum in the ids' order at every width (forced with the test override), read in
// place from a float32 gradient too.
import Foundation
import Testing
@testable import AnisLanguage
@testable import AnisTensor

@Suite(.serialized) struct EmbeddingGradientTests {
    @Test(arguments: [DType.float64, .float32])
    func scatteredRowsSumInOrderAtEveryWidth(_ dtype: DType) throws {
        let rows = 61, width = 75, n = 4099
        let ids = (0..<n).map { ($0 * 7 + $0 / 3) % rows - ($0 % 5 == 0 ? rows : 0) }  // repeats, and negative ids
        let g = try Tensor(shape: [n, width], elements: (0..<n * width).map { sin(Double($0) * 0.37) * 3 }).converted(to: dtype)
        var reference = [Double](repeating: 0, count: rows * width)
        for (k, id) in ids.enumerated() {
            let r = id < 0 ? id + rows : id
            for j in 0..<width { reference[r * width + j] += g.element(k * width + j) }
        }
        for w in [1, 2, 3] {
            Parallel.setWidthOverride(w)
            defer { Parallel.setWidthOverride(0) }
            let z = try GradientRules.scatterAdd(g, [.indices(ids), .all], [rows, width])
            #expect(z.elements.map { $0.bitPattern } == reference.map { $0.bitPattern }, "width \(w), \(dtype)")
        }
    }
}

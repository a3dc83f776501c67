// TransformerLibraryTests: scripts/lib/transformer.anis (fused layer_norm, attention,
// cross_entropy) and scripts/lib/transformer_primitive.anis (the same model from
// primitives) give the same loss and the same gradient for every parameter, in a
// decoder (causal, next-token) and an encoder (bidirectional, weighted positions).
import Foundation
import Testing
@testable import AnisLanguage

private let scripts = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("scripts/lib")

/// The loss and the sum of squares of each parameter's gradient, for one library.
private func lossAndGradients(_ library: String, causal: Bool) throws -> [Double] {
    let path = scripts.appendingPathComponent(library).path
    guard FileManager.default.fileExists(atPath: path) else {
        Issue.record("\(path) is missing (the test reads the repository's scripts/lib)")
        return []
    }
    let session = Session(output: { _ in })
    let source = """
    include("\(path)")
    seed(11)
    p = init_transformer(13, 6, width: 8, heads: 2, layers: 2, std: 0.3)
    x = randint(0, 13, shape: [3, 6]); y = randint(0, 13, shape: [3, 6])
    w = if \(causal) { none } else { rand(3, 6) > 0.5 }
    l, g = value_and_grad(p -> cross_entropy(transformer(p, x, causal: \(causal)), y, weights: w))(p)
    out = [l, sum(g.E ^ 2), sum(g.P ^ 2), sum(g.U ^ 2), sum(g.lnf_g ^ 2), sum(g.lnf_b ^ 2)]
    for b in g.blocks { for k in keys(b) { out = append(out, sum(b[k] ^ 2)) } }
    tensor(out)
    """
    return try (try session.run(source, file: "transformer_test.anis") ?? .none).toTensor().elements
}

@Test(arguments: [true, false])
func fusedTransformerMatchesPrimitive(causal: Bool) throws {
    let fused = try lossAndGradients("transformer.anis", causal: causal)
    let primitive = try lossAndGradients("transformer_primitive.anis", causal: causal)
    #expect(fused.count == primitive.count && fused.count > 6)
    for (k, (a, b)) in zip(fused, primitive).enumerated() {
        #expect(abs(a - b) <= 1e-10 * max(abs(b), 1e-8), "entry \(k): fused \(a), primitive \(b)")
    }
}

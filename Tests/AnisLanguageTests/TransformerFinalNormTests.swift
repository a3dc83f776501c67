// TransformerFinalNormTests: scripts/lib/transformer.anis with final_norm: false (used by
// seed002's anisotropic regime) drops the last layer norm: the logits are the last
// residual stream times U, the final norm's parameters get no gradient, and the loss
// differs from the normed model's.
import Foundation
import Testing
@testable import AnisLanguage

@Test func transformerWithoutFinalNorm() throws {
    let library = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scripts/lib/transformer.anis").path
    guard FileManager.default.fileExists(atPath: library) else {
        Issue.record("\(library) is missing (the test reads the repository's scripts/lib)")
        return
    }
    let session = Session(output: { _ in })
    let source = """
    include("\(library)")
    seed(5)
    p = init_transformer(7, 4, width: 8, heads: 2, layers: 1, std: 0.3)
    x = randint(0, 7, shape: [2, 4]); y = randint(0, 7, shape: [2, 4])
    fn loss(p, final) = cross_entropy(transformer(p, x, causal: true, final_norm: final), y)
    l0, g0 = value_and_grad(p -> loss(p, true))(p)
    l1, g1, taps = value_and_grad(p -> loss(p, false), taps: true)(p)
    raw = allclose(transformer(p, x, causal: true, final_norm: false), taps.h1.value @ p.U)
    tensor([sum(g0.lnf_g ^ 2) > 0, sum(g1.lnf_g ^ 2) + sum(g1.lnf_b ^ 2), raw, abs(l0 - l1) > 1e-6])
    """
    let out = try (try session.run(source, file: "final_norm_test.anis") ?? .none).toTensor().elements
    #expect(out == [1, 0, 1, 1], "[normed gets lnf gradient, unnormed lnf gradient, raw logits, losses differ] = \(out)")
}

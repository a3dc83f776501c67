// FusedGradientTests: the gradient rules of the fused layers (layer_norm,
// cross_entropy, attention, take_along_axis) against central finite differences
// in float64, with the `compare` helper and prelude of GradientTests.swift.
import Testing
@testable import AnisLanguage

private let fusedCases: [(String, String, String)] = [
    ("layer_norm x", "x -> wsum(layer_norm(x, 1 + B, B))", "randn(2, 3, 4)"),
    ("layer_norm gain", "g -> wsum(layer_norm(X3, g, B, eps: 0.1))", "randn(4)"),
    ("layer_norm bias", "b -> wsum(layer_norm(A, P, b))", "randn(4)"),
    ("cross_entropy", "z -> cross_entropy(z, [[0, 3, 1], [2, 2, 0]])", "randn(2, 3, 4)"),
    ("cross_entropy weights", "z -> cross_entropy(z, [1, 0, 3], weights: [0.5, 0, 2])", "randn(3, 4)"),
    ("attention q causal", "q -> wsum(attention(q, X3, X3))", "randn(2, 3, 4)"),
    ("attention k causal", "k -> wsum(attention(X3, k, X3))", "randn(2, 3, 4)"),
    ("attention v causal", "v -> wsum(attention(X3, X3, v))", "randn(2, 3, 2)"),
    ("attention q full", "q -> wsum(attention(q, reshape(sin(arange(40) * 0.7), 2, 1, 5, 4), reshape(cos(arange(30)), 2, 1, 5, 3), causal: false))", "randn(2, 1, 2, 4)"),
    ("attention k full", "k -> wsum(attention(X3, k, X3, causal: false))", "randn(2, 3, 4)"),
    ("take_along_axis last", "x -> wsum(take_along_axis(x, [[3, 0], [1, 1], [2, -1]]))", "randn(3, 4)"),
    ("take_along_axis axis 0 broadcast", "x -> wsum(take_along_axis(x, [[2, 0, 1, 2]], axis: 0))", "randn(3, 4)"),
    ("take_along_axis broadcast x", "x -> wsum(take_along_axis(x, reshape([0, 2, 1, 1, 0, 2], 2, 3, 1), axis: 1))", "randn(1, 3, 2)"),
]

@Test(arguments: fusedCases)
func fusedGradientMatchesFiniteDifferences(_ label: String, _ f: String, _ point: String) throws {
    let (analytic, numeric) = try compare(f, point)
    #expect(analytic.count == numeric.count, "\(label): gradient has \(analytic.count) elements, x has \(numeric.count)")
    for (k, (a, n)) in zip(analytic, numeric).enumerated() {
        let tolerance = 1e-5 * Swift.max(1, Swift.abs(n))
        #expect(Swift.abs(a - n) <= tolerance, "\(label): element \(k): grad \(a), finite difference \(n)")
    }
}

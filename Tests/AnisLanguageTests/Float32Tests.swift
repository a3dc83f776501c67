// Float32Tests: float32 tensors through the language — NumPy 2's promotion table, the
// dtype kept by every native operation, the fused layers' float32 gradients against
// the float64 ones (within float32 tolerance), an optimizer step, and a float32
// transformer step against its float64 twin.
import AnisTensor
import Testing
@testable import AnisLanguage

private func dtypeOf(_ session: Session, _ code: String) throws -> String {
    let v = try session.run("dtype(\(code))", file: "dtype.anis")
    guard case .string(let s)? = v else { throw RuntimeError("dtype(\(code)) gave \(String(describing: v))") }
    return s
}

private let promotion: [(String, String)] = [
    ("f32 + f32", "float32"), ("f32 + f64", "float64"), ("f64 + f32", "float64"), ("f64 + f64", "float64"),
    ("f32 + 1.5", "float32"), ("2 * f32", "float32"), ("f32 + true", "float32"), ("f32 + [1, 2, 3]", "float64"),
    ("f32 * (f64 > 0)", "float32"), ("f32 @ f32'", "float32"), ("f32 @ f64'", "float64"),
    ("maximum(f32, 0)", "float32"), ("maximum(f32, f64)", "float64"), ("where(f64 > 0, f32, 0)", "float32"),
    ("where(f64 > 0, f32, f64)", "float64"), ("concat([f32, f64])", "float64"), ("concat([f32, f32])", "float32"),
    ("f32[0, 0]", "float32"), ("sum(f32)", "float32"), ("f32 == f32", "float32"),
]

@Test(arguments: promotion)
func promotionFollowsNumPy2(_ expr: String, _ expected: String) throws {
    let session = Session(output: { _ in })
    _ = try session.run("f32 = randn(2, 3, dtype: float32); f64 = randn(2, 3)", file: "setup.anis")
    #expect(try dtypeOf(session, expr) == expected, "\(expr)")
}

/// Built-ins and operators that must keep a float32 tensor float32.
private let preserving = [
    "-x", "x + 1", "x - x", "x * x", "x / 2", "x ^ 2", "x % 1", "exp(x)", "log(abs(x) + 1)", "sqrt(abs(x))", "tanh(x)",
    "sin(x)", "abs(x)", "relu(x)", "gelu(x)", "sigmoid(x)", "silu(x)", "softmax(x)", "log_softmax(x)", "clip(x, -1, 1)",
    "x'", "transpose(x)", "reshape(x, 6, 2)", "flatten(x)", "expand(x, 0)", "squeeze(reshape(x, 1, 3, 4))", "stack([x, x])",
    "x[0]", "x[:, 1:3]", "x[[0, 2]]", "x[x > 0]", "x @ x'", "sum(x, axis: 0)", "mean(x, axis: 1)", "max(x, axis: 0)",
    "min(x)", "var(x, axis: 0)", "std(x)", "cumsum(x)", "prod(x)", "norm(x)", "sort(x)", "layer_norm(x, ones(4, dtype: float32), zeros(4, dtype: float32))",
    "cross_entropy(x, [0, 1, 3])", "attention(reshape(x, 1, 3, 4), reshape(x, 1, 3, 4), reshape(x, 1, 3, 4))",
    "take_along_axis(x, [[0], [1], [2]])", "svd(x)[1]", "svd(x)[0]", "svdvals(x)", "eigh(x @ x')[1]", "eigvalsh(x @ x')", "where(x > 0, x, 0)", "maximum(x, 0)", "tensor(x)",
]

@Test func nativeOperationsKeepFloat32() throws {
    let session = Session(output: { _ in })
    _ = try session.run("x = randn(3, 4, dtype: float32)", file: "setup.anis")
    for expr in preserving {
        #expect(try dtypeOf(session, expr) == "float32", "\(expr)")
    }
}

private let prelude32 = """
seed(7)
A = randn(3, 4); B = randn(4); P = 1.5 + rand(4); X3 = randn(2, 3, 4)
fn round32(t) = float32(t)
"""

/// The fused layers in float32: the same function at the same (float32-representable)
/// point gives a float32 gradient equal to the float64 one within float32 rounding.
private let fusedFloat32Cases: [(String, String, String)] = [
    ("layer_norm x", "x -> wsum(layer_norm(x, 1 + B, B))", "randn(2, 3, 4)"),
    ("layer_norm gain", "g -> wsum(layer_norm(X3, g, B, eps: 0.1))", "randn(4)"),
    ("layer_norm bias", "b -> wsum(layer_norm(A, P, b))", "randn(4)"),
    ("cross_entropy", "z -> cross_entropy(z, [[0, 3, 1], [2, 2, 0]])", "randn(2, 3, 4)"),
    ("cross_entropy weights", "z -> cross_entropy(z, [1, 0, 3], weights: [0.5, 0, 2])", "randn(3, 4)"),
    ("attention q causal", "q -> wsum(attention(q, X3, X3))", "randn(2, 3, 4)"),
    ("attention k full", "k -> wsum(attention(X3, k, X3, causal: false))", "randn(2, 3, 4)"),
    ("attention v causal", "v -> wsum(attention(X3, X3, v))", "randn(2, 3, 2)"),
    ("take_along_axis", "x -> wsum(take_along_axis(x, [[3, 0], [1, 1], [2, -1]]))", "randn(3, 4)"),
    ("gelu", "x -> wsum(gelu(x))", "randn(3, 4)"),
    ("softmax", "x -> wsum(softmax(x))", "randn(3, 4)"),
    ("matmul and sum", "x -> wsum(relu(x @ A') + sum(x, axis: 1, keepdims: true))", "randn(2, 4)"),
]

@Test(arguments: fusedFloat32Cases)
func float32GradientMatchesFloat64(_ label: String, _ f: String, _ point: String) throws {
    func gradient(_ dtype: String) throws -> Tensor {
        let session = Session(output: { _ in })
        _ = try session.run(prelude32 + """

            A = \(dtype)(round32(A)); B = \(dtype)(round32(B)); P = \(dtype)(round32(P)); X3 = \(dtype)(round32(X3))
            fn wsum(y) = sum(y * \(dtype)(reshape(sin(arange(size(y)) * 1.3 + 0.4), shape(y))))
            f = \(f)
            x = \(dtype)(round32(\(point)))
            """, file: "grad.anis")
        return try (try session.run("grad(f)(x)", file: "g") ?? .none).toTensor()
    }
    let g32 = try gradient("float32"), g64 = try gradient("float64")
    #expect(g32.dtype == .float32, "\(label): gradient is \(g32.dtype)")
    #expect(g64.dtype == .float64)
    #expect(g32.shape == g64.shape)
    let scale = g64.elements.map { Swift.abs($0) }.max() ?? 1
    for (k, (a, b)) in zip(g32.elements, g64.elements).enumerated() {
        #expect(Swift.abs(a - b) <= 1e-5 * Swift.max(1, scale), "\(label): element \(k): float32 \(a), float64 \(b)")
    }
}

@Test func adamStepKeepsFloat32AndMatchesFloat64() throws {
    let session = Session(output: { _ in })
    _ = try session.run("""
        seed(2)
        p64 = {W: float64(float32(randn(4, 3))), b: zeros(3)}
        p32 = {W: float32(p64.W), b: zeros(3, dtype: float32)}
        g64 = {W: float64(float32(randn(4, 3))), b: float64(float32(randn(3)))}
        g32 = {W: float32(g64.W), b: float32(g64.b)}
        o64 = adam(lr: 0.01); o32 = adam(lr: 0.01)
        for i in 0:3 { p64 = o64.step(p64, g64); p32 = o32.step(p32, g32) }
        """, file: "adam.anis")
    #expect(try dtypeOf(session, "p32.W") == "float32")
    #expect(try dtypeOf(session, "p32.b") == "float32")
    let gap = try session.run("max(abs(float64(p32.W) - p64.W)) + max(abs(float64(p32.b) - p64.b))", file: "gap")
    #expect((gap?.scalar ?? 1) < 1e-6)
}

@Test func float32RoundTripsAndPrintsShortest() throws {
    var lines: [String] = []
    let session = Session(output: { lines.append($0) })
    _ = try session.run("print(float32(1 / 3)); print(float32([0.1, 0.25]))", file: "print.anis")
    #expect(lines.joined().contains("0.33333334"))
    let t = Tensor([0.1, 1e-40, 3.4e38, -0.0]).converted(to: .float32)
    #expect(t.dtype == .float32)
    #expect(t.elements == [Double(Float(0.1)), Double(Float(1e-40)), Double(Float(3.4e38)), 0])
    #expect(t.converted(to: .float64).converted(to: .float32).elements == t.elements)
}

@Test func float32DecompositionsUseSingleAndAgreeWithDouble() throws {
    let session = Session(output: { _ in })
    _ = try session.run("seed(4); A = float64(float32(randn(40, 6))); B = float32(A)", file: "svd.anis")
    // sgesdd/ssyevd: float32 results within float32 accuracy of the float64 ones.
    for (expr, tol) in [("max(abs(float64(svdvals(B)) - svdvals(A))) / svdvals(A)[0]", 1e-5),
                        ("max(abs(float64(svd(B)[1]) - svd(A)[1])) / svd(A)[1][0]", 1e-5),
                        ("max(abs(float64(eigvalsh(B' @ B)) - eigvalsh(A' @ A))) / max(eigvalsh(A' @ A))", 1e-5),
                        ("max(abs(float64(svd(B)[0] * svd(B)[1]) @ float64(svd(B)[2]) - A))", 1e-4)] {
        let v = try session.run(expr, file: "check")
        #expect((v?.scalar ?? 1) < tol, "\(expr)")
    }
}

// GradientTests: every gradient rule checked against central finite differences.
// Each case is an anis function of one tensor (or number) and a point; the test
// compares grad(f)(x) with (f(x + h·eₖ) − f(x − h·eₖ)) / 2h for every element k.
// Non-scalar operations are reduced by `wsum`, a fixed weighted sum, so that every
// output element's gradient matters.
import Testing
import AnisTensor
@testable import AnisLanguage

private let prelude = """
seed(7)
fn wsum(y) = sum(y * reshape(sin(arange(size(y)) * 1.3 + 0.4), shape(y)))
A = randn(3, 4); B = randn(4); C = randn(3, 1); P = 1.5 + rand(4); M = randn(4, 5)
X3 = randn(2, 3, 4); V = randn(4); M2 = randn(5, 2)
"""

/// (label, function, point) — the point is any anis expression.
private let cases: [(String, String, String)] = [
    // operators and broadcasting
    ("add", "x -> wsum(x + B)", "randn(3, 4)"),
    ("add broadcast row", "b -> wsum(A + b)", "randn(4)"),
    ("add broadcast column", "c -> wsum(A + c)", "randn(3, 1)"),
    ("add scalar", "s -> wsum(A + s)", "0.3"),
    ("sub", "x -> wsum(B - x)", "randn(3, 4)"),
    ("sub broadcast", "b -> wsum(A - b)", "randn(4)"),
    ("mul", "x -> wsum(x * A)", "randn(3, 4)"),
    ("mul broadcast", "c -> wsum(A * c)", "randn(3, 1)"),
    ("mul self", "x -> wsum(x * x)", "randn(5)"),
    ("div numerator", "x -> wsum(x / P)", "randn(3, 4)"),
    ("div denominator", "p -> wsum(A / p)", "1.5 + rand(4)"),
    ("pow constant exponent", "x -> wsum(x ^ 3)", "randn(6)"),
    ("pow square", "x -> wsum(x ^ 2)", "randn(6)"),
    ("pow tensor exponent", "y -> wsum(P ^ y)", "randn(4)"),
    ("pow both", "x -> wsum((1 + x ^ 2) ^ x)", "randn(4)"),
    ("mod", "x -> wsum(x % 0.7)", "randn(5)"),
    ("negate", "x -> wsum(-x)", "randn(3)"),
    ("scalar chain", "x -> x * x * sin(x) - 2 / x", "1.3"),
    // matrix products
    ("matmul left", "x -> wsum(x @ M)", "randn(3, 4)"),
    ("matmul right", "w -> wsum(A @ w)", "randn(4, 5)"),
    ("matmul matrix-vector", "v -> wsum(A @ v)", "randn(4)"),
    ("matmul matrix-vector matrix", "a -> wsum(a @ V)", "randn(3, 4)"),
    ("matmul vector-matrix", "v -> wsum(v @ M)", "randn(4)"),
    ("matmul vector-vector", "v -> v @ V", "randn(4)"),
    ("matmul batched", "x -> wsum(x @ M)", "randn(2, 3, 4)"),
    ("matmul batched weight", "w -> wsum(X3 @ w)", "randn(4, 5)"),
    ("matmul batched both", "w -> wsum(X3 @ w)", "randn(2, 4, 2)"),
    ("matmul batched vector", "x -> wsum(x @ V)", "randn(2, 3, 4)"),
    ("matmul builtin", "w -> wsum(matmul(A, w))", "randn(4, 2)"),
    ("dot", "v -> dot(v, V)", "randn(4)"),
    ("outer", "v -> wsum(outer(v, B))", "randn(3)"),
    ("trace", "x -> trace(x @ x', k: 0)", "randn(3, 3)"),
    ("trace offset", "x -> trace(x, k: 1)", "randn(3, 4)"),
    ("diag of vector", "v -> wsum(diag(v, k: 1))", "randn(3)"),
    ("diag of matrix", "x -> wsum(diag(x))", "randn(3, 4)"),
    // shapes and indexing
    ("transpose prime", "x -> wsum(x' @ A)", "randn(3, 2)"),
    ("transpose field", "x -> wsum(x.T)", "randn(3, 4)"),
    ("transpose axes", "x -> wsum(transpose(x, axes: [2, 0, 1]))", "randn(2, 3, 4)"),
    ("reshape", "x -> wsum(reshape(x, 4, 3) @ A)", "randn(3, 4)"),
    ("flatten", "x -> wsum(flatten(x) * arange(12))", "randn(3, 4)"),
    ("squeeze expand", "x -> wsum(expand(squeeze(x), 0) * 2)", "randn(3, 1)"),
    ("concat", "x -> wsum(concat([x, A, x * 2], axis: 1))", "randn(3, 2)"),
    ("stack", "x -> wsum(stack([x, B, x ^ 2], axis: 1))", "randn(4)"),
    ("stack list", "x -> wsum(stack(list(x, B, x ^ 2), axis: 1))", "randn(4)"),
    ("concat list", "x -> wsum(concat(append([x], x * 2)))", "randn(3, 2)"),
    ("bracket literal", "x -> wsum([x[0] * 3, x[1], 2])", "randn(2)"),
    ("index integer", "x -> wsum(x[1])", "randn(3, 4)"),
    ("index slice", "x -> wsum(x[:, 1:3])", "randn(3, 4)"),
    ("index step", "x -> wsum(x[::2, -1])", "randn(5, 4)"),
    ("index gather repeats", "x -> wsum(x[[0, 2, 0, 0]])", "randn(3, 4)"),
    ("index gather column", "x -> wsum(x[[0, 2], 1])", "randn(3, 4)"),
    ("index mask", "x -> wsum(x[x > 0])", "randn(10)"),
    ("index assign into constant", "x -> { y = zeros(3, 4); y[1] = x * 2; wsum(y) }", "randn(4)"),
    ("index assign into tracked", "x -> { y = x * 1; y[0, 1:3] = 5; wsum(y) }", "randn(3, 4)"),
    ("for loop over rows", "x -> { s = 0; for r in x { s = s + sum(r * B) ^ 2 }; s }", "randn(3, 4)"),
    ("control flow", "x -> { s = 0; for i in 0:3 { if i % 2 == 0 { s = s + wsum(x * i) } else { s = s - sum(x ^ 2) } }; s }", "randn(4)"),
    // reductions
    ("sum all", "x -> sum(x) ^ 2", "randn(3, 4)"),
    ("sum axis", "x -> wsum(sum(x, axis: 0))", "randn(3, 4)"),
    ("sum keepdims", "x -> wsum(sum(x, axis: 1, keepdims: true) * A)", "randn(3, 4)"),
    ("mean axis", "x -> wsum(mean(x, axis: -1))", "randn(2, 3, 4)"),
    ("mean all", "x -> mean(x ^ 2)", "randn(5)"),
    ("var", "x -> var(x)", "randn(6)"),
    ("var axis ddof", "x -> wsum(var(x, axis: 0, ddof: 1))", "randn(4, 3)"),
    ("std", "x -> wsum(std(x, axis: 1))", "randn(3, 5)"),
    ("max all", "x -> max(x)", "randn(7)"),
    ("max axis", "x -> wsum(max(x, axis: 0))", "randn(4, 3)"),
    ("min axis keepdims", "x -> wsum(min(x, axis: 1, keepdims: true))", "randn(4, 3)"),
    ("prod", "x -> wsum(prod(x, axis: 1))", "randn(3, 4)"),
    ("prod all", "x -> prod(x)", "randn(4)"),
    ("cumsum", "x -> wsum(cumsum(x, axis: 0))", "randn(4, 3)"),
    ("cumsum flat", "x -> wsum(cumsum(x))", "randn(2, 3)"),
    ("norm", "x -> norm(x)", "randn(3, 4)"),
    ("norm axis", "x -> wsum(norm(x, axis: 1))", "randn(3, 4)"),
    ("norm fro", "x -> norm(x, ord: \"fro\")", "randn(3, 4)"),
    // elementwise math
    ("exp", "x -> wsum(exp(x))", "randn(5)"),
    ("log", "x -> wsum(log(x))", "0.5 + rand(5)"),
    ("log10", "x -> wsum(log10(x))", "0.5 + rand(5)"),
    ("log2", "x -> wsum(log2(x))", "0.5 + rand(5)"),
    ("sqrt", "x -> wsum(sqrt(x))", "0.5 + rand(5)"),
    ("abs", "x -> wsum(abs(x))", "randn(5)"),
    ("sin", "x -> wsum(sin(x))", "randn(5)"),
    ("cos", "x -> wsum(cos(x))", "randn(5)"),
    ("clip", "x -> wsum(clip(x, -0.5, 0.5))", "randn(8)"),
    ("maximum", "x -> wsum(maximum(x, B))", "randn(3, 4)"),
    ("minimum", "b -> wsum(minimum(A, b))", "randn(4)"),
    ("where", "x -> wsum(where(A > 0, x, x ^ 2))", "randn(3, 4)"),
    ("where broadcast", "b -> wsum(where(A > 0, b, 0))", "randn(4)"),
    ("atan2", "x -> wsum(atan2(x, B))", "randn(4)"),
    ("pow builtin", "x -> wsum(pow(P, x))", "randn(4)"),
    // activations
    ("identity", "x -> wsum(identity(x))", "randn(5)"),
    ("relu", "x -> wsum(relu(x))", "randn(8)"),
    ("leaky_relu", "x -> wsum(leaky_relu(x, p: 0.2))", "randn(8)"),
    ("leaky function", "x -> wsum(leaky(0.3)(x))", "randn(8)"),
    ("gelu", "x -> wsum(gelu(x))", "randn(8)"),
    ("gelu_tanh", "x -> wsum(gelu_tanh(x))", "randn(8)"),
    ("silu", "x -> wsum(silu(x))", "randn(8)"),
    ("sigmoid", "x -> wsum(sigmoid(x))", "randn(8)"),
    ("tanh", "x -> wsum(tanh(x))", "randn(8)"),
    ("softplus", "x -> wsum(softplus(x))", "randn(8)"),
    ("elu", "x -> wsum(elu(x, alpha: 0.7))", "randn(8)"),
    ("softmax", "x -> wsum(softmax(x))", "randn(3, 4)"),
    ("softmax axis 0", "x -> wsum(softmax(x, axis: 0))", "randn(3, 4)"),
    ("log_softmax", "x -> wsum(log_softmax(x))", "randn(3, 4)"),
    ("solu", "x -> wsum(solu(x))", "randn(3, 4)"),
    ("isotropic tanh", "x -> wsum(isotropic(tanh)(x))", "randn(3, 4)"),
    ("isotropic relu", "x -> wsum(isotropic(relu)(x))", "randn(4)"),
    ("activation as value", "x -> { acts = [relu, tanh, gelu]; s = 0; for f in acts { s = s + wsum(f(x)) }; s }", "randn(5)"),
    ("mlp", "w -> mean((tanh(A @ w) @ M2 - 1) ^ 2)", "randn(4, 5)"),
    ("cross entropy", "z -> -mean(sum(log_softmax(z) * [[1, 0, 0, 0], [0, 0, 1, 0], [0, 1, 0, 0]], axis: 1))", "randn(3, 4)"),
    // sorting, order statistics, counting and einsum (GradientRules+Library.swift)
    ("sort", "x -> wsum(sort(x))", "randn(6)"),
    ("sort axis 0 descending", "x -> wsum(sort(x, axis: 0, descending: true))", "randn(3, 4)"),
    ("sort flattened", "x -> wsum(sort(x, axis: none))", "randn(2, 3)"),
    ("median odd", "x -> median(x)", "randn(5)"),
    ("median even axis", "x -> wsum(median(x, axis: 1))", "randn(3, 4)"),
    ("quantile levels", "x -> wsum(quantile(x, [0.1, 0.5, 0.83]))", "randn(7)"),
    ("quantile axis keepdims", "x -> wsum(quantile(x, [0.3, 0.9], axis: 0, keepdims: true))", "randn(5, 3)"),
    ("percentile", "x -> percentile(x, 37)", "randn(6)"),
    ("bincount weights", "w -> wsum(bincount([0, 2, 2, 1, 0], weights: w))", "randn(5)"),
    ("einsum matmul", "x -> wsum(einsum(\"ij,jk->ik\", x, M))", "randn(3, 4)"),
    ("einsum transposed right", "w -> wsum(einsum(\"ij,kj->ik\", A, w))", "randn(5, 4)"),
    ("einsum batched", "x -> wsum(einsum(\"bij,bkj->bik\", X3, x))", "randn(2, 5, 4)"),
    ("einsum bilinear middle", "m -> einsum(\"i,ij,j->\", B, m, V)", "randn(4, 4)"),
    ("einsum bilinear vector", "v -> einsum(\"i,ij,j\", v, M, sin(arange(5)))", "randn(4)"),
    ("einsum summed letter", "x -> wsum(einsum(\"ij,k->ik\", x, V))", "randn(3, 2)"),
    ("einsum transpose", "x -> wsum(einsum(\"ijk->kij\", x))", "randn(2, 3, 4)"),
    ("einsum trace", "x -> einsum(\"ij,jk->\", x, x')", "randn(3, 4)"),
]

/// The gradient from `grad` and the central finite difference, elementwise.
private func compare(_ f: String, _ point: String) throws -> (analytic: [Double], numeric: [Double]) {
    let session = Session(output: { _ in })
    _ = try session.run(prelude + "\nf = \(f)\nx = \(point)", file: "grad.anis")
    guard case .function(let fn)? = try session.run("f", file: "f"), let x = try session.run("x", file: "x") else {
        throw RuntimeError("test setup failed")
    }
    let g = try session.run("grad(f)(x)", file: "g")
    let analytic = try (g ?? .none).toTensor().elements
    let xt = try x.toTensor()
    var numeric: [Double] = []
    let h = 1e-6
    for k in 0..<xt.count {
        func at(_ d: Double) throws -> Double {
            var p = xt
            p.withUnsafeMutableBufferPointer { $0[k] += d }
            let arg: Value = x.isScalarLike ? .number(p.scalarValue ?? 0) : .tensor(p)
            let y = try session.interpreter.call(fn, [arg])
            return y.scalar ?? .nan
        }
        numeric.append((try at(h) - at(-h)) / (2 * h))
    }
    return (analytic, numeric)
}

@Test(arguments: cases)
func gradientMatchesFiniteDifferences(_ label: String, _ f: String, _ point: String) throws {
    let (analytic, numeric) = try compare(f, point)
    #expect(analytic.count == numeric.count, "\(label): gradient has \(analytic.count) elements, x has \(numeric.count)")
    for (k, (a, n)) in zip(analytic, numeric).enumerated() {
        let tolerance = 1e-5 * Swift.max(1, Swift.abs(n))
        #expect(Swift.abs(a - n) <= tolerance, "\(label): element \(k): grad \(a), finite difference \(n)")
    }
}

private func output(_ source: String) throws -> String {
    var out = ""
    let session = Session(output: { out += $0 })
    _ = try session.run(source, file: "t.anis")
    return out
}

private func errorMessage(_ source: String) -> String? {
    do { _ = try output(source) } catch let d as Diagnostic { return d.message } catch { return "\(error)" }
    return nil
}

@Test func gradientsOfRecordsAndListsKeepTheirStructure() throws {
    let program = """
    fn loss(p) = sum(p.W * 2) + p.b[0] ^ 2 + p.layers[1] * 3
    g = grad(loss)({W: ones(2, 2), b: [3, 4], layers: [1, 5], name: "net"})
    print(g.W); print(g.b); print(g.layers); print(g.name)
    a, b = grad((x, y) -> x * y ^ 2, argnums: [0, 1])(3, 2)
    print(a, b)
    """
    #expect(try output(program) == "[[2, 2],\n [2, 2]]\n[6, 0]\n[0, 3]\nnone\n4 12\n")
}

@Test func valueAndGradAuxAndTaps() throws {
    let program = """
    fn f(p, x) { h = tap(x * p, "h"); [sum(h ^ 2), h] }
    l, g, aux, t = value_and_grad(f, has_aux: true, taps: true)([1, 2], [3, 4])
    print(l, g, aux, t.h.grad)
    """
    #expect(try output(program) == "73 [18, 64] [3, 8] [ 6, 16]\n")
}

@Test func jacobianRowsAreOutputs() throws {
    let program = """
    J = jacobian(v -> [v[0] * v[1], v[1] ^ 2, 3 * v[0]], [2, 5])
    print(J)
    y, d = jvp(v -> v ^ 2, [1, 2, 3], [1, 0, 1])
    print(d)
    y, g = vjp(v -> v ^ 2, [1, 2, 3], [1, 0, 1])
    print(g)
    """
    #expect(try output(program) == "[[ 5,  2],\n [ 0, 10],\n [ 3,  0]]\n[2, 0, 6]\n[2, 0, 6]\n")
}

@Test func errorsNameTheProblem() {
    #expect(errorMessage("grad(x -> x * 2)([1, 2])")?.contains("must return a number (a scalar loss), got a tensor of shape (2,)") == true)
    #expect(errorMessage("grad(x -> rank(x))(eye(2))")?.contains("'rank' is not differentiable") == true)
    #expect(errorMessage("grad(x -> sum(svdvals(x)))(eye(2))")?.contains("'svdvals' is not differentiable") == true)
    #expect(errorMessage("grad(x -> reshape(x, x))(2)")?.contains("reshape is not differentiable with respect to its argument 'shape'") == true)
    #expect(errorMessage("grad(x -> grad(y -> x * y)(1))(2)")?.contains("nested differentiation") == true)
    #expect(errorMessage("grad(x -> x, argnums: 3)(1)")?.contains("argnums 3 is out of range") == true)
}

@Test func trackedValuesPrintAndInspectAsTensors() throws {
    let program = """
    fn f(x) { print(type(x), shape(x), x); sum(x) }
    g = grad(f)([1, 2])
    fn h(x) { if max(x) > 1 { print("big") }; sum(x * x) }
    print(grad(h)([1, 2]))
    """
    #expect(try output(program) == "tensor [2] [1, 2]\nbig\n[2, 4]\n")
}

// DTypeRuleTests: the dtype rule on each registry entry (BuiltinDTypes.swift) tells the
// truth. Every built-in of the numeric topics is called with float32 arguments, and the
// dtype of each tensor or number it returns must be the one listed here (the audit), which
// must in turn be what its rule promises: float32 for native and rounded built-ins, float64
// for float64/integral ones. A built-in added to those topics without a call here fails.
import AnisTensor
import Testing
@testable import AnisLanguage

/// One float32 call per built-in and the dtype of every tensor or number it gives (nil: it
/// gives none, e.g. a function or a string). A is a float32 4×4 matrix, S a float32 SPD
/// matrix, v a float32 vector, H a float32 60×3 point cloud.
private let calls: [String: (code: String, gives: DType?)] = [
    // Creation (dtype: float32, or the argument's dtype).
    "zeros": ("zeros(2, dtype: float32)", .float32), "ones": ("ones(2, dtype: float32)", .float32),
    "full": ("full([2], 1.5, dtype: float32)", .float32), "eye": ("eye(2, dtype: float32)", .float32),
    "linspace": ("linspace(0, 1, 3, dtype: float32)", .float32), "logspace": ("logspace(0, 1, 3, dtype: float32)", .float32),
    "arange": ("arange(3, dtype: float32)", .float32), "tensor": ("tensor(v)", .float32), "float32": ("float32(1)", .float32),
    "float64": ("float64(v)", .float64), "dtype": ("dtype(v)", nil), "meshgrid": ("meshgrid(v, v)", .float32),
    // Shape and indexing.
    "shape": ("shape(A)", .float64), "size": ("size(A)", .float64), "ndim": ("ndim(A)", .float64),
    "reshape": ("reshape(A, 16)", .float32), "transpose": ("transpose(A)", .float32), "flatten": ("flatten(A)", .float32),
    "squeeze": ("squeeze(reshape(A, 1, 16))", .float32), "expand": ("expand(v, 0)", .float32),
    "concat": ("concat([v, v])", .float32), "stack": ("stack([v, v])", .float32),
    "take_along_axis": ("take_along_axis(A, [[0], [1], [2], [3]])", .float32),
    // Elementwise math.
    "exp": ("exp(v)", .float32), "log": ("log(v)", .float32), "log10": ("log10(v)", .float32), "log2": ("log2(v)", .float32),
    "sqrt": ("sqrt(v)", .float32), "abs": ("abs(v)", .float32), "sign": ("sign(v)", .float32), "sin": ("sin(v)", .float32),
    "cos": ("cos(v)", .float32), "floor": ("floor(v)", .float32), "ceil": ("ceil(v)", .float32), "round": ("round(v)", .float32),
    "isnan": ("isnan(v)", .float32), "maximum": ("maximum(v, 0)", .float32), "minimum": ("minimum(v, 0)", .float32),
    "pow": ("pow(v, 2)", .float32), "atan2": ("atan2(v, v)", .float32), "clip": ("clip(v, 0, 1)", .float32),
    "where": ("where(v > 1, v, 0)", .float32),
    // Activations (leaky, isotropic and deriv make functions; what those give is float32 too).
    "identity": ("identity(v)", .float32), "linear": ("linear(v)", .float32), "relu": ("relu(v)", .float32),
    "leaky_relu": ("leaky_relu(v)", .float32), "leaky": ("leaky(0.1)", nil), "gelu": ("gelu(v)", .float32),
    "gelu_tanh": ("gelu_tanh(v)", .float32), "silu": ("silu(v)", .float32), "sigmoid": ("sigmoid(v)", .float32),
    "tanh": ("tanh(v)", .float32), "softplus": ("softplus(v)", .float32), "elu": ("elu(v)", .float32),
    "softmax": ("softmax(v)", .float32), "log_softmax": ("log_softmax(v)", .float32), "solu": ("solu(v)", .float32),
    "isotropic": ("isotropic(relu)", nil), "deriv": ("deriv(relu)", nil),
    // Anisotropy toolkit (computed in float64, rounded back).
    "spectrum": ("spectrum(A)", .float32), "effective_rank": ("effective_rank(A)", .float32),
    "participation_ratio": ("participation_ratio(A)", .float32), "stable_rank": ("stable_rank(A)", .float32),
    "sigma_ratio": ("sigma_ratio(A)", .float32), "mean_cosine": ("mean_cosine(A)", .float32),
    "top_singular_vector": ("top_singular_vector(A)", .float32), "center": ("center(A)", .float32),
    "pca": ("pca(A, 2)", .float32), "twonn": ("twonn(H)", .float32), "dead_fraction": ("dead_fraction(A)", .float32),
    // Random numbers (integers and indices are float64).
    "seed": ("seed(1)", nil), "rng_state": ("rng_state()", nil), "rand": ("rand(2, dtype: float32)", .float32),
    "randn": ("randn(2, dtype: float32)", .float32), "randint": ("randint(0, 3, shape: [2])", .float64),
    "permutation": ("permutation(3)", .float64), "choice": ("choice(v, size: 2)", .float32),
    "categorical": ("categorical(float32([0.5, 0.5]), size: 2)", .float64),
    // Fused layers.
    "layer_norm": ("layer_norm(A, ones(4, dtype: float32), zeros(4, dtype: float32))", .float32),
    "cross_entropy": ("cross_entropy(A, [0, 1, 2, 3])", .float32),
    "attention": ("attention(reshape(A, 1, 4, 4), reshape(A, 1, 4, 4), reshape(A, 1, 4, 4))", .float32),
    "affine": ("affine(A, A, ones(4, dtype: float32))", .float32),
    // Linear algebra.
    "matmul": ("matmul(A, A)", .float32), "dot": ("dot(v, v)", .float32), "outer": ("outer(v, v)", .float32),
    "svd": ("svd(A)", .float32), "svdvals": ("svdvals(A)", .float32),
    "norm": ("[norm(A), norm(A, ord: 2), norm(A, ord: \"nuc\"), norm(A, axis: 1)]", .float32),
    "eigh": ("eigh(S)", .float32), "eigvalsh": ("eigvalsh(S)", .float32), "eig": ("eig(A)", .float32),
    "qr": ("qr(A)", .float32), "cholesky": ("cholesky(S)", .float32), "solve": ("solve(A, v)", .float32),
    "lstsq": ("[lstsq(A, v).solution, lstsq(A, v).sv, lstsq(A[:, 0:2], v).residuals]", .float32),
    "inv": ("inv(A)", .float32), "pinv": ("pinv(A)", .float32), "det": ("det(A)", .float32), "rank": ("rank(A)", .float64),
    "cond": ("cond(A)", .float32), "trace": ("trace(A)", .float32), "diag": ("[diag(A), diag(v)]", .float32),
    "einsum": ("[einsum(\"ij,jk->ik\", A, A), einsum(\"ii->i\", A), einsum(\"ii\", A)]", .float32),
    // Sorting, counting and statistics.
    "sort": ("sort(A, axis: 0)", .float32), "argsort": ("argsort(v)", .float64),
    "median": ("[median(v), median(A, axis: 1)]", .float32), "quantile": ("[quantile(v, 0.3), quantile(v, [0.1, 0.9])]", .float32),
    "percentile": ("percentile(A, [10, 90], axis: 0)", .float32), "unique": ("unique(v)", .float32),
    "bincount": ("bincount(float32([0, 1, 1]))", .float64), "histogram": ("histogram(v)[1]", .float32),
    "isclose": ("isclose(v, v)", .float32), "allclose": ("allclose(v, v)", nil),
    // Reductions.
    "sum": ("sum(A)", .float32), "prod": ("prod(v)", .float32), "mean": ("mean(A, axis: 0)", .float32),
    "min": ("min(v)", .float32), "max": ("max(A, axis: 1)", .float32), "argmin": ("argmin(v)", .float64),
    "argmax": ("argmax(A, axis: 0)", .float64), "var": ("var(A)", .float32), "std": ("std(A, axis: 1)", .float32),
    "cumsum": ("cumsum(v)", .float32),
]

/// Native built-ins that give float64 metadata, indices or draws rather than values of a
/// float32 argument (they have no float32 tensor to follow, or give integers).
private let float64Metadata: Set<String> = ["float64", "shape", "size", "ndim", "randint", "permutation", "categorical"]

private let numericTopics: Set<Topic> = [.creation, .shape, .math, .reduction, .statistics, .linalg, .activation, .anisotropy, .random, .layers]

/// The dtypes of every tensor and number inside `v`.
private func dtypes(_ v: Value) -> [DType] {
    switch v {
    case .tensor(let t): [t.dtype]
    case .number: [.float64]
    case .list(let xs): xs.flatMap(dtypes)
    case .record(let r): r.keys.flatMap { r[$0].map(dtypes) ?? [] }
    default: []
    }
}

@Test func everyNumericBuiltinHasAFloat32Call() {
    let names = Builtins.registry.all.filter { numericTopics.contains($0.topic) }.map(\.name)
    #expect(Set(names) == Set(calls.keys), "missing: \(Set(names).subtracting(calls.keys).sorted()), extra: \(Set(calls.keys).subtracting(names).sorted())")
}

@Test(arguments: calls.keys.sorted())
func float32ResultsFollowTheDeclaredRule(_ name: String) throws {
    guard let builtin = Builtins.registry[name], let (code, gives) = calls[name] else { Issue.record("no \(name)"); return }
    // What the audit lists agrees with the rule on the registry entry.
    switch builtin.dtypes {
    case .native, .rounded: #expect(gives != .float64 || float64Metadata.contains(name), "\(name): rule \(builtin.dtypes) but gives float64")
    case .float64, .integral: #expect(gives == .float64, "\(name): rule \(builtin.dtypes) but gives \(String(describing: gives))")
    }
    // And the call gives it.
    let session = Session(output: { _ in })
    _ = try session.run("""
        seed(7); A = randn(4, 4, dtype: float32) + 3 * eye(4, dtype: float32)
        S = A @ A' + eye(4, dtype: float32); v = float32([3, 1, 2, 2, 0.5])[0:4]; H = randn(60, 3, dtype: float32)
        """, file: "setup.anis")
    let got = dtypes(try session.run(code, file: "call.anis") ?? .none)
    if let gives {
        #expect(!got.isEmpty && got.allSatisfy { $0 == gives }, "\(code): \(got), expected \(gives)")
    } else {
        #expect(got.isEmpty, "\(code): \(got), expected no tensor or number")
    }
}

@Test func helpStatesTheDtypeRuleOfEveryNumericBuiltin() {
    for b in Builtins.registry.all where numericTopics.contains(b.topic) {
        let page = Builtins.registry.help(b.name, width: 1000) ?? ""
        #expect(page.contains("float32:"), "help \(b.name) does not say what it does with float32")
    }
}

// DTypeRuleTests: the dtype rule on each registry entry (BuiltinDTypes.swift) tells the
// truth. Every built-in of the linear-algebra, statistics and reduction topics is called
// with float32 arguments, and the dtype of each tensor or number it returns must be the
// one its rule promises (float32 for native and rounded built-ins, float64 for
// float64/integral ones). A built-in added to those topics without a call here fails.
import AnisTensor
import Testing
@testable import AnisLanguage

/// One float32 call per built-in. A is a float32 4×4 matrix, S a float32 SPD matrix, v a float32 vector.
private let calls: [String: String] = [
    "matmul": "matmul(A, A)", "dot": "dot(v, v)", "outer": "outer(v, v)", "svd": "svd(A)", "svdvals": "svdvals(A)",
    "norm": "[norm(A), norm(A, ord: 2), norm(A, ord: \"nuc\"), norm(A, axis: 1)]", "eigh": "eigh(S)", "eigvalsh": "eigvalsh(S)",
    "eig": "eig(A)", "qr": "qr(A)", "cholesky": "cholesky(S)", "solve": "solve(A, v)",
    "lstsq": "[lstsq(A, v).solution, lstsq(A, v).sv, lstsq(A[:, 0:2], v).residuals]",
    "inv": "inv(A)", "pinv": "pinv(A)", "det": "det(A)", "rank": "rank(A)", "cond": "cond(A)", "trace": "trace(A)",
    "diag": "[diag(A), diag(v)]", "einsum": "[einsum(\"ij,jk->ik\", A, A), einsum(\"ii->i\", A), einsum(\"ii\", A)]",
    "sort": "sort(A, axis: 0)", "argsort": "argsort(v)", "median": "[median(v), median(A, axis: 1)]",
    "quantile": "[quantile(v, 0.3), quantile(v, [0.1, 0.9])]", "percentile": "percentile(A, [10, 90], axis: 0)",
    "unique": "unique(v)", "bincount": "bincount(float32([0, 1, 1]))", "histogram": "histogram(v)",
    "isclose": "isclose(v, v)", "allclose": "float32(allclose(v, v))",
    "sum": "sum(A)", "prod": "prod(v)", "mean": "mean(A, axis: 0)", "min": "min(v)", "max": "max(A, axis: 1)",
    "argmin": "argmin(v)", "argmax": "argmax(A, axis: 0)", "var": "var(A)", "std": "std(A, axis: 1)", "cumsum": "cumsum(v)",
]

private let checkedTopics: [Topic] = [.linalg, .statistics, .reduction]

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

@Test func everyCheckedBuiltinHasAFloat32Call() {
    let names = Builtins.registry.all.filter { checkedTopics.contains($0.topic) }.map(\.name)
    #expect(Set(names) == Set(calls.keys), "missing: \(Set(names).subtracting(calls.keys).sorted()), extra: \(Set(calls.keys).subtracting(names).sorted())")
}

@Test(arguments: calls.keys.sorted())
func float32ResultsFollowTheDeclaredRule(_ name: String) throws {
    guard let builtin = Builtins.registry[name], let code = calls[name] else { Issue.record("no \(name)"); return }
    let session = Session(output: { _ in })
    _ = try session.run("""
        seed(7); A = randn(4, 4, dtype: float32) + 3 * eye(4, dtype: float32)
        S = A @ A' + eye(4, dtype: float32); v = float32([3, 1, 2, 2, 0.5])[0:4]
        """, file: "setup.anis")
    let value = try session.run(code, file: "call.anis") ?? .none
    let got = dtypes(value)
    #expect(!got.isEmpty, "\(code) gave no tensor or number")
    switch builtin.dtypes {
    case .native, .rounded:
        // Integers a native built-in counts (lstsq's rank, unique's counts) are not called here.
        #expect(got.allSatisfy { $0 == .float32 }, "\(code): \(got), but its rule says \(builtin.dtypes)")
    case .float64, .integral:
        #expect(got.allSatisfy { $0 == .float64 }, "\(code): \(got), but its rule says \(builtin.dtypes)")
    }
}

@Test func helpStatesTheDtypeRuleOfEveryNumericBuiltin() {
    let numeric: Set<Topic> = [.creation, .shape, .math, .reduction, .statistics, .linalg, .activation, .anisotropy, .random, .layers]
    for b in Builtins.registry.all where numeric.contains(b.topic) {
        let page = Builtins.registry.help(b.name, width: 1000) ?? ""
        #expect(page.contains("float32:"), "help \(b.name) does not say what it does with float32")
    }
}

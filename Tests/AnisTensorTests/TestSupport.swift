// TestSupport: reference helpers shared by the tensor tests — plain-loop matrix
// products to check BLAS/LAPACK results against, tolerant comparison, and
// deterministic matrices that do not depend on the RNG under test.
@testable import AnisTensor

/// A matrix from its rows.
func mat(_ rows: [[Double]]) throws -> Tensor {
    try Tensor(shape: [rows.count, rows.first?.count ?? 0], elements: rows.flatMap { $0 })
}

/// A·B by the textbook triple loop (B may be a vector).
func referenceMatmul(_ a: Tensor, _ b: Tensor) throws -> Tensor {
    let m = a.shape[0], k = a.shape[1], n = b.rank == 1 ? 1 : b.shape[1]
    let x = a.elements, y = b.elements
    var out = [Double](repeating: 0, count: m * n)
    for i in 0..<m { for j in 0..<n { for p in 0..<k { out[i * n + j] += x[i * k + p] * y[p * n + j] } } }
    return try Tensor(shape: b.rank == 1 ? [m] : [m, n], elements: out)
}

/// Elementwise |a − b| ≤ tol·(1 + |b|).
func approximatelyEqual(_ a: [Double], _ b: [Double], tol: Double = 1e-10) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { Swift.abs($0 - $1) <= tol * (1 + Swift.abs($1)) }
}

/// An m×n matrix with entries in [-1, 1) from a 64-bit LCG (independent of PCG64).
func lcgMatrix(_ m: Int, _ n: Int, seed: UInt64) throws -> Tensor {
    var state = seed
    var xs = [Double]()
    for _ in 0..<(m * n) {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        xs.append(Double(state >> 11) / Double(1 << 53) * 2 - 1)
    }
    return try Tensor(shape: [m, n], elements: xs)
}

// Builtins+Anisotropy: spectral and geometric summaries of a representation matrix
// H (N samples × D features, rows are samples). The formulas are in each help text.
import AnisTensor

extension Builtins {
    /// A one-matrix anisotropy built-in.
    private static func measure(_ name: String, _ doc: String, _ example: String,
                                _ f: @escaping (Tensor) throws -> Value) -> Builtin {
        Builtin(name, "H", topic: .anisotropy, doc: doc, example: example) { a in try f(try a.tensor(0)) }
    }

    static let anisotropy: [Builtin] = [
        measure("spectrum", "The normalised singular-value spectrum of H: pᵢ = σᵢ / Σⱼ σⱼ, descending, summing to 1 (all zeros for a zero matrix). The σᵢ are those of svdvals (its Gram route for tall or wide data, dgesdd otherwise).",
                "spectrum(relu(randn(1000, 50)))") { .tensor(try Anisotropy.spectrum($0)) },
        measure("effective_rank", "Effective rank (Roy & Vetterli 2007): exp(−Σᵢ pᵢ log pᵢ) with p = spectrum(H) and 0·log 0 = 0. Between 1 (one direction) and min(N, D) (flat spectrum); 0 for a zero matrix.",
                "effective_rank(randn(1000, 50))  # close to 50") { .number(try Anisotropy.effectiveRank($0)) },
        Builtin("participation_ratio", "H, centered: true", topic: .anisotropy,
                doc: "Participation ratio (Σλᵢ)² / Σλᵢ² of the eigenvalues λᵢ = σᵢ² of HᵀH, computed on column-centred H by default (the covariance spectrum) or on raw H with centered: false. Between 1 and min(N, D); 0 for a zero matrix.",
                example: "participation_ratio(randn(1000, 50))") { a in
            .number(try Anisotropy.participationRatio(try a.tensor(0), centered: try a.bool(1)))
        },
        measure("stable_rank", "Stable rank ‖H‖_F² / σ₁² = Σσᵢ² / σ₁²: between 1 and rank(H), insensitive to tiny singular values; 0 for a zero matrix.",
                "stable_rank(eye(4))  # 4") { .number(try Anisotropy.stableRank($0)) },
        measure("sigma_ratio", "σ₁/σ₂, the ratio of the two largest singular values of H: how far the top direction stands out (≈ 1 for isotropic data; inf when σ₂ = 0 < σ₁). H needs at least 2 singular values.",
                "sigma_ratio(relu(randn(1000, 50)))") { .number(try Anisotropy.sigmaRatio($0)) },
        measure("mean_cosine", "Mean pairwise cosine similarity of the rows of H over pairs i ≠ j, without forming the N×N matrix: with uᵢ = hᵢ/‖hᵢ‖ and s = Σᵢ uᵢ, it is (‖s‖² − n)/(n(n − 1)). Zero rows (no direction) are left out of n.",
                "mean_cosine(relu(randn(1000, 50)))") { .number(try Anisotropy.meanCosine($0)) },
        measure("top_singular_vector", "The top right singular vector of H and its alignment with the all-ones direction, as a record {v, sigma, cos_ones}: v is the unit vector (length D) maximising ‖H·v‖, signed so Σv ≥ 0; sigma = σ₁ = ‖H·v‖; cos_ones = |cos(v, 𝟏)| = |Σⱼ vⱼ|/√D. Computed from the top eigenvector of the smaller Gram matrix (HᵀH or HHᵀ, BLAS dsyrk + LAPACK dsyevr).",
                "t = top_singular_vector(relu(randn(1000, 50))); t.cos_ones") { h in
            let (v, sigma, cos) = try Anisotropy.topSingularVector(h)
            return .record(Record([("v", .tensor(v)), ("sigma", .number(sigma)), ("cos_ones", .number(cos))]))
        },
        measure("center", "H with each column's mean subtracted: H − mean(H, axis: 0).",
                "center([[1, 2], [3, 6]])  # [[-1, -2], [1, 2]]") { .tensor(try Anisotropy.center($0)) },
        Builtin("pca", "H, k", topic: .anisotropy,
                doc: "Principal component analysis of H via the thin SVD of the column-centred Hc = U·S·Vᵀ. Returns a record {components, explained, projected}: components is k×D (the top k rows of Vᵀ, each signed so its largest-magnitude entry is positive), explained the explained-variance ratios σᵢ²/Σⱼσⱼ² of those k, and projected the N×k scores Hc·Vₖ. 1 ≤ k ≤ min(N, D).",
                example: "p = pca(randn(200, 10), 2); p.explained") { a in
            let (c, e, p) = try Anisotropy.pca(try a.tensor(0), k: try a.int(1))
            return .record(Record([("components", .tensor(c)), ("explained", .tensor(e)), ("projected", .tensor(p))]))
        },
        Builtin("twonn", "H, estimator: \"fit\", discard: 0.1", topic: .anisotropy,
                doc: "TwoNN intrinsic dimension of the rows of H (Facco, d'Errico, Rodriguez & Laio 2017). For each point μ = r₂/r₁, its second over its first nearest-neighbour distance (points with a duplicate are skipped). estimator \"fit\": the slope through the origin of −log(1 − F(μ)) against log μ (F the empirical CDF), after discarding the largest `discard` fraction of μ, as in the paper; \"mle\": n / Σ log μᵢ. Distances come from blocks of dgemm, never an N×N matrix.",
                example: "twonn(randn(2000, 5))  # close to 5") { a in
            let est: TwoNNEstimator
            switch try a.string(1) {
            case "fit": est = .fit
            case "mle": est = .mle
            case let s: throw a.fail(1, "must be \"fit\" or \"mle\", got \"\(s)\"")
            }
            return .number(try Anisotropy.twonn(try a.tensor(0), estimator: est, discard: try a.number(2)))
        },
        Builtin("dead_fraction", "H, tol: 0", topic: .anisotropy,
                doc: "The fraction of dead units: columns j of H with H[i, j] ≤ tol for every row i (units that never fire, e.g. after relu), divided by D.",
                example: "dead_fraction(relu([[1, -1], [2, -3]]))  # 0.5") { a in
            .number(try Anisotropy.deadFraction(try a.tensor(0), tol: try a.number(1)))
        },
    ]
}

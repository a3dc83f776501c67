// Builtins+Fused: model layers computed in one fused kernel each, with their own
// gradient rules (GradientRules+Fused.swift): layer_norm, cross_entropy, attention,
// affine (x @ W + b as one product) and the pointwise gather take_along_axis. They replace chains of small tensor
// operations (each its own pass over memory and its own tape entry) in models such
// as scripts/lib/transformer.anis, whose primitive form stays in
// scripts/lib/transformer_primitive.anis for comparison.
import AnisTensor

extension Builtins {
    /// The parsed arguments of `layer_norm`, shared by the built-in and its gradient rule.
    static func layerNormArguments(_ a: Arguments) throws -> (Tensor, Tensor, Tensor, Double) {
        (try a.tensor(0), try a.tensor(1), try a.tensor(2), try a.number(3))
    }

    static func crossEntropyArguments(_ a: Arguments) throws -> (Tensor, Tensor, Tensor?) {
        (try a.tensor(0), try a.tensor(1), a.optional(2) == nil ? nil : try a.tensor(2))
    }

    static func attentionArguments(_ a: Arguments) throws -> (Tensor, Tensor, Tensor, Bool, Int) {
        (try a.tensor(0), try a.tensor(1), try a.tensor(2), try a.bool(3), try a.int(4))
    }

    static func affineArguments(_ a: Arguments) throws -> (Tensor, Tensor, Tensor?) {
        (try a.tensor(0), try a.tensor(1), a.optional(2) == nil ? nil : try a.tensor(2))
    }

    static func gatherArguments(_ a: Arguments) throws -> (Tensor, Tensor, Int) {
        (try a.tensor(0), try a.tensor(1), try a.int(2))
    }

    static let fused: [Builtin] = [
        Builtin("layer_norm", "x, gain, bias, eps: 1e-5", topic: .layers, dtypes: .native,
                doc: "Layer normalisation over the last axis: (x − mean) / √(var + eps) · gain + bias, with the biased variance (as PyTorch's layer_norm); gain and bias have the length of x's last axis. One fused pass forward and one backward (its own gradient rule), instead of the six operations of the written-out form.",
                example: "layer_norm([[1, 2, 3]], ones(3), zeros(3))  # [[-1.2247, 0, 1.2247]]") { a in
            let (x, gain, bias, eps) = try layerNormArguments(a)
            return .tensor(try Fused.layerNorm(x, gain: gain, bias: bias, eps: eps).0)
        },
        Builtin("cross_entropy", "logits, targets, weights: none", topic: .layers, dtypes: .native,
                doc: "Mean softmax cross-entropy of logits (..., V) against integer class ids targets (the logits' shape without the last axis): the mean over positions of −log softmax(logits)[target], the log-softmax fused in (no one-hot matrix is built). weights (the targets' shape), if given, make it Σ w·loss / Σ w, e.g. a 0/1 mask of the positions that count; weights summing to 0 give nan. Its gradient, softmax − onehot per position, is written directly. A target outside 0..V−1 or not an integer is an error.",
                example: "cross_entropy([[2, 0, 0], [0, 3, 0]], [0, 1])  # 0.1672") { a in
            let (logits, targets, weights) = try crossEntropyArguments(a)
            return wrap(Tensor(scalar: try Fused.crossEntropy(logits, targets: targets, weights: weights).0, dtype: logits.dtype))
        },
        Builtin("attention", "q, k, v, causal: true, heads: 1", topic: .layers, dtypes: .native,
                doc: "Scaled dot-product attention softmax(q kᵀ / √d) v over the last two axes: q is (..., T, d), k (..., S, d), v (..., S, e), the leading axes (batch, heads) equal, giving (..., T, e). causal: true lets query i see keys 0…i only (a decoder); false sees all keys. heads: H splits the last axis of q, k and v into H heads of equal width (q (..., T, H·d), as a projection x @ Wq gives it), each head attending on its own, and returns the heads side by side again, (..., T, H·e): what splitting the heads into an axis of their own, attending and merging them back gives, without the transposing copies. The products of every batch and head go to BLAS gemm; the scaling, mask and softmax are one fused pass, with a fused gradient rule.",
                example: "q = randn(2, 4, 5, 8)  # (batch, heads, T, d)\nshape(attention(q, q, q))  # [2, 4, 5, 8]\nx = randn(2, 5, 32)  # (batch, T, 4 heads × 8)\nshape(attention(x, x, x, heads: 4))  # [2, 5, 32]") { a in
            let (q, k, v, causal, heads) = try attentionArguments(a)
            return .tensor(try Fused.attention(q, k, v, causal: causal, heads: heads).0)
        },
        Builtin("affine", "x, W, b: none", topic: .layers, dtypes: .native,
                doc: "x @ W + b as one product: x (..., k), W (k, n), and b anything that broadcasts to the result (..., n): a bias (n), or a whole (..., n) tensor such as a residual stream (affine(h, W, x) is x + h @ W); without b, x @ W. One BLAS gemm accumulates the product onto b (copied into the result first), so the addition costs no pass over memory of its own and no intermediate product, and it is one tape entry with its own gradient rule (x @ W's, and b's gradient summed over its broadcast axes). The result equals x @ W + b, bit for bit where OpenBLAS adds each dot product to the result once (inner extents k up to a few hundred, as in scripts/lib/transformer.anis).",
                example: "affine([[1, 2]], [[1, 0, 1], [0, 1, 1]], [10, 20, 30])  # [[11, 22, 33]]\nx = randn(2, 3, 4); W = randn(4, 4)\nall(affine(x, W, x) == x + x @ W)  # true") { a in
            let (x, w, b) = try affineArguments(a)
            return .tensor(try Fused.affine(x, w, b))
        },
        Builtin("take_along_axis", "x, indices, axis: -1", topic: .shape, dtypes: .native,
                doc: "Pointwise gather, as NumPy's take_along_axis: out[..., j, ...] = x[..., indices[..., j, ...], ...] along axis, the other axes paired element by element (indices has x's rank; the other axes broadcast). Picks one entry per row without a one-hot matrix: take_along_axis(logp, reshape(t, -1, 1)) is logp[i, t[i]] for every row i. (Indexing x[a, b] with several integer tensors selects orthogonally instead, the block of rows a and columns b: see `help indexing`.) Differentiable in x.",
                example: "take_along_axis([[10, 11, 12], [20, 21, 22]], [[2], [0]])  # [[12], [20]]") { a in
            let (x, idx, axis) = try gatherArguments(a)
            return .tensor(try Fused.takeAlongAxis(x, idx, axis: axis).0)
        },
    ]
}

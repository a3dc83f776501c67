// GradientRules+Fused: the gradient rules of the fused model layers
// (Builtins+Fused.swift). Each runs the fused forward once, keeps what its
// backward needs, and records one tape node whose backward is the fused kernel.
import AnisTensor

extension GradientRules {
    /// Looked up after `builtins` and `library`.
    static let fused: [String: Rule] = [
        "layer_norm": { c in
            try c.requireConstant(except: [0, 1, 2])
            let nodes = [try c.tensorNode(0), try c.tensorNode(1), try c.tensorNode(2)]
            guard let tape = try Autodiff.tape(nodes) else { return try c.forward() }
            let (x, gain, bias, eps) = try Builtins.layerNormArguments(c.plain)
            let (y, saved) = try Fused.layerNorm(x, gain: gain, bias: bias, eps: eps)
            return result("layer_norm", y, tape) { g in
                let (dx, dgain, dbias) = try Fused.layerNormBackward(x, gain: gain, saved, grad: g)
                try nodes[0]?.accumulate(dx)
                try nodes[1]?.accumulate(dgain)
                try nodes[2]?.accumulate(dbias)
            }
        },
        "cross_entropy": { c in
            try c.requireConstant(except: [0])
            guard let n = try c.tensorNode(0) else { return try c.forward() }
            let (logits, targets, weights) = try Builtins.crossEntropyArguments(c.plain)
            let (loss, saved) = try Fused.crossEntropy(logits, targets: targets, weights: weights)
            return result("cross_entropy", Tensor(scalar: loss, dtype: logits.dtype), n.tape) { g in
                try n.accumulate(try Fused.crossEntropyBackward(logits, saved, grad: g.scalarValue ?? 0))
            }
        },
        "attention": { c in
            try c.requireConstant(except: [0, 1, 2])
            let nodes = [try c.tensorNode(0), try c.tensorNode(1), try c.tensorNode(2)]
            guard let tape = try Autodiff.tape(nodes) else { return try c.forward() }
            let (q, k, v, causal, heads) = try Builtins.attentionArguments(c.plain)
            let (out, saved) = try Fused.attention(q, k, v, causal: causal, heads: heads)
            return result("attention", out, tape) { g in
                let (dq, dk, dv) = try Fused.attentionBackward(saved, grad: g)
                try nodes[0]?.accumulate(dq)
                try nodes[1]?.accumulate(dk)
                try nodes[2]?.accumulate(dv)
            }
        },
        "affine": { c in
            try c.requireConstant(except: [0, 1, 2])
            let nodes = [try c.tensorNode(0), try c.tensorNode(1), try c.tensorNode(2)]
            guard let tape = try Autodiff.tape(nodes) else { return try c.forward() }
            let (x, w, b) = try Builtins.affineArguments(c.plain)
            let out = try Fused.affine(x, w, b)
            // The gradients of x @ W + b: the product's rule, and b's, summed over its broadcast axes.
            let product = try matmulBackward(x, w, outShape: out.shape, nodes[0], nodes[1])
            let biasShape = b?.shape ?? []
            return result("affine", out, tape) { g in
                try nodes[2]?.accumulate(try unbroadcast(g, to: biasShape))
                try product(g)
            }
        },
        "take_along_axis": { c in
            try c.requireConstant(except: [0])
            guard let n = try c.tensorNode(0) else { return try c.forward() }
            let (x, idx, axis) = try Builtins.gatherArguments(c.plain)
            let (out, saved) = try Fused.takeAlongAxis(x, idx, axis: axis)
            let shape = x.shape
            return result("take_along_axis", out, n.tape) { g in
                try n.accumulate(try unbroadcast(try Fused.takeAlongAxisBackward(saved, grad: g), to: shape))
            }
        },
    ]
}

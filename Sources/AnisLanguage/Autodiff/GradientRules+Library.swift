// GradientRules+Library: gradient rules of the sorting, statistics and einsum
// built-ins (kept apart from GradientRules.swift, which holds the core operations),
// and the built-ins of that library whose results carry no gradient.
import AnisTensor

extension GradientRules {
    /// Looked up after `builtins`.
    static let library: [String: Rule] = [
        "sort": { c in
            try c.requireConstant(except: [0])
            guard let n = try c.tensorNode(0) else { return try c.forward() }
            let axis = try c.plain.optionalInt(1), descending = try c.plain.bool(2)
            let x = n.value, y = try c.forwardTensor()
            return result("sort", y, n.tape) { g in
                let back = try x.orderStatisticsBackward(try g.reshaped(axis == nil ? [x.count] : x.shape),
                                                         levels: nil, axis: axis, descending: descending)
                try n.accumulate(back)
            }
        },
        "median": orderStatistic { _ in [0.5] },
        "quantile": orderStatistic { c in try Autodiff.operand(try c.plain.value(1)).elements },
        "percentile": orderStatistic { c in try Autodiff.operand(try c.plain.value(1)).elements.map { $0 / 100 } },
        "einsum": einsumRule,
        "bincount": { c in
            try c.requireConstant(except: [1])
            guard let w = try c.tensorNode(1) else { return try c.forward() }
            let ids = try Autodiff.operand(try c.plain.value(0)).elements.map { Int($0) }
            let shape = w.value.shape
            return result("bincount", try c.forwardTensor(), w.tape) { g in
                try w.accumulate(try g.subscripted([.indices(ids)]).reshaped(shape))
            }
        },
        // Integer-valued or piecewise-constant results: no gradient flows through them.
        "argsort": detached, "unique": detached, "histogram": detached, "isclose": detached,
        "allclose": detached, "choice": detached, "categorical": detached,
        // Plots only look at the values.
        "overlay": detached, "fill_between": detached, "errorbar": detached, "hline": detached,
        "vline": detached, "annotate": detached,
    ]

    private static let detached: Rule = { c in try c.forward() }

    /// median/quantile/percentile: each level's gradient goes to the one or two order
    /// statistics it interpolates, with the interpolation's weights.
    private static func orderStatistic(_ levels: @escaping @Sendable (BuiltinCall) throws -> [Double]) -> Rule {
        { c in
            try c.requireConstant(except: [0])
            guard let n = try c.tensorNode(0) else { return try c.forward() }
            let isMedian = c.name == "median"
            let axis = try c.plain.optionalInt(isMedian ? 1 : 2)
            let qs = try levels(c)
            let x = n.value, y = try c.forwardTensor()
            return result(c.name, y, n.tape) { g in
                try n.accumulate(try x.orderStatisticsBackward(g, levels: qs, axis: axis))
            }
        }
    }

    /// einsum: the gradient of operand k is the einsum of the output gradient with the other
    /// operands, onto operand k's letters (broadcast back over letters only operand k has).
    private static let einsumRule: Rule = { c in
        try c.requireConstant(except: [1])
        guard let items = c.args[1]?.listItems else { return try c.forward() }
        let nodes = items.map(\.liveNode)
        let values = try items.map { try Autodiff.operand($0.detached) }
        let spec = try Tensor.EinsumSpec(try c.plain.string(0), operandCount: values.count)
        guard let tape = try Autodiff.tape(nodes) else { return try c.forward() }
        let out = try Tensor.einsum(spec, values)
        return result("einsum", out, tape) { g in
            for (k, node) in nodes.enumerated() {
                guard let node else { continue }
                let own = spec.inputs[k]
                guard Set(own).count == own.count else {
                    throw RuntimeError("grad: einsum is not differentiable with respect to operand \(k), whose subscripts '\(String(own))' repeat a letter")
                }
                var others = [spec.output], operands = [g]
                for (j, v) in values.enumerated() where j != k { others.append(spec.inputs[j]); operands.append(v) }
                let available = Set(others.flatMap { $0 })
                let reached = own.filter { available.contains($0) }
                let back = Tensor.EinsumSpec(inputs: others, output: reached)
                var d = try Tensor.einsum(back, operands)
                // Letters only this operand had were summed away: the gradient is constant along them.
                let lifted = own.map { c in reached.contains(c) ? node.value.shape[own.firstIndex(of: c) ?? 0] : 1 }
                d = try d.reshaped(lifted).broadcast(to: node.value.shape)
                try node.accumulate(d)
            }
        }
    }
}

// Builtins+Sampling: choice and categorical, drawing from the session's seeded
// PCG64 (the algorithms are in AnisTensor/Random+Sampling.swift and grammar.md).
import AnisTensor

extension Builtins {
    /// `size:` as a shape: none → a single draw (nil), a number n → [n], a list → that shape.
    private static func sampleShape(_ a: Arguments, _ i: Int) throws -> [Int]? {
        guard a.optional(i) != nil else { return nil }
        let shape = try a.value(i).isScalarLike ? [try a.int(i)] : try a.shape(i)
        guard shape.allSatisfy({ $0 >= 0 }) else { throw a.fail(i, "must be non-negative, got \(shape)") }
        // Checked before the draws are allocated: their indices and the result, 8 bytes each.
        let count = try Tensor.elementCount(shape, op: "size")
        try MemoryBudget.reserve(bytes: count * 16, shape: shape, op: "choice")
        return shape
    }

    static let sampling: [Builtin] = [
        Builtin("choice", "x, size: none, replace: true, p: none", topic: .random,
                doc: "Random draws from x: a number n means 0..n-1; a tensor or range draws its elements (rows of a matrix), a list its items. Without size, one draw; size: k or size: [k, m] gives that many in that shape. replace: false draws distinct positions. p gives the probability of each item (non-negative; normalised by their sum). Uses the session's generator (seed(n) repeats the draws): uniform draws take randint's integers, weighted ones one rand() each by the inverse CDF, and draws without replacement a partial Fisher–Yates shuffle (uniform) or remove each drawn item's weight (weighted).",
                example: "seed(0); choice(10, size: 5)             # five digits, repeats allowed\nchoice([\"relu\", \"tanh\"], p: [0.9, 0.1])\nchoice(100, size: 10, replace: false)      # ten distinct positions") { a in
            let x = try a.value(0)
            let items: [Value]?, n: Int
            if x.isScalarLike {
                n = try a.int(0)
                guard n >= 0 else { throw a.fail(0, "must be a non-negative count, got \(n)") }
                items = nil
            } else if case .list(let xs) = x {
                items = xs; n = xs.count
            } else {
                let t = try a.tensor(0)
                guard t.rank >= 1 else { throw a.fail(0, "must be a count or a collection") }
                items = nil; n = t.shape[0]
            }
            let shape = try sampleShape(a, 1)
            let count = shape?.reduce(1, *) ?? 1
            let weights = try a.optional(3).map { _ in try a.tensor(3).elements }
            let picks = try a.interpreter.rng.sample(n, count: count, replace: try a.bool(2), weights: weights, op: "choice")
            if let items {
                let drawn = picks.map { items[$0] }
                return shape == nil ? drawn[0] : try Value.bracket(drawn)
            }
            if x.isScalarLike {
                let t = Tensor(picks.map(Double.init))
                return shape == nil ? .number(Double(picks[0])) : .tensor(try t.reshaped(shape ?? []))
            }
            let rows = try a.tensor(0).subscripted([.indices(picks)])
            if let shape { return wrap(try rows.reshaped(shape + Array(rows.shape.dropFirst()))) }
            return wrap(try rows.reshaped(Array(rows.shape.dropFirst())))
        },
        Builtin("categorical", "probs, size: none", topic: .random,
                doc: "Draws category indices from the probabilities probs (non-negative weights, normalised by their sum). A vector gives one index (size: none) or a tensor of that shape; a matrix draws once per row (one distribution per row, as when sampling the next token of every sequence in a batch), giving shape (rows,) or (rows,) + size. Each draw takes one rand() from the session's generator and returns the first index whose running sum exceeds it times the total (inverse CDF), the same as sum(cumsum(probs) / sum(probs) <= rand()).",
                example: "seed(0); categorical([0.1, 0.6, 0.3])         # 2 (the first rand() is 0.79)\nlogits = randn(4, 10)\ncategorical(softmax(logits, axis: -1))         # one token per row") { a in
            let probs = try a.tensor(0)
            let shape = try sampleShape(a, 1)
            let count = shape?.reduce(1, *) ?? 1
            switch probs.rank {
            case 1:
                let picks = try a.interpreter.rng.sample(probs.count, count: count, replace: true, weights: probs.elements, op: "categorical")
                guard let shape else { return .number(Double(picks[0])) }
                return .tensor(try Tensor(picks.map(Double.init)).reshaped(shape))
            case 2:
                let (rows, k) = (probs.shape[0], probs.shape[1])
                let all = probs.elements
                var out: [Double] = []
                out.reserveCapacity(rows * count)
                for r in 0..<rows {
                    let w = Array(all[(r * k)..<(r * k + k)])
                    out += try a.interpreter.rng.sample(k, count: count, replace: true, weights: w, op: "categorical").map(Double.init)
                }
                return .tensor(try Tensor(out).reshaped([rows] + (shape ?? [])))
            default:
                throw a.fail(0, "must be a vector or a matrix (one distribution per row), got shape \(probs.shapeDescription)")
            }
        },
    ]
}

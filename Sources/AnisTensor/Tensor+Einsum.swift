// Tensor+Einsum: Einstein summation, `einsum("bij,bjk->bik", a, b)`. Each operand first
// takes its diagonals (a letter repeated in one operand) and sums the letters nothing
// else needs; then operands are contracted left to right, two at a time, as one
// (batched) matrix product: shared letters kept in the output are batch axes, shared
// letters not kept are summed by the product, the rest are the product's rows and
// columns. So the contractions models use (matrix products, batched products, bilinear
// forms, traces) go to gemm, with no explicit transpose when an operand's axes already
// sit in a transposed order. Operands keep their dtype: float32 ones contract in sgemm.

extension Tensor {
    /// A parsed subscript specification: one string of letters per operand, and the output's.
    public struct EinsumSpec: Sendable {
        public let inputs: [[Character]]
        public let output: [Character]

        public init(_ text: String, operandCount: Int) throws(TensorError) {
            let compact = text.filter { $0 != " " }
            if compact.contains("...") || compact.contains(".") {
                throw TensorError("einsum: '...' (broadcast dimensions) is not supported; name every axis")
            }
            let sides = compact.components(separatedBy: "->")
            guard sides.count <= 2 else { throw TensorError("einsum: '\(text)' has more than one '->'") }
            let inputs = sides[0].split(separator: ",", omittingEmptySubsequences: false).map { Array($0) }
            for letters in inputs {
                for c in letters where !(c.isASCII && c.isLetter) {
                    throw TensorError("einsum: '\(c)' in '\(text)' is not a subscript letter (a-z, A-Z)")
                }
            }
            guard inputs.count == operandCount else {
                throw TensorError("einsum: '\(text)' has subscripts for \(inputs.count) operand\(inputs.count == 1 ? "" : "s"), \(operandCount) given")
            }
            var output: [Character]
            if sides.count == 2 {
                output = Array(sides[1])
                var seen = Set<Character>()
                for c in output {
                    guard c.isASCII && c.isLetter else { throw TensorError("einsum: '\(c)' in the output of '\(text)' is not a subscript letter") }
                    guard seen.insert(c).inserted else { throw TensorError("einsum: output subscript '\(c)' appears twice in '\(text)'") }
                    guard inputs.contains(where: { $0.contains(c) }) else {
                        throw TensorError("einsum: output subscript '\(c)' does not appear in any operand of '\(text)'")
                    }
                }
            } else {
                // NumPy's implicit mode: the letters used exactly once, in alphabetical order.
                let all = inputs.flatMap { $0 }
                output = Set(all).filter { c in all.filter { $0 == c }.count == 1 }.sorted()
            }
            self.inputs = inputs
            self.output = output
        }

        /// A specification from letters already checked (as a gradient builds them).
        public init(inputs: [[Character]], output: [Character]) {
            self.inputs = inputs
            self.output = output
        }

        public var text: String {
            inputs.map { String($0) }.joined(separator: ",") + "->" + String(output)
        }
    }

    /// Einstein summation over `operands` as `spec` describes (NumPy's `einsum` without `...`).
    public static func einsum(_ spec: EinsumSpec, _ operands: [Tensor]) throws(TensorError) -> Tensor {
        guard !operands.isEmpty else { throw TensorError("einsum: needs at least one operand") }
        var extents: [Character: Int] = [:]
        for (k, (t, letters)) in zip(operands, spec.inputs).enumerated() {
            guard letters.count == t.rank else {
                throw TensorError("einsum: operand \(k) has shape \(t.shapeDescription) but subscripts '\(String(letters))' (\(letters.count) axes)")
            }
            for (c, d) in zip(letters, t.shape) {
                if let e = extents[c], e != d {
                    throw TensorError("einsum: subscript '\(c)' has extent \(e) in one place and \(d) in another (operand \(k), shape \(t.shapeDescription))")
                }
                extents[c] = d
            }
        }
        func needed(after k: Int) -> Set<Character> {
            var s = Set(spec.output)
            for j in (k + 1)..<Swift.max(k + 1, spec.inputs.count) { s.formUnion(spec.inputs[j]) }
            return s
        }
        var (acc, letters) = try reduce(operands[0], spec.inputs[0], keep: needed(after: 0))
        for k in 1..<operands.count {
            let keep = needed(after: k)
            let (b, lb) = try reduce(operands[k], spec.inputs[k], keep: keep.union(letters))
            (acc, letters) = try contract(acc, letters, b, lb, keep: keep)
        }
        return try acc.permuted(spec.output.map { c in letters.firstIndex(of: c) ?? 0 })
    }

    /// `t` with its repeated letters replaced by their diagonal and the letters outside `keep` summed.
    static func reduce(_ t: Tensor, _ letters: [Character], keep: Set<Character>) throws(TensorError) -> (Tensor, [Character]) {
        var t = t, letters = letters
        if Set(letters).count < letters.count { (t, letters) = try diagonal(t, letters) }
        for axis in stride(from: letters.count - 1, through: 0, by: -1) where !keep.contains(letters[axis]) {
            t = try t.sum(axis: axis)
            letters.remove(at: axis)
        }
        return (t, letters)
    }

    /// The generalised diagonal: one axis per distinct letter, elements where repeated letters agree.
    static func diagonal(_ t: Tensor, _ letters: [Character]) throws(TensorError) -> (Tensor, [Character]) {
        var distinct: [Character] = []
        for c in letters where !distinct.contains(c) { distinct.append(c) }
        let strides = Tensor.strides(t.shape)
        let outShape = distinct.map { c in t.shape[letters.firstIndex(of: c) ?? 0] }
        // The input stride of each output axis: the sum over that letter's occurrences.
        let combined = distinct.map { c in letters.indices.filter { letters[$0] == c }.reduce(0) { $0 + strides[$1] } }
        let out = try Tensor(uninitializedShape: outShape, dtype: t.dtype, op: "einsum")
        if out.count > 0 {
            switch t.dtype {
            case .float64:
                try Tensor.gatherStrided(from: UnsafePointer(t.buffer.typed(Double.self)), shape: outShape, strides: combined,
                                         into: out.buffer.typed(Double.self))
            case .float32:
                try Tensor.gatherStrided(from: UnsafePointer(t.buffer.typed(Float.self)), shape: outShape, strides: combined,
                                         into: out.buffer.typed(Float.self))
            }
        }
        return (out, distinct)
    }

    /// Contracts two operands with distinct letters each into one product, keeping the letters in `keep`.
    static func contract(_ a: Tensor, _ la: [Character], _ b: Tensor, _ lb: [Character],
                         keep: Set<Character>) throws(TensorError) -> (Tensor, [Character]) {
        let batch = la.filter { lb.contains($0) && keep.contains($0) }
        let summed = la.filter { lb.contains($0) && !keep.contains($0) }
        let rows = la.filter { !lb.contains($0) }
        let cols = lb.filter { !la.contains($0) }
        func extent(_ t: Tensor, _ l: [Character], _ cs: [Character]) -> [Int] { cs.map { t.shape[l.firstIndex(of: $0) ?? 0] } }
        let batchShape = extent(a, la, batch), rowShape = extent(a, la, rows), colShape = extent(b, lb, cols)
        let nb = batchShape.reduce(1, *), m = rowShape.reduce(1, *), n = colShape.reduce(1, *)
        let k = extent(a, la, summed).reduce(1, *)
        // Each side as a stack of matrices; an operand already in transposed order is passed as is.
        func arrange(_ t: Tensor, _ l: [Character], _ first: [Character], _ second: [Character], _ r: Int, _ c: Int)
            throws(TensorError) -> (Tensor, Bool) {
            let axes = { (cs: [Character]) in cs.map { l.firstIndex(of: $0) ?? 0 } }
            if axes(batch + second + first) == Array(0..<l.count) {
                return (try t.reshaped([nb, c, r]), true)
            }
            return (try t.permuted(axes(batch + first + second)).reshaped([nb, r, c]), false)
        }
        let (am, ta) = try arrange(a, la, rows, summed, m, k)
        let (bm, tb) = try arrange(b, lb, summed, cols, k, n)
        let product = nb == 1
            ? try matmul(try am.reshaped(Array(am.shape.dropFirst())), try bm.reshaped(Array(bm.shape.dropFirst())),
                         transposeA: ta, transposeB: tb)
            : try matmul(am, bm, transposeA: ta, transposeB: tb)
        return (try product.reshaped(batchShape + rowShape + colShape), batch + rows + cols)
    }
}

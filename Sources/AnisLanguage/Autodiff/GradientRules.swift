// GradientRules: every differentiation rule in one place, one rule per operation.
// A rule gets the forward inputs (the tracked ones as nodes) and records a node
// whose backward closure turns the output gradient g into input gradients. Only
// the inputs that are tracked get a gradient computed (x @ W with constant data x
// costs one product backwards, not two). Broadcasting is undone by `unbroadcast`.
import AnisTensor
import Glibc

enum GradientRules {
    typealias Rule = @Sendable (BuiltinCall) throws -> Value

    // MARK: helpers

    /// A new tracked value on `tape`.
    @inline(__always) static func result(_ op: String, _ value: Tensor, _ tape: Tape,
                                         _ backward: @escaping (Tensor) throws -> Void) -> Value {
        .tracked(tape.record(op, value, backward))
    }

    /// The gradient `g` of a broadcast result summed back to an input of `shape`.
    static func unbroadcast(_ g: Tensor, to shape: [Int]) throws -> Tensor {
        if g.shape == shape { return g }
        var t = g
        let lead = g.rank - shape.count
        if lead > 0 {
            t = try t.reshaped([g.shape[..<lead].reduce(1, *)] + Array(g.shape[lead...])).sum(axis: 0)
        }
        for i in 0..<Swift.min(shape.count, t.rank) where shape[i] == 1 && t.shape[i] != 1 {
            t = try t.sum(axis: i, keepdims: true)
        }
        return try t.reshaped(shape)
    }

    /// `g` of a reduction's result broadcast back over the input's `shape` (axis nil: all axes).
    static func expandReduced(_ g: Tensor, axis: Int?, keepdims: Bool, to shape: [Int]) throws -> Tensor {
        var kept = shape
        if let a = axis { kept[a] = 1 } else { kept = [Int](repeating: 1, count: shape.count) }
        return try g.reshaped(kept).broadcast(to: shape)
    }

    @inline(__always) static func zip2(_ a: Tensor, _ b: Tensor, _ op: String, _ f: (Double, Double) -> Double) throws -> Tensor {
        try Tensor.binary(a, b, op: op, f)
    }

    // MARK: operators

    static func isDifferentiable(_ op: BinaryOp) -> Bool {
        switch op {
        case .add, .sub, .mul, .div, .mod, .pow, .matmul: true
        default: false
        }
    }

    /// `x op y` where `a`/`b` are x's/y's nodes when tracked.
    static func binary(_ op: BinaryOp, _ x: Tensor, _ y: Tensor, _ a: Tracked?, _ b: Tracked?, _ tape: Tape) throws -> Value {
        let out = try Operators.tensor(op, x, y)
        let xs = x.shape, ys = y.shape
        switch op {
        case .add:
            return result("+", out, tape) { g in
                try a?.accumulate(try unbroadcast(g, to: xs))
                try b?.accumulate(try unbroadcast(g, to: ys))
            }
        case .sub:
            return result("-", out, tape) { g in
                try a?.accumulate(try unbroadcast(g, to: xs))
                if let b { try b.accumulate(try unbroadcast(g.negated(), to: ys)) }
            }
        case .mul:
            return result("*", out, tape) { g in
                if let a { try a.accumulate(try unbroadcast(try Tensor.mul(g, y), to: xs)) }
                if let b { try b.accumulate(try unbroadcast(try Tensor.mul(g, x), to: ys)) }
            }
        case .div:
            return result("/", out, tape) { g in
                if let a { try a.accumulate(try unbroadcast(try Tensor.div(g, y), to: xs)) }
                if let b {
                    let q = try zip2(g, out, "/", *)
                    try b.accumulate(try unbroadcast(try zip2(q, y, "/") { -$0 / $1 }, to: ys))
                }
            }
        case .mod:
            return result("%", out, tape) { g in
                try a?.accumulate(try unbroadcast(g, to: xs))
                if let b {
                    let k = try zip2(x, y, "%") { -($0 / $1).rounded(.down) }
                    try b.accumulate(try unbroadcast(try zip2(g, k, "%", *), to: ys))
                }
            }
        case .pow:
            return result("^", out, tape) { g in
                if let a {
                    let d = try zip2(x, y, "^") { p, q in q == 2 ? 2 * p : (q == 0 ? 0 : q * Glibc.pow(p, q - 1)) }
                    try a.accumulate(try unbroadcast(try zip2(g, d, "^", *), to: xs))
                }
                if let b {
                    let d = try zip2(out, x, "^") { o, p in p > 0 ? o * Glibc.log(p) : 0 }
                    try b.accumulate(try unbroadcast(try zip2(g, d, "^", *), to: ys))
                }
            }
        case .matmul:
            return try matmul(x, y, out, a, b, tape)
        default:
            return .tensor(out)
        }
    }

    /// `x @ y` for every rank case: vectors are promoted to 1×k / k×1 matrices, the batched
    /// rule runs (transposes are BLAS flags, not copies), and batch broadcasting is summed back.
    static func matmul(_ x: Tensor, _ y: Tensor, _ out: Tensor, _ a: Tracked?, _ b: Tracked?, _ tape: Tape) throws -> Value {
        result("@", out, tape, try matmulBackward(x, y, outShape: out.shape, a, b))
    }

    /// The backward of `x @ y` (result shape `outShape`): pushes the result's gradient into
    /// `a` and `b`, the nodes of x and y (also `affine`'s rule, for its product).
    static func matmulBackward(_ x: Tensor, _ y: Tensor, outShape: [Int], _ a: Tracked?, _ b: Tracked?) throws -> (Tensor) throws -> Void {
        let A = x.rank == 1 ? try x.reshaped([1, x.count]) : x
        let B = y.rank == 1 ? try y.reshaped([y.count, 1]) : y
        let batch = Array(outShape.dropLast((x.rank == 1 ? 0 : 1) + (y.rank == 1 ? 0 : 1)))
        let gShape = batch + [A.shape[A.rank - 2], B.shape[B.rank - 1]]
        let xs = x.shape, ys = y.shape, As = A.shape, Bs = B.shape
        return { g in
            let G = try g.reshaped(gShape)
            // A gradient that already holds a sum takes the product in place when it can (x
            // feeding several products, as a layer norm's output feeds q, k and v).
            if let a, try !a.accumulateProductInPlace(G, B, transposeX: false, transposeY: true) {
                let dA = try Tensor.matmul(G, B, transposeA: false, transposeB: true)
                try a.accumulate(try unbroadcast(dA, to: As).reshaped(xs))
            }
            if let b {
                if Bs.count == 2 && As.count > 2 {
                    // One matrix shared by a batch: its gradient sums Aᵢᵀ Gᵢ over the batch, which
                    // is one gemm over the stacked rows instead of a batch of gemms and a sum.
                    let k = As[As.count - 1], n = Bs[1]
                    let rowsA = try A.reshaped([A.count / max(k, 1), k]), rowsG = try G.reshaped([G.count / max(n, 1), n])
                    if try !b.accumulateProductInPlace(rowsA, rowsG, transposeX: true, transposeY: false) {
                        try b.accumulate(try Tensor.matmul(rowsA, rowsG, transposeA: true, transposeB: false).reshaped(ys))
                    }
                } else {
                    let dB = try Tensor.matmul(A, G, transposeA: true, transposeB: false)
                    try b.accumulate(try unbroadcast(dB, to: Bs).reshaped(ys))
                }
            }
        }
    }

    static func negate(_ n: Tracked) -> Value {
        result("-", n.value.negated(), n.tape) { g in try n.accumulate(g.negated()) }
    }

    /// Reversed axes (`x.T`), or the permutation `axes`.
    static func transpose(_ n: Tracked, axes: [Int]?) throws -> Value {
        guard let axes else {
            return result("transpose", try n.value.transposed(), n.tape) { g in try n.accumulate(try g.transposed()) }
        }
        let out = try n.value.permuted(axes)
        let r = n.value.rank
        var inverse = [Int](repeating: 0, count: r)
        for (i, p) in axes.enumerated() { inverse[(p % r + r) % r] = i }
        return result("transpose", out, n.tape) { g in try n.accumulate(try g.permuted(inverse)) }
    }

    // MARK: indexing

    /// `x[specs]`: the gradient is scattered (added) back to the selected positions.
    /// `gathered` maps the runtime's result shape to the one with multi-axis gathers (or nil).
    static func index(_ n: Tracked, _ specs: [IndexSpec], gathered: ([Int]) throws -> [Int]?) throws -> Value {
        let flat = try n.value.subscripted(specs)
        let flatShape = flat.shape, shape = n.value.shape
        let out = try gathered(flatShape).map { try flat.reshaped($0) } ?? flat
        return result("[]", out, n.tape) { g in try n.accumulate(try scatterAdd(try g.reshaped(flatShape), specs, shape)) }
    }

    /// A zero tensor of `shape` with `g` added at the positions `specs` select (repeats add up).
    static func scatterAdd(_ g: Tensor, _ specs: [IndexSpec], _ shape: [Int]) throws -> Tensor {
        var z = try Tensor.zeros(shape)
        let gathers = specs.contains { if case .indices = $0 { true } else { false } }
        if !gathers {
            try z.assign(specs, value: g)  // slices, integers and masks never select a position twice
            return z
        }
        let count = z.count
        let pz = z.storage.pointer
        // Embedding look-up `E[ids]`: whole rows gathered along axis 0, read in g's own dtype.
        if case .indices(let ids) = specs[0], specs.dropFirst().allSatisfy({ if case .all = $0 { true } else { false } }),
           let rows = shape.first, rows > 0 {
            switch g.dtype {
            case .float64: addRows(g.buffer.typed(Double.self), ids, into: pz, rows: rows, width: count / rows)
            case .float32: addRows(g.buffer.typed(Float.self), ids, into: pz, rows: rows, width: count / rows)
            }
            return z
        }
        let pg = UnsafePointer(try g.widenedStorage(op: "grad").pointer)
        // General case: index a tensor of flat positions the same way to learn where each element came from.
        let positions = try Tensor(shape: shape, elements: (0..<count).map(Double.init)).subscripted(specs)
        let pp = UnsafePointer(try positions.widenedStorage(op: "grad").pointer)
        for k in 0..<positions.count { pz[Int(pp[k])] += pg[k] }
        return z
    }

    /// Row k of `g` added to row ids[k] of `z` (in float64; negative ids count from the end).
    /// The columns are split across the pool's threads: each element still adds its rows in
    /// the ids' order, so repeated ids sum to the same bits.
    private static func addRows<T: TensorScalar>(_ pg: UnsafePointer<T>, _ ids: [Int], into pz: UnsafeMutablePointer<Double>,
                                                 rows: Int, width: Int) {
        let blocks = (width + 7) / 8, grain = (Parallel.minimumChunkWork + 8 * ids.count - 1) / Swift.max(8 * ids.count, 1)
        ids.withUnsafeBufferPointer { ids in
            Parallel.forEachChunk(blocks, grain: grain) { r in
                let columns = 8 * r.lowerBound..<Swift.min(width, 8 * r.upperBound)
                for (k, id) in ids.enumerated() {
                    let row = id < 0 ? id + rows : id
                    guard row >= 0 && row < rows else { continue }
                    let src = pg + k * width, dst = pz + row * width
                    for j in columns { dst[j] += src[j].double }
                }
            }
        }
    }

    /// `x[specs] = v` as a value: x with the selection replaced by v. `gathered`: the shape
    /// the selection has when read (a gather of rank ≥ 2), which v is given in.
    static func assign(_ x: Tensor, _ specs: [IndexSpec], _ v: Tensor, _ a: Tracked?, _ b: Tracked?, _ tape: Tape,
                       gathered: [Int]? = nil) throws -> Value {
        var out = x
        let region = try x.selectionShape(specs)
        try out.assign(specs, value: try gathered.map { try v.broadcast(to: $0, op: "assign").reshaped(region) } ?? v)
        let vs = v.shape
        return result("[]=", out, tape) { g in
            if let a {
                var gx = g
                try gx.assign(specs, value: Tensor(scalar: 0))
                try a.accumulate(gx)
            }
            if let b {
                let selected = try g.subscripted(specs)
                try b.accumulate(try unbroadcast(try gathered.map { try selected.reshaped($0) } ?? selected, to: vs))
            }
        }
    }

    // MARK: joining

    /// `stack(items, axis)` (also `[a, b]` literals with tracked items).
    static func stack(_ items: [Value], axis: Int, op: String) throws -> Value {
        let ts = try items.map(Autodiff.operand)
        let out = try Tensor.stack(ts, axis: axis)
        let nodes = items.map(\.liveNode)
        guard let tape = try Autodiff.tape(nodes) else { return .tensor(out) }
        let ax = try ts[0].normalizedAxis(axis, op: "stack", rank: ts[0].rank + 1)
        return result(op, out, tape) { g in
            for (i, n) in nodes.enumerated() {
                guard let n else { continue }
                let specs = [IndexSpec](repeating: .all, count: ax) + [.index(i)]
                try n.accumulate(try g.subscripted(specs))
            }
        }
    }

    /// `concat(items, axis)`: the gradient is cut back into the pieces.
    static func concat(_ items: [Value], axis: Int) throws -> Value {
        let ts = try items.map(Autodiff.operand)
        let out = try Tensor.concat(ts, axis: axis)
        let nodes = items.map(\.liveNode)
        guard let tape = try Autodiff.tape(nodes) else { return .tensor(out) }
        let ax = try ts[0].normalizedAxis(axis, op: "concat")
        let lengths = ts.map { $0.shape[ax] }
        return result("concat", out, tape) { g in
            var start = 0
            for (n, len) in zip(nodes, lengths) {
                defer { start += len }
                guard let n else { continue }
                let specs = [IndexSpec](repeating: .all, count: ax) + [.slice(start: start, stop: start + len, step: 1)]
                try n.accumulate(try g.subscripted(specs))
            }
        }
    }

    // MARK: built-in rules

    /// A rule for a one-tensor built-in: `dx(x, y, g)` gives the input gradient from input x,
    /// output y and output gradient g. Other arguments must be constants.
    static func unary(_ dx: @escaping @Sendable (Tensor, Tensor, Tensor) throws -> Tensor) -> Rule {
        { c in
            try c.requireConstant(except: [0])
            let y = try c.forwardTensor()
            guard let n = try c.tensorNode(0) else { return try c.forward() }
            let x = n.value
            return result(c.name, y, n.tape) { g in try n.accumulate(try dx(x, y, g)) }
        }
    }

    /// A rule for a shape-only built-in: the gradient is reshaped back.
    static let reshapeLike: Rule = unary { x, _, g in try g.reshaped(x.shape) }

    /// A two-tensor elementwise built-in with broadcasting: `d(x, y, out)` gives ∂out/∂x and ∂out/∂y elementwise.
    static func pairwise(_ d: @escaping @Sendable (Double, Double, Double) -> (Double, Double)) -> Rule {
        { c in
            try c.requireConstant(except: [0, 1])
            let a = try c.tensorNode(0), b = try c.tensorNode(1)
            let x = try Autodiff.operand(try c.plain.value(0)), y = try Autodiff.operand(try c.plain.value(1))
            let out = try c.forwardTensor()
            guard let tape = try Autodiff.tape([a, b]) else { return try c.forward() }
            let shape = out.shape
            return result(c.name, out, tape) { g in
                let xb = try x.broadcast(to: shape), yb = try y.broadcast(to: shape)
                let px = UnsafePointer(try xb.widenedStorage(op: "grad").pointer), py = UnsafePointer(try yb.widenedStorage(op: "grad").pointer)
                let po = UnsafePointer(try out.widenedStorage(op: "grad").pointer), pg = UnsafePointer(try g.widenedStorage(op: "grad").pointer)
                var gx = try Tensor(uninitializedShape: shape), gy = try Tensor(uninitializedShape: shape)
                gx.withUnsafeMutableBufferPointer { dx in
                    gy.withUnsafeMutableBufferPointer { dy in
                        for i in 0..<dx.count {
                            let (p, q) = d(px[i], py[i], po[i])
                            dx[i] = pg[i] * p; dy[i] = pg[i] * q
                        }
                    }
                }
                try a?.accumulate(try unbroadcast(gx, to: x.shape))
                try b?.accumulate(try unbroadcast(gy, to: y.shape))
            }
        }
    }

    /// `op(a, b)` built-ins that mean the same as an operator.
    static func viaOperator(_ op: BinaryOp) -> Rule {
        { c in
            try c.requireConstant(except: [0, 1])
            _ = try c.tensorNode(0); _ = try c.tensorNode(1)
            let l = try c.value(0), r = try c.value(1)
            return try Autodiff.binary(op, l, r)
        }
    }

    /// sum/mean/max/min/var/std/prod with `axis` and `keepdims`.
    static func reduction(_ back: @escaping @Sendable (_ x: Tensor, _ y: Tensor, _ g: Tensor, _ axis: Int?, _ keep: Bool, _ ddof: Int) throws -> Tensor) -> Rule {
        { c in
            try c.requireConstant(except: [0])
            let y = try c.forwardTensor()
            guard let n = try c.tensorNode(0) else { return try c.forward() }
            let p = c.plain
            let x = n.value
            let axis = try p.optionalInt(1).map { try x.normalizedAxis($0, op: c.name) }
            let keep = try p.bool(2)
            let ddof = p.count > 3 ? try p.int(3) : 0
            return result(c.name, y, n.tape) { g in
                let gb = try expandReduced(g, axis: axis, keepdims: keep, to: x.shape)
                try n.accumulate(try back(x, y, gb, axis, keep, ddof))
            }
        }
    }

    /// Number of elements a reduction folds into each result.
    static func reducedCount(_ x: Tensor, _ axis: Int?) -> Int { axis.map { x.shape[$0] } ?? x.count }

    /// The gradient of max/min: shared equally among the elements equal to the extreme.
    static func extremeBack(_ x: Tensor, _ y: Tensor, _ gb: Tensor, _ axis: Int?, _ keep: Bool, _: Int) throws -> Tensor {
        let yb = try expandReduced(y, axis: axis, keepdims: keep, to: x.shape)
        let hit = try zip2(x, yb, "max") { $0 == $1 ? 1 : 0 }
        let ties = try expandReduced(try hit.sum(axis: axis, keepdims: true), axis: axis, keepdims: true, to: x.shape)
        return try zip2(try zip2(hit, gb, "max", *), ties, "max", /)
    }

    /// Product of the other elements of each line (exact with zeros): prefix × suffix products.
    static func prodBack(_ x: Tensor, _: Tensor, _ gb: Tensor, _ axis: Int?, _ keep: Bool, _: Int) throws -> Tensor {
        let outer = axis.map { x.shape[..<$0].reduce(1, *) } ?? 1
        let n = reducedCount(x, axis)
        let inner = axis.map { x.shape[($0 + 1)...].reduce(1, *) } ?? 1
        var out = try Tensor(uninitializedShape: x.shape)
        let px = UnsafePointer(try x.widenedStorage(op: "grad").pointer), pg = UnsafePointer(try gb.widenedStorage(op: "grad").pointer)
        out.withUnsafeMutableBufferPointer { po in
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = o * n * inner + i
                    var acc = 1.0
                    for k in 0..<n { po[base + k * inner] = acc; acc *= px[base + k * inner] }
                    acc = 1
                    for k in stride(from: n - 1, through: 0, by: -1) {
                        let j = base + k * inner
                        po[j] *= acc * pg[j]
                        acc *= px[j]
                    }
                }
            }
        }
        return out
    }

    /// cumsum: the gradient is the reversed running sum of g along the same axis.
    static let cumsum: Rule = { c in
        try c.requireConstant(except: [0])
        let y = try c.forwardTensor()
        guard let n = try c.tensorNode(0) else { return try c.forward() }
        let x = n.value
        let axis = try c.plain.optionalInt(1).map { try x.normalizedAxis($0, op: "cumsum") }
        return result("cumsum", y, n.tape) { g in
            let outer = axis.map { x.shape[..<$0].reduce(1, *) } ?? 1
            let len = reducedCount(x, axis)
            let inner = axis.map { x.shape[($0 + 1)...].reduce(1, *) } ?? 1
            var dx = try Tensor(uninitializedShape: x.shape)
            let pg = UnsafePointer(try g.widenedStorage(op: "grad").pointer)
            dx.withUnsafeMutableBufferPointer { po in
                for o in 0..<outer {
                    for i in 0..<inner {
                        var acc = 0.0
                        for k in stride(from: len - 1, through: 0, by: -1) {
                            let j = o * len * inner + k * inner + i
                            acc += pg[j]; po[j] = acc
                        }
                    }
                }
            }
            try n.accumulate(dx)
        }
    }

    /// norm(x), norm(x, axis: k) and the Frobenius/2-norm of a vector: g·x/‖x‖ (0 where ‖x‖ = 0).
    static let norm: Rule = { c in
        try c.requireConstant(except: [0])
        guard let n = try c.tensorNode(0) else { return try c.forward() }
        let p = c.plain
        let x = n.value
        let axis = try p.optionalInt(2).map { try x.normalizedAxis($0, op: "norm") }
        if axis == nil, let ord = p.optional(1) {
            let euclidean: Bool
            switch ord {
            case .string("fro"): euclidean = true
            default: euclidean = ord.scalar == 2 && x.rank <= 1
            }
            guard euclidean else {
                throw RuntimeError("grad: norm is differentiable only as the Euclidean/Frobenius norm (no ord, ord: \"fro\", or ord: 2 for a vector)")
            }
        }
        let y = try c.forwardTensor()
        return result("norm", y, n.tape) { g in
            let gb = try expandReduced(g, axis: axis, keepdims: false, to: x.shape)
            let yb = try expandReduced(y, axis: axis, keepdims: false, to: x.shape)
            let q = try zip2(x, yb, "norm") { $1 > 0 ? $0 / $1 : 0 }
            try n.accumulate(try zip2(q, gb, "norm", *))
        }
    }

    /// concat/stack built-ins: the tensors come as a list argument.
    static func joining(_ stacking: Bool) -> Rule {
        { c in
            try c.requireConstant(except: [0])
            guard let arg = c.args[0], let items = arg.listItems ?? arg.iterated() else { return try c.forward() }
            let axis = try c.plain.int(1)
            return stacking ? try stack(items, axis: axis, op: "stack") : try concat(items, axis: axis)
        }
    }

    /// clip(x, lo, hi): the gradient passes where lo ≤ x ≤ hi.
    static let clip: Rule = { c in
        let lo = try c.plain.number(1), hi = try c.plain.number(2)
        return try unary { x, _, g in try zip2(g, x, "clip") { $1 >= lo && $1 <= hi ? $0 : 0 } }(c)
    }

    /// where(condition, a, b): the condition carries no gradient.
    static let whereRule: Rule = { c in
        try c.requireConstant(except: [1, 2])
        let cond = try Autodiff.operand(try c.plain.value(0))
        let a = try c.tensorNode(1), b = try c.tensorNode(2)
        let xs = try Autodiff.operand(try c.plain.value(1)).shape, ys = try Autodiff.operand(try c.plain.value(2)).shape
        let out = try c.forwardTensor()
        guard let tape = try Autodiff.tape([a, b]) else { return try c.forward() }
        let shape = out.shape
        return result("where", out, tape) { g in
            let m = try cond.broadcast(to: shape)
            if let a { try a.accumulate(try unbroadcast(try zip2(g, m, "where") { $1 != 0 ? $0 : 0 }, to: xs)) }
            if let b { try b.accumulate(try unbroadcast(try zip2(g, m, "where") { $1 != 0 ? 0 : $0 }, to: ys)) }
        }
    }

    /// outer(a, b) of two vectors: ∂a = g·b, ∂b = gᵀ·a.
    static let outer: Rule = { c in
        try c.requireConstant(except: [0, 1])
        let a = try c.tensorNode(0), b = try c.tensorNode(1)
        let x = try Autodiff.operand(try c.plain.value(0)), y = try Autodiff.operand(try c.plain.value(1))
        let out = try c.forwardTensor()
        guard let tape = try Autodiff.tape([a, b]) else { return try c.forward() }
        return result("outer", out, tape) { g in
            if let a { try a.accumulate(try Tensor.matmul(g, y.flattened()).reshaped(x.shape)) }
            if let b { try b.accumulate(try Tensor.matmul(g, x.flattened(), transposeA: true, transposeB: false).reshaped(y.shape)) }
        }
    }

    /// trace(A, k): ∂A is g on the k-th diagonal.
    static let trace: Rule = { c in
        let k = try c.plain.int(1)
        return try unary { x, _, g in
            var dx = try Tensor.zeros(x.shape)
            let m = x.shape[0], n = x.shape[1], v = g.scalarValue ?? 0
            dx.withUnsafeMutableBufferPointer { p in
                var i = Swift.max(0, -k), j = Swift.max(0, k)
                while i < m && j < n { p[i * n + j] = v; i += 1; j += 1 }
            }
            return dx
        }(c)
    }

    /// diag(x, k): a vector's gradient is read off g's k-th diagonal; a matrix's is g placed on it.
    static let diag: Rule = { c in
        let k = try c.plain.int(1)
        return try unary { x, _, g in
            if x.rank == 1 { return try Tensor.diag(g, offset: k) }
            var dx = try Tensor.zeros(x.shape)
            let n = x.shape[1], r0 = Swift.max(0, -k), c0 = Swift.max(0, k)
            let pg = UnsafePointer(try g.widenedStorage(op: "grad").pointer)
            dx.withUnsafeMutableBufferPointer { p in
                for i in 0..<g.count { p[(r0 + i) * n + c0 + i] = pg[i] }
            }
            return dx
        }(c)
    }

    /// transpose(x, axes).
    static let transposeRule: Rule = { c in
        try c.requireConstant(except: [0])
        guard let n = try c.tensorNode(0) else { return try c.forward() }
        if c.plain.optional(1) != nil { return try transpose(n, axes: try c.plain.shape(1)) }
        return try transpose(n, axes: nil)
    }

    // MARK: the table

    /// Rules by built-in name. Activations not listed here are found by `Builtins.activationKind`.
    static let builtins: [String: Rule] = [
        // elementwise math
        "exp": unary { _, y, g in try zip2(g, y, "exp", *) },
        "log": unary { x, _, g in try zip2(g, x, "log", /) },
        "log10": unary { x, _, g in try zip2(g, x, "log10") { $0 / ($1 * M_LN10) } },
        "log2": unary { x, _, g in try zip2(g, x, "log2") { $0 / ($1 * M_LN2) } },
        "sqrt": unary { _, y, g in try zip2(g, y, "sqrt") { 0.5 * $0 / $1 } },
        "abs": unary { x, _, g in try zip2(g, x, "abs") { $1 > 0 ? $0 : ($1 < 0 ? -$0 : 0) } },
        "sin": unary { x, _, g in try zip2(g, x, "sin") { $0 * Glibc.cos($1) } },
        "cos": unary { x, _, g in try zip2(g, x, "cos") { -$0 * Glibc.sin($1) } },
        "clip": clip,
        "where": whereRule,
        "maximum": pairwise { x, y, _ in x >= y ? (1, 0) : (0, 1) },
        "minimum": pairwise { x, y, _ in x <= y ? (1, 0) : (0, 1) },
        "atan2": pairwise { x, y, _ in let r = x * x + y * y; return r > 0 ? (y / r, -x / r) : (0, 0) },
        "pow": viaOperator(.pow),
        // reductions
        "sum": reduction { _, _, g, _, _, _ in g },
        "mean": reduction { x, _, g, axis, _, _ in
            let n = Double(reducedCount(x, axis))
            return g.map { $0 / n }
        },
        "max": reduction(extremeBack),
        "min": reduction(extremeBack),
        "prod": reduction(prodBack),
        "var": reduction { x, _, g, axis, _, ddof in
            let m = try expandReduced(try x.mean(axis: axis, keepdims: true), axis: axis, keepdims: true, to: x.shape)
            let k = 2 / Double(reducedCount(x, axis) - ddof)
            return try zip2(try zip2(x, m, "var", -), g, "var") { $0 * $1 * k }
        },
        "std": reduction { x, y, g, axis, keep, ddof in
            let m = try expandReduced(try x.mean(axis: axis, keepdims: true), axis: axis, keepdims: true, to: x.shape)
            let k = 1 / Double(reducedCount(x, axis) - ddof)
            let yb = try expandReduced(y, axis: axis, keepdims: keep, to: x.shape)
            let q = try zip2(g, yb, "std") { $1 > 0 ? $0 / $1 : 0 }
            return try zip2(try zip2(x, m, "std", -), q, "std") { $0 * $1 * k }
        },
        "cumsum": cumsum,
        "norm": norm,
        // shapes
        "reshape": reshapeLike,
        "flatten": reshapeLike,
        "squeeze": reshapeLike,
        "expand": reshapeLike,
        "tensor": reshapeLike,
        "transpose": transposeRule,
        "concat": joining(false),
        "stack": joining(true),
        // linear algebra
        "matmul": viaOperator(.matmul),
        "dot": { c in
            let x = try Autodiff.operand(try c.plain.value(0)), y = try Autodiff.operand(try c.plain.value(1))
            guard x.rank <= 2 && y.rank <= 2 else {
                throw RuntimeError("grad: dot is differentiable for vectors and matrices; for higher ranks use @")
            }
            return try viaOperator(x.rank == 0 || y.rank == 0 ? .mul : .matmul)(c)
        },
        "outer": outer,
        "trace": trace,
        "diag": diag,
        // activations with a parameter argument
        "leaky_relu": { c in try pointwise(.leakyRelu(try c.plain.number(1)))(c) },
        "elu": { c in try pointwise(.elu(try c.plain.number(1)))(c) },
    ]
}

extension BuiltinCall {
    /// The live node of argument `i`; nil when it is a constant; an error when it is a list or
    /// record holding tracked values (this built-in takes one tensor there).
    func tensorNode(_ i: Int) throws -> Tracked? {
        if let n = node(i) { return n }
        if i < args.count, args[i]?.containsLive == true {
            throw RuntimeError("grad: \(name) takes a tensor here, not a \(args[i]?.typeName ?? "value") of tensors being differentiated; stack them first")
        }
        return nil
    }

    /// Argument `i` as given (tracked values kept).
    func value(_ i: Int) throws -> Value {
        guard i < args.count, let v = args[i] else { throw RuntimeError("\(name): argument \(i) is missing") }
        return v
    }
}

extension Value {
    /// The elements of a list argument (nil for anything else).
    var listItems: [Value]? {
        if case .list(let xs) = self { return xs }
        return nil
    }
}

// Autodiff/Tape: the reverse-mode engine. While `grad` runs a function, the values
// it differentiates with respect to are `Tracked` nodes; every operation on one
// records a new node holding its forward value and a backward closure. Nodes are
// appended to the tape in creation order, which is a topological order, so the
// backward pass is one reverse walk with no sort and no per-node bookkeeping
// beyond the gradient it accumulates.
import AnisTensor

/// A value being differentiated: a node on a tape. User code sees it as a tensor
/// (or a number when it has rank 0).
public final class Tracked {
    /// The forward value (rank 0 for numbers).
    let value: Tensor
    /// The tape this node lives on; the tape drops its node list when its `grad` call ends.
    let tape: Tape
    /// Position on the tape.
    let index: Int
    /// The operation that made it, for error messages ("leaf" for inputs).
    let op: String
    /// Pushes the gradient of this node into its parents; nil for leaves and constants.
    let backward: ((Tensor) throws -> Void)?
    /// The gradient accumulated so far in the current backward pass.
    var grad: Tensor?
    /// Keep `grad` after the backward pass has used it (leaves and taps).
    var keepsGrad = false

    init(value: Tensor, tape: Tape, index: Int, op: String, backward: ((Tensor) throws -> Void)?) {
        self.value = value; self.tape = tape; self.index = index; self.op = op; self.backward = backward
    }

    /// Adds `g` (which must have this node's shape) to the gradient, in place when unshared.
    /// A gradient is kept in its node's dtype: a float32 value gets a float32 gradient even
    /// from a rule that computed in float64.
    @inline(__always) func accumulate(_ g: Tensor) throws {
        let g = g.dtype == value.dtype ? g : try g.converted(to: value.dtype, op: op)
        guard g.shape == value.shape else {
            throw RuntimeError("grad: internal error: '\(op)' received a gradient of shape \(g.shapeDescription) for a value of shape \(value.shapeDescription)")
        }
        if var current = grad {
            grad = nil  // drop our reference so `current` is unique and updated in place
            try current.formAdd(g)
            grad = current
        } else {
            grad = g
        }
    }

    /// Adds op(x) @ op(y), which must have this node's shape, straight into the gradient
    /// accumulated so far (gemm's beta = 1: no product array, no addition pass) when that
    /// is possible (see `Tensor.accumulateProduct`); false, changing nothing, otherwise.
    func accumulateProductInPlace(_ x: Tensor, _ y: Tensor, transposeX: Bool, transposeY: Bool) throws -> Bool {
        guard var current = grad else { return false }
        grad = nil  // drop our reference so `current` is unique and updated in place
        defer { grad = current }
        return try Tensor.accumulateProduct(x, y, transposeA: transposeX, transposeB: transposeY, into: &current)
    }

    /// The value as user code sees it outside differentiation: a number for rank 0.
    var plain: Value { Builtins.wrap(value) }
}

/// One `grad` call's record of operations.
public final class Tape {
    private(set) var nodes: [Tracked] = []
    /// False once the `grad` call that owns the tape has returned: its values are plain constants then.
    private(set) var isOpen = true
    /// `tap(x, name)` registrations, in order.
    var taps: [(name: String, node: Tracked)] = []

    init() {
        nodes.reserveCapacity(64)
    }

    /// A new node; `backward` receives the gradient of the result.
    @inline(__always) func record(_ op: String, _ value: Tensor, _ backward: ((Tensor) throws -> Void)?) -> Tracked {
        let node = Tracked(value: value, tape: self, index: nodes.count, op: op, backward: backward)
        nodes.append(node)
        return node
    }

    /// A leaf (an input being differentiated).
    func leaf(_ value: Tensor) -> Tracked {
        let node = record("leaf", value, nil)
        node.keepsGrad = true
        return node
    }

    /// Runs the backward pass from `output` with gradient `seed`; afterwards leaves and taps hold their gradients.
    func backward(from output: Tracked, seed: Tensor) throws {
        for node in nodes { node.grad = nil }
        output.grad = try seed.converted(to: output.value.dtype, op: "grad")
        var i = output.index
        while i >= 0 {
            let node = nodes[i]
            i -= 1
            guard let g = node.grad else { continue }
            guard let bw = node.backward else { continue }
            if !node.keepsGrad { node.grad = nil }
            try bw(g)
        }
    }

    /// Ends the tape: breaks the node ↔ tape cycle so everything is freed.
    func close() {
        isOpen = false
        nodes = []
        taps = []
    }
}

/// Per-interpreter autodiff state: the tapes of the `grad` calls now running.
struct AutodiffContext {
    var tapes: [Tape] = []
    @inline(__always) var isActive: Bool { !tapes.isEmpty }
}

extension Value {
    /// The node when this is a tracked value on an open tape; nil otherwise.
    @inline(__always) var liveNode: Tracked? {
        if case .tracked(let t) = self, t.tape.isOpen { return t }
        return nil
    }

    /// Whether this is a tracked value (on an open tape) or a list/record holding one.
    var containsLive: Bool {
        switch self {
        case .tracked(let t): return t.tape.isOpen
        case .list(let xs): return xs.contains { $0.containsLive }
        case .record(let r): return r.values.contains { $0.containsLive }
        default: return false
        }
    }

    /// The value with every tracked value (at any depth of lists and records) replaced by its plain value.
    var detached: Value {
        switch self {
        case .tracked(let t): return t.plain
        case .list(let xs): return xs.contains(where: \.containsTracked) ? .list(xs.map(\.detached)) : self
        case .record(let r):
            guard r.values.contains(where: \.containsTracked) else { return self }
            return .record(Record(Array(zip(r.keys, r.values.map(\.detached)))))
        default: return self
        }
    }

    /// Whether any tracked value (open tape or not) is inside.
    var containsTracked: Bool {
        switch self {
        case .tracked: return true
        case .list(let xs): return xs.contains { $0.containsTracked }
        case .record(let r): return r.values.contains { $0.containsTracked }
        default: return false
        }
    }
}

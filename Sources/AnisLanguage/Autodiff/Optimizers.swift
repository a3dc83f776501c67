// Optimizers: sgd (with momentum), adam and adamw. Each built-in returns a record
// whose `step(params, grads)` gives the updated parameters; the state (moment
// buffers, step count) lives in the Swift closure, one buffer per parameter leaf,
// updated in place. One fused loop per leaf writes the new parameter into a
// fresh tensor (parameters have value semantics, so the old one is untouched).
import AnisTensor
import Glibc

/// Where a leaf sits in the parameters (`params[0].w`): a chain of steps, spelled out
/// only for an error message. Building the string at every level cost memory
/// quadratic in the nesting depth (6 GB at depth 64k).
final class ParameterPath: CustomStringConvertible {
    enum Step { case root, index(Int), field(String) }
    let parent: ParameterPath?
    let step: Step
    init(parent: ParameterPath?, step: Step) { self.parent = parent; self.step = step }

    var description: String {
        var steps: [Step] = []
        var p: ParameterPath? = self
        while let q = p { steps.append(q.step); p = q.parent }
        return steps.reversed().map { step in
            switch step {
            case .root: "params"
            case .index(let i): "[\(i)]"
            case .field(let k): ".\(k)"
            }
        }.joined()
    }
}

/// Hyper-parameters and state of one optimizer.
final class OptimizerState {
    enum Kind { case sgd, adam, adamw }
    let kind: Kind
    let name: String
    let lr: Double, momentum: Double, beta1: Double, beta2: Double, eps: Double, weightDecay: Double
    /// First and second moment buffers per leaf (momentum buffer for sgd), created on the first step.
    var m: [Tensor] = [], v: [Tensor] = []
    var steps = 0
    /// The learning rate of the step in progress: lr, or the step's own lr: argument.
    private var stepLR = 0.0

    init(kind: Kind, name: String, lr: Double, momentum: Double = 0, beta1: Double = 0.9, beta2: Double = 0.999,
         eps: Double = 1e-8, weightDecay: Double = 0) {
        self.kind = kind; self.name = name; self.lr = lr; self.momentum = momentum
        self.beta1 = beta1; self.beta2 = beta2; self.eps = eps; self.weightDecay = weightDecay
    }

    /// `params` moved one step against `grads` (same structure; none gradients leave a leaf unchanged),
    /// with learning rate `lr` for this step (a schedule passes its own; the moments carry on).
    func step(_ params: Value, _ grads: Value, lr: Double) throws -> Value {
        steps += 1
        var leaf = 0
        stepLR = lr
        let out = try update(params, grads, &leaf, path: ParameterPath(parent: nil, step: .root))
        if m.count > leaf { m.removeLast(m.count - leaf); v.removeLast(Swift.max(0, v.count - leaf)) }
        return out
    }

    private func update(_ p: Value, _ g: Value, _ leaf: inout Int, path: ParameterPath) throws -> Value {
        switch (p, g) {
        case (_, .none): return p
        case (.list(let ps), .list(let gs)):
            guard ps.count == gs.count else {
                throw RuntimeError("\(name).step: \(path) has \(ps.count) elements but its gradient has \(gs.count)")
            }
            var out: [Value] = []
            out.reserveCapacity(ps.count)
            for (i, (a, b)) in zip(ps, gs).enumerated() { out.append(try update(a, b, &leaf, path: ParameterPath(parent: path, step: .index(i)))) }
            return .list(out)
        case (.record(let pr), .record(let gr)):
            var out: [(String, Value)] = []
            out.reserveCapacity(pr.count)
            for (k, a) in zip(pr.keys, pr.values) {
                guard let b = gr[k] else {
                    throw RuntimeError("\(name).step: the gradient has no field '\(k)' (fields: \(gr.keys.joined(separator: ", ")))")
                }
                out.append((k, try update(a, b, &leaf, path: ParameterPath(parent: path, step: .field(k)))))
            }
            return .record(Record(out))
        default:
            guard Operators.isNumeric(p), Operators.isNumeric(g) else {
                throw RuntimeError("\(name).step: \(path) is a \(p.typeDescription) and its gradient a \(g.typeDescription); expected tensors or numbers in the same structure")
            }
            let pt = try p.toTensor(), gt = try g.toTensor()
            guard pt.shape == gt.shape || (pt.count == 1 && gt.count == 1) else {
                throw RuntimeError("\(name).step: \(path) has shape \(pt.shapeDescription) but its gradient has shape \(gt.shapeDescription)")
            }
            let updated = try apply(pt, gt, leaf, path: path)
            leaf += 1
            if case .number = p { return .number(updated.scalarValue ?? 0) }
            return .tensor(updated)
        }
    }

    /// The fused update of one leaf. The moment buffers and the result are in the
    /// parameter's dtype (the gradient is rounded to it); each element's update is
    /// computed in float64.
    private func apply(_ p: Tensor, _ g: Tensor, _ k: Int, path: ParameterPath) throws -> Tensor {
        if k == m.count {
            m.append(try Tensor(shape: p.shape, repeating: 0, dtype: p.dtype))
            v.append(kind == .sgd ? Tensor(scalar: 0) : try Tensor(shape: p.shape, repeating: 0, dtype: p.dtype))
        } else if m[k].count != p.count {
            throw RuntimeError("\(name).step: \(path) changed shape from \(m[k].shapeDescription) to \(p.shapeDescription) between steps; make a new optimizer")
        } else if m[k].dtype != p.dtype {
            throw RuntimeError("\(name).step: \(path) changed dtype from \(m[k].dtype.rawValue) to \(p.dtype.rawValue) between steps; make a new optimizer")
        }
        switch p.dtype {
        case .float64: return try apply(Double.self, p, g.converted(to: .float64, op: "\(name).step"), k)
        case .float32: return try apply(Float.self, p, g.converted(to: .float32, op: "\(name).step"), k)
        }
    }

    private func apply<T: TensorScalar>(_: T.Type, _ p: Tensor, _ g: Tensor, _ k: Int) throws -> Tensor {
        let n = p.count
        let out = try Tensor(uninitializedShape: p.shape, dtype: T.dtype, op: "\(name).step")
        let pp = UnsafePointer(p.buffer.typed(T.self)), pg = UnsafePointer(g.buffer.typed(T.self)), po = out.buffer.typed(T.self)
        let lr = stepLR, wd = weightDecay
        switch kind {
        case .sgd:
            let mu = momentum
            m[k].withUnsafeMutableElements(T.self) { buf in
                if mu == 0 {
                    for i in 0..<n { po[i] = T(pp[i].double - lr * (pg[i].double + wd * pp[i].double)) }
                } else {
                    for i in 0..<n {
                        let d = pg[i].double + wd * pp[i].double
                        let b = steps == 1 ? d : mu * buf[i].double + d
                        buf[i] = T(b)
                        po[i] = T(pp[i].double - lr * b)
                    }
                }
            }
        case .adam, .adamw:
            let b1 = beta1, b2 = beta2, eps = self.eps
            let c1 = 1 - Glibc.pow(b1, Double(steps)), c2 = 1 - Glibc.pow(b2, Double(steps))
            let stepSize = lr / c1, c2Root = c2.squareRoot()
            let decoupled = kind == .adamw ? 1 - lr * wd : 1
            let coupled = kind == .adam ? wd : 0
            var mk = m[k], vk = v[k]
            m[k] = Tensor(scalar: 0); v[k] = Tensor(scalar: 0)  // unique references: updated in place
            // CKernels' loop at full vector width (ArithKernels.h has the formula, in double).
            mk.withUnsafeMutableElements(T.self) { pm in
                vk.withUnsafeMutableElements(T.self) { pv in
                    Tensor.adamStep(p: pp, grad: pg, m: pm, v: pv, out: po, count: n, beta1: b1, beta2: b2, eps: eps,
                                    coupled: coupled, decoupled: decoupled, stepSize: stepSize, c2Root: c2Root)
                }
            }
            m[k] = mk; v[k] = vk
        }
        return out
    }

    /// The record user code sees: {step, name, lr} (state stays inside `step`).
    func record() -> Value {
        let stepFunction = Function(builtin: Builtin("\(name).step", "params, grads, lr: none", topic: .autodiff,
                                                     doc: "One \(name) step: the parameters moved against the gradients, with the optimizer's lr or this step's lr: (a schedule).") { [self] a in
            var lr = self.lr
            if a.optional(2) != nil {
                lr = try a.number(2)
                guard lr.isFinite, lr >= 0 else { throw a.fail(2, "must be a finite number ≥ 0, got \(Tensor.formatScalar(lr, precision: 6))") }
            }
            return try self.step(try a.value(0).detached, try a.value(1).detached, lr: lr)
        })
        return .record(Record([("step", .function(stepFunction)), ("name", .string(name)), ("lr", .number(lr))]))
    }
}

extension Builtins {
    static let optimizers: [Builtin] = [
        Builtin("sgd", "lr: 0.01, momentum: 0, weight_decay: 0", topic: .autodiff,
                doc: "Stochastic gradient descent as an optimizer record: params = opt.step(params, g) returns p − lr·g for every tensor or number in params (a tensor, a list or a record, with g of the same structure). With momentum μ a velocity buffer b ← μ·b + g is kept per parameter and p − lr·b returned (PyTorch's convention); weight_decay adds wd·p to the gradient.",
                example: "opt = sgd(lr: 0.1, momentum: 0.9)\nx = 5\nfor i in 0:100 { x = opt.step(x, grad(t -> (t - 2) ^ 2)(x)) }\nx  # ≈ 2") { a in
            OptimizerState(kind: .sgd, name: "sgd", lr: try a.number(0), momentum: try a.number(1),
                           weightDecay: try a.number(2)).record()
        },
        Builtin("adam", "lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0", topic: .autodiff,
                doc: "The Adam optimizer (Kingma & Ba) as a record with step: params = opt.step(params, g). Bias-corrected first and second moment estimates are kept per parameter leaf inside the optimizer; params and g may be tensors, numbers, lists or records of the same structure (none gradients leave a parameter unchanged). weight_decay adds wd·p to the gradient (L2, as PyTorch's Adam); see adamw for decoupled decay. A learning-rate schedule passes each step its rate, opt.step(params, g, lr: rate), keeping the moments (sgd and adamw take lr: too).",
                example: "params = {W: randn(5, 20) * 0.3, b: zeros(20)}\nopt = adam(lr: 1e-3)\nloss, g = value_and_grad(p -> sum((randn(8, 5) @ p.W + p.b) ^ 2))(params)\nparams = opt.step(params, g)\nparams = opt.step(params, g, lr: 1e-4)  # a schedule's rate for this step") { a in
            OptimizerState(kind: .adam, name: "adam", lr: try a.number(0), beta1: try a.number(1), beta2: try a.number(2),
                           eps: try a.number(3), weightDecay: try a.number(4)).record()
        },
        Builtin("adamw", "lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.01", topic: .autodiff,
                doc: "Adam with decoupled weight decay (Loshchilov & Hutter): each step first shrinks every parameter by the factor 1 − lr·weight_decay, then applies the Adam update. Used like adam.",
                example: "params = {W: randn(3, 2)}; g = {W: ones(3, 2)}\nopt = adamw(lr: 1e-3, weight_decay: 0.01)\nparams = opt.step(params, g)") { a in
            OptimizerState(kind: .adamw, name: "adamw", lr: try a.number(0), beta1: try a.number(1), beta2: try a.number(2),
                           eps: try a.number(3), weightDecay: try a.number(4)).record()
        },
    ]
}

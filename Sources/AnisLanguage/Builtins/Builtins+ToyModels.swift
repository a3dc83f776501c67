// Builtins+ToyModels: `train_autoencoder` (toy models of superposition, seed 004, and
// the hidden-activation autoencoders of seed 003) and helpers that read trained models:
// wtw, feature_norms, dims_per_feature, feature_dimensionality, superposition, phase, encode.
// The training itself is native (AnisTensor/ToyModels/ToyAutoencoder.swift).
import AnisTensor
#if canImport(Glibc)
import Glibc
#endif

extension Builtins {
    /// A toy-model nonlinearity from an activation function value.
    private static func toyActivation(_ f: Function, _ a: Arguments, _ i: Int) throws -> ToyActivation {
        guard let kind = activationKind(of: f) else {
            throw RuntimeError("\(a.builtin.name): '\(f.name)' is not a built-in activation (activations: \(activationList), leaky(p), isotropic(f))")
        }
        switch kind {
        case .pointwise(let act): return .pointwise(act)
        case .solu: return .solu
        case .isotropic(let act): return .isotropic(act)
        case .softmax, .logSoftmax:
            throw RuntimeError("\(a.builtin.name): '\(f.name)' cannot be a toy-model activation (use a pointwise activation, solu or isotropic(f))")
        }
    }

    static func toyActivationName(_ t: ToyActivation) -> String {
        switch t {
        case .pointwise(let act): activationName(act)
        case .solu: "solu"
        case .isotropic(let act): "isotropic(\(activationName(act)))"
        }
    }

    /// Numbers from a number, a 1-D tensor, a range or a list of numbers; `isAxis` is false for a lone number.
    private static func numberOptions(_ a: Arguments, _ i: Int) throws -> (values: [Double], isAxis: Bool) {
        let v = try a.value(i)
        if let d = v.scalar, v.isScalarLike { return ([d], false) }
        if case .tensor(let t) = v, t.rank == 0, let d = t.scalarValue { return ([d], false) }
        if case .tensor(let t) = v, t.rank != 1 {
            throw a.fail(i, "must be a number or a list of numbers, got \(v.typeDescription)")
        }
        guard let items = v.iterated() else { throw a.fail(i, "must be a number or a list of numbers, got \(v.typeDescription)") }
        var out: [Double] = []
        for item in items {
            guard let d = item.scalar else { throw a.fail(i, "must be a number or a list of numbers, got an element of type \(item.typeDescription)") }
            out.append(d)
        }
        guard !out.isEmpty else { throw a.fail(i, "must not be empty") }
        return (out, true)
    }

    /// Importance options: a ratio r (Iᵢ = rⁱ), a list of ratios, a k×n tensor or a list of length-n vectors.
    private static func importanceOptions(_ a: Arguments, _ i: Int, n: Int) throws -> (values: [[Double]], labels: [Value], isAxis: Bool) {
        let v = try a.value(i)
        func ratios(_ r: Double) -> [Double] { (0..<n).map { Glibc.pow(r, Double($0)) } }
        if let d = v.scalar, v.isScalarLike { return ([ratios(d)], [.number(d)], false) }
        if case .tensor(let t) = v, t.rank == 0, let d = t.scalarValue { return ([ratios(d)], [.number(d)], false) }
        if case .tensor(let t) = v, t.rank == 2 {
            guard t.shape[1] == n, t.shape[0] >= 1 else { throw a.fail(i, "as a matrix must have n = \(n) columns (one importance vector per row) and at least one row, got shape \(t.shapeDescription)") }
            // The rows are a second copy of the matrix: both are checked against the budget.
            let e = try t.checkedElements(op: "importance", copies: 2)
            let rows = (0..<t.shape[0]).map { Array(e[($0 * n)..<(($0 + 1) * n)]) }
            return (rows, rows.map { .tensor(Tensor($0)) }, true)
        }
        guard let items = v.iterated(), !items.isEmpty else { throw a.fail(i, "must be a ratio, a list of ratios or a list of importance vectors, got \(v.typeDescription)") }
        var values: [[Double]] = [], labels: [Value] = []
        for item in items {
            if let d = item.scalar, item.isScalarLike || (try? item.toTensor())?.rank == 0 {
                values.append(ratios(d)); labels.append(.number(d))
            } else if case .tensor(let t) = item, t.rank == 1 {
                guard t.count == n else { throw a.fail(i, "has an importance vector of length \(t.count); it must have n = \(n) entries") }
                values.append(try t.checkedElements(op: "importance")); labels.append(item)
            } else {
                throw a.fail(i, "must be a ratio, a list of ratios or a list of importance vectors, got an element of type \(item.typeDescription)")
            }
        }
        return (values, labels, true)
    }

    /// The trained model's W (m×n): from a model record, or a matrix given directly.
    private static func modelW(_ a: Arguments, _ i: Int, key: String = "W") throws -> Tensor {
        let v = try a.value(i)
        var t: Tensor
        switch v {
        case .record(let r):
            guard let w = r[key] else { throw a.fail(i, "must be a model from train_autoencoder (a record with field \(key))") }
            do { t = try w.toTensor() } catch { throw a.fail(i, "has a field \(key) that is not a tensor") }
        default:
            do { t = try v.toTensor() } catch { throw a.fail(i, "must be a model from train_autoencoder or a matrix W, got \(v.typeDescription)") }
        }
        guard t.rank == 2 else { throw a.fail(i, "needs W to be a matrix (m×n), got shape \(t.shapeDescription)") }
        return t
    }

    /// Column norms ‖Wᵢ‖ of an m×n matrix.
    private static func columnNorms(_ w: Tensor) throws -> [Double] {
        let m = w.shape[0], n = w.shape[1], e = try w.checkedElements(op: "feature_norms")
        return (0..<n).map { i in (0..<m).reduce(0.0) { $0 + e[$1 * n + i] * e[$1 * n + i] }.squareRoot() }
    }

    /// For each feature i of W: ‖Wᵢ‖² and Σⱼ (Wᵢ·Wⱼ)² over the other features j (Gram row i),
    /// the two sums that `superposition` and `feature_dimensionality` are built from.
    private static func interference(_ w: Tensor) throws -> [(norm2: Double, others: Double)] {
        let g = try Tensor.matmul(w, w, transposeA: true, transposeB: false).checkedElements(op: "superposition"), n = w.shape[1]
        return (0..<n).map { i in
            var s = 0.0
            for j in 0..<n where j != i { s += g[i * n + j] * g[i * n + j] }
            return (g[i * n + i], s)
        }
    }

    private static func modelRecord(_ r: ToyResult) throws -> Value {
        let c = r.config
        var fields: [(String, Value)] = [("W", .tensor(try Tensor(shape: [c.m, c.n], elements: r.W).converted(to: c.dtype, op: "train_autoencoder")))]
        if let wd = r.Wdec { fields.append(("W_dec", .tensor(try Tensor(shape: [c.m, c.n], elements: wd).converted(to: c.dtype, op: "train_autoencoder")))) }
        fields.append(("b", .tensor(try Tensor(r.b).converted(to: c.dtype, op: "train_autoencoder"))))
        fields.append(("losses", .tensor(Tensor(r.losses))))
        fields.append(("loss", .number(r.losses.last ?? .nan)))
        let config = Record([
            ("n", .number(Double(c.n))), ("m", .number(Double(c.m))),
            ("activation", .string(toyActivationName(c.activation))),
            ("sparsity", .number(c.sparsity)), ("importance", .tensor(Tensor(c.importance))),
            ("steps", .number(Double(c.steps))), ("batch", .number(Double(c.batch))), ("lr", .number(c.lr)),
            ("seed", .number(Double(c.seed))), ("instance", .number(Double(c.stream))),
            ("tied", .bool(c.tied)), ("placement", .string(c.placement.rawValue)),
            ("log_every", .number(Double(c.logEvery))), ("dtype", .string(c.dtype.rawValue)),
        ])
        fields.append(("config", .record(config)))
        return .record(Record(fields))
    }

    static let toyModels: [Builtin] = [
        Builtin("train_autoencoder", "n, m, activation: relu, sparsity: 0, importance: 1, steps: 10000, batch: 1024, lr: 0.001, seed: none, tied: true, placement: \"output\", log_every: none, instance: none, dtype: none",
                topic: .toymodels,
                doc: "Trains toy autoencoders natively (Elhage et al. 2022): x ∈ [0, 1]ⁿ with each feature zeroed with probability sparsity, h = W x (W is m×n, Xavier-normal), x′ = f(Wᵀh + b) with placement \"output\" (seed 004) or h = f(W x), x′ = Wᵀh + b with placement \"hidden\" (seed 003); loss Σᵢ Iᵢ (xᵢ − x′ᵢ)² averaged over the batch, minimised by Adam (β = 0.9, 0.999, ε = 1e-8) on a fresh batch each step. importance is a ratio r (Iᵢ = rⁱ, i from 0), a list of ratios, or a list (or k×n matrix) of importance vectors; tied: false learns a separate decoder W_dec. activation is any activation value (relu, gelu, silu, sigmoid, tanh, leaky(p), solu, isotropic(f), ...). activation, sparsity and importance may each be a list: every combination trains as an independent instance (all on the available cores) and the result is nested lists indexed [activation][sparsity][importance], keeping only the axes given as lists; otherwise one model. A model is a record {W, b, losses, loss, config} (W_dec too when untied); losses holds the mean loss over every log_every steps (default steps/100), loss the last of them. seed (default: drawn from the session's generator) fixes everything; instance k of a grid uses stream k, and instance: k gives a single model stream k, so one cell of a sweep can train exactly the model that instance k of a grid with the same seed trains. A progress bar (steps/s, elapsed<remaining time, the loss of the latest batch) goes to stderr when it is a terminal; its final line shows the model's loss (the mean of the last log_every steps). dtype: float32 trains in float32 (parameters, batches, gradients and Adam's moments float32, the loss summed in float64; the same initial weights and batches, rounded) and returns float32 W, W_dec and b; with ReLU on the output and n·m ≤ 1024 one fused vectorised pass computes the forward pass, the loss and the gradients (about twice as fast as float64), other models go through sgemm or the float64 path's loops. Its loss lands within float32 tolerance of float64's (about 1e-7 to 1e-6 relative), not on it.",
                example: "M = train_autoencoder(20, 5, activation: relu, sparsity: 0.9, importance: 0.7, seed: 1)\nM.loss; dims_per_feature(M)\nG = train_autoencoder(2, 1, sparsity: [0.1, 0.9], importance: [0.5, 2], steps: 2000, batch: 256)\nphase(G[1][0])") { a in
            let n = try a.int(0), m = try a.int(1)
            guard n >= 1, m >= 1 else { throw RuntimeError("train_autoencoder: n and m must be at least 1, got n = \(n), m = \(m)") }
            // Sizes first: the importance vectors below already take n numbers each.
            let batchSize = try a.int(6)
            if batchSize >= 1 { try ToyModels.checkSizes(n: n, m: m, batch: batchSize, op: "train_autoencoder") }
            // Activations.
            var actValue = try a.value(2)
            // The default `activation: relu` arrives as the built-in's name.
            if case .string(let name) = actValue, let builtin = Builtins.registry[name] {
                actValue = .function(Function(builtin: builtin))
            }
            var acts: [ToyActivation], actAxis: Bool
            if case .function(let f) = actValue {
                acts = [try toyActivation(f, a, 2)]; actAxis = false
            } else if let items = actValue.iterated(), !items.isEmpty {
                acts = []
                for item in items {
                    guard case .function(let f) = item else { throw a.fail(2, "must be an activation or a list of activations, got an element of type \(item.typeDescription)") }
                    acts.append(try toyActivation(f, a, 2))
                }
                actAxis = true
            } else {
                throw a.fail(2, "must be an activation function (relu, gelu, ...) or a list of them, got \(actValue.typeDescription)")
            }
            let (sparsities, sparsityAxis) = try numberOptions(a, 3)
            for s in sparsities where !(s >= 0 && s <= 1) {
                throw a.fail(3, "must lie in [0, 1], got \(Tensor.formatScalar(s, precision: 6))")
            }
            let (importances, _, importanceAxis) = try importanceOptions(a, 4, n: n)
            let steps = try a.int(5), batch = try a.int(6), lr = try a.number(7)
            guard steps >= 0 else { throw a.fail(5, "must be ≥ 0, got \(steps)") }
            guard batch >= 1 else { throw a.fail(6, "must be at least 1, got \(batch)") }
            guard lr.isFinite, lr > 0 else { throw a.fail(7, "must be a positive number, got \(Tensor.formatScalar(lr, precision: 6))") }
            let seed: UInt64
            if let s = a.optional(8) {
                guard let d = s.scalar, let k = exactInt(d), k >= 0 else { throw a.fail(8, "must be a non-negative integer") }
                seed = UInt64(k)
            } else {
                seed = a.interpreter.rng.next()
            }
            let tied = try a.bool(9)
            let placementName = try a.string(10)
            guard let placement = ToyPlacement(rawValue: placementName) else {
                throw a.fail(10, "must be \"output\" or \"hidden\", got \"\(placementName)\"")
            }
            let logEvery = try a.optionalInt(11) ?? 0
            guard logEvery >= 0 else { throw a.fail(11, "must be a positive integer, got \(logEvery)") }
            let instance = try a.optionalInt(12)
            let dtype = try a.dtype(13)
            if let k = instance, k < 0 { throw a.fail(12, "must be a non-negative integer, got \(k)") }
            if instance != nil, acts.count * sparsities.count * importances.count > 1 {
                throw a.fail(12, "picks the stream of a single model; give one activation, sparsity and importance")
            }
            var configs: [ToyConfig] = []
            for act in acts {
                for s in sparsities {
                    for imp in importances {
                        configs.append(ToyConfig(n: n, m: m, activation: act, sparsity: s, importance: imp, steps: steps,
                                                 batch: batch, lr: lr, seed: seed, stream: UInt64(instance ?? configs.count), tied: tied,
                                                 placement: placement, logEvery: logEvery))
                        configs[configs.count - 1].dtype = dtype
                    }
                }
            }
            // One budget step per sample of each training step (saturating: steps may be huge).
            try a.interpreter.charge(configs.reduce(0) { total, c in
                let (work, tooMuch) = c.steps.multipliedReportingOverflow(by: c.batch)
                let (sum, overflow) = total.addingReportingOverflow(work)
                return tooMuch || overflow ? Int.max : sum
            })
            let progress = isatty(2) == 1
            // A sweep's worker process trains inline: no threads (libdispatch) after fork.
            let worker = a.interpreter.isSweepWorker
            let results = try ToyModels.train(configs, threads: worker ? 1 : nil, progress: progress && !worker)
            var models = try results.map(modelRecord)
            // Nest [activation][sparsity][importance], dropping axes not given as lists.
            let dims = [(acts.count, actAxis), (sparsities.count, sparsityAxis), (importances.count, importanceAxis)]
            for (count, isAxis) in dims.reversed() {
                guard isAxis else { continue }
                models = stride(from: 0, to: models.count, by: count).map { .list(Array(models[$0..<($0 + count)])) }
            }
            if models.count == 1 { return models[0] }
            return .list(models)
        },
        Builtin("wtw", "model", topic: .toymodels,
                doc: "WᵀW (n×n) of a toy model (or of a matrix W, m×n): the diagonal is ‖Wᵢ‖² (how strongly feature i is represented), off-diagonal entries the interference Wᵢ·Wⱼ between features.",
                example: "M = train_autoencoder(10, 5, sparsity: 0.7, steps: 2000, seed: 0)\nheatmap(wtw(M))") { a in
            let w = try modelW(a, 0)
            return .tensor(try Tensor.matmul(w, w, transposeA: true, transposeB: false))
        },
        Builtin("feature_norms", "model", topic: .toymodels,
                doc: "The norms ‖Wᵢ‖ of the n columns of W (one per feature): ≈ 1 for a represented feature, ≈ 0 for an ignored one.",
                example: "feature_norms(train_autoencoder(20, 5, sparsity: 0.9, importance: 0.7, steps: 2000, seed: 0))") { a in
            .tensor(Tensor(try columnNorms(try modelW(a, 0))))
        },
        Builtin("dims_per_feature", "model", topic: .toymodels,
                doc: "Dimensions per feature m / ‖W‖_F² (Elhage et al.): 1 when each represented feature has a dimension of its own, ½ for antipodal pairs, smaller with more superposition. A zero W gives inf.",
                example: "dims_per_feature(train_autoencoder(20, 5, sparsity: 0.9, importance: 0.7, steps: 2000, seed: 0))") { a in
            let w = try modelW(a, 0)
            let f2 = try w.checkedElements(op: "dims_per_feature").reduce(0) { $0 + $1 * $1 }
            return .number(Double(w.shape[0]) / f2)
        },
        Builtin("superposition", "model", topic: .toymodels,
                doc: "Per-feature superposition Σⱼ≠ᵢ (Ŵᵢ·Wⱼ)², with Ŵᵢ = Wᵢ/‖Wᵢ‖ (Elhage et al.): 0 when feature i has a direction of its own, ≈ 1 for an antipodal partner; 0 for an unrepresented feature (‖Wᵢ‖ = 0). A vector of length n.",
                example: "superposition(train_autoencoder(20, 5, sparsity: 0.9, importance: 0.7, steps: 2000, seed: 0))") { a in
            let out = try interference(modelW(a, 0)).map { $0.norm2 > 0 ? $0.others / $0.norm2 : 0 }
            return .tensor(Tensor(out))
        },
        Builtin("feature_dimensionality", "model", topic: .toymodels,
                doc: "Per-feature dimensionality Dᵢ = ‖Wᵢ‖² / Σⱼ (Ŵᵢ·Wⱼ)² (Elhage et al. 2022, the sum over all j including i): the share of a dimension feature i gets. 1 when it has a direction of its own, ½ for an antipodal pair, ⅔ for a triangle, ⅖ for a pentagon, ¾ for a tetrahedron (in general k/N for N equal-norm features spread evenly over k dimensions); 0 for an unrepresented feature (‖Wᵢ‖ = 0). Unlike dims_per_feature = m/‖W‖_F² it does not change when W is scaled, and an orthogonal feature scores 1 whatever its norm. Count represented features with sum(feature_norms(M) > 0.5). A vector of length n.",
                example: "M = train_autoencoder(20, 5, sparsity: 0.9, importance: 0.7, steps: 2000, seed: 0)\nD = feature_dimensionality(M)\nsum(feature_norms(M) > 0.5), sum(D)") { a in
            // Σⱼ (Ŵᵢ·Wⱼ)² over all j, the self term included, is (‖Wᵢ‖⁴ + others) / ‖Wᵢ‖².
            let out = try interference(modelW(a, 0)).map { f in
                f.norm2 > 0 ? f.norm2 * f.norm2 / (f.norm2 * f.norm2 + f.others) : 0
            }
            return .tensor(Tensor(out))
        },
        Builtin("phase", "model, threshold: 0.5", topic: .toymodels,
                doc: "The phase of a two-feature, one-neuron model (n = 2, m = 1), as a number: 0 none represented, 1 feature 1 only, 2 feature 2 only, 3 both (in superposition, necessarily sharing the one dimension). Feature i counts as represented when ‖Wᵢ‖ > threshold (default 0.5: a learned feature has ‖Wᵢ‖ ≈ 1, an ignored one ≈ 0).",
                example: "phase(train_autoencoder(2, 1, sparsity: 0.95, importance: 1, steps: 5000, batch: 256, seed: 0))") { a in
            let w = try modelW(a, 0)
            guard w.shape == [1, 2] else {
                throw RuntimeError("phase: needs a model with n = 2, m = 1 (W of shape (1, 2)), got W of shape \(w.shapeDescription)")
            }
            let t = try a.number(1)
            let e = w.elements
            let one = Swift.abs(e[0]) > t, two = Swift.abs(e[1]) > t
            return .number(one && two ? 3 : one ? 1 : two ? 2 : 0)
        },
        Builtin("encode", "model, X", topic: .toymodels,
                doc: "The hidden codes of a toy model for the rows of X (N×n): H = X·W_encᵀ (N×m), with the model's activation applied row by row when it was trained with placement: \"hidden\" (the latent codes of seed 003's PPP plots).",
                example: "M = train_autoencoder(8, 4, activation: tanh, placement: \"hidden\", steps: 500, seed: 0)\nH = encode(M, rand(100, 8))") { a in
            let w = try modelW(a, 0)
            let x = try a.tensor(1)
            let m = w.shape[0], n = w.shape[1]
            guard x.rank == 2, x.shape[1] == n else {
                throw RuntimeError("encode: X must be N×\(n) (n = \(n) features), got shape \(x.shapeDescription)")
            }
            var h = try Tensor.matmul(x, w, transposeA: false, transposeB: true)
            guard case .record(let r) = try a.value(0), case .record(let config)? = r["config"],
                  case .string(let placement)? = config["placement"], placement == "hidden",
                  case .string(let actName)? = config["activation"] else { return .tensor(h) }
            guard let kind = activationKind(named: actName) else {
                throw RuntimeError("encode: the model's activation '\(actName)' is not a known activation")
            }
            let act: ToyActivation
            switch kind {
            case .pointwise(let p): act = .pointwise(p)
            case .solu: act = .solu
            case .isotropic(let p): act = .isotropic(p)
            default: throw RuntimeError("encode: the model's activation '\(actName)' is not a toy-model activation")
            }
            h.makeUnique()
            let rows = x.shape[0]
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: Swift.max(m, 1))
            defer { scratch.deallocate() }
            h.withUnsafeMutableBufferPointer { buf in
                guard let base = buf.baseAddress else { return }
                for r in 0..<rows {
                    let row = base + r * m
                    ToyTrainer<Double>.forward(act, row, scratch, m)
                    row.update(from: scratch, count: m)
                }
            }
            return .tensor(h)
        },
    ]
}

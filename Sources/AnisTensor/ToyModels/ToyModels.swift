// ToyModels: trains many toy-model instances at once, spread over the cores, with a
// progress bar on a terminal; each instance is one ToyTrainer.
import Dispatch
import FoundationEssentials
import Glibc
import Synchronization
import CLinearAlgebra

/// Trains many toy models at once.
public enum ToyModels {
    /// Checks a config; the message names `op`.
    public static func validate(_ c: ToyConfig, op: String) throws(TensorError) {
        try checkSizes(n: c.n, m: c.m, batch: c.batch, op: op)
        guard c.steps >= 0 else { throw TensorError("\(op): steps must be ≥ 0, got \(c.steps)") }
        guard c.sparsity >= 0, c.sparsity <= 1 else { throw TensorError("\(op): sparsity must be in [0, 1], got \(c.sparsity)") }
        guard c.lr.isFinite, c.lr > 0 else { throw TensorError("\(op): lr must be a positive number, got \(c.lr)") }
        guard c.importance.count == c.n, c.importance.allSatisfy({ $0.isFinite }) else {
            throw TensorError("\(op): importance must have n = \(c.n) finite entries, got \(c.importance.count)")
        }
    }

    /// The size limits (n·m and batch·n at most 1e8), checked before anything of that size
    /// is allocated; products are computed without overflow.
    public static func checkSizes(n: Int, m: Int, batch: Int, op: String) throws(TensorError) {
        guard n >= 1, m >= 1 else { throw TensorError("\(op): n and m must be at least 1, got n = \(n), m = \(m)") }
        let (nm, nmOverflow) = n.multipliedReportingOverflow(by: m)
        guard !nmOverflow, nm <= 100_000_000 else {
            throw TensorError("\(op): n·m = \(n)·\(m) is too large (at most 1e8)")
        }
        let (bn, bnOverflow) = batch.multipliedReportingOverflow(by: n)
        guard batch >= 1, !bnOverflow, bn <= 100_000_000 else {
            throw TensorError("\(op): batch must be at least 1 and batch·n at most 1e8, got batch = \(batch)")
        }
    }

    /// Refuses a training whose memory would pass the budget, before anything is allocated:
    /// the results of every instance (W, W_dec, b as float64 arrays, then as tensors) and the
    /// trainers of the `workers` largest instances, which run at once.
    static func checkMemory(_ configs: [ToyConfig], workers: Int, op: String) throws(TensorError) {
        let results = configs.reduce(0) { $0 + 2 * 8 * (($1.tied ? 1 : 2) * $1.m * $1.n + $1.n) }
        let trainers = configs.map(ToyTrainer<Double>.byteCount).sorted(by: >).prefix(workers).reduce(0, +)
        let largest = configs.max { $0.m * $0.n < $1.m * $1.n } ?? configs[0]
        try MemoryBudget.reserve(bytes: results + trainers, shape: [largest.m, largest.n], op: op)
    }

    /// Trains one instance; its result with the loss history, and whether it completed.
    static func run<T>(_ trainer: ToyTrainer<T>, _ tick: (Double) -> Bool) -> (ToyResult, Bool) {
        let (losses, done) = trainer.train(tick: tick)
        var r = trainer.result
        r.losses = losses
        return (r, done)
    }

    /// Trains every config (independently), spreading them over `threads` worker threads
    /// (default: the number of cores). `progress` draws a bar on stderr.
    public static func train(_ configs: [ToyConfig], threads: Int? = nil, progress: Bool = false,
                             op: String = "train_autoencoder") throws(TensorError) -> [ToyResult] {
        for c in configs { try validate(c, op: op) }
        if configs.isEmpty { return [] }
        let workers = Swift.max(1, Swift.min(threads ?? ProcessInfo.processInfo.activeProcessorCount, configs.count))
        try checkMemory(configs, workers: workers, op: op)
        let totalSteps = configs.reduce(0) { $0 + $1.steps }
        let shared = Shared(count: configs.count)
        let bar = progress ? ProgressBar(total: totalSteps, label: op, unit: "steps") : nil
        let work: @Sendable (Int) -> Void = { worker in
            while true {
                let k = shared.next.add(1, ordering: .relaxed).oldValue
                if k >= configs.count { return }
                var sinceReport = 0
                let tick: (Double) -> Bool = { loss in
                    sinceReport += 1
                    if sinceReport < 32 { return true }
                    shared.done.add(sinceReport, ordering: .relaxed)
                    sinceReport = 0
                    if Interrupt.isRequested { shared.stopped.store(true, ordering: .relaxed); return false }
                    if let bar, worker == 0 {
                        bar.update(shared.done.load(ordering: .relaxed), note: "batch loss \(Tensor.formatScalar(loss, precision: 4))")
                    }
                    return !shared.stopped.load(ordering: .relaxed)
                }
                let (result, done) = configs[k].dtype == .float32 ? ToyModels.run(ToyTrainer<Float>(configs[k]), tick)
                                                                  : ToyModels.run(ToyTrainer<Double>(configs[k]), tick)
                shared.done.add(sinceReport, ordering: .relaxed)
                if !done { return }
                shared.set(k, result)
            }
        }
        // Each instance's products are small: one BLAS thread per worker, no oversubscription.
        let previousCap = anis_blas_cap_threads(1)
        defer { _ = anis_blas_cap_threads(previousCap) }
        if workers == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        let done = Swift.min(shared.done.load(ordering: .relaxed), totalSteps)
        if shared.stopped.load(ordering: .relaxed) {
            bar?.finish(done, note: "interrupted")
            throw TensorError("interrupted")
        }
        var out: [ToyResult] = []
        out.reserveCapacity(configs.count)
        for k in 0..<configs.count {
            guard let r = shared.results[k] else { throw TensorError("\(op): instance \(k) did not finish") }
            out.append(r)
        }
        // The final value is the one the model reports as `loss`, and says so.
        if let bar, let first = out.first {
            let window = "mean of the last \(configs[0].logEvery) steps"
            bar.finish(done, note: out.count == 1
                       ? "loss \(Tensor.shortestScalar(first.losses.last ?? .nan)) (\(window), = model.loss)"
                       : "\(out.count) models; each model.loss is the mean of its last log_every steps")
        }
        return out
    }

    final class Shared: @unchecked Sendable {  // results slots are written by one worker each
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let stopped = Atomic<Bool>(false)
        var results: [ToyResult?]
        let lock = Mutex(())
        init(count: Int) { results = Array(repeating: nil, count: count) }
        func set(_ k: Int, _ r: ToyResult) { lock.withLock { _ in results[k] = r } }
    }
}

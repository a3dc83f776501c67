// ToyModels: trains many toy-model instances at once, spread over the cores, with a
// progress bar on a terminal; each instance is one ToyTrainer.
import Foundation
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

    /// Trains every config (independently), spreading them over `threads` worker threads
    /// (default: the number of cores). `progress` draws a bar on stderr.
    public static func train(_ configs: [ToyConfig], threads: Int? = nil, progress: Bool = false,
                             op: String = "train_autoencoder") throws(TensorError) -> [ToyResult] {
        for c in configs { try validate(c, op: op) }
        if configs.isEmpty { return [] }
        let workers = Swift.max(1, Swift.min(threads ?? ProcessInfo.processInfo.activeProcessorCount, configs.count))
        let totalSteps = configs.reduce(0) { $0 + $1.steps }
        let shared = Shared(count: configs.count)
        let start = Date()
        let work: @Sendable (Int) -> Void = { worker in
            while true {
                let k = shared.next.add(1, ordering: .relaxed).oldValue
                if k >= configs.count { return }
                let trainer = ToyTrainer(configs[k])
                var sinceReport = 0
                let (losses, done) = trainer.train { loss in
                    sinceReport += 1
                    if sinceReport < 32 { return true }
                    shared.done.add(sinceReport, ordering: .relaxed)
                    sinceReport = 0
                    shared.lastLoss.store(loss.bitPattern, ordering: .relaxed)
                    if Interrupt.isRequested { shared.stopped.store(true, ordering: .relaxed); return false }
                    if progress && worker == 0 { shared.draw(total: totalSteps, start: start, op: op) }
                    return !shared.stopped.load(ordering: .relaxed)
                }
                shared.done.add(sinceReport, ordering: .relaxed)
                if !done { return }
                var r = trainer.result
                r.losses = losses
                shared.set(k, r)
            }
        }
        // Each instance's products are small: one BLAS thread per worker, no oversubscription.
        let blasThreads = anis_openblas_get_num_threads()
        anis_openblas_set_num_threads(1)
        defer { anis_openblas_set_num_threads(blasThreads) }
        if workers == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: workers, execute: work)
        }
        if progress { shared.draw(total: totalSteps, start: start, op: op, final: true) }
        if shared.stopped.load(ordering: .relaxed) { throw TensorError("interrupted") }
        var out: [ToyResult] = []
        out.reserveCapacity(configs.count)
        for k in 0..<configs.count {
            guard let r = shared.results[k] else { throw TensorError("\(op): instance \(k) did not finish") }
            out.append(r)
        }
        return out
    }

    final class Shared: @unchecked Sendable {  // results slots are written by one worker each
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let lastLoss = Atomic<UInt64>(0)
        let stopped = Atomic<Bool>(false)
        var results: [ToyResult?]
        let lock = NSLock()
        var lastDraw = Date.distantPast
        init(count: Int) { results = Array(repeating: nil, count: count) }
        func set(_ k: Int, _ r: ToyResult) { lock.lock(); results[k] = r; lock.unlock() }

        func draw(total: Int, start: Date, op: String, final: Bool = false) {
            let now = Date()
            if !final && now.timeIntervalSince(lastDraw) < 0.2 { return }
            lastDraw = now
            let done = Swift.min(self.done.load(ordering: .relaxed), total)
            let frac = total > 0 ? Double(done) / Double(total) : 1
            let width = 30, filled = Int(frac * Double(width))
            let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
            let elapsed = Swift.max(now.timeIntervalSince(start), 1e-9)
            let rate = Double(done) / elapsed
            let loss = Double(bitPattern: lastLoss.load(ordering: .relaxed))
            var line = "\r\(op) [\(bar)] \(Int(frac * 100))% \(String(format: "%.0f", rate)) steps/s loss \(String(format: "%.5g", loss))"
            if final { line += " \(String(format: "%.1f", elapsed)) s\n" }
            FileHandle.standardError.write(line.data(using: .utf8) ?? Data())
        }
    }
}

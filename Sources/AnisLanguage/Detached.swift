// Detached: long library calls that cannot poll Ctrl-C (a BLAS product, a LAPACK
// decomposition) run on a worker thread while the interpreter thread waits and
// polls the interrupt flag. Ctrl-C then returns to the prompt at once with the usual
// "interrupted" error; the worker finishes on its own and its result is dropped.
// The inputs stay valid: the worker holds its own references, so the session's
// copy-on-write values are copied, never changed under it, if the user writes to them.
import Glibc
import AnisTensor
import Synchronization

enum Detached {
    /// On in the REPL (set before the first entry). Off in batch mode, where Ctrl-C
    /// ends the process (exit status 130) and a thread per call would only cost time.
    nonisolated(unsafe) static var enabled = false

    /// Built-ins whose work is one long BLAS or LAPACK call on their tensor arguments.
    static let builtinNames: Set<String> = [
        "matmul", "dot", "svd", "svdvals", "eig", "eigh", "qr", "solve", "lstsq", "pinv", "rank",
        "inv", "det", "norm", "pca", "participation_ratio",
    ]

    /// Calls on fewer elements than this run inline: they finish in milliseconds, faster
    /// than a thread starts to matter, and Ctrl-C is seen right after them anyway.
    static let minimumElements = 250_000

    /// Whether a call on these arguments is worth a worker thread.
    static func worthIt(_ values: [Value?]) -> Bool {
        guard enabled else { return false }
        var elements = 0
        for case .tensor(let t)? in values { elements += t.count }
        return elements >= minimumElements
    }

    /// Runs `work` on a worker thread and waits, polling Ctrl-C every 2 ms. On Ctrl-C it
    /// throws "interrupted" and leaves the worker to finish alone. Runs inline when no
    /// thread can be made.
    static func run<T>(_ what: String, _ work: @escaping () throws -> T) throws -> T {
        let job = Job<T>(work)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(job as AnyJob).toOpaque()
        running.add(1, ordering: .acquiring)  // before the thread exists, so a fork never misses it
        guard pthread_create(&thread, nil, entry, context) == 0 else {
            running.subtract(1, ordering: .releasing)
            Unmanaged<AnyJob>.fromOpaque(context).release()
            return try work()
        }
        pthread_detach(thread)
        Interrupt.setWaiting(true)
        defer { Interrupt.setWaiting(false) }
        while !job.done.load(ordering: .acquiring) {
            if Interrupt.isRequested {
                Interrupt.clear()
                throw RuntimeError("interrupted (\(what) keeps running in the background until it finishes; its result will be discarded)")
            }
            usleep(2000)
        }
        guard let result = job.result else { throw RuntimeError("\(what): the worker thread gave no result") }
        return try result.get()
    }

    /// What the thread entry sees: a job with its type erased.
    private class AnyJob: @unchecked Sendable {
        let done = Atomic<Bool>(false)
        func perform() {}
    }

    /// One call: written by the worker, read by the waiting thread only after `done`.
    private final class Job<T>: AnyJob, @unchecked Sendable {
        let work: () throws -> T
        var result: Result<T, any Error>?
        init(_ work: @escaping () throws -> T) { self.work = work }
        override func perform() {
            do { result = .success(try work()) } catch { result = .failure(error) }
            done.store(true, ordering: .releasing)
        }
    }

    /// Worker threads still running a call (an interrupted one keeps running). A sweep
    /// waits for none before it forks: a fork must not copy a BLAS call in flight.
    static let running = Atomic<Int>(0)

    private static let entry: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { context in
        guard let context else { return nil }
        Unmanaged<AnyJob>.fromOpaque(context).takeRetainedValue().perform()
        running.subtract(1, ordering: .releasing)
        return nil
    }
}

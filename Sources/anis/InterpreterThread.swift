// InterpreterThread: runs the interpreter on a thread with a very large stack, so
// deep recursion in user programs hits the language's own depth limit rather than
// the 8 MB main stack. The calling thread just waits for it.
import Glibc
import Synchronization

enum InterpreterThread {
    /// Stack sizes to try, largest first. The memory is reserved, not committed:
    /// pages are only touched as the recursion actually goes deep.
    static let stackSizes: [Int] = [1 << 30, 256 << 20, 64 << 20]

    /// Runs `body` on a new thread with a big stack and returns its result. When no
    /// such thread can be made (e.g. a tight `ulimit -v`) it runs `body` on this thread.
    /// With `supervised`, the calling thread waits through `BatchSignals.wait`, which can end
    /// the process when a signal arrives and the interpreter does not stop.
    static func run(supervised: Bool = false, _ body: @escaping () -> Int32) -> Int32 {
        let job = Job(body)
        for size in stackSizes {
            var attr = pthread_attr_t()
            guard pthread_attr_init(&attr) == 0 else { break }
            defer { pthread_attr_destroy(&attr) }
            guard pthread_attr_setstacksize(&attr, size) == 0 else { continue }
            var thread = pthread_t()
            let context = Unmanaged.passRetained(job).toOpaque()
            if pthread_create(&thread, &attr, threadEntry, context) == 0 {
                if supervised { BatchSignals.wait { job.finished.load(ordering: .acquiring) } }
                pthread_join(thread, nil)
                return job.result
            }
            Unmanaged<Job>.fromOpaque(context).release()
        }
        return body()
    }

    /// The work and its result, handed to the thread through an opaque pointer.
    /// Only one thread touches it at a time: the creator reads `result` after `pthread_join`.
    private final class Job {
        let body: () -> Int32
        var result: Int32 = 0
        let finished = Atomic<Bool>(false)
        init(_ body: @escaping () -> Int32) { self.body = body }
    }

    private static let threadEntry: @convention(c) (UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? = { context in
        guard let context else { return nil }
        let job = Unmanaged<Job>.fromOpaque(context).takeRetainedValue()
        job.result = job.body()
        job.finished.store(true, ordering: .releasing)
        // Without this the supervising main thread only notices at its next poll timeout.
        BatchSignals.wake()
        return nil
    }
}

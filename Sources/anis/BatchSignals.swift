// BatchSignals: how a script run ends on a signal without losing output. SIGINT,
// SIGTERM and SIGHUP raise the Interrupt flag, which the evaluator polls: the run stops
// with an "interrupted" error, its output is flushed, and anis exits 128 + the signal.
// The main thread (which only waits for the interpreter thread) watches a self-pipe:
// when the evaluator does not stop within a second (stuck in a long BLAS call), or a
// second signal arrives, it flushes stdout itself and exits. SIGXFSZ is ignored so a
// write past `ulimit -f` fails with EFBIG (reported) instead of killing anis; a crash
// flushes what was printed before the process dies.
import Glibc
import CReadline
import AnisTensor
import Synchronization

enum BatchSignals {
    /// The first stopping signal received, 0 before any.
    static let received = Atomic<Int32>(0)
    /// How many stopping signals arrived.
    private static let count = Atomic<Int>(0)
    /// Write end of the self-pipe (-1 before installation); the read end is `wakeReadFD`.
    private static let wakeWriteFD = Atomic<Int32>(-1)
    nonisolated(unsafe) private static var wakeReadFD: Int32 = -1
    /// Seconds the evaluator gets to stop by itself after a signal.
    static let grace: Int32 = 1

    /// Installs the handlers. Call once, before other threads exist.
    static func install() {
        if let wake = SelfPipe.make() {
            wakeReadFD = wake.read
            wakeWriteFD.store(wake.write, ordering: .relaxed)
        }
        _ = received.load(ordering: .relaxed); _ = count.load(ordering: .relaxed)
        var stop = sigaction()
        stop.__sigaction_handler.sa_handler = stopHandler
        sigemptyset(&stop.sa_mask)
        stop.sa_flags = SA_RESTART
        for sig in [SIGINT, SIGTERM, SIGHUP] { sigaction(sig, &stop, nil) }
        signal(SIGXFSZ, SIG_IGN)
        var crash = sigaction()
        crash.__sigaction_handler.sa_sigaction = crashHandler
        sigemptyset(&crash.sa_mask)
        crash.sa_flags = Int32(SA_NODEFER | SA_SIGINFO)
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT] {
            sigaction(sig, &crash, &previousCrashActions[Int(sig)])
        }
    }

    /// The exit status for a run that ended with `status`: 128 + the signal when one stopped it.
    static func status(after status: Int32) -> Int32 {
        let sig = received.load(ordering: .relaxed)
        return sig == 0 ? status : 128 + sig
    }

    /// Waits (on the main thread) until `finished` says the interpreter is done, ending the
    /// process itself when a signal came and the interpreter did not stop in time.
    static func wait(until finished: () -> Bool) {
        var deadline: Int32?  // seconds left after a signal
        while !finished() {
            var p = pollfd(fd: wakeReadFD, events: Int16(POLLIN), revents: 0)
            let ready = wakeReadFD >= 0 ? poll(&p, 1, 250) : poll(nil, 0, 250)
            if ready > 0 { drain() }
            guard received.load(ordering: .relaxed) != 0 else { continue }
            if count.load(ordering: .relaxed) > 1 { forceExit() }
            let left = (deadline ?? grace * 4) - 1
            if left <= 0 { forceExit() }
            deadline = left
        }
    }

    /// Wakes `wait` at once (the interpreter thread calls it when it finishes).
    static func wake() {
        var byte: UInt8 = 0
        let fd = wakeWriteFD.load(ordering: .relaxed)
        if fd >= 0 { _ = Glibc.write(fd, &byte, 1) }
    }

    private static func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ read(wakeReadFD, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Ends the process from the main thread: flushes stdout (unless another thread holds
    /// its lock mid-write) and exits 128 + the signal.
    private static func forceExit() -> Never {
        flushStdoutIfFree()
        let message: StaticString = "anis: stopped by a signal while busy in a library call\n"
        _ = Glibc.write(2, message.utf8Start, message.utf8CodeUnitCount)
        // A file being written keeps its old contents, and its temporary name goes.
        SafeWriter.abandonWrites { _exit(128 + received.load(ordering: .relaxed)) }
    }

    private static func flushStdoutIfFree() {
        let out = anis_stdout()
        if ftrylockfile(out) == 0 {
            fflush_unlocked(out)
            funlockfile(out)
        }
    }

    private static let stopHandler: @convention(c) (Int32) -> Void = { sig in
        let savedErrno = errno
        defer { errno = savedErrno }
        _ = received.compareExchange(expected: 0, desired: sig, ordering: .relaxed)
        count.add(1, ordering: .relaxed)
        Interrupt.request()
        wake()
    }

    /// The handlers that were there before (the Swift runtime's backtracer, or the default).
    nonisolated(unsafe) private static var previousCrashActions: [sigaction] = Array(repeating: sigaction(), count: 32)

    /// A crash: flush what was printed (not async-signal-safe, but the process is dying
    /// either way) and remove a write's temporary name (when its lock is free), then put
    /// the previous handler back. A fault (si_code > 0) simply
    /// returns: the instruction faults again, so the runtime's backtrace shows where.
    /// A signal that was sent (abort's SIGABRT, `kill`) is raised again; if that handler
    /// returns (the Swift runtime ignores a SIGSEGV sent by `kill`), the default kills.
    private static let crashHandler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = { sig, info, _ in
        flushStdoutIfFree()
        SafeWriter.abandonWritesFromSignalHandler()
        sigaction(sig, &previousCrashActions[Int(sig)], nil)
        if let info, info.pointee.si_code > 0 { return }
        raise(sig)
        signal(sig, SIG_DFL)
        raise(sig)
    }
}

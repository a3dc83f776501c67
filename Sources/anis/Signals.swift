// Signals: the REPL's SIGINT handler. It only raises the Interrupt flag (an atomic
// store, which the evaluator polls) and writes a byte to a self-pipe (which wakes
// the line editor's poll(), whichever thread the kernel ran the handler on).
import Glibc
import AnisTensor
import Synchronization

enum Signals {
    /// Ctrl-C presses since the current evaluation began; -1 while at the prompt.
    private static let pressesDuringEvaluation = Atomic<Int>(-1)
    /// Write end of the self-pipe, -1 before installation.
    private static let wakeWriteFD = Atomic<Int32>(-1)
    /// Read end of the self-pipe: the line editor polls it next to stdin.
    nonisolated(unsafe) private(set) static var wakeReadFD: Int32 = -1
    /// Presses after which an evaluation that ignores the flag (stuck in a long
    /// library call) is abandoned by ending the process.
    static let forceQuitPresses = 3

    /// Installs the handler. Touches every static it uses first, so the handler
    /// never runs a lazy initialiser. SA_RESTART keeps stdio writes from failing
    /// with EINTR. Call once, before other threads exist.
    static func installInterruptHandler() {
        Interrupt.clear()
        pressesDuringEvaluation.store(-1, ordering: .relaxed)
        if let wake = SelfPipe.make() {
            wakeReadFD = wake.read
            wakeWriteFD.store(wake.write, ordering: .relaxed)
        }
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
    }

    /// Empties the self-pipe (before waiting for a new line).
    static func drainWakeups() {
        guard wakeReadFD >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 64)
        while buffer.withUnsafeMutableBytes({ read(wakeReadFD, $0.baseAddress, $0.count) }) > 0 {}
    }

    /// Called before an evaluation: clears the flag and starts counting presses.
    static func beginEvaluation() {
        Interrupt.clear()
        pressesDuringEvaluation.store(0, ordering: .relaxed)
    }

    /// True when Ctrl-C was pressed during the current evaluation.
    static var interruptedDuringEvaluation: Bool { pressesDuringEvaluation.load(ordering: .relaxed) > 0 }

    /// Called after an evaluation, back at the prompt.
    static func endEvaluation() {
        pressesDuringEvaluation.store(-1, ordering: .relaxed)
    }

    private static let handler: @convention(c) (Int32) -> Void = { _ in
        let savedErrno = errno
        defer { errno = savedErrno }
        Interrupt.request()
        var byte: UInt8 = 3
        let fd = wakeWriteFD.load(ordering: .relaxed)
        if fd >= 0 { _ = write(fd, &byte, 1) }
        let presses = pressesDuringEvaluation.load(ordering: .relaxed)
        guard presses >= 0 else { return }
        // While a detached call is awaited the interpreter answers within milliseconds,
        // so a press there marks the evaluation interrupted but never counts towards quitting.
        if Interrupt.isWaitingOnDetachedCall {
            if presses == 0 { pressesDuringEvaluation.store(1, ordering: .relaxed) }
            return
        }
        pressesDuringEvaluation.store(presses + 1, ordering: .relaxed)
        if presses + 1 >= forceQuitPresses {
            let message: StaticString = "\nanis: interrupted 3 times, quitting\n"
            _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            SafeWriter.abandonWritesFromSignalHandler()
            _exit(130)
        }
    }
}

// Signals: the REPL's SIGINT handler. It only raises the Interrupt flag (an atomic
// store, async-signal-safe); the evaluator polls the flag and the line editor
// notices it when its poll() returns EINTR.
import Glibc
import AnisTensor
import Synchronization

enum Signals {
    /// Ctrl-C presses since the current evaluation began; -1 while at the prompt.
    private static let pressesDuringEvaluation = Atomic<Int>(-1)
    /// Presses after which an evaluation that ignores the flag (stuck in a long
    /// library call) is abandoned by ending the process.
    static let forceQuitPresses = 3

    /// Installs the handler. Touches every static it uses first, so the handler
    /// never runs a lazy initialiser. SA_RESTART keeps stdio writes from failing
    /// with EINTR; poll() is interrupted regardless, which is what the line editor needs.
    static func installInterruptHandler() {
        Interrupt.clear()
        pressesDuringEvaluation.store(-1, ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
    }

    /// Blocks or unblocks SIGINT for the calling thread.
    static func setInterruptBlocked(_ blocked: Bool) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(blocked ? SIG_BLOCK : SIG_UNBLOCK, &set, nil)
    }

    /// Called before an evaluation: clears the flag and starts counting presses.
    static func beginEvaluation() {
        Interrupt.clear()
        pressesDuringEvaluation.store(0, ordering: .relaxed)
    }

    /// Called after an evaluation, back at the prompt.
    static func endEvaluation() {
        pressesDuringEvaluation.store(-1, ordering: .relaxed)
    }

    private static let handler: @convention(c) (Int32) -> Void = { _ in
        Interrupt.request()
        let presses = pressesDuringEvaluation.load(ordering: .relaxed)
        guard presses >= 0 else { return }
        pressesDuringEvaluation.store(presses + 1, ordering: .relaxed)
        if presses + 1 >= forceQuitPresses {
            let message: StaticString = "\nanis: interrupted 3 times, quitting\n"
            _ = Glibc.write(2, message.utf8Start, message.utf8CodeUnitCount)
            _exit(130)
        }
    }
}

// Interrupt: the one flag that Ctrl-C raises and long computations poll, so a
// REPL user can stop `while true {}` or a huge elementwise loop and keep the session.
import Synchronization

public enum Interrupt {
    private static let flag = Atomic<Bool>(false)
    private static let waiting = Atomic<Bool>(false)

    /// True while the interpreter waits on a detached library call: it answers Ctrl-C
    /// at once there, so the REPL's "press three times to quit" count ignores those presses.
    public static var isWaitingOnDetachedCall: Bool { waiting.load(ordering: .relaxed) }
    public static func setWaiting(_ on: Bool) { waiting.store(on, ordering: .relaxed) }

    /// Called from the SIGINT handler.
    public static func request() { flag.store(true, ordering: .relaxed) }
    /// Called before each evaluation starts.
    public static func clear() { flag.store(false, ordering: .relaxed) }
    @inline(__always) public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Throws when Ctrl-C was pressed; long tensor loops call this every few thousand elements.
    @inline(__always) public static func check() throws(TensorError) {
        if flag.load(ordering: .relaxed) { throw TensorError("interrupted") }
    }
}

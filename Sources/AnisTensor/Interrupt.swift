// Interrupt: the one flag that Ctrl-C raises and long computations poll, so a
// REPL user can stop `while true {}` or a huge elementwise loop and keep the session.
import Synchronization

public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

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

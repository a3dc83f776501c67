// Terminal: what the command line needs to know about its streams (is it a
// terminal, may it use colour, how wide is it) and the two ways it writes text.
import Glibc
import CReadline
import AnisTensor

enum Terminal {
    /// True when the file descriptor is a terminal.
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Colour on stderr only when it is a terminal, `NO_COLOR` is unset or empty
    /// (https://no-color.org) and the terminal is not `dumb`.
    static var stderrColor: Bool {
        guard isTerminal(2) else { return false }
        if let v = getenv("NO_COLOR"), v.pointee != 0 { return false }
        if let t = getenv("TERM"), String(cString: t) == "dumb" { return false }
        return true
    }

    /// Width of the terminal on stdout in columns: the window size, else `$COLUMNS`, else 80.
    static var width: Int {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let c = getenv("COLUMNS"), let n = Int(String(cString: c)), n > 0 { return n }
        return 80
    }

    /// Writes to stdout (buffered; flushed before errors and prompts, and at every line
    /// once a signal asked anis to stop, so nothing printed is lost on the way out).
    static func write(_ text: String) {
        if stdoutWasClosed && !text.isEmpty { errno = EBADF; noteOutputFailure() }
        if fputs(text, anis_stdout()) < 0 { noteOutputFailure() }
        if let last = text.utf8.last {
            endsWithNewline = last == UInt8(ascii: "\n")
            if Interrupt.isRequested && endsWithNewline { flush() }
        }
    }

    /// Writes to stderr, after flushing stdout so the two streams interleave in order.
    static func writeError(_ text: String) {
        Terminal.flush()
        fputs(text, anis_stderr())
    }

    /// Pushes buffered stdout to the terminal or pipe.
    static func flush() { if fflush(anis_stdout()) != 0 { noteOutputFailure() } }

    /// Flushes stdout for the last time; when any output was lost (a full disk, a closed
    /// stdout, `ulimit -f`) says so on stderr and returns 120, as Python does, else `status`.
    static func finish(_ status: Int32) -> Int32 {
        flush()
        guard let failure = outputFailure else { return status }
        fputs("anis: cannot write to standard output: \(String(cString: strerror(failure)))\n", anis_stderr())
        return 120
    }

    /// Run first: when anis starts with stdin, stdout or stderr closed, /dev/null takes the
    /// descriptor, so that a file the script opens cannot become fd 1 and receive its output;
    /// output to a closed stdout is still reported as lost.
    static func reserveStandardDescriptors() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != fd { dup2(null, fd); close(null) }
            if fd == 1 { stdoutWasClosed = true }
        }
    }

    nonisolated(unsafe) private static var stdoutWasClosed = false

    /// The errno of the first failed write to stdout, if any.
    nonisolated(unsafe) private(set) static var outputFailure: Int32?

    private static func noteOutputFailure() {
        if outputFailure == nil { outputFailure = errno == 0 ? EIO : errno }
    }

    /// Whether the last text written to stdout ended a line (the REPL starts its prompt on a fresh line).
    /// Only the interpreter thread writes output, so this needs no lock.
    nonisolated(unsafe) static var endsWithNewline = true
}

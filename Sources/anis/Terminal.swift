// Terminal: what the command line needs to know about its streams (is it a
// terminal, may it use colour, how wide is it) and the two ways it writes text.
import Glibc
import CReadline

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

    /// Writes to stdout (buffered; flushed before errors and prompts).
    static func write(_ text: String) {
        fputs(text, anis_stdout())
        if let last = text.utf8.last { endsWithNewline = last == UInt8(ascii: "\n") }
    }

    /// Writes to stderr, after flushing stdout so the two streams interleave in order.
    static func writeError(_ text: String) {
        Terminal.flush()
        fputs(text, anis_stderr())
    }

    /// Pushes buffered stdout to the terminal or pipe.
    static func flush() { fflush(anis_stdout()) }

    /// Whether the last text written to stdout ended a line (the REPL starts its prompt on a fresh line).
    /// Only the interpreter thread writes output, so this needs no lock.
    nonisolated(unsafe) static var endsWithNewline = true
}

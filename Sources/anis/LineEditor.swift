// LineEditor: GNU readline through its callback interface, so Ctrl-C at the prompt
// can abandon the line cleanly; plus the history file. Only the interpreter thread
// calls readline, which is single-threaded by design.
import Glibc
import CReadline
import AnisTensor

/// What one prompt produced.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C: the line was abandoned.
    case interrupted
    /// Ctrl-D on an empty line, or stdin closed.
    case endOfInput
}

final class LineEditor {
    /// Most entries kept in memory and in the history file.
    static let historyLimit = 10_000

    private let historyPath: String?

    /// Sets up readline (no signal handling of its own: SIGINT belongs to `Signals`)
    /// and loads the history file.
    init(historyPath: String?) {
        self.historyPath = historyPath
        anis_rl_set_readline_name(strdup("anis"))
        anis_rl_set_catch_signals(0)
        anis_rl_set_instream(anis_stdin())
        anis_rl_set_outstream(anis_stdout())
        Completion.install()
        // Timestamps delimit entries in the file, so multi-line entries read back as one.
        anis_history_set_comment_char(CChar(UInt8(ascii: "#")))
        anis_history_set_write_timestamps(1)
        anis_history_set_multiline(1)
        using_history()
        stifle_history(Int32(Self.historyLimit))
        if let path = historyPath { _ = read_history(path) }  // stifling keeps the newest entries
    }

    /// The history file: `$ANIS_HISTORY`, else `~/.anis_history`, else none.
    static var defaultHistoryPath: String? {
        if let p = getenv("ANIS_HISTORY"), p.pointee != 0 { return String(cString: p) }
        if let home = getenv("HOME"), home.pointee != 0 { return String(cString: home) + "/.anis_history" }
        return nil
    }

    /// Reads one line with `prompt`. Returns `.interrupted` when SIGINT arrives while waiting.
    func readLine(prompt: String) -> LineInput {
        Terminal.flush()
        Interrupt.clear()
        LineEditor.received = nil
        Signals.drainWakeups()
        rl_callback_handler_install(prompt, LineEditor.lineHandler)
        while true {
            if Interrupt.isRequested {
                abandonLine()
                return .interrupted
            }
            // stdin, and the self-pipe the SIGINT handler writes to. The timeout is only a safety net.
            var fds = [pollfd(fd: 0, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: Signals.wakeReadFD, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, 1000)
            if ready < 0 {
                if errno == EINTR { continue }
                rl_callback_handler_remove()
                return .endOfInput
            }
            if fds[1].revents != 0 { Signals.drainWakeups() }
            guard fds[0].revents != 0 else { continue }
            rl_callback_read_char()
            if let input = LineEditor.received {
                LineEditor.received = nil
                return input
            }
        }
    }

    /// Adds a complete entry (possibly several lines) to the history and appends it
    /// to the history file. Blank entries and repeats of the previous entry are skipped.
    func remember(_ entry: String) {
        guard entry.contains(where: { !$0.isWhitespace }) else { return }
        if let last = anis_history_last(), String(cString: last) == entry { return }
        add_history(entry)
        using_history()
        guard let path = historyPath else { return }
        saveHistory(to: path)
    }

    /// Rewrites the history file with every entry (each after its `#timestamp` line, so
    /// multi-line entries read back whole) through SafeWriter, which keeps a symlinked
    /// history file a link and never leaves it half-written. A failure only warns.
    private func saveHistory(to path: String) {
        var text = ""
        if let entries = history_list() {
            var i = 0
            while let entry = entries[i] {
                if let stamp = entry.pointee.timestamp, stamp.pointee != 0 { text += String(cString: stamp) + "\n" }
                text += String(cString: entry.pointee.line) + "\n"
                i += 1
            }
        }
        do throws(FileError) {
            try SafeWriter.write(path) { fd throws(FileError) in try SafeWriter.writeAll(fd, Array(text.utf8), path: path, interruptible: false) }
        } catch {
            if !historyWarned { Terminal.writeError("anis: cannot save the history: \(error)\n") }
            historyWarned = true
        }
    }

    /// Whether a history write failed already (warned about once per session).
    private var historyWarned = false

    /// Ctrl-C at the prompt: show `^C`, drop the text, restore the terminal.
    private func abandonLine() {
        rl_free_line_state()
        rl_callback_sigcleanup()   // leaves an incremental search (Ctrl-R) and redraws the line
        anis_rl_set_point(anis_rl_end())
        rl_redisplay()
        rl_replace_line("", 0)
        Terminal.write("^C")
        Terminal.flush()
        // Restoring the terminal may emit a carriage return (bracketed-paste mode off),
        // so the newline comes after it.
        rl_callback_handler_remove()
        using_history()
        Terminal.write("\n")
        Terminal.flush()
    }

    /// The line the callback delivered; read and cleared by `readLine`.
    /// Safe as a static: readline calls back only on the thread that calls `rl_callback_read_char`.
    nonisolated(unsafe) private static var received: LineInput?

    /// Readline's line callback. Removing the handler here stops readline from
    /// printing the next prompt before the entry has been evaluated.
    private static let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { line in
        rl_callback_handler_remove()
        if let line {
            received = .line(String(cString: line))
            free(line)
        } else {
            received = .endOfInput
        }
    }
}

// BatchRunner: runs a script file, `-e` code or all of stdin as one program, and
// maps the outcome to an exit status (0 ok, 1 runtime error, 2 syntax/usage).
import Glibc
import AnisLanguage

enum BatchRunner {
    /// Runs a non-interactive invocation; returns the exit status.
    static func run(_ invocation: Invocation) -> Int32 {
        let source: String, name: String
        var printLast = false
        switch invocation.mode {
        case .script(let path):
            switch SourceFiles.read(path) {
            case .success(let text): source = text
            case .failure(let message):
                Terminal.writeError("anis: \(message)\n")
                return 2
            }
            name = path
        case .eval(let code):
            source = code; name = "<-e>"; printLast = true
        case .stdin:
            source = SourceFiles.readStandardInput(); name = "<stdin>"
        case .repl, .help, .version, .versionVerbose, .subcommand:
            return 2
        }
        let session = Session(arguments: invocation.arguments, seed: invocation.seed, output: Terminal.write)
        session.sweepSettings = Sharding.settings(invocation)
        // Printed tensors fill a terminal's width; off one (a pipe, a file) they keep 80 columns.
        if Terminal.isTerminal(1) { session.lineWidth = Terminal.width }
        do {
            let value = try session.run(source, file: name)
            if printLast, let value {
                if case .none = value {} else { Terminal.write(session.render(value) + "\n") }
            }
            Terminal.flush()
            return 0
        } catch {
            if let note = session.shardFinished {  // a shard's sweep did its share: success
                Terminal.writeError("anis: \(note)\n")
                return 0
            }
            report(error)
            return error.exitCode
        }
    }

    /// Prints a diagnostic on stderr, coloured when stderr is a colour terminal.
    static func report(_ diagnostic: Diagnostic) {
        Terminal.writeError(diagnostic.rendered(color: Terminal.stderrColor))
    }
}

/// Reading program text without Foundation (start-up stays fast).
enum SourceFiles {
    /// The whole file as UTF-8 text (invalid bytes become U+FFFD), or a message naming the failure.
    static func read(_ path: String) -> Result<String, ReadError> {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return .failure(ReadError("cannot open '\(path)': \(errorText())")) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            return .failure(ReadError("cannot run '\(path)': it is a directory"))
        }
        guard let bytes = readAll(fd) else { return .failure(ReadError("cannot read '\(path)': \(errorText())")) }
        return .success(String(decoding: bytes, as: UTF8.self))
    }

    /// All of stdin as text (empty when it cannot be read).
    static func readStandardInput() -> String {
        String(decoding: readAll(0) ?? [], as: UTF8.self)
    }

    /// Reads a descriptor to its end; nil on a read error.
    private static func readAll(_ fd: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n > 0 { bytes.append(contentsOf: chunk[0..<n]); continue }
            if n == 0 { return bytes }
            if errno == EINTR { continue }
            return nil
        }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }

    struct ReadError: Error, CustomStringConvertible {
        let description: String
        init(_ message: String) { description = message }
    }
}

// KernelCommand: the `anis kernel` tool word. `anis kernel -f FILE` runs a Jupyter
// kernel on the connection file a kernel manager wrote; `anis kernel install`
// writes the kernelspec that makes Jupyter start it.
import Glibc

enum KernelCommand {
    static let subcommand = Subcommand(
        name: "kernel",
        summary: "run as a Jupyter kernel (kernel -f FILE), or install its kernelspec (kernel install)",
        run: { run($0) })

    static let usage = """
    usage: anis kernel -f CONNECTION_FILE
           anis kernel install [--user | --prefix DIR]

    The first form runs anis as a Jupyter kernel (Jupyter starts it this way).
    The second writes the kernelspec kernels/anis/kernel.json, so that Jupyter
    lists anis as a kernel:
      (default)      system-wide, in /usr/local/share/jupyter
      --user         for this user ($JUPYTER_DATA_DIR or ~/.local/share/jupyter)
      --prefix DIR   under DIR/share/jupyter (e.g. a virtual environment)

    """

    static func run(_ arguments: [String]) -> Int32 {
        switch arguments.first {
        case "-h", "--help":
            Terminal.write(usage)
            return 0
        case "install":
            return install(Array(arguments.dropFirst()))
        case "-f", "--connection-file":
            guard arguments.count == 2 else { return usageError("'-f' needs one connection file") }
            return serve(connectionFile: arguments[1])
        case let word?:
            if word.hasPrefix("--connection-file=") || word.hasPrefix("-f="), arguments.count == 1 {
                return serve(connectionFile: String(word.drop(while: { $0 != "=" }).dropFirst()))
            }
            return usageError("unexpected '\(word)'")
        case nil:
            return usageError("a connection file (-f FILE) or 'install' is needed")
        }
    }

    private static func install(_ arguments: [String]) -> Int32 {
        let location: Kernelspec.Location
        switch arguments {
        case []: location = .system
        case ["--user"]: location = .user
        case let words where words.count == 2 && words[0] == "--prefix": location = .prefix(words[1])
        case let words where words.count == 1 && words[0].hasPrefix("--prefix="):
            location = .prefix(String(words[0].dropFirst("--prefix=".count)))
        default: return usageError("install takes --user or --prefix DIR")
        }
        switch Kernelspec.install(location) {
        case .success(let folder):
            Terminal.write("installed the anis kernelspec in \(folder)\n")
            return 0
        case .failure(let error):
            Terminal.writeError("anis kernel: \(error)\n")
            return 1
        }
    }

    private static func serve(connectionFile: String) -> Int32 {
        let info: ConnectionInfo
        switch ConnectionInfo.read(connectionFile) {
        case .success(let i): info = i
        case .failure(let error):
            Terminal.writeError("anis kernel: \(error)\n")
            return 1
        }
        // SIGINT from the kernel manager stops the running cell (never the kernel:
        // no evaluation is counted as begun, so the REPL's force-quit never fires).
        Signals.installInterruptHandler()
        signal(SIGPIPE, SIG_IGN)
        return InterpreterThread.run {
            switch Kernel.start(info) {
            case .success(let kernel): return kernel.run()
            case .failure(let error):
                Terminal.writeError("anis kernel: \(error)\n")
                return 1
            }
        }
    }

    private static func usageError(_ message: String) -> Int32 {
        Terminal.writeError("anis kernel: \(message)\n\(usage)")
        return 2
    }
}

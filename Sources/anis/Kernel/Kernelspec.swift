// Kernelspec: `anis kernel install` writes kernels/anis/kernel.json where Jupyter
// looks for kernels — system-wide (/usr/local/share/jupyter), per user (--user:
// $JUPYTER_DATA_DIR, else $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter), or
// under a prefix such as a virtual environment (--prefix DIR: DIR/share/jupyter).
// The spec starts this very executable (its absolute path) with `kernel -f FILE`.
import AnisTensor
import FoundationEssentials
import Glibc

enum Kernelspec {
    enum Location: Equatable {
        case system
        case user
        case prefix(String)
    }

    /// The folder that holds kernel.json for `location`.
    static func folder(_ location: Location, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        switch location {
        case .system: return "/usr/local/share/jupyter/kernels/anis"
        case .prefix(let prefix): return prefix + "/share/jupyter/kernels/anis"
        case .user:
            if let data = environment["JUPYTER_DATA_DIR"], !data.isEmpty { return data + "/kernels/anis" }
            if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/jupyter/kernels/anis" }
            return (environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? homeFromPasswd()) + "/.local/share/jupyter/kernels/anis"
        }
    }

    /// The home folder in the password database (HOME unset).
    private static func homeFromPasswd() -> String {
        guard let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir else { return "/" }
        return String(cString: dir)
    }

    /// kernel.json for the executable at `executable`.
    static func spec(executable: String) -> JSONObject {
        [
            "argv": [executable, "kernel", "-f", "{connection_file}"],
            "display_name": "anis",
            "language": "anis",
            "interrupt_mode": "signal",
            "metadata": ["debugger": false] as JSONObject,
        ]
    }

    /// Writes the spec (under a temporary name, then renamed: never half a file).
    /// Returns the folder, or what went wrong.
    static func install(_ location: Location) -> Result<String, KernelError> {
        let folder = folder(location)
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let data = Data(JSON.encode(spec(executable: executable)))
            let temporary = folder + "/.kernel.json.tmp-\(getpid())"
            try data.write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, folder + "/kernel.json") == 0 else {
                unlink(temporary)
                return .failure(KernelError("cannot write \(folder)/kernel.json: \(String(cString: strerror(errno)))"))
            }
            return .success(folder)
        } catch {
            let hint = location == .system ? " (not allowed? try --user)" : ""
            return .failure(KernelError("cannot write \(folder)/kernel.json\(hint): \(systemErrorText(error))"))
        }
    }
}

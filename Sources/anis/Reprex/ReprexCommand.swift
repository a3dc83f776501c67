// ReprexCommand: `anis reprex [FILE.anis | -]` runs a snippet in a fresh session
// and writes it with its output as Markdown (or one HTML page with --html), plots
// as PNG files beside it. Files appear whole or not at all (temp file + rename).
import AnisLanguage
import AnisTensor

enum ReprexCommand {
    static let subcommand = Subcommand(
        name: "reprex",
        summary: "run a snippet in a fresh session; write it with its output as Markdown",
        run: { arguments in InterpreterThread.run { main(arguments) } })

    static let usage = """
    usage: anis reprex [options] [FILE.anis | -]

    Runs FILE (or stdin) in a fresh session and writes GitHub-flavoured Markdown:
    the code in ```anis fences, each line's output below it as `#> ` lines, plots
    as PNG files beside the Markdown, and a session-info footer. `anis check`
    verifies the result on any machine.

    options:
      -o, --output PATH  where to write (default: FILE.md, or stdout for stdin;
                         `-` is stdout)
      --html             one self-contained HTML page (images embedded) instead
      --seed N           the session's seed (default 0)
      -h, --help         show this help

    """

    struct Options {
        var input: String?
        var output: String?
        var html = false
        var seed: UInt64 = 0
    }

    static func main(_ arguments: [String]) -> Int32 {
        var options = Options()
        var words = arguments[...]
        while let word = words.popFirst() {
            switch word {
            case "-h", "--help": Terminal.write(usage); return 0
            case "--html": options.html = true
            case "-o", "--output":
                guard let path = words.popFirst() else { return usageError("option '\(word)' needs a value") }
                options.output = path
            case "--seed":
                guard let text = words.popFirst(), let n = UInt64(text) else { return usageError("--seed needs a non-negative integer") }
                options.seed = n
            default:
                if word.hasPrefix("-"), word != "-" { return usageError("unknown option '\(word)'") }
                guard options.input == nil else { return usageError("one snippet at a time (got '\(word)' too)") }
                options.input = word
            }
        }
        let code: String
        if let input = options.input, input != "-" {
            switch SourceFiles.read(input) {
            case .success(let text): code = text
            case .failure(let message):
                Terminal.writeError("anis reprex: \(message)\n")
                return 2
            }
        } else {
            code = SourceFiles.readStandardInput()
        }
        let output = options.output ?? options.input.flatMap { $0 == "-" ? nil : replacingExtension($0, with: options.html ? ".html" : ".md") } ?? "-"
        return write(Reprex(code: code, seed: options.seed), to: output, html: options.html)
    }

    /// Writes a reprex to `output` (`-` for stdout), plots beside it; returns the exit status.
    static func write(_ reprex: Reprex, to output: String, html: Bool) -> Int32 {
        let stem = output == "-" ? "reprex" : replacingExtension(output, with: "")
        let text: String
        if html {
            text = reprex.html(title: baseName(stem), png: Reprex.png)
        } else {
            text = reprex.markdown { plot, k throws(RuntimeError) in
                let path = "\(stem)-\(k).png"
                try plot.save(to: path)
                return baseName(path)
            }
        }
        if output == "-" {
            Terminal.write(text)
            Terminal.flush()
            return 0
        }
        do {
            try TextFile.write(text, to: output, op: "reprex")
        } catch {
            Terminal.writeError("anis \(error.message)\n")
            return 1
        }
        Terminal.writeError("wrote \(output)\n")
        return 0
    }

    static func usageError(_ message: String) -> Int32 {
        Terminal.writeError("anis reprex: \(message)\nTry 'anis reprex --help' for more information.\n")
        return 2
    }

    /// `dir/name.anis` -> `dir/name` + ext (a name without an extension just gets ext).
    static func replacingExtension(_ path: String, with ext: String) -> String {
        let base = baseName(path)
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return path + ext }
        return String(path.dropLast(base.distance(from: dot, to: base.endIndex))) + ext
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}

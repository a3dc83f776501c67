// CheckCommand: `anis check FILE.md ...` runs each file's ```anis blocks in one
// fresh session and compares every statement's output with the `#>` lines under
// it: text exactly, numbers within a relative tolerance. A mismatch prints the
// file and line and a unified diff, and the exit status is 1; `--update`
// rewrites the `#>` lines instead (atomically).
import AnisLanguage
import AnisTensor

enum CheckCommand {
    static let subcommand = Subcommand(
        name: "check",
        summary: "run the ```anis blocks of Markdown files and compare their #> output",
        run: { arguments in InterpreterThread.run { main(arguments) } })

    static let usage = """
    usage: anis check [options] FILE.md ...

    Runs the ```anis blocks of each file in one fresh session, in order, and
    compares what each statement prints with the `#> ` lines below it. Text must
    match exactly (trailing spaces aside); numbers may differ by a relative
    tolerance, since BLAS kernels and thread counts change the last digits.

    options:
      --update           rewrite the `#>` lines with what anis prints now
      --tolerance X      relative tolerance for numbers (default 1e-9)
      --seed N           the session's seed (default 0)
      -h, --help         show this help

    exit status: 0 all files match (or were updated), 1 a mismatch,
                 2 a usage error or an unreadable file.

    """

    static func main(_ arguments: [String]) -> Int32 {
        var files: [String] = []
        var update = false
        var seed: UInt64 = 0
        var match = OutputMatch()
        var words = arguments[...]
        while let word = words.popFirst() {
            switch word {
            case "-h", "--help": Terminal.write(usage); return 0
            case "--update": update = true
            case "--tolerance":
                guard let text = words.popFirst(), let x = Double(text), x >= 0, x.isFinite else {
                    return usageError("--tolerance needs a non-negative number")
                }
                match.relativeTolerance = x
            case "--seed":
                guard let text = words.popFirst(), let n = UInt64(text) else { return usageError("--seed needs a non-negative integer") }
                seed = n
            default:
                if word.hasPrefix("-") { return usageError("unknown option '\(word)'") }
                files.append(word)
            }
        }
        guard !files.isEmpty else { return usageError("no files to check") }
        var status: Int32 = 0
        for file in files {
            let text: String
            switch SourceFiles.read(file) {
            case .success(let t): text = t
            case .failure(let message):
                Terminal.writeError("anis check: \(message)\n")
                status = 2
                continue
            }
            let result = DocumentCheck(text, name: file, seed: seed, match: match)
            if result.passed {
                Terminal.write("ok   \(file)\n")
            } else if update {
                do {
                    try TextFile.write(result.updated, to: file, op: "check")
                    Terminal.write("updated \(file) (\(result.mismatches.count) output\(result.mismatches.count == 1 ? "" : "s") rewritten)\n")
                } catch {
                    Terminal.writeError("anis \(error.message)\n")
                    status = max(status, 1)
                }
            } else {
                Terminal.write(result.report)
                Terminal.write("FAIL \(file): \(result.mismatches.count) mismatch\(result.mismatches.count == 1 ? "" : "es")\n")
                status = max(status, 1)
            }
        }
        Terminal.flush()
        return status
    }

    static func usageError(_ message: String) -> Int32 {
        Terminal.writeError("anis check: \(message)\nTry 'anis check --help' for more information.\n")
        return 2
    }
}

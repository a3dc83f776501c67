// Reprex: a snippet run in a fresh session and written out with its output, ready
// to paste into an issue (R's reprex package is the model). The code goes in
// ```anis fences with each line's output right below it as `#> ` lines (the
// format `anis check` verifies); a plot closes the fence and appears as a picture;
// a session-info footer says what produced the numbers.
import FoundationEssentials
import Glibc
import AnisPlot

public struct Reprex {
    /// Code with its output, and the pictures between.
    public enum Segment {
        /// Lines of a fenced block: code lines and `#> ` output lines.
        case code([String])
        case plot(PlotValue)
    }

    public let segments: [Segment]
    public let sessionInfo: SessionInfo

    /// Runs `code` in a fresh session started at `seed`.
    public init(code: String, seed: UInt64 = 0) {
        var lines = code.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.trimmingWhitespaceAndNewlines == "" { lines.removeLast() }
        let session = DocumentSession(seed: seed)
        let outputs = session.run(lines)
        var segments: [Segment] = []
        var block: [String] = []
        func closeBlock() {
            if !block.isEmpty { segments.append(.code(block)) }
            block = []
        }
        // Every line is kept (blank ones too), so that the code of the fenced blocks, read
        // back in order by `anis check`, has the same line numbers as the snippet.
        for (line, output) in zip(lines, outputs) {
            block.append(line)
            for item in output {
                switch item {
                case .line(let text): block.append(MarkdownDocument.outputLine(text))
                case .plot(let plot):
                    closeBlock()
                    segments.append(.plot(plot))
                }
            }
        }
        closeBlock()
        self.segments = segments
        sessionInfo = SessionInfo(seed: seed)
    }

    /// GitHub-flavoured Markdown. `link(plot, k)` saves the k-th plot (from 1) and
    /// returns the address to link; a thrown message is shown in its place.
    public func markdown(link: (PlotValue, Int) throws(RuntimeError) -> String) -> String {
        var parts: [String] = []
        var k = 0
        for segment in segments {
            switch segment {
            case .code(let lines):
                parts.append("```anis\n" + lines.map { $0 + "\n" }.joined() + "```\n")
            case .plot(let plot):
                k += 1
                do { parts.append("![plot \(k)](\(try link(plot, k)))\n") } catch {
                    parts.append("*(plot \(k) could not be written: \(error.message))*\n")
                }
            }
        }
        parts.append("<details><summary>Session info</summary>\n\n```\n\(sessionInfo.text)```\n\n</details>\n")
        return parts.joined(separator: "\n")
    }

    /// One self-contained HTML page; `png(plot)` gives a plot's PNG bytes, embedded as a data URI.
    public func html(title: String, png: (PlotValue) throws(RuntimeError) -> [UInt8]) -> String {
        var body = ""
        var k = 0
        for segment in segments {
            switch segment {
            case .code(let lines):
                body += "<pre><code>" + lines.map { line in
                    MarkdownDocument.outputText(line) != nil
                        ? "<span class=\"out\">\(Self.escape(line))</span>" : Self.escape(line)
                }.joined(separator: "\n") + "</code></pre>\n"
            case .plot(let plot):
                k += 1
                do {
                    body += "<p><img alt=\"plot \(k)\" src=\"data:image/png;base64,\(Data(try png(plot)).base64EncodedString())\"></p>\n"
                } catch {
                    body += "<p><em>(plot \(k) could not be drawn: \(Self.escape(error.message)))</em></p>\n"
                }
            }
        }
        body += "<details><summary>Session info</summary>\n<pre>\(Self.escape(sessionInfo.text))</pre>\n</details>\n"
        return """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
        <style>body{font-family:sans-serif;max-width:50em;margin:2em auto}pre{background:#f6f8fa;padding:0.8em;overflow-x:auto}.out{color:#57606a}img{max-width:100%}</style>
        </head><body>
        \(body)</body></html>

        """
    }

    /// A plot drawn as PNG bytes, exactly what `save(p, "f.png")` writes.
    public static func png(_ plot: PlotValue) throws(RuntimeError) -> [UInt8] {
        do throws(PlotError) {
            return try FileWriter.encode(plot.figure, as: .png)
        } catch {
            throw RuntimeError(error.message)
        }
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}

// PlotValue: a plot as an anis value (an AnisObject wrapping an AnisPlot.Figure).
// Building one draws nothing; `render` draws it as text when the REPL shows it or
// `show` prints it, and `save(to:)` writes it to a PNG, SVG or PDF file.
//
// Terminal rules (read here, at the moment of drawing):
//   - stdout not a terminal (scripts piped or redirected, tests): a fixed plot area
//     of 60×15 characters per plot (40×10 per panel in a subplots grid) and no
//     colour, so a script's output is reproducible;
//   - stdout a terminal: the size follows the window (ioctl, else $COLUMNS/$LINES),
//     and ANSI colour is used unless NO_COLOR is set (non-empty) or TERM=dumb —
//     24-bit when COLORTERM is truecolor/24bit, else the 256-colour palette;
//   - ANIS_PLOT_SIZE=WxH (e.g. 100x25) sets the plot area in either case.
import AnisPlot
#if canImport(Glibc)
import Glibc
#endif

public final class PlotValue: AnisObject {
    public let figure: Figure

    public init(_ figure: Figure) { self.figure = figure }

    public var typeName: String { "plot" }

    /// `self + other`: both drawn on one set of axes (see Figure.overlay).
    func overlaid(with other: PlotValue) throws(RuntimeError) -> PlotValue {
        do {
            let figure = try Figure.overlay([self.figure, other.figure])
            try figure.validate()
            return PlotValue(figure)
        } catch {
            throw RuntimeError("+: \(error.message)")
        }
    }

    public func render(_ session: Interpreter) -> String {
        PlotValue.terminalRenderer(for: figure).render(figure)
    }

    /// Writes the plot to `path` (.png, .svg or .pdf). Sizes are in inches at `dpi`, as in
    /// matplotlib (defaults: 6.4×4.8 for one plot, 4×3.2 per panel, 100 dpi). The file
    /// appears complete or not at all. Errors are phrased `save: ...`.
    public func save(to path: String, width: Double? = nil, height: Double? = nil, dpi: Double? = nil) throws(RuntimeError) {
        try write(to: path, width: width, height: height, dpi: dpi, builtin: "save")
    }

    func write(to path: String, width: Double?, height: Double?, dpi: Double?, builtin: String) throws(RuntimeError) {
        do {
            try FileWriter.write(figure, to: path, width: width, height: height, dpi: dpi)
        } catch {
            throw RuntimeError("\(builtin): \(error.message)")
        }
    }

    // MARK: terminal settings

    /// Set while a document runs (DocumentSession): plots printed as text take the
    /// fixed size and no colour, whatever stdout is, so a document prints the same everywhere.
    nonisolated(unsafe) static var fixedTerminalSize = false

    static func terminalRenderer(for figure: Figure) -> TerminalRenderer {
        let interactive = isatty(1) == 1 && !fixedTerminalSize
        var renderer: TerminalRenderer
        if interactive {
            let (columns, lines) = windowSize()
            renderer = TerminalRenderer.fitting(columns: columns, lines: lines, figure: figure, color: colorMode())
        } else {
            renderer = TerminalRenderer.fixed(for: figure)
        }
        if let size = environment("ANIS_PLOT_SIZE") {
            let parts = size.lowercased().split(separator: "x").compactMap { Int($0) }
            if parts.count == 2, parts[0] > 0, parts[1] > 0, parts[0] <= 1000, parts[1] <= 500 {
                renderer.width = max(8, parts[0]); renderer.height = max(3, parts[1])
            }
        }
        return renderer
    }

    private static func environment(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        let s = String(cString: p)
        return s.isEmpty ? nil : s
    }

    private static func windowSize() -> (Int, Int) {
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 {
            return (Int(size.ws_col), Int(size.ws_row))
        }
        let columns = environment("COLUMNS").flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 80
        let lines = environment("LINES").flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 24
        return (columns, lines)
    }

    private static func colorMode() -> ColorMode {
        if environment("NO_COLOR") != nil { return .none }
        if environment("TERM") == "dumb" { return .none }
        if let c = environment("COLORTERM")?.lowercased(), c == "truecolor" || c == "24bit" { return .trueColor }
        return .ansi256
    }
}

// Builtins+PlotStyles: the style keywords of the plot built-ins — color, style,
// marker (one value for every series or a list with one per series), alpha and
// legend placement — turned into AnisPlot's SeriesStyle and LegendPlacement.
// Errors name the built-in, the keyword and the accepted spellings.
import AnisPlot

extension Arguments {
    /// The strings of keyword `name`: one (applied to every series) or one per series.
    private func perSeries(_ name: String, count: Int) throws -> [String]? {
        guard let v = named(name) else { return nil }
        switch v {
        case .string(let s): return Array(repeating: s, count: count)
        case .list(let items):
            let strings = try items.map { item -> String in
                guard case .string(let s) = item else {
                    throw RuntimeError("\(builtin.name): \(name) must be a string or a list of strings, got a list holding \(item.typeDescription)")
                }
                return s
            }
            guard strings.count == count else {
                throw RuntimeError("\(builtin.name): \(strings.count) \(name) values for \(count) series")
            }
            return strings
        default:
            throw RuntimeError("\(builtin.name): \(name) must be a string or a list of strings, got \(v.typeDescription)")
        }
    }

    /// One style per series from `color:`, `style:`, `marker:` and `alpha:` (those this built-in declares).
    func styles(count: Int) throws -> [SeriesStyle] {
        var out = Array(repeating: SeriesStyle(), count: count)
        for (k, c) in try perSeries("color", count: count)?.enumerated() ?? [].enumerated() {
            guard let rgb = RGB.parse(c) else {
                throw RuntimeError("\(builtin.name): unknown color \"\(c)\" (use a name such as \"red\", \"C0\"…\"C9\" for the palette, or \"#rrggbb\")")
            }
            out[k].color = rgb
        }
        for (k, s) in try perSeries("style", count: count)?.enumerated() ?? [].enumerated() {
            guard let line = LineStyle.parse(s) else {
                throw RuntimeError("\(builtin.name): unknown line style \"\(s)\" (use \"-\", \"--\", \":\", \"-.\" or \"none\")")
            }
            out[k].line = line
        }
        for (k, m) in try perSeries("marker", count: count)?.enumerated() ?? [].enumerated() {
            guard let marker = Marker.parse(m) else {
                throw RuntimeError("\(builtin.name): unknown marker \"\(m)\" (use \"o\", \"s\", \"^\", \"d\", \"x\", \"+\", \".\" or \"none\")")
            }
            out[k].marker = marker
        }
        if let v = named("alpha") {
            guard let a = v.scalar, a >= 0, a <= 1 else {
                throw RuntimeError("\(builtin.name): alpha must be a number from 0 to 1, got \(v.typeDescription)")
            }
            for k in out.indices { out[k].alpha = a }
        }
        return out
    }

    /// `legend:` as a placement ("best" when omitted).
    func legendPlacement() throws -> LegendPlacement {
        guard let name = try namedString("legend") else { return .best }
        guard let placement = LegendPlacement(rawValue: name) else {
            let known = LegendPlacement.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw RuntimeError("\(builtin.name): unknown legend placement \"\(name)\" (use \(known))")
        }
        return placement
    }

    /// `xticks:`/`yticks:` of a heatmap: labels (strings or numbers), one per column or row.
    func tickLabels(_ name: String) throws -> [String]? {
        guard let v = named(name) else { return nil }
        let items: [Value]
        if case .list(let xs) = v { items = xs } else if let xs = v.iterated() { items = xs } else {
            throw RuntimeError("\(builtin.name): \(name) must be a list of labels (strings or numbers), got \(v.typeDescription)")
        }
        return try items.map { item in
            switch item {
            case .string(let s): return s
            case .number(let d): return Ticks.compact(d)
            default: throw RuntimeError("\(builtin.name): \(name) must hold strings or numbers, got \(item.typeDescription)")
            }
        }
    }

    /// A heatmap's `xticks`, `yticks`, `categories` (which imply the categorical colormap) and `legend`.
    func heatmapLabels(_ panel: inout Panel) throws {
        panel.xtickLabels = try tickLabels("xticks")
        panel.ytickLabels = try tickLabels("yticks")
        if let names = try tickLabels("categories") {
            panel.categories = names
            if panel.colormap == .auto { panel.colormap = .categorical }
            guard panel.colormap == .categorical else {
                throw RuntimeError("\(builtin.name): categories need colormap: \"categorical\", got \"\(panel.colormap.rawValue)\"")
            }
        }
        panel.legend = try legendPlacement()
    }
}

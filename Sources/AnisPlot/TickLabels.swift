// TickLabels: an axis's tick positions and labels — nice values from the axis, or,
// for a heatmap given `xticks`/`yticks`, one label per column or row (thinned to
// every k-th when they would crowd) — and the names of a categorical heatmap's
// categories, shared by the terminal and Cairo renderers.

extension Panel {
    /// Tick values and their labels along `axis`; `given` labels sit at positions 0, 1, 2, ...
    public func ticks(_ axis: Axis, given: [String]?, maxCount: Int) -> (values: [Double], labels: [String]) {
        guard let given, !given.isEmpty else {
            let t = axis.ticks(maxCount: maxCount)
            return (t, axis.labels(t))
        }
        let step = max(1, (given.count + max(maxCount, 1) - 1) / max(maxCount, 1))
        let kept = stride(from: 0, to: given.count, by: step)
        return (kept.map(Double.init), kept.map { given[$0] })
    }

    /// The legend names of a categorical heatmap: `categories`, else "0", "1", ... up to its largest value.
    public var categoryNames: [String] {
        if let categories { return categories }
        let top = heatmap?.values.filter(\.isFinite).max() ?? 0
        return (0...max(0, Int(top))).map(String.init)
    }
}

extension TerminalRenderer {
    /// Cell shading for category k without colour (two characters per cell).
    static let categorySymbols: [Character] = ["·", "░", "▒", "▓", "█", "#", "+", "x", "o", "="]

    /// A categorical heatmap's cell: the category's palette colour, or its symbol without colour.
    func categoryCell(_ v: Double) -> Cell {
        guard v.isFinite, v >= 0 else { return Cell(" ") }
        let k = Int(v.rounded())
        if color != .none { return Cell(" ", bg: Palette.color(k)) }
        return Cell(Self.categorySymbols[k % Self.categorySymbols.count])
    }

    /// The legend of a categorical heatmap: a sample cell and the name of each category.
    func categoryLegend(_ p: Panel) -> TextBlock {
        let names = p.categoryNames.map { TextBlock.clip($0, 20) }
        var block = TextBlock(width: 3 + (names.map(\.count).max() ?? 0), height: min(names.count, max(height, names.count)))
        for (k, name) in names.enumerated() where k < block.height {
            let cell = categoryCell(Double(k))
            block[k, 0] = cell; block[k, 1] = cell
            block.put(name, row: k, col: 3)
        }
        return block
    }
}

// TerminalRenderer: draws a Figure as text. Each panel is a frame (┌─┐ │ └┬┘)
// around its body, y tick labels at ┤ marks on the left, x tick labels under ┬
// marks, a centred title above, the x label below, the y label left of the tick
// labels, and a legend (or a heatmap's colour bar) on the right; a twin panel's
// second y axis has ├ marks and labels on the right edge of the frame, before the
// legend. Panels of a figure are laid out in a grid under the shared title.
//
// Size: `width` × `height` is the plot area of one panel in characters (braille
// gives 2×4 dots per character). Callers pass a fixed 60×15 (40×10 per panel in
// a grid) when stdout is not a terminal, so script output is reproducible, and
// `fitting(columns:lines:...)` when it is.

public struct TerminalRenderer: Sendable {
    public var width: Int
    public var height: Int
    public var color: ColorMode
    /// Most lines a heatmap may use (one per matrix row; larger matrices are averaged
    /// down); nil means twice `height`, so a 20×20 matrix fits the fixed size unshrunk.
    public var heatmapMaxRows: Int?

    /// Plot area of a single panel when output is not interactive.
    public static let fixedSize = (width: 60, height: 15)
    /// Plot area of each panel of a multi-panel figure when output is not interactive.
    public static let fixedGridSize = (width: 40, height: 10)

    public init(width: Int = 60, height: Int = 15, color: ColorMode = .none) {
        self.width = max(8, width); self.height = max(3, height); self.color = color
    }

    /// The fixed, documented size for non-interactive output.
    public static func fixed(for figure: Figure, color: ColorMode = .none) -> TerminalRenderer {
        let s = figure.panels.count > 1 ? fixedGridSize : fixedSize
        return TerminalRenderer(width: s.width, height: s.height, color: color)
    }

    /// A size that fits a terminal of `columns` × `lines`. The columns left of and right
    /// of the plot area are measured first — the y label, the widest y tick label, the
    /// frame and the legend (or colour bar) of the widest panel — so the legend never
    /// wraps; the lines reserve title, frame, x ticks, x label and the next prompt.
    /// A heatmap may use every free line (one line per matrix row).
    public static func fitting(columns: Int, lines: Int, figure: Figure, color: ColorMode) -> TerminalRenderer {
        let cols = figure.columns, rows = figure.rows
        let reserved = figure.panels.map(reservedColumns).max() ?? 22
        // One spare column: a line exactly as wide as the terminal wraps in some terminals.
        let w = (max(columns, 40) - 1 - 2 * (cols - 1)) / cols - reserved
        let hasTitle = figure.panels.contains { $0.title != nil }, hasXLabel = figure.panels.contains { $0.xlabel != nil }
        let panelOverhead = 4 + (hasTitle ? 1 : 0) + (hasXLabel ? 1 : 0) + (rows > 1 ? 1 : 0)
        let free = (max(lines, 16) - (figure.title == nil ? 0 : 2) - 1) / rows - panelOverhead
        var r = TerminalRenderer(width: min(max(w, 16), 200), height: min(max(free, 5), rows == 1 ? 30 : 20), color: color)
        r.heatmapMaxRows = max(free, 5)
        return r
    }

    /// Columns of a panel outside its plot area: y label, tick labels, frame, legend
    /// (and a twin axis's tick labels and label).
    static func reservedColumns(_ p: Panel) -> Int {
        let (_, y) = p.axes()
        // The tick count depends on the height, not known yet: take the widest labels over the counts a panel uses.
        func widest(_ y: Axis) -> Int { (2...11).map { y.labels(y.ticks(maxCount: $0)).map(\.count).max() ?? 0 }.max() ?? 0 }
        let tickWidth = p.heatmap.map { m in y.labels([0, Double(max(0, m.rows - 1))]).map(\.count).max() ?? 0 } ?? widest(y)
        let ylabel = p.ylabel.map { min($0.count, 16) + 1 } ?? 0
        var right = 0
        if let m = p.heatmap {
            if p.colorbar {
                let scale = ColorScale(m, p.colormap, limits: p.clim)
                right = 5 + max(Ticks.compact(scale.hi).count, Ticks.compact(scale.lo).count, 4)
            }
        } else if !p.legendEntries.isEmpty {
            right = 4 + (p.legendEntries.map { min($0.label.count, 20) }.max() ?? 0)
        }
        if let y2 = p.twinAxis() { right += 1 + widest(y2) + (p.twin?.ylabel.map { min($0.count, 16) + 1 } ?? 0) }
        return ylabel + tickWidth + 1 + 2 + right
    }

    /// The figure as text (no trailing newline). Call `figure.validate()` first.
    public func render(_ figure: Figure) -> String {
        let blocks = figure.panels.map(panel)
        guard blocks.count > 1 || figure.title != nil else { return blocks.first?.render(color) ?? "" }
        let cols = figure.columns
        var colWidths = Array(repeating: 0, count: cols)
        for (i, b) in blocks.enumerated() { colWidths[i % cols] = max(colWidths[i % cols], b.width) }
        var rowHeights: [Int] = []
        for start in stride(from: 0, to: blocks.count, by: cols) {
            rowHeights.append(blocks[start..<min(start + cols, blocks.count)].map(\.height).max() ?? 0)
        }
        let gap = 2
        let total = colWidths.reduce(0, +) + gap * (cols - 1)
        let top = figure.title == nil ? 0 : 2
        var out = TextBlock(width: total, height: top + rowHeights.reduce(0, +) + max(0, rowHeights.count - 1))
        if let t = figure.title { out.center(t, row: 0) }
        var y = top
        for (r, rh) in rowHeights.enumerated() {
            var x = 0
            for c in 0..<cols {
                let i = r * cols + c
                if i < blocks.count { out.paste(blocks[i], row: y, col: x) }
                x += colWidths[c] + gap
            }
            y += rh + 1
        }
        return out.render(color)
    }

    // MARK: one panel

    func panel(_ p: Panel) -> TextBlock {
        // Braille dots are about square (2 × 4 to a cell about twice as tall as wide).
        let (x, y) = p.axes(width: Double(width * 2), height: Double(height * 4))
        let y2 = p.twinAxis()
        var body: TextBlock
        var right: TextBlock?
        if let m = p.heatmap {
            let scale = ColorScale(m, p.colormap, limits: p.clim)
            let shown = Self.binned(m, maxRows: heatmapMaxRows ?? height * 2, maxCols: width / 2)
            body = heatmapBody(shown, scale)
            if p.colormap == .categorical { right = p.legend == .none ? nil : categoryLegend(p) }
            else if p.colorbar { right = colorbar(scale, h: body.height) }
        } else {
            body = self.body(p, x: x, y: y, y2: y2, w: width, h: height)
            right = legend(p)
        }
        let w = body.width, h = body.height

        // y ticks: label rows, first come first kept.
        func tickRows(_ y: Axis, given: [String]?) -> [(Int, String)] {
            let (yt, yLabels) = p.ticks(y, given: given, maxCount: given == nil ? max(2, h / 3 + 1) : h)
            var rows: [(Int, String)] = []
            for (t, label) in zip(yt, yLabels) {
                let f = y.fraction(t)
                guard f.isFinite, f >= -1e-9, f <= 1 + 1e-9 else { continue }
                let row = Int(((1 - f) * Double(h * 4 - 1)).rounded()) / 4
                if !rows.contains(where: { $0.0 == row }) { rows.append((min(max(row, 0), h - 1), label)) }
            }
            return rows
        }
        let yRows = tickRows(y, given: p.ytickLabels)
        let twinRows = y2.map { tickRows($0, given: nil) } ?? []
        // x ticks: category names for bars, nice values otherwise.
        var xCols: [(Int, String)] = []
        if let names = p.barLabels, !names.isEmpty {
            let slot = max(1, w / names.count - 1)
            for (k, name) in names.enumerated() {
                xCols.append((Int(x.fraction(Double(k)) * Double(w)), TextBlock.clip(name, slot)))
            }
        } else {
            let (xt, xLabels) = p.ticks(x, given: p.xtickLabels, maxCount: max(2, w / (p.xtickLabels == nil ? 10 : 6)))
            for (t, label) in zip(xt, xLabels) {
                let f = x.fraction(t)
                guard f.isFinite, f >= -1e-9, f <= 1 + 1e-9 else { continue }
                xCols.append((min(max(Int(((f * Double(w * 2 - 1)).rounded())) / 2, 0), w - 1), label))
            }
        }

        let tickWidth = yRows.map { $0.1.count }.max() ?? 0
        let ylabel = p.ylabel.map { TextBlock.clip($0, 16) }
        let left = (ylabel.map { $0.count + 1 } ?? 0) + tickWidth + 1
        let twinLabel = p.twin?.ylabel.map { TextBlock.clip($0, 16) }
        let twinTickWidth = twinRows.map { $0.1.count }.max() ?? 0
        let twinWidth = y2 == nil ? 0 : 1 + twinTickWidth + (twinLabel.map { $0.count + 1 } ?? 0)
        let rightWidth = right.map { $0.width + 1 } ?? 0
        let top = p.title == nil ? 0 : 1
        let totalWidth = left + w + 2 + twinWidth + rightWidth
        var block = TextBlock(width: totalWidth, height: top + h + 3 + (p.xlabel == nil ? 0 : 1))
        if let t = p.title { block.center(t, row: 0, from: left + 1, span: w) }

        // Frame.
        let frameTop = top, frameBottom = top + h + 1
        block.put("┌" + String(repeating: "─", count: w) + "┐", row: frameTop, col: left)
        block.put("└" + String(repeating: "─", count: w) + "┘", row: frameBottom, col: left)
        for r in 0..<h {
            block.put("│", row: frameTop + 1 + r, col: left)
            block.put("│", row: frameTop + 1 + r, col: left + w + 1)
        }
        block.paste(body, row: frameTop + 1, col: left + 1)
        for (row, label) in yRows {
            block.put("┤", row: frameTop + 1 + row, col: left)
            block.put(label, row: frameTop + 1 + row, col: left - 1 - label.count)
        }
        if let ylabel { block.put(ylabel, row: frameTop + 1 + (h - 1) / 2, col: 0) }
        for (row, label) in twinRows {
            block.put("├", row: frameTop + 1 + row, col: left + w + 1)
            block.put(label, row: frameTop + 1 + row, col: left + w + 3)
        }
        if let twinLabel { block.put(twinLabel, row: frameTop + 1 + (h - 1) / 2, col: left + w + 3 + twinTickWidth + 1) }

        // x tick labels, skipping any that would touch the previous one.
        var nextFree = 0
        for (col, label) in xCols {
            block.put("┬", row: frameBottom, col: left + 1 + col)
            let start = min(max(left + 1 + col - (label.count - 1) / 2, 0), totalWidth - label.count)
            guard start >= nextFree else { continue }
            block.put(label, row: frameBottom + 1, col: start)
            nextFree = start + label.count + 1
        }
        if let xl = p.xlabel { block.center(xl, row: frameBottom + 2, from: left + 1, span: w) }
        if let right { block.paste(right, row: frameTop + 1, col: left + w + 3 + twinWidth) }
        return block
    }

    /// Legend entries, one per line, in the series' colours.
    func legend(_ p: Panel) -> TextBlock? {
        let entries = p.legendEntries
        guard !entries.isEmpty else { return nil }
        let labels = entries.map { TextBlock.clip($0.label, 20) }
        var block = TextBlock(width: 3 + (labels.map(\.count).max() ?? 0), height: min(entries.count, height))
        for (r, e) in entries.prefix(height).enumerated() {
            let series = p.series[e.colorIndex]
            let rgb: RGB? = color == .none ? nil : series.color(at: e.colorIndex)
            block.put(Self.legendSample(series), row: r, col: 0, fg: rgb)
            block.put(labels[r], row: r, col: 3)
        }
        return block
    }
}

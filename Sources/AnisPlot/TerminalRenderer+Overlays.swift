// TerminalRenderer+Overlays: styles and decorations in the terminal. Dashed and
// dotted lines skip braille dots in a repeating pattern; markers are characters
// (o ■ ▲ ◆ x + •) in the point's cell; bands shade their cells ░ under the data;
// reference lines are ─ or │ rows of cells (╌ ┆ when dashed) wherever the data
// leaves a cell blank; error bars are vertical braille lines; text is written last.

extension TerminalRenderer {
    /// Dot coordinates of data point (vx, vy) on `canvas`.
    private func dot(_ vx: Double, _ vy: Double, _ x: Axis, _ y: Axis, _ canvas: BrailleCanvas) -> (Double, Double) {
        (x.fraction(vx) * Double(canvas.dotWidth - 1), (1 - y.fraction(vy)) * Double(canvas.dotHeight - 1))
    }

    /// A polyline drawn with `style`'s on/off dot pattern (continuing across segments).
    func styledLine(_ canvas: inout BrailleCanvas, _ xs: [Double], _ ys: [Double], x: Axis, y: Axis,
                    _ rgb: RGB?, _ style: LineStyle) {
        guard style != .none else { return }
        let pattern = style.dotPattern
        var phase = 0
        var last: (Double, Double)?
        for k in 0..<min(xs.count, ys.count) {
            let (px, py) = dot(xs[k], ys[k], x, y, canvas)
            guard px.isFinite, py.isFinite, xs[k].isFinite, ys[k].isFinite else { last = nil; continue }
            defer { last = (px, py) }
            guard let (lx, ly) = last,
                  let (a, b, c, d) = BrailleCanvas.clip(lx, ly, px, py, xmax: Double(canvas.dotWidth - 1),
                                                       ymax: Double(canvas.dotHeight - 1)) else { continue }
            let steps = Int(max(Swift.abs(c - a), Swift.abs(d - b)).rounded(.up))
            for s in 0..<max(steps, 1) {
                if pattern[phase % pattern.count] {
                    let t = steps == 0 ? 0 : Double(s) / Double(steps)
                    canvas.point(a + (c - a) * t, b + (d - b) * t, rgb)
                }
                phase += 1
            }
        }
    }

    /// Error bars as vertical braille lines from lower to upper at each x.
    func errorBars(_ canvas: inout BrailleCanvas, _ xs: [Double], _ lower: [Double], _ upper: [Double],
                   x: Axis, y: Axis, _ rgb: RGB?) {
        for k in xs.indices {
            let (px, p0) = dot(xs[k], lower[k], x, y, canvas), (_, p1) = dot(xs[k], upper[k], x, y, canvas)
            guard px.isFinite, p0.isFinite, p1.isFinite else { continue }
            canvas.line(px, p0, px, p1, rgb)
        }
    }

    /// Bands and reference lines: cells of the body that the data leaves blank.
    func shade(_ block: inout TextBlock, _ s: Series, _ rgb: RGB?, x: Axis, y: Axis, w: Int, h: Int) {
        func row(_ v: Double) -> Int? {
            let f = y.fraction(v)
            guard f.isFinite, f >= 0, f <= 1 else { return nil }
            return min(h - 1, Int(((1 - f) * Double(h)).rounded(.down)))
        }
        func col(_ v: Double) -> Int? {
            let f = x.fraction(v)
            guard f.isFinite, f >= 0, f <= 1 else { return nil }
            return min(w - 1, Int((f * Double(w)).rounded(.down)))
        }
        switch s.kind {
        case .hline(let v):
            guard let r = row(v) else { return }
            let ch: Character = s.lineStyle == .solid ? "─" : "╌"
            for c in 0..<w where block[r, c].ch == " " { block[r, c] = Cell(ch, fg: rgb) }
        case .vline(let v):
            guard let c = col(v) else { return }
            let ch: Character = s.lineStyle == .solid ? "│" : "┆"
            for r in 0..<h where block[r, c].ch == " " { block[r, c] = Cell(ch, fg: rgb) }
        case .band(let xs, let lower, let upper):
            // At each column's centre, the band's bounds interpolated between its neighbouring points.
            let order = xs.indices.filter { xs[$0].isFinite && lower[$0].isFinite && upper[$0].isFinite }
                .sorted { xs[$0] < xs[$1] }
            guard order.count >= 2 else { return }
            for c in 0..<w {
                let v = x.value(atFraction: (Double(c) + 0.5) / Double(w))
                guard let j = order.firstIndex(where: { xs[$0] >= v }), j > 0 else { continue }
                let a = order[j - 1], b = order[j]
                let t = xs[b] == xs[a] ? 0 : (v - xs[a]) / (xs[b] - xs[a])
                let lo = lower[a] + (lower[b] - lower[a]) * t, hi = upper[a] + (upper[b] - upper[a]) * t
                let f0 = y.fraction(min(lo, hi)), f1 = y.fraction(max(lo, hi))
                guard f0.isFinite, f1.isFinite else { continue }
                let top = max(0, Int(((1 - min(f1, 1)) * Double(h)).rounded(.down)))
                let bottom = min(h - 1, Int(((1 - max(f0, 0)) * Double(h)).rounded(.up)) - 1)
                guard top <= bottom else { continue }
                for r in top...bottom where block[r, c].ch == " " { block[r, c] = Cell("░", fg: rgb) }
            }
        default:
            break
        }
    }

    /// Marker characters (only where a series asks for markers; error bars always) and text annotations.
    func marks(_ block: inout TextBlock, _ panel: Panel, x: Axis, y left: Axis, y2: Axis?, w: Int, h: Int) {
        var y = left
        func cell(_ vx: Double, _ vy: Double) -> (Int, Int)? {
            let fx = x.fraction(vx), fy = y.fraction(vy)
            guard fx.isFinite, fy.isFinite, fx >= 0, fx <= 1, fy >= 0, fy <= 1 else { return nil }
            return (min(h - 1, Int(((1 - fy) * Double(h)).rounded(.down))), min(w - 1, Int((fx * Double(w)).rounded(.down))))
        }
        for (i, s) in panel.series.enumerated() {
            let rgb: RGB? = color == .none ? nil : s.color(at: i)
            y = panel.yAxis(of: s, left: left, right: y2)
            switch s.kind {
            case .line(let xs, let ys), .scatter(let xs, let ys), .errorbar(let xs, let ys, _, _):
                if case .errorbar = s.kind {} else if s.style.marker == nil || s.marker == .none { continue }
                for k in 0..<min(xs.count, ys.count) {
                    if let (r, c) = cell(xs[k], ys[k]) { block[r, c] = Cell(s.marker.character, fg: rgb) }
                }
            case .text(let tx, let ty, let string):
                guard let (r, c) = cell(tx, ty) else { continue }
                for (k, ch) in string.prefix(max(0, w - c)).enumerated() { block[r, c + k] = Cell(ch, fg: rgb) }
            default:
                break
            }
        }
    }

    /// The legend's two-character picture of a series.
    static func legendSample(_ s: Series) -> String {
        switch s.kind {
        case .line, .hline, .vline:
            if let m = s.style.marker, m != .none { return s.lineStyle == .none ? "\(m.character) " : "─\(m.character)" }
            return s.lineStyle.legendSample
        case .scatter: return s.style.marker.map { "\($0.character) " } ?? "⠶⠶"
        case .errorbar: return "┿\(s.marker.character)"
        case .band: return "░░"
        default: return "██"
        }
    }
}

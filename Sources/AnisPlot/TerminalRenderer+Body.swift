// TerminalRenderer+Body: what goes inside a panel's frame in the terminal —
// braille lines and scatter dots, histogram and bar columns in eighth-block
// precision (▁▂▃▄▅▆▇█), heatmap cells (two columns by one line each, shaded
// ░▒▓█ or coloured), and the heatmap's colour bar.

extension TerminalRenderer {
    /// Shading without colour: sequential maps go blank→█; the diverging map uses
    /// #=-· for negative values, blank around 0 and ░▒▓█ for positive ones.
    static let sequentialRamp: [Character] = [" ", "░", "▒", "▓", "█"]
    static let divergingRamp: [Character] = ["#", "=", "-", "·", " ", "░", "▒", "▓", "█"]

    /// Lines, scatter, histograms and bars drawn into a w×h area.
    func body(_ panel: Panel, x: Axis, y left: Axis, y2: Axis?, w: Int, h: Int) -> TextBlock {
        var canvas = BrailleCanvas(width: w, height: h)
        var block = TextBlock(width: w, height: h)
        let colored = color != .none
        for (i, s) in panel.series.enumerated() {
            let y = panel.yAxis(of: s, left: left, right: y2)
            let rgb: RGB? = colored ? s.color(at: i) : nil
            switch s.kind {
            case .line(let xs, let ys) where s.lineStyle != .solid:
                styledLine(&canvas, xs, ys, x: x, y: y, rgb, s.lineStyle)
            case .scatter where s.style.marker != nil:
                break  // drawn as marker characters by `marks`
            case .line(let xs, let ys):
                var last: (Double, Double)?
                for k in 0..<min(xs.count, ys.count) {
                    let px = x.fraction(xs[k]) * Double(canvas.dotWidth - 1)
                    let py = (1 - y.fraction(ys[k])) * Double(canvas.dotHeight - 1)
                    guard px.isFinite, py.isFinite, xs[k].isFinite, ys[k].isFinite else { last = nil; continue }
                    if let (lx, ly) = last { canvas.line(lx, ly, px, py, rgb) } else { canvas.line(px, py, px, py, rgb) }
                    last = (px, py)
                }
            case .scatter(let xs, let ys):
                for k in 0..<min(xs.count, ys.count) where xs[k].isFinite && ys[k].isFinite {
                    let px = x.fraction(xs[k]), py = y.fraction(ys[k])
                    guard px >= 0, px <= 1, py >= 0, py <= 1 else { continue }
                    canvas.point(px * Double(canvas.dotWidth - 1), (1 - py) * Double(canvas.dotHeight - 1), rgb)
                }
            case .histogram(let edges, let counts):
                for c in 0..<w {
                    let v = x.value(atFraction: (Double(c) + 0.5) / Double(w))
                    guard let bin = Self.bin(of: v, edges) else { continue }
                    column(&block, c, from: baseline(y), to: counts[bin], y: y, h: h, rgb ?? Palette.color(i), colored)
                }
            case .bar(let values, _):
                for (k, v) in values.enumerated() {
                    let a = x.fraction(Double(k) - 0.4) * Double(w), b = x.fraction(Double(k) + 0.4) * Double(w)
                    guard a.isFinite, b.isFinite, a < 1e6, b > -1e6 else { continue }
                    var c0 = Int((a - 0.5).rounded(.up)), c1 = Int((b - 0.5).rounded(.down))
                    if c1 < c0 { c0 = Int(((a + b) / 2).rounded(.down)); c1 = c0 }
                    for c in max(0, c0)...max(0, min(w - 1, c1)) where c <= min(w - 1, c1) {
                        column(&block, c, from: baseline(y), to: v, y: y, h: h, rgb ?? Palette.color(i), colored)
                    }
                }
            case .heatmap, .text:
                break
            case .band, .hline, .vline:
                shade(&block, s, rgb, x: x, y: y, w: w, h: h)
            case .errorbar(let xs, let ys, let lower, let upper):
                errorBars(&canvas, xs, lower, upper, x: x, y: y, rgb)
                styledLine(&canvas, xs, ys, x: x, y: y, rgb, s.lineStyle)
            }
        }
        let dots = canvas.cells()
        for r in 0..<h { for c in 0..<w where dots[r, c].ch != " " { block[r, c] = dots[r, c] } }
        marks(&block, panel, x: x, y: left, y2: y2, w: w, h: h)
        return block
    }

    /// Where bars start: 0 on a linear axis that shows it, else the bottom of the axis.
    private func baseline(_ y: Axis) -> Double {
        if y.log { return y.lo }
        return min(max(0, y.lo), y.hi)
    }

    /// Index of the histogram bin holding `v` (the last bin includes its right edge).
    static func bin(of v: Double, _ edges: [Double]) -> Int? {
        guard let first = edges.first, let last = edges.last, v >= first, v <= last, edges.count >= 2 else { return nil }
        var lo = 0, hi = edges.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if v < edges[mid] { hi = mid } else { lo = mid }
        }
        return lo
    }

    /// Fills column `c` between the values `from` and `to` in eighths of a line.
    private func column(_ block: inout TextBlock, _ c: Int, from: Double, to: Double, y: Axis, h: Int,
                        _ rgb: RGB, _ colored: Bool) {
        let f0 = y.fraction(from), f1 = y.fraction(to)
        guard f0.isFinite, f1.isFinite else { return }
        let total = Double(h * 8)
        let b8 = min(max(min(f0, f1), 0), 1) * total, t8 = min(max(max(f0, f1), 0), 1) * total
        let lower: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        for k in 0..<h {
            let rowLo = Double(k * 8), rowHi = rowLo + 8
            let cover = (min(t8, rowHi) - max(b8, rowLo)).rounded()
            guard cover >= 1 else { continue }
            let ch: Character
            if cover >= 8 { ch = "█" } else if b8 <= rowLo + 0.5 { ch = lower[Int(cover) - 1] } else if cover >= 4 { ch = "▀" } else { ch = "▔" }
            block[h - 1 - k, c] = Cell(ch, fg: colored ? rgb : nil)
        }
    }

    /// The heatmap shrunk (by block means, ignoring nan) to at most maxRows × maxCols cells.
    static func binned(_ m: Matrix, maxRows: Int, maxCols: Int) -> Matrix {
        let rows = max(1, min(m.rows, maxRows)), cols = max(1, min(m.cols, maxCols))
        if rows == m.rows && cols == m.cols { return m }
        var out: [Double] = []
        out.reserveCapacity(rows * cols)
        for r in 0..<rows {
            let r0 = r * m.rows / rows, r1 = max(r0 + 1, (r + 1) * m.rows / rows)
            for c in 0..<cols {
                let c0 = c * m.cols / cols, c1 = max(c0 + 1, (c + 1) * m.cols / cols)
                var sum = 0.0, n = 0
                for i in r0..<r1 { for j in c0..<c1 where m[i, j].isFinite { sum += m[i, j]; n += 1 } }
                out.append(n == 0 ? .nan : sum / Double(n))
            }
        }
        return Matrix(rows: rows, cols: cols, values: out)
    }

    /// One heatmap cell (two columns wide) for value `v`.
    func heatCell(_ v: Double, _ scale: ColorScale) -> Cell {
        if scale.map == .categorical { return categoryCell(v) }
        if color != .none {
            guard let rgb = scale.color(v) else { return Cell(" ") }
            return Cell(" ", bg: rgb)
        }
        let f = scale.fraction(v)
        guard f.isFinite else { return Cell(" ") }
        let ramp = scale.map == .diverging ? Self.divergingRamp : Self.sequentialRamp
        return Cell(ramp[min(Int(f * Double(ramp.count)), ramp.count - 1)])
    }

    /// The heatmap's cells: two columns and one line per (binned) matrix cell.
    func heatmapBody(_ m: Matrix, _ scale: ColorScale) -> TextBlock {
        var block = TextBlock(width: m.cols * 2, height: m.rows)
        for r in 0..<m.rows {
            for c in 0..<m.cols {
                let cell = heatCell(m[r, c], scale)
                block[r, 2 * c] = cell; block[r, 2 * c + 1] = cell
            }
        }
        return block
    }

    /// A colour bar `h` lines tall, high values at the top, with labels at the ends (and 0 when diverging).
    func colorbar(_ scale: ColorScale, h: Int) -> TextBlock {
        let labels = [Ticks.compact(scale.hi), Ticks.compact(scale.lo),
                      scale.map == .diverging ? "0" : Ticks.compact((scale.lo + scale.hi) / 2)]
        var block = TextBlock(width: 3 + (labels.map(\.count).max() ?? 0) + 1, height: h)
        for r in 0..<h {
            let f = h == 1 ? 1 : 1 - Double(r) / Double(h - 1)
            let cell = heatCell(scale.lo + f * (scale.hi - scale.lo), scale)
            block[r, 0] = cell; block[r, 1] = cell
        }
        block.put(labels[0], row: 0, col: 3)
        if h > 1 { block.put(labels[1], row: h - 1, col: 3) }
        if h > 4 { block.put(labels[2], row: (h - 1) / 2, col: 3) }
        return block
    }
}

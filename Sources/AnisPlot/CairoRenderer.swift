// CairoRenderer: draws a Figure onto any cairo_t in points (1/72 inch); the PNG,
// SVG and PDF writers only choose the surface and the scale. The look follows
// matplotlib: white page, black spines, outward ticks with "nice" labels (log
// decades as 10ⁿ with minor ticks), a faint grid, tab10 colours, 10 pt DejaVu
// Sans, titles above panels, a shared figure title, and a grid of subplots. A twin
// panel has a second y axis with its ticks and label on the right spine.
import CCairo

struct Rect {
    var x: Double, y: Double, w: Double, h: Double
    var maxX: Double { x + w }
    var maxY: Double { y + h }
}

struct CairoRenderer {
    let cr: OpaquePointer
    let text: CairoText
    let fontSize = 10.0
    let titleSize = 12.0
    let tickLength = 3.5

    init(_ cr: OpaquePointer) { self.cr = cr; text = CairoText(cr: cr) }

    /// Draws `figure` filling a page of `width` × `height` points.
    func draw(_ figure: Figure, width: Double, height: Double) {
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_rectangle(cr, 0, 0, width, height)
        cairo_fill(cr)
        var top = 0.0
        if let t = figure.title {
            let m = text.measure(t, size: titleSize + 1, bold: true)
            text.draw(t, x: width / 2, y: 8, size: titleSize + 1, ax: 0.5, bold: true)
            top = 8 + m.h + 4
        }
        let cols = figure.columns, rows = figure.rows
        let cw = width / Double(cols), ch = (height - top) / Double(rows)
        for (i, p) in figure.panels.enumerated() {
            let cell = Rect(x: Double(i % cols) * cw, y: top + Double(i / cols) * ch, w: cw, h: ch)
            drawPanel(p, in: cell)
        }
    }

    // MARK: a panel

    func drawPanel(_ p: Panel, in cell: Rect) {
        var (x, y) = p.axes()
        let y2 = p.twinAxis()
        let scale = p.heatmap.map { ColorScale($0, p.colormap, limits: p.clim) }
        // Tick values and labels decide the margins.
        func yTickCount(_ h: Double) -> Int { max(3, Int(h / (p.ytickLabels == nil ? 40 : 14))) }
        var (yTicks, yLabels) = p.ticks(y, given: p.ytickLabels, maxCount: yTickCount(cell.h))
        let yLabelWidth = yLabels.map { text.measure($0, size: fontSize).w }.max() ?? 0
        let lineH = text.measure("0", size: fontSize).h
        var left = 8 + yLabelWidth + tickLength + 3.5
        if p.ylabel != nil { left += lineH + 4 }
        var bottom = 6 + tickLength + 3.5 + lineH
        if p.xlabel != nil { bottom += lineH + 4 }
        var top = 10.0
        if p.title != nil { top = 6 + text.measure(p.title ?? "", size: titleSize).h + 6 }
        var right = 12.0
        var barLabelWidth = 0.0
        if let scale, p.colorbar || scale.map == .categorical {
            let ct = scale.map == .categorical ? (values: [Double](), labels: p.categoryNames) : colorbarTicks(scale)
            barLabelWidth = ct.labels.map { text.measure($0, size: fontSize).w }.max() ?? 0
            right = 10 + 12 + tickLength + 3.5 + barLabelWidth + 10
        }
        let twinTicks = y2.map { p.ticks($0, given: nil, maxCount: yTickCount(cell.h)) }
        let twinLabelWidth = twinTicks.map { $0.labels.map { text.measure($0, size: fontSize).w }.max() ?? 0 } ?? 0
        if twinTicks != nil {
            right = 8 + twinLabelWidth + tickLength + 3.5
            if p.twin?.ylabel != nil { right += lineH + 4 }
        }
        var area = Rect(x: cell.x + left, y: cell.y + top, w: max(10, cell.w - left - right), h: max(10, cell.h - top - bottom))
        if let m = p.heatmap {  // square cells, centred in the space
            let side = min(area.w / Double(m.cols), area.h / Double(m.rows))
            let w = side * Double(m.cols), h = side * Double(m.rows)
            area = Rect(x: area.x + (area.w - w) / 2, y: area.y + (area.h - h) / 2, w: w, h: h)
        }
        if p.aspect == .equal {  // the ranges as drawn in this area; their ticks follow
            (x, y) = p.axes(width: area.w, height: area.h)
            (yTicks, yLabels) = p.ticks(y, given: p.ytickLabels, maxCount: yTickCount(cell.h))
        }
        let (xTicks, xTickLabels) = p.ticks(x, given: p.xtickLabels, maxCount: max(3, Int(area.w / (p.heatmap == nil ? 50 : 35))))

        if p.heatmap == nil { drawGrid(area, x: x, y: y, xTicks: p.barLabels == nil ? xTicks : [], yTicks: yTicks) }
        cairo_save(cr)
        cairo_rectangle(cr, area.x, area.y, area.w, area.h)
        cairo_clip(cr)
        drawSeries(p, area, x: x, y: y, y2: y2, scale: scale)
        cairo_restore(cr)
        drawSpines(area)

        // Ticks and labels.
        yTickMarks(area, y, yTicks, yLabels, onRight: false)
        if let y2, let twinTicks {
            yTickMarks(area, y2, twinTicks.values, twinTicks.labels, onRight: true)
            if let yl = p.twin?.ylabel {
                text.draw(yl, x: area.maxX + tickLength + 3.5 + twinLabelWidth + 4, y: area.y + area.h / 2,
                          size: fontSize, ax: 0.5, ay: 0, rotated: true)
            }
        }
        if let names = p.barLabels {
            for (k, name) in names.enumerated() {
                let px = area.x + x.fraction(Double(k)) * area.w
                tick(px, area.maxY, dx: 0, dy: tickLength)
                text.draw(name, x: px, y: area.maxY + tickLength + 3.5, size: fontSize, ax: 0.5)
            }
        } else {
            for (t, label) in zip(xTicks, xTickLabels) {
                let f = x.fraction(t)
                guard f.isFinite, f >= -1e-9, f <= 1 + 1e-9 else { continue }
                let px = area.x + f * area.w
                tick(px, area.maxY, dx: 0, dy: tickLength)
                text.draw(label, x: px, y: area.maxY + tickLength + 3.5, size: fontSize, ax: 0.5)
            }
            if x.log { for t in Ticks.logMinor(x.lo, x.hi) { tick(area.x + x.fraction(t) * area.w, area.maxY, dx: 0, dy: 2, width: 0.6) } }
        }

        if let t = p.title { text.draw(t, x: area.x + area.w / 2, y: area.y - 6, size: titleSize, ax: 0.5, ay: 1) }
        if let xl = p.xlabel {
            text.draw(xl, x: area.x + area.w / 2, y: area.maxY + tickLength + 3.5 + lineH + 4, size: fontSize, ax: 0.5)
        }
        if let yl = p.ylabel {
            text.draw(yl, x: area.x - tickLength - 3.5 - yLabelWidth - 4, y: area.y + area.h / 2,
                      size: fontSize, ax: 0.5, ay: 1, rotated: true)
        }
        if let scale, scale.map == .categorical {
            if p.legend != .none { drawCategoryLegend(p, Rect(x: area.maxX + 10, y: area.y, w: 12, h: area.h)) }
        } else if let scale, p.colorbar {
            drawColorbar(scale, Rect(x: area.maxX + 10, y: area.y, w: 12, h: area.h))
        } else {
            drawLegend(p, area, x: x, y: y, y2: y2)
        }
    }

    /// The ticks and labels of a y axis along the left spine of `area` (the right one for a twin axis).
    private func yTickMarks(_ area: Rect, _ y: Axis, _ ticks: [Double], _ labels: [String], onRight: Bool) {
        let spine = onRight ? area.maxX : area.x, out = onRight ? tickLength : -tickLength
        for (t, label) in zip(ticks, labels) {
            let f = y.fraction(t)
            guard f.isFinite, f >= -1e-9, f <= 1 + 1e-9 else { continue }
            let py = area.maxY - f * area.h
            tick(spine, py, dx: out, dy: 0)
            text.draw(label, x: spine + out + (onRight ? 3.5 : -3.5), y: py, size: fontSize, ax: onRight ? 0 : 1, ay: 0.5)
        }
        if y.log { for t in Ticks.logMinor(y.lo, y.hi) { tick(spine, area.maxY - y.fraction(t) * area.h, dx: onRight ? 2 : -2, dy: 0, width: 0.6) } }
    }

    /// A tick mark from (x, y) by (dx, dy).
    func tick(_ x: Double, _ y: Double, dx: Double, dy: Double, width: Double = 0.8) {
        guard x.isFinite, y.isFinite else { return }
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_line_width(cr, width)
        cairo_move_to(cr, x, y)
        cairo_line_to(cr, x + dx, y + dy)
        cairo_stroke(cr)
    }

    func drawSpines(_ a: Rect) {
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_set_line_width(cr, 0.8)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER)
        cairo_rectangle(cr, a.x, a.y, a.w, a.h)
        cairo_stroke(cr)
    }

    /// Faint lines at the major ticks, under the data.
    func drawGrid(_ a: Rect, x: Axis, y: Axis, xTicks: [Double], yTicks: [Double]) {
        cairo_set_source_rgb(cr, 0.9, 0.9, 0.9)
        cairo_set_line_width(cr, 0.6)
        for t in xTicks {
            let f = x.fraction(t)
            guard f.isFinite, f > 1e-6, f < 1 - 1e-6 else { continue }
            cairo_move_to(cr, a.x + f * a.w, a.y); cairo_line_to(cr, a.x + f * a.w, a.maxY)
        }
        for t in yTicks {
            let f = y.fraction(t)
            guard f.isFinite, f > 1e-6, f < 1 - 1e-6 else { continue }
            cairo_move_to(cr, a.x, a.maxY - f * a.h); cairo_line_to(cr, a.maxX, a.maxY - f * a.h)
        }
        cairo_stroke(cr)
    }

    func setColor(_ c: RGB, alpha: Double = 1) { cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha) }
}

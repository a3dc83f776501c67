// CairoRenderer+Overlays: styles (dashes, markers) and the series kinds that sit
// on top of data — shaded bands, error bars, reference lines, text — plus the
// legend's sample of each series and the legend's corner (a requested one, or the
// one covering the fewest data points).
import CCairo

extension CairoRenderer {
    /// Sets the dash pattern for `style` at line width `width` (solid: no dashes).
    func setDash(_ style: LineStyle, width: Double) {
        let pattern = style.dashPattern.map { $0 * width }
        pattern.withUnsafeBufferPointer { p in cairo_set_dash(cr, p.baseAddress, Int32(pattern.count), 0) }
    }

    /// One marker centred at (x, y), filled (circles, squares, triangles, diamonds, points) or stroked (x, +).
    func marker(_ m: Marker, _ x: Double, _ y: Double, size r: Double = 3) {
        guard x.isFinite, y.isFinite, abs(x) < 1e7, abs(y) < 1e7 else { return }
        cairo_new_sub_path(cr)
        switch m {
        case .none: return
        case .circle: cairo_arc(cr, x, y, r, 0, 2 * Double.pi)
        case .point: cairo_arc(cr, x, y, r * 0.5, 0, 2 * Double.pi)
        case .square: cairo_rectangle(cr, x - r, y - r, 2 * r, 2 * r)
        case .triangle:
            cairo_move_to(cr, x, y - r * 1.2); cairo_line_to(cr, x + r * 1.1, y + r * 0.8)
            cairo_line_to(cr, x - r * 1.1, y + r * 0.8); cairo_close_path(cr)
        case .diamond:
            cairo_move_to(cr, x, y - r * 1.3); cairo_line_to(cr, x + r, y)
            cairo_line_to(cr, x, y + r * 1.3); cairo_line_to(cr, x - r, y); cairo_close_path(cr)
        case .cross, .plus:
            let d = r * 1.1
            if m == .cross {
                cairo_move_to(cr, x - d, y - d); cairo_line_to(cr, x + d, y + d)
                cairo_move_to(cr, x - d, y + d); cairo_line_to(cr, x + d, y - d)
            } else {
                cairo_move_to(cr, x - d, y); cairo_line_to(cr, x + d, y)
                cairo_move_to(cr, x, y - d); cairo_line_to(cr, x, y + d)
            }
            cairo_set_line_width(cr, 1.2)
            setDash(.solid, width: 1)
            cairo_stroke(cr)
            return
        }
        cairo_fill(cr)
    }

    /// Bands, error bars, reference lines and text of series `s` (index `i`) in the axes `a`.
    func drawOverlay(_ s: Series, _ i: Int, _ a: Rect, x: Axis, y: Axis) {
        func px(_ v: Double) -> Double { a.x + x.fraction(v) * a.w }
        func py(_ v: Double) -> Double { a.maxY - y.fraction(v) * a.h }
        func ok(_ v: Double) -> Bool { v.isFinite && abs(v) < 1e7 }
        let color = s.color(at: i)
        switch s.kind {
        case .band(let xs, let lower, let upper):
            // One polygon per run of finite points: along the upper curve, back along the lower.
            var run: [Int] = []
            func flush() {
                defer { run = [] }
                guard run.count >= 2 else { return }
                cairo_move_to(cr, px(xs[run[0]]), py(upper[run[0]]))
                for k in run.dropFirst() { cairo_line_to(cr, px(xs[k]), py(upper[k])) }
                for k in run.reversed() { cairo_line_to(cr, px(xs[k]), py(lower[k])) }
                cairo_close_path(cr)
            }
            for k in xs.indices {
                if ok(px(xs[k])) && ok(py(lower[k])) && ok(py(upper[k])) { run.append(k) } else { flush() }
            }
            flush()
            setColor(color, alpha: s.style.alpha ?? 0.25)
            cairo_fill(cr)
        case .errorbar(let xs, let ys, let lower, let upper):
            setColor(color)
            cairo_set_line_width(cr, 1.2)
            setDash(.solid, width: 1)
            for k in xs.indices where ok(px(xs[k])) && ok(py(lower[k])) && ok(py(upper[k])) {
                let qx = px(xs[k])
                cairo_move_to(cr, qx, py(lower[k])); cairo_line_to(cr, qx, py(upper[k]))
                for v in [lower[k], upper[k]] { cairo_move_to(cr, qx - 3, py(v)); cairo_line_to(cr, qx + 3, py(v)) }
            }
            cairo_stroke(cr)
            if s.lineStyle != .none { polyline(xs.map(px), ys.map(py), s.lineStyle) }
            for k in xs.indices { marker(s.marker, px(xs[k]), py(ys[k])) }
        case .hline(let v):
            setColor(color)
            polyline([a.x, a.maxX], [py(v), py(v)], s.lineStyle, width: 1)
        case .vline(let v):
            setColor(color)
            polyline([px(v), px(v)], [a.y, a.maxY], s.lineStyle, width: 1)
        case .text(let tx, let ty, let string):
            let qx = px(tx), qy = py(ty)
            guard ok(qx), ok(qy) else { return }
            setColor(color)
            text.draw(string, x: qx, y: qy, size: fontSize - 1, ax: 0, ay: 0.5, color: color)
        default:
            break
        }
    }

    /// A stroked polyline in the current colour, breaking at non-finite points.
    func polyline(_ xs: [Double], _ ys: [Double], _ style: LineStyle, width: Double = 1.5) {
        guard style != .none else { return }
        cairo_set_line_width(cr, width)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_line_cap(cr, style == .solid ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT)
        setDash(style, width: width)
        var open = false
        for k in 0..<min(xs.count, ys.count) {
            let qx = xs[k], qy = ys[k]
            guard qx.isFinite, qy.isFinite, abs(qx) < 1e7, abs(qy) < 1e7 else { open = false; continue }
            if open { cairo_line_to(cr, qx, qy) } else { cairo_move_to(cr, qx, qy); cairo_line_to(cr, qx, qy); open = true }
        }
        cairo_stroke(cr)
        setDash(.solid, width: width)
    }

    /// The legend's picture of series `s`, centred vertically at `cy`, from `x0` to `x0 + 22`.
    func legendSample(_ s: Series, _ color: RGB, x0: Double, cy: Double) {
        switch s.kind {
        case .line, .hline, .vline, .errorbar, .scatter:
            setColor(color)
            if s.lineStyle != .none { polyline([x0, x0 + 22], [cy, cy], s.lineStyle, width: 1.5) }
            if case .errorbar = s.kind {
                cairo_set_line_width(cr, 1.2)
                cairo_move_to(cr, x0 + 11, cy - 5); cairo_line_to(cr, x0 + 11, cy + 5)
                cairo_stroke(cr)
            }
            var isScatter = false
            if case .scatter = s.kind { isScatter = true }
            setColor(color, alpha: isScatter ? 0.8 : 1)
            marker(s.marker, x0 + 11, cy)
        case .band:
            setColor(color, alpha: s.style.alpha ?? 0.25)
            cairo_rectangle(cr, x0 + 4, cy - 4, 14, 8)
            cairo_fill(cr)
        default:
            setColor(color)
            cairo_rectangle(cr, x0 + 4, cy - 4, 14, 8)
            cairo_fill(cr)
        }
    }

    /// The top-left corner of a `w` × `h` legend box inside `a`: the requested corner, or
    /// for "best" the corner covering the fewest data points (curves, bands and error bars).
    func legendCorner(_ p: Panel, _ a: Rect, w: Double, h: Double, x: Axis, y left: Axis, y2: Axis?) -> (Double, Double) {
        let inset = 6.0
        let corners: [LegendPlacement: (Double, Double)] = [
            .upperRight: (a.maxX - w - inset, a.y + inset), .upperLeft: (a.x + inset, a.y + inset),
            .lowerRight: (a.maxX - w - inset, a.maxY - h - inset), .lowerLeft: (a.x + inset, a.maxY - h - inset),
        ]
        if let chosen = corners[p.legend] { return chosen }
        // The data points in page coordinates, each series against its own y axis.
        var points: [(Double, Double)] = []
        for s in p.series {
            let y = p.yAxis(of: s, left: left, right: y2)
            func add(_ vx: Double, _ vy: Double) { points.append((a.x + x.fraction(vx) * a.w, a.maxY - y.fraction(vy) * a.h)) }
            switch s.kind {
            case .line(let xs, let ys), .scatter(let xs, let ys), .errorbar(let xs, let ys, _, _):
                for k in 0..<min(xs.count, ys.count) { add(xs[k], ys[k]) }
            case .band(let xs, let lower, let upper):
                for k in xs.indices { add(xs[k], lower[k]); add(xs[k], upper[k]) }
            default: break
            }
        }
        var best = corners[.upperRight] ?? (a.x, a.y), fewest = Int.max
        for placement in [LegendPlacement.upperRight, .upperLeft, .lowerRight, .lowerLeft] {
            guard let corner = corners[placement] else { continue }
            var n = 0
            for (qx, qy) in points where qx >= corner.0 && qx <= corner.0 + w && qy >= corner.1 && qy <= corner.1 + h { n += 1 }
            if n < fewest { fewest = n; best = corner }
        }
        return best
    }
}

extension CairoRenderer {
    /// A categorical heatmap's legend beside the axes: a swatch and the name of each category.
    func drawCategoryLegend(_ p: Panel, _ a: Rect) {
        let rowH = text.measure("Ag", size: fontSize).h + 4
        for (k, name) in p.categoryNames.enumerated() {
            let cy = a.y + rowH * (Double(k) + 0.5)
            guard cy < a.maxY + rowH else { break }
            setColor(Palette.color(k))
            cairo_rectangle(cr, a.x, cy - 5, 12, 10)
            cairo_fill(cr)
            text.draw(name, x: a.x + 12 + tickLength + 3.5, y: cy, size: fontSize, ax: 0, ay: 0.5)
        }
    }
}

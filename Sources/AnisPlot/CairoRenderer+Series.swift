// CairoRenderer+Series: the data layer of a panel in Cairo — anti-aliased
// lines that break at nan, round scatter markers, histogram and bar rectangles,
// heatmaps as nearest-neighbour images with square cells — plus the colour bar
// and the legend (placed in the corner of the axes that hides the least data).
import CCairo

extension CairoRenderer {
    func drawSeries(_ p: Panel, _ a: Rect, x: Axis, y left: Axis, y2: Axis?, scale: ColorScale?) {
        for (i, s) in p.series.enumerated() {
            let y = p.yAxis(of: s, left: left, right: y2)
            func px(_ v: Double) -> Double { a.x + x.fraction(v) * a.w }
            func py(_ v: Double) -> Double { a.maxY - y.fraction(v) * a.h }
            let base = y.log ? y.lo : min(max(0, y.lo), y.hi)
            let color = s.color(at: i)
            switch s.kind {
            case .line(let xs, let ys):
                setColor(color)
                polyline(xs.map(px), ys.map(py), s.lineStyle)
                for k in 0..<min(xs.count, ys.count) where s.marker != .none { marker(s.marker, px(xs[k]), py(ys[k])) }
            case .scatter(let xs, let ys):
                setColor(color, alpha: 0.8)
                if s.lineStyle != .none { polyline(xs.map(px), ys.map(py), s.lineStyle) }
                for k in 0..<min(xs.count, ys.count) { marker(s.marker, px(xs[k]), py(ys[k])) }
            case .histogram(let edges, let counts):
                for k in 0..<counts.count where !(y.log && counts[k] <= 0) {
                    bar(px(edges[k]), px(edges[k + 1]), py(base), py(counts[k]), color)
                }
            case .bar(let values, _):
                for (k, v) in values.enumerated() {
                    bar(px(Double(k) - 0.4), px(Double(k) + 0.4), py(base), py(v), color)
                }
            case .heatmap(let m):
                if let scale { drawImage(m, scale, a) }
            case .band, .errorbar, .hline, .vline, .text:
                drawOverlay(s, i, a, x: x, y: y)
            }
        }
    }

    /// A filled rectangle with a thin white edge (separates adjacent histogram bins).
    private func bar(_ x0: Double, _ x1: Double, _ y0: Double, _ y1: Double, _ color: RGB) {
        guard x0.isFinite, x1.isFinite, y0.isFinite, y1.isFinite else { return }
        let top = max(min(y0, y1), -1e6), bottom = min(max(y0, y1), 1e6)
        cairo_rectangle(cr, min(x0, x1), top, abs(x1 - x0), bottom - top)
        setColor(color)
        cairo_fill_preserve(cr)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_set_line_width(cr, 0.5)
        cairo_stroke(cr)
    }

    /// The matrix as an image, one pixel per cell, scaled without smoothing into `a`.
    /// nan/inf cells stay transparent (the page shows through).
    func drawImage(_ m: Matrix, _ scale: ColorScale, _ a: Rect) {
        drawPixels(rows: m.rows, cols: m.cols, a) { r, c in scale.color(m[r, c]) }
    }

    private func drawPixels(rows: Int, cols: Int, _ a: Rect, _ color: (Int, Int) -> RGB?) {
        guard rows > 0, cols > 0, rows < 32_000, cols < 32_000,
              let img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(cols), Int32(rows)),
              cairo_surface_status(img) == CAIRO_STATUS_SUCCESS else { return }
        defer { cairo_surface_destroy(img) }
        cairo_surface_flush(img)
        guard let data = cairo_image_surface_get_data(img) else { return }
        let stride = Int(cairo_image_surface_get_stride(img))
        for r in 0..<rows {
            let row = UnsafeMutableRawPointer(data + r * stride).assumingMemoryBound(to: UInt32.self)
            for c in 0..<cols {
                guard let rgb = color(r, c) else { row[c] = 0; continue }
                let (R, G, B) = rgb.bytes
                row[c] = 0xff00_0000 | UInt32(R) << 16 | UInt32(G) << 8 | UInt32(B)
            }
        }
        cairo_surface_mark_dirty(img)
        cairo_save(cr)
        cairo_translate(cr, a.x, a.y)
        cairo_scale(cr, a.w / Double(cols), a.h / Double(rows))
        cairo_set_source_surface(cr, img, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
        cairo_rectangle(cr, 0, 0, Double(cols), Double(rows))
        cairo_fill(cr)
        cairo_restore(cr)
    }

    /// Nice ticks along a colour bar (0 among them for a diverging map).
    func colorbarTicks(_ s: ColorScale) -> (values: [Double], labels: [String]) {
        let t = Ticks.linear(s.lo, s.hi, maxCount: 7)
        return (t, Ticks.labels(t, log: false))
    }

    func drawColorbar(_ s: ColorScale, _ a: Rect) {
        drawPixels(rows: 256, cols: 1, a) { r, _ in Colormap.color(s.map, 1 - (Double(r) + 0.5) / 256) }
        drawSpines(a)
        let (values, labels) = colorbarTicks(s)
        for (v, label) in zip(values, labels) {
            let py = a.maxY - (v - s.lo) / (s.hi - s.lo) * a.h
            tick(a.maxX, py, dx: tickLength, dy: 0)
            text.draw(label, x: a.maxX + tickLength + 3.5, y: py, size: fontSize, ax: 0, ay: 0.5)
        }
    }

    /// The legend box in the emptiest corner of the axes.
    func drawLegend(_ p: Panel, _ a: Rect, x: Axis, y: Axis, y2: Axis?) {
        let entries = p.legendEntries
        guard !entries.isEmpty else { return }
        let size = fontSize - 1
        let rowH = text.measure("Ag", size: size).h + 2
        let labelW = entries.map { text.measure($0.label, size: size).w }.max() ?? 0
        let w = 8 + 22 + 6 + labelW + 8, h = 6 + rowH * Double(entries.count) + 4
        let best = legendCorner(p, a, w: w, h: h, x: x, y: y, y2: y2)
        let box = Rect(x: best.0, y: best.1, w: w, h: h)
        roundedRect(box, radius: 2.5)
        cairo_set_source_rgba(cr, 1, 1, 1, 0.85)
        cairo_fill_preserve(cr)
        cairo_set_source_rgb(cr, 0.8, 0.8, 0.8)
        cairo_set_line_width(cr, 0.8)
        cairo_stroke(cr)
        for (r, e) in entries.enumerated() {
            let cy = box.y + 6 + rowH * (Double(r) + 0.5)
            let series = p.series[e.colorIndex]
            legendSample(series, series.color(at: e.colorIndex), x0: box.x + 8, cy: cy)
            text.draw(e.label, x: box.x + 36, y: cy, size: size, ax: 0, ay: 0.5)
        }
    }

    private func roundedRect(_ r: Rect, radius: Double) {
        cairo_new_sub_path(cr)
        cairo_arc(cr, r.maxX - radius, r.y + radius, radius, -Double.pi / 2, 0)
        cairo_arc(cr, r.maxX - radius, r.maxY - radius, radius, 0, Double.pi / 2)
        cairo_arc(cr, r.x + radius, r.maxY - radius, radius, Double.pi / 2, Double.pi)
        cairo_arc(cr, r.x + radius, r.y + radius, radius, Double.pi, 3 * Double.pi / 2)
        cairo_close_path(cr)
    }
}

// CairoText: text for the Cairo renderer through Pango, so any Unicode the
// DejaVu fonts carry (σ₁/σ₂, Greek, superscripts like 10⁻³) draws correctly in
// PNG, SVG and PDF. Sizes are in the renderer's user units (points); text is
// anchored by fractions of its box and can be rotated 90° (y labels).
import CCairo

struct CairoText {
    let cr: OpaquePointer
    var family = "DejaVu Sans"

    /// A laid-out string; free with `release`.
    private func layout(_ s: String, size: Double, bold: Bool) -> OpaquePointer? {
        guard let layout = pango_cairo_create_layout(cr) else { return nil }
        if let options = cairo_font_options_create() {
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
            pango_cairo_context_set_font_options(pango_layout_get_context(layout), options)
            cairo_font_options_destroy(options)
        }
        if let desc = pango_font_description_new() {
            pango_font_description_set_family(desc, family)
            pango_font_description_set_absolute_size(desc, size * Double(PANGO_SCALE))
            pango_font_description_set_weight(desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
            pango_layout_set_font_description(layout, desc)
            pango_font_description_free(desc)
        }
        pango_layout_set_text(layout, s, -1)
        return layout
    }

    private func release(_ layout: OpaquePointer) { g_object_unref(UnsafeMutableRawPointer(layout)) }

    /// Width and height of `s` set at `size` points.
    func measure(_ s: String, size: Double, bold: Bool = false) -> (w: Double, h: Double) {
        guard !s.isEmpty, let l = layout(s, size: size, bold: bold) else { return (0, 0) }
        defer { release(l) }
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(l, &ink, &logical)
        let scale = Double(PANGO_SCALE)
        return (Double(logical.width) / scale, Double(logical.height) / scale)
    }

    /// Draws `s` so that the point (ax, ay) of its box — (0, 0) top-left, (0.5, 0.5)
    /// centre, (1, 1) bottom-right — lands on (x, y); `rotated` turns it 90° counter-clockwise.
    func draw(_ s: String, x: Double, y: Double, size: Double, ax: Double = 0, ay: Double = 0,
              rotated: Bool = false, bold: Bool = false, color: RGB = RGB(0, 0, 0)) {
        guard !s.isEmpty, let l = layout(s, size: size, bold: bold) else { return }
        defer { release(l) }
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(l, &ink, &logical)
        let scale = Double(PANGO_SCALE)
        let w = Double(logical.width) / scale, h = Double(logical.height) / scale
        cairo_save(cr)
        cairo_set_source_rgb(cr, color.r, color.g, color.b)
        cairo_translate(cr, x, y)
        if rotated { cairo_rotate(cr, -Double.pi / 2) }
        cairo_move_to(cr, -ax * w - Double(logical.x) / scale, -ay * h - Double(logical.y) / scale)
        pango_cairo_update_layout(cr, l)
        pango_cairo_show_layout(cr, l)
        cairo_restore(cr)
    }
}

// forwarders: the Cairo, Pango and GObject functions AnisPlot calls, opening the
// libraries on the first call (see CLazyLibrary.h and CCairo.h).
#include "CCairo.h"
#include "CLazyLibrary.h"

ANIS_LAZY_LIBRARY(cairo, "Cairo/Pango", "install libcairo2 and libpangocairo-1.0-0 (scripts/setup.sh)",
                  "libcairo.so.2", "libpangocairo-1.0.so.0", "libpango-1.0.so.0", "libgobject-2.0.so.0");

int anis_cairo_load(void) { return anis_lazy_open(&cairo); }
const char *anis_cairo_load_error(void) { return anis_lazy_error(&cairo); }

typedef cairo_t C;
typedef cairo_surface_t S;
typedef cairo_font_options_t FO;
typedef cairo_write_func_t W;
typedef double D;

#define F(type, name, params, args) ANIS_FORWARD(cairo, type, name, params, args)
#define V(name, params, args) ANIS_FORWARD_VOID(cairo, name, params, args)

// Contexts and paths
F(C *, cairo_create, (S * s), (s))
V(cairo_destroy, (C * cr), (cr))
F(cairo_status_t, cairo_status, (C * cr), (cr))
V(cairo_save, (C * cr), (cr))
V(cairo_restore, (C * cr), (cr))
V(cairo_translate, (C * cr, D x, D y), (cr, x, y))
V(cairo_scale, (C * cr, D x, D y), (cr, x, y))
V(cairo_rotate, (C * cr, D a), (cr, a))
V(cairo_move_to, (C * cr, D x, D y), (cr, x, y))
V(cairo_line_to, (C * cr, D x, D y), (cr, x, y))
V(cairo_rectangle, (C * cr, D x, D y, D w, D h), (cr, x, y, w, h))
V(cairo_arc, (C * cr, D x, D y, D r, D a1, D a2), (cr, x, y, r, a1, a2))
V(cairo_new_sub_path, (C * cr), (cr))
V(cairo_close_path, (C * cr), (cr))
V(cairo_stroke, (C * cr), (cr))
V(cairo_fill, (C * cr), (cr))
V(cairo_fill_preserve, (C * cr), (cr))
V(cairo_clip, (C * cr), (cr))
V(cairo_set_line_width, (C * cr, D w), (cr, w))
V(cairo_set_line_cap, (C * cr, cairo_line_cap_t c), (cr, c))
V(cairo_set_line_join, (C * cr, cairo_line_join_t j), (cr, j))
V(cairo_set_dash, (C * cr, const D *dashes, int n, D offset), (cr, dashes, n, offset))
V(cairo_set_source_rgb, (C * cr, D r, D g, D b), (cr, r, g, b))
V(cairo_set_source_rgba, (C * cr, D r, D g, D b, D a), (cr, r, g, b, a))
V(cairo_set_source_surface, (C * cr, S *s, D x, D y), (cr, s, x, y))
F(cairo_pattern_t *, cairo_get_source, (C * cr), (cr))
V(cairo_pattern_set_filter, (cairo_pattern_t * p, cairo_filter_t f), (p, f))
F(const char *, cairo_status_to_string, (cairo_status_t s), (s))

// Surfaces
F(S *, cairo_image_surface_create, (cairo_format_t f, int w, int h), (f, w, h))
F(S *, cairo_image_surface_create_from_png, (const char *path), (path))
F(unsigned char *, cairo_image_surface_get_data, (S * s), (s))
F(int, cairo_image_surface_get_width, (S * s), (s))
F(int, cairo_image_surface_get_height, (S * s), (s))
F(int, cairo_image_surface_get_stride, (S * s), (s))
F(S *, cairo_svg_surface_create_for_stream, (W w, void *closure, D width, D height), (w, closure, width, height))
F(S *, cairo_pdf_surface_create_for_stream, (W w, void *closure, D width, D height), (w, closure, width, height))
F(cairo_status_t, cairo_surface_write_to_png_stream, (S * s, W w, void *closure), (s, w, closure))
F(cairo_status_t, cairo_surface_status, (S * s), (s))
V(cairo_surface_flush, (S * s), (s))
V(cairo_surface_mark_dirty, (S * s), (s))
V(cairo_surface_finish, (S * s), (s))
V(cairo_surface_destroy, (S * s), (s))

// Font options
F(FO *, cairo_font_options_create, (void), ())
V(cairo_font_options_destroy, (FO * o), (o))
V(cairo_font_options_set_hint_style, (FO * o, cairo_hint_style_t h), (o, h))
V(cairo_font_options_set_hint_metrics, (FO * o, cairo_hint_metrics_t h), (o, h))

// Pango and GObject
typedef PangoLayout L;
typedef PangoFontDescription FD;
F(L *, pango_cairo_create_layout, (C * cr), (cr))
V(pango_cairo_update_layout, (C * cr, L *l), (cr, l))
V(pango_cairo_show_layout, (C * cr, L *l), (cr, l))
V(pango_cairo_context_set_font_options, (PangoContext * c, const FO *o), (c, o))
F(PangoContext *, pango_layout_get_context, (L * l), (l))
V(pango_layout_set_font_description, (L * l, const FD *d), (l, d))
V(pango_layout_set_text, (L * l, const char *text, int length), (l, text, length))
V(pango_layout_get_extents, (L * l, PangoRectangle *ink, PangoRectangle *logical), (l, ink, logical))
F(FD *, pango_font_description_new, (void), ())
V(pango_font_description_free, (FD * d), (d))
V(pango_font_description_set_family, (FD * d, const char *family), (d, family))
V(pango_font_description_set_absolute_size, (FD * d, D size), (d, size))
V(pango_font_description_set_weight, (FD * d, PangoWeight w), (d, w))
V(g_object_unref, (void *object), (object))

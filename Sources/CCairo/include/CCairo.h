// CCairo: Cairo (image, SVG and PDF surfaces) and Pango/PangoCairo (text layout) for
// AnisPlot's file renderer, opened when the first plot is rendered to a file or to
// bytes (see CLazyLibrary.h): loading them with GLib, HarfBuzz, fontconfig and X11's
// client libraries took about a third of `anis -e 1`.
//
// Cairo's own headers declare its functions (they need only /usr/include). The few
// Pango and GObject functions the renderer calls are declared below from Pango's
// documented API, so the build does not need GLib's architecture-dependent include
// folders; forwarders.c checks every forwarder against these prototypes.
#ifndef ANIS_CCAIRO_H
#define ANIS_CCAIRO_H

#include <cairo/cairo.h>
#include <cairo/cairo-pdf.h>
#include <cairo/cairo-svg.h>

/// Opens Cairo and Pango if not done yet: 0, or -1 with a message from anis_cairo_load_error().
int anis_cairo_load(void);
const char *anis_cairo_load_error(void);

// Pango 1.x (libpango-1.0.so.0, libpangocairo-1.0.so.0) and GObject.
typedef struct _PangoContext PangoContext;
typedef struct _PangoLayout PangoLayout;
typedef struct _PangoFontDescription PangoFontDescription;
typedef struct { int x, y, width, height; } PangoRectangle;
typedef enum { PANGO_WEIGHT_NORMAL = 400, PANGO_WEIGHT_BOLD = 700 } PangoWeight;
#define PANGO_SCALE 1024

PangoLayout *pango_cairo_create_layout(cairo_t *cr);
void pango_cairo_update_layout(cairo_t *cr, PangoLayout *layout);
void pango_cairo_show_layout(cairo_t *cr, PangoLayout *layout);
void pango_cairo_context_set_font_options(PangoContext *context, const cairo_font_options_t *options);
PangoContext *pango_layout_get_context(PangoLayout *layout);
void pango_layout_set_font_description(PangoLayout *layout, const PangoFontDescription *desc);
void pango_layout_set_text(PangoLayout *layout, const char *text, int length);
void pango_layout_get_extents(PangoLayout *layout, PangoRectangle *ink_rect, PangoRectangle *logical_rect);
PangoFontDescription *pango_font_description_new(void);
void pango_font_description_free(PangoFontDescription *desc);
void pango_font_description_set_family(PangoFontDescription *desc, const char *family);
void pango_font_description_set_absolute_size(PangoFontDescription *desc, double size);
void pango_font_description_set_weight(PangoFontDescription *desc, PangoWeight weight);
void g_object_unref(void *object);

#endif

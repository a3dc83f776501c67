// CCairo: Cairo (image, SVG and PDF surfaces) and Pango/PangoCairo (text layout)
// behind one module, for AnisPlot's file renderer. Include paths come from
// pkg-config (pangocairo) via Package.swift.
#include <cairo/cairo.h>
#include <cairo/cairo-svg.h>
#include <cairo/cairo-pdf.h>
#include <pango/pangocairo.h>

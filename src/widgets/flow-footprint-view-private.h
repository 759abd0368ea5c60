/* flow-footprint-view-private.h: the footprint view's insides, shared with its layers
 *
 * The view owns the state (model, viewport, palette, glyph fonts, frame scratch) and lays out
 * each frame; the drawing of each layer lives in its own file (flow-footprint-cells.c, -axes,
 * -footer, -ltp, -profile, -crosshair) and reads that state from here, as GTK's own widgets
 * share their instance structs through -private.h headers.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <math.h>
#include <pango/pangocairo.h>

#include "flow-chart-palette.h"
#include "flow-chart-text.h"
#include "flow-footprint-layer.h"
#include "flow-footprint-view.h"
#include "flow-footprint-viewport.h"

G_BEGIN_DECLS

#define UI_FONT_PX            11
#define MIN_CELL_FONT_PX       8
#define MAX_CELL_FONT_PX      14
#define N_SHADES              12
#define CELL_PAD               3.0
#define FOOTER_ROWS            3

typedef enum
{
  INK_TEXT,
  INK_TEXT_DIM,
  INK_BUY,
  INK_SELL,
  INK_LABEL,
  N_INKS
} Ink;

G_STATIC_ASSERT (N_INKS <= FLOW_TEXT_MAX_INKS);

typedef enum
{
  TINT_NEUTRAL,
  TINT_BUY,
  TINT_SELL,
  N_TINTS
} Tint;

typedef struct
{
  gboolean dark;
  GdkRGBA  bg;
  GdkRGBA  fg;
  GdkRGBA  panel;        /* axes and footer */
  GdkRGBA  grid;
  GdkRGBA  border;
  GdkRGBA  ink[N_INKS];
  GdkRGBA  buy;
  GdkRGBA  sell;
  GdkRGBA  poc;
  GdkRGBA  gap;
  GdkRGBA  accent;
  GdkRGBA  shade[N_TINTS][N_SHADES];
} Palette;

/* Where things are for one frame of a given size. */
typedef struct
{
  double  width;
  double  height;
  double  scale;
  double  plot_w;          /* the plot starts at (0, 0) */
  double  plot_h;
  double  footer_y;
  double  footer_row_h;
  double  axis_y;          /* top of the time axis */
  gint64  interval_ms;
  gint64  row;
  gint64  anchor_ms;       /* start of bucket 0 */
  double  x0;              /* x of bucket 0's left edge */
  double  y0;              /* y of price 0 */
} Layout;

typedef enum
{
  CELL_TEXT_NONE,
  CELL_TEXT_TOTAL,        /* one compact number: the cell's volume */
  CELL_TEXT_COMPACT,      /* sell × buy, in k and M */
  CELL_TEXT_FULL,         /* sell × buy, every digit */
} CellText;

struct _FlowFootprintView
{
  GtkWidget          parent_instance;

  FlowFootprint     *footprint;

  /* Where the chart looks: time and price origin, zoom, following live. */
  FlowFootprintViewport *viewport;
  gint64             tick_size;      /* paise; 0: unknown */
  gboolean           show_profile;   /* the session volume profile at the plot's right edge */
  gint64             auto_row;       /* the row the view would choose, 0 before data */
  guint              auto_row_idle_id;

  /* Input */
  double             drag_left_ms;
  double             drag_top_price;
  gboolean           dragging;
  guint              kinetic_tick_id;  /* a released drag gliding on, see on_swipe() */
  double             kinetic_vx;       /* px/s */
  double             kinetic_vy;
  gint64             kinetic_last_us;  /* frame time of the last glide step */
  double             pinch_width;
  double             pinch_height;
  double             pinch_x;
  double             pinch_y;
  gboolean           hovering;
  double             hover_x;
  double             hover_y;

  /* Style */
  Palette            palette;
  FlowGlyphFont          fonts[2][MAX_CELL_FONT_PX + 1];   /* [bold][px], built on first use */
  PangoFontDescription *font_desc;                     /* family of the UI font */
  PangoLayout       *footer_labels[FOOTER_ROWS];

  /* Frame scratch, kept to avoid reallocating every frame. */
  GArray            *visible;        /* FlowFootprintBucket */
  GArray            *shade_rects[N_TINTS][N_SHADES];
  FlowTextBatch          cell_text;
  FlowTextBatch          footer_text;
  FlowTextBatch          axis_text;

  /* The drawn layers, children in drawing order (see flow-footprint-layer.h), and the layout
   * of the frame they draw, made once per frame in the view's own snapshot. */
  GtkWidget         *layers[FLOW_FOOTPRINT_N_LAYERS];
  Layout             frame;
  /* The size last drawn at, for commands given to a view that has no allocation (offscreen). */
  int                last_width;
  int                last_height;

  guint              a11y_timeout_id;
};

/* The zoom, as the viewport holds it: pixels per bucket and per row. */
#define BUCKET_WIDTH(self) flow_footprint_viewport_get_bucket_width ((self)->viewport)
#define ROW_HEIGHT(self)   flow_footprint_viewport_get_row_height ((self)->viewport)


/* Shared by the view and its layers' drawing. */

static inline double
snap (double v,
      double scale)
{
  return round (v * scale) / scale;
}

static inline const FlowGlyphFont *
get_font (FlowFootprintView *self,
          int                px,
          gboolean           bold)
{
  FlowGlyphFont *gf;

  px = CLAMP (px, MIN_CELL_FONT_PX, MAX_CELL_FONT_PX);
  gf = &self->fonts[bold][px];
  if (gf->font == NULL)
    flow_glyph_font_build (gf, gtk_widget_get_pango_context (GTK_WIDGET (self)), self->font_desc,
                      px, bold);
  return gf;
}

static inline const FlowGlyphFont *
ui_font (FlowFootprintView *self,
         gboolean           bold)
{
  return get_font (self, UI_FONT_PX, bold);
}

static inline double
ui_line_height (FlowFootprintView *self)
{
  const FlowGlyphFont *gf = ui_font (self, FALSE);

  return ceil (gf->ascent + gf->descent);
}

static inline double
bucket_x (const Layout            *l,
          const FlowFootprintView *self,
          gint64                   index)
{
  return snap (l->x0 + index * BUCKET_WIDTH (self), l->scale);
}

/* Top edge of the row of @level. */
static inline double
level_y (const Layout            *l,
         const FlowFootprintView *self,
         gint64                   level)
{
  return snap (l->y0 - (double) (level / l->row + 1) * ROW_HEIGHT (self), l->scale);
}

static inline gint64
index_at_x (const Layout            *l,
            const FlowFootprintView *self,
            double                   x)
{
  return (gint64) floor ((x - l->x0) / BUCKET_WIDTH (self));
}

static inline gint64
level_at_y (const Layout            *l,
            const FlowFootprintView *self,
            double                   y)
{
  return (gint64) floor ((l->y0 - y) / ROW_HEIGHT (self)) * l->row;
}

static inline gboolean
get_live_state (FlowFootprintView *self,
                gint64            *newest_index,
                gint64            *ltp)
{
  gint64 last_time = flow_footprint_get_last_time_ms (self->footprint);

  if (flow_footprint_get_n_snapshots (self->footprint) == 0 || last_time == 0)
    return FALSE;
  *newest_index = flow_footprint_get_bucket_index_at (self->footprint, last_time);
  *ltp = flow_footprint_get_last_ltp (self->footprint);
  return TRUE;
}

static inline void
fill_rect (cairo_t       *cr,
           const GdkRGBA *c,
           double         x,
           double         y,
           double         w,
           double         h)
{
  gdk_cairo_set_source_rgba (cr, c);
  cairo_rectangle (cr, x, y, w, h);
  cairo_fill (cr);
}

/* The session volume profile's widest bar. */
#define PROFILE_MAX_WIDTH 220.0

/* Each layer's drawing, in cairo units of the whole view (flow-footprint-view.c lays out the
 * frame and hands each layer a surface over its part). */
void
flow_footprint_draw_cells (FlowFootprintView *self,
                           cairo_t           *cr,
                           const Layout      *l,
                           gint64             first_index,
                           gint64             last_index);
void
flow_footprint_draw_grid (FlowFootprintView *self,
                          cairo_t           *cr,
                          const Layout      *l,
                          gint64             first_index,
                          gint64             last_index,
                          gint64             label_step);
void
flow_footprint_draw_placeholder (FlowFootprintView *self,
                                 cairo_t           *cr,
                                 const Layout      *l);
gint64
flow_footprint_price_label_step (FlowFootprintView *self,
                                 const Layout      *l);
void
flow_footprint_draw_price_axis (FlowFootprintView *self,
                                cairo_t           *cr,
                                const Layout      *l,
                                gint64             step);
void
flow_footprint_draw_time_axis (FlowFootprintView *self,
                               cairo_t           *cr,
                               const Layout      *l,
                               gint64             first_index,
                               gint64             last_index);
void
flow_footprint_draw_footer (FlowFootprintView *self,
                            cairo_t           *cr,
                            const Layout      *l);
void
flow_footprint_draw_ltp (FlowFootprintView *self,
                         cairo_t           *cr,
                         const Layout      *l);
gboolean
flow_footprint_ltp_band (FlowFootprintView *self,
                         const Layout      *l,
                         double            *top,
                         double            *height);
void
flow_footprint_draw_profile (FlowFootprintView *self,
                             cairo_t           *cr,
                             Layout            *l);
void
flow_footprint_snapshot_crosshair (FlowFootprintView *self,
                                   GtkSnapshot       *snapshot,
                                   const Layout      *l);

/* Draws layer @kind of the frame the view laid out in its own snapshot. */
void flow_footprint_view_snapshot_layer (FlowFootprintView      *self,
                                         FlowFootprintLayerKind  kind,
                                         GtkSnapshot            *snapshot);

G_END_DECLS

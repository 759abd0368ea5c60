/* flow-footprint-ltp.c: the last traded price: its dashed line and its tags
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-footprint-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "flow-footprint-view-private.h"
#include "flow-ist.h"

/* The seed's LTP: a line at the LTP level up to the current bucket, the price in the next
 * bucket, and a tag on the axis. */
void
flow_footprint_draw_ltp (FlowFootprintView *self,
                         cairo_t           *cr,
                         const Layout      *l)
{
  const Palette *p = &self->palette;
  const FlowGlyphFont *gf = ui_font (self, TRUE);
  gint64 newest, ltp;
  FlowFootprintBucket b;
  const GdkRGBA *c;
  double y, x_end, w, h = ui_line_height (self) + 4;
  char buf[32];

  if (!get_live_state (self, &newest, &ltp) || ltp <= 0)
    return;
  y = level_y (l, self, ltp / l->row * l->row) + ROW_HEIGHT (self) / 2;
  if (y < -h || y > l->plot_h + h)
    return;
  c = flow_footprint_get_bucket (self->footprint, newest, &b) && b.close < b.open ? &p->sell
                                                                                   : &p->buy;
  y = snap (y, l->scale);
  flow_chart_format_price (buf, ltp);
  w = flow_text_width (gf, buf) + 10;

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, l->plot_w, l->plot_h);
  cairo_clip (cr);
  x_end = bucket_x (l, self, newest + 1);
  if (x_end > 0)
    {
      /* Dashed, so that the numbers it crosses stay readable; one pixel wide, on whole device
       * pixels at any scale. */
      int device = (int) l->scale;
      double line_y = (round (y * device) + (device % 2 ? 0.5 : 0)) / device;

      cairo_save (cr);
      cairo_set_line_width (cr, 1);
      cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
      gdk_cairo_set_source_rgba (cr, c);
      cairo_move_to (cr, 0, line_y);
      cairo_line_to (cr, MIN (x_end, l->plot_w), line_y);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
  if (x_end < l->plot_w)
    {
      double tx = x_end + 4;

      fill_rect (cr, c, tx, snap (y - h / 2, l->scale), w, h);
      cairo_set_source_rgb (cr, 1, 1, 1);
      flow_text_show (cr, gf, buf, tx + 5, snap (y + (gf->ascent - gf->descent) / 2, l->scale));
    }
  cairo_restore (cr);

  if (y >= h / 2 && y <= l->plot_h - h / 2)
    {
      fill_rect (cr, c, l->plot_w + 1, snap (y - h / 2, l->scale), l->width - l->plot_w - 1, h);
      cairo_set_source_rgb (cr, 1, 1, 1);
      flow_text_show (cr, gf, buf, l->plot_w + 8, snap (y + (gf->ascent - gf->descent) / 2, l->scale));
    }
}

/* The band the LTP's line and tags cover, for its layer's surface; FALSE when off the plot. */
gboolean
flow_footprint_ltp_band (FlowFootprintView *self,
                         const Layout      *l,
                         double            *top,
                         double            *height)
{
  double h = ui_line_height (self) + 4, y;
  gint64 newest, ltp;

  if (!get_live_state (self, &newest, &ltp) || ltp <= 0)
    return FALSE;
  y = level_y (l, self, ltp / l->row * l->row) + ROW_HEIGHT (self) / 2;
  if (y < -h || y > l->plot_h + h)
    return FALSE;
  *top = floor (y - h);
  *height = ceil (2 * h + 2);
  return TRUE;
}

/* flow-footprint-axes.c: the price axis and the IST time axis
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

/* A price step (in rows) between labels that keeps them apart and lands on round prices. */
gint64
flow_footprint_price_label_step (FlowFootprintView *self,
                                 const Layout      *l)
{
  static const int nice[] = { 1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000,
                              5000, 10000, 20000, 50000, 100000 };
  double need = ui_line_height (self) + 6;

  for (guint i = 0; i < G_N_ELEMENTS (nice); i++)
    if (nice[i] * ROW_HEIGHT (self) >= need && (nice[i] * l->row) % 5 == 0)
      return nice[i] * l->row;
  return 100000 * l->row;
}

void
flow_footprint_draw_price_axis (FlowFootprintView *self,
                                cairo_t           *cr,
                                const Layout      *l,
                                gint64             step)
{
  const Palette *p = &self->palette;
  const FlowGlyphFont *gf = ui_font (self, FALSE);
  gint64 top_level = level_at_y (l, self, 0);
  gint64 bottom_level = level_at_y (l, self, l->plot_h);
  double baseline_shift = (gf->ascent - gf->descent) / 2;
  char buf[32];

  /* The footer's labels and the corner below are drawn with the footer and the time axis. */
  fill_rect (cr, &p->panel, l->plot_w, 0, l->width - l->plot_w, l->footer_y);
  fill_rect (cr, &p->border, l->plot_w, 0, 1.0 / l->scale, l->height);

  for (gint64 level = (bottom_level / step) * step; level <= top_level; level += step)
    {
      double y = level_y (l, self, level) + ROW_HEIGHT (self) / 2;

      if (y < ui_line_height (self) / 2 || y > l->plot_h - ui_line_height (self) / 2)
        continue;
      flow_chart_format_price (buf, level);
      cairo_rectangle (cr, l->plot_w, y, 4, 1.0 / l->scale);
      flow_text_add (&self->axis_text, gf, FALSE, INK_LABEL, buf, l->plot_w + 8,
                snap (y + baseline_shift, l->scale));
      flow_text_batch_end_run (&self->axis_text);
    }
  gdk_cairo_set_source_rgba (cr, &p->border);
  cairo_fill (cr);
}

static gint64
time_label_step (FlowFootprintView *self,
                 const Layout      *l,
                 gboolean          *seconds)
{
  static const int nice_s[] = { 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
                                10800, 21600 };
  const FlowGlyphFont *gf = ui_font (self, FALSE);
  double need;

  *seconds = l->interval_ms % 60000 != 0;
  need = flow_text_width (gf, *seconds ? "00:00:00" : "00:00") + 16;
  for (guint i = 0; i < G_N_ELEMENTS (nice_s); i++)
    {
      gint64 step_ms = nice_s[i] * (gint64) 1000;

      if (step_ms % l->interval_ms == 0 &&
          (double) step_ms / l->interval_ms * BUCKET_WIDTH (self) >= need)
        {
          *seconds = *seconds && step_ms % 60000 != 0;
          return step_ms;
        }
    }
  *seconds = FALSE;
  return (gint64) 21600 * 1000;
}

void
flow_footprint_draw_time_axis (FlowFootprintView *self,
                               cairo_t           *cr,
                               const Layout      *l,
                               gint64             first_index,
                               gint64             last_index)
{
  const Palette *p = &self->palette;
  const FlowGlyphFont *gf = ui_font (self, FALSE);
  gboolean seconds;
  gint64 step_ms = time_label_step (self, l, &seconds);
  double baseline = snap (l->axis_y + 4 + gf->ascent, l->scale);
  char buf[32];

  fill_rect (cr, &p->panel, 0, l->axis_y, l->width, l->height - l->axis_y);
  fill_rect (cr, &p->border, 0, l->axis_y, l->width, 1.0 / l->scale);

  for (gint64 i = first_index; i <= last_index; i++)
    {
      gint64 start = l->anchor_ms + i * l->interval_ms;
      double x, w;

      /* Round times of the IST day: 09:15, 09:30, 10:00 … */
      if ((start - flow_ist_day_start_ms (start)) % step_ms != 0)
        continue;
      x = bucket_x (l, self, i);
      flow_chart_format_time (buf, start, seconds);
      w = flow_text_width (gf, buf);
      cairo_rectangle (cr, x, l->axis_y, 1.0 / l->scale, 4);
      if (x - w / 2 > 0 && x + w / 2 < l->plot_w)
        flow_text_add (&self->axis_text, gf, FALSE, INK_LABEL, buf, snap (x - w / 2, l->scale),
                  baseline);
    }
  gdk_cairo_set_source_rgba (cr, &p->border);
  cairo_fill (cr);
}

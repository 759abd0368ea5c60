/* flow-footprint-profile.c: the session volume profile at the plot's right edge
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

void
flow_footprint_draw_profile (FlowFootprintView *self,
                             cairo_t           *cr,
                             Layout            *l)
{
  const Palette *p = &self->palette;
  FlowVolumeProfile *profile = flow_footprint_get_profile (self->footprint);
  const FlowVolumeProfileLevel *levels;
  FlowVolumeProfileStats stats;
  gint64 first_price, top_level, bottom_level, first, last;
  guint n_levels;
  double max_w, right = l->plot_w, height = MAX (1, ROW_HEIGHT (self) - (ROW_HEIGHT (self) >= 4));
  const double dash[] = { 4, 3 };
  GdkRGBA line = flow_chart_with_alpha (&p->fg, 0.55);

  if (!self->show_profile || !flow_volume_profile_get_stats (profile, &stats))
    return;
  levels = flow_volume_profile_get_levels (profile, &first_price, &n_levels);
  max_w = MIN (PROFILE_MAX_WIDTH, l->plot_w * 0.18);
  top_level = level_at_y (l, self, 0);
  bottom_level = level_at_y (l, self, l->plot_h);
  first = MAX (0, (bottom_level - first_price) / l->row);
  last = MIN ((gint64) n_levels - 1, (top_level - first_price) / l->row);

  for (gint64 i = first; i <= last; i++)
    {
      gint64 price = first_price + i * l->row;
      gint64 volume = levels[i].buy_volume + levels[i].sell_volume;
      gboolean in_value_area = price >= stats.value_low && price <= stats.value_high;
      double alpha = in_value_area ? 0.42 : 0.2;
      GdkRGBA sell = flow_chart_with_alpha (&p->sell, alpha);
      GdkRGBA buy = flow_chart_with_alpha (&p->buy, alpha);
      double w, sell_w, y;

      if (volume == 0)
        continue;
      w = MAX (1, max_w * volume / stats.max_volume);
      sell_w = w * levels[i].sell_volume / volume;
      y = level_y (l, self, price);
      fill_rect (cr, &sell, right - w, y, sell_w, height);
      fill_rect (cr, &buy, right - w + sell_w, y, w - sell_w, height);
      if (price == stats.poc)
        {
          gdk_cairo_set_source_rgba (cr, &p->poc);
          cairo_set_line_width (cr, 1.5);
          cairo_rectangle (cr, right - w + 0.75, y + 0.75, w - 1.5, MAX (0.5, height - 1.5));
          cairo_stroke (cr);
        }
    }

  cairo_save (cr);
  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  gdk_cairo_set_source_rgba (cr, &line);
  cairo_move_to (cr, right - max_w, snap (level_y (l, self, stats.value_high), l->scale) + 0.5);
  cairo_rel_line_to (cr, max_w, 0);
  cairo_move_to (cr, right - max_w,
                 snap (level_y (l, self, stats.value_low) + ROW_HEIGHT (self), l->scale) - 0.5);
  cairo_rel_line_to (cr, max_w, 0);
  cairo_stroke (cr);
  cairo_restore (cr);
}

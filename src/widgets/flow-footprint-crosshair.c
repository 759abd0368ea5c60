/* flow-footprint-crosshair.c: the pointer's crosshair, the cell under it outlined and its price and time on the axes
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

static void
snapshot_tag (FlowFootprintView *self,
              GtkSnapshot       *snapshot,
              const char        *text,
              double             x,
              double             y,
              double             max_x)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  g_autoptr(PangoFontDescription) desc = pango_font_description_copy (self->font_desc);
  GdkRGBA fg = { 1, 1, 1, 1 };
  int w, h;

  pango_font_description_set_absolute_size (desc, UI_FONT_PX * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_layout_get_pixel_size (layout, &w, &h);
  x = CLAMP (x, 0, max_x - w - 8);
  gtk_snapshot_append_color (snapshot, &self->palette.accent,
                             &GRAPHENE_RECT_INIT (x, y - h / 2.0 - 2, w + 8, h + 4));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (round (x + 4), round (y - h / 2.0)));
  gtk_snapshot_append_layout (snapshot, layout, &fg);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

void
flow_footprint_snapshot_crosshair (FlowFootprintView *self,
                                   GtkSnapshot       *snapshot,
                                   const Layout      *l)
{
  GdkRGBA line = flow_chart_with_alpha (&self->palette.fg, 0.35);
  gint64 index, level;
  double x, x_end, y, y_end;
  char buf[32];

  if (!self->hovering || self->dragging || !flow_footprint_viewport_is_placed (self->viewport) ||
      self->hover_x >= l->plot_w || self->hover_y >= l->plot_h)
    return;

  index = index_at_x (l, self, self->hover_x);
  level = level_at_y (l, self, self->hover_y);
  x = bucket_x (l, self, index);
  x_end = bucket_x (l, self, index + 1);
  y = level_y (l, self, level);
  y_end = level_y (l, self, level - l->row);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, l->plot_w, l->axis_y));
  gtk_snapshot_append_color (snapshot, &line,
                             &GRAPHENE_RECT_INIT (0, snap (self->hover_y, l->scale), l->plot_w, 1));
  gtk_snapshot_append_color (snapshot, &line,
                             &GRAPHENE_RECT_INIT (snap (self->hover_x, l->scale), 0, 1, l->axis_y));
  {
    GskRoundedRect outline;
    GdkRGBA colors[4];
    float widths[4] = { 1, 1, 1, 1 };

    for (int i = 0; i < 4; i++)
      colors[i] = self->palette.accent;
    gsk_rounded_rect_init_from_rect (&outline, &GRAPHENE_RECT_INIT (x, y, x_end - x, y_end - y), 0);
    gtk_snapshot_append_border (snapshot, &outline, widths, colors);
  }
  gtk_snapshot_pop (snapshot);

  flow_chart_format_price (buf, level);
  snapshot_tag (self, snapshot, buf, l->plot_w + 2, (y + y_end) / 2, l->width);
  flow_chart_format_time (buf, l->anchor_ms + index * l->interval_ms, l->interval_ms % 60000 != 0);
  snapshot_tag (self, snapshot, buf, (x + x_end) / 2 - flow_text_width (ui_font (self, FALSE), buf) / 2 - 4,
                (l->axis_y + l->height) / 2, l->plot_w);
}

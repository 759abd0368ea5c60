/* flow-footprint-footer.c: the footer: volume, delta and cumulative delta per bucket
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
ensure_footer_labels (FlowFootprintView *self)
{
  /* Translators: the three rows under the footprint: bucket volume, delta, cumulative delta */
  const char *names[FOOTER_ROWS] = { N_("Volume"), N_("Delta"), N_("Cum Δ") };
  g_autoptr(PangoFontDescription) desc = NULL;

  if (self->footer_labels[0] != NULL)
    return;
  desc = pango_font_description_copy (self->font_desc);
  pango_font_description_set_absolute_size (desc, UI_FONT_PX * PANGO_SCALE);
  for (int i = 0; i < FOOTER_ROWS; i++)
    {
      self->footer_labels[i] = gtk_widget_create_pango_layout (GTK_WIDGET (self), _(names[i]));
      pango_layout_set_font_description (self->footer_labels[i], desc);
    }
}

void
flow_footprint_draw_footer (FlowFootprintView *self,
                            cairo_t           *cr,
                            const Layout      *l)
{
  const Palette *p = &self->palette;
  const FlowGlyphFont *gf = ui_font (self, FALSE);
  double baseline_shift;
  double max_delta = 1;
  gboolean text;
  char buf[32];

  /* Narrow columns get a smaller font before they lose their numbers. */
  for (int px = UI_FONT_PX - 1; px >= MIN_CELL_FONT_PX &&
                                BUCKET_WIDTH (self) < flow_text_width (gf, "\x02" "99.9k") + 3; px--)
    gf = get_font (self, px, FALSE);
  text = BUCKET_WIDTH (self) >= flow_text_width (gf, "\x02" "99.9k") + 3;
  baseline_shift = (gf->ascent - gf->descent) / 2;

  fill_rect (cr, &p->panel, 0, l->footer_y, l->width, l->axis_y - l->footer_y);
  fill_rect (cr, &p->border, 0, l->footer_y, l->width, 1.0 / l->scale);

  for (guint v = 0; v < self->visible->len; v++)
    max_delta = MAX (max_delta, ABS (g_array_index (self->visible, FlowFootprintBucket, v).delta));

  /* Row by row, so that each row of numbers is one run per colour. */
  for (int r = 0; r < FOOTER_ROWS; r++)
    {
      double y = l->footer_y + r * l->footer_row_h;

      for (guint v = 0; v < self->visible->len; v++)
        {
          const FlowFootprintBucket *b = &g_array_index (self->visible, FlowFootprintBucket, v);
          double x = bucket_x (l, self, b->index);
          double x_end = bucket_x (l, self, b->index + 1) - (BUCKET_WIDTH (self) >= 8 ? 1 : 0);
          gint64 value = r == 0 ? b->volume : r == 1 ? b->delta : b->cum_delta;
          Ink ink = INK_TEXT;

          if (r > 0 && value != 0)
            {
              /* Delta shaded by its size, cumulative delta only by its sign. */
              double t = r == 1 ? 0.15 + 0.45 * sqrt (ABS (value) / max_delta) : 0.15;
              GdkRGBA c = flow_chart_mix (&p->panel, value > 0 ? &p->buy : &p->sell, t);

              fill_rect (cr, &c, x, y + 1, x_end - x, l->footer_row_h - 1);
              ink = value > 0 ? INK_BUY : INK_SELL;
            }
          if (r == 0 && b->gap_volume > 0)
            fill_rect (cr, &p->gap, x, l->footer_y, x_end - x, 2);
          if (!text)
            continue;
          flow_chart_format_compact (buf, value, r > 0);
          flow_text_add (&self->footer_text, gf, FALSE, ink, buf,
                    snap ((x + x_end) / 2 - flow_text_width (gf, buf) / 2, l->scale),
                    snap (y + l->footer_row_h / 2 + baseline_shift, l->scale));
        }
      flow_text_batch_end_run (&self->footer_text);
    }

  cairo_save (cr);
  cairo_rectangle (cr, 0, l->footer_y, l->plot_w, l->axis_y - l->footer_y);
  cairo_clip (cr);
  flow_text_batch_flush (&self->footer_text, cr, p->ink, N_INKS, gf, ui_font (self, TRUE), 1);
  cairo_restore (cr);

  ensure_footer_labels (self);
  for (int r = 0; r < FOOTER_ROWS; r++)
    {
      int lw, lh;

      pango_layout_get_pixel_size (self->footer_labels[r], &lw, &lh);
      cairo_move_to (cr, l->plot_w + 8, snap (l->footer_y + r * l->footer_row_h +
                                              (l->footer_row_h - lh) / 2, l->scale));
      gdk_cairo_set_source_rgba (cr, &p->ink[INK_LABEL]);
      pango_cairo_show_layout (cr, self->footer_labels[r]);
    }
}

/* flow-footprint-cells.c: the plot: grid, cells with their shades and text, imbalances, gaps; the placeholder
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
shade_add (FlowFootprintView *self,
           Tint               tint,
           int                shade,
           double             x,
           double             y,
           double             w,
           double             h)
{
  graphene_rect_t r = GRAPHENE_RECT_INIT (x, y, w, h);

  g_array_append_val (self->shade_rects[tint][shade], r);
}

static void
shades_flush (FlowFootprintView *self,
              cairo_t           *cr)
{
  for (int t = 0; t < N_TINTS; t++)
    for (int s = 0; s < N_SHADES; s++)
      {
        GArray *rects = self->shade_rects[t][s];

        if (rects->len == 0)
          continue;
        for (guint i = 0; i < rects->len; i++)
          {
            const graphene_rect_t *r = &g_array_index (rects, graphene_rect_t, i);

            cairo_rectangle (cr, r->origin.x, r->origin.y, r->size.width, r->size.height);
          }
        gdk_cairo_set_source_rgba (cr, &self->palette.shade[t][s]);
        cairo_fill (cr);
        g_array_set_size (rects, 0);
      }
}

/* Diagonal stripes over a bucket that has no data: the time passed, nothing was received. */
static void
draw_hatch (cairo_t       *cr,
            const GdkRGBA *c,
            double         x,
            double         y,
            double         w,
            double         h)
{
  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  cairo_clip (cr);
  for (double d = -h; d < w; d += 8)
    {
      cairo_move_to (cr, x + d, y + h);
      cairo_line_to (cr, x + d + h, y);
    }
  cairo_set_line_width (cr, 1);
  gdk_cairo_set_source_rgba (cr, c);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static CellText
choose_cell_text (const FlowGlyphFont *gf,
                  double           cell_w,
                  gint64           max_side,
                  gint64           max_volume)
{
  char buf[32];
  double digit = gf->advance['0'];
  double times = gf->advance[' '] * 2 + gf->advance[(guchar) FLOW_TEXT_TIMES];
  double full, compact;

  full = 2 * flow_chart_format_integer (buf, max_side, FALSE) * digit + times;
  if (full <= cell_w)
    return CELL_TEXT_FULL;
  /* Compact numbers are at most as wide as the largest one's, or as "9999". */
  flow_chart_format_compact (buf, max_side, FALSE);
  compact = 2 * MAX (flow_text_width (gf, buf), max_side >= 10000 ? 4 * digit : 0) + times;
  if (compact <= cell_w)
    return CELL_TEXT_COMPACT;
  flow_chart_format_compact (buf, max_volume, FALSE);
  if (MAX (flow_text_width (gf, buf), max_volume >= 10000 ? 4 * digit : 0) <= cell_w)
    return CELL_TEXT_TOTAL;
  return CELL_TEXT_NONE;
}

static void
draw_cell_text (FlowFootprintView       *self,
                const FlowGlyphFont         *gf,
                const FlowGlyphFont         *bold_font,
                CellText                 mode,
                const FlowFootprintCell *cell,
                double                   cx,
                double                   baseline)
{
  FlowTextBatch *batch = &self->cell_text;
  char sell[32], buy[32];
  gboolean sell_imb = (cell->flags & FLOW_FOOTPRINT_CELL_SELL_IMBALANCE) != 0;
  gboolean buy_imb = (cell->flags & FLOW_FOOTPRINT_CELL_BUY_IMBALANCE) != 0;
  double half_times;

  if (mode == CELL_TEXT_TOTAL)
    {
      char total[32];

      flow_chart_format_compact (total, cell->buy_volume + cell->sell_volume, FALSE);
      flow_text_add (batch, gf, FALSE, INK_TEXT, total, snap (cx - flow_text_width (gf, total) / 2, 1),
                baseline);
      return;
    }

  if (mode == CELL_TEXT_FULL)
    {
      flow_chart_format_integer (sell, cell->sell_volume, FALSE);
      flow_chart_format_integer (buy, cell->buy_volume, FALSE);
    }
  else
    {
      flow_chart_format_compact (sell, cell->sell_volume, FALSE);
      flow_chart_format_compact (buy, cell->buy_volume, FALSE);
    }

  /* The × sits on the column's centre line, so the numbers of a column line up. Queued left to
   * right, as a run must be. */
  half_times = gf->advance[(guchar) FLOW_TEXT_TIMES] / 2;
  {
    const FlowGlyphFont *sf = sell_imb ? bold_font : gf;
    const FlowGlyphFont *bf = buy_imb ? bold_font : gf;
    double gap = gf->advance[' '];

    flow_text_add (batch, sf, sell_imb, sell_imb ? INK_SELL : cell->sell_volume ? INK_TEXT : INK_TEXT_DIM,
              sell, cx - half_times - gap - flow_text_width (sf, sell), baseline);
    flow_text_add (batch, gf, FALSE, INK_TEXT_DIM, (char[]) { FLOW_TEXT_TIMES, '\0' }, cx - half_times,
              baseline);
    flow_text_add (batch, bf, buy_imb, buy_imb ? INK_BUY : cell->buy_volume ? INK_TEXT : INK_TEXT_DIM,
              buy, cx + half_times + gap, baseline);
  }
}

static int
cell_font_px (double row_height)
{
  return CLAMP ((int) floor (row_height * 0.68 + 0.5), MIN_CELL_FONT_PX, MAX_CELL_FONT_PX);
}

/* A visible bucket's cells, for the text pass that walks rows. */
typedef struct
{
  const FlowFootprintCell *cells;
  gint64                   first_price;
  guint                    n_cells;
  double                   cx;
} Column;

void
flow_footprint_draw_cells (FlowFootprintView *self,
                           cairo_t           *cr,
                           const Layout      *l,
                           gint64             first_index,
                           gint64             last_index)
{
  const Palette *p = &self->palette;
  int px = cell_font_px (ROW_HEIGHT (self));
  const FlowGlyphFont *gf = get_font (self, px, FALSE);
  const FlowGlyphFont *bold_font = get_font (self, px, TRUE);
  double font_h = gf->ascent + gf->descent;
  /* Text fades out as the row shrinks from the font's height to 85 % of it. */
  double text_alpha = CLAMP ((ROW_HEIGHT (self) - 0.85 * font_h) / (0.15 * font_h), 0, 1);
  gint64 top_level = level_at_y (l, self, 0);
  gint64 bottom_level = level_at_y (l, self, l->plot_h);
  gint64 max_volume = 1, max_side = 0, day_first, day_last;
  gboolean candles = BUCKET_WIDTH (self) >= 40;
  double gutter = candles ? 7 : 0;
  double col_gap = BUCKET_WIDTH (self) >= 8 ? 1 : 0;
  double outline = ROW_HEIGHT (self) >= 6 ? 2 : 1;
  CellText mode;
  GdkRGBA hatch;
  g_autoptr(GArray) columns = g_array_new (FALSE, FALSE, sizeof (Column));

  /* Shades and the text's form depend on the largest cells in view. */
  g_array_set_size (self->visible, 0);
  for (gint64 i = first_index; i <= last_index; i++)
    {
      FlowFootprintBucket b;
      Column column = { NULL, 0, 0, 0 };

      if (!flow_footprint_get_bucket (self->footprint, i, &b))
        continue;
      g_array_append_val (self->visible, b);
      column.cells = flow_footprint_get_cells (self->footprint, i, &column.first_price,
                                               &column.n_cells);
      column.cx = snap ((bucket_x (l, self, i) + gutter + bucket_x (l, self, i + 1) - col_gap) / 2,
                        l->scale);
      g_array_append_val (columns, column);
      if (column.cells == NULL)
        continue;
      for (gint64 k = MAX (0, (bottom_level - column.first_price) / l->row),
                  k_hi = MIN ((gint64) column.n_cells - 1, (top_level - column.first_price) / l->row);
           k <= k_hi; k++)
        {
          const FlowFootprintCell *cell = &column.cells[k];

          max_side = MAX (max_side, MAX (cell->buy_volume, cell->sell_volume));
          max_volume = MAX (max_volume, cell->buy_volume + cell->sell_volume);
        }
    }
  if (!flow_footprint_get_bucket_range (self->footprint, &day_first, &day_last))
    day_first = day_last = 0;

  /* Narrow columns give their text all but a sliver of room. */
  mode = choose_cell_text (gf, BUCKET_WIDTH (self) - gutter - col_gap -
                               (BUCKET_WIDTH (self) >= 48 ? 2 * CELL_PAD : 2),
                           max_side, max_volume);
  if (text_alpha <= 0)
    mode = CELL_TEXT_NONE;

  /* Buckets that received nothing at all are gaps: the feed was not there. */
  hatch = flow_chart_with_alpha (&p->gap, 0.4);
  for (gint64 i = MAX (first_index, day_first), v = 0; i <= MIN (last_index, day_last); i++)
    {
      const FlowFootprintBucket *b = v < self->visible->len
        ? &g_array_index (self->visible, FlowFootprintBucket, v) : NULL;

      if (b != NULL && b->index == i)
        {
          v++;
          continue;
        }
      draw_hatch (cr, &hatch, bucket_x (l, self, i), 0,
                  bucket_x (l, self, i + 1) - bucket_x (l, self, i), l->plot_h);
    }

  /* Cell backgrounds, one path per shade. */
  for (guint v = 0; v < self->visible->len; v++)
    {
      const FlowFootprintBucket *b = &g_array_index (self->visible, FlowFootprintBucket, v);
      const Column *column = &g_array_index (columns, Column, v);
      double cell_x = bucket_x (l, self, b->index) + gutter;
      double cell_w = bucket_x (l, self, b->index + 1) - col_gap - cell_x;

      if (column->cells == NULL)
        continue;
      for (gint64 k = MAX (0, (bottom_level - column->first_price) / l->row),
                  k_hi = MIN ((gint64) column->n_cells - 1, (top_level - column->first_price) / l->row);
           k <= k_hi; k++)
        {
          const FlowFootprintCell *cell = &column->cells[k];
          gint64 volume = cell->buy_volume + cell->sell_volume;
          gint64 level = column->first_price + k * l->row;
          double y, y_end;
          Tint tint;
          int shade;

          if (volume == 0)
            continue;
          y = level_y (l, self, level);
          y_end = level_y (l, self, level - l->row);
          tint = cell->buy_volume > cell->sell_volume ? TINT_BUY
               : cell->sell_volume > cell->buy_volume ? TINT_SELL : TINT_NEUTRAL;
          /* Square root: a cell a quarter of the largest still reads as half as dark. */
          shade = (int) (sqrt ((double) volume / max_volume) * (N_SHADES - 1) + 0.5);
          shade_add (self, tint, CLAMP (shade, 0, N_SHADES - 1), cell_x, y, cell_w, y_end - y);
        }
    }
  shades_flush (self, cr);

  /* Over the shades: stacked imbalances as a bar on the aggressive side, in its colour; then
   * POC outlines; then the candles. Each kind is one path of pixel-aligned boxes. */
  for (int side = 0; side < 2; side++)
    {
      guint32 flag = side == 0 ? FLOW_FOOTPRINT_CELL_BUY_STACKED : FLOW_FOOTPRINT_CELL_SELL_STACKED;

      for (guint v = 0; v < self->visible->len; v++)
        {
          const FlowFootprintBucket *b = &g_array_index (self->visible, FlowFootprintBucket, v);
          const Column *column = &g_array_index (columns, Column, v);
          double cell_x = bucket_x (l, self, b->index) + gutter;
          double cell_w = bucket_x (l, self, b->index + 1) - col_gap - cell_x;
          double bar = snap (MAX (2, MIN (4, cell_w / 10)), l->scale);

          if (column->cells == NULL)
            continue;
          for (gint64 k = MAX (0, (bottom_level - column->first_price) / l->row),
                      k_hi = MIN ((gint64) column->n_cells - 1, (top_level - column->first_price) / l->row);
               k <= k_hi; k++)
            if (column->cells[k].flags & flag)
              {
                gint64 level = column->first_price + k * l->row;
                double y = level_y (l, self, level);

                cairo_rectangle (cr, side == 0 ? cell_x + cell_w - bar : cell_x, y, bar,
                                 level_y (l, self, level - l->row) - y);
              }
        }
      gdk_cairo_set_source_rgba (cr, side == 0 ? &p->buy : &p->sell);
      cairo_fill (cr);
    }

  for (guint v = 0; v < self->visible->len; v++)
    {
      const FlowFootprintBucket *b = &g_array_index (self->visible, FlowFootprintBucket, v);
      double cell_x = bucket_x (l, self, b->index) + gutter;
      double cell_w = bucket_x (l, self, b->index + 1) - col_gap - cell_x;
      double y, h;

      if (b->volume == 0 || b->poc < bottom_level || b->poc > top_level)
        continue;
      y = level_y (l, self, b->poc);
      h = level_y (l, self, b->poc - l->row) - y;
      cairo_rectangle (cr, cell_x, y, cell_w, outline);
      cairo_rectangle (cr, cell_x, y + h - outline, cell_w, outline);
      cairo_rectangle (cr, cell_x, y + outline, outline, h - 2 * outline);
      cairo_rectangle (cr, cell_x + cell_w - outline, y + outline, outline, h - 2 * outline);
    }
  gdk_cairo_set_source_rgba (cr, &p->poc);
  cairo_fill (cr);

  /* A thin candle in the gutter: where the bucket opened, closed and travelled. */
  for (int rising = 0; candles && rising < 2; rising++)
    {
      for (guint v = 0; v < self->visible->len; v++)
        {
          const FlowFootprintBucket *b = &g_array_index (self->visible, FlowFootprintBucket, v);
          double x = bucket_x (l, self, b->index);
          double hi, lo, o, c;

          if (b->high <= 0 || (b->close >= b->open) != rising)
            continue;
          hi = level_y (l, self, b->high);
          lo = level_y (l, self, b->low - l->row);
          o = snap (level_y (l, self, b->open) + ROW_HEIGHT (self) / 2, l->scale);
          c = snap (level_y (l, self, b->close) + ROW_HEIGHT (self) / 2, l->scale);
          cairo_rectangle (cr, x + 3, hi, 1, lo - hi);
          cairo_rectangle (cr, x + 2, MIN (o, c) - 1, 3, MAX (2, fabs (c - o) + 2));
        }
      gdk_cairo_set_source_rgba (cr, rising ? &p->buy : &p->sell);
      cairo_fill (cr);
    }

  /* Volume traded while we were away: reported (tooltip, footer), never in a cell. */
  for (guint v = 0; v < self->visible->len; v++)
    {
      const FlowFootprintBucket *b = &g_array_index (self->visible, FlowFootprintBucket, v);
      double x = bucket_x (l, self, b->index);

      if (b->gap_volume <= 0)
        continue;
      cairo_save (cr);
      cairo_set_dash (cr, (double[]) { 4, 3 }, 2, 0);
      cairo_set_line_width (cr, 1);
      gdk_cairo_set_source_rgba (cr, &p->gap);
      cairo_move_to (cr, x + 0.5, 0);
      cairo_line_to (cr, x + 0.5, l->plot_h);
      cairo_stroke (cr);
      cairo_restore (cr);
    }

  if (mode == CELL_TEXT_NONE)
    return;

  /* Text, row by row from the top, so that each row is one run per colour. */
  for (gint64 level = top_level; level >= bottom_level; level -= l->row)
    {
      double y = level_y (l, self, level);
      double baseline = snap ((y + level_y (l, self, level - l->row)) / 2 +
                              (gf->ascent - gf->descent) / 2, l->scale);

      for (guint v = 0; v < columns->len; v++)
        {
          const Column *column = &g_array_index (columns, Column, v);
          gint64 k = (level - column->first_price) / l->row;
          const FlowFootprintCell *cell;

          if (column->cells == NULL || level < column->first_price || k >= column->n_cells)
            continue;
          cell = &column->cells[k];
          if (cell->buy_volume + cell->sell_volume > 0)
            draw_cell_text (self, gf, bold_font, mode, cell, column->cx, baseline);
        }
      flow_text_batch_end_run (&self->cell_text);
    }
  flow_text_batch_flush (&self->cell_text, cr, p->ink, N_INKS, gf, bold_font, text_alpha);
}

void
flow_footprint_draw_grid (FlowFootprintView *self,
                          cairo_t           *cr,
                          const Layout      *l,
                          gint64             first_index,
                          gint64             last_index,
                          gint64             label_step)
{
  gint64 top_level = level_at_y (l, self, 0);
  gint64 bottom_level = level_at_y (l, self, l->plot_h);
  gint64 step = ROW_HEIGHT (self) >= 10 ? l->row : label_step;

  /* Row lines at every row when they are far enough apart, else at the labelled prices. */
  for (gint64 level = bottom_level / step * step; level <= top_level + step; level += step)
    {
      double y = level_y (l, self, level - l->row);

      cairo_rectangle (cr, 0, y, l->plot_w, 1.0 / l->scale);
    }
  if (BUCKET_WIDTH (self) >= 6)
    for (gint64 i = first_index; i <= last_index + 1; i++)
      cairo_rectangle (cr, bucket_x (l, self, i), 0, 1.0 / l->scale, l->plot_h);
  gdk_cairo_set_source_rgba (cr, &self->palette.grid);
  cairo_fill (cr);
}








void
flow_footprint_draw_placeholder (FlowFootprintView *self,
                                 cairo_t           *cr,
                                 const Layout      *l)
{
  g_autoptr(PangoLayout) layout =
    gtk_widget_create_pango_layout (GTK_WIDGET (self), _("Waiting for market data…"));
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, snap ((l->plot_w - w) / 2, l->scale), snap ((l->plot_h - h) / 2, l->scale));
  gdk_cairo_set_source_rgba (cr, &self->palette.ink[INK_LABEL]);
  pango_cairo_show_layout (cr, layout);
}

/* The session volume profile: one bar per level in view, from the plot's right edge, sold part
 * then bought part, translucent so the cells behind stay readable; the value area stronger
 * than the levels outside it, the POC outlined, VAH and VAL as dashed lines across. */

/* flow-chart-text.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "flow-chart-text.h"
#include "flow-format.h"
#include "flow-ist.h"

/* Formatting, into caller buffers of at least 32 bytes: no allocation per cell. */

int
flow_chart_format_integer (char   *buf,
                gint64  value,
                gboolean with_sign)
{
  guint64 a = value < 0 ? -(guint64) value : (guint64) value;
  char digits[24];
  int n = 0, len = 0;

  do
    {
      digits[n++] = '0' + a % 10;
      a /= 10;
    }
  while (a > 0);

  if (value < 0)
    buf[len++] = FLOW_TEXT_MINUS;
  else if (with_sign && value > 0)
    buf[len++] = '+';
  while (n > 0)
    buf[len++] = digits[--n];
  buf[len] = '\0';
  return len;
}

/* At most five characters plus the sign: 9999, 12.3k, 123k, 1.23M, 12.3M, 123M. */
int
flow_chart_format_compact (char     *buf,
                gint64    value,
                gboolean  with_sign)
{
  guint64 a = value < 0 ? -(guint64) value : (guint64) value;
  int len = 0;

  if (a < 10000)
    return flow_chart_format_integer (buf, value, with_sign);

  if (value < 0)
    buf[len++] = FLOW_TEXT_MINUS;
  else if (with_sign)
    buf[len++] = '+';

  if ((a + 50) / 100 < 1000)
    len += g_snprintf (buf + len, 16, "%u.%uk", (guint) ((a + 50) / 1000),
                       (guint) ((a + 50) / 100 % 10));
  else if ((a + 500) / 1000 < 1000)
    len += g_snprintf (buf + len, 16, "%uk", (guint) ((a + 500) / 1000));
  else if ((a + 5000) / 10000 < 1000)
    len += g_snprintf (buf + len, 16, "%u.%02uM", (guint) ((a + 5000) / 1000000),
                       (guint) ((a + 5000) / 10000 % 100));
  else if ((a + 50000) / 100000 < 1000)
    len += g_snprintf (buf + len, 16, "%u.%uM", (guint) ((a + 50000) / 1000000),
                       (guint) ((a + 50000) / 100000 % 10));
  else
    len += g_snprintf (buf + len, 16, "%" G_GUINT64_FORMAT "M", (a + 500000) / 1000000);
  return len;
}

/* "24,512.35", "1,23,456.05": the grouping of both views (flow_format_group_indian). Prices
 * on the chart are positive. */
int
flow_chart_format_price (char   *buf,
              gint64  paise)
{
  int len = flow_format_group_indian (buf, (guint64) ABS (paise) / 100);

  len += g_snprintf (buf + len, 8, ".%02d", (int) (ABS (paise) % 100));
  return len;
}

/* "09:15" or "09:15:30" */
int
flow_chart_format_time (char    *buf,
             gint64   ts_ms,
             gboolean seconds)
{
  gint64 s = (ts_ms - flow_ist_day_start_ms (ts_ms)) / 1000;

  if (seconds)
    return g_snprintf (buf, 32, "%02d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60),
                       (int) (s % 60));
  return g_snprintf (buf, 32, "%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60));
}

/* Glyph tables */

void
flow_glyph_font_clear (FlowGlyphFont *gf)
{
  g_clear_object (&gf->font);
  gf->scaled_font = NULL;
}

void
flow_glyph_font_build (FlowGlyphFont                  *gf,
                  PangoContext               *context,
                  const PangoFontDescription *family,
                  int                         px,
                  gboolean                    bold)
{
  const char chars[] = "0123456789.,:+-kMx% ";
  g_autoptr(PangoFontDescription) desc = pango_font_description_copy (family);
  g_autoptr(PangoLayout) layout = pango_layout_new (context);
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoFontMetrics *metrics;

  pango_font_description_set_absolute_size (desc, px * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, desc);
  /* Tabular digits keep columns of numbers aligned, as the libadwaita "numeric" class does. */
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);

  memset (gf, 0, sizeof *gf);
  for (int pass = 0; pass < 2; pass++)
    {
      /* The second pass adds × and −, falling back to x and - when the font lacks them. */
      const char *set = pass == 0 ? chars : "\xc3\x97\0\xe2\x88\x92";
      const char *p = set;

      for (int i = 0; pass == 0 ? set[i] != '\0' : i < 2; i++)
        {
          const char *text = pass == 0 ? (char[]) { set[i], '\0' } : p;
          int slot = pass == 0 ? set[i] : (i == 0 ? FLOW_TEXT_TIMES : FLOW_TEXT_MINUS);
          PangoLayoutLine *line;
          PangoGlyphItem *run;

          if (pass == 1)
            p += strlen (p) + 1;
          pango_layout_set_text (layout, text, -1);
          line = pango_layout_get_line_readonly (layout, 0);
          if (line == NULL || line->runs == NULL)
            continue;
          run = line->runs->data;
          if (gf->font == NULL)
            gf->font = g_object_ref (run->item->analysis.font);
          if (run->item->analysis.font != gf->font ||
              (run->glyphs->glyphs[0].glyph & PANGO_GLYPH_UNKNOWN_FLAG) != 0)
            {
              int fallback = slot == FLOW_TEXT_TIMES ? 'x' : '-';

              gf->glyph[slot] = gf->glyph[fallback];
              gf->advance[slot] = gf->advance[fallback];
              continue;
            }
          gf->glyph[slot] = run->glyphs->glyphs[0].glyph;
          gf->advance[slot] = (double) run->glyphs->glyphs[0].geometry.width / PANGO_SCALE;
        }
    }

  gf->scaled_font = pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (gf->font));
  metrics = pango_font_get_metrics (gf->font, NULL);
  gf->ascent = (double) pango_font_metrics_get_ascent (metrics) / PANGO_SCALE;
  gf->descent = (double) pango_font_metrics_get_descent (metrics) / PANGO_SCALE;
  pango_font_metrics_unref (metrics);
}

double
flow_text_width (const FlowGlyphFont *gf,
            const char      *text)
{
  double w = 0;

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    w += gf->advance[*p & 0x7f];
  return w;
}

void
flow_text_batch_init (FlowTextBatch *batch)
{
  for (int b = 0; b < 2; b++)
    for (int i = 0; i < FLOW_TEXT_MAX_INKS; i++)
      {
        batch->glyphs[b][i] = g_array_sized_new (FALSE, FALSE, sizeof (cairo_glyph_t), 1024);
        batch->runs[b][i] = g_array_sized_new (FALSE, FALSE, sizeof (guint), 128);
      }
}

void
flow_text_batch_clear (FlowTextBatch *batch)
{
  for (int b = 0; b < 2; b++)
    for (int i = 0; i < FLOW_TEXT_MAX_INKS; i++)
      {
        g_clear_pointer (&batch->glyphs[b][i], g_array_unref);
        g_clear_pointer (&batch->runs[b][i], g_array_unref);
      }
}

/* Ends the current line of text: what is queued next starts a new run. */
void
flow_text_batch_end_run (FlowTextBatch *batch)
{
  for (int b = 0; b < 2; b++)
    for (int i = 0; i < FLOW_TEXT_MAX_INKS; i++)
      {
        GArray *runs = batch->runs[b][i];
        guint end = batch->glyphs[b][i]->len;

        if (end > (runs->len > 0 ? g_array_index (runs, guint, runs->len - 1) : 0))
          g_array_append_val (runs, end);
      }
}

/* Queues @text with its left end at @x and its baseline at @baseline. */
void
flow_text_add (FlowTextBatch       *batch,
          const FlowGlyphFont *gf,
          gboolean         bold,
          int              ink,
          const char      *text,
          double           x,
          double           baseline)
{
  GArray *glyphs = batch->glyphs[bold][ink];

  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    {
      cairo_glyph_t g = { gf->glyph[*p & 0x7f], x, baseline };

      if (*p != ' ')
        g_array_append_val (glyphs, g);
      x += gf->advance[*p & 0x7f];
    }
}

void
flow_text_batch_flush (FlowTextBatch       *batch,
                  cairo_t         *cr,
                  const GdkRGBA   *inks,
                  int              n_inks,
                  const FlowGlyphFont *regular,
                  const FlowGlyphFont *bold,
                  double           alpha)
{
  flow_text_batch_end_run (batch);
  for (int b = 0; b < 2; b++)
    for (int i = 0; i < n_inks; i++)
      {
        GArray *glyphs = batch->glyphs[b][i];
        GArray *runs = batch->runs[b][i];
        const GdkRGBA *c = &inks[i];
        guint start = 0;

        if (glyphs->len > 0 && alpha > 0.01)
          {
            cairo_set_scaled_font (cr, b ? bold->scaled_font : regular->scaled_font);
            cairo_set_source_rgba (cr, c->red, c->green, c->blue, c->alpha * alpha);
            for (guint r = 0; r < runs->len; r++)
              {
                guint end = g_array_index (runs, guint, r);

                cairo_show_glyphs (cr, &g_array_index (glyphs, cairo_glyph_t, start), end - start);
                start = end;
              }
          }
        g_array_set_size (glyphs, 0);
        g_array_set_size (runs, 0);
      }
}

/* Shows one string at once, for the few labels drawn over the batched ones. */
void
flow_text_show (cairo_t         *cr,
           const FlowGlyphFont *gf,
           const char      *text,
           double           x,
           double           baseline)
{
  cairo_glyph_t glyphs[64];
  int n = 0;

  for (const guchar *p = (const guchar *) text; *p != '\0' && n < (int) G_N_ELEMENTS (glyphs); p++)
    {
      if (*p != ' ')
        glyphs[n++] = (cairo_glyph_t) { gf->glyph[*p & 0x7f], x, baseline };
      x += gf->advance[*p & 0x7f];
    }
  cairo_set_scaled_font (cr, gf->scaled_font);
  cairo_show_glyphs (cr, glyphs, n);
}

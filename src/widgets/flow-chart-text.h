/* flow-chart-text.h: numbers drawn by the thousand, without Pango per string
 *
 * A busy chart frame holds thousands of numbers, and shaping each string with Pango would cost
 * more than the whole frame budget. Every number on a chart uses a few dozen characters, so a
 * font is shaped once into a glyph table (FlowGlyphFont) and text becomes cairo_show_glyphs()
 * calls of pre-positioned glyphs, queued by colour and shown one run per line of text
 * (FlowTextBatch). The formatting functions write into caller buffers (32 bytes) with the
 * glyph table's two extra characters, × and −, so nothing allocates per cell.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <pango/pangocairo.h>

G_BEGIN_DECLS

/* Glyph-table slots for the two non-ASCII characters the charts print. */
#define FLOW_TEXT_TIMES  '\x01'   /* × */
#define FLOW_TEXT_MINUS  '\x02'   /* − */
/* Colours a batch can queue text in. */
#define FLOW_TEXT_MAX_INKS 8

typedef struct
{
  PangoFont           *font;
  cairo_scaled_font_t *scaled_font;
  PangoGlyph           glyph[128];
  double               advance[128];
  double               ascent;
  double               descent;
} FlowGlyphFont;

/* Glyphs waiting to be shown, by font and colour, in runs: a run is one line of text whose
 * glyphs go left to right without touching. cairo composites such a run glyph by glyph; glyphs
 * that overlap the run's box so far make it build a mask of the run's whole extent instead,
 * which for a frame-wide batch costs more than the rest of the frame. */
typedef struct
{
  GArray *glyphs[2][FLOW_TEXT_MAX_INKS];   /* [bold][ink] of cairo_glyph_t */
  GArray *runs[2][FLOW_TEXT_MAX_INKS];     /* guint: where each run ends in glyphs */
} FlowTextBatch;

/* Shapes the digits, separators, k, M, %, × and − of @family at @px pixels (tabular figures). */
void    flow_glyph_font_build     (FlowGlyphFont              *gf,
                                   PangoContext               *context,
                                   const PangoFontDescription *family,
                                   int                         px,
                                   gboolean                    bold);
void    flow_glyph_font_clear     (FlowGlyphFont              *gf);
double  flow_text_width           (const FlowGlyphFont        *gf,
                                   const char                 *text);

void    flow_text_batch_init      (FlowTextBatch              *batch);
void    flow_text_batch_clear     (FlowTextBatch              *batch);
/* Ends the current line of text: what is queued next starts a new run. */
void    flow_text_batch_end_run   (FlowTextBatch              *batch);
/* Queues @text in colour @ink with its left end at @x and its baseline at @baseline. */
void    flow_text_add             (FlowTextBatch              *batch,
                                   const FlowGlyphFont        *gf,
                                   gboolean                    bold,
                                   int                         ink,
                                   const char                 *text,
                                   double                      x,
                                   double                      baseline);
/* Shows everything queued, ink i in @inks[i] (@n_inks of them) at @alpha, and empties it. */
void    flow_text_batch_flush     (FlowTextBatch              *batch,
                                   cairo_t                    *cr,
                                   const GdkRGBA              *inks,
                                   int                         n_inks,
                                   const FlowGlyphFont        *regular,
                                   const FlowGlyphFont        *bold,
                                   double                      alpha);
/* Shows one string at once, for the few labels drawn over the batched ones. */
void    flow_text_show            (cairo_t                    *cr,
                                   const FlowGlyphFont        *gf,
                                   const char                 *text,
                                   double                      x,
                                   double                      baseline);

/* "12345", "−12345", "+12345" (@with_sign); the length written. */
int     flow_chart_format_integer (char                       *buf,
                                   gint64                      value,
                                   gboolean                    with_sign);
/* At most five characters plus the sign: 9999, 12.3k, 123k, 1.23M, 12.3M, 123M. */
int     flow_chart_format_compact (char                       *buf,
                                   gint64                      value,
                                   gboolean                    with_sign);
/* "24,512.35", "1,23,456.05" from paise, with both views' grouping. */
int     flow_chart_format_price   (char                       *buf,
                                   gint64                      paise);
/* "09:15" or "09:15:30" (@seconds), IST. */
int     flow_chart_format_time    (char                       *buf,
                                   gint64                      ts_ms,
                                   gboolean                    seconds);

G_END_DECLS

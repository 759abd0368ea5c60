/* flow-chart-palette.h: the colours both charts take from the theme
 *
 * The footprint chart and the OI table draw with Cairo, outside CSS, so they read the
 * theme's named colours (libadwaita's @define-color names, or style.css's own) themselves.
 * Both read them here: one place decides what "buy", "sell" and the backgrounds are in light
 * and dark styles, and a theme change reaches both views alike.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  gboolean dark;        /* the background is dark */
  GdkRGBA  bg;          /* view background, opaque */
  GdkRGBA  window_bg;   /* window background, opaque: panels, axes */
  GdkRGBA  fg;          /* text, readable on bg */
  GdkRGBA  accent;
  GdkRGBA  accent_bg;
  GdkRGBA  buy;         /* fills of bought volume */
  GdkRGBA  sell;
  GdkRGBA  buy_text;    /* text in the buy colour, readable on bg */
  GdkRGBA  sell_text;
  GdkRGBA  poc;
  GdkRGBA  warning;
} FlowChartPalette;

/* The theme's colours for @widget (its style context: call again on css-changed). */
void    flow_chart_palette_compute (FlowChartPalette *palette,
                                    GtkWidget        *widget);
/* A named colour of @widget's theme, @fallback (a CSS colour) when the theme has none;
 * FALSE when the fallback was used. */
gboolean flow_chart_lookup_color   (GtkWidget        *widget,
                                    const char       *name,
                                    const char       *fallback,
                                    GdkRGBA          *out);
GdkRGBA flow_chart_with_alpha      (const GdkRGBA    *color,
                                    double            alpha);
/* @a to @b by @t (0 … 1), opaque: opaque fills are cheaper to composite. */
GdkRGBA flow_chart_mix             (const GdkRGBA    *a,
                                    const GdkRGBA    *b,
                                    double            t);
double  flow_chart_luminance       (const GdkRGBA    *color);

G_END_DECLS

/* flow-chart-palette.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "flow-chart-palette.h"

/* GTK 4.10 deprecates style-context colour lookups, with no replacement in 4.8 for named
 * colours; Debian 12 has 4.8. */
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
gboolean
flow_chart_lookup_color (GtkWidget  *widget,
                         const char *name,
                         const char *fallback,
                         GdkRGBA    *out)
{
  if (gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, out))
    return TRUE;
  gdk_rgba_parse (out, fallback);
  return FALSE;
}

void
flow_chart_palette_compute (FlowChartPalette *p,
                            GtkWidget        *widget)
{
  double luminance;

  flow_chart_lookup_color (widget, "view_bg_color", "#ffffff", &p->bg);
  flow_chart_lookup_color (widget, "window_bg_color", "#fafafa", &p->window_bg);
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &p->fg);
  p->bg.alpha = 1.0;
  p->window_bg.alpha = 1.0;
  luminance = flow_chart_luminance (&p->bg);
  p->dark = luminance < 0.5;
  /* A widget outside any window (offscreen drawing) gets CSS's initial colour, white: keep
   * the text readable on whatever background was found. */
  if (fabs (flow_chart_luminance (&p->fg) - luminance) < 0.3)
    gdk_rgba_parse (&p->fg, p->dark ? "rgba(255,255,255,0.9)" : "rgba(0,0,0,0.8)");

  /* libadwaita's palette; plain GTK themes get the same values. The strong text colours are
   * the ones libadwaita uses for success and error text, readable on either background. */
  flow_chart_lookup_color (widget, "green_4", "#2ec27e", &p->buy);
  if (p->dark)
    {
      flow_chart_lookup_color (widget, "red_2", "#ed333b", &p->sell);
      flow_chart_lookup_color (widget, "success_color", "#8ff0a4", &p->buy_text);
      flow_chart_lookup_color (widget, "error_color", "#ff7b63", &p->sell_text);
      flow_chart_lookup_color (widget, "yellow_2", "#f8e45c", &p->poc);
    }
  else
    {
      flow_chart_lookup_color (widget, "red_3", "#e01b24", &p->sell);
      flow_chart_lookup_color (widget, "success_color", "#1b8553", &p->buy_text);
      flow_chart_lookup_color (widget, "error_color", "#c01c28", &p->sell_text);
      flow_chart_lookup_color (widget, "yellow_5", "#e5a50a", &p->poc);
    }
  flow_chart_lookup_color (widget, "warning_color", "#9c6e03", &p->warning);
  flow_chart_lookup_color (widget, "accent_color", "#1c71d8", &p->accent);
  flow_chart_lookup_color (widget, "accent_bg_color", "#3584e4", &p->accent_bg);
}
G_GNUC_END_IGNORE_DEPRECATIONS

GdkRGBA
flow_chart_with_alpha (const GdkRGBA *c,
                       double         alpha)
{
  return (GdkRGBA) { c->red, c->green, c->blue, c->alpha * alpha };
}

GdkRGBA
flow_chart_mix (const GdkRGBA *a,
                const GdkRGBA *b,
                double         t)
{
  return (GdkRGBA) {
    a->red + (b->red - a->red) * t,
    a->green + (b->green - a->green) * t,
    a->blue + (b->blue - a->blue) * t,
    1.0,
  };
}

double
flow_chart_luminance (const GdkRGBA *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

/* flow-oi-table.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-oi-table"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "flow-ist.h"
#include "flow-chart-palette.h"
#include "flow-format.h"
#include "flow-oi-table.h"

/* Relative column widths: OI needs more digits than a percentage, the strike sits between. */
#define WEIGHT_OI      1.4
#define WEIGHT_CHANGE  1.0
#define WEIGHT_STRIKE  1.5
#define TOTAL_WEIGHT   (2 * WEIGHT_OI + 2 * FLOW_OI_N_INTERVALS * WEIGHT_CHANGE + WEIGHT_STRIKE)
/* Horizontal room kept free inside a cell, each side. */
#define CELL_PADDING   6.0
/* Rows drawn while waiting for the first report: the default ATM ± 3. */
#define PLACEHOLDER_ROWS 7
/* Rows grow up to this factor of their natural height to use a tall window, and their text
 * grows with them (half as fast, at most MAX_TEXT_GROW) so the table reads from further away. */
#define MAX_ROW_STRETCH 1.8
#define MAX_TEXT_GROW   1.35
#define STALE_OPACITY 0.35
/* Below the narrowest format, text shrinks down to this scale rather than being cut. */
#define MIN_TEXT_SCALE 0.72

typedef enum
{
  TEXT_NORMAL,
  TEXT_BOLD,
  TEXT_CAPTION,
  TEXT_CAPTION_BOLD,
  TEXT_CELL,        /* the body's values: grow with tall rows */
  TEXT_CELL_BOLD,
} TextStyle;

typedef struct
{
  GdkRGBA fg;
  GdkRGBA accent;
  GdkRGBA accent_bg;
  GdkRGBA build_up_bg;
  GdkRGBA build_up_fg;
  GdkRGBA drop_bg;
  GdkRGBA drop_fg;
  GdkRGBA pill_bg;
} Palette;

typedef struct
{
  int          width;
  int          height;
  double       x[FLOW_OI_TABLE_N_COLUMNS + 1];  /* column edges */
  double       group_h;                         /* "Calls" / "Puts" */
  double       header_h;                        /* column titles and thresholds */
  double       body_y;
  double       row_h;
  FlowOiFormat oi_format;
  FlowOiFormat change_format;
  FlowOiFormat strike_format;
  double       text_scale;                      /* 1, or less when even TINY is too wide */
  double       cell_scale;                      /* of the body's values: text_scale, or more */
} Geometry;

struct _FlowOiTable
{
  GtkWidget      parent_instance;

  FlowOiReport  *report;
  FlowOiUnits    units;
  char          *stale_reason;
  guint          focus_row;
  int            hover_row;       /* -1: none */

  Palette        palette;
  gboolean       have_metrics;
  double         line_h;          /* of the widget font, px */
  double         digit_w;

  gboolean       geometry_valid;  /* for the current size, report, units and font */
  Geometry       geometry;
  GskRenderNode *content;         /* everything but hover, focus and the stale notice */
};

G_DEFINE_FINAL_TYPE (FlowOiTable, flow_oi_table, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (FlowOiUnits, flow_oi_units,
                    G_DEFINE_ENUM_VALUE (FLOW_OI_UNITS_CONTRACTS, "contracts"),
                    G_DEFINE_ENUM_VALUE (FLOW_OI_UNITS_LOTS, "lots"))

enum {
  PROP_0,
  PROP_REPORT,
  PROP_UNITS,
  PROP_STALE_REASON,
  PROP_FOCUS_ROW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Number formatting */

#define LAKH   1e5
#define CRORE  1e7
/* Typographic minus: as wide as the plus in tabular figures, so columns stay aligned. */
#define MINUS  "\xe2\x88\x92"

static void
append_indian_grouped (GString *out,
                       guint64  value)
{
  char grouped[FLOW_FORMAT_GROUPED_MAX];

  g_string_append_len (out, grouped, flow_format_group_indian (grouped, value));
}

char *
flow_oi_format_quantity (gint64       value,
                         FlowOiFormat format)
{
  GString *out = g_string_new (value < 0 ? MINUS : "");
  guint64 magnitude = value < 0 ? (guint64) -(value + 1) + 1 : (guint64) value;
  double m = (double) magnitude;

  switch (format)
    {
    case FLOW_OI_FORMAT_FULL:
      append_indian_grouped (out, magnitude);
      break;

    case FLOW_OI_FORMAT_SHORT:
      /* Rounding decides the unit: 99,96,000 is "1.00 Cr", not "100.0 L". */
      if (m < LAKH)
        append_indian_grouped (out, magnitude);
      else if (m < 99.95 * LAKH)
        g_string_append_printf (out, "%.1f L", m / LAKH);
      else if (m < 9.995 * CRORE)
        g_string_append_printf (out, "%.2f Cr", m / CRORE);
      else if (m < 99.95 * CRORE)
        g_string_append_printf (out, "%.1f Cr", m / CRORE);
      else
        g_string_append_printf (out, "%.0f Cr", m / CRORE);
      break;

    case FLOW_OI_FORMAT_TINY:
      if (m < 1000)
        g_string_append_printf (out, "%" G_GUINT64_FORMAT, magnitude);
      else if (m < 99.5 * 1000)
        g_string_append_printf (out, "%.0fK", m / 1000);
      else if (m < 9.95 * LAKH)
        g_string_append_printf (out, "%.1fL", m / LAKH);
      else if (m < 99.5 * LAKH)
        g_string_append_printf (out, "%.0fL", m / LAKH);
      else if (m < 9.95 * CRORE)
        g_string_append_printf (out, "%.1fCr", m / CRORE);
      else
        g_string_append_printf (out, "%.0fCr", m / CRORE);
      break;

    default:
      g_assert_not_reached ();
    }

  return g_string_free (out, FALSE);
}

char *
flow_oi_format_percent (double       pct,
                        FlowOiFormat format)
{
  /* SHORT keeps the decimal of small changes, where it matters against a low threshold. */
  int decimals = format == FLOW_OI_FORMAT_FULL || (format == FLOW_OI_FORMAT_SHORT && fabs (pct) < 9.95)
                 ? 1 : 0;
  double scale = decimals == 1 ? 10.0 : 1.0;
  double rounded = round (pct * scale) / scale;
  const char *sign = rounded > 0 ? "+" : rounded < 0 ? MINUS : "";
  const char *unit = format == FLOW_OI_FORMAT_TINY ? "" : "%";

  return g_strdup_printf ("%s%.*f%s", sign, decimals, fabs (rounded), unit);
}

static char *
format_strike (double       strike,
               FlowOiFormat format)
{
  GString *out = g_string_new (NULL);
  double whole = floor (strike);
  int paise = (int) round ((strike - whole) * 100);

  if (format == FLOW_OI_FORMAT_TINY)
    g_string_append_printf (out, "%.0f", whole);
  else
    append_indian_grouped (out, (guint64) whole);
  /* Strikes are whole rupees on NSE indices; a stock's 2.5-rupee steps keep their paise. */
  if (paise != 0)
    g_string_append_printf (out, ".%02d", paise);
  return g_string_free (out, FALSE);
}

/* Cell model */

static gboolean
is_oi_column (guint column)
{
  return column == FLOW_OI_TABLE_COLUMN_CE_OI || column == FLOW_OI_TABLE_COLUMN_PE_OI;
}

static gboolean
is_change_column (guint column)
{
  return column != FLOW_OI_TABLE_COLUMN_STRIKE && !is_oi_column (column);
}

static gboolean
is_calls_column (guint column)
{
  return column < FLOW_OI_TABLE_COLUMN_STRIKE;
}

static guint
interval_of_column (guint column)
{
  g_assert (is_change_column (column));
  return is_calls_column (column) ? column - FLOW_OI_TABLE_COLUMN_CE_FIRST
                                  : column - FLOW_OI_TABLE_COLUMN_PE_FIRST;
}

static const FlowOiSideReport *
side_of (const FlowOiRow *row,
         guint            column)
{
  return is_calls_column (column) ? &row->ce : &row->pe;
}

static gboolean
shows_lots (FlowOiTable *self)
{
  return self->units == FLOW_OI_UNITS_LOTS && self->report != NULL && self->report->lot_size > 0;
}

static gint64
in_display_units (FlowOiTable *self,
                  gint64       oi)
{
  if (!shows_lots (self))
    return oi;
  return (gint64) llround ((double) oi / (double) self->report->lot_size);
}

static const char *
units_name (FlowOiTable *self)
{
  return shows_lots (self) ? _("lots") : _("contracts");
}

static char *
cell_text (FlowOiTable     *self,
           const FlowOiRow *row,
           guint            column,
           FlowOiFormat     format)
{
  const FlowOiSideReport *side;
  const FlowOiChange *change;

  if (column == FLOW_OI_TABLE_COLUMN_STRIKE)
    return format_strike (row->strike, format);

  side = side_of (row, column);
  if (!side->present)
    return g_strdup ("—");
  if (is_oi_column (column))
    return flow_oi_format_quantity (in_display_units (self, side->oi), format);

  change = &side->changes[interval_of_column (column)];
  if (!change->has_value)
    return g_strdup ("—");
  return flow_oi_format_percent (change->pct, format);
}

static FlowOiFlag
cell_flag (const FlowOiRow *row,
           guint            column)
{
  const FlowOiSideReport *side;

  if (!is_change_column (column))
    return FLOW_OI_FLAG_NONE;
  side = side_of (row, column);
  return side->present ? side->changes[interval_of_column (column)].flag : FLOW_OI_FLAG_NONE;
}

/* Style and metrics */

static void
update_palette (FlowOiTable *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  FlowChartPalette base;
  Palette *p = &self->palette;

  /* The colours both views share; the table's flag colours on top. */
  flow_chart_palette_compute (&base, widget);
  p->fg = base.fg;
  p->accent = base.accent;
  p->accent_bg = base.accent_bg;
  p->pill_bg = base.bg;
  /* style.css may restyle the flags; libadwaita's colours otherwise. */
  if (!flow_chart_lookup_color (widget, "oi_build_up_bg_color", "#c01c28", &p->build_up_bg))
    flow_chart_lookup_color (widget, "error_bg_color", "#c01c28", &p->build_up_bg);
  if (!flow_chart_lookup_color (widget, "oi_build_up_fg_color", "#ffffff", &p->build_up_fg))
    flow_chart_lookup_color (widget, "error_fg_color", "#ffffff", &p->build_up_fg);
  flow_chart_lookup_color (widget, "oi_drop_bg_color", "#9141ac", &p->drop_bg);
  flow_chart_lookup_color (widget, "oi_drop_fg_color", "#ffffff", &p->drop_fg);
}

static void
ensure_metrics (FlowOiTable *self)
{
  PangoContext *context;
  PangoFontMetrics *metrics;

  if (self->have_metrics)
    return;
  context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  metrics = pango_context_get_metrics (context, NULL, NULL);
  self->line_h = MAX (1.0, (double) pango_font_metrics_get_height (metrics) / PANGO_SCALE);
  if (self->line_h <= 1.0)
    self->line_h = (double) (pango_font_metrics_get_ascent (metrics) +
                             pango_font_metrics_get_descent (metrics)) / PANGO_SCALE;
  self->digit_w = (double) pango_font_metrics_get_approximate_digit_width (metrics) / PANGO_SCALE;
  pango_font_metrics_unref (metrics);
  self->have_metrics = TRUE;
}

static void
invalidate (FlowOiTable *self)
{
  self->geometry_valid = FALSE;
  g_clear_pointer (&self->content, gsk_render_node_unref);
}

static PangoLayout *
create_layout (FlowOiTable *self,
               const char  *text,
               TextStyle    style)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  PangoAttrList *attrs = pango_attr_list_new ();
  double scale;

  /* Tabular figures keep the digits of a column under each other as values change. */
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
  if (style == TEXT_BOLD || style == TEXT_CAPTION_BOLD || style == TEXT_CELL_BOLD)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  if (style == TEXT_CAPTION || style == TEXT_CAPTION_BOLD)
    scale = 0.82 * self->geometry.text_scale;
  else if (style == TEXT_CELL || style == TEXT_CELL_BOLD)
    scale = self->geometry.cell_scale;
  else
    scale = self->geometry.text_scale;
  if (scale != 1)
    pango_attr_list_insert (attrs, pango_attr_scale_new (scale));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

static double
text_width (FlowOiTable *self,
            const char  *text,
            TextStyle    style)
{
  g_autoptr(PangoLayout) layout = create_layout (self, text, style);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  return width;
}

/* Centres @text in the box, ellipsized when even the narrowest format does not fit. */
static void
draw_text (FlowOiTable   *self,
           cairo_t       *cr,
           const char    *text,
           TextStyle      style,
           const GdkRGBA *color,
           double         x,
           double         y,
           double         width,
           double         height)
{
  g_autoptr(PangoLayout) layout = create_layout (self, text, style);
  int text_h;

  pango_layout_set_width (layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_size (layout, NULL, &text_h);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_move_to (cr, x, round (y + (height - text_h) / 2));
  pango_cairo_show_layout (cr, layout);
}


static void
fill_rect (cairo_t       *cr,
           const GdkRGBA *color,
           double         x,
           double         y,
           double         width,
           double         height)
{
  gdk_cairo_set_source_rgba (cr, color);
  cairo_rectangle (cr, x, y, width, height);
  cairo_fill (cr);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   width,
              double   height,
              double   radius)
{
  radius = MIN (radius, MIN (width, height) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + width - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + width - radius, y + height - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + height - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* Layout */

static guint
n_rows (FlowOiTable *self)
{
  return self->report != NULL ? self->report->n_rows : 0;
}

static double
natural_row_height (FlowOiTable *self)
{
  ensure_metrics (self);
  return round (MAX (self->line_h * 2.1, 24));
}

static double
group_height (FlowOiTable *self)
{
  ensure_metrics (self);
  return round (self->line_h * 1.6);
}

static double
header_height (FlowOiTable *self)
{
  ensure_metrics (self);
  return round (self->line_h * 2.5);
}

static double
column_weight (guint column)
{
  if (is_oi_column (column))
    return WEIGHT_OI;
  if (column == FLOW_OI_TABLE_COLUMN_STRIKE)
    return WEIGHT_STRIKE;
  return WEIGHT_CHANGE;
}

/* The widest cell text of the columns accepted by @filter in @format, over its column's width
 * (padding included): at most 1 when everything fits. */
static double
overflow (FlowOiTable    *self,
          const Geometry *geometry,
          gboolean      (*filter) (guint column),
          FlowOiFormat    format)
{
  double worst = 0;

  for (guint r = 0; r < n_rows (self); r++)
    for (guint c = 0; c < FLOW_OI_TABLE_N_COLUMNS; c++)
      {
        const FlowOiRow *row = &self->report->rows[r];
        g_autofree char *text = NULL;
        TextStyle style;

        if (!filter (c))
          continue;
        style = c == FLOW_OI_TABLE_COLUMN_STRIKE || cell_flag (row, c) != FLOW_OI_FLAG_NONE
                ? TEXT_CELL_BOLD : TEXT_CELL;
        text = cell_text (self, row, c, format);
        worst = MAX (worst, (text_width (self, text, style) + 2 * CELL_PADDING) /
                            MAX (1, geometry->x[c + 1] - geometry->x[c]));
      }
  return worst;
}

/* The most detailed format in which every cell of the columns accepted by @filter fits; when
 * none does, TINY, and @scale is lowered to what makes it fit. */
static FlowOiFormat
choose_format (FlowOiTable    *self,
               const Geometry *geometry,
               gboolean      (*filter) (guint column),
               double         *scale)
{
  double tiny;

  for (FlowOiFormat format = FLOW_OI_FORMAT_FULL; format < FLOW_OI_FORMAT_TINY; format++)
    if (overflow (self, geometry, filter, format) <= 1)
      return format;
  tiny = overflow (self, geometry, filter, FLOW_OI_FORMAT_TINY);
  if (tiny > 1)
    *scale = MIN (*scale, MAX (MIN_TEXT_SCALE, 1 / tiny));
  return FLOW_OI_FORMAT_TINY;
}

static gboolean
is_strike_column (guint column)
{
  return column == FLOW_OI_TABLE_COLUMN_STRIKE;
}

static const Geometry *
get_geometry (FlowOiTable *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  Geometry *g = &self->geometry;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double unit;
  double x = 0;
  guint rows;
  double natural_row;
  double scale = 1;

  if (self->geometry_valid && g->width == width && g->height == height)
    return g;

  g->width = width;
  g->height = height;
  unit = width / TOTAL_WEIGHT;
  for (guint c = 0; c < FLOW_OI_TABLE_N_COLUMNS; c++)
    {
      g->x[c] = round (x);
      x += unit * column_weight (c);
    }
  g->x[FLOW_OI_TABLE_N_COLUMNS] = width;

  g->group_h = group_height (self);
  g->header_h = header_height (self);
  g->body_y = g->group_h + g->header_h;
  rows = n_rows (self) > 0 ? n_rows (self) : PLACEHOLDER_ROWS;
  natural_row = natural_row_height (self);
  g->row_h = floor (CLAMP ((height - g->body_y) / rows, natural_row, natural_row * MAX_ROW_STRETCH));

  /* Every text is measured at full size, then shrunk as the tightest column needs. */
  g->text_scale = g->cell_scale = 1;
  g->oi_format = choose_format (self, g, is_oi_column, &scale);
  g->change_format = choose_format (self, g, is_change_column, &scale);
  g->strike_format = choose_format (self, g, is_strike_column, &scale);
  if (scale == 1 && g->row_h > natural_row)
    {
      /* Grow the text with the rows, never past what the columns hold in their formats. */
      double widest = MAX (overflow (self, g, is_oi_column, g->oi_format),
                           MAX (overflow (self, g, is_change_column, g->change_format),
                                overflow (self, g, is_strike_column, g->strike_format)));
      double grow = 1 + (g->row_h / natural_row - 1) / 2;

      g->cell_scale = MAX (1, MIN (MIN (grow, MAX_TEXT_GROW), widest > 0 ? 1 / widest : 1));
    }
  else
    g->cell_scale = scale;
  g->text_scale = scale;
  self->geometry_valid = TRUE;
  return g;
}

static FlowOiFormat
format_of_column (const Geometry *geometry,
                  guint           column)
{
  if (is_oi_column (column))
    return geometry->oi_format;
  if (column == FLOW_OI_TABLE_COLUMN_STRIKE)
    return geometry->strike_format;
  return geometry->change_format;
}

/* Drawing */

static void
draw_headers (FlowOiTable    *self,
              cairo_t        *cr,
              const Geometry *g)
{
  const Palette *p = &self->palette;
  GdkRGBA title = flow_chart_with_alpha (&p->fg, 0.8);
  GdkRGBA dim = flow_chart_with_alpha (&p->fg, 0.55);
  GdkRGBA rule = flow_chart_with_alpha (&p->fg, 0.15);
  const FlowOiSettings *settings = self->report != NULL ? &self->report->settings : NULL;
  double gap = 8;

  draw_text (self, cr, _("CALLS"), TEXT_CAPTION_BOLD, &dim,
             g->x[0], 0, g->x[FLOW_OI_TABLE_COLUMN_STRIKE] - g->x[0], g->group_h);
  draw_text (self, cr, _("PUTS"), TEXT_CAPTION_BOLD, &dim,
             g->x[FLOW_OI_TABLE_COLUMN_PE_FIRST], 0,
             g->x[FLOW_OI_TABLE_N_COLUMNS] - g->x[FLOW_OI_TABLE_COLUMN_PE_FIRST], g->group_h);
  /* A rule under each group title, gapped at the strike column, says which columns it spans. */
  fill_rect (cr, &rule, g->x[0] + gap, g->group_h - 2,
             g->x[FLOW_OI_TABLE_COLUMN_STRIKE] - g->x[0] - 2 * gap, 2);
  fill_rect (cr, &rule, g->x[FLOW_OI_TABLE_COLUMN_PE_FIRST] + gap, g->group_h - 2,
             g->x[FLOW_OI_TABLE_N_COLUMNS] - g->x[FLOW_OI_TABLE_COLUMN_PE_FIRST] - 2 * gap, 2);

  for (guint c = 0; c < FLOW_OI_TABLE_N_COLUMNS; c++)
    {
      double x = g->x[c] + 2;
      double w = g->x[c + 1] - g->x[c] - 4;
      double top = g->group_h + g->header_h * 0.12;
      double line = g->header_h * 0.38;
      g_autofree char *name = NULL;
      g_autofree char *detail = NULL;

      if (is_oi_column (c))
        {
          name = g_strdup (_("OI"));
          detail = g_strdup (units_name (self));
        }
      else if (c == FLOW_OI_TABLE_COLUMN_STRIKE)
        {
          name = g_strdup (_("Strike"));
          detail = self->report != NULL && self->report->step > 0
                   ? g_strdup_printf (_("step %g"), self->report->step) : g_strdup ("");
        }
      else
        {
          guint interval = interval_of_column (c);
          /* TRANSLATORS: a column title, "3m": the OI change over 3 minutes */
          name = g_strdup_printf (_("%um"), flow_oi_interval_minutes (interval));
          if (settings != NULL)
            detail = g_strdup_printf ("%s%g%%", settings->flag_drops ? "±" : ">",
                                      settings->thresholds[interval]);
          else
            detail = g_strdup ("");
        }
      draw_text (self, cr, name, TEXT_BOLD, &title, x, top, w, line);
      /* A cut threshold would mislead: it goes when the column is too narrow for it. */
      if (text_width (self, detail, TEXT_CAPTION) <= w)
        draw_text (self, cr, detail, TEXT_CAPTION, &dim, x, top + line, w, line);
    }

  fill_rect (cr, &rule, 0, g->body_y - 1, g->width, 1);
}

/* Small triangles on both edges of the strike column where the spot price falls between the
 * displayed strikes: the option-chain convention, without covering any number. */
static void
draw_spot_marker (FlowOiTable    *self,
                  cairo_t        *cr,
                  const Geometry *g)
{
  const FlowOiReport *report = self->report;
  double left = g->x[FLOW_OI_TABLE_COLUMN_STRIKE];
  double right = g->x[FLOW_OI_TABLE_COLUMN_STRIKE + 1];
  double size = 5;
  double y = -1;

  for (guint r = 0; r + 1 < report->n_rows; r++)
    {
      double low = report->rows[r].strike;
      double high = report->rows[r + 1].strike;

      if (report->spot >= low && report->spot <= high && high > low)
        {
          double centre = g->body_y + (r + 0.5) * g->row_h;

          y = centre + (report->spot - low) / (high - low) * g->row_h;
          break;
        }
    }
  if (y < 0)
    return;

  gdk_cairo_set_source_rgba (cr, &self->palette.accent_bg);
  cairo_move_to (cr, left, y - size);
  cairo_line_to (cr, left + size * 1.4, y);
  cairo_line_to (cr, left, y + size);
  cairo_close_path (cr);
  cairo_move_to (cr, right, y - size);
  cairo_line_to (cr, right - size * 1.4, y);
  cairo_line_to (cr, right, y + size);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_rows (FlowOiTable    *self,
           cairo_t        *cr,
           const Geometry *g)
{
  const Palette *p = &self->palette;
  const FlowOiReport *report = self->report;
  GdkRGBA dim = flow_chart_with_alpha (&p->fg, 0.45);
  GdkRGBA separator = flow_chart_with_alpha (&p->fg, 0.07);
  GdkRGBA strike_band = flow_chart_with_alpha (&p->fg, 0.05);
  GdkRGBA in_the_money = flow_chart_with_alpha (&p->fg, 0.025);
  GdkRGBA atm_band = flow_chart_with_alpha (&p->accent_bg, 0.16);
  double body_h = report->n_rows * g->row_h;
  double inset_y = MIN (6, round (g->row_h * 0.14));

  fill_rect (cr, &strike_band, g->x[FLOW_OI_TABLE_COLUMN_STRIKE], g->body_y,
             g->x[FLOW_OI_TABLE_COLUMN_STRIKE + 1] - g->x[FLOW_OI_TABLE_COLUMN_STRIKE], body_h);

  for (guint r = 0; r < report->n_rows; r++)
    {
      const FlowOiRow *row = &report->rows[r];
      double y = g->body_y + r * g->row_h;

      /* In-the-money halves: calls below the spot, puts above it. */
      if (row->strike < report->spot)
        fill_rect (cr, &in_the_money, 0, y, g->x[FLOW_OI_TABLE_COLUMN_STRIKE], g->row_h);
      else if (row->strike > report->spot)
        fill_rect (cr, &in_the_money, g->x[FLOW_OI_TABLE_COLUMN_PE_FIRST], y,
                   g->width - g->x[FLOW_OI_TABLE_COLUMN_PE_FIRST], g->row_h);
      if (row->is_atm)
        fill_rect (cr, &atm_band, 0, y, g->width, g->row_h);
      if (r + 1 < report->n_rows)
        fill_rect (cr, &separator, 0, y + g->row_h - 1, g->width, 1);

      for (guint c = 0; c < FLOW_OI_TABLE_N_COLUMNS; c++)
        {
          g_autofree char *text = cell_text (self, row, c, format_of_column (g, c));
          FlowOiFlag flag = cell_flag (row, c);
          double x = g->x[c];
          double w = g->x[c + 1] - x;
          const GdkRGBA *color = &p->fg;
          TextStyle style = TEXT_CELL;

          if (flag != FLOW_OI_FLAG_NONE)
            {
              gdk_cairo_set_source_rgba (cr, flag == FLOW_OI_FLAG_BUILD_UP ? &p->build_up_bg
                                                                          : &p->drop_bg);
              rounded_rect (cr, x + 3, y + inset_y, w - 6, g->row_h - 2 * inset_y, 6);
              cairo_fill (cr);
              color = flag == FLOW_OI_FLAG_BUILD_UP ? &p->build_up_fg : &p->drop_fg;
              style = TEXT_CELL_BOLD;
            }
          else if (c == FLOW_OI_TABLE_COLUMN_STRIKE)
            {
              style = TEXT_CELL_BOLD;
              if (row->is_atm)
                color = &p->accent;
            }
          else if (g_str_equal (text, "—"))
            color = &dim;

          draw_text (self, cr, text, style, color,
                     x + CELL_PADDING / 2, y, w - CELL_PADDING, g->row_h);
        }
    }

  draw_spot_marker (self, cr, g);
}

static void
draw_placeholder (FlowOiTable    *self,
                  cairo_t        *cr,
                  const Geometry *g)
{
  GdkRGBA dim = flow_chart_with_alpha (&self->palette.fg, 0.55);

  draw_text (self, cr, _("Waiting for the option chain…"), TEXT_NORMAL, &dim,
             0, g->body_y, g->width, PLACEHOLDER_ROWS * g->row_h);
}

static GskRenderNode *
render_content (FlowOiTable    *self,
                const Geometry *g)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                           &GRAPHENE_RECT_INIT (0, 0, g->width, g->height));

  draw_headers (self, cr, g);
  if (n_rows (self) > 0)
    draw_rows (self, cr, g);
  else
    draw_placeholder (self, cr, g);
  cairo_destroy (cr);
  return gtk_snapshot_free_to_node (snapshot);
}

static void
draw_stale_notice (FlowOiTable    *self,
                   GtkSnapshot    *snapshot,
                   const Geometry *g)
{
  const Palette *p = &self->palette;
  g_autofree char *text = g_strdup_printf (_("Not updated: %s"), self->stale_reason);
  g_autoptr(PangoLayout) layout = create_layout (self, text, TEXT_BOLD);
  GdkRGBA border = flow_chart_with_alpha (&p->fg, 0.2);
  double max_w = MAX (40, g->width * 0.8 - 32);
  double body_h = MAX (n_rows (self), 1) * g->row_h;
  PangoRectangle extents;
  double pill_w, pill_h, x, y;
  cairo_t *cr;

  pango_layout_set_width (layout, (int) (max_w * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_get_pixel_extents (layout, NULL, &extents);
  pill_w = extents.width + 32;
  pill_h = extents.height + 16;
  x = round ((g->width - pill_w) / 2);
  y = round (g->body_y + MAX (0, (body_h - pill_h) / 2));

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x - 1, y - 1, pill_w + 2, pill_h + 2));
  rounded_rect (cr, x + 0.5, y + 0.5, pill_w - 1, pill_h - 1, pill_h / 2);
  gdk_cairo_set_source_rgba (cr, &p->pill_bg);
  cairo_fill_preserve (cr);
  gdk_cairo_set_source_rgba (cr, &border);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  gdk_cairo_set_source_rgba (cr, &p->fg);
  cairo_move_to (cr, x + 16 - extents.x, y + 8 - extents.y);
  pango_cairo_show_layout (cr, layout);
  cairo_destroy (cr);
}

static void
flow_oi_table_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  FlowOiTable *self = FLOW_OI_TABLE (widget);
  const Geometry *g = get_geometry (self);
  gboolean stale = self->stale_reason != NULL && n_rows (self) > 0;

  if (g->width <= 0 || g->height <= 0)
    return;

  if (self->content == NULL)
    self->content = render_content (self, g);

  if (stale)
    gtk_snapshot_push_opacity (snapshot, STALE_OPACITY);
  gtk_snapshot_append_node (snapshot, self->content);
  if (stale)
    gtk_snapshot_pop (snapshot);

  if (n_rows (self) == 0)
    return;

  if (self->hover_row >= 0 && !stale)
    {
      GdkRGBA hover = flow_chart_with_alpha (&self->palette.fg, 0.05);

      gtk_snapshot_append_color (snapshot, &hover,
                                 &GRAPHENE_RECT_INIT (0, g->body_y + self->hover_row * g->row_h,
                                                      g->width, g->row_h));
    }

  if (gtk_widget_has_visible_focus (widget))
    {
      double y = g->body_y + self->focus_row * g->row_h;
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot,
                                               &GRAPHENE_RECT_INIT (0, y, g->width, g->row_h));

      gdk_cairo_set_source_rgba (cr, &self->palette.accent_bg);
      cairo_set_line_width (cr, 2);
      rounded_rect (cr, 1, y + 1, g->width - 2, g->row_h - 2, 6);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }

  if (stale)
    draw_stale_notice (self, snapshot, g);
}

static void
flow_oi_table_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  FlowOiTable *self = FLOW_OI_TABLE (widget);

  ensure_metrics (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* At the minimum a change column still holds "+15" and the strike "24100". */
      *minimum = (int) ceil (TOTAL_WEIGHT * (self->digit_w * 3 + 4));
      *natural = (int) ceil (TOTAL_WEIGHT * (self->digit_w * 7 + 2 * CELL_PADDING + 8));
    }
  else
    {
      guint rows = n_rows (self) > 0 ? n_rows (self) : PLACEHOLDER_ROWS;
      double headers = group_height (self) + header_height (self);

      /* Rows stretch with the window up to MAX_ROW_STRETCH: a tall window gets a roomier
       * table instead of a band of empty space under it, and a short one scrolls. */
      *minimum = (int) (headers + rows * natural_row_height (self));
      *natural = (int) (headers + rows * floor (natural_row_height (self) * MAX_ROW_STRETCH));
    }
}

/* Text for people: tooltips and the accessible description */

static char *
describe_change (FlowOiTable     *self,
                 const FlowOiRow *row,
                 guint            column)
{
  const FlowOiSideReport *side = side_of (row, column);
  guint interval = interval_of_column (column);
  guint minutes = flow_oi_interval_minutes (interval);
  const FlowOiChange *change = &side->changes[interval];
  const FlowOiSettings *settings = &self->report->settings;
  g_autofree char *strike = format_strike (row->strike, FLOW_OI_FORMAT_FULL);
  const char *kind = is_calls_column (column) ? "CE" : "PE";
  GString *out = g_string_new (NULL);

  /* TRANSLATORS: "24,100 CE · OI change over 5 minutes" */
  g_string_append_printf (out, _("%s %s · OI change over %u minutes"), strike, kind, minutes);

  if (!side->present)
    {
      g_string_append_printf (out, "\n%s", _("No contract listed"));
    }
  else if (change->has_value)
    {
      g_autofree char *abs_change = flow_oi_format_quantity (in_display_units (self, change->change),
                                                             FLOW_OI_FORMAT_FULL);
      g_autofree char *pct = flow_oi_format_percent (change->pct, FLOW_OI_FORMAT_FULL);
      g_autofree char *now = flow_oi_format_quantity (in_display_units (self, side->oi),
                                                      FLOW_OI_FORMAT_FULL);
      g_autofree char *then = flow_oi_format_quantity (in_display_units (self, change->oi_ref),
                                                       FLOW_OI_FORMAT_FULL);
      g_autofree char *now_time = flow_ist_format_time (self->report->time_ms);
      g_autofree char *then_time = flow_ist_format_time (change->ref_time_ms);

      g_string_append_printf (out, "\n%s%s %s (%s)", change->change > 0 ? "+" : "",
                              abs_change, units_name (self), pct);
      g_string_append_c (out, '\n');
      /* TRANSLATORS: "OI at 10:03:01: 11,50,000" */
      g_string_append_printf (out, _("OI at %s: %s"), now_time, now);
      g_string_append_c (out, '\n');
      g_string_append_printf (out, _("OI at %s: %s"), then_time, then);
      g_string_append_c (out, '\n');
      if (change->flag == FLOW_OI_FLAG_BUILD_UP)
        g_string_append_printf (out, _("Build-up: above the %g%% threshold"),
                                settings->thresholds[interval]);
      else if (change->flag == FLOW_OI_FLAG_DROP)
        g_string_append_printf (out, _("Drop: below −%g%%"), settings->thresholds[interval]);
      else
        g_string_append_printf (out, _("Within the %g%% threshold"), settings->thresholds[interval]);
    }
  else if (change->ref_time_ms != 0)
    {
      g_autofree char *then_time = flow_ist_format_time (change->ref_time_ms);
      g_autofree char *then = flow_oi_format_quantity (in_display_units (self, change->oi_ref),
                                                       FLOW_OI_FORMAT_FULL);

      g_string_append_printf (out, "\n%s\n", _("No value: the reference OI is zero"));
      g_string_append_printf (out, _("OI at %s: %s"), then_time, then);
    }
  else
    {
      g_string_append_printf (out, "\n%s",
                              _("No value yet: the history is shorter than the interval"));
    }

  return g_string_free (out, FALSE);
}

static char *
describe_oi (FlowOiTable     *self,
             const FlowOiRow *row,
             guint            column)
{
  const FlowOiSideReport *side = side_of (row, column);
  g_autofree char *strike = format_strike (row->strike, FLOW_OI_FORMAT_FULL);
  const char *kind = is_calls_column (column) ? "CE" : "PE";
  GString *out = g_string_new (NULL);
  g_autofree char *contracts = NULL;
  g_autofree char *volume = NULL;

  g_string_append_printf (out, _("%s %s · open interest"), strike, kind);
  if (!side->present)
    {
      g_string_append_printf (out, "\n%s", _("No contract listed"));
      return g_string_free (out, FALSE);
    }

  contracts = flow_oi_format_quantity (side->oi, FLOW_OI_FORMAT_FULL);
  g_string_append_c (out, '\n');
  if (self->report->lot_size > 0)
    {
      g_autofree char *lots =
        flow_oi_format_quantity ((gint64) llround ((double) side->oi / (double) self->report->lot_size),
                                 FLOW_OI_FORMAT_FULL);

      g_string_append_printf (out, _("%s contracts = %s lots (lot size %d)"), contracts, lots,
                              (int) self->report->lot_size);
    }
  else
    g_string_append_printf (out, _("%s contracts"), contracts);
  volume = flow_oi_format_quantity (side->volume, FLOW_OI_FORMAT_FULL);
  g_string_append_c (out, '\n');
  /* TRANSLATORS: last traded price and traded volume of the contract */
  g_string_append_printf (out, _("LTP ₹%.2f · volume %s"), side->ltp, volume);
  return g_string_free (out, FALSE);
}

static char *
describe_strike (FlowOiTable     *self,
                 const FlowOiRow *row)
{
  g_autofree char *strike = format_strike (row->strike, FLOW_OI_FORMAT_FULL);
  GString *out = g_string_new (NULL);
  guint64 spot_paise;

  g_string_append_printf (out, _("Strike %s"), strike);
  if (row->is_atm)
    g_string_append_printf (out, " · %s", _("at the money"));
  /* Grouped like the strikes above it, always with its paise: "Spot 24,960.05". */
  spot_paise = (guint64) llround (MAX (self->report->spot, 0) * 100);
  g_string_append_printf (out, "\n%s ", _("Spot"));
  append_indian_grouped (out, spot_paise / 100);
  g_string_append_printf (out, ".%02u", (guint) (spot_paise % 100));
  return g_string_free (out, FALSE);
}

char *
flow_oi_table_dup_cell_tooltip (FlowOiTable *self,
                                guint        row,
                                guint        column)
{
  const FlowOiRow *r;

  g_return_val_if_fail (FLOW_IS_OI_TABLE (self), NULL);

  if (row >= n_rows (self) || column >= FLOW_OI_TABLE_N_COLUMNS)
    return NULL;
  r = &self->report->rows[row];
  if (column == FLOW_OI_TABLE_COLUMN_STRIKE)
    return describe_strike (self, r);
  if (is_oi_column (column))
    return describe_oi (self, r, column);
  return describe_change (self, r, column);
}

static void
describe_side (FlowOiTable     *self,
               GString         *out,
               const FlowOiRow *row,
               gboolean         calls)
{
  const FlowOiSideReport *side = calls ? &row->ce : &row->pe;

  g_string_append (out, calls ? _("Calls: ") : _("Puts: "));
  if (!side->present)
    {
      g_string_append (out, _("no contract. "));
      return;
    }
  {
    g_autofree char *oi = flow_oi_format_quantity (in_display_units (self, side->oi),
                                                   FLOW_OI_FORMAT_FULL);

    g_string_append_printf (out, _("open interest %s %s"), oi, units_name (self));
  }
  for (guint i = 0; i < FLOW_OI_N_INTERVALS; i++)
    {
      const FlowOiChange *change = &side->changes[i];

      g_string_append_printf (out, _("; %u minutes "), flow_oi_interval_minutes (i));
      if (!change->has_value)
        {
          g_string_append (out, _("no value"));
          continue;
        }
      {
        g_autofree char *pct = flow_oi_format_percent (change->pct, FLOW_OI_FORMAT_FULL);

        g_string_append (out, pct);
      }
      if (change->flag == FLOW_OI_FLAG_BUILD_UP)
        g_string_append (out, _(", build-up"));
      else if (change->flag == FLOW_OI_FLAG_DROP)
        g_string_append (out, _(", drop"));
    }
  g_string_append (out, ". ");
}

char *
flow_oi_table_dup_row_description (FlowOiTable *self,
                                   guint        row)
{
  const FlowOiRow *r;
  g_autofree char *strike = NULL;
  GString *out;

  g_return_val_if_fail (FLOW_IS_OI_TABLE (self), NULL);

  if (row >= n_rows (self))
    return NULL;
  r = &self->report->rows[row];
  strike = format_strike (r->strike, FLOW_OI_FORMAT_FULL);
  out = g_string_new (NULL);
  g_string_append_printf (out, _("Strike %s"), strike);
  g_string_append (out, r->is_atm ? _(", at the money. ") : ". ");
  describe_side (self, out, r, TRUE);
  describe_side (self, out, r, FALSE);
  g_string_truncate (out, strlen (g_strchomp (out->str)));
  return g_string_free (out, FALSE);
}

static void
update_accessible_description (FlowOiTable *self)
{
  g_autofree char *description = flow_oi_table_dup_row_description (self, self->focus_row);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description != NULL ? description
                                                      : _("Waiting for the option chain"),
                                  -1);
}

char *
flow_oi_table_dup_cell_text (FlowOiTable *self,
                             guint        row,
                             guint        column)
{
  g_return_val_if_fail (FLOW_IS_OI_TABLE (self), NULL);

  if (row >= n_rows (self) || column >= FLOW_OI_TABLE_N_COLUMNS)
    return NULL;
  return cell_text (self, &self->report->rows[row], column,
                    format_of_column (get_geometry (self), column));
}

gboolean
flow_oi_table_get_cell_at (FlowOiTable *self,
                           double       x,
                           double       y,
                           guint       *out_row,
                           guint       *out_column)
{
  const Geometry *g;
  double row;

  g_return_val_if_fail (FLOW_IS_OI_TABLE (self), FALSE);

  g = get_geometry (self);
  if (x < 0 || x >= g->width || y < g->body_y || n_rows (self) == 0)
    return FALSE;
  row = floor ((y - g->body_y) / g->row_h);
  if (row >= n_rows (self))
    return FALSE;
  for (guint c = 0; c < FLOW_OI_TABLE_N_COLUMNS; c++)
    if (x < g->x[c + 1])
      {
        if (out_row != NULL)
          *out_row = (guint) row;
        if (out_column != NULL)
          *out_column = c;
        return TRUE;
      }
  return FALSE;
}

static char *
describe_column (FlowOiTable *self,
                 guint        column)
{
  if (is_oi_column (column))
    return g_strdup_printf (_("%s open interest, in %s"),
                            is_calls_column (column) ? _("Calls") : _("Puts"), units_name (self));
  if (column == FLOW_OI_TABLE_COLUMN_STRIKE)
    return g_strdup (_("Strike price; the triangles mark the spot price"));
  {
    guint interval = interval_of_column (column);
    guint minutes = flow_oi_interval_minutes (interval);

    if (self->report == NULL)
      return g_strdup_printf (_("OI change over %u minutes"), minutes);
    return g_strdup_printf (_("OI change over %u minutes: highlighted past %g%%"), minutes,
                            self->report->settings.thresholds[interval]);
  }
}

static gboolean
flow_oi_table_query_tooltip (GtkWidget  *widget,
                             int         x,
                             int         y,
                             gboolean    keyboard_mode,
                             GtkTooltip *tooltip)
{
  FlowOiTable *self = FLOW_OI_TABLE (widget);
  const Geometry *g = get_geometry (self);
  g_autofree char *text = NULL;
  guint row, column;
  GdkRectangle area;

  if (keyboard_mode)
    {
      text = flow_oi_table_dup_row_description (self, self->focus_row);
      if (text == NULL)
        return FALSE;
      gtk_tooltip_set_text (tooltip, text);
      return TRUE;
    }

  if (y >= g->group_h && y < g->body_y)
    {
      for (column = 0; column < FLOW_OI_TABLE_N_COLUMNS; column++)
        if (x < g->x[column + 1])
          break;
      if (column == FLOW_OI_TABLE_N_COLUMNS)
        return FALSE;
      text = describe_column (self, column);
      area = (GdkRectangle) { g->x[column], g->group_h, g->x[column + 1] - g->x[column], g->header_h };
    }
  else
    {
      if (!flow_oi_table_get_cell_at (self, x, y, &row, &column))
        return FALSE;
      text = flow_oi_table_dup_cell_tooltip (self, row, column);
      area = (GdkRectangle) { g->x[column], g->body_y + row * g->row_h,
                              g->x[column + 1] - g->x[column], g->row_h };
    }

  gtk_tooltip_set_text (tooltip, text);
  /* Ask again when the pointer crosses into another cell. */
  gtk_tooltip_set_tip_area (tooltip, &area);
  return TRUE;
}

/* Input */

static void
scroll_to_focus_row (FlowOiTable *self)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  const Geometry *g = get_geometry (self);
  GtkAdjustment *adjustment;
  GtkWidget *viewport;
  graphene_point_t top;
  double page;

  if (scrolled == NULL)
    return;
  viewport = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  if (viewport == NULL ||
      !gtk_widget_compute_point (GTK_WIDGET (self), viewport,
                                 &GRAPHENE_POINT_INIT (0, g->body_y + self->focus_row * g->row_h),
                                 &top))
    return;
  page = gtk_adjustment_get_page_size (adjustment);
  /* The column headers scroll too: keep them in view when the first row is focused. */
  if (self->focus_row == 0)
    top.y -= g->body_y;
  if (top.y < 0)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + top.y);
  else if (top.y + g->row_h > page)
    gtk_adjustment_set_value (adjustment,
                              gtk_adjustment_get_value (adjustment) + top.y + g->row_h - page);
}

static void
move_cursor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  FlowOiTable *self = FLOW_OI_TABLE (widget);
  int delta = g_variant_get_int32 (parameter);
  int rows = (int) n_rows (self);

  if (rows == 0)
    return;
  flow_oi_table_set_focus_row (self, (guint) CLAMP ((int) self->focus_row + delta, 0, rows - 1));
  scroll_to_focus_row (self);
}

static void
on_click_pressed (FlowOiTable     *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  guint row;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (flow_oi_table_get_cell_at (self, x, y, &row, NULL))
    flow_oi_table_set_focus_row (self, row);
}

static void
set_hover_row (FlowOiTable *self,
               int          row)
{
  if (self->hover_row == row)
    return;
  self->hover_row = row;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_motion (FlowOiTable              *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  guint row;

  set_hover_row (self, flow_oi_table_get_cell_at (self, x, y, &row, NULL) ? (int) row : -1);
}

static void
on_leave (FlowOiTable              *self,
          GtkEventControllerMotion *controller)
{
  set_hover_row (self, -1);
}

/* GtkWidget */

static void
flow_oi_table_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  FlowOiTable *self = FLOW_OI_TABLE (widget);

  GTK_WIDGET_CLASS (flow_oi_table_parent_class)->css_changed (widget, change);

  /* Light/dark, high contrast and font changes all arrive here. */
  update_palette (self);
  self->have_metrics = FALSE;
  invalidate (self);
  gtk_widget_queue_resize (widget);
}

static void
flow_oi_table_system_setting_changed (GtkWidget        *widget,
                                      GtkSystemSetting  setting)
{
  FlowOiTable *self = FLOW_OI_TABLE (widget);

  GTK_WIDGET_CLASS (flow_oi_table_parent_class)->system_setting_changed (widget, setting);

  self->have_metrics = FALSE;
  invalidate (self);
  gtk_widget_queue_resize (widget);
}

static void
flow_oi_table_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  FlowOiTable *self = FLOW_OI_TABLE (widget);

  if (self->geometry.width != width || self->geometry.height != height)
    invalidate (self);
}

static void
flow_oi_table_state_flags_changed (GtkWidget     *widget,
                                   GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (flow_oi_table_parent_class)->state_flags_changed (widget, previous);

  /* The focus ring follows :focus-visible. */
  if ((previous ^ gtk_widget_get_state_flags (widget)) &
      (GTK_STATE_FLAG_FOCUSED | GTK_STATE_FLAG_FOCUS_VISIBLE))
    gtk_widget_queue_draw (widget);
}

/* GObject */

static void
flow_oi_table_finalize (GObject *object)
{
  FlowOiTable *self = FLOW_OI_TABLE (object);

  g_clear_pointer (&self->report, flow_oi_report_unref);
  g_clear_pointer (&self->content, gsk_render_node_unref);
  g_free (self->stale_reason);
  G_OBJECT_CLASS (flow_oi_table_parent_class)->finalize (object);
}

static void
flow_oi_table_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  FlowOiTable *self = FLOW_OI_TABLE (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      g_value_set_boxed (value, self->report);
      break;
    case PROP_UNITS:
      g_value_set_enum (value, self->units);
      break;
    case PROP_STALE_REASON:
      g_value_set_string (value, self->stale_reason);
      break;
    case PROP_FOCUS_ROW:
      g_value_set_uint (value, self->focus_row);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_oi_table_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  FlowOiTable *self = FLOW_OI_TABLE (object);

  switch (prop_id)
    {
    case PROP_REPORT:
      flow_oi_table_set_report (self, g_value_get_boxed (value));
      break;
    case PROP_UNITS:
      flow_oi_table_set_units (self, g_value_get_enum (value));
      break;
    case PROP_STALE_REASON:
      flow_oi_table_set_stale_reason (self, g_value_get_string (value));
      break;
    case PROP_FOCUS_ROW:
      flow_oi_table_set_focus_row (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_oi_table_class_init (FlowOiTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = flow_oi_table_finalize;
  object_class->get_property = flow_oi_table_get_property;
  object_class->set_property = flow_oi_table_set_property;

  widget_class->snapshot = flow_oi_table_snapshot;
  widget_class->measure = flow_oi_table_measure;
  widget_class->size_allocate = flow_oi_table_size_allocate;
  widget_class->query_tooltip = flow_oi_table_query_tooltip;
  widget_class->css_changed = flow_oi_table_css_changed;
  widget_class->system_setting_changed = flow_oi_table_system_setting_changed;
  widget_class->state_flags_changed = flow_oi_table_state_flags_changed;

  properties[PROP_REPORT] =
    g_param_spec_boxed ("report", NULL, NULL, FLOW_TYPE_OI_REPORT,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNITS] =
    g_param_spec_enum ("units", NULL, NULL, FLOW_TYPE_OI_UNITS, FLOW_OI_UNITS_CONTRACTS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STALE_REASON] =
    g_param_spec_string ("stale-reason", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOCUS_ROW] =
    g_param_spec_uint ("focus-row", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "oi-table.move-cursor", "i", move_cursor_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0,
                                       "oi-table.move-cursor", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, 0,
                                       "oi-table.move-cursor", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0,
                                       "oi-table.move-cursor", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, 0,
                                       "oi-table.move-cursor", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0,
                                       "oi-table.move-cursor", "i", -5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0,
                                       "oi-table.move-cursor", "i", 5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0,
                                       "oi-table.move-cursor", "i", G_MININT32 / 2);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0,
                                       "oi-table.move-cursor", "i", G_MAXINT32 / 2);

  gtk_widget_class_set_css_name (widget_class, "oi-table");
  /* One opaque node on 4.8 (no child accessibles for drawn cells): the description carries
   * the row under the keyboard cursor. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GRID);
}

static void
flow_oi_table_init (FlowOiTable *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->hover_row = -1;
  self->geometry.text_scale = self->geometry.cell_scale = 1;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Open interest changes"),
                                  -1);
  update_accessible_description (self);
  update_palette (self);
}

GtkWidget *
flow_oi_table_new (void)
{
  return g_object_new (FLOW_TYPE_OI_TABLE, NULL);
}

FlowOiReport *
flow_oi_table_get_report (FlowOiTable *self)
{
  g_return_val_if_fail (FLOW_IS_OI_TABLE (self), NULL);
  return self->report;
}

void
flow_oi_table_set_report (FlowOiTable  *self,
                          FlowOiReport *report)
{
  guint old_rows;
  double focus_strike = 0;
  gboolean had_focus_strike;
  guint focus_row = 0;

  g_return_if_fail (FLOW_IS_OI_TABLE (self));

  if (self->report == report)
    return;

  old_rows = n_rows (self);
  had_focus_strike = self->focus_row < old_rows;
  if (had_focus_strike)
    focus_strike = self->report->rows[self->focus_row].strike;

  if (report != NULL)
    flow_oi_report_ref (report);
  g_clear_pointer (&self->report, flow_oi_report_unref);
  self->report = report;

  /* The cursor stays on its strike while it is displayed, else goes to the ATM row. */
  if (report != NULL && report->n_rows > 0)
    {
      focus_row = report->has_atm ? report->atm_row : 0;
      for (guint r = 0; had_focus_strike && r < report->n_rows; r++)
        if (report->rows[r].strike == focus_strike)
          focus_row = r;
    }
  if (self->focus_row != focus_row)
    {
      self->focus_row = focus_row;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUS_ROW]);
    }
  if (self->hover_row >= (int) n_rows (self))
    self->hover_row = -1;

  invalidate (self);
  if (n_rows (self) != old_rows)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
  flow_oi_table_set_stale_reason (self, NULL);
}

FlowOiUnits
flow_oi_table_get_units (FlowOiTable *self)
{
  g_return_val_if_fail (FLOW_IS_OI_TABLE (self), FLOW_OI_UNITS_CONTRACTS);
  return self->units;
}

void
flow_oi_table_set_units (FlowOiTable *self,
                         FlowOiUnits  units)
{
  g_return_if_fail (FLOW_IS_OI_TABLE (self));

  if (self->units == units)
    return;
  self->units = units;
  invalidate (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNITS]);
}

const char *
flow_oi_table_get_stale_reason (FlowOiTable *self)
{
  g_return_val_if_fail (FLOW_IS_OI_TABLE (self), NULL);
  return self->stale_reason;
}

void
flow_oi_table_set_stale_reason (FlowOiTable *self,
                                const char  *reason)
{
  g_return_if_fail (FLOW_IS_OI_TABLE (self));

  if (g_strcmp0 (self->stale_reason, reason) == 0)
    return;
  g_free (self->stale_reason);
  self->stale_reason = g_strdup (reason);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALE_REASON]);
}

guint
flow_oi_table_get_focus_row (FlowOiTable *self)
{
  g_return_val_if_fail (FLOW_IS_OI_TABLE (self), 0);
  return self->focus_row;
}

void
flow_oi_table_set_focus_row (FlowOiTable *self,
                             guint        row)
{
  g_return_if_fail (FLOW_IS_OI_TABLE (self));

  if (n_rows (self) > 0)
    row = MIN (row, n_rows (self) - 1);
  else
    row = 0;
  if (self->focus_row == row)
    return;
  self->focus_row = row;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  update_accessible_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOCUS_ROW]);
}

/* flow-footprint-view.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-footprint-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "flow-format.h"
#include "flow-footprint-view-private.h"
#include "flow-ist.h"

/* Drawing cost. A busy frame holds thousands of numbers: they are drawn from glyph tables in
 * batches (flow-chart-text.h), cell backgrounds are quantised to a few shades and filled as one
 * path per shade, and the chart is a stack of layer widgets (flow-footprint-layer.h) whose
 * render nodes GTK keeps until their layer changes: the pointer moving redraws the crosshair
 * alone. Where things are is the viewport's (flow-footprint-viewport.h). See
 * tests/bench/bench-footprint-render.c and bench-footprint-latency.c for what a frame costs. */

#define WHEEL_ZOOM_STEP        1.15
#define DRAG_PRICE_SLOP        8.0
#define SHIFT_WHEEL_BUCKETS    3.0

G_DEFINE_FINAL_TYPE (FlowFootprintView, flow_footprint_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FOOTPRINT,
  PROP_FOLLOW_LIVE,
  PROP_AUTOSCALE,
  PROP_TICK_SIZE,
  PROP_AUTO_ROW,
  PROP_SHOW_PROFILE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Style */

static void
palette_compute (Palette   *p,
                 GtkWidget *widget)
{
  FlowChartPalette base;
  GdkRGBA window_bg;

  /* The colours both views share, then the chart's own mixes of them. */
  flow_chart_palette_compute (&base, widget);
  p->dark = base.dark;
  p->bg = base.bg;
  p->fg = base.fg;
  window_bg = base.window_bg;
  p->buy = base.buy;
  p->sell = base.sell;
  p->ink[INK_BUY] = base.buy_text;
  p->ink[INK_SELL] = base.sell_text;
  p->poc = base.poc;
  p->gap = base.warning;
  p->accent = base.accent;

  p->panel = p->dark ? flow_chart_mix (&p->bg, &window_bg, 0.5) : window_bg;
  p->panel.alpha = 1.0;
  /* Lines are mixed into opaque colours: opaque fills are cheaper to composite. */
  p->grid = flow_chart_mix (&p->bg, &p->fg, p->dark ? 0.07 : 0.06);
  p->border = flow_chart_mix (&p->bg, &p->fg, 0.18);
  p->ink[INK_TEXT] = flow_chart_with_alpha (&p->fg, 0.92);
  p->ink[INK_TEXT_DIM] = flow_chart_with_alpha (&p->fg, 0.40);
  p->ink[INK_LABEL] = flow_chart_with_alpha (&p->fg, 0.65);

  /* Quantised shades: light enough at the top end for dark text to stay readable. */
  for (int s = 0; s < N_SHADES; s++)
    {
      double t = (double) (s + 1) / N_SHADES;
      double strength = p->dark ? 0.10 + 0.50 * t : 0.07 + 0.43 * t;

      p->shade[TINT_BUY][s] = flow_chart_mix (&p->bg, &p->buy, strength);
      p->shade[TINT_SELL][s] = flow_chart_mix (&p->bg, &p->sell, strength);
      p->shade[TINT_NEUTRAL][s] = flow_chart_mix (&p->bg, &p->fg, strength * 0.6);
    }
}

/* Data, viewport or style changed: every layer draws again. (The pointer moving redraws only
 * the crosshair, see on_motion(); the focus ring is the view's own.) */
static void
invalidate_chart (FlowFootprintView *self)
{
  for (int i = 0; i < FLOW_FOOTPRINT_N_LAYERS; i++)
    if (self->layers[i] != NULL)
      gtk_widget_queue_draw (self->layers[i]);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drop_fonts (FlowFootprintView *self)
{
  for (int b = 0; b < 2; b++)
    for (int px = 0; px <= MAX_CELL_FONT_PX; px++)
      flow_glyph_font_clear (&self->fonts[b][px]);
  for (int i = 0; i < FOOTER_ROWS; i++)
    g_clear_object (&self->footer_labels[i]);
}

static void
update_style (FlowFootprintView *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *ui = pango_context_get_font_description (context);
  Palette palette;

  palette_compute (&palette, GTK_WIDGET (self));
  if (memcmp (&palette, &self->palette, sizeof palette) != 0)
    {
      self->palette = palette;
      invalidate_chart (self);
    }

  if (ui != NULL && (self->font_desc == NULL ||
                     g_strcmp0 (pango_font_description_get_family (ui),
                                pango_font_description_get_family (self->font_desc)) != 0))
    {
      g_clear_pointer (&self->font_desc, pango_font_description_free);
      self->font_desc = pango_font_description_new ();
      pango_font_description_set_family (self->font_desc,
                                         pango_font_description_get_family (ui));
      drop_fonts (self);
      invalidate_chart (self);
    }
}

/* A widget that was never shown (the benchmark, an export before mapping) has had no
 * css_changed yet. */
static void
ensure_style (FlowFootprintView *self)
{
  if (self->font_desc == NULL)
    update_style (self);
}

static void
flow_footprint_view_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (flow_footprint_view_parent_class)->css_changed (widget, change);
  update_style (FLOW_FOOTPRINT_VIEW (widget));
}

static void
flow_footprint_view_system_setting_changed (GtkWidget        *widget,
                                            GtkSystemSetting  setting)
{
  FlowFootprintView *self = FLOW_FOOTPRINT_VIEW (widget);

  GTK_WIDGET_CLASS (flow_footprint_view_parent_class)->system_setting_changed (widget, setting);
  /* Hinting, antialiasing and DPI live in the shaped glyph tables. */
  drop_fonts (self);
  update_style (self);
  invalidate_chart (self);
}

/* Layout and the viewport */

static double
price_axis_width (FlowFootprintView *self)
{
  const FlowGlyphFont *gf = ui_font (self, TRUE);

  /* Wide enough for "99,999.95" and the LTP tag's padding. */
  return ceil (9 * gf->advance['0'] + 2 * gf->advance[','] + 18);
}

/* x of bucket 0's left edge and y of price 0, from the viewport. */
static void
layout_update_origin (FlowFootprintView *self,
                      Layout            *l)
{
  l->x0 = flow_footprint_viewport_bucket_x (self->viewport, 0);
  l->y0 = flow_footprint_viewport_get_top_price (self->viewport) / l->row * ROW_HEIGHT (self);
}

static void
layout_compute (FlowFootprintView *self,
                Layout            *l,
                double             width,
                double             height,
                double             scale)
{
  double line_h = ui_line_height (self);

  l->width = width;
  l->height = height;
  l->scale = scale;
  l->footer_row_h = line_h + 4;
  l->plot_w = MAX (1, snap (width - price_axis_width (self), scale));
  l->axis_y = snap (height - (line_h + 8), scale);
  l->footer_y = snap (l->axis_y - FOOTER_ROWS * l->footer_row_h, scale);
  l->plot_h = MAX (1, l->footer_y - 1);

  l->interval_ms = self->footprint != NULL ? flow_footprint_get_interval_ms (self->footprint)
                                           : FLOW_FOOTPRINT_DEFAULT_INTERVAL_MS;
  l->row = self->footprint != NULL ? flow_footprint_get_row (self->footprint)
                                   : FLOW_FOOTPRINT_DEFAULT_ROW;
  l->anchor_ms = self->footprint != NULL ? flow_footprint_get_bucket_start_ms (self->footprint, 0)
                                         : 0;
  flow_footprint_viewport_set_frame (self->viewport, l->plot_w, l->plot_h, l->anchor_ms,
                                     l->interval_ms, l->row);
  layout_update_origin (self, l);
}

static gboolean
has_size (FlowFootprintView *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self)) > 0 || self->last_width > 0;
}

/* Without a tick from the instrument data, the 5 paise NSE and BSE index futures trade in (and
 * that row-size-paise counts in). */
static gint64
tick_or_default (FlowFootprintView *self)
{
  return self->tick_size > 0 ? self->tick_size : 5;
}

static gboolean
notify_auto_row (gpointer data)
{
  FlowFootprintView *self = data;

  self->auto_row_idle_id = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_ROW]);
  return G_SOURCE_REMOVE;
}

/* The lowest and highest price of the buckets in view (FALSE when none traded). */
static gboolean
visible_price_range (FlowFootprintView *self,
                     gint64            *low,
                     gint64            *high)
{
  double plot_w = flow_footprint_viewport_get_plot_width (self->viewport);
  gint64 first = flow_footprint_viewport_index_at_x (self->viewport, 0);
  gint64 last = flow_footprint_viewport_index_at_x (self->viewport, plot_w - 0.5);
  gint64 day_first, day_last;
  gboolean any = FALSE;

  if (!flow_footprint_get_bucket_range (self->footprint, &day_first, &day_last))
    return FALSE;
  for (gint64 index = MAX (first, day_first); index <= MIN (last, day_last); index++)
    {
      FlowFootprintBucket bucket;

      if (!flow_footprint_get_bucket (self->footprint, index, &bucket) || bucket.high <= 0)
        continue;
      *low = any ? MIN (*low, bucket.low) : bucket.low;
      *high = any ? MAX (*high, bucket.high) : bucket.high;
      any = TRUE;
    }
  return any;
}

/* Autoscale and the automatic row size, from the buckets in view. The row the view would
 * choose is only announced (from an idle, never from inside a frame): whoever owns the row
 * setting decides whether to apply it. */
static void
fit_to_view (FlowFootprintView *self,
             Layout            *l)
{
  gint64 low, high, row;

  if (!visible_price_range (self, &low, &high))
    return;
  /* When a manual row is too fine for the range to fit, nothing changes: following has kept
   * the latest price in view (center-latest). */
  if (flow_footprint_viewport_get_autoscale (self->viewport))
    flow_footprint_viewport_fit_prices (self->viewport, low, high);
  row = flow_footprint_viewport_choose_row (self->viewport, tick_or_default (self), low, high,
                                            l->row);
  if (row != self->auto_row)
    {
      self->auto_row = row;
      if (self->auto_row_idle_id == 0)
        self->auto_row_idle_id = g_idle_add (notify_auto_row, self);
    }
}

/* Applies what the data asks of the viewport before a frame or a query: the first placement,
 * following live (a change of interval or row keeps the centre: set_frame() does that). */
static void
ensure_position (FlowFootprintView *self,
                 Layout            *l)
{
  gint64 newest, ltp;

  /* Without a size (a view never drawn nor allocated) there is nothing to place yet. */
  if (self->footprint == NULL || !has_size (self) || !get_live_state (self, &newest, &ltp))
    {
      flow_footprint_viewport_unplace (self->viewport);
      return;
    }
  flow_footprint_viewport_update_live (self->viewport, newest, ltp);
  fit_to_view (self, l);
  layout_update_origin (self, l);
}

static void
widget_layout_no_follow (FlowFootprintView *self,
                         Layout            *l)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  ensure_style (self);
  if (width <= 0 || height <= 0)
    {
      width = self->last_width;
      height = self->last_height;
    }
  layout_compute (self, l, width, height, gtk_widget_get_scale_factor (widget));
}

static void
widget_layout (FlowFootprintView *self,
               Layout            *l)
{
  widget_layout_no_follow (self, l);
  ensure_position (self, l);
}

/* After a command moved the viewport: the chart is drawn anew. Following stops (the viewport
 * decides) when the newest bucket or the LTP left the plot. */
static void
viewport_moved (FlowFootprintView *self)
{
  invalidate_chart (self);
}

static void
draw_chart (FlowFootprintView *self,
            cairo_t           *cr,
            Layout            *l)
{
  const Palette *p = &self->palette;
  gint64 first_index, last_index, label_step;

  fill_rect (cr, &p->bg, 0, 0, l->width, l->height);

  if (self->footprint == NULL || !flow_footprint_viewport_is_placed (self->viewport))
    {
      fill_rect (cr, &p->panel, l->plot_w, 0, l->width - l->plot_w, l->height);
      fill_rect (cr, &p->panel, 0, l->footer_y, l->plot_w, l->height - l->footer_y);
      flow_footprint_draw_placeholder (self, cr, l);
      return;
    }

  first_index = index_at_x (l, self, 0);
  last_index = index_at_x (l, self, l->plot_w);
  label_step = flow_footprint_price_label_step (self, l);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, l->plot_w, l->plot_h);
  cairo_clip (cr);
  flow_footprint_draw_grid (self, cr, l, first_index, last_index, label_step);
  flow_footprint_draw_cells (self, cr, l, first_index, last_index);
  flow_footprint_draw_profile (self, cr, l);
  cairo_restore (cr);

  flow_footprint_draw_price_axis (self, cr, l, label_step);
  flow_footprint_draw_footer (self, cr, l);
  flow_footprint_draw_time_axis (self, cr, l, first_index, last_index);
  flow_text_batch_flush (&self->axis_text, cr, p->ink, N_INKS, ui_font (self, FALSE), ui_font (self, TRUE), 1);
  flow_footprint_draw_ltp (self, cr, l);
}

void
flow_footprint_view_draw (FlowFootprintView *self,
                          cairo_t           *cr,
                          int                width,
                          int                height)
{
  Layout l;
  double sx = 1, sy = 1;

  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));
  g_return_if_fail (cr != NULL);

  if (width <= 0 || height <= 0)
    return;
  ensure_style (self);
  self->last_width = width;
  self->last_height = height;
  cairo_surface_get_device_scale (cairo_get_target (cr), &sx, &sy);
  layout_compute (self, &l, width, height, MAX (1, sx));
  ensure_position (self, &l);
  cairo_save (cr);
  draw_chart (self, cr, &l);
  cairo_restore (cr);
}

void
flow_footprint_view_snapshot_layer (FlowFootprintView      *self,
                                    FlowFootprintLayerKind  kind,
                                    GtkSnapshot            *snapshot)
{
  Layout *l = &self->frame;
  const Palette *p = &self->palette;
  graphene_rect_t bounds;
  gint64 first_index, last_index;
  double top, height;
  cairo_t *cr;

  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));

  if (l->width <= 0 || l->height <= 0)
    return;
  if (kind == FLOW_FOOTPRINT_LAYER_CROSSHAIR)
    {
      flow_footprint_snapshot_crosshair (self, snapshot, l);
      return;
    }
  if (self->footprint == NULL || !flow_footprint_viewport_is_placed (self->viewport))
    {
      /* No data: the panels and a word in the plot, drawn by the bottom layer alone. */
      if (kind != FLOW_FOOTPRINT_LAYER_CELLS)
        return;
      cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, l->width, l->height));
      fill_rect (cr, &p->panel, l->plot_w, 0, l->width - l->plot_w, l->height);
      fill_rect (cr, &p->panel, 0, l->footer_y, l->plot_w, l->height - l->footer_y);
      flow_footprint_draw_placeholder (self, cr, l);
      cairo_destroy (cr);
      return;
    }

  /* Each layer's surface covers only what it draws: less to allocate and composite. */
  first_index = index_at_x (l, self, 0);
  last_index = index_at_x (l, self, l->plot_w);
  switch (kind)
    {
    case FLOW_FOOTPRINT_LAYER_CELLS:
      bounds = GRAPHENE_RECT_INIT (0, 0, l->plot_w, l->plot_h);
      break;
    case FLOW_FOOTPRINT_LAYER_PROFILE:
      if (!self->show_profile)
        return;
      top = MIN (PROFILE_MAX_WIDTH, l->plot_w * 0.18);
      bounds = GRAPHENE_RECT_INIT (floor (l->plot_w - top), 0, ceil (top) + 1, l->plot_h);
      break;
    case FLOW_FOOTPRINT_LAYER_PRICE_AXIS:
      bounds = GRAPHENE_RECT_INIT (l->plot_w, 0, l->width - l->plot_w, l->height);
      break;
    case FLOW_FOOTPRINT_LAYER_FOOTER:
      bounds = GRAPHENE_RECT_INIT (0, l->footer_y, l->width, l->axis_y - l->footer_y);
      break;
    case FLOW_FOOTPRINT_LAYER_TIME_AXIS:
      bounds = GRAPHENE_RECT_INIT (0, l->axis_y, l->width, l->height - l->axis_y);
      break;
    case FLOW_FOOTPRINT_LAYER_LTP:
      if (!flow_footprint_ltp_band (self, l, &top, &height))
        return;
      bounds = GRAPHENE_RECT_INIT (0, top, l->width, height);
      break;
    case FLOW_FOOTPRINT_LAYER_CROSSHAIR:
    case FLOW_FOOTPRINT_N_LAYERS:
    default:
      return;
    }

  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  switch (kind)
    {
    case FLOW_FOOTPRINT_LAYER_CELLS:
      flow_footprint_draw_grid (self, cr, l, first_index, last_index, flow_footprint_price_label_step (self, l));
      flow_footprint_draw_cells (self, cr, l, first_index, last_index);
      break;
    case FLOW_FOOTPRINT_LAYER_PROFILE:
      flow_footprint_draw_profile (self, cr, l);
      break;
    case FLOW_FOOTPRINT_LAYER_PRICE_AXIS:
      flow_footprint_draw_price_axis (self, cr, l, flow_footprint_price_label_step (self, l));
      flow_text_batch_flush (&self->axis_text, cr, p->ink, N_INKS, ui_font (self, FALSE), ui_font (self, TRUE), 1);
      break;
    case FLOW_FOOTPRINT_LAYER_FOOTER:
      flow_footprint_draw_footer (self, cr, l);
      break;
    case FLOW_FOOTPRINT_LAYER_TIME_AXIS:
      flow_footprint_draw_time_axis (self, cr, l, first_index, last_index);
      flow_text_batch_flush (&self->axis_text, cr, p->ink, N_INKS, ui_font (self, FALSE), ui_font (self, TRUE), 1);
      break;
    case FLOW_FOOTPRINT_LAYER_LTP:
      flow_footprint_draw_ltp (self, cr, l);
      break;
    case FLOW_FOOTPRINT_LAYER_CROSSHAIR:
    case FLOW_FOOTPRINT_N_LAYERS:
    default:
      break;
    }
  cairo_destroy (cr);
}

static void
flow_footprint_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  FlowFootprintView *self = FLOW_FOOTPRINT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (width <= 0 || height <= 0)
    return;

  self->last_width = width;
  self->last_height = height;
  /* One layout for the frame: the layers, redrawn or not, are of this one. */
  widget_layout (self, &self->frame);
  gtk_snapshot_append_color (snapshot, &self->palette.bg,
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);

  /* Keyboard focus: a ring around the plot, over the layers. */
  if (gtk_widget_has_visible_focus (widget))
    {
      GskRoundedRect ring;
      GdkRGBA color = flow_chart_with_alpha (&self->palette.accent, 0.6);
      GdkRGBA colors[4] = { color, color, color, color };
      float widths[4] = { 2, 2, 2, 2 };

      gsk_rounded_rect_init_from_rect (&ring, &GRAPHENE_RECT_INIT (0, 0, self->frame.plot_w,
                                                                   self->frame.plot_h), 0);
      gtk_snapshot_append_border (snapshot, &ring, widths, colors);
    }
}

/* Queries */

gboolean
flow_footprint_view_get_visible_range (FlowFootprintView *self,
                                       gint64            *first_bucket_ms,
                                       gint64            *last_bucket_ms,
                                       gint64            *top_price,
                                       gint64            *bottom_price)
{
  Layout l;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), FALSE);

  if (self->footprint == NULL || !has_size (self))
    return FALSE;
  widget_layout (self, &l);
  if (first_bucket_ms != NULL)
    *first_bucket_ms = l.anchor_ms + index_at_x (&l, self, 0) * l.interval_ms;
  if (last_bucket_ms != NULL)
    *last_bucket_ms = l.anchor_ms + index_at_x (&l, self, l.plot_w - 0.5) * l.interval_ms;
  if (top_price != NULL)
    *top_price = level_at_y (&l, self, 0);
  if (bottom_price != NULL)
    *bottom_price = level_at_y (&l, self, l.plot_h - 0.5);
  return TRUE;
}

gboolean
flow_footprint_view_get_cell_position (FlowFootprintView *self,
                                       gint64             bucket_ms,
                                       gint64             price,
                                       double            *x,
                                       double            *y)
{
  Layout l;
  gint64 index;
  double cx, cy;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), FALSE);

  if (self->footprint == NULL || !has_size (self))
    return FALSE;
  widget_layout (self, &l);
  index = flow_footprint_get_bucket_index_at (self->footprint, bucket_ms);
  price = flow_floor_div (price, l.row) * l.row;
  cx = l.x0 + (index + 0.5) * BUCKET_WIDTH (self);
  cy = l.y0 - (price / l.row + 0.5) * ROW_HEIGHT (self);
  if (x != NULL)
    *x = cx;
  if (y != NULL)
    *y = cy;
  return cx >= 0 && cx < l.plot_w && cy >= 0 && cy < l.plot_h;
}

static char *
describe_cell (FlowFootprintView *self,
               const Layout      *l,
               gint64             index,
               gint64             level)
{
  FlowFootprintBucket b;
  FlowFootprintCell cell = { 0 };
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  GString *text;
  char price[32];

  /* Only cells that traded: the crosshair's tags already say where an empty one is. */
  if (!flow_footprint_get_bucket (self->footprint, index, &b) ||
      !flow_footprint_get_cell (self->footprint, index, level, &cell))
    return NULL;
  start = flow_ist_format_time (b.start_ms);
  end = flow_ist_format_time (b.start_ms + l->interval_ms);
  flow_chart_format_price (price, level);

  text = g_string_new (NULL);
  /* Translators: a footprint cell's tooltip; times are IST */
  g_string_append_printf (text, _("%s – %s IST\nPrice %s\nBuy %" G_GINT64_FORMAT
                                  "   Sell %" G_GINT64_FORMAT "\nDelta %s%" G_GINT64_FORMAT
                                  "   Trades %u"),
                          start, end, price, cell.buy_volume, cell.sell_volume,
                          cell.buy_volume > cell.sell_volume ? "+" : "",
                          cell.buy_volume - cell.sell_volume, cell.trades);
  if (cell.flags & FLOW_FOOTPRINT_CELL_POC)
    g_string_append_printf (text, "\n%s", _("Point of control"));
  if (cell.flags & FLOW_FOOTPRINT_CELL_BUY_IMBALANCE)
    g_string_append_printf (text, "\n%s", cell.flags & FLOW_FOOTPRINT_CELL_BUY_STACKED
                                          ? _("Stacked buy imbalance") : _("Buy imbalance"));
  if (cell.flags & FLOW_FOOTPRINT_CELL_SELL_IMBALANCE)
    g_string_append_printf (text, "\n%s", cell.flags & FLOW_FOOTPRINT_CELL_SELL_STACKED
                                          ? _("Stacked sell imbalance") : _("Sell imbalance"));
  if (b.gap_volume > 0)
    g_string_append_printf (text, "\n" "%s %" G_GINT64_FORMAT,
                            _("Traded while disconnected:"), b.gap_volume);
  return g_string_free (text, FALSE);
}

static char *
describe_bucket (FlowFootprintView *self,
                 const Layout      *l,
                 gint64             index)
{
  FlowFootprintBucket b;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  GString *text;

  if (!flow_footprint_get_bucket (self->footprint, index, &b))
    return NULL;
  start = flow_ist_format_time (b.start_ms);
  end = flow_ist_format_time (b.start_ms + l->interval_ms);
  text = g_string_new (NULL);
  g_string_append_printf (text, _("%s – %s IST\nVolume %" G_GINT64_FORMAT "   Trades %u\n"
                                  "Delta %s%" G_GINT64_FORMAT "   Cum Δ %s%" G_GINT64_FORMAT),
                          start, end, b.volume, b.trades,
                          b.delta > 0 ? "+" : "", b.delta, b.cum_delta > 0 ? "+" : "",
                          b.cum_delta);
  if (b.high > 0)
    {
      char o[32], h[32], lo[32], c[32];

      flow_chart_format_price (o, b.open);
      flow_chart_format_price (h, b.high);
      flow_chart_format_price (lo, b.low);
      flow_chart_format_price (c, b.close);
      g_string_append_printf (text, _("\nO %s  H %s  L %s  C %s"), o, h, lo, c);
    }
  if (b.gap_volume > 0)
    g_string_append_printf (text, "\n" "%s %" G_GINT64_FORMAT,
                            _("Traded while disconnected:"), b.gap_volume);
  return g_string_free (text, FALSE);
}

/* A bucket inside the day that received nothing: the hatched gap says why. */
static char *
describe_gap (FlowFootprintView *self,
              const Layout      *l,
              gint64             index)
{
  gint64 first, last, start_ms = l->anchor_ms + index * l->interval_ms;
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;

  if (!flow_footprint_get_bucket_range (self->footprint, &first, &last) ||
      index < first || index > last)
    return NULL;
  start = flow_ist_format_time (start_ms);
  end = flow_ist_format_time (start_ms + l->interval_ms);
  /* Translators: the tooltip of a time bucket in which the feed delivered nothing */
  return g_strdup_printf (_("%s – %s IST\nNo data received (disconnected or closed)"), start, end);
}

char *
flow_footprint_view_dup_tooltip_text (FlowFootprintView *self,
                                      double             x,
                                      double             y)
{
  Layout l;
  gint64 index;
  FlowFootprintBucket b;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), NULL);

  if (self->footprint == NULL || !has_size (self))
    return NULL;
  widget_layout (self, &l);
  if (!flow_footprint_viewport_is_placed (self->viewport) || x < 0 || x >= l.plot_w || y < 0 || y >= l.axis_y)
    return NULL;
  index = index_at_x (&l, self, x);
  if (!flow_footprint_get_bucket (self->footprint, index, &b))
    return describe_gap (self, &l, index);
  if (y >= l.footer_y)
    return describe_bucket (self, &l, index);
  if (y >= l.plot_h)
    return NULL;
  return describe_cell (self, &l, index, level_at_y (&l, self, y));
}

static gboolean
flow_footprint_view_query_tooltip (GtkWidget  *widget,
                                   int         x,
                                   int         y,
                                   gboolean    keyboard_mode,
                                   GtkTooltip *tooltip)
{
  FlowFootprintView *self = FLOW_FOOTPRINT_VIEW (widget);
  g_autofree char *text = NULL;
  Layout l;
  gint64 index;
  double bx;

  if (keyboard_mode || self->dragging)
    return FALSE;
  text = flow_footprint_view_dup_tooltip_text (self, x, y);
  if (text == NULL)
    return FALSE;
  widget_layout (self, &l);
  index = index_at_x (&l, self, x);
  bx = bucket_x (&l, self, index);
  gtk_tooltip_set_text (tooltip, text);
  /* The tooltip belongs to one cell: GTK asks again when the pointer leaves it. */
  if (y >= l.footer_y)
    gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
      floor (bx), floor (l.footer_y), ceil (BUCKET_WIDTH (self)), ceil (l.axis_y - l.footer_y) });
  else
    {
      gint64 level = level_at_y (&l, self, y);
      double ty = level_y (&l, self, level);

      gtk_tooltip_set_tip_area (tooltip, &(GdkRectangle) {
        floor (bx), floor (ty), ceil (BUCKET_WIDTH (self)), MAX (1, ceil (ROW_HEIGHT (self))) });
    }
  return TRUE;
}

/* Viewport commands */

static void stop_kinetic (FlowFootprintView *self);

static void
zoom_at (FlowFootprintView *self,
         double             time_factor,
         double             price_factor,
         double             x,
         double             y,
         double             from_width,
         double             from_height,
         double             from_left_ms,
         double             from_top_price)
{
  Layout l;

  widget_layout_no_follow (self, &l);
  flow_footprint_viewport_zoom_from (self->viewport, time_factor, price_factor, x, y, from_width,
                                     from_height, from_left_ms, from_top_price);
  viewport_moved (self);
}

void
flow_footprint_view_zoom (FlowFootprintView *self,
                          double             time_factor,
                          double             price_factor,
                          double             x,
                          double             y)
{
  Layout l;

  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));
  g_return_if_fail (time_factor > 0 && price_factor > 0);

  widget_layout (self, &l);
  flow_footprint_viewport_zoom (self->viewport, time_factor, price_factor, x, y);
  viewport_moved (self);
}

void
flow_footprint_view_reset_zoom (FlowFootprintView *self,
                                gboolean           time,
                                gboolean           price)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));

  flow_footprint_view_zoom (self,
                            time ? FLOW_FOOTPRINT_VIEWPORT_DEFAULT_BUCKET_WIDTH /
                                   BUCKET_WIDTH (self) : 1,
                            price ? FLOW_FOOTPRINT_VIEWPORT_DEFAULT_ROW_HEIGHT /
                                    ROW_HEIGHT (self) : 1,
                            -1, -1);
  /* Resetting the price axis (a double click on it) is also how autoscale comes back. */
  if (price)
    flow_footprint_viewport_set_autoscale (self->viewport, TRUE);
}

void
flow_footprint_view_pan (FlowFootprintView *self,
                         double             dx,
                         double             dy)
{
  Layout l;

  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));

  widget_layout (self, &l);
  flow_footprint_viewport_pan (self->viewport, dx, dy);
  viewport_moved (self);
}

void
flow_footprint_view_scroll (FlowFootprintView *self,
                            double             dx,
                            double             dy,
                            GdkModifierType    state)
{
  double x = self->hovering ? self->hover_x : -1;
  double y = self->hovering ? self->hover_y : -1;

  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));

  state &= gtk_accelerator_get_default_mod_mask ();
  if (state & GDK_SHIFT_MASK)
    {
      /* Shift turns the wheel into a horizontal one (some systems already did). */
      dx += dy;
      dy = 0;
    }
  if (dx != 0)
    flow_footprint_view_pan (self, -dx * SHIFT_WHEEL_BUCKETS * BUCKET_WIDTH (self), 0);
  if (dy == 0)
    return;
  if (state & GDK_CONTROL_MASK)
    flow_footprint_view_zoom (self, 1, pow (WHEEL_ZOOM_STEP, -dy), x, y);
  else
    flow_footprint_view_zoom (self, pow (WHEEL_ZOOM_STEP, -dy), 1, x, y);
}

void
flow_footprint_view_go_live (FlowFootprintView *self)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));

  stop_kinetic (self);
  flow_footprint_viewport_go_live (self->viewport);
  invalidate_chart (self);
}

/* Input */

/* Kinetic panning: a drag let go while moving glides on, slowing down exponentially as a
 * touchpad's kinetic scrolling does, so a fast flick travels about velocity × KINETIC_TAU_S. */
#define KINETIC_TAU_S          0.3
#define KINETIC_START_VELOCITY 120.0   /* px/s: a slower release just stops */
#define KINETIC_STOP_VELOCITY  12.0

static void
stop_kinetic (FlowFootprintView *self)
{
  if (self->kinetic_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->kinetic_tick_id);
  self->kinetic_tick_id = 0;
}

static gboolean
kinetic_step (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  FlowFootprintView *self = FLOW_FOOTPRINT_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double dt = (now - self->kinetic_last_us) / (double) G_USEC_PER_SEC;
  double decay;

  if (dt <= 0)
    return G_SOURCE_CONTINUE;
  self->kinetic_last_us = now;
  decay = exp (-dt / KINETIC_TAU_S);
  /* The distance the decaying velocity covers over dt, so the glide is frame-rate free. */
  flow_footprint_view_pan (self, self->kinetic_vx * KINETIC_TAU_S * (1 - decay),
                           self->kinetic_vy * KINETIC_TAU_S * (1 - decay));
  self->kinetic_vx *= decay;
  self->kinetic_vy *= decay;
  if (hypot (self->kinetic_vx, self->kinetic_vy) >= KINETIC_STOP_VELOCITY)
    return G_SOURCE_CONTINUE;
  self->kinetic_tick_id = 0;
  return G_SOURCE_REMOVE;
}

static void
on_swipe (FlowFootprintView *self,
          double             velocity_x,
          double             velocity_y,
          GtkGestureSwipe   *gesture)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  stop_kinetic (self);
  if (clock == NULL || hypot (velocity_x, velocity_y) < KINETIC_START_VELOCITY)
    return;
  self->kinetic_vx = velocity_x;
  self->kinetic_vy = velocity_y;
  self->kinetic_last_us = gdk_frame_clock_get_frame_time (clock);
  self->kinetic_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), kinetic_step,
                                                        NULL, NULL);
}

gboolean
flow_footprint_view_is_gliding (FlowFootprintView *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), FALSE);
  return self->kinetic_tick_id != 0;
}

static void
on_drag_begin (FlowFootprintView *self,
               double             x,
               double             y,
               GtkGestureDrag    *gesture)
{
  stop_kinetic (self);
  self->drag_left_ms = flow_footprint_viewport_get_left_ms (self->viewport);
  self->drag_top_price = flow_footprint_viewport_get_top_price (self->viewport);
  self->dragging = TRUE;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_drag_update (FlowFootprintView *self,
                double             offset_x,
                double             offset_y,
                GtkGestureDrag    *gesture)
{
  Layout l;

  if (!self->dragging)
    return;
  if (offset_x != 0 || offset_y != 0)
    gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
  widget_layout (self, &l);
  /* A drag that moves in price is the user taking the price axis: autoscale lets go. A few
   * pixels of wobble in a sideways drag are not that. */
  if (fabs (offset_y) > DRAG_PRICE_SLOP)
    flow_footprint_viewport_set_autoscale (self->viewport, FALSE);
  flow_footprint_viewport_set_origin (self->viewport,
                                      self->drag_left_ms -
                                      offset_x / BUCKET_WIDTH (self) * l.interval_ms,
                                      flow_footprint_viewport_get_autoscale (self->viewport)
                                      ? flow_footprint_viewport_get_top_price (self->viewport)
                                      : self->drag_top_price +
                                        offset_y / ROW_HEIGHT (self) * l.row);
  flow_footprint_viewport_user_moved (self->viewport);
  viewport_moved (self);
}

static void
on_drag_end (FlowFootprintView *self,
             double             offset_x,
             double             offset_y,
             GtkGestureDrag    *gesture)
{
  on_drag_update (self, offset_x, offset_y, gesture);
  self->dragging = FALSE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
}

static gboolean
on_scroll (FlowFootprintView        *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state =
    gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  stop_kinetic (self);
  /* Touchpads report pixels: the content follows the fingers sideways, and a wheel detent is
   * about 20 of them for zooming (as in Papers). */
  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_SURFACE)
    {
      if (state & GDK_SHIFT_MASK)
        {
          dx += dy;
          dy = 0;
        }
      if (dx != 0)
        flow_footprint_view_pan (self, -dx, 0);
      dx = 0;
      dy /= 20;
    }
  flow_footprint_view_scroll (self, dx, dy, state);
  return TRUE;
}

static void
on_pinch_begin (FlowFootprintView *self,
                GdkEventSequence  *sequence,
                GtkGesture        *gesture)
{
  stop_kinetic (self);
  /* The fingers' centre stays put; without touch points (a synthesised pinch), the plot's. */
  if (!gtk_gesture_is_active (gesture) ||
      !gtk_gesture_get_bounding_box_center (gesture, &self->pinch_x, &self->pinch_y))
    self->pinch_x = self->pinch_y = -1;
  self->pinch_width = BUCKET_WIDTH (self);
  self->pinch_height = ROW_HEIGHT (self);
  self->drag_left_ms = flow_footprint_viewport_get_left_ms (self->viewport);
  self->drag_top_price = flow_footprint_viewport_get_top_price (self->viewport);
}

static void
on_pinch_scale_changed (FlowFootprintView *self,
                        double             scale,
                        GtkGestureZoom    *gesture)
{
  if (self->pinch_width <= 0)
    return;
  zoom_at (self, scale, 1, self->pinch_x, self->pinch_y, self->pinch_width,
           self->pinch_height, self->drag_left_ms, self->drag_top_price);
}

static void
on_pressed (FlowFootprintView *self,
            int                n_press,
            double             x,
            double             y,
            GtkGestureClick   *gesture)
{
  Layout l;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press != 2)
    return;
  widget_layout (self, &l);
  /* A double click on an axis resets that axis' zoom. */
  if (x >= l.plot_w && y < l.footer_y)
    flow_footprint_view_reset_zoom (self, FALSE, TRUE);
  else if (y >= l.axis_y && x < l.plot_w)
    flow_footprint_view_reset_zoom (self, TRUE, FALSE);
}

/* Keyboard commands are widget actions with key bindings (chart.*), so they can be listed,
 * rebound and triggered from elsewhere; their parameters say how far: buckets or rows for a
 * step, plot sizes for a page, a factor for a zoom. */
static void
chart_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FlowFootprintView *self = FLOW_FOOTPRINT_VIEW (widget);
  double amount = parameter != NULL ? g_variant_get_double (parameter) : 0;
  GtkRoot *root;
  Layout l;

  stop_kinetic (self);
  widget_layout (self, &l);
  if (g_str_equal (action_name, "chart.pan-time"))
    flow_footprint_view_pan (self, -amount * BUCKET_WIDTH (self), 0);
  else if (g_str_equal (action_name, "chart.page-time"))
    flow_footprint_view_pan (self, -amount * l.plot_w, 0);
  else if (g_str_equal (action_name, "chart.pan-price"))
    flow_footprint_view_pan (self, 0, amount * ROW_HEIGHT (self));
  else if (g_str_equal (action_name, "chart.page-price"))
    flow_footprint_view_pan (self, 0, amount * l.plot_h);
  else if (g_str_equal (action_name, "chart.zoom-time"))
    flow_footprint_view_zoom (self, amount, 1, -1, -1);
  else if (g_str_equal (action_name, "chart.zoom-price"))
    flow_footprint_view_zoom (self, 1, amount, -1, -1);
  else if (g_str_equal (action_name, "chart.zoom-reset"))
    flow_footprint_view_reset_zoom (self, TRUE, TRUE);
  else if (g_str_equal (action_name, "chart.go-live"))
    flow_footprint_view_go_live (self);
  else if (g_str_equal (action_name, "chart.go-first"))
    {
      gint64 first, last;

      if (self->footprint != NULL &&
          flow_footprint_get_bucket_range (self->footprint, &first, &last))
        flow_footprint_view_pan (self, -(l.x0 + first * BUCKET_WIDTH (self)), 0);
    }

  /* A key that reached the chart would have turned the window's focus ring on; the binding
   * consumed it, so say it here (only for keys: with the focus on the chart). */
  root = gtk_widget_get_root (widget);
  if (gtk_widget_has_focus (widget) && GTK_IS_WINDOW (root))
    gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
}

static void
install_chart_actions (GtkWidgetClass *widget_class)
{
  static const char * const with_amount[] = {
    "chart.pan-time", "chart.page-time", "chart.pan-price", "chart.page-price",
    "chart.zoom-time", "chart.zoom-price",
  };
  static const struct
  {
    guint           keyval;
    GdkModifierType modifiers;
    const char     *action;
    double          amount;
  } bindings[] = {
    /* Arrows step a bucket or a row; with Shift or Control, most of a screen. */
    { GDK_KEY_Left, 0, "chart.pan-time", -1 },
    { GDK_KEY_KP_Left, 0, "chart.pan-time", -1 },
    { GDK_KEY_Right, 0, "chart.pan-time", 1 },
    { GDK_KEY_KP_Right, 0, "chart.pan-time", 1 },
    { GDK_KEY_Left, GDK_SHIFT_MASK, "chart.page-time", -0.8 },
    { GDK_KEY_Left, GDK_CONTROL_MASK, "chart.page-time", -0.8 },
    { GDK_KEY_Right, GDK_SHIFT_MASK, "chart.page-time", 0.8 },
    { GDK_KEY_Right, GDK_CONTROL_MASK, "chart.page-time", 0.8 },
    { GDK_KEY_Up, 0, "chart.pan-price", 1 },
    { GDK_KEY_KP_Up, 0, "chart.pan-price", 1 },
    { GDK_KEY_Down, 0, "chart.pan-price", -1 },
    { GDK_KEY_KP_Down, 0, "chart.pan-price", -1 },
    { GDK_KEY_Up, GDK_SHIFT_MASK, "chart.page-price", 0.8 },
    { GDK_KEY_Up, GDK_CONTROL_MASK, "chart.page-price", 0.8 },
    { GDK_KEY_Down, GDK_SHIFT_MASK, "chart.page-price", -0.8 },
    { GDK_KEY_Down, GDK_CONTROL_MASK, "chart.page-price", -0.8 },
    { GDK_KEY_Page_Up, 0, "chart.page-price", 0.8 },
    { GDK_KEY_KP_Page_Up, 0, "chart.page-price", 0.8 },
    { GDK_KEY_Page_Down, 0, "chart.page-price", -0.8 },
    { GDK_KEY_KP_Page_Down, 0, "chart.page-price", -0.8 },
    /* + and − zoom time, as the wheel; with Control, price, as Control with the wheel. */
    { GDK_KEY_plus, 0, "chart.zoom-time", 1.25 },
    { GDK_KEY_equal, 0, "chart.zoom-time", 1.25 },
    { GDK_KEY_KP_Add, 0, "chart.zoom-time", 1.25 },
    { GDK_KEY_minus, 0, "chart.zoom-time", 0.8 },
    { GDK_KEY_underscore, 0, "chart.zoom-time", 0.8 },
    { GDK_KEY_KP_Subtract, 0, "chart.zoom-time", 0.8 },
    { GDK_KEY_plus, GDK_CONTROL_MASK, "chart.zoom-price", 1.25 },
    { GDK_KEY_equal, GDK_CONTROL_MASK, "chart.zoom-price", 1.25 },
    { GDK_KEY_KP_Add, GDK_CONTROL_MASK, "chart.zoom-price", 1.25 },
    { GDK_KEY_minus, GDK_CONTROL_MASK, "chart.zoom-price", 0.8 },
    { GDK_KEY_underscore, GDK_CONTROL_MASK, "chart.zoom-price", 0.8 },
    { GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "chart.zoom-price", 0.8 },
  };
  static const struct
  {
    guint       keyval;
    const char *action;
  } plain[] = {
    { GDK_KEY_0, "chart.zoom-reset" },
    { GDK_KEY_KP_0, "chart.zoom-reset" },
    { GDK_KEY_End, "chart.go-live" },
    { GDK_KEY_KP_End, "chart.go-live" },
    { GDK_KEY_Home, "chart.go-first" },
    { GDK_KEY_KP_Home, "chart.go-first" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (with_amount); i++)
    gtk_widget_class_install_action (widget_class, with_amount[i], "d", chart_action);
  gtk_widget_class_install_action (widget_class, "chart.zoom-reset", NULL, chart_action);
  gtk_widget_class_install_action (widget_class, "chart.go-live", NULL, chart_action);
  gtk_widget_class_install_action (widget_class, "chart.go-first", NULL, chart_action);
  for (gsize i = 0; i < G_N_ELEMENTS (bindings); i++)
    gtk_widget_class_add_binding_action (widget_class, bindings[i].keyval, bindings[i].modifiers,
                                         bindings[i].action, "d", bindings[i].amount);
  for (gsize i = 0; i < G_N_ELEMENTS (plain); i++)
    gtk_widget_class_add_binding_action (widget_class, plain[i].keyval, 0, plain[i].action,
                                         NULL);
}

static void
flow_footprint_view_state_flags_changed (GtkWidget     *widget,
                                         GtkStateFlags  previous)
{
  GTK_WIDGET_CLASS (flow_footprint_view_parent_class)->state_flags_changed (widget, previous);
  /* The focus ring is drawn here, not by CSS. */
  if ((gtk_widget_get_state_flags (widget) ^ previous) &
      (GTK_STATE_FLAG_FOCUS_VISIBLE | GTK_STATE_FLAG_FOCUSED))
    gtk_widget_queue_draw (widget);
}

static void
on_motion (FlowFootprintView        *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  self->hovering = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  /* Only the crosshair moves: every other layer keeps its render node. */
  gtk_widget_queue_draw (self->layers[FLOW_FOOTPRINT_LAYER_CROSSHAIR]);
}

static void
on_leave (FlowFootprintView        *self,
          GtkEventControllerMotion *controller)
{
  self->hovering = FALSE;
  gtk_widget_queue_draw (self->layers[FLOW_FOOTPRINT_LAYER_CROSSHAIR]);
}

/* Accessibility: a screen reader gets a short summary, refreshed at most every few seconds. */
static gboolean
update_description (gpointer data)
{
  FlowFootprintView *self = data;
  g_autofree char *text = NULL;
  gint64 first, last, ltp;
  FlowFootprintBucket b;

  self->a11y_timeout_id = 0;
  if (self->footprint == NULL ||
      !flow_footprint_get_bucket_range (self->footprint, &first, &last) ||
      !flow_footprint_get_bucket (self->footprint, last, &b))
    text = g_strdup (_("No data yet"));
  else
    {
      g_autofree char *from = flow_ist_format_time (flow_footprint_get_bucket_start_ms (self->footprint, first));
      g_autofree char *to = flow_ist_format_time (b.start_ms);
      char price[32];

      ltp = flow_footprint_get_last_ltp (self->footprint);
      flow_chart_format_price (price, ltp);
      text = g_strdup_printf (_("Buckets from %s to %s IST; last price %s; cumulative delta %"
                                G_GINT64_FORMAT), from, to, price, b.cum_delta);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text, -1);
  return G_SOURCE_REMOVE;
}

static void
on_footprint_changed (FlowFootprintView *self)
{
  /* Everything else happens in the next frame, whatever the number of changes before it. */
  invalidate_chart (self);
  if (self->a11y_timeout_id == 0)
    self->a11y_timeout_id = g_timeout_add_seconds (5, update_description, self);
}

/* Properties and life cycle */

GtkWidget *
flow_footprint_view_new (void)
{
  return g_object_new (FLOW_TYPE_FOOTPRINT_VIEW, NULL);
}

FlowFootprint *
flow_footprint_view_get_footprint (FlowFootprintView *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), NULL);
  return self->footprint;
}

void
flow_footprint_view_set_footprint (FlowFootprintView *self,
                                   FlowFootprint     *footprint)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));
  g_return_if_fail (footprint == NULL || FLOW_IS_FOOTPRINT (footprint));

  if (self->footprint == footprint)
    return;
  if (self->footprint != NULL)
    g_signal_handlers_disconnect_by_data (self->footprint, self);
  g_set_object (&self->footprint, footprint);
  if (footprint != NULL)
    g_signal_connect_object (footprint, "changed", G_CALLBACK (on_footprint_changed), self,
                             G_CONNECT_SWAPPED);
  flow_footprint_viewport_unplace (self->viewport);
  invalidate_chart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOOTPRINT]);
}

gboolean
flow_footprint_view_get_follow_live (FlowFootprintView *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), FALSE);
  return flow_footprint_viewport_get_follow_live (self->viewport);
}

void
flow_footprint_view_set_follow_live (FlowFootprintView *self,
                                     gboolean           follow_live)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));

  /* Turning it on (the toggle) is the same as End: the viewport brings the newest bucket back;
   * its notify::follow-live reaches on_viewport_follow_live(). */
  flow_footprint_viewport_set_follow_live (self->viewport, follow_live);
}

static void
on_viewport_autoscale (FlowFootprintView *self)
{
  invalidate_chart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOSCALE]);
}

gboolean
flow_footprint_view_get_show_profile (FlowFootprintView *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), FALSE);
  return self->show_profile;
}

void
flow_footprint_view_set_show_profile (FlowFootprintView *self,
                                      gboolean           show_profile)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));

  show_profile = !!show_profile;
  if (self->show_profile == show_profile)
    return;
  self->show_profile = show_profile;
  invalidate_chart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_PROFILE]);
}

gboolean
flow_footprint_view_get_autoscale_enabled (FlowFootprintView *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), FALSE);
  return flow_footprint_viewport_get_autoscale (self->viewport);
}

gint64
flow_footprint_view_get_tick_size (FlowFootprintView *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), 0);
  return self->tick_size;
}

void
flow_footprint_view_set_tick_size (FlowFootprintView *self,
                                   gint64             tick_size)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));
  g_return_if_fail (tick_size >= 0);

  if (self->tick_size == tick_size)
    return;
  self->tick_size = tick_size;
  invalidate_chart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICK_SIZE]);
}

gint64
flow_footprint_view_get_auto_row (FlowFootprintView *self)
{
  Layout l;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), 0);

  /* Up to date with the data and the size even between frames. */
  if (self->footprint != NULL && has_size (self))
    widget_layout (self, &l);
  return self->auto_row;
}

static void
on_viewport_follow_live (FlowFootprintView *self)
{
  if (flow_footprint_viewport_get_follow_live (self->viewport))
    stop_kinetic (self);
  invalidate_chart (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_LIVE]);
}

static void
flow_footprint_view_dispose (GObject *object)
{
  FlowFootprintView *self = FLOW_FOOTPRINT_VIEW (object);

  if (self->footprint != NULL)
    g_signal_handlers_disconnect_by_data (self->footprint, self);
  g_clear_object (&self->footprint);
  g_clear_handle_id (&self->a11y_timeout_id, g_source_remove);
  g_clear_handle_id (&self->auto_row_idle_id, g_source_remove);
  stop_kinetic (self);
  for (int i = 0; i < FLOW_FOOTPRINT_N_LAYERS; i++)
    g_clear_pointer (&self->layers[i], gtk_widget_unparent);
  drop_fonts (self);
  G_OBJECT_CLASS (flow_footprint_view_parent_class)->dispose (object);
}

static void
flow_footprint_view_finalize (GObject *object)
{
  FlowFootprintView *self = FLOW_FOOTPRINT_VIEW (object);

  g_clear_pointer (&self->font_desc, pango_font_description_free);
  g_clear_pointer (&self->visible, g_array_unref);
  for (int t = 0; t < N_TINTS; t++)
    for (int s = 0; s < N_SHADES; s++)
      g_clear_pointer (&self->shade_rects[t][s], g_array_unref);
  flow_text_batch_clear (&self->cell_text);
  flow_text_batch_clear (&self->footer_text);
  flow_text_batch_clear (&self->axis_text);
  g_clear_object (&self->viewport);
  G_OBJECT_CLASS (flow_footprint_view_parent_class)->finalize (object);
}

static void
flow_footprint_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FlowFootprintView *self = FLOW_FOOTPRINT_VIEW (object);

  switch (prop_id)
    {
    case PROP_FOOTPRINT:
      g_value_set_object (value, self->footprint);
      break;
    case PROP_FOLLOW_LIVE:
      g_value_set_boolean (value, flow_footprint_viewport_get_follow_live (self->viewport));
      break;
    case PROP_AUTOSCALE:
      g_value_set_boolean (value, flow_footprint_viewport_get_autoscale (self->viewport));
      break;
    case PROP_TICK_SIZE:
      g_value_set_int64 (value, self->tick_size);
      break;
    case PROP_AUTO_ROW:
      g_value_set_int64 (value, self->auto_row);
      break;
    case PROP_SHOW_PROFILE:
      g_value_set_boolean (value, self->show_profile);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_footprint_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FlowFootprintView *self = FLOW_FOOTPRINT_VIEW (object);

  switch (prop_id)
    {
    case PROP_FOOTPRINT:
      flow_footprint_view_set_footprint (self, g_value_get_object (value));
      break;
    case PROP_FOLLOW_LIVE:
      flow_footprint_view_set_follow_live (self, g_value_get_boolean (value));
      break;
    case PROP_AUTOSCALE:
      flow_footprint_viewport_set_autoscale (self->viewport, g_value_get_boolean (value));
      break;
    case PROP_TICK_SIZE:
      flow_footprint_view_set_tick_size (self, g_value_get_int64 (value));
      break;
    case PROP_SHOW_PROFILE:
      flow_footprint_view_set_show_profile (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_footprint_view_class_init (FlowFootprintViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flow_footprint_view_dispose;
  object_class->finalize = flow_footprint_view_finalize;
  object_class->get_property = flow_footprint_view_get_property;
  object_class->set_property = flow_footprint_view_set_property;
  widget_class->snapshot = flow_footprint_view_snapshot;
  widget_class->css_changed = flow_footprint_view_css_changed;
  widget_class->system_setting_changed = flow_footprint_view_system_setting_changed;
  widget_class->query_tooltip = flow_footprint_view_query_tooltip;
  widget_class->state_flags_changed = flow_footprint_view_state_flags_changed;

  properties[PROP_FOOTPRINT] =
    g_param_spec_object ("footprint", NULL, NULL, FLOW_TYPE_FOOTPRINT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW_LIVE] =
    g_param_spec_boolean ("follow-live", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The price window fits the buckets in view (FlowFootprintViewport:autoscale). */
  properties[PROP_AUTOSCALE] =
    g_param_spec_boolean ("autoscale", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The instrument's tick in paise, the unit of the automatic row size; 0: unknown. */
  properties[PROP_TICK_SIZE] =
    g_param_spec_int64 ("tick-size", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The row size (paise) at which the buckets in view fit with readable cells, as
   * flow_footprint_viewport_choose_row() picks it; 0 before there is data. */
  properties[PROP_SHOW_PROFILE] =
    g_param_spec_boolean ("show-profile", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_ROW] =
    g_param_spec_int64 ("auto-row", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  install_chart_actions (widget_class);
  gtk_widget_class_set_css_name (widget_class, "footprintview");
  /* The layers are stacked, each over the whole view. */
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
flow_footprint_view_init (FlowFootprintView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *drag, *click, *pinch, *swipe;
  GtkEventController *controller;

  self->viewport = flow_footprint_viewport_new ();
  for (int i = 0; i < FLOW_FOOTPRINT_N_LAYERS; i++)
    {
      self->layers[i] = flow_footprint_layer_new (i);
      gtk_widget_set_parent (self->layers[i], GTK_WIDGET (self));
    }
  self->show_profile = TRUE;
  g_signal_connect_object (self->viewport, "notify::follow-live",
                           G_CALLBACK (on_viewport_follow_live), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->viewport, "notify::autoscale",
                           G_CALLBACK (on_viewport_autoscale), self, G_CONNECT_SWAPPED);

  self->visible = g_array_new (FALSE, FALSE, sizeof (FlowFootprintBucket));
  for (int t = 0; t < N_TINTS; t++)
    for (int s = 0; s < N_SHADES; s++)
      self->shade_rects[t][s] = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  flow_text_batch_init (&self->cell_text);
  flow_text_batch_init (&self->footer_text);
  flow_text_batch_init (&self->axis_text);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_has_tooltip (widget, TRUE);
  gtk_widget_set_cursor_from_name (widget, "crosshair");
  gtk_widget_set_overflow (widget, GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Footprint chart"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, _("No data yet"),
                                  -1);

  drag = gtk_gesture_drag_new ();
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (on_drag_begin), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (on_drag_update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-end", G_CALLBACK (on_drag_end), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  /* Seeing the same presses as the drag: its release velocity starts the glide. */
  swipe = gtk_gesture_swipe_new ();
  g_signal_connect_object (swipe, "swipe", G_CALLBACK (on_swipe), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (swipe));
  gtk_gesture_group (swipe, drag);

  /* Grouped with the drag so that a double click is seen even though the press also starts a
   * (zero-length) drag. */
  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_pressed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
  gtk_gesture_group (click, drag);

  pinch = gtk_gesture_zoom_new ();
  g_signal_connect_object (pinch, "begin", G_CALLBACK (on_pinch_begin), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pinch, "scale-changed", G_CALLBACK (on_pinch_scale_changed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (pinch));

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_scroll), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_object (controller, "enter", G_CALLBACK (on_motion), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "motion", G_CALLBACK (on_motion), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (controller, "leave", G_CALLBACK (on_leave), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (widget, controller);
}

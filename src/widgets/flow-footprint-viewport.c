/* flow-footprint-viewport.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-footprint-viewport"

#include "config.h"

#include <math.h>

#include "flow-footprint-viewport.h"
#include "flow-ist.h"

struct _FlowFootprintViewport
{
  GObject  parent_instance;

  /* The frame */
  double   plot_width;
  double   plot_height;
  gint64   anchor_ms;        /* start of bucket 0 */
  gint64   interval_ms;
  gint64   row;

  /* Where it looks, in absolute units so that re-aggregation keeps the place. */
  double   left_ms;          /* epoch ms at the plot's left edge */
  double   top_price;        /* paise at the plot's top edge */
  double   bucket_width;     /* px per bucket */
  double   row_height;       /* px per row */
  gboolean placed;           /* placed on the data once */
  gint64   placed_interval_ms;
  gint64   placed_row;

  gboolean follow_live;
  gboolean autoscale;
  double   live_margin;      /* buckets right of the newest one while following */
  gboolean has_live;
  gint64   newest_index;
  gint64   ltp;
};

G_DEFINE_FINAL_TYPE (FlowFootprintViewport, flow_footprint_viewport, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FOLLOW_LIVE,
  PROP_AUTOSCALE,
  N_PROPS
};

/* The automatic row sizes, in ticks (as the footprint tools' tick multipliers). */
static const gint64 row_multiples[] = { 1, 2, 5, 10, 20, 25, 50, 100, 200, 500 };

static GParamSpec *properties[N_PROPS];

FlowFootprintViewport *
flow_footprint_viewport_new (void)
{
  return g_object_new (FLOW_TYPE_FOOTPRINT_VIEWPORT, NULL);
}

void
flow_footprint_viewport_set_frame (FlowFootprintViewport *self,
                                   double                 plot_width,
                                   double                 plot_height,
                                   gint64                 anchor_ms,
                                   gint64                 interval_ms,
                                   gint64                 row)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self));
  g_return_if_fail (interval_ms > 0 && row > 0);

  self->plot_width = MAX (1, plot_width);
  self->plot_height = MAX (1, plot_height);
  self->anchor_ms = anchor_ms;
  self->interval_ms = interval_ms;
  self->row = row;

  if (self->placed && (interval_ms != self->placed_interval_ms || row != self->placed_row))
    {
      /* The old grid's centre, in time and price, stays at the centre. */
      double centre_ms = self->left_ms +
                         self->plot_width / 2 / self->bucket_width * self->placed_interval_ms;
      double centre_price = self->top_price -
                            self->plot_height / 2 / self->row_height * self->placed_row;

      self->left_ms = centre_ms - self->plot_width / 2 / self->bucket_width * interval_ms;
      self->top_price = centre_price + self->plot_height / 2 / self->row_height * row;
    }
  self->placed_interval_ms = interval_ms;
  self->placed_row = row;
}

double
flow_footprint_viewport_get_plot_width (FlowFootprintViewport *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  return self->plot_width;
}

double
flow_footprint_viewport_get_plot_height (FlowFootprintViewport *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  return self->plot_height;
}

gint64
flow_footprint_viewport_get_interval_ms (FlowFootprintViewport *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  return self->interval_ms;
}

gint64
flow_footprint_viewport_get_row (FlowFootprintViewport *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  return self->row;
}

gint64
flow_footprint_viewport_get_anchor_ms (FlowFootprintViewport *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  return self->anchor_ms;
}

double
flow_footprint_viewport_get_left_ms (FlowFootprintViewport *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  return self->left_ms;
}

double
flow_footprint_viewport_get_top_price (FlowFootprintViewport *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  return self->top_price;
}

double
flow_footprint_viewport_get_bucket_width (FlowFootprintViewport *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  return self->bucket_width;
}

double
flow_footprint_viewport_get_row_height (FlowFootprintViewport *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  return self->row_height;
}

void
flow_footprint_viewport_set_origin (FlowFootprintViewport *self,
                                    double                 left_ms,
                                    double                 top_price)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self));

  self->left_ms = left_ms;
  self->top_price = top_price;
}

/* Coordinates */

/* x of bucket 0's left edge and y of price 0. */
static double
origin_x (FlowFootprintViewport *self)
{
  return (self->anchor_ms - self->left_ms) / self->interval_ms * self->bucket_width;
}

static double
origin_y (FlowFootprintViewport *self)
{
  return self->top_price / self->row * self->row_height;
}

double
flow_footprint_viewport_bucket_x (FlowFootprintViewport *self,
                                  gint64                 index)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  return origin_x (self) + index * self->bucket_width;
}

double
flow_footprint_viewport_level_y (FlowFootprintViewport *self,
                                 gint64                 level)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  return origin_y (self) - (double) (flow_floor_div (level, self->row) + 1) * self->row_height;
}

gint64
flow_footprint_viewport_index_at_x (FlowFootprintViewport *self,
                                    double                 x)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  return (gint64) floor ((x - origin_x (self)) / self->bucket_width);
}

gint64
flow_footprint_viewport_level_at_y (FlowFootprintViewport *self,
                                    double                 y)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  return (gint64) floor ((origin_y (self) - y) / self->row_height) * self->row;
}

/* The live edge */

/* Places the newest bucket @margin buckets from the right edge. */
static void
place_newest (FlowFootprintViewport *self,
              double                 margin)
{
  double right_ms = self->anchor_ms + (self->newest_index + 1 + margin) * (double) self->interval_ms;

  self->left_ms = right_ms - self->plot_width / self->bucket_width * self->interval_ms;
}

static void
center_price (FlowFootprintViewport *self,
              gint64                 price)
{
  double centre = (double) flow_floor_div (price, self->row) * self->row + self->row / 2.0;

  self->top_price = centre + self->plot_height / 2 / self->row_height * self->row;
}

gboolean
flow_footprint_viewport_ltp_in_view (FlowFootprintViewport *self,
                                     gint64                 ltp,
                                     double                 margin_rows)
{
  double y, margin;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), FALSE);

  y = flow_footprint_viewport_level_y (self, ltp) + self->row_height / 2;
  margin = MIN (margin_rows * self->row_height, self->plot_height / 4);
  return y >= margin && y <= self->plot_height - margin;
}

void
flow_footprint_viewport_update_live (FlowFootprintViewport *self,
                                     gint64                 newest_index,
                                     gint64                 ltp)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self));
  g_return_if_fail (self->interval_ms > 0);

  self->has_live = TRUE;
  self->newest_index = newest_index;
  self->ltp = ltp;
  if (!self->placed)
    {
      place_newest (self, self->live_margin);
      center_price (self, ltp);
      self->placed = TRUE;
    }
  else if (self->follow_live)
    {
      place_newest (self, self->live_margin);
      if (!flow_footprint_viewport_ltp_in_view (self, ltp, 2))
        center_price (self, ltp);
    }
}

void
flow_footprint_viewport_unplace (FlowFootprintViewport *self)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self));

  self->placed = FALSE;
  self->has_live = FALSE;
}

gboolean
flow_footprint_viewport_is_placed (FlowFootprintViewport *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), FALSE);
  return self->placed;
}

gboolean
flow_footprint_viewport_get_follow_live (FlowFootprintViewport *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), FALSE);
  return self->follow_live;
}

void
flow_footprint_viewport_set_follow_live (FlowFootprintViewport *self,
                                         gboolean               follow_live)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self));

  follow_live = !!follow_live;
  if (self->follow_live == follow_live)
    return;
  self->follow_live = follow_live;
  if (follow_live)
    {
      /* Turning it on is the same as End: the newest bucket comes back, the LTP centred,
       * the prices fitted again. */
      self->live_margin = FLOW_FOOTPRINT_VIEWPORT_DEFAULT_LIVE_MARGIN;
      self->placed = FALSE;
      flow_footprint_viewport_set_autoscale (self, TRUE);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_LIVE]);
}

void
flow_footprint_viewport_go_live (FlowFootprintViewport *self)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self));

  self->live_margin = FLOW_FOOTPRINT_VIEWPORT_DEFAULT_LIVE_MARGIN;
  self->placed = FALSE;
  flow_footprint_viewport_set_autoscale (self, TRUE);
  flow_footprint_viewport_set_follow_live (self, TRUE);
}

/* Autoscale and row size */

gboolean
flow_footprint_viewport_get_autoscale (FlowFootprintViewport *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), FALSE);
  return self->autoscale;
}

void
flow_footprint_viewport_set_autoscale (FlowFootprintViewport *self,
                                       gboolean               autoscale)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self));

  autoscale = !!autoscale;
  if (self->autoscale == autoscale)
    return;
  self->autoscale = autoscale;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOSCALE]);
}

/* Rows from @low's to @high's, and one of margin each side. */
static double
rows_spanned (gint64 low,
              gint64 high,
              gint64 row)
{
  return (double) (flow_floor_div (high, row) - flow_floor_div (low, row) + 1) + 2;
}

gboolean
flow_footprint_viewport_fit_prices (FlowFootprintViewport *self,
                                    gint64                 low,
                                    gint64                 high)
{
  double height, bottom, top;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), FALSE);
  g_return_val_if_fail (low <= high, FALSE);

  height = MIN (self->plot_height / rows_spanned (low, high, self->row),
                FLOW_FOOTPRINT_VIEWPORT_MAX_FIT_ROW_HEIGHT);
  if (height < FLOW_FOOTPRINT_VIEWPORT_MIN_FIT_ROW_HEIGHT)
    return FALSE;
  self->row_height = height;
  /* The middle of the rows from low's bottom to high's top, at the plot's middle. */
  bottom = (double) flow_floor_div (low, self->row) * self->row;
  top = (double) (flow_floor_div (high, self->row) + 1) * self->row;
  self->top_price = (bottom + top) / 2 + self->plot_height / 2 / self->row_height * self->row;
  return TRUE;
}

static double
row_pixels (FlowFootprintViewport *self,
            gint64                 low,
            gint64                 high,
            gint64                 row)
{
  return self->plot_height / rows_spanned (low, high, row);
}

gint64
flow_footprint_viewport_choose_row (FlowFootprintViewport *self,
                                    gint64                 tick,
                                    gint64                 low,
                                    gint64                 high,
                                    gint64                 current_row)
{
  gint64 best = tick * row_multiples[G_N_ELEMENTS (row_multiples) - 1];
  gboolean current_is_candidate = FALSE;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self), 0);
  g_return_val_if_fail (tick > 0 && low <= high, 0);

  for (guint i = 0; i < G_N_ELEMENTS (row_multiples); i++)
    current_is_candidate |= current_row == tick * row_multiples[i];
  for (guint i = 0; i < G_N_ELEMENTS (row_multiples); i++)
    if (row_pixels (self, low, high, tick * row_multiples[i]) >=
        FLOW_FOOTPRINT_VIEWPORT_TEXT_ROW_HEIGHT)
      {
        best = tick * row_multiples[i];
        break;
      }
  if (!current_is_candidate || current_row == best)
    return best;

  if (current_row > best)
    /* Coarser than needed: finer rows only once they would be comfortably tall. */
    return row_pixels (self, low, high, best) >= 1.25 * FLOW_FOOTPRINT_VIEWPORT_TEXT_ROW_HEIGHT
           ? best : current_row;
  /* Finer than fits: coarser rows only once the text would be shrinking away. */
  return row_pixels (self, low, high, current_row) >= 0.8 * FLOW_FOOTPRINT_VIEWPORT_TEXT_ROW_HEIGHT
         ? current_row : best;
}

/* Commands */

void
flow_footprint_viewport_zoom_from (FlowFootprintViewport *self,
                                   double                 time_factor,
                                   double                 price_factor,
                                   double                 x,
                                   double                 y,
                                   double                 from_bucket_width,
                                   double                 from_row_height,
                                   double                 from_left_ms,
                                   double                 from_top_price)
{
  double t, price;

  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self));
  g_return_if_fail (time_factor > 0 && price_factor > 0);

  if (price_factor != 1)
    flow_footprint_viewport_set_autoscale (self, FALSE);
  if (x < 0 || x > self->plot_width)
    x = self->plot_width / 2;
  if (y < 0 || y > self->plot_height)
    y = self->plot_height / 2;

  /* The time and price under (x, y) stay under it. */
  t = from_left_ms + x / from_bucket_width * self->interval_ms;
  price = from_top_price - y / from_row_height * self->row;
  self->bucket_width = CLAMP (from_bucket_width * time_factor,
                              FLOW_FOOTPRINT_VIEWPORT_MIN_BUCKET_WIDTH,
                              FLOW_FOOTPRINT_VIEWPORT_MAX_BUCKET_WIDTH);
  self->row_height = CLAMP (from_row_height * price_factor,
                            FLOW_FOOTPRINT_VIEWPORT_MIN_ROW_HEIGHT,
                            FLOW_FOOTPRINT_VIEWPORT_MAX_ROW_HEIGHT);
  self->left_ms = t - x / self->bucket_width * self->interval_ms;
  self->top_price = price + y / self->row_height * self->row;
  flow_footprint_viewport_user_moved (self);
}

void
flow_footprint_viewport_zoom (FlowFootprintViewport *self,
                              double                 time_factor,
                              double                 price_factor,
                              double                 x,
                              double                 y)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self));

  if (self->follow_live && self->placed && self->has_live)
    {
      /* Zooming is not panning away: about the live edge and the LTP, following goes on. */
      x = MIN (flow_footprint_viewport_bucket_x (self, self->newest_index + 1), self->plot_width);
      y = flow_footprint_viewport_level_y (self, self->ltp) + self->row_height / 2;
    }
  flow_footprint_viewport_zoom_from (self, time_factor, price_factor, x, y, self->bucket_width,
                                     self->row_height, self->left_ms, self->top_price);
}

void
flow_footprint_viewport_pan (FlowFootprintViewport *self,
                             double                 dx,
                             double                 dy)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self));

  if (dy != 0)
    flow_footprint_viewport_set_autoscale (self, FALSE);
  self->left_ms -= dx / self->bucket_width * self->interval_ms;
  self->top_price += dy / self->row_height * self->row;
  flow_footprint_viewport_user_moved (self);
}

void
flow_footprint_viewport_user_moved (FlowFootprintViewport *self)
{
  double newest_right, margin;

  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEWPORT (self));

  if (!self->follow_live || !self->has_live)
    return;
  newest_right = flow_footprint_viewport_bucket_x (self, self->newest_index + 1);
  margin = (self->plot_width - newest_right) / self->bucket_width;
  if (newest_right - self->bucket_width < 0 || newest_right > self->plot_width + 0.5 ||
      !flow_footprint_viewport_ltp_in_view (self, self->ltp, 0))
    flow_footprint_viewport_set_follow_live (self, FALSE);
  else
    self->live_margin = margin;
}

/* GObject */

static void
flow_footprint_viewport_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  FlowFootprintViewport *self = FLOW_FOOTPRINT_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_FOLLOW_LIVE:
      g_value_set_boolean (value, self->follow_live);
      break;
    case PROP_AUTOSCALE:
      g_value_set_boolean (value, self->autoscale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_footprint_viewport_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  FlowFootprintViewport *self = FLOW_FOOTPRINT_VIEWPORT (object);

  switch (prop_id)
    {
    case PROP_FOLLOW_LIVE:
      flow_footprint_viewport_set_follow_live (self, g_value_get_boolean (value));
      break;
    case PROP_AUTOSCALE:
      flow_footprint_viewport_set_autoscale (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_footprint_viewport_class_init (FlowFootprintViewportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = flow_footprint_viewport_get_property;
  object_class->set_property = flow_footprint_viewport_set_property;

  properties[PROP_FOLLOW_LIVE] =
    g_param_spec_boolean ("follow-live", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTOSCALE] =
    g_param_spec_boolean ("autoscale", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
flow_footprint_viewport_init (FlowFootprintViewport *self)
{
  self->plot_width = 1;
  self->plot_height = 1;
  self->interval_ms = 60 * 1000;
  self->row = 5;
  self->bucket_width = FLOW_FOOTPRINT_VIEWPORT_DEFAULT_BUCKET_WIDTH;
  self->row_height = FLOW_FOOTPRINT_VIEWPORT_DEFAULT_ROW_HEIGHT;
  self->follow_live = TRUE;
  self->autoscale = TRUE;
  self->live_margin = FLOW_FOOTPRINT_VIEWPORT_DEFAULT_LIVE_MARGIN;
}

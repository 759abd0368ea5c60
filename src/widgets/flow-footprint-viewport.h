/* flow-footprint-viewport.h: where the footprint chart looks, in time and price
 *
 * The viewport is the chart's camera, apart from any widget (GLib only, tested headless, as
 * libshumate's ShumateViewport): the time at the plot's left edge and the price at its top, in
 * absolute units (epoch ms, paise) so that re-aggregating the data at another interval or row
 * size keeps the place; the zoom as pixels per bucket and per row; and whether it follows the
 * live edge. The view gives it the plot's size and the data's grid before each frame and the
 * newest bucket and LTP, and asks it where things are.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define FLOW_FOOTPRINT_VIEWPORT_DEFAULT_BUCKET_WIDTH 104.0
#define FLOW_FOOTPRINT_VIEWPORT_DEFAULT_ROW_HEIGHT    18.0
#define FLOW_FOOTPRINT_VIEWPORT_MIN_BUCKET_WIDTH       2.0
#define FLOW_FOOTPRINT_VIEWPORT_MAX_BUCKET_WIDTH     480.0
#define FLOW_FOOTPRINT_VIEWPORT_MIN_ROW_HEIGHT         1.0
#define FLOW_FOOTPRINT_VIEWPORT_MAX_ROW_HEIGHT        96.0
/* Autoscale's row heights: below the minimum cell text fades out (a manual row size too fine
 * for the range centres the latest price instead); above the maximum a quiet range would give
 * a few giant rows. Auto row size aims at rows tall enough for the cell text. */
#define FLOW_FOOTPRINT_VIEWPORT_MIN_FIT_ROW_HEIGHT    10.0
#define FLOW_FOOTPRINT_VIEWPORT_MAX_FIT_ROW_HEIGHT    36.0
#define FLOW_FOOTPRINT_VIEWPORT_TEXT_ROW_HEIGHT       16.0
/* Where the newest bucket sits when following: room for the LTP text in the next bucket. */
#define FLOW_FOOTPRINT_VIEWPORT_DEFAULT_LIVE_MARGIN    1.5

#define FLOW_TYPE_FOOTPRINT_VIEWPORT (flow_footprint_viewport_get_type ())
G_DECLARE_FINAL_TYPE (FlowFootprintViewport, flow_footprint_viewport, FLOW, FOOTPRINT_VIEWPORT,
                      GObject)

FlowFootprintViewport *flow_footprint_viewport_new              (void);

/* The frame: the plot's size in pixels and the grid of the data (start of bucket 0, interval,
 * row size in paise). A change of interval or row once placed keeps the centre, in time and
 * price, where it was. */
void     flow_footprint_viewport_set_frame        (FlowFootprintViewport *self,
                                                   double                 plot_width,
                                                   double                 plot_height,
                                                   gint64                 anchor_ms,
                                                   gint64                 interval_ms,
                                                   gint64                 row);
double   flow_footprint_viewport_get_plot_width   (FlowFootprintViewport *self);
double   flow_footprint_viewport_get_plot_height  (FlowFootprintViewport *self);
gint64   flow_footprint_viewport_get_interval_ms  (FlowFootprintViewport *self);
gint64   flow_footprint_viewport_get_row          (FlowFootprintViewport *self);
gint64   flow_footprint_viewport_get_anchor_ms    (FlowFootprintViewport *self);

double   flow_footprint_viewport_get_left_ms      (FlowFootprintViewport *self);
double   flow_footprint_viewport_get_top_price    (FlowFootprintViewport *self);
double   flow_footprint_viewport_get_bucket_width (FlowFootprintViewport *self);
double   flow_footprint_viewport_get_row_height   (FlowFootprintViewport *self);
/* Moves the plot's left edge to @left_ms and its top edge to @top_price (a drag from where it
 * began); the caller then says the user moved (flow_footprint_viewport_user_moved()). */
void     flow_footprint_viewport_set_origin       (FlowFootprintViewport *self,
                                                   double                 left_ms,
                                                   double                 top_price);

/* Coordinates, unsnapped, relative to the plot's top left corner. */
double   flow_footprint_viewport_bucket_x         (FlowFootprintViewport *self,
                                                   gint64                 index);
/* The top edge of the row of @level (a multiple of the row size). */
double   flow_footprint_viewport_level_y          (FlowFootprintViewport *self,
                                                   gint64                 level);
gint64   flow_footprint_viewport_index_at_x       (FlowFootprintViewport *self,
                                                   double                 x);
gint64   flow_footprint_viewport_level_at_y       (FlowFootprintViewport *self,
                                                   double                 y);

/* The live edge: @newest_index is the newest bucket's index, @ltp the last price (paise).
 * Places the view on the data the first time, and while following keeps the newest bucket at
 * its distance from the right edge and the LTP in view. Without data, call
 * flow_footprint_viewport_unplace() instead. */
void     flow_footprint_viewport_update_live      (FlowFootprintViewport *self,
                                                   gint64                 newest_index,
                                                   gint64                 ltp);
/* Forgets the placement (no data, no size): the next update_live() places it afresh. */
void     flow_footprint_viewport_unplace          (FlowFootprintViewport *self);
gboolean flow_footprint_viewport_is_placed        (FlowFootprintViewport *self);
/* TRUE when the row of @ltp is at least @margin_rows rows (at most a quarter of the plot)
 * inside the plot's top and bottom edges. */
gboolean flow_footprint_viewport_ltp_in_view      (FlowFootprintViewport *self,
                                                   gint64                 ltp,
                                                   double                 margin_rows);

gboolean flow_footprint_viewport_get_follow_live  (FlowFootprintViewport *self);
/* Turning following on starts from the default margin and re-centres on the LTP. */
void     flow_footprint_viewport_set_follow_live  (FlowFootprintViewport *self,
                                                   gboolean               follow_live);
/* Back to the live edge (End), following or not: as a first placement. */
void     flow_footprint_viewport_go_live          (FlowFootprintViewport *self);

/* Autoscale: the price window fits the high–low of the buckets in view (see
 * flow_footprint_viewport_fit_prices()). On by default; a vertical pan or a price zoom turns it
 * off, going live or resetting the price zoom turns it back on. */
gboolean flow_footprint_viewport_get_autoscale    (FlowFootprintViewport *self);
void     flow_footprint_viewport_set_autoscale    (FlowFootprintViewport *self,
                                                   gboolean               autoscale);
/* Fits the rows from @low to @high (paise, the lowest and highest price of the buckets in view)
 * into the plot with a row of margin above and below: the row height becomes what fits, up to
 * FLOW_FOOTPRINT_VIEWPORT_MAX_FIT_ROW_HEIGHT, and the range is centred. Returns FALSE and
 * changes nothing when the rows would be shorter than FLOW_FOOTPRINT_VIEWPORT_MIN_FIT_ROW_HEIGHT
 * (a manual row size too fine for the range: the caller centres the latest price instead). */
gboolean flow_footprint_viewport_fit_prices       (FlowFootprintViewport *self,
                                                   gint64                 low,
                                                   gint64                 high);
/* The automatic row size: the smallest of 1, 2, 5, 10, 20, 25, 50, 100, 200, 500 × @tick at
 * which the rows from @low to @high (and a row of margin each side) fit the plot at least
 * FLOW_FOOTPRINT_VIEWPORT_TEXT_ROW_HEIGHT tall, so cell text is readable; the coarsest when none
 * does. Hysteresis against @current_row (when it is one of those multiples): a coarser current
 * row stays until the finer one would be 25 % taller than needed, a finer one until its rows
 * shrink below 80 % of the text height, so panning and zooming do not flicker between two. */
gint64   flow_footprint_viewport_choose_row       (FlowFootprintViewport *self,
                                                   gint64                 tick,
                                                   gint64                 low,
                                                   gint64                 high,
                                                   gint64                 current_row);

/* Commands. Zooming scales pixels per bucket by @time_factor and per row by @price_factor
 * (clamped) about (@x, @y) in the plot (its centre when outside it); while following and
 * placed, about the live edge and the LTP instead, so following goes on. A price zoom turns
 * autoscale off. */
void     flow_footprint_viewport_zoom             (FlowFootprintViewport *self,
                                                   double                 time_factor,
                                                   double                 price_factor,
                                                   double                 x,
                                                   double                 y);
/* The same from a recorded starting state (a pinch: its scale is relative to its start). */
void     flow_footprint_viewport_zoom_from        (FlowFootprintViewport *self,
                                                   double                 time_factor,
                                                   double                 price_factor,
                                                   double                 x,
                                                   double                 y,
                                                   double                 from_bucket_width,
                                                   double                 from_row_height,
                                                   double                 from_left_ms,
                                                   double                 from_top_price);
/* Moves the content by (@dx, @dy) pixels: positive dx shows earlier time. A vertical move
 * turns autoscale off. */
void     flow_footprint_viewport_pan              (FlowFootprintViewport *self,
                                                   double                 dx,
                                                   double                 dy);
/* After the user moved the view: stops following when the newest bucket or the LTP left the
 * plot, else keeps following from the new distance to the right edge. */
void     flow_footprint_viewport_user_moved       (FlowFootprintViewport *self);

G_END_DECLS

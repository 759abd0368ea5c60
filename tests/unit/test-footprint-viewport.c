/* test-footprint-viewport.c: the footprint chart's camera, headless
 *
 * FlowFootprintViewport is GLib only: these tests run without a display. They hold the view's
 * promises about where things are: the first placement on the live edge, following, zoom about
 * a point (or the live edge), panning away stopping the follow, and a change of interval or
 * row size keeping the centre.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-footprint-viewport.h"

#include <math.h>

#define PLOT_W    1200.0
#define PLOT_H     600.0
#define ANCHOR    1764645300000   /* 2025-12-02 09:15 IST */
#define MINUTE    60000
#define ROW       5
#define LTP       2450000
#define NEWEST    30

static FlowFootprintViewport *
placed_viewport (void)
{
  FlowFootprintViewport *viewport = flow_footprint_viewport_new ();

  flow_footprint_viewport_set_frame (viewport, PLOT_W, PLOT_H, ANCHOR, MINUTE, ROW);
  g_assert_false (flow_footprint_viewport_is_placed (viewport));
  flow_footprint_viewport_update_live (viewport, NEWEST, LTP);
  g_assert_true (flow_footprint_viewport_is_placed (viewport));
  return viewport;
}

static double
time_at_x (FlowFootprintViewport *viewport,
           double                 x)
{
  return flow_footprint_viewport_get_left_ms (viewport) +
         x / flow_footprint_viewport_get_bucket_width (viewport) *
         flow_footprint_viewport_get_interval_ms (viewport);
}

static double
price_at_y (FlowFootprintViewport *viewport,
            double                 y)
{
  return flow_footprint_viewport_get_top_price (viewport) -
         y / flow_footprint_viewport_get_row_height (viewport) *
         flow_footprint_viewport_get_row (viewport);
}

/* The first placement: the newest bucket 1.5 buckets from the right edge, the LTP's row in the
 * middle; conversions both ways agree. */
static void
test_placement (void)
{
  g_autoptr(FlowFootprintViewport) viewport = placed_viewport ();
  double width = flow_footprint_viewport_get_bucket_width (viewport);
  double height = flow_footprint_viewport_get_row_height (viewport);
  double ltp_y = flow_footprint_viewport_level_y (viewport, LTP) + height / 2;

  g_assert_cmpfloat (width, ==, FLOW_FOOTPRINT_VIEWPORT_DEFAULT_BUCKET_WIDTH);
  g_assert_cmpfloat_with_epsilon (flow_footprint_viewport_bucket_x (viewport, NEWEST + 1),
                                  PLOT_W - FLOW_FOOTPRINT_VIEWPORT_DEFAULT_LIVE_MARGIN * width,
                                  1e-6);
  g_assert_cmpfloat_with_epsilon (ltp_y, PLOT_H / 2, 1e-6);
  g_assert_true (flow_footprint_viewport_ltp_in_view (viewport, LTP, 2));

  for (gint64 index = NEWEST - 5; index <= NEWEST; index++)
    {
      double x = flow_footprint_viewport_bucket_x (viewport, index);

      g_assert_cmpint (flow_footprint_viewport_index_at_x (viewport, x + 1), ==, index);
      g_assert_cmpint (flow_footprint_viewport_index_at_x (viewport, x + width - 1), ==, index);
    }
  for (gint64 level = LTP - 10 * ROW; level <= LTP + 10 * ROW; level += ROW)
    {
      double y = flow_footprint_viewport_level_y (viewport, level);

      g_assert_cmpint (flow_footprint_viewport_level_at_y (viewport, y + 1), ==, level);
      g_assert_cmpint (flow_footprint_viewport_level_at_y (viewport, y + height - 1), ==, level);
      /* Higher prices are higher up. */
      g_assert_cmpfloat (flow_footprint_viewport_level_y (viewport, level + ROW), <, y);
    }
}

/* Following: a new bucket moves the view along; an LTP near the edge re-centres it. */
static void
test_follow (void)
{
  g_autoptr(FlowFootprintViewport) viewport = placed_viewport ();
  double right = flow_footprint_viewport_bucket_x (viewport, NEWEST + 1);
  gint64 far = LTP + 1000 * ROW;

  flow_footprint_viewport_update_live (viewport, NEWEST + 1, LTP);
  g_assert_cmpfloat_with_epsilon (flow_footprint_viewport_bucket_x (viewport, NEWEST + 2), right,
                                  1e-6);

  g_assert_false (flow_footprint_viewport_ltp_in_view (viewport, far, 2));
  flow_footprint_viewport_update_live (viewport, NEWEST + 1, far);
  g_assert_true (flow_footprint_viewport_ltp_in_view (viewport, far, 2));

  /* Not following: the data moves on, the view stays. */
  flow_footprint_viewport_set_follow_live (viewport, FALSE);
  right = flow_footprint_viewport_bucket_x (viewport, NEWEST + 1);
  flow_footprint_viewport_update_live (viewport, NEWEST + 5, LTP);
  g_assert_cmpfloat (flow_footprint_viewport_bucket_x (viewport, NEWEST + 1), ==, right);
  g_assert_false (flow_footprint_viewport_ltp_in_view (viewport, LTP, 2));
}

/* Zoom about a point keeps the time and price under it; the zoom is clamped. */
static void
test_zoom_about_point (void)
{
  g_autoptr(FlowFootprintViewport) viewport = placed_viewport ();
  double x = 300, y = 200;
  double t, price;

  flow_footprint_viewport_set_follow_live (viewport, FALSE);
  t = time_at_x (viewport, x);
  price = price_at_y (viewport, y);
  flow_footprint_viewport_zoom (viewport, 2.0, 1.5, x, y);
  g_assert_cmpfloat (flow_footprint_viewport_get_bucket_width (viewport), ==,
                     2.0 * FLOW_FOOTPRINT_VIEWPORT_DEFAULT_BUCKET_WIDTH);
  g_assert_cmpfloat (flow_footprint_viewport_get_row_height (viewport), ==,
                     1.5 * FLOW_FOOTPRINT_VIEWPORT_DEFAULT_ROW_HEIGHT);
  g_assert_cmpfloat_with_epsilon (time_at_x (viewport, x), t, 1e-3);
  g_assert_cmpfloat_with_epsilon (price_at_y (viewport, y), price, 1e-6);

  flow_footprint_viewport_zoom (viewport, 1000, 1e-6, x, y);
  g_assert_cmpfloat (flow_footprint_viewport_get_bucket_width (viewport), ==,
                     FLOW_FOOTPRINT_VIEWPORT_MAX_BUCKET_WIDTH);
  g_assert_cmpfloat (flow_footprint_viewport_get_row_height (viewport), ==,
                     FLOW_FOOTPRINT_VIEWPORT_MIN_ROW_HEIGHT);
  g_assert_cmpfloat_with_epsilon (time_at_x (viewport, x), t, 1e-3);

  /* Outside the plot: about its centre. */
  t = time_at_x (viewport, PLOT_W / 2);
  flow_footprint_viewport_zoom (viewport, 0.5, 1, -1, -1);
  g_assert_cmpfloat_with_epsilon (time_at_x (viewport, PLOT_W / 2), t, 1e-3);
}

/* Zooming while following is not panning away: about the live edge and the LTP. */
static void
test_zoom_following (void)
{
  g_autoptr(FlowFootprintViewport) viewport = placed_viewport ();
  double right = flow_footprint_viewport_bucket_x (viewport, NEWEST + 1);
  double height;

  flow_footprint_viewport_zoom (viewport, 0.5, 2, 10, 10);
  height = flow_footprint_viewport_get_row_height (viewport);
  g_assert_true (flow_footprint_viewport_get_follow_live (viewport));
  g_assert_cmpfloat_with_epsilon (flow_footprint_viewport_bucket_x (viewport, NEWEST + 1), right,
                                  1e-6);
  g_assert_cmpfloat_with_epsilon (flow_footprint_viewport_level_y (viewport, LTP) + height / 2,
                                  PLOT_H / 2, 1e-6);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              gpointer    data)
{
  (*(guint *) data)++;
}

/* A small pan keeps following from the new distance; a pan that takes the newest bucket out
 * stops it (once, notified); going live brings it back as a first placement. */
static void
test_pan (void)
{
  g_autoptr(FlowFootprintViewport) viewport = placed_viewport ();
  double width = flow_footprint_viewport_get_bucket_width (viewport);
  double right = flow_footprint_viewport_bucket_x (viewport, NEWEST + 1);
  double left_ms = flow_footprint_viewport_get_left_ms (viewport);
  guint notifies = 0;

  g_signal_connect (viewport, "notify::follow-live", G_CALLBACK (count_notify), &notifies);

  flow_footprint_viewport_pan (viewport, -width / 2, 0);
  g_assert_true (flow_footprint_viewport_get_follow_live (viewport));
  g_assert_cmpfloat_with_epsilon (flow_footprint_viewport_get_left_ms (viewport),
                                  left_ms + MINUTE / 2.0, 1e-3);
  flow_footprint_viewport_update_live (viewport, NEWEST + 1, LTP);
  g_assert_cmpfloat_with_epsilon (flow_footprint_viewport_bucket_x (viewport, NEWEST + 2),
                                  right - width / 2, 1e-6);

  /* Three buckets back in time: the newest one leaves the plot on the right. */
  flow_footprint_viewport_pan (viewport, 3 * width, 0);
  g_assert_false (flow_footprint_viewport_get_follow_live (viewport));
  g_assert_cmpuint (notifies, ==, 1);
  flow_footprint_viewport_pan (viewport, width, 0);
  g_assert_cmpuint (notifies, ==, 1);

  /* Panning in price until the LTP is off the plot also stops following. */
  flow_footprint_viewport_go_live (viewport);
  g_assert_cmpuint (notifies, ==, 2);
  g_assert_false (flow_footprint_viewport_is_placed (viewport));
  flow_footprint_viewport_update_live (viewport, NEWEST + 1, LTP);
  g_assert_cmpfloat_with_epsilon (flow_footprint_viewport_bucket_x (viewport, NEWEST + 2), right,
                                  1e-6);
  flow_footprint_viewport_pan (viewport, 0, PLOT_H);
  g_assert_false (flow_footprint_viewport_get_follow_live (viewport));
}

/* Re-aggregating at another interval and row size keeps the centre in time and price. */
static void
test_grid_change (void)
{
  g_autoptr(FlowFootprintViewport) viewport = placed_viewport ();
  double centre_ms, centre_price;

  flow_footprint_viewport_set_follow_live (viewport, FALSE);
  flow_footprint_viewport_pan (viewport, 250, -120);
  centre_ms = time_at_x (viewport, PLOT_W / 2);
  centre_price = price_at_y (viewport, PLOT_H / 2);

  flow_footprint_viewport_set_frame (viewport, PLOT_W, PLOT_H, ANCHOR, 5 * MINUTE, 100);
  g_assert_cmpint (flow_footprint_viewport_get_row (viewport), ==, 100);
  g_assert_cmpfloat_with_epsilon (time_at_x (viewport, PLOT_W / 2), centre_ms, 1e-3);
  g_assert_cmpfloat_with_epsilon (price_at_y (viewport, PLOT_H / 2), centre_price, 1e-6);
  /* The row of a price is the row size's multiple below it. */
  g_assert_cmpint (flow_footprint_viewport_level_at_y (
                     viewport, flow_footprint_viewport_level_y (viewport, 2450100) + 1), ==,
                   2450100);

  /* The same frame again moves nothing. */
  flow_footprint_viewport_set_frame (viewport, PLOT_W, PLOT_H, ANCHOR, 5 * MINUTE, 100);
  g_assert_cmpfloat_with_epsilon (time_at_x (viewport, PLOT_W / 2), centre_ms, 1e-3);
}

/* The automatic row: the finest tick multiple whose rows (plus one of margin each side) are
 * at least the text height; hysteresis both ways; the coarsest when nothing fits. */
static void
test_choose_row (void)
{
  g_autoptr(FlowFootprintViewport) viewport = placed_viewport ();
  /* 600 px at 16 px a row: 37 rows, 35 of them for the range (one of margin each side). */
  gint64 low = 2450000, high = 2450000 + 3000;   /* ₹30 */

  /* ₹30 / 35 rows needs ₹0.86 rows at least: 20 ticks of 5 paise is ₹1.00 (31 + 2 rows, 18 px). */
  g_assert_cmpint (flow_footprint_viewport_choose_row (viewport, 5, low, high, 5), ==, 100);
  /* A 10-paise tick: 10 ticks. */
  g_assert_cmpint (flow_footprint_viewport_choose_row (viewport, 10, low, high, 5), ==, 100);
  /* A quiet range: one tick. */
  g_assert_cmpint (flow_footprint_viewport_choose_row (viewport, 5, low, low + 50, 100), ==, 5);
  /* A range no multiple fits (₹2,000 over 600 px): the coarsest, 500 ticks. */
  g_assert_cmpint (flow_footprint_viewport_choose_row (viewport, 5, low, low + 200000, 5), ==,
                   2500);

  /* Hysteresis. ₹1.25 rows (25 ticks) for a ₹30 range are coarser than needed, but ₹1.00 rows
   * would be 18 px, under 1.25 × 16: the current one stays. */
  g_assert_cmpint (flow_footprint_viewport_choose_row (viewport, 5, low, high, 125), ==, 125);
  /* Far coarser (₹2.50 rows) and ₹1.00 would be comfortable at ₹20: the finer one. */
  g_assert_cmpint (flow_footprint_viewport_choose_row (viewport, 5, low, low + 2000, 250), ==,
                   100);
  /* ₹0.50 rows (10 ticks) for ₹30: 61 + 2 rows of 9.5 px, below 80 % of 16: coarser. */
  g_assert_cmpint (flow_footprint_viewport_choose_row (viewport, 5, low, high, 50), ==, 100);
  /* ₹0.50 rows for ₹20: 41 + 2 rows of 14.0 px, finer than the best (₹1.00) but above
   * 12.8 px: it stays. */
  g_assert_cmpint (flow_footprint_viewport_choose_row (viewport, 5, low, low + 2000, 50), ==, 50);
  /* A current row that is no tick multiple of the list is not kept. */
  g_assert_cmpint (flow_footprint_viewport_choose_row (viewport, 5, low, high, 105), ==, 100);
}

/* Fitting the prices: the range and a row of margin each side fill the plot, centred, rows up
 * to the cap; a range too tall for readable rows changes nothing. */
static void
test_fit_prices (void)
{
  g_autoptr(FlowFootprintViewport) viewport = flow_footprint_viewport_new ();
  gint64 low = 2450000, high = 2453000;
  double top, bottom;

  flow_footprint_viewport_set_frame (viewport, PLOT_W, PLOT_H, ANCHOR, MINUTE, 100);
  flow_footprint_viewport_update_live (viewport, NEWEST, LTP);
  g_assert_true (flow_footprint_viewport_get_autoscale (viewport));
  g_assert_true (flow_footprint_viewport_fit_prices (viewport, low, high));
  /* 31 rows and 2 of margin. */
  g_assert_cmpfloat_with_epsilon (flow_footprint_viewport_get_row_height (viewport), PLOT_H / 33,
                                  1e-9);
  top = flow_footprint_viewport_level_y (viewport, high);
  bottom = flow_footprint_viewport_level_y (viewport, low) +
           flow_footprint_viewport_get_row_height (viewport);
  g_assert_cmpfloat_with_epsilon (top, PLOT_H / 33, 1e-6);
  g_assert_cmpfloat_with_epsilon (bottom, PLOT_H - PLOT_H / 33, 1e-6);

  /* Three rows: capped, centred. */
  g_assert_true (flow_footprint_viewport_fit_prices (viewport, low, low + 200));
  g_assert_cmpfloat (flow_footprint_viewport_get_row_height (viewport), ==,
                     FLOW_FOOTPRINT_VIEWPORT_MAX_FIT_ROW_HEIGHT);
  g_assert_cmpfloat_with_epsilon (flow_footprint_viewport_level_y (viewport, low + 100) +
                                  FLOW_FOOTPRINT_VIEWPORT_MAX_FIT_ROW_HEIGHT / 2,
                                  PLOT_H / 2, 1e-6);

  /* ₹600 at ₹1 rows would be 1 px rows: no fit, nothing moved. */
  top = flow_footprint_viewport_get_top_price (viewport);
  g_assert_false (flow_footprint_viewport_fit_prices (viewport, low, low + 60000));
  g_assert_cmpfloat (flow_footprint_viewport_get_top_price (viewport), ==, top);
  g_assert_cmpfloat (flow_footprint_viewport_get_row_height (viewport), ==,
                     FLOW_FOOTPRINT_VIEWPORT_MAX_FIT_ROW_HEIGHT);
}

/* Autoscale lets go on a price move and comes back with the live edge. */
static void
test_autoscale_switches (void)
{
  g_autoptr(FlowFootprintViewport) viewport = placed_viewport ();

  flow_footprint_viewport_pan (viewport, 40, 0);
  g_assert_true (flow_footprint_viewport_get_autoscale (viewport));
  flow_footprint_viewport_zoom (viewport, 1.5, 1, 100, 100);
  g_assert_true (flow_footprint_viewport_get_autoscale (viewport));
  flow_footprint_viewport_pan (viewport, 0, 10);
  g_assert_false (flow_footprint_viewport_get_autoscale (viewport));
  flow_footprint_viewport_go_live (viewport);
  g_assert_true (flow_footprint_viewport_get_autoscale (viewport));
  flow_footprint_viewport_zoom (viewport, 1, 1.5, 100, 100);
  g_assert_false (flow_footprint_viewport_get_autoscale (viewport));
  /* The follow toggle turning on is End too. */
  flow_footprint_viewport_set_follow_live (viewport, FALSE);
  flow_footprint_viewport_set_follow_live (viewport, TRUE);
  g_assert_true (flow_footprint_viewport_get_autoscale (viewport));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/footprint-viewport/placement", test_placement);
  g_test_add_func ("/footprint-viewport/follow", test_follow);
  g_test_add_func ("/footprint-viewport/zoom-about-point", test_zoom_about_point);
  g_test_add_func ("/footprint-viewport/zoom-following", test_zoom_following);
  g_test_add_func ("/footprint-viewport/pan", test_pan);
  g_test_add_func ("/footprint-viewport/grid-change", test_grid_change);
  g_test_add_func ("/footprint-viewport/choose-row", test_choose_row);
  g_test_add_func ("/footprint-viewport/fit-prices", test_fit_prices);
  g_test_add_func ("/footprint-viewport/autoscale-switches", test_autoscale_switches);
  return g_test_run ();
}

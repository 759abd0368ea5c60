/* test-footprint-view.c: the footprint chart on a seeded demo day, driven through its
 * controllers: drag, wheel, keys, pinch, double click, follow-live, tooltips; and the page's glue
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>

#include "flow-demo-feed-private.h"
#include "flow-demo-market.h"
#include "flow-footprint-page.h"
#include "flow-footprint-layer.h"
#include "flow-footprint-view.h"
#include "flow-ist.h"
#include "flow-journal.h"
#include "flow-market-session-private.h"
#include "flow-test-feed.h"
#include "flow-test-keyring.h"
#include "flow-test-loop.h"
#include "flow-test-widgets.h"

#define APP_ID     "io.github.orderflow.OrderFlow"
#define DEMO_SEED  1
/* 2026-11-20 (a Friday) 09:15:00 IST */
#define OPEN_MS    G_GINT64_CONSTANT (1795146300000)
#define MINUTE_MS  G_GINT64_CONSTANT (60000)
/* The seeded day is played up to 10:30 IST: buckets 09:15 … 10:29 of one minute. */
#define PLAYED_MS  (OPEN_MS + 75 * MINUTE_MS)
#define NEWEST_MS  (OPEN_MS + 74 * MINUTE_MS)
#define ROW        FLOW_FOOTPRINT_DEFAULT_ROW
#define TIMEOUT_MS 10000

typedef struct
{
  GtkWindow         *window;
  FlowFootprintView *view;
  FlowFootprint     *footprint;
  FlowDemoMarket    *market;
  FlowSnapshot       next;      /* generated, not yet given to the model */
} Fixture;

typedef struct
{
  gint64 first_ms;
  gint64 last_ms;
  gint64 top;
  gint64 bottom;
} Range;

static gboolean
wait_for_size (GtkWidget *widget)
{
  if (!flow_test_wait_until (flow_test_widget_is_shown, widget, TIMEOUT_MS))
    return FALSE;
  gtk_test_widget_wait_for_draw (widget);
  return TRUE;
}

/* Gives the model the demo market's snapshots up to @until_ms. */
static void
play_until (Fixture *fixture,
            gint64   until_ms)
{
  g_autoptr(GArray) snapshots = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));

  while (fixture->next.ts_ms <= until_ms)
    {
      g_array_append_val (snapshots, fixture->next);
      flow_demo_market_next_snapshot (fixture->market, &fixture->next);
    }
  flow_footprint_add_snapshots (fixture->footprint, (FlowSnapshot *) snapshots->data,
                                snapshots->len);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->footprint = flow_footprint_new ();
  fixture->market = flow_demo_market_new (DEMO_SEED, OPEN_MS);
  flow_demo_market_next_snapshot (fixture->market, &fixture->next);
  play_until (fixture, PLAYED_MS);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1200, 700);
  fixture->view = FLOW_FOOTPRINT_VIEW (flow_footprint_view_new ());
  flow_footprint_view_set_footprint (fixture->view, fixture->footprint);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  gtk_window_present (fixture->window);
  g_assert_true (wait_for_size (GTK_WIDGET (fixture->view)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_add_weak_pointer (G_OBJECT (fixture->view), (gpointer *) &fixture->view);
  gtk_window_destroy (fixture->window);
  flow_test_wait_ms (20);
  g_assert_null (fixture->view);
  g_assert_finalize_object (fixture->footprint);
  g_assert_finalize_object (fixture->market);
}

static Range
visible (Fixture *fixture)
{
  Range r;

  g_assert_true (flow_footprint_view_get_visible_range (fixture->view, &r.first_ms, &r.last_ms,
                                                        &r.top, &r.bottom));
  g_assert_cmpint (r.first_ms, <=, r.last_ms);
  g_assert_cmpint (r.bottom, <=, r.top);
  return r;
}

static gint64
n_buckets (Range r)
{
  return (r.last_ms - r.first_ms) / MINUTE_MS + 1;
}

static gint64
n_levels (Range r)
{
  return (r.top - r.bottom) / ROW + 1;
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }
  g_assert_not_reached ();
}

static void
drag (Fixture *fixture,
      double   x,
      double   y,
      double   dx,
      double   dy)
{
  GtkEventController *gesture = find_controller (GTK_WIDGET (fixture->view), GTK_TYPE_GESTURE_DRAG);

  g_signal_emit_by_name (gesture, "drag-begin", x, y);
  g_signal_emit_by_name (gesture, "drag-update", dx / 2, dy / 2);
  g_signal_emit_by_name (gesture, "drag-update", dx, dy);
  g_signal_emit_by_name (gesture, "drag-end", dx, dy);
}

static void
hover (Fixture *fixture,
       double   x,
       double   y)
{
  GtkEventController *motion = find_controller (GTK_WIDGET (fixture->view),
                                                GTK_TYPE_EVENT_CONTROLLER_MOTION);

  g_signal_emit_by_name (motion, "motion", x, y);
}

static void
wheel (Fixture *fixture,
       double   dx,
       double   dy)
{
  GtkEventController *scroll = find_controller (GTK_WIDGET (fixture->view),
                                                GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  gboolean handled = FALSE;

  g_signal_emit_by_name (scroll, "scroll", dx, dy, &handled);
  g_assert_true (handled);
}

/* Presses a key as the chart's own key bindings see it: finds the class shortcut bound to
 * @keyval with @state among the view's shortcut controllers and activates its action (a
 * chart.* widget action) with its arguments, as GTK does for a key event. */
static void
key (Fixture         *fixture,
     guint            keyval,
     GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->view));
  gboolean handled = FALSE;

  for (guint i = 0; !handled && i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; !handled && j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (!GTK_IS_KEYVAL_TRIGGER (trigger) ||
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) != keyval ||
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) != state)
            continue;
          handled = gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                  GTK_WIDGET (fixture->view),
                                                  gtk_shortcut_get_arguments (shortcut));
        }
    }
  g_assert_true (handled);
}

/* The point where the chart draws the middle of (@bucket_ms, @price), asserted in view. */
static void
cell_point (Fixture *fixture,
            gint64   bucket_ms,
            gint64   price,
            double  *x,
            double  *y)
{
  g_assert_true (flow_footprint_view_get_cell_position (fixture->view, bucket_ms, price, x, y));
}

static void
test_follow_live (Fixture       *fixture,
                  gconstpointer  data)
{
  Range r = visible (fixture);
  gint64 ltp = flow_footprint_get_last_ltp (fixture->footprint);

  /* On first show: the newest bucket and the LTP in view, the canvas filled with buckets. */
  g_assert_true (flow_footprint_view_get_follow_live (fixture->view));
  g_assert_cmpint (r.last_ms, >=, NEWEST_MS);
  g_assert_cmpint (r.last_ms, <=, NEWEST_MS + 3 * MINUTE_MS);
  g_assert_cmpint (n_buckets (r), >=, 8);
  g_assert_cmpint (ltp, <=, r.top + ROW);
  g_assert_cmpint (ltp, >=, r.bottom);

  /* New data: the view moves with the newest bucket. */
  play_until (fixture, PLAYED_MS + 5 * MINUTE_MS);
  r = visible (fixture);
  g_assert_cmpint (r.last_ms, >=, NEWEST_MS + 5 * MINUTE_MS);
  ltp = flow_footprint_get_last_ltp (fixture->footprint);
  g_assert_cmpint (ltp, <=, r.top + ROW);
  g_assert_cmpint (ltp, >=, r.bottom);

  /* Panned away, it stays where the user put it. */
  drag (fixture, 400, 300, 800, 0);
  g_assert_false (flow_footprint_view_get_follow_live (fixture->view));
  r = visible (fixture);
  play_until (fixture, PLAYED_MS + 10 * MINUTE_MS);
  g_assert_cmpint (visible (fixture).first_ms, ==, r.first_ms);
  g_assert_cmpint (visible (fixture).top, ==, r.top);

  /* End resumes following. */
  key (fixture, GDK_KEY_End, 0);
  g_assert_true (flow_footprint_view_get_follow_live (fixture->view));
  g_assert_cmpint (visible (fixture).last_ms, >=, NEWEST_MS + 10 * MINUTE_MS);

  /* A small pan that keeps the newest bucket in view keeps following. */
  drag (fixture, 400, 300, -20, 0);
  g_assert_true (flow_footprint_view_get_follow_live (fixture->view));
  play_until (fixture, PLAYED_MS + 12 * MINUTE_MS);
  g_assert_cmpint (visible (fixture).last_ms, >=, NEWEST_MS + 12 * MINUTE_MS);

  /* The property (the toolbar's toggle) does what End does. */
  drag (fixture, 400, 300, 900, 0);
  g_assert_false (flow_footprint_view_get_follow_live (fixture->view));
  flow_footprint_view_set_follow_live (fixture->view, TRUE);
  g_assert_cmpint (visible (fixture).last_ms, >=, NEWEST_MS + 12 * MINUTE_MS);
}

static void
test_drag (Fixture       *fixture,
           gconstpointer  data)
{
  Range before = visible (fixture);
  Range after;

  /* Right by 3 default buckets and down by 10 rows: earlier times, higher prices. */
  drag (fixture, 300, 200, 3 * 104, 10 * 18);
  after = visible (fixture);
  g_assert_false (flow_footprint_view_get_follow_live (fixture->view));
  g_assert_cmpint (after.first_ms, ==, before.first_ms - 3 * MINUTE_MS);
  g_assert_cmpint (n_buckets (after), ==, n_buckets (before));
  g_assert_cmpint (after.top, ==, before.top + 10 * ROW);
  g_assert_cmpint (after.bottom, ==, before.bottom + 10 * ROW);

  /* Back again. */
  drag (fixture, 300, 200, -3 * 104, -10 * 18);
  after = visible (fixture);
  g_assert_cmpint (after.first_ms, ==, before.first_ms);
  g_assert_cmpint (after.top, ==, before.top);
}

/* A flicked drag glides on and comes to rest; a slow release or a new press stops it. */
static void
test_kinetic (Fixture       *fixture,
              gconstpointer  data)
{
  GtkEventController *swipe = find_controller (GTK_WIDGET (fixture->view),
                                               GTK_TYPE_GESTURE_SWIPE);
  Range before, after;

  g_signal_emit_by_name (swipe, "swipe", 60.0, 0.0);
  g_assert_false (flow_footprint_view_is_gliding (fixture->view));

  /* To the right at 3000 px/s: about 3000 × 0.3 = 900 px more, some 8.7 buckets of 104 px,
   * to earlier times; prices stay. */
  before = visible (fixture);
  g_signal_emit_by_name (swipe, "swipe", 3000.0, 0.0);
  g_assert_true (flow_footprint_view_is_gliding (fixture->view));
  for (int i = 0; i < 500 && flow_footprint_view_is_gliding (fixture->view); i++)
    flow_test_wait_ms (10);
  g_assert_false (flow_footprint_view_is_gliding (fixture->view));
  after = visible (fixture);
  g_assert_false (flow_footprint_view_get_follow_live (fixture->view));
  g_assert_cmpint (after.first_ms, <=, before.first_ms - 7 * MINUTE_MS);
  g_assert_cmpint (after.first_ms, >=, before.first_ms - 10 * MINUTE_MS);
  g_assert_cmpint (after.top, ==, before.top);

  /* A press stops the glide where it is. */
  g_signal_emit_by_name (swipe, "swipe", -3000.0, 0.0);
  g_assert_true (flow_footprint_view_is_gliding (fixture->view));
  drag (fixture, 300, 200, 0, 0);
  g_assert_false (flow_footprint_view_is_gliding (fixture->view));
}

static void
test_wheel (Fixture       *fixture,
            gconstpointer  data)
{
  Range before, after;
  double x, y;
  gint64 anchor_ms = NEWEST_MS - 4 * MINUTE_MS;
  gint64 anchor_price;
  FlowFootprintBucket bucket;
  g_autofree char *tip_before = NULL;
  g_autofree char *tip_after = NULL;

  flow_footprint_view_set_follow_live (fixture->view, FALSE);
  g_assert_true (flow_footprint_get_bucket (fixture->footprint,
                                            flow_footprint_get_bucket_index_at (fixture->footprint, anchor_ms),
                                            &bucket));
  anchor_price = bucket.poc;
  drag (fixture, 300, 300, 0, 0);
  flow_footprint_view_get_cell_position (fixture->view, anchor_ms, anchor_price, &x, &y);
  flow_footprint_view_pan (fixture->view, 400 - x, 300 - y);
  cell_point (fixture, anchor_ms, anchor_price, &x, &y);
  hover (fixture, x, y);
  tip_before = flow_footprint_view_dup_tooltip_text (fixture->view, x, y);
  g_assert_nonnull (tip_before);

  /* Wheel up zooms time in about the pointer: fewer buckets, the same cell under it. */
  before = visible (fixture);
  wheel (fixture, 0, -3);
  after = visible (fixture);
  g_assert_cmpint (n_buckets (after), <, n_buckets (before));
  g_assert_cmpint (n_levels (after), ==, n_levels (before));
  tip_after = flow_footprint_view_dup_tooltip_text (fixture->view, x, y);
  g_assert_cmpstr (tip_after, ==, tip_before);

  /* Down zooms back out. */
  wheel (fixture, 0, 3);
  g_assert_cmpint (n_buckets (visible (fixture)), ==, n_buckets (before));

  /* Control: price. */
  before = visible (fixture);
  flow_footprint_view_scroll (fixture->view, 0, -3, GDK_CONTROL_MASK);
  after = visible (fixture);
  g_assert_cmpint (n_levels (after), <, n_levels (before));
  g_assert_cmpint (n_buckets (after), ==, n_buckets (before));
  g_clear_pointer (&tip_after, g_free);
  tip_after = flow_footprint_view_dup_tooltip_text (fixture->view, x, y);
  g_assert_cmpstr (tip_after, ==, tip_before);

  /* Shift: pans time, three buckets a detent, the zoom untouched. */
  before = visible (fixture);
  flow_footprint_view_scroll (fixture->view, 0, 1, GDK_SHIFT_MASK);
  after = visible (fixture);
  g_assert_cmpint (after.first_ms, ==, before.first_ms + 3 * MINUTE_MS);
  g_assert_cmpint (n_buckets (after), ==, n_buckets (before));
  g_assert_cmpint (after.top, ==, before.top);

  /* A horizontal wheel pans time too. */
  wheel (fixture, -1, 0);
  g_assert_cmpint (visible (fixture).first_ms, ==, before.first_ms);
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  Range before = visible (fixture);
  Range after;

  /* One bucket back: the newest is still in view, so following goes on from there. */
  key (fixture, GDK_KEY_Left, 0);
  after = visible (fixture);
  g_assert_cmpint (after.first_ms, ==, before.first_ms - MINUTE_MS);
  g_assert_true (flow_footprint_view_get_follow_live (fixture->view));
  key (fixture, GDK_KEY_Right, 0);
  g_assert_cmpint (visible (fixture).first_ms, ==, before.first_ms);

  key (fixture, GDK_KEY_Up, 0);
  g_assert_cmpint (visible (fixture).top, ==, before.top + ROW);
  key (fixture, GDK_KEY_Down, 0);
  g_assert_cmpint (visible (fixture).top, ==, before.top);

  /* Shift+Left: most of a screen, and the newest bucket out of view: no more following. */
  key (fixture, GDK_KEY_Left, GDK_SHIFT_MASK);
  after = visible (fixture);
  g_assert_false (flow_footprint_view_get_follow_live (fixture->view));
  g_assert_cmpint (after.first_ms, <, before.first_ms - (n_buckets (before) / 2) * MINUTE_MS);

  /* + and − zoom time; with Control, price. */
  before = visible (fixture);
  key (fixture, GDK_KEY_plus, 0);
  after = visible (fixture);
  g_assert_cmpint (n_buckets (after), <, n_buckets (before));
  g_assert_cmpint (n_levels (after), ==, n_levels (before));
  key (fixture, GDK_KEY_minus, 0);
  key (fixture, GDK_KEY_minus, 0);
  g_assert_cmpint (n_buckets (visible (fixture)), >, n_buckets (before));
  before = visible (fixture);
  key (fixture, GDK_KEY_minus, GDK_CONTROL_MASK);
  after = visible (fixture);
  g_assert_cmpint (n_levels (after), >, n_levels (before));
  g_assert_cmpint (n_buckets (after), ==, n_buckets (before));

  /* 0 resets both; End goes back to the newest bucket and follows it. */
  key (fixture, GDK_KEY_0, 0);
  key (fixture, GDK_KEY_End, 0);
  g_assert_true (flow_footprint_view_get_follow_live (fixture->view));
  after = visible (fixture);
  g_assert_cmpint (after.last_ms, >=, NEWEST_MS);
  g_assert_cmpint (after.last_ms, <=, NEWEST_MS + 3 * MINUTE_MS);

  /* Home: the day's first bucket at the left edge. */
  key (fixture, GDK_KEY_Home, 0);
  g_assert_cmpint (visible (fixture).first_ms, ==, OPEN_MS);
}

static void
test_pinch_and_double_click (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkEventController *pinch = find_controller (GTK_WIDGET (fixture->view), GTK_TYPE_GESTURE_ZOOM);
  GtkEventController *click = find_controller (GTK_WIDGET (fixture->view), GTK_TYPE_GESTURE_CLICK);
  Range initial = visible (fixture);
  Range after;
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->view));
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->view));

  /* Spreading two fingers to twice their distance: half as many buckets. */
  g_signal_emit_by_name (pinch, "begin", NULL);
  g_signal_emit_by_name (pinch, "scale-changed", 2.0);
  g_signal_emit_by_name (pinch, "end", NULL);
  after = visible (fixture);
  g_assert_cmpint (n_buckets (after), <=, n_buckets (initial) / 2 + 1);
  g_assert_cmpint (n_levels (after), ==, n_levels (initial));

  /* Double click on the time axis: default bucket width again. */
  g_signal_emit_by_name (click, "pressed", 1, 300.0, height - 4.0);
  g_signal_emit_by_name (click, "pressed", 2, 300.0, height - 4.0);
  g_assert_cmpint (n_buckets (visible (fixture)), ==, n_buckets (initial));

  /* Double click on the price axis: default row height again. */
  flow_footprint_view_scroll (fixture->view, 0, 4, GDK_CONTROL_MASK);
  g_assert_cmpint (n_levels (visible (fixture)), >, n_levels (initial));
  g_signal_emit_by_name (click, "pressed", 2, width - 10.0, 100.0);
  g_assert_cmpint (n_levels (visible (fixture)), ==, n_levels (initial));
  g_assert_cmpint (n_buckets (visible (fixture)), ==, n_buckets (initial));
}

/* TRUE when every bucket in view lies between the visible range's bottom and top rows. */
static gboolean
bars_fit (FlowFootprintView *view)
{
  FlowFootprint *footprint = flow_footprint_view_get_footprint (view);
  gint64 row = flow_footprint_get_row (footprint);
  gint64 first_ms, last_ms, top, bottom, n_checked = 0;

  g_assert_true (flow_footprint_view_get_visible_range (view, &first_ms, &last_ms, &top,
                                                        &bottom));
  for (gint64 ms = first_ms; ms <= last_ms; ms += flow_footprint_get_interval_ms (footprint))
    {
      FlowFootprintBucket bucket;

      if (!flow_footprint_get_bucket (footprint,
                                      flow_footprint_get_bucket_index_at (footprint, ms), &bucket))
        continue;
      n_checked++;
      if (bucket.low < bottom || bucket.high >= top + row)
        return FALSE;
    }
  return n_checked > 0;
}

/* Autoscale and the automatic row. The view proposes a row for the bars in view; given it (as
 * the session does), the bars in view fit whole in the plot, at a row coarser than the tick.
 * A price drag lets autoscale go; End, and a double click on the price axis, bring it back. */
static void
test_autoscale (Fixture       *fixture,
                gconstpointer  data)
{
  GtkEventController *click = find_controller (GTK_WIDGET (fixture->view), GTK_TYPE_GESTURE_CLICK);
  int width = gtk_widget_get_width (GTK_WIDGET (fixture->view));
  gint64 row;

  /* At one tick a row, 75 minutes of NIFTY do not fit 700 pixels: the view proposes coarser. */
  g_assert_true (flow_footprint_view_get_autoscale_enabled (fixture->view));
  g_assert_false (bars_fit (fixture->view));
  flow_footprint_view_set_tick_size (fixture->view, 5);
  row = flow_footprint_view_get_auto_row (fixture->view);
  g_assert_cmpint (row, >, 5);
  g_assert_cmpint (row % 5, ==, 0);
  flow_footprint_set_row (fixture->footprint, row);
  g_assert_true (bars_fit (fixture->view));
  /* Same bars, same answer: no flicker. */
  g_assert_cmpint (flow_footprint_view_get_auto_row (fixture->view), ==, row);

  /* Back in time, following or not, the price window fits the bars there. */
  flow_footprint_view_pan (fixture->view, width * 0.6, 0);
  g_assert_true (flow_footprint_view_get_autoscale_enabled (fixture->view));
  g_assert_true (bars_fit (fixture->view));

  /* A drag in price: the user holds the price axis, autoscale lets go. */
  flow_footprint_view_pan (fixture->view, 0, 300);
  g_assert_false (flow_footprint_view_get_autoscale_enabled (fixture->view));
  g_assert_false (bars_fit (fixture->view));

  /* End: live again, fitted again. */
  flow_footprint_view_go_live (fixture->view);
  g_assert_true (flow_footprint_view_get_autoscale_enabled (fixture->view));
  g_assert_true (bars_fit (fixture->view));

  /* Ctrl+wheel zooms price by hand; a double click on the price axis fits again. */
  flow_footprint_view_scroll (fixture->view, 0, 4, GDK_CONTROL_MASK);
  g_assert_false (flow_footprint_view_get_autoscale_enabled (fixture->view));
  g_signal_emit_by_name (click, "pressed", 2, width - 10.0, 100.0);
  g_assert_true (flow_footprint_view_get_autoscale_enabled (fixture->view));
  g_assert_true (bars_fit (fixture->view));
}

/* How many pixels of a @width × @height frame of @view differ in the band @x0 … @x1. */
static guint
render_band_difference (FlowFootprintView *view,
                        int                width,
                        int                height,
                        int                x0,
                        int                x1)
{
  cairo_surface_t *surfaces[2];
  guint differ = 0;

  for (int i = 0; i < 2; i++)
    {
      cairo_t *cr;

      flow_footprint_view_set_show_profile (view, i == 0);
      surfaces[i] = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      cr = cairo_create (surfaces[i]);
      flow_footprint_view_draw (view, cr, width, height);
      cairo_destroy (cr);
      cairo_surface_flush (surfaces[i]);
    }
  for (int y = 0; y < height; y++)
    {
      const guint32 *a = (const guint32 *) (cairo_image_surface_get_data (surfaces[0]) +
                                            y * cairo_image_surface_get_stride (surfaces[0]));
      const guint32 *b = (const guint32 *) (cairo_image_surface_get_data (surfaces[1]) +
                                            y * cairo_image_surface_get_stride (surfaces[1]));

      for (int x = x0; x < x1; x++)
        differ += a[x] != b[x];
    }
  cairo_surface_destroy (surfaces[0]);
  cairo_surface_destroy (surfaces[1]);
  return differ;
}

/* The session volume profile draws at the plot's right edge and nowhere else: the left half of
 * the frame is the same with or without it. */
static void
test_profile_layer (Fixture       *fixture,
                    gconstpointer  data)
{
  FlowVolumeProfileStats stats;

  g_assert_true (flow_volume_profile_get_stats (flow_footprint_get_profile (fixture->footprint),
                                                &stats));
  g_assert_cmpint (stats.value_low, <=, stats.poc);
  g_assert_cmpint (stats.poc, <=, stats.value_high);
  g_assert_true (flow_footprint_view_get_show_profile (fixture->view));
  /* 1200 px: the price axis takes the last ~100, the profile up to 216 before it. */
  g_assert_cmpuint (render_band_difference (fixture->view, 1200, 700, 800, 1080), >, 500);
  g_assert_cmpuint (render_band_difference (fixture->view, 1200, 700, 0, 600), ==, 0);
  flow_footprint_view_set_show_profile (fixture->view, TRUE);
}

/* The chart is a stack of layer widgets in drawing order, none of which takes input: the
 * gestures stay on the view, whatever layer is under the pointer. */
static void
test_layers (Fixture       *fixture,
             gconstpointer  data)
{
  int kind = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (fixture->view)); child != NULL;
       child = gtk_widget_get_next_sibling (child), kind++)
    {
      g_assert_true (FLOW_IS_FOOTPRINT_LAYER (child));
      g_assert_cmpint (flow_footprint_layer_get_kind (FLOW_FOOTPRINT_LAYER (child)), ==, kind);
      g_assert_false (gtk_widget_get_can_target (child));
      g_assert_cmpint (gtk_widget_get_width (child), ==,
                       gtk_widget_get_width (GTK_WIDGET (fixture->view)));
    }
  g_assert_cmpint (kind, ==, FLOW_FOOTPRINT_N_LAYERS);
  g_assert_true (gtk_widget_pick (GTK_WIDGET (fixture->view), 300, 200, GTK_PICK_DEFAULT) ==
                 GTK_WIDGET (fixture->view));
}

/* The tooltip of a known cell: the POC of the 10:00 bucket, and that bucket's footer. */
static void
test_tooltip (Fixture       *fixture,
              gconstpointer  data)
{
  gint64 bucket_ms = OPEN_MS + 45 * MINUTE_MS;
  gint64 index = flow_footprint_get_bucket_index_at (fixture->footprint, bucket_ms);
  FlowFootprintBucket bucket;
  FlowFootprintCell cell;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *footer = NULL;
  g_autofree char *expected_footer = NULL;
  int height = gtk_widget_get_height (GTK_WIDGET (fixture->view));
  double x, y;

  g_assert_true (flow_footprint_get_bucket (fixture->footprint, index, &bucket));
  g_assert_cmpint (bucket.volume, >, 0);
  g_assert_true (flow_footprint_get_cell (fixture->footprint, index, bucket.poc, &cell));

  /* Brought into view with the keyboard: Home, then right to it, then down to its price. */
  key (fixture, GDK_KEY_Home, 0);
  flow_footprint_view_get_cell_position (fixture->view, bucket_ms, bucket.poc, &x, &y);
  flow_footprint_view_pan (fixture->view, 500 - x, 300 - y);
  cell_point (fixture, bucket_ms, bucket.poc, &x, &y);

  text = flow_footprint_view_dup_tooltip_text (fixture->view, x, y);
  expected = g_strdup_printf ("10:00:00 – 10:01:00 IST\n"
                              "Price %" G_GINT64_FORMAT ",%03" G_GINT64_FORMAT ".%02d\n"
                              "Buy %" G_GINT64_FORMAT "   Sell %" G_GINT64_FORMAT "\n"
                              "Delta %s%" G_GINT64_FORMAT "   Trades %u\n"
                              "Point of control",
                              bucket.poc / 100000, bucket.poc / 100 % 1000, (int) (bucket.poc % 100),
                              cell.buy_volume, cell.sell_volume,
                              cell.buy_volume > cell.sell_volume ? "+" : "",
                              cell.buy_volume - cell.sell_volume, cell.trades);
  /* Imbalance lines may follow the POC line. */
  g_assert_true (g_str_has_prefix (text, expected));

  /* The footer below the column describes the bucket. */
  footer = flow_footprint_view_dup_tooltip_text (fixture->view, x, height - 40);
  expected_footer = g_strdup_printf ("10:00:00 – 10:01:00 IST\nVolume %" G_GINT64_FORMAT
                                     "   Trades %u\nDelta %s%" G_GINT64_FORMAT,
                                     bucket.volume, bucket.trades, bucket.delta > 0 ? "+" : "",
                                     bucket.delta);
  g_assert_true (g_str_has_prefix (footer, expected_footer));

  /* Nothing on the price axis, nor after the newest bucket. */
  g_assert_null (flow_footprint_view_dup_tooltip_text (fixture->view,
                                                       gtk_widget_get_width (GTK_WIDGET (fixture->view)) - 5, y));
  key (fixture, GDK_KEY_End, 0);
  flow_footprint_view_get_cell_position (fixture->view, NEWEST_MS + MINUTE_MS, bucket.poc, &x, &y);
  g_assert_null (flow_footprint_view_dup_tooltip_text (fixture->view, x, 100));
}

/* A disconnection: the buckets nobody saw stay empty, the volume traded meanwhile is reported
 * on the bucket of the reconnection and never put in a cell. */
static void
test_gap (void)
{
  g_autoptr(FlowFootprint) footprint = flow_footprint_new ();
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  FlowFootprintView *view = FLOW_FOOTPRINT_VIEW (flow_footprint_view_new ());
  FlowSnapshot snapshots[] = {
    { .ts_ms = OPEN_MS + 1000, .ltp = 2450000, .volume = 1000, .bid = 2449995, .ask = 2450000 },
    { .ts_ms = OPEN_MS + 2000, .ltp = 2450000, .volume = 1130, .bid = 2449995, .ask = 2450005 },
    /* Away from 09:16 to 09:19:30; 6500 traded meanwhile. */
    { .ts_ms = OPEN_MS + 4 * MINUTE_MS + 30000, .ltp = 2450500, .volume = 7630,
      .bid = 2450495, .ask = 2450500, .resync = TRUE },
    { .ts_ms = OPEN_MS + 4 * MINUTE_MS + 31000, .ltp = 2450500, .volume = 7760,
      .bid = 2450495, .ask = 2450505 },
  };
  g_autofree char *gap_tip = NULL;
  g_autofree char *no_data_tip = NULL;
  double x, y;

  flow_footprint_add_snapshots (footprint, snapshots, G_N_ELEMENTS (snapshots));
  flow_footprint_view_set_footprint (view, footprint);
  gtk_window_set_default_size (window, 900, 500);
  gtk_window_set_child (window, GTK_WIDGET (view));
  gtk_window_present (window);
  g_assert_true (wait_for_size (GTK_WIDGET (view)));

  flow_footprint_view_zoom (view, 0.5, 1, -1, -1);
  flow_footprint_view_get_cell_position (view, OPEN_MS + 2 * MINUTE_MS, 2450000, &x, &y);
  no_data_tip = flow_footprint_view_dup_tooltip_text (view, x, 100);
  g_assert_cmpstr (no_data_tip, ==, "09:17:00 – 09:18:00 IST\nNo data received (disconnected or closed)");
  flow_footprint_view_get_cell_position (view, OPEN_MS + 4 * MINUTE_MS, 2450500, &x, &y);
  gap_tip = flow_footprint_view_dup_tooltip_text (view, x, y);
  g_assert_nonnull (strstr (gap_tip, "Buy 130   Sell 0"));
  /* A level of a bucket where nothing traded has no tooltip either. */
  flow_footprint_view_get_cell_position (view, OPEN_MS + 4 * MINUTE_MS, 2450400, &x, &y);
  g_assert_null (flow_footprint_view_dup_tooltip_text (view, x, y));
  g_assert_nonnull (strstr (gap_tip, "Traded while disconnected: 6500"));

  gtk_window_destroy (window);
}

/* Dark and light follow the style manager; the chart draws the same offscreen at scale 2. */
static double
background_luminance (FlowFootprintView *view,
                      int                scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400 * scale,
                                                         300 * scale);
  cairo_t *cr = cairo_create (surface);
  guint32 pixel;
  double luminance;

  cairo_surface_set_device_scale (surface, scale, scale);
  flow_footprint_view_draw (view, cr, 400, 300);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* Top left: plot background, far from the data at the live edge. */
  pixel = *(guint32 *) cairo_image_surface_get_data (surface);
  luminance = (0.2126 * ((pixel >> 16) & 0xff) + 0.7152 * ((pixel >> 8) & 0xff) +
               0.0722 * (pixel & 0xff)) / 255;
  cairo_surface_destroy (surface);
  return luminance;
}

static void
test_theme (Fixture       *fixture,
            gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->view));
  g_assert_cmpfloat (background_luminance (fixture->view, 1), >, 0.8);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  flow_test_wait_ms (100);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->view));
  g_assert_cmpfloat (background_luminance (fixture->view, 1), <, 0.3);
  g_assert_cmpfloat (background_luminance (fixture->view, 2), <, 0.3);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_accessible (Fixture       *fixture,
                 gconstpointer  data)
{
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (fixture->view), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (fixture->view),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "Footprint chart");
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (fixture->view)));
}

/* The page: the demo feed through it, then re-aggregation from GSettings that keeps the view's
 * place in time. */
static FlowFootprintView *
find_view (GtkWidget *root)
{
  return FLOW_FOOTPRINT_VIEW (flow_test_find_by_type (root, FLOW_TYPE_FOOTPRINT_VIEW));
}

/* A page on a --demo session whose simulator is @demo (taken), in a window. */
static FlowFeed *next_demo;

static FlowFeed *
make_demo (FlowMarketSession *session,
           FlowMarketView     view,
           FlowMarketSource   source,
           const char        *name,
           gpointer           user_data)
{
  g_assert_nonnull (next_demo);
  return g_steal_pointer (&next_demo);
}

static FlowMarketSession *
new_session (GSettings       *settings,
             FlowCredentials *credentials,
             gboolean         demo,
             FlowMarketFeedFactory factory,
             gpointer         data)
{
  FlowMarketSession *session = flow_market_session_new (settings, credentials, demo, DEMO_SEED);

  flow_market_session_set_feed_factory (session, factory, data);
  return session;
}

static gboolean
row_is_auto (gpointer data)
{
  FlowFootprintView *view = data;
  gint64 auto_row = flow_footprint_view_get_auto_row (view);

  return auto_row > 0 && flow_footprint_get_row (flow_footprint_view_get_footprint (view)) == auto_row;
}

static void
test_page (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  FlowMarketSession *session;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *page;
  FlowFootprintView *view;
  FlowFootprint *footprint;
  gint64 centre_ms, centre_price, first, last, top, bottom, row;
  GtkSpinButton *spin;

  g_settings_reset (settings, "interval-seconds");
  g_settings_reset (settings, "row-size-paise");
  g_settings_reset (settings, "row-size-auto");
  next_demo = flow_demo_feed_new (DEMO_SEED);
  flow_demo_feed_set_clock (FLOW_DEMO_FEED (next_demo), PLAYED_MS);
  session = new_session (settings, credentials, TRUE, make_demo, NULL);
  page = g_object_new (FLOW_TYPE_FOOTPRINT_PAGE, "session", session, NULL);
  view = find_view (page);
  footprint = flow_footprint_view_get_footprint (view);
  gtk_window_set_default_size (window, 1200, 700);
  gtk_window_set_child (window, page);
  gtk_window_present (window);
  g_assert_true (wait_for_size (GTK_WIDGET (view)));

  /* The session so far arrives during start, through the session, before the first frame. */
  flow_market_session_start (session);
  g_assert_true (flow_market_session_get_footprint_feed (session) != NULL);
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), >, 1000);
  g_assert_true (flow_footprint_get_bucket_range (footprint, &first, &last));
  g_assert_cmpint (flow_footprint_get_bucket_start_ms (footprint, last), ==, NEWEST_MS);

  /* Auto row, the default: the row the view proposes for the bars in view, in the demo's
   * 5-paise ticks, becomes the footprint's, and the bars fit; the spin button shows it. */
  g_assert_true (g_settings_get_boolean (settings, "row-size-auto"));
  g_assert_cmpint (flow_footprint_view_get_tick_size (view), ==, 5);
  g_assert_true (flow_test_wait_until (row_is_auto, view, TIMEOUT_MS));
  row = flow_footprint_get_row (footprint);
  g_assert_cmpint (row, >, 5);
  g_assert_true (bars_fit (view));
  spin = GTK_SPIN_BUTTON (flow_test_find_by_type (page, GTK_TYPE_SPIN_BUTTON));
  g_assert_cmpfloat (gtk_spin_button_get_value (spin), ==, row / 100.0);
  /* A size typed is a manual choice: Auto turns off and the size holds. */
  gtk_spin_button_set_value (spin, 0.25);
  g_assert_false (g_settings_get_boolean (settings, "row-size-auto"));
  g_assert_cmpuint (g_settings_get_uint (settings, "row-size-paise"), ==, 25);
  g_assert_cmpint (flow_footprint_get_row (footprint), ==, 25);
  flow_test_wait_ms (100);
  g_assert_cmpint (flow_footprint_get_row (footprint), ==, 25);

  /* Away from the live edge, then 5-minute buckets and 0.25 rows: still around the same time
   * and price. */
  flow_footprint_view_pan (view, 600, 0);
  g_assert_false (flow_footprint_view_get_follow_live (view));
  g_assert_true (flow_footprint_view_get_visible_range (view, &first, &last, &top, &bottom));
  centre_ms = (first + last) / 2;
  centre_price = (top + bottom) / 2;
  g_settings_set_uint (settings, "interval-seconds", 300);
  g_settings_set_uint (settings, "row-size-paise", 25);
  g_assert_cmpint (flow_footprint_get_interval_ms (footprint), ==, 300000);
  g_assert_cmpint (flow_footprint_get_row (footprint), ==, 25);
  g_assert_true (flow_footprint_view_get_visible_range (view, &first, &last, &top, &bottom));
  g_assert_cmpint (first, <=, centre_ms);
  g_assert_cmpint (last + 300000, >=, centre_ms);
  g_assert_cmpint (ABS ((top + bottom) / 2 - centre_price), <=, 50);

  /* The volume profile follows its setting (the toolbar toggle). */
  g_assert_true (flow_footprint_view_get_show_profile (view));
  g_settings_set_boolean (settings, "show-volume-profile", FALSE);
  g_assert_false (flow_footprint_view_get_show_profile (view));
  g_settings_reset (settings, "show-volume-profile");
  g_assert_true (flow_footprint_view_get_show_profile (view));

  /* Auto again: the view's row comes back. */
  g_settings_set_boolean (settings, "row-size-auto", TRUE);
  g_assert_true (flow_test_wait_until (row_is_auto, view, TIMEOUT_MS));
  g_assert_cmpint (flow_footprint_get_row (footprint), !=, 25);

  flow_market_session_stop (session);
  gtk_window_destroy (window);
  flow_test_wait_ms (20);
  g_assert_finalize_object (session);
  g_settings_reset (settings, "interval-seconds");
  g_settings_reset (settings, "row-size-paise");
  g_settings_reset (settings, "row-size-auto");
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : -1;
}

static gboolean
session_has_feed (gpointer session)
{
  return flow_market_session_get_footprint_feed (session) != NULL &&
         !flow_footprint_recorder_get_restoring (flow_market_session_get_recorder (session));
}

/* A page on a session with an Angel One account whose feeds are test feeds. */
static FlowFootprintPage *
new_live_page (GSettings         *settings,
               FlowCredentials   *credentials,
               GPtrArray         *made,
               FlowMarketSession **session)
{
  FlowFootprintPage *page;

  *session = new_session (settings, credentials, FALSE, flow_test_feed_factory, made);
  page = FLOW_FOOTPRINT_PAGE (g_object_ref_sink (g_object_new (FLOW_TYPE_FOOTPRINT_PAGE,
                                                               "session", *session, NULL)));
  flow_market_session_start (*session);
  g_assert_true (flow_test_wait_until (session_has_feed, *session, 10000));
  return page;
}

/* Reopening the same day restores the chart from the journal, to the unit; the demo is
 * neither journaled nor restored. */
static void
test_journal_restore (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func (g_object_unref);
  FlowMarketSession *session;
  gint64 now_ms = g_get_real_time () / 1000;
  gint64 start_ms = MAX (now_ms - 60000, flow_ist_day_start_ms (now_ms) + 1000);
  g_autofree char *path = flow_journal_default_path ("NIFTY", now_ms);
  FlowFootprintPage *page;
  FlowFootprint *footprint;
  FlowFootprintBucket live, restored;
  FlowFeed *feed;
  gint64 index, size;

  g_settings_reset (settings, "instrument");
  flow_test_keyring_store (FLOW_BROKER_ANGEL, "api_key", "key", "client_code", "A123",
                           "pin", "1234", "totp_secret", "JBSWY3DPEHPK3PXP", NULL);
  page = new_live_page (settings, credentials, made, &session);
  feed = flow_market_session_get_footprint_feed (session);
  g_assert_cmpint (flow_test_feed_get_source (FLOW_TEST_FEED (feed)), ==, FLOW_MARKET_SOURCE_ANGEL);
  for (int i = 0; i < 50; i++)
    {
      FlowSnapshot s = {
        .ts_ms = start_ms + i * 1000, .ltp = 2450000 + 5 * (i % 7), .volume = 1000 + 65 * i,
        .bid = 2449995 + 5 * (i % 7), .ask = 2450005 + 5 * (i % 7), .resync = i == 0,
      };

      flow_feed_emit_snapshot (feed, &s);
    }
  footprint = flow_footprint_view_get_footprint (find_view (GTK_WIDGET (page)));
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), ==, 50);
  index = flow_footprint_get_bucket_index_at (footprint, start_ms + 49 * 1000);
  g_assert_true (flow_footprint_get_bucket (footprint, index, &live));
  flow_market_session_stop (session);
  g_assert_finalize_object (page);
  g_assert_finalize_object (session);
  g_assert_cmpint (file_size (path), ==, FLOW_JOURNAL_HEADER_SIZE + 50 * FLOW_JOURNAL_RECORD_SIZE);

  /* A new session on a live feed restores the day in a worker thread. */
  page = new_live_page (settings, credentials, made, &session);
  footprint = flow_footprint_view_get_footprint (find_view (GTK_WIDGET (page)));
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), ==, 50);
  g_assert_true (flow_footprint_get_bucket (footprint, index, &restored));
  g_assert_cmpint (restored.volume, ==, live.volume);
  g_assert_cmpint (restored.delta, ==, live.delta);
  g_assert_cmpint (restored.cum_delta, ==, live.cum_delta);
  g_assert_cmpint (restored.poc, ==, live.poc);
  flow_market_session_stop (session);
  g_assert_finalize_object (page);
  g_assert_finalize_object (session);

  /* The demo replays its own session: nothing restored, nothing written. */
  size = file_size (path);
  next_demo = flow_demo_feed_new (DEMO_SEED);
  flow_demo_feed_set_clock (FLOW_DEMO_FEED (next_demo), PLAYED_MS);
  session = new_session (settings, credentials, TRUE, make_demo, NULL);
  page = FLOW_FOOTPRINT_PAGE (g_object_ref_sink (g_object_new (FLOW_TYPE_FOOTPRINT_PAGE,
                                                               "session", session, NULL)));
  footprint = flow_footprint_view_get_footprint (find_view (GTK_WIDGET (page)));
  flow_market_session_start (session);
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), >, 1000);
  flow_market_session_stop (session);
  g_assert_cmpint (file_size (path), ==, size);
  g_assert_finalize_object (page);
  g_assert_finalize_object (session);
  flow_test_keyring_store (FLOW_BROKER_ANGEL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  FlowTestKeyring *keyring;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  /* The page tests' sessions ask a keyring of their own, never the user's. */
  keyring = flow_test_keyring_start ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/footprint-view/follow-live", test_follow_live);
  ADD ("/footprint-view/drag", test_drag);
  ADD ("/footprint-view/kinetic", test_kinetic);
  ADD ("/footprint-view/wheel", test_wheel);
  ADD ("/footprint-view/keyboard", test_keyboard);
  ADD ("/footprint-view/pinch-double-click", test_pinch_and_double_click);
  ADD ("/footprint-view/autoscale", test_autoscale);
  ADD ("/footprint-view/profile-layer", test_profile_layer);
  ADD ("/footprint-view/layers", test_layers);
  ADD ("/footprint-view/tooltip", test_tooltip);
  ADD ("/footprint-view/theme", test_theme);
  ADD ("/footprint-view/accessible", test_accessible);
#undef ADD
  g_test_add_func ("/footprint-view/gap", test_gap);
  g_test_add_func ("/footprint-view/page", test_page);
  g_test_add_func ("/footprint-view/journal-restore", test_journal_restore);

  status = g_test_run ();
  flow_test_keyring_stop (keyring);
  return status;
}

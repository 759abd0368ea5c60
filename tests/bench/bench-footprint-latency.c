/* bench-footprint-latency.c: from a snapshot entering the model to the frame that shows it,
 * through GTK's real frame clock, in a 1920×1080 window under Xvfb
 *
 * What a trader feels is not the cost of drawing a frame offscreen (bench-footprint-render) but
 * how long after a trade the chart shows it. Each round adds one live snapshot to a busy
 * day's footprint, the way a feed does, and waits for the window's frame clock to finish the
 * frame that paints it: the latency is from the snapshot to the end of that frame's paint.
 * The frame's own cost is from its first snapshot (a probe widget drawn before the chart) to
 * the end of its paint: snapshotting the layers that changed and rendering. A second
 * series moves the pointer instead (the crosshair layer alone redraws), to show what the layer
 * split saves. Quote these with GSK_RENDERER=cairo (the test environment sets it): under Xvfb
 * the GL renderer is llvmpipe, which costs far more than the app's own drawing.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gtk/gtk.h>
#include <math.h>
#include <stdio.h>

#include "flow-footprint-view.h"
#include "flow-footprint.h"
#include "flow-ist.h"

#define N_ROUNDS 300
#define WIDTH    1920
#define HEIGHT   1080

/* 2026-11-20 09:15:00 IST */
#define OPEN_MS    G_GINT64_CONSTANT (1795146300000)
#define SESSION_MS ((gint64) (4 * 3600) * 1000)

typedef struct
{
  GRand         *rand;
  FlowFootprint *footprint;
  GtkWidget     *view;
  GdkFrameClock *clock;
  gint64         time_ms;
  gint64         volume;
  gint64         ltp;

  gint64         sent_us;       /* when the round's change was made */
  gint64         snapshot_us;   /* when the frame being painted began snapshotting */
  gboolean       waiting;
  gboolean       hover_series;
  guint          round;
  GArray        *latency_ms;
  GArray        *cost_ms;
  GMainLoop     *loop;
} Bench;

/* The next snapshot of a busy session around ₹24,500: 20–180 ms apart, quotes around it. */
static void
next_snapshot (Bench        *b,
               FlowSnapshot *s)
{
  gint64 offset = g_rand_int_range (b->rand, -3, 4);

  *s = (FlowSnapshot) { 0 };
  b->time_ms += g_rand_int_range (b->rand, 20, 180);
  b->volume += 65 * g_rand_int_range (b->rand, 1, 12);
  b->ltp = CLAMP (b->ltp + 5 * offset, 2445000, 2455000);
  s->ts_ms = b->time_ms;
  s->ltp = b->ltp;
  s->ltq = 65;
  s->volume = b->volume;
  s->bid = s->ltp - 5 * g_rand_int_range (b->rand, 0, 2);
  s->ask = s->ltp + 5 * g_rand_int_range (b->rand, 1, 3);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, MIN (values->len - 1, (guint) floor (p * values->len)));
}

static gboolean start_round (gpointer data);

/* A widget that draws nothing and notes when it is snapshotted: queued with each round and
 * first in the window, it marks where the frame's drawing starts. */
#define PROBE_TYPE (probe_get_type ())
G_DECLARE_FINAL_TYPE (Probe, probe, BENCH, PROBE, GtkWidget)

struct _Probe
{
  GtkWidget  parent_instance;
  gint64    *snapshot_us;
};

G_DEFINE_FINAL_TYPE (Probe, probe, GTK_TYPE_WIDGET)

static void
probe_snapshot (GtkWidget   *widget,
                GtkSnapshot *snapshot)
{
  *BENCH_PROBE (widget)->snapshot_us = g_get_monotonic_time ();
}

static void
probe_class_init (ProbeClass *klass)
{
  GTK_WIDGET_CLASS (klass)->snapshot = probe_snapshot;
}

static void
probe_init (Probe *self)
{
}

static GtkWidget *probe;

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *b)
{
  gint64 now = g_get_monotonic_time ();

  if (!b->waiting)
    return;
  b->waiting = FALSE;
  g_array_append_val (b->latency_ms, ((double) { (now - b->sent_us) / 1000.0 }));
  g_array_append_val (b->cost_ms, ((double) { (now - b->snapshot_us) / 1000.0 }));
  /* A pause between rounds, as between real trades, so each round starts from an idle clock. */
  g_timeout_add (g_rand_int_range (b->rand, 5, 30), start_round, b);
}

static gboolean
start_round (gpointer data)
{
  Bench *b = data;

  if (b->round == N_ROUNDS)
    {
      g_main_loop_quit (b->loop);
      return G_SOURCE_REMOVE;
    }
  b->round++;
  b->waiting = TRUE;
  b->sent_us = g_get_monotonic_time ();
  gtk_widget_queue_draw (probe);
  if (b->hover_series)
    {
      /* The pointer over the plot, as a motion controller reports it. */
      GListModel *controllers = gtk_widget_observe_controllers (b->view);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
            g_signal_emit_by_name (controller, "motion", 200.0 + 7 * (b->round % 100),
                                   150.0 + 5 * (b->round % 120));
        }
      g_object_unref (controllers);
    }
  else
    {
      FlowSnapshot s;

      next_snapshot (b, &s);
      flow_footprint_add_snapshot (b->footprint, &s);
    }
  return G_SOURCE_REMOVE;
}

static void
run_series (Bench      *b,
            gboolean    hover,
            const char *what)
{
  b->hover_series = hover;
  b->round = 0;
  g_array_set_size (b->latency_ms, 0);
  g_array_set_size (b->cost_ms, 0);
  g_timeout_add (50, start_round, b);
  g_main_loop_run (b->loop);

  g_print ("%-40s latency median %6.2f ms   p99 %6.2f ms   frame median %6.2f ms   p99 %6.2f ms"
           "   (%u rounds)\n", what, percentile (b->latency_ms, 0.5),
           percentile (b->latency_ms, 0.99), percentile (b->cost_ms, 0.5),
           percentile (b->cost_ms, 0.99), b->latency_ms->len);
}

static gboolean
window_is_drawn (gpointer data)
{
  return gtk_widget_get_mapped (data) && gtk_widget_get_width (data) > 0;
}

int
main (int    argc,
      char **argv)
{
  Bench b = { 0 };
  g_autoptr(GArray) day = g_array_new (FALSE, TRUE, sizeof (FlowSnapshot));
  GtkWidget *window;
  gint64 deadline;

  gtk_init ();
  b.rand = g_rand_new_with_seed (20261202);
  b.footprint = flow_footprint_new ();
  b.time_ms = OPEN_MS;
  b.ltp = 2450000;
  while (b.time_ms < OPEN_MS + SESSION_MS)
    {
      FlowSnapshot s;

      next_snapshot (&b, &s);
      s.resync = day->len == 0;
      g_array_append_val (day, s);
    }
  flow_footprint_add_snapshots (b.footprint, (FlowSnapshot *) day->data, day->len);
  b.latency_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.cost_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.loop = g_main_loop_new (NULL, FALSE);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  b.view = flow_footprint_view_new ();
  flow_footprint_view_set_footprint (FLOW_FOOTPRINT_VIEW (b.view), b.footprint);
  probe = g_object_new (PROBE_TYPE, NULL);
  BENCH_PROBE (probe)->snapshot_us = &b.snapshot_us;
  {
    GtkWidget *overlay = gtk_overlay_new ();

    /* The probe below (snapshotted first), the chart over the whole window. */
    gtk_overlay_set_child (GTK_OVERLAY (overlay), probe);
    gtk_overlay_add_overlay (GTK_OVERLAY (overlay), b.view);
    gtk_window_set_child (GTK_WINDOW (window), overlay);
  }
  gtk_window_present (GTK_WINDOW (window));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!window_is_drawn (b.view) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (!window_is_drawn (b.view))
    {
      g_printerr ("bench-footprint-latency: the window was never shown (no display?)\n");
      return 1;
    }
  b.clock = gtk_widget_get_frame_clock (b.view);
  g_signal_connect (b.clock, "after-paint", G_CALLBACK (on_after_paint), &b);

  g_print ("# %u snapshots in the day, window %d×%d, renderer %s\n", day->len,
           gtk_widget_get_width (b.view), gtk_widget_get_height (b.view),
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  run_series (&b, FALSE, "one new snapshot (data layers redraw)");
  run_series (&b, TRUE, "pointer moved (crosshair layer only)");

  gtk_window_destroy (GTK_WINDOW (window));
  g_array_unref (b.latency_ms);
  g_array_unref (b.cost_ms);
  g_main_loop_unref (b.loop);
  g_object_unref (b.footprint);
  g_rand_free (b.rand);
  return 0;
}

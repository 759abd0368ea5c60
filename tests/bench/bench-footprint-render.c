/* bench-footprint-render.c: one full frame of the footprint chart, offscreen, through the
 * widget's own drawing code (flow_footprint_view_draw), at 1920×1080 and at scale 2
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

#define N_FRAMES 200
#define WIDTH    1920
#define HEIGHT   1080

/* 2026-11-20 09:15:00 IST */
#define OPEN_MS G_GINT64_CONSTANT (1795146300000)
#define SESSION_MS ((gint64) (6 * 3600 + 15 * 60) * 1000)

/* A busy session that keeps every visible cell full, the worst case for text: the price swings
 * over a band of about 90 rows (₹4.50) around a centre that drifts by a few rows, a snapshot
 * every 100 ms on average (225,000 in the day), quotes around the price. */
static FlowFootprint *
busy_footprint (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261120);
  g_autoptr(GArray) day = g_array_new (FALSE, TRUE, sizeof (FlowSnapshot));
  FlowFootprint *footprint = flow_footprint_new ();
  gint64 volume = 0;

  for (gint64 t = OPEN_MS; t < OPEN_MS + SESSION_MS; t += g_rand_int_range (rand, 20, 180))
    {
      FlowSnapshot s = { 0 };
      double minutes = (double) (t - OPEN_MS) / 60000;
      gint64 centre = 2450000 + 5 * (gint64) (4 * sin (minutes / 30));
      gint64 offset = g_rand_int_range (rand, -45, 46) + g_rand_int_range (rand, -45, 46);

      volume += 65 * g_rand_int_range (rand, 1, 12);
      s.ts_ms = t;
      s.ltp = centre + 5 * (offset / 2);
      s.ltq = 65;
      s.volume = volume;
      s.bid = s.ltp - 5 * g_rand_int_range (rand, 0, 2);
      s.ask = s.ltp + 5 * g_rand_int_range (rand, 1, 3);
      s.resync = day->len == 0;
      g_array_append_val (day, s);
    }
  flow_footprint_add_snapshots (footprint, (FlowSnapshot *) day->data, day->len);
  g_print ("# busy day: %u snapshots\n", day->len);
  return footprint;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Non-empty cells inside the visible range, to show what the frame had to draw. */
static guint
count_visible_cells (FlowFootprintView *view,
                     FlowFootprint     *footprint,
                     gint64            *n_buckets,
                     gint64            *n_levels)
{
  gint64 first_ms, last_ms, top, bottom, row = flow_footprint_get_row (footprint);
  gint64 first = 0, last = -1;
  guint n = 0;

  if (flow_footprint_view_get_visible_range (view, &first_ms, &last_ms, &top, &bottom))
    {
      first = flow_footprint_get_bucket_index_at (footprint, first_ms);
      last = flow_footprint_get_bucket_index_at (footprint, last_ms);
      *n_levels = (top - bottom) / row + 1;
    }
  *n_buckets = last - first + 1;
  for (gint64 i = first; i <= last; i++)
    for (gint64 price = bottom; price <= top; price += row)
      {
        FlowFootprintCell cell;

        if (flow_footprint_get_cell (footprint, i, price, &cell))
          n++;
      }
  return n;
}

static void
run (FlowFootprintView *view,
     FlowFootprint     *footprint,
     const char        *zoom,
     int                scale,
     gboolean           panning)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         WIDTH * scale, HEIGHT * scale);
  cairo_t *cr = cairo_create (surface);
  double times[N_FRAMES];
  gint64 n_buckets = 0, n_levels = 0;
  guint n_cells;

  cairo_surface_set_device_scale (surface, scale, scale);
  /* One frame first, as a widget has drawn before it pans: fonts are shaped, buffers sized. */
  flow_footprint_view_draw (view, cr, WIDTH, HEIGHT);
  n_cells = count_visible_cells (view, footprint, &n_buckets, &n_levels);

  for (int i = 0; i < N_FRAMES; i++)
    {
      gint64 start;

      if (panning)
        {
          /* A different offset every frame, back and forth, as a drag would. */
          double dx = (i % 20 < 10 ? 1 : -1) * 7.3;
          double dy = (i % 14 < 7 ? 1 : -1) * 5.1;

          flow_footprint_view_pan (view, dx, dy);
        }
      start = g_get_monotonic_time ();
      flow_footprint_view_draw (view, cr, WIDTH, HEIGHT);
      cairo_surface_flush (surface);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
    }

  qsort (times, N_FRAMES, sizeof *times, compare_double);
  g_print ("%-8s %4d×%-4d scale %d %-7s  median %6.2f ms   p99 %6.2f ms   max %6.2f ms"
           "   (%" G_GINT64_FORMAT " buckets × %" G_GINT64_FORMAT " levels in view, %u cells)\n",
           zoom, WIDTH * scale, HEIGHT * scale, scale, panning ? "panning" : "static",
           times[N_FRAMES / 2], times[(int) ceil (0.99 * N_FRAMES) - 1], times[N_FRAMES - 1],
           n_buckets, n_levels, n_cells);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* The widget's own path at scale 1: the drawing recorded into a GtkSnapshot's cairo node, then
 * rasterised by GSK's cairo renderer (what GSK_RENDERER=cairo does on screen; the GL renderer
 * uploads the same raster). */
static void
run_widget_path (FlowFootprintView *view,
                 const char        *zoom)
{
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GError) error = NULL;
  double times[N_FRAMES];

  if (!gsk_renderer_realize (renderer, NULL, &error))
    {
      g_print ("# widget path skipped: %s\n", error->message);
      return;
    }
  for (int i = 0; i < N_FRAMES; i++)
    {
      gint64 start = g_get_monotonic_time ();
      GtkSnapshot *snapshot = gtk_snapshot_new ();
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
      GskRenderNode *node;
      GdkTexture *texture;

      flow_footprint_view_draw (view, cr, WIDTH, HEIGHT);
      cairo_destroy (cr);
      node = gtk_snapshot_free_to_node (snapshot);
      texture = gsk_renderer_render_texture (renderer, node, NULL);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_object_unref (texture);
      gsk_render_node_unref (node);
    }
  gsk_renderer_unrealize (renderer);

  qsort (times, N_FRAMES, sizeof *times, compare_double);
  g_print ("%-8s %4d×%-4d scale 1 widget   median %6.2f ms   p99 %6.2f ms   max %6.2f ms"
           "   (GtkSnapshot cairo node + GskCairoRenderer to a texture)\n",
           zoom, WIDTH, HEIGHT, times[N_FRAMES / 2], times[(int) ceil (0.99 * N_FRAMES) - 1],
           times[N_FRAMES - 1]);
}

/* Sets the zoom so that about @n_buckets × @n_levels fit the 1920×1080 frame. */
static void
zoom_to (FlowFootprintView *view,
         double             n_buckets,
         double             n_levels)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  gint64 first, last, top, bottom;
  int i;

  /* A first frame gives the view its size: zooming needs one. */
  flow_footprint_view_draw (view, cr, WIDTH, HEIGHT);
  flow_footprint_view_set_follow_live (view, TRUE);
  flow_footprint_view_reset_zoom (view, TRUE, TRUE);
  for (i = 0; i < 8; i++)
    {
      gint64 row = flow_footprint_get_row (flow_footprint_view_get_footprint (view));
      gint64 interval = flow_footprint_get_interval_ms (flow_footprint_view_get_footprint (view));
      double have_buckets, have_levels;

      flow_footprint_view_draw (view, cr, WIDTH, HEIGHT);
      flow_footprint_view_get_visible_range (view, &first, &last, &top, &bottom);
      have_buckets = (double) (last - first) / interval + 1;
      have_levels = (double) (top - bottom) / row + 1;
      flow_footprint_view_zoom (view, have_buckets / n_buckets, have_levels / n_levels, -1, -1);
    }
  flow_footprint_view_draw (view, cr, WIDTH, HEIGHT);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  /* Panning must not snap back to the live edge. */
  flow_footprint_view_set_follow_live (view, FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(FlowFootprint) footprint = NULL;
  FlowFootprintView *view;

  if (!gtk_init_check ())
    {
      g_print ("SKIP: no display\n");
      return 77;
    }

  footprint = busy_footprint ();
  view = FLOW_FOOTPRINT_VIEW (g_object_ref_sink (flow_footprint_view_new ()));
  flow_footprint_view_set_footprint (view, footprint);

  g_print ("# %d frames each, drawn by flow_footprint_view_draw into an image surface\n",
           N_FRAMES);
  /* The case: ~60 buckets × 80 levels, every cell with its number. */
  zoom_to (view, 60, 80);
  for (int scale = 1; scale <= 2; scale++)
    {
      run (view, footprint, "dense", scale, FALSE);
      run (view, footprint, "dense", scale, TRUE);
    }
  run_widget_path (view, "dense");
  /* The default zoom, where cells read "sell × buy" with every digit. */
  flow_footprint_view_set_follow_live (view, TRUE);
  flow_footprint_view_reset_zoom (view, TRUE, TRUE);
  flow_footprint_view_set_follow_live (view, FALSE);
  for (int scale = 1; scale <= 2; scale++)
    {
      run (view, footprint, "default", scale, FALSE);
      run (view, footprint, "default", scale, TRUE);
    }
  run_widget_path (view, "default");

  g_object_unref (view);
  return 0;
}

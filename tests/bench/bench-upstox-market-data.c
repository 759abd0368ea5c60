/* bench-upstox-market-data.c: Upstox v3 FeedResponse frames decoded into snapshots per second,
 * beside the Upstox Python SDK's decoding of the same frames
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow-test-upstox-frames.h"
#include "flow-upstox-market-data.h"

#define N_FRAMES 1000000
#define RUNS     7
#define KEY      "NSE_FO|35001"

/* The SDK's side, in Python: fewer runs, and MessageToDict (some 30× slower than the parse) on
 * a sample, to keep the whole benchmark within a minute. */
#define SDK_PYTHON      "/usr/bin/python3"
#define SDK_RUNS        3
#define SDK_DICT_FRAMES 20000

/* 2026-11-20 09:15:00 IST */
#define START_MS G_GINT64_CONSTANT (1795146300000)

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* A NIFTY future in `full` mode through a busy morning: an initial_feed, then live_feed
 * deltas with a moving price, volume, OI and book. As Upstox does, some deltas leave out the
 * sub-messages that did not change: ltpc (a book-only tick), marketLevel, marketOHLC,
 * optionGreeks (empty on a future anyway). */
static GPtrArray *
make_frames (gsize *out_bytes)
{
  GPtrArray *frames = g_ptr_array_new_full (N_FRAMES, (GDestroyNotify) g_bytes_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261120);
  gint64 price = 2490665, open = price, high = price, low = price, volume = 1000000;
  double oi = 1234500, tbq, tsq;
  gsize bytes = 0;

  for (guint i = 0; i < N_FRAMES; i++)
    {
      gint64 ts = START_MS + (gint64) i * 23;
      gint64 ltq = 65 * g_rand_int_range (rand, 1, 30);
      FlowTestUpstoxTick tick;
      GBytes *frame;

      price += 5 * g_rand_int_range (rand, -2, 3);
      high = MAX (high, price);
      low = MIN (low, price);
      volume += ltq;
      if (g_rand_int_range (rand, 0, 8) == 0)
        oi = MAX (oi + 65 * g_rand_int_range (rand, -20, 21), 65);
      /* The pending quantities hover around their level rather than wander to 0. */
      tbq = 100000 + 65 * g_rand_int_range (rand, -500, 501);
      tsq = 90000 + 65 * g_rand_int_range (rand, -500, 501);
      tick = (FlowTestUpstoxTick) {
        .instrument_key = KEY,
        .type = i == 0 ? FLOW_UPSTOX_FRAME_INITIAL_FEED : FLOW_UPSTOX_FRAME_LIVE_FEED,
        .current_ts_ms = ts,
        .with_ltpc = i == 0 || i % 10 != 9,
        .ltp = price / 100.0, .ltt_ms = ts - 3, .ltq = ltq, .cp = 24400.0,
        .with_depth = i == 0 || i % 4 != 3,
        .bid = (price - 5) / 100.0, .bid_qty = 75 * g_rand_int_range (rand, 1, 40),
        .ask = (price + 5) / 100.0, .ask_qty = 75 * g_rand_int_range (rand, 1, 40),
        .depth_levels = 5,
        .with_ohlc = i == 0 || i % 3 != 2,
        .open = open / 100.0, .high = high / 100.0, .low = low / 100.0, .close = price / 100.0,
        .with_greeks = i == 0 || i % 5 != 4,
        .vtt = volume, .oi = oi, .tbq = tbq, .tsq = tsq, .atp = 24871.35, .iv = 0.0889,
      };
      frame = flow_test_upstox_encode_tick (&tick);
      bytes += g_bytes_get_size (frame);
      g_ptr_array_add (frames, frame);
    }
  *out_bytes = bytes;
  return frames;
}

/* Decode and merge, as FlowUpstoxStream does per binary frame; returns frames per second. */
static double
run_once (GPtrArray *frames,
          gint64    *checksum)
{
  g_autoptr(FlowUpstoxMarketData) market = flow_upstox_market_data_new (KEY);
  gint64 start = g_get_monotonic_time ();
  gint64 sum = 0;

  for (guint i = 0; i < frames->len; i++)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (frames, i), &length);
      FlowUpstoxFrameInfo info;
      FlowSnapshot snapshot;
      gboolean has_snapshot;
      GError *error = NULL;

      if (!flow_upstox_market_data_apply (market, data, length, &info, &snapshot, &has_snapshot,
                                          &error) || !has_snapshot)
        g_error ("frame %u gave no snapshot: %s", i, error != NULL ? error->message : "no price");
      sum += snapshot.ltp + snapshot.volume + snapshot.bid + snapshot.ask;
    }
  *checksum = sum;
  return frames->len / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static void
bench_frames (GPtrArray *frames,
              gsize      bytes)
{
  double rates[RUNS];
  gint64 checksum = 0;

  for (guint r = 0; r < RUNS; r++)
    rates[r] = run_once (frames, &checksum);
  qsort (rates, RUNS, sizeof rates[0], compare_double);
  printf ("decode live_feed (%.0f bytes on average) + merge + snapshot: %.2f M frames/s "
          "(median of %d; min %.2f, max %.2f; one core)\n", (double) bytes / frames->len,
          rates[RUNS / 2] / 1e6, RUNS, rates[0] / 1e6, rates[RUNS - 1] / 1e6);
  g_assert_cmpint (checksum, !=, 0);
}

/* A hostile or broken stream must not cost more than a good one: every frame cut short. */
static void
bench_rejects (GPtrArray *frames)
{
  g_autoptr(FlowUpstoxMarketData) market = flow_upstox_market_data_new (KEY);
  double rates[RUNS];

  for (guint r = 0; r < RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();
      guint rejected = 0;

      for (guint i = 0; i < frames->len; i++)
        {
          gsize length;
          const guint8 *data = g_bytes_get_data (g_ptr_array_index (frames, i), &length);
          FlowUpstoxFrameInfo info;
          FlowSnapshot snapshot;
          gboolean has_snapshot;

          /* Inside the feeds entry (after the 2-byte type), so every cut is malformed. */
          rejected += !flow_upstox_market_data_apply (market, data, 3 + i % (length / 2), &info,
                                                      &snapshot, &has_snapshot, NULL);
        }
      g_assert_cmpuint (rejected, ==, frames->len);
      rates[r] = frames->len / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
    }
  qsort (rates, RUNS, sizeof rates[0], compare_double);
  printf ("reject truncated frames (no GError): %.2f M frames/s (median of %d)\n",
          rates[RUNS / 2] / 1e6, RUNS);
}

/* The frames, each behind its length (32-bit little-endian), for the Python side. */
static char *
write_frames (GPtrArray *frames)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("bench-upstox-frames-XXXXXX", &path, &error);
  FILE *file;

  g_assert_no_error (error);
  file = fdopen (fd, "wb");
  g_assert_nonnull (file);
  for (guint i = 0; i < frames->len; i++)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (frames, i), &length);
      guint32 le = GUINT32_TO_LE ((guint32) length);

      g_assert_cmpuint (fwrite (&le, sizeof le, 1, file), ==, 1);
      g_assert_cmpuint (fwrite (data, 1, length, file), ==, length);
    }
  g_assert_cmpint (fclose (file), ==, 0);
  return path;
}

static gboolean
python_has_protobuf (void)
{
  const char *argv[] = { SDK_PYTHON, "-c", "import google.protobuf", NULL };
  int status = -1;

  if (!g_file_test (SDK_PYTHON, G_FILE_TEST_IS_EXECUTABLE))
    return FALSE;
  return g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/* The SDK's MarketDataStreamerV3 decodes with FeedResponse.FromString then MessageToDict:
 * bench-upstox-sdk-decode.py times both on the same frames and prints its own lines. */
static void
bench_sdk (GPtrArray *frames)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *script = NULL;
  g_autofree char *path = NULL;
  g_autofree char *runs = g_strdup_printf ("%d", SDK_RUNS);
  g_autofree char *sample = g_strdup_printf ("%d", SDK_DICT_FRAMES);
  g_autoptr(GError) error = NULL;
  int status = -1;

  if (!python_has_protobuf ())
    {
      printf ("Upstox SDK decoding: not measured (" SDK_PYTHON " cannot import "
              "google.protobuf: install python3-protobuf)\n");
      return;
    }
  if (srcdir == NULL)
    {
      printf ("Upstox SDK decoding: not measured (G_TEST_SRCDIR is unset: run through "
              "`meson test --benchmark`)\n");
      return;
    }
  script = g_build_filename (srcdir, "bench", "bench-upstox-sdk-decode.py", NULL);
  path = write_frames (frames);
  {
    const char *argv[] = { SDK_PYTHON, script, path, runs, sample, NULL };

    gboolean ran;

    fflush (stdout);
    ran = g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                        NULL, NULL, &status, &error) &&
          g_spawn_check_wait_status (status, &error);
    /* Some 300 MB: never left behind, even by a failed run. */
    g_unlink (path);
    if (!ran)
      g_error ("%s: %s", script, error->message);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) frames = NULL;
  gsize bytes;

  /* The child's output goes straight to ours: keep the order of the lines. */
  setvbuf (stdout, NULL, _IOLBF, 0);
  printf ("# bench-upstox-market-data: %d frames of a NIFTY future in `full` mode (5 levels, "
          "1d + I1 candles, empty greeks; some deltas without ltpc, marketLevel, marketOHLC), "
          "each decoded with protobuf-c and merged into a FlowSnapshot\n", N_FRAMES);
  frames = make_frames (&bytes);
  bench_frames (frames, bytes);
  bench_rejects (frames);
  bench_sdk (frames);
  return 0;
}

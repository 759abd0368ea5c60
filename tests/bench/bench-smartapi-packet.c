/* bench-smartapi-packet.c: SmartAPI WebSocket frames decoded per second
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow-smartapi-packet.h"
#include "flow-test-smartapi-server.h"

#define N_FRAMES 1000000
#define RUNS     7

/* 2026-11-20 09:15:00 IST */
#define START_MS G_GINT64_CONSTANT (1795146300000)

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* N_FRAMES frames of @mode with a moving price and volume, as the feed would receive them. */
static GPtrArray *
make_frames (FlowSmartapiMode mode)
{
  GPtrArray *frames = g_ptr_array_new_full (N_FRAMES, (GDestroyNotify) g_bytes_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261120);
  gint64 price = 2450000, volume = 1000;

  for (guint i = 0; i < N_FRAMES; i++)
    {
      FlowSmartapiPacket packet;

      price += 5 * g_rand_int_range (rand, -2, 3);
      volume += 65 * g_rand_int_range (rand, 0, 30);
      flow_test_smartapi_snap_quote (&packet, START_MS + i * 23, price, volume, price - 5,
                                     price + 5);
      packet.mode = mode;
      g_ptr_array_add (frames, flow_test_smartapi_encode (&packet));
    }
  return frames;
}

/* Decode and convert, as FlowAngelFeed does per binary frame; returns frames per second. */
static double
run_once (GPtrArray *frames,
          gint64    *checksum)
{
  gint64 start = g_get_monotonic_time ();
  gint64 sum = 0;

  for (guint i = 0; i < frames->len; i++)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (frames, i), &length);
      FlowSmartapiPacket packet;
      FlowSnapshot snapshot;

      if (!flow_smartapi_packet_decode (data, length, &packet, NULL))
        g_error ("frame %u rejected", i);
      flow_smartapi_packet_to_snapshot (&packet, &snapshot);
      sum += snapshot.ltp + snapshot.volume + snapshot.bid;
    }
  *checksum = sum;
  return frames->len / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
}

static void
bench_mode (FlowSmartapiMode  mode,
            const char       *name)
{
  g_autoptr(GPtrArray) frames = make_frames (mode);
  double rates[RUNS];
  gint64 checksum = 0;

  for (guint r = 0; r < RUNS; r++)
    rates[r] = run_once (frames, &checksum);
  qsort (rates, RUNS, sizeof rates[0], compare_double);
  printf ("decode %s (%" G_GSIZE_FORMAT " bytes) + snapshot: %.1f M frames/s (median of %d; "
          "min %.1f, max %.1f; one core)\n", name, flow_smartapi_packet_length (mode),
          rates[RUNS / 2] / 1e6, RUNS, rates[0] / 1e6, rates[RUNS - 1] / 1e6);
  g_assert_cmpint (checksum, !=, 0);
}

/* The price of a rejection matters too: a hostile or broken stream must not cost more than a
 * good one. */
static void
bench_rejects (void)
{
  g_autofree guint8 *junk = g_malloc0 (378);
  double rates[RUNS];

  junk[0] = FLOW_SMARTAPI_MODE_SNAP_QUOTE;
  for (guint r = 0; r < RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();
      guint rejected = 0;

      for (guint i = 0; i < N_FRAMES; i++)
        {
          FlowSmartapiPacket packet;

          rejected += !flow_smartapi_packet_decode (junk, 1 + i % 378, &packet, NULL);
        }
      g_assert_cmpuint (rejected, ==, N_FRAMES);
      rates[r] = N_FRAMES / ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
    }
  qsort (rates, RUNS, sizeof rates[0], compare_double);
  printf ("reject truncated frames (no GError): %.1f M frames/s (median of %d)\n",
          rates[RUNS / 2] / 1e6, RUNS);
}

int
main (int    argc,
      char **argv)
{
  printf ("# bench-smartapi-packet: %d frames per mode, each decoded and turned into a "
          "FlowSnapshot\n", N_FRAMES);
  bench_mode (FLOW_SMARTAPI_MODE_SNAP_QUOTE, "SnapQuote");
  bench_mode (FLOW_SMARTAPI_MODE_QUOTE, "Quote");
  bench_mode (FLOW_SMARTAPI_MODE_LTP, "LTP");
  bench_rejects ();
  return 0;
}

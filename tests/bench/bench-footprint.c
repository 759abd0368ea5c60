/* bench-footprint.c: ingest, restore, re-aggregation and memory of a very busy day
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "flow-footprint.h"
#include "flow-ist.h"
#include "flow-journal-reader.h"
#include "flow-journal-writer.h"

#define N_SNAPSHOTS 1000000
#define RUNS        7
#define BATCH       4096

/* 2026-11-20 09:00:00 IST: the pre-open, then the session. */
#define START_MS G_GINT64_CONSTANT (1795145400000)

/* A million snapshots between 09:00 and 15:30 IST (one every 23 ms on average): a random walk
 * of a tick or two, quotes around the price (sometimes missing), bursts of volume. */
static FlowSnapshot *
busy_day (void)
{
  FlowSnapshot *day = g_new0 (FlowSnapshot, N_SNAPSHOTS);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261120);
  gint64 t = START_MS, price = 2450000, volume = 0;

  for (guint i = 0; i < N_SNAPSHOTS; i++)
    {
      FlowSnapshot *s = &day[i];

      t += g_rand_int_range (rand, 1, 46);
      price += 5 * g_rand_int_range (rand, -2, 3);
      if (g_rand_int_range (rand, 0, 3) > 0)
        volume += 65 * g_rand_int_range (rand, 1, 30);
      s->ts_ms = t;
      s->ltp = price;
      s->ltq = 65;
      s->volume = volume;
      if (g_rand_int_range (rand, 0, 10) > 0)
        {
          s->bid = price - 5 * g_rand_int_range (rand, 0, 2);
          s->ask = price + 5 * g_rand_int_range (rand, 1, 3);
        }
      s->oi = 12000000;
    }
  day[0].resync = TRUE;
  g_assert_cmpint (flow_ist_day_number (t), ==, flow_ist_day_number (START_MS));
  return day;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_double);
  return values[n / 2];
}

static double
seconds_since (gint64 start_us)
{
  return (double) (g_get_monotonic_time () - start_us) / G_USEC_PER_SEC;
}

/* A value in kB from /proc/self/status. */
static gint64
proc_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (field) + 1, NULL, 10);
}

static void
bench_ingest (const FlowSnapshot *day)
{
  double rates[RUNS], single_rates[RUNS];

  for (guint run = 0; run < RUNS; run++)
    {
      g_autoptr(FlowFootprint) batched = flow_footprint_new ();
      g_autoptr(FlowFootprint) single = flow_footprint_new ();
      gint64 start = g_get_monotonic_time ();

      for (guint i = 0; i < N_SNAPSHOTS; i += BATCH)
        flow_footprint_add_snapshots (batched, day + i, MIN (BATCH, N_SNAPSHOTS - i));
      rates[run] = N_SNAPSHOTS / seconds_since (start);

      start = g_get_monotonic_time ();
      for (guint i = 0; i < N_SNAPSHOTS; i++)
        flow_footprint_add_snapshot (single, &day[i]);
      single_rates[run] = N_SNAPSHOTS / seconds_since (start);
      g_assert_cmpuint (flow_footprint_get_n_snapshots (single), ==, N_SNAPSHOTS);
    }
  printf ("ingest: %.1f M snapshots/s (median of %d; batches of %d, one core)\n",
          median (rates, RUNS) / 1e6, RUNS, BATCH);
  printf ("ingest, one call and one ::changed per snapshot: %.1f M snapshots/s (median of %d)\n",
          median (single_rates, RUNS) / 1e6, RUNS);
}

static FlowFootprint *
restore (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalReader) reader = flow_journal_reader_open (path, &error);
  FlowFootprint *footprint = flow_footprint_new ();
  FlowSnapshot *batch = g_new (FlowSnapshot, BATCH);
  gsize n_read;

  g_assert_no_error (error);
  while (flow_journal_reader_read (reader, batch, BATCH, &n_read, &error) && n_read > 0)
    flow_footprint_add_snapshots (footprint, batch, n_read);
  g_assert_no_error (error);
  g_free (batch);
  return footprint;
}

static void
bench_restore_and_reaggregate (const FlowSnapshot *day)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-footprint-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(FlowJournalWriter) writer = NULL;
  g_autoptr(FlowFootprint) footprint = NULL;
  double restore_ms[RUNS], reaggregate_ms[2 * RUNS];
  GStatBuf st;
  gint64 rss_before, rss_after;

  g_assert_no_error (error);
  path = g_build_filename (dir, "footprint-NIFTY-2026-11-20.journal", NULL);
  writer = flow_journal_writer_open (path, "NIFTY", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < N_SNAPSHOTS; i++)
    g_assert_true (flow_journal_writer_append (writer, &day[i], NULL));
  g_assert_true (flow_journal_writer_close (writer, &error));
  g_assert_cmpint (g_stat (path, &st), ==, 0);

  for (guint run = 0; run < RUNS; run++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(FlowFootprint) restored = restore (path);

      restore_ms[run] = seconds_since (start) * 1000;
      g_assert_cmpuint (flow_footprint_get_n_snapshots (restored), ==, N_SNAPSHOTS);
    }
  printf ("restore %d-snapshot journal: %.1f ms (median of %d; map, check, classify, "
          "aggregate; page cache warm)\n", N_SNAPSHOTS, median (restore_ms, RUNS), RUNS);

  /* Hand freed heap back first, or earlier runs' memory would be reused unseen. */
  malloc_trim (0);
  rss_before = proc_status_kb ("VmRSS:");
  footprint = restore (path);
  rss_after = proc_status_kb ("VmRSS:");

  for (guint run = 0; run < 2 * RUNS; run++)
    {
      gint64 start = g_get_monotonic_time ();

      if (run % 2 == 0)
        flow_footprint_set_layout (footprint, 5 * 60 * 1000, 100,
                                   FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS);
      else
        flow_footprint_set_layout (footprint, FLOW_FOOTPRINT_DEFAULT_INTERVAL_MS,
                                   FLOW_FOOTPRINT_DEFAULT_ROW,
                                   FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS);
      reaggregate_ms[run] = seconds_since (start) * 1000;
    }
  printf ("re-aggregate %d snapshots: %.1f ms (median of %d; 1m/0.05 <-> 5m/1.00)\n",
          N_SNAPSHOTS, median (reaggregate_ms, 2 * RUNS), 2 * RUNS);

  printf ("bytes per stored snapshot: journal %.2f, model in memory %.1f\n",
          (double) st.st_size / N_SNAPSHOTS,
          (double) (rss_after - rss_before) * 1024 / N_SNAPSHOTS);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autofree FlowSnapshot *day = busy_day ();

  printf ("# bench-footprint: %d snapshots, 09:00-15:30 IST, row 0.05, interval 1m\n",
          N_SNAPSHOTS);
  bench_ingest (day);
  bench_restore_and_reaggregate (day);
  printf ("peak RSS: %.1f MB (VmHWM; includes the %zu MB of generated input)\n",
          proc_status_kb ("VmHWM:") / 1024.0,
          (size_t) N_SNAPSHOTS * sizeof (FlowSnapshot) / (1024 * 1024));
  return 0;
}

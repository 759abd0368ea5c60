/* test-crash-safety.c: orderflow-cli record killed with SIGKILL at random moments, and a disk
 * that fills up while journaling
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>

#include "flow-demo-market.h"
#include "flow-journal-reader.h"
#include "flow-journal-writer.h"
#include "flow-test-assert.h"
#include "flow-test-cli.h"

#define SEED      "11"
#define SEED_N    11
#define START     "2026-11-20T09:15"
/* 2026-11-20 09:15:00 IST */
#define START_MS  G_GINT64_CONSTANT (1795146300000)
#define N_TRIALS  50
/* The writer's promise: a killed recording loses at most its last second. */
#define MAX_LOSS_MS 1000

/* Each test has its own data directory (G_TEST_OPTION_ISOLATE_DIRS); the runs use it. */
static const FlowTestCliOptions in_test_dirs = { .pass_user_data_dir = TRUE };

/* Reads @journal whole: it must open, hold no damaged record, and be the demo stream of
 * SEED from START, record for record. Returns the number of records and the last one's time. */
static guint64
assert_demo_prefix (const char *journal,
                    gint64     *out_last_ts_ms,
                    guint64    *out_torn)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalReader) reader = flow_journal_reader_open (journal, &error);
  g_autoptr(FlowDemoMarket) market = flow_demo_market_new (SEED_N, START_MS);
  FlowSnapshot batch[512];
  guint64 n = 0;
  gsize n_read;

  g_assert_no_error (error);
  *out_last_ts_ms = START_MS;
  *out_torn = flow_journal_reader_get_torn_bytes (reader);
  while (flow_journal_reader_read (reader, batch, G_N_ELEMENTS (batch), &n_read, &error) &&
         n_read > 0)
    for (gsize i = 0; i < n_read; i++, n++)
      {
        FlowSnapshot expected;

        flow_demo_market_next_snapshot (market, &expected);
        flow_test_assert_quotes_equal (&batch[i], &expected);
        *out_last_ts_ms = batch[i].ts_ms;
      }
  /* CORRUPT (or anything else) here fails the test. */
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, flow_journal_reader_get_n_records (reader));
  return n;
}

static gboolean
on_kill (gpointer data)
{
  g_subprocess_send_signal (data, SIGKILL);
  return G_SOURCE_REMOVE;
}

/* Odd trials record at market pace and are killed 1.05–1.8 s in, so the one-second promise
 * is measurable: the simulated clock runs with the wall clock from the start (no later than
 * the spawn), so a lost tail of more than a second shows as a last record older than
 * START + (kill time − spawn time) − 1 s. Even trials simulate as fast as they can and are
 * killed 50–800 ms in, mid-burst. Every journal must reopen, hold no damaged record, be the
 * demo stream's prefix, and take appends again (the torn tail cut). */
static void
test_sigkill_trials (void)
{
  guint64 total_records = 0, max_loss_ms = 0;
  guint n_torn = 0, n_paced = 0;

  g_test_message ("seed of the kill times: %u", g_test_rand_int ());
  for (guint trial = 0; trial < N_TRIALS; trial++)
    {
      gboolean paced = trial % 2 == 1;
      g_autofree char *name = g_strdup_printf ("trial-%02u.journal", trial);
      g_autofree char *journal = g_build_filename (g_get_user_data_dir (), name, NULL);
      const char *paced_args[] = { "record", "--broker", "demo", "--seed", SEED, "--start",
                                   START, "--journal", journal, NULL };
      const char *fast_args[] = { "record", "--broker", "demo", "--seed", SEED, "--start",
                                  START, "--fast", "--snapshots", "50000000", "--journal",
                                  journal, NULL };
      guint after_ms = (guint) g_test_rand_int_range (50, 801) + (paced ? 1000 : 0);
      g_auto(FlowTestCliResult) killed = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(FlowJournalWriter) writer = NULL;
      FlowTestCli *cli;
      gint64 spawned_us, killed_us, last_ts_ms;
      guint64 n, torn;

      spawned_us = g_get_monotonic_time ();
      cli = flow_test_cli_spawn (&in_test_dirs, paced ? paced_args : fast_args);
      /* The source holds the process: a kill after an exit is a no-op, not a crash. */
      g_timeout_add_full (G_PRIORITY_DEFAULT, after_ms, on_kill,
                          g_object_ref (flow_test_cli_get_process (cli)), g_object_unref);
      flow_test_cli_wait (cli, &killed);
      killed_us = g_get_monotonic_time ();
      /* The kill, not an exit: a run that ended by itself proves nothing. */
      g_assert_false (killed.exited);
      g_assert_cmpint (killed.term_sig, ==, SIGKILL);

      n = assert_demo_prefix (journal, &last_ts_ms, &torn);
      total_records += n;
      n_torn += torn > 0;
      if (paced)
        {
          gint64 sim_at_kill = START_MS + (killed_us - spawned_us) / 1000;
          gint64 loss = sim_at_kill - last_ts_ms;

          n_paced++;
          g_assert_cmpuint (n, >, 0);
          max_loss_ms = MAX (max_loss_ms, (guint64) MAX (loss, 0));
          if (loss > MAX_LOSS_MS)
            g_error ("trial %u: killed after %u ms, the journal ends %" G_GINT64_FORMAT
                     " ms before the kill", trial, after_ms, loss);
        }

      /* Reopening for appends cuts a torn tail and loses nothing before it. */
      writer = flow_journal_writer_open (journal, "NIFTY", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (flow_journal_writer_get_n_records (writer), ==, n);
      g_assert_true (flow_journal_writer_close (writer, &error));
      g_assert_no_error (error);
      {
        g_autoptr(FlowJournalReader) reader = flow_journal_reader_open (journal, &error);

        g_assert_no_error (error);
        g_assert_cmpuint (flow_journal_reader_get_n_records (reader), ==, n);
        g_assert_cmpuint (flow_journal_reader_get_torn_bytes (reader), ==, 0);
      }
      g_unlink (journal);
    }
  g_test_message ("%u SIGKILL trials (%u paced): %" G_GUINT64_FORMAT " records checked, %u "
                  "torn tails cut, no damaged record; paced: at most %" G_GUINT64_FORMAT
                  " ms lost (upper bound, spawn time included)", N_TRIALS, n_paced,
                  total_records, n_torn, max_loss_ms);
}

/* ------------------------------------------------------------------------------------------
 * Disk full
 */

/* A 64 KiB tmpfs when this process may mount one (root, as in CI containers), else a
 * RLIMIT_FSIZE of 64 KiB on the recording process, which fails writes past it with EFBIG the
 * way a full disk fails them with ENOSPC. */
typedef struct
{
  char     *dir;
  gboolean  mounted;
} SmallDisk;

static void
small_disk_init (SmallDisk *disk)
{
  disk->dir = g_build_filename (g_get_user_data_dir (), "small-disk", NULL);
  g_assert_cmpint (g_mkdir_with_parents (disk->dir, 0700), ==, 0);
  disk->mounted = mount ("tmpfs", disk->dir, "tmpfs", 0, "size=64k") == 0;
  g_test_message ("disk full by %s", disk->mounted ? "a 64 KiB tmpfs" : "RLIMIT_FSIZE 64 KiB");
}

static void
small_disk_clear (SmallDisk *disk)
{
  if (disk->mounted)
    g_assert_cmpint (umount (disk->dir), ==, 0);
  g_rmdir (disk->dir);
  g_free (disk->dir);
}

static void
limit_file_size (gpointer data)
{
  struct rlimit limit = { 64 * 1024, 64 * 1024 };

  /* Ignored, SIGXFSZ turns into EFBIG from write(). */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

static void
record_on (SmallDisk  *disk,
           const char *journal,
           const char *snapshots,
           int        *out_status,
           char      **out_err)
{
  const FlowTestCliOptions options = {
    .child_setup = disk->mounted ? NULL : limit_file_size,
  };
  const char *args[] = { "record", "--broker", "demo", "--seed", SEED, "--start", START,
                         "--fast", "--snapshots", snapshots, "--journal", journal, NULL };
  g_auto(FlowTestCliResult) result = { 0 };

  flow_test_cli_runv (&result, &options, args);
  *out_status = result.status;
  *out_err = g_steal_pointer (&result.err);
}

/* The CLI: a run that fills the disk stops with one clear line and exit 1; a journal that
 * held earlier recordings keeps them, readable, and a journal it created is not left behind
 * half-made (cli.md: no partial output on failure). */
static void
test_disk_full_cli (void)
{
  SmallDisk disk;
  g_autofree char *journal = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *err = NULL;
  g_autofree char *fresh_err = NULL;
  gint64 last_ts_ms;
  guint64 torn;
  int status;

  small_disk_init (&disk);
  journal = g_build_filename (disk.dir, "day.journal", NULL);
  fresh = g_build_filename (disk.dir, "fresh.journal", NULL);

  record_on (&disk, journal, "300", &status, &err);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (assert_demo_prefix (journal, &last_ts_ms, &torn), ==, 300);

  g_clear_pointer (&err, g_free);
  record_on (&disk, journal, "100000", &status, &err);
  g_test_message ("appending on a full disk: %s", err);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_str_has_prefix (err, "orderflow-cli: cannot write "));
  g_assert_nonnull (strstr (err, disk.mounted ? "No space left on device" : "too large"));
  g_assert_cmpint (strchr (err, '\n') - err, ==, (gssize) strlen (err) - 1);
  /* What the earlier run wrote is still there, readable, undamaged. */
  g_assert_cmpuint (assert_demo_prefix (journal, &last_ts_ms, &torn), ==, 300);
  g_assert_cmpuint (torn, ==, 0);

  g_unlink (journal);
  record_on (&disk, fresh, "100000", &status, &fresh_err);
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_str_has_prefix (fresh_err, "orderflow-cli: cannot write "));
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
  small_disk_clear (&disk);
}

/* The writer itself: appends until the disk refuses, the error names the file and the cause
 * and stays (later appends fail too), and the file reads back as a prefix of what was
 * appended with at most a torn tail — never a damaged record. */
static void
test_disk_full_writer (void)
{
  SmallDisk disk;
  g_autoptr(FlowDemoMarket) market = flow_demo_market_new (SEED_N, START_MS);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again = NULL;
  g_autofree char *journal = NULL;
  FlowJournalWriter *writer;
  FlowSnapshot s;
  guint64 appended = 0, n, torn;
  gint64 last_ts_ms;

  small_disk_init (&disk);
  if (!disk.mounted)
    {
      g_test_skip ("needs a tmpfs (root) for an in-process full disk");
      small_disk_clear (&disk);
      return;
    }
  journal = g_build_filename (disk.dir, "writer.journal", NULL);
  writer = flow_journal_writer_open (journal, "NIFTY", &error);
  g_assert_no_error (error);
  for (;;)
    {
      flow_demo_market_next_snapshot (market, &s);
      if (!flow_journal_writer_append (writer, &s, &error))
        break;
      appended++;
      g_assert_cmpuint (appended, <, 100000);
    }
  g_test_message ("writer on a full disk after %" G_GUINT64_FORMAT " records: %s", appended,
                  error->message);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_nonnull (strstr (error->message, journal));
  g_assert_false (flow_journal_writer_append (writer, &s, &again));
  g_assert_error (again, G_FILE_ERROR, G_FILE_ERROR_NOSPC);
  g_assert_false (flow_journal_writer_close (writer, NULL));
  flow_journal_writer_free (writer);

  n = assert_demo_prefix (journal, &last_ts_ms, &torn);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <=, appended);
  g_test_message ("readable after the failure: %" G_GUINT64_FORMAT " records, torn tail %"
                  G_GUINT64_FORMAT " bytes", n, torn);
  g_unlink (journal);
  small_disk_clear (&disk);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/crash/sigkill-trials", test_sigkill_trials);
  g_test_add_func ("/crash/disk-full-cli", test_disk_full_cli);
  g_test_add_func ("/crash/disk-full-writer", test_disk_full_writer);
  return g_test_run ();
}

/* test-cli-footprint.c: orderflow-cli record and footprint from outside (shared/design/cli.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "flow-demo-market.h"
#include "flow-footprint.h"
#include "flow-ist.h"
#include "flow-journal-reader.h"
#include "flow-test-assert.h"
#include "flow-test-cli.h"

#define SEED      "11"
#define SEED_N    11
#define START     "2026-11-20T09:15"
/* 2026-11-20 09:15:00 IST */
#define START_MS  G_GINT64_CONSTANT (1795146300000)

/* Each test has its own data directory (G_TEST_OPTION_ISOLATE_DIRS); the runs use it. */
static const FlowTestCliOptions in_test_dirs = { .pass_user_data_dir = TRUE };

static char *
temp_journal (const char *name)
{
  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  return g_build_filename (g_get_user_data_dir (), name, NULL);
}

static gint64
count_lines (const char *text)
{
  gint64 n = 0;

  for (; *text != '\0'; text++)
    n += *text == '\n';
  return n;
}

static void
assert_one_error_line (const FlowTestCliResult *result,
                       int                      status)
{
  g_assert_cmpint (result->status, ==, status);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "orderflow-cli: "));
  g_assert_true (g_str_has_suffix (result->err, "\n"));
  g_assert_cmpint (count_lines (result->err), ==, 1);
}

static void
assert_usage (const FlowTestCliResult *result)
{
  g_assert_cmpint (result->status, ==, 2);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "orderflow-cli: "));
  g_assert_nonnull (strstr (result->err, "\nusage: orderflow-cli "));
}

/* The model fed with what the demo market makes for the same seed and start. */
static FlowFootprint *
model_of_demo (guint n_snapshots)
{
  g_autoptr(FlowDemoMarket) market = flow_demo_market_new (SEED_N, START_MS);
  FlowFootprint *footprint = flow_footprint_new ();

  for (guint i = 0; i < n_snapshots; i++)
    {
      FlowSnapshot s;

      flow_demo_market_next_snapshot (market, &s);
      flow_footprint_add_snapshot (footprint, &s);
    }
  return footprint;
}

static void
append_rupees (GString *out,
               gint64   paise)
{
  g_assert_cmpint (paise, >, 0);
  g_string_append_printf (out, "%" G_GINT64_FORMAT ".%02d", paise / 100, (int) (paise % 100));
}

/* What cli.md says the CSV of @footprint is, written independently of the command. */
static char *
expected_csv (FlowFootprint *footprint,
              gboolean       summary)
{
  GString *out = g_string_new (NULL);
  gint64 first, last;

  g_string_append (out, summary ?
                   "bucket_start,open,high,low,close,volume,buy_volume,sell_volume,delta,"
                   "cum_delta,poc,gap_volume\n" :
                   "bucket_start,price,buy_volume,sell_volume,trades,buy_imbalance,"
                   "sell_imbalance,poc\n");
  g_assert_true (flow_footprint_get_bucket_range (footprint, &first, &last));
  for (gint64 index = first; index <= last; index++)
    {
      FlowFootprintBucket b;
      g_autofree char *start = NULL;

      if (!flow_footprint_get_bucket (footprint, index, &b))
        continue;
      start = flow_ist_format_iso (b.start_ms);
      if (summary)
        {
          g_string_append_printf (out, "%s,", start);
          append_rupees (out, b.open);
          g_string_append_c (out, ',');
          append_rupees (out, b.high);
          g_string_append_c (out, ',');
          append_rupees (out, b.low);
          g_string_append_c (out, ',');
          append_rupees (out, b.close);
          g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%"
                                  G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",",
                                  b.volume, b.buy_volume, b.sell_volume, b.delta, b.cum_delta);
          if (b.volume > 0)
            append_rupees (out, b.poc);
          g_string_append_printf (out, ",%" G_GINT64_FORMAT "\n", b.gap_volume);
        }
      else
        for (gint64 price = b.first_price; b.volume > 0 && price <= b.last_price;
             price += flow_footprint_get_row (footprint))
          {
            FlowFootprintCell cell;

            if (!flow_footprint_get_cell (footprint, index, price, &cell))
              continue;
            g_string_append_printf (out, "%s,", start);
            append_rupees (out, price);
            g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%u,%d,%d,%d\n",
                                    cell.buy_volume, cell.sell_volume, cell.trades,
                                    !!(cell.flags & FLOW_FOOTPRINT_CELL_BUY_IMBALANCE),
                                    !!(cell.flags & FLOW_FOOTPRINT_CELL_SELL_IMBALANCE),
                                    price == b.poc);
          }
    }
  return g_string_free (out, FALSE);
}

/* The whole way: demo → record → journal → footprint equals the model fed directly. */
static void
test_footprint_matches_model (void)
{
  g_autofree char *journal = temp_journal ("demo.journal");
  g_autoptr(FlowFootprint) model = model_of_demo (20000);
  g_auto(FlowTestCliResult) record = { 0 };
  g_auto(FlowTestCliResult) cells = { 0 };
  g_auto(FlowTestCliResult) summary = { 0 };
  g_auto(FlowTestCliResult) wide = { 0 };
  g_autofree char *expected_cells = expected_csv (model, FALSE);
  g_autofree char *expected_summary = expected_csv (model, TRUE);
  g_autofree char *expected_wide = NULL;

  flow_test_cli_run (&record, &in_test_dirs, "record", "--broker", "demo", "--seed", SEED,
                     "--start", START, "--fast", "--snapshots", "20000", "--journal", journal,
                     NULL);
  g_assert_cmpint (record.status, ==, 0);
  g_assert_cmpstr (record.out, ==, "");
  g_assert_nonnull (strstr (record.err, "recording NIFTY (demo): 20000 snapshots"));

  flow_test_cli_run (&cells, &in_test_dirs, "footprint", journal, NULL);
  g_assert_cmpint (cells.status, ==, 0);
  g_assert_cmpstr (cells.err, ==, "");
  g_assert_cmpstr (cells.out, ==, expected_cells);
  g_assert_cmpint (count_lines (cells.out), >, 100);

  flow_test_cli_run (&summary, &in_test_dirs, "footprint", journal, "--summary", NULL);
  g_assert_cmpint (summary.status, ==, 0);
  g_assert_cmpstr (summary.out, ==, expected_summary);

  flow_footprint_set_layout (model, 5 * 60 * 1000, 100, 9 * 3600 * 1000);
  flow_footprint_set_imbalance_ratio (model, 1.5);
  expected_wide = expected_csv (model, FALSE);
  flow_test_cli_run (&wide, &in_test_dirs, "footprint", journal, "--interval", "5m", "--row", "1",
                     "--session-open", "09:00", "--imbalance-ratio", "1.5", NULL);
  g_assert_cmpint (wide.status, ==, 0);
  g_assert_cmpstr (wide.out, ==, expected_wide);
  /* Imbalance flags were exercised, not only zeros compared. */
  g_assert_true (g_regex_match_simple ("^[^,]*,[^,]*,[0-9]*,[0-9]*,[0-9]*,1,",
                                       wide.out, G_REGEX_MULTILINE, 0));
}

/* Every underlying of the toolbar records from the demo: one of NSE's and one of BSE's, each
 * exactly its own simulation, in its journal under its name; an unknown one is refused. */
static void
test_record_underlyings (void)
{
  static const struct { const char *name; gint64 lo; gint64 hi; } cases[] = {
    { "BANKNIFTY", 5000000, 6200000 },
    { "SENSEX", 7500000, 9000000 },
  };
  g_auto(FlowTestCliResult) unknown = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *file = g_strdup_printf ("%s.journal", cases[i].name);
      g_autofree char *journal = temp_journal (file);
      g_autofree char *banner = g_strdup_printf ("recording %s (demo): 3000 snapshots",
                                                 cases[i].name);
      g_autoptr(FlowDemoMarket) market = flow_demo_market_new_for (cases[i].name, SEED_N,
                                                                   START_MS);
      g_autoptr(FlowFootprint) model = flow_footprint_new ();
      g_autofree char *expected = NULL;
      g_auto(FlowTestCliResult) record = { 0 };
      g_auto(FlowTestCliResult) summary = { 0 };
      g_autoptr(GError) error = NULL;
      g_autoptr(FlowJournalReader) reader = NULL;
      FlowSnapshot first;
      gsize n_read = 0;

      for (guint n = 0; n < 3000; n++)
        {
          FlowSnapshot s;

          flow_demo_market_next_snapshot (market, &s);
          flow_footprint_add_snapshot (model, &s);
        }
      expected = expected_csv (model, TRUE);

      flow_test_cli_run (&record, &in_test_dirs, "record", "--broker", "demo", "--instrument",
                         cases[i].name, "--seed", SEED, "--start", START, "--fast",
                         "--snapshots", "3000", "--journal", journal, NULL);
      g_assert_cmpint (record.status, ==, 0);
      g_assert_nonnull (strstr (record.err, banner));

      reader = flow_journal_reader_open (journal, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (flow_journal_reader_get_instrument (reader), ==, cases[i].name);
      g_assert_true (flow_journal_reader_read (reader, &first, 1, &n_read, &error));
      g_assert_cmpuint (n_read, ==, 1);
      g_assert_cmpint (first.ltp, >=, cases[i].lo);
      g_assert_cmpint (first.ltp, <=, cases[i].hi);

      flow_test_cli_run (&summary, &in_test_dirs, "footprint", journal, "--summary", NULL);
      g_assert_cmpint (summary.status, ==, 0);
      g_assert_cmpstr (summary.out, ==, expected);
    }

  flow_test_cli_run (&unknown, &in_test_dirs, "record", "--broker", "demo", "--instrument",
                     "RELIANCE", "--fast", "--snapshots", "10", NULL);
  assert_one_error_line (&unknown, 1);
  g_assert_nonnull (strstr (unknown.err, "RELIANCE"));
  g_assert_nonnull (strstr (unknown.err, "BANKEX"));
}

/* Without --journal: the instrument's file of the day under $XDG_DATA_HOME/orderflow. */
static void
test_record_default_path (void)
{
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "orderflow",
                                                "footprint-NIFTY-2026-11-20.journal", NULL);
  g_auto(FlowTestCliResult) record = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalReader) reader = NULL;

  flow_test_cli_run (&record, &in_test_dirs, "record", "--broker", "demo", "--start", START,
                     "--fast", "--snapshots", "500", NULL);
  g_assert_cmpint (record.status, ==, 0);
  reader = flow_journal_reader_open (expected, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flow_journal_reader_get_n_records (reader), ==, 500);
  g_assert_cmpstr (flow_journal_reader_get_instrument (reader), ==, "NIFTY");
}

static void
test_usage_errors (void)
{
  const char *cases[][8] = {
    { "footprint", NULL },
    { "footprint", "a.journal", "b.journal", NULL },
    { "footprint", "a.journal", "--interval", "7m", NULL },
    { "footprint", "a.journal", "--interval", "1h", NULL },
    { "footprint", "a.journal", "--row", "0.001", NULL },
    { "footprint", "a.journal", "--row", "-1", NULL },
    { "footprint", "a.journal", "--session-open", "25:00", NULL },
    { "footprint", "a.journal", "--imbalance-ratio", "0", NULL },
    { "footprint", "a.journal", "--no-such-option", NULL },
    { "record", NULL },
    { "record", "--broker", "nyse", NULL },
    { "record", "--broker", "demo", "--duration", "0", NULL },
    { "record", "--broker", "demo", "--fast", NULL },
    { "record", "--broker", "angel", "--seed", "3", NULL },
    { "record", "--broker", "demo", "--start", "09:15", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(FlowTestCliResult) result = { 0 };

      flow_test_cli_runv (&result, &in_test_dirs, cases[i]);
      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, result.err);
      assert_usage (&result);
    }
}

static void
test_help (void)
{
  g_auto(FlowTestCliResult) record = { 0 };
  g_auto(FlowTestCliResult) footprint = { 0 };

  flow_test_cli_run (&record, &in_test_dirs, "record", "--help", NULL);
  g_assert_cmpint (record.status, ==, 0);
  g_assert_nonnull (strstr (record.out, "--duration"));
  flow_test_cli_run (&footprint, &in_test_dirs, "footprint", "--help", NULL);
  g_assert_cmpint (footprint.status, ==, 0);
  g_assert_nonnull (strstr (footprint.out, "--summary"));
}

static void
test_runtime_errors (void)
{
  g_autofree char *missing = temp_journal ("missing.journal");
  g_autofree char *text = temp_journal ("notes.txt");
  g_autofree char *contents = NULL;
  g_auto(FlowTestCliResult) no_file = { 0 };
  g_auto(FlowTestCliResult) not_journal = { 0 };
  g_auto(FlowTestCliResult) angel = { 0 };
  g_auto(FlowTestCliResult) onto_text = { 0 };

  flow_test_cli_run (&no_file, &in_test_dirs, "footprint", missing, NULL);
  assert_one_error_line (&no_file, 1);
  g_assert_nonnull (strstr (no_file.err, "missing.journal"));

  g_assert_true (g_file_set_contents (text, "not a journal\n", -1, NULL));
  flow_test_cli_run (&not_journal, &in_test_dirs, "footprint", text, "--summary", NULL);
  assert_one_error_line (&not_journal, 1);

  /* No session bus, so no keyring and no account: angel fails at once, and never reaches the
   * network whatever this machine's keyring holds. test-cli-angel records for real. */
  {
    const char *no_bus[] = { "DBUS_SESSION_BUS_ADDRESS",
                             "unix:path=/nonexistent/orderflow-test-bus", NULL };
    const FlowTestCliOptions options = { .pass_user_data_dir = TRUE, .env = no_bus };

    flow_test_cli_run (&angel, &options, "record", "--broker", "angel", NULL);
  }
  assert_one_error_line (&angel, 1);
  g_assert_nonnull (strstr (angel.err, "keyring"));

  /* A failed record leaves the file it was pointed at as it was. */
  flow_test_cli_run (&onto_text, &in_test_dirs, "record", "--broker", "demo", "--fast",
                     "--snapshots", "10", "--journal", text, NULL);
  assert_one_error_line (&onto_text, 1);
  g_assert_true (g_file_get_contents (text, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "not a journal\n");
}

/* A torn tail is reported and left out; the rest is printed. */
static void
test_torn_tail (void)
{
  g_autofree char *journal = temp_journal ("torn.journal");
  g_autofree char *contents = NULL;
  g_autoptr(FlowFootprint) model = model_of_demo (999);
  g_autofree char *expected = expected_csv (model, TRUE);
  g_auto(FlowTestCliResult) record = { 0 };
  g_auto(FlowTestCliResult) summary = { 0 };
  gsize length;

  flow_test_cli_run (&record, &in_test_dirs, "record", "--broker", "demo", "--seed", SEED,
                     "--start", START, "--fast", "--snapshots", "1000", "--journal", journal, NULL);
  g_assert_cmpint (record.status, ==, 0);
  g_assert_true (g_file_get_contents (journal, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (journal, contents, (gssize) length - 20, NULL));

  flow_test_cli_run (&summary, &in_test_dirs, "footprint", journal, "--summary", NULL);
  g_assert_cmpint (summary.status, ==, 0);
  g_assert_cmpstr (summary.out, ==, expected);
  g_assert_true (g_str_has_prefix (summary.err, "orderflow-cli: warning: "));
}

/* --duration is wall-clock time at market pace, with one status line per second. */
static void
test_record_paced (void)
{
  g_autofree char *journal = temp_journal ("paced.journal");
  g_auto(FlowTestCliResult) record = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalReader) reader = NULL;
  gint64 start = g_get_monotonic_time ();
  double elapsed;

  flow_test_cli_run (&record, &in_test_dirs, "record", "--broker", "demo", "--seed", SEED,
                     "--start", START, "--duration", "2", "--journal", journal, NULL);
  elapsed = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
  g_assert_cmpint (record.status, ==, 0);
  g_assert_cmpfloat (elapsed, >=, 2.0);
  g_assert_cmpfloat (elapsed, <, 5.0);
  /* Two per-second lines and the final one. */
  g_assert_cmpint (count_lines (record.err), >=, 2);
  g_assert_cmpint (count_lines (record.err), <=, 4);
  reader = flow_journal_reader_open (journal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flow_journal_reader_get_n_records (reader), >, 0);
}

typedef struct
{
  FlowTestCli       *cli;
  FlowTestCliResult  result;
  GArray            *counts;     /* guint64: snapshots reported by each status line */
  GArray            *times;      /* gint64: monotonic µs when each line arrived */
  gint64             signalled_at;
  int                signal;
  guint              signal_id;
} Watch;

static void
on_status_line (const char *line,
                gpointer    data)
{
  Watch *watch = data;
  const char *counted = strstr (line, "(demo): ");
  guint64 count;
  gint64 now = g_get_monotonic_time ();

  g_assert_nonnull (counted);
  count = g_ascii_strtoull (counted + strlen ("(demo): "), NULL, 10);
  g_array_append_val (watch->counts, count);
  g_array_append_val (watch->times, now);
}

static gboolean
send_signal (gpointer data)
{
  Watch *watch = data;

  watch->signal_id = 0;
  watch->signalled_at = g_get_monotonic_time ();
  g_subprocess_send_signal (flow_test_cli_get_process (watch->cli), watch->signal);
  return G_SOURCE_REMOVE;
}

/* Records at market pace and sends @signal after @after_ms, collecting the status lines. */
static void
record_until_signal (const char *journal,
                     int         signal,
                     guint       after_ms,
                     Watch      *watch)
{
  const char *args[] = { "record", "--broker", "demo", "--seed", SEED, "--start", START,
                         "--journal", journal, NULL };
  FlowTestCliOptions options = in_test_dirs;

  options.on_stderr_line = on_status_line;
  options.line_data = watch;
  watch->counts = g_array_new (FALSE, FALSE, sizeof (guint64));
  watch->times = g_array_new (FALSE, FALSE, sizeof (gint64));
  watch->signal = signal;
  watch->cli = flow_test_cli_spawn (&options, args);
  watch->signal_id = g_timeout_add (after_ms, send_signal, watch);
  flow_test_cli_wait (watch->cli, &watch->result);
  watch->cli = NULL;
  /* A run that ended before the signal fails the callers' assertions. */
  g_clear_handle_id (&watch->signal_id, g_source_remove);
}

static void
watch_clear (Watch *watch)
{
  flow_test_cli_result_clear (&watch->result);
  g_array_unref (watch->counts);
  g_array_unref (watch->times);
}

/* Reads the journal and checks it is the demo's stream from its start; returns its length. */
static guint64
assert_demo_prefix (const char *journal)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalReader) reader = flow_journal_reader_open (journal, &error);
  g_autoptr(FlowDemoMarket) market = flow_demo_market_new (SEED_N, START_MS);
  FlowSnapshot batch[256];
  guint64 n = 0;
  gsize n_read;

  g_assert_no_error (error);
  while (flow_journal_reader_read (reader, batch, G_N_ELEMENTS (batch), &n_read, &error) &&
         n_read > 0)
    for (gsize i = 0; i < n_read; i++, n++)
      {
        FlowSnapshot expected;

        flow_demo_market_next_snapshot (market, &expected);
        flow_test_assert_quotes_equal (&batch[i], &expected);
      }
  g_assert_no_error (error);
  return n;
}

/* SIGTERM ends the recording cleanly: everything reported is in the journal. */
static void
test_record_sigterm (void)
{
  g_autofree char *journal = temp_journal ("term.journal");
  Watch watch = { 0 };
  guint64 n;

  record_until_signal (journal, SIGTERM, 1500, &watch);
  g_assert_true (watch.result.exited);
  g_assert_cmpint (watch.result.status, ==, 0);
  n = assert_demo_prefix (journal);
  g_assert_cmpuint (watch.counts->len, >=, 2);
  /* The last line is the final report. */
  g_assert_cmpuint (g_array_index (watch.counts, guint64, watch.counts->len - 1), ==, n);
  g_assert_cmpuint (n, >, 0);
  watch_clear (&watch);
}

/* kill -9 at any moment loses at most the last second, and never what came before. */
static void
test_record_sigkill (void)
{
  g_autofree char *journal = temp_journal ("killed.journal");
  g_auto(FlowTestCliResult) summary = { 0 };
  Watch watch = { 0 };
  guint64 n, promised = 0;

  record_until_signal (journal, SIGKILL, 3300, &watch);
  g_assert_false (watch.result.exited);
  g_assert_cmpint (watch.result.term_sig, ==, SIGKILL);

  /* A status line counts the snapshots appended before it was printed: those that came
   * more than a second before the kill must all be there. */
  for (guint i = 0; i < watch.counts->len; i++)
    if (g_array_index (watch.times, gint64, i) <= watch.signalled_at - G_USEC_PER_SEC)
      promised = g_array_index (watch.counts, guint64, i);
  g_assert_cmpuint (promised, >, 0);

  n = assert_demo_prefix (journal);
  g_test_message ("status line ≥ 1 s before the kill: %" G_GUINT64_FORMAT
                  " snapshots; journal after the kill: %" G_GUINT64_FORMAT, promised, n);
  g_assert_cmpuint (n, >=, promised);

  flow_test_cli_run (&summary, &in_test_dirs, "footprint", journal, "--summary", NULL);
  g_assert_cmpint (summary.status, ==, 0);
  watch_clear (&watch);
}

int
main (int    argc,
      char **argv)
{
  /* Each test gets its own empty data directory, which the commands are given. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli/footprint/matches-model", test_footprint_matches_model);
  g_test_add_func ("/cli/footprint/torn-tail", test_torn_tail);
  g_test_add_func ("/cli/record/default-path", test_record_default_path);
  g_test_add_func ("/cli/record/underlyings", test_record_underlyings);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/runtime-errors", test_runtime_errors);
  g_test_add_func ("/cli/record/paced", test_record_paced);
  g_test_add_func ("/cli/record/sigterm", test_record_sigterm);
  g_test_add_func ("/cli/record/sigkill", test_record_sigkill);

  return g_test_run ();
}

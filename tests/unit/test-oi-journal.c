/* test-oi-journal.c: OI history written to disk and read back into a tracker
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>

#include "flow-oi-journal.h"

/* 2026-11-20 10:00:00 IST */
#define T10 G_GINT64_CONSTANT (1795149000000)
#define MINUTE ((gint64) 60 * 1000)

typedef struct
{
  char *directory;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->directory = g_dir_make_tmp ("test-oi-journal-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->directory, name, NULL);
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (fixture->directory), ==, 0);
  g_free (fixture->directory);
}

/* Three strikes, the CE of 24100 missing: five contracts with OI near @oi. */
static FlowOptionChain *
make_chain (gint64 time_ms,
            gint64 oi)
{
  FlowOptionChain *chain = flow_option_chain_new (time_ms, "NIFTY", "2026-11-24", 24100);

  for (int i = 0; i < 3; i++)
    {
      double strike = 24050 + 50 * i;
      g_autofree char *ce_key = g_strdup_printf ("NSE_FO|%d", 100 + 2 * i);
      g_autofree char *pe_key = g_strdup_printf ("NSE_FO|%d", 101 + 2 * i);
      FlowOptionSide ce = { TRUE, ce_key, oi + i, 1.0, 1 };
      FlowOptionSide pe = { TRUE, pe_key, oi + 10 + i, 1.0, 1 };

      flow_option_chain_add_strike (chain, strike, strike == 24100 ? NULL : &ce, &pe);
    }
  return chain;
}

static void
append (FlowOiJournal *journal,
        gint64         time_ms,
        gint64         oi)
{
  g_autoptr(FlowOptionChain) chain = make_chain (time_ms, oi);
  g_autoptr(GError) error = NULL;

  g_assert_true (flow_oi_journal_append_chain (journal, chain, &error));
  g_assert_no_error (error);
}

static guint
load (FlowOiJournal *journal,
      FlowOiTracker *tracker,
      gint64         now_ms,
      guint         *out_skipped)
{
  g_autoptr(GError) error = NULL;
  guint loaded = 0;

  g_assert_true (flow_oi_journal_load (journal, tracker, now_ms, &loaded, out_skipped, &error));
  g_assert_no_error (error);
  return loaded;
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static void
append_raw (const char *path,
            const char *text)
{
  g_autofree char *contents = read_file (path);
  g_autofree char *joined = g_strconcat (contents, text, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, joined, -1, &error));
  g_assert_no_error (error);
}

/* A restart keeps the history: the reloaded tracker reports what the first one did. */
static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(FlowOiJournal) journal = flow_oi_journal_new (fixture->directory, "NIFTY");
  g_autoptr(FlowOiJournal) reopened = NULL;
  g_autoptr(FlowOiTracker) live = flow_oi_tracker_new ();
  g_autoptr(FlowOiTracker) restarted = flow_oi_tracker_new ();
  g_autoptr(FlowOptionChain) now = make_chain (T10 + 31 * MINUTE, 2000);
  g_autoptr(FlowOiReport) expected = NULL;
  g_autoptr(FlowOiReport) got = NULL;
  g_autofree char *path = flow_oi_journal_get_path (journal, T10);
  g_autofree char *contents = NULL;
  guint skipped = 99;

  for (gint64 minute = 0; minute <= 30; minute++)
    {
      g_autoptr(FlowOptionChain) chain = make_chain (T10 + minute * MINUTE, 1000 + 10 * minute);

      g_assert_true (flow_oi_journal_append_chain (journal, chain, NULL));
      flow_oi_tracker_add_chain (live, chain);
    }
  g_clear_object (&journal);

  g_assert_true (g_str_has_suffix (path, "/oi-NIFTY-2026-11-20.tsv"));
  contents = read_file (path);
  g_assert_true (g_str_has_prefix (contents,
                                   "# orderflow oi journal 1\n"
                                   "1795149000000\tNSE_FO|100\t1000\n"
                                   "1795149000000\tNSE_FO|101\t1010\n"
                                   "1795149000000\tNSE_FO|103\t1011\n"));

  reopened = flow_oi_journal_new (fixture->directory, "NIFTY");
  g_assert_cmpuint (load (reopened, restarted, now->time_ms, &skipped), ==, 31 * 5);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpuint (flow_oi_tracker_get_n_contracts (restarted), ==, 5);

  expected = flow_oi_tracker_update (live, now);
  got = flow_oi_tracker_update (restarted, now);
  g_assert_cmpuint (got->n_rows, ==, expected->n_rows);
  for (guint i = 0; i < got->n_rows; i++)
    for (guint k = 0; k < FLOW_OI_N_INTERVALS; k++)
      {
        g_assert_cmpint (got->rows[i].pe.changes[k].has_value, ==,
                         expected->rows[i].pe.changes[k].has_value);
        g_assert_cmpint (got->rows[i].pe.changes[k].oi_ref, ==,
                         expected->rows[i].pe.changes[k].oi_ref);
      }
  g_assert_true (got->rows[0].ce.changes[4].has_value);
  g_assert_cmpint (got->rows[0].ce.changes[4].oi_ref, ==, 1010);

  /* Loading twice changes nothing: same-time entries replace each other. */
  load (reopened, restarted, now->time_ms, NULL);
  g_assert_cmpuint (flow_oi_tracker_get_n_entries (restarted, "NSE_FO|100"), ==, 32);
}

/* Only the last 35 minutes are loaded. */
static void
test_window (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(FlowOiJournal) journal = flow_oi_journal_new (fixture->directory, "NIFTY");
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();

  for (gint64 minute = 0; minute < 60; minute++)
    append (journal, T10 + minute * MINUTE, 1000);

  /* 10:24 … 10:59 for a load at 10:59:00. */
  g_assert_cmpuint (load (journal, tracker, T10 + 59 * MINUTE, NULL), ==, 36 * 5);
  g_assert_cmpuint (flow_oi_tracker_get_n_entries (tracker, "NSE_FO|100"), ==, 36);
}

/* A crash mid-write leaves half a line: the reader ignores it, the next writer cuts it off. */
static void
test_torn_tail (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(FlowOiJournal) journal = flow_oi_journal_new (fixture->directory, "NIFTY");
  g_autoptr(FlowOiJournal) after_crash = NULL;
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autoptr(FlowOiTracker) later = flow_oi_tracker_new ();
  g_autofree char *path = flow_oi_journal_get_path (journal, T10);
  g_autofree char *contents = NULL;
  guint skipped = 99;

  append (journal, T10, 1000);
  g_clear_object (&journal);
  /* Plausible if it fused with the next line: "…|100\t12" + "1795…". */
  append_raw (path, "1795149060000\tNSE_FO|100\t12");

  after_crash = flow_oi_journal_new (fixture->directory, "NIFTY");
  g_assert_cmpuint (load (after_crash, tracker, T10 + 5 * MINUTE, &skipped), ==, 5);
  g_assert_cmpuint (skipped, ==, 0);
  g_assert_cmpuint (flow_oi_tracker_get_n_entries (tracker, "NSE_FO|100"), ==, 1);

  append (after_crash, T10 + 2 * MINUTE, 3000);
  contents = read_file (path);
  g_assert_null (strstr (contents, "\t12"));
  g_assert_true (g_str_has_suffix (contents, "1795149120000\tNSE_FO|105\t3012\n"));
  g_assert_cmpuint (load (after_crash, later, T10 + 5 * MINUTE, &skipped), ==, 10);
  g_assert_cmpuint (skipped, ==, 0);
}

/* A torn line that is all the file holds (the header itself torn). */
static void
test_torn_header (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(FlowOiJournal) journal = flow_oi_journal_new (fixture->directory, "NIFTY");
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autofree char *path = flow_oi_journal_get_path (journal, T10);
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "# orderflow oi jour", -1, NULL));
  append (journal, T10, 1000);
  contents = read_file (path);
  g_assert_true (g_str_has_prefix (contents, "# orderflow oi journal 1\n1795149000000\t"));
  g_assert_cmpuint (load (journal, tracker, T10, NULL), ==, 5);
}

static void
test_malformed_lines (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(FlowOiJournal) journal = flow_oi_journal_new (fixture->directory, "NIFTY");
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autofree char *path = flow_oi_journal_get_path (journal, T10);
  guint skipped = 0;

  append (journal, T10, 1000);
  g_clear_object (&journal);
  append_raw (path,
              "garbage\n"
              "1795149060000\tNSE_FO|100\n"
              "1795149060000\t\t5\n"
              "1795149060000\tNSE_FO|100\t5x\n"
              " 1795149060000\tNSE_FO|100\t5\n"
              "1795149060000\tNSE_FO|100\t5\textra\n"
              "# a comment\n"
              "1795149060000\tNSE_FO|100\t1100\n");
  journal = flow_oi_journal_new (fixture->directory, "NIFTY");
  g_assert_cmpuint (load (journal, tracker, T10 + 5 * MINUTE, &skipped), ==, 6);
  g_assert_cmpuint (skipped, ==, 6);
  g_assert_cmpuint (flow_oi_tracker_get_n_entries (tracker, "NSE_FO|100"), ==, 2);
}

/* Files are per IST date; a load just after midnight also reads the previous day's. */
static void
test_midnight (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(FlowOiJournal) journal = flow_oi_journal_new (fixture->directory, "NIFTY");
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  /* 2026-11-20 23:50 IST and 2026-11-21 00:05 IST */
  gint64 before = T10 + (13 * 60 + 50) * MINUTE;
  gint64 after = before + 15 * MINUTE;
  g_autofree char *first = flow_oi_journal_get_path (journal, before);
  g_autofree char *second = flow_oi_journal_get_path (journal, after);

  append (journal, before, 1000);
  append (journal, after, 1100);
  g_assert_true (g_str_has_suffix (first, "/oi-NIFTY-2026-11-20.tsv"));
  g_assert_true (g_str_has_suffix (second, "/oi-NIFTY-2026-11-21.tsv"));
  g_assert_true (g_file_test (first, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (second, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (load (journal, tracker, after + 10 * MINUTE, NULL), ==, 10);
}

static void
test_missing_and_names (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *nowhere = g_build_filename (fixture->directory, "absent", NULL);
  g_autoptr(FlowOiJournal) journal = flow_oi_journal_new (nowhere, "NIFTY");
  g_autoptr(FlowOiJournal) odd = flow_oi_journal_new (fixture->directory, "../BANK NIFTY");
  g_autoptr(FlowOiJournal) fallback = flow_oi_journal_new (NULL, "NIFTY");
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autofree char *odd_path = flow_oi_journal_get_path (odd, T10);
  g_autofree char *default_path = flow_oi_journal_get_path (fallback, T10);
  g_autofree char *expected_default = g_build_filename (g_get_user_data_dir (), "orderflow",
                                                        "oi-NIFTY-2026-11-20.tsv", NULL);
  g_autofree char *odd_name = g_path_get_basename (odd_path);
  g_autofree char *odd_dir = g_path_get_dirname (odd_path);

  g_assert_cmpuint (load (journal, tracker, T10, NULL), ==, 0);
  g_assert_false (g_file_test (nowhere, G_FILE_TEST_EXISTS));
  g_assert_cmpstr (odd_name, ==, "oi-___BANK_NIFTY-2026-11-20.tsv");
  g_assert_cmpstr (odd_dir, ==, fixture->directory);
  g_assert_cmpstr (default_path, ==, expected_default);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/oi-journal/round-trip", test_round_trip);
  ADD ("/oi-journal/window", test_window);
  ADD ("/oi-journal/torn-tail", test_torn_tail);
  ADD ("/oi-journal/torn-header", test_torn_header);
  ADD ("/oi-journal/malformed-lines", test_malformed_lines);
  ADD ("/oi-journal/midnight", test_midnight);
  ADD ("/oi-journal/missing-and-names", test_missing_and_names);
#undef ADD

  return g_test_run ();
}

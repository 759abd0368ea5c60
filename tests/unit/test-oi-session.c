/* test-oi-session.c: which chain the OI tracker shows, when it sounds, and its journal
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "flow-oi-session.h"

/* 2026-11-20 10:00:00 IST, a Friday */
#define T10 G_GINT64_CONSTANT (1795149000000)
#define SECOND ((gint64) 1000)
#define MINUTE ((gint64) 60 * SECOND)
#define DAY ((gint64) 24 * 60 * MINUTE)

#define NEAR  "2026-11-24"
#define NEXT  "2026-12-01"
#define LATER "2026-12-08"

enum { K3, K5, K10, K15, K30 };

typedef struct
{
  char *directory;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->directory = g_dir_make_tmp ("test-oi-session-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_assert_cmpint (g_unlink (path), ==, 0);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->directory);
  g_free (fixture->directory);
}

/* Seven strikes 24000 … 24300 around a spot of 24150, every contract at @oi; the keys name the
 * expiry, as real contracts of different expiries have different keys. */
static FlowOptionChain *
make_chain (gint64      time_ms,
            const char *expiry,
            gint64      oi)
{
  FlowOptionChain *chain = flow_option_chain_new (time_ms, "NIFTY", expiry, 24150);

  for (double strike = 24000; strike <= 24300; strike += 50)
    {
      g_autofree char *ce_key = g_strdup_printf ("NSE_FO|%s-CE%.0f", expiry, strike);
      g_autofree char *pe_key = g_strdup_printf ("NSE_FO|%s-PE%.0f", expiry, strike);
      FlowOptionSide ce = { TRUE, ce_key, oi, 10.0, 100 };
      FlowOptionSide pe = { TRUE, pe_key, oi, 20.0, 200 };

      flow_option_chain_add_strike (chain, strike, &ce, &pe);
    }
  return chain;
}

static void
add (FlowOiSession *session,
     gint64         time_ms,
     const char    *expiry,
     gint64         oi)
{
  g_autoptr(FlowOptionChain) chain = make_chain (time_ms, expiry, oi);

  flow_oi_session_add_chain (session, chain);
}

static void
assert_expiries (FlowOiSession *session,
                 const char    *first,
                 ...)
{
  g_auto(GStrv) got = flow_oi_session_dup_expiries (session);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) expected = NULL;
  va_list args;

  va_start (args, first);
  for (const char *expiry = first; expiry != NULL; expiry = va_arg (args, const char *))
    g_strv_builder_add (builder, expiry);
  va_end (args);
  expected = g_strv_builder_end (builder);

  g_assert_nonnull (got);
  g_assert_cmpstrv (got, expected);
}

static void
count (gpointer  instance,
       guint    *counter)
{
  (*counter)++;
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

static guint
count_files (const char *directory)
{
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Before any chain there is nothing to show. */
static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(FlowOiSession) session = flow_oi_session_new ();

  g_assert_cmpstr (flow_oi_session_get_expiry (session), ==, "nearest");
  g_assert_false (flow_oi_session_get_journaling (session));
  g_assert_nonnull (flow_oi_session_get_tracker (session));
  g_assert_null (flow_oi_session_get_shown_expiry (session));
  g_assert_null (flow_oi_session_get_shown_chain (session));
  g_assert_null (flow_oi_session_refresh (session));
  g_assert_cmpint (flow_oi_session_get_last_chain_monotonic_us (session), ==, 0);
  assert_expiries (session, NULL);
}

/* Each expiry keeps its latest chain; every chain goes to the history (rule 1). */
static void
test_latest_chain_per_expiry (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(FlowOiSession) session = flow_oi_session_new ();
  g_autoptr(FlowOiReport) report = NULL;
  const FlowOptionChain *shown;
  guint added = 0;
  gint64 before_us = g_get_monotonic_time ();

  g_signal_connect (session, "chain-added", G_CALLBACK (count), &added);
  add (session, T10, NEAR, 1000);
  add (session, T10 + 10 * SECOND, NEXT, 5000);
  add (session, T10 + MINUTE, NEAR, 1100);
  g_assert_cmpuint (added, ==, 3);
  g_assert_cmpint (flow_oi_session_get_last_chain_monotonic_us (session), >=, before_us);
  g_assert_cmpint (flow_oi_session_get_last_chain_monotonic_us (session), <=,
                   g_get_monotonic_time ());

  assert_expiries (session, NEAR, NEXT, NULL);
  g_assert_cmpstr (flow_oi_session_get_shown_expiry (session), ==, NEAR);
  shown = flow_oi_session_get_shown_chain (session);
  g_assert_nonnull (shown);
  g_assert_cmpint (shown->time_ms, ==, T10 + MINUTE);
  g_assert_cmpint (flow_option_chain_get (shown, 0)->ce.oi, ==, 1100);

  report = flow_oi_session_refresh (session);
  g_assert_nonnull (report);
  g_assert_cmpstr (report->expiry, ==, NEAR);
  g_assert_cmpint (report->time_ms, ==, T10 + MINUTE);
  g_assert_cmpint (report->rows[0].ce.oi, ==, 1100);
  /* 7 strikes × 2 sides × 2 expiries, each contract with its own history. */
  g_assert_cmpuint (flow_oi_tracker_get_n_contracts (flow_oi_session_get_tracker (session)), ==,
                    28);
  g_assert_cmpuint (flow_oi_tracker_get_n_entries (flow_oi_session_get_tracker (session),
                                                   "NSE_FO|" NEAR "-CE24150"), ==, 2);
}

/* Rule 8 and a pinned expiry. */
static void
test_nearest_and_pinned (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(FlowOiSession) session = flow_oi_session_new ();
  g_autoptr(FlowOiReport) report = NULL;

  add (session, T10, NEXT, 2000);
  add (session, T10 + SECOND, NEAR, 1000);
  g_assert_cmpstr (flow_oi_session_get_shown_expiry (session), ==, NEAR);

  flow_oi_session_set_expiry (session, NEXT);
  g_assert_cmpstr (flow_oi_session_get_expiry (session), ==, NEXT);
  g_assert_cmpstr (flow_oi_session_get_shown_expiry (session), ==, NEXT);
  g_assert_cmpstr (flow_oi_session_get_shown_chain (session)->expiry, ==, NEXT);
  report = flow_oi_session_refresh (session);
  g_assert_cmpstr (report->expiry, ==, NEXT);
  g_assert_cmpint (report->rows[0].ce.oi, ==, 2000);
  assert_expiries (session, NEAR, NEXT, NULL);

  /* Pinned but not seen (yet): the nearest is shown, and the pin stays choosable. */
  flow_oi_session_set_expiry (session, LATER);
  g_assert_cmpstr (flow_oi_session_get_expiry (session), ==, LATER);
  g_assert_cmpstr (flow_oi_session_get_shown_expiry (session), ==, NEAR);
  assert_expiries (session, NEAR, NEXT, LATER, NULL);
  add (session, T10 + 2 * SECOND, LATER, 3000);
  g_assert_cmpstr (flow_oi_session_get_shown_expiry (session), ==, LATER);
  assert_expiries (session, NEAR, NEXT, LATER, NULL);

  flow_oi_session_set_expiry (session, NULL);
  g_assert_cmpstr (flow_oi_session_get_expiry (session), ==, "nearest");
  g_assert_cmpstr (flow_oi_session_get_shown_expiry (session), ==, NEAR);

  /* A hand-edited setting that is no date cannot be pinned, nor offered. */
  flow_oi_session_set_expiry (session, "soon");
  g_assert_cmpstr (flow_oi_session_get_shown_expiry (session), ==, NEAR);
  assert_expiries (session, NEAR, NEXT, LATER, NULL);
  flow_oi_session_set_expiry (session, "nearest");

  /* On expiry day after 15:30 IST the next expiry is the nearest. */
  add (session, T10 + 4 * DAY + (5 * 60 + 29) * MINUTE, NEAR, 1000);
  g_assert_cmpstr (flow_oi_session_get_shown_expiry (session), ==, NEAR);
  add (session, T10 + 4 * DAY + (5 * 60 + 31) * MINUTE, NEAR, 1000);
  g_assert_cmpstr (flow_oi_session_get_shown_expiry (session), ==, NEXT);
}

/* A replay of a day whose expiries have all passed shows the latest chain's expiry. */
static void
test_old_day (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(FlowOiSession) session = flow_oi_session_new ();
  g_autoptr(FlowOiReport) first = NULL;
  g_autoptr(FlowOiReport) second = NULL;

  add (session, T10, "2026-11-17", 1000);
  first = flow_oi_session_refresh (session);
  g_assert_nonnull (first);
  g_assert_cmpstr (first->expiry, ==, "2026-11-17");

  add (session, T10 + MINUTE, "2026-11-10", 2000);
  g_assert_cmpstr (flow_oi_session_get_shown_expiry (session), ==, "2026-11-10");
  add (session, T10 + 2 * MINUTE, "2026-11-17", 1000);
  g_assert_cmpstr (flow_oi_session_get_shown_expiry (session), ==, "2026-11-17");
  g_assert_cmpint (flow_oi_session_get_shown_chain (session)->time_ms, ==, T10 + 2 * MINUTE);

  /* A pin that never comes falls back the same way. */
  flow_oi_session_set_expiry (session, NEAR);
  second = flow_oi_session_refresh (session);
  g_assert_cmpstr (second->expiry, ==, "2026-11-17");
  g_assert_cmpint (second->time_ms, ==, T10 + 2 * MINUTE);
  assert_expiries (session, "2026-11-10", "2026-11-17", NEAR, NULL);
}

typedef struct
{
  guint n;
  guint highlighted;
  guint cells;
} Alerts;

static void
on_alert (FlowOiSession *session,
          gpointer       report_pointer,
          Alerts        *alerts)
{
  const FlowOiReport *report = report_pointer;

  alerts->n++;
  alerts->highlighted = report->highlighted;
  alerts->cells = report->cells;
}

static FlowOiReport *
refresh (FlowOiSession *session)
{
  FlowOiReport *report = flow_oi_session_refresh (session);

  g_assert_nonnull (report);
  return report;
}

/* Rule 7: one alert per new alerting chain; re-evaluating the same chain stays silent. */
static void
test_alert (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(FlowOiSession) session = flow_oi_session_new ();
  FlowOiSettings settings;
  Alerts alerts = { 0 };
  FlowOiReport *report;

  g_signal_connect (session, "alert", G_CALLBACK (on_alert), &alerts);

  add (session, T10, NEAR, 1000);
  report = refresh (session);
  g_assert_false (report->alert);
  flow_oi_report_unref (report);
  g_assert_cmpuint (alerts.n, ==, 0);

  /* Every contract doubled since the reference of every interval: all 70 cells flagged. */
  add (session, T10 + 31 * MINUTE, NEAR, 2000);
  report = refresh (session);
  g_assert_true (report->alert);
  g_assert_cmpfloat_with_epsilon (report->rows[0].ce.changes[K30].pct, 100, 1e-9);
  flow_oi_report_unref (report);
  g_assert_cmpuint (alerts.n, ==, 1);
  g_assert_cmpuint (alerts.highlighted, ==, 70);
  g_assert_cmpuint (alerts.cells, ==, 70);

  report = refresh (session);
  g_assert_true (report->alert);
  flow_oi_report_unref (report);
  g_assert_cmpuint (alerts.n, ==, 1);

  /* A settings change re-evaluates the same chain silently, with the new settings. */
  flow_oi_settings_init (&settings);
  settings.thresholds[K3] = 20;
  flow_oi_session_set_settings (session, &settings);
  report = refresh (session);
  g_assert_true (report->alert);
  g_assert_cmpfloat (report->settings.thresholds[K3], ==, 20);
  flow_oi_report_unref (report);
  g_assert_cmpuint (alerts.n, ==, 1);

  /* A new chain that does not alert stays silent. */
  for (guint k = 0; k < FLOW_OI_N_INTERVALS; k++)
    settings.thresholds[k] = 500;
  flow_oi_session_set_settings (session, &settings);
  add (session, T10 + 32 * MINUTE, NEAR, 2000);
  report = refresh (session);
  g_assert_false (report->alert);
  g_assert_cmpuint (report->highlighted, ==, 0);
  flow_oi_report_unref (report);
  g_assert_cmpuint (alerts.n, ==, 1);

  /* A fresh chain of another expiry does not make the shown one sound. */
  flow_oi_settings_init (&settings);
  flow_oi_session_set_settings (session, &settings);
  add (session, T10 + 33 * MINUTE, NEXT, 1000);
  report = refresh (session);
  g_assert_cmpstr (report->expiry, ==, NEAR);
  g_assert_true (report->alert);
  flow_oi_report_unref (report);
  g_assert_cmpuint (alerts.n, ==, 1);

  /* Many chains before one refresh: one alert. */
  add (session, T10 + 34 * MINUTE, NEAR, 2000);
  add (session, T10 + 34 * MINUTE + 10 * SECOND, NEAR, 2000);
  report = refresh (session);
  g_assert_true (report->alert);
  flow_oi_report_unref (report);
  g_assert_cmpuint (alerts.n, ==, 2);
}

/* Real data goes to the journal, and a new session restores it (a restart). */
static void
test_journal_restores (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(FlowOiSession) first = flow_oi_session_new ();
  g_autoptr(FlowOiSession) restarted = flow_oi_session_new ();
  g_autoptr(FlowOiReport) report = NULL;
  g_autofree char *path = g_build_filename (fixture->directory, "oi-NIFTY-2026-11-20.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  flow_oi_session_set_journal_directory (first, fixture->directory);
  flow_oi_session_reset (first, TRUE);
  g_assert_true (flow_oi_session_get_journaling (first));
  add (first, T10, NEAR, 1000);
  g_clear_object (&first);

  contents = read_file (path);
  lines = g_strsplit (contents, "\n", -1);
  /* The header, 14 contracts, and the empty string after the last LF. */
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 14 + 1);
  g_assert_cmpstr (lines[0], ==, "# orderflow oi journal 1");
  g_assert_true (g_str_has_prefix (lines[1], "1795149000000\tNSE_FO|" NEAR "-"));
  g_assert_true (g_str_has_suffix (lines[1], "\t1000"));

  flow_oi_session_set_journal_directory (restarted, fixture->directory);
  flow_oi_session_reset (restarted, TRUE);
  add (restarted, T10 + 31 * MINUTE, NEAR, 2000);
  report = refresh (restarted);
  for (guint i = 0; i < report->n_rows; i++)
    for (guint k = 0; k < FLOW_OI_N_INTERVALS; k++)
      {
        g_assert_true (report->rows[i].ce.changes[k].has_value);
        g_assert_cmpint (report->rows[i].ce.changes[k].oi_ref, ==, 1000);
        g_assert_cmpint (report->rows[i].ce.changes[k].ref_time_ms, ==, T10);
        g_assert_cmpfloat_with_epsilon (report->rows[i].pe.changes[k].pct, 100, 1e-9);
      }
  g_assert_true (report->alert);
}

/* Without journaling (the demo) nothing is written nor restored. */
static void
test_journal_off (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(FlowOiSession) writer = flow_oi_session_new ();
  g_autoptr(FlowOiSession) demo = flow_oi_session_new ();
  g_autoptr(FlowOiReport) report = NULL;
  g_autofree char *path = g_build_filename (fixture->directory, "oi-NIFTY-2026-11-20.tsv", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  flow_oi_session_set_journal_directory (demo, fixture->directory);
  flow_oi_session_reset (demo, FALSE);
  g_assert_false (flow_oi_session_get_journaling (demo));
  add (demo, T10, NEAR, 1000);
  g_assert_cmpuint (count_files (fixture->directory), ==, 0);

  /* Nor is a real journal restored into it. */
  flow_oi_session_set_journal_directory (writer, fixture->directory);
  flow_oi_session_reset (writer, TRUE);
  add (writer, T10, NEAR, 1000);
  g_clear_object (&writer);
  before = read_file (path);

  flow_oi_session_reset (demo, FALSE);
  add (demo, T10 + 31 * MINUTE, NEAR, 2000);
  report = refresh (demo);
  g_assert_false (report->rows[0].ce.changes[K30].has_value);
  g_assert_cmpuint (report->highlighted, ==, 0);
  after = read_file (path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_files (fixture->directory), ==, 1);
}

/* Another source starts afresh; the user's settings and expiry stay. */
static void
test_reset (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(FlowOiSession) session = flow_oi_session_new ();
  g_autoptr(FlowOiReport) report = NULL;
  g_autofree char *path = g_build_filename (fixture->directory, "oi-NIFTY-2026-11-20.tsv", NULL);
  g_autofree char *journaled = NULL;
  g_autofree char *after = NULL;
  FlowOiSettings settings;
  FlowOiTracker *tracker;
  Alerts alerts = { 0 };

  flow_oi_settings_init (&settings);
  settings.strikes = 1;
  flow_oi_session_set_settings (session, &settings);
  flow_oi_session_set_expiry (session, LATER);
  flow_oi_session_set_journal_directory (session, fixture->directory);
  flow_oi_session_reset (session, TRUE);
  g_signal_connect (session, "alert", G_CALLBACK (on_alert), &alerts);
  add (session, T10, NEAR, 1000);
  add (session, T10 + 31 * MINUTE, NEAR, 2000);
  add (session, T10 + 31 * MINUTE, NEXT, 2000);
  journaled = read_file (path);

  flow_oi_session_reset (session, FALSE);
  tracker = flow_oi_session_get_tracker (session);
  g_assert_false (flow_oi_session_get_journaling (session));
  g_assert_cmpuint (flow_oi_tracker_get_n_contracts (tracker), ==, 0);
  g_assert_cmpuint (flow_oi_tracker_get_settings (tracker)->strikes, ==, 1);
  g_assert_cmpstr (flow_oi_session_get_expiry (session), ==, LATER);
  g_assert_null (flow_oi_session_get_shown_expiry (session));
  g_assert_null (flow_oi_session_get_shown_chain (session));
  g_assert_cmpint (flow_oi_session_get_last_chain_monotonic_us (session), ==, 0);
  assert_expiries (session, LATER, NULL);
  /* The fresh alerting chain went with the rest: nothing to sound. */
  g_assert_null (flow_oi_session_refresh (session));
  g_assert_cmpuint (alerts.n, ==, 0);

  /* The journal went too, and the old history is not restored. */
  add (session, T10 + 32 * MINUTE, NEAR, 2000);
  after = read_file (path);
  g_assert_cmpstr (after, ==, journaled);
  report = refresh (session);
  g_assert_cmpuint (report->n_rows, ==, 3);
  g_assert_false (report->rows[0].ce.changes[K3].has_value);
  g_assert_cmpuint (alerts.n, ==, 0);
}

static void
on_problem (FlowOiSession *session,
            const char    *message,
            GPtrArray     *messages)
{
  g_ptr_array_add (messages, g_strdup (message));
}

static void
expect_journal_warning (void)
{
  g_test_expect_message ("flow-oi-session", G_LOG_LEVEL_WARNING, "OI journal: *");
}

/* A journal that cannot be written: the log hears of every failure, the user once per source,
 * and the table goes on. */
static void
test_journal_problem (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(FlowOiSession) session = flow_oi_session_new ();
  g_autoptr(FlowOiReport) report = NULL;
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *file = g_build_filename (fixture->directory, "file", NULL);
  g_autofree char *below_file = g_build_filename (file, "journals", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (file, "not a folder", -1, &error));
  g_assert_no_error (error);
  g_signal_connect (session, "problem", G_CALLBACK (on_problem), messages);
  flow_oi_session_set_journal_directory (session, below_file);
  flow_oi_session_reset (session, TRUE);

  /* The first chain fails to load the journal and to append to it. */
  expect_journal_warning ();
  expect_journal_warning ();
  add (session, T10, NEAR, 1000);
  g_test_assert_expected_messages ();
  expect_journal_warning ();
  add (session, T10 + 31 * MINUTE, NEAR, 2000);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_true (g_str_has_prefix (messages->pdata[0], "OI history is not being saved: "));
  g_assert_null (strchr (messages->pdata[0], '\n'));
  report = refresh (session);
  g_assert_true (report->rows[0].ce.changes[K30].has_value);

  /* Another source is told again. */
  flow_oi_session_reset (session, TRUE);
  expect_journal_warning ();
  expect_journal_warning ();
  add (session, T10 + 32 * MINUTE, NEAR, 1000);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (messages->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/oi-session/empty", test_empty);
  ADD ("/oi-session/latest-chain-per-expiry", test_latest_chain_per_expiry);
  ADD ("/oi-session/nearest-and-pinned", test_nearest_and_pinned);
  ADD ("/oi-session/old-day", test_old_day);
  ADD ("/oi-session/alert", test_alert);
  ADD ("/oi-session/journal-restores", test_journal_restores);
  ADD ("/oi-session/journal-off", test_journal_off);
  ADD ("/oi-session/reset", test_reset);
  ADD ("/oi-session/journal-problem", test_journal_problem);
#undef ADD

  return g_test_run ();
}

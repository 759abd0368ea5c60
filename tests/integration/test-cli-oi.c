/* test-cli-oi.c: orderflow-cli oi from outside, as scripts call it (shared/design/cli.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "flow-test-cli.h"

typedef struct
{
  char *directory;     /* also XDG_DATA_HOME of the runs */
  char *record;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->directory = g_dir_make_tmp ("test-cli-oi-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->record = g_build_filename (fixture->directory, "session.jsonl", NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_assert_cmpint (g_unlink (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  remove_tree (fixture->directory);
  g_free (fixture->directory);
  g_free (fixture->record);
}

/* `orderflow-cli oi ARGS…` with the fixture's directory as XDG_DATA_HOME, and @env on top. */
static void
run_oi_argv (Fixture            *fixture,
             FlowTestCliResult  *result,
             const char * const *env,
             const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GPtrArray) all_env = g_ptr_array_new ();
  FlowTestCliOptions options = { 0 };

  g_ptr_array_add (argv, "oi");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  g_ptr_array_add (all_env, "XDG_DATA_HOME");
  g_ptr_array_add (all_env, fixture->directory);
  for (guint i = 0; env != NULL && env[i] != NULL; i++)
    g_ptr_array_add (all_env, (gpointer) env[i]);
  g_ptr_array_add (all_env, NULL);
  options.env = (const char * const *) all_env->pdata;
  flow_test_cli_runv (result, &options, (const char * const *) argv->pdata);
}

/* run_oi (fixture, result, "--replay", path, NULL) runs `orderflow-cli oi --replay path`. */
static void
run_oi (Fixture           *fixture,
        FlowTestCliResult *result,
        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list list;

  va_start (list, result);
  while ((arg = va_arg (list, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (list);
  g_ptr_array_add (args, NULL);
  run_oi_argv (fixture, result, NULL, (const char * const *) args->pdata);
}

static void
record_demo (Fixture           *fixture,
             FlowTestCliResult *live)
{
  run_oi (fixture, live, "--broker", "demo", "--count", "3", "--refresh", "1", "--record",
          fixture->record, "--seed", "7", NULL);
  g_assert_cmpstr (live->err, ==, "");
  g_assert_cmpint (live->status, ==, 0);
}

static char **
read_lines (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (contents, "\n"));
  contents[strlen (contents) - 1] = '\0';
  return g_strsplit (contents, "\n", -1);
}

static void
write_lines (const char         *path,
             const char * const *lines,
             const char         *tail)
{
  g_autofree char *joined = g_strjoinv ("\n", (char **) lines);
  g_autofree char *contents = g_strconcat (joined, tail, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

static void
assert_output_shape (const char *line)
{
  static const char * const keys[] = {
    "time", "underlying", "expiry", "spot", "atm", "rows", "highlighted", "cells", "alert",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (line, &error);
  g_autoptr(GList) members = NULL;
  g_autoptr(GRegex) iso = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+05:30$",
                                       0, 0, NULL);
  JsonObject *object;
  JsonArray *rows;
  guint i = 0;

  g_assert_no_error (error);
  object = json_node_get_object (node);
  members = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (members), ==, G_N_ELEMENTS (keys));
  for (GList *l = members; l != NULL; l = l->next, i++)
    g_assert_cmpstr (l->data, ==, keys[i]);

  g_assert_true (g_regex_match (iso, json_object_get_string_member (object, "time"), 0, NULL));
  g_assert_cmpstr (json_object_get_string_member (object, "underlying"), ==, "NIFTY");
  rows = json_object_get_array_member (object, "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 7);
  g_assert_cmpint (json_object_get_int_member (object, "cells"), ==, 70);
  for (i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      JsonObject *ce = json_object_get_object_member (row, "ce");
      JsonObject *pct = json_object_get_object_member (ce, "pct");

      /* The demo backfills 30 minutes: every column has a value from the first refresh. */
      g_assert_true (json_object_has_member (pct, "30"));
      g_assert_false (json_object_get_null_member (pct, "30"));
      g_assert_true (json_object_has_member (ce, "hot"));
    }
}

/* The contract's promise: replaying a recording prints exactly what the live run printed. */
static void
test_record_replay (Fixture       *fixture,
                    gconstpointer  data)
{
  g_auto(FlowTestCliResult) live = { 0 };
  g_auto(FlowTestCliResult) replayed = { 0 };
  g_auto(GStrv) out_lines = NULL;
  g_auto(GStrv) record_lines = NULL;
  g_autofree char *orderflow = NULL;
  guint chains = 0;

  record_demo (fixture, &live);
  out_lines = g_strsplit (live.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (out_lines), ==, 4);
  g_assert_cmpstr (out_lines[3], ==, "");
  for (guint i = 0; i < 3; i++)
    assert_output_shape (out_lines[i]);

  record_lines = read_lines (fixture->record);
  for (guint i = 0; record_lines[i] != NULL; i++)
    if (g_str_has_prefix (record_lines[i], "{\"time\":") &&
        strstr (record_lines[i], ",\"source\":\"upstox.option_chain\",\"body\":{") != NULL)
      chains++;
    else
      g_assert_nonnull (strstr (record_lines[i],
                                ",\"source\":\"upstox.intraday_candles\",\"instrument_key\":"));
  g_assert_cmpuint (chains, ==, 3);

  run_oi (fixture, &replayed, "--replay", fixture->record, NULL);
  g_assert_cmpstr (replayed.err, ==, "");
  g_assert_cmpint (replayed.status, ==, 0);
  g_assert_cmpstr (replayed.out, ==, live.out);

  /* The CLI journals nothing: its history comes from what it records, so replays match. */
  orderflow = g_build_filename (fixture->directory, "orderflow", NULL);
  g_assert_false (g_file_test (orderflow, G_FILE_TEST_EXISTS));
}

/* The demo's other underlyings, one of NSE's and one of BSE's: each prints its own chain (its
 * level, strike step and expiry weekday), and its recording replays exactly. */
static void
test_demo_underlyings (Fixture       *fixture,
                       gconstpointer  data)
{
  static const struct
  {
    const char  *name;
    double       lo;
    double       hi;
    double       step;
    GDateWeekday weekday;
  } cases[] = {
    { "SENSEX", 75000, 90000, 100, G_DATE_THURSDAY },
    { "MIDCPNIFTY", 11500, 14500, 25, G_DATE_TUESDAY },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_auto(FlowTestCliResult) live = { 0 };
      g_auto(FlowTestCliResult) replayed = { 0 };
      g_auto(GStrv) lines = NULL;

      /* Each underlying's recording on its own. */
      if (g_unlink (fixture->record) != 0)
        g_assert_cmpint (errno, ==, ENOENT);
      run_oi (fixture, &live, "--broker", "demo", "--underlying", cases[c].name, "--count", "2",
              "--refresh", "1", "--record", fixture->record, "--seed", "7", NULL);
      g_assert_cmpstr (live.err, ==, "");
      g_assert_cmpint (live.status, ==, 0);
      lines = g_strsplit (live.out, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 3);
      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) node = json_from_string (lines[i], &error);
          JsonObject *object;
          JsonArray *rows;
          unsigned year, month, day;
          g_autoptr(GDate) expiry = NULL;
          double spot;

          g_assert_no_error (error);
          object = json_node_get_object (node);
          g_assert_cmpstr (json_object_get_string_member (object, "underlying"), ==,
                           cases[c].name);
          spot = json_object_get_double_member (object, "spot");
          g_assert_cmpfloat (spot, >=, cases[c].lo);
          g_assert_cmpfloat (spot, <=, cases[c].hi);
          g_assert_cmpfloat (fmod (json_object_get_double_member (object, "atm"), cases[c].step),
                             ==, 0.0);
          g_assert_cmpint (sscanf (json_object_get_string_member (object, "expiry"),
                                   "%4u-%2u-%2u", &year, &month, &day), ==, 3);
          expiry = g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
          g_assert_cmpint (g_date_get_weekday (expiry), ==, cases[c].weekday);
          rows = json_object_get_array_member (object, "rows");
          g_assert_cmpuint (json_array_get_length (rows), ==, 7);
          for (guint r = 1; r < json_array_get_length (rows); r++)
            {
              JsonObject *row = json_array_get_object_element (rows, r);
              JsonObject *below = json_array_get_object_element (rows, r - 1);

              g_assert_cmpfloat (json_object_get_double_member (row, "strike") -
                                 json_object_get_double_member (below, "strike"), ==,
                                 cases[c].step);
            }
        }

      run_oi (fixture, &replayed, "--replay", fixture->record, NULL);
      g_assert_cmpstr (replayed.err, ==, "");
      g_assert_cmpint (replayed.status, ==, 0);
      g_assert_cmpstr (replayed.out, ==, live.out);
    }
}

/* A recording cut short by a crash: the torn last line is skipped with a warning, exit 0. */
static void
test_torn_last_line (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(FlowTestCliResult) live = { 0 };
  g_auto(FlowTestCliResult) replayed = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *torn = NULL;
  g_autofree char *expected = NULL;
  guint n;

  record_demo (fixture, &live);
  lines = read_lines (fixture->record);
  n = g_strv_length (lines);
  torn = g_strndup (lines[n - 1], strlen (lines[n - 1]) / 2);
  g_free (lines[n - 1]);
  lines[n - 1] = g_steal_pointer (&torn);
  write_lines (fixture->record, (const char * const *) lines, "");

  run_oi (fixture, &replayed, "--replay", fixture->record, NULL);
  g_assert_cmpint (replayed.status, ==, 0);
  g_assert_true (g_str_has_prefix (replayed.err, "orderflow-cli: warning: "));
  expected = g_strdup_printf (" line %u ", n);
  g_assert_nonnull (strstr (replayed.err, expected));
  /* The first two refreshes, as printed live. */
  g_assert_true (g_str_has_prefix (live.out, replayed.out));
  g_assert_cmpuint (strlen (replayed.out), <, strlen (live.out));
  g_assert_true (g_str_has_suffix (replayed.out, "\n"));
}

/* Any other malformed line is an error naming the line. */
static void
test_malformed_line (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const bad[] = {
    "{\"time\":1795149181000,\"source\":\"upstox.option_chain\",\"body\":{\"data\":[]",
    "[]",
    "{\"time\":\"1795149181000\",\"source\":\"upstox.option_chain\",\"body\":{}}",
    "{\"time\":1795149181000,\"source\":\"upstox.quotes\",\"body\":{}}",
    "{\"time\":1795149181000,\"source\":\"upstox.option_chain\",\"body\":{\"data\":[{}]}}",
    "",
  };
  g_auto(FlowTestCliResult) live = { 0 };
  g_auto(GStrv) lines = NULL;

  record_demo (fixture, &live);
  lines = read_lines (fixture->record);
  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(FlowTestCliResult) replayed = { 0 };
      g_autofree char *original = lines[1];
      g_autofree char *expected = g_strdup_printf ("%s line 2: ", fixture->record);

      lines[1] = (char *) bad[i];
      write_lines (fixture->record, (const char * const *) lines, "\n");
      lines[1] = g_steal_pointer (&original);

      run_oi (fixture, &replayed, "--replay", fixture->record, NULL);
      g_test_message ("bad line %" G_GSIZE_FORMAT ": %s", i, replayed.err);
      g_assert_cmpint (replayed.status, ==, 1);
      g_assert_true (g_str_has_prefix (replayed.err, "orderflow-cli: "));
      g_assert_nonnull (strstr (replayed.err, expected));
      /* One line. */
      g_assert_cmpint (strchr (replayed.err, '\n') - replayed.err, ==, strlen (replayed.err) - 1);
    }
}

/* The output format pinned on a hand-made recording: the worked example of oi-tracker.md,
 * with its history coming from backfill candles. */
static void
test_replay_exact (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const lines[] = {
    "{\"time\":1795149150000,\"source\":\"upstox.intraday_candles\","
    "\"instrument_key\":\"NSE_FO|2\","
    "\"body\":{\"status\":\"success\",\"data\":{\"candles\":["
    "[\"2026-11-20T10:01:00+05:30\",1,1,1,1,0,1050000],"
    "[\"2026-11-20T10:00:00+05:30\",1,1,1,1,0,1020000],"
    "[\"2026-11-20T09:59:00+05:30\",1,1,1,1,0,1000000]]}}}",
    "{\"time\":1795149181000,\"source\":\"upstox.option_chain\",\"body\":{\"status\":\"success\","
    "\"data\":["
    "{\"expiry\":\"2026-11-24\",\"strike_price\":24150,\"underlying_key\":\"NSE_INDEX|Nifty 50\","
    "\"underlying_spot_price\":24112.35,\"call_options\":{\"instrument_key\":\"NSE_FO|4\","
    "\"market_data\":{\"oi\":700}},\"put_options\":{\"instrument_key\":\"NSE_FO|5\","
    "\"market_data\":{\"oi\":800,\"prev_oi\":null}}},"
    "{\"expiry\":\"2026-11-24\",\"strike_price\":24050,\"underlying_key\":\"NSE_INDEX|Nifty 50\","
    "\"underlying_spot_price\":24112.35,\"call_options\":{\"instrument_key\":\"NSE_FO|0\","
    "\"market_data\":{\"oi\":500}},\"put_options\":{\"instrument_key\":\"NSE_FO|1\","
    "\"market_data\":{\"oi\":600}}},"
    "{\"expiry\":\"2026-11-24\",\"strike_price\":24100.0,\"underlying_key\":\"NSE_INDEX|Nifty 50\","
    "\"underlying_spot_price\":24112.35,\"call_options\":{\"instrument_key\":\"NSE_FO|2\","
    "\"market_data\":{\"ltp\":101.5,\"volume\":650,\"oi\":1150000}}}]}}",
    "{\"time\":1795149247000,\"source\":\"upstox.option_chain\",\"body\":{\"status\":\"success\","
    "\"data\":[{\"expiry\":\"2026-11-24\",\"strike_price\":24100,"
    "\"underlying_key\":\"NSE_INDEX|Nifty 50\",\"underlying_spot_price\":24080,"
    "\"call_options\":{\"instrument_key\":\"NSE_FO|2\",\"market_data\":{\"oi\":1160000}}}]}}",
    NULL
  };
  static const char expected[] =
    "{\"time\":\"2026-11-20T10:03:01+05:30\",\"underlying\":\"NIFTY\",\"expiry\":\"2026-11-24\","
    "\"spot\":24112.35,\"atm\":24100,\"rows\":["
    "{\"strike\":24050,"
    "\"ce\":{\"oi\":500,\"pct\":{\"3\":null,\"5\":null,\"10\":null,\"15\":null,\"30\":null},"
    "\"hot\":[]},"
    "\"pe\":{\"oi\":600,\"pct\":{\"3\":null,\"5\":null,\"10\":null,\"15\":null,\"30\":null},"
    "\"hot\":[]}},"
    "{\"strike\":24100,"
    "\"ce\":{\"oi\":1150000,\"pct\":{\"3\":15,\"5\":null,\"10\":null,\"15\":null,\"30\":null},"
    "\"hot\":[\"3\"]},\"pe\":null},"
    "{\"strike\":24150,"
    "\"ce\":{\"oi\":700,\"pct\":{\"3\":null,\"5\":null,\"10\":null,\"15\":null,\"30\":null},"
    "\"hot\":[]},"
    "\"pe\":{\"oi\":800,\"pct\":{\"3\":null,\"5\":null,\"10\":null,\"15\":null,\"30\":null},"
    "\"hot\":[]}}],"
    "\"highlighted\":1,\"cells\":30,\"alert\":false}\n"
    "{\"time\":\"2026-11-20T10:04:07+05:30\",\"underlying\":\"NIFTY\",\"expiry\":\"2026-11-24\","
    "\"spot\":24080,\"atm\":24100,\"rows\":["
    "{\"strike\":24100,"
    "\"ce\":{\"oi\":1160000,\"pct\":{\"3\":13.73,\"5\":null,\"10\":null,\"15\":null,\"30\":null},"
    "\"hot\":[\"3\"]},\"pe\":null}],"
    "\"highlighted\":1,\"cells\":10,\"alert\":false}\n";
  g_auto(FlowTestCliResult) replayed = { 0 };
  g_auto(FlowTestCliResult) narrow = { 0 };

  write_lines (fixture->record, lines, "\n");
  run_oi (fixture, &replayed, "--replay", fixture->record, NULL);
  g_assert_cmpstr (replayed.err, ==, "");
  g_assert_cmpint (replayed.status, ==, 0);
  g_assert_cmpstr (replayed.out, ==, expected);

  /* --strikes narrows the rows (the second chain lists one strike anyway). */
  run_oi (fixture, &narrow, "--replay", fixture->record, "--strikes", "1", NULL);
  g_assert_cmpint (narrow.status, ==, 0);
  g_assert_cmpstr (narrow.out, ==, expected);
}

static void
test_usage (Fixture       *fixture,
            gconstpointer  data)
{
  static const char * const cases[][6] = {
    { NULL },
    { "--broker", "angel", NULL },
    { "--broker", "demo", "--replay", "x", NULL },
    { "--replay", "x", "--count", "2", NULL },
    { "--replay", "x", "--refresh", "60", NULL },
    { "--broker", "demo", "--refresh", "0", NULL },
    { "--broker", "demo", "--refresh", "301", NULL },
    { "--broker", "upstox", "--refresh", "5", NULL },
    { "--broker", "demo", "--expiry", "2026-02-30", NULL },
    { "--broker", "demo", "--strikes", "0", NULL },
    { "--broker", "demo", "--strikes", "many", NULL },
    { "--broker", "demo", "--count", "0", NULL },
    { "--broker", "demo", "--seed", "-1", NULL },
    { "--broker", "upstox", "--seed", "1", NULL },
    { "--broker", "demo", "extra", NULL },
    { "--broker", "demo", "--colour", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(FlowTestCliResult) result = { 0 };
      const char * const *c = (const char * const *) cases[i];

      run_oi_argv (fixture, &result, NULL, c);
      g_test_message ("usage case %" G_GSIZE_FORMAT ": %s", i, result.err);
      g_assert_cmpint (result.status, ==, 2);
      g_assert_true (g_str_has_prefix (result.err, "orderflow-cli: "));
      g_assert_nonnull (strstr (result.err, "\nusage: orderflow-cli oi "));
      g_assert_cmpstr (result.out, ==, "");
    }
}

static void
test_runtime_failures (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (fixture->directory, "missing.jsonl", NULL);
  g_auto(FlowTestCliResult) upstox = { 0 };
  g_auto(FlowTestCliResult) absent = { 0 };
  g_auto(FlowTestCliResult) bank = { 0 };
  g_auto(FlowTestCliResult) expiry = { 0 };
  g_auto(FlowTestCliResult) help = { 0 };

  /* An endpoint that would send the token in clear fails before anything is read or sent
   * (test-cli-upstox covers the Upstox runs themselves). */
  run_oi_argv (fixture, &upstox,
               (const char *[]) { "ORDERFLOW_UPSTOX_API_URL", "http://example.com", NULL },
               (const char *[]) { "--broker", "upstox", NULL });
  g_assert_cmpint (upstox.status, ==, 1);
  g_assert_true (g_str_has_prefix (upstox.err, "orderflow-cli: ORDERFLOW_UPSTOX_API_URL: "));
  g_assert_nonnull (strstr (upstox.err, "example.com"));

  run_oi (fixture, &absent, "--replay", missing, NULL);
  g_assert_cmpint (absent.status, ==, 1);
  g_assert_true (g_str_has_prefix (absent.err, "orderflow-cli: "));

  /* No partial recording left behind on failure: an underlying the demo does not simulate. */
  run_oi (fixture, &bank, "--broker", "demo", "--underlying", "RELIANCE", "--record",
          fixture->record, NULL);
  g_assert_cmpint (bank.status, ==, 1);
  g_assert_nonnull (strstr (bank.err, "RELIANCE"));
  g_assert_false (g_file_test (fixture->record, G_FILE_TEST_EXISTS));

  run_oi (fixture, &expiry, "--broker", "demo", "--expiry", "2000-01-06", "--record",
          fixture->record, NULL);
  g_assert_cmpint (expiry.status, ==, 1);
  g_assert_nonnull (strstr (expiry.err, "lists only the expiry"));
  g_assert_false (g_file_test (fixture->record, G_FILE_TEST_EXISTS));

  run_oi (fixture, &help, "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_nonnull (strstr (help.out, "--replay"));
}

/* Appending to a recording that a crash cut short: the torn line goes, the rest replays. */
static void
test_append_after_crash (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(FlowTestCliResult) first = { 0 };
  g_auto(FlowTestCliResult) second = { 0 };
  g_auto(FlowTestCliResult) replayed = { 0 };
  g_autofree char *contents = NULL;
  g_autofree char *torn = NULL;
  g_autofree char *both = NULL;

  record_demo (fixture, &first);
  g_assert_true (g_file_get_contents (fixture->record, &contents, NULL, NULL));
  torn = g_strconcat (contents, "{\"time\":17951", NULL);
  g_assert_true (g_file_set_contents (fixture->record, torn, -1, NULL));

  record_demo (fixture, &second);
  run_oi (fixture, &replayed, "--replay", fixture->record, NULL);
  g_assert_cmpstr (replayed.err, ==, "");
  g_assert_cmpint (replayed.status, ==, 0);
  /* The second run's history starts afresh from its backfill, so its lines replay as printed. */
  both = g_strconcat (first.out, second.out, NULL);
  g_assert_cmpstr (replayed.out, ==, both);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli-oi/record-replay", test_record_replay);
  ADD ("/cli-oi/demo-underlyings", test_demo_underlyings);
  ADD ("/cli-oi/torn-last-line", test_torn_last_line);
  ADD ("/cli-oi/malformed-line", test_malformed_line);
  ADD ("/cli-oi/replay-exact", test_replay_exact);
  ADD ("/cli-oi/usage", test_usage);
  ADD ("/cli-oi/runtime-failures", test_runtime_failures);
  ADD ("/cli-oi/append-after-crash", test_append_after_crash);
#undef ADD

  return g_test_run ();
}

/* test-cli-angel.c: orderflow-cli login angel and record --broker angel against a loopback
 * SmartAPI server, with the account in a real (private) keyring
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "flow-journal-reader.h"
#include "flow-journal-writer.h"
#include "flow-test-cli.h"
#include "flow-test-keyring.h"
#include "flow-test-smartapi-server.h"

/* 2026-11-20 09:15:00 IST */
#define START_MS G_GINT64_CONSTANT (1795146300000)
#define ACCOUNT  "api_key=" FLOW_TEST_API_KEY "\nclient_code=" FLOW_TEST_CLIENT_CODE "\n" \
                 "pin=" FLOW_TEST_PIN "\ntotp_secret=" FLOW_TEST_TOTP_SECRET "\n"

static FlowTestKeyring *keyring;

static void
set_account (const char *text)
{
  const FlowTestCliOptions input = { .stdin_text = text };
  g_auto(FlowTestCliResult) result = { 0 };

  flow_test_cli_run (&result, &input, "credentials", "set", "angel", NULL);
  g_assert_cmpint (result.status, ==, 0);
}

static void
assert_no_problems (FlowTestSmartapi *server)
{
  GPtrArray *problems = flow_test_smartapi_get_problems (server);

  for (guint i = 0; i < problems->len; i++)
    g_printerr ("server: %s\n", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
assert_one_line_failure (FlowTestCliResult *result,
                         const char *part)
{
  g_assert_cmpint (result->status, ==, 1);
  g_assert_cmpstr (result->out, ==, "");
  g_assert_true (g_str_has_prefix (result->err, "orderflow-cli: "));
  g_assert_nonnull (strstr (result->err, part));
  g_assert_cmpint (strchr (result->err, '\n') - result->err, ==, strlen (result->err) - 1);
  /* Secrets never reach the terminal. */
  g_assert_null (strstr (result->err, FLOW_TEST_PIN));
  g_assert_null (strstr (result->err, FLOW_TEST_TOTP_SECRET));
}

static void
test_login (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_auto(FlowTestCliResult) missing = { 0 };
  g_auto(FlowTestCliResult) ok = { 0 };
  g_auto(FlowTestCliResult) bad_pin = { 0 };
  g_auto(FlowTestCliResult) extra = { 0 };
  g_auto(FlowTestCliResult) help = { 0 };

  flow_test_cli_run (&missing, NULL, "login", "angel", NULL);
  assert_one_line_failure (&missing, "api_key, client_code, pin, totp_secret");

  set_account (ACCOUNT);
  flow_test_cli_run (&ok, NULL, "login", "angel", NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_cmpstr (ok.out, ==, "logged in as " FLOW_TEST_CLIENT_CODE "\n");
  g_assert_cmpuint (flow_test_smartapi_get_n_logins (server), ==, 1);

  set_account ("pin=9999\n");
  flow_test_cli_run (&bad_pin, NULL, "login", "angel", NULL);
  assert_one_line_failure (&bad_pin, "AB1007");
  set_account ("pin=" FLOW_TEST_PIN "\n");

  flow_test_cli_run (&extra, NULL, "login", "angel", "now", NULL);
  g_assert_cmpint (extra.status, ==, 2);
  flow_test_cli_run (&help, NULL, "login", "angel", "--help", NULL);
  g_assert_cmpint (help.status, ==, 0);

  assert_no_problems (server);
  flow_test_smartapi_free (server);
}

typedef struct
{
  gint64   ts_ms;
  gint64   ltp;
  gint64   volume;
  gint64   bid;
  gint64   ask;
  gboolean resync;
} Expect;

static GBytes *
snap_frame (const Expect *e)
{
  FlowSmartapiPacket packet;

  flow_test_smartapi_snap_quote (&packet, e->ts_ms, e->ltp, e->volume, e->bid, e->ask);
  return flow_test_smartapi_encode (&packet);
}

static char *
temp_path (const char *name)
{
  return g_build_filename (flow_test_keyring_home (keyring), name, NULL);
}

/* record --broker angel through a dropped connection after which the tokens are dead: the
 * journal holds exactly what the frames carried, resync after the reconnect, and its
 * footprint equals the one of the expected snapshots, with the missed volume as gap. */
static void
test_record (void)
{
  const Expect expect[] = {
    { START_MS + 500,   2450000, 1000, 2449995, 2450000, TRUE },
    { START_MS + 1000,  2450005, 1075, 2450000, 2450005, FALSE },
    { START_MS + 2000,  2449995, 1225, 2449990, 2449995, FALSE },
    { START_MS + 60000, 2450010, 1400, 2450005, 2450010, TRUE },
    { START_MS + 61000, 2450015, 1475, 2450010, 2450015, FALSE },
  };
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(GPtrArray) c1 = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) c2 = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *journal = temp_path ("angel.journal");
  g_autofree char *expected_journal = temp_path ("expected.journal");
  g_autoptr(FlowJournalReader) reader = NULL;
  g_autoptr(FlowJournalWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(FlowTestCliResult) record = { 0 };
  g_auto(FlowTestCliResult) summary = { 0 };
  g_auto(FlowTestCliResult) expected_summary = { 0 };
  g_auto(FlowTestCliResult) cells = { 0 };
  g_auto(FlowTestCliResult) expected_cells = { 0 };
  FlowSnapshot got[8];
  gsize n_read = 0;
  g_autofree char *n_text = g_strdup_printf ("%u", (guint) G_N_ELEMENTS (expect));
  guint8 truncated[200] = { 3, 2, '3', '5', '0', '0', '1' };

  set_account (ACCOUNT);
  g_ptr_array_add (c1, snap_frame (&expect[0]));
  g_ptr_array_add (c1, snap_frame (&expect[1]));
  g_ptr_array_add (c1, g_bytes_new (truncated, sizeof truncated));
  g_ptr_array_add (c1, snap_frame (&expect[2]));
  flow_test_smartapi_add_connection (server, c1, FLOW_TEST_END_DROP,
                                     FLOW_TEST_AFTER_EXPIRE_TOKENS);
  g_ptr_array_add (c2, snap_frame (&expect[3]));
  g_ptr_array_add (c2, snap_frame (&expect[4]));
  flow_test_smartapi_add_connection (server, c2, FLOW_TEST_END_KEEP, FLOW_TEST_AFTER_NOTHING);

  flow_test_cli_run (&record, NULL, "record", "--broker", "angel", "--journal", journal,
                     "--snapshots", n_text, "--duration", "60", NULL);
  if (record.status != 0)
    g_printerr ("%s", record.err);
  g_assert_cmpint (record.status, ==, 0);
  g_assert_nonnull (strstr (record.err, "recording NIFTY (angel " FLOW_TEST_FUTURE_SYMBOL));
  g_assert_null (strstr (record.err, "eyJ"));
  g_assert_null (strstr (record.err, "feed-"));

  reader = flow_journal_reader_open (journal, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (flow_journal_reader_get_instrument (reader), ==, "NIFTY");
  g_assert_true (flow_journal_reader_read (reader, got, G_N_ELEMENTS (got), &n_read, &error));
  g_assert_cmpuint (n_read, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      g_assert_cmpint (got[i].ts_ms, ==, expect[i].ts_ms);
      g_assert_cmpint (got[i].ltp, ==, expect[i].ltp);
      g_assert_cmpint (got[i].volume, ==, expect[i].volume);
      g_assert_cmpint (got[i].bid, ==, expect[i].bid);
      g_assert_cmpint (got[i].ask, ==, expect[i].ask);
      g_assert_cmpint (got[i].resync, ==, expect[i].resync);
    }

  /* Logged in, dropped, 401, refresh refused, logged in again. */
  g_assert_cmpuint (flow_test_smartapi_get_n_logins (server), ==, 2);
  g_assert_cmpuint (flow_test_smartapi_get_max_open_sockets (server), <=, 3);
  assert_no_problems (server);

  /* The footprint of the recording equals that of the expected snapshots. */
  writer = flow_journal_writer_open (expected_journal, "NIFTY", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      FlowSnapshot s = { .ts_ms = expect[i].ts_ms, .ltp = expect[i].ltp,
                         .volume = expect[i].volume, .bid = expect[i].bid,
                         .ask = expect[i].ask, .resync = expect[i].resync };

      g_assert_true (flow_journal_writer_append (writer, &s, &error));
    }
  g_assert_true (flow_journal_writer_close (writer, &error));
  flow_test_cli_run (&summary, NULL, "footprint", journal, "--summary", NULL);
  flow_test_cli_run (&expected_summary, NULL, "footprint", expected_journal, "--summary", NULL);
  g_assert_cmpint (summary.status, ==, 0);
  g_assert_cmpstr (summary.out, ==, expected_summary.out);
  flow_test_cli_run (&cells, NULL, "footprint", journal, NULL);
  flow_test_cli_run (&expected_cells, NULL, "footprint", expected_journal, NULL);
  g_assert_cmpstr (cells.out, ==, expected_cells.out);
  /* Bucket 09:15: 75 + 150 traded; bucket 09:16: 175 missed (gap), 75 traded. */
  g_assert_nonnull (strstr (summary.out, "2026-11-20T09:15:00+05:30,24500.00,24500.05,24499.95,"
                                         "24499.95,225,"));
  g_assert_nonnull (strstr (summary.out, "2026-11-20T09:16:00+05:30,24500.10,24500.15,24500.10,"
                                         "24500.15,75,"));
  g_assert_true (g_str_has_suffix (summary.out, ",175\n"));

  g_unlink (journal);
  g_unlink (expected_journal);
  flow_test_smartapi_free (server);
}

static void
test_record_logged_out (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autofree char *journal = temp_path ("refused.journal");
  g_auto(FlowTestCliResult) record = { 0 };

  set_account ("totp_secret=MFRGGZDFMZTWQ2LK\n");
  flow_test_cli_run (&record, NULL, "record", "--broker", "angel", "--journal", journal,
                     NULL);
  assert_one_line_failure (&record, "AB1050");
  /* No partial output on failure. */
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  set_account ("totp_secret=" FLOW_TEST_TOTP_SECRET "\n");
  flow_test_smartapi_free (server);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  keyring = flow_test_keyring_start ();
  g_test_add_func ("/cli-angel/login", test_login);
  g_test_add_func ("/cli-angel/record", test_record);
  g_test_add_func ("/cli-angel/record-logged-out", test_record_logged_out);
  status = g_test_run ();
  flow_test_keyring_stop (keyring);
  return status;
}

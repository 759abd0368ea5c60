/* test-cli-angel.c: orderflow-cli login angel and record --broker angel against a loopback
 * SmartAPI server, with the account in a real (private) keyring
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "flow-angel-feed.h"
#include "flow-ist.h"
#include "flow-journal-reader.h"
#include "flow-journal-writer.h"
#include "flow-test-assert.h"
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

/* The registered static IP, set like any other Angel One credential, goes out as
 * X-ClientPublicIP (the server checks every request); a loopback address is refused. */
static void
test_login_public_ip (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_auto(FlowTestCliResult) ok = { 0 };
  g_auto(FlowTestCliResult) bad = { 0 };
  g_auto(FlowTestCliResult) status = { 0 };
  g_auto(FlowTestCliResult) cleared = { 0 };

  set_account (ACCOUNT "public_ip=198.51.100.20\n");
  flow_test_smartapi_expect_public_ip (server, "198.51.100.20");
  flow_test_cli_run (&ok, NULL, "login", "angel", NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_cmpstr (ok.out, ==, "logged in as " FLOW_TEST_CLIENT_CODE "\n");
  g_assert_cmpstr (flow_test_smartapi_get_last_header (server, "X-ClientPublicIP"), ==,
                   "198.51.100.20");

  flow_test_cli_run (&bad, &(FlowTestCliOptions) { .stdin_text = "public_ip=127.0.0.1\n" },
                     "credentials", "set", "angel", NULL);
  assert_one_line_failure (&bad, "public_ip");
  flow_test_cli_run (&status, NULL, "credentials", "status", "angel", NULL);
  g_assert_nonnull (strstr (status.out, "\npublic_ip: set\n"));
  assert_no_problems (server);

  /* The other tests' servers expect the machine's own address. */
  flow_test_cli_run (&cleared, NULL, "credentials", "clear", "angel", NULL);
  g_assert_cmpint (cleared.status, ==, 0);
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
  /* A SnapQuote with 16 bytes more than this version reads: recorded all the same, and
   * counted on the status line. */
  {
    g_autoptr(GBytes) exact = snap_frame (&expect[1]);
    guint8 longer[FLOW_SMARTAPI_SNAP_QUOTE_LENGTH + 16];

    memcpy (longer, g_bytes_get_data (exact, NULL), FLOW_SMARTAPI_SNAP_QUOTE_LENGTH);
    memset (longer + FLOW_SMARTAPI_SNAP_QUOTE_LENGTH, 0x77, 16);
    g_ptr_array_add (c1, g_bytes_new (longer, sizeof longer));
  }
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
  g_assert_nonnull (strstr (record.err, ", Stopped): 5 snapshots"));
  g_assert_nonnull (strstr (record.err, ", 1 frame longer than expected, journal "));

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

/* ------------------------------------------------------------------------------------------
 * A hundred forced disconnects in one recording
 */

#define N_DROPS      100
#define MINUTE_MS    60000
/* Backoff of the product after a connection that carried data: equal jitter on its 1 s
 * minimum, so 0.5–1 s (flow-angel-feed.c). */
#define MIN_DELAY_US (FLOW_ANGEL_FEED_BACKOFF_MIN_MS / 2 * (gint64) 1000)

/* The status line's "…): N snapshots", or -1 when @line is not a status line. */
static gint64
status_count (const char *line)
{
  const char *counted = strstr (line, "): ");

  if (!g_str_has_prefix (line, "recording NIFTY (angel ") || counted == NULL)
    return -1;
  return (gint64) g_ascii_strtoull (counted + 3, NULL, 10);
}

typedef struct
{
  FlowTestCli *cli;
  gint64       n_expected;
  guint        n_lines;
  guint        n_reconnecting;   /* status lines that showed the feed reconnecting */
  gint64       last_count;
  gboolean     interrupted;
} Recording;

/* The user's Ctrl-C once every frame sent is in the journal, as the status line says. */
static void
on_record_line (const char *line,
                gpointer    user_data)
{
  Recording *recording = user_data;
  gint64 count = status_count (line);

  g_test_message ("%s", line);
  if (count < 0)
    return;
  recording->n_lines++;
  recording->last_count = count;
  if (strstr (line, ", Reconnecting): ") != NULL &&
      strstr (line, "The connection to Angel One was lost") != NULL)
    recording->n_reconnecting++;
  if (count >= recording->n_expected && !recording->interrupted)
    {
      recording->interrupted = TRUE;
      g_subprocess_send_signal (flow_test_cli_get_process (recording->cli), SIGINT);
    }
}

/* Tick @i of the market: one trade a second, alternating sides, 25–100 contracts. */
static void
market_tick (guint         i,
             gint64        ts_ms,
             gint64       *volume,
             FlowSnapshot *s)
{
  memset (s, 0, sizeof *s);
  *volume += 25 * (1 + (gint64) (i % 4));
  s->ts_ms = ts_ms;
  s->ltp = 2450000 + (gint64) (i % 7) * 5 - (i % 2 == 0 ? 0 : 5);
  s->volume = *volume;
  s->bid = i % 2 == 0 ? s->ltp - 5 : s->ltp;
  s->ask = i % 2 == 0 ? s->ltp : s->ltp + 5;
}

/* `orderflow-cli record --broker angel` through 100 connections the server cuts without a
 * close frame, each after the first three ticks of its minute, at the product's own backoff,
 * until Ctrl-C. Before two disconnects in three, the last two ticks of the minute trade while
 * the socket is down: their volume, with that of the first tick after the reconnection (which
 * only sets the baseline), must be the gap of the next minute as `footprint --summary` prints
 * it. Before every third, nothing trades and the server repeats the last quote on subscribing:
 * counted once, not twice. The journal holds every frame sent, once, in order, resync exactly
 * on each connection's first; its footprint is the one of those frames. */
static void
test_record_hundred_disconnects (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autofree char *journal = temp_path ("drops.journal");
  g_autofree char *expected_journal = temp_path ("drops-expected.journal");
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));
  g_autoptr(FlowJournalReader) reader = NULL;
  g_autoptr(FlowJournalWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(FlowTestCliResult) record = { 0 };
  g_auto(FlowTestCliResult) summary = { 0 };
  g_auto(FlowTestCliResult) expected_summary = { 0 };
  g_auto(FlowTestCliResult) cells = { 0 };
  g_auto(FlowTestCliResult) expected_cells = { 0 };
  g_auto(GStrv) rows = NULL;
  gint64 gap_of_minute[N_DROPS + 1] = { 0 };
  gint64 volume = 10000, first_volume = 0, last_volume = 0, traded = 0, gap = 0, missed = 0;
  gint64 started_us, elapsed_us, min_delay = G_MAXINT64, max_delay = 0, sum_delay = 0;
  guint n_ticks = 0, n_resync = 0, n_gap_rows = 0, n_missed_gaps = 0;
  FlowSnapshot last_sent = { 0 };
  GArray *handshakes, *drops;
  Recording recording = { 0 };
  const FlowTestCliOptions options = {
    .timeout_s = 190,
    .on_stderr_line = on_record_line,
    .line_data = &recording,
  };
  /* --duration only ends a run whose Ctrl-C never came. */
  const char *args[] = { "record", "--broker", "angel", "--journal", journal, "--duration",
                         "170", NULL };
  FlowSnapshot batch[256];
  gsize n_read;

  set_account (ACCOUNT);
  for (guint k = 0; k <= N_DROPS; k++)
    {
      g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      gint64 minute_ms = START_MS + k * (gint64) MINUTE_MS;
      gboolean quiet = k > 0 && k % 3 == 0;
      FlowSnapshot s;

      if (quiet)
        {
          /* Nothing traded while disconnected; the server sends the quote it last sent. */
          s = last_sent;
          s.resync = TRUE;
          g_ptr_array_add (frames, snap_frame (&(Expect) { s.ts_ms, s.ltp, s.volume, s.bid,
                                                           s.ask, TRUE }));
          g_array_append_val (expected, s);
        }
      for (guint t = 0; t < 3; t++)
        {
          market_tick (n_ticks++, minute_ms + 500 + t * 1000, &volume, &s);
          s.resync = t == 0 && !quiet;
          if (k == 0 && t == 0)
            first_volume = s.volume;
          if (s.resync && k > 0)
            {
              gap_of_minute[k] = s.volume - last_sent.volume;
              missed += gap_of_minute[k];
              n_missed_gaps++;
            }
          g_ptr_array_add (frames, snap_frame (&(Expect) { s.ts_ms, s.ltp, s.volume, s.bid,
                                                           s.ask, s.resync }));
          g_array_append_val (expected, s);
          last_sent = s;
        }
      /* Before a connection that does not start quiet, two more ticks trade unseen. */
      if (k < N_DROPS && (k + 1) % 3 != 0)
        for (guint t = 3; t < 5; t++)
          market_tick (n_ticks++, minute_ms + 500 + t * 1000, &volume, &s);
      flow_test_smartapi_add_connection (server, frames,
                                         k < N_DROPS ? FLOW_TEST_END_DROP : FLOW_TEST_END_KEEP,
                                         FLOW_TEST_AFTER_NOTHING);
    }
  last_volume = last_sent.volume;

  recording.n_expected = expected->len;
  started_us = g_get_monotonic_time ();
  recording.cli = flow_test_cli_spawn (&options, args);
  flow_test_cli_wait (recording.cli, &record);
  elapsed_us = g_get_monotonic_time () - started_us;
  if (record.status != 0)
    g_printerr ("%s", record.err);
  g_assert_true (record.exited);
  g_assert_cmpint (record.status, ==, 0);
  /* Ended by the Ctrl-C, not by --duration. */
  g_assert_true (recording.interrupted);
  g_assert_cmpstr (record.out, ==, "");
  g_assert_null (strstr (record.err, "orderflow-cli:"));
  g_assert_null (strstr (record.err, "eyJ"));
  /* The last status line, printed after the stop, counts what the journal holds, and every
   * reconnection (each one a gap, whose volume `footprint --summary` reports). */
  g_assert_cmpint (recording.last_count, ==, expected->len);
  g_assert_nonnull (strstr (record.err, ", Stopped): "));
  g_assert_nonnull (strstr (record.err, ", 100 reconnections (gaps in footprint --summary)"));

  /* The server's view: one login for the whole run, every connection played to its end, never
   * more sockets than Angel One allows, and each reconnection after the product's backoff:
   * at least its 0.5 s floor, reset by the data each connection carried (no growth). */
  g_assert_true (flow_test_smartapi_scripts_done (server));
  g_assert_cmpuint (flow_test_smartapi_get_n_logins (server), ==, 1);
  g_assert_cmpuint (flow_test_smartapi_get_max_open_sockets (server), <=,
                    FLOW_ANGEL_FEED_MAX_SOCKETS);
  assert_no_problems (server);
  handshakes = flow_test_smartapi_get_handshake_times (server);
  drops = flow_test_smartapi_get_drop_times (server);
  g_assert_cmpuint (drops->len, ==, N_DROPS);
  g_assert_cmpuint (handshakes->len, ==, N_DROPS + 1);
  for (guint k = 0; k < N_DROPS; k++)
    {
      gint64 delay = g_array_index (handshakes, gint64, k + 1) - g_array_index (drops, gint64, k);

      min_delay = MIN (min_delay, delay);
      max_delay = MAX (max_delay, delay);
      sum_delay += delay;
    }
  g_test_message ("%u disconnects in %.1f s; reconnected after %.3f to %.3f s, %.3f s on average",
                  N_DROPS, elapsed_us / 1e6, min_delay / 1e6, max_delay / 1e6,
                  sum_delay / 1e6 / N_DROPS);
  g_assert_cmpint (min_delay, >=, MIN_DELAY_US);
  g_assert_cmpint (max_delay, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpint (sum_delay / N_DROPS, <, 1250 * 1000);

  /* The journal: every frame sent, once, in order, resync on each connection's first. */
  reader = flow_journal_reader_open (journal, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (flow_journal_reader_get_instrument (reader), ==, "NIFTY");
  while (flow_journal_reader_read (reader, batch, G_N_ELEMENTS (batch), &n_read, &error) &&
         n_read > 0)
    g_array_append_vals (got, batch, (guint) n_read);
  g_assert_no_error (error);
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      const FlowSnapshot *a = &g_array_index (got, FlowSnapshot, i);
      const FlowSnapshot *b = &g_array_index (expected, FlowSnapshot, i);

      flow_test_assert_quotes_equal (a, b);
      n_resync += a->resync;
    }
  g_assert_cmpuint (n_resync, ==, N_DROPS + 1);

  /* Its footprint equals that of the frames sent, cell by cell and bucket by bucket. */
  writer = flow_journal_writer_open (expected_journal, "NIFTY", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < expected->len; i++)
    g_assert_true (flow_journal_writer_append (writer, &g_array_index (expected, FlowSnapshot, i),
                                               &error));
  g_assert_true (flow_journal_writer_close (writer, &error));
  flow_test_cli_run (&summary, NULL, "footprint", journal, "--summary", NULL);
  flow_test_cli_run (&expected_summary, NULL, "footprint", expected_journal, "--summary", NULL);
  g_assert_cmpint (summary.status, ==, 0);
  g_assert_cmpstr (summary.err, ==, "");
  g_assert_cmpstr (summary.out, ==, expected_summary.out);
  flow_test_cli_run (&cells, NULL, "footprint", journal, NULL);
  flow_test_cli_run (&expected_cells, NULL, "footprint", expected_journal, NULL);
  g_assert_cmpint (cells.status, ==, 0);
  g_assert_cmpstr (cells.out, ==, expected_cells.out);

  /* What the user reads: one row per minute; each disconnect that missed trades shows its
   * exact volume as the gap of the minute it ended in, and nothing else is a gap. Traded
   * volume and gaps add up to the day's volume from the first tick: nothing counted twice,
   * nothing lost. */
  rows = g_strsplit (summary.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 1 + (N_DROPS + 1) + 1);
  g_assert_cmpstr (rows[N_DROPS + 2], ==, "");
  for (guint k = 0; k <= N_DROPS; k++)
    {
      g_auto(GStrv) fields = g_strsplit (rows[k + 1], ",", -1);
      g_autofree char *start = flow_ist_format_iso (START_MS + k * (gint64) MINUTE_MS);

      g_assert_cmpuint (g_strv_length (fields), ==, 12);
      g_assert_cmpstr (fields[0], ==, start);
      g_assert_cmpint (g_ascii_strtoll (fields[11], NULL, 10), ==, gap_of_minute[k]);
      traded += g_ascii_strtoll (fields[5], NULL, 10);
      gap += g_ascii_strtoll (fields[11], NULL, 10);
      n_gap_rows += gap_of_minute[k] > 0;
    }
  g_test_message ("footprint: traded %" G_GINT64_FORMAT ", gap %" G_GINT64_FORMAT " in %u "
                  "minutes; %u of %u status lines showed a reconnection", traded, gap,
                  n_gap_rows, recording.n_reconnecting, recording.n_lines);
  g_assert_cmpuint (n_gap_rows, ==, n_missed_gaps);
  g_assert_cmpuint (n_missed_gaps, ==, N_DROPS - N_DROPS / 3);
  g_assert_cmpint (gap, ==, missed);
  g_assert_cmpint (traded + gap, ==, last_volume - first_volume);

  g_unlink (journal);
  g_unlink (expected_journal);
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
  g_test_add_func ("/cli-angel/login-public-ip", test_login_public_ip);
  g_test_add_func ("/cli-angel/record", test_record);
  g_test_add_func ("/cli-angel/record-logged-out", test_record_logged_out);
  g_test_add_func ("/cli-angel/record-100-disconnects", test_record_hundred_disconnects);
  status = g_test_run ();
  flow_test_keyring_stop (keyring);
  return status;
}

/* test-cli-upstox.c: orderflow-cli login upstox, oi --broker upstox and record --broker upstox
 * against a loopback server
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "flow-credentials.h"
#include "flow-ist.h"
#include "flow-test-cli.h"
#include "flow-test-keyring.h"
#include "flow-test-loop.h"
#include "flow-test-upstox-frames.h"
#include "flow-test-upstox-server.h"
#include "flow-test-upstox-stream-server.h"
#include "flow-upstox-option-chain.h"

#define JSON "application/json"

static FlowTestKeyring *keyring;

typedef struct
{
  FlowTestUpstox *server;
  char           *directory;
  char           *record;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = flow_test_upstox_new ();
  fixture->directory = g_dir_make_tmp ("test-cli-upstox-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->record = g_build_filename (fixture->directory, "session.jsonl", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_unlink (fixture->record);
  g_rmdir (fixture->directory);
  flow_test_upstox_free (fixture->server);
  g_free (fixture->directory);
  g_free (fixture->record);
}

/* 11 strikes 50 apart from 24000, keys NSE_FO|<1000 + 2i> (CE) and NSE_FO|<1001 + 2i> (PE). */
static char *
chain_body (const char *expiry,
            double      spot,
            gint64      oi_base)
{
  g_autoptr(FlowOptionChain) chain = flow_option_chain_new (0, "NIFTY", expiry, spot);
  g_autoptr(JsonNode) body = NULL;

  for (guint i = 0; i < 11; i++)
    {
      g_autofree char *ce_key = g_strdup_printf ("NSE_FO|%u", 1000 + 2 * i);
      g_autofree char *pe_key = g_strdup_printf ("NSE_FO|%u", 1001 + 2 * i);
      FlowOptionSide ce = { TRUE, ce_key, oi_base + 1000 * i, 100, 10 };
      FlowOptionSide pe = { TRUE, pe_key, oi_base + 2000 * i, 90, 10 };

      flow_option_chain_add_strike (chain, 24000 + 50 * i, &ce, &pe);
    }
  body = flow_upstox_option_chain_serialize (chain);
  return json_to_string (body, FALSE);
}

/* 40 closed minutes (newest first) and the minute still forming, which must not count. */
static char *
candles_body (gint64 oi_now)
{
  GString *body = g_string_new ("{\"status\":\"success\",\"data\":{\"candles\":[");
  gint64 minute = (g_get_real_time () / 1000 / 60000) * 60000;

  for (int i = 0; i <= 40; i++)
    {
      g_autofree char *start = flow_ist_format_iso (minute - (gint64) (i + 1) * 60000 + 60000);

      g_string_append_printf (body, "%s[\"%s\",10,11,9,10,150,%" G_GINT64_FORMAT "]",
                              i > 0 ? "," : "", start, i == 0 ? 1 : oi_now - 300 * i);
    }
  g_string_append (body, "]}}");
  return g_string_free (body, FALSE);
}

static void
serve_session (Fixture *fixture)
{
  gint64 now = g_get_real_time () / 1000;
  g_autofree char *yesterday = flow_ist_format_date (now - FLOW_DAY_MS);
  g_autofree char *next_week = flow_ist_format_date (now + 7 * FLOW_DAY_MS);
  g_autofree char *in_two_weeks = flow_ist_format_date (now + 14 * FLOW_DAY_MS);
  g_autofree char *contracts = g_strdup_printf (
    "{\"status\":\"success\",\"data\":[{\"expiry\":\"%s\",\"weekly\":true},"
    "{\"expiry\":\"%s\",\"weekly\":false},{\"expiry\":\"%s\",\"weekly\":true}]}",
    in_two_weeks, next_week, yesterday);
  g_autofree char *chain_a = chain_body (next_week, 24212, 100000);
  g_autofree char *chain_b = chain_body (next_week, 24290, 101000);
  g_autofree char *candles = candles_body (100000);

  flow_test_upstox_push (fixture->server, "/v2/option/contract", 200, JSON, contracts);
  /* The first tells which contracts to backfill; the ATM then moves from 24200 to 24300. */
  flow_test_upstox_push (fixture->server, "/v2/option/chain", 200, JSON, chain_a);
  flow_test_upstox_push (fixture->server, "/v2/option/chain", 200, JSON, chain_a);
  flow_test_upstox_push (fixture->server, "/v2/option/chain", 200, JSON, chain_b);
  flow_test_upstox_push (fixture->server, "/v3/historical-candle/intraday/", 200, JSON, candles);
}

static void
test_oi_record_replay (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *tomorrow = flow_ist_format_iso (g_get_real_time () / 1000 + FLOW_DAY_MS);
  g_autofree char *next_week = flow_ist_format_date (g_get_real_time () / 1000 +
                                                     7 * FLOW_DAY_MS);
  g_autofree char *contents = NULL;
  g_auto(FlowTestCliResult) live = { 0 };
  g_auto(FlowTestCliResult) replayed = { 0 };
  g_auto(GStrv) lines = NULL;
  g_auto(GStrv) recorded = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  JsonObject *atm_ce;

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "access_token", "test-token", "access_token_expires",
                           tomorrow, NULL);
  serve_session (fixture);
  flow_test_cli_run (&live, NULL, "oi", "--broker", "upstox", "--count", "2", "--refresh", "1",
                     "--record", fixture->record, NULL);
  g_assert_cmpstr (live.err, ==, "");
  g_assert_cmpint (live.status, ==, 0);

  lines = g_strsplit (live.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  first = json_from_string (lines[0], NULL);
  second = json_from_string (lines[1], NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (first), "expiry"), ==,
                   next_week);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (first), "atm"), ==, 24200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (second), "atm"), ==, 24300);
  /* The backfill fills every column of the first table: the ATM call is row 3. */
  atm_ce = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (json_node_get_object (first),
                                                                 "rows"), 3), "ce");
  g_assert_false (json_object_get_null_member (json_object_get_object_member (atm_ce, "pct"),
                                               "30"));

  /* Expiries, the probe, 14 contracts' candles, two chains: in that order in the recording. */
  g_assert_cmpuint (flow_test_upstox_get_hits (fixture->server, "/v2/option/contract"), ==, 1);
  g_assert_cmpuint (flow_test_upstox_get_hits (fixture->server, "/v3/historical-candle/"), ==, 14);
  g_assert_cmpuint (flow_test_upstox_get_hits (fixture->server, "/v2/option/chain"), ==, 3);
  g_assert_true (g_file_get_contents (fixture->record, &contents, NULL, NULL));
  recorded = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (recorded), ==, 17);
  g_assert_true (g_str_has_prefix (recorded[0], "{\"time\":"));
  g_assert_nonnull (strstr (recorded[0], "\"source\":\"upstox.intraday_candles\","
                                         "\"instrument_key\":\"NSE_FO|"));
  g_assert_nonnull (strstr (recorded[15], "\"source\":\"upstox.option_chain\",\"body\":"
                                          "{\"status\":\"success\""));

  flow_test_cli_run (&replayed, NULL, "oi", "--replay", fixture->record, NULL);
  g_assert_cmpstr (replayed.err, ==, "");
  g_assert_cmpint (replayed.status, ==, 0);
  g_assert_cmpstr (replayed.out, ==, live.out);
}

/* The index of another underlying comes from the instruments file, as in the window: FINNIFTY
 * is NSE_INDEX|Nifty Fin Service, not a name made from "FINNIFTY"; one Upstox never lists says
 * so and asks Upstox nothing. */
static void
test_oi_index_key (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *tomorrow = flow_ist_format_iso (g_get_real_time () / 1000 + FLOW_DAY_MS);
  g_autoptr(FlowTestUpstoxStream) files = flow_test_upstox_stream_new (fixture->server);
  g_autoptr(GBytes) nse = flow_test_upstox_instruments (g_get_real_time () / 1000 +
                                                        3 * FLOW_DAY_MS);
  g_auto(FlowTestCliResult) finnifty = { 0 };
  g_auto(FlowTestCliResult) unknown = { 0 };
  g_autofree char *key = NULL;

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "access_token", "test-token", "access_token_expires",
                           tomorrow, NULL);
  flow_test_upstox_stream_set_instruments (files, nse);
  serve_session (fixture);
  flow_test_cli_run (&finnifty, NULL, "oi", "--broker", "upstox", "--underlying", "FINNIFTY",
                     "--count", "1", "--refresh", "1", NULL);
  g_assert_cmpstr (finnifty.err, ==, "");
  g_assert_cmpint (finnifty.status, ==, 0);
  key = flow_test_upstox_get_last_param (fixture->server, "/v2/option/chain", "instrument_key");
  g_assert_cmpstr (key, ==, FLOW_TEST_UPSTOX_FINNIFTY_INDEX);

  flow_test_cli_run (&unknown, NULL, "oi", "--broker", "upstox", "--underlying", "NOSUCHINDEX",
                     "--count", "1", "--refresh", "1", NULL);
  g_assert_cmpint (unknown.status, !=, 0);
  g_assert_nonnull (strstr (unknown.err, "No Upstox index found for NOSUCHINDEX"));
  g_assert_cmpuint (flow_test_upstox_get_hits (fixture->server, "/v2/option/contract"), ==, 1);
}

/* A rejected token ends the run with the reason, and leaves no recording behind. */
static void
test_oi_signed_out (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *tomorrow = flow_ist_format_iso (g_get_real_time () / 1000 + FLOW_DAY_MS);
  g_auto(FlowTestCliResult) rejected = { 0 };
  g_auto(FlowTestCliResult) missing = { 0 };

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "access_token", "revoked", "access_token_expires",
                           tomorrow, NULL);
  serve_session (fixture);
  flow_test_cli_run (&rejected, NULL, "oi", "--broker", "upstox", "--count", "1", "--refresh",
                     "1", "--record", fixture->record, NULL);
  g_assert_cmpint (rejected.status, ==, 1);
  g_assert_true (g_str_has_prefix (rejected.err, "orderflow-cli: Upstox no longer accepts"));
  g_assert_nonnull (strstr (rejected.err, "UDAPI100050"));
  g_assert_null (strstr (rejected.err, "revoked"));
  g_assert_cmpstr (rejected.out, ==, "");
  g_assert_false (g_file_test (fixture->record, G_FILE_TEST_EXISTS));

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "api_key", "k", NULL);
  flow_test_cli_run (&missing, NULL, "oi", "--broker", "upstox", "--count", "1", "--refresh",
                     "1", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_true (g_str_has_prefix (missing.err, "orderflow-cli: Not signed in to Upstox"));

}

/* A rate limit or a server's HTML page is a warning and a retry at the next tick, not the end
 * of the run. */
static void
test_oi_transient (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *next_week = flow_ist_format_date (g_get_real_time () / 1000 +
                                                     7 * FLOW_DAY_MS);
  g_autofree char *contracts = g_strdup_printf ("{\"status\":\"success\",\"data\":"
                                                "[{\"expiry\":\"%s\"}]}", next_week);
  g_autofree char *chain = chain_body (next_week, 24212, 100000);
  g_autofree char *candles = candles_body (100000);
  g_auto(FlowTestCliResult) busy = { 0 };
  g_auto(GStrv) lines = NULL;

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "analytics_token", "test-token", NULL);
  flow_test_upstox_push (fixture->server, "/v2/option/contract", 429, JSON,
                         "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"UDAPI10005\","
                         "\"message\":\"Too Many Request Sent\"}]}");
  flow_test_upstox_push (fixture->server, "/v2/option/contract", 200, JSON, contracts);
  flow_test_upstox_push (fixture->server, "/v2/option/chain", 502, "text/html",
                         "<html><body>Bad Gateway</body></html>");
  flow_test_upstox_push (fixture->server, "/v2/option/chain", 200, JSON, chain);
  flow_test_upstox_push (fixture->server, "/v3/historical-candle/intraday/", 200, JSON, candles);

  flow_test_cli_run (&busy, NULL, "oi", "--broker", "upstox", "--count", "1", "--refresh", "1",
                     NULL);
  g_assert_cmpint (busy.status, ==, 0);
  g_assert_nonnull (strstr (busy.err, "orderflow-cli: warning: Upstox is limiting"));
  g_assert_nonnull (strstr (busy.err, "orderflow-cli: warning: Upstox had a server error"));
  lines = g_strsplit (busy.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
}

static void
on_stdout_line (const char *line,
                gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (line));
}

static gboolean
has_a_line (gpointer user_data)
{
  GPtrArray *lines = user_data;

  return lines->len > 0;
}

/* The script's view of cli.md: read "open: URL", be the browser, read "logged in as". */
static void
test_login (Fixture       *fixture,
            gconstpointer  data)
{
  guint16 port = flow_test_free_port ();
  g_autofree char *redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const FlowTestCliOptions options = { .on_stdout_line = on_stdout_line, .line_data = lines };
  const char *args[] = { "login", "upstox", "--no-browser", NULL };
  g_auto(FlowTestCliResult) login = { 0 };
  FlowTestCli *cli;
  g_autoptr(GError) error = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GHashTable) values = NULL;
  const char *open_line;
  g_autofree char *callback = NULL;
  g_auto(FlowTestPage) page = { 0 };

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "api_key", "app-key", "api_secret", "app-secret",
                           "redirect_uri", redirect_uri, NULL);
  flow_test_upstox_add_code (fixture->server, "one-time", "fresh-token", "AB1234");
  cli = flow_test_cli_spawn (&options, args);

  /* The line comes while the command waits for the browser. */
  flow_test_run_until (has_a_line, lines, 30);
  open_line = g_ptr_array_index (lines, 0);
  g_assert_true (g_str_has_prefix (open_line, "open: "));
  g_assert_true (g_str_has_prefix (open_line + 6, flow_test_upstox_get_url (fixture->server)));
  uri = g_uri_parse (open_line + 6, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (params, "client_id"), ==, "app-key");
  g_assert_cmpstr (g_hash_table_lookup (params, "redirect_uri"), ==, redirect_uri);

  callback = g_strdup_printf ("%s?code=one-time&state=%s", redirect_uri,
                              (char *) g_hash_table_lookup (params, "state"));
  flow_test_browse (callback, &page);
  g_assert_cmpuint (page.status, ==, 200);

  flow_test_cli_wait (cli, &login);
  g_assert_cmpuint (lines->len, >=, 2);
  g_assert_cmpstr (g_ptr_array_index (lines, 1), ==, "logged in as AB1234");
  g_assert_true (login.exited);
  g_assert_cmpint (login.status, ==, 0);

  values = flow_credentials_lookup_all_sync (credentials, FLOW_BROKER_UPSTOX, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (values, "access_token"), ==, "fresh-token");
  g_assert_nonnull (g_hash_table_lookup (values, "access_token_expires"));
}

static void
test_login_failures (Fixture       *fixture,
                     gconstpointer  data)
{
  g_auto(FlowTestCliResult) unset = { 0 };
  g_auto(FlowTestCliResult) remote = { 0 };
  g_auto(FlowTestCliResult) usage = { 0 };

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "api_key", "app-key", NULL);
  flow_test_cli_run (&unset, NULL, "login", "upstox", "--no-browser", NULL);
  g_assert_cmpint (unset.status, ==, 1);
  g_assert_nonnull (strstr (unset.err, "missing: api_secret, redirect_uri"));

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "api_key", "app-key", "api_secret", "app-secret",
                           "redirect_uri", "https://example.com/callback", NULL);
  flow_test_cli_run (&remote, NULL, "login", "upstox", "--no-browser", NULL);
  g_assert_cmpint (remote.status, ==, 1);
  g_assert_nonnull (strstr (remote.err, "not an http:// address on this computer"));
  g_assert_cmpstr (remote.out, ==, "");

  flow_test_cli_run (&usage, NULL, "login", "upstox", "--browser", NULL);
  g_assert_cmpint (usage.status, ==, 2);
}

static GBytes *
future_tick (FlowUpstoxFrameType type,
             gint64              ts_ms,
             double              ltp,
             gint64              vtt,
             double              bid,
             double              ask)
{
  FlowTestUpstoxTick tick = {
    .instrument_key = FLOW_TEST_UPSTOX_FUTURE_KEY,
    .type = type,
    .current_ts_ms = ts_ms,
    .with_ltpc = TRUE, .ltp = ltp, .ltt_ms = ts_ms, .ltq = 75, .cp = 24400.0,
    .with_depth = TRUE, .bid = bid, .bid_qty = 75, .ask = ask, .ask_qty = 150,
    .vtt = vtt, .oi = 1234500,
  };

  return flow_test_upstox_encode_tick (&tick);
}

/* record --broker upstox: the v3 feed into a journal, through a dropped socket, and the
 * journal's footprint exactly what was traded (the volume missed while down is the gap). */
static void
test_record (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(FlowTestUpstoxStream) stream = flow_test_upstox_stream_new (fixture->server);
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) instruments = NULL;
  g_autofree char *journal = g_build_filename (fixture->directory, "nifty.journal", NULL);
  g_auto(FlowTestCliResult) recorded = { 0 };
  g_auto(FlowTestCliResult) summary = { 0 };
  g_auto(FlowTestCliResult) signed_out = { 0 };
  gint64 now = g_get_real_time () / 1000;
  /* The minute before this one, so every tick falls in one bucket. */
  gint64 minute = (now / 60000 - 1) * 60000;
  g_autofree char *bucket = flow_ist_format_iso (minute);
  g_autofree char *expected = NULL;

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "analytics_token", "test-token", NULL);
  instruments = flow_test_upstox_instruments (now + 3 * FLOW_DAY_MS);
  flow_test_upstox_stream_set_instruments (stream, instruments);
  g_ptr_array_add (first, flow_test_upstox_encode_market_info (minute, "NSE_FO", 2));
  g_ptr_array_add (first, future_tick (FLOW_UPSTOX_FRAME_INITIAL_FEED, minute + 1000, 24500.00,
                                       1000, 24499.95, 24500.00));
  g_ptr_array_add (first, future_tick (FLOW_UPSTOX_FRAME_LIVE_FEED, minute + 2000, 24500.00,
                                       1150, 24499.95, 24500.05));
  flow_test_upstox_stream_add_connection (stream, first, FLOW_TEST_END_DROP);
  g_ptr_array_add (second, future_tick (FLOW_UPSTOX_FRAME_INITIAL_FEED, minute + 5000, 24499.95,
                                        1450, 24499.95, 24500.05));
  g_ptr_array_add (second, future_tick (FLOW_UPSTOX_FRAME_LIVE_FEED, minute + 6000, 24499.95,
                                        1525, 24499.90, 24500.00));
  flow_test_upstox_stream_add_connection (stream, second, FLOW_TEST_END_KEEP);

  flow_test_cli_run (&recorded, NULL, "record", "--broker", "upstox", "--instrument", "NIFTY",
                     "--snapshots", "4", "--journal", journal, NULL);
  g_assert_cmpint (recorded.status, ==, 0);
  g_assert_cmpstr (recorded.out, ==, "");
  g_assert_nonnull (strstr (recorded.err, "recording NIFTY (upstox " FLOW_TEST_UPSTOX_FUTURE_SYMBOL
                                          ", Stopped): 4 snapshots"));
  g_assert_nonnull (strstr (recorded.err, "1 reconnection"));
  g_assert_null (strstr (recorded.err, "test-token"));
  g_assert_cmpuint (flow_test_upstox_stream_get_n_authorizations (stream), ==, 2);
  g_assert_cmpuint (flow_test_upstox_stream_get_problems (stream)->len, ==, 0);

  /* 150 bought at the ask, 300 missed while down, 75 sold at the bid. */
  flow_test_cli_run (&summary, NULL, "footprint", journal, "--summary", NULL);
  g_assert_cmpint (summary.status, ==, 0);
  expected = g_strdup_printf ("bucket_start,open,high,low,close,volume,buy_volume,sell_volume,"
                              "delta,cum_delta,poc,gap_volume\n"
                              "%s,24500.00,24500.00,24499.95,24499.95,225,150,75,75,75,24500.00,300\n",
                              bucket);
  g_assert_cmpstr (summary.out, ==, expected);

  /* A token Upstox refuses ends the run with the reason, and no journal is left behind. */
  g_unlink (journal);
  flow_test_upstox_set_token (fixture->server, "another-token");
  flow_test_cli_run (&signed_out, NULL, "record", "--broker", "upstox", "--duration", "20",
                     "--journal", journal, NULL);
  g_assert_cmpint (signed_out.status, ==, 1);
  g_assert_true (g_str_has_prefix (signed_out.err, "orderflow-cli: "));
  g_assert_nonnull (strstr (signed_out.err, "UDAPI100050"));
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  keyring = flow_test_keyring_start ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli-upstox/oi/record-replay", test_oi_record_replay);
  ADD ("/cli-upstox/oi/signed-out", test_oi_signed_out);
  ADD ("/cli-upstox/oi/transient", test_oi_transient);
  ADD ("/cli-upstox/oi/index-key", test_oi_index_key);
  ADD ("/cli-upstox/record", test_record);
  ADD ("/cli-upstox/login", test_login);
  ADD ("/cli-upstox/login-failures", test_login_failures);
#undef ADD

  status = g_test_run ();
  flow_test_keyring_stop (keyring);
  return status;
}

/* test-cli-candles.c: orderflow-cli candles on loopback SmartAPI and Upstox servers
 *
 * A day's one-minute candles of the near-month future as CSV (cli.md, section Candles): rows
 * aggregated into buckets of --interval, OI from getOIData (Angel One) or the candles
 * themselves (Upstox); a day without candles prints the header only; a broker's rate limit is
 * waited out; a refusal (AB1004) is a one-line error.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "flow-credentials.h"
#include "flow-ist.h"
#include "flow-test-cli.h"
#include "flow-test-keyring.h"
#include "flow-test-smartapi-server.h"
#include "flow-test-upstox-stream-server.h"

#define ACCOUNT  "api_key=" FLOW_TEST_API_KEY "\nclient_code=" FLOW_TEST_CLIENT_CODE "\n" \
                 "pin=" FLOW_TEST_PIN "\ntotp_secret=" FLOW_TEST_TOTP_SECRET "\n"
#define CANDLES  "/rest/secure/angelbroking/historical/v1/getCandleData"
#define OI_DATA  "/rest/secure/angelbroking/historical/v1/getOIData"
#define JSON     "application/json"
#define HEADER   "bucket_start,open,high,low,close,volume,oi\n"
#define MINUTE   G_GINT64_CONSTANT (60000)

static FlowTestKeyring *keyring;

static void
set_angel_account (void)
{
  const FlowTestCliOptions input = { .stdin_text = ACCOUNT };
  g_auto(FlowTestCliResult) result = { 0 };

  flow_test_cli_run (&result, &input, "credentials", "set", "angel", NULL);
  g_assert_cmpint (result.status, ==, 0);
}

static gint64
today_open (void)
{
  return flow_ist_at_time_of_day (g_get_real_time () / 1000, (9 * 60 + 15) * MINUTE);
}

/* Five minutes from 09:15 of @day_open_ms, oldest first as SmartAPI sends them. */
static char *
angel_candles (gint64 day_open_ms)
{
  static const double rows[5][5] = {
    { 24500.00, 24510.50, 24495.00, 24505.00, 1500 },
    { 24505.00, 24530.00, 24500.00, 24525.25, 2000 },
    { 24525.25, 24526.00, 24490.00, 24491.00, 1000 },
    { 24491.00, 24515.00, 24490.05, 24510.00, 1800 },
    { 24510.00, 24522.00, 24505.00, 24520.00, 1200 },
  };
  GString *body = g_string_new ("{\"status\":true,\"message\":\"SUCCESS\",\"errorcode\":\"\","
                                "\"data\":[");

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *time = flow_ist_format_iso (day_open_ms + i * MINUTE);

      g_string_append_printf (body, "%s[\"%s\",%.2f,%.2f,%.2f,%.2f,%.0f]", i > 0 ? "," : "",
                              time, rows[i][0], rows[i][1], rows[i][2], rows[i][3], rows[i][4]);
    }
  g_string_append (body, "]}");
  return g_string_free (body, FALSE);
}

static char *
angel_oi (gint64 day_open_ms)
{
  GString *body = g_string_new ("{\"status\":true,\"message\":\"SUCCESS\",\"errorcode\":\"\","
                                "\"data\":[");

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *time = flow_ist_format_iso (day_open_ms + i * MINUTE);

      g_string_append_printf (body, "%s{\"time\":\"%s\",\"oi\":%d}", i > 0 ? "," : "", time,
                              1230000 + 1500 * i);
    }
  g_string_append (body, "]}");
  return g_string_free (body, FALSE);
}

static char *
expected_row (gint64      start_ms,
              const char *rest)
{
  g_autofree char *time = flow_ist_format_iso (start_ms);

  return g_strconcat (time, ",", rest, "\n", NULL);
}

/* Angel One: five minutes into one 5-minute bucket (first open, highest high, lowest low, last
 * close, summed volume, the last OI), and one row a minute at 1m; the request as §5 says. */
static void
test_angel (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  gint64 open = today_open ();
  g_autofree char *candles = angel_candles (open);
  g_autofree char *oi = angel_oi (open);
  g_autofree char *bucket = expected_row (open, "24500.00,24530.00,24490.00,24520.00,7500,1236000");
  g_autofree char *expected = g_strconcat (HEADER, bucket, NULL);
  g_autofree char *first_minute = expected_row (open, "24500.00,24510.50,24495.00,24505.00,1500,1230000");
  g_autofree char *date = flow_ist_format_date (open);
  g_autofree char *from = g_strdup_printf ("\"fromdate\":\"%s 09:15\"", date);
  g_auto(FlowTestCliResult) five = { 0 };
  g_auto(FlowTestCliResult) one = { 0 };
  GPtrArray *bodies = flow_test_smartapi_get_history_bodies (server);
  g_auto(GStrv) lines = NULL;

  set_angel_account ();
  flow_test_smartapi_push_history (server, CANDLES, 200, JSON, candles);
  flow_test_smartapi_push_history (server, OI_DATA, 200, JSON, oi);
  flow_test_cli_run (&five, NULL, "candles", "--broker", "angel", "--interval", "5m", NULL);
  g_assert_cmpstr (five.err, ==, "");
  g_assert_cmpint (five.status, ==, 0);
  g_assert_cmpstr (five.out, ==, expected);

  g_assert_cmpuint (bodies->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *body = g_ptr_array_index (bodies, i);

      g_assert_nonnull (strstr (body, "\"symboltoken\":\"" FLOW_TEST_FUTURE_TOKEN "\""));
      g_assert_nonnull (strstr (body, "\"exchange\":\"NFO\""));
      g_assert_nonnull (strstr (body, "\"interval\":\"ONE_MINUTE\""));
      g_assert_nonnull (strstr (body, from));
    }

  flow_test_smartapi_push_history (server, CANDLES, 200, JSON, candles);
  flow_test_smartapi_push_history (server, OI_DATA, 200, JSON, oi);
  flow_test_cli_run (&one, NULL, "candles", "--broker", "angel", "--date", date, NULL);
  g_assert_cmpint (one.status, ==, 0);
  lines = g_strsplit (one.out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);
  g_assert_cmpstr (lines[0], ==, "bucket_start,open,high,low,close,volume,oi");
  g_assert_true (g_str_has_prefix (one.out + strlen (HEADER), first_minute));
  flow_test_smartapi_free (server);
}

/* No candles (a holiday): the header alone, exit 0, and no OI asked for. A refusal ends the
 * run with its code on one line. The historical API's rate limit is waited out. */
static void
test_angel_failures (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autofree char *candles = angel_candles (today_open ());
  g_auto(FlowTestCliResult) holiday = { 0 };
  g_auto(FlowTestCliResult) refused = { 0 };
  g_auto(FlowTestCliResult) limited = { 0 };

  set_angel_account ();
  flow_test_cli_run (&holiday, NULL, "candles", "--broker", "angel", NULL);
  g_assert_cmpint (holiday.status, ==, 0);
  g_assert_cmpstr (holiday.out, ==, HEADER);
  g_assert_cmpuint (flow_test_smartapi_get_history_bodies (server)->len, ==, 1);

  flow_test_smartapi_push_history (server, CANDLES, 200, JSON,
                                   "{\"status\":false,\"message\":\"Something Went Wrong\","
                                   "\"errorcode\":\"AB1004\",\"data\":null}");
  flow_test_cli_run (&refused, NULL, "candles", "--broker", "angel", NULL);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_cmpstr (refused.out, ==, "");
  g_assert_true (g_str_has_prefix (refused.err, "orderflow-cli: "));
  g_assert_nonnull (strstr (refused.err, "AB1004"));

  flow_test_smartapi_push_history (server, CANDLES, 403, "text/plain",
                                   "Access denied because of exceeding access rate");
  flow_test_smartapi_push_history (server, CANDLES, 200, JSON, candles);
  flow_test_cli_run (&limited, NULL, "candles", "--broker", "angel", "--interval", "5m", NULL);
  g_assert_cmpint (limited.status, ==, 0);
  g_assert_nonnull (strstr (limited.err, "trying again"));
  g_assert_true (g_str_has_prefix (limited.out, HEADER));
  {
    g_auto(GStrv) lines = g_strsplit (limited.out, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 3);
  }
  flow_test_smartapi_free (server);
}

/* Upstox: a past day from the historical endpoint (newest first, OI in the rows), ascending
 * in the CSV; today's from the intraday one, after a 429; an empty day is the header. */
static void
test_upstox (void)
{
  gint64 now = g_get_real_time () / 1000;
  g_autoptr(FlowTestUpstox) rest = flow_test_upstox_new ();
  g_autoptr(FlowTestUpstoxStream) files = flow_test_upstox_stream_new (rest);
  g_autoptr(GBytes) instruments = flow_test_upstox_instruments (now + 3 * FLOW_DAY_MS);
  gint64 yesterday_open = today_open () - FLOW_DAY_MS;
  g_autofree char *yesterday = flow_ist_format_date (yesterday_open);
  g_autofree char *t0 = flow_ist_format_iso (yesterday_open);
  g_autofree char *t1 = flow_ist_format_iso (yesterday_open + MINUTE);
  g_autofree char *past = g_strdup_printf (
    "{\"status\":\"success\",\"data\":{\"candles\":["
    "[\"%s\",24505.5,24512,24500,24511.25,750,1234500],"
    "[\"%s\",24500,24506,24498.5,24505.5,1500,1233000]]}}", t1, t0);
  g_autofree char *row0 = expected_row (yesterday_open, "24500.00,24506.00,24498.50,24505.50,1500,1233000");
  g_autofree char *row1 = expected_row (yesterday_open + MINUTE, "24505.50,24512.00,24500.00,24511.25,750,1234500");
  g_autofree char *expected = g_strconcat (HEADER, row0, row1, NULL);
  g_autofree char *day_path = g_strdup_printf ("/v3/historical-candle/%s", FLOW_TEST_UPSTOX_FUTURE_KEY);
  g_auto(FlowTestCliResult) day = { 0 };
  g_auto(FlowTestCliResult) today = { 0 };

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "analytics_token", "test-token", NULL);
  flow_test_upstox_stream_set_instruments (files, instruments);

  flow_test_upstox_push (rest, day_path, 200, JSON, past);
  flow_test_cli_run (&day, NULL, "candles", "--broker", "upstox", "--date", yesterday, NULL);
  g_assert_cmpstr (day.err, ==, "");
  g_assert_cmpint (day.status, ==, 0);
  g_assert_cmpstr (day.out, ==, expected);
  g_assert_cmpuint (flow_test_upstox_get_hits (rest, day_path), ==, 1);

  flow_test_upstox_push (rest, "/v3/historical-candle/intraday/", 429, JSON,
                         "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"UDAPI10005\","
                         "\"message\":\"Too Many Request Sent\"}]}");
  flow_test_upstox_push (rest, "/v3/historical-candle/intraday/", 200, JSON, past);
  flow_test_cli_run (&today, NULL, "candles", "--broker", "upstox", "--interval", "5m", NULL);
  g_assert_cmpint (today.status, ==, 0);
  g_assert_cmpuint (flow_test_upstox_get_hits (rest, "/v3/historical-candle/intraday/"), ==, 2);
  {
    g_auto(GStrv) lines = g_strsplit (today.out, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 3);
  }
}

/* A day without candles (before the open, a holiday): the header alone, exit 0. */
static void
test_upstox_empty (void)
{
  g_autoptr(FlowTestUpstox) rest = flow_test_upstox_new ();
  g_autoptr(FlowTestUpstoxStream) files = flow_test_upstox_stream_new (rest);
  g_autoptr(GBytes) instruments = flow_test_upstox_instruments (g_get_real_time () / 1000 +
                                                                3 * FLOW_DAY_MS);
  g_auto(FlowTestCliResult) empty = { 0 };

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "analytics_token", "test-token", NULL);
  flow_test_upstox_stream_set_instruments (files, instruments);
  flow_test_upstox_push (rest, "/v3/historical-candle/intraday/", 200, JSON,
                         "{\"status\":\"success\",\"data\":{\"candles\":[]}}");
  flow_test_cli_run (&empty, NULL, "candles", "--broker", "upstox", NULL);
  g_assert_cmpstr (empty.err, ==, "");
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_cmpstr (empty.out, ==, HEADER);
}

static void
test_usage (void)
{
  static const char *cases[][3] = {
    { "--broker", "demo", NULL },
    { "--broker", "upstox", "--interval=7m" },
    { "--broker", "upstox", "--date=2099-01-01" },
    { "--broker", "upstox", "--date=20-11-2026" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(FlowTestCliResult) result = { 0 };

      flow_test_cli_run (&result, NULL, "candles", cases[i][0], cases[i][1], cases[i][2], NULL);
      g_assert_cmpint (result.status, ==, 2);
      g_assert_cmpstr (result.out, ==, "");
      g_assert_nonnull (strstr (result.err, "orderflow-cli candles --broker"));
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  keyring = flow_test_keyring_start ();
  g_test_add_func ("/cli-candles/angel", test_angel);
  g_test_add_func ("/cli-candles/angel-failures", test_angel_failures);
  g_test_add_func ("/cli-candles/upstox", test_upstox);
  g_test_add_func ("/cli-candles/upstox-empty", test_upstox_empty);
  g_test_add_func ("/cli-candles/usage", test_usage);
  status = g_test_run ();
  flow_test_keyring_stop (keyring);
  return status;
}

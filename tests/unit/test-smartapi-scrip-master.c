/* test-smartapi-scrip-master.c: choosing the near-month future exactly as smartapi.md §3 says
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "flow-ist.h"
#include "flow-smartapi-scrip-master.h"
#include "flow-test-smartapi-server.h"

/* 2026-11-20 09:15:00 IST, a Friday. */
#define NOW_MS G_GINT64_CONSTANT (1795146300000)

static FlowSmartapiInstrument *
find (const char  *json,
      const char  *underlying,
      gint64       now_ms,
      GError     **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (g_strdup (json), -1,
                                                                        g_free);

  return flow_smartapi_scrip_master_find_future (stream, underlying, now_ms, NULL, error);
}

static void
test_parse_expiry (void)
{
  gint64 day;
  gint64 expected;

  g_assert_true (flow_ist_parse_date ("2024-03-28", &expected));
  g_assert_true (flow_smartapi_parse_expiry ("28MAR2024", &day));
  g_assert_cmpint (day, ==, expected);
  g_assert_true (flow_smartapi_parse_expiry ("28Mar2024", &day));
  g_assert_cmpint (day, ==, expected);
  g_assert_true (flow_smartapi_parse_expiry ("28mar2024", &day));
  g_assert_cmpint (day, ==, expected);
  g_assert_false (flow_smartapi_parse_expiry ("", &day));
  g_assert_false (flow_smartapi_parse_expiry ("30FEB2024", &day));
  g_assert_false (flow_smartapi_parse_expiry ("28XYZ2024", &day));
  g_assert_false (flow_smartapi_parse_expiry ("2024-03-28", &day));
  g_assert_false (flow_smartapi_parse_expiry ("28MAR24", &day));
}

static void
test_decoys (void)
{
  g_autofree char *json = flow_test_smartapi_scrip_master (NOW_MS);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowSmartapiInstrument) nifty = find (json, "NIFTY", NOW_MS, &error);
  g_autoptr(FlowSmartapiInstrument) bank = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (nifty->token, ==, FLOW_TEST_FUTURE_TOKEN);
  g_assert_cmpstr (nifty->symbol, ==, FLOW_TEST_FUTURE_SYMBOL);
  g_assert_cmpstr (nifty->name, ==, "NIFTY");
  g_assert_cmpint (nifty->expiry_ms, ==, flow_ist_day_start_ms (NOW_MS) + 3 * FLOW_DAY_MS);
  g_assert_cmpint (nifty->tick_size, ==, 5);
  g_assert_cmpint (nifty->lot_size, ==, 65);

  bank = find (json, "BANKNIFTY", NOW_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bank->token, ==, "46923");
  g_assert_cmpint (bank->lot_size, ==, 30);
}

static void
test_expiry_day_counts (void)
{
  const char *json =
    "[{\"token\":\"1\",\"symbol\":\"A\",\"name\":\"NIFTY\",\"expiry\":\"20Nov2026\","
    "\"instrumenttype\":\"FUTIDX\",\"exch_seg\":\"NFO\",\"tick_size\":\"10.000000\","
    "\"lotsize\":\"75\"},"
    "{\"token\":\"2\",\"symbol\":\"B\",\"name\":\"NIFTY\",\"expiry\":\"24DEC2026\","
    "\"instrumenttype\":\"FUTIDX\",\"exch_seg\":\"NFO\",\"tick_size\":\"5.000000\","
    "\"lotsize\":\"75\"}]";
  /* 15:30 IST on the expiry day: the close of the expiring future's last session. */
  const gint64 roll_ms = flow_ist_at_time_of_day (NOW_MS, (15 * 3600 + 30 * 60) * 1000);
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowSmartapiInstrument) on_the_day = find (json, "NIFTY", NOW_MS, &error);
  g_autoptr(FlowSmartapiInstrument) last_moment = NULL;
  g_autoptr(FlowSmartapiInstrument) at_close = NULL;
  g_autoptr(FlowSmartapiInstrument) evening = NULL;
  g_autoptr(FlowSmartapiInstrument) next_day = NULL;

  /* Expiry day itself still records the expiring future, until 15:30; from then on, and the
   * next day, the next month's. */
  g_assert_no_error (error);
  g_assert_cmpstr (on_the_day->token, ==, "1");
  g_assert_cmpint (on_the_day->tick_size, ==, 10);
  g_assert_cmpint (flow_smartapi_instrument_get_roll_ms (on_the_day), ==, roll_ms);
  last_moment = find (json, "NIFTY", roll_ms - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (last_moment->token, ==, "1");
  at_close = find (json, "NIFTY", roll_ms, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (at_close->token, ==, "2");
  evening = find (json, "NIFTY", roll_ms + 8 * 3600 * 1000 - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (evening->token, ==, "2");
  next_day = find (json, "NIFTY", NOW_MS + FLOW_DAY_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (next_day->token, ==, "2");
}

static void
test_not_found (void)
{
  g_autofree char *json = flow_test_smartapi_scrip_master (NOW_MS);
  g_autoptr(GError) error = NULL;
  FlowSmartapiInstrument *none;

  /* Only options and cash exist for these, or nothing at all. */
  none = find (json, "NIFT", NOW_MS, &error);
  g_assert_null (none);
  g_assert_error (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR,
                  FLOW_SMARTAPI_SCRIP_MASTER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  none = find (json, "SBIN", NOW_MS, &error);
  g_assert_null (none);
  g_assert_error (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR,
                  FLOW_SMARTAPI_SCRIP_MASTER_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* Everything has expired a year later. */
  none = find (json, "NIFTY", NOW_MS + 365 * FLOW_DAY_MS, &error);
  g_assert_null (none);
  g_assert_error (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR,
                  FLOW_SMARTAPI_SCRIP_MASTER_ERROR_NOT_FOUND);
}

static void
test_malformed (void)
{
  const char *bad[] = {
    "",
    "<html><body>Request Rejected</body></html>",
    "{\"status\":false}",
    "[{\"token\":\"1\"}",
    "[\"a\",\"b\"]",
    "[{\"token\":\"1\"}] x",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      FlowSmartapiInstrument *none = find (bad[i], "NIFTY", NOW_MS, &error);

      g_assert_null (none);
      g_assert_error (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR,
                      FLOW_SMARTAPI_SCRIP_MASTER_ERROR_MALFORMED);
    }
}

/* Rows split across read chunks, strings holding braces and escaped quotes: the lexer must not
 * lose its place. */
static void
test_large_list (void)
{
  g_autoptr(GString) json = g_string_new ("[");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowSmartapiInstrument) found = NULL;

  for (guint i = 0; i < 50000; i++)
    g_string_append_printf (json, "{\"token\":\"%u\",\"symbol\":\"X{%u}\\\"]\",\"name\":\"NIFTY\","
                            "\"expiry\":\"26NOV2026\",\"instrumenttype\":\"OPTIDX\","
                            "\"exch_seg\":\"NFO\",\"tick_size\":\"5.000000\",\"lotsize\":\"65\"},",
                            i, i);
  g_string_append (json, "{\"token\":\"777\",\"symbol\":\"NIFTY26NOVFUT\",\"name\":\"NIFTY\","
                   "\"expiry\":\"26NOV2026\",\"instrumenttype\":\"FUTIDX\",\"exch_seg\":\"NFO\","
                   "\"tick_size\":\"5.000000\",\"lotsize\":\"65\"}]");
  found = find (json->str, "NIFTY", NOW_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->token, ==, "777");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/smartapi-scrip-master/parse-expiry", test_parse_expiry);
  g_test_add_func ("/smartapi-scrip-master/decoys", test_decoys);
  g_test_add_func ("/smartapi-scrip-master/expiry-day-counts", test_expiry_day_counts);
  g_test_add_func ("/smartapi-scrip-master/not-found", test_not_found);
  g_test_add_func ("/smartapi-scrip-master/malformed", test_malformed);
  g_test_add_func ("/smartapi-scrip-master/large-list", test_large_list);
  return g_test_run ();
}

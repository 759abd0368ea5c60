/* test-candles.c: one-minute candles into the footprint's buckets, and the broker rows parsed
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <string.h>

#include "flow-candle-rows.h"
#include "flow-ist.h"

/* 2026-11-20 09:15:00 IST */
#define OPEN_MS   G_GINT64_CONSTANT (1795146300000)
#define MINUTE_MS G_GINT64_CONSTANT (60000)

static FlowCandle
candle (int    minute,
        gint64 open,
        gint64 high,
        gint64 low,
        gint64 close,
        gint64 volume,
        gint64 oi)
{
  return (FlowCandle) { OPEN_MS + minute * MINUTE_MS, open, high, low, close, volume, oi, oi > 0 };
}

/* Buckets anchored at the session open, the floor rule before it too; OI the last given. */
static void
test_aggregate (void)
{
  g_autoptr(GArray) minutes = g_array_new (FALSE, TRUE, sizeof (FlowCandle));
  g_autoptr(GArray) buckets = NULL;
  FlowCandle rows[] = {
    candle (-1, 100, 110, 90, 105, 10, 0),     /* 09:14: the 09:10 bucket of 5 minutes */
    candle (0, 105, 120, 100, 110, 20, 500),
    candle (3, 110, 130, 95, 125, 30, 0),      /* no OI given: the bucket keeps 500 */
    candle (5, 125, 126, 124, 124, 5, 700),    /* 09:20 */
  };
  const FlowCandle *b;
  g_autoptr(GString) csv = g_string_new (NULL);
  g_autofree char *t = flow_ist_format_iso (OPEN_MS);

  g_array_append_vals (minutes, rows, G_N_ELEMENTS (rows));
  buckets = flow_candles_aggregate (minutes, 5 * MINUTE_MS, (9 * 60 + 15) * MINUTE_MS);
  g_assert_cmpuint (buckets->len, ==, 3);
  b = &g_array_index (buckets, FlowCandle, 0);
  g_assert_cmpint (b->start_ms, ==, OPEN_MS - 5 * MINUTE_MS);
  g_assert_false (b->has_oi);
  b = &g_array_index (buckets, FlowCandle, 1);
  g_assert_cmpint (b->start_ms, ==, OPEN_MS);
  g_assert_cmpint (b->open, ==, 105);
  g_assert_cmpint (b->high, ==, 130);
  g_assert_cmpint (b->low, ==, 95);
  g_assert_cmpint (b->close, ==, 125);
  g_assert_cmpint (b->volume, ==, 50);
  g_assert_true (b->has_oi);
  g_assert_cmpint (b->oi, ==, 500);
  b = &g_array_index (buckets, FlowCandle, 2);
  g_assert_cmpint (b->start_ms, ==, OPEN_MS + 5 * MINUTE_MS);
  g_assert_cmpint (b->oi, ==, 700);

  flow_candles_append_csv (csv, buckets);
  g_assert_true (g_str_has_prefix (csv->str, "bucket_start,open,high,low,close,volume,oi\n"));
  g_assert_nonnull (strstr (csv->str, "\n2026-11-20T09:10:00+05:30,1.00,1.10,0.90,1.05,10,\n"));
  g_assert_nonnull (strstr (csv->str, t));
}

/* Rows checked one by one: the error names the broker and the row. Repeats of a minute keep
 * the later copy; the result is sorted. */
static void
test_parse (void)
{
  static const struct { const char *json; const char *part; } bad[] = {
    { "{\"a\":1}", "not an array" },
    { "[[\"2026-11-20T09:15:00+05:30\",1,2,3]]", "candle 1 is not a row" },
    { "[[\"09:15\",1,2,1,1,5]]", "candle 1 has no ISO 8601 time" },
    { "[[\"2026-11-20T09:15:00+05:30\",1,2,1,1,5],[\"2026-11-20T09:16:00+05:30\",1,\"2\",1,1,5]]",
      "candle 2: item 3" },
    { "[[\"2026-11-20T09:15:00+05:30\",1,2,1,1,-5]]", "candle 1: item 6" },
    { "[[\"2026-11-20T09:15:00+05:30\",1,1,2,1,5]]", "high is below its low" },
    { "[[\"2026-11-20T09:15:00+05:30\",1e12,1e12,1,1,5]]", "out of range" },
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) failure = NULL;

      g_assert_true (json_parser_load_from_data (parser, bad[i].json, -1, NULL));
      g_assert_null (flow_candle_rows_parse (json_parser_get_root (parser), "Angel One", &failure));
      g_assert_error (failure, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (failure->message, bad[i].part));
      g_assert_true (g_str_has_prefix (failure->message, "Angel One"));
    }

  g_assert_true (json_parser_load_from_data (parser,
    "{\"status\":\"success\",\"data\":{\"candles\":["
    "[\"2026-11-20T09:16:00+05:30\",24505.5,24512,24500,24511.25,750,1234500],"
    "[\"2026-11-20T09:15:00+05:30\",24500,24506,24498.5,24505.5,1500,1233000],"
    "[\"2026-11-20T09:15:00+05:30\",24500,24507,24498.5,24506,1600,1233100]]}}", -1, NULL));
  rows = flow_candle_rows_parse_upstox (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (g_array_index (rows, FlowCandle, 0).start_ms, ==, OPEN_MS);
  g_assert_cmpint (g_array_index (rows, FlowCandle, 0).close, ==, 2450600);
  g_assert_cmpint (g_array_index (rows, FlowCandle, 0).oi, ==, 1233100);
  g_assert_cmpint (g_array_index (rows, FlowCandle, 1).high, ==, 2451200);
  g_assert_cmpint (g_array_index (rows, FlowCandle, 1).close, ==, 2451125);

  g_assert_true (json_parser_load_from_data (parser, "{\"status\":\"success\"}", -1, NULL));
  g_assert_null (flow_candle_rows_parse_upstox (json_parser_get_root (parser), &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/candles/aggregate", test_aggregate);
  g_test_add_func ("/candles/parse", test_parse);
  return g_test_run ();
}

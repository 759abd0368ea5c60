/* fuzz-candles.c: the candle rows of SmartAPI's getCandleData and Upstox's historical-candle
 * answers, and their aggregation into buckets
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fuzz-common.h"
#include "flow-candle-rows.h"

/* What a parsed day promises: sorted, distinct minutes, high ≥ low, and buckets that keep the
 * volume and the extremes of the minutes in them. */
static void
check_candles (GArray *candles)
{
  gint64 volume = 0, high = G_MININT64, low = G_MAXINT64, bucket_volume = 0;
  GArray *buckets;

  for (guint i = 0; i < candles->len; i++)
    {
      const FlowCandle *c = &g_array_index (candles, FlowCandle, i);

      g_assert_cmpint (c->high, >=, c->low);
      if (i > 0)
        g_assert_cmpint (c->start_ms, >, g_array_index (candles, FlowCandle, i - 1).start_ms);
      volume += c->volume;
      high = MAX (high, c->high);
      low = MIN (low, c->low);
    }
  buckets = flow_candles_aggregate (candles, 5 * 60000, (9 * 60 + 15) * 60000);
  g_assert_cmpuint (buckets->len, <=, candles->len);
  for (guint i = 0; i < buckets->len; i++)
    {
      const FlowCandle *b = &g_array_index (buckets, FlowCandle, i);

      bucket_volume += b->volume;
      g_assert_cmpint (b->high, <=, high);
      g_assert_cmpint (b->low, >=, low);
    }
  g_assert_cmpint (bucket_volume, ==, volume);
  {
    GString *csv = g_string_new (NULL);

    flow_candles_append_csv (csv, buckets);
    g_assert_true (g_str_has_prefix (csv->str, "bucket_start,open,high,low,close,volume,oi\n"));
    g_string_free (csv, TRUE);
  }
  g_array_unref (buckets);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  JsonParser *parser;
  JsonNode *root;
  GError *error = NULL;
  GArray *candles;

  fuzz_init ();
  if (size == 0)
    return 0;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    {
      g_object_unref (parser);
      return 0;
    }
  root = json_parser_get_root (parser);

  /* As Upstox wraps them, and as SmartAPI's data node is: the rows themselves. */
  candles = flow_candle_rows_parse_upstox (root, &error);
  if (candles != NULL)
    {
      check_candles (candles);
      g_array_unref (candles);
    }
  else
    {
      g_assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA));
      g_clear_error (&error);
    }
  candles = flow_candle_rows_parse (root, "Angel One", &error);
  if (candles != NULL)
    {
      check_candles (candles);
      g_array_unref (candles);
    }
  else
    {
      g_assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA));
      g_clear_error (&error);
    }
  g_object_unref (parser);
  return 0;
}

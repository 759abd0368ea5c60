/* bench-upstox-instruments.c: the time to find the near-month future in an instruments file the
 * size of Upstox's NSE.json.gz
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow-ist.h"
#include "flow-upstox-instruments.h"

#define N_RECORDS 100000
#define RUNS      7

/* 2026-11-20 09:15:00 IST */
#define NOW_MS G_GINT64_CONSTANT (1795146300000)

static const char * const indices[][2] = {
  { "NIFTY", "Nifty 50" }, { "BANKNIFTY", "Nifty Bank" }, { "FINNIFTY", "Nifty Fin Service" },
  { "MIDCPNIFTY", "NIFTY MID SELECT" }, { "NIFTYNXT50", "Nifty Next 50" },
};
static const char * const stocks[] = {
  "RELIANCE", "TCS", "HDFCBANK", "INFY", "ICICIBANK", "SBIN", "BHARTIARTL", "ITC", "LT",
  "KOTAKBANK", "AXISBANK", "HINDUNILVR", "BAJFINANCE", "MARUTI", "ASIANPAINT", "SUNPHARMA",
  "TITAN", "ULTRACEMCO", "WIPRO", "NESTLEIND", "ONGC", "NTPC", "POWERGRID", "TATASTEEL",
  "JSWSTEEL", "ADANIENT", "COALINDIA", "HCLTECH", "TECHM", "DRREDDY",
};
static const char * const months[] = { "NOV", "DEC", "JAN" };

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* 23:59:59 IST on the last Tuesday-ish of the month @m after November 2026: close enough for
 * a benchmark, exact for the NIFTY futures the run looks for. */
static gint64
expiry_of (guint m)
{
  static const char * const dates[] = { "2026-11-24", "2026-12-29", "2027-01-26" };
  gint64 day_start;

  g_assert_true (flow_ist_parse_date (dates[m], &day_start));
  return day_start + FLOW_DAY_MS - 1000;
}

/* As NSE.json.gz is made up: about two thirds options (NIFTY's most of all), a fifth
 * equities, a few hundred futures and indices, every record with all its fields. */
static GString *
make_file (void)
{
  GString *json = g_string_sized_new (N_RECORDS * 480);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261120);
  guint token = 35000;

  g_string_append_c (json, '[');
  for (guint i = 0; i < N_RECORDS; i++)
    {
      guint kind = i % 100, m = g_rand_int_range (rand, 0, 3);
      gboolean index = kind < 45 || (kind >= 90 && kind < 97);

      if (i > 0)
        g_string_append_c (json, ',');
      if (kind < 70 || (kind >= 90 && kind < 98))
        {
          const char *name = index ? indices[g_rand_int_range (rand, 0, 5)][0]
                                   : stocks[g_rand_int_range (rand, 0, G_N_ELEMENTS (stocks))];
          const char *key = index ? "NSE_INDEX|Nifty 50" : "NSE_EQ|INE002A01018";
          guint strike = 100 * (guint) g_rand_int_range (rand, 100, 300);
          const char *side = i % 2 ? "CE" : "PE";

          g_string_append_printf (json,
            "{\"weekly\":%s,\"segment\":\"NSE_FO\",\"name\":\"%s\",\"exchange\":\"NSE\","
            "\"expiry\":%" G_GINT64_FORMAT ",\"instrument_type\":\"%s\",\"asset_symbol\":\"%s\","
            "\"underlying_symbol\":\"%s\",\"instrument_key\":\"NSE_FO|%u\",\"lot_size\":75,"
            "\"freeze_quantity\":1800.0,\"exchange_token\":\"%u\",\"minimum_lot\":75,"
            "\"asset_key\":\"%s\",\"underlying_key\":\"%s\",\"tick_size\":5.0,"
            "\"asset_type\":\"%s\",\"underlying_type\":\"%s\","
            "\"trading_symbol\":\"%s %u %s 24 %s 26\",\"strike_price\":%u.0,"
            "\"qty_multiplier\":1.0}",
            index ? "true" : "false", name, expiry_of (m), side, name, name, token, token, key,
            key, index ? "INDEX" : "EQUITY", index ? "INDEX" : "EQUITY", name, strike, side,
            months[m], strike);
        }
      else if (kind < 98)
        {
          const char *name = stocks[i % G_N_ELEMENTS (stocks)];

          g_string_append_printf (json,
            "{\"segment\":\"NSE_EQ\",\"name\":\"%s LIMITED\",\"exchange\":\"NSE\","
            "\"isin\":\"INE%06uA01018\",\"instrument_type\":\"EQ\","
            "\"instrument_key\":\"NSE_EQ|INE%06uA01018\",\"lot_size\":1,"
            "\"freeze_quantity\":100000.0,\"exchange_token\":\"%u\",\"tick_size\":5.0,"
            "\"trading_symbol\":\"%s\",\"short_name\":\"%s\",\"qty_multiplier\":1.0,"
            "\"security_type\":\"NORMAL\"}", name, i, i, token, name, name);
        }
      else if (kind == 98)
        {
          /* The futures: a stock's, and once in a while one of NIFTY's three. */
          gboolean nifty = i % 3000 == 98;
          const char *name = nifty ? "NIFTY" : stocks[i % G_N_ELEMENTS (stocks)];
          guint fm = nifty ? (i / 3000) % 3 : m;

          g_string_append_printf (json,
            "{\"weekly\":false,\"segment\":\"NSE_FO\",\"name\":\"%s\",\"exchange\":\"NSE\","
            "\"expiry\":%" G_GINT64_FORMAT ",\"instrument_type\":\"FUT\",\"asset_symbol\":\"%s\","
            "\"underlying_symbol\":\"%s\",\"instrument_key\":\"NSE_FO|%u\",\"lot_size\":65,"
            "\"freeze_quantity\":1800.0,\"exchange_token\":\"%u\",\"minimum_lot\":65,"
            "\"asset_key\":\"NSE_INDEX|Nifty 50\",\"underlying_key\":\"NSE_INDEX|Nifty 50\","
            "\"tick_size\":10.0,\"asset_type\":\"INDEX\",\"underlying_type\":\"INDEX\","
            "\"trading_symbol\":\"%s FUT 24 %s 26\",\"strike_price\":0.0,"
            "\"qty_multiplier\":1.0}",
            name, expiry_of (fm), name, name, token, token, name, months[fm]);
        }
      else
        g_string_append_printf (json,
          "{\"segment\":\"NSE_INDEX\",\"name\":\"%s\",\"exchange\":\"NSE\","
          "\"instrument_type\":\"INDEX\",\"instrument_key\":\"NSE_INDEX|%s\","
          "\"exchange_token\":\"%s\",\"trading_symbol\":\"%s\"}",
          indices[i % 5][1], indices[i % 5][1], indices[i % 5][1], indices[i % 5][0]);
      token++;
    }
  g_string_append (json, "]\n");
  return json;
}

static GBytes *
gzip (GString *json)
{
  g_autoptr(GInputStream) source = g_memory_input_stream_new_from_data (json->str,
                                                                        (gssize) json->len, NULL);
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GInputStream) compressed = g_converter_input_stream_new (source,
                                                                     G_CONVERTER (compressor));
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();

  g_assert_cmpint (g_output_stream_splice (memory, compressed,
                                           G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL),
                   >, 0);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* Milliseconds per lookup, median of RUNS. */
static double
time_lookups (GBytes *file)
{
  double ms[RUNS];

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (file);
      g_autoptr(GError) error = NULL;
      g_autoptr(FlowUpstoxInstrument) future = NULL;
      gint64 start = g_get_monotonic_time ();

      future = flow_upstox_instruments_find_future (stream, "NIFTY", NOW_MS, NULL, &error);
      ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_no_error (error);
      g_assert_cmpint (future->expiry_ms, ==, expiry_of (0));
    }
  qsort (ms, RUNS, sizeof ms[0], compare_double);
  return ms[RUNS / 2];
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GString) json = make_file ();
  g_autoptr(GBytes) plain = g_bytes_new (json->str, json->len);
  g_autoptr(GBytes) compressed = gzip (json);
  double gzip_ms = time_lookups (compressed);
  double plain_ms = time_lookups (plain);

  printf ("# bench-upstox-instruments: the NIFTY future among %d records (%.1f MB of JSON, "
          "%.1f MB gzipped), from memory, one core, median of %d\n", N_RECORDS,
          json->len / 1e6, g_bytes_get_size (compressed) / 1e6, RUNS);
  printf ("find future, gzip-compressed: %.1f ms\n", gzip_ms);
  printf ("find future, plain JSON: %.1f ms\n", plain_ms);
  return 0;
}

/* test-upstox-instruments.c: the near-month future from Upstox's instruments file, as
 * upstox.md §6 and sources.md ("Upstox v3 feed → footprint") say, and its daily cache
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "flow-ist.h"
#include "flow-test-loop.h"
#include "flow-upstox-instruments.h"

/* 2026-11-20 09:15:00 IST, a Friday; NIFTY's November future expires on Tuesday the 24th. */
#define NOW_MS         G_GINT64_CONSTANT (1795146300000)
#define NEAR_EXPIRY    "2026-11-24"
#define NEAR_KEY       "NSE_FO|35001"
#define NEAR_SYMBOL    "NIFTY FUT 24 NOV 26"
#define NEXT_KEY       "NSE_FO|35002"
#define NIFTY_INDEX    "NSE_INDEX|Nifty 50"
#define MINUTE_MS      (G_GINT64_CONSTANT (60) * 1000)
#define WAIT_S         20

static char *cache_home;

/* One record as the file writes it (NULL fields left out). */
typedef struct
{
  const char *segment;
  const char *type;
  const char *key;
  const char *symbol;
  const char *underlying_symbol;
  const char *name;
  const char *underlying_key;
  const char *expiry;             /* IST date, written as 23:59:59 IST in epoch ms */
  double      strike;
  double      tick;
  int         lot;
} Record;

static gint64
expiry_ms (const char *date)
{
  gint64 day_start;

  g_assert_true (flow_ist_parse_date (date, &day_start));
  return day_start + FLOW_DAY_MS - 1000;
}

static void
append_string_member (GString    *json,
                      const char *name,
                      const char *value)
{
  if (value != NULL)
    g_string_append_printf (json, "\"%s\":\"%s\",", name, value);
}

static void
append_record (GString      *json,
               const Record *record)
{
  g_string_append_c (json, '{');
  append_string_member (json, "segment", record->segment);
  append_string_member (json, "name", record->name);
  g_string_append (json, "\"exchange\":\"NSE\",");
  if (record->expiry != NULL)
    g_string_append_printf (json, "\"expiry\":%" G_GINT64_FORMAT ",\"weekly\":false,",
                            expiry_ms (record->expiry));
  append_string_member (json, "instrument_type", record->type);
  append_string_member (json, "underlying_symbol", record->underlying_symbol);
  append_string_member (json, "asset_symbol", record->underlying_symbol);
  append_string_member (json, "instrument_key", record->key);
  g_string_append_printf (json, "\"lot_size\":%d,\"minimum_lot\":%d,\"freeze_quantity\":1800.0,",
                          record->lot, record->lot);
  append_string_member (json, "exchange_token", strchr (record->key, '|') + 1);
  append_string_member (json, "underlying_key", record->underlying_key);
  append_string_member (json, "asset_key", record->underlying_key);
  g_string_append_printf (json, "\"tick_size\":%.1f,\"strike_price\":%.1f,", record->tick,
                          record->strike);
  append_string_member (json, "trading_symbol", record->symbol);
  /* Strings with brackets and escaped quotes, which the object splitter must step over. */
  g_string_append (json, "\"short_name\":\"x{]\\\"[}\",\"qty_multiplier\":1.0}");
}

static const Record decoys[] = {
  { "NSE_EQ", "EQ", "NSE_EQ|INE062A01020", "SBIN", NULL, "STATE BANK OF INDIA", NULL, NULL,
    0, 5, 1 },
  { "NSE_INDEX", "INDEX", "NSE_INDEX|Nifty 50", "NIFTY", NULL, "Nifty 50", NULL, NULL, 0, 0, 1 },
  /* underlying_symbol wins over name. */
  { "NSE_FO", "FUT", "NSE_FO|40001", "BANKNIFTY FUT 21 NOV 26", "BANKNIFTY", "NIFTY",
    "NSE_INDEX|Nifty Bank", "2026-11-21", 0, 20, 30 },
  { "NSE_FO", "FUT", "NSE_FO|34001", "NIFTY FUT 27 OCT 26", "NIFTY", "NIFTY", NIFTY_INDEX,
    "2026-10-27", 0, 10, 65 },
  { "NSE_FO", "FUT", "NSE_FO|35002", "NIFTY FUT 29 DEC 26", "NIFTY", "NIFTY", NIFTY_INDEX,
    "2026-12-29", 0, 10, 65 },
  { "NSE_FO", "FUT", "NSE_FO|46923", "BANKNIFTY FUT 24 NOV 26", "BANKNIFTY", "BANKNIFTY",
    "NSE_INDEX|Nifty Bank", "2026-11-24", 0, 20, 30 },
  { "NSE_FO", "FUT", "NSE_FO|47001", "FINNIFTY FUT 23 NOV 26", "FINNIFTY", "FINNIFTY",
    "NSE_INDEX|Nifty Fin Service", "2026-11-23", 0, 10, 60 },
  { "NSE_FO", "FUT", "NSE_FO|48001", "NIFTYNXT50 FUT 21 NOV 26", "NIFTYNXT50", "NIFTYNXT50",
    "NSE_INDEX|Nifty Next 50", "2026-11-21", 0, 50, 25 },
  { "NSE_FO", "CE", "NSE_FO|51059", "NIFTY 24000 CE 20 NOV 26", "NIFTY", "NIFTY", NIFTY_INDEX,
    "2026-11-20", 24000, 5, 65 },
  { "NSE_FO", "PE", "NSE_FO|51060", "NIFTY 24000 PE 20 NOV 26", "NIFTY", "NIFTY", NIFTY_INDEX,
    "2026-11-20", 24000, 5, 65 },
  /* NIFTY listed on BSE with the same expiry, its index an NSE one: not the market chosen. */
  { "BSE_FO", "FUT", "BSE_FO|1157", "NIFTY FUT 24 NOV 26", "NIFTY", "NIFTY", NIFTY_INDEX,
    NEAR_EXPIRY, 0, 5, 65 },
  { "BSE_FO", "FUT", "BSE_FO|1158", "SENSEX FUT 27 NOV 26", "SENSEX", "SENSEX",
    "BSE_INDEX|SENSEX", "2026-11-27", 0, 5, 20 },
  { "NSE_FO", "FUT", NEAR_KEY, NEAR_SYMBOL, "NIFTY", "NIFTY", NIFTY_INDEX, NEAR_EXPIRY, 0, 10,
    65 },
  { "BSE_FO", "FUT", "BSE_FO|1159", "NIFTY FUT 24 NOV 26", "NIFTY", "NIFTY", NIFTY_INDEX,
    NEAR_EXPIRY, 0, 5, 65 },
  { "NSE_FO", "FUT", "NSE_FO|35003", "NIFTY FUT 26 JAN 27", "NIFTY", "NIFTY", NIFTY_INDEX,
    "2027-01-26", 0, 10, 65 },
};

/* The decoys among a few thousand options (so that records straddle read chunks), a nearer
 * NIFTY future whose expiry is a string (it must be skipped, not believed) and a nearer option
 * that mentions "FUT" (as options on futures do). */
static char *
instruments_json (void)
{
  GString *json = g_string_new ("[");

  g_string_append (json, "{\"segment\":\"NSE_FO\",\"name\":\"NIFTY\",\"instrument_type\":\"FUT\","
                   "\"underlying_symbol\":\"NIFTY\",\"instrument_key\":\"NSE_FO|30000\","
                   "\"underlying_key\":\"NSE_INDEX|Nifty 50\",\"expiry\":\"1795285799000\","
                   "\"tick_size\":10.0,\"lot_size\":65,"
                   "\"trading_symbol\":\"NIFTY FUT 21 NOV 26\"},\n"
                   "{\"segment\":\"NSE_FO\",\"name\":\"NIFTY\",\"instrument_type\":\"CE\","
                   "\"underlying_symbol\":\"NIFTY\",\"underlying_type\":\"FUT\","
                   "\"instrument_key\":\"NSE_FO|30001\",\"expiry\":1795199399000,"
                   "\"tick_size\":5.0,\"lot_size\":65,\"trading_symbol\":\"NIFTY 24100 CE\"},\n");
  for (guint i = 0; i < G_N_ELEMENTS (decoys); i++)
    {
      for (guint k = 0; k < 300; k++)
        {
          g_autofree char *key = g_strdup_printf ("NSE_FO|%u", 60000 + i * 1000 + k);
          g_autofree char *symbol = g_strdup_printf ("NIFTY %u %s 24 NOV 26", 20000 + 50 * k,
                                                     k % 2 ? "CE" : "PE");
          Record option = { "NSE_FO", k % 2 ? "CE" : "PE", key, symbol, "NIFTY", "NIFTY",
                            NIFTY_INDEX, NEAR_EXPIRY, 20000 + 50 * k, 5, 65 };

          append_record (json, &option);
          g_string_append (json, ",\n");
        }
      append_record (json, &decoys[i]);
      g_string_append (json, i + 1 < G_N_ELEMENTS (decoys) ? ",\n" : "\n");
    }
  g_string_append (json, "]\n");
  return g_string_free (json, FALSE);
}

static GBytes *
gzip (const char *data,
      gsize       length)
{
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));

  g_assert_true (g_output_stream_write_all (out, data, length, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static GBytes *
instruments_gz (void)
{
  g_autofree char *json = instruments_json ();

  return gzip (json, strlen (json));
}

static FlowUpstoxInstrument *
find_in_bytes (GBytes      *bytes,
               const char  *underlying,
               gint64       now_ms,
               GError     **error)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);

  return flow_upstox_instruments_find_future (stream, underlying, now_ms, NULL, error);
}

static FlowUpstoxInstrument *
find_in_text (const char  *json,
              const char  *underlying,
              gint64       now_ms,
              GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return find_in_bytes (bytes, underlying, now_ms, error);
}

static void
assert_near_nifty (const FlowUpstoxInstrument *nifty)
{
  g_assert_nonnull (nifty);
  g_assert_cmpstr (nifty->instrument_key, ==, NEAR_KEY);
  g_assert_cmpstr (nifty->trading_symbol, ==, NEAR_SYMBOL);
  g_assert_cmpstr (nifty->underlying, ==, "NIFTY");
  g_assert_cmpstr (nifty->underlying_key, ==, NIFTY_INDEX);
  g_assert_cmpint (nifty->expiry_ms, ==, expiry_ms (NEAR_EXPIRY));
  g_assert_cmpint (nifty->tick_size, ==, 10);
  g_assert_cmpint (nifty->lot_size, ==, 65);
}

static void
test_decoys (void)
{
  g_autoptr(GBytes) file = instruments_gz ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowUpstoxInstrument) nifty = find_in_bytes (file, "NIFTY", NOW_MS, &error);
  g_autoptr(FlowUpstoxInstrument) copy = NULL;
  g_autoptr(FlowUpstoxInstrument) bank = NULL;
  g_autoptr(FlowUpstoxInstrument) sensex = NULL;

  g_assert_no_error (error);
  assert_near_nifty (nifty);
  copy = flow_upstox_instrument_copy (nifty);
  assert_near_nifty (copy);
  g_assert_true (copy->instrument_key != nifty->instrument_key);

  bank = find_in_bytes (file, "BANKNIFTY", NOW_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bank->instrument_key, ==, "NSE_FO|40001");
  g_assert_cmpint (bank->tick_size, ==, 20);
  g_assert_cmpint (bank->lot_size, ==, 30);
  sensex = find_in_bytes (file, "SENSEX", NOW_MS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sensex->instrument_key, ==, "BSE_FO|1158");
  g_assert_cmpstr (sensex->underlying_key, ==, "BSE_INDEX|SENSEX");
}

static void
test_uncompressed (void)
{
  g_autofree char *json = instruments_json ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowUpstoxInstrument) nifty = find_in_text (json, "NIFTY", NOW_MS, &error);

  g_assert_no_error (error);
  assert_near_nifty (nifty);
}

static void
test_roll (void)
{
  g_autoptr(GBytes) file = instruments_gz ();
  gint64 expiry_day = flow_ist_day_start_ms (expiry_ms (NEAR_EXPIRY));
  gint64 close_ms = expiry_day + (15 * 60 + 30) * MINUTE_MS;
  struct { gint64 now_ms; const char *key; } cases[] = {
    { close_ms - MINUTE_MS, NEAR_KEY },                  /* 15:29 on expiry day */
    { close_ms - 1, NEAR_KEY },
    { close_ms, NEXT_KEY },                              /* the close: trading has stopped */
    { close_ms + MINUTE_MS, NEXT_KEY },                  /* 15:31 */
    { expiry_day + FLOW_DAY_MS + 9 * 60 * MINUTE_MS, NEXT_KEY },  /* 09:00 the day after */
  };
  g_autoptr(FlowUpstoxInstrument) near = NULL;

  near = find_in_bytes (file, "NIFTY", NOW_MS, NULL);
  g_assert_cmpint (flow_upstox_instrument_get_roll_ms (near), ==, close_ms);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FlowUpstoxInstrument) future = find_in_bytes (file, "NIFTY", cases[i].now_ms,
                                                              &error);

      g_assert_no_error (error);
      g_assert_cmpstr (future->instrument_key, ==, cases[i].key);
    }
}

/* A lone record that is right but for one field is not taken; the same record with that field
 * right is. */
static void
test_field_types (void)
{
  const char *good = "[{\"segment\":\"NSE_FO\",\"instrument_type\":\"FUT\",\"name\":\"NIFTY\","
                     "\"instrument_key\":\"NSE_FO|35001\",\"trading_symbol\":\"NIFTY FUT\","
                     "\"expiry\":1795544999000,\"tick_size\":10.0,\"lot_size\":65}]";
  struct { const char *from, *to; } breakages[] = {
    { "\"expiry\":1795544999000", "\"expiry\":\"1795544999000\"" },
    { "\"expiry\":1795544999000", "\"expiry\":null" },
    { "\"tick_size\":10.0", "\"tick_size\":\"10.0\"" },
    { "\"tick_size\":10.0", "\"tick_size\":2.5" },
    { "\"tick_size\":10.0", "\"tick_size\":0.0" },
    { "\"lot_size\":65", "\"lot_size\":true" },
    { "\"lot_size\":65", "\"lot_size\":-65" },
    { "\"instrument_key\":\"NSE_FO|35001\"", "\"instrument_key\":35001" },
    { "\"instrument_key\":\"NSE_FO|35001\"", "\"instrument_key\":\"\"" },
    { "\"trading_symbol\":\"NIFTY FUT\"", "\"trading_symbol\":[\"NIFTY FUT\"]" },
    { "\"segment\":\"NSE_FO\"", "\"segment\":\"NSE_EQ\"" },
    { "\"segment\":\"NSE_FO\"", "\"segment\":{\"NSE_FO\":1}" },
    /* The name is only the fallback: a wrong-typed underlying_symbol is not absent. */
    { "\"name\":\"NIFTY\"", "\"name\":\"NIFTY\",\"underlying_symbol\":7" },
    { "\"name\":\"NIFTY\"", "\"name\":\"NIFTY\",\"underlying_key\":50" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowUpstoxInstrument) found = find_in_text (good, "NIFTY", NOW_MS, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (found->instrument_key, ==, "NSE_FO|35001");
  g_assert_cmpint (found->expiry_ms, ==, G_GINT64_CONSTANT (1795544999000));
  g_assert_cmpint (found->tick_size, ==, 10);
  g_assert_null (found->underlying_key);
  for (guint i = 0; i < G_N_ELEMENTS (breakages); i++)
    {
      g_autoptr(GString) bad = g_string_new (good);
      FlowUpstoxInstrument *none;

      g_assert_cmpuint (g_string_replace (bad, breakages[i].from, breakages[i].to, 1), ==, 1);
      none = find_in_text (bad->str, "NIFTY", NOW_MS, &error);
      g_assert_null (none);
      g_assert_error (error, FLOW_UPSTOX_INSTRUMENTS_ERROR,
                      FLOW_UPSTOX_INSTRUMENTS_ERROR_NOT_FOUND);
      g_clear_error (&error);
    }
}

static void
test_not_found (void)
{
  g_autoptr(GBytes) file = instruments_gz ();
  const char *names[] = { "NIFT", "SBIN", "Nifty 50" };
  g_autoptr(GError) error = NULL;
  FlowUpstoxInstrument *none;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      none = find_in_bytes (file, names[i], NOW_MS, &error);
      g_assert_null (none);
      g_assert_error (error, FLOW_UPSTOX_INSTRUMENTS_ERROR,
                      FLOW_UPSTOX_INSTRUMENTS_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, names[i]));
      g_clear_error (&error);
    }
  /* Everything has expired a year later. */
  none = find_in_bytes (file, "NIFTY", NOW_MS + 365 * FLOW_DAY_MS, &error);
  g_assert_null (none);
  g_assert_error (error, FLOW_UPSTOX_INSTRUMENTS_ERROR, FLOW_UPSTOX_INSTRUMENTS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  none = find_in_text ("[]", "NIFTY", NOW_MS, &error);
  g_assert_null (none);
  g_assert_error (error, FLOW_UPSTOX_INSTRUMENTS_ERROR, FLOW_UPSTOX_INSTRUMENTS_ERROR_NOT_FOUND);
}

static void
assert_malformed (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  FlowUpstoxInstrument *none = find_in_bytes (bytes, "NIFTY", NOW_MS, &error);

  g_assert_null (none);
  g_assert_error (error, FLOW_UPSTOX_INSTRUMENTS_ERROR, FLOW_UPSTOX_INSTRUMENTS_ERROR_MALFORMED);
}

static void
test_malformed (void)
{
  const char *bad[] = {
    "",
    "{\"status\":\"error\",\"errors\":[]}",
    "<html><body>502 Bad Gateway</body></html>",
    "[1,2]",
    "[{\"segment\":\"NSE_FO\"},]",
    "[{\"segment\":\"NSE_FO\"}{\"segment\":\"NSE_FO\"}]",
    "[{\"segment\":\"NSE_FO\"}] []",
    "\x1f\x8b not gzip at all",
  };
  g_autofree char *json = instruments_json ();
  g_autoptr(GBytes) gz = gzip (json, strlen (json));
  g_autoptr(GBytes) cut_gz = g_bytes_new_from_bytes (gz, 0, g_bytes_get_size (gz) / 2);
  g_autoptr(GBytes) no_trailer = g_bytes_new_from_bytes (gz, 0, g_bytes_get_size (gz) - 4);
  g_autoptr(GBytes) cut_json = g_bytes_new (json, strlen (json) / 2);
  g_autoptr(GBytes) cut_json_gz = gzip (json, strlen (json) / 2);
  g_autoptr(GBytes) not_array_gz = gzip (bad[1], strlen (bad[1]));

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i], strlen (bad[i]));

      assert_malformed (bytes);
    }
  assert_malformed (cut_gz);
  assert_malformed (no_trailer);
  assert_malformed (cut_json);
  assert_malformed (cut_json_gz);
  assert_malformed (not_array_gz);
}

static void
test_index_key (void)
{
  g_autoptr(GBytes) file = instruments_gz ();
  struct { const char *underlying, *key; } cases[] = {
    { "NIFTY", NIFTY_INDEX },
    { "BANKNIFTY", "NSE_INDEX|Nifty Bank" },
    { "FINNIFTY", "NSE_INDEX|Nifty Fin Service" },
    { "NIFTYNXT50", "NSE_INDEX|Nifty Next 50" },
    { "SENSEX", "BSE_INDEX|SENSEX" },
  };
  g_autoptr(GError) error = NULL;
  char *none;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (file);
      g_autofree char *key = flow_upstox_instruments_find_index_key (stream, cases[i].underlying,
                                                                     NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (key, ==, cases[i].key);
    }
  {
    /* Only an equity: no derivative names an index. */
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (file);

    none = flow_upstox_instruments_find_index_key (stream, "SBIN", NULL, &error);
    g_assert_null (none);
    g_assert_error (error, FLOW_UPSTOX_INSTRUMENTS_ERROR,
                    FLOW_UPSTOX_INSTRUMENTS_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "SBIN"));
    g_clear_error (&error);
  }
  {
    /* The first derivative settles it: what follows is not read. */
    const char *head = "[{\"segment\":\"NSE_FO\",\"instrument_type\":\"PE\",\"name\":\"NIFTY\","
                       "\"underlying_key\":\"NSE_INDEX|Nifty 50\"}, not JSON";
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (head, -1, NULL);
    g_autofree char *key = flow_upstox_instruments_find_index_key (stream, "NIFTY", NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (key, ==, NIFTY_INDEX);
  }
  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("{}", -1, NULL);

    none = flow_upstox_instruments_find_index_key (stream, "NIFTY", NULL, &error);
    g_assert_null (none);
    g_assert_error (error, FLOW_UPSTOX_INSTRUMENTS_ERROR,
                    FLOW_UPSTOX_INSTRUMENTS_ERROR_MALFORMED);
  }
}

/* ------------------------------------------------------------------------------------------
 * Download and cache, against a loopback server
 */

typedef struct
{
  SoupServer *soup;
  char       *base_url;
  GBytes     *file;
  guint       n_requests;
} Server;

static void
on_request (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Server *server = user_data;
  gsize length;
  const char *data = g_bytes_get_data (server->file, &length);

  server->n_requests++;
  if (g_str_equal (path, "/NSE.json.gz") || g_str_equal (path, "/encoded.json.gz"))
    {
      gboolean encoded = g_str_equal (path, "/encoded.json.gz");

      /* As a proxy that compresses JSON on the fly says it: libsoup then decodes it on the way
       * (it leaves alone a gzip file that merely says so). */
      if (encoded)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Content-Encoding", "gzip");
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, encoded ? "application/json" : "application/gzip",
                                        SOUP_MEMORY_COPY, data, length);
    }
  else if (g_str_equal (path, "/broken.json.gz"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html>maintenance</html>", 24);
    }
  else if (g_str_equal (path, "/error.json.gz"))
    soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static Server *
server_new (void)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  server->soup = soup_server_new (NULL, NULL);
  server->file = instruments_gz ();
  soup_server_add_handler (server->soup, NULL, on_request, server, NULL);
  g_assert_true (soup_server_listen_local (server->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server->soup);
  server->base_url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return server;
}

static void
server_free (Server *server)
{
  soup_server_disconnect (server->soup);
  g_object_unref (server->soup);
  g_bytes_unref (server->file);
  g_free (server->base_url);
  g_free (server);
}

static char *
cache_dir (void)
{
  return g_build_filename (cache_home, "orderflow", NULL);
}

/* The instruments files (and their partial downloads) in the cache. */
static guint
count_cached (void)
{
  g_autofree char *directory = cache_dir ();
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "upstox-instruments-"))
      n++;
  return n;
}

static void
empty_cache (void)
{
  g_autofree char *directory = cache_dir ();
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (directory, name, NULL);

      g_unlink (path);
    }
}

static FlowUpstoxInstrument *
find_async (SoupSession   *session,
            Server        *server,
            const char    *path,
            gint64         now_ms,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *url = g_strconcat (server->base_url, path + 1, NULL);
  g_autoptr(GAsyncResult) result = NULL;

  flow_upstox_instruments_find_future_async (session, url, "NIFTY", now_ms, cancellable,
                                             flow_test_store_result, &result);
  return flow_upstox_instruments_find_future_finish (flow_test_wait_result (&result, WAIT_S),
                                                     error);
}

static void
test_daily_cache (void)
{
  Server *server = server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  FlowUpstoxInstrument *future;

  empty_cache ();
  future = find_async (session, server, "/NSE.json.gz", NOW_MS, NULL, &error);
  g_assert_no_error (error);
  assert_near_nifty (future);
  flow_upstox_instrument_free (future);
  g_assert_cmpuint (server->n_requests, ==, 1);
  g_assert_cmpuint (count_cached (), ==, 1);

  /* Later the same IST day: from the cache, even after the server has gone wrong. */
  g_clear_pointer (&server->file, g_bytes_unref);
  server->file = g_bytes_new_static ("[]", 2);
  future = find_async (session, server, "/NSE.json.gz", NOW_MS + 14 * 60 * MINUTE_MS, NULL,
                       &error);
  g_assert_no_error (error);
  assert_near_nifty (future);
  flow_upstox_instrument_free (future);
  g_assert_cmpuint (server->n_requests, ==, 1);

  /* The next day downloads again, and only that day's copy stays. */
  g_clear_pointer (&server->file, g_bytes_unref);
  server->file = instruments_gz ();
  future = find_async (session, server, "/NSE.json.gz", NOW_MS + FLOW_DAY_MS, NULL, &error);
  g_assert_no_error (error);
  assert_near_nifty (future);
  flow_upstox_instrument_free (future);
  g_assert_cmpuint (server->n_requests, ==, 2);
  g_assert_cmpuint (count_cached (), ==, 1);

  server_free (server);
}

static void
test_decoded_on_the_way (void)
{
  Server *server = server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowUpstoxInstrument) future = NULL;

  empty_cache ();
  future = find_async (session, server, "/encoded.json.gz", NOW_MS, NULL, &error);
  g_assert_no_error (error);
  assert_near_nifty (future);
  g_assert_cmpuint (server->n_requests, ==, 1);
  server_free (server);
}

static void
test_download_failures (void)
{
  const char *paths[] = { "/missing.json.gz", "/error.json.gz" };
  Server *server = server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  FlowUpstoxInstrument *none;

  empty_cache ();
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      none = find_async (session, server, paths[i], NOW_MS, NULL, &error);
      g_assert_null (none);
      g_assert_error (error, FLOW_UPSTOX_INSTRUMENTS_ERROR,
                      FLOW_UPSTOX_INSTRUMENTS_ERROR_DOWNLOAD);
      g_assert_nonnull (strstr (error->message, i == 0 ? "404" : "500"));
      g_clear_error (&error);
      g_assert_cmpuint (count_cached (), ==, 0);
    }
  g_assert_cmpuint (server->n_requests, ==, 2);

  /* A file that is not the list is not kept either: the next call downloads it again. */
  for (guint i = 0; i < 2; i++)
    {
      none = find_async (session, server, "/broken.json.gz", NOW_MS, NULL, &error);
      g_assert_null (none);
      g_assert_error (error, FLOW_UPSTOX_INSTRUMENTS_ERROR,
                      FLOW_UPSTOX_INSTRUMENTS_ERROR_MALFORMED);
      g_clear_error (&error);
      g_assert_cmpuint (count_cached (), ==, 0);
    }
  g_assert_cmpuint (server->n_requests, ==, 4);

  /* Cancellation stays what it is, for callers to ignore. */
  g_cancellable_cancel (cancellable);
  none = find_async (session, server, "/NSE.json.gz", NOW_MS, cancellable, &error);
  g_assert_null (none);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_cached (), ==, 0);
  server_free (server);
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* Set before GLib first reads it: the cache must not land in the user's. */
  cache_home = g_dir_make_tmp ("orderflow-upstox-instruments-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/upstox-instruments/decoys", test_decoys);
  g_test_add_func ("/upstox-instruments/uncompressed", test_uncompressed);
  g_test_add_func ("/upstox-instruments/roll", test_roll);
  g_test_add_func ("/upstox-instruments/field-types", test_field_types);
  g_test_add_func ("/upstox-instruments/not-found", test_not_found);
  g_test_add_func ("/upstox-instruments/malformed", test_malformed);
  g_test_add_func ("/upstox-instruments/index-key", test_index_key);
  g_test_add_func ("/upstox-instruments/daily-cache", test_daily_cache);
  g_test_add_func ("/upstox-instruments/decoded-on-the-way", test_decoded_on_the_way);
  g_test_add_func ("/upstox-instruments/download-failures", test_download_failures);
  status = g_test_run ();
  {
    g_autofree char *directory = cache_dir ();

    empty_cache ();
    g_rmdir (directory);
    g_rmdir (cache_home);
  }
  g_free (cache_home);
  return status;
}

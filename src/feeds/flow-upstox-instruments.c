/* flow-upstox-instruments.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-upstox-instruments"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "flow-daily-download.h"
#include "flow-ist.h"
#include "flow-json-array-reader.h"
#include "flow-upstox-instruments.h"

/* Records are about 500 bytes; anything near this is not a record of the file. */
#define MAX_OBJECT    (64 * 1024)
/* NSE's F&O session closes at 15:30 IST; an expiring contract stops trading then. */
#define ROLL_TIME_MS  ((gint64) (15 * 3600 + 30 * 60) * 1000)
/* 3000-01-01: later "expiries" are not dates, and would overflow the IST maths. */
#define MAX_EXPIRY_MS G_GINT64_CONSTANT (32503680000000)
/* Far above any real tick (paise) or lot (units), far below what gint64 arithmetic minds. */
#define MAX_QUANTITY  G_GINT64_CONSTANT (1000000000000)

G_DEFINE_QUARK (flow-upstox-instruments-error-quark, flow_upstox_instruments_error)

FlowUpstoxInstrument *
flow_upstox_instrument_copy (const FlowUpstoxInstrument *instrument)
{
  FlowUpstoxInstrument *copy;

  g_return_val_if_fail (instrument != NULL, NULL);

  copy = g_new (FlowUpstoxInstrument, 1);
  *copy = *instrument;
  copy->instrument_key = g_strdup (instrument->instrument_key);
  copy->trading_symbol = g_strdup (instrument->trading_symbol);
  copy->underlying = g_strdup (instrument->underlying);
  copy->underlying_key = g_strdup (instrument->underlying_key);
  return copy;
}

void
flow_upstox_instrument_free (FlowUpstoxInstrument *instrument)
{
  if (instrument == NULL)
    return;
  g_free (instrument->instrument_key);
  g_free (instrument->trading_symbol);
  g_free (instrument->underlying);
  g_free (instrument->underlying_key);
  g_free (instrument);
}

gint64
flow_upstox_instrument_get_roll_ms (const FlowUpstoxInstrument *instrument)
{
  g_return_val_if_fail (instrument != NULL, 0);

  return flow_ist_at_time_of_day (instrument->expiry_ms, ROLL_TIME_MS);
}

/* ------------------------------------------------------------------------------------------
 * Fields
 */

typedef enum
{
  FIELD_ABSENT,      /* not there, or null */
  FIELD_OK,
  FIELD_WRONG_TYPE,  /* there, but not what the field holds: the record cannot be trusted */
} FieldState;

static FieldState
get_string (JsonObject  *record,
            const char  *name,
            const char **out_value)
{
  JsonNode *node = json_object_get_member (record, name);

  *out_value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FIELD_ABSENT;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FIELD_WRONG_TYPE;
  *out_value = json_node_get_string (node);
  return FIELD_OK;
}

/* A whole number in 1…@limit. The file writes some as integers (expiry) and some as floats
 * (tick_size 10.0), so both are taken; a fraction of a paisa or a unit cannot be represented,
 * and is as unusable as a string. */
static FieldState
get_count (JsonObject *record,
           const char *name,
           gint64      limit,
           gint64     *out_value)
{
  JsonNode *node = json_object_get_member (record, name);
  double value;

  *out_value = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FIELD_ABSENT;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FIELD_WRONG_TYPE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 integer = json_node_get_int (node);

      if (integer < 1 || integer > limit)
        return FIELD_WRONG_TYPE;
      *out_value = integer;
      return FIELD_OK;
    }
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return FIELD_WRONG_TYPE;
  value = json_node_get_double (node);
  if (!isfinite (value) || value < 1 || value > (double) limit || value != floor (value))
    return FIELD_WRONG_TYPE;
  *out_value = (gint64) value;
  return FIELD_OK;
}

/* ------------------------------------------------------------------------------------------
 * Streaming selection
 */

typedef struct
{
  const char           *underlying;
  /* The underlying as a JSON string, to skip records that do not mention it without parsing
   * them; NULL when it could be written with escapes (the test would then miss it). */
  char                 *needle;
  gint64                now_ms;
  JsonParser           *parser;
  FlowUpstoxInstrument *best;
  gboolean              best_on_nse;
  char                 *index_key;
  guint64               n_records;
  guint64               n_parsed;
  guint64               n_unusable;
} Scan;

static void
scan_init (Scan       *scan,
           const char *underlying,
           gint64      now_ms)
{
  gboolean plain = *underlying != '\0';

  memset (scan, 0, sizeof *scan);
  scan->underlying = underlying;
  scan->now_ms = now_ms;
  scan->parser = json_parser_new ();
  /* Some encoders write "&" or "<" as \u0026 or \u003c: only letters, digits and a few
   * punctuation marks are sure to appear as themselves. */
  for (const char *p = underlying; *p != '\0' && plain; p++)
    plain = g_ascii_isalnum (*p) || strchr (" -_.", *p) != NULL;
  if (plain)
    scan->needle = g_strdup_printf ("\"%s\"", underlying);
}

static void
scan_clear (Scan *scan)
{
  g_debug ("%" G_GUINT64_FORMAT " records, %" G_GUINT64_FORMAT " parsed, %" G_GUINT64_FORMAT
           " of them skipped for a missing or wrong-typed field", scan->n_records,
           scan->n_parsed, scan->n_unusable);
  g_clear_pointer (&scan->needle, g_free);
  g_clear_object (&scan->parser);
  g_clear_pointer (&scan->best, flow_upstox_instrument_free);
  g_clear_pointer (&scan->index_key, g_free);
}

/* Whether @needle (a JSON string, quotes included) occurs in @text. It runs on every record,
 * so it jumps with memchr() to its first letter, far rarer in a record than a quote. */
static gboolean
mentions (const char *text,
          gsize       length,
          const char *needle)
{
  gsize needle_length;
  const char *end = text + length;
  const char *p = text + 1;

  if (needle == NULL)
    return TRUE;
  needle_length = strlen (needle);
  g_assert (needle_length >= 2);
  while (p < end && (gsize) (end - p) >= needle_length - 1 &&
         (p = memchr (p, needle[1], (gsize) (end - p) - (needle_length - 1) + 1)) != NULL)
    {
      if (p[-1] == needle[0] && memcmp (p + 1, needle + 2, needle_length - 2) == 0)
        return TRUE;
      p++;
    }
  return FALSE;
}

/* The record when it is a derivative (segment NSE_FO or BSE_FO) of the scan's underlying,
 * with its segment and instrument_type; NULL otherwise. Most records are options and
 * equities of other names, so those that do not mention @must_mention and the underlying are
 * skipped without parsing. The object stays the parser's. */
static JsonObject *
parse_derivative (Scan        *scan,
                  const char  *text,
                  gsize        length,
                  const char  *must_mention,
                  const char **out_segment,
                  const char **out_type)
{
  JsonNode *root;
  JsonObject *record;
  const char *symbol;
  FieldState symbol_state;

  scan->n_records++;
  if (!mentions (text, length, must_mention) || !mentions (text, length, scan->needle))
    return NULL;
  scan->n_parsed++;
  if (!json_parser_load_from_data (scan->parser, text, (gssize) length, NULL) ||
      (root = json_parser_get_root (scan->parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      scan->n_unusable++;
      return NULL;
    }
  record = json_node_get_object (root);
  symbol_state = get_string (record, "underlying_symbol", &symbol);
  if (symbol_state == FIELD_ABSENT)
    symbol_state = get_string (record, "name", &symbol);
  if (symbol_state == FIELD_WRONG_TYPE ||
      get_string (record, "segment", out_segment) == FIELD_WRONG_TYPE ||
      get_string (record, "instrument_type", out_type) == FIELD_WRONG_TYPE)
    {
      scan->n_unusable++;
      return NULL;
    }
  /* Exactly: NIFTY is neither BANKNIFTY nor NIFTYNXT50. */
  if ((g_strcmp0 (*out_segment, "NSE_FO") != 0 && g_strcmp0 (*out_segment, "BSE_FO") != 0) ||
      g_strcmp0 (symbol, scan->underlying) != 0)
    return NULL;
  return record;
}

static gboolean
consider_future (const char *text,
                 gsize       length,
                 gpointer    user_data)
{
  Scan *scan = user_data;
  JsonObject *record;
  const char *segment, *type, *key, *symbol, *underlying_key;
  gint64 expiry_ms, tick_size, lot_size;
  gboolean on_nse;

  record = parse_derivative (scan, text, length, "\"FUT\"", &segment, &type);
  if (record == NULL || g_strcmp0 (type, "FUT") != 0)
    return TRUE;
  if (get_string (record, "instrument_key", &key) != FIELD_OK || *key == '\0' ||
      get_string (record, "trading_symbol", &symbol) != FIELD_OK ||
      get_string (record, "underlying_key", &underlying_key) == FIELD_WRONG_TYPE ||
      get_count (record, "expiry", MAX_EXPIRY_MS, &expiry_ms) != FIELD_OK ||
      get_count (record, "tick_size", MAX_QUANTITY, &tick_size) != FIELD_OK ||
      get_count (record, "lot_size", MAX_QUANTITY, &lot_size) != FIELD_OK)
    {
      scan->n_unusable++;
      return TRUE;
    }
  if (flow_ist_at_time_of_day (expiry_ms, ROLL_TIME_MS) <= scan->now_ms)
    return TRUE;
  on_nse = strcmp (segment, "NSE_FO") == 0;
  /* A future trades on the exchange of its index (NSE_INDEX|Nifty 50 → NSE_FO, BSE_INDEX|SENSEX
   * → BSE_FO): a same-named contract on the other exchange is not the market the user chose,
   * however near its expiry. */
  if (underlying_key != NULL &&
      ((g_str_has_prefix (underlying_key, "NSE_") && !on_nse) ||
       (g_str_has_prefix (underlying_key, "BSE_") && on_nse)))
    return TRUE;
  /* Without an underlying key, should a name be listed on both exchanges with the same expiry,
   * NSE's contract is the one with the volume. */
  if (scan->best != NULL &&
      (scan->best->expiry_ms < expiry_ms ||
       (scan->best->expiry_ms == expiry_ms && (scan->best_on_nse || !on_nse))))
    return TRUE;

  flow_upstox_instrument_free (scan->best);
  scan->best = g_new0 (FlowUpstoxInstrument, 1);
  scan->best->instrument_key = g_strdup (key);
  scan->best->trading_symbol = g_strdup (symbol);
  scan->best->underlying = g_strdup (scan->underlying);
  scan->best->underlying_key = underlying_key != NULL && *underlying_key != '\0'
                               ? g_strdup (underlying_key) : NULL;
  scan->best->expiry_ms = expiry_ms;
  scan->best->tick_size = tick_size;
  scan->best->lot_size = lot_size;
  scan->best_on_nse = on_nse;
  return TRUE;
}

static gboolean
consider_index_key (const char *text,
                    gsize       length,
                    gpointer    user_data)
{
  Scan *scan = user_data;
  JsonObject *record;
  const char *segment, *type, *key;

  record = parse_derivative (scan, text, length, "\"underlying_key\"", &segment, &type);
  if (record == NULL ||
      (g_strcmp0 (type, "FUT") != 0 && g_strcmp0 (type, "CE") != 0 &&
       g_strcmp0 (type, "PE") != 0))
    return TRUE;
  if (get_string (record, "underlying_key", &key) == FIELD_WRONG_TYPE)
    {
      scan->n_unusable++;
      return TRUE;
    }
  if (key == NULL || *key == '\0')
    return TRUE;
  /* Every derivative of a name refers to the same index or stock: the first one settles it. */
  scan->index_key = g_strdup (key);
  return FALSE;
}

/* @stream itself, or decompressing it when it starts with gzip's magic bytes. Either way the
 * caller's stream stays open: it is the caller's to close. */
static GInputStream *
open_decoded (GInputStream  *stream,
              gboolean      *out_gzip,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GInputStream) buffered = g_buffered_input_stream_new (stream);
  GBufferedInputStream *buffer = G_BUFFERED_INPUT_STREAM (buffered);
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  const guint8 *head;
  gsize available;
  GInputStream *decoded;

  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (buffered), FALSE);
  /* A network stream may hand over a single byte at first. */
  while (g_buffered_input_stream_get_available (buffer) < 2)
    {
      gssize n = g_buffered_input_stream_fill (buffer, -1, cancellable, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
    }
  head = g_buffered_input_stream_peek_buffer (buffer, &available);
  *out_gzip = available >= 2 && head[0] == 0x1f && head[1] == 0x8b;
  if (!*out_gzip)
    return g_steal_pointer (&buffered);
  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  decoded = g_converter_input_stream_new (buffered, G_CONVERTER (decompressor));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (decoded), FALSE);
  return decoded;
}

static gboolean
malformed (GError     **error,
           const char  *why)
{
  g_set_error (error, FLOW_UPSTOX_INSTRUMENTS_ERROR, FLOW_UPSTOX_INSTRUMENTS_ERROR_MALFORMED,
               _("Upstox’s instruments file is malformed: %s"), why);
  return FALSE;
}

static gboolean
scan_file (GInputStream             *stream,
           FlowJsonArrayObjectFunc   consider,
           Scan                     *scan,
           GCancellable             *cancellable,
           GError                  **error)
{
  g_autoptr(GInputStream) decoded = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean gzip = FALSE;

  decoded = open_decoded (stream, &gzip, cancellable, error);
  if (decoded == NULL)
    return FALSE;
  if (flow_json_array_read (decoded, MAX_OBJECT, consider, scan, cancellable, &local_error))
    return TRUE;
  if (local_error->domain == FLOW_JSON_ARRAY_READER_ERROR)
    return malformed (error, local_error->message);
  /* Only the decompressor says these: a cut or corrupt download, not a failing disk. */
  if (gzip && (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
               g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA)))
    return malformed (error, local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

FlowUpstoxInstrument *
flow_upstox_instruments_find_future (GInputStream  *stream,
                                     const char    *underlying,
                                     gint64         now_ms,
                                     GCancellable  *cancellable,
                                     GError       **error)
{
  Scan scan;
  FlowUpstoxInstrument *future;
  g_autofree char *now = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (underlying != NULL, NULL);

  scan_init (&scan, underlying, now_ms);
  if (!scan_file (stream, consider_future, &scan, cancellable, error))
    {
      scan_clear (&scan);
      return NULL;
    }
  future = g_steal_pointer (&scan.best);
  scan_clear (&scan);
  if (future != NULL)
    return future;

  now = flow_ist_format_iso (now_ms);
  g_set_error (error, FLOW_UPSTOX_INSTRUMENTS_ERROR, FLOW_UPSTOX_INSTRUMENTS_ERROR_NOT_FOUND,
               _("Upstox’s instruments file has no future of “%s” that trades after %s"),
               underlying, now);
  return NULL;
}

char *
flow_upstox_instruments_find_index_key (GInputStream  *stream,
                                        const char    *underlying,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  Scan scan;
  char *key;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (underlying != NULL, NULL);

  scan_init (&scan, underlying, 0);
  if (!scan_file (stream, consider_index_key, &scan, cancellable, error))
    {
      scan_clear (&scan);
      return NULL;
    }
  key = g_steal_pointer (&scan.index_key);
  scan_clear (&scan);
  if (key == NULL)
    g_set_error (error, FLOW_UPSTOX_INSTRUMENTS_ERROR, FLOW_UPSTOX_INSTRUMENTS_ERROR_NOT_FOUND,
                 _("Upstox’s instruments file has no future or option of “%s” that names its "
                   "index"), underlying);
  return key;
}

/* ------------------------------------------------------------------------------------------
 * Download, cache and worker thread
 */

static const FlowDailyDownload instruments_download = {
  .cache_prefix = "upstox-instruments-",
  /* As published; the parser detects whether a proxy decompressed it on the way. */
  .cache_suffix = ".json.gz",
  .title = N_("Upstox’s instruments file"),
  .error_quark = flow_upstox_instruments_error_quark,
  .download_code = FLOW_UPSTOX_INSTRUMENTS_ERROR_DOWNLOAD,
  .malformed_code = FLOW_UPSTOX_INSTRUMENTS_ERROR_MALFORMED,
  .parse = (FlowDailyParseFunc) flow_upstox_instruments_find_future,
  .result_free = (GDestroyNotify) flow_upstox_instrument_free,
};

void
flow_upstox_instruments_find_future_async (SoupSession         *session,
                                           const char          *url,
                                           const char          *underlying,
                                           gint64               now_ms,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  flow_daily_download_async (&instruments_download, session, url, underlying, now_ms, cancellable,
                             callback, user_data);
}

FlowUpstoxInstrument *
flow_upstox_instruments_find_future_finish (GAsyncResult  *result,
                                            GError       **error)
{
  return flow_daily_download_finish (result, error);
}

/* flow_upstox_instruments_find_index_key() as a FlowDailyParseFunc: an index does not move
 * with the time. */
static gpointer
parse_index_key (GInputStream  *stream,
                 const char    *underlying,
                 gint64         now_ms,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return flow_upstox_instruments_find_index_key (stream, underlying, cancellable, error);
}

/* The same prefix and suffix as instruments_download: the same URL on the same day is the
 * same cached copy, whichever look-up fetched it. */
static const FlowDailyDownload index_key_download = {
  .cache_prefix = "upstox-instruments-",
  .cache_suffix = ".json.gz",
  .title = N_("Upstox’s instruments file"),
  .error_quark = flow_upstox_instruments_error_quark,
  .download_code = FLOW_UPSTOX_INSTRUMENTS_ERROR_DOWNLOAD,
  .malformed_code = FLOW_UPSTOX_INSTRUMENTS_ERROR_MALFORMED,
  .parse = parse_index_key,
  .result_free = g_free,
};

void
flow_upstox_instruments_find_index_key_async (SoupSession         *session,
                                              const char          *url,
                                              const char          *underlying,
                                              gint64               now_ms,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  flow_daily_download_async (&index_key_download, session, url, underlying, now_ms,
                             cancellable, callback, user_data);
}

char *
flow_upstox_instruments_find_index_key_finish (GAsyncResult  *result,
                                               GError       **error)
{
  return flow_daily_download_finish (result, error);
}

char *
flow_upstox_instruments_bse_url (const char *url)
{
  const char *nse = "/NSE.json.gz";

  g_return_val_if_fail (url != NULL, NULL);

  if (!g_str_has_suffix (url, nse))
    return NULL;
  return g_strdup_printf ("%.*s/BSE.json.gz", (int) (strlen (url) - strlen (nse)), url);
}

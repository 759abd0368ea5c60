/* flow-smartapi-scrip-master.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-smartapi-scrip-master"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "flow-daily-download.h"
#include "flow-ist.h"
#include "flow-json-array-reader.h"
#include "flow-smartapi-client.h"
#include "flow-smartapi-scrip-master.h"

/* Rows are about 250 bytes; anything near this is not a row of the list. */
#define MAX_OBJECT  (64 * 1024)

/* The close of the last session, in ms after 00:00 IST. */
#define ROLL_TIME_MS ((gint64) (15 * 3600 + 30 * 60) * 1000)

G_DEFINE_QUARK (flow-smartapi-scrip-master-error-quark, flow_smartapi_scrip_master_error)

FlowSmartapiInstrument *
flow_smartapi_instrument_copy (const FlowSmartapiInstrument *instrument)
{
  FlowSmartapiInstrument *copy = g_new (FlowSmartapiInstrument, 1);

  *copy = *instrument;
  copy->token = g_strdup (instrument->token);
  copy->symbol = g_strdup (instrument->symbol);
  copy->name = g_strdup (instrument->name);
  copy->exch_seg = g_strdup (instrument->exch_seg);
  return copy;
}

void
flow_smartapi_instrument_free (FlowSmartapiInstrument *instrument)
{
  if (instrument == NULL)
    return;
  g_free (instrument->token);
  g_free (instrument->symbol);
  g_free (instrument->name);
  g_free (instrument->exch_seg);
  g_free (instrument);
}

gint64
flow_smartapi_instrument_get_roll_ms (const FlowSmartapiInstrument *instrument)
{
  g_return_val_if_fail (instrument != NULL, 0);

  return flow_ist_at_time_of_day (instrument->expiry_ms, ROLL_TIME_MS);
}

gboolean
flow_smartapi_parse_expiry (const char *text,
                            gint64     *out_day_start_ms)
{
  static const char * const months[] = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  guint day, month = 0, year;
  g_autofree char *iso = NULL;

  if (text == NULL || strlen (text) != 9 || !g_ascii_isdigit (text[0]) ||
      !g_ascii_isdigit (text[1]))
    return FALSE;
  for (guint i = 5; i < 9; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  for (guint m = 0; m < G_N_ELEMENTS (months); m++)
    if (g_ascii_strncasecmp (text + 2, months[m], 3) == 0)
      month = m + 1;
  day = (guint) (text[0] - '0') * 10 + (guint) (text[1] - '0');
  year = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  if (month == 0 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  iso = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  return flow_ist_parse_date (iso, out_day_start_ms);
}

/* ------------------------------------------------------------------------------------------
 * Streaming selection
 */

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Numbers come as strings such as "5.000000"; a malformed one reads as 0. */
static gint64
number_member (JsonObject *object,
               const char *name)
{
  const char *text = string_member (object, name);
  char *end = NULL;
  double value;

  if (text == NULL)
    return 0;
  value = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (value) || fabs (value) > 1e15)
    return 0;
  return (gint64) llround (value);
}

typedef struct
{
  const char             *underlying;
  gint64                  now_ms;
  JsonParser             *parser;
  FlowSmartapiInstrument *best;
  guint64                 n_rows;
} Selection;

static gboolean
consider_row (const char *text,
              gsize       length,
              gpointer    user_data)
{
  Selection *selection = user_data;
  JsonObject *row;
  const char *name, *token, *symbol;
  gint64 expiry_ms;

  selection->n_rows++;
  /* Most rows are equities and options: skip them without parsing. */
  if (g_strstr_len (text, (gssize) length, "FUTIDX") == NULL)
    return TRUE;
  if (!json_parser_load_from_data (selection->parser, text, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (selection->parser)))
    return TRUE;
  row = json_node_get_object (json_parser_get_root (selection->parser));
  name = string_member (row, "name");
  token = string_member (row, "token");
  symbol = string_member (row, "symbol");
  /* The name must match exactly: NIFTY is not NIFTYNXT50. */
  if (g_strcmp0 (string_member (row, "exch_seg"), "NFO") != 0 ||
      g_strcmp0 (string_member (row, "instrumenttype"), "FUTIDX") != 0 ||
      g_strcmp0 (name, selection->underlying) != 0 ||
      token == NULL || *token == '\0' || symbol == NULL ||
      !flow_smartapi_parse_expiry (string_member (row, "expiry"), &expiry_ms) ||
      flow_ist_at_time_of_day (expiry_ms, ROLL_TIME_MS) <= selection->now_ms)
    return TRUE;
  if (selection->best != NULL && selection->best->expiry_ms <= expiry_ms)
    return TRUE;

  flow_smartapi_instrument_free (selection->best);
  selection->best = g_new0 (FlowSmartapiInstrument, 1);
  selection->best->token = g_strdup (token);
  selection->best->symbol = g_strdup (symbol);
  selection->best->name = g_strdup (name);
  selection->best->exch_seg = g_strdup ("NFO");
  selection->best->expiry_ms = expiry_ms;
  selection->best->tick_size = number_member (row, "tick_size");
  selection->best->lot_size = number_member (row, "lotsize");
  return TRUE;
}

FlowSmartapiInstrument *
flow_smartapi_scrip_master_find_future (GInputStream  *stream,
                                        const char    *underlying,
                                        gint64         now_ms,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  Selection selection = {
    .underlying = underlying,
    .now_ms = now_ms,
    .parser = parser,
  };
  g_autofree char *today = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (underlying != NULL, NULL);

  if (!flow_json_array_read (stream, MAX_OBJECT, consider_row, &selection, cancellable,
                             &local_error))
    {
      flow_smartapi_instrument_free (selection.best);
      if (local_error->domain == FLOW_JSON_ARRAY_READER_ERROR)
        {
          g_set_error (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR,
                       FLOW_SMARTAPI_SCRIP_MASTER_ERROR_MALFORMED,
                       _("Angel One’s instrument list is malformed: %s"), local_error->message);
          g_error_free (local_error);
        }
      else
        g_propagate_error (error, local_error);
      return NULL;
    }
  g_debug ("%" G_GUINT64_FORMAT " rows scanned", selection.n_rows);
  if (selection.best != NULL)
    return selection.best;

  today = flow_ist_format_date (now_ms);
  g_set_error (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR, FLOW_SMARTAPI_SCRIP_MASTER_ERROR_NOT_FOUND,
               _("Angel One’s instrument list has no NFO index future named “%s” expiring on or "
                 "after %s"), underlying, today);
  return NULL;
}

void
flow_smartapi_options_free (FlowSmartapiOptions *options)
{
  if (options == NULL)
    return;
  g_clear_pointer (&options->options, g_ptr_array_unref);
  flow_smartapi_instrument_free (options->index);
  g_free (options);
}

typedef struct
{
  const char          *underlying;
  gint64               today_ms;
  JsonParser          *parser;
  FlowSmartapiOptions *found;
} OptionSelection;

static FlowSmartapiInstrument *
instrument_from_row (JsonObject *row,
                     const char *segment)
{
  FlowSmartapiInstrument *instrument = g_new0 (FlowSmartapiInstrument, 1);

  instrument->token = g_strdup (string_member (row, "token"));
  instrument->symbol = g_strdup (string_member (row, "symbol"));
  instrument->name = g_strdup (string_member (row, "name"));
  instrument->exch_seg = g_strdup (segment);
  instrument->tick_size = number_member (row, "tick_size");
  instrument->lot_size = number_member (row, "lotsize");
  return instrument;
}

static gboolean
consider_option_row (const char *text,
                     gsize       length,
                     gpointer    user_data)
{
  OptionSelection *selection = user_data;
  JsonObject *row;
  const char *type, *token, *symbol, *segment;
  FlowSmartapiInstrument *instrument;
  gsize symbol_length;
  gint64 expiry_ms;

  /* Skip equities and futures without parsing; the name is checked exactly below. */
  if (g_strstr_len (text, (gssize) length, selection->underlying) == NULL ||
      (g_strstr_len (text, (gssize) length, "OPTIDX") == NULL &&
       g_strstr_len (text, (gssize) length, "AMXIDX") == NULL))
    return TRUE;
  if (!json_parser_load_from_data (selection->parser, text, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (selection->parser)))
    return TRUE;
  row = json_node_get_object (json_parser_get_root (selection->parser));
  type = string_member (row, "instrumenttype");
  token = string_member (row, "token");
  symbol = string_member (row, "symbol");
  segment = string_member (row, "exch_seg");
  if (g_strcmp0 (string_member (row, "name"), selection->underlying) != 0 ||
      token == NULL || *token == '\0' || symbol == NULL || segment == NULL)
    return TRUE;
  if (g_strcmp0 (type, "AMXIDX") == 0)
    {
      if (selection->found->index == NULL)
        selection->found->index = instrument_from_row (row, segment);
      return TRUE;
    }
  symbol_length = strlen (symbol);
  if (g_strcmp0 (type, "OPTIDX") != 0 ||
      (strcmp (segment, "NFO") != 0 && strcmp (segment, "BFO") != 0) || symbol_length < 2 ||
      (strcmp (symbol + symbol_length - 2, "CE") != 0 &&
       strcmp (symbol + symbol_length - 2, "PE") != 0) ||
      !flow_smartapi_parse_expiry (string_member (row, "expiry"), &expiry_ms) ||
      expiry_ms < selection->today_ms)
    return TRUE;
  instrument = instrument_from_row (row, segment);
  instrument->expiry_ms = expiry_ms;
  instrument->strike = number_member (row, "strike");
  memcpy (instrument->option_type, symbol + symbol_length - 2, 2);
  g_ptr_array_add (selection->found->options, instrument);
  return TRUE;
}

FlowSmartapiOptions *
flow_smartapi_scrip_master_find_options (GInputStream  *stream,
                                         const char    *underlying,
                                         gint64         now_ms,
                                         GCancellable  *cancellable,
                                         GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(FlowSmartapiOptions) found = g_new0 (FlowSmartapiOptions, 1);
  OptionSelection selection = {
    .underlying = underlying,
    .today_ms = flow_ist_day_start_ms (now_ms),
    .parser = parser,
  };
  GError *local_error = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (underlying != NULL, NULL);

  found->options = g_ptr_array_new_with_free_func ((GDestroyNotify) flow_smartapi_instrument_free);
  selection.found = found;
  if (!flow_json_array_read (stream, MAX_OBJECT, consider_option_row, &selection, cancellable,
                             &local_error))
    {
      if (local_error->domain == FLOW_JSON_ARRAY_READER_ERROR)
        {
          g_set_error (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR,
                       FLOW_SMARTAPI_SCRIP_MASTER_ERROR_MALFORMED,
                       _("Angel One’s instrument list is malformed: %s"), local_error->message);
          g_error_free (local_error);
        }
      else
        g_propagate_error (error, local_error);
      return NULL;
    }
  if (found->options->len == 0)
    {
      g_set_error (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR,
                   FLOW_SMARTAPI_SCRIP_MASTER_ERROR_NOT_FOUND,
                   _("Angel One’s instrument list has no index options named “%s”"), underlying);
      return NULL;
    }
  return g_steal_pointer (&found);
}

/* ------------------------------------------------------------------------------------------
 * Download, cache and worker thread
 */

static const FlowDailyDownload scrip_master_download = {
  .cache_prefix = "angel-scrip-master-",
  .cache_suffix = ".json",
  .title = N_("Angel One’s instrument list"),
  .error_quark = flow_smartapi_scrip_master_error_quark,
  .download_code = FLOW_SMARTAPI_SCRIP_MASTER_ERROR_DOWNLOAD,
  .malformed_code = FLOW_SMARTAPI_SCRIP_MASTER_ERROR_MALFORMED,
  .parse = (FlowDailyParseFunc) flow_smartapi_scrip_master_find_future,
  .result_free = (GDestroyNotify) flow_smartapi_instrument_free,
  .user_agent = FLOW_SMARTAPI_USER_AGENT,
};

static const FlowDailyDownload options_download = {
  .cache_prefix = "angel-scrip-master-",
  .cache_suffix = ".json",
  .title = N_("Angel One’s instrument list"),
  .error_quark = flow_smartapi_scrip_master_error_quark,
  .download_code = FLOW_SMARTAPI_SCRIP_MASTER_ERROR_DOWNLOAD,
  .malformed_code = FLOW_SMARTAPI_SCRIP_MASTER_ERROR_MALFORMED,
  .parse = (FlowDailyParseFunc) flow_smartapi_scrip_master_find_options,
  .result_free = (GDestroyNotify) flow_smartapi_options_free,
  .user_agent = FLOW_SMARTAPI_USER_AGENT,
};

void
flow_smartapi_scrip_master_find_options_async (SoupSession         *session,
                                               const char          *url,
                                               const char          *underlying,
                                               gint64               now_ms,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  flow_daily_download_async (&options_download, session, url, underlying, now_ms, cancellable,
                             callback, user_data);
}

FlowSmartapiOptions *
flow_smartapi_scrip_master_find_options_finish (GAsyncResult  *result,
                                                GError       **error)
{
  return flow_daily_download_finish (result, error);
}

void
flow_smartapi_scrip_master_find_future_async (SoupSession         *session,
                                              const char          *url,
                                              const char          *underlying,
                                              gint64               now_ms,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  flow_daily_download_async (&scrip_master_download, session, url, underlying, now_ms, cancellable,
                             callback, user_data);
}

FlowSmartapiInstrument *
flow_smartapi_scrip_master_find_future_finish (GAsyncResult  *result,
                                               GError       **error)
{
  return flow_daily_download_finish (result, error);
}

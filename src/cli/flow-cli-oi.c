/* flow-cli-oi.c: orderflow-cli oi, the OI tracker as JSON Lines (shared/design/cli.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-cli-oi"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "flow-cli.h"
#include "flow-credentials.h"
#include "flow-demo-market.h"
#include "flow-endpoint.h"
#include "flow-ist.h"
#include "flow-oi-journal.h"
#include "flow-oi-record.h"
#include "flow-oi-session.h"
#include "flow-upstox-client.h"
#include "flow-upstox-instruments.h"
#include "flow-upstox-option-chain.h"

static const char *usage =
  "orderflow-cli oi --broker upstox|demo [--underlying NIFTY] [--expiry nearest|YYYY-MM-DD]\n"
  "                 [--strikes 3] [--refresh 60] [--count N] [--record FILE] [--seed N]\n"
  "       orderflow-cli oi --replay FILE [--strikes 3]";

#define MINUTE_MS ((gint64) 60 * 1000)
/* The demo backfills this much history, so the first refresh has every column. */
#define DEMO_HISTORY_MINUTES 30
/* Refresh periods of oi-tracker.md rule 9. The demo and a loopback server (tests) have no
 * rate limit to respect, so they may go down to 1 s. */
#define REFRESH_MIN      10
#define REFRESH_MAX      300
#define DEMO_REFRESH_MIN 1
#define STRIKES_MAX      15

typedef struct
{
  FlowOiSession  *session;
  FlowDemoMarket *market;
  FILE           *record;
  GMainLoop      *loop;
  GError         *error;          /* why the loop stopped early */
  gint64          last_time_ms;
  guint           tick_id;
  guint           remaining;      /* refreshes still to print, with --count */
  gboolean        counted;
  gboolean        done;

  /* Upstox */
  FlowUpstoxClient *client;
  GCancellable     *cancellable;
  char             *underlying;
  char             *underlying_key; /* from the instruments file; NULL until looked up */
  char             *lookup_url;     /* the instruments file searched for it */
  char             *expiry;        /* NULL until chosen */
  GPtrArray        *backfill;      /* instrument keys still to backfill; NULL before the probe */
  gboolean          busy;          /* a request is in flight: a tick that finds one waits */
  guint             tick_interval_ms;
} OiRun;

static void
oi_run_clear (OiRun *run)
{
  g_clear_object (&run->session);
  g_clear_object (&run->market);
  g_clear_object (&run->client);
  g_clear_object (&run->cancellable);
  g_clear_pointer (&run->underlying, g_free);
  g_clear_pointer (&run->underlying_key, g_free);
  g_clear_pointer (&run->lookup_url, g_free);
  g_clear_pointer (&run->expiry, g_free);
  g_clear_pointer (&run->backfill, g_ptr_array_unref);
  g_clear_pointer (&run->record, fclose);
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_error (&run->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OiRun, oi_run_clear)

/* The rules' settings are the GUI's (GSettings), so the CLI agrees with the window. Without an
 * installed schema (an uninstalled build) the defaults of oi-tracker.md apply. */
static void
load_settings (FlowOiSettings *out)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  flow_oi_settings_init (out);
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("schema %s is not installed: using the default OI settings", APPLICATION_ID);
      return;
    }

  settings = g_settings_new_full (schema, NULL, NULL);
  for (guint i = 0; i < FLOW_OI_N_INTERVALS; i++)
    {
      g_autofree char *key = g_strdup_printf ("oi-threshold-%u", flow_oi_interval_minutes (i));

      out->thresholds[i] = g_settings_get_double (settings, key);
    }
  out->flag_drops = g_settings_get_boolean (settings, "oi-flag-drops");
  out->alert_ratio = g_settings_get_double (settings, "oi-alert-ratio");
  out->strikes = g_settings_get_uint (settings, "oi-strikes");
}

/* Rupees and percentages: rounded to 2 decimals, trailing zeros dropped (24100, 24112.35,
 * 10.5), whatever the locale. */
static void
append_decimal (GString *out,
                double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  gsize length;

  g_ascii_formatd (buffer, sizeof buffer, "%.2f", value);
  length = strlen (buffer);
  while (buffer[length - 1] == '0')
    buffer[--length] = '\0';
  if (buffer[length - 1] == '.')
    buffer[--length] = '\0';
  g_string_append (out, strcmp (buffer, "-0") == 0 ? "0" : buffer);
}

static void
append_string (GString    *out,
               const char *value)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);
  g_autofree char *text = json_to_string (node, FALSE);

  g_string_append (out, text);
}

static void
append_side (GString                *out,
             const FlowOiSideReport *side)
{
  gboolean first = TRUE;

  if (!side->present)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_printf (out, "{\"oi\":%" G_GINT64_FORMAT ",\"pct\":{", side->oi);
  for (guint k = 0; k < FLOW_OI_N_INTERVALS; k++)
    {
      g_string_append_printf (out, "%s\"%u\":", k > 0 ? "," : "", flow_oi_interval_minutes (k));
      if (side->changes[k].has_value)
        append_decimal (out, side->changes[k].pct);
      else
        g_string_append (out, "null");
    }
  g_string_append (out, "},\"hot\":[");
  for (guint k = 0; k < FLOW_OI_N_INTERVALS; k++)
    if (side->changes[k].flag != FLOW_OI_FLAG_NONE)
      {
        g_string_append_printf (out, "%s\"%u\"", first ? "" : ",", flow_oi_interval_minutes (k));
        first = FALSE;
      }
  g_string_append (out, "]}");
}

/* One line of the JSON Lines output, keys in the order of cli.md. */
static char *
format_report (const FlowOiReport *report)
{
  GString *out = g_string_new (NULL);
  g_autofree char *time = flow_ist_format_iso (report->time_ms);

  g_string_append_printf (out, "{\"time\":\"%s\",\"underlying\":", time);
  append_string (out, report->underlying);
  g_string_append (out, ",\"expiry\":");
  append_string (out, report->expiry);
  g_string_append (out, ",\"spot\":");
  append_decimal (out, report->spot);
  g_string_append (out, ",\"atm\":");
  if (report->has_atm)
    append_decimal (out, report->atm);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"rows\":[");
  for (guint i = 0; i < report->n_rows; i++)
    {
      const FlowOiRow *row = &report->rows[i];

      g_string_append (out, i > 0 ? ",{\"strike\":" : "{\"strike\":");
      append_decimal (out, row->strike);
      g_string_append (out, ",\"ce\":");
      append_side (out, &row->ce);
      g_string_append (out, ",\"pe\":");
      append_side (out, &row->pe);
      g_string_append (out, "}");
    }
  g_string_append_printf (out, "],\"highlighted\":%u,\"cells\":%u,\"alert\":%s}",
                          report->highlighted, report->cells, report->alert ? "true" : "false");
  return g_string_free (out, FALSE);
}

static gboolean
take_option_chain (OiRun       *run,
                   JsonNode    *body,
                   gint64       time_ms,
                   GError     **error)
{
  g_autoptr(FlowOptionChain) chain = flow_upstox_option_chain_parse (body, time_ms, error);
  g_autoptr(FlowOiReport) report = NULL;
  g_autofree char *line = NULL;

  if (chain == NULL)
    return FALSE;
  /* Each chain taken is the one printed, as the live run printed it: its expiry was chosen
   * when it was requested (--expiry, or rule 8 over the expiries Upstox lists). Rule 8 over
   * the chains seen could pick another in a recording that several runs appended to. */
  flow_oi_session_set_expiry (run->session, chain->expiry);
  flow_oi_session_add_chain (run->session, chain);
  report = flow_oi_session_refresh (run->session);
  line = format_report (report);
  /* Flushed per line: a script reading the pipe sees each refresh when it happens. */
  if (puts (line) == EOF || fflush (stdout) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "could not write the output: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* A candle still forming when the body was received says nothing about the OI at its close,
 * so only candles closed by @received_ms count (the recorded time, so a replay agrees). */
static gboolean
take_candles (OiRun       *run,
              const char  *instrument_key,
              gint64       received_ms,
              JsonNode    *body,
              GError     **error)
{
  g_autoptr(GArray) candles = flow_upstox_candles_parse_oi (body, error);

  if (candles == NULL)
    return FALSE;
  for (guint i = 0; i < candles->len; i++)
    {
      const FlowUpstoxCandleOi *candle = &g_array_index (candles, FlowUpstoxCandleOi, i);

      if (candle->start_ms + MINUTE_MS > received_ms)
        continue;
      flow_oi_session_add_candle (run->session, instrument_key, candle->start_ms, candle->oi);
    }
  return TRUE;
}

/* One record line, live or replayed: the same code on the same bytes, so a replay prints
 * exactly what the live run printed. */
static gboolean
take_record (OiRun       *run,
             JsonNode    *root,
             GError     **error)
{
  FlowOiRecord record;

  if (!flow_oi_record_read (root, &record, error))
    return FALSE;
  if (strcmp (record.source, FLOW_OI_RECORD_OPTION_CHAIN) == 0)
    return take_option_chain (run, record.body, record.time_ms, error);
  return take_candles (run, record.instrument_key, record.time_ms, record.body, error);
}

/* ------------------------------------------------------------------------------------------
 * Replay
 */

static int
replay (OiRun      *run,
        const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  guint number = 0;
  char *line;
  char *end;

  if (!g_file_get_contents (path, &contents, &length, &error))
    return flow_cli_fail ("%s", error->message);

  end = contents + length;
  for (line = contents; line < end; )
    {
      char *newline = memchr (line, '\n', end - line);
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) line_error = NULL;

      number++;
      /* Without a newline the line ends at the end of the contents, which are NUL-terminated. */
      if (newline != NULL)
        *newline = '\0';

      root = json_from_string (line, &line_error);
      /* A recording cut short by a crash ends in half a line: what came before still counts. */
      if (root == NULL && line_error != NULL && newline == NULL)
        {
          fflush (stdout);
          fprintf (stderr, "orderflow-cli: warning: %s line %u is cut short; skipped it\n",
                   path, number);
          return FLOW_CLI_EXIT_OK;
        }
      if (line_error != NULL || !take_record (run, root, &line_error))
        return flow_cli_fail ("%s line %u: %s", path, number, line_error->message);

      if (newline == NULL)
        break;
      line = newline + 1;
    }
  return FLOW_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------------------------
 * Live (demo)
 */

/* Writes the line to the recording, then reads it back and takes it as a replay would, so
 * that a replay sees exactly the bytes the live run did. */
static gboolean
emit (OiRun       *run,
      JsonNode    *line,
      GError     **error)
{
  g_autofree char *text = json_to_string (line, FALSE);
  g_autoptr(JsonNode) reread = NULL;

  if (run->record != NULL &&
      (fputs (text, run->record) == EOF || fputc ('\n', run->record) == EOF ||
       fflush (run->record) != 0))
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "could not write the recording: %s", g_strerror (errno));
      return FALSE;
    }
  reread = json_from_string (text, error);
  return reread != NULL && take_record (run, reread, error);
}

static JsonNode *
record_line (gint64      time_ms,
             const char *source,
             const char *instrument_key,
             JsonNode   *body)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "time");
  json_builder_add_int_value (builder, time_ms);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, source);
  if (instrument_key != NULL)
    {
      json_builder_set_member_name (builder, "instrument_key");
      json_builder_add_string_value (builder, instrument_key);
    }
  json_builder_set_member_name (builder, "body");
  json_builder_add_value (builder, body);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
emit_chain (OiRun                 *run,
            const FlowOptionChain *chain,
            GError               **error)
{
  g_autoptr(JsonNode) line = record_line (chain->time_ms, FLOW_OI_RECORD_OPTION_CHAIN, NULL,
                                          flow_upstox_option_chain_serialize (chain));

  return emit (run, line, error);
}

static const FlowOptionSide *
find_side (const FlowOptionChain *chain,
           const char            *instrument_key)
{
  for (guint i = 0; i < chain->strikes->len; i++)
    {
      const FlowOptionStrike *row = flow_option_chain_get (chain, i);

      if (row->ce.present && g_strcmp0 (row->ce.instrument_key, instrument_key) == 0)
        return &row->ce;
      if (row->pe.present && g_strcmp0 (row->pe.instrument_key, instrument_key) == 0)
        return &row->pe;
    }
  return NULL;
}

/* The demo's stand-in for the live backfill: each contract's last minutes as the 1-minute
 * candles Upstox would return (newest first, OI at each candle's close), recorded like them. */
static gboolean
emit_backfill (OiRun                 *run,
               GPtrArray             *history,
               const FlowOptionSide  *side,
               gint64                 received_ms,
               GError               **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) line = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "success");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "candles");
  json_builder_begin_array (builder);
  for (guint i = history->len; i-- > 0; )
    {
      const FlowOptionChain *chain = g_ptr_array_index (history, i);
      const FlowOptionSide *now = find_side (chain, side->instrument_key);
      const FlowOptionSide *before = i > 0 ? find_side (g_ptr_array_index (history, i - 1),
                                                        side->instrument_key) : NULL;
      g_autofree char *start = NULL;

      if (now == NULL)
        continue;
      start = flow_ist_format_iso (chain->time_ms - MINUTE_MS);
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, start);
      for (guint price = 0; price < 4; price++)
        json_builder_add_double_value (builder, now->ltp);
      /* Day volume resets at midnight: never a negative candle. */
      json_builder_add_int_value (builder, before != NULL ? MAX (now->volume - before->volume, 0)
                                                          : 0);
      json_builder_add_int_value (builder, now->oi);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  line = record_line (received_ms, FLOW_OI_RECORD_CANDLES, side->instrument_key,
                      json_builder_get_root (builder));
  return emit (run, line, error);
}

/* Prints one refresh; sets run->done after the last one --count asked for. */
static gboolean
refresh (OiRun                 *run,
         const FlowOptionChain *chain,
         GError               **error)
{
  run->last_time_ms = chain->time_ms;
  if (!emit_chain (run, chain, error))
    return FALSE;
  run->done = run->counted && --run->remaining == 0;
  return TRUE;
}

static gboolean
on_tick (gpointer data)
{
  OiRun *run = data;
  /* The demo's clock must not go back, even if the system's does. */
  gint64 now_ms = MAX (g_get_real_time () / 1000, run->last_time_ms + 1);
  g_autoptr(FlowOptionChain) chain = flow_demo_market_option_chain_at (run->market, now_ms);

  if (refresh (run, chain, &run->error) && !run->done)
    return G_SOURCE_CONTINUE;
  run->tick_id = 0;
  g_main_loop_quit (run->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer data)
{
  OiRun *run = data;

  g_main_loop_quit (run->loop);
  return G_SOURCE_CONTINUE;
}

/* Appends to @path; a recording that a crash cut short first loses its torn last line, which
 * would otherwise fuse with the first new one into a line no replay could read. */
static gboolean
open_record (OiRun       *run,
             const char  *path,
             GError     **error)
{
  int fd = g_open (path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);

  if (fd < 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "could not open %s: %s",
                   path, g_strerror (errno));
      return FALSE;
    }
  if (!flow_oi_journal_cut_torn_tail (fd, path, error))
    {
      g_close (fd, NULL);
      return FALSE;
    }
  run->record = fdopen (fd, "a");
  if (run->record == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "could not open %s: %s",
                   path, g_strerror (errno));
      g_close (fd, NULL);
      return FALSE;
    }
  return TRUE;
}

/* Backfills DEMO_HISTORY_MINUTES of whole minutes, prints the first refresh at once, then one
 * every @refresh_s seconds of wall time, which is also the simulated time. */
static gboolean
run_demo (OiRun       *run,
          guint64      seed,
          const char  *underlying,
          const char  *expiry,
          const char  *record_path,
          guint        refresh_s,
          GError     **error)
{
  gint64 now_ms = g_get_real_time () / 1000;
  gint64 minute_ms = flow_floor_div (now_ms, MINUTE_MS) * MINUTE_MS;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(FlowOptionChain) first = NULL;
  guint int_id, term_id;

  if (!flow_demo_market_simulates (underlying))
    {
      g_autofree char *known = flow_cli_demo_underlyings ();

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "the demo market does not simulate “%s” (it simulates %s)", underlying, known);
      return FALSE;
    }

  history = g_ptr_array_new_with_free_func ((GDestroyNotify) flow_option_chain_free);
  /* The simulation starts a minute before the history so that its first minute has moved. */
  run->market = flow_demo_market_new_for (underlying, seed,
                                          minute_ms - (DEMO_HISTORY_MINUTES + 1) * MINUTE_MS);
  for (gint64 minutes = DEMO_HISTORY_MINUTES; minutes >= 1; minutes--)
    g_ptr_array_add (history, flow_demo_market_option_chain_at (run->market,
                                                                minute_ms - minutes * MINUTE_MS));
  first = flow_demo_market_option_chain_at (run->market, now_ms);

  if (strcmp (expiry, "nearest") != 0 && g_strcmp0 (expiry, first->expiry) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "the demo market lists only the expiry %s", first->expiry);
      return FALSE;
    }

  if (record_path != NULL && !open_record (run, record_path, error))
    return FALSE;

  for (guint i = 0; i < first->strikes->len; i++)
    {
      const FlowOptionStrike *row = flow_option_chain_get (first, i);

      if ((row->ce.present && !emit_backfill (run, history, &row->ce, now_ms, error)) ||
          (row->pe.present && !emit_backfill (run, history, &row->pe, now_ms, error)))
        return FALSE;
    }

  if (!refresh (run, first, error))
    return FALSE;
  if (run->done)
    return TRUE;

  run->loop = g_main_loop_new (NULL, FALSE);
  run->tick_id = g_timeout_add (refresh_s * 1000, on_tick, run);
  int_id = g_unix_signal_add (SIGINT, on_signal, run);
  term_id = g_unix_signal_add (SIGTERM, on_signal, run);
  g_main_loop_run (run->loop);
  g_source_remove (term_id);
  g_source_remove (int_id);
  g_clear_handle_id (&run->tick_id, g_source_remove);

  if (run->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&run->error));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------
 * Live (Upstox)
 *
 * One request at a time, in this order: the expiries (unless pinned), a first chain that only
 * says which contracts are displayed, their candles (the backfill), then the chain at every
 * refresh. The backfill goes before the first printed chain in the recording as it did in
 * time, so a replay prints that chain with the same history.
 */

static void upstox_step (OiRun *run);

static void
stop_with (OiRun  *run,
           GError *error)
{
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);
  g_main_loop_quit (run->loop);
}

/* What a person must fix ends the run; the rest (rate limit, server errors, an HTML page from a
 * proxy, the network) keeps the last table and retries at the next tick (oi-tracker.md rule 9). */
static gboolean
is_transient (const GError *error)
{
  return !g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED) &&
         !g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_REFUSED) &&
         !g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_NO_EXPIRY) &&
         error->domain != FLOW_UPSTOX_OPTION_CHAIN_ERROR;
}

static void
warn (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static void
warn (const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fflush (stdout);
  fprintf (stderr, "orderflow-cli: warning: %s\n", message);
}

/* A failed request (takes @error): the run ends or waits for the next tick. */
static void
survive (OiRun  *run,
         GError *error)
{
  run->busy = FALSE;
  /* Cancelled only while the run is being torn down: nothing to say. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_error_free (error);
  else if (!is_transient (error))
    stop_with (run, error);
  else
    {
      warn ("%s; retrying at the next refresh", error->message);
      g_error_free (error);
    }
}

/* The index key of the underlying, as FlowUpstoxFeed finds it: its contracts' underlying_key
 * in the day's instruments file (BSE's file beside NSE's for SENSEX and BANKEX); the keys
 * Upstox documents for NIFTY and BANKNIFTY when the file is out of reach. */
static void
on_index_key (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  OiRun *run = user_data;
  GError *error = NULL;
  char *key = flow_upstox_instruments_find_index_key_finish (result, &error);
  g_autofree char *bse_url = NULL;
  const char *documented;

  if (key == NULL && g_error_matches (error, FLOW_UPSTOX_INSTRUMENTS_ERROR,
                                      FLOW_UPSTOX_INSTRUMENTS_ERROR_NOT_FOUND) &&
      (bse_url = flow_upstox_instruments_bse_url (run->lookup_url)) != NULL)
    {
      g_clear_error (&error);
      g_free (run->lookup_url);
      run->lookup_url = g_steal_pointer (&bse_url);
      run->busy = FALSE;
      upstox_step (run);
      return;
    }
  documented = flow_upstox_documented_index_key (run->underlying);
  if (key == NULL && documented != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("no index key of %s from the instruments file (%s): using %s", run->underlying,
               error->message, documented);
      g_clear_error (&error);
      key = g_strdup (documented);
    }
  if (key == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_prefix_error (&error, "No Upstox index found for %s: ", run->underlying);
          stop_with (run, error);
        }
      else
        g_error_free (error);
      return;
    }
  g_debug ("%s is %s", run->underlying, key);
  run->underlying_key = key;
  run->busy = FALSE;
  upstox_step (run);
}

static void
on_expiries (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  OiRun *run = user_data;
  GError *error = NULL;
  g_auto(GStrv) expiries = flow_upstox_client_expiries_finish (FLOW_UPSTOX_CLIENT (source),
                                                               result, &error);
  const char *chosen;

  if (expiries == NULL)
    {
      survive (run, error);
      return;
    }
  chosen = flow_oi_select_expiry ((const char * const *) expiries, g_strv_length (expiries),
                                  g_get_real_time () / 1000);
  if (chosen == NULL)
    {
      stop_with (run, g_error_new (FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_NO_EXPIRY,
                                   "Upstox lists no option expiry of %s from today on",
                                   run->underlying_key));
      return;
    }
  g_debug ("nearest expiry %s of %u listed", chosen, g_strv_length (expiries));
  run->expiry = g_strdup (chosen);
  run->busy = FALSE;
  upstox_step (run);
}

static void
on_probe (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  OiRun *run = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) body = flow_upstox_client_option_chain_finish (FLOW_UPSTOX_CLIENT (source),
                                                                     result, &error);
  g_autoptr(FlowOptionChain) chain = NULL;
  g_autoptr(FlowOiReport) report = NULL;

  if (body == NULL ||
      (chain = flow_upstox_option_chain_parse (body, g_get_real_time () / 1000, &error)) == NULL)
    {
      survive (run, error);
      return;
    }

  /* Evaluating leaves the history as it is. */
  report = flow_oi_tracker_evaluate (flow_oi_session_get_tracker (run->session), chain);
  run->backfill = g_ptr_array_new_with_free_func (g_free);
  for (guint i = report->n_rows; i-- > 0; )
    {
      if (report->rows[i].pe.present)
        g_ptr_array_add (run->backfill, g_strdup (report->rows[i].pe.instrument_key));
      if (report->rows[i].ce.present)
        g_ptr_array_add (run->backfill, g_strdup (report->rows[i].ce.instrument_key));
    }
  run->busy = FALSE;
  upstox_step (run);
}

static void
on_candles (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  OiRun *run = user_data;
  GError *error = NULL;
  JsonNode *body = flow_upstox_client_intraday_candles_finish (FLOW_UPSTOX_CLIENT (source),
                                                               result, &error);
  g_autofree char *key = NULL;
  g_autoptr(GArray) checked = NULL;
  g_autoptr(JsonNode) line = NULL;

  if (body == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_error_free (error);
      return;
    }
  key = g_ptr_array_steal_index (run->backfill, run->backfill->len - 1);
  /* A contract without backfill only has shorter history: not worth ending the run for. */
  if (body != NULL && (checked = flow_upstox_candles_parse_oi (body, &error)) == NULL)
    g_clear_pointer (&body, json_node_unref);
  if (body == NULL)
    {
      if (g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED))
        {
          run->busy = FALSE;
          stop_with (run, error);
          return;
        }
      warn ("no backfill for %s: %s", key, error->message);
      g_error_free (error);
    }
  else
    {
      line = record_line (g_get_real_time () / 1000, FLOW_OI_RECORD_CANDLES, key, body);
      if (!emit (run, line, &error))
        {
          stop_with (run, error);
          return;
        }
    }
  run->busy = FALSE;
  upstox_step (run);
}

static gboolean on_upstox_tick (gpointer data);

static void
on_chain (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  OiRun *run = user_data;
  GError *error = NULL;
  JsonNode *body = flow_upstox_client_option_chain_finish (FLOW_UPSTOX_CLIENT (source),
                                                           result, &error);
  gint64 received_ms = g_get_real_time () / 1000;
  g_autoptr(FlowOptionChain) chain = NULL;
  g_autoptr(JsonNode) line = NULL;

  /* Checked before it is recorded: a recording only holds lines a replay can take. */
  if (body != NULL && (chain = flow_upstox_option_chain_parse (body, received_ms, &error)) == NULL)
    g_clear_pointer (&body, json_node_unref);
  if (body == NULL)
    {
      survive (run, error);
      return;
    }

  line = record_line (received_ms, FLOW_OI_RECORD_OPTION_CHAIN, NULL, body);
  if (!emit (run, line, &error))
    {
      stop_with (run, error);
      return;
    }
  run->busy = FALSE;
  run->done = run->counted && --run->remaining == 0;
  if (run->done)
    {
      g_main_loop_quit (run->loop);
      return;
    }
  /* The refresh period counts from the first table, not from the start of the backfill. */
  if (run->last_time_ms == 0)
    {
      g_clear_handle_id (&run->tick_id, g_source_remove);
      run->tick_id = g_timeout_add (run->tick_interval_ms, on_upstox_tick, run);
    }
  run->last_time_ms = received_ms;
}

static void
upstox_step (OiRun *run)
{
  if (run->busy)
    return;
  run->busy = TRUE;
  if (run->underlying_key == NULL)
    flow_upstox_instruments_find_index_key_async (flow_upstox_client_get_session (run->client),
                                                  run->lookup_url, run->underlying,
                                                  g_get_real_time () / 1000, run->cancellable,
                                                  on_index_key, run);
  else if (run->expiry == NULL)
    flow_upstox_client_expiries_async (run->client, run->underlying_key, run->cancellable,
                                       on_expiries, run);
  else if (run->backfill == NULL)
    flow_upstox_client_option_chain_async (run->client, run->underlying_key, run->expiry,
                                           run->cancellable, on_probe, run);
  else if (run->backfill->len > 0)
    flow_upstox_client_intraday_candles_async (run->client,
                                               g_ptr_array_index (run->backfill,
                                                                  run->backfill->len - 1),
                                               run->cancellable, on_candles, run);
  else
    flow_upstox_client_option_chain_async (run->client, run->underlying_key, run->expiry,
                                           run->cancellable, on_chain, run);
}

static gboolean
on_upstox_tick (gpointer data)
{
  OiRun *run = data;

  if (run->busy)
    g_debug ("the previous refresh is still running: skipping a tick");
  upstox_step (run);
  return G_SOURCE_CONTINUE;
}

/* TRUE when the Upstox endpoint is on this machine (tests), where refreshes may be fast. */
static gboolean
upstox_endpoint_is_loopback (void)
{
  g_autofree char *url = flow_upstox_resolve_api_url (NULL);
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && flow_endpoint_is_loopback (g_uri_get_host (uri));
}

static gboolean
run_upstox (OiRun       *run,
            const char  *underlying,
            const char  *expiry,
            const char  *record_path,
            guint        refresh_s,
            GError     **error)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *api_url = NULL;
  const char *token;
  guint int_id, term_id;

  api_url = flow_upstox_resolve_api_url (error);
  if (api_url == NULL)
    return FALSE;
  values = flow_credentials_lookup_all_sync (credentials, FLOW_BROKER_UPSTOX, NULL, error);
  if (values == NULL)
    return FALSE;
  token = flow_upstox_pick_token (values, g_get_real_time () / 1000, error);
  if (token == NULL)
    return FALSE;

  run->lookup_url = flow_endpoint_resolve (FLOW_UPSTOX_INSTRUMENTS_URL_VARIABLE,
                                           FLOW_UPSTOX_DEFAULT_INSTRUMENTS_URL, error);
  if (run->lookup_url == NULL)
    return FALSE;
  run->client = flow_upstox_client_new (api_url, token);
  run->cancellable = g_cancellable_new ();
  run->underlying = g_strdup (underlying);
  run->tick_interval_ms = refresh_s * 1000;
  if (strcmp (expiry, "nearest") != 0)
    run->expiry = g_strdup (expiry);
  if (record_path != NULL && !open_record (run, record_path, error))
    return FALSE;

  run->loop = g_main_loop_new (NULL, FALSE);
  upstox_step (run);
  /* Until the first table, a failed step is retried at this pace too. */
  run->tick_id = g_timeout_add (run->tick_interval_ms, on_upstox_tick, run);
  int_id = g_unix_signal_add (SIGINT, on_signal, run);
  term_id = g_unix_signal_add (SIGTERM, on_signal, run);
  g_main_loop_run (run->loop);
  g_source_remove (term_id);
  g_source_remove (int_id);
  g_clear_handle_id (&run->tick_id, g_source_remove);
  /* Requests still in flight end now, and their callbacks see the cancellation. */
  g_cancellable_cancel (run->cancellable);

  if (run->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&run->error));
      return FALSE;
    }
  return TRUE;
}

int
flow_cli_oi (int    argc,
             char **argv)
{
  g_autofree char *broker = NULL;
  g_autofree char *underlying = NULL;
  g_autofree char *expiry = NULL;
  g_autofree char *record = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *replay_path = NULL;
  int strikes = -1;
  int refresh_s = -1;
  int count = -1;
  guint64 seed = 1;
  gint64 ignored_day;
  FlowOiSettings settings;
  g_auto(OiRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  gboolean record_existed;
  int status = FLOW_CLI_EXIT_OK;
  int min_refresh;
  const GOptionEntry entries[] = {
    { "broker", 0, 0, G_OPTION_ARG_STRING, &broker, "Data source: upstox or demo", "BROKER" },
    { "underlying", 0, 0, G_OPTION_ARG_STRING, &underlying, "Underlying (default NIFTY)",
      "NAME" },
    { "expiry", 0, 0, G_OPTION_ARG_STRING, &expiry,
      "nearest (default) or a YYYY-MM-DD expiry", "EXPIRY" },
    { "strikes", 0, 0, G_OPTION_ARG_INT, &strikes,
      "Strikes each side of the ATM one (default: the app's setting, 3)", "N" },
    { "refresh", 0, 0, G_OPTION_ARG_INT, &refresh_s,
      "Seconds between refreshes, 10 … 300 (demo: from 1) (default 60)", "SECONDS" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Stop after N refreshes", "N" },
    { "record", 0, 0, G_OPTION_ARG_FILENAME, &record,
      "Append every raw input to FILE, for --replay", "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Seed of the demo market (default 1)",
      "N" },
    { "replay", 0, 0, G_OPTION_ARG_FILENAME, &replay_path,
      "Print what a recording shows, with no network", "FILE" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    "Print the OI tracker, the change of open interest over 3, 5, 10, 15 and 30 minutes around\n"
    "the ATM strike, as one JSON object per refresh. Thresholds, the drop flag, the alert\n"
    "ratio and the strike count come from the app's settings. The demo backfills 30 minutes\n"
    "of history first, and may refresh every second (it needs no server).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!flow_cli_parse_options (context, usage, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return flow_cli_usage_error (usage, "unexpected argument “%s”", argv[1]);
  if ((broker == NULL) == (replay_path == NULL))
    return flow_cli_usage_error (usage, "give either --broker or --replay");
  if (replay_path != NULL &&
      (underlying != NULL || expiry != NULL || record != NULL || seed_text != NULL ||
       count != -1 || refresh_s != -1))
    return flow_cli_usage_error (usage, "--replay takes no other option than --strikes");
  if (broker != NULL && strcmp (broker, "upstox") != 0 && strcmp (broker, "demo") != 0)
    return flow_cli_usage_error (usage, "unknown broker “%s”: upstox or demo", broker);
  if (expiry != NULL && strcmp (expiry, "nearest") != 0 &&
      !flow_ist_parse_date (expiry, &ignored_day))
    return flow_cli_usage_error (usage, "--expiry takes nearest or a YYYY-MM-DD date, not “%s”",
                                 expiry);
  if (strikes != -1 && (strikes < 1 || strikes > STRIKES_MAX))
    return flow_cli_usage_error (usage, "--strikes must be 1 … %d", STRIKES_MAX);
  min_refresh = g_strcmp0 (broker, "demo") == 0 ||
                (g_strcmp0 (broker, "upstox") == 0 && upstox_endpoint_is_loopback ())
                ? DEMO_REFRESH_MIN : REFRESH_MIN;
  if (refresh_s == -1)
    refresh_s = 60;
  if (refresh_s < min_refresh || refresh_s > REFRESH_MAX)
    return flow_cli_usage_error (usage, "--refresh must be %d … %d seconds", min_refresh,
                                 REFRESH_MAX);
  if (count != -1 && count < 1)
    return flow_cli_usage_error (usage, "--count must be at least 1");
  if (seed_text != NULL &&
      (g_strcmp0 (broker, "demo") != 0 ||
       !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, NULL)))
    return flow_cli_usage_error (usage, "--seed takes a whole number, with --broker demo only");

  load_settings (&settings);
  if (strikes != -1)
    settings.strikes = strikes;
  run.session = flow_oi_session_new ();
  /* No OI journal: history restored from it would make a replay print other numbers than the
   * live run did. */
  flow_oi_session_reset (run.session, FALSE);
  flow_oi_session_set_settings (run.session, &settings);
  run.counted = count != -1;
  run.remaining = run.counted ? (guint) count : 0;

  if (replay_path != NULL)
    return replay (&run, replay_path);

  record_existed = record != NULL && g_file_test (record, G_FILE_TEST_EXISTS);
  if (strcmp (broker, "upstox") == 0
      ? !run_upstox (&run, underlying != NULL ? underlying : "NIFTY",
                     expiry != NULL ? expiry : "nearest", record, refresh_s, &error)
      : !run_demo (&run, seed, underlying != NULL ? underlying : "NIFTY",
                   expiry != NULL ? expiry : "nearest", record, refresh_s, &error))
    {
      /* No partial output file: a recording this run started goes with it. */
      if (record != NULL && !record_existed)
        g_unlink (record);
      return flow_cli_fail ("%s", error->message);
    }
  return FLOW_CLI_EXIT_OK;
}

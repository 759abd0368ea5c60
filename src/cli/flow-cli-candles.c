/* flow-cli-candles.c: orderflow-cli candles — a day's one-minute candles of the near-month
 * future, from Angel One or Upstox, as CSV (contract: shared/design/cli.md, section Candles)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "orderflow-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "flow-angel-oi-feed.h"
#include "flow-candle-rows.h"
#include "flow-cli-parse.h"
#include "flow-cli.h"
#include "flow-credentials.h"
#include "flow-endpoint.h"
#include "flow-footprint.h"
#include "flow-ist.h"
#include "flow-smartapi-client.h"
#include "flow-smartapi-scrip-master.h"
#include "flow-upstox-client.h"
#include "flow-upstox-instruments.h"

#define CANDLE_DATA_PATH "/rest/secure/angelbroking/historical/v1/getCandleData"
#define OI_DATA_PATH     "/rest/secure/angelbroking/historical/v1/getOIData"
/* A broker's rate limit (SmartAPI's historical API: 3/s; Upstox: 429) is waited out this long,
 * this many times, before the run gives up. */
#define RETRY_DELAY_MS 1100
#define MAX_TRIES      4

static const char *usage =
  "orderflow-cli candles --broker angel|upstox [--instrument NIFTY] [--date YYYY-MM-DD] "
  "[--interval 1m]";

typedef enum
{
  STEP_FUTURE,
  STEP_SESSION,
  STEP_CANDLES,
  STEP_OI,
  STEP_DONE,
} Step;

typedef struct
{
  GMainLoop              *loop;
  GCancellable           *cancellable;
  GError                 *error;
  gboolean                angel;
  char                   *instrument;
  char                   *date;          /* YYYY-MM-DD, IST */
  gint64                  day_ms;        /* 00:00 IST of the date */
  gboolean                today;
  Step                    step;
  guint                   tries;
  GArray                 *minutes;       /* FlowCandle */

  FlowSmartapiClient     *smartapi;
  FlowSmartapiInstrument *angel_future;
  char                   *scrip_master_url;

  FlowUpstoxClient       *upstox;
  FlowUpstoxInstrument   *upstox_future;
  char                   *instruments_url;
} CandlesRun;

static void candles_step (CandlesRun *run);
static void candles_run_clear (CandlesRun *run);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CandlesRun, candles_run_clear)

static void
candles_run_clear (CandlesRun *run)
{
  g_clear_object (&run->cancellable);
  g_clear_error (&run->error);
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_pointer (&run->instrument, g_free);
  g_clear_pointer (&run->date, g_free);
  g_clear_pointer (&run->minutes, g_array_unref);
  g_clear_object (&run->smartapi);
  g_clear_pointer (&run->angel_future, flow_smartapi_instrument_free);
  g_clear_pointer (&run->scrip_master_url, g_free);
  g_clear_object (&run->upstox);
  g_clear_pointer (&run->upstox_future, flow_upstox_instrument_free);
  g_clear_pointer (&run->instruments_url, g_free);
}

static void
stop_with (CandlesRun *run,
           GError     *error)
{
  if (run->error == NULL)
    run->error = error;
  else
    g_error_free (error);
  g_main_loop_quit (run->loop);
}

static gboolean
retry_step (gpointer data)
{
  candles_step (data);
  return G_SOURCE_REMOVE;
}

/* A rate limit is waited out; anything else ends the run with the broker's reason. */
static void
failed (CandlesRun *run,
        GError     *error)
{
  gboolean limited = g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_RATE_LIMITED) ||
                     g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_RATE_LIMITED);

  if (limited && ++run->tries < MAX_TRIES)
    {
      g_printerr ("orderflow-cli: %s; trying again in %.1f s\n", error->message,
                  RETRY_DELAY_MS / 1000.0);
      g_error_free (error);
      g_timeout_add (RETRY_DELAY_MS, retry_step, run);
      return;
    }
  stop_with (run, error);
}

static void
next (CandlesRun *run,
      Step        step)
{
  run->step = step;
  run->tries = 0;
  candles_step (run);
}

/* The near-month future of that day: the one a live run would have streamed then. */
static gint64
resolution_time (CandlesRun *run)
{
  return run->today ? g_get_real_time () / 1000
                    : flow_ist_at_time_of_day (run->day_ms, FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS);
}

/* SmartAPI's historical calls: the future's exchange and token, the session's hours. */
static JsonNode *
history_request (CandlesRun *run)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *from = g_strdup_printf ("%s 09:15", run->date);
  g_autofree char *to = g_strdup_printf ("%s 15:30", run->date);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "exchange");
  json_builder_add_string_value (builder, run->angel_future->exch_seg);
  json_builder_set_member_name (builder, "symboltoken");
  json_builder_add_string_value (builder, run->angel_future->token);
  json_builder_set_member_name (builder, "interval");
  json_builder_add_string_value (builder, "ONE_MINUTE");
  json_builder_set_member_name (builder, "fromdate");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "todate");
  json_builder_add_string_value (builder, to);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
on_angel_future (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CandlesRun *run = user_data;
  GError *error = NULL;

  run->angel_future = flow_smartapi_scrip_master_find_future_finish (result, &error);
  if (run->angel_future == NULL)
    {
      failed (run, error);
      return;
    }
  g_debug ("%s on %s: %s (token %s)", run->instrument, run->date, run->angel_future->symbol,
           run->angel_future->token);
  next (run, STEP_SESSION);
}

static void
on_angel_session (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CandlesRun *run = user_data;
  GError *error = NULL;

  if (!flow_smartapi_client_ensure_session_finish (FLOW_SMARTAPI_CLIENT (source), result, &error))
    {
      failed (run, error);
      return;
    }
  next (run, STEP_CANDLES);
}

static void
on_angel_candles (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CandlesRun *run = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) data = flow_smartapi_client_post_finish (FLOW_SMARTAPI_CLIENT (source),
                                                               result, NULL, &error);

  if (data == NULL && error != NULL)
    {
      failed (run, error);
      return;
    }
  run->minutes = flow_candle_rows_parse (data, "Angel One", &error);
  if (run->minutes == NULL)
    {
      stop_with (run, error);
      return;
    }
  /* No candles (a holiday, before the open): no OI to ask for either. */
  next (run, run->minutes->len > 0 ? STEP_OI : STEP_DONE);
}

typedef struct
{
  GHashTable *oi;      /* minute start (gint64*) → OI (gint64*) */
} OiRows;

static void
add_oi_row (gint64   start_ms,
            gint64   oi,
            gpointer user_data)
{
  OiRows *rows = user_data;

  g_hash_table_insert (rows->oi, g_memdup2 (&start_ms, sizeof start_ms),
                       g_memdup2 (&oi, sizeof oi));
}

/* The OI at each minute's close comes from getOIData; where it cannot, the column stays
 * empty (the command's contract), said once on stderr. */
static void
on_angel_oi (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  CandlesRun *run = user_data;
  GError *error = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(JsonNode) data = flow_smartapi_client_post_finish (FLOW_SMARTAPI_CLIENT (source),
                                                               result, &raw, &error);
  OiRows rows = { g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free) };

  if (data == NULL && error != NULL)
    {
      if (g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_RATE_LIMITED) &&
          run->tries + 1 < MAX_TRIES)
        {
          g_hash_table_unref (rows.oi);
          failed (run, error);
          return;
        }
      g_printerr ("orderflow-cli: no open interest from Angel One: %s\n", error->message);
      g_error_free (error);
    }
  else if (raw != NULL && !flow_angel_oi_parse_history (raw, add_oi_row, &rows, &error))
    {
      g_printerr ("orderflow-cli: no open interest from Angel One: %s\n", error->message);
      g_error_free (error);
    }
  for (guint i = 0; i < run->minutes->len; i++)
    {
      FlowCandle *candle = &g_array_index (run->minutes, FlowCandle, i);
      gint64 *oi = g_hash_table_lookup (rows.oi, &candle->start_ms);

      if (oi != NULL)
        {
          candle->oi = *oi;
          candle->has_oi = TRUE;
        }
    }
  g_hash_table_unref (rows.oi);
  next (run, STEP_DONE);
}

static void
on_upstox_future (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  CandlesRun *run = user_data;
  GError *error = NULL;

  run->upstox_future = flow_upstox_instruments_find_future_finish (result, &error);
  if (run->upstox_future == NULL)
    {
      failed (run, error);
      return;
    }
  g_debug ("%s on %s: %s (%s)", run->instrument, run->date, run->upstox_future->trading_symbol,
           run->upstox_future->instrument_key);
  next (run, STEP_CANDLES);
}

static void
on_upstox_candles (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  CandlesRun *run = user_data;
  GError *error = NULL;
  g_autoptr(JsonNode) body = run->today
    ? flow_upstox_client_intraday_candles_finish (FLOW_UPSTOX_CLIENT (source), result, &error)
    : flow_upstox_client_day_candles_finish (FLOW_UPSTOX_CLIENT (source), result, &error);

  if (body == NULL)
    {
      failed (run, error);
      return;
    }
  run->minutes = flow_candle_rows_parse_upstox (body, &error);
  if (run->minutes == NULL)
    {
      stop_with (run, error);
      return;
    }
  next (run, STEP_DONE);
}

static void
candles_step (CandlesRun *run)
{
  switch (run->step)
    {
    case STEP_FUTURE:
      if (run->angel)
        flow_smartapi_scrip_master_find_future_async (flow_smartapi_client_get_session (run->smartapi),
                                                      run->scrip_master_url, run->instrument,
                                                      resolution_time (run), run->cancellable,
                                                      on_angel_future, run);
      else
        flow_upstox_instruments_find_future_async (flow_upstox_client_get_session (run->upstox),
                                                   run->instruments_url, run->instrument,
                                                   resolution_time (run), run->cancellable,
                                                   on_upstox_future, run);
      break;
    case STEP_SESSION:
      flow_smartapi_client_ensure_session_async (run->smartapi, run->cancellable,
                                                 on_angel_session, run);
      break;
    case STEP_CANDLES:
      if (run->angel)
        {
          g_autoptr(JsonNode) body = history_request (run);

          flow_smartapi_client_post_async (run->smartapi, CANDLE_DATA_PATH, body,
                                           run->cancellable, on_angel_candles, run);
        }
      else if (run->today)
        flow_upstox_client_intraday_candles_async (run->upstox,
                                                   run->upstox_future->instrument_key,
                                                   run->cancellable, on_upstox_candles, run);
      else
        flow_upstox_client_day_candles_async (run->upstox, run->upstox_future->instrument_key,
                                              run->date, run->cancellable, on_upstox_candles,
                                              run);
      break;
    case STEP_OI:
      {
        g_autoptr(JsonNode) body = history_request (run);

        flow_smartapi_client_post_async (run->smartapi, OI_DATA_PATH, body, run->cancellable,
                                         on_angel_oi, run);
      }
      break;
    case STEP_DONE:
    default:
      g_main_loop_quit (run->loop);
      break;
    }
}

/* The broker's client from the keyring's account; FALSE with the reason. */
static gboolean
make_client (CandlesRun  *run,
             GError     **error)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *api_url = NULL;

  values = flow_credentials_lookup_all_sync (credentials,
                                             run->angel ? FLOW_BROKER_ANGEL : FLOW_BROKER_UPSTOX,
                                             NULL, error);
  if (values == NULL)
    return FALSE;
  if (run->angel)
    {
      api_url = flow_endpoint_resolve ("ORDERFLOW_ANGEL_API_URL", FLOW_SMARTAPI_DEFAULT_API_URL,
                                       error);
      run->scrip_master_url = api_url == NULL ? NULL :
        flow_endpoint_resolve ("ORDERFLOW_ANGEL_SCRIP_MASTER_URL",
                               FLOW_SMARTAPI_DEFAULT_SCRIP_MASTER_URL, error);
      if (run->scrip_master_url == NULL)
        return FALSE;
      run->smartapi = flow_smartapi_client_new_from_credentials (NULL, api_url, values, error);
      return run->smartapi != NULL;
    }
  else
    {
      const char *token;

      api_url = flow_upstox_resolve_api_url (error);
      run->instruments_url = api_url == NULL ? NULL :
        flow_endpoint_resolve (FLOW_UPSTOX_INSTRUMENTS_URL_VARIABLE,
                               FLOW_UPSTOX_DEFAULT_INSTRUMENTS_URL, error);
      if (run->instruments_url == NULL)
        return FALSE;
      token = flow_upstox_pick_token (values, g_get_real_time () / 1000, error);
      if (token == NULL)
        return FALSE;
      run->upstox = flow_upstox_client_new (api_url, token);
      return TRUE;
    }
}

int
flow_cli_candles (int    argc,
                  char **argv)
{
  g_autofree char *broker = NULL;
  g_autofree char *instrument = NULL;
  g_autofree char *date = NULL;
  g_autofree char *interval_text = NULL;
  GOptionEntry entries[] = {
    { "broker", 0, 0, G_OPTION_ARG_STRING, &broker, "angel or upstox", "BROKER" },
    { "instrument", 0, 0, G_OPTION_ARG_STRING, &instrument, "the underlying (NIFTY)", "NAME" },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, "the IST date (today)", "YYYY-MM-DD" },
    { "interval", 0, 0, G_OPTION_ARG_STRING, &interval_text, "bucket size, whole minutes (1m)",
      "INTERVAL" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(CandlesRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) buckets = NULL;
  g_autoptr(GString) out = NULL;
  gint64 interval_ms = 60000;
  gint64 today_ms = flow_ist_day_start_ms (g_get_real_time () / 1000);
  int status;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!flow_cli_parse_options (context, usage, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return flow_cli_usage_error (usage, "unexpected argument '%s'", argv[1]);
  if (broker == NULL || (strcmp (broker, "angel") != 0 && strcmp (broker, "upstox") != 0))
    return flow_cli_usage_error (usage, "--broker must be angel or upstox");
  if (interval_text != NULL &&
      (!flow_cli_parse_interval (interval_text, &interval_ms) || interval_ms % 60000 != 0 ||
       3600000 % interval_ms != 0))
    return flow_cli_usage_error (usage, "--interval must be whole minutes dividing 60 (1m, 5m, "
                                 "15m…), not '%s'", interval_text);
  run.day_ms = today_ms;
  if (date != NULL && !flow_ist_parse_date (date, &run.day_ms))
    return flow_cli_usage_error (usage, "--date must be YYYY-MM-DD, not '%s'", date);
  if (run.day_ms > today_ms)
    return flow_cli_usage_error (usage, "--date %s is in the future", date);

  run.angel = strcmp (broker, "angel") == 0;
  run.instrument = g_strdup (instrument != NULL ? instrument : "NIFTY");
  run.today = run.day_ms == today_ms;
  run.date = flow_ist_format_date (run.day_ms);
  run.cancellable = g_cancellable_new ();
  run.loop = g_main_loop_new (NULL, FALSE);
  if (!make_client (&run, &error))
    return flow_cli_fail ("%s", error->message);

  candles_step (&run);
  g_main_loop_run (run.loop);
  if (run.error != NULL)
    return flow_cli_fail ("%s", run.error->message);

  buckets = flow_candles_aggregate (run.minutes, interval_ms,
                                    FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS);
  out = g_string_new (NULL);
  flow_candles_append_csv (out, buckets);
  fwrite (out->str, 1, out->len, stdout);
  return fflush (stdout) == 0 ? FLOW_CLI_EXIT_OK : FLOW_CLI_EXIT_FAILURE;
}

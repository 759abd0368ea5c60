/* flow-angel-oi-feed.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-angel-oi-feed"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "flow-angel-feed.h"
#include "flow-angel-oi-feed-private.h"
#include "flow-backoff.h"
#include "flow-endpoint.h"
#include "flow-ist.h"
#include "flow-oi-tracker.h"
#include "flow-smartapi-packet.h"
#include "flow-smartapi-scrip-master.h"

#define DEFAULT_WS_URL         "wss://smartapisocket.angelone.in/smart-stream"
#define OI_DATA_PATH           "/rest/secure/angelbroking/historical/v1/getOIData"
#define MAX_INCOMING_PAYLOAD   (1024 * 1024)
#define HTTP_TOO_MANY_REQUESTS 429
#define TOO_MANY_EXTRA_STEPS   3
/* A contract whose backfill keeps failing is shown without history rather than never. */
#define BACKFILL_ATTEMPTS      3
/* After the rate limiter's 403 the next request waits this much longer. */
#define RATE_LIMIT_PAUSE_MS    1000
/* The session's open: the backfill never reaches before it once it has passed. */
#define SESSION_OPEN_MS        ((gint64) (9 * 3600 + 15 * 60) * 1000)
/* WebSocket exchange types of smartapi.md §4.2. */
#define EXCHANGE_NSE_CM        1
#define EXCHANGE_BSE_CM        3
#define EXCHANGE_BSE_FO        4

/* The WebSocket index tokens smartapi.md §3 documents; the scrip master lists indices under
 * their REST tokens (99926000), which the stream does not know. */
static const struct
{
  const char *name;
  const char *token;
} index_tokens[] = {
  { "NIFTY", "26000" },
  { "BANKNIFTY", "26009" },
  { "FINNIFTY", "26037" },
  { "MIDCPNIFTY", "26074" },
};

typedef struct
{
  const FlowSmartapiInstrument *instrument;  /* borrowed from the contracts */
  gboolean                      quoted;      /* a SnapQuote arrived */
  gboolean                      backfilled;  /* its history is in (or given up on) */
  gboolean                      subscribed;
  guint                         attempts;
  gint64                        oi;
  gint64                        ltp;         /* paise */
  gint64                        volume;
} Contract;

typedef struct
{
  gint64    strike;      /* paise */
  Contract *ce;
  Contract *pe;
} Strike;

struct _FlowAngelOiFeed
{
  FlowFeed                 parent_instance;

  FlowCredentials         *credentials;     /* NULL when built with a client */
  char                    *underlying;
  FlowSmartapiClient      *client;
  char                    *ws_url;
  char                    *scrip_master_url;

  guint                    refresh;
  guint                    strikes;
  char                    *pinned_expiry;
  char                    *expiry;

  FlowSmartapiOptions     *options;
  GArray                  *chain;           /* of Strike, ascending, of the expiry */
  GHashTable              *contracts;       /* token → Contract (owned) */
  char                    *index_token;
  guint8                   index_exchange;
  guint8                   option_exchange;
  const char              *option_segment;  /* "NFO" or "BFO" for getOIData */
  gint64                   lot_size;
  gint64                   spot;            /* paise; 0 until the index ticks */
  gint                     band_atm;        /* index into chain; −1 before the spot */

  GCancellable            *cancellable;
  gboolean                 renew_session;
  GCancellable            *handshake_cancellable;
  guint                    handshake_timeout_id;
  SoupWebsocketConnection *connection;
  guint                    attempt;
  gint64                   last_message_us;
  guint                    retry_id;
  guint                    ping_id;
  guint                    watchdog_id;
  guint                    tick_id;

  GQueue                   backfill;        /* of Contract *, waiting */
  guint                    backfill_id;
  gboolean                 backfill_busy;
  gint64                   next_backfill_us;
  gboolean                 first_chain_sent;

  guint                    ping_ms;
  guint                    watchdog_ms;
  guint                    backoff_min_ms;
  guint                    backoff_max_ms;
  gint64                   clock_offset_ms;
  GRand                   *rand;

  guint                    n_backfills;
};

G_DEFINE_FINAL_TYPE (FlowAngelOiFeed, flow_angel_oi_feed, FLOW_TYPE_FEED)

enum
{
  PROP_0,
  PROP_REFRESH,
  PROP_STRIKES,
  PROP_EXPIRY,
  N_PROPS
};

enum
{
  OI_HISTORY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void run_pipeline    (FlowAngelOiFeed *self);
static void connect_socket  (FlowAngelOiFeed *self);
static void pump_backfill   (FlowAngelOiFeed *self);

/* ------------------------------------------------------------------------------------------
 * Asynchronous steps: each holds the run's cancellable, so a late result of a stopped run is
 * ignored.
 */

typedef struct
{
  FlowAngelOiFeed *self;
  GCancellable    *cancellable;
  SoupMessage     *message;
  Contract        *contract;
} Step;

static Step *
step_new (FlowAngelOiFeed *self)
{
  Step *step = g_new0 (Step, 1);

  step->self = g_object_ref (self);
  step->cancellable = g_object_ref (self->cancellable);
  return step;
}

static void
step_free (Step *step)
{
  g_clear_object (&step->message);
  g_object_unref (step->cancellable);
  g_object_unref (step->self);
  g_free (step);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Step, step_free)

static gboolean
step_is_current (Step *step)
{
  return !g_cancellable_is_cancelled (step->cancellable) &&
         step->cancellable == step->self->cancellable;
}

static gint64
now_ms (FlowAngelOiFeed *self)
{
  return g_get_real_time () / 1000 + self->clock_offset_ms;
}

/* ------------------------------------------------------------------------------------------
 * States
 */

static void
set_live (FlowAngelOiFeed *self)
{
  g_autofree char *message = g_strdup_printf (_("Live: %s options of %s on Angel One"),
                                              self->underlying, self->expiry);

  flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_LIVE, message, 0);
}

static void
stop_socket_timers (FlowAngelOiFeed *self)
{
  g_clear_handle_id (&self->ping_id, g_source_remove);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
}

static void
drop_connection (FlowAngelOiFeed *self)
{
  g_autoptr(SoupWebsocketConnection) connection = g_steal_pointer (&self->connection);

  stop_socket_timers (self);
  if (connection == NULL)
    return;
  g_signal_handlers_disconnect_by_data (connection, self);
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

static void
cancel_handshake (FlowAngelOiFeed *self)
{
  g_clear_handle_id (&self->handshake_timeout_id, g_source_remove);
  if (self->handshake_cancellable != NULL)
    g_cancellable_cancel (self->handshake_cancellable);
  g_clear_object (&self->handshake_cancellable);
}

static gboolean
on_retry (gpointer user_data)
{
  FlowAngelOiFeed *self = user_data;

  self->retry_id = 0;
  run_pipeline (self);
  return G_SOURCE_REMOVE;
}

/* The chains stop while the socket is down; the table keeps the last one, which the session
 * marks stale from this state. */
static void
schedule_retry (FlowAngelOiFeed *self,
                const char      *why,
                guint            extra_steps)
{
  guint delay = flow_backoff_delay_ms (self->rand, self->backoff_min_ms, self->backoff_max_ms,
                                       self->attempt + extra_steps);
  g_autofree char *message = g_strdup_printf (_("%s; retrying in %u s"), why,
                                              (delay + 999) / 1000);

  self->attempt++;
  drop_connection (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, on_retry, self);
  g_debug ("%s (attempt %u, %u ms)", why, self->attempt, delay);
  flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_RECONNECTING, message,
                       g_get_real_time () / 1000 + delay);
}

static void
fail_or_retry (FlowAngelOiFeed *self,
               const GError    *error)
{
  if (g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_TOTP) ||
      g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_CREDENTIALS))
    {
      flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_LOGGED_OUT, error->message, 0);
      return;
    }
  if (g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_FIREWALL) ||
      (error->domain == FLOW_SMARTAPI_SCRIP_MASTER_ERROR &&
       error->code != FLOW_SMARTAPI_SCRIP_MASTER_ERROR_DOWNLOAD) ||
      error->domain == FLOW_ENDPOINT_ERROR)
    {
      flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_ERROR, error->message, 0);
      return;
    }
  schedule_retry (self, error->message,
                  g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_RATE_LIMITED)
                  ? TOO_MANY_EXTRA_STEPS : 0);
}

/* ------------------------------------------------------------------------------------------
 * The band: ATM ± (strikes + margin) of the chosen expiry
 */

static gint
atm_index (FlowAngelOiFeed *self)
{
  gint best = -1;
  gint64 best_distance = G_MAXINT64;

  /* Rule 3: the nearest listed strike, a tie to the lower (the first found, ascending). */
  for (guint i = 0; i < self->chain->len; i++)
    {
      gint64 distance = ABS (g_array_index (self->chain, Strike, i).strike - self->spot);

      if (distance < best_distance)
        {
          best = (gint) i;
          best_distance = distance;
        }
    }
  return best;
}

static gboolean
in_band (FlowAngelOiFeed *self,
         gint             atm,
         guint            index)
{
  gint reach = (gint) (self->strikes + FLOW_ANGEL_OI_FEED_MARGIN);

  return atm >= 0 && (gint) index >= atm - reach && (gint) index <= atm + reach;
}

static void
send_tokens (FlowAngelOiFeed *self,
             gint             action,
             FlowSmartapiMode mode,
             guint8           exchange,
             GPtrArray       *tokens)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (tokens->len == 0 || self->connection == NULL ||
      soup_websocket_connection_get_state (self->connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "correlationID");
  json_builder_add_string_value (builder, "orderflow2");
  json_builder_set_member_name (builder, "action");
  json_builder_add_int_value (builder, action);
  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_int_value (builder, mode);
  json_builder_set_member_name (builder, "tokenList");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "exchangeType");
  json_builder_add_int_value (builder, exchange);
  json_builder_set_member_name (builder, "tokens");
  json_builder_begin_array (builder);
  for (guint i = 0; i < tokens->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (tokens, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  g_debug ("%s %u tokens in mode %d", action == 1 ? "subscribing" : "unsubscribing",
           tokens->len, mode);
  soup_websocket_connection_send_text (self->connection, text);
}

/* Re-centres the band on the ATM of the latest spot: contracts entering it are subscribed and
 * queued for backfill (they join the chain once both are done), contracts leaving it are
 * unsubscribed, so the socket stays far below Angel One's 1 000 tokens. */
static void
follow_atm (FlowAngelOiFeed *self)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  g_autoptr(GPtrArray) removed = g_ptr_array_new ();
  gint atm = atm_index (self);

  if (atm < 0 || atm == self->band_atm)
    return;
  g_debug ("ATM %" G_GINT64_FORMAT " (strike %d of %u)",
           g_array_index (self->chain, Strike, atm).strike / 100, atm, self->chain->len);
  self->band_atm = atm;
  for (guint i = 0; i < self->chain->len; i++)
    {
      Strike *strike = &g_array_index (self->chain, Strike, i);
      Contract *sides[] = { strike->ce, strike->pe };
      gboolean wanted = in_band (self, atm, i);

      for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
        {
          Contract *contract = sides[s];

          if (contract == NULL || contract->subscribed == wanted)
            continue;
          contract->subscribed = wanted;
          if (wanted)
            {
              g_ptr_array_add (added, contract->instrument->token);
              if (!contract->backfilled && g_queue_find (&self->backfill, contract) == NULL)
                g_queue_push_tail (&self->backfill, contract);
            }
          else
            {
              g_ptr_array_add (removed, contract->instrument->token);
              g_queue_remove (&self->backfill, contract);
              /* Its quotes would age while unsubscribed: it starts afresh when it returns. */
              contract->quoted = FALSE;
            }
        }
    }
  send_tokens (self, 0, FLOW_SMARTAPI_MODE_SNAP_QUOTE, self->option_exchange, removed);
  send_tokens (self, 1, FLOW_SMARTAPI_MODE_SNAP_QUOTE, self->option_exchange, added);
  pump_backfill (self);
}

static void
subscribe_all (FlowAngelOiFeed *self)
{
  g_autoptr(GPtrArray) index = g_ptr_array_new ();
  g_autoptr(GPtrArray) options = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_ptr_array_add (index, self->index_token);
  send_tokens (self, 1, FLOW_SMARTAPI_MODE_LTP, self->index_exchange, index);
  g_hash_table_iter_init (&iter, self->contracts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Contract *) value)->subscribed)
      g_ptr_array_add (options, ((Contract *) value)->instrument->token);
  send_tokens (self, 1, FLOW_SMARTAPI_MODE_SNAP_QUOTE, self->option_exchange, options);
}

/* ------------------------------------------------------------------------------------------
 * Chains
 */

static void
fill_side (const Contract *contract,
           FlowOptionSide *side)
{
  memset (side, 0, sizeof *side);
  if (contract == NULL || !contract->subscribed || !contract->quoted || !contract->backfilled)
    return;
  side->present = TRUE;
  side->instrument_key = contract->instrument->token;
  side->oi = contract->oi;
  side->ltp = (double) contract->ltp / 100.0;
  side->volume = contract->volume;
}

static void
emit_chain (FlowAngelOiFeed *self)
{
  g_autoptr(FlowOptionChain) chain = NULL;

  if (self->spot <= 0 || self->band_atm < 0)
    return;
  chain = flow_option_chain_new (now_ms (self), self->underlying, self->expiry,
                                 (double) self->spot / 100.0);
  chain->lot_size = self->lot_size;
  for (guint i = 0; i < self->chain->len; i++)
    {
      const Strike *strike = &g_array_index (self->chain, Strike, i);
      FlowOptionSide ce, pe;

      fill_side (strike->ce, &ce);
      fill_side (strike->pe, &pe);
      if (ce.present || pe.present)
        flow_option_chain_add_strike (chain, (double) strike->strike / 100.0, &ce, &pe);
    }
  if (chain->strikes->len == 0)
    return;
  self->first_chain_sent = TRUE;
  flow_feed_emit_option_chain (FLOW_FEED (self), chain);
}

static gboolean
on_tick (gpointer user_data)
{
  FlowAngelOiFeed *self = user_data;

  /* A dropped socket emits nothing: the last chain stays, marked stale, until the data flows
   * again, so no chain ever shows values older than their time. The first chain waits for
   * the first band's backfill (backfill_finished), so the first table is whole. */
  if (self->connection != NULL &&
      (self->first_chain_sent || (g_queue_is_empty (&self->backfill) && !self->backfill_busy)) &&
      flow_feed_get_state (FLOW_FEED (self)) == FLOW_FEED_STATE_LIVE)
    emit_chain (self);
  return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------------------------------------
 * Backfill: getOIData, one request at a time, spaced for the historical API's 3/s
 */

gboolean
flow_angel_oi_parse_history (GBytes              *body,
                             FlowAngelOiRowFunc   func,
                             gpointer             user_data,
                             GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize length;
  const char *text = g_bytes_get_data (body, &length);
  JsonNode *root, *data;
  JsonArray *rows;

  if (!json_parser_load_from_data (parser, text != NULL ? text : "", (gssize) length, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_BAD_RESPONSE,
                   _("Angel One’s OI history is not a JSON object"));
      return FALSE;
    }
  data = json_object_get_member (json_node_get_object (root), "data");
  if (data == NULL || JSON_NODE_HOLDS_NULL (data) ||
      (JSON_NODE_HOLDS_VALUE (data) && json_node_get_value_type (data) == G_TYPE_STRING))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (data))
    {
      g_set_error (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_BAD_RESPONSE,
                   _("Angel One’s OI history has no list of rows"));
      return FALSE;
    }
  rows = json_node_get_array (data);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      JsonObject *row = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *time = row != NULL ? json_object_get_string_member_with_default (row, "time", NULL)
                                     : NULL;
      g_autoptr(GDateTime) when = time != NULL ? g_date_time_new_from_iso8601 (time, NULL) : NULL;
      JsonNode *oi = row != NULL ? json_object_get_member (row, "oi") : NULL;

      if (when == NULL || oi == NULL || !JSON_NODE_HOLDS_VALUE (oi) ||
          (json_node_get_value_type (oi) != G_TYPE_INT64 &&
           json_node_get_value_type (oi) != G_TYPE_DOUBLE))
        {
          g_set_error (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_BAD_RESPONSE,
                       _("Angel One’s OI history has a malformed row %u"), i + 1);
          return FALSE;
        }
      func (g_date_time_to_unix (when) * 1000,
            json_node_get_value_type (oi) == G_TYPE_INT64 ? json_node_get_int (oi)
                                                          : (gint64) llround (json_node_get_double (oi)),
            user_data);
    }
  return TRUE;
}

static char *
format_ist_minute (gint64 ts_ms)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_utc ((ts_ms + FLOW_IST_OFFSET_MS) / 1000);

  return g_date_time_format (when, "%Y-%m-%d %H:%M");
}

static gboolean
on_backfill_timer (gpointer user_data)
{
  FlowAngelOiFeed *self = user_data;

  self->backfill_id = 0;
  pump_backfill (self);
  return G_SOURCE_REMOVE;
}

static void
backfill_finished (FlowAngelOiFeed *self,
                   Contract        *contract)
{
  contract->backfilled = TRUE;
  /* The first table waits for the first band's history, not for the first tick. */
  if (!self->first_chain_sent && g_queue_is_empty (&self->backfill) && !self->backfill_busy)
    emit_chain (self);
}

static void
on_backfill (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  FlowAngelOiFeed *self = step->self;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  Contract *contract = step->contract;

  data = flow_smartapi_client_post_finish (FLOW_SMARTAPI_CLIENT (source), result, &raw, &error);
  if (!step_is_current (step))
    return;
  self->backfill_busy = FALSE;
  /* Spaced from the answer, not from the request: the server saw the request before it
   * answered, so the next one reaches it at least this much later whatever the delays on the
   * way, and no 4 ever fall within its second. */
  self->next_backfill_us = g_get_monotonic_time () +
                           FLOW_ANGEL_OI_FEED_BACKFILL_SPACING_MS * 1000;
  if (data == NULL)
    {
      g_debug ("getOIData %s: %s", contract->instrument->token, error->message);
      contract->attempts++;
      if (g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_RATE_LIMITED))
        self->next_backfill_us = g_get_monotonic_time () + RATE_LIMIT_PAUSE_MS * 1000;
      if (g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_TOKEN))
        self->renew_session = TRUE;
      /* An AB code (AB1004 for a range without data) will not change on a retry; the rate
       * limiter, the network and a 5xx may. */
      if (contract->attempts < BACKFILL_ATTEMPTS &&
          !g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_REFUSED) &&
          !g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_BAD_RESPONSE))
        g_queue_push_tail (&self->backfill, contract);
      else
        backfill_finished (self, contract);
      pump_backfill (self);
      return;
    }
  if (raw != NULL)
    g_signal_emit (self, signals[OI_HISTORY], 0, contract->instrument->token, raw,
                   now_ms (self));
  backfill_finished (self, contract);
  pump_backfill (self);
}

static void
pump_backfill (FlowAngelOiFeed *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gint64 now, open, wait_us;
  Contract *contract;
  Step *step;

  if (self->backfill_busy || self->backfill_id != 0 || self->client == NULL ||
      self->cancellable == NULL || g_queue_is_empty (&self->backfill))
    return;
  wait_us = self->next_backfill_us - g_get_monotonic_time ();
  if (wait_us > 0)
    {
      self->backfill_id = g_timeout_add ((guint) ((wait_us + 999) / 1000), on_backfill_timer,
                                         self);
      return;
    }

  contract = g_queue_pop_head (&self->backfill);
  now = now_ms (self);
  open = flow_ist_at_time_of_day (flow_ist_day_start_ms (now), SESSION_OPEN_MS);
  from = format_ist_minute (now >= open ? MAX (now - FLOW_ANGEL_OI_FEED_BACKFILL_MS, open)
                                        : now - FLOW_ANGEL_OI_FEED_BACKFILL_MS);
  to = format_ist_minute (now);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "exchange");
  json_builder_add_string_value (builder, self->option_segment);
  json_builder_set_member_name (builder, "symboltoken");
  json_builder_add_string_value (builder, contract->instrument->token);
  json_builder_set_member_name (builder, "interval");
  json_builder_add_string_value (builder, "ONE_MINUTE");
  json_builder_set_member_name (builder, "fromdate");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "todate");
  json_builder_add_string_value (builder, to);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  self->backfill_busy = TRUE;
  self->n_backfills++;
  step = step_new (self);
  step->contract = contract;
  flow_smartapi_client_post_async (self->client, OI_DATA_PATH, body, step->cancellable,
                                   on_backfill, step);
}

/* ------------------------------------------------------------------------------------------
 * The socket
 */

static void
handle_packet (FlowAngelOiFeed *self,
               const guint8    *data,
               gsize            length)
{
  FlowSmartapiPacket packet;
  Contract *contract;

  if (!flow_smartapi_packet_decode (data, length, &packet, NULL))
    return;
  if (packet.exchange_type == self->index_exchange && strcmp (packet.token, self->index_token) == 0)
    {
      if (packet.ltp > 0)
        {
          self->spot = packet.ltp;
          follow_atm (self);
        }
      return;
    }
  contract = g_hash_table_lookup (self->contracts, packet.token);
  if (contract == NULL || !contract->subscribed || packet.mode != FLOW_SMARTAPI_MODE_SNAP_QUOTE)
    return;
  contract->quoted = TRUE;
  contract->oi = packet.oi;
  contract->ltp = packet.ltp;
  contract->volume = packet.volume;
  self->attempt = 0;
}

static void
on_socket_message (SoupWebsocketConnection *connection,
                   gint                     type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  FlowAngelOiFeed *self = user_data;
  gsize length;
  gconstpointer data = g_bytes_get_data (message, &length);
  g_autofree char *code = NULL;
  g_autofree char *text = NULL;

  self->last_message_us = g_get_monotonic_time ();
  if (type == SOUP_WEBSOCKET_DATA_BINARY)
    {
      handle_packet (self, data, length);
      return;
    }
  if (flow_smartapi_text_parse (data, length, &code, &text) == FLOW_SMARTAPI_TEXT_ERROR)
    {
      g_autofree char *status = g_strdup_printf (_("Angel One reported %s: %s"),
                                                 code != NULL ? code : _("an error"),
                                                 text != NULL ? text : "");

      flow_feed_set_state (FLOW_FEED (self), flow_feed_get_state (FLOW_FEED (self)), status, 0);
    }
}

static void
on_socket_pong (SoupWebsocketConnection *connection,
                GBytes                  *message,
                gpointer                 user_data)
{
  FLOW_ANGEL_OI_FEED (user_data)->last_message_us = g_get_monotonic_time ();
}

static void
on_socket_closed (SoupWebsocketConnection *connection,
                  gpointer                 user_data)
{
  FlowAngelOiFeed *self = user_data;

  if (connection != self->connection)
    return;
  schedule_retry (self, _("The connection to Angel One was lost"), 0);
}

static gboolean
on_ping (gpointer user_data)
{
  FlowAngelOiFeed *self = user_data;

  if (self->connection != NULL &&
      soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (self->connection, "ping");
  return G_SOURCE_CONTINUE;
}

static gboolean
on_watchdog (gpointer user_data)
{
  FlowAngelOiFeed *self = user_data;
  g_autofree char *why = NULL;

  if (g_get_monotonic_time () - self->last_message_us < (gint64) self->watchdog_ms * 1000)
    return G_SOURCE_CONTINUE;
  self->watchdog_id = 0;
  why = g_strdup_printf (_("No data from Angel One for %u s"), (self->watchdog_ms + 999) / 1000);
  schedule_retry (self, why, 0);
  return G_SOURCE_REMOVE;
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  FlowAngelOiFeed *self = step->self;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (!step_is_current (step))
    {
      if (connection != NULL)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      return;
    }
  g_clear_handle_id (&self->handshake_timeout_id, g_source_remove);
  g_clear_object (&self->handshake_cancellable);
  if (connection == NULL)
    {
      g_autofree char *why = NULL;

      status = soup_message_get_status (step->message);
      if (status == SOUP_STATUS_UNAUTHORIZED)
        {
          self->renew_session = TRUE;
          schedule_retry (self, _("Angel One refused the stream’s credentials"), 0);
        }
      else if (status == HTTP_TOO_MANY_REQUESTS)
        schedule_retry (self, _("Angel One reports too many open connections"),
                        TOO_MANY_EXTRA_STEPS);
      else
        {
          why = g_strdup_printf (_("Cannot connect to Angel One’s stream: %s"), error->message);
          schedule_retry (self, why, 0);
        }
      return;
    }

  self->connection = g_steal_pointer (&connection);
  soup_websocket_connection_set_max_incoming_payload_size (self->connection, MAX_INCOMING_PAYLOAD);
  soup_websocket_connection_set_keepalive_interval (self->connection, 0);
  g_signal_connect (self->connection, "message", G_CALLBACK (on_socket_message), self);
  g_signal_connect (self->connection, "pong", G_CALLBACK (on_socket_pong), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_socket_closed), self);
  self->last_message_us = g_get_monotonic_time ();
  subscribe_all (self);
  self->ping_id = g_timeout_add (self->ping_ms, on_ping, self);
  self->watchdog_id = g_timeout_add (MAX (self->watchdog_ms / 4, 1), on_watchdog, self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (self->refresh, on_tick, self);
  set_live (self);
}

static gboolean
on_handshake_timeout (gpointer user_data)
{
  FlowAngelOiFeed *self = user_data;

  self->handshake_timeout_id = 0;
  g_cancellable_cancel (self->handshake_cancellable);
  return G_SOURCE_REMOVE;
}

static void
connect_socket (FlowAngelOiFeed *self)
{
  Step *step = step_new (self);
  SoupMessageHeaders *headers;
  g_autofree char *bearer = NULL;

  step->message = soup_message_new (SOUP_METHOD_GET, self->ws_url);
  if (step->message == NULL)
    {
      g_autofree char *why = g_strdup_printf (_("Invalid stream address “%s”"), self->ws_url);

      flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_ERROR, why, 0);
      step_free (step);
      return;
    }
  headers = soup_message_get_request_headers (step->message);
  soup_message_headers_replace (headers, "User-Agent", FLOW_SMARTAPI_USER_AGENT);
  bearer = g_strconcat ("Bearer ", flow_smartapi_client_get_jwt_token (self->client), NULL);
  soup_message_headers_replace (headers, "Authorization", bearer);
  memset (bearer, 0, strlen (bearer));
  soup_message_headers_replace (headers, "x-api-key",
                                flow_smartapi_client_get_api_key (self->client));
  soup_message_headers_replace (headers, "x-client-code",
                                flow_smartapi_client_get_client_code (self->client));
  soup_message_headers_replace (headers, "x-feed-token",
                                flow_smartapi_client_get_feed_token (self->client));
  cancel_handshake (self);
  self->handshake_cancellable = g_cancellable_new ();
  self->handshake_timeout_id = g_timeout_add (self->watchdog_ms, on_handshake_timeout, self);
  soup_session_websocket_connect_async (flow_smartapi_client_get_session (self->client),
                                        step->message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->handshake_cancellable, on_connected, step);
}

/* ------------------------------------------------------------------------------------------
 * Contracts
 */

static gint
compare_strikes (gconstpointer a,
                 gconstpointer b)
{
  gint64 x = ((const Strike *) a)->strike, y = ((const Strike *) b)->strike;

  return (x > y) - (x < y);
}

static gboolean
choose_contracts (FlowAngelOiFeed *self,
                  GError         **error)
{
  g_autoptr(GPtrArray) expiries = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_strike = g_hash_table_new (g_int64_hash, g_int64_equal);
  const FlowSmartapiInstrument *index = self->options->index;
  const char *chosen;

  for (guint i = 0; i < self->options->options->len; i++)
    {
      const FlowSmartapiInstrument *option = g_ptr_array_index (self->options->options, i);
      char *date = flow_ist_format_date (option->expiry_ms);

      if (g_hash_table_contains (seen, date))
        g_free (date);
      else
        {
          g_hash_table_add (seen, date);
          g_ptr_array_add (expiries, date);
        }
    }
  if (self->pinned_expiry != NULL)
    chosen = g_hash_table_contains (seen, self->pinned_expiry) ? self->pinned_expiry : NULL;
  else
    chosen = flow_oi_select_expiry ((const char * const *) expiries->pdata, expiries->len,
                                    now_ms (self));
  if (chosen == NULL)
    {
      g_set_error (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR, FLOW_SMARTAPI_SCRIP_MASTER_ERROR_NOT_FOUND,
                   self->pinned_expiry != NULL
                   ? _("Angel One lists no %s options expiring on %s")
                   : _("Angel One lists no %s options expiring from today on"),
                   self->underlying, self->pinned_expiry);
      return FALSE;
    }
  if (g_strcmp0 (self->expiry, chosen) != 0)
    {
      g_free (self->expiry);
      self->expiry = g_strdup (chosen);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRY]);
    }

  g_hash_table_remove_all (self->contracts);
  g_array_set_size (self->chain, 0);
  self->band_atm = -1;
  self->lot_size = 0;
  self->option_segment = "NFO";
  for (guint i = 0; i < self->options->options->len; i++)
    {
      const FlowSmartapiInstrument *option = g_ptr_array_index (self->options->options, i);
      g_autofree char *date = flow_ist_format_date (option->expiry_ms);
      Contract *contract;
      Strike *strike;
      guint position;

      if (strcmp (date, self->expiry) != 0)
        continue;
      contract = g_new0 (Contract, 1);
      contract->instrument = option;
      g_hash_table_replace (self->contracts, option->token, contract);
      self->lot_size = option->lot_size;
      self->option_segment = option->exch_seg[0] == 'B' ? "BFO" : "NFO";
      position = GPOINTER_TO_UINT (g_hash_table_lookup (by_strike, &option->strike));
      if (position == 0)
        {
          Strike empty = { option->strike, NULL, NULL };

          g_array_append_val (self->chain, empty);
          position = self->chain->len;
          g_hash_table_insert (by_strike, (gpointer) &option->strike, GUINT_TO_POINTER (position));
        }
      strike = &g_array_index (self->chain, Strike, position - 1);
      if (option->option_type[0] == 'C')
        strike->ce = contract;
      else
        strike->pe = contract;
    }
  g_array_sort (self->chain, compare_strikes);
  self->option_exchange = strcmp (self->option_segment, "BFO") == 0 ? EXCHANGE_BSE_FO
                                                                    : FLOW_SMARTAPI_EXCHANGE_NSE_FO;

  g_clear_pointer (&self->index_token, g_free);
  self->index_exchange = EXCHANGE_NSE_CM;
  for (guint i = 0; i < G_N_ELEMENTS (index_tokens); i++)
    if (strcmp (index_tokens[i].name, self->underlying) == 0)
      self->index_token = g_strdup (index_tokens[i].token);
  if (self->index_token == NULL && index != NULL)
    {
      self->index_token = g_strdup (index->token);
      self->index_exchange = strcmp (index->exch_seg, "BSE") == 0 ? EXCHANGE_BSE_CM
                                                                  : EXCHANGE_NSE_CM;
    }
  if (self->index_token == NULL)
    {
      g_set_error (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR, FLOW_SMARTAPI_SCRIP_MASTER_ERROR_NOT_FOUND,
                   _("Angel One’s instrument list has no index named “%s” for the spot price"),
                   self->underlying);
      return FALSE;
    }
  g_debug ("%s %s: %u strikes, lot %" G_GINT64_FORMAT ", index token %s", self->underlying,
           self->expiry, self->chain->len, self->lot_size, self->index_token);
  return TRUE;
}

static void
on_options (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  FlowAngelOiFeed *self = step->self;
  g_autoptr(GError) error = NULL;
  FlowSmartapiOptions *options = flow_smartapi_scrip_master_find_options_finish (result, &error);

  if (!step_is_current (step))
    {
      flow_smartapi_options_free (options);
      return;
    }
  if (options == NULL)
    {
      fail_or_retry (self, error);
      return;
    }
  flow_smartapi_options_free (self->options);
  self->options = options;
  if (!choose_contracts (self, &error))
    {
      fail_or_retry (self, error);
      return;
    }
  connect_socket (self);
}

static void
after_session (FlowAngelOiFeed *self)
{
  Step *step;

  /* A reconnection keeps the contracts, their quotes and their history. */
  if (self->chain->len > 0)
    {
      connect_socket (self);
      return;
    }
  flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_CONNECTING,
                       _("Finding the option contracts"), 0);
  step = step_new (self);
  flow_smartapi_scrip_master_find_options_async (flow_smartapi_client_get_session (self->client),
                                                 self->scrip_master_url, self->underlying,
                                                 now_ms (self), step->cancellable, on_options,
                                                 step);
}

static void
on_session (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  g_autoptr(GError) error = NULL;
  gboolean renewed = step->self->renew_session;
  gboolean ok;

  ok = renewed ? flow_smartapi_client_renew_session_finish (step->self->client, result, &error)
               : flow_smartapi_client_ensure_session_finish (step->self->client, result, &error);
  if (!step_is_current (step))
    return;
  if (!ok)
    {
      fail_or_retry (step->self, error);
      return;
    }
  step->self->renew_session = FALSE;
  after_session (step->self);
  pump_backfill (step->self);
}

static void
run_pipeline (FlowAngelOiFeed *self)
{
  Step *step = step_new (self);

  if (flow_feed_get_state (FLOW_FEED (self)) != FLOW_FEED_STATE_RECONNECTING)
    flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_CONNECTING,
                         _("Logging in to Angel One"), 0);
  if (self->renew_session)
    flow_smartapi_client_renew_session_async (self->client, step->cancellable, on_session, step);
  else
    flow_smartapi_client_ensure_session_async (self->client, step->cancellable, on_session, step);
}

static void
on_credentials (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  FlowAngelOiFeed *self = step->self;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *api_url = NULL;

  values = flow_credentials_lookup_all_finish (FLOW_CREDENTIALS (source), result, &error);
  if (!step_is_current (step))
    return;
  if (values == NULL)
    {
      g_autofree char *why = g_strdup_printf (_("Cannot read the Angel One account from the "
                                                "keyring: %s"), error->message);

      flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_ERROR, why, 0);
      return;
    }
  api_url = flow_endpoint_resolve ("ORDERFLOW_ANGEL_API_URL", FLOW_SMARTAPI_DEFAULT_API_URL,
                                   &error);
  if (api_url != NULL)
    {
      g_clear_object (&self->client);
      self->client = flow_smartapi_client_new_from_credentials (NULL, api_url, values, &error);
    }
  if (api_url == NULL || self->client == NULL)
    {
      fail_or_retry (self, error);
      return;
    }
  run_pipeline (self);
}

/* ------------------------------------------------------------------------------------------
 * FlowFeed
 */

static void
forget_run (FlowAngelOiFeed *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->backfill_id, g_source_remove);
  cancel_handshake (self);
  drop_connection (self);
  g_queue_clear (&self->backfill);
  self->backfill_busy = FALSE;
}

static void
flow_angel_oi_feed_stop (FlowFeed *feed)
{
  FlowAngelOiFeed *self = FLOW_ANGEL_OI_FEED (feed);

  if (self->cancellable == NULL)
    return;
  forget_run (self);
  flow_feed_set_state (feed, FLOW_FEED_STATE_IDLE, NULL, 0);
}

static void
flow_angel_oi_feed_start (FlowFeed *feed)
{
  FlowAngelOiFeed *self = FLOW_ANGEL_OI_FEED (feed);
  g_autoptr(GError) error = NULL;

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  self->attempt = 0;
  self->renew_session = FALSE;
  self->spot = 0;
  self->band_atm = -1;
  self->first_chain_sent = FALSE;
  self->next_backfill_us = 0;
  /* A new start reads the contracts, the expiry and the endpoints again. */
  g_hash_table_remove_all (self->contracts);
  g_array_set_size (self->chain, 0);
  g_clear_pointer (&self->options, flow_smartapi_options_free);
  g_clear_pointer (&self->ws_url, g_free);
  g_clear_pointer (&self->scrip_master_url, g_free);
  self->ws_url = flow_endpoint_resolve ("ORDERFLOW_ANGEL_WS_URL", DEFAULT_WS_URL, &error);
  if (self->ws_url != NULL)
    self->scrip_master_url = flow_endpoint_resolve ("ORDERFLOW_ANGEL_SCRIP_MASTER_URL",
                                                    FLOW_SMARTAPI_DEFAULT_SCRIP_MASTER_URL,
                                                    &error);
  if (self->scrip_master_url == NULL)
    {
      fail_or_retry (self, error);
      return;
    }
  if (self->credentials == NULL)
    {
      run_pipeline (self);
      return;
    }
  flow_feed_set_state (feed, FLOW_FEED_STATE_CONNECTING, _("Reading the Angel One account"), 0);
  flow_credentials_lookup_all_async (self->credentials, FLOW_BROKER_ANGEL, self->cancellable,
                                     on_credentials, step_new (self));
}

static void
flow_angel_oi_feed_dispose (GObject *object)
{
  FlowAngelOiFeed *self = FLOW_ANGEL_OI_FEED (object);

  forget_run (self);
  g_clear_object (&self->client);
  g_clear_object (&self->credentials);
  G_OBJECT_CLASS (flow_angel_oi_feed_parent_class)->dispose (object);
}

static void
flow_angel_oi_feed_finalize (GObject *object)
{
  FlowAngelOiFeed *self = FLOW_ANGEL_OI_FEED (object);

  g_hash_table_unref (self->contracts);
  g_array_unref (self->chain);
  flow_smartapi_options_free (self->options);
  g_free (self->underlying);
  g_free (self->ws_url);
  g_free (self->scrip_master_url);
  g_free (self->pinned_expiry);
  g_free (self->expiry);
  g_free (self->index_token);
  g_rand_free (self->rand);
  G_OBJECT_CLASS (flow_angel_oi_feed_parent_class)->finalize (object);
}

static void
flow_angel_oi_feed_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FlowAngelOiFeed *self = FLOW_ANGEL_OI_FEED (object);

  switch (prop_id)
    {
    case PROP_REFRESH:
      g_value_set_uint (value, self->refresh);
      break;
    case PROP_STRIKES:
      g_value_set_uint (value, self->strikes);
      break;
    case PROP_EXPIRY:
      g_value_set_string (value, self->expiry);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_angel_oi_feed_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FlowAngelOiFeed *self = FLOW_ANGEL_OI_FEED (object);

  switch (prop_id)
    {
    case PROP_REFRESH:
      flow_angel_oi_feed_set_refresh (self, g_value_get_uint (value));
      break;
    case PROP_STRIKES:
      if (self->strikes != g_value_get_uint (value))
        {
          self->strikes = g_value_get_uint (value);
          /* A wider table widens the band at once: re-centring subscribes the new ends. */
          if (self->band_atm >= 0)
            {
              self->band_atm = -1;
              follow_atm (self);
            }
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_EXPIRY:
      flow_angel_oi_feed_set_expiry (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_angel_oi_feed_class_init (FlowAngelOiFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FlowFeedClass *feed_class = FLOW_FEED_CLASS (klass);

  object_class->dispose = flow_angel_oi_feed_dispose;
  object_class->finalize = flow_angel_oi_feed_finalize;
  object_class->get_property = flow_angel_oi_feed_get_property;
  object_class->set_property = flow_angel_oi_feed_set_property;
  feed_class->start = flow_angel_oi_feed_start;
  feed_class->stop = flow_angel_oi_feed_stop;

  properties[PROP_REFRESH] =
    g_param_spec_uint ("refresh", NULL, NULL, 1, 300, 60,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The OI table's N: the band subscribed is N + FLOW_ANGEL_OI_FEED_MARGIN each side. */
  properties[PROP_STRIKES] =
    g_param_spec_uint ("strikes", NULL, NULL, 1, 15, 3,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPIRY] =
    g_param_spec_string ("expiry", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* One getOIData answer as received (token, body, receive time in epoch ms): the session
   * adds its rows to the history, `orderflow-cli oi --record` writes it as it came. */
  signals[OI_HISTORY] =
    g_signal_new ("oi-history", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_BYTES, G_TYPE_INT64);
}

static void
flow_angel_oi_feed_init (FlowAngelOiFeed *self)
{
  self->refresh = 60;
  flow_feed_set_refresh_interval (FLOW_FEED (self), self->refresh);
  self->strikes = 3;
  self->band_atm = -1;
  self->contracts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->chain = g_array_new (FALSE, FALSE, sizeof (Strike));
  g_queue_init (&self->backfill);
  self->ping_ms = FLOW_ANGEL_FEED_PING_MS;
  self->watchdog_ms = FLOW_ANGEL_FEED_WATCHDOG_MS;
  self->backoff_min_ms = FLOW_ANGEL_FEED_BACKOFF_MIN_MS;
  self->backoff_max_ms = FLOW_ANGEL_FEED_BACKOFF_MAX_MS;
  self->rand = g_rand_new ();
}

FlowFeed *
flow_angel_oi_feed_new (FlowCredentials *credentials,
                        const char      *underlying)
{
  FlowAngelOiFeed *self;

  g_return_val_if_fail (FLOW_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (underlying != NULL && *underlying != '\0', NULL);

  self = g_object_new (FLOW_TYPE_ANGEL_OI_FEED, NULL);
  self->credentials = g_object_ref (credentials);
  self->underlying = g_strdup (underlying);
  return FLOW_FEED (self);
}

FlowFeed *
flow_angel_oi_feed_new_with_client (FlowSmartapiClient *client,
                                    const char         *underlying)
{
  FlowAngelOiFeed *self;

  g_return_val_if_fail (FLOW_IS_SMARTAPI_CLIENT (client), NULL);
  g_return_val_if_fail (underlying != NULL && *underlying != '\0', NULL);

  self = g_object_new (FLOW_TYPE_ANGEL_OI_FEED, NULL);
  self->client = g_object_ref (client);
  self->underlying = g_strdup (underlying);
  return FLOW_FEED (self);
}

void
flow_angel_oi_feed_set_refresh (FlowAngelOiFeed *self,
                                guint            seconds)
{
  g_return_if_fail (FLOW_IS_ANGEL_OI_FEED (self));
  g_return_if_fail (seconds >= 1 && seconds <= 300);

  if (self->refresh == seconds)
    return;
  self->refresh = seconds;
  flow_feed_set_refresh_interval (FLOW_FEED (self), seconds);
  if (self->tick_id != 0)
    {
      g_source_remove (self->tick_id);
      self->tick_id = g_timeout_add_seconds (self->refresh, on_tick, self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH]);
}

const char *
flow_angel_oi_feed_get_expiry (FlowAngelOiFeed *self)
{
  g_return_val_if_fail (FLOW_IS_ANGEL_OI_FEED (self), NULL);
  return self->expiry;
}

void
flow_angel_oi_feed_set_expiry (FlowAngelOiFeed *self,
                               const char      *expiry)
{
  g_return_if_fail (FLOW_IS_ANGEL_OI_FEED (self));

  if (g_strcmp0 (self->pinned_expiry, expiry) == 0)
    return;
  g_free (self->pinned_expiry);
  self->pinned_expiry = g_strdup (expiry);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPIRY]);
}

guint
flow_angel_oi_feed_get_n_subscribed (FlowAngelOiFeed *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (FLOW_IS_ANGEL_OI_FEED (self), 0);
  g_hash_table_iter_init (&iter, self->contracts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((Contract *) value)->subscribed ? 1 : 0;
  return n;
}

guint
flow_angel_oi_feed_get_n_backfills (FlowAngelOiFeed *self)
{
  g_return_val_if_fail (FLOW_IS_ANGEL_OI_FEED (self), 0);
  return self->n_backfills;
}

void
flow_angel_oi_feed_set_timing (FlowAngelOiFeed *self,
                               guint            ping_ms,
                               guint            watchdog_ms,
                               guint            backoff_min_ms,
                               guint            backoff_max_ms)
{
  g_return_if_fail (FLOW_IS_ANGEL_OI_FEED (self));
  g_return_if_fail (ping_ms > 0 && watchdog_ms > 0);
  g_return_if_fail (backoff_min_ms > 0 && backoff_min_ms <= backoff_max_ms);

  self->ping_ms = ping_ms;
  self->watchdog_ms = watchdog_ms;
  self->backoff_min_ms = backoff_min_ms;
  self->backoff_max_ms = backoff_max_ms;
}

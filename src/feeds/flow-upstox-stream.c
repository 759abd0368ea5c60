/* flow-upstox-stream.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-upstox-stream"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "flow-backoff.h"
#include "flow-endpoint.h"
#include "flow-upstox-client.h"
#include "flow-upstox-market-data.h"
#include "flow-upstox-stream-private.h"

/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429
/* Upstox counts connections per app and user: after a 429, wait longer than after a drop. */
#define TOO_MANY_EXTRA_STEPS 3
/* MarketStatus values of upstox.md §5.4 after which the segment trades no more today. */
#define MARKET_STATUS_NORMAL_CLOSE 3
#define MARKET_STATUS_CLOSING_END  5

struct _FlowUpstoxStream
{
  FlowFeed                 parent_instance;

  FlowCredentials         *credentials;
  char                    *underlying;
  char                    *api_url;
  char                    *instruments_url;
  FlowUpstoxClient        *client;
  FlowUpstoxInstrument    *instrument;
  FlowUpstoxMarketData    *market;

  GCancellable            *cancellable;     /* of the current run; cancelled by stop */
  GCancellable            *handshake_cancellable;
  guint                    handshake_timeout_id;
  gboolean                 handshake_timed_out;
  SoupWebsocketConnection *connection;
  gboolean                 resync_pending;
  guint                    attempt;         /* failures since data last flowed */
  gint64                   last_message_us;

  guint                    retry_id;
  guint                    watchdog_id;
  guint                    roll_id;

  guint                    watchdog_ms;
  guint                    backoff_min_ms;
  guint                    backoff_max_ms;
  gint64                   clock_offset_ms;
  GRand                   *rand;

  guint64                  n_frames;
  guint64                  n_rejected;
  guint                    n_connections;
};

G_DEFINE_FINAL_TYPE (FlowUpstoxStream, flow_upstox_stream, FLOW_TYPE_FEED)

static void run_pipeline (FlowUpstoxStream *self);
static void drop_live    (FlowUpstoxStream *self);

/* ------------------------------------------------------------------------------------------
 * Asynchronous steps: each holds the stream and the cancellable of the run that started it,
 * so a result that arrives after a stop (or a stop and a new start) is ignored.
 */

typedef struct
{
  FlowUpstoxStream *self;
  GCancellable     *cancellable;
  SoupMessage      *message;
} Step;

static Step *
step_new (FlowUpstoxStream *self)
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

/* ------------------------------------------------------------------------------------------
 * States
 */

static gint64
now_ms (FlowUpstoxStream *self)
{
  return g_get_real_time () / 1000 + self->clock_offset_ms;
}

static gboolean
on_retry (gpointer user_data)
{
  FlowUpstoxStream *self = user_data;

  self->retry_id = 0;
  run_pipeline (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (FlowUpstoxStream *self,
                const char       *why,
                guint             extra_steps)
{
  guint delay = flow_backoff_delay_ms (self->rand, self->backoff_min_ms, self->backoff_max_ms,
                                       self->attempt + extra_steps);
  g_autofree char *message = NULL;

  self->attempt++;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, on_retry, self);
  message = g_strdup_printf (_("%s; retrying in %u s"), why, (delay + 999) / 1000);
  g_debug ("%s (attempt %u, %u ms)", why, self->attempt, delay);
  flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_RECONNECTING, message,
                       g_get_real_time () / 1000 + delay);
}

/* A token Upstox no longer takes is for the user to renew (each one dies at 03:30 IST), and
 * an unusable list or address does not mend by waiting; the rest is retried for ever. */
static void
fail_or_retry (FlowUpstoxStream *self,
               const GError     *error)
{
  if (g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED))
    {
      flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_LOGGED_OUT, error->message, 0);
      return;
    }
  if (g_error_matches (error, FLOW_UPSTOX_INSTRUMENTS_ERROR,
                       FLOW_UPSTOX_INSTRUMENTS_ERROR_NOT_FOUND) ||
      g_error_matches (error, FLOW_UPSTOX_INSTRUMENTS_ERROR,
                       FLOW_UPSTOX_INSTRUMENTS_ERROR_MALFORMED) ||
      error->domain == FLOW_ENDPOINT_ERROR)
    {
      flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_ERROR, error->message, 0);
      return;
    }
  schedule_retry (self, error->message,
                  g_error_matches (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_RATE_LIMITED)
                  ? TOO_MANY_EXTRA_STEPS : 0);
}

/* ------------------------------------------------------------------------------------------
 * The socket
 */

static void
on_socket_closed (SoupWebsocketConnection *connection,
                  gpointer                 user_data)
{
  FlowUpstoxStream *self = user_data;

  g_debug ("socket closed (code %u)", soup_websocket_connection_get_close_code (connection));
  g_signal_handlers_disconnect_by_data (connection, self);
  if (connection != self->connection)
    return;
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  g_clear_object (&self->connection);
  if (!g_cancellable_is_cancelled (self->cancellable))
    schedule_retry (self, _("The connection to Upstox was lost"), 0);
}

static void
drop_live (FlowUpstoxStream *self)
{
  g_autoptr(SoupWebsocketConnection) connection = g_steal_pointer (&self->connection);

  g_clear_handle_id (&self->watchdog_id, g_source_remove);
  if (connection == NULL)
    return;
  g_signal_handlers_disconnect_by_data (connection, self);
  if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

static void
report_segment_status (FlowUpstoxStream *self,
                       int               status)
{
  g_autofree char *message = NULL;

  if (flow_feed_get_state (FLOW_FEED (self)) != FLOW_FEED_STATE_LIVE)
    return;
  if (status == MARKET_STATUS_NORMAL_CLOSE || status == MARKET_STATUS_CLOSING_END)
    message = g_strdup_printf (_("Connected to Upstox: %s is not trading now (market closed)"),
                               self->instrument->trading_symbol);
  else
    message = g_strdup_printf (_("Live: %s on Upstox"), self->instrument->trading_symbol);
  flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_LIVE, message, 0);
}

static void
handle_binary (FlowUpstoxStream *self,
               const guint8     *data,
               gsize             length)
{
  g_autoptr(GError) error = NULL;
  FlowUpstoxFrameInfo info;
  FlowSnapshot snapshot;
  gboolean has_snapshot = FALSE;

  if (!flow_upstox_market_data_apply (self->market, data, length, &info, &snapshot,
                                      &has_snapshot, &error))
    {
      self->n_rejected++;
      g_debug ("rejected a binary frame of %" G_GSIZE_FORMAT " bytes: %s", length,
               error->message);
      return;
    }
  if (info.segment_status >= 0)
    report_segment_status (self, info.segment_status);
  if (!has_snapshot)
    return;

  if (snapshot.ts_ms <= 0)
    snapshot.ts_ms = now_ms (self);
  snapshot.resync = self->resync_pending;
  self->resync_pending = FALSE;
  self->attempt = 0;
  self->n_frames++;
  flow_feed_emit_snapshot (FLOW_FEED (self), &snapshot);
}

static void
on_socket_message (SoupWebsocketConnection *connection,
                   gint                     type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  FlowUpstoxStream *self = user_data;
  gsize length;
  gconstpointer data = g_bytes_get_data (message, &length);

  if (connection != self->connection)
    return;
  self->last_message_us = g_get_monotonic_time ();
  if (type == SOUP_WEBSOCKET_DATA_BINARY)
    handle_binary (self, data, length);
  else
    {
      /* The v3 feed sends protobuf only; a text frame is no market data. */
      self->n_rejected++;
      g_debug ("ignored a text frame of %" G_GSIZE_FORMAT " bytes", length);
    }
}

static void
on_socket_pong (SoupWebsocketConnection *connection,
                GBytes                  *message,
                gpointer                 user_data)
{
  FlowUpstoxStream *self = user_data;

  if (connection == self->connection)
    self->last_message_us = g_get_monotonic_time ();
}

static void
on_socket_error (SoupWebsocketConnection *connection,
                 GError                  *error,
                 gpointer                 user_data)
{
  /* ::closed follows and does the work. */
  g_debug ("socket error: %s", error->message);
}

/* libsoup 3.2 has no pong timeout: any frame or pong is a sign of life. */
static gboolean
on_watchdog (gpointer user_data)
{
  FlowUpstoxStream *self = user_data;
  g_autofree char *why = NULL;

  if (g_get_monotonic_time () - self->last_message_us < (gint64) self->watchdog_ms * 1000)
    return G_SOURCE_CONTINUE;
  self->watchdog_id = 0;
  why = g_strdup_printf (_("No data from Upstox for %u s"), (self->watchdog_ms + 999) / 1000);
  drop_live (self);
  schedule_retry (self, why, 0);
  return G_SOURCE_REMOVE;
}

/* upstox.md §5.2: JSON, sent as a binary frame as both SDKs do. */
static void
subscribe (FlowUpstoxStream *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *guid = g_uuid_string_random ();
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "guid");
  json_builder_add_string_value (builder, guid);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, "sub");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, "full");
  json_builder_set_member_name (builder, "instrumentKeys");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, self->instrument->instrument_key);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  soup_websocket_connection_send_binary (self->connection, text, strlen (text));
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  FlowUpstoxStream *self = step->self;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *live = NULL;

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
      guint status = soup_message_get_status (step->message);
      g_autofree char *why = NULL;

      g_debug ("handshake failed: HTTP %u: %s", status, error->message);
      if (status == SOUP_STATUS_UNAUTHORIZED)
        {
          /* The SDKs stop reconnecting on a 401 too: the token is dead until a new sign-in. */
          flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_LOGGED_OUT,
                               _("Upstox refused the market data stream’s sign-in (HTTP 401): sign in to Upstox again"),
                               0);
          return;
        }
      if (status == HTTP_TOO_MANY_REQUESTS)
        {
          schedule_retry (self, _("Upstox reports too many open connections"),
                          TOO_MANY_EXTRA_STEPS);
          return;
        }
      if (self->handshake_timed_out)
        why = g_strdup_printf (_("Upstox’s stream did not answer within %u s"),
                               (self->watchdog_ms + 999) / 1000);
      else if (status != 0)
        why = g_strdup_printf (_("Upstox’s stream refused the connection (HTTP %u)"), status);
      else
        why = g_strdup_printf (_("Cannot connect to Upstox’s stream: %s"), error->message);
      schedule_retry (self, why, 0);
      return;
    }

  self->n_connections++;
  self->connection = g_steal_pointer (&connection);
  /* Frames over the cap close the socket (libsoup's rule); the reconnection reports the gap. */
  soup_websocket_connection_set_max_incoming_payload_size (self->connection,
                                                           FLOW_UPSTOX_MARKET_DATA_MAX_FRAME);
  soup_websocket_connection_set_keepalive_interval (self->connection, FLOW_UPSTOX_STREAM_PING_S);
  g_signal_connect (self->connection, "message", G_CALLBACK (on_socket_message), self);
  g_signal_connect (self->connection, "pong", G_CALLBACK (on_socket_pong), self);
  g_signal_connect (self->connection, "error", G_CALLBACK (on_socket_error), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_socket_closed), self);

  /* A new connection's initial_feed describes the contract from scratch. */
  flow_upstox_market_data_reset (self->market);
  self->resync_pending = TRUE;
  self->last_message_us = g_get_monotonic_time ();
  subscribe (self);
  self->watchdog_id = g_timeout_add (MAX (self->watchdog_ms / 4, 1), on_watchdog, self);
  live = g_strdup_printf (_("Live: %s on Upstox"), self->instrument->trading_symbol);
  flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_LIVE, live, 0);
}

/* libsoup's I/O timeout does not cover the upgrade. */
static gboolean
on_handshake_timeout (gpointer user_data)
{
  FlowUpstoxStream *self = user_data;

  self->handshake_timeout_id = 0;
  self->handshake_timed_out = TRUE;
  g_cancellable_cancel (self->handshake_cancellable);
  return G_SOURCE_REMOVE;
}

static void
cancel_handshake (FlowUpstoxStream *self)
{
  g_clear_handle_id (&self->handshake_timeout_id, g_source_remove);
  if (self->handshake_cancellable != NULL)
    g_cancellable_cancel (self->handshake_cancellable);
  g_clear_object (&self->handshake_cancellable);
}

static void
connect_socket (FlowUpstoxStream *self,
                const char       *address)
{
  Step *step = step_new (self);

  /* The address needs no Authorization header: its code stands for the token. */
  step->message = soup_message_new (SOUP_METHOD_GET, address);
  if (step->message == NULL)
    {
      step_free (step);
      schedule_retry (self, _("Upstox named an invalid stream address"), 0);
      return;
    }
  cancel_handshake (self);
  self->handshake_timed_out = FALSE;
  self->handshake_cancellable = g_cancellable_new ();
  self->handshake_timeout_id = g_timeout_add (self->watchdog_ms, on_handshake_timeout, self);
  soup_session_websocket_connect_async (flow_upstox_client_get_session (self->client),
                                        step->message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->handshake_cancellable, on_connected, step);
}

static void
on_authorized (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  address = flow_upstox_client_authorize_feed_finish (FLOW_UPSTOX_CLIENT (source), result,
                                                      &error);
  if (!step_is_current (step))
    return;
  if (address == NULL)
    {
      fail_or_retry (step->self, error);
      return;
    }
  connect_socket (step->self, address);
}

static void
authorize (FlowUpstoxStream *self)
{
  if (flow_feed_get_state (FLOW_FEED (self)) != FLOW_FEED_STATE_RECONNECTING)
    flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_CONNECTING,
                         _("Opening Upstox’s market data stream"), 0);
  flow_upstox_client_authorize_feed_async (self->client, self->cancellable, on_authorized,
                                           step_new (self));
}

/* ------------------------------------------------------------------------------------------
 * The contract and its roll
 */

static void schedule_roll (FlowUpstoxStream *self);

static gboolean
on_roll (gpointer user_data)
{
  FlowUpstoxStream *self = user_data;

  self->roll_id = 0;
  if (self->instrument != NULL && now_ms (self) < flow_upstox_instrument_get_roll_ms (self->instrument))
    {
      /* Woken early (the timer is capped at a day): wait for the rest. */
      schedule_roll (self);
      return G_SOURCE_REMOVE;
    }
  g_debug ("%s stops trading: rolling to the next month",
           self->instrument != NULL ? self->instrument->trading_symbol : "the contract");
  /* The old contract's socket goes: its frames must not reach the next month's chart. The
   * next connection's first snapshot is a resync, so the switch is a gap, never a trade. */
  g_clear_pointer (&self->instrument, flow_upstox_instrument_free);
  flow_feed_set_contract (FLOW_FEED (self), NULL);
  cancel_handshake (self);
  drop_live (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->attempt = 0;
  run_pipeline (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_roll (FlowUpstoxStream *self)
{
  gint64 wait_ms = flow_upstox_instrument_get_roll_ms (self->instrument) - now_ms (self);

  g_clear_handle_id (&self->roll_id, g_source_remove);
  /* Milliseconds near the roll, whole seconds (at most a day) before it. */
  if (wait_ms < 60000)
    self->roll_id = g_timeout_add ((guint) MAX (wait_ms, 0) + 1, on_roll, self);
  else
    self->roll_id = g_timeout_add_seconds ((guint) MIN (wait_ms / 1000, G_GINT64_CONSTANT (86400)),
                                           on_roll, self);
}

static void
on_instrument (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  FlowUpstoxStream *self = step->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowUpstoxInstrument) instrument = NULL;

  instrument = flow_upstox_instruments_find_future_finish (result, &error);
  if (!step_is_current (step))
    return;
  if (instrument == NULL)
    {
      fail_or_retry (self, error);
      return;
    }
  g_debug ("near-month future of %s: %s (%s, tick %" G_GINT64_FORMAT ", lot %" G_GINT64_FORMAT
           ")", self->underlying, instrument->trading_symbol, instrument->instrument_key,
           instrument->tick_size, instrument->lot_size);
  g_clear_pointer (&self->market, flow_upstox_market_data_free);
  self->market = flow_upstox_market_data_new (instrument->instrument_key);
  self->instrument = g_steal_pointer (&instrument);
  flow_feed_set_contract (FLOW_FEED (self), self->instrument->trading_symbol);
  flow_feed_set_tick_size (FLOW_FEED (self), self->instrument->tick_size);
  schedule_roll (self);
  authorize (self);
}

/* Every attempt: the contract when it is not known (or has stopped trading), then a new
 * single-use address, then the socket. */
static void
run_pipeline (FlowUpstoxStream *self)
{
  Step *step;

  if (self->instrument != NULL &&
      now_ms (self) < flow_upstox_instrument_get_roll_ms (self->instrument))
    {
      authorize (self);
      return;
    }
  g_clear_pointer (&self->instrument, flow_upstox_instrument_free);
  if (flow_feed_get_state (FLOW_FEED (self)) != FLOW_FEED_STATE_RECONNECTING)
    flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_CONNECTING,
                         _("Finding the near-month future in Upstox’s instruments"), 0);
  step = step_new (self);
  flow_upstox_instruments_find_future_async (flow_upstox_client_get_session (self->client),
                                             self->instruments_url, self->underlying,
                                             now_ms (self), step->cancellable, on_instrument,
                                             step);
}

static void
on_credentials (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  FlowUpstoxStream *self = step->self;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;
  const char *token;

  values = flow_credentials_lookup_all_finish (FLOW_CREDENTIALS (source), result, &error);
  if (!step_is_current (step))
    return;
  if (values == NULL)
    {
      g_autofree char *why = g_strdup_printf (_("Cannot read the Upstox sign-in from the "
                                                "keyring: %s"), error->message);

      flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_ERROR, why, 0);
      return;
    }
  token = flow_upstox_pick_token (values, g_get_real_time () / 1000, &error);
  if (token == NULL)
    {
      fail_or_retry (self, error);
      return;
    }
  g_clear_object (&self->client);
  self->client = flow_upstox_client_new (self->api_url, token);
  run_pipeline (self);
}

/* Reads the token again: a retarget after a new sign-in must not send yesterday's. */
static void
begin_run (FlowUpstoxStream *self)
{
  self->cancellable = g_cancellable_new ();
  self->attempt = 0;
  flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_CONNECTING,
                       _("Reading the Upstox sign-in"), 0);
  flow_credentials_lookup_all_async (self->credentials, FLOW_BROKER_UPSTOX, self->cancellable,
                                     on_credentials, step_new (self));
}

static void
end_run (FlowUpstoxStream *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->roll_id, g_source_remove);
  cancel_handshake (self);
  drop_live (self);
}

/* ------------------------------------------------------------------------------------------
 * FlowFeed
 */

static void
flow_upstox_stream_start (FlowFeed *feed)
{
  FlowUpstoxStream *self = FLOW_UPSTOX_STREAM (feed);
  g_autoptr(GError) error = NULL;

  if (self->cancellable != NULL)
    return;
  /* The user may have fixed an address since the last run: read them again. */
  g_clear_pointer (&self->instrument, flow_upstox_instrument_free);
  flow_feed_set_contract (feed, NULL);
  g_clear_pointer (&self->api_url, g_free);
  g_clear_pointer (&self->instruments_url, g_free);
  self->api_url = flow_upstox_resolve_api_url (&error);
  if (self->api_url != NULL)
    self->instruments_url = flow_endpoint_resolve (FLOW_UPSTOX_INSTRUMENTS_URL_VARIABLE,
                                                   FLOW_UPSTOX_DEFAULT_INSTRUMENTS_URL, &error);
  if (self->instruments_url == NULL)
    {
      flow_feed_set_state (feed, FLOW_FEED_STATE_ERROR, error->message, 0);
      return;
    }
  begin_run (self);
}

static void
flow_upstox_stream_stop (FlowFeed *feed)
{
  FlowUpstoxStream *self = FLOW_UPSTOX_STREAM (feed);

  if (self->cancellable == NULL)
    return;
  end_run (self);
  flow_feed_set_state (feed, FLOW_FEED_STATE_IDLE, NULL, 0);
}

/* Another underlying on the same sign-in: the old contract's socket goes and the new future
 * is found and subscribed on a new one, whose first snapshot is a resync. */
static gboolean
flow_upstox_stream_retarget (FlowFeed   *feed,
                             const char *name)
{
  FlowUpstoxStream *self = FLOW_UPSTOX_STREAM (feed);

  if (g_strcmp0 (self->underlying, name) == 0)
    return TRUE;
  g_free (self->underlying);
  self->underlying = g_strdup (name);
  g_clear_pointer (&self->instrument, flow_upstox_instrument_free);
  flow_feed_set_contract (feed, NULL);
  if (self->cancellable == NULL)
    return TRUE;
  end_run (self);
  begin_run (self);
  return TRUE;
}

static void
flow_upstox_stream_dispose (GObject *object)
{
  FlowUpstoxStream *self = FLOW_UPSTOX_STREAM (object);

  end_run (self);
  g_clear_object (&self->client);
  g_clear_object (&self->credentials);
  G_OBJECT_CLASS (flow_upstox_stream_parent_class)->dispose (object);
}

static void
flow_upstox_stream_finalize (GObject *object)
{
  FlowUpstoxStream *self = FLOW_UPSTOX_STREAM (object);

  g_free (self->underlying);
  g_free (self->api_url);
  g_free (self->instruments_url);
  flow_upstox_instrument_free (self->instrument);
  g_clear_pointer (&self->market, flow_upstox_market_data_free);
  g_rand_free (self->rand);
  G_OBJECT_CLASS (flow_upstox_stream_parent_class)->finalize (object);
}

static void
flow_upstox_stream_class_init (FlowUpstoxStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FlowFeedClass *feed_class = FLOW_FEED_CLASS (klass);

  object_class->dispose = flow_upstox_stream_dispose;
  object_class->finalize = flow_upstox_stream_finalize;
  feed_class->start = flow_upstox_stream_start;
  feed_class->stop = flow_upstox_stream_stop;
  feed_class->retarget = flow_upstox_stream_retarget;
}

static void
flow_upstox_stream_init (FlowUpstoxStream *self)
{
  self->watchdog_ms = FLOW_UPSTOX_STREAM_WATCHDOG_MS;
  self->backoff_min_ms = FLOW_UPSTOX_STREAM_BACKOFF_MIN_MS;
  self->backoff_max_ms = FLOW_UPSTOX_STREAM_BACKOFF_MAX_MS;
  self->rand = g_rand_new ();
}

FlowFeed *
flow_upstox_stream_new (FlowCredentials *credentials,
                        const char      *underlying)
{
  FlowUpstoxStream *self;

  g_return_val_if_fail (FLOW_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (underlying != NULL && *underlying != '\0', NULL);

  self = g_object_new (FLOW_TYPE_UPSTOX_STREAM, NULL);
  self->credentials = g_object_ref (credentials);
  self->underlying = g_strdup (underlying);
  return FLOW_FEED (self);
}

const char *
flow_upstox_stream_get_underlying (FlowUpstoxStream *self)
{
  g_return_val_if_fail (FLOW_IS_UPSTOX_STREAM (self), NULL);
  return self->underlying;
}

const FlowUpstoxInstrument *
flow_upstox_stream_get_instrument (FlowUpstoxStream *self)
{
  g_return_val_if_fail (FLOW_IS_UPSTOX_STREAM (self), NULL);
  return self->instrument;
}

guint64
flow_upstox_stream_get_n_frames (FlowUpstoxStream *self)
{
  g_return_val_if_fail (FLOW_IS_UPSTOX_STREAM (self), 0);
  return self->n_frames;
}

guint64
flow_upstox_stream_get_n_rejected (FlowUpstoxStream *self)
{
  g_return_val_if_fail (FLOW_IS_UPSTOX_STREAM (self), 0);
  return self->n_rejected;
}

guint
flow_upstox_stream_get_n_connections (FlowUpstoxStream *self)
{
  g_return_val_if_fail (FLOW_IS_UPSTOX_STREAM (self), 0);
  return self->n_connections;
}

void
flow_upstox_stream_set_timing (FlowUpstoxStream *self,
                               guint             watchdog_ms,
                               guint             backoff_min_ms,
                               guint             backoff_max_ms)
{
  g_return_if_fail (FLOW_IS_UPSTOX_STREAM (self));
  g_return_if_fail (watchdog_ms > 0);
  g_return_if_fail (backoff_min_ms > 0 && backoff_min_ms <= backoff_max_ms);

  self->watchdog_ms = watchdog_ms;
  self->backoff_min_ms = backoff_min_ms;
  self->backoff_max_ms = backoff_max_ms;
}

void
flow_upstox_stream_set_clock_offset (FlowUpstoxStream *self,
                                     gint64            offset_ms)
{
  g_return_if_fail (FLOW_IS_UPSTOX_STREAM (self));
  self->clock_offset_ms = offset_ms;
}

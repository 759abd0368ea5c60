/* flow-angel-feed.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-angel-feed"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "flow-angel-feed-private.h"
#include "flow-backoff.h"
#include "flow-endpoint.h"
#include "flow-smartapi-packet.h"

#define DEFAULT_WS_URL "wss://smartapisocket.angelone.in/smart-stream"

/* The largest packet is 379 bytes and error frames are short. libsoup closes the connection
 * on a frame over its limit (128 KiB by default); a higher limit turns a stray big frame into
 * one counted rejection instead of a dropped socket and the gap that follows. */
#define MAX_INCOMING_PAYLOAD (1024 * 1024)
#define MAX_TEXT_FRAME       4096
/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429
/* A 429 means sockets are still open on Angel One's side: wait longer than for a plain drop. */
#define TOO_MANY_EXTRA_STEPS 3

struct _FlowAngelFeed
{
  FlowFeed                 parent_instance;

  FlowCredentials         *credentials;     /* NULL when built with a client */
  char                    *underlying;
  FlowSmartapiClient      *client;
  FlowSmartapiInstrument  *instrument;
  char                    *ws_url;
  char                    *scrip_master_url;

  GCancellable            *cancellable;     /* of the current run; cancelled by stop */
  gboolean                 renew_session;   /* the last handshake was refused with 401 */
  gboolean                 handshaking;
  GCancellable            *handshake_cancellable;
  guint                    handshake_timeout_id;
  gboolean                 handshake_timed_out;
  SoupWebsocketConnection *connection;      /* the live one */
  GPtrArray               *sockets;         /* every connection not yet closed, live or not */
  gboolean                 resync_pending;
  guint                    attempt;         /* failures since data last flowed */
  gint64                   last_message_us;

  guint                    retry_id;
  guint                    ping_id;
  guint                    watchdog_id;
  guint                    roll_id;         /* the near-month future's 15:30 on expiry day */
  gint64                   clock_offset_ms; /* tests: added to the real clock */

  guint                    ping_ms;
  guint                    watchdog_ms;
  guint                    backoff_min_ms;
  guint                    backoff_max_ms;
  GRand                   *rand;

  guint64                  n_packets;
  guint64                  n_rejected;
  guint64                  n_longer;        /* decoded from a frame longer than its mode */
  guint64                  n_skipped;       /* a mode or a token we did not subscribe */
  guint64                  n_server_errors;
  guint                    n_connections;
};

G_DEFINE_FINAL_TYPE (FlowAngelFeed, flow_angel_feed, FLOW_TYPE_FEED)

static void run_pipeline   (FlowAngelFeed *self);
static void drop_live      (FlowAngelFeed *self);
static void on_credentials (GObject       *source,
                            GAsyncResult  *result,
                            gpointer       user_data);

/* ------------------------------------------------------------------------------------------
 * Asynchronous steps. Each holds the feed and the cancellable of the run that started it, so
 * a result that arrives after a stop (or after a stop and a new start) is ignored.
 */

typedef struct
{
  FlowAngelFeed *self;
  GCancellable  *cancellable;
  SoupMessage   *message;
} Step;

static Step *
step_new (FlowAngelFeed *self)
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
now_ms (FlowAngelFeed *self)
{
  return g_get_real_time () / 1000 + self->clock_offset_ms;
}

/* "Live: NIFTY26NOVFUT on Angel One", and how many frames came longer than their mode: a
 * sign that Angel One has added fields this version does not read. */
static void
set_live (FlowAngelFeed *self)
{
  g_autofree char *live = g_strdup_printf (_("Live: %s on Angel One"), self->instrument->symbol);
  g_autofree char *count = NULL;
  g_autofree char *longer = NULL;
  g_autofree char *message = NULL;

  if (self->n_longer == 0)
    {
      flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_LIVE, live, 0);
      return;
    }
  count = g_strdup_printf ("%" G_GUINT64_FORMAT, self->n_longer);
  longer = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s frame longer than expected",
                                         "%s frames longer than expected",
                                         (gulong) MIN (self->n_longer, G_MAXULONG)), count);
  /* Translators: "Live: NIFTY26NOVFUT on Angel One" and "3 frames longer than expected". */
  message = g_strdup_printf (_("%s; %s"), live, longer);
  flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_LIVE, message, 0);
}

static void
stop_timers (FlowAngelFeed *self)
{
  g_clear_handle_id (&self->ping_id, g_source_remove);
  g_clear_handle_id (&self->watchdog_id, g_source_remove);
}

static gboolean
on_retry (gpointer user_data)
{
  FlowAngelFeed *self = user_data;

  self->retry_id = 0;
  run_pipeline (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (FlowAngelFeed *self,
                const char    *why,
                guint          extra_steps)
{
  guint delay = flow_backoff_delay_ms (self->rand, self->backoff_min_ms, self->backoff_max_ms,
                                      self->attempt + extra_steps);
  g_autofree char *message = NULL;

  self->attempt++;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  self->retry_id = g_timeout_add (delay, on_retry, self);
  message = g_strdup_printf (_("%s; retrying in %u s"), why, (delay + 999) / 1000);
  g_debug ("%s (attempt %u, %u ms)", why, self->attempt, delay);
  /* The real clock, not the test's: the window counts down to it. */
  flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_RECONNECTING, message,
                       g_get_real_time () / 1000 + delay);
}

/* Errors that waiting will not fix go to LOGGED_OUT (account details) or ERROR; the rest are
 * retried. */
static void
fail_or_retry (FlowAngelFeed *self,
               const GError  *error)
{
  if (g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_TOTP) ||
      g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_CREDENTIALS))
    {
      flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_LOGGED_OUT, error->message, 0);
      return;
    }
  if (g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_FIREWALL) ||
      g_error_matches (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR,
                       FLOW_SMARTAPI_SCRIP_MASTER_ERROR_NOT_FOUND) ||
      g_error_matches (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR,
                       FLOW_SMARTAPI_SCRIP_MASTER_ERROR_MALFORMED) ||
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
 * The socket
 */

static void
on_socket_closed (SoupWebsocketConnection *connection,
                  gpointer                 user_data)
{
  FlowAngelFeed *self = user_data;
  gboolean was_live = connection == self->connection;

  g_debug ("socket closed (code %u), %u open", soup_websocket_connection_get_close_code (connection),
           self->sockets->len - 1);
  g_signal_handlers_disconnect_by_data (connection, self);
  if (was_live)
    {
      self->connection = NULL;
      stop_timers (self);
    }
  /* Last: this may drop the final reference to @connection. */
  g_ptr_array_remove (self->sockets, connection);
  if (was_live && !g_cancellable_is_cancelled (self->cancellable))
    schedule_retry (self, _("The connection to Angel One was lost"), 0);
}

/* Leaves the live connection to close in the background; it keeps counting against the
 * socket limit until libsoup reports it closed. */
static void
drop_live (FlowAngelFeed *self)
{
  SoupWebsocketConnection *connection = g_steal_pointer (&self->connection);

  stop_timers (self);
  if (connection != NULL &&
      soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
}

static void
handle_text (FlowAngelFeed *self,
             const char    *text,
             gsize          length)
{
  g_autofree char *code = NULL;
  g_autofree char *server_message = NULL;
  g_autofree char *status = NULL;

  if (length > MAX_TEXT_FRAME)
    {
      self->n_rejected++;
      g_debug ("rejected a text frame of %" G_GSIZE_FORMAT " bytes", length);
      return;
    }
  switch (flow_smartapi_text_parse (text, length, &code, &server_message))
    {
    case FLOW_SMARTAPI_TEXT_PONG:
      break;
    case FLOW_SMARTAPI_TEXT_ERROR:
      self->n_server_errors++;
      g_debug ("server error frame %s: %s", code, server_message);
      status = g_strdup_printf (_("Angel One reported %s: %s"),
                                code != NULL && *code != '\0' ? code : _("an error"),
                                server_message != NULL ? server_message : "");
      flow_feed_set_state (FLOW_FEED (self), flow_feed_get_state (FLOW_FEED (self)), status, 0);
      break;
    case FLOW_SMARTAPI_TEXT_UNKNOWN:
    default:
      self->n_rejected++;
      g_debug ("ignored an unknown text frame of %" G_GSIZE_FORMAT " bytes", length);
      break;
    }
}

static void
handle_binary (FlowAngelFeed *self,
               const guint8  *data,
               gsize          length)
{
  g_autoptr(GError) error = NULL;
  FlowSmartapiPacket packet;
  FlowSnapshot snapshot;

  if (!flow_smartapi_packet_decode (data, length, &packet, &error))
    {
      /* A mode we never asked for (Depth-20, or one Angel One adds) is the server's business,
       * not a broken frame: skipped, and the connection carries on. */
      if (g_error_matches (error, FLOW_SMARTAPI_PACKET_ERROR,
                           FLOW_SMARTAPI_PACKET_ERROR_UNKNOWN_MODE) ||
          g_error_matches (error, FLOW_SMARTAPI_PACKET_ERROR,
                           FLOW_SMARTAPI_PACKET_ERROR_UNSUPPORTED_MODE))
        {
          self->n_skipped++;
          g_debug ("skipped a binary frame: %s", error->message);
          return;
        }
      self->n_rejected++;
      g_debug ("rejected a binary frame: %s", error->message);
      return;
    }
  /* After a resubscription (another underlying, the expiry-day roll) the server may still
   * flush frames of the old token; they are not this instrument's. */
  if (packet.exchange_type != FLOW_SMARTAPI_EXCHANGE_NSE_FO ||
      strcmp (packet.token, self->instrument->token) != 0)
    {
      self->n_skipped++;
      g_debug ("skipped a packet for token %s", packet.token);
      return;
    }

  flow_smartapi_packet_to_snapshot (&packet, &snapshot);
  if (snapshot.ts_ms <= 0)
    snapshot.ts_ms = now_ms (self);
  snapshot.resync = self->resync_pending;
  self->resync_pending = FALSE;
  self->attempt = 0;
  self->n_packets++;
  if (packet.extra_bytes > 0)
    {
      self->n_longer++;
      g_debug ("a mode %d frame of %" G_GSIZE_FORMAT " bytes, %" G_GSIZE_FORMAT " more than "
               "expected", packet.mode, length, packet.extra_bytes);
      if (flow_feed_get_state (FLOW_FEED (self)) == FLOW_FEED_STATE_LIVE)
        set_live (self);
    }
  flow_feed_emit_snapshot (FLOW_FEED (self), &snapshot);
}

static void
on_socket_message (SoupWebsocketConnection *connection,
                   gint                     type,
                   GBytes                  *message,
                   gpointer                 user_data)
{
  FlowAngelFeed *self = user_data;
  gsize length;
  gconstpointer data = g_bytes_get_data (message, &length);

  if (connection != self->connection)
    return;
  self->last_message_us = g_get_monotonic_time ();
  if (type == SOUP_WEBSOCKET_DATA_BINARY)
    handle_binary (self, data, length);
  else
    handle_text (self, data, length);
}

static void
on_socket_pong (SoupWebsocketConnection *connection,
                GBytes                  *message,
                gpointer                 user_data)
{
  FlowAngelFeed *self = user_data;

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

static gboolean
on_ping (gpointer user_data)
{
  FlowAngelFeed *self = user_data;

  if (self->connection != NULL &&
      soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_send_text (self->connection, "ping");
  return G_SOURCE_CONTINUE;
}

/* libsoup 3.2 has no pong timeout: any frame, a text pong or a control pong is a sign of
 * life, and quiet instruments still answer the pings. */
static gboolean
on_watchdog (gpointer user_data)
{
  FlowAngelFeed *self = user_data;
  g_autofree char *why = NULL;

  if (g_get_monotonic_time () - self->last_message_us < (gint64) self->watchdog_ms * 1000)
    return G_SOURCE_CONTINUE;
  self->watchdog_id = 0;
  why = g_strdup_printf (_("No data from Angel One for %u s"), (self->watchdog_ms + 999) / 1000);
  drop_live (self);
  schedule_retry (self, why, 0);
  return G_SOURCE_REMOVE;
}

static void
subscribe (FlowAngelFeed *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "correlationID");
  json_builder_add_string_value (builder, "orderflow1");
  json_builder_set_member_name (builder, "action");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_int_value (builder, FLOW_SMARTAPI_MODE_SNAP_QUOTE);
  json_builder_set_member_name (builder, "tokenList");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "exchangeType");
  json_builder_add_int_value (builder, FLOW_SMARTAPI_EXCHANGE_NSE_FO);
  json_builder_set_member_name (builder, "tokens");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, self->instrument->token);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  soup_websocket_connection_send_text (self->connection, text);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Step) step = user_data;
  FlowAngelFeed *self = step->self;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  /* A stopped run's handshake: stop already forgot it, and a new run may have one going. */
  if (!step_is_current (step))
    {
      if (connection != NULL)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      return;
    }
  g_clear_handle_id (&self->handshake_timeout_id, g_source_remove);
  g_clear_object (&self->handshake_cancellable);
  self->handshaking = FALSE;
  if (connection == NULL)
    {
      const char *reason = soup_message_headers_get_one (
        soup_message_get_response_headers (step->message), "x-error-message");
      g_autofree char *why = NULL;

      status = soup_message_get_status (step->message);
      g_debug ("handshake failed: HTTP %u (%s): %s", status, reason != NULL ? reason : "",
               error->message);
      if (status == SOUP_STATUS_UNAUTHORIZED)
        {
          /* Tokens expire or get revoked: a new session before the next attempt. */
          self->renew_session = TRUE;
          why = g_strdup_printf (_("Angel One refused the stream’s credentials (%s)"),
                                 reason != NULL ? reason : _("HTTP 401"));
          schedule_retry (self, why, 0);
        }
      else if (status == HTTP_TOO_MANY_REQUESTS)
        schedule_retry (self, _("Angel One reports too many open connections"),
                        TOO_MANY_EXTRA_STEPS);
      else if (self->handshake_timed_out)
        {
          why = g_strdup_printf (_("Angel One’s stream did not answer within %u s"),
                                 (self->watchdog_ms + 999) / 1000);
          schedule_retry (self, why, 0);
        }
      else
        {
          why = g_strdup_printf (_("Cannot connect to Angel One’s stream: %s"), error->message);
          schedule_retry (self, why, 0);
        }
      return;
    }

  self->n_connections++;
  self->connection = connection;
  g_ptr_array_add (self->sockets, g_object_ref (connection));
  soup_websocket_connection_set_max_incoming_payload_size (connection, MAX_INCOMING_PAYLOAD);
  /* Our own text pings: they are what Angel One documents, and the watchdog needs answers. */
  soup_websocket_connection_set_keepalive_interval (connection, 0);
  g_signal_connect (connection, "message", G_CALLBACK (on_socket_message), self);
  g_signal_connect (connection, "pong", G_CALLBACK (on_socket_pong), self);
  g_signal_connect (connection, "error", G_CALLBACK (on_socket_error), self);
  g_signal_connect (connection, "closed", G_CALLBACK (on_socket_closed), self);

  self->resync_pending = TRUE;
  self->last_message_us = g_get_monotonic_time ();
  subscribe (self);
  self->ping_id = g_timeout_add (self->ping_ms, on_ping, self);
  self->watchdog_id = g_timeout_add (MAX (self->watchdog_ms / 4, 1), on_watchdog, self);
  set_live (self);
}

/* libsoup's I/O timeout does not cover the upgrade: a server that accepts the connection and
 * never answers would leave the feed connecting for ever. */
static gboolean
on_handshake_timeout (gpointer user_data)
{
  FlowAngelFeed *self = user_data;

  self->handshake_timeout_id = 0;
  self->handshake_timed_out = TRUE;
  g_cancellable_cancel (self->handshake_cancellable);
  return G_SOURCE_REMOVE;
}

static void
cancel_handshake (FlowAngelFeed *self)
{
  g_clear_handle_id (&self->handshake_timeout_id, g_source_remove);
  if (self->handshake_cancellable != NULL)
    g_cancellable_cancel (self->handshake_cancellable);
  g_clear_object (&self->handshake_cancellable);
}

static void
connect_socket (FlowAngelFeed *self)
{
  Step *step;
  SoupMessageHeaders *headers;
  g_autofree char *bearer = NULL;

  if (self->sockets->len + (self->handshaking ? 1 : 0) >= FLOW_ANGEL_FEED_MAX_SOCKETS)
    {
      schedule_retry (self, _("Waiting for old connections to close"), 0);
      return;
    }

  step = step_new (self);
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

  self->handshaking = TRUE;
  self->handshake_timed_out = FALSE;
  cancel_handshake (self);
  self->handshake_cancellable = g_cancellable_new ();
  self->handshake_timeout_id = g_timeout_add (self->watchdog_ms, on_handshake_timeout, self);
  soup_session_websocket_connect_async (flow_smartapi_client_get_session (self->client),
                                        step->message, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->handshake_cancellable, on_connected, step);
}

/* ------------------------------------------------------------------------------------------
 * Session and instrument
 */

/* A new run on the same login: whatever the old one had going (a handshake, the socket, a
 * retry) is forgotten with its cancellable, so none of its results can touch the new one. */
static void
restart_run (FlowAngelFeed *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  cancel_handshake (self);
  drop_live (self);
  self->handshaking = FALSE;
  self->cancellable = g_cancellable_new ();
  self->attempt = 0;
  if (self->client != NULL)
    run_pipeline (self);
  else
    flow_credentials_lookup_all_async (self->credentials, FLOW_BROKER_ANGEL, self->cancellable,
                                       on_credentials, step_new (self));
}

static void schedule_roll (FlowAngelFeed *self);

/* 15:30 IST on the expiry day: the future stops trading, and the footprint goes on with the
 * next month's (smartapi.md §3), found in the day's scrip master and subscribed on a new
 * socket whose first snapshot is a resync, so the switch shows as a gap, never as a trade. */
static gboolean
on_roll (gpointer user_data)
{
  FlowAngelFeed *self = user_data;

  self->roll_id = 0;
  if (self->instrument != NULL &&
      now_ms (self) < flow_smartapi_instrument_get_roll_ms (self->instrument))
    {
      /* Woken early (the timer is capped at a day): wait for the rest. */
      schedule_roll (self);
      return G_SOURCE_REMOVE;
    }
  g_debug ("%s stops trading: rolling to the next month",
           self->instrument != NULL ? self->instrument->symbol : "the future");
  g_clear_pointer (&self->instrument, flow_smartapi_instrument_free);
  flow_feed_set_contract (FLOW_FEED (self), NULL);
  restart_run (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_roll (FlowAngelFeed *self)
{
  gint64 wait_ms = flow_smartapi_instrument_get_roll_ms (self->instrument) - now_ms (self);

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
  FlowAngelFeed *self = step->self;
  g_autoptr(GError) error = NULL;
  FlowSmartapiInstrument *instrument;

  instrument = flow_smartapi_scrip_master_find_future_finish (result, &error);
  if (!step_is_current (step))
    {
      flow_smartapi_instrument_free (instrument);
      return;
    }
  if (instrument == NULL)
    {
      fail_or_retry (self, error);
      return;
    }
  g_debug ("near-month future of %s: %s (token %s, tick %" G_GINT64_FORMAT ", lot %"
           G_GINT64_FORMAT ")", self->underlying, instrument->symbol, instrument->token,
           instrument->tick_size, instrument->lot_size);
  self->instrument = instrument;
  flow_feed_set_contract (FLOW_FEED (self), instrument->symbol);
  flow_feed_set_tick_size (FLOW_FEED (self), instrument->tick_size);
  schedule_roll (self);
  connect_socket (self);
}

static void
after_session (FlowAngelFeed *self)
{
  Step *step;

  /* The roll timer runs on the monotonic clock, which stands still while the machine sleeps:
   * a reconnection after a suspend across 15:30 must not go back to the expired future. */
  if (self->instrument != NULL &&
      now_ms (self) < flow_smartapi_instrument_get_roll_ms (self->instrument))
    {
      connect_socket (self);
      return;
    }
  g_clear_pointer (&self->instrument, flow_smartapi_instrument_free);
  g_clear_handle_id (&self->roll_id, g_source_remove);
  flow_feed_set_state (FLOW_FEED (self), FLOW_FEED_STATE_CONNECTING,
                       _("Finding the near-month future"), 0);
  step = step_new (self);
  flow_smartapi_scrip_master_find_future_async (flow_smartapi_client_get_session (self->client),
                                                self->scrip_master_url, self->underlying,
                                                now_ms (self), step->cancellable, on_instrument,
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
}

/* Every attempt, first or not: a session of today (a new login each trading day, or after a
 * 401), the instrument once, then the socket. */
static void
run_pipeline (FlowAngelFeed *self)
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
  FlowAngelFeed *self = step->self;
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
  if (api_url == NULL)
    {
      fail_or_retry (self, error);
      return;
    }
  g_clear_object (&self->client);
  self->client = flow_smartapi_client_new_from_credentials (NULL, api_url, values, &error);
  if (self->client == NULL)
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
flow_angel_feed_stop (FlowFeed *feed)
{
  FlowAngelFeed *self = FLOW_ANGEL_FEED (feed);

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->roll_id, g_source_remove);
  cancel_handshake (self);
  drop_live (self);
  self->handshaking = FALSE;
  flow_feed_set_state (feed, FLOW_FEED_STATE_IDLE, NULL, 0);
}

static void
flow_angel_feed_start (FlowFeed *feed)
{
  FlowAngelFeed *self = FLOW_ANGEL_FEED (feed);
  g_autoptr(GError) error = NULL;

  if (self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  self->attempt = 0;
  self->renew_session = FALSE;
  /* The user may have fixed an address or an account since the last run: read them again. */
  g_clear_pointer (&self->instrument, flow_smartapi_instrument_free);
  g_clear_handle_id (&self->roll_id, g_source_remove);
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

/* Another underlying on the same login: the socket of the old future goes (its packets must
 * not reach the new instrument's chart), the new future is looked up in the scrip master and
 * subscribed on a new socket, whose first snapshot is a resync. */
static gboolean
flow_angel_feed_retarget (FlowFeed   *feed,
                          const char *name)
{
  FlowAngelFeed *self = FLOW_ANGEL_FEED (feed);

  if (g_strcmp0 (self->underlying, name) == 0)
    return TRUE;
  g_free (self->underlying);
  self->underlying = g_strdup (name);
  g_clear_pointer (&self->instrument, flow_smartapi_instrument_free);
  g_clear_handle_id (&self->roll_id, g_source_remove);
  flow_feed_set_contract (feed, NULL);
  if (self->cancellable == NULL)
    return TRUE;

  restart_run (self);
  return TRUE;
}

static void
flow_angel_feed_dispose (GObject *object)
{
  FlowAngelFeed *self = FLOW_ANGEL_FEED (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->roll_id, g_source_remove);
  cancel_handshake (self);
  drop_live (self);
  /* Sockets still closing finish on their own; they must not call back into us. */
  for (guint i = 0; self->sockets != NULL && i < self->sockets->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->sockets, i), self);
  g_clear_pointer (&self->sockets, g_ptr_array_unref);
  g_clear_object (&self->client);
  g_clear_object (&self->credentials);
  G_OBJECT_CLASS (flow_angel_feed_parent_class)->dispose (object);
}

static void
flow_angel_feed_finalize (GObject *object)
{
  FlowAngelFeed *self = FLOW_ANGEL_FEED (object);

  g_free (self->underlying);
  g_free (self->ws_url);
  g_free (self->scrip_master_url);
  flow_smartapi_instrument_free (self->instrument);
  g_rand_free (self->rand);
  G_OBJECT_CLASS (flow_angel_feed_parent_class)->finalize (object);
}

static void
flow_angel_feed_class_init (FlowAngelFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FlowFeedClass *feed_class = FLOW_FEED_CLASS (klass);

  object_class->dispose = flow_angel_feed_dispose;
  object_class->finalize = flow_angel_feed_finalize;
  feed_class->start = flow_angel_feed_start;
  feed_class->stop = flow_angel_feed_stop;
  feed_class->retarget = flow_angel_feed_retarget;
}

static void
flow_angel_feed_init (FlowAngelFeed *self)
{
  self->sockets = g_ptr_array_new_with_free_func (g_object_unref);
  self->ping_ms = FLOW_ANGEL_FEED_PING_MS;
  self->watchdog_ms = FLOW_ANGEL_FEED_WATCHDOG_MS;
  self->backoff_min_ms = FLOW_ANGEL_FEED_BACKOFF_MIN_MS;
  self->backoff_max_ms = FLOW_ANGEL_FEED_BACKOFF_MAX_MS;
  self->rand = g_rand_new ();
}

FlowFeed *
flow_angel_feed_new (FlowCredentials *credentials,
                     const char      *underlying)
{
  FlowAngelFeed *self;

  g_return_val_if_fail (FLOW_IS_CREDENTIALS (credentials), NULL);
  g_return_val_if_fail (underlying != NULL && *underlying != '\0', NULL);

  self = g_object_new (FLOW_TYPE_ANGEL_FEED, NULL);
  self->credentials = g_object_ref (credentials);
  self->underlying = g_strdup (underlying);
  return FLOW_FEED (self);
}

FlowFeed *
flow_angel_feed_new_with_client (FlowSmartapiClient *client,
                                 const char         *underlying)
{
  FlowAngelFeed *self;

  g_return_val_if_fail (FLOW_IS_SMARTAPI_CLIENT (client), NULL);
  g_return_val_if_fail (underlying != NULL && *underlying != '\0', NULL);

  self = g_object_new (FLOW_TYPE_ANGEL_FEED, NULL);
  self->client = g_object_ref (client);
  self->underlying = g_strdup (underlying);
  return FLOW_FEED (self);
}

const char *
flow_angel_feed_get_underlying (FlowAngelFeed *self)
{
  g_return_val_if_fail (FLOW_IS_ANGEL_FEED (self), NULL);
  return self->underlying;
}

const FlowSmartapiInstrument *
flow_angel_feed_get_instrument (FlowAngelFeed *self)
{
  g_return_val_if_fail (FLOW_IS_ANGEL_FEED (self), NULL);
  return self->instrument;
}

guint64
flow_angel_feed_get_n_packets (FlowAngelFeed *self)
{
  g_return_val_if_fail (FLOW_IS_ANGEL_FEED (self), 0);
  return self->n_packets;
}

guint64
flow_angel_feed_get_n_rejected (FlowAngelFeed *self)
{
  g_return_val_if_fail (FLOW_IS_ANGEL_FEED (self), 0);
  return self->n_rejected;
}

guint64
flow_angel_feed_get_n_longer (FlowAngelFeed *self)
{
  g_return_val_if_fail (FLOW_IS_ANGEL_FEED (self), 0);
  return self->n_longer;
}

guint64
flow_angel_feed_get_n_skipped (FlowAngelFeed *self)
{
  g_return_val_if_fail (FLOW_IS_ANGEL_FEED (self), 0);
  return self->n_skipped;
}

guint64
flow_angel_feed_get_n_server_errors (FlowAngelFeed *self)
{
  g_return_val_if_fail (FLOW_IS_ANGEL_FEED (self), 0);
  return self->n_server_errors;
}

guint
flow_angel_feed_get_n_connections (FlowAngelFeed *self)
{
  g_return_val_if_fail (FLOW_IS_ANGEL_FEED (self), 0);
  return self->n_connections;
}

void
flow_angel_feed_set_timing (FlowAngelFeed *self,
                            guint          ping_ms,
                            guint          watchdog_ms,
                            guint          backoff_min_ms,
                            guint          backoff_max_ms)
{
  g_return_if_fail (FLOW_IS_ANGEL_FEED (self));
  g_return_if_fail (ping_ms > 0 && watchdog_ms > 0);
  g_return_if_fail (backoff_min_ms > 0 && backoff_min_ms <= backoff_max_ms);

  self->ping_ms = ping_ms;
  self->watchdog_ms = watchdog_ms;
  self->backoff_min_ms = backoff_min_ms;
  self->backoff_max_ms = backoff_max_ms;
}

void
flow_angel_feed_set_clock_offset (FlowAngelFeed *self,
                                  gint64         offset_ms)
{
  g_return_if_fail (FLOW_IS_ANGEL_FEED (self));
  self->clock_offset_ms = offset_ms;
}

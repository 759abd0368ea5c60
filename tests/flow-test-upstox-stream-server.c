/* flow-test-upstox-stream-server.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-test-upstox-stream-server.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "flow-ist.h"

#define AUTHORIZE_PATH   "/v3/feed/market-data-feed/authorize"
#define STREAM_PATH      "/v3/feed/stream"
#define INSTRUMENTS_PATH "/instruments/NSE.json.gz"
#define BSE_PATH         "/instruments/BSE.json.gz"
#define FRAME_GAP_MS     3
#define DAY_MS           G_GINT64_CONSTANT (86400000)

typedef struct
{
  GPtrArray   *frames;
  FlowTestEnd  end;
} Script;

typedef struct
{
  FlowTestUpstoxStream    *server;
  SoupWebsocketConnection *connection;
  Script                  *script;
  guint                    next;
  guint                    timer_id;
  gboolean                 subscribed;
} Conn;

struct _FlowTestUpstoxStream
{
  FlowTestUpstox *rest;
  GBytes         *instruments;
  GBytes         *bse_instruments;
  GHashTable     *codes;          /* code → TRUE once used */
  GQueue          scripts;        /* of Script */
  GPtrArray      *conns;          /* of Conn */
  GPtrArray      *subscriptions;
  GPtrArray      *problems;
  guint           authorize_fail_status;
  char           *authorize_fail_body;
  guint           refuse_status;
  guint           n_authorizations;
  guint           n_handshakes;
  guint           n_reused_codes;
  guint           n_downloads;
  guint           n_scripts;
  guint           n_scripts_done;
};

static void G_GNUC_PRINTF (2, 3)
problem (FlowTestUpstoxStream *server,
         const char           *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (server->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

/* ------------------------------------------------------------------------------------------
 * The instruments file
 */

/* The index keys of Upstox's instruments file (and of the SDK samples' tables). */
static const char *
index_key_of (const char *underlying)
{
  const struct
  {
    const char *name;
    const char *key;
  } keys[] = {
    { "NIFTY",      "NSE_INDEX|Nifty 50" },
    { "BANKNIFTY",  "NSE_INDEX|Nifty Bank" },
    { "FINNIFTY",   FLOW_TEST_UPSTOX_FINNIFTY_INDEX },
    { "MIDCPNIFTY", FLOW_TEST_UPSTOX_MIDCPNIFTY_INDEX },
    { "SENSEX",     FLOW_TEST_UPSTOX_SENSEX_INDEX },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (underlying, keys[i].name))
      return keys[i].key;
  return "NSE_INDEX|Nifty Next 50";
}

static void
add_record (JsonBuilder *builder,
            const char  *segment,
            const char  *type,
            const char  *underlying,
            const char  *key,
            const char  *symbol,
            gint64       expiry_day_ms,
            double       strike)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "segment");
  json_builder_add_string_value (builder, segment);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, underlying);
  json_builder_set_member_name (builder, "exchange");
  json_builder_add_string_value (builder, g_str_has_prefix (segment, "BSE") ? "BSE" : "NSE");
  json_builder_set_member_name (builder, "instrument_type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "instrument_key");
  json_builder_add_string_value (builder, key);
  json_builder_set_member_name (builder, "exchange_token");
  json_builder_add_string_value (builder, strchr (key, '|') + 1);
  json_builder_set_member_name (builder, "trading_symbol");
  json_builder_add_string_value (builder, symbol);
  json_builder_set_member_name (builder, "tick_size");
  json_builder_add_double_value (builder, g_str_equal (type, "FUT") ? 10.0 : 5.0);
  json_builder_set_member_name (builder, "lot_size");
  json_builder_add_int_value (builder, 75);
  if (expiry_day_ms > 0)
    {
      json_builder_set_member_name (builder, "expiry");
      /* 23:59:59 IST of the expiry date, as Upstox writes it. */
      json_builder_add_int_value (builder, flow_ist_day_start_ms (expiry_day_ms) + DAY_MS - 1000);
      json_builder_set_member_name (builder, "strike_price");
      json_builder_add_double_value (builder, strike);
      json_builder_set_member_name (builder, "weekly");
      json_builder_add_boolean_value (builder, FALSE);
      json_builder_set_member_name (builder, "underlying_symbol");
      json_builder_add_string_value (builder, underlying);
      json_builder_set_member_name (builder, "underlying_key");
      json_builder_add_string_value (builder, index_key_of (underlying));
      json_builder_set_member_name (builder, "underlying_type");
      json_builder_add_string_value (builder, "INDEX");
    }
  json_builder_end_object (builder);
}

static GBytes *
compress (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1);
  g_autoptr(GInputStream) plain = NULL;
  g_autoptr(GInputStream) gzip = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  plain = g_memory_input_stream_new_from_data (g_strdup (text), strlen (text), g_free);
  gzip = g_converter_input_stream_new (plain, G_CONVERTER (compressor));
  g_output_stream_splice (out, gzip, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

GBytes *
flow_test_upstox_instruments (gint64 near_expiry_day_ms)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gint64 near = near_expiry_day_ms, next = near_expiry_day_ms + 28 * DAY_MS;

  json_builder_begin_array (builder);
  add_record (builder, "NSE_EQ", "EQ", "RELIANCE", "NSE_EQ|INE002A01018", "RELIANCE", 0, 0);
  add_record (builder, "NSE_INDEX", "INDEX", "NIFTY", "NSE_INDEX|Nifty 50", "NIFTY", 0, 0);
  add_record (builder, "NSE_FO", "FUT", "NIFTY", "NSE_FO|34990", "NIFTY FUT EXPIRED",
              near - 28 * DAY_MS, 0);
  add_record (builder, "NSE_FO", "CE", "NIFTY", "NSE_FO|40001", "NIFTY 24000 CE SOON",
              near - DAY_MS, 24000);
  add_record (builder, "NSE_FO", "PE", "NIFTY", "NSE_FO|40002", "NIFTY 24000 PE SOON",
              near - DAY_MS, 24000);
  add_record (builder, "NSE_FO", "FUT", "NIFTYNXT50", "NSE_FO|50001", "NIFTYNXT50 FUT SOON",
              near - DAY_MS, 0);
  add_record (builder, "BSE_FO", "FUT", "NIFTY", "BSE_FO|60001", "NIFTY FUT BSE", near - DAY_MS, 0);
  add_record (builder, "NSE_FO", "FUT", "NIFTY", FLOW_TEST_UPSTOX_NEXT_KEY, "NIFTY FUT NEXT",
              next, 0);
  add_record (builder, "NSE_FO", "FUT", "NIFTY", FLOW_TEST_UPSTOX_FUTURE_KEY,
              FLOW_TEST_UPSTOX_FUTURE_SYMBOL, near, 0);
  add_record (builder, "NSE_FO", "FUT", "BANKNIFTY", FLOW_TEST_UPSTOX_BANKNIFTY_KEY,
              "BANKNIFTY FUT NEAR", near, 0);
  /* Indices whose keys are not their names. */
  add_record (builder, "NSE_INDEX", "INDEX", "Nifty Fin Service", FLOW_TEST_UPSTOX_FINNIFTY_INDEX,
              "NIFTY FIN SERVICE", 0, 0);
  add_record (builder, "NSE_FO", "CE", "FINNIFTY", "NSE_FO|70001", "FINNIFTY 23000 CE NEAR",
              near, 23000);
  add_record (builder, "NSE_FO", "PE", "MIDCPNIFTY", "NSE_FO|71001", "MIDCPNIFTY 12000 PE NEAR",
              near, 12000);
  json_builder_end_array (builder);
  return compress (builder);
}

GBytes *
flow_test_upstox_bse_instruments (gint64 near_expiry_day_ms)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  add_record (builder, "BSE_EQ", "EQ", "RELIANCE", "BSE_EQ|INE002A01018", "RELIANCE", 0, 0);
  add_record (builder, "BSE_INDEX", "INDEX", "SENSEX", FLOW_TEST_UPSTOX_SENSEX_INDEX, "SENSEX", 0,
              0);
  add_record (builder, "BSE_FO", "FUT", "SENSEX", "BSE_FO|80001", "SENSEX FUT NEAR",
              near_expiry_day_ms, 0);
  add_record (builder, "BSE_FO", "CE", "SENSEX", "BSE_FO|80002", "SENSEX 80000 CE NEAR",
              near_expiry_day_ms, 80000);
  json_builder_end_array (builder);
  return compress (builder);
}

/* ------------------------------------------------------------------------------------------
 * REST: authorize and the file
 */

static void
on_authorize (SoupServer        *soup,
              SoupServerMessage *message,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  FlowTestUpstoxStream *server = user_data;
  g_autofree char *code = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GSList) uris = NULL;
  GUri *uri;

  if (!flow_test_upstox_check_bearer (server->rest, message))
    return;
  server->n_authorizations++;
  if (server->authorize_fail_status != 0)
    {
      const char *text = server->authorize_fail_body != NULL ? server->authorize_fail_body : "";

      soup_server_message_set_status (message, server->authorize_fail_status, NULL);
      soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, text,
                                        strlen (text));
      server->authorize_fail_status = 0;
      g_clear_pointer (&server->authorize_fail_body, g_free);
      return;
    }
  code = g_uuid_string_random ();
  request_id = g_uuid_string_random ();
  g_hash_table_insert (server->codes, g_strdup (code), GINT_TO_POINTER (FALSE));
  uris = soup_server_get_uris (soup);
  uri = uris->data;
  body = g_strdup_printf ("{\"status\":\"success\",\"data\":{\"authorizedRedirectUri\":"
                          "\"ws://127.0.0.1:%d" STREAM_PATH "?requestId=%s&code=%s\","
                          "\"authorized_redirect_uri\":\"ws://127.0.0.1:%d" STREAM_PATH
                          "?requestId=%s&code=%s\"}}",
                          g_uri_get_port (uri), request_id, code, g_uri_get_port (uri),
                          request_id, code);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

static void
on_instruments (SoupServer        *soup,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FlowTestUpstoxStream *server = user_data;
  GBytes *file = g_str_equal (path, BSE_PATH) ? server->bse_instruments : server->instruments;

  server->n_downloads++;
  if (file == NULL)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "application/gzip", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (file, NULL), g_bytes_get_size (file));
}

/* ------------------------------------------------------------------------------------------
 * The stream
 */

static void
on_stream_early (SoupServer        *soup,
                 SoupServerMessage *message,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  FlowTestUpstoxStream *server = user_data;
  const char *code = query != NULL ? g_hash_table_lookup (query, "code") : NULL;
  gpointer used;

  server->n_handshakes++;
  if (soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                    "Authorization") != NULL)
    problem (server, "stream: the handshake carried an Authorization header");
  if (server->refuse_status != 0)
    {
      soup_server_message_set_status (message, server->refuse_status, NULL);
      server->refuse_status = 0;
      return;
    }
  if (code == NULL || !g_hash_table_lookup_extended (server->codes, code, NULL, &used) ||
      GPOINTER_TO_INT (used))
    {
      server->n_reused_codes++;
      soup_server_message_set_status (message, SOUP_STATUS_FORBIDDEN, NULL);
      return;
    }
  g_hash_table_insert (server->codes, g_strdup (code), GINT_TO_POINTER (TRUE));
}

static void
script_free (Script *script)
{
  g_ptr_array_unref (script->frames);
  g_free (script);
}

static void
conn_free (Conn *conn)
{
  g_clear_handle_id (&conn->timer_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (conn->connection, conn);
  g_object_unref (conn->connection);
  if (conn->script != NULL)
    script_free (conn->script);
  g_free (conn);
}

static gboolean
on_play (gpointer user_data)
{
  Conn *conn = user_data;

  if (conn->next < conn->script->frames->len)
    {
      GBytes *frame = g_ptr_array_index (conn->script->frames, conn->next++);

      soup_websocket_connection_send_binary (conn->connection, g_bytes_get_data (frame, NULL),
                                             g_bytes_get_size (frame));
      return G_SOURCE_CONTINUE;
    }
  conn->timer_id = 0;
  conn->server->n_scripts_done++;
  if (conn->script->end == FLOW_TEST_END_DROP)
    g_io_stream_close (soup_websocket_connection_get_io_stream (conn->connection), NULL, NULL);
  return G_SOURCE_REMOVE;
}

static void
check_subscription (Conn       *conn,
                    const char *text)
{
  FlowTestUpstoxStream *server = conn->server;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *request, *data;
  JsonArray *keys;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      problem (server, "stream: not JSON: “%s”", text);
      return;
    }
  request = json_node_get_object (json_parser_get_root (parser));
  data = json_object_get_object_member (request, "data");
  keys = data != NULL ? json_object_get_array_member (data, "instrumentKeys") : NULL;
  if (g_strcmp0 (json_object_get_string_member_with_default (request, "method", ""), "sub") != 0 ||
      json_object_get_string_member_with_default (request, "guid", NULL) == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (data, "mode", ""), "full") != 0 ||
      keys == NULL || json_array_get_length (keys) != 1)
    {
      problem (server, "stream: not a full-mode subscription of one key: %s", text);
      return;
    }
  g_ptr_array_add (server->subscriptions, g_strdup (json_array_get_string_element (keys, 0)));
  if (conn->subscribed)
    return;
  conn->subscribed = TRUE;
  conn->script = g_queue_pop_head (&server->scripts);
  if (conn->script != NULL)
    conn->timer_id = g_timeout_add (FRAME_GAP_MS, on_play, conn);
}

static void
on_message (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *message,
            gpointer                 user_data)
{
  Conn *conn = user_data;
  g_autofree char *text = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));

  if (type != SOUP_WEBSOCKET_DATA_BINARY)
    problem (conn->server, "stream: a text frame (the SDKs send binary): %s", text);
  check_subscription (conn, text);
}

static void
on_closed (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  Conn *conn = user_data;

  g_ptr_array_remove (conn->server->conns, conn);
}

static void
on_stream (SoupServer              *soup,
           SoupServerMessage       *message,
           const char              *path,
           SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  FlowTestUpstoxStream *server = user_data;
  Conn *conn = g_new0 (Conn, 1);

  conn->server = server;
  conn->connection = g_object_ref (connection);
  g_ptr_array_add (server->conns, conn);
  g_signal_connect (connection, "message", G_CALLBACK (on_message), conn);
  g_signal_connect (connection, "closed", G_CALLBACK (on_closed), conn);
}

/* ------------------------------------------------------------------------------------------
 * Life cycle and controls
 */

FlowTestUpstoxStream *
flow_test_upstox_stream_new (FlowTestUpstox *rest)
{
  FlowTestUpstoxStream *server = g_new0 (FlowTestUpstoxStream, 1);
  SoupServer *soup = flow_test_upstox_get_soup_server (rest);
  g_autofree char *instruments_url = g_strconcat (flow_test_upstox_get_url (rest),
                                                  INSTRUMENTS_PATH, NULL);

  server->rest = rest;
  server->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&server->scripts);
  server->conns = g_ptr_array_new_with_free_func ((GDestroyNotify) conn_free);
  server->subscriptions = g_ptr_array_new_with_free_func (g_free);
  server->problems = g_ptr_array_new_with_free_func (g_free);
  soup_server_add_handler (soup, AUTHORIZE_PATH, on_authorize, server, NULL);
  soup_server_add_handler (soup, INSTRUMENTS_PATH, on_instruments, server, NULL);
  soup_server_add_handler (soup, BSE_PATH, on_instruments, server, NULL);
  soup_server_add_early_handler (soup, STREAM_PATH, on_stream_early, server, NULL);
  soup_server_add_websocket_handler (soup, STREAM_PATH, NULL, NULL, on_stream, server, NULL);
  g_setenv ("ORDERFLOW_UPSTOX_INSTRUMENTS_URL", instruments_url, TRUE);
  return server;
}

void
flow_test_upstox_stream_free (FlowTestUpstoxStream *server)
{
  SoupServer *soup = flow_test_upstox_get_soup_server (server->rest);

  soup_server_remove_handler (soup, AUTHORIZE_PATH);
  soup_server_remove_handler (soup, INSTRUMENTS_PATH);
  soup_server_remove_handler (soup, BSE_PATH);
  soup_server_remove_handler (soup, STREAM_PATH);
  g_ptr_array_unref (server->conns);
  g_queue_clear_full (&server->scripts, (GDestroyNotify) script_free);
  g_hash_table_unref (server->codes);
  g_ptr_array_unref (server->subscriptions);
  g_ptr_array_unref (server->problems);
  g_clear_pointer (&server->instruments, g_bytes_unref);
  g_clear_pointer (&server->bse_instruments, g_bytes_unref);
  g_free (server->authorize_fail_body);
  g_free (server);
  g_unsetenv ("ORDERFLOW_UPSTOX_INSTRUMENTS_URL");
}

void
flow_test_upstox_stream_set_instruments (FlowTestUpstoxStream *server,
                                         GBytes               *file)
{
  g_clear_pointer (&server->instruments, g_bytes_unref);
  server->instruments = file != NULL ? g_bytes_ref (file) : NULL;
}

void
flow_test_upstox_stream_set_bse_instruments (FlowTestUpstoxStream *server,
                                             GBytes               *file)
{
  g_clear_pointer (&server->bse_instruments, g_bytes_unref);
  server->bse_instruments = file != NULL ? g_bytes_ref (file) : NULL;
}

void
flow_test_upstox_stream_fail_next_authorize (FlowTestUpstoxStream *server,
                                             guint                 status,
                                             const char           *body)
{
  server->authorize_fail_status = status;
  g_free (server->authorize_fail_body);
  server->authorize_fail_body = g_strdup (body);
}

void
flow_test_upstox_stream_refuse_next_handshake (FlowTestUpstoxStream *server,
                                               guint                 status)
{
  server->refuse_status = status;
}

void
flow_test_upstox_stream_add_connection (FlowTestUpstoxStream *server,
                                        GPtrArray            *frames,
                                        FlowTestEnd           end)
{
  Script *script = g_new0 (Script, 1);

  script->frames = g_ptr_array_ref (frames);
  script->end = end;
  g_queue_push_tail (&server->scripts, script);
  server->n_scripts++;
}

gboolean
flow_test_upstox_stream_scripts_done (FlowTestUpstoxStream *server)
{
  return server->n_scripts_done == server->n_scripts;
}

guint
flow_test_upstox_stream_get_n_authorizations (FlowTestUpstoxStream *server)
{
  return server->n_authorizations;
}

guint
flow_test_upstox_stream_get_n_handshakes (FlowTestUpstoxStream *server)
{
  return server->n_handshakes;
}

guint
flow_test_upstox_stream_get_n_reused_codes (FlowTestUpstoxStream *server)
{
  return server->n_reused_codes;
}

guint
flow_test_upstox_stream_get_n_downloads (FlowTestUpstoxStream *server)
{
  return server->n_downloads;
}

guint
flow_test_upstox_stream_get_n_open (FlowTestUpstoxStream *server)
{
  return server->conns->len;
}

GPtrArray *
flow_test_upstox_stream_get_subscriptions (FlowTestUpstoxStream *server)
{
  return server->subscriptions;
}

GPtrArray *
flow_test_upstox_stream_get_problems (FlowTestUpstoxStream *server)
{
  return server->problems;
}

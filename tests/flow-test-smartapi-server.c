/* flow-test-smartapi-server.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "flow-test-smartapi-server.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "flow-ist.h"
#include "flow-machine-address.h"
#include "flow-totp.h"

/* Written out, not taken from the client's header: the test says what the wire must carry. */
#define EXPECTED_USER_AGENT "OrderFlow/" PACKAGE_VERSION

/* ------------------------------------------------------------------------------------------
 * Packets
 */

static void
put_i64 (guint8 *at,
         gint64  value)
{
  guint64 le = GUINT64_TO_LE ((guint64) value);

  memcpy (at, &le, 8);
}

static void
put_i16 (guint8 *at,
         gint16  value)
{
  guint16 le = GUINT16_TO_LE ((guint16) value);

  memcpy (at, &le, 2);
}

static void
put_double (guint8 *at,
            double  value)
{
  guint64 bits;

  memcpy (&bits, &value, 8);
  bits = GUINT64_TO_LE (bits);
  memcpy (at, &bits, 8);
}

static void
put_level (guint8                  *at,
           gint16                   flag,
           const FlowSmartapiLevel *level)
{
  put_i16 (at, flag);
  put_i64 (at + 2, level->quantity);
  put_i64 (at + 10, level->price);
  put_i16 (at + 18, (gint16) level->orders);
}

GBytes *
flow_test_smartapi_encode (const FlowSmartapiPacket *p)
{
  gsize length = flow_smartapi_packet_length (p->mode);
  guint8 *data = g_malloc0 (length);

  g_assert_cmpuint (length, >, 0);
  data[0] = (guint8) p->mode;
  data[1] = p->exchange_type;
  g_assert_cmpuint (strlen (p->token), <, 25);
  memcpy (data + 2, p->token, strlen (p->token));
  put_i64 (data + 27, p->sequence);
  put_i64 (data + 35, p->exchange_ts_ms);
  put_i64 (data + 43, p->ltp);
  if (p->mode >= FLOW_SMARTAPI_MODE_QUOTE)
    {
      put_i64 (data + 51, p->ltq);
      put_i64 (data + 59, p->average_price);
      put_i64 (data + 67, p->volume);
      put_double (data + 75, p->total_buy_qty);
      put_double (data + 83, p->total_sell_qty);
      put_i64 (data + 91, p->open);
      put_i64 (data + 99, p->high);
      put_i64 (data + 107, p->low);
      put_i64 (data + 115, p->close);
    }
  if (p->mode == FLOW_SMARTAPI_MODE_SNAP_QUOTE)
    {
      put_i64 (data + 123, p->last_trade_s);
      put_i64 (data + 131, p->oi);
      put_double (data + 139, 1234.5678);   /* OI change %: "garbage" per the docs */
      for (guint i = 0; i < 5; i++)
        {
          put_level (data + 147 + 20 * i, 1, &p->buy[i]);
          put_level (data + 247 + 20 * i, 0, &p->sell[i]);
        }
      put_i64 (data + 347, p->upper_circuit);
      put_i64 (data + 355, p->lower_circuit);
      put_i64 (data + 363, p->high_52_week);
      put_i64 (data + 371, p->low_52_week);
    }
  return g_bytes_new_take (data, length);
}

void
flow_test_smartapi_snap_quote (FlowSmartapiPacket *p,
                               gint64              ts_ms,
                               gint64              ltp,
                               gint64              volume,
                               gint64              bid,
                               gint64              ask)
{
  memset (p, 0, sizeof *p);
  p->mode = FLOW_SMARTAPI_MODE_SNAP_QUOTE;
  p->exchange_type = FLOW_SMARTAPI_EXCHANGE_NSE_FO;
  strcpy (p->token, FLOW_TEST_FUTURE_TOKEN);
  p->sequence = ts_ms / 10;
  p->exchange_ts_ms = ts_ms;
  p->ltp = ltp;
  p->ltq = 75;
  p->average_price = ltp - 100;
  p->volume = volume;
  p->total_buy_qty = 150000.0;
  p->total_sell_qty = 165000.0;
  p->open = 2440000;
  p->high = 2460000;
  p->low = 2430000;
  p->close = 2435000;
  p->last_trade_s = ts_ms / 1000;
  p->oi = 12345600;
  if (bid > 0)
    p->buy[0] = (FlowSmartapiLevel) { 150, bid, 3 };
  if (ask > 0)
    p->sell[0] = (FlowSmartapiLevel) { 225, ask, 4 };
  for (guint i = 1; i < 5; i++)
    {
      if (bid > 0)
        p->buy[i] = (FlowSmartapiLevel) { 75 * (i + 1), bid - 5 * i, (gint) i };
      if (ask > 0)
        p->sell[i] = (FlowSmartapiLevel) { 75 * (i + 1), ask + 5 * i, (gint) i };
    }
  p->upper_circuit = 2680000;
  p->lower_circuit = 2190000;
  p->high_52_week = 2700000;
  p->low_52_week = 2100000;
}

/* ------------------------------------------------------------------------------------------
 * Scrip master
 */

static char *
expiry_text (gint64   day_start_ms,
             gboolean mixed_case)
{
  static const char * const months[] = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc ((day_start_ms + FLOW_IST_OFFSET_MS) /
                                                             1000);
  char month[4];

  memcpy (month, months[g_date_time_get_month (date) - 1], 4);
  if (mixed_case)
    {
      month[1] = g_ascii_tolower (month[1]);
      month[2] = g_ascii_tolower (month[2]);
    }
  return g_strdup_printf ("%02d%s%04d", g_date_time_get_day_of_month (date), month,
                          g_date_time_get_year (date));
}

static void
add_row (GString    *out,
         const char *token,
         const char *symbol,
         const char *name,
         const char *expiry,
         const char *strike,
         const char *lotsize,
         const char *type,
         const char *segment,
         const char *tick)
{
  g_string_append_printf (out, "%s{\"token\":\"%s\",\"symbol\":\"%s\",\"name\":\"%s\","
                          "\"expiry\":\"%s\",\"strike\":\"%s\",\"lotsize\":\"%s\","
                          "\"instrumenttype\":\"%s\",\"exch_seg\":\"%s\",\"tick_size\":\"%s\"}",
                          out->len > 1 ? ",\n" : "", token, symbol, name, expiry, strike,
                          lotsize, type, segment, tick);
}

char *
flow_test_smartapi_scrip_master (gint64 now_ms)
{
  gint64 today = flow_ist_day_start_ms (now_ms);
  g_autofree char *yesterday = expiry_text (today - FLOW_DAY_MS, FALSE);
  g_autofree char *today_text = expiry_text (today, FALSE);
  g_autofree char *tomorrow = expiry_text (today + FLOW_DAY_MS, FALSE);
  g_autofree char *near = expiry_text (today + 3 * FLOW_DAY_MS, TRUE);
  g_autofree char *later = expiry_text (today + 35 * FLOW_DAY_MS, FALSE);
  GString *out = g_string_new ("[");

  add_row (out, "3045", "SBIN-EQ", "SBIN", "", "-1.000000", "1", "", "NSE", "5.000000");
  add_row (out, "99926000", "Nifty 50", "NIFTY", "", "0.000000", "1", "AMXIDX", "NSE",
           "0.000000");
  add_row (out, "35000", "NIFTYOLDFUT", "NIFTY", yesterday, "-1.000000", "65", "FUTIDX", "NFO",
           "5.000000");
  add_row (out, "36000", "NIFTYLATERFUT", "NIFTY", later, "-1.000000", "65", "FUTIDX", "NFO",
           "10.000000");
  add_row (out, FLOW_TEST_BANKNIFTY_TOKEN, "BANKNIFTYFUT", "BANKNIFTY", tomorrow, "-1.000000", "30", "FUTIDX",
           "NFO", "5.000000");
  add_row (out, "47000", "NIFTYNXT50FUT", "NIFTYNXT50", tomorrow, "-1.000000", "25", "FUTIDX",
           "NFO", "5.000000");
  add_row (out, "45829", "NIFTYOPT23000CE", "NIFTY", today_text, "2300000.000000", "65",
           "OPTIDX", "NFO", "5.000000");
  add_row (out, "48000", "NIFTYBFOFUT", "NIFTY", tomorrow, "-1.000000", "65", "FUTIDX", "BFO",
           "5.000000");
  add_row (out, FLOW_TEST_FUTURE_TOKEN, FLOW_TEST_FUTURE_SYMBOL, "NIFTY", near, "-1.000000",
           "65", "FUTIDX", "NFO", "5.000000");
  add_row (out, "2885", "RELIANCE-EQ", "RELIANCE", "", "-1.000000", "1", "", "NSE", "5.000000");
  g_string_append (out, "]\n");
  return g_string_free (out, FALSE);
}

char *
flow_test_smartapi_expiry_day_scrip_master (gint64 now_ms)
{
  gint64 today = flow_ist_day_start_ms (now_ms);
  g_autofree char *today_text = expiry_text (today, FALSE);
  g_autofree char *next = expiry_text (today + 28 * FLOW_DAY_MS, FALSE);
  g_autofree char *far = expiry_text (today + 63 * FLOW_DAY_MS, FALSE);
  GString *out = g_string_new ("[");

  add_row (out, "99926000", "Nifty 50", "NIFTY", "", "0.000000", "1", "AMXIDX", "NSE",
           "0.000000");
  add_row (out, "37000", "NIFTYFARFUT", "NIFTY", far, "-1.000000", "65", "FUTIDX", "NFO",
           "10.000000");
  add_row (out, FLOW_TEST_FUTURE_TOKEN, FLOW_TEST_FUTURE_SYMBOL, "NIFTY", today_text,
           "-1.000000", "65", "FUTIDX", "NFO", "5.000000");
  add_row (out, FLOW_TEST_NEXT_TOKEN, FLOW_TEST_NEXT_SYMBOL, "NIFTY", next, "-1.000000", "65",
           "FUTIDX", "NFO", "10.000000");
  g_string_append (out, "]\n");
  return g_string_free (out, FALSE);
}

char *
flow_test_smartapi_option_scrip_master (gint64 now_ms)
{
  gint64 today = flow_ist_day_start_ms (now_ms);
  g_autofree char *near = expiry_text (today + 3 * FLOW_DAY_MS, TRUE);
  g_autofree char *later = expiry_text (today + 10 * FLOW_DAY_MS, FALSE);
  g_autofree char *old = expiry_text (today - FLOW_DAY_MS, FALSE);
  GString *out = g_string_new ("[");

  add_row (out, "99926000", "Nifty 50", "NIFTY", "", "0.000000", "1", "AMXIDX", "NSE",
           "0.000000");
  add_row (out, FLOW_TEST_FUTURE_TOKEN, FLOW_TEST_FUTURE_SYMBOL, "NIFTY", near, "-1.000000",
           "65", "FUTIDX", "NFO", "5.000000");
  for (guint i = 0; i < FLOW_TEST_N_OPTION_STRIKES; i++)
    {
      gint64 strike = FLOW_TEST_FIRST_STRIKE + 50 * (gint64) i;
      g_autofree char *paise = g_strdup_printf ("%" G_GINT64_FORMAT "00.000000", strike);
      g_autofree char *ce = g_strdup_printf ("%u", FLOW_TEST_OPTION_TOKEN_BASE + 2 * i);
      g_autofree char *pe = g_strdup_printf ("%u", FLOW_TEST_OPTION_TOKEN_BASE + 2 * i + 1);
      g_autofree char *ce_symbol = g_strdup_printf ("NIFTYNEAR%" G_GINT64_FORMAT "CE", strike);
      g_autofree char *pe_symbol = g_strdup_printf ("NIFTYNEAR%" G_GINT64_FORMAT "PE", strike);

      add_row (out, ce, ce_symbol, "NIFTY", near, paise, "65", "OPTIDX", "NFO", "5.000000");
      add_row (out, pe, pe_symbol, "NIFTY", near, paise, "65", "OPTIDX", "NFO", "5.000000");
    }
  /* Decoys: a later and an expired expiry, another underlying, a prefix of the name. */
  add_row (out, "70001", "NIFTYLATER24900CE", "NIFTY", later, "2490000.000000", "65", "OPTIDX",
           "NFO", "5.000000");
  add_row (out, "70002", "NIFTYOLD24900CE", "NIFTY", old, "2490000.000000", "65", "OPTIDX",
           "NFO", "5.000000");
  add_row (out, "70003", "BANKNIFTYNEAR52000CE", "BANKNIFTY", near, "5200000.000000", "30",
           "OPTIDX", "NFO", "5.000000");
  add_row (out, "70004", "NIFTYNXT5070000CE", "NIFTYNXT50", near, "7000000.000000", "25",
           "OPTIDX", "NFO", "5.000000");
  g_string_append (out, "]\n");
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------------------------
 * Server
 */

typedef struct
{
  GPtrArray   *frames;
  FlowTestEnd    end;
  FlowTestAfter  after;
} Script;

typedef struct
{
  FlowTestSmartapi        *server;
  SoupWebsocketConnection *connection;
  Script                  *script;    /* NULL: stay open */
  guint                    next;
  guint                    timer_id;
  gboolean                 silent;
} Conn;

struct _FlowTestSmartapi
{
  SoupServer *soup;
  char       *api_url;
  char       *scrip_master;
  GPtrArray  *problems;
  GQueue      scripts;
  GPtrArray  *subscriptions;  /* the token of each subscription, in order */
  GList      *conns;

  guint       login_fail_status;
  char       *login_fail_type;
  char       *login_fail_body;
  guint       refuse_status;
  char       *refuse_type;
  char       *refuse_body;
  guint       refresh_fail_status;
  char       *refresh_fail_type;
  char       *refresh_fail_body;
  guint       scrip_fail_status;
  char       *scrip_fail_type;
  char       *scrip_fail_body;
  guint       rest_delay_ms;
  char       *api_key;
  char       *pin;
  char       *public_ip;        /* the X-ClientPublicIP expected; NULL: the machine's own */
  GHashTable *last_headers;     /* of the last REST request: lower-case name → value */

  guint       token_serial;
  char       *jwt;
  char       *refresh;
  char       *feed;
  gboolean    jwt_valid;
  gboolean    refresh_valid;

  guint       n_logins;
  guint       n_refreshes;
  guint       n_handshakes;
  guint       n_downloads;
  guint       n_open;
  guint       max_open;
  guint       n_pings;
  guint       n_scripts_added;
  guint       n_scripts_done;
  GArray     *handshake_times;  /* gint64, monotonic µs */
  GArray     *drop_times;

  /* The option market (flow_test_smartapi_set_option_market) */
  gboolean    options;
  gint64      spot;             /* paise */
  GHashTable *oi;               /* token → gint64 * OI; unset: the default */
  GHashTable *option_subscribed;/* token → TRUE, on the live connection */
  GPtrArray  *option_subscriptions; /* each token subscribed, in order */
  GArray     *oi_data_times;    /* gint64 monotonic µs of each getOIData */
  GQueue     *history_answers;  /* HistoryAnswer: scripted getCandleData / getOIData replies */
  GPtrArray  *history_bodies;   /* char *: the body of every historical request, in order */
  guint       market_id;
};

static void
problem (FlowTestSmartapi *server,
         const char       *format,
         ...) G_GNUC_PRINTF (2, 3);

static void
problem (FlowTestSmartapi *server,
         const char       *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (server->problems, g_strdup_vprintf (format, args));
  va_end (args);
}

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *content_type,
       const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            const char        *body)
{
  reply (msg, status, "application/json", body);
}

static void
check_header (FlowTestSmartapi   *server,
              SoupMessageHeaders *headers,
              const char         *path,
              const char         *name,
              const char         *expected)
{
  const char *value = soup_message_headers_get_one (headers, name);

  if (value == NULL || *value == '\0')
    problem (server, "%s: no %s header", path, name);
  else if (expected != NULL && strcmp (value, expected) != 0)
    problem (server, "%s: %s is “%s”, not “%s”", path, name, value, expected);
}

/* No SDK sends 127.0.0.1 or ::1 for the public address, and the gateway would not take it. */
static void
check_public_ip_not_loopback (FlowTestSmartapi   *server,
                              SoupMessageHeaders *headers,
                              const char         *path)
{
  const char *value = soup_message_headers_get_one (headers, "X-ClientPublicIP");
  g_autoptr(GInetAddress) address = value != NULL ? g_inet_address_new_from_string (value) : NULL;

  if (value != NULL && (address == NULL || g_inet_address_get_is_loopback (address)))
    problem (server, "%s: X-ClientPublicIP is “%s”", path, value);
}

/* The machine's identity as flow-machine-address.h finds it (its unit test checks the finding
 * itself): what smartapi-javascript's lookup sends. */
static void
check_rest_headers (FlowTestSmartapi  *server,
                    SoupServerMessage *msg,
                    const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(FlowMachineAddress) address = flow_machine_address_lookup ();
  const char *public_ip = server->public_ip != NULL ? server->public_ip
                          : !address->loopback ? address->ip : NULL;
  SoupMessageHeadersIter iter;
  const char *name, *value;

  if (strcmp (soup_server_message_get_method (msg), "POST") == 0 &&
      g_strcmp0 (content_type, "application/json") != 0)
    problem (server, "%s: Content-Type is “%s”", path, content_type);
  check_header (server, headers, path, "Accept", "application/json");
  check_header (server, headers, path, "X-UserType", "USER");
  check_header (server, headers, path, "X-SourceID", "WEB");
  check_header (server, headers, path, "X-ClientLocalIP", address->ip);
  check_header (server, headers, path, "X-MACAddress", address->mac);
  if (public_ip != NULL)
    check_header (server, headers, path, "X-ClientPublicIP", public_ip);
  else if (soup_message_headers_get_one (headers, "X-ClientPublicIP") != NULL)
    problem (server, "%s: X-ClientPublicIP “%s” sent with no address to send", path,
             soup_message_headers_get_one (headers, "X-ClientPublicIP"));
  check_public_ip_not_loopback (server, headers, path);
  check_header (server, headers, path, "X-PrivateKey", server->api_key);
  check_header (server, headers, path, "User-Agent", EXPECTED_USER_AGENT);

  g_hash_table_remove_all (server->last_headers);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_hash_table_replace (server->last_headers, g_ascii_strdown (name, -1), g_strdup (value));
}

static JsonObject *
request_object (SoupServerMessage *msg,
                JsonParser        *parser)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  if (body->length == 0 || !json_parser_load_from_data (parser, body->data, body->length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return NULL;
  return json_node_get_object (json_parser_get_root (parser));
}

static void
issue_tokens (FlowTestSmartapi  *server,
              SoupServerMessage *msg,
              gboolean           bearer_prefix)
{
  g_autofree char *body = NULL;

  server->token_serial++;
  g_free (server->jwt);
  g_free (server->refresh);
  g_free (server->feed);
  server->jwt = g_strdup_printf ("eyJ.jwt-%u", server->token_serial);
  server->refresh = g_strdup_printf ("refresh-%u", server->token_serial);
  server->feed = g_strdup_printf ("feed-%u", server->token_serial);
  server->jwt_valid = server->refresh_valid = TRUE;
  /* generateTokens may hand the JWT back with "Bearer " (smartapi.md §1.2). */
  body = g_strdup_printf ("{\"status\":true,\"message\":\"SUCCESS\",\"errorcode\":\"\","
                          "\"data\":{\"jwtToken\":\"%s%s\",\"refreshToken\":\"%s\","
                          "\"feedToken\":\"%s\"}}", bearer_prefix ? "Bearer " : "",
                          server->jwt, server->refresh, server->feed);
  reply_json (msg, SOUP_STATUS_OK, body);
}

static gboolean
totp_matches (const char *code)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  /* The code may have been made in the step before this one. */
  for (gint64 t = now; t >= now - FLOW_TOTP_STEP_SECONDS; t -= FLOW_TOTP_STEP_SECONDS)
    {
      g_autofree char *expected = flow_totp_generate (FLOW_TEST_TOTP_SECRET, t, 6, NULL);

      if (g_strcmp0 (code, expected) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
handle_login (FlowTestSmartapi  *server,
              SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body = request_object (msg, parser);

  server->n_logins++;
  if (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                    "Authorization") != NULL)
    problem (server, "login: sent an Authorization header");
  if (server->login_fail_status != 0)
    {
      reply (msg, server->login_fail_status, server->login_fail_type, server->login_fail_body);
      server->login_fail_status = 0;
      return;
    }
  if (body == NULL)
    {
      problem (server, "login: the body is not a JSON object");
      reply_json (msg, SOUP_STATUS_OK, "{\"status\":false,\"message\":\"Invalid Request\","
                                       "\"errorcode\":\"AB1004\",\"data\":null}");
      return;
    }
  if (g_strcmp0 (json_object_get_string_member_with_default (body, "clientcode", ""),
                 FLOW_TEST_CLIENT_CODE) != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (body, "password", ""),
                 server->pin) != 0)
    {
      reply_json (msg, SOUP_STATUS_OK, "{\"status\":\"false\",\"message\":\"Login Id or "
                                       "password is invalid\",\"errorcode\":\"AB1007\","
                                       "\"data\":\"null\"}");
      return;
    }
  if (!totp_matches (json_object_get_string_member_with_default (body, "totp", "")))
    {
      reply_json (msg, SOUP_STATUS_OK, "{\"status\":false,\"message\":\"Invalid totp\","
                                       "\"errorcode\":\"AB1050\",\"data\":null}");
      return;
    }
  issue_tokens (server, msg, FALSE);
}

static gboolean
bearer_is_valid (FlowTestSmartapi  *server,
                 SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");

  return server->jwt_valid && value != NULL && g_str_has_prefix (value, "Bearer ") &&
         g_strcmp0 (value + 7, server->jwt) == 0;
}

static void
handle_refresh (FlowTestSmartapi  *server,
                SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body = request_object (msg, parser);
  const char *refresh = body != NULL ? json_object_get_string_member_with_default (body,
                                         "refreshToken", "") : "";

  server->n_refreshes++;
  if (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                    "Authorization") == NULL)
    problem (server, "generateTokens: no Authorization header");
  if (server->refresh_fail_status != 0)
    {
      reply (msg, server->refresh_fail_status, server->refresh_fail_type,
             server->refresh_fail_body);
      server->refresh_fail_status = 0;
      return;
    }
  if (!server->refresh_valid || g_strcmp0 (refresh, server->refresh) != 0)
    {
      reply_json (msg, SOUP_STATUS_OK, "{\"status\":false,\"message\":\"Invalid Refresh Token\","
                                       "\"errorcode\":\"AB8050\",\"data\":null}");
      return;
    }
  issue_tokens (server, msg, TRUE);
}

static void
handle_profile (FlowTestSmartapi  *server,
                SoupServerMessage *msg)
{
  if (!bearer_is_valid (server, msg))
    {
      reply_json (msg, SOUP_STATUS_UNAUTHORIZED, "{\"success\":false,\"message\":\"Invalid "
                                                 "Token\",\"errorCode\":\"AG8001\",\"data\":\"\"}");
      return;
    }
  reply_json (msg, SOUP_STATUS_OK, "{\"status\":true,\"message\":\"SUCCESS\",\"errorcode\":\"\","
                                   "\"data\":{\"clientcode\":\"" FLOW_TEST_CLIENT_CODE "\","
                                   "\"name\":\"TEST USER\",\"exchanges\":[\"NSE\",\"NFO\"]}}");
}

static gboolean
on_delay_over (gpointer data)
{
  soup_server_message_unpause (data);
  return G_SOURCE_REMOVE;
}

/* The answer is ready; it leaves after the configured delay. */
static void
maybe_delay (FlowTestSmartapi  *server,
             SoupServerMessage *msg)
{
  if (server->rest_delay_ms == 0)
    return;
  soup_server_message_pause (msg);
  g_timeout_add_full (G_PRIORITY_DEFAULT, server->rest_delay_ms, on_delay_over,
                      g_object_ref (msg), g_object_unref);
}

static gint64
option_oi (FlowTestSmartapi *server,
           const char       *token)
{
  gint64 *oi = g_hash_table_lookup (server->oi, token);

  return oi != NULL ? *oi : FLOW_TEST_OPTION_OI;
}

typedef struct
{
  char  *path;
  guint  status;
  char  *content_type;
  char  *body;
} HistoryAnswer;

static void
history_answer_free (HistoryAnswer *answer)
{
  g_free (answer->path);
  g_free (answer->content_type);
  g_free (answer->body);
  g_free (answer);
}

/* The next scripted answer for @path, taken off the queue; FALSE when none is queued. */
static gboolean
reply_scripted_history (FlowTestSmartapi  *server,
                        SoupServerMessage *msg,
                        const char        *path)
{
  SoupMessageBody *request = soup_server_message_get_request_body (msg);

  g_ptr_array_add (server->history_bodies, g_strndup (request->data, request->length));
  for (GList *l = server->history_answers->head; l != NULL; l = l->next)
    {
      HistoryAnswer *answer = l->data;

      if (strcmp (answer->path, path) != 0)
        continue;
      reply (msg, answer->status, answer->content_type, answer->body);
      g_queue_delete_link (server->history_answers, l);
      history_answer_free (answer);
      return TRUE;
    }
  return FALSE;
}

/* smartapi.md §5: candles of the future's token; none scripted is a day without candles. */
static void
handle_candle_data (FlowTestSmartapi  *server,
                    SoupServerMessage *msg,
                    const char        *path)
{
  if (!bearer_is_valid (server, msg))
    {
      reply_json (msg, SOUP_STATUS_OK, "{\"status\":false,\"message\":\"Invalid Token\","
                  "\"errorcode\":\"AG8001\",\"data\":null}");
      return;
    }
  if (!reply_scripted_history (server, msg, path))
    reply_json (msg, SOUP_STATUS_OK, "{\"status\":true,\"message\":\"SUCCESS\",\"errorcode\":\"\","
                "\"data\":[]}");
}

/* smartapi.md §5 and §7: the body's fields, and no more than 3 requests in any second (the
 * limiter answers the plain-text 403 then, and the client has broken the rule). */
static void
handle_oi_data (FlowTestSmartapi  *server,
                SoupServerMessage *msg)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body = request_object (msg, parser);
  gint64 now = g_get_monotonic_time ();
  guint n = server->oi_data_times->len;
  const char *token;
  GString *reply_text;

  g_array_append_val (server->oi_data_times, now);
  if (reply_scripted_history (server, msg, "/rest/secure/angelbroking/historical/v1/getOIData"))
    return;
  if (!bearer_is_valid (server, msg))
    {
      reply_json (msg, SOUP_STATUS_OK, "{\"status\":false,\"message\":\"Invalid Token\","
                  "\"errorcode\":\"AG8001\",\"data\":null}");
      return;
    }
  if (n >= 3 && now - g_array_index (server->oi_data_times, gint64, n - 3) < G_USEC_PER_SEC)
    {
      problem (server, "getOIData: more than 3 requests within a second");
      reply (msg, SOUP_STATUS_FORBIDDEN, "text/plain",
             "Access denied because of exceeding access rate");
      return;
    }
  token = body != NULL ? json_object_get_string_member_with_default (body, "symboltoken", NULL)
                       : NULL;
  if (body == NULL || token == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (body, "exchange", ""), "NFO") != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (body, "interval", ""),
                 "ONE_MINUTE") != 0 ||
      strlen (json_object_get_string_member_with_default (body, "fromdate", "")) != 16 ||
      strlen (json_object_get_string_member_with_default (body, "todate", "")) != 16)
    {
      problem (server, "getOIData: a malformed body");
      reply_json (msg, SOUP_STATUS_OK, "{\"status\":false,\"message\":\"Something Went "
                  "Wrong\",\"errorcode\":\"AB1004\",\"data\":null}");
      return;
    }
  /* Ten minutes of history, the OI 10 % below the live one ten minutes ago. */
  reply_text = g_string_new ("{\"status\":true,\"message\":\"SUCCESS\",\"errorcode\":\"\","
                             "\"data\":[");
  for (int m = 10; m >= 1; m--)
    {
      gint64 start_ms = (g_get_real_time () / 1000 / 60000 - m) * 60000;
      g_autofree char *time = flow_ist_format_iso (start_ms);

      g_string_append_printf (reply_text, "%s{\"time\":\"%s\",\"oi\":%" G_GINT64_FORMAT "}",
                              m == 10 ? "" : ",", time, option_oi (server, token) * 9 / 10);
    }
  g_string_append (reply_text, "]}");
  reply_json (msg, SOUP_STATUS_OK, reply_text->str);
  g_string_free (reply_text, TRUE);
}

static void
on_rest (SoupServer        *soup,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  FlowTestSmartapi *server = user_data;

  check_rest_headers (server, msg, path);
  if (strcmp (path, "/rest/auth/angelbroking/user/v1/loginByPassword") == 0)
    handle_login (server, msg);
  else if (strcmp (path, "/rest/auth/angelbroking/jwt/v1/generateTokens") == 0)
    handle_refresh (server, msg);
  else if (strcmp (path, "/rest/secure/angelbroking/user/v1/getProfile") == 0)
    handle_profile (server, msg);
  else if (strcmp (path, "/rest/secure/angelbroking/historical/v1/getOIData") == 0)
    handle_oi_data (server, msg);
  else if (strcmp (path, "/rest/secure/angelbroking/historical/v1/getCandleData") == 0)
    handle_candle_data (server, msg, path);
  else
    {
      problem (server, "unexpected path %s", path);
      reply (msg, SOUP_STATUS_NOT_FOUND, "text/plain", "Not Found");
    }
  maybe_delay (server, msg);
}

static void
on_scrip_master (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  FlowTestSmartapi *server = user_data;

  server->n_downloads++;
  check_header (server, soup_server_message_get_request_headers (msg), path, "User-Agent",
                EXPECTED_USER_AGENT);
  if (server->scrip_fail_status != 0)
    {
      reply (msg, server->scrip_fail_status, server->scrip_fail_type, server->scrip_fail_body);
      server->scrip_fail_status = 0;
    }
  else
    reply (msg, SOUP_STATUS_OK, "application/json", server->scrip_master);
  maybe_delay (server, msg);
}

/* Before the upgrade: refusals, and the four auth headers of §4.1. */
static void
on_stream_early (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  FlowTestSmartapi *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *why = NULL;

  server->n_handshakes++;
  g_array_append_vals (server->handshake_times, &(gint64) { g_get_monotonic_time () }, 1);
  check_header (server, headers, path, "Authorization", NULL);
  check_header (server, headers, path, "x-api-key", server->api_key);
  check_header (server, headers, path, "x-client-code", FLOW_TEST_CLIENT_CODE);
  check_header (server, headers, path, "x-feed-token", NULL);
  check_header (server, headers, path, "User-Agent", EXPECTED_USER_AGENT);
  if (server->refuse_status != 0)
    {
      soup_server_message_set_status (msg, server->refuse_status, NULL);
      if (server->refuse_status == SOUP_STATUS_UNAUTHORIZED)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "x-error-message", "Invalid Header - Invalid Auth token");
      if (server->refuse_body != NULL)
        reply (msg, server->refuse_status, server->refuse_type, server->refuse_body);
      g_clear_pointer (&server->refuse_type, g_free);
      g_clear_pointer (&server->refuse_body, g_free);
      server->refuse_status = 0;
      return;
    }
  if (!bearer_is_valid (server, msg))
    why = "Invalid Header - Invalid Auth token";
  else if (g_strcmp0 (soup_message_headers_get_one (headers, "x-feed-token"), server->feed) != 0)
    why = "Invalid Header - Invalid Feed Token";
  if (why != NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "x-error-message", why);
    }
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
is_text_frame (GBytes *frame)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (frame, &length);

  return length > 0 && (data[0] == '{' || g_ascii_isalpha (data[0]));
}

static gboolean
on_play (gpointer user_data)
{
  Conn *conn = user_data;
  FlowTestSmartapi *server = conn->server;
  GBytes *frame;

  if (conn->next < conn->script->frames->len)
    {
      frame = g_ptr_array_index (conn->script->frames, conn->next++);
      if (is_text_frame (frame))
        {
          g_autofree char *text = g_strndup (g_bytes_get_data (frame, NULL),
                                             g_bytes_get_size (frame));

          soup_websocket_connection_send_text (conn->connection, text);
        }
      else
        soup_websocket_connection_send_binary (conn->connection, g_bytes_get_data (frame, NULL),
                                               g_bytes_get_size (frame));
      return G_SOURCE_CONTINUE;
    }

  conn->timer_id = 0;
  server->n_scripts_done++;
  if (conn->script->after & FLOW_TEST_AFTER_EXPIRE_TOKENS)
    flow_test_smartapi_expire_tokens (server, TRUE);
  if (conn->script->after & FLOW_TEST_AFTER_REFUSE_429)
    flow_test_smartapi_refuse_next_handshake (server, 429);
  switch (conn->script->end)
    {
    case FLOW_TEST_END_DROP:
      g_array_append_vals (server->drop_times, &(gint64) { g_get_monotonic_time () }, 1);
      g_io_stream_close (soup_websocket_connection_get_io_stream (conn->connection), NULL, NULL);
      break;
    case FLOW_TEST_END_SILENCE:
      conn->silent = TRUE;
      break;
    case FLOW_TEST_END_KEEP:
    default:
      break;
    }
  return G_SOURCE_REMOVE;
}

/* The option market's stream: the index in LTP mode on exchangeType 1, option tokens of the
 * scrip master in SnapQuote mode on 2, subscribed and unsubscribed as the band moves. */
static void
check_option_subscription (FlowTestSmartapi *server,
                           JsonObject       *request,
                           const char       *text)
{
  JsonObject *params = json_object_get_object_member (request, "params");
  gint64 action = json_object_get_int_member_with_default (request, "action", -1);
  JsonArray *list = params != NULL ? json_object_get_array_member (params, "tokenList") : NULL;
  gint64 mode = params != NULL ? json_object_get_int_member_with_default (params, "mode", -1) : -1;

  if (list == NULL || json_array_get_length (list) != 1 || (action != 0 && action != 1))
    {
      problem (server, "stream: not a subscription: %s", text);
      return;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);
      JsonArray *tokens = json_object_get_array_member (entry, "tokens");
      gint64 exchange = json_object_get_int_member_with_default (entry, "exchangeType", -1);

      for (guint t = 0; tokens != NULL && t < json_array_get_length (tokens); t++)
        {
          const char *token = json_array_get_string_element (tokens, t);
          guint64 number = g_ascii_strtoull (token, NULL, 10);

          if (mode == 1 && exchange == 1 && g_str_equal (token, FLOW_TEST_INDEX_TOKEN))
            continue;
          if (mode != 3 || exchange != 2 || number < FLOW_TEST_OPTION_TOKEN_BASE ||
              number >= FLOW_TEST_OPTION_TOKEN_BASE + 2 * FLOW_TEST_N_OPTION_STRIKES)
            {
              problem (server, "stream: subscribed to the wrong token %s: %s", token, text);
              continue;
            }
          if (action == 1)
            {
              g_hash_table_add (server->option_subscribed, g_strdup (token));
              g_ptr_array_add (server->option_subscriptions, g_strdup (token));
            }
          else
            g_hash_table_remove (server->option_subscribed, token);
        }
    }
  if (g_hash_table_size (server->option_subscribed) > 1000)
    problem (server, "stream: over 1000 tokens");
}

/* Every 50 ms, on every open connection: the index, then each subscribed option. */
static gboolean
on_market (gpointer user_data)
{
  FlowTestSmartapi *server = user_data;
  gint64 now = g_get_real_time () / 1000;

  for (GList *l = server->conns; l != NULL; l = l->next)
    {
      Conn *conn = l->data;
      FlowSmartapiPacket packet = { 0 };
      g_autoptr(GBytes) index = NULL;
      GHashTableIter iter;
      gpointer token;

      if (conn->silent ||
          soup_websocket_connection_get_state (conn->connection) != SOUP_WEBSOCKET_STATE_OPEN)
        continue;
      packet.mode = FLOW_SMARTAPI_MODE_LTP;
      packet.exchange_type = 1;
      strcpy (packet.token, FLOW_TEST_INDEX_TOKEN);
      packet.exchange_ts_ms = now;
      packet.ltp = server->spot;
      index = flow_test_smartapi_encode (&packet);
      soup_websocket_connection_send_binary (conn->connection, g_bytes_get_data (index, NULL),
                                             g_bytes_get_size (index));
      g_hash_table_iter_init (&iter, server->option_subscribed);
      while (g_hash_table_iter_next (&iter, &token, NULL))
        {
          g_autoptr(GBytes) frame = NULL;

          /* A send can find the peer gone: libsoup then closes the connection at once, and
           * sending on it again is a programming error. */
          if (soup_websocket_connection_get_state (conn->connection) != SOUP_WEBSOCKET_STATE_OPEN)
            break;
          flow_test_smartapi_snap_quote (&packet, now, 10150, 100000, 10100, 10200);
          packet.exchange_type = FLOW_SMARTAPI_EXCHANGE_NSE_FO;
          g_strlcpy (packet.token, token, sizeof packet.token);
          packet.oi = option_oi (server, token);
          frame = flow_test_smartapi_encode (&packet);
          soup_websocket_connection_send_binary (conn->connection, g_bytes_get_data (frame, NULL),
                                                 g_bytes_get_size (frame));
        }
    }
  return G_SOURCE_CONTINUE;
}

static void
check_subscription (FlowTestSmartapi *server,
                    const char       *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *request, *params, *list;
  JsonArray *tokens;

  if (!json_parser_load_from_data (parser, text, -1, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      problem (server, "stream: unexpected text “%s”", text);
      return;
    }
  request = json_node_get_object (json_parser_get_root (parser));
  if (server->options)
    {
      check_option_subscription (server, request, text);
      return;
    }
  params = json_object_get_object_member (request, "params");
  if (json_object_get_int_member_with_default (request, "action", -1) != 1 || params == NULL ||
      json_object_get_int_member_with_default (params, "mode", -1) != 3 ||
      json_array_get_length (json_object_get_array_member (params, "tokenList")) != 1)
    {
      problem (server, "stream: not a SnapQuote subscription: %s", text);
      return;
    }
  list = json_array_get_object_element (json_object_get_array_member (params, "tokenList"), 0);
  tokens = json_object_get_array_member (list, "tokens");
  /* The nearest future of NIFTY or of BANKNIFTY (the instrument switch), or NIFTY's next one
   * (the expiry-day roll), nothing else. */
  if (json_object_get_int_member_with_default (list, "exchangeType", -1) != 2 ||
      tokens == NULL || json_array_get_length (tokens) != 1 ||
      (g_strcmp0 (json_array_get_string_element (tokens, 0), FLOW_TEST_FUTURE_TOKEN) != 0 &&
       g_strcmp0 (json_array_get_string_element (tokens, 0), FLOW_TEST_NEXT_TOKEN) != 0 &&
       g_strcmp0 (json_array_get_string_element (tokens, 0), FLOW_TEST_BANKNIFTY_TOKEN) != 0))
    problem (server, "stream: subscribed to the wrong instrument: %s", text);
  else
    g_ptr_array_add (server->subscriptions,
                     g_strdup (json_array_get_string_element (tokens, 0)));
}

static void
on_conn_message (SoupWebsocketConnection *connection,
                 gint                     type,
                 GBytes                  *message,
                 gpointer                 user_data)
{
  Conn *conn = user_data;
  g_autofree char *text = g_strndup (g_bytes_get_data (message, NULL), g_bytes_get_size (message));

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    {
      problem (conn->server, "stream: the client sent a binary frame");
      return;
    }
  if (strcmp (text, "ping") == 0)
    {
      conn->server->n_pings++;
      if (!conn->silent)
        soup_websocket_connection_send_text (connection, "pong");
      return;
    }
  check_subscription (conn->server, text);
  if (conn->script != NULL && conn->timer_id == 0 && conn->next == 0)
    conn->timer_id = g_timeout_add (5, on_play, conn);
}

static void
on_conn_closed (SoupWebsocketConnection *connection,
                gpointer                 user_data)
{
  Conn *conn = user_data;
  FlowTestSmartapi *server = conn->server;

  server->n_open--;
  server->conns = g_list_remove (server->conns, conn);
  /* Subscriptions are per connection: a new one starts with none. */
  g_hash_table_remove_all (server->option_subscribed);
  conn_free (conn);
}

static void
on_stream (SoupServer              *soup,
           SoupServerMessage       *msg,
           const char              *path,
           SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  FlowTestSmartapi *server = user_data;
  Conn *conn = g_new0 (Conn, 1);

  conn->server = server;
  conn->connection = g_object_ref (connection);
  conn->script = g_queue_pop_head (&server->scripts);
  server->conns = g_list_prepend (server->conns, conn);
  server->n_open++;
  server->max_open = MAX (server->max_open, server->n_open);
  soup_websocket_connection_set_keepalive_interval (connection, 0);
  g_signal_connect (connection, "message", G_CALLBACK (on_conn_message), conn);
  g_signal_connect (connection, "closed", G_CALLBACK (on_conn_closed), conn);
}

FlowTestSmartapi *
flow_test_smartapi_new (void)
{
  FlowTestSmartapi *server = g_new0 (FlowTestSmartapi, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *ws_url = NULL;
  g_autofree char *scrip_url = NULL;

  server->problems = g_ptr_array_new_with_free_func (g_free);
  server->subscriptions = g_ptr_array_new_with_free_func (g_free);
  server->handshake_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  server->drop_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  server->oi = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  server->option_subscribed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  server->option_subscriptions = g_ptr_array_new_with_free_func (g_free);
  server->oi_data_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  server->history_answers = g_queue_new ();
  server->history_bodies = g_ptr_array_new_with_free_func (g_free);
  server->api_key = g_strdup (FLOW_TEST_API_KEY);
  server->pin = g_strdup (FLOW_TEST_PIN);
  server->last_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  server->scrip_master = flow_test_smartapi_scrip_master (g_get_real_time () / 1000);
  server->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (server->soup, "/rest", on_rest, server, NULL);
  soup_server_add_handler (server->soup, "/scrip-master.json", on_scrip_master, server, NULL);
  soup_server_add_early_handler (server->soup, "/smart-stream", on_stream_early, server, NULL);
  soup_server_add_websocket_handler (server->soup, "/smart-stream", NULL, NULL, on_stream,
                                     server, NULL);
  soup_server_listen_local (server->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (server->soup);
  g_assert_nonnull (uris);
  server->api_url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  ws_url = g_strdup_printf ("ws%s/smart-stream", server->api_url + strlen ("http"));
  scrip_url = g_strdup_printf ("%s/scrip-master.json", server->api_url);
  g_setenv ("ORDERFLOW_ANGEL_API_URL", server->api_url, TRUE);
  g_setenv ("ORDERFLOW_ANGEL_WS_URL", ws_url, TRUE);
  g_setenv ("ORDERFLOW_ANGEL_SCRIP_MASTER_URL", scrip_url, TRUE);
  return server;
}

void
flow_test_smartapi_free (FlowTestSmartapi *server)
{
  g_clear_handle_id (&server->market_id, g_source_remove);
  g_list_free_full (server->conns, (GDestroyNotify) conn_free);
  g_hash_table_unref (server->oi);
  g_hash_table_unref (server->option_subscribed);
  g_ptr_array_unref (server->option_subscriptions);
  g_array_unref (server->oi_data_times);
  g_queue_free_full (server->history_answers, (GDestroyNotify) history_answer_free);
  g_ptr_array_unref (server->history_bodies);
  g_queue_clear_full (&server->scripts, (GDestroyNotify) script_free);
  soup_server_disconnect (server->soup);
  g_object_unref (server->soup);
  g_ptr_array_unref (server->problems);
  g_ptr_array_unref (server->subscriptions);
  g_array_unref (server->handshake_times);
  g_array_unref (server->drop_times);
  g_free (server->api_url);
  g_free (server->scrip_master);
  g_free (server->login_fail_type);
  g_free (server->login_fail_body);
  g_free (server->refuse_type);
  g_free (server->refuse_body);
  g_free (server->api_key);
  g_free (server->pin);
  g_free (server->public_ip);
  g_hash_table_unref (server->last_headers);
  g_free (server->refresh_fail_type);
  g_free (server->refresh_fail_body);
  g_free (server->scrip_fail_type);
  g_free (server->scrip_fail_body);
  g_free (server->jwt);
  g_free (server->refresh);
  g_free (server->feed);
  g_free (server);
}

const char *
flow_test_smartapi_get_api_url (FlowTestSmartapi *server)
{
  return server->api_url;
}

void
flow_test_smartapi_fail_next_login (FlowTestSmartapi *server,
                                    guint             status,
                                    const char       *content_type,
                                    const char       *body)
{
  server->login_fail_status = status;
  g_free (server->login_fail_type);
  g_free (server->login_fail_body);
  server->login_fail_type = g_strdup (content_type);
  server->login_fail_body = g_strdup (body);
}

void
flow_test_smartapi_expire_tokens (FlowTestSmartapi *server,
                                  gboolean          refresh_too)
{
  server->jwt_valid = FALSE;
  if (refresh_too)
    server->refresh_valid = FALSE;
}

void
flow_test_smartapi_refuse_next_handshake (FlowTestSmartapi *server,
                                          guint             status)
{
  server->refuse_status = status;
}

void
flow_test_smartapi_fail_next (FlowTestSmartapi         *server,
                              FlowTestSmartapiEndpoint  endpoint,
                              guint                     status,
                              const char               *content_type,
                              const char               *body)
{
  const char *text = body != NULL ? body : "";
  const char *type = content_type != NULL ? content_type : "text/plain";

  switch (endpoint)
    {
    case FLOW_TEST_SMARTAPI_LOGIN:
      flow_test_smartapi_fail_next_login (server, status, type, text);
      break;
    case FLOW_TEST_SMARTAPI_REFRESH:
      server->refresh_fail_status = status;
      g_free (server->refresh_fail_type);
      g_free (server->refresh_fail_body);
      server->refresh_fail_type = g_strdup (type);
      server->refresh_fail_body = g_strdup (text);
      break;
    case FLOW_TEST_SMARTAPI_SCRIP_MASTER:
      server->scrip_fail_status = status;
      g_free (server->scrip_fail_type);
      g_free (server->scrip_fail_body);
      server->scrip_fail_type = g_strdup (type);
      server->scrip_fail_body = g_strdup (text);
      break;
    case FLOW_TEST_SMARTAPI_HANDSHAKE:
    default:
      server->refuse_status = status;
      g_free (server->refuse_type);
      g_free (server->refuse_body);
      server->refuse_type = g_strdup (type);
      server->refuse_body = g_strdup (text);
      break;
    }
}

void
flow_test_smartapi_set_account (FlowTestSmartapi *server,
                                const char       *api_key,
                                const char       *pin)
{
  g_free (server->api_key);
  g_free (server->pin);
  server->api_key = g_strdup (api_key);
  server->pin = g_strdup (pin);
}

void
flow_test_smartapi_expect_public_ip (FlowTestSmartapi *server,
                                     const char       *public_ip)
{
  g_free (server->public_ip);
  server->public_ip = g_strdup (public_ip);
}

const char *
flow_test_smartapi_get_last_header (FlowTestSmartapi *server,
                                    const char       *name)
{
  g_autofree char *key = g_ascii_strdown (name, -1);

  return g_hash_table_lookup (server->last_headers, key);
}

void
flow_test_smartapi_set_scrip_master (FlowTestSmartapi *server,
                                     const char       *text)
{
  g_free (server->scrip_master);
  server->scrip_master = g_strdup (text);
}

void
flow_test_smartapi_set_rest_delay (FlowTestSmartapi *server,
                                   guint             delay_ms)
{
  server->rest_delay_ms = delay_ms;
}

void
flow_test_smartapi_add_connection (FlowTestSmartapi *server,
                                   GPtrArray        *frames,
                                   FlowTestEnd       end,
                                   FlowTestAfter     after)
{
  Script *script = g_new0 (Script, 1);

  script->frames = g_ptr_array_ref (frames);
  script->end = end;
  script->after = after;
  g_queue_push_tail (&server->scripts, script);
  server->n_scripts_added++;
}

gboolean
flow_test_smartapi_scripts_done (FlowTestSmartapi *server)
{
  return server->n_scripts_done == server->n_scripts_added;
}

guint
flow_test_smartapi_get_n_logins (FlowTestSmartapi *server)
{
  return server->n_logins;
}

guint
flow_test_smartapi_get_n_refreshes (FlowTestSmartapi *server)
{
  return server->n_refreshes;
}

guint
flow_test_smartapi_get_n_handshakes (FlowTestSmartapi *server)
{
  return server->n_handshakes;
}

guint
flow_test_smartapi_get_n_scrip_downloads (FlowTestSmartapi *server)
{
  return server->n_downloads;
}

guint
flow_test_smartapi_get_max_open_sockets (FlowTestSmartapi *server)
{
  return server->max_open;
}

guint
flow_test_smartapi_get_n_pings (FlowTestSmartapi *server)
{
  return server->n_pings;
}

GPtrArray *
flow_test_smartapi_get_subscriptions (FlowTestSmartapi *server)
{
  return server->subscriptions;
}

GPtrArray *
flow_test_smartapi_get_problems (FlowTestSmartapi *server)
{
  return server->problems;
}

GArray *
flow_test_smartapi_get_handshake_times (FlowTestSmartapi *server)
{
  return server->handshake_times;
}

GArray *
flow_test_smartapi_get_drop_times (FlowTestSmartapi *server)
{
  return server->drop_times;
}

void
flow_test_smartapi_set_option_market (FlowTestSmartapi *server,
                                      gint64            spot)
{
  server->spot = spot;
  if (server->options)
    return;
  server->options = TRUE;
  g_free (server->scrip_master);
  server->scrip_master = flow_test_smartapi_option_scrip_master (g_get_real_time () / 1000);
  server->market_id = g_timeout_add (50, on_market, server);
}

void
flow_test_smartapi_set_option_oi (FlowTestSmartapi *server,
                                  const char       *token,
                                  gint64            oi)
{
  g_hash_table_replace (server->oi, g_strdup (token), g_memdup2 (&oi, sizeof oi));
}

void
flow_test_smartapi_drop_connections (FlowTestSmartapi *server)
{
  for (GList *l = server->conns; l != NULL; l = l->next)
    g_io_stream_close (soup_websocket_connection_get_io_stream (((Conn *) l->data)->connection),
                       NULL, NULL);
}

GPtrArray *
flow_test_smartapi_get_option_subscriptions (FlowTestSmartapi *server)
{
  return server->option_subscriptions;
}

guint
flow_test_smartapi_get_n_option_subscribed (FlowTestSmartapi *server)
{
  return g_hash_table_size (server->option_subscribed);
}

GArray *
flow_test_smartapi_get_oi_data_times (FlowTestSmartapi *server)
{
  return server->oi_data_times;
}

void
flow_test_smartapi_push_history (FlowTestSmartapi *server,
                                 const char       *path,
                                 guint             status,
                                 const char       *content_type,
                                 const char       *body)
{
  HistoryAnswer *answer = g_new0 (HistoryAnswer, 1);

  answer->path = g_strdup (path);
  answer->status = status;
  answer->content_type = g_strdup (content_type);
  answer->body = g_strdup (body);
  g_queue_push_tail (server->history_answers, answer);
}

GPtrArray *
flow_test_smartapi_get_history_bodies (FlowTestSmartapi *server)
{
  return server->history_bodies;
}

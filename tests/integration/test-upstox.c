/* test-upstox.c: the Upstox client, OAuth sign-in and feed against a loopback server
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <string.h>

#include "flow-ist.h"
#include "flow-oi-tracker.h"
#include "flow-test-keyring.h"
#include "flow-test-loop.h"
#include "flow-test-upstox-server.h"
#include "flow-test-upstox-stream-server.h"
#include "flow-upstox-client-private.h"
#include "flow-upstox-feed-private.h"
#include "flow-upstox-oauth-private.h"
#include "flow-upstox-option-chain.h"

#define JSON   "application/json"
/* How long an answer from the loopback server may take. */
#define WAIT_S 20

static FlowTestKeyring *keyring;

static gint64
ist (const char *iso)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time) * 1000;
}

static GHashTable *
stored (void)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GError) error = NULL;
  GHashTable *values = flow_credentials_lookup_all_sync (credentials, FLOW_BROKER_UPSTOX, NULL,
                                                         &error);

  g_assert_no_error (error);
  return values;
}

/* A chain body like Upstox's: 11 strikes 50 apart from @first_strike, contract keys
 * NSE_FO|<1000 + 2i> (CE) and NSE_FO|<1001 + 2i> (PE), OI growing with @oi_base. */
static char *
chain_body (double spot,
            double first_strike,
            gint64 oi_base)
{
  g_autoptr(FlowOptionChain) chain = flow_option_chain_new (0, "NIFTY", "2026-01-29", spot);
  g_autoptr(JsonNode) body = NULL;

  for (guint i = 0; i < 11; i++)
    {
      g_autofree char *ce_key = g_strdup_printf ("NSE_FO|%u", 1000 + 2 * i);
      g_autofree char *pe_key = g_strdup_printf ("NSE_FO|%u", 1001 + 2 * i);
      FlowOptionSide ce = { TRUE, ce_key, oi_base + 1000 * i, 100, 10 };
      FlowOptionSide pe = { TRUE, pe_key, oi_base + 2000 * i, 90, 10 };

      flow_option_chain_add_strike (chain, first_strike + 50 * i, &ce, &pe);
    }
  body = flow_upstox_option_chain_serialize (chain);
  return json_to_string (body, FALSE);
}

/* ------------------------------------------------------------------------------------------ */

static void
test_token_expiry (void)
{
  g_assert_cmpint (flow_upstox_token_expiry_ms (ist ("2026-01-27T20:00:00+05:30")), ==,
                   ist ("2026-01-28T03:30:00+05:30"));
  g_assert_cmpint (flow_upstox_token_expiry_ms (ist ("2026-01-28T02:30:00+05:30")), ==,
                   ist ("2026-01-28T03:30:00+05:30"));
  g_assert_cmpint (flow_upstox_token_expiry_ms (ist ("2026-01-28T03:30:00+05:30")), ==,
                   ist ("2026-01-29T03:30:00+05:30"));
  g_assert_cmpint (flow_upstox_token_expiry_ms (ist ("2026-01-31T23:59:59+05:30")), ==,
                   ist ("2026-02-01T03:30:00+05:30"));
}

static void
test_pick_token (void)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  gint64 now = ist ("2026-01-28T10:00:00+05:30");

  g_assert_null (flow_upstox_pick_token (values, now, &error));
  g_assert_error (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED);
  g_clear_error (&error);

  g_hash_table_insert (values, "access_token", "day");
  g_hash_table_insert (values, "access_token_expires", "2026-01-29T03:30:00+05:30");
  g_assert_cmpstr (flow_upstox_pick_token (values, now, NULL), ==, "day");

  g_hash_table_insert (values, "access_token_expires", "2026-01-28T03:30:00+05:30");
  g_assert_null (flow_upstox_pick_token (values, now, &error));
  g_assert_error (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED);
  g_assert_nonnull (strstr (error->message, "expired"));
  g_clear_error (&error);

  g_hash_table_insert (values, "analytics_token", "year");
  g_assert_cmpstr (flow_upstox_pick_token (values, now, NULL), ==, "year");
}

/* Weekly and monthly expiries across a month end, listed out of order, CE and PE each; the
 * lot size only on some contracts, and not the same for every expiry. */
static const char contracts_body[] =
  "{\"status\":\"success\",\"data\":["
  "{\"expiry\":\"2026-02-03\",\"weekly\":true,\"instrument_type\":\"CE\",\"strike_price\":24000,"
  "\"lot_size\":75},"
  "{\"expiry\":\"2026-01-27\",\"weekly\":true,\"instrument_type\":\"CE\",\"strike_price\":24000},"
  "{\"expiry\":\"2026-01-29\",\"weekly\":false,\"instrument_type\":\"PE\",\"strike_price\":24000,"
  "\"lot_size\":65},"
  "{\"expiry\":\"2026-02-26\",\"weekly\":false,\"instrument_type\":\"PE\",\"strike_price\":24000},"
  "{\"expiry\":\"2026-01-29\",\"weekly\":false,\"instrument_type\":\"CE\",\"strike_price\":24000},"
  "{\"expiry\":\"2026-01-27\",\"weekly\":true,\"instrument_type\":\"PE\",\"strike_price\":24000},"
  "{\"instrument_type\":\"CE\"}"
  "]}";

static void
test_expiries (void)
{
  g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
  g_autoptr(FlowUpstoxClient) client = flow_upstox_client_new (flow_test_upstox_get_url (server),
                                                               "test-token");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) expiries = NULL;
  const char * const *list;
  gsize n;

  flow_test_upstox_push (server, "/v2/option/contract", 200, JSON, contracts_body);
  flow_upstox_client_expiries_async (client, "NSE_INDEX|Nifty 50", NULL, flow_test_store_result,
                                     &result);
  expiries = flow_upstox_client_expiries_finish (client, flow_test_wait_result (&result, WAIT_S),
                                                 &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (expiries), ==, 4);
  g_assert_cmpstr (expiries[0], ==, "2026-01-27");
  g_assert_cmpstr (expiries[1], ==, "2026-01-29");
  g_assert_cmpstr (expiries[3], ==, "2026-02-26");

  list = (const char * const *) expiries;
  n = g_strv_length (expiries);
  /* Weekly first, then the monthly (picked by date, not by the weekly flag), then across the
   * month end once the monthly's 15:30 has passed. */
  g_assert_cmpstr (flow_oi_select_expiry (list, n, ist ("2026-01-26T10:00:00+05:30")), ==,
                   "2026-01-27");
  g_assert_cmpstr (flow_oi_select_expiry (list, n, ist ("2026-01-27T15:31:00+05:30")), ==,
                   "2026-01-29");
  g_assert_cmpstr (flow_oi_select_expiry (list, n, ist ("2026-01-29T15:29:00+05:30")), ==,
                   "2026-01-29");
  g_assert_cmpstr (flow_oi_select_expiry (list, n, ist ("2026-01-29T15:31:00+05:30")), ==,
                   "2026-02-03");
  g_assert_null (flow_oi_select_expiry (list, n, ist ("2026-02-27T09:00:00+05:30")));
}

static void
test_contract_lot_size (void)
{
  g_autoptr(JsonNode) body = json_from_string (contracts_body, NULL);

  g_assert_cmpint (flow_upstox_contract_lot_size (body, "2026-01-29"), ==, 65);
  g_assert_cmpint (flow_upstox_contract_lot_size (body, "2026-02-03"), ==, 75);
  g_assert_cmpint (flow_upstox_contract_lot_size (body, "2026-01-27"), ==, 0);
}

typedef struct
{
  guint        status;
  const char  *content_type;
  const char  *body;
  GQuark       domain;
  int          code;
  const char  *in_message;
} ErrorCase;

static void
test_errors (void)
{
  g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
  const ErrorCase cases[] = {
    { 401, JSON, "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"UDAPI100050\","
                 "\"message\":\"Invalid token used to access API\"}]}",
      FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED, "UDAPI100050" },
    /* Only the snake_case twin. */
    { 403, JSON, "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI100050\","
                 "\"message\":\"Invalid token used to access API\"}]}",
      FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED, "Invalid token" },
    { 400, JSON, "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"UDAPI1087\","
                 "\"message\":\"Invalid Instrument key\",\"error_code\":\"UDAPI1\"}]}",
      FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_REFUSED, "Invalid Instrument key (UDAPI1087)" },
    { 500, JSON, "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"UDAPI100500\","
                 "\"message\":\"Something went wrong\"}]}",
      FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SERVER, "Something went wrong (UDAPI100500)" },
    { 502, "text/html", "<html><body>Bad Gateway</body></html>",
      FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SERVER, "HTTP 502" },
    { 200, "text/html", "<html><body>Maintenance</body></html>",
      FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_INVALID_RESPONSE, "text/html" },
    { 200, JSON, "{\"status\":\"error\",\"errors\":[]}",
      FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_REFUSED, "HTTP 200" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FlowUpstoxClient) client = flow_upstox_client_new (
        flow_test_upstox_get_url (server), "test-token");
      g_autofree char *path = g_strdup_printf ("/v2/case/%" G_GSIZE_FORMAT, i);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) body = NULL;

      flow_test_upstox_push (server, path, cases[i].status, cases[i].content_type,
                             cases[i].body);
      flow_upstox_client_get_async (client, path, NULL, flow_test_store_result, &result);
      body = flow_upstox_client_get_finish (client, flow_test_wait_result (&result, WAIT_S),
                                            &error);
      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, error != NULL ? error->message : "");
      g_assert_null (body);
      g_assert_error (error, cases[i].domain, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].in_message));
    }

  /* A wrong token is the server's 401 too; the token itself never shows in a message. */
  {
    g_autoptr(FlowUpstoxClient) client = flow_upstox_client_new (
      flow_test_upstox_get_url (server), "stale-secret-token");
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    flow_test_upstox_push (server, "/v2/ok", 200, JSON, "{\"status\":\"success\",\"data\":1}");
    flow_upstox_client_get_async (client, "/v2/ok", NULL, flow_test_store_result, &result);
    g_assert_null (flow_upstox_client_get_finish (client, flow_test_wait_result (&result, WAIT_S),
                                                  &error));
    g_assert_error (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED);
    g_assert_null (strstr (error->message, "stale-secret-token"));
  }
}

/* 429 starts a back-off that holds the next request back; a success ends it. */
static void
test_rate_limit (void)
{
  g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
  g_autoptr(FlowUpstoxClient) client = flow_upstox_client_new (flow_test_upstox_get_url (server),
                                                               "test-token");
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  gint64 limited_us;

  flow_upstox_client_set_backoff (client, 300, 1000);
  flow_test_upstox_push (server, "/v2/busy", 429, JSON,
                         "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"UDAPI10005\","
                         "\"message\":\"Too Many Request Sent\"}]}");
  flow_test_upstox_push (server, "/v2/busy", 200, JSON, "{\"status\":\"success\",\"data\":[]}");

  flow_upstox_client_get_async (client, "/v2/busy", NULL, flow_test_store_result, &first);
  g_assert_null (flow_upstox_client_get_finish (client, flow_test_wait_result (&first, WAIT_S),
                                                &error));
  g_assert_error (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_RATE_LIMITED);
  limited_us = g_get_monotonic_time ();
  g_assert_cmpint (flow_upstox_client_get_backoff_until_ms (client), >, 0);

  flow_upstox_client_get_async (client, "/v2/busy", NULL, flow_test_store_result, &second);
  body = flow_upstox_client_get_finish (client, flow_test_wait_result (&second, WAIT_S), NULL);
  g_assert_nonnull (body);
  g_assert_cmpint (g_get_monotonic_time () - limited_us, >=, 250 * 1000);
  g_assert_cmpint (flow_upstox_client_get_backoff_until_ms (client), ==, 0);
  g_assert_cmpuint (flow_test_upstox_get_hits (server, "/v2/busy"), ==, 2);
}

/* A side may be absent or null and prev_oi null (upstox.md §3). */
static void
test_chain_missing_side (void)
{
  static const char body_text[] =
    "{\"status\":\"success\",\"data\":["
    "{\"expiry\":\"2026-01-29\",\"pcr\":0,\"strike_price\":24000,"
    "\"underlying_key\":\"NSE_INDEX|Nifty 50\",\"underlying_spot_price\":24010.5,"
    "\"call_options\":{\"instrument_key\":\"NSE_FO|1\",\"market_data\":{\"ltp\":80,"
    "\"volume\":0,\"oi\":750,\"prev_oi\":null}}},"
    "{\"expiry\":\"2026-01-29\",\"pcr\":0,\"strike_price\":24050.0,"
    "\"underlying_key\":\"NSE_INDEX|Nifty 50\",\"underlying_spot_price\":24010.5,"
    "\"call_options\":null,\"put_options\":{\"instrument_key\":\"NSE_FO|4\",\"market_data\":"
    "{\"ltp\":12.5,\"volume\":1500,\"oi\":12625.0,\"prev_oi\":1500}}}]}";
  g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
  g_autoptr(FlowUpstoxClient) client = flow_upstox_client_new (flow_test_upstox_get_url (server),
                                                               "test-token");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(FlowOptionChain) chain = NULL;

  flow_test_upstox_push (server, "/v2/option/chain", 200, JSON, body_text);
  flow_upstox_client_option_chain_async (client, "NSE_INDEX|Nifty 50", "2026-01-29", NULL,
                                         flow_test_store_result, &result);
  body = flow_upstox_client_option_chain_finish (client, flow_test_wait_result (&result, WAIT_S),
                                                 &error);
  g_assert_no_error (error);
  chain = flow_upstox_option_chain_parse (body, 1000, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chain->strikes->len, ==, 2);
  g_assert_true (flow_option_chain_get (chain, 0)->ce.present);
  g_assert_false (flow_option_chain_get (chain, 0)->pe.present);
  g_assert_false (flow_option_chain_get (chain, 1)->ce.present);
  g_assert_cmpint (flow_option_chain_get (chain, 1)->pe.oi, ==, 12625);
}

/* ------------------------------------------------------------------------------------------
 * OAuth
 */

typedef struct
{
  FlowTestUpstox  *server;
  FlowUpstoxOauth *oauth;
  guint16          port;
  char            *redirect_uri;
  char            *url;
  GAsyncResult    *result;
  guint            rejections;
} Oauth;

static void
on_rejected (FlowUpstoxOauth *oauth,
             const char      *message,
             Oauth           *fixture)
{
  fixture->rejections++;
}

static void
oauth_set_up (Oauth         *fixture,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GError) error = NULL;

  fixture->server = flow_test_upstox_new ();
  fixture->port = flow_test_free_port ();
  fixture->redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/callback", fixture->port);
  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "api_key", "app-key", "api_secret", "app-secret",
                           "redirect_uri", fixture->redirect_uri, NULL);
  fixture->oauth = flow_upstox_oauth_new (credentials);
  g_signal_connect (fixture->oauth, "rejected", G_CALLBACK (on_rejected), fixture);
  flow_upstox_oauth_prepare_async (fixture->oauth, NULL, flow_test_store_result, &prepared);
  fixture->url = flow_upstox_oauth_prepare_finish (fixture->oauth,
                                                   flow_test_wait_result (&prepared, WAIT_S),
                                                   &error);
  g_assert_no_error (error);
  g_assert_true (flow_upstox_oauth_is_listening (fixture->oauth));
}

static gboolean
port_is_free (guint16 port)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  return g_socket_bind (socket, address, TRUE, NULL);
}

static void
oauth_tear_down (Oauth         *fixture,
                 gconstpointer  data)
{
  g_clear_object (&fixture->result);
  g_assert_finalize_object (fixture->oauth);
  /* No listener left behind, whatever the test did. */
  g_assert_true (port_is_free (fixture->port));
  flow_test_upstox_free (fixture->server);
  g_free (fixture->redirect_uri);
  g_free (fixture->url);
}

static char *
redirect_url (Oauth      *fixture,
              const char *code,
              const char *state)
{
  return g_strdup_printf ("%s?code=%s&state=%s", fixture->redirect_uri, code, state);
}

static void
test_oauth_round_trip (Oauth         *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GDateTime) expires = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *prefix = g_strconcat (flow_test_upstox_get_url (fixture->server),
                                         "/v2/login/authorization/dialog?response_type=code"
                                         "&client_id=app-key&redirect_uri=", NULL);
  g_auto(FlowTestPage) page = { 0 };
  g_auto(FlowTestPage) again = { 0 };

  g_assert_true (g_str_has_prefix (fixture->url, prefix));
  g_assert_nonnull (strstr (fixture->url, "&state="));
  g_assert_cmpuint (strlen (flow_upstox_oauth_get_state (fixture->oauth)), ==, 32);

  flow_test_upstox_add_code (fixture->server, "code-1", "day-token", "AB1234");
  flow_test_upstox_set_dialog_code (fixture->server, "code-1");
  flow_upstox_oauth_sign_in_async (fixture->oauth, NULL, flow_test_store_result, &fixture->result);
  /* Upstox's dialog redirects the browser to our listener, which answers after the exchange. */
  flow_test_browse (fixture->url, &page);
  g_assert_cmpuint (page.status, ==, 200);
  g_assert_nonnull (strstr (page.text, "You can close this tab"));

  user_id = flow_upstox_oauth_sign_in_finish (fixture->oauth,
                                              flow_test_wait_result (&fixture->result, WAIT_S),
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user_id, ==, "AB1234");

  g_assert_cmpstr (flow_test_upstox_get_form_field (fixture->server, "grant_type"), ==,
                   "authorization_code");
  g_assert_cmpstr (flow_test_upstox_get_form_field (fixture->server, "client_id"), ==, "app-key");
  g_assert_cmpstr (flow_test_upstox_get_form_field (fixture->server, "client_secret"), ==,
                   "app-secret");
  g_assert_cmpstr (flow_test_upstox_get_form_field (fixture->server, "redirect_uri"), ==,
                   fixture->redirect_uri);

  values = stored ();
  g_assert_cmpstr (g_hash_table_lookup (values, "access_token"), ==, "day-token");
  expires = g_date_time_new_from_iso8601 (g_hash_table_lookup (values, "access_token_expires"),
                                          NULL);
  g_assert_nonnull (expires);
  g_assert_cmpint (g_date_time_to_unix (expires) * 1000, ==,
                   flow_upstox_token_expiry_ms (g_get_real_time () / 1000));

  /* Exactly one callback: the listener is gone. */
  flow_test_browse (fixture->url, &again);
  g_assert_cmpuint (again.status, !=, 200);
}

static void
test_oauth_wrong_state (Oauth         *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *forged = redirect_url (fixture, "code-2", "0123456789abcdef");
  g_autofree char *good = redirect_url (fixture, "code-2",
                                        flow_upstox_oauth_get_state (fixture->oauth));
  g_autofree char *user_id = NULL;
  g_auto(FlowTestPage) page = { 0 };

  flow_test_upstox_add_code (fixture->server, "code-2", "day-token", "AB1234");
  flow_upstox_oauth_sign_in_async (fixture->oauth, NULL, flow_test_store_result, &fixture->result);

  /* A forged redirect gets an error page and does not end the attempt. */
  flow_test_browse (forged, &page);
  g_assert_cmpuint (page.status, ==, 400);
  g_assert_nonnull (strstr (page.text, "state"));
  g_assert_cmpuint (fixture->rejections, ==, 1);
  g_assert_null (fixture->result);
  g_assert_cmpuint (flow_test_upstox_get_hits (fixture->server, "/v2/login/authorization/token"),
                    ==, 0);

  /* The same for a pasted one, which fails at once. */
  g_assert_false (flow_upstox_oauth_submit_redirect (fixture->oauth, forged, &error));
  g_assert_error (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_WRONG_STATE);
  g_clear_error (&error);

  flow_test_browse (good, &page);
  g_assert_cmpuint (page.status, ==, 200);
  user_id = flow_upstox_oauth_sign_in_finish (fixture->oauth,
                                              flow_test_wait_result (&fixture->result, WAIT_S),
                                              &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user_id, ==, "AB1234");
}

/* A code works once: a second attempt with it fails clearly, and the browser hears why. */
static void
test_oauth_reused_code (Oauth         *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowUpstoxOauth) second = NULL;
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *good = redirect_url (fixture, "code-3",
                                        flow_upstox_oauth_get_state (fixture->oauth));
  g_autofree char *reused = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *url = NULL;
  g_auto(FlowTestPage) page = { 0 };

  flow_test_upstox_add_code (fixture->server, "code-3", "day-token", "AB1234");
  flow_upstox_oauth_sign_in_async (fixture->oauth, NULL, flow_test_store_result, &fixture->result);
  /* The pasted-URL fallback, this time. */
  g_assert_true (flow_upstox_oauth_submit_redirect (fixture->oauth, good, &error));
  g_assert_no_error (error);
  user_id = flow_upstox_oauth_sign_in_finish (fixture->oauth,
                                              flow_test_wait_result (&fixture->result, WAIT_S),
                                              &error);
  g_assert_no_error (error);

  second = flow_upstox_oauth_new (credentials);
  flow_upstox_oauth_prepare_async (second, NULL, flow_test_store_result, &prepared);
  url = flow_upstox_oauth_prepare_finish (second, flow_test_wait_result (&prepared, WAIT_S),
                                          &error);
  g_assert_no_error (error);
  flow_upstox_oauth_sign_in_async (second, NULL, flow_test_store_result, &result);
  reused = redirect_url (fixture, "code-3", flow_upstox_oauth_get_state (second));
  flow_test_browse (reused, &page);
  g_assert_cmpuint (page.status, ==, 502);
  g_assert_nonnull (strstr (page.text, "Invalid Credentials"));
  g_assert_null (flow_upstox_oauth_sign_in_finish (second, flow_test_wait_result (&result, WAIT_S),
                                                   &error));
  g_assert_error (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_CODE_REJECTED);
  g_assert_nonnull (strstr (error->message, "UDAPI100016"));
  g_assert_false (flow_upstox_oauth_is_listening (second));
}

static void
test_oauth_timeout (Oauth         *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *forged = redirect_url (fixture, "x", "not-the-state");
  g_auto(FlowTestPage) page = { 0 };

  flow_upstox_oauth_set_timeout_ms (fixture->oauth, 300);
  flow_upstox_oauth_sign_in_async (fixture->oauth, NULL, flow_test_store_result, &fixture->result);
  flow_test_browse (forged, &page);
  g_assert_null (flow_upstox_oauth_sign_in_finish (fixture->oauth,
                                                   flow_test_wait_result (&fixture->result, WAIT_S),
                                                   &error));
  g_assert_error (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_TIMEOUT);
  /* The timeout says what was refused meanwhile. */
  g_assert_nonnull (strstr (error->message, "state"));
  g_assert_false (flow_upstox_oauth_is_listening (fixture->oauth));
}

static void
test_oauth_cancel (Oauth         *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  flow_upstox_oauth_sign_in_async (fixture->oauth, cancellable, flow_test_store_result,
                                   &fixture->result);
  g_cancellable_cancel (cancellable);
  g_assert_null (flow_upstox_oauth_sign_in_finish (fixture->oauth,
                                                   flow_test_wait_result (&fixture->result, WAIT_S),
                                                   &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Another program on the port: a clear error, and the next attempt works once it is gone. */
static void
test_oauth_port_in_use (Oauth         *fixture,
                        gconstpointer  data)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(FlowUpstoxOauth) second = flow_upstox_oauth_new (credentials);
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  /* The fixture's own listener holds the port. */
  flow_upstox_oauth_prepare_async (second, NULL, flow_test_store_result, &prepared);
  url = flow_upstox_oauth_prepare_finish (second, flow_test_wait_result (&prepared, WAIT_S),
                                          &error);
  g_assert_null (url);
  g_assert_error (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_PORT_IN_USE);
  g_assert_nonnull (strstr (error->message, "port"));
  g_assert_false (flow_upstox_oauth_is_listening (second));
}

static void
test_oauth_not_configured (void)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(FlowUpstoxOauth) oauth = flow_upstox_oauth_new (credentials);
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "api_key", "app-key", NULL);
  flow_upstox_oauth_prepare_async (oauth, NULL, flow_test_store_result, &prepared);
  url = flow_upstox_oauth_prepare_finish (oauth, flow_test_wait_result (&prepared, WAIT_S), &error);
  g_assert_null (url);
  g_assert_error (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "api_secret, redirect_uri"));
}

static void
test_parse_redirect (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *code = flow_upstox_oauth_parse_redirect (
    "  http://127.0.0.1:5000/callback?code=Ab%2Fc&state=s1 \n", "s1", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, "Ab/c");
  g_assert_null (flow_upstox_oauth_parse_redirect ("not a url", "s1", &error));
  g_assert_error (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_NO_CODE);
  g_clear_error (&error);
  g_assert_null (flow_upstox_oauth_parse_redirect ("http://h/cb?state=s1&error=access_denied",
                                                   "s1", &error));
  g_assert_error (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_NO_CODE);
  g_assert_nonnull (strstr (error->message, "access_denied"));
}

/* ------------------------------------------------------------------------------------------
 * Feed
 */

typedef struct
{
  GPtrArray *chains;
  guint      live;    /* chains emitted while LIVE or after it */
} Seen;

static void
on_chain (FlowFeed              *feed,
          const FlowOptionChain *chain,
          Seen                  *seen)
{
  g_ptr_array_add (seen->chains, flow_option_chain_copy (chain));
}

static void
on_state (FlowFeed   *feed,
          GParamSpec *pspec,
          gboolean   *changed)
{
  *changed = TRUE;
}

/* Today's candles (newest first) for one contract, closing before now: 40 minutes, OI growing
 * by 100 a minute up to @oi_now. */
static char *
candles_body (gint64 oi_now)
{
  GString *body = g_string_new ("{\"status\":\"success\",\"data\":{\"candles\":[");
  gint64 minute = (g_get_real_time () / 1000 / 60000) * 60000;

  for (int i = 1; i <= 40; i++)
    {
      g_autofree char *start = flow_ist_format_iso (minute - (gint64) (i + 1) * 60000);

      g_string_append_printf (body, "%s[\"%s\",10,11,9,10,150,%" G_GINT64_FORMAT "]",
                              i > 1 ? "," : "", start, oi_now - 100 * i);
    }
  g_string_append (body, "]}}");
  return g_string_free (body, FALSE);
}

static void
test_feed (void)
{
  g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(FlowFeed) feed = NULL;
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autoptr(FlowOiReport) report = NULL;
  g_autofree char *chain_a = chain_body (24212, 24000, 100000);
  g_autofree char *chain_b = chain_body (24310, 24000, 100500);
  g_autofree char *candles = candles_body (100000);
  g_autofree char *tomorrow = flow_ist_format_iso (g_get_real_time () / 1000 + FLOW_DAY_MS);
  Seen seen = { g_ptr_array_new_with_free_func ((GDestroyNotify) flow_option_chain_free), 0 };
  gboolean changed = FALSE;
  const FlowOptionChain *last;

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "access_token", "test-token", "access_token_expires",
                           tomorrow, NULL);
  flow_test_upstox_push (server, "/v2/option/contract", 200, JSON, contracts_body);
  /* The first is only looked at for the displayed contracts; then the ATM moves. */
  flow_test_upstox_push (server, "/v2/option/chain", 200, JSON, chain_a);
  flow_test_upstox_push (server, "/v2/option/chain", 200, JSON, chain_a);
  flow_test_upstox_push (server, "/v2/option/chain", 500, "text/html", "<h1>oops</h1>");
  flow_test_upstox_push (server, "/v2/option/chain", 200, JSON, chain_b);
  flow_test_upstox_push (server, "/v3/historical-candle/intraday/", 200, JSON, candles);

  feed = flow_upstox_feed_new (credentials, "NIFTY");
  /* Pinned, since the listed expiries are in the past by the time this runs. */
  flow_upstox_feed_set_expiry (FLOW_UPSTOX_FEED (feed), "2026-01-29");
  flow_upstox_feed_set_refresh (FLOW_UPSTOX_FEED (feed), 1);
  g_signal_connect (feed, "option-chain", G_CALLBACK (on_chain), &seen);
  flow_feed_start (feed);
  g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_CONNECTING);

  while (flow_feed_get_state (feed) != FLOW_FEED_STATE_LIVE)
    g_main_context_iteration (NULL, TRUE);
  /* 14 displayed contracts backfilled, 40 minutes each, then the live chain. */
  g_assert_cmpuint (flow_test_upstox_get_hits (server, "/v3/historical-candle/intraday/NSE_FO"),
                    ==, 14);
  g_assert_cmpuint (seen.chains->len, ==, 41);
  for (guint i = 0; i < seen.chains->len; i++)
    {
      const FlowOptionChain *chain = g_ptr_array_index (seen.chains, i);

      /* The pinned expiry's lot size, from the contracts answer, on backfill and live alike,
       * so that the "lots" view works. */
      g_assert_cmpint (chain->lot_size, ==, 65);
      g_assert_cmpstr (chain->underlying, ==, "NIFTY");
      flow_oi_tracker_add_chain (tracker, chain);
    }
  report = flow_oi_tracker_evaluate (tracker, g_ptr_array_index (seen.chains, 40));
  g_assert_cmpint (report->lot_size, ==, 65);
  g_assert_cmpfloat (report->atm, ==, 24200);
  for (guint k = 0; k < FLOW_OI_N_INTERVALS; k++)
    g_assert_true (report->rows[report->atm_row].ce.changes[k].has_value);

  /* The server error: reconnecting, with the reason, and the schedule kept. */
  g_signal_connect (feed, "notify::state", G_CALLBACK (on_state), &changed);
  while (flow_feed_get_state (feed) != FLOW_FEED_STATE_RECONNECTING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (flow_feed_get_message (feed), "HTTP 500"));
  g_assert_cmpint (flow_feed_get_retry_at_ms (feed), >, 0);

  while (flow_feed_get_state (feed) != FLOW_FEED_STATE_LIVE)
    g_main_context_iteration (NULL, TRUE);
  last = g_ptr_array_index (seen.chains, seen.chains->len - 1);
  g_assert_cmpfloat (last->spot, ==, 24310);

  /* The token is revoked: logged out, saying so, and no more polling. */
  flow_test_upstox_set_token (server, "another");
  while (flow_feed_get_state (feed) != FLOW_FEED_STATE_LOGGED_OUT)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (flow_feed_get_message (feed), "sign in again"));
  flow_feed_stop (feed);
  g_ptr_array_unref (seen.chains);
}

static void
test_feed_signed_out (void)
{
  g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(FlowFeed) feed = NULL;

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, NULL);
  feed = flow_upstox_feed_new (credentials, "NIFTY");
  flow_feed_start (feed);
  while (flow_feed_get_state (feed) == FLOW_FEED_STATE_CONNECTING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_LOGGED_OUT);
  g_assert_nonnull (strstr (flow_feed_get_message (feed), "Not signed in"));
  g_assert_cmpuint (flow_test_upstox_get_hits (server, "/"), ==, 0);
}

static gboolean
has_settled (gpointer data)
{
  FlowFeedState state = flow_feed_get_state (data);

  return state != FLOW_FEED_STATE_CONNECTING && state != FLOW_FEED_STATE_IDLE;
}

static gboolean
is_live (gpointer data)
{
  return flow_feed_get_state (data) == FLOW_FEED_STATE_LIVE;
}

/* A feed of @underlying on the newest server, pinned to the chains' expiry, every second. */
static FlowFeed *
start_feed (const char *underlying,
            Seen       *seen)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  FlowFeed *feed = flow_upstox_feed_new (credentials, underlying);

  flow_upstox_feed_set_expiry (FLOW_UPSTOX_FEED (feed), "2026-01-29");
  flow_upstox_feed_set_refresh (FLOW_UPSTOX_FEED (feed), 1);
  g_signal_connect (feed, "option-chain", G_CALLBACK (on_chain), seen);
  flow_feed_start (feed);
  return feed;
}

static void
store_day_token (void)
{
  g_autofree char *tomorrow = flow_ist_format_iso (g_get_real_time () / 1000 + FLOW_DAY_MS);

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "access_token", "test-token",
                           "access_token_expires", tomorrow, NULL);
}

/* Index keys come from the instruments file, not from the name: FINNIFTY's options name
 * "NSE_INDEX|Nifty Fin Service", and SENSEX's are only in BSE's file. */
static void
test_feed_index_keys (void)
{
  const struct
  {
    const char *underlying;
    const char *key;
  } cases[] = {
    { "FINNIFTY",   FLOW_TEST_UPSTOX_FINNIFTY_INDEX },
    { "MIDCPNIFTY", FLOW_TEST_UPSTOX_MIDCPNIFTY_INDEX },
    { "SENSEX",     FLOW_TEST_UPSTOX_SENSEX_INDEX },
    { "NIFTY",      "NSE_INDEX|Nifty 50" },
  };
  g_autofree char *chain = chain_body (24212, 24000, 100000);
  gint64 today = g_get_real_time () / 1000;

  store_day_token ();
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
      g_autoptr(FlowTestUpstoxStream) files = flow_test_upstox_stream_new (server);
      g_autoptr(GBytes) nse = flow_test_upstox_instruments (today);
      g_autoptr(GBytes) bse = flow_test_upstox_bse_instruments (today);
      Seen seen = { g_ptr_array_new_with_free_func ((GDestroyNotify) flow_option_chain_free), 0 };
      g_autoptr(FlowFeed) feed = NULL;
      g_autofree char *contracts_key = NULL;
      g_autofree char *chain_key = NULL;
      const FlowOptionChain *last;

      flow_test_upstox_stream_set_instruments (files, nse);
      flow_test_upstox_stream_set_bse_instruments (files, bse);
      flow_test_upstox_push (server, "/v2/option/contract", 200, JSON, contracts_body);
      flow_test_upstox_push (server, "/v2/option/chain", 200, JSON, chain);
      feed = start_feed (cases[i].underlying, &seen);
      flow_test_run_until (has_settled, feed, WAIT_S);
      g_test_message ("%s: %s", cases[i].underlying, flow_feed_get_message (feed));
      g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_LIVE);
      contracts_key = flow_test_upstox_get_last_param (server, "/v2/option/contract",
                                                       "instrument_key");
      chain_key = flow_test_upstox_get_last_param (server, "/v2/option/chain", "instrument_key");
      g_assert_cmpstr (contracts_key, ==, cases[i].key);
      g_assert_cmpstr (chain_key, ==, cases[i].key);
      /* Named as the user chose it, whatever Upstox calls the index. */
      last = g_ptr_array_index (seen.chains, seen.chains->len - 1);
      g_assert_cmpstr (last->underlying, ==, cases[i].underlying);
      flow_feed_stop (feed);
      g_ptr_array_unref (seen.chains);
    }
}

/* Without the file (an address nothing serves, so no cached copy either): NIFTY keeps the key
 * Upstox's documentation names; FINNIFTY says what is missing and asks Upstox nothing. */
static void
test_feed_index_keys_unreachable (void)
{
  g_autofree char *chain = chain_body (24212, 24000, 100000);

  store_day_token ();
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
      g_autofree char *missing = g_strconcat (flow_test_upstox_get_url (server),
                                              "/nowhere/NSE.json.gz", NULL);
      Seen seen = { g_ptr_array_new_with_free_func ((GDestroyNotify) flow_option_chain_free), 0 };
      g_autoptr(FlowFeed) feed = NULL;
      g_autofree char *key = NULL;

      g_setenv ("ORDERFLOW_UPSTOX_INSTRUMENTS_URL", missing, TRUE);
      flow_test_upstox_push (server, "/v2/option/contract", 200, JSON, contracts_body);
      flow_test_upstox_push (server, "/v2/option/chain", 200, JSON, chain);
      feed = start_feed (i == 0 ? "NIFTY" : "FINNIFTY", &seen);
      flow_test_run_until (has_settled, feed, WAIT_S);
      g_test_message ("%s", flow_feed_get_message (feed));
      if (i == 0)
        {
          g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_LIVE);
          key = flow_test_upstox_get_last_param (server, "/v2/option/chain", "instrument_key");
          g_assert_cmpstr (key, ==, "NSE_INDEX|Nifty 50");
        }
      else
        {
          g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_RECONNECTING);
          g_assert_nonnull (strstr (flow_feed_get_message (feed), "FINNIFTY"));
          g_assert_nonnull (strstr (flow_feed_get_message (feed), "instruments file"));
          g_assert_cmpuint (flow_test_upstox_get_hits (server, "/v2/"), ==, 0);
        }
      flow_feed_stop (feed);
      g_ptr_array_unref (seen.chains);
    }
}

static const char invalid_token_body[] =
  "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"UDAPI100050\","
  "\"message\":\"Invalid token used to access API\"}]}";

static gboolean
three_live_chains (gpointer data)
{
  Seen *seen = data;

  return seen->chains->len >= 3;
}

/* The candles refused to an Analytics Token: no backfill for the run, said in one line, and
 * the chain goes on. The same refusal to a day's access token is a dead sign-in. */
static void
test_feed_analytics_backfill (void)
{
  g_autofree char *chain = chain_body (24212, 24000, 100000);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
      Seen seen = { g_ptr_array_new_with_free_func ((GDestroyNotify) flow_option_chain_free), 0 };
      g_autoptr(FlowFeed) feed = NULL;
      const char *message;

      if (i == 0)
        flow_test_keyring_store (FLOW_BROKER_UPSTOX, "analytics_token", "test-token", NULL);
      else
        store_day_token ();
      flow_test_upstox_push (server, "/v2/option/contract", 200, JSON, contracts_body);
      flow_test_upstox_push (server, "/v2/option/chain", 200, JSON, chain);
      flow_test_upstox_push (server, "/v3/historical-candle/intraday/", 401, JSON,
                             invalid_token_body);
      feed = start_feed ("NIFTY", &seen);
      flow_test_run_until (has_settled, feed, WAIT_S);
      message = flow_feed_get_message (feed);
      g_test_message ("%s", message);
      if (i == 1)
        {
          g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_LOGGED_OUT);
          flow_feed_stop (feed);
          g_ptr_array_unref (seen.chains);
          continue;
        }
      g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_LIVE);
      g_assert_nonnull (strstr (message, "No OI backfill"));
      g_assert_nonnull (strstr (message, "Analytics Token"));
      /* The status line, then exactly one line of note. */
      g_assert_nonnull (strchr (message, '\n'));
      g_assert_null (strchr (strchr (message, '\n') + 1, '\n'));
      flow_test_run_until (three_live_chains, &seen, WAIT_S);
      g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_LIVE);
      g_assert_nonnull (strstr (flow_feed_get_message (feed), "No OI backfill"));
      /* Disabled after the first refusal, not asked again per contract or per refresh. */
      g_assert_cmpuint (flow_test_upstox_get_hits (server, "/v3/historical-candle/"), ==, 1);
      flow_feed_stop (feed);
      g_ptr_array_unref (seen.chains);
    }
}

typedef struct
{
  FlowFeed  *feed;
  Seen      *seen;
  GPtrArray *states;
  GPtrArray *messages;
} Watch;

static void
on_watched_state (FlowFeed   *feed,
                  GParamSpec *pspec,
                  Watch      *watch)
{
  g_ptr_array_add (watch->states, GINT_TO_POINTER (flow_feed_get_state (feed)));
  g_ptr_array_add (watch->messages, g_strdup (flow_feed_get_message (feed)));
}

static gboolean
live_again_on_b (gpointer data)
{
  Watch *watch = data;
  const FlowOptionChain *last;

  if (flow_feed_get_state (watch->feed) != FLOW_FEED_STATE_LIVE || watch->seen->chains->len == 0)
    return FALSE;
  last = g_ptr_array_index (watch->seen->chains, watch->seen->chains->len - 1);
  return last->spot == 24310;
}

static gboolean
is_logged_out (gpointer data)
{
  return flow_feed_get_state (data) == FLOW_FEED_STATE_LOGGED_OUT;
}

/* Upstox's nightly maintenance (00:00–05:30 IST): a 401, a 5xx and an HTML page at 01:00,
 * with a token valid until 03:30, are "try again later", never Logged out. At 06:00 the same
 * 401 is a dead sign-in. */
static void
test_feed_maintenance (void)
{
  g_autofree char *chain_a = chain_body (24212, 24000, 100000);
  g_autofree char *chain_b = chain_body (24310, 24000, 100500);
  gint64 real_now = g_get_real_time () / 1000;
  gint64 tomorrow = flow_ist_day_start_ms (real_now) + FLOW_DAY_MS;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
      Seen seen = { g_ptr_array_new_with_free_func ((GDestroyNotify) flow_option_chain_free), 0 };
      Watch watch = { NULL, &seen, g_ptr_array_new (), g_ptr_array_new_with_free_func (g_free) };
      /* Valid until the 03:30 after @at. */
      g_autofree char *expires = flow_ist_format_iso (tomorrow + (i == 0 ? 0 : FLOW_DAY_MS) +
                                                      (3 * 3600 + 1800) * 1000);
      gint64 at = tomorrow + (i == 0 ? 1 : 6) * 3600 * 1000;
      g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
      g_autoptr(FlowFeed) feed = flow_upstox_feed_new (credentials, "NIFTY");
      gboolean reconnecting = FALSE;

      flow_test_keyring_store (FLOW_BROKER_UPSTOX, "access_token", "test-token",
                               "access_token_expires", expires, NULL);
      flow_test_upstox_push (server, "/v2/option/contract", 200, JSON, contracts_body);
      flow_test_upstox_push (server, "/v2/option/chain", 200, JSON, chain_a);
      flow_test_upstox_push (server, "/v2/option/chain", 200, JSON, chain_a);
      flow_test_upstox_push (server, "/v2/option/chain", 401, JSON, invalid_token_body);
      flow_test_upstox_push (server, "/v2/option/chain", 502, "text/html",
                             "<html><body>Bad Gateway</body></html>");
      flow_test_upstox_push (server, "/v2/option/chain", 200, "text/html",
                             "<html><body>Down for maintenance</body></html>");
      flow_test_upstox_push (server, "/v2/option/chain", 200, JSON, chain_b);

      watch.feed = feed;
      flow_upstox_feed_set_clock_offset (FLOW_UPSTOX_FEED (feed), at - real_now);
      flow_upstox_feed_set_expiry (FLOW_UPSTOX_FEED (feed), "2026-01-29");
      flow_upstox_feed_set_refresh (FLOW_UPSTOX_FEED (feed), 1);
      g_signal_connect (feed, "option-chain", G_CALLBACK (on_chain), &seen);
      g_signal_connect (feed, "notify::state", G_CALLBACK (on_watched_state), &watch);
      flow_feed_start (feed);
      flow_test_run_until (is_live, feed, WAIT_S);
      if (i == 1)
        {
          flow_test_run_until (is_logged_out, feed, WAIT_S);
          g_assert_nonnull (strstr (flow_feed_get_message (feed), "sign in again"));
        }
      else
        {
          flow_test_run_until (live_again_on_b, &watch, WAIT_S);
          for (guint s = 0; s < watch.states->len; s++)
            {
              FlowFeedState state = GPOINTER_TO_INT (g_ptr_array_index (watch.states, s));
              const char *message = g_ptr_array_index (watch.messages, s);

              g_assert_cmpint (state, !=, FLOW_FEED_STATE_LOGGED_OUT);
              g_assert_cmpint (state, !=, FLOW_FEED_STATE_ERROR);
              if (state == FLOW_FEED_STATE_RECONNECTING)
                {
                  g_test_message ("%s", message);
                  g_assert_nonnull (strstr (message, "maintenance"));
                  g_assert_null (strstr (message, "sign in again"));
                  reconnecting = TRUE;
                }
            }
          g_assert_true (reconnecting);
        }
      flow_feed_stop (feed);
      g_signal_handlers_disconnect_by_data (feed, &watch);
      g_ptr_array_unref (watch.states);
      g_ptr_array_unref (watch.messages);
      g_ptr_array_unref (seen.chains);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  keyring = flow_test_keyring_start ();

  g_test_add_func ("/upstox/token-expiry", test_token_expiry);
  g_test_add_func ("/upstox/pick-token", test_pick_token);
  g_test_add_func ("/upstox/expiries", test_expiries);
  g_test_add_func ("/upstox/contract-lot-size", test_contract_lot_size);
  g_test_add_func ("/upstox/errors", test_errors);
  g_test_add_func ("/upstox/rate-limit", test_rate_limit);
  g_test_add_func ("/upstox/chain-missing-side", test_chain_missing_side);
  g_test_add_func ("/upstox/oauth/parse-redirect", test_parse_redirect);
  g_test_add_func ("/upstox/oauth/not-configured", test_oauth_not_configured);
#define ADD(path, func) \
  g_test_add (path, Oauth, NULL, oauth_set_up, func, oauth_tear_down)
  ADD ("/upstox/oauth/round-trip", test_oauth_round_trip);
  ADD ("/upstox/oauth/wrong-state", test_oauth_wrong_state);
  ADD ("/upstox/oauth/reused-code", test_oauth_reused_code);
  ADD ("/upstox/oauth/timeout", test_oauth_timeout);
  ADD ("/upstox/oauth/cancel", test_oauth_cancel);
  ADD ("/upstox/oauth/port-in-use", test_oauth_port_in_use);
#undef ADD
  g_test_add_func ("/upstox/feed/poll", test_feed);
  g_test_add_func ("/upstox/feed/signed-out", test_feed_signed_out);
  g_test_add_func ("/upstox/feed/index-keys", test_feed_index_keys);
  g_test_add_func ("/upstox/feed/index-keys-unreachable", test_feed_index_keys_unreachable);
  g_test_add_func ("/upstox/feed/analytics-backfill", test_feed_analytics_backfill);
  g_test_add_func ("/upstox/feed/maintenance", test_feed_maintenance);

  status = g_test_run ();
  flow_test_keyring_stop (keyring);
  return status;
}

/* test-fault-upstox.c: fault injection on the Upstox client, sign-in and feed against a loopback
 * server: HTTP errors, HTML pages and non-JSON text on every endpoint and on the token exchange,
 * slow, stalled and unreachable servers
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <libsoup/soup.h>
#include <stdarg.h>
#include <string.h>

#include "flow-ist.h"
#include "flow-test-loop.h"
#include "flow-test-keyring.h"
#include "flow-test-upstox-server.h"
#include "flow-upstox-client-private.h"
#include "flow-upstox-feed.h"
#include "flow-upstox-oauth-private.h"
#include "flow-upstox-option-chain.h"

#define JSON   "application/json"
#define HTML   "text/html"
#define WAIT_S 20
/* Secrets that must never show in a message. */
#define TOKEN      "tok-Secret-4711"
#define API_SECRET "app-Secret-0815"
#define CODE       "code-Secret-42"

static FlowTestKeyring *keyring;

/* A clear message: one line, no page source, no secret. */
static void
assert_clear_message (const char *message)
{
  g_assert_nonnull (message);
  g_assert_cmpstr (message, !=, "");
  g_assert_null (strchr (message, '\n'));
  g_assert_null (strchr (message, '<'));
  g_assert_null (strchr (message, '>'));
  g_assert_null (strstr (message, TOKEN));
  g_assert_null (strstr (message, API_SECRET));
  g_assert_null (strstr (message, CODE));
  g_assert_true (g_utf8_validate (message, -1, NULL));
}

/* ------------------------------------------------------------------------------------------
 * The faults
 */

typedef struct
{
  const char *name;
  guint       status;
  const char *content_type;
  const char *body;
  int         client_code;       /* FLOW_UPSTOX_ERROR_* of a REST call */
  const char *in_message;        /* of a REST call */
  int         exchange_code;     /* FLOW_UPSTOX_OAUTH_ERROR_* of the token exchange */
  const char *in_exchange;       /* of the token exchange */
} Fault;

#define REJECTED     FLOW_UPSTOX_OAUTH_ERROR_CODE_REJECTED
#define RATE_LIMITED FLOW_UPSTOX_OAUTH_ERROR_RATE_LIMITED
#define SERVER       FLOW_UPSTOX_OAUTH_ERROR_SERVER

#define HTML_PAGE(title) \
  "<!DOCTYPE html>\n<html><head><title>" title "</title></head>\n<body><h1>" title \
  "</h1><p>Authorization: Bearer " TOKEN "</p></body></html>\n"

static const Fault faults[] = {
  { "401-token", 401, JSON,
    "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"UDAPI100050\","
    "\"message\":\"Invalid token used to access API\"}]}",
    FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED, "UDAPI100050", REJECTED, "HTTP 401, UDAPI100050" },
  { "403-json", 403, JSON,
    "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"UDAPI100070\","
    "\"message\":\"Access to this API is not allowed\"}]}",
    FLOW_UPSTOX_ERROR_REFUSED, "not allowed (UDAPI100070)", REJECTED,
    "HTTP 403, UDAPI100070: Access to this API is not allowed" },
  { "403-html", 403, HTML, HTML_PAGE ("403 Forbidden"),
    FLOW_UPSTOX_ERROR_REFUSED, "HTTP 403", REJECTED, "(HTTP 403)" },
  { "429", 429, JSON,
    "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"UDAPI10005\","
    "\"message\":\"Too Many Request Sent\"}]}",
    FLOW_UPSTOX_ERROR_RATE_LIMITED, "limiting the request rate", RATE_LIMITED,
    "HTTP 429, UDAPI10005" },
  { "500", 500, JSON,
    "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"UDAPI100500\","
    "\"message\":\"Something went wrong\"}]}",
    FLOW_UPSTOX_ERROR_SERVER, "Something went wrong (UDAPI100500)", SERVER,
    "HTTP 500, UDAPI100500" },
  { "html-200", 200, HTML, HTML_PAGE ("Scheduled maintenance"),
    FLOW_UPSTOX_ERROR_INVALID_RESPONSE, "text/html", SERVER,
    "HTTP 200, text/html instead of the token" },
  { "html-502", 502, HTML, HTML_PAGE ("502 Bad Gateway"),
    FLOW_UPSTOX_ERROR_SERVER, "HTTP 502", SERVER, "(HTTP 502)" },
  { "text-200", 200, "text/plain", "upstream connect error or disconnect/reset before headers",
    FLOW_UPSTOX_ERROR_INVALID_RESPONSE, "text/plain", SERVER,
    "HTTP 200, text/plain instead of the token" },
};

typedef enum
{
  ENDPOINT_CONTRACTS,
  ENDPOINT_CHAIN,
  ENDPOINT_CANDLES,
  N_ENDPOINTS
} Endpoint;

static const char * const endpoint_paths[] = {
  "/v2/option/contract",
  "/v2/option/chain",
  "/v3/historical-candle/intraday/",
};

/* Calls @endpoint and returns its error (asserting that it failed). */
static GError *
call_failing (FlowUpstoxClient *client,
              Endpoint          endpoint)
{
  g_autoptr(GAsyncResult) result = NULL;
  GError *error = NULL;

  switch (endpoint)
    {
    case ENDPOINT_CONTRACTS:
      {
        g_auto(GStrv) expiries = NULL;

        flow_upstox_client_expiries_async (client, "NSE_INDEX|Nifty 50", NULL,
                                           flow_test_store_result, &result);
        expiries = flow_upstox_client_expiries_finish (client,
                                                       flow_test_wait_result (&result, WAIT_S),
                                                       &error);
        g_assert_null (expiries);
      }
      break;
    case ENDPOINT_CHAIN:
      {
        g_autoptr(JsonNode) body = NULL;

        flow_upstox_client_option_chain_async (client, "NSE_INDEX|Nifty 50", "2026-01-29", NULL,
                                               flow_test_store_result, &result);
        body = flow_upstox_client_option_chain_finish (client,
                                                       flow_test_wait_result (&result, WAIT_S),
                                                       &error);
        g_assert_null (body);
      }
      break;
    case ENDPOINT_CANDLES:
    case N_ENDPOINTS:
    default:
      {
        g_autoptr(JsonNode) body = NULL;

        flow_upstox_client_intraday_candles_async (client, "NSE_FO|1000", NULL,
                                                   flow_test_store_result, &result);
        body = flow_upstox_client_intraday_candles_finish (client,
                                                           flow_test_wait_result (&result, WAIT_S),
                                                           &error);
        g_assert_null (body);
      }
      break;
    }
  g_assert_nonnull (error);
  return error;
}

/* Every REST endpoint × every fault: the right error code and a clear message. */
static void
test_rest_faults (void)
{
  guint n_cases = 0;

  for (guint e = 0; e < N_ENDPOINTS; e++)
    for (gsize f = 0; f < G_N_ELEMENTS (faults); f++)
      {
        g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
        g_autoptr(FlowUpstoxClient) client = NULL;
        g_autoptr(GError) error = NULL;

        flow_test_upstox_set_token (server, TOKEN);
        client = flow_upstox_client_new (flow_test_upstox_get_url (server), TOKEN);
        flow_test_upstox_push (server, endpoint_paths[e], faults[f].status,
                               faults[f].content_type, faults[f].body);
        error = call_failing (client, e);
        g_test_message ("%s × %s: %s", endpoint_paths[e], faults[f].name, error->message);
        if (!g_error_matches (error, FLOW_UPSTOX_ERROR, faults[f].client_code))
          g_error ("%s × %s: %s (%d)", endpoint_paths[e], faults[f].name, error->message,
                   error->code);
        if (strstr (error->message, faults[f].in_message) == NULL)
          g_error ("%s × %s: “%s” does not mention “%s”", endpoint_paths[e], faults[f].name,
                   error->message, faults[f].in_message);
        assert_clear_message (error->message);
        g_assert_cmpuint (flow_test_upstox_get_hits (server, endpoint_paths[e]), ==, 1);
        n_cases++;
      }
  g_assert_cmpuint (n_cases, ==, N_ENDPOINTS * G_N_ELEMENTS (faults));
}

/* What a failed exchange must tell the user to do, by its error code. */
static const char *
exchange_advice (int code)
{
  switch (code)
    {
    case FLOW_UPSTOX_OAUTH_ERROR_CODE_REJECTED:
      return "Upstox refused the sign-in code";
    case FLOW_UPSTOX_OAUTH_ERROR_RATE_LIMITED:
      return "wait a minute, then sign in again";
    case FLOW_UPSTOX_OAUTH_ERROR_SERVER:
      return "Upstox’s server failed to finish the sign-in";
    default:
      g_assert_not_reached ();
    }
}

/* The access_token in the keyring, or NULL. */
static char *
stored_token (void)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;

  values = flow_credentials_lookup_all_sync (credentials, FLOW_BROKER_UPSTOX, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (g_hash_table_lookup (values, "access_token"));
}

/* The token exchange × every fault: the error says truly why (refused only for a 4xx other than
 * 429) and what to do, and nothing is stored. */
static void
test_exchange_faults (void)
{
  for (gsize f = 0; f < G_N_ELEMENTS (faults); f++)
    {
      g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
      g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
      g_autoptr(FlowUpstoxOauth) oauth = NULL;
      g_autoptr(GAsyncResult) prepared = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;
      g_autofree char *redirect = NULL;
      g_autofree char *user_id = NULL;
      g_autofree char *token = NULL;

      /* Not a loopback redirect URI: no listener, only the pasted URL finishes the sign-in. */
      flow_test_keyring_store (FLOW_BROKER_UPSTOX, "api_key", "app-key", "api_secret", API_SECRET,
                               "redirect_uri", "https://orderflow.invalid/callback", NULL);
      oauth = flow_upstox_oauth_new (credentials);
      flow_upstox_oauth_prepare_async (oauth, NULL, flow_test_store_result, &prepared);
      url = flow_upstox_oauth_prepare_finish (oauth, flow_test_wait_result (&prepared, WAIT_S),
                                              &error);
      g_assert_no_error (error);
      g_assert_false (flow_upstox_oauth_is_listening (oauth));

      flow_test_upstox_add_code (server, CODE, TOKEN, "AB1234");
      flow_test_upstox_fail_next_token (server, faults[f].status, faults[f].content_type,
                                        faults[f].body);
      flow_upstox_oauth_sign_in_async (oauth, NULL, flow_test_store_result, &result);
      redirect = g_strdup_printf ("https://orderflow.invalid/callback?code=%s&state=%s", CODE,
                                  flow_upstox_oauth_get_state (oauth));
      g_assert_true (flow_upstox_oauth_submit_redirect (oauth, redirect, &error));
      g_assert_no_error (error);
      user_id = flow_upstox_oauth_sign_in_finish (oauth, flow_test_wait_result (&result, WAIT_S),
                                                  &error);
      g_test_message ("token × %s: %s", faults[f].name, error != NULL ? error->message : "");
      g_assert_null (user_id);
      g_assert_nonnull (error);
      if (!g_error_matches (error, FLOW_UPSTOX_OAUTH_ERROR, faults[f].exchange_code))
        g_error ("token × %s: %s (%s %d)", faults[f].name, error->message,
                 g_quark_to_string (error->domain), error->code);
      if (strstr (error->message, faults[f].in_exchange) == NULL)
        g_error ("token × %s: “%s” does not mention “%s”", faults[f].name, error->message,
                 faults[f].in_exchange);
      if (strstr (error->message, exchange_advice (faults[f].exchange_code)) == NULL)
        g_error ("token × %s: “%s” does not say “%s”", faults[f].name, error->message,
                 exchange_advice (faults[f].exchange_code));
      /* The bug this guards against: every failure used to say the code was refused. */
      if (faults[f].exchange_code != FLOW_UPSTOX_OAUTH_ERROR_CODE_REJECTED &&
          strstr (error->message, "refused") != NULL)
        g_error ("token × %s: “%s” says refused", faults[f].name, error->message);
      g_assert_nonnull (strstr (error->message, "sign"));
      assert_clear_message (error->message);
      g_assert_cmpuint (flow_test_upstox_get_hits (server, "/v2/login/authorization/token"), ==,
                        1);
      token = stored_token ();
      g_assert_null (token);
    }
}

/* ------------------------------------------------------------------------------------------
 * Slow and stalled servers
 */

/* A server slower than usual, but within the timeout: the answer arrives. */
static void
test_slow_client (void)
{
  g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
  g_autoptr(FlowUpstoxClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  gint64 start_us;

  flow_test_upstox_set_token (server, TOKEN);
  client = flow_upstox_client_new (flow_test_upstox_get_url (server), TOKEN);
  flow_upstox_client_set_timeout (client, 3);
  flow_test_upstox_set_delay (server, 1200);
  flow_test_upstox_push (server, "/v2/option/chain", 200, JSON,
                         "{\"status\":\"success\",\"data\":[]}");
  start_us = g_get_monotonic_time ();
  flow_upstox_client_option_chain_async (client, "NSE_INDEX|Nifty 50", "2026-01-29", NULL,
                                         flow_test_store_result, &result);
  body = flow_upstox_client_option_chain_finish (client, flow_test_wait_result (&result, WAIT_S),
                                                 &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);
  g_assert_cmpint (g_get_monotonic_time () - start_us, >=, 1000 * 1000);
}

typedef struct
{
  GSocketService *service;
  GPtrArray      *held;       /* the accepted connections, never read nor answered */
  char           *url;
} Stall;

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  Stall *stall = user_data;

  g_ptr_array_add (stall->held, g_object_ref (connection));
  return TRUE;
}

/* A server on 127.0.0.1 that accepts and then says nothing, ever. */
static void
stall_start (Stall *stall)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;

  stall->service = g_socket_service_new ();
  stall->held = g_ptr_array_new_with_free_func (g_object_unref);
  g_socket_listener_add_address (G_SOCKET_LISTENER (stall->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (stall->service, "incoming", G_CALLBACK (on_incoming), stall);
  stall->url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (
                                  G_INET_SOCKET_ADDRESS (effective)));
}

static void
stall_stop (Stall *stall)
{
  g_socket_service_stop (stall->service);
  g_socket_listener_close (G_SOCKET_LISTENER (stall->service));
  g_object_unref (stall->service);
  g_ptr_array_unref (stall->held);
  g_free (stall->url);
}

/* Every endpoint against a server that never answers: a timeout error that says so, in about
 * the session's timeout (30 s in the product; 1 s here), not a hang. */
static void
test_stalled_client (void)
{
  Stall stall = { 0 };

  stall_start (&stall);
  for (guint e = 0; e < N_ENDPOINTS; e++)
    {
      g_autoptr(FlowUpstoxClient) client = flow_upstox_client_new (stall.url, TOKEN);
      g_autoptr(GError) error = NULL;
      gint64 start_us = g_get_monotonic_time ();
      gint64 elapsed_us;

      flow_upstox_client_set_timeout (client, 1);
      error = call_failing (client, e);
      elapsed_us = g_get_monotonic_time () - start_us;
      g_test_message ("stalled %s: %s after %" G_GINT64_FORMAT " ms", endpoint_paths[e],
                      error->message, elapsed_us / 1000);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
      g_assert_true (g_str_has_prefix (error->message, "Could not reach Upstox"));
      assert_clear_message (error->message);
      g_assert_cmpint (elapsed_us, >=, 900 * 1000);
      g_assert_cmpint (elapsed_us, <, 5 * G_USEC_PER_SEC);
    }
  g_assert_cmpuint (stall.held->len, >=, N_ENDPOINTS);
  stall_stop (&stall);
}

/* ------------------------------------------------------------------------------------------
 * The token exchange against slow, stalled and unreachable servers, with the test as the browser
 */

static gboolean
page_done (gpointer data)
{
  return ((FlowTestPage *) data)->done;
}

/* The page the browser shows: says @wanted, and no secret. */
static void
assert_page (const FlowTestPage *page,
             guint       status,
             const char *wanted)
{
  g_test_message ("browser page: HTTP %u", page->status);
  g_assert_cmpuint (page->status, ==, status);
  if (strstr (page->text, wanted) == NULL)
    g_error ("the page does not say “%s”: %s", wanted, page->text);
  g_assert_null (strstr (page->text, TOKEN));
  g_assert_null (strstr (page->text, API_SECRET));
  g_assert_null (strstr (page->text, CODE));
}

typedef struct
{
  FlowUpstoxOauth *oauth;
  GAsyncResult    *result;
  FlowTestPage     page;
  gint64           start_us;
} Signin;

/* A sign-in whose redirect URI is on this computer, with @exchange_timeout_s for the token
 * exchange, against the API URL in the environment: prepared, and the browser sent to the
 * redirect with CODE. */
static void
signin_start (Signin *signin,
              guint   exchange_timeout_s)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/callback",
                                                   flow_test_free_port ());
  g_autofree char *url = NULL;
  g_autofree char *callback = NULL;

  memset (signin, 0, sizeof *signin);
  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "api_key", "app-key", "api_secret", API_SECRET,
                           "redirect_uri", redirect_uri, NULL);
  signin->oauth = flow_upstox_oauth_new (credentials);
  flow_upstox_oauth_set_exchange_timeout (signin->oauth, exchange_timeout_s);
  flow_upstox_oauth_prepare_async (signin->oauth, NULL, flow_test_store_result, &prepared);
  url = flow_upstox_oauth_prepare_finish (signin->oauth, flow_test_wait_result (&prepared, WAIT_S),
                                          &error);
  g_assert_no_error (error);
  g_assert_true (flow_upstox_oauth_is_listening (signin->oauth));

  flow_upstox_oauth_sign_in_async (signin->oauth, NULL, flow_test_store_result, &signin->result);
  callback = g_strdup_printf ("%s?code=%s&state=%s", redirect_uri, CODE,
                              flow_upstox_oauth_get_state (signin->oauth));
  signin->start_us = g_get_monotonic_time ();
  /* A browser waits far longer than the exchange may take. */
  flow_test_browse_async (callback, 5 * WAIT_S, &signin->page);
}

/* Waits for the page and the result; returns the user id, or NULL with @error set. The listener
 * is closed either way. */
static char *
signin_finish (Signin  *signin,
               GError **error)
{
  char *user_id;

  flow_test_run_until (page_done, &signin->page, WAIT_S);
  user_id = flow_upstox_oauth_sign_in_finish (signin->oauth,
                                              flow_test_wait_result (&signin->result, WAIT_S),
                                              error);
  g_assert_false (flow_upstox_oauth_is_listening (signin->oauth));
  return user_id;
}

static void
signin_clear (Signin *signin)
{
  g_clear_object (&signin->result);
  g_assert_finalize_object (signin->oauth);
  flow_test_page_clear (&signin->page);
}

/* A token endpoint slower than usual, but within the exchange timeout: signed in. */
static void
test_exchange_slow (void)
{
  g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *token = NULL;
  Signin signin;
  gint64 elapsed_us;

  flow_test_upstox_add_code (server, CODE, TOKEN, "AB1234");
  flow_test_upstox_set_delay (server, 1200);
  signin_start (&signin, 3);
  user_id = signin_finish (&signin, &error);
  elapsed_us = g_get_monotonic_time () - signin.start_us;
  g_test_message ("slow token exchange: signed in after %" G_GINT64_FORMAT " ms",
                  elapsed_us / 1000);
  g_assert_no_error (error);
  g_assert_cmpstr (user_id, ==, "AB1234");
  assert_page (&signin.page, SOUP_STATUS_OK, "signed in to Upstox");
  g_assert_cmpint (elapsed_us, >=, 1000 * 1000);
  g_assert_cmpuint (flow_test_upstox_get_hits (server, "/v2/login/authorization/token"), ==, 1);
  token = stored_token ();
  g_assert_cmpstr (token, ==, TOKEN);
  signin_clear (&signin);
}

/* A token endpoint that takes the request and never answers: after about the exchange timeout
 * (30 s in the product; 1 s here), a timeout that says Upstox did not answer and what to do, on
 * the browser's page and to the caller; no token stored, no hang, the listener closed. */
static void
test_exchange_stalled (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *token = NULL;
  Stall stall = { 0 };
  Signin signin;
  gint64 elapsed_us;

  stall_start (&stall);
  g_setenv ("ORDERFLOW_UPSTOX_API_URL", stall.url, TRUE);
  signin_start (&signin, 1);
  user_id = signin_finish (&signin, &error);
  elapsed_us = g_get_monotonic_time () - signin.start_us;
  g_test_message ("stalled token exchange: %s after %" G_GINT64_FORMAT " ms",
                  error != NULL ? error->message : "", elapsed_us / 1000);
  g_assert_null (user_id);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_true (g_str_has_prefix (error->message, "Upstox did not answer the sign-in within 1 s"));
  g_assert_nonnull (strstr (error->message, "sign in again"));
  g_assert_null (strstr (error->message, "refused"));
  assert_clear_message (error->message);
  assert_page (&signin.page, SOUP_STATUS_GATEWAY_TIMEOUT, "Upstox did not answer the sign-in");
  g_assert_cmpint (elapsed_us, >=, 900 * 1000);
  g_assert_cmpint (elapsed_us, <, 5 * G_USEC_PER_SEC);
  /* It was the token exchange that stalled, once. */
  g_assert_cmpuint (stall.held->len, ==, 1);
  token = stored_token ();
  g_assert_null (token);
  signin_clear (&signin);
  stall_stop (&stall);
  g_unsetenv ("ORDERFLOW_UPSTOX_API_URL");
}

/* Nothing listening where the token endpoint should be: could not reach Upstox, and what to do.
 */
static void
test_exchange_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *api_url = g_strdup_printf ("http://127.0.0.1:%u", flow_test_free_port ());
  Signin signin;

  g_setenv ("ORDERFLOW_UPSTOX_API_URL", api_url, TRUE);
  signin_start (&signin, 3);
  user_id = signin_finish (&signin, &error);
  g_test_message ("unreachable token endpoint: %s", error != NULL ? error->message : "");
  g_assert_null (user_id);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Could not reach Upstox to finish the sign-in ("));
  g_assert_true (g_str_has_suffix (error->message,
                                   "): check the internet connection and sign in again"));
  assert_clear_message (error->message);
  assert_page (&signin.page, SOUP_STATUS_BAD_GATEWAY, "Could not reach Upstox");
  token = stored_token ();
  g_assert_null (token);
  signin_clear (&signin);
  g_unsetenv ("ORDERFLOW_UPSTOX_API_URL");
}

/* ------------------------------------------------------------------------------------------
 * The feed
 */

/* A chain body like Upstox's: 11 strikes 50 apart from 24000 around @spot. */
static char *
chain_body (double spot)
{
  g_autoptr(FlowOptionChain) chain = flow_option_chain_new (0, "NIFTY", "2026-01-29", spot);
  g_autoptr(JsonNode) body = NULL;

  for (guint i = 0; i < 11; i++)
    {
      g_autofree char *ce_key = g_strdup_printf ("NSE_FO|%u", 1000 + 2 * i);
      g_autofree char *pe_key = g_strdup_printf ("NSE_FO|%u", 1001 + 2 * i);
      FlowOptionSide ce = { TRUE, ce_key, 100000 + 1000 * i, 100, 10 };
      FlowOptionSide pe = { TRUE, pe_key, 100000 + 2000 * i, 90, 10 };

      flow_option_chain_add_strike (chain, 24000 + 50 * i, &ce, &pe);
    }
  body = flow_upstox_option_chain_serialize (chain);
  return json_to_string (body, FALSE);
}

typedef struct
{
  FlowFeed  *feed;
  guint      n_chains;
  double     last_spot;
  GPtrArray *states;     /* FlowFeedState of every change, in order */
  GPtrArray *messages;   /* of every RECONNECTING/LOGGED_OUT/ERROR state */
} Run;

static void
on_chain (FlowFeed              *feed,
          const FlowOptionChain *chain,
          Run                   *run)
{
  run->n_chains++;
  run->last_spot = chain->spot;
}

static void
on_state (FlowFeed   *feed,
          GParamSpec *pspec,
          Run        *run)
{
  FlowFeedState state = flow_feed_get_state (feed);

  g_ptr_array_add (run->states, GINT_TO_POINTER (state));
  if (state == FLOW_FEED_STATE_RECONNECTING || state == FLOW_FEED_STATE_LOGGED_OUT ||
      state == FLOW_FEED_STATE_ERROR)
    g_ptr_array_add (run->messages, g_strdup (flow_feed_get_message (feed)));
}

static void
store_token (void)
{
  g_autofree char *tomorrow = flow_ist_format_iso (g_get_real_time () / 1000 + FLOW_DAY_MS);

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "access_token", TOKEN, "access_token_expires",
                           tomorrow, NULL);
}

static gboolean
server_reached (gpointer data)
{
  return flow_test_upstox_get_hits (data, "/") > 0;
}

/* A feed on @server (the newest one: it takes the API URL from the environment), polling every
 * second, started; returns once its client has reached @server. */
static void
run_start (Run            *run,
           FlowTestUpstox *server)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();

  memset (run, 0, sizeof *run);
  run->states = g_ptr_array_new ();
  run->messages = g_ptr_array_new_with_free_func (g_free);
  flow_test_upstox_set_token (server, TOKEN);
  run->feed = flow_upstox_feed_new (credentials, "NIFTY");
  /* Pinned, so that the expiry list does not matter. */
  flow_upstox_feed_set_expiry (FLOW_UPSTOX_FEED (run->feed), "2026-01-29");
  flow_upstox_feed_set_refresh (FLOW_UPSTOX_FEED (run->feed), 1);
  g_signal_connect (run->feed, "option-chain", G_CALLBACK (on_chain), run);
  g_signal_connect (run->feed, "notify::state", G_CALLBACK (on_state), run);
  flow_feed_start (run->feed);
  flow_test_run_until (server_reached, server, WAIT_S);
}

static void
run_clear (Run *run)
{
  flow_feed_stop (run->feed);
  g_clear_object (&run->feed);
  g_ptr_array_unref (run->states);
  g_ptr_array_unref (run->messages);
}

static gboolean
is_live (gpointer data)
{
  return flow_feed_get_state (((Run *) data)->feed) == FLOW_FEED_STATE_LIVE;
}

static gboolean
is_logged_out (gpointer data)
{
  return flow_feed_get_state (((Run *) data)->feed) == FLOW_FEED_STATE_LOGGED_OUT;
}

/* The faults a refresh recovers from. */
static const char * const transient[] = { "429", "500", "html-200", "html-502", "text-200" };

static const Fault *
fault_named (const char *name)
{
  for (gsize f = 0; f < G_N_ELEMENTS (faults); f++)
    if (strcmp (faults[f].name, name) == 0)
      return &faults[f];
  g_assert_not_reached ();
}

typedef struct
{
  Run runs[G_N_ELEMENTS (transient)];
} Runs;

/* LIVE, then RECONNECTING, then LIVE again with the later chain. */
static gboolean
recovered (const Run *run)
{
  guint step = 0;
  const FlowFeedState wanted[] = { FLOW_FEED_STATE_LIVE, FLOW_FEED_STATE_RECONNECTING,
                                   FLOW_FEED_STATE_LIVE };

  for (guint i = 0; i < run->states->len && step < G_N_ELEMENTS (wanted); i++)
    if (GPOINTER_TO_INT (g_ptr_array_index (run->states, i)) == (int) wanted[step])
      step++;
  return step == G_N_ELEMENTS (wanted) && run->last_spot == 24310;
}

static gboolean
all_recovered (gpointer data)
{
  Runs *runs = data;

  for (gsize t = 0; t < G_N_ELEMENTS (transient); t++)
    if (!recovered (&runs->runs[t]))
      return FALSE;
  return TRUE;
}

/* A failed refresh: RECONNECTING with a clear reason, then LIVE again once the server is well.
 * One feed and server per fault, all at once. */
static void
test_feed_recovers (void)
{
  g_autofree char *chain_a = chain_body (24212);
  g_autofree char *chain_b = chain_body (24310);
  FlowTestUpstox *servers[G_N_ELEMENTS (transient)];
  Runs runs;

  store_token ();
  for (gsize t = 0; t < G_N_ELEMENTS (transient); t++)
    {
      const Fault *fault = fault_named (transient[t]);

      servers[t] = flow_test_upstox_new ();
      flow_test_upstox_push (servers[t], "/v2/option/chain", 200, JSON, chain_a);
      flow_test_upstox_push (servers[t], "/v2/option/chain", 200, JSON, chain_a);
      flow_test_upstox_push (servers[t], "/v2/option/chain", fault->status,
                             fault->content_type, fault->body);
      flow_test_upstox_push (servers[t], "/v2/option/chain", 200, JSON, chain_b);
      run_start (&runs.runs[t], servers[t]);
    }
  flow_test_run_until (all_recovered, &runs, WAIT_S);
  for (gsize t = 0; t < G_N_ELEMENTS (transient); t++)
    {
      Run *run = &runs.runs[t];
      const char *message;

      g_assert_cmpuint (run->messages->len, ==, 1);
      message = g_ptr_array_index (run->messages, 0);
      g_test_message ("feed × %s: %s", transient[t], message);
      assert_clear_message (message);
      g_assert_cmpint (flow_feed_get_state (run->feed), ==, FLOW_FEED_STATE_LIVE);
      run_clear (run);
      flow_test_upstox_free (servers[t]);
    }
}

/* A rejected token: LOGGED_OUT with a message, and no more polling. */
static void
test_feed_logged_out (void)
{
  g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
  g_autofree char *chain = chain_body (24212);
  const Fault *fault = fault_named ("401-token");
  Run run;
  guint hits;
  const char *message;

  flow_test_upstox_push (server, "/v2/option/chain", 200, JSON, chain);
  flow_test_upstox_push (server, "/v2/option/chain", 200, JSON, chain);
  flow_test_upstox_push (server, "/v2/option/chain", fault->status, fault->content_type,
                         fault->body);
  store_token ();
  run_start (&run, server);
  flow_test_run_until (is_live, &run, WAIT_S);
  flow_test_run_until (is_logged_out, &run, WAIT_S);
  message = flow_feed_get_message (run.feed);
  g_test_message ("feed × 401: %s", message);
  assert_clear_message (message);
  g_assert_nonnull (strstr (message, "sign in again"));
  g_assert_nonnull (strstr (message, "UDAPI100050"));

  /* More than a refresh period later, still logged out and no further request. */
  hits = flow_test_upstox_get_hits (server, "/v2/option/chain");
  flow_test_wait_ms (1500);
  g_assert_cmpint (flow_feed_get_state (run.feed), ==, FLOW_FEED_STATE_LOGGED_OUT);
  g_assert_cmpuint (flow_test_upstox_get_hits (server, "/v2/option/chain"), ==, hits);
  run_clear (&run);
}

static gboolean
two_more_chains (gpointer data)
{
  Run *run = data;

  return run->n_chains >= 3;
}

/* A slow server (well within the 30 s timeout): the feed stays LIVE. */
static void
test_feed_slow (void)
{
  g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
  g_autofree char *chain = chain_body (24212);
  Run run;

  flow_test_upstox_push (server, "/v2/option/chain", 200, JSON, chain);
  store_token ();
  run_start (&run, server);
  flow_test_run_until (is_live, &run, WAIT_S);
  g_assert_cmpuint (run.n_chains, ==, 1);
  g_ptr_array_set_size (run.states, 0);
  flow_test_upstox_set_delay (server, 700);
  flow_test_run_until (two_more_chains, &run, WAIT_S);
  g_assert_cmpint (flow_feed_get_state (run.feed), ==, FLOW_FEED_STATE_LIVE);
  g_assert_cmpuint (run.messages->len, ==, 0);
  for (guint i = 0; i < run.states->len; i++)
    g_assert_cmpint (GPOINTER_TO_INT (g_ptr_array_index (run.states, i)), ==,
                     FLOW_FEED_STATE_LIVE);
  run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  keyring = flow_test_keyring_start ();

  g_test_add_func ("/fault/upstox/rest", test_rest_faults);
  g_test_add_func ("/fault/upstox/token-exchange", test_exchange_faults);
  g_test_add_func ("/fault/upstox/token-exchange-slow", test_exchange_slow);
  g_test_add_func ("/fault/upstox/token-exchange-stalled", test_exchange_stalled);
  g_test_add_func ("/fault/upstox/token-exchange-unreachable", test_exchange_unreachable);
  g_test_add_func ("/fault/upstox/slow-client", test_slow_client);
  g_test_add_func ("/fault/upstox/stalled-client", test_stalled_client);
  g_test_add_func ("/fault/upstox/feed-recovers", test_feed_recovers);
  g_test_add_func ("/fault/upstox/feed-logged-out", test_feed_logged_out);
  g_test_add_func ("/fault/upstox/feed-slow", test_feed_slow);

  status = g_test_run ();
  flow_test_keyring_stop (keyring);
  return status;
}

/* flow-upstox-client.h: the Upstox REST API (shared/protocols/upstox.md §0-3, §8)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* cli.md: the variable that replaces the REST host (which also serves the login dialog). */
#define FLOW_UPSTOX_API_URL_VARIABLE "ORDERFLOW_UPSTOX_API_URL"
#define FLOW_UPSTOX_DEFAULT_API_URL  "https://api.upstox.com"

#define FLOW_UPSTOX_ERROR (flow_upstox_error_quark ())

typedef enum
{
  FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED,   /* no token, an expired one, or 401 / UDAPI100050: never
                                       * retried, the user has to sign in again */
  FLOW_UPSTOX_ERROR_RATE_LIMITED,     /* 429 / UDAPI10005: the client backs off by itself */
  FLOW_UPSTOX_ERROR_SERVER,           /* 5xx */
  FLOW_UPSTOX_ERROR_REFUSED,          /* any other error answer; the message is Upstox's */
  FLOW_UPSTOX_ERROR_INVALID_RESPONSE, /* not JSON (an HTML error page, a proxy), or not the
                                       * documented shape */
  FLOW_UPSTOX_ERROR_NO_EXPIRY,        /* the underlying lists no expiry from today on */
} FlowUpstoxError;

GQuark      flow_upstox_error_quark      (void);

/* The REST base URL: FLOW_UPSTOX_API_URL_VARIABLE or the default, checked by
 * flow_endpoint_resolve() (plain http only on loopback), without a trailing slash. */
char       *flow_upstox_resolve_api_url  (GError     **error);

/* An access token lives until the first 03:30 IST after it was made (upstox.md §1.2):
 * 20:00 Tue → 03:30 Wed, 02:30 Wed → 03:30 Wed. */
gint64      flow_upstox_token_expiry_ms  (gint64       issued_ms);

/* The token to send, from the keyring's upstox values (name → value): the access token while
 * access_token_expires is in the future, else the analytics token. Neither: a
 * FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED error saying why. The result points into @values. */
const char *flow_upstox_pick_token       (GHashTable  *values,
                                          gint64       now_ms,
                                          GError     **error);

/* The distinct expiries ("YYYY-MM-DD", ascending) of a GET /v2/option/contract body. */
GStrv       flow_upstox_contract_expiries (JsonNode   *body,
                                           GError    **error);

/* The lot_size of the contracts of @expiry ("YYYY-MM-DD") in a GET /v2/option/contract body,
 * 0 when none of them says. Per expiry, since a lot-size revision reaches the far months
 * first (upstox.md §2: NIFTY went 50 → 75 → 65). */
gint64      flow_upstox_contract_lot_size (JsonNode   *body,
                                           const char *expiry);

/* Upstox's reason for an error answer (@root: its parsed body, or NULL when it is not JSON):
 * "message (CODE)" from the error envelope (upstox.md §0), or what little is known. */
char       *flow_upstox_describe_refusal  (JsonNode   *root,
                                           guint       http_status);

/* The single-use wss address of a GET /v3/feed/market-data-feed/authorize body (upstox.md
 * §5.1), checked as an endpoint is. */
char       *flow_upstox_feed_address      (JsonNode   *body,
                                           GError    **error);

#define FLOW_TYPE_UPSTOX_CLIENT (flow_upstox_client_get_type ())
G_DECLARE_FINAL_TYPE (FlowUpstoxClient, flow_upstox_client, FLOW, UPSTOX_CLIENT, GObject)

/* @base_url as from flow_upstox_resolve_api_url(); @access_token is sent as the Bearer and
 * never logged. */
FlowUpstoxClient *flow_upstox_client_new            (const char        *base_url,
                                                     const char        *access_token);
const char       *flow_upstox_client_get_base_url   (FlowUpstoxClient  *self);
/* The HTTP session of every call, also for the instruments file and the v3 feed's socket. */
SoupSession      *flow_upstox_client_get_session    (FlowUpstoxClient  *self);
/* Epoch ms before which no request is sent, 0 when not backing off. After a 429 every request
 * waits 2 s, doubling per further 429 up to 2 min, and back to none after a success
 * (upstox.md §7 gives no Retry-After). A request silent for 30 s fails with
 * G_IO_ERROR_TIMED_OUT. */
gint64            flow_upstox_client_get_backoff_until_ms (FlowUpstoxClient *self);

/* GET @path_and_query (from "/v2/…" on, already escaped) with the Bearer token. Finishes with
 * the body of a 2xx {"status":"success",…} answer, exactly as sent; anything else is a
 * FLOW_UPSTOX_ERROR, or the GIO error of the transport. */
void              flow_upstox_client_get_async      (FlowUpstoxClient  *self,
                                                     const char        *path_and_query,
                                                     GCancellable      *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer           user_data);
JsonNode         *flow_upstox_client_get_finish     (FlowUpstoxClient  *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);

/* GET /v2/option/contract for @underlying_key; finishes with flow_upstox_contract_expiries(). */
void              flow_upstox_client_expiries_async  (FlowUpstoxClient  *self,
                                                      const char        *underlying_key,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
GStrv             flow_upstox_client_expiries_finish (FlowUpstoxClient  *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);

/* The same request, finishing with the raw body: flow_upstox_contract_expiries() and
 * flow_upstox_contract_lot_size() read it. */
void              flow_upstox_client_option_contracts_async  (FlowUpstoxClient  *self,
                                                              const char        *underlying_key,
                                                              GCancellable      *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer           user_data);
JsonNode         *flow_upstox_client_option_contracts_finish (FlowUpstoxClient  *self,
                                                              GAsyncResult      *result,
                                                              GError           **error);

/* GET /v2/option/chain; finishes with the raw body (flow_upstox_option_chain_parse() reads it),
 * so that a recording keeps exactly what Upstox sent. */
void              flow_upstox_client_option_chain_async  (FlowUpstoxClient  *self,
                                                          const char        *underlying_key,
                                                          const char        *expiry,
                                                          GCancellable      *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer           user_data);
JsonNode         *flow_upstox_client_option_chain_finish (FlowUpstoxClient  *self,
                                                          GAsyncResult      *result,
                                                          GError           **error);

/* GET /v3/historical-candle/intraday/<key>/minutes/1: today's 1-minute candles with OI, newest
 * first; finishes with the raw body (flow_upstox_candles_parse_oi() reads it). */
void              flow_upstox_client_intraday_candles_async  (FlowUpstoxClient  *self,
                                                              const char        *instrument_key,
                                                              GCancellable      *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer           user_data);
JsonNode         *flow_upstox_client_intraday_candles_finish (FlowUpstoxClient  *self,
                                                              GAsyncResult      *result,
                                                              GError           **error);

/* GET /v3/historical-candle/<key>/minutes/1/<date>/<date>: a past day's 1-minute candles
 * (@date "YYYY-MM-DD"), newest first, as the intraday call gives today's; the raw body. */
void              flow_upstox_client_day_candles_async  (FlowUpstoxClient  *self,
                                                         const char        *instrument_key,
                                                         const char        *date,
                                                         GCancellable      *cancellable,
                                                         GAsyncReadyCallback callback,
                                                         gpointer           user_data);
JsonNode         *flow_upstox_client_day_candles_finish (FlowUpstoxClient  *self,
                                                         GAsyncResult      *result,
                                                         GError           **error);

/* GET /v3/feed/market-data-feed/authorize: finishes with the stream's single-use address
 * (flow_upstox_feed_address()); ask again before every connection. */
void              flow_upstox_client_authorize_feed_async  (FlowUpstoxClient  *self,
                                                            GCancellable      *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer           user_data);
char             *flow_upstox_client_authorize_feed_finish (FlowUpstoxClient  *self,
                                                            GAsyncResult      *result,
                                                            GError           **error);

G_END_DECLS

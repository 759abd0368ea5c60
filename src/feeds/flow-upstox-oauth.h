/* flow-upstox-oauth.h: the Upstox OAuth2 sign-in, shared by the CLI and the dialog
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "flow-credentials.h"

G_BEGIN_DECLS

#define FLOW_UPSTOX_OAUTH_ERROR (flow_upstox_oauth_error_quark ())

typedef enum
{
  FLOW_UPSTOX_OAUTH_ERROR_NOT_CONFIGURED, /* api_key, api_secret or redirect_uri not stored */
  FLOW_UPSTOX_OAUTH_ERROR_PORT_IN_USE,    /* another program holds the redirect URI's port */
  FLOW_UPSTOX_OAUTH_ERROR_LISTEN,         /* the redirect URI cannot be listened on otherwise */
  FLOW_UPSTOX_OAUTH_ERROR_WRONG_STATE,    /* a redirect that is not the answer to this sign-in */
  FLOW_UPSTOX_OAUTH_ERROR_NO_CODE,        /* a redirect without a code (login refused, or not
                                           * the redirected URL) */
  FLOW_UPSTOX_OAUTH_ERROR_CODE_REJECTED,  /* Upstox refused the token exchange (a 4xx answer
                                           * other than 429): codes are single-use */
  FLOW_UPSTOX_OAUTH_ERROR_TIMEOUT,        /* no usable redirect in time */
  FLOW_UPSTOX_OAUTH_ERROR_BUSY,           /* a code is already being exchanged, or was */
  FLOW_UPSTOX_OAUTH_ERROR_RATE_LIMITED,   /* the token exchange got 429 */
  FLOW_UPSTOX_OAUTH_ERROR_SERVER,         /* the token exchange got a 5xx, or an answer that is
                                           * not the token (an HTML page, plain text) */
} FlowUpstoxOauthError;

GQuark flow_upstox_oauth_error_quark (void);

/* How long a sign-in waits for the browser by default: cli.md's 5 minutes. */
#define FLOW_UPSTOX_OAUTH_DEFAULT_TIMEOUT_MS (5 * 60 * 1000)
/* How long the token exchange may stay silent by default before it fails. */
#define FLOW_UPSTOX_OAUTH_DEFAULT_EXCHANGE_TIMEOUT_S 30

/* Reads @url (the redirect URI with code and state, as the browser was sent to it, or as pasted:
 * surrounding blanks are ignored) and returns its code when its state is @expected_state. */
char  *flow_upstox_oauth_parse_redirect (const char  *url,
                                         const char  *expected_state,
                                         GError     **error);

#define FLOW_TYPE_UPSTOX_OAUTH (flow_upstox_oauth_get_type ())
G_DECLARE_FINAL_TYPE (FlowUpstoxOauth, flow_upstox_oauth, FLOW, UPSTOX_OAUTH, GObject)

/* One sign-in attempt (make a new object to try again): state is fresh per object.
 *
 * 1. flow_upstox_oauth_prepare_async() reads api_key, api_secret and redirect_uri from the
 *    keyring, resolves the API host (ORDERFLOW_UPSTOX_API_URL), and, when the redirect URI is an
 *    http:// loopback address, binds a listener on exactly that address and port (never on
 *    another interface). It finishes with the authorization URL to open in the browser.
 * 2. flow_upstox_oauth_sign_in_async() waits for the browser's redirect, or for
 *    flow_upstox_oauth_submit_redirect() with a pasted URL, exchanges the code (a form-encoded
 *    POST), stores access_token and access_token_expires (the next 03:30 IST) in the keyring,
 *    and finishes with the Upstox user id. A failed exchange is a FLOW_UPSTOX_OAUTH_ERROR
 *    (CODE_REJECTED, RATE_LIMITED, SERVER) when Upstox answered, or the GIO error of the
 *    transport (G_IO_ERROR_TIMED_OUT when Upstox stayed silent), each with a message that says
 *    what to do; nothing is stored then.
 *
 * The listener takes GET on the redirect path only. A redirect whose state differs, or that has
 * no code, gets an error page and the sign-in keeps waiting: it may be a stale tab or another
 * program, and must not end the user's real attempt; the "rejected" signal (a message) reports
 * it, and a later timeout error mentions it. The first matching redirect is the only one taken;
 * any later request gets "already used". The browser's page is answered once the exchange is
 * over, saying whether it worked.
 *
 * Every end (success, code rejected, timeout, cancel, dispose) closes the listener. */
FlowUpstoxOauth *flow_upstox_oauth_new              (FlowCredentials      *credentials);
void             flow_upstox_oauth_prepare_async    (FlowUpstoxOauth      *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char            *flow_upstox_oauth_prepare_finish   (FlowUpstoxOauth      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
/* TRUE once prepared with a listener; FALSE when the redirect URI is not an http:// loopback
 * address, so only a pasted URL can finish the sign-in. */
gboolean         flow_upstox_oauth_is_listening     (FlowUpstoxOauth      *self);
const char      *flow_upstox_oauth_get_redirect_uri (FlowUpstoxOauth      *self);
void             flow_upstox_oauth_sign_in_async    (FlowUpstoxOauth      *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
char            *flow_upstox_oauth_sign_in_finish   (FlowUpstoxOauth      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
/* The fallback for a browser on another machine: the URL it was redirected to. A URL that is
 * not the answer (wrong state, no code) fails here and the sign-in keeps waiting; a good one
 * goes on to the exchange, which sign-in reports. */
gboolean         flow_upstox_oauth_submit_redirect  (FlowUpstoxOauth      *self,
                                                     const char           *url,
                                                     GError              **error);

G_END_DECLS

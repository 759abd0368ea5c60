/* flow-smartapi-client.h: Angel One SmartAPI REST session (shared/protocols/smartapi.md §1)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define FLOW_SMARTAPI_DEFAULT_API_URL "https://apiconnect.angelone.in"

#define FLOW_SMARTAPI_ERROR (flow_smartapi_error_quark ())

/* What went wrong, by what the user can do about it. */
typedef enum
{
  FLOW_SMARTAPI_ERROR_RATE_LIMITED,  /* the plain-text 403: wait and retry */
  FLOW_SMARTAPI_ERROR_FIREWALL,      /* an HTML page from Angel One's web firewall */
  FLOW_SMARTAPI_ERROR_TOKEN,         /* the session token is invalid or expired: log in again */
  FLOW_SMARTAPI_ERROR_TOTP,          /* AB1050: the TOTP code was refused */
  FLOW_SMARTAPI_ERROR_CREDENTIALS,   /* client code, PIN or API key refused */
  FLOW_SMARTAPI_ERROR_REFUSED,       /* any other error code the API returned */
  FLOW_SMARTAPI_ERROR_HTTP,          /* an HTTP failure with no SmartAPI error in it */
  FLOW_SMARTAPI_ERROR_BAD_RESPONSE,  /* a body we cannot use */
} FlowSmartapiError;

GQuark    flow_smartapi_error_quark     (void);

/* Turns one REST reply into its `data` member, or into a FLOW_SMARTAPI_ERROR. It looks at the
 * HTTP status and the body's first non-blank byte before JSON parsing, and understands the
 * three failure shapes: {"status":false,"errorcode":…} (status may be the string "false"),
 * the gateway's {"success":false,"errorCode":…}, and non-JSON bodies (the rate limiter's
 * plain text, the firewall's HTML). The returned node may hold null; free it with
 * json_node_unref(). */
JsonNode *flow_smartapi_parse_response  (guint          http_status,
                                         GBytes        *body,
                                         GError       **error);

/* Sent on every Angel One request (REST, the scrip master, the stream's handshake): every SDK's
 * HTTP stack names itself, and a gateway may refuse a client that does not. Needs config.h. */
#define FLOW_SMARTAPI_USER_AGENT "OrderFlow/" PACKAGE_VERSION

#define FLOW_TYPE_SMARTAPI_CLIENT (flow_smartapi_client_get_type ())
G_DECLARE_FINAL_TYPE (FlowSmartapiClient, flow_smartapi_client, FLOW, SMARTAPI_CLIENT, GObject)

/* A session of one Angel One account. The secrets and tokens stay in this object's memory,
 * are wiped when it goes, and are never logged. @api_url is the REST root (see
 * flow_endpoint_resolve() and ORDERFLOW_ANGEL_API_URL). @session may be NULL for a new one. */
FlowSmartapiClient *flow_smartapi_client_new                    (SoupSession          *session,
                                                                 const char           *api_url,
                                                                 const char           *api_key,
                                                                 const char           *client_code,
                                                                 const char           *pin,
                                                                 const char           *totp_secret);
/* The same from the keyring's name → value table of the angel broker (public_ip, optional,
 * included); fails naming the missing credentials. */
FlowSmartapiClient *flow_smartapi_client_new_from_credentials   (SoupSession          *session,
                                                                 const char           *api_url,
                                                                 GHashTable           *values,
                                                                 GError              **error);

/* The static IP the user registered with Angel One for the API key (NULL or "": none), sent
 * as X-ClientPublicIP; without it the machine's own address goes. */
void                flow_smartapi_client_set_public_ip          (FlowSmartapiClient   *self,
                                                                 const char           *public_ip);
const char         *flow_smartapi_client_get_public_ip          (FlowSmartapiClient   *self);

SoupSession        *flow_smartapi_client_get_session            (FlowSmartapiClient   *self);
const char         *flow_smartapi_client_get_client_code        (FlowSmartapiClient   *self);
const char         *flow_smartapi_client_get_api_key            (FlowSmartapiClient   *self);
/* The bare JWT (no "Bearer ") and the feed token; NULL before a login. For the stream's
 * handshake only: never log them. */
const char         *flow_smartapi_client_get_jwt_token          (FlowSmartapiClient   *self);
const char         *flow_smartapi_client_get_feed_token         (FlowSmartapiClient   *self);
/* TRUE when a login of the current IST day holds tokens. Sessions end at midnight. */
gboolean            flow_smartapi_client_has_session            (FlowSmartapiClient   *self);
/* Forgets the tokens, so the next ensure_session logs in. */
void                flow_smartapi_client_invalidate             (FlowSmartapiClient   *self);

/* loginByPassword with a TOTP code computed right before the request. */
void                flow_smartapi_client_login_async            (FlowSmartapiClient   *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            flow_smartapi_client_login_finish           (FlowSmartapiClient   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
/* Logs in unless a session of today is held: a new login each trading day. */
void                flow_smartapi_client_ensure_session_async   (FlowSmartapiClient   *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            flow_smartapi_client_ensure_session_finish  (FlowSmartapiClient   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
/* After the server refused the tokens (a 401 at the stream's handshake): generateTokens with
 * the refresh token, and a full login when that is refused too or there is no session. */
void                flow_smartapi_client_renew_session_async    (FlowSmartapiClient   *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
gboolean            flow_smartapi_client_renew_session_finish   (FlowSmartapiClient   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
/* getProfile, logging in first when needed and once more when the token is refused. Returns
 * the profile's client code. */
void                flow_smartapi_client_get_profile_async      (FlowSmartapiClient   *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
char               *flow_smartapi_client_get_profile_finish     (FlowSmartapiClient   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
/* An authorized POST of @body to @path on the REST root (the historical APIs), with the
 * session held; the caller renews it on a TOKEN error. Returns the reply's data node and, in
 * @out_raw (may be NULL; may receive NULL when nothing was read), the body as received. */
void                flow_smartapi_client_post_async             (FlowSmartapiClient   *self,
                                                                 const char           *path,
                                                                 JsonNode             *body,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data);
JsonNode           *flow_smartapi_client_post_finish            (FlowSmartapiClient   *self,
                                                                 GAsyncResult         *result,
                                                                 GBytes              **out_raw,
                                                                 GError              **error);

G_END_DECLS

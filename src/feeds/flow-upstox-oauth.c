/* flow-upstox-oauth.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-upstox-oauth"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>
#include <sys/random.h>

#include "flow-endpoint.h"
#include "flow-ist.h"
#include "flow-upstox-client.h"
#include "flow-upstox-oauth-private.h"

G_DEFINE_QUARK (flow-upstox-oauth-error-quark, flow_upstox_oauth_error)

#define STATE_BYTES 16
/* Not in libsoup 3.2's SoupStatus. */
#define HTTP_TOO_MANY_REQUESTS 429

char *
flow_upstox_oauth_parse_redirect (const char  *url,
                                  const char  *expected_state,
                                  GError     **error)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (url));
  g_autoptr(GUri) uri = g_uri_parse (trimmed, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = NULL;
  const char *state, *code, *failure;

  if (uri != NULL && g_uri_get_query (uri) != NULL)
    params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
  if (params == NULL)
    {
      g_set_error_literal (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_NO_CODE,
                           _("This is not the address Upstox redirected to: it has no code "
                             "and state"));
      return NULL;
    }

  state = g_hash_table_lookup (params, "state");
  code = g_hash_table_lookup (params, "code");
  failure = g_hash_table_lookup (params, "error_description");
  if (failure == NULL)
    failure = g_hash_table_lookup (params, "error");
  if (g_strcmp0 (state, expected_state) != 0)
    {
      g_set_error_literal (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_WRONG_STATE,
                           _("This redirect does not belong to this sign-in (its state does "
                             "not match): use the login page this sign-in opened"));
      return NULL;
    }
  if (code == NULL || *code == '\0')
    {
      if (failure != NULL)
        g_set_error (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_NO_CODE,
                     _("Upstox did not sign you in: %s"), failure);
      else
        g_set_error_literal (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_NO_CODE,
                             _("The redirect has no code"));
      return NULL;
    }
  return g_strdup (code);
}

struct _FlowUpstoxOauth
{
  GObject parent_instance;

  FlowCredentials *credentials;
  guint            timeout_ms;
  guint            exchange_timeout_s;

  /* Once prepared */
  char            *api_url;
  char            *api_key;
  char            *api_secret;      /* secret */
  char            *redirect_uri;
  char            *redirect_path;
  char            *state;
  SoupServer      *server;

  /* While signing in */
  GTask           *task;            /* sign_in's */
  guint            timeout_id;
  gulong           cancelled_id;
  char            *last_rejection;
  gboolean         accepted;        /* a code has been taken: no other will be */
  SoupServerMessage *browser;       /* the accepted callback, answered after the exchange */
  char            *outcome_user_id; /* the result, while the browser's page is written */
  GError          *outcome_error;
  SoupSession     *session;
};

G_DEFINE_FINAL_TYPE (FlowUpstoxOauth, flow_upstox_oauth, G_TYPE_OBJECT)

enum {
  REJECTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
close_listener (FlowUpstoxOauth *self)
{
  if (self->server == NULL)
    return;
  g_debug ("closing the listener on %s", self->redirect_uri);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
}

static void
flow_upstox_oauth_dispose (GObject *object)
{
  FlowUpstoxOauth *self = FLOW_UPSTOX_OAUTH (object);

  close_listener (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->session);
  g_clear_object (&self->browser);
  g_clear_object (&self->credentials);
  G_OBJECT_CLASS (flow_upstox_oauth_parent_class)->dispose (object);
}

static void
flow_upstox_oauth_finalize (GObject *object)
{
  FlowUpstoxOauth *self = FLOW_UPSTOX_OAUTH (object);

  g_free (self->api_url);
  g_free (self->api_key);
  clear_secret (&self->api_secret);
  g_free (self->redirect_uri);
  g_free (self->redirect_path);
  g_free (self->state);
  g_free (self->last_rejection);
  g_free (self->outcome_user_id);
  g_clear_error (&self->outcome_error);
  G_OBJECT_CLASS (flow_upstox_oauth_parent_class)->finalize (object);
}

static void
flow_upstox_oauth_class_init (FlowUpstoxOauthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flow_upstox_oauth_dispose;
  object_class->finalize = flow_upstox_oauth_finalize;

  /* A redirect was refused (wrong state, no code) and the sign-in goes on waiting. */
  signals[REJECTED] =
    g_signal_new ("rejected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
flow_upstox_oauth_init (FlowUpstoxOauth *self)
{
  self->timeout_ms = FLOW_UPSTOX_OAUTH_DEFAULT_TIMEOUT_MS;
  self->exchange_timeout_s = FLOW_UPSTOX_OAUTH_DEFAULT_EXCHANGE_TIMEOUT_S;
}

FlowUpstoxOauth *
flow_upstox_oauth_new (FlowCredentials *credentials)
{
  FlowUpstoxOauth *self;

  g_return_val_if_fail (FLOW_IS_CREDENTIALS (credentials), NULL);

  self = g_object_new (FLOW_TYPE_UPSTOX_OAUTH, NULL);
  self->credentials = g_object_ref (credentials);
  return self;
}

void
flow_upstox_oauth_set_timeout_ms (FlowUpstoxOauth *self,
                                  guint            timeout_ms)
{
  g_return_if_fail (FLOW_IS_UPSTOX_OAUTH (self));
  g_return_if_fail (timeout_ms > 0);
  self->timeout_ms = timeout_ms;
}

void
flow_upstox_oauth_set_exchange_timeout (FlowUpstoxOauth *self,
                                        guint            seconds)
{
  g_return_if_fail (FLOW_IS_UPSTOX_OAUTH (self));
  self->exchange_timeout_s = seconds;
  if (self->session != NULL)
    soup_session_set_timeout (self->session, seconds);
}

gboolean
flow_upstox_oauth_is_listening (FlowUpstoxOauth *self)
{
  g_return_val_if_fail (FLOW_IS_UPSTOX_OAUTH (self), FALSE);
  return self->server != NULL;
}

const char *
flow_upstox_oauth_get_redirect_uri (FlowUpstoxOauth *self)
{
  g_return_val_if_fail (FLOW_IS_UPSTOX_OAUTH (self), NULL);
  return self->redirect_uri;
}

const char *
flow_upstox_oauth_get_state (FlowUpstoxOauth *self)
{
  g_return_val_if_fail (FLOW_IS_UPSTOX_OAUTH (self), NULL);
  return self->state;
}

/* ------------------------------------------------------------------------------------------
 * The browser's side
 */

static void
respond_page (SoupServerMessage *message,
              guint              status,
              const char        *title,
              const char        *text)
{
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped_text = g_markup_escape_text (text, -1);
  g_autofree char *page = g_strdup_printf (
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Order Flow: %s</title></head>"
    "<body style=\"font-family: sans-serif; margin: 3em\"><h1>%s</h1><p>%s</p></body></html>\n",
    escaped_title, escaped_title, escaped_text);

  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    page, strlen (page));
}

static void
reject (FlowUpstoxOauth *self,
        const char      *message)
{
  g_free (self->last_rejection);
  self->last_rejection = g_strdup (message);
  g_debug ("redirect refused: %s", message);
  g_signal_emit (self, signals[REJECTED], 0, message);
}

static void exchange (FlowUpstoxOauth *self,
                      const char      *code);

static void
on_callback (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  FlowUpstoxOauth *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *url = NULL;

  /* The handler also sees longer paths below the registered one. */
  if (strcmp (path, self->redirect_path) != 0)
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  if (soup_server_message_get_method (message) != SOUP_METHOD_GET)
    {
      soup_server_message_set_status (message, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  if (self->accepted || self->task == NULL)
    {
      respond_page (message, SOUP_STATUS_GONE, _("Already used"),
                    self->accepted ? _("This sign-in has already received its answer. You can "
                                       "close this tab.")
                                   : _("Order Flow is not waiting for a sign-in. Start it again "
                                       "from the app."));
      return;
    }

  url = g_uri_to_string (soup_server_message_get_uri (message));
  code = flow_upstox_oauth_parse_redirect (url, self->state, &error);
  if (code == NULL)
    {
      respond_page (message, SOUP_STATUS_BAD_REQUEST, _("Sign-in not accepted"),
                    error->message);
      reject (self, error->message);
      return;
    }

  self->accepted = TRUE;
  self->browser = g_object_ref (message);
  soup_server_message_pause (message);
  exchange (self, code);
}

/* ------------------------------------------------------------------------------------------
 * Preparing
 */

static char *
random_state (GError **error)
{
  guint8 bytes[STATE_BYTES];
  GString *text = g_string_sized_new (2 * STATE_BYTES);

  /* Guessing the state would let another page feed us its own code: it must be unpredictable,
   * which g_random_* is not. */
  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           _("Could not get random bytes for the sign-in"));
      g_string_free (text, TRUE);
      return NULL;
    }
  for (gsize i = 0; i < sizeof bytes; i++)
    g_string_append_printf (text, "%02x", bytes[i]);
  return g_string_free (text, FALSE);
}

/* Binds exactly the redirect URI's loopback address and port. A redirect URI elsewhere is not
 * an error: the pasted URL is then the only way back. */
static gboolean
listen_on_redirect (FlowUpstoxOauth  *self,
                    GUri             *uri,
                    GError          **error)
{
  g_autoptr(GError) listen_error = NULL;
  const char *host = g_uri_get_host (uri);
  int port = g_uri_get_port (uri) > 0 ? g_uri_get_port (uri) : 80;
  gboolean listening;

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0 ||
      !flow_endpoint_is_loopback (host))
    {
      g_debug ("redirect URI %s is not on this computer: no listener", self->redirect_uri);
      return TRUE;
    }

  self->server = soup_server_new ("server-header", "OrderFlow", NULL);
  soup_server_add_handler (self->server, self->redirect_path, on_callback, self, NULL);
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    {
      /* The browser may resolve localhost to either family. */
      listening = soup_server_listen_local (self->server, port, 0, &listen_error);
      if (!listening && !g_error_matches (listen_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        {
          g_clear_error (&listen_error);
          listening = soup_server_listen_local (self->server, port,
                                                SOUP_SERVER_LISTEN_IPV4_ONLY, &listen_error);
        }
    }
  else
    {
      g_autofree char *bare = host[0] == '[' ? g_strndup (host + 1, strlen (host) - 2)
                                             : g_strdup (host);
      g_autoptr(GInetAddress) address = g_inet_address_new_from_string (bare);
      g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, port);

      listening = soup_server_listen (self->server, socket_address, 0, &listen_error);
    }

  if (listening)
    {
      g_debug ("listening on %s", self->redirect_uri);
      return TRUE;
    }

  close_listener (self);
  if (g_error_matches (listen_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
    g_set_error (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_PORT_IN_USE,
                 _("Another program is using port %d, where the sign-in must arrive (%s): "
                   "close it, or change the redirect URI here and in the Upstox app"),
                 port, self->redirect_uri);
  else
    g_set_error (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_LISTEN,
                 _("Cannot wait for the sign-in on %s: %s"), self->redirect_uri,
                 listen_error->message);
  return FALSE;
}

static char *
authorization_url (FlowUpstoxOauth *self)
{
  g_autofree char *client_id = g_uri_escape_string (self->api_key, NULL, FALSE);
  g_autofree char *redirect = g_uri_escape_string (self->redirect_uri, NULL, FALSE);

  return g_strconcat (self->api_url, "/v2/login/authorization/dialog?response_type=code",
                      "&client_id=", client_id, "&redirect_uri=", redirect,
                      "&state=", self->state, NULL);
}

static void
on_values (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlowUpstoxOauth *self = g_task_get_source_object (task);
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  g_autoptr(GUri) uri = NULL;
  const char * const needed[] = { "api_key", "api_secret", "redirect_uri" };

  values = flow_credentials_lookup_all_finish (FLOW_CREDENTIALS (source), result, &error);
  if (values == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (needed); i++)
    if (g_hash_table_lookup (values, needed[i]) == NULL)
      g_ptr_array_add (missing, (gpointer) needed[i]);
  if (missing->len > 0)
    {
      g_autofree char *names = NULL;

      g_ptr_array_add (missing, NULL);
      names = g_strjoinv (", ", (char **) missing->pdata);
      g_task_return_new_error (task, FLOW_UPSTOX_OAUTH_ERROR,
                               FLOW_UPSTOX_OAUTH_ERROR_NOT_CONFIGURED,
                               _("The Upstox app is not set up (missing: %s): enter its API "
                                 "key, API secret and redirect URI in Preferences → Accounts"),
                               names);
      return;
    }

  self->api_url = flow_upstox_resolve_api_url (&error);
  self->state = self->api_url != NULL ? random_state (&error) : NULL;
  if (self->state == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->api_key = g_strdup (g_hash_table_lookup (values, "api_key"));
  self->api_secret = g_strdup (g_hash_table_lookup (values, "api_secret"));
  self->redirect_uri = g_strdup (g_hash_table_lookup (values, "redirect_uri"));

  uri = g_uri_parse (self->redirect_uri, G_URI_FLAGS_NONE, &error);
  if (uri == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->redirect_path = g_strdup (*g_uri_get_path (uri) != '\0' ? g_uri_get_path (uri) : "/");
  if (!listen_on_redirect (self, uri, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, authorization_url (self), g_free);
}

void
flow_upstox_oauth_prepare_async (FlowUpstoxOauth     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FLOW_IS_UPSTOX_OAUTH (self));
  g_return_if_fail (self->state == NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, flow_upstox_oauth_prepare_async);
  flow_credentials_lookup_all_async (self->credentials, FLOW_BROKER_UPSTOX, cancellable,
                                     on_values, task);
}

char *
flow_upstox_oauth_prepare_finish (FlowUpstoxOauth  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------
 * Signing in
 */

/* Ends the sign-in: the listener goes first, so nothing is left behind whatever happened. */
static void
finish (FlowUpstoxOauth *self,
        char            *user_id,
        GError          *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  close_listener (self);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->cancelled_id != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), self->cancelled_id);
      self->cancelled_id = 0;
    }
  if (task == NULL)
    {
      g_free (user_id);
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, user_id, g_free);
}

static gboolean
on_browser_answered_idle (gpointer data)
{
  FlowUpstoxOauth *self = data;

  finish (self, g_steal_pointer (&self->outcome_user_id), g_steal_pointer (&self->outcome_error));
  return G_SOURCE_REMOVE;
}

static void
on_browser_answered (SoupServerMessage *message,
                     FlowUpstoxOauth   *self)
{
  /* Not from inside the server's own emission: closing it there would pull the connection out
   * from under it. */
  g_idle_add_full (G_PRIORITY_DEFAULT, on_browser_answered_idle, g_object_ref (self),
                   g_object_unref);
}

/* The outcome of the exchange. With a browser waiting, it first gets its page, and the
 * sign-in ends once the page is written: so the listener is never closed under it. */
static void
conclude (FlowUpstoxOauth *self,
          char            *user_id,
          GError          *error)
{
  g_autoptr(SoupServerMessage) browser = g_steal_pointer (&self->browser);

  if (browser == NULL || self->server == NULL)
    {
      finish (self, user_id, error);
      return;
    }

  if (error == NULL)
    respond_page (browser, SOUP_STATUS_OK, _("Signed in"),
                  _("Order Flow is signed in to Upstox. You can close this tab."));
  else
    respond_page (browser,
                  g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT)
                    ? SOUP_STATUS_GATEWAY_TIMEOUT : SOUP_STATUS_BAD_GATEWAY,
                  _("Sign-in failed"), error->message);

  self->outcome_user_id = user_id;
  self->outcome_error = error;
  g_signal_connect_object (browser, "finished", G_CALLBACK (on_browser_answered), self,
                           0);
  soup_server_message_unpause (browser);
}

typedef struct
{
  FlowUpstoxOauth *self;
  char            *user_id;
} Stored;

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Stored *stored = user_data;
  g_autoptr(FlowUpstoxOauth) self = stored->self;
  g_autoptr(GError) error = NULL;
  char *user_id = stored->user_id;

  g_free (stored);
  if (!flow_credentials_store_finish (FLOW_CREDENTIALS (source), result, &error))
    {
      g_prefix_error (&error, _("Signed in, but the token could not be kept: "));
      g_free (user_id);
      conclude (self, NULL, g_steal_pointer (&error));
      return;
    }
  g_debug ("signed in; token stored");
  conclude (self, user_id, NULL);
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* What Upstox said went wrong, from an error envelope ("errorCode: message", either alone),
 * or NULL. On one line: it ends up in a label, a page and a CLI line. */
static char *
reason_of (JsonNode *root)
{
  JsonNode *errors = NULL;
  JsonObject *first = NULL;
  const char *message = NULL, *code = NULL;
  char *reason;

  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    errors = json_object_get_member (json_node_get_object (root), "errors");
  if (errors != NULL && JSON_NODE_HOLDS_ARRAY (errors) &&
      json_array_get_length (json_node_get_array (errors)) > 0 &&
      JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (errors), 0)))
    first = json_array_get_object_element (json_node_get_array (errors), 0);
  if (first != NULL)
    {
      message = string_member (first, "message");
      code = string_member (first, "errorCode");
      if (code == NULL)
        code = string_member (first, "error_code");
    }
  if (message != NULL && code != NULL)
    reason = g_strdup_printf ("%s: %s", code, message);
  else if (message != NULL || code != NULL)
    reason = g_strdup (message != NULL ? message : code);
  else
    return NULL;
  return g_strdelimit (reason, "\r\n\t", ' ');
}

/* The error of an answer without a token. The code is spent whatever went wrong (upstox.md
 * §1.2), so every message ends in a new sign-in; what differs is why, and when to try. */
static GError *
exchange_failure (SoupMessage *message,
                  JsonNode    *root)
{
  guint status = soup_message_get_status (message);
  g_autofree char *reason = reason_of (root);
  g_autofree char *detail = NULL;

  if (reason != NULL)
    detail = g_strdup_printf ("HTTP %u, %s", status, reason);
  else if (SOUP_STATUS_IS_CLIENT_ERROR (status) || SOUP_STATUS_IS_SERVER_ERROR (status))
    detail = g_strdup_printf ("HTTP %u", status);
  else if (root != NULL)
    detail = g_strdup_printf (_("HTTP %u, without a token"), status);
  else
    {
      const char *type = soup_message_headers_get_content_type (
        soup_message_get_response_headers (message), NULL);

      /* TRANSLATORS: %s is a content type, such as text/html. */
      detail = g_strdup_printf (_("HTTP %u, %s instead of the token"), status,
                                type != NULL ? type : _("no content type"));
    }

  if (status == HTTP_TOO_MANY_REQUESTS)
    return g_error_new (FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_RATE_LIMITED,
                        _("Upstox is getting too many requests and did not finish the sign-in "
                          "(%s): wait a minute, then sign in again"), detail);
  if (SOUP_STATUS_IS_CLIENT_ERROR (status))
    return g_error_new (FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_CODE_REJECTED,
                        _("Upstox refused the sign-in code (%s): sign in again, as a code works "
                          "only once; if it is refused again, check the API key, API secret and "
                          "redirect URI stored for Upstox"), detail);
  return g_error_new (FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_SERVER,
                      _("Upstox’s server failed to finish the sign-in (%s): try signing in again "
                        "later"), detail);
}

/* The error of an exchange that got no answer at all. */
static GError *
transport_failure (FlowUpstoxOauth *self,
                   GError          *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) && self->exchange_timeout_s > 0)
    return g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                        _("Upstox did not answer the sign-in within %u s: check the internet "
                          "connection and sign in again, or try again later"),
                        self->exchange_timeout_s);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                                _("Upstox did not answer the sign-in: check the internet "
                                  "connection and sign in again, or try again later"));
  return g_error_new (error->domain, error->code,
                      _("Could not reach Upstox to finish the sign-in (%s): check the internet "
                        "connection and sign in again"), error->message);
}

static void
on_exchanged (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FlowUpstoxOauth) self = user_data;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) values = NULL;
  g_autofree char *expires = NULL;
  JsonNode *root = NULL;
  const char *token = NULL;
  const char *user_id = NULL;
  guint status;
  gsize size = 0;
  const char *data;
  Stored *stored;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          conclude (self, NULL, g_steal_pointer (&error));
          return;
        }
      g_debug ("token exchange got no answer: %s", error->message);
      conclude (self, NULL, transport_failure (self, error));
      return;
    }

  status = soup_message_get_status (message);
  data = g_bytes_get_data (bytes, &size);
  if (size > 0 && json_parser_load_from_data (parser, data, size, NULL))
    root = json_parser_get_root (parser);
  /* The token answer is flat, not in a status/data envelope (upstox.md §1.2). */
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    {
      token = string_member (json_node_get_object (root), "access_token");
      user_id = string_member (json_node_get_object (root), "user_id");
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status) || token == NULL || *token == '\0')
    {
      g_debug ("token exchange failed: HTTP %u", status);
      conclude (self, NULL, exchange_failure (message, root));
      return;
    }

  expires = flow_ist_format_iso (flow_upstox_token_expiry_ms (g_get_real_time () / 1000));
  values = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (values, "access_token", (gpointer) token);
  g_hash_table_insert (values, "access_token_expires", expires);

  stored = g_new0 (Stored, 1);
  stored->self = g_object_ref (self);
  stored->user_id = g_strdup (user_id != NULL ? user_id : _("(unknown user)"));
  /* The store copies the values before this frees the parsed answer. */
  flow_credentials_store_async (self->credentials, FLOW_BROKER_UPSTOX, values,
                                g_task_get_cancellable (self->task), on_stored, stored);
}

static void
exchange (FlowUpstoxOauth *self,
          const char      *code)
{
  g_autofree char *url = g_strconcat (self->api_url, "/v2/login/authorization/token", NULL);
  g_autofree char *form = NULL;
  SoupMessage *message;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  form = soup_form_encode ("code", code,
                           "client_id", self->api_key,
                           "client_secret", self->api_secret,
                           "redirect_uri", self->redirect_uri,
                           "grant_type", "authorization_code",
                           NULL);
  message = soup_message_new_from_encoded_form (SOUP_METHOD_POST, url, g_steal_pointer (&form));
  if (message == NULL)
    {
      conclude (self, NULL, g_error_new (FLOW_UPSTOX_OAUTH_ERROR,
                                         FLOW_UPSTOX_OAUTH_ERROR_CODE_REJECTED,
                                         _("“%s” is not a valid URL"), url));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "application/json");
  if (self->session == NULL)
    self->session = soup_session_new_with_options ("timeout", self->exchange_timeout_s,
                                                   "user-agent", "OrderFlow/" PACKAGE_VERSION,
                                                   NULL);
  g_debug ("exchanging the code at %s", url);
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (self->task), on_exchanged,
                                    g_object_ref (self));
  g_object_unref (message);
}

static gboolean
on_timeout (gpointer data)
{
  FlowUpstoxOauth *self = data;
  guint seconds = (self->timeout_ms + 999) / 1000;

  self->timeout_id = 0;
  if (self->last_rejection != NULL)
    finish (self, NULL,
            g_error_new (FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_TIMEOUT,
                         _("No usable sign-in arrived within %u s; the last redirect was "
                           "refused: %s"), seconds, self->last_rejection));
  else
    finish (self, NULL,
            g_error_new (FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_TIMEOUT,
                         _("No sign-in arrived within %u s: gave up waiting"), seconds));
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled_idle (gpointer data)
{
  FlowUpstoxOauth *self = data;

  /* During the exchange the cancellable stops the request itself, which then concludes. */
  if (self->task != NULL && !self->accepted)
    finish (self, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                             _("The sign-in was cancelled")));
  return G_SOURCE_REMOVE;
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  FlowUpstoxOauth *self = data;

  g_autoptr(GSource) idle = g_idle_source_new ();

  /* ::cancelled may run on any thread, and disconnecting from inside it deadlocks: always
   * later, never g_main_context_invoke(), which may run at once. */
  g_source_set_callback (idle, on_cancelled_idle, g_object_ref (self), g_object_unref);
  g_source_attach (idle, g_task_get_context (self->task));
}

void
flow_upstox_oauth_sign_in_async (FlowUpstoxOauth     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (FLOW_IS_UPSTOX_OAUTH (self));
  g_return_if_fail (self->state != NULL);
  g_return_if_fail (self->task == NULL && !self->accepted);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, flow_upstox_oauth_sign_in_async);
  self->timeout_id = g_timeout_add (self->timeout_ms, on_timeout, self);
  if (cancellable != NULL)
    self->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), self,
                                                NULL);
}

char *
flow_upstox_oauth_sign_in_finish (FlowUpstoxOauth  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gboolean
flow_upstox_oauth_submit_redirect (FlowUpstoxOauth  *self,
                                   const char       *url,
                                   GError          **error)
{
  g_autofree char *code = NULL;

  g_return_val_if_fail (FLOW_IS_UPSTOX_OAUTH (self), FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  if (self->task == NULL || self->accepted)
    {
      g_set_error_literal (error, FLOW_UPSTOX_OAUTH_ERROR, FLOW_UPSTOX_OAUTH_ERROR_BUSY,
                           self->accepted ? _("This sign-in already has its answer")
                                          : _("This sign-in is not waiting for an answer"));
      return FALSE;
    }
  code = flow_upstox_oauth_parse_redirect (url, self->state, error);
  if (code == NULL)
    return FALSE;
  self->accepted = TRUE;
  exchange (self, code);
  return TRUE;
}

/* flow-smartapi-client.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-smartapi-client"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "flow-ist.h"
#include "flow-machine-address.h"
#include "flow-smartapi-client.h"
#include "flow-totp.h"

#define LOGIN_PATH   "/rest/auth/angelbroking/user/v1/loginByPassword"
#define REFRESH_PATH "/rest/auth/angelbroking/jwt/v1/generateTokens"
#define PROFILE_PATH "/rest/secure/angelbroking/user/v1/getProfile"


/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

/* loginByPassword is limited to 1/s per client code (§7). */
#define LOGIN_SPACING_US G_USEC_PER_SEC

struct _FlowSmartapiClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *api_url;
  char        *api_key;
  char        *client_code;
  char        *pin;
  char        *totp_secret;
  char        *public_ip;      /* the static IP registered with Angel One, NULL if none */

  char        *jwt_token;
  char        *refresh_token;
  char        *feed_token;
  gint64       session_day;    /* IST day number of the login */
  gint64       last_login_us;  /* monotonic */
};

G_DEFINE_FINAL_TYPE (FlowSmartapiClient, flow_smartapi_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (flow-smartapi-error-quark, flow_smartapi_error)

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    {
      memset (*secret, 0, strlen (*secret));
      g_clear_pointer (secret, g_free);
    }
}

/* ------------------------------------------------------------------------------------------
 * Replies
 */

static const struct
{
  const char        *code;
  FlowSmartapiError  kind;
} known_codes[] = {
  /* Token errors as [java] treats them (§1.4), plus AB1011 "Client not login". */
  { "AG8001", FLOW_SMARTAPI_ERROR_TOKEN },
  { "AG8002", FLOW_SMARTAPI_ERROR_TOKEN },
  { "AG8003", FLOW_SMARTAPI_ERROR_TOKEN },
  { "AB8050", FLOW_SMARTAPI_ERROR_TOKEN },
  { "AB8051", FLOW_SMARTAPI_ERROR_TOKEN },
  { "AB1010", FLOW_SMARTAPI_ERROR_TOKEN },
  { "AB1011", FLOW_SMARTAPI_ERROR_TOKEN },
  { "AB1050", FLOW_SMARTAPI_ERROR_TOTP },
  { "AG8004", FLOW_SMARTAPI_ERROR_CREDENTIALS },
  { "AB1000", FLOW_SMARTAPI_ERROR_CREDENTIALS },
  { "AB1001", FLOW_SMARTAPI_ERROR_CREDENTIALS },
  { "AB1002", FLOW_SMARTAPI_ERROR_CREDENTIALS },
  { "AB1007", FLOW_SMARTAPI_ERROR_CREDENTIALS },
  { "AB1032", FLOW_SMARTAPI_ERROR_CREDENTIALS },
};

static void
set_api_error (GError     **error,
               const char  *code,
               const char  *server_message)
{
  FlowSmartapiError kind = FLOW_SMARTAPI_ERROR_REFUSED;
  const char *what = server_message != NULL && *server_message != '\0' ? server_message
                                                                        : _("no message");

  for (gsize i = 0; i < G_N_ELEMENTS (known_codes); i++)
    if (g_strcmp0 (code, known_codes[i].code) == 0)
      kind = known_codes[i].kind;

  switch (kind)
    {
    case FLOW_SMARTAPI_ERROR_TOKEN:
      g_set_error (error, FLOW_SMARTAPI_ERROR, kind,
                   _("Angel One refused the session token (%s: %s); logging in again fixes it"),
                   code, what);
      break;
    case FLOW_SMARTAPI_ERROR_TOTP:
      g_set_error (error, FLOW_SMARTAPI_ERROR, kind,
                   _("Angel One refused the TOTP code (%s: %s): check totp_secret in the "
                     "Angel One account and the computer’s clock"), code, what);
      break;
    case FLOW_SMARTAPI_ERROR_CREDENTIALS:
      g_set_error (error, FLOW_SMARTAPI_ERROR, kind,
                   _("Angel One refused the account details (%s: %s): check client_code, pin "
                     "and api_key in the Angel One account"), code, what);
      break;
    default:
      g_set_error (error, FLOW_SMARTAPI_ERROR, kind, _("Angel One returned an error (%s: %s)"),
                   code != NULL && *code != '\0' ? code : _("no code"), what);
      break;
    }
}

/* One printable line of a non-JSON body, for the message. */
static char *
body_excerpt (const char *text,
              gsize       length)
{
  g_autoptr(GString) line = g_string_new (NULL);

  for (gsize i = 0; i < length && line->len < 120; i++)
    {
      char c = text[i];

      if (c == '\n' || c == '\r' || c == '\t')
        c = ' ';
      if (g_ascii_isprint (c) && !(c == ' ' && line->len > 0 && line->str[line->len - 1] == ' '))
        g_string_append_c (line, c);
    }
  return g_strstrip (g_string_free (g_steal_pointer (&line), FALSE));
}

/* The firewall's page says "Your support ID is: 1234…": worth quoting to Angel One. */
static char *
find_support_id (const char *text,
                 gsize       length)
{
  g_autofree char *copy = g_strndup (text, length);
  const char *at = g_strstr_len (copy, -1, "support ID");
  gsize n = 0;

  if (at == NULL)
    return NULL;
  at += strlen ("support ID");
  while (*at != '\0' && !g_ascii_isdigit (*at) && *at != '<')
    at++;
  while (g_ascii_isdigit (at[n]))
    n++;
  return n > 0 ? g_strndup (at, n) : NULL;
}

static gboolean
non_json_error (guint        http_status,
                const char  *text,
                gsize        length,
                GError     **error)
{
  g_autofree char *excerpt = body_excerpt (text, length);

  if (length > 0 && text[0] == '<')
    {
      g_autofree char *support_id = find_support_id (text, length);

      if (support_id != NULL)
        g_set_error (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_FIREWALL,
                     _("Angel One’s firewall rejected the request (HTTP %u, support ID %s): "
                       "check that this network’s IP address is allowed for the API key"),
                     http_status, support_id);
      else
        g_set_error (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_FIREWALL,
                     _("Angel One answered with a web page instead of data (HTTP %u): its "
                       "firewall probably rejected this network’s IP address"), http_status);
      return FALSE;
    }
  if (http_status == SOUP_STATUS_FORBIDDEN || http_status == HTTP_TOO_MANY_REQUESTS)
    {
      g_set_error (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_RATE_LIMITED,
                   _("Angel One is limiting the request rate of this client code (HTTP %u: "
                     "“%s”); wait a moment and try again"), http_status, excerpt);
      return FALSE;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (http_status))
    g_set_error (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_HTTP,
                 _("Angel One answered HTTP %u %s%s%s%s"), http_status,
                 soup_status_get_phrase (http_status), *excerpt != '\0' ? " (“" : "", excerpt,
                 *excerpt != '\0' ? "”)" : "");
  else
    g_set_error (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_BAD_RESPONSE,
                 _("Angel One answered with something that is not JSON: “%s”"), excerpt);
  return FALSE;
}

/* "status": false or "false"; "success" likewise. */
static gboolean
member_is_false (JsonObject *object,
                 const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return !json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strcasecmp (json_node_get_string (node), "false") == 0;
  return FALSE;
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

JsonNode *
flow_smartapi_parse_response (guint    http_status,
                              GBytes  *body,
                              GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) json_error = NULL;
  gsize length = 0;
  const char *text = body != NULL ? g_bytes_get_data (body, &length) : NULL;
  JsonObject *object;
  const char *code;
  JsonNode *data;

  while (length > 0 && g_ascii_isspace (*text))
    {
      text++;
      length--;
    }
  if (length == 0 || text[0] != '{')
    {
      non_json_error (http_status, text != NULL ? text : "", length, error);
      return NULL;
    }

  parser = json_parser_new ();
  if (length > G_MAXSSIZE || !json_parser_load_from_data (parser, text, (gssize) length,
                                                          &json_error))
    {
      g_set_error (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_BAD_RESPONSE,
                   _("Angel One sent malformed JSON (HTTP %u): %s"), http_status,
                   json_error != NULL ? json_error->message : "");
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));
  code = string_member (object, "errorcode");
  if (code == NULL || *code == '\0')
    code = string_member (object, "errorCode");
  if (member_is_false (object, "status") || member_is_false (object, "success") ||
      (code != NULL && *code != '\0'))
    {
      set_api_error (error, code, string_member (object, "message"));
      return NULL;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (http_status))
    {
      g_set_error (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_HTTP,
                   _("Angel One answered HTTP %u %s"), http_status,
                   soup_status_get_phrase (http_status));
      return NULL;
    }
  data = json_object_get_member (object, "data");
  return data != NULL ? json_node_copy (data) : json_node_new (JSON_NODE_NULL);
}

/* ------------------------------------------------------------------------------------------
 * Requests
 */

typedef struct
{
  SoupMessage *message;
  char        *path;
  GBytes      *reply;    /* the raw body, for recordings */
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->message);
  g_free (request->path);
  g_clear_pointer (&request->reply, g_bytes_unref);
  g_free (request);
}

/* The body may hold the PIN: wipe our copy when libsoup lets go of it. */
static void
wipe_body (gpointer data)
{
  memset (data, 0, strlen (data));
  g_free (data);
}

static void
on_request_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  JsonNode *data;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_debug ("%s: %s", request->path, error->message);
      /* "Socket I/O timed out" alone does not say who did not answer. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("Cannot reach Angel One: "));
      g_task_return_error (task, error);
      return;
    }
  status = soup_message_get_status (request->message);
  g_debug ("%s: HTTP %u, %" G_GSIZE_FORMAT " bytes", request->path, status,
           g_bytes_get_size (body));
  request->reply = g_bytes_ref (body);
  data = flow_smartapi_parse_response (status, body, &error);
  if (data == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, data, (GDestroyNotify) json_node_unref);
}

/* smartapi.md §1.2, as smartapi-javascript fills them: the machine's own LAN address and MAC,
 * looked up for every call since a laptop changes networks while the app runs. */
static void
add_machine_headers (FlowSmartapiClient *self,
                     SoupMessageHeaders *headers)
{
  g_autoptr(FlowMachineAddress) address = flow_machine_address_lookup ();
  const char *public_ip = self->public_ip;

  soup_message_headers_replace (headers, "X-ClientLocalIP", address->ip);
  soup_message_headers_replace (headers, "X-MACAddress", address->mac);
  /* SEBI's rules tie API orders to the static IP registered with the API key, so the user's
   * own word for it comes first. Without one, the LAN address is what the SDKs that look it up
   * send behind no NAT. With neither (no interface but loopback: the request can only leave
   * through a local proxy or tunnel, whose public address we cannot know), the header is left
   * out rather than filled with 127.0.0.1, which no SDK sends, or a made-up address that would
   * mislead Angel One's checks: the gateway then goes by the connection's own address. */
  if (public_ip == NULL && !address->loopback)
    public_ip = address->ip;
  if (public_ip != NULL)
    soup_message_headers_replace (headers, "X-ClientPublicIP", public_ip);
  else
    soup_message_headers_remove (headers, "X-ClientPublicIP");
}

/* Sends @body (a JSON object, or NULL for a GET) with the headers of §1.2; @authorized adds
 * the Bearer token. The task returns the reply's data node. */
static void
send_request (FlowSmartapiClient  *self,
              const char          *path,
              gboolean             authorized,
              JsonNode            *body,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *url = g_strconcat (self->api_url, path, NULL);
  Request *request = g_new0 (Request, 1);
  SoupMessageHeaders *headers;

  g_task_set_source_tag (task, send_request);
  request->path = g_strdup (path);
  request->message = soup_message_new (body != NULL ? SOUP_METHOD_POST : SOUP_METHOD_GET, url);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  if (request->message == NULL)
    {
      g_task_return_new_error (task, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_HTTP,
                               _("Invalid Angel One API address “%s”"), self->api_url);
      g_object_unref (task);
      return;
    }

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "User-Agent", FLOW_SMARTAPI_USER_AGENT);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "X-UserType", "USER");
  soup_message_headers_replace (headers, "X-SourceID", "WEB");
  add_machine_headers (self, headers);
  soup_message_headers_replace (headers, "X-PrivateKey", self->api_key);
  if (authorized && self->jwt_token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->jwt_token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
      memset (bearer, 0, strlen (bearer));
    }
  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);
      gsize length = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_with_free_func (text, length, wipe_body, text);

      soup_message_set_request_body_from_bytes (request->message, "application/json", bytes);
    }

  soup_session_send_and_read_async (self->session, request->message, G_PRIORITY_DEFAULT,
                                    cancellable, on_request_read, task);
}

static JsonNode *
send_request_finish (FlowSmartapiClient  *self,
                     GAsyncResult        *result,
                     GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
flow_smartapi_client_post_async (FlowSmartapiClient  *self,
                                 const char          *path,
                                 JsonNode            *body,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (FLOW_IS_SMARTAPI_CLIENT (self));
  g_return_if_fail (path != NULL && body != NULL);

  send_request (self, path, TRUE, body, cancellable, callback, user_data);
}

JsonNode *
flow_smartapi_client_post_finish (FlowSmartapiClient  *self,
                                  GAsyncResult        *result,
                                  GBytes             **out_raw,
                                  GError             **error)
{
  Request *request;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  request = g_task_get_task_data (G_TASK (result));
  if (out_raw != NULL)
    *out_raw = request->reply != NULL ? g_bytes_ref (request->reply) : NULL;
  return send_request_finish (self, result, error);
}

/* ------------------------------------------------------------------------------------------
 * Tokens
 */

static char *
dup_token (JsonObject *data,
           const char *name)
{
  const char *value = string_member (data, name);

  if (value == NULL)
    return NULL;
  /* §1.2: the JWT may or may not come with "Bearer "; keep it bare. */
  if (g_ascii_strncasecmp (value, "Bearer ", 7) == 0)
    value += 7;
  return *value != '\0' ? g_strdup (value) : NULL;
}

static gboolean
take_tokens (FlowSmartapiClient  *self,
             JsonNode            *data,
             GError             **error)
{
  JsonObject *object = data != NULL && JSON_NODE_HOLDS_OBJECT (data)
                       ? json_node_get_object (data) : NULL;
  char *jwt = object != NULL ? dup_token (object, "jwtToken") : NULL;
  char *refresh = object != NULL ? dup_token (object, "refreshToken") : NULL;
  char *feed = object != NULL ? dup_token (object, "feedToken") : NULL;

  if (jwt == NULL || refresh == NULL || feed == NULL)
    {
      clear_secret (&jwt);
      clear_secret (&refresh);
      clear_secret (&feed);
      g_set_error_literal (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_BAD_RESPONSE,
                           _("Angel One’s login reply lacks jwtToken, refreshToken or feedToken"));
      return FALSE;
    }
  flow_smartapi_client_invalidate (self);
  self->jwt_token = jwt;
  self->refresh_token = refresh;
  self->feed_token = feed;
  self->session_day = flow_ist_day_number (g_get_real_time () / 1000);
  return TRUE;
}

/* ------------------------------------------------------------------------------------------
 * Object
 */

static void
flow_smartapi_client_finalize (GObject *object)
{
  FlowSmartapiClient *self = FLOW_SMARTAPI_CLIENT (object);

  flow_smartapi_client_invalidate (self);
  clear_secret (&self->api_key);
  clear_secret (&self->pin);
  clear_secret (&self->totp_secret);
  g_free (self->public_ip);
  g_free (self->client_code);
  g_free (self->api_url);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (flow_smartapi_client_parent_class)->finalize (object);
}

static void
flow_smartapi_client_class_init (FlowSmartapiClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = flow_smartapi_client_finalize;
}

static void
flow_smartapi_client_init (FlowSmartapiClient *self)
{
}

FlowSmartapiClient *
flow_smartapi_client_new (SoupSession *session,
                          const char  *api_url,
                          const char  *api_key,
                          const char  *client_code,
                          const char  *pin,
                          const char  *totp_secret)
{
  FlowSmartapiClient *self;

  g_return_val_if_fail (session == NULL || SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (api_url != NULL && api_key != NULL && client_code != NULL, NULL);
  g_return_val_if_fail (pin != NULL && totp_secret != NULL, NULL);

  self = g_object_new (FLOW_TYPE_SMARTAPI_CLIENT, NULL);
  self->session = session != NULL ? g_object_ref (session)
                                  : soup_session_new_with_options ("timeout", 30,
                                                                   "user-agent",
                                                                   FLOW_SMARTAPI_USER_AGENT,
                                                                   NULL);
  self->api_url = g_strdup (api_url);
  /* A trailing slash would double up with the paths. */
  while (g_str_has_suffix (self->api_url, "/"))
    self->api_url[strlen (self->api_url) - 1] = '\0';
  self->api_key = g_strdup (api_key);
  self->client_code = g_strdup (client_code);
  self->pin = g_strdup (pin);
  self->totp_secret = g_strdup (totp_secret);
  return self;
}

FlowSmartapiClient *
flow_smartapi_client_new_from_credentials (SoupSession  *session,
                                           const char   *api_url,
                                           GHashTable   *values,
                                           GError      **error)
{
  static const char * const required[] = { "api_key", "client_code", "pin", "totp_secret" };
  g_autoptr(GString) missing = g_string_new (NULL);
  FlowSmartapiClient *client;

  for (gsize i = 0; i < G_N_ELEMENTS (required); i++)
    {
      const char *value = g_hash_table_lookup (values, required[i]);

      if (value == NULL || *value == '\0')
        g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", required[i]);
    }
  if (missing->len > 0)
    {
      g_set_error (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_CREDENTIALS,
                   _("The Angel One account is missing %s: add them in Preferences › Accounts "
                     "or with “orderflow-cli credentials set angel”"), missing->str);
      return NULL;
    }
  client = flow_smartapi_client_new (session, api_url,
                                     g_hash_table_lookup (values, "api_key"),
                                     g_hash_table_lookup (values, "client_code"),
                                     g_hash_table_lookup (values, "pin"),
                                     g_hash_table_lookup (values, "totp_secret"));
  flow_smartapi_client_set_public_ip (client, g_hash_table_lookup (values, "public_ip"));
  return client;
}

void
flow_smartapi_client_set_public_ip (FlowSmartapiClient *self,
                                    const char         *public_ip)
{
  g_return_if_fail (FLOW_IS_SMARTAPI_CLIENT (self));

  g_free (self->public_ip);
  self->public_ip = public_ip != NULL && *public_ip != '\0' ? g_strdup (public_ip) : NULL;
}

const char *
flow_smartapi_client_get_public_ip (FlowSmartapiClient *self)
{
  g_return_val_if_fail (FLOW_IS_SMARTAPI_CLIENT (self), NULL);
  return self->public_ip;
}

SoupSession *
flow_smartapi_client_get_session (FlowSmartapiClient *self)
{
  g_return_val_if_fail (FLOW_IS_SMARTAPI_CLIENT (self), NULL);
  return self->session;
}

const char *
flow_smartapi_client_get_client_code (FlowSmartapiClient *self)
{
  g_return_val_if_fail (FLOW_IS_SMARTAPI_CLIENT (self), NULL);
  return self->client_code;
}

const char *
flow_smartapi_client_get_api_key (FlowSmartapiClient *self)
{
  g_return_val_if_fail (FLOW_IS_SMARTAPI_CLIENT (self), NULL);
  return self->api_key;
}

const char *
flow_smartapi_client_get_jwt_token (FlowSmartapiClient *self)
{
  g_return_val_if_fail (FLOW_IS_SMARTAPI_CLIENT (self), NULL);
  return self->jwt_token;
}

const char *
flow_smartapi_client_get_feed_token (FlowSmartapiClient *self)
{
  g_return_val_if_fail (FLOW_IS_SMARTAPI_CLIENT (self), NULL);
  return self->feed_token;
}

gboolean
flow_smartapi_client_has_session (FlowSmartapiClient *self)
{
  g_return_val_if_fail (FLOW_IS_SMARTAPI_CLIENT (self), FALSE);
  return self->jwt_token != NULL &&
         self->session_day == flow_ist_day_number (g_get_real_time () / 1000);
}

void
flow_smartapi_client_invalidate (FlowSmartapiClient *self)
{
  g_return_if_fail (FLOW_IS_SMARTAPI_CLIENT (self));
  clear_secret (&self->jwt_token);
  clear_secret (&self->refresh_token);
  clear_secret (&self->feed_token);
  self->session_day = 0;
}

/* ------------------------------------------------------------------------------------------
 * Login
 */

static void
on_login_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlowSmartapiClient *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;

  data = send_request_finish (self, result, &error);
  if (data == NULL || !take_tokens (self, data, &error))
    {
      g_debug ("login failed: %s", error->message);
      g_task_return_error (task, error);
      return;
    }
  g_debug ("logged in");
  g_task_return_boolean (task, TRUE);
}

static void
send_login (GTask *task)
{
  FlowSmartapiClient *self = g_task_get_source_object (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *code = NULL;
  GError *error = NULL;

  code = flow_totp_generate (self->totp_secret, g_get_real_time () / G_USEC_PER_SEC,
                             FLOW_TOTP_DIGITS, &error);
  if (code == NULL)
    {
      g_task_return_new_error (task, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_TOTP,
                               _("%s: fix totp_secret in the Angel One account"),
                               error->message);
      g_error_free (error);
      g_object_unref (task);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "clientcode");
  json_builder_add_string_value (builder, self->client_code);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, self->pin);
  json_builder_set_member_name (builder, "totp");
  json_builder_add_string_value (builder, code);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  memset (code, 0, strlen (code));

  self->last_login_us = g_get_monotonic_time ();
  send_request (self, LOGIN_PATH, FALSE, body, g_task_get_cancellable (task), on_login_done,
                task);
}

static gboolean
on_login_spacing_done (gpointer user_data)
{
  send_login (user_data);
  return G_SOURCE_REMOVE;
}

void
flow_smartapi_client_login_async (FlowSmartapiClient  *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;
  gint64 wait_us;

  g_return_if_fail (FLOW_IS_SMARTAPI_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, flow_smartapi_client_login_async);
  /* Two logins within a second would trip the rate limiter and fail both. */
  wait_us = self->last_login_us != 0 ? self->last_login_us + LOGIN_SPACING_US -
                                       g_get_monotonic_time () : 0;
  if (wait_us > 0)
    {
      GSource *source = g_timeout_source_new ((guint) (wait_us / 1000) + 1);

      g_source_set_callback (source, on_login_spacing_done, task, NULL);
      g_source_attach (source, g_main_context_get_thread_default ());
      g_source_unref (source);
      return;
    }
  send_login (task);
}

gboolean
flow_smartapi_client_login_finish (FlowSmartapiClient  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_session_login_done (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (flow_smartapi_client_login_finish (FLOW_SMARTAPI_CLIENT (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
flow_smartapi_client_ensure_session_async (FlowSmartapiClient  *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FLOW_IS_SMARTAPI_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, flow_smartapi_client_ensure_session_async);
  if (flow_smartapi_client_has_session (self))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  flow_smartapi_client_login_async (self, cancellable, on_session_login_done, task);
}

gboolean
flow_smartapi_client_ensure_session_finish (FlowSmartapiClient  *self,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------
 * Renewal
 */

static void
on_refresh_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlowSmartapiClient *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GError) error = NULL;
  GCancellable *cancellable;

  data = send_request_finish (self, result, &error);
  if (data != NULL && take_tokens (self, data, &error))
    {
      g_debug ("tokens renewed");
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_debug ("generateTokens failed (%s): logging in", error->message);
  flow_smartapi_client_invalidate (self);
  cancellable = g_task_get_cancellable (task);
  flow_smartapi_client_login_async (self, cancellable, on_session_login_done,
                                    g_steal_pointer (&task));
}

void
flow_smartapi_client_renew_session_async (FlowSmartapiClient  *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (FLOW_IS_SMARTAPI_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, flow_smartapi_client_renew_session_async);
  /* A refresh token of an earlier day is dead anyway: go straight to a login. */
  if (!flow_smartapi_client_has_session (self))
    {
      flow_smartapi_client_invalidate (self);
      flow_smartapi_client_login_async (self, cancellable, on_session_login_done, task);
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "refreshToken");
  json_builder_add_string_value (builder, self->refresh_token);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  send_request (self, REFRESH_PATH, TRUE, body, cancellable, on_refresh_done, task);
}

gboolean
flow_smartapi_client_renew_session_finish (FlowSmartapiClient  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------
 * Profile
 */

typedef struct
{
  gboolean relogged;
} ProfileCall;

static void profile_after_session (GObject      *source,
                                   GAsyncResult *result,
                                   gpointer      user_data);

static void
on_profile_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlowSmartapiClient *self = g_task_get_source_object (task);
  ProfileCall *call = g_task_get_task_data (task);
  g_autoptr(JsonNode) data = NULL;
  GError *error = NULL;
  JsonObject *object;
  const char *client_code;

  data = send_request_finish (self, result, &error);
  if (data == NULL && !call->relogged &&
      g_error_matches (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_TOKEN))
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      g_debug ("getProfile: %s", error->message);
      g_error_free (error);
      call->relogged = TRUE;
      flow_smartapi_client_invalidate (self);
      flow_smartapi_client_login_async (self, cancellable, profile_after_session,
                                        g_steal_pointer (&task));
      return;
    }
  if (data == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  object = JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;
  client_code = object != NULL ? string_member (object, "clientcode") : NULL;
  if (client_code == NULL || *client_code == '\0')
    {
      g_task_return_new_error (task, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_BAD_RESPONSE,
                               _("Angel One’s profile reply lacks the client code"));
      return;
    }
  g_task_return_pointer (task, g_strdup (client_code), g_free);
}

static void
profile_after_session (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;
  FlowSmartapiClient *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  send_request (self, PROFILE_PATH, TRUE, NULL, g_task_get_cancellable (task), on_profile_done,
                task);
}

void
flow_smartapi_client_get_profile_async (FlowSmartapiClient  *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FLOW_IS_SMARTAPI_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, flow_smartapi_client_get_profile_async);
  g_task_set_task_data (task, g_new0 (ProfileCall, 1), g_free);
  flow_smartapi_client_ensure_session_async (self, cancellable, profile_after_session, task);
}

char *
flow_smartapi_client_get_profile_finish (FlowSmartapiClient  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

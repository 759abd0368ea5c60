/* flow-upstox-client.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-upstox-client"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "flow-endpoint.h"
#include "flow-ist.h"
#include "flow-upstox-client-private.h"

#define TOKEN_EXPIRY_TIME_OF_DAY_MS ((gint64) (3 * 3600 + 30 * 60) * 1000)
#define DEFAULT_BACKOFF_INITIAL_MS  2000
#define DEFAULT_BACKOFF_MAX_MS      (120 * 1000)
#define REQUEST_TIMEOUT_S           30
#define INVALID_TOKEN_CODE          "UDAPI100050"
/* Not in libsoup 3.2's SoupStatus. */
#define HTTP_TOO_MANY_REQUESTS      429

G_DEFINE_QUARK (flow-upstox-error-quark, flow_upstox_error)

char *
flow_upstox_resolve_api_url (GError **error)
{
  return flow_endpoint_resolve (FLOW_UPSTOX_API_URL_VARIABLE, FLOW_UPSTOX_DEFAULT_API_URL,
                                error);
}

gint64
flow_upstox_token_expiry_ms (gint64 issued_ms)
{
  gint64 expiry = flow_ist_at_time_of_day (issued_ms, TOKEN_EXPIRY_TIME_OF_DAY_MS);

  if (expiry <= issued_ms)
    expiry += FLOW_DAY_MS;
  return expiry;
}

const char *
flow_upstox_pick_token (GHashTable  *values,
                        gint64       now_ms,
                        GError     **error)
{
  const char *access_token = g_hash_table_lookup (values, "access_token");
  const char *expires = g_hash_table_lookup (values, "access_token_expires");
  const char *analytics_token = g_hash_table_lookup (values, "analytics_token");
  gboolean expired = FALSE;

  if (access_token != NULL && *access_token != '\0')
    {
      g_autoptr(GDateTime) expiry = expires != NULL ? g_date_time_new_from_iso8601 (expires, NULL)
                                                    : NULL;

      /* Without a known expiry the token is tried: a 401 will say when it is stale. */
      if (expiry == NULL || g_date_time_to_unix (expiry) * 1000 > now_ms)
        return access_token;
      expired = TRUE;
    }
  if (analytics_token != NULL && *analytics_token != '\0')
    return analytics_token;

  g_set_error_literal (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED,
                       expired ? _("The Upstox sign-in has expired (it lasts until 03:30 IST): "
                                   "sign in again")
                               : _("Not signed in to Upstox: sign in, or store an Analytics "
                                   "Token"));
  return NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GStrv
flow_upstox_contract_expiries (JsonNode  *body,
                               GError   **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) expiries = g_ptr_array_new_with_free_func (g_free);
  JsonNode *data = NULL;
  JsonArray *contracts;

  if (JSON_NODE_HOLDS_OBJECT (body))
    data = json_object_get_member (json_node_get_object (body), "data");
  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    {
      g_set_error_literal (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_INVALID_RESPONSE,
                           _("The option contracts answer has no “data” list"));
      return NULL;
    }

  contracts = json_node_get_array (data);
  for (guint i = 0; i < json_array_get_length (contracts); i++)
    {
      JsonNode *element = json_array_get_element (contracts, i);
      JsonNode *expiry;
      const char *text;
      gint64 ignored_day;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      /* Every field is optional (upstox.md §2): a contract without a readable expiry says
       * nothing about the expiries, so it is skipped rather than failing the whole list. */
      expiry = json_object_get_member (json_node_get_object (element), "expiry");
      if (expiry == NULL || !JSON_NODE_HOLDS_VALUE (expiry) ||
          json_node_get_value_type (expiry) != G_TYPE_STRING)
        continue;
      text = json_node_get_string (expiry);
      if (!flow_ist_parse_date (text, &ignored_day) || g_hash_table_contains (seen, text))
        continue;
      g_hash_table_add (seen, (gpointer) text);
      g_ptr_array_add (expiries, g_strdup (text));
    }

  g_ptr_array_sort (expiries, compare_strings);
  g_ptr_array_add (expiries, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&expiries), FALSE);
}

gint64
flow_upstox_contract_lot_size (JsonNode   *body,
                               const char *expiry)
{
  JsonNode *data = NULL;
  JsonArray *contracts;

  g_return_val_if_fail (body != NULL, 0);
  g_return_val_if_fail (expiry != NULL, 0);

  if (JSON_NODE_HOLDS_OBJECT (body))
    data = json_object_get_member (json_node_get_object (body), "data");
  if (data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    return 0;
  contracts = json_node_get_array (data);
  for (guint i = 0; i < json_array_get_length (contracts); i++)
    {
      JsonNode *element = json_array_get_element (contracts, i);
      JsonObject *contract;
      JsonNode *date, *lot;
      double value;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      /* Every field is optional and any may have the wrong type (upstox.md §2). */
      contract = json_node_get_object (element);
      date = json_object_get_member (contract, "expiry");
      if (date == NULL || !JSON_NODE_HOLDS_VALUE (date) ||
          json_node_get_value_type (date) != G_TYPE_STRING ||
          g_strcmp0 (json_node_get_string (date), expiry) != 0)
        continue;
      lot = json_object_get_member (contract, "lot_size");
      if (lot == NULL || !JSON_NODE_HOLDS_VALUE (lot) ||
          (json_node_get_value_type (lot) != G_TYPE_INT64 &&
           json_node_get_value_type (lot) != G_TYPE_DOUBLE))
        continue;
      value = json_node_get_double (lot);
      /* A lot is a whole number of units; anything else is not one to divide OI by. */
      if (value >= 1 && value <= 1e6 && value == (double) (gint64) value)
        return (gint64) value;
    }
  return 0;
}

struct _FlowUpstoxClient
{
  GObject parent_instance;

  SoupSession *session;
  char        *base_url;
  char        *authorization;   /* "Bearer …": secret */
  guint        backoff_initial_ms;
  guint        backoff_max_ms;
  guint        backoff_ms;      /* the current step, 0 when not backing off */
  gint64       backoff_until_ms;
};

G_DEFINE_FINAL_TYPE (FlowUpstoxClient, flow_upstox_client, G_TYPE_OBJECT)

static void
flow_upstox_client_finalize (GObject *object)
{
  FlowUpstoxClient *self = FLOW_UPSTOX_CLIENT (object);

  g_clear_object (&self->session);
  g_free (self->base_url);
  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_free (self->authorization);
  G_OBJECT_CLASS (flow_upstox_client_parent_class)->finalize (object);
}

static void
flow_upstox_client_class_init (FlowUpstoxClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = flow_upstox_client_finalize;
}

static void
flow_upstox_client_init (FlowUpstoxClient *self)
{
  self->session = soup_session_new_with_options ("timeout", REQUEST_TIMEOUT_S,
                                                 "user-agent", "OrderFlow/" PACKAGE_VERSION,
                                                 NULL);
  self->backoff_initial_ms = DEFAULT_BACKOFF_INITIAL_MS;
  self->backoff_max_ms = DEFAULT_BACKOFF_MAX_MS;
}

FlowUpstoxClient *
flow_upstox_client_new (const char *base_url,
                        const char *access_token)
{
  FlowUpstoxClient *self;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (access_token != NULL, NULL);

  self = g_object_new (FLOW_TYPE_UPSTOX_CLIENT, NULL);
  self->base_url = g_strdup (base_url);
  self->authorization = g_strconcat ("Bearer ", access_token, NULL);
  return self;
}

const char *
flow_upstox_client_get_base_url (FlowUpstoxClient *self)
{
  g_return_val_if_fail (FLOW_IS_UPSTOX_CLIENT (self), NULL);
  return self->base_url;
}

void
flow_upstox_client_set_timeout (FlowUpstoxClient *self,
                                guint             seconds)
{
  g_return_if_fail (FLOW_IS_UPSTOX_CLIENT (self));
  soup_session_set_timeout (self->session, seconds);
}

void
flow_upstox_client_set_backoff (FlowUpstoxClient *self,
                                guint             initial_ms,
                                guint             max_ms)
{
  g_return_if_fail (FLOW_IS_UPSTOX_CLIENT (self));
  g_return_if_fail (initial_ms > 0 && initial_ms <= max_ms);

  self->backoff_initial_ms = initial_ms;
  self->backoff_max_ms = max_ms;
}

gint64
flow_upstox_client_get_backoff_until_ms (FlowUpstoxClient *self)
{
  g_return_val_if_fail (FLOW_IS_UPSTOX_CLIENT (self), 0);
  return self->backoff_until_ms > g_get_real_time () / 1000 ? self->backoff_until_ms : 0;
}

/* ------------------------------------------------------------------------------------------
 * One GET
 */

typedef struct
{
  char        *path;
  SoupMessage *message;
  GSource     *wait;       /* the back-off wait, before sending */
  gulong       cancelled_id;
} Request;

static void
request_free (Request *request)
{
  g_free (request->path);
  g_clear_object (&request->message);
  if (request->wait != NULL)
    {
      g_source_destroy (request->wait);
      g_source_unref (request->wait);
    }
  g_free (request);
}

/* The first entry of an error envelope (upstox.md §0): errorCode, falling back to the
 * snake_case error_code some answers carry. Either may come back NULL. */
static void
read_envelope (JsonNode    *root,
               const char **out_code,
               const char **out_message)
{
  JsonNode *errors;
  JsonNode *first;
  JsonNode *message;
  const char * const code_names[] = { "errorCode", "error_code" };

  *out_code = NULL;
  *out_message = NULL;
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  errors = json_object_get_member (json_node_get_object (root), "errors");
  if (errors == NULL || !JSON_NODE_HOLDS_ARRAY (errors) ||
      json_array_get_length (json_node_get_array (errors)) == 0)
    return;
  first = json_array_get_element (json_node_get_array (errors), 0);
  if (!JSON_NODE_HOLDS_OBJECT (first))
    return;

  for (gsize i = 0; i < G_N_ELEMENTS (code_names) && *out_code == NULL; i++)
    {
      JsonNode *code = json_object_get_member (json_node_get_object (first), code_names[i]);

      if (code != NULL && JSON_NODE_HOLDS_VALUE (code) &&
          json_node_get_value_type (code) == G_TYPE_STRING)
        *out_code = json_node_get_string (code);
    }
  message = json_object_get_member (json_node_get_object (first), "message");
  if (message != NULL && JSON_NODE_HOLDS_VALUE (message) &&
      json_node_get_value_type (message) == G_TYPE_STRING)
    *out_message = json_node_get_string (message);
}

static const char *
status_of (JsonNode *root)
{
  JsonNode *status;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  status = json_object_get_member (json_node_get_object (root), "status");
  if (status == NULL || !JSON_NODE_HOLDS_VALUE (status) ||
      json_node_get_value_type (status) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (status);
}

char *
flow_upstox_describe_refusal (JsonNode *root,
                              guint     http_status)
{
  const char *code, *message;
  g_autofree char *refusal = NULL;

  read_envelope (root, &code, &message);
  if (message != NULL && code != NULL)
    refusal = g_strdup_printf ("%s (%s)", message, code);
  else if (message != NULL || code != NULL)
    refusal = g_strdup (message != NULL ? message : code);
  else
    return g_strdup_printf ("HTTP %u", http_status);
  /* json-glib lets "\ud800" through as bytes that are not UTF-8; the text ends up in a label. */
  return g_utf8_make_valid (refusal, -1);
}

static void
start_backoff (FlowUpstoxClient *self)
{
  self->backoff_ms = self->backoff_ms == 0 ? self->backoff_initial_ms
                                           : MIN (self->backoff_ms * 2, self->backoff_max_ms);
  self->backoff_until_ms = g_get_real_time () / 1000 + self->backoff_ms;
}

/* Turns one answer into the body or an error (the mapping of upstox.md §1.4). */
static JsonNode *
check_answer (FlowUpstoxClient  *self,
              const char        *path,
              SoupMessage       *message,
              GBytes            *bytes,
              GError           **error)
{
  guint http_status = soup_message_get_status (message);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *refusal = NULL;
  const char *content_type;
  const char *code, *ignored;
  JsonNode *root = NULL;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size > 0 && json_parser_load_from_data (parser, data, size, NULL))
    root = json_parser_get_root (parser);
  read_envelope (root, &code, &ignored);
  g_debug ("GET %s: HTTP %u%s%s", path, http_status, code != NULL ? " " : "",
           code != NULL ? code : "");

  if (http_status == SOUP_STATUS_UNAUTHORIZED || g_strcmp0 (code, INVALID_TOKEN_CODE) == 0)
    {
      refusal = flow_upstox_describe_refusal (root, http_status);
      g_set_error (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SIGN_IN_NEEDED,
                   _("Upstox no longer accepts the sign-in (%s): sign in again"), refusal);
      return NULL;
    }
  if (http_status == HTTP_TOO_MANY_REQUESTS)
    {
      start_backoff (self);
      g_set_error (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_RATE_LIMITED,
                   _("Upstox is limiting the request rate: waiting %u s before the next one"),
                   (self->backoff_ms + 999) / 1000);
      return NULL;
    }
  self->backoff_ms = 0;
  self->backoff_until_ms = 0;

  if (http_status >= 500)
    {
      refusal = flow_upstox_describe_refusal (root, http_status);
      g_set_error (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_SERVER,
                   _("Upstox had a server error on %s: %s"), path, refusal);
      return NULL;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (http_status) || g_strcmp0 (status_of (root), "error") == 0)
    {
      refusal = flow_upstox_describe_refusal (root, http_status);
      g_set_error (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_REFUSED,
                   _("Upstox refused %s: %s"), path, refusal);
      return NULL;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      content_type = soup_message_headers_get_content_type (
        soup_message_get_response_headers (message), NULL);
      g_set_error (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_INVALID_RESPONSE,
                   _("Upstox answered %s with something that is not a JSON object (%s)"), path,
                   content_type != NULL ? content_type : _("no content type"));
      return NULL;
    }
  return json_node_copy (root);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlowUpstoxClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  JsonNode *body;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_prefix_error (&error, _("Could not reach Upstox: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  body = check_answer (self, request->path, request->message, bytes, &error);
  if (body == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, body, (GDestroyNotify) json_node_unref);
}

static void
send_now (GTask *task)
{
  FlowUpstoxClient *self = g_task_get_source_object (task);
  Request *request = g_task_get_task_data (task);
  g_autofree char *url = g_strconcat (self->base_url, request->path, NULL);
  SoupMessageHeaders *headers;

  request->message = soup_message_new (SOUP_METHOD_GET, url);
  if (request->message == NULL)
    {
      g_task_return_new_error (task, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_INVALID_RESPONSE,
                               _("“%s” is not a valid request URL"), url);
      g_object_unref (task);
      return;
    }
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Authorization", self->authorization);
  soup_message_headers_replace (headers, "Accept", "application/json");
  /* The SDKs send it on v2 and an error code exists for its absence (upstox.md §0). */
  if (g_str_has_prefix (request->path, "/v2/"))
    soup_message_headers_replace (headers, "Api-Version", "2.0");
  soup_session_send_and_read_async (self->session, request->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_sent, task);
}

static gboolean
on_backoff_over (gpointer data)
{
  GTask *task = data;
  Request *request = g_task_get_task_data (task);

  g_clear_pointer (&request->wait, g_source_unref);
  g_cancellable_disconnect (g_task_get_cancellable (task), request->cancelled_id);
  request->cancelled_id = 0;
  send_now (task);
  return G_SOURCE_REMOVE;
}

/* Runs in the task's context via an idle, since GCancellable::cancelled may fire on any
 * thread. */
static gboolean
on_backoff_cancelled_idle (gpointer data)
{
  GTask *task = data;
  Request *request = g_task_get_task_data (task);

  if (request->wait != NULL)
    {
      g_source_destroy (request->wait);
      g_clear_pointer (&request->wait, g_source_unref);
      g_cancellable_disconnect (g_task_get_cancellable (task), request->cancelled_id);
      request->cancelled_id = 0;
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }
  return G_SOURCE_REMOVE;
}

static void
on_backoff_cancelled (GCancellable *cancellable,
                      gpointer      data)
{
  GTask *task = data;

  g_autoptr(GSource) idle = g_idle_source_new ();

  /* Disconnecting from inside ::cancelled deadlocks: always later, never
   * g_main_context_invoke(), which may run at once. */
  g_source_set_callback (idle, on_backoff_cancelled_idle, g_object_ref (task), g_object_unref);
  g_source_attach (idle, g_task_get_context (task));
}

void
flow_upstox_client_get_async (FlowUpstoxClient    *self,
                              const char          *path_and_query,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  Request *request;
  gint64 now_ms = g_get_real_time () / 1000;

  g_return_if_fail (FLOW_IS_UPSTOX_CLIENT (self));
  g_return_if_fail (path_and_query != NULL && path_and_query[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, flow_upstox_client_get_async);
  request = g_new0 (Request, 1);
  request->path = g_strdup (path_and_query);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (self->backoff_until_ms <= now_ms)
    {
      send_now (task);
      return;
    }

  g_debug ("GET %s waits %" G_GINT64_FORMAT " ms (rate limit)", path_and_query,
           self->backoff_until_ms - now_ms);
  request->wait = g_timeout_source_new (self->backoff_until_ms - now_ms);
  g_source_set_callback (request->wait, on_backoff_over, task, NULL);
  g_source_attach (request->wait, g_task_get_context (task));
  if (cancellable != NULL)
    request->cancelled_id = g_cancellable_connect (cancellable,
                                                   G_CALLBACK (on_backoff_cancelled), task,
                                                   NULL);
}

JsonNode *
flow_upstox_client_get_finish (FlowUpstoxClient  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------
 * Endpoints
 */

static char *
escape (const char *text)
{
  /* Nothing reserved is allowed through: '|' → %7C, ' ' → %20 (upstox.md §0). */
  return g_uri_escape_string (text, NULL, FALSE);
}

/* Chains a GET whose body the caller's finish converts. */
static void
on_body (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *body = flow_upstox_client_get_finish (FLOW_UPSTOX_CLIENT (source), result, &error);

  if (body == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, body, (GDestroyNotify) json_node_unref);
}

static void
get_for (FlowUpstoxClient    *self,
         gpointer             source_tag,
         char                *path,
         GCancellable        *cancellable,
         GAsyncReadyCallback  callback,
         gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  flow_upstox_client_get_async (self, path, cancellable, on_body, task);
  g_free (path);
}

void
flow_upstox_client_expiries_async (FlowUpstoxClient    *self,
                                   const char          *underlying_key,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *key = escape (underlying_key);

  g_return_if_fail (FLOW_IS_UPSTOX_CLIENT (self));
  get_for (self, flow_upstox_client_expiries_async,
           g_strconcat ("/v2/option/contract?instrument_key=", key, NULL),
           cancellable, callback, user_data);
}

GStrv
flow_upstox_client_expiries_finish (FlowUpstoxClient  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  body = g_task_propagate_pointer (G_TASK (result), error);
  return body != NULL ? flow_upstox_contract_expiries (body, error) : NULL;
}

void
flow_upstox_client_option_contracts_async (FlowUpstoxClient    *self,
                                           const char          *underlying_key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autofree char *key = escape (underlying_key);

  g_return_if_fail (FLOW_IS_UPSTOX_CLIENT (self));
  get_for (self, flow_upstox_client_option_contracts_async,
           g_strconcat ("/v2/option/contract?instrument_key=", key, NULL),
           cancellable, callback, user_data);
}

JsonNode *
flow_upstox_client_option_contracts_finish (FlowUpstoxClient  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
flow_upstox_client_option_chain_async (FlowUpstoxClient    *self,
                                       const char          *underlying_key,
                                       const char          *expiry,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *key = escape (underlying_key);
  g_autofree char *date = escape (expiry);

  g_return_if_fail (FLOW_IS_UPSTOX_CLIENT (self));
  get_for (self, flow_upstox_client_option_chain_async,
           g_strconcat ("/v2/option/chain?instrument_key=", key, "&expiry_date=", date, NULL),
           cancellable, callback, user_data);
}

JsonNode *
flow_upstox_client_option_chain_finish (FlowUpstoxClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
flow_upstox_client_intraday_candles_async (FlowUpstoxClient    *self,
                                           const char          *instrument_key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autofree char *key = escape (instrument_key);

  g_return_if_fail (FLOW_IS_UPSTOX_CLIENT (self));
  get_for (self, flow_upstox_client_intraday_candles_async,
           g_strconcat ("/v3/historical-candle/intraday/", key, "/minutes/1", NULL),
           cancellable, callback, user_data);
}

JsonNode *
flow_upstox_client_intraday_candles_finish (FlowUpstoxClient  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
flow_upstox_client_day_candles_async (FlowUpstoxClient    *self,
                                      const char          *instrument_key,
                                      const char          *date,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *key = escape (instrument_key);

  g_return_if_fail (FLOW_IS_UPSTOX_CLIENT (self));
  /* v3 historical: /minutes/1/<to>/<from>, the same day twice for one day. */
  get_for (self, flow_upstox_client_day_candles_async,
           g_strconcat ("/v3/historical-candle/", key, "/minutes/1/", date, "/", date, NULL),
           cancellable, callback, user_data);
}

JsonNode *
flow_upstox_client_day_candles_finish (FlowUpstoxClient  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

SoupSession *
flow_upstox_client_get_session (FlowUpstoxClient *self)
{
  g_return_val_if_fail (FLOW_IS_UPSTOX_CLIENT (self), NULL);
  return self->session;
}

/* The wss address of a v3 authorize answer (upstox.md §5.1): authorized_redirect_uri, or its
 * deprecated camelCase twin; checked as any endpoint is (plain ws only on loopback). */
char *
flow_upstox_feed_address (JsonNode  *body,
                          GError   **error)
{
  JsonObject *data = NULL;
  JsonNode *node = NULL;
  const char *url;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    {
      JsonNode *data_node = json_object_get_member (json_node_get_object (body), "data");

      if (data_node != NULL && JSON_NODE_HOLDS_OBJECT (data_node))
        data = json_node_get_object (data_node);
    }
  if (data != NULL)
    {
      node = json_object_get_member (data, "authorized_redirect_uri");
      if (node == NULL)
        node = json_object_get_member (data, "authorizedRedirectUri");
    }
  url = node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
        json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_INVALID_RESPONSE,
                           _("Upstox’s feed authorization named no stream address"));
      return NULL;
    }
  if (!g_str_has_prefix (url, "wss://") && !g_str_has_prefix (url, "ws://"))
    {
      g_set_error (error, FLOW_UPSTOX_ERROR, FLOW_UPSTOX_ERROR_INVALID_RESPONSE,
                   _("Upstox’s feed authorization named “%.40s”, not a WebSocket address"), url);
      return NULL;
    }
  if (!flow_endpoint_check (url, error))
    return NULL;
  return g_strdup (url);
}

void
flow_upstox_client_authorize_feed_async (FlowUpstoxClient    *self,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_return_if_fail (FLOW_IS_UPSTOX_CLIENT (self));
  get_for (self, flow_upstox_client_authorize_feed_async,
           g_strdup ("/v3/feed/market-data-feed/authorize"), cancellable, callback, user_data);
}

char *
flow_upstox_client_authorize_feed_finish (FlowUpstoxClient  *self,
                                          GAsyncResult      *result,
                                          GError           **error)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  body = g_task_propagate_pointer (G_TASK (result), error);
  return body != NULL ? flow_upstox_feed_address (body, error) : NULL;
}

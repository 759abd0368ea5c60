/* flow-test-upstox-server.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-test-upstox-server.h"

#include <libsoup/soup.h>
#include <string.h>

typedef struct
{
  guint  status;
  char  *content_type;
  char  *body;
} Answer;

typedef struct
{
  char *access_token;
  char *user_id;
} Code;

struct _FlowTestUpstox
{
  SoupServer *server;
  char       *url;
  char       *token;
  char       *dialog_code;
  GHashTable *answers;     /* path prefix → GQueue of Answer */
  GHashTable *codes;       /* code → Code; removed once used */
  GHashTable *form;        /* the last token request's fields */
  GPtrArray  *paths;       /* every request's path */
  GPtrArray  *queries;     /* and its query ("" when none), at the same index */
  Answer     *token_failure;
  guint       delay_ms;
};

static void
answer_free (Answer *answer)
{
  g_free (answer->content_type);
  g_free (answer->body);
  g_free (answer);
}

static void
queue_free (GQueue *queue)
{
  g_queue_free_full (queue, (GDestroyNotify) answer_free);
}

static void
code_free (Code *code)
{
  g_free (code->access_token);
  g_free (code->user_id);
  g_free (code);
}

static void
respond (SoupServerMessage *message,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (message, status, NULL);
  soup_server_message_set_response (message, content_type, SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

static void
respond_error (SoupServerMessage *message,
               guint              status,
               const char        *code,
               const char        *text)
{
  g_autofree char *body = g_strdup_printf (
    "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"%s\",\"message\":\"%s\","
    "\"propertyPath\":null,\"invalidValue\":null}]}", code, text);

  respond (message, status, "application/json", body);
}

static void
handle_token (FlowTestUpstox    *self,
              SoupServerMessage *message)
{
  SoupMessageBody *request = soup_server_message_get_request_body (message);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  const char *code_text;
  Code *code;
  g_autofree char *body = NULL;

  g_clear_pointer (&self->form, g_hash_table_unref);
  self->form = soup_form_decode (text);
  if (self->token_failure != NULL)
    {
      respond (message, self->token_failure->status, self->token_failure->content_type,
               self->token_failure->body);
      g_clear_pointer (&self->token_failure, answer_free);
      return;
    }
  code_text = g_hash_table_lookup (self->form, "code");
  code = code_text != NULL ? g_hash_table_lookup (self->codes, code_text) : NULL;
  if (code == NULL ||
      g_strcmp0 (g_hash_table_lookup (self->form, "grant_type"), "authorization_code") != 0)
    {
      respond_error (message, SOUP_STATUS_BAD_REQUEST, "UDAPI100016", "Invalid Credentials");
      return;
    }
  /* The token answer is flat (upstox.md §1.2). */
  body = g_strdup_printf ("{\"email\":\"trader@example.com\",\"exchanges\":[\"NSE\",\"NFO\"],"
                          "\"products\":[\"D\",\"I\"],\"broker\":\"UPSTOX\",\"user_id\":\"%s\","
                          "\"user_name\":\"Test Trader\",\"order_types\":[\"MARKET\"],"
                          "\"user_type\":\"individual\",\"poa\":false,\"is_active\":true,"
                          "\"access_token\":\"%s\",\"extended_token\":null}",
                          code->user_id, code->access_token);
  /* Single-use, whatever happens next. */
  g_hash_table_remove (self->codes, code_text);
  respond (message, SOUP_STATUS_OK, "application/json", body);
}

static void
handle_dialog (FlowTestUpstox    *self,
               SoupServerMessage *message,
               GHashTable        *query)
{
  const char *redirect = query != NULL ? g_hash_table_lookup (query, "redirect_uri") : NULL;
  const char *state = query != NULL ? g_hash_table_lookup (query, "state") : NULL;
  g_autofree char *escaped_state = NULL;
  g_autofree char *location = NULL;

  if (redirect == NULL || state == NULL || self->dialog_code == NULL ||
      g_strcmp0 (g_hash_table_lookup (query, "response_type"), "code") != 0)
    {
      respond_error (message, SOUP_STATUS_BAD_REQUEST, "UDAPI100068", "Check your client_id "
                     "and redirect_uri");
      return;
    }
  escaped_state = g_uri_escape_string (state, NULL, FALSE);
  location = g_strdup_printf ("%s?code=%s&state=%s", redirect, self->dialog_code, escaped_state);
  soup_server_message_set_redirect (message, SOUP_STATUS_FOUND, location);
}

gboolean
flow_test_upstox_check_bearer (FlowTestUpstox    *self,
                               SoupServerMessage *message)
{
  const char *authorization;
  g_autofree char *expected = g_strconcat ("Bearer ", self->token, NULL);

  authorization = soup_message_headers_get_one (soup_server_message_get_request_headers (message),
                                                "Authorization");
  if (g_strcmp0 (authorization, expected) == 0)
    return TRUE;
  respond_error (message, SOUP_STATUS_UNAUTHORIZED, "UDAPI100050",
                 "Invalid token used to access API");
  return FALSE;
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *message,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  FlowTestUpstox *self = user_data;
  GHashTableIter iter;
  gpointer key, value;
  const char *best = NULL;
  GQueue *queue;
  Answer *answer;

  g_ptr_array_add (self->paths, g_strdup (path));
  g_ptr_array_add (self->queries,
                   g_strdup (g_uri_get_query (soup_server_message_get_uri (message)) != NULL
                             ? g_uri_get_query (soup_server_message_get_uri (message)) : ""));
  if (strcmp (path, "/v2/login/authorization/token") == 0)
    {
      handle_token (self, message);
      return;
    }
  if (strcmp (path, "/v2/login/authorization/dialog") == 0)
    {
      handle_dialog (self, message, query);
      return;
    }

  if (!flow_test_upstox_check_bearer (self, message))
    return;

  g_hash_table_iter_init (&iter, self->answers);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (path, key) && (best == NULL || strlen (key) > strlen (best)))
      best = key;
  if (best == NULL)
    {
      respond_error (message, SOUP_STATUS_NOT_FOUND, "UDAPI10000", "This request is not "
                     "supported by Upstox API");
      return;
    }
  queue = g_hash_table_lookup (self->answers, best);
  answer = g_queue_get_length (queue) > 1 ? g_queue_pop_head (queue) : g_queue_peek_head (queue);
  respond (message, answer->status, answer->content_type, answer->body);
  if (g_queue_peek_head (queue) != answer)
    answer_free (answer);
}

static gboolean
on_delay_over (gpointer data)
{
  soup_server_message_unpause (data);
  return G_SOURCE_REMOVE;
}

static void
handle (SoupServer        *server,
        SoupServerMessage *message,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  FlowTestUpstox *self = user_data;

  handle_request (server, message, path, query, user_data);
  if (self->delay_ms == 0)
    return;
  soup_server_message_pause (message);
  g_timeout_add_full (G_PRIORITY_DEFAULT, self->delay_ms, on_delay_over, g_object_ref (message),
                      g_object_unref);
}

guint16
flow_test_free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

FlowTestUpstox *
flow_test_upstox_new (void)
{
  FlowTestUpstox *self = g_new0 (FlowTestUpstox, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *text = NULL;
  g_autofree char *instruments_url = NULL;

  self->token = g_strdup ("test-token");
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) queue_free);
  self->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) code_free);
  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->queries = g_ptr_array_new_with_free_func (g_free);
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, handle, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  text = g_uri_to_string (uris->data);
  self->url = g_str_has_suffix (text, "/") ? g_strndup (text, strlen (text) - 1)
                                           : g_strdup (text);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  g_setenv ("ORDERFLOW_UPSTOX_API_URL", self->url, TRUE);
  /* No test may reach Upstox's real file: until flow-test-upstox-stream-server.h serves one
   * here, this address answers 401. */
  instruments_url = g_strconcat (self->url, "/instruments/NSE.json.gz", NULL);
  g_setenv ("ORDERFLOW_UPSTOX_INSTRUMENTS_URL", instruments_url, TRUE);
  return self;
}

void
flow_test_upstox_free (FlowTestUpstox *self)
{
  soup_server_disconnect (self->server);
  g_object_unref (self->server);
  g_hash_table_unref (self->answers);
  g_hash_table_unref (self->codes);
  g_clear_pointer (&self->form, g_hash_table_unref);
  g_ptr_array_unref (self->paths);
  g_ptr_array_unref (self->queries);
  g_free (self->url);
  g_free (self->token);
  g_free (self->dialog_code);
  g_clear_pointer (&self->token_failure, answer_free);
  g_free (self);
  g_unsetenv ("ORDERFLOW_UPSTOX_API_URL");
  g_unsetenv ("ORDERFLOW_UPSTOX_INSTRUMENTS_URL");
}

SoupServer *
flow_test_upstox_get_soup_server (FlowTestUpstox *self)
{
  return self->server;
}

const char *
flow_test_upstox_get_url (FlowTestUpstox *self)
{
  return self->url;
}

void
flow_test_upstox_set_token (FlowTestUpstox *self,
                            const char     *token)
{
  g_free (self->token);
  self->token = g_strdup (token);
}

void
flow_test_upstox_push (FlowTestUpstox *self,
                       const char     *path_prefix,
                       guint           status,
                       const char     *content_type,
                       const char     *body)
{
  GQueue *queue = g_hash_table_lookup (self->answers, path_prefix);
  Answer *answer = g_new0 (Answer, 1);

  if (queue == NULL)
    {
      queue = g_queue_new ();
      g_hash_table_insert (self->answers, g_strdup (path_prefix), queue);
    }
  answer->status = status;
  answer->content_type = g_strdup (content_type);
  answer->body = g_strdup (body);
  g_queue_push_tail (queue, answer);
}

guint
flow_test_upstox_get_hits (FlowTestUpstox *self,
                           const char     *path_prefix)
{
  guint hits = 0;

  for (guint i = 0; i < self->paths->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (self->paths, i), path_prefix))
      hits++;
  return hits;
}

char *
flow_test_upstox_get_last_param (FlowTestUpstox *self,
                                 const char     *path_prefix,
                                 const char     *name)
{
  for (guint i = self->paths->len; i > 0; i--)
    if (g_str_has_prefix (g_ptr_array_index (self->paths, i - 1), path_prefix))
      {
        g_autoptr(GHashTable) params = g_uri_parse_params (g_ptr_array_index (self->queries, i - 1),
                                                           -1, "&", G_URI_PARAMS_NONE, NULL);

        return params != NULL ? g_strdup (g_hash_table_lookup (params, name)) : NULL;
      }
  return NULL;
}

void
flow_test_upstox_add_code (FlowTestUpstox *self,
                           const char     *code,
                           const char     *access_token,
                           const char     *user_id)
{
  Code *entry = g_new0 (Code, 1);

  entry->access_token = g_strdup (access_token);
  entry->user_id = g_strdup (user_id);
  g_hash_table_insert (self->codes, g_strdup (code), entry);
}

void
flow_test_upstox_set_dialog_code (FlowTestUpstox *self,
                                  const char     *code)
{
  g_free (self->dialog_code);
  self->dialog_code = g_strdup (code);
}

const char *
flow_test_upstox_get_form_field (FlowTestUpstox *self,
                                 const char     *name)
{
  return self->form != NULL ? g_hash_table_lookup (self->form, name) : NULL;
}

void
flow_test_upstox_fail_next_token (FlowTestUpstox *self,
                                  guint           status,
                                  const char     *content_type,
                                  const char     *body)
{
  g_clear_pointer (&self->token_failure, answer_free);
  self->token_failure = g_new0 (Answer, 1);
  self->token_failure->status = status;
  self->token_failure->content_type = g_strdup (content_type);
  self->token_failure->body = g_strdup (body);
}

void
flow_test_upstox_set_delay (FlowTestUpstox *self,
                            guint           delay_ms)
{
  self->delay_ms = delay_ms;
}

/* ------------------------------------------------------------------------------------------
 * The browser
 */

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  FlowTestPage *page = user_data;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                               NULL);

  page->status = soup_message_get_status (soup_session_get_async_result_message (
    SOUP_SESSION (source), result));
  page->text = bytes != NULL ? g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes))
                             : g_strdup ("");
  page->done = TRUE;
}

void
flow_test_browse_async (const char   *url,
                        guint         timeout_s,
                        FlowTestPage *page)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) message = soup_message_new (SOUP_METHOD_GET, url);

  g_assert_nonnull (message);
  flow_test_page_clear (page);
  if (timeout_s > 0)
    soup_session_set_timeout (session, timeout_s);
  /* The operation holds the session until it ends. */
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_page, page);
}

static gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

void
flow_test_browse (const char   *url,
                  FlowTestPage *page)
{
  gint64 until = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  /* Wakes the blocking iteration below to look at the clock. */
  guint wake_id = g_timeout_add (100, keep_waking, NULL);

  flow_test_browse_async (url, 0, page);
  while (!page->done)
    {
      if (g_get_monotonic_time () > until)
        g_error ("no page from %s within 30 s", url);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake_id);
}

void
flow_test_page_clear (FlowTestPage *page)
{
  g_clear_pointer (&page->text, g_free);
  page->status = 0;
  page->done = FALSE;
}

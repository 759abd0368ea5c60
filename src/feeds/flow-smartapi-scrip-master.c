/* flow-smartapi-scrip-master.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-smartapi-scrip-master"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "flow-ist.h"
#include "flow-smartapi-scrip-master.h"

#define CHUNK_SIZE  (64 * 1024)
/* Rows are about 250 bytes; anything near this is not a row of the list. */
#define MAX_OBJECT  (64 * 1024)
#define CACHE_PREFIX "angel-scrip-master-"

G_DEFINE_QUARK (flow-smartapi-scrip-master-error-quark, flow_smartapi_scrip_master_error)

FlowSmartapiInstrument *
flow_smartapi_instrument_copy (const FlowSmartapiInstrument *instrument)
{
  FlowSmartapiInstrument *copy = g_new (FlowSmartapiInstrument, 1);

  *copy = *instrument;
  copy->token = g_strdup (instrument->token);
  copy->symbol = g_strdup (instrument->symbol);
  copy->name = g_strdup (instrument->name);
  copy->exch_seg = g_strdup (instrument->exch_seg);
  return copy;
}

void
flow_smartapi_instrument_free (FlowSmartapiInstrument *instrument)
{
  if (instrument == NULL)
    return;
  g_free (instrument->token);
  g_free (instrument->symbol);
  g_free (instrument->name);
  g_free (instrument->exch_seg);
  g_free (instrument);
}

gboolean
flow_smartapi_parse_expiry (const char *text,
                            gint64     *out_day_start_ms)
{
  static const char * const months[] = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
  };
  guint day, month = 0, year;
  g_autofree char *iso = NULL;

  if (text == NULL || strlen (text) != 9 || !g_ascii_isdigit (text[0]) ||
      !g_ascii_isdigit (text[1]))
    return FALSE;
  for (guint i = 5; i < 9; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  for (guint m = 0; m < G_N_ELEMENTS (months); m++)
    if (g_ascii_strncasecmp (text + 2, months[m], 3) == 0)
      month = m + 1;
  day = (guint) (text[0] - '0') * 10 + (guint) (text[1] - '0');
  year = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  if (month == 0 || !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  iso = g_strdup_printf ("%04u-%02u-%02u", year, month, day);
  return flow_ist_parse_date (iso, out_day_start_ms);
}

/* ------------------------------------------------------------------------------------------
 * Streaming selection
 */

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

/* Numbers come as strings such as "5.000000"; a malformed one reads as 0. */
static gint64
number_member (JsonObject *object,
               const char *name)
{
  const char *text = string_member (object, name);
  char *end = NULL;
  double value;

  if (text == NULL)
    return 0;
  value = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (value) || fabs (value) > 1e15)
    return 0;
  return (gint64) llround (value);
}

typedef struct
{
  const char             *underlying;
  gint64                  today_ms;
  JsonParser             *parser;
  FlowSmartapiInstrument *best;
  guint64                 n_rows;
} Selection;

static void
consider_row (Selection  *selection,
              const char *text,
              gsize       length)
{
  JsonObject *row;
  const char *name, *token, *symbol;
  gint64 expiry_ms;

  selection->n_rows++;
  /* Most rows are equities and options: skip them without parsing. */
  if (g_strstr_len (text, (gssize) length, "FUTIDX") == NULL)
    return;
  if (!json_parser_load_from_data (selection->parser, text, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (selection->parser)))
    return;
  row = json_node_get_object (json_parser_get_root (selection->parser));
  name = string_member (row, "name");
  token = string_member (row, "token");
  symbol = string_member (row, "symbol");
  /* The name must match exactly: NIFTY is not NIFTYNXT50. */
  if (g_strcmp0 (string_member (row, "exch_seg"), "NFO") != 0 ||
      g_strcmp0 (string_member (row, "instrumenttype"), "FUTIDX") != 0 ||
      g_strcmp0 (name, selection->underlying) != 0 ||
      token == NULL || *token == '\0' || symbol == NULL ||
      !flow_smartapi_parse_expiry (string_member (row, "expiry"), &expiry_ms) ||
      expiry_ms < selection->today_ms)
    return;
  if (selection->best != NULL && selection->best->expiry_ms <= expiry_ms)
    return;

  flow_smartapi_instrument_free (selection->best);
  selection->best = g_new0 (FlowSmartapiInstrument, 1);
  selection->best->token = g_strdup (token);
  selection->best->symbol = g_strdup (symbol);
  selection->best->name = g_strdup (name);
  selection->best->exch_seg = g_strdup ("NFO");
  selection->best->expiry_ms = expiry_ms;
  selection->best->tick_size = number_member (row, "tick_size");
  selection->best->lot_size = number_member (row, "lotsize");
}

static gboolean
malformed (GError     **error,
           const char  *why)
{
  g_set_error (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR, FLOW_SMARTAPI_SCRIP_MASTER_ERROR_MALFORMED,
               _("Angel One’s instrument list is malformed: %s"), why);
  return FALSE;
}

/* Cuts the top-level array into its objects with a small lexer that only tracks strings and
 * nesting, and hands each object to json-glib on its own. */
static gboolean
scan_rows (GInputStream  *stream,
           Selection     *selection,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autofree guint8 *chunk = g_malloc (CHUNK_SIZE);
  g_autoptr(GString) object = g_string_new (NULL);
  gboolean in_string = FALSE, escaped = FALSE, seen_array = FALSE, ended = FALSE;
  guint depth = 0;
  gssize n;

  while ((n = g_input_stream_read (stream, chunk, CHUNK_SIZE, cancellable, error)) > 0)
    {
      for (gssize i = 0; i < n; i++)
        {
          guint8 c = chunk[i];

          if (depth >= 2)
            {
              g_string_append_c (object, (char) c);
              if (object->len > MAX_OBJECT)
                return malformed (error, _("a row is far too long"));
            }
          if (in_string)
            {
              if (escaped)
                escaped = FALSE;
              else if (c == '\\')
                escaped = TRUE;
              else if (c == '"')
                in_string = FALSE;
              continue;
            }
          if (g_ascii_isspace (c))
            continue;
          if (ended)
            return malformed (error, _("data after the end of the list"));
          if (!seen_array)
            {
              if (c != '[')
                return malformed (error, _("it is not a JSON array"));
              seen_array = TRUE;
              depth = 1;
              continue;
            }
          switch (c)
            {
            case '"':
              if (depth == 1)
                return malformed (error, _("a row is not an object"));
              in_string = TRUE;
              break;
            case '{':
            case '[':
              if (depth == 1)
                {
                  if (c != '{')
                    return malformed (error, _("a row is not an object"));
                  g_string_assign (object, "{");
                }
              depth++;
              break;
            case '}':
            case ']':
              depth--;
              if (depth == 1)
                consider_row (selection, object->str, object->len);
              else if (depth == 0)
                ended = TRUE;
              break;
            default:
              if (depth == 1 && c != ',')
                return malformed (error, _("a row is not an object"));
              break;
            }
        }
    }
  if (n < 0)
    return FALSE;
  if (!ended)
    return malformed (error, _("it ends early"));
  return TRUE;
}

FlowSmartapiInstrument *
flow_smartapi_scrip_master_find_future (GInputStream  *stream,
                                        const char    *underlying,
                                        gint64         now_ms,
                                        GCancellable  *cancellable,
                                        GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  Selection selection = {
    .underlying = underlying,
    .today_ms = flow_ist_day_start_ms (now_ms),
    .parser = parser,
  };
  g_autofree char *today = NULL;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);
  g_return_val_if_fail (underlying != NULL, NULL);

  if (!scan_rows (stream, &selection, cancellable, error))
    {
      flow_smartapi_instrument_free (selection.best);
      return NULL;
    }
  g_debug ("%" G_GUINT64_FORMAT " rows scanned", selection.n_rows);
  if (selection.best != NULL)
    return selection.best;

  today = flow_ist_format_date (now_ms);
  g_set_error (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR, FLOW_SMARTAPI_SCRIP_MASTER_ERROR_NOT_FOUND,
               _("Angel One’s instrument list has no NFO index future named “%s” expiring on or "
                 "after %s"), underlying, today);
  return NULL;
}

/* ------------------------------------------------------------------------------------------
 * Download, cache and worker thread
 */

typedef struct
{
  char        *underlying;
  gint64       now_ms;
  char        *path;        /* today's cache file */
  char        *part_path;   /* where the download goes first */
  SoupMessage *message;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_free (lookup->underlying);
  g_free (lookup->path);
  g_free (lookup->part_path);
  g_clear_object (&lookup->message);
  g_free (lookup);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Lookup *lookup = task_data;
  g_autoptr(GFile) file = g_file_new_for_path (lookup->path);
  g_autoptr(GFileInputStream) stream = NULL;
  GError *error = NULL;
  FlowSmartapiInstrument *instrument;

  stream = g_file_read (file, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  instrument = flow_smartapi_scrip_master_find_future (G_INPUT_STREAM (stream),
                                                       lookup->underlying, lookup->now_ms,
                                                       cancellable, &error);
  if (instrument == NULL)
    {
      /* A broken copy must not stay cached for the rest of the day. */
      if (g_error_matches (error, FLOW_SMARTAPI_SCRIP_MASTER_ERROR,
                           FLOW_SMARTAPI_SCRIP_MASTER_ERROR_MALFORMED))
        g_unlink (lookup->path);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, instrument, (GDestroyNotify) flow_smartapi_instrument_free);
}

/* Earlier days' copies are stale: the list is regenerated every day. */
static void
remove_old_copies (const char *keep)
{
  g_autofree char *directory = g_path_get_dirname (keep);
  g_autofree char *keep_name = g_path_get_basename (keep);
  g_autoptr(GDir) dir = g_dir_open (directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, CACHE_PREFIX) && strcmp (name, keep_name) != 0)
      {
        g_autofree char *path = g_build_filename (directory, name, NULL);

        g_unlink (path);
      }
}

static void
on_spliced (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  GError *error = NULL;
  gssize size;

  size = g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error);
  if (size < 0)
    {
      g_unlink (lookup->part_path);
      g_task_return_error (task, error);
      return;
    }
  if (g_rename (lookup->part_path, lookup->path) != 0)
    {
      int saved_errno = errno;

      g_unlink (lookup->part_path);
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Cannot store Angel One’s instrument list in %s: %s"),
                               lookup->path, g_strerror (saved_errno));
      return;
    }
  g_debug ("instrument list downloaded: %" G_GSSIZE_FORMAT " bytes", size);
  remove_old_copies (lookup->path);
  g_task_run_in_thread (task, parse_in_thread);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GInputStream) body = NULL;
  g_autoptr(GFile) part = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  GCancellable *cancellable;
  GError *error = NULL;
  guint status;

  body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      g_task_return_new_error (task, FLOW_SMARTAPI_SCRIP_MASTER_ERROR,
                               FLOW_SMARTAPI_SCRIP_MASTER_ERROR_DOWNLOAD,
                               _("Cannot download Angel One’s instrument list: %s"),
                               error->message);
      g_error_free (error);
      return;
    }
  status = soup_message_get_status (lookup->message);
  if (status != SOUP_STATUS_OK)
    {
      g_task_return_new_error (task, FLOW_SMARTAPI_SCRIP_MASTER_ERROR,
                               FLOW_SMARTAPI_SCRIP_MASTER_ERROR_DOWNLOAD,
                               _("Cannot download Angel One’s instrument list: HTTP %u %s"),
                               status, soup_status_get_phrase (status));
      return;
    }

  part = g_file_new_for_path (lookup->part_path);
  out = g_file_replace (part, NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                        g_task_get_cancellable (task), &error);
  if (out == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  cancellable = g_task_get_cancellable (task);
  g_output_stream_splice_async (G_OUTPUT_STREAM (out), body,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, cancellable, on_spliced,
                                g_steal_pointer (&task));
}

void
flow_smartapi_scrip_master_find_future_async (SoupSession         *session,
                                              const char          *url,
                                              const char          *underlying,
                                              gint64               now_ms,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Lookup *lookup = g_new0 (Lookup, 1);
  g_autofree char *directory = g_build_filename (g_get_user_cache_dir (), "orderflow", NULL);
  g_autofree char *date = flow_ist_format_date (now_ms);
  /* Keyed by URL too, so a test server or a mirror never serves another source's copy. */
  g_autofree char *url_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  g_autofree char *name = NULL;

  g_return_if_fail (SOUP_IS_SESSION (session));

  g_task_set_source_tag (task, flow_smartapi_scrip_master_find_future_async);
  url_hash[12] = '\0';
  name = g_strdup_printf (CACHE_PREFIX "%s-%s.json", date, url_hash);
  lookup->underlying = g_strdup (underlying);
  lookup->now_ms = now_ms;
  lookup->path = g_build_filename (directory, name, NULL);
  lookup->part_path = g_strconcat (lookup->path, ".part", NULL);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);

  if (g_file_test (lookup->path, G_FILE_TEST_IS_REGULAR))
    {
      g_debug ("instrument list of %s from the cache", date);
      g_task_run_in_thread (task, parse_in_thread);
      g_object_unref (task);
      return;
    }
  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Cannot create %s: %s"), directory, g_strerror (saved_errno));
      g_object_unref (task);
      return;
    }
  lookup->message = soup_message_new (SOUP_METHOD_GET, url);
  if (lookup->message == NULL)
    {
      g_task_return_new_error (task, FLOW_SMARTAPI_SCRIP_MASTER_ERROR,
                               FLOW_SMARTAPI_SCRIP_MASTER_ERROR_DOWNLOAD,
                               _("Invalid instrument list address “%s”"), url);
      g_object_unref (task);
      return;
    }
  soup_session_send_async (session, lookup->message, G_PRIORITY_DEFAULT, cancellable, on_sent,
                           task);
}

FlowSmartapiInstrument *
flow_smartapi_scrip_master_find_future_finish (GAsyncResult  *result,
                                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

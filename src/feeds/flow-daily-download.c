/* flow-daily-download.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-daily-download"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "flow-daily-download.h"
#include "flow-ist.h"

typedef struct
{
  const FlowDailyDownload *download;
  char                    *query;
  gint64                   now_ms;
  char                    *directory;
  char                    *today_prefix;  /* what the names of today's copies start with */
  char                    *path;          /* today's copy of this URL */
  char                    *part_path;     /* where the download goes until it is complete */
  SoupMessage             *message;
  gboolean                 downloaded;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_free (fetch->query);
  g_free (fetch->directory);
  g_free (fetch->today_prefix);
  g_free (fetch->path);
  g_free (fetch->part_path);
  g_clear_object (&fetch->message);
  g_free (fetch);
}

/* The file is regenerated every day, so copies of earlier days are stale. Today's copies of
 * other URLs stay: another caller may be downloading or reading one right now. */
static void
remove_other_days (Fetch *fetch)
{
  g_autoptr(GDir) dir = g_dir_open (fetch->directory, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, fetch->download->cache_prefix) &&
        !g_str_has_prefix (name, fetch->today_prefix))
      {
        g_autofree char *path = g_build_filename (fetch->directory, name, NULL);

        g_debug ("removing %s", name);
        g_unlink (path);
      }
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Fetch *fetch = task_data;
  const FlowDailyDownload *download = fetch->download;
  g_autoptr(GFile) file = g_file_new_for_path (fetch->path);
  g_autoptr(GFileInputStream) stream = NULL;
  GError *error = NULL;
  gpointer result;

  if (fetch->downloaded)
    remove_other_days (fetch);
  stream = g_file_read (file, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = download->parse (G_INPUT_STREAM (stream), fetch->query, fetch->now_ms, cancellable,
                            &error);
  if (result == NULL)
    {
      /* A broken copy must not stay cached for the rest of the day. */
      if (g_error_matches (error, download->error_quark (), download->malformed_code))
        g_unlink (fetch->path);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, download->result_free);
}

/* Takes @error (or says @detail instead). A cancelled task finishes as G_IO_ERROR_CANCELLED
 * whatever it returns, so only real failures reach the caller as this. */
static void
return_download_error (GTask      *task,
                       GError     *error,
                       const char *detail)
{
  Fetch *fetch = g_task_get_task_data (task);

  /* Translators: the first %s names a file, e.g. "Angel One’s instrument list"; the second
   * says what went wrong. */
  g_task_return_new_error (task, fetch->download->error_quark (),
                           fetch->download->download_code,
                           _("Cannot download %s: %s"), _(fetch->download->title),
                           error != NULL ? error->message : detail);
  g_clear_error (&error);
}

static void
on_spliced (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GError *error = NULL;
  gssize size;

  size = g_output_stream_splice_finish (G_OUTPUT_STREAM (source), result, &error);
  if (size < 0)
    {
      g_unlink (fetch->part_path);
      return_download_error (task, error, NULL);
      return;
    }
  /* Renamed only once complete, so that a cut download is never taken for today's copy. */
  if (g_rename (fetch->part_path, fetch->path) != 0)
    {
      int saved_errno = errno;

      g_unlink (fetch->part_path);
      /* Translators: the first %s names a file, e.g. "Angel One’s instrument list". */
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Cannot store %s in %s: %s"), _(fetch->download->title),
                               fetch->path, g_strerror (saved_errno));
      return;
    }
  g_debug ("%s downloaded: %" G_GSSIZE_FORMAT " bytes", fetch->path, size);
  fetch->downloaded = TRUE;
  g_task_run_in_thread (task, parse_in_thread);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Fetch *fetch = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(GInputStream) body = NULL;
  g_autoptr(GFile) part = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  GError *error = NULL;
  guint status;

  body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (body == NULL)
    {
      return_download_error (task, error, NULL);
      return;
    }
  status = soup_message_get_status (fetch->message);
  if (status != SOUP_STATUS_OK)
    {
      g_autofree char *detail = g_strdup_printf ("HTTP %u %s", status,
                                                 soup_status_get_phrase (status));

      return_download_error (task, NULL, detail);
      return;
    }

  part = g_file_new_for_path (fetch->part_path);
  out = g_file_create (part, G_FILE_CREATE_PRIVATE, cancellable, &error);
  if (out == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_output_stream_splice_async (G_OUTPUT_STREAM (out), body,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, cancellable, on_spliced,
                                g_steal_pointer (&task));
}

void
flow_daily_download_async (const FlowDailyDownload *download,
                           SoupSession             *session,
                           const char              *url,
                           const char              *query,
                           gint64                   now_ms,
                           GCancellable            *cancellable,
                           GAsyncReadyCallback      callback,
                           gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  Fetch *fetch;
  g_autofree char *date = NULL;
  g_autofree char *url_hash = NULL;
  g_autofree char *name = NULL;
  g_autofree char *part_name = NULL;

  g_return_if_fail (download != NULL && download->parse != NULL);
  g_return_if_fail (download->error_quark != NULL);
  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (url != NULL);
  g_return_if_fail (query != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, flow_daily_download_async);
  fetch = g_new0 (Fetch, 1);
  fetch->download = download;
  fetch->query = g_strdup (query);
  fetch->now_ms = now_ms;
  g_task_set_task_data (task, fetch, (GDestroyNotify) fetch_free);

  date = flow_ist_format_date (now_ms);
  /* Keyed by URL too, so that a test server or a mirror never serves another source's copy. */
  url_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url, -1);
  url_hash[12] = '\0';
  fetch->directory = g_build_filename (g_get_user_cache_dir (), "orderflow", NULL);
  fetch->today_prefix = g_strconcat (download->cache_prefix, date, "-", NULL);
  name = g_strconcat (fetch->today_prefix, url_hash, download->cache_suffix, NULL);
  fetch->path = g_build_filename (fetch->directory, name, NULL);
  /* Its own name per download, so that two lookups of the same file at once never write into
   * each other's copy; the second rename simply replaces the first's identical file. */
  part_name = g_strdup_printf ("%s.%08x.part", name, g_random_int ());
  fetch->part_path = g_build_filename (fetch->directory, part_name, NULL);

  if (g_file_test (fetch->path, G_FILE_TEST_IS_REGULAR))
    {
      g_debug ("%s from the cache", name);
      g_task_run_in_thread (task, parse_in_thread);
      return;
    }
  if (g_mkdir_with_parents (fetch->directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Cannot create %s: %s"), fetch->directory,
                               g_strerror (saved_errno));
      return;
    }
  fetch->message = soup_message_new (SOUP_METHOD_GET, url);
  if (fetch->message == NULL)
    {
      /* Translators: the first %s names a file, e.g. "Angel One’s instrument list". */
      g_task_return_new_error (task, download->error_quark (), download->download_code,
                               _("Invalid address for %s: “%s”"), _(download->title), url);
      return;
    }
  if (download->user_agent != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (fetch->message),
                                  "User-Agent", download->user_agent);
  soup_session_send_async (session, fetch->message, G_PRIORITY_DEFAULT, cancellable, on_sent,
                           g_steal_pointer (&task));
}

gpointer
flow_daily_download_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == flow_daily_download_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* flow-journal-writer.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-journal"

#include "flow-journal-writer.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "flow-fd-io.h"
#include "flow-journal-reader.h"

/* Half the one-second promise, so a busy main loop still keeps it. */
#define FLUSH_INTERVAL_MS 500
#define BUFFER_RECORDS    1024

struct _FlowJournalWriter
{
  char    *path;
  int      fd;
  gboolean created;
  guint64  length_at_open;
  guint64  n_records;
  GSource *flush_source;
  GError  *deferred_error;
  gsize    n_buffered;
  guint8   buffer[BUFFER_RECORDS * FLOW_JOURNAL_RECORD_SIZE];
};

static gboolean
sync_directory (const char  *path,
                GError     **error)
{
  g_autofree char *directory = g_path_get_dirname (path);
  int fd = open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return flow_fd_error_from_errno (error, errno, "open", directory);
  ok = fsync (fd) == 0 || flow_fd_error_from_errno (error, errno, "sync", directory);
  close (fd);
  return ok;
}

/* Publishes a complete header under @path, so that no reader ever sees a half-made file.
 * Returns FALSE with G_FILE_ERROR_EXIST when someone else created it first. */
static gboolean
create_journal (const char  *path,
                const char  *instrument,
                GError     **error)
{
  g_autofree char *directory = g_path_get_dirname (path);
  g_autofree char *temporary = g_strconcat (path, ".XXXXXX", NULL);
  guint8 header[FLOW_JOURNAL_HEADER_SIZE];
  gboolean ok;
  int fd;

  if (g_mkdir_with_parents (directory, 0700) != 0)
    return flow_fd_error_from_errno (error, errno, "create the directory", directory);
  fd = g_mkstemp_full (temporary, O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0)
    return flow_fd_error_from_errno (error, errno, "create a file in", directory);

  flow_journal_encode_header (header, instrument);
  ok = flow_fd_write_all (fd, header, sizeof header, temporary, error);
  if (ok && fsync (fd) != 0)
    ok = flow_fd_error_from_errno (error, errno, "sync", temporary);
  close (fd);
  /* link() rather than rename(): it refuses to replace a journal created meanwhile. */
  if (ok && link (temporary, path) != 0)
    {
      if (errno == EEXIST)
        g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_EXIST, "%s exists", path);
      else
        flow_fd_error_from_errno (error, errno, "create", path);
      ok = FALSE;
    }
  g_unlink (temporary);
  return ok && sync_directory (path, error);
}

/* Gives up an open that failed after the file was opened. */
static FlowJournalWriter *
abandon (int         fd,
         const char *path,
         gboolean    created)
{
  close (fd);
  if (created)
    g_unlink (path);
  return NULL;
}

FlowJournalWriter *
flow_journal_writer_open (const char  *path,
                          const char  *instrument,
                          GError     **error)
{
  g_autoptr(FlowJournalReader) reader = NULL;
  FlowJournalWriter *self;
  gboolean created = FALSE;
  guint64 n_records, valid_length;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (instrument != NULL, NULL);

  if (strlen (instrument) == 0 || strlen (instrument) > FLOW_JOURNAL_INSTRUMENT_MAX ||
      !g_utf8_validate (instrument, -1, NULL))
    {
      g_set_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_RANGE,
                   "an instrument name must be text of 1 to %d bytes",
                   FLOW_JOURNAL_INSTRUMENT_MAX);
      return NULL;
    }

  fd = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    {
      g_autoptr(GError) local_error = NULL;

      created = create_journal (path, instrument, &local_error);
      if (!created && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_EXIST))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      fd = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);
    }
  if (fd < 0)
    {
      flow_fd_error_from_errno (error, errno, "open", path);
      return NULL;
    }

  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      if (errno == EWOULDBLOCK)
        g_set_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_BUSY,
                     "%s is being written by another process", path);
      else
        flow_fd_error_from_errno (error, errno, "lock", path);
      /* Whoever holds the lock uses the file, even if we made it. */
      return abandon (fd, path, FALSE);
    }

  /* Under the lock, nobody appends while the tail is judged and cut. */
  reader = flow_journal_reader_open (path, error);
  if (reader == NULL)
    return abandon (fd, path, created);
  if (strcmp (flow_journal_reader_get_instrument (reader), instrument) != 0)
    {
      g_set_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_INSTRUMENT,
                   "%s is the journal of %s, not of %s",
                   path, flow_journal_reader_get_instrument (reader), instrument);
      return abandon (fd, path, created);
    }
  n_records = flow_journal_reader_get_n_records (reader);
  valid_length = FLOW_JOURNAL_HEADER_SIZE + n_records * FLOW_JOURNAL_RECORD_SIZE;
  if (flow_journal_reader_get_torn_bytes (reader) > 0)
    {
      g_debug ("%s: cutting a torn tail of %" G_GUINT64_FORMAT " bytes",
               path, flow_journal_reader_get_torn_bytes (reader));
      if (ftruncate (fd, (off_t) valid_length) != 0)
        {
          flow_fd_error_from_errno (error, errno, "cut the torn tail of", path);
          return abandon (fd, path, created);
        }
    }

  self = g_new0 (FlowJournalWriter, 1);
  self->path = g_strdup (path);
  self->fd = fd;
  self->created = created;
  self->n_records = n_records;
  self->length_at_open = valid_length;
  return self;
}

static gboolean
check_deferred_error (FlowJournalWriter  *self,
                      GError            **error)
{
  if (self->deferred_error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->deferred_error));
      return FALSE;
    }
  if (self->fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_BADF, "%s is closed", self->path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_buffer (FlowJournalWriter  *self,
              GError            **error)
{
  gsize length = self->n_buffered * FLOW_JOURNAL_RECORD_SIZE;
  g_autoptr(GError) local_error = NULL;

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
  self->n_buffered = 0;
  if (!flow_fd_write_all (self->fd, self->buffer, length, self->path, &local_error))
    {
      /* What reached the file ends in a torn record at worst, which the next open cuts;
       * nothing more can be appended safely after it. */
      self->deferred_error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
flush_timeout (gpointer user_data)
{
  FlowJournalWriter *self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->flush_source, g_source_unref);
  if (!write_buffer (self, &error))
    g_debug ("%s", error->message);
  return G_SOURCE_REMOVE;
}

gboolean
flow_journal_writer_append (FlowJournalWriter   *self,
                            const FlowSnapshot  *snapshot,
                            GError             **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);

  if (!check_deferred_error (self, error))
    return FALSE;
  if (!flow_journal_encode_record (self->buffer + self->n_buffered * FLOW_JOURNAL_RECORD_SIZE,
                                   snapshot, error))
    return FALSE;
  self->n_buffered++;
  self->n_records++;

  if (self->n_buffered == BUFFER_RECORDS)
    return write_buffer (self, error);
  if (self->flush_source == NULL)
    {
      self->flush_source = g_timeout_source_new (FLUSH_INTERVAL_MS);
      g_source_set_callback (self->flush_source, flush_timeout, self, NULL);
      g_source_set_static_name (self->flush_source, "[orderflow] journal flush");
      g_source_attach (self->flush_source, g_main_context_get_thread_default ());
    }
  return TRUE;
}

gboolean
flow_journal_writer_flush (FlowJournalWriter  *self,
                           GError            **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_deferred_error (self, error))
    return FALSE;
  return write_buffer (self, error);
}

gboolean
flow_journal_writer_close (FlowJournalWriter  *self,
                           GError            **error)
{
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);

  ok = flow_journal_writer_flush (self, error);
  if (ok && fdatasync (self->fd) != 0)
    ok = flow_fd_error_from_errno (error, errno, "sync", self->path);
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
  return ok;
}

void
flow_journal_writer_discard (FlowJournalWriter *self)
{
  g_return_if_fail (self != NULL);

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
  self->n_buffered = 0;
  if (self->created)
    g_unlink (self->path);
  else if (self->fd >= 0 && ftruncate (self->fd, (off_t) self->length_at_open) != 0)
    g_warning ("cannot restore %s to its length before the failure: %s",
               self->path, g_strerror (errno));
  self->n_records = (self->length_at_open - FLOW_JOURNAL_HEADER_SIZE) / FLOW_JOURNAL_RECORD_SIZE;
  if (self->fd >= 0)
    {
      close (self->fd);
      self->fd = -1;
    }
}

void
flow_journal_writer_free (FlowJournalWriter *self)
{
  g_autoptr(GError) error = NULL;

  if (self == NULL)
    return;
  if (self->fd >= 0 && !flow_journal_writer_close (self, &error))
    g_warning ("%s", error->message);
  g_clear_error (&self->deferred_error);
  g_free (self->path);
  g_free (self);
}

const char *
flow_journal_writer_get_path (FlowJournalWriter *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

guint64
flow_journal_writer_get_n_records (FlowJournalWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_records;
}

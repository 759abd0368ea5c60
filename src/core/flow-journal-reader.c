/* flow-journal-reader.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-journal"

#include "flow-journal-reader.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

struct _FlowJournalReader
{
  char         *path;
  GMappedFile  *file;
  const guint8 *records;
  guint64       n_records;
  guint64       next;
  guint64       torn_bytes;
  char          instrument[FLOW_JOURNAL_INSTRUMENT_MAX + 1];
};

FlowJournalReader *
flow_journal_reader_open (const char  *path,
                          GError     **error)
{
  g_autoptr(FlowJournalReader) self = g_new0 (FlowJournalReader, 1);
  const guint8 *data;
  gsize size;
  guint64 n_whole;
  FlowSnapshot ignored;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  self->path = g_strdup (path);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "cannot open %s: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  /* Mapped, not read: a busy day is tens of megabytes that the page cache already holds. */
  self->file = g_mapped_file_new_from_fd (fd, FALSE, error);
  close (fd);
  if (self->file == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  data = (const guint8 *) g_mapped_file_get_contents (self->file);
  size = g_mapped_file_get_length (self->file);
  if (size < FLOW_JOURNAL_HEADER_SIZE)
    {
      g_set_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_NOT_JOURNAL,
                   "%s: not an Order Flow footprint journal (too short)", path);
      return NULL;
    }
  if (!flow_journal_decode_header (data, self->instrument, error))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }

  /* Only the tail is checked here, from the end back to the last good record: that is the
   * torn part. Records before it are checked as they are read. */
  self->records = data + FLOW_JOURNAL_HEADER_SIZE;
  n_whole = (size - FLOW_JOURNAL_HEADER_SIZE) / FLOW_JOURNAL_RECORD_SIZE;
  self->n_records = n_whole;
  while (self->n_records > 0 &&
         !flow_journal_decode_record (self->records + (self->n_records - 1) * FLOW_JOURNAL_RECORD_SIZE,
                                      &ignored))
    self->n_records--;
  self->torn_bytes = size - FLOW_JOURNAL_HEADER_SIZE - self->n_records * FLOW_JOURNAL_RECORD_SIZE;
  if (self->torn_bytes > 0)
    g_debug ("%s: ignoring a torn tail of %" G_GUINT64_FORMAT " bytes", path, self->torn_bytes);
  return g_steal_pointer (&self);
}

void
flow_journal_reader_free (FlowJournalReader *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->file, g_mapped_file_unref);
  g_free (self->path);
  g_free (self);
}

const char *
flow_journal_reader_get_instrument (FlowJournalReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->instrument;
}

guint64
flow_journal_reader_get_n_records (FlowJournalReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_records;
}

guint64
flow_journal_reader_get_torn_bytes (FlowJournalReader *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->torn_bytes;
}

gboolean
flow_journal_reader_read (FlowJournalReader  *self,
                          FlowSnapshot       *snapshots,
                          gsize               n_max,
                          gsize              *n_read,
                          GError            **error)
{
  gsize n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (snapshots != NULL || n_max == 0, FALSE);
  g_return_val_if_fail (n_read != NULL, FALSE);

  n = (gsize) MIN ((guint64) n_max, self->n_records - self->next);
  for (gsize i = 0; i < n; i++)
    {
      guint64 index = self->next + i;

      if (!flow_journal_decode_record (self->records + index * FLOW_JOURNAL_RECORD_SIZE,
                                       &snapshots[i]))
        {
          *n_read = 0;
          g_set_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_CORRUPT,
                       "%s: record %" G_GUINT64_FORMAT " (at byte %" G_GUINT64_FORMAT
                       ") is damaged and later records are not",
                       self->path, index + 1, FLOW_JOURNAL_HEADER_SIZE + index * FLOW_JOURNAL_RECORD_SIZE);
          return FALSE;
        }
    }
  self->next += n;
  *n_read = n;
  return TRUE;
}

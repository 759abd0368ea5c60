/* flow-oi-journal.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-oi-journal"

#include "flow-oi-journal.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "flow-fd-io.h"
#include "flow-ist.h"

#define HEADER "# orderflow oi journal 1\n"
/* Tail chunk read backwards when looking for the end of the last whole line. */
#define TAIL_CHUNK 4096

struct _FlowOiJournal
{
  GObject  parent_instance;

  char    *directory;
  char    *underlying;   /* file-name safe */
  int      fd;           /* open file of open_day, or -1 */
  gint64   open_day;     /* IST day number of the open file */
};

G_DEFINE_FINAL_TYPE (FlowOiJournal, flow_oi_journal, G_TYPE_OBJECT)

static void
close_file (FlowOiJournal *self)
{
  if (self->fd >= 0)
    {
      g_close (self->fd, NULL);
      self->fd = -1;
    }
}

static void
flow_oi_journal_finalize (GObject *object)
{
  FlowOiJournal *self = FLOW_OI_JOURNAL (object);

  close_file (self);
  g_free (self->directory);
  g_free (self->underlying);

  G_OBJECT_CLASS (flow_oi_journal_parent_class)->finalize (object);
}

static void
flow_oi_journal_class_init (FlowOiJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = flow_oi_journal_finalize;
}

static void
flow_oi_journal_init (FlowOiJournal *self)
{
  self->fd = -1;
}

FlowOiJournal *
flow_oi_journal_new (const char *directory,
                     const char *underlying)
{
  FlowOiJournal *self;

  g_return_val_if_fail (underlying != NULL && *underlying != '\0', NULL);

  self = g_object_new (FLOW_TYPE_OI_JOURNAL, NULL);
  if (directory != NULL)
    self->directory = g_strdup (directory);
  else
    self->directory = g_build_filename (g_get_user_data_dir (), "orderflow", NULL);
  /* The name becomes part of a path: keep it to characters that cannot escape the directory. */
  self->underlying = g_strcanon (g_strdup (underlying),
                                 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-",
                                 '_');
  return self;
}

char *
flow_oi_journal_get_path (FlowOiJournal *self,
                          gint64         time_ms)
{
  g_autofree char *date = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (FLOW_IS_OI_JOURNAL (self), NULL);

  date = flow_ist_format_date (time_ms);
  name = g_strdup_printf ("oi-%s-%s.tsv", self->underlying, date);
  return g_build_filename (self->directory, name, NULL);
}

/* Offset just past the last LF of the file's first @size bytes (0 when there is none). */
static gboolean
find_last_line_end (int          fd,
                    goffset      size,
                    const char  *path,
                    goffset     *out_end,
                    GError     **error)
{
  char chunk[TAIL_CHUNK];
  goffset end = size;

  while (end > 0)
    {
      goffset start = MAX (end - TAIL_CHUNK, 0);
      gssize got = pread (fd, chunk, end - start, start);

      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        return flow_fd_error_from_errno (error, errno, "read", path);
      if (got != end - start)
        return flow_fd_error_from_errno (error, EIO, "read", path);
      for (gssize i = got - 1; i >= 0; i--)
        if (chunk[i] == '\n')
          {
            *out_end = start + i + 1;
            return TRUE;
          }
      end = start;
    }
  *out_end = 0;
  return TRUE;
}

static gboolean
cut_torn_tail (int          fd,
               const char  *path,
               goffset     *out_size,
               GError     **error)
{
  struct stat info;

  if (fstat (fd, &info) != 0)
    return flow_fd_error_from_errno (error, errno, "inspect", path);
  if (!find_last_line_end (fd, info.st_size, path, out_size, error))
    return FALSE;
  if (*out_size != info.st_size)
    {
      g_debug ("cutting a torn line of %" G_GINT64_FORMAT " bytes off %s",
               (gint64) (info.st_size - *out_size), path);
      if (ftruncate (fd, *out_size) != 0)
        return flow_fd_error_from_errno (error, errno, "repair", path);
    }
  return TRUE;
}

gboolean
flow_oi_journal_cut_torn_tail (int          fd,
                               const char  *path,
                               GError     **error)
{
  goffset size;

  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return cut_torn_tail (fd, path, &size, error);
}

static gboolean
open_day (FlowOiJournal  *self,
          gint64          time_ms,
          GError        **error)
{
  gint64 day = flow_ist_day_number (time_ms);
  g_autofree char *path = NULL;
  goffset size = 0;
  int fd;

  if (self->fd >= 0 && self->open_day == day)
    return TRUE;
  close_file (self);

  path = flow_oi_journal_get_path (self, time_ms);
  if (g_mkdir_with_parents (self->directory, 0700) != 0)
    return flow_fd_error_from_errno (error, errno, "create the folder of", path);

  fd = g_open (path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return flow_fd_error_from_errno (error, errno, "open", path);

  if (!cut_torn_tail (fd, path, &size, error) ||
      (size == 0 && !flow_fd_write_all (fd, HEADER, strlen (HEADER), path, error)))
    {
      g_close (fd, NULL);
      return FALSE;
    }

  self->fd = fd;
  self->open_day = day;
  return TRUE;
}

gboolean
flow_oi_journal_append_chain (FlowOiJournal         *self,
                              const FlowOptionChain *chain,
                              GError               **error)
{
  g_autoptr(GString) lines = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (FLOW_IS_OI_JOURNAL (self), FALSE);
  g_return_val_if_fail (chain != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  lines = g_string_new (NULL);
  for (guint i = 0; i < chain->strikes->len; i++)
    {
      const FlowOptionStrike *row = flow_option_chain_get (chain, i);
      const FlowOptionSide *sides[] = { &row->ce, &row->pe };

      for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
        if (sides[s]->present && sides[s]->instrument_key != NULL &&
            strpbrk (sides[s]->instrument_key, "\t\n") == NULL)
          g_string_append_printf (lines, "%" G_GINT64_FORMAT "\t%s\t%" G_GINT64_FORMAT "\n",
                                  chain->time_ms, sides[s]->instrument_key, sides[s]->oi);
    }
  if (lines->len == 0)
    return TRUE;

  if (!open_day (self, chain->time_ms, error))
    return FALSE;

  path = flow_oi_journal_get_path (self, chain->time_ms);
  if (!flow_fd_write_all (self->fd, lines->str, lines->len, path, error))
    {
      /* The file may now end in half a line: reopening cuts it off before the next append. */
      close_file (self);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_line (char        *line,
            char       **out_key,
            gint64      *out_time_ms,
            gint64      *out_oi)
{
  char *fields[3];
  char *rest = line;

  for (guint i = 0; i < 3; i++)
    {
      fields[i] = rest;
      rest = strchr (rest, '\t');
      if ((rest == NULL) != (i == 2))
        return FALSE;
      if (rest != NULL)
        *rest++ = '\0';
    }

  *out_key = fields[1];
  /* The key is matched against the chain's and may reach a tooltip: text only. */
  return *fields[1] != '\0' && g_utf8_validate (fields[1], -1, NULL) &&
         g_ascii_string_to_signed (fields[0], 10, G_MININT64, G_MAXINT64,
                                   out_time_ms, NULL) &&
         g_ascii_string_to_signed (fields[2], 10, G_MININT64, G_MAXINT64, out_oi, NULL);
}

static gboolean
load_file (const char     *path,
           FlowOiTracker  *tracker,
           gint64          since_ms,
           guint          *n_loaded,
           guint          *n_skipped,
           GError        **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  char *line;
  char *end;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  end = contents + length;
  for (line = contents; line < end; )
    {
      char *newline = memchr (line, '\n', end - line);
      char *key;
      gint64 time_ms, oi;

      /* A last line without LF was cut short by a crash: not an entry. */
      if (newline == NULL)
        break;
      *newline = '\0';

      if (*line != '#')
        {
          if (!parse_line (line, &key, &time_ms, &oi))
            (*n_skipped)++;
          else if (time_ms >= since_ms)
            {
              flow_oi_tracker_add_entry (tracker, key, time_ms, oi);
              (*n_loaded)++;
            }
        }
      line = newline + 1;
    }
  return TRUE;
}

gboolean
flow_oi_journal_load (FlowOiJournal  *self,
                      FlowOiTracker  *tracker,
                      gint64          now_ms,
                      guint          *out_n_loaded,
                      guint          *out_n_skipped,
                      GError        **error)
{
  gint64 since_ms = now_ms - FLOW_OI_HISTORY_MS;
  guint n_loaded = 0;
  guint n_skipped = 0;

  g_return_val_if_fail (FLOW_IS_OI_JOURNAL (self), FALSE);
  g_return_val_if_fail (FLOW_IS_OI_TRACKER (tracker), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gint64 day = flow_ist_day_number (since_ms); day <= flow_ist_day_number (now_ms); day++)
    {
      g_autofree char *path = flow_oi_journal_get_path (self,
                                                        day * FLOW_DAY_MS - FLOW_IST_OFFSET_MS);

      if (!load_file (path, tracker, since_ms, &n_loaded, &n_skipped, error))
        return FALSE;
    }

  if (n_skipped > 0)
    g_debug ("skipped %u malformed OI journal lines", n_skipped);
  if (out_n_loaded != NULL)
    *out_n_loaded = n_loaded;
  if (out_n_skipped != NULL)
    *out_n_skipped = n_skipped;
  return TRUE;
}

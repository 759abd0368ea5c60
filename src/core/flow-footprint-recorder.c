/* flow-footprint-recorder.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-footprint-recorder"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-footprint-recorder.h"

#include <gio/gio.h>

#include "flow-ist.h"
#include "flow-journal-reader.h"
#include "flow-journal-writer.h"

/* Snapshots decoded per read, when restoring and when replaying. */
#define READ_BATCH 4096

/* No day: a day number that no snapshot of this era has. */
#define NO_DAY G_MININT64

/* For the user, one line each (toasts), in the programs' gettext domain. */
#define PROBLEM_OPEN     _("Could not open the footprint journal; today’s data will not be kept")
#define PROBLEM_WRITE    _("Could not write the footprint journal; today’s data will not be kept")
#define PROBLEM_RESTORE  _("Could not restore today’s footprint from its journal")
#define PROBLEM_DAMAGED  _("Today’s footprint journal is damaged; part of the day is missing")

struct _FlowFootprintRecorder
{
  GObject                     parent_instance;

  FlowFootprint              *footprint;
  char                       *instrument;
  char                       *journal_path;     /* NULL: one default file per IST day */
  FlowFootprintRecorderFlags  flags;

  FlowJournalWriter          *writer;
  gint64                      writer_day;       /* IST day number of the writer's file */
  /* A writer whose append failed, kept (open) so that close() can still keep what reached the
   * file and discard() can still undo this run; released when another journal opens. */
  FlowJournalWriter          *failed_writer;
  gint64                      failed_day;       /* journaling stopped for this day, else NO_DAY */
  guint64                     n_recorded;

  GCancellable               *restore_cancellable; /* set while a restore runs */
  GArray                     *queue;            /* FlowSnapshot added during the restore */
};

G_DEFINE_FINAL_TYPE (FlowFootprintRecorder, flow_footprint_recorder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RESTORING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROBLEM,
  RESTORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Journal */

/* Hands @failure to the caller that takes it, else logs it, and tells the user @problem (when
 * not NULL). Always FALSE, for `return journal_failed (…)`. */
static gboolean
journal_failed (FlowFootprintRecorder  *self,
                GError                 *failure,
                GLogLevelFlags          log_level,
                const char             *log_prefix,
                const char             *problem,
                GError                **error)
{
  if (error == NULL)
    g_log (G_LOG_DOMAIN, log_level, "%s%s", log_prefix, failure->message);
  if (problem != NULL)
    g_signal_emit (self, signals[PROBLEM], 0, problem);
  g_propagate_error (error, failure);
  return FALSE;
}

static void
release_failed_writer (FlowFootprintRecorder *self)
{
  g_autoptr(GError) error = NULL;

  if (self->failed_writer == NULL)
    return;
  /* Its failure was reported when it happened; closing writes what it still can. */
  if (!flow_journal_writer_close (self->failed_writer, &error))
    g_debug ("%s", error->message);
  g_clear_pointer (&self->failed_writer, flow_journal_writer_free);
}

static void
release_writers (FlowFootprintRecorder *self)
{
  g_clear_pointer (&self->writer, flow_journal_writer_free);
  release_failed_writer (self);
}

static char *
journal_path_for (FlowFootprintRecorder *self,
                  gint64                 ts_ms)
{
  if (self->journal_path != NULL)
    return g_strdup (self->journal_path);
  return flow_journal_default_path (self->instrument, ts_ms);
}

/* Closes the journal of a day that is over, when snapshots of @day start arriving. */
static gboolean
leave_day (FlowFootprintRecorder  *self,
           gint64                  day,
           GError                **error)
{
  GError *failure = NULL;

  if (self->failed_writer != NULL && day != self->failed_day)
    release_failed_writer (self);
  if (self->writer == NULL || self->journal_path != NULL || day == self->writer_day)
    return TRUE;

  if (!flow_journal_writer_close (self->writer, &failure))
    {
      g_autofree char *prefix = g_strdup_printf ("journal %s: ",
                                                 flow_journal_writer_get_path (self->writer));

      g_clear_pointer (&self->writer, flow_journal_writer_free);
      return journal_failed (self, failure, G_LOG_LEVEL_WARNING, prefix, PROBLEM_WRITE, error);
    }
  g_clear_pointer (&self->writer, flow_journal_writer_free);
  return TRUE;
}

static gboolean
open_writer (FlowFootprintRecorder  *self,
             gint64                  ts_ms,
             GError                **error)
{
  g_autofree char *path = journal_path_for (self, ts_ms);
  GError *failure = NULL;

  /* It may hold the very file (--journal), locked. */
  release_failed_writer (self);
  self->writer = flow_journal_writer_open (path, self->instrument, &failure);
  if (self->writer == NULL)
    {
      g_autofree char *prefix = g_strdup_printf ("not journaling to %s: ", path);

      /* Typically orderflow-cli record is writing the same journal: the chart still works,
       * and that process keeps the day on disk. Retry only on the next day. */
      self->failed_day = flow_ist_day_number (ts_ms);
      return journal_failed (self, failure, G_LOG_LEVEL_MESSAGE, prefix,
                             g_error_matches (failure, FLOW_JOURNAL_ERROR,
                                              FLOW_JOURNAL_ERROR_BUSY) ? NULL : PROBLEM_OPEN,
                             error);
    }
  self->writer_day = flow_ist_day_number (ts_ms);
  return TRUE;
}

static gboolean
journal_snapshot (FlowFootprintRecorder  *self,
                  const FlowSnapshot     *snapshot,
                  GError                **error)
{
  gint64 day = flow_ist_day_number (snapshot->ts_ms);
  GError *failure = NULL;

  if (!leave_day (self, day, error))
    return FALSE;
  if (self->writer == NULL)
    {
      if (day == self->failed_day)
        return TRUE;
      if (!open_writer (self, snapshot->ts_ms, error))
        return FALSE;
    }

  if (!flow_journal_writer_append (self->writer, snapshot, &failure))
    {
      g_autofree char *prefix = g_strdup_printf ("journal %s: ",
                                                 flow_journal_writer_get_path (self->writer));

      self->failed_day = day;
      self->failed_writer = g_steal_pointer (&self->writer);
      return journal_failed (self, failure, G_LOG_LEVEL_WARNING, prefix, PROBLEM_WRITE, error);
    }
  return TRUE;
}

/* Restore */

typedef struct
{
  GArray *snapshots;     /* FlowSnapshot; NULL when the journal could not be opened */
  GError *open_error;
  GError *read_error;    /* damage: the snapshots are those before it */
} RestoreResult;

static void
restore_result_free (RestoreResult *result)
{
  g_clear_pointer (&result->snapshots, g_array_unref);
  g_clear_error (&result->open_error);
  g_clear_error (&result->read_error);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RestoreResult, restore_result_free)

/* The reader refuses a whole batch that holds a damaged record; the records of that batch
 * before the damage are still right, so they are taken one at a time. */
static gsize
read_good_prefix (FlowJournalReader *reader,
                  FlowSnapshot      *snapshots,
                  gsize              n_max)
{
  gsize n = 0;
  gsize n_read;

  while (n < n_max && flow_journal_reader_read (reader, snapshots + n, 1, &n_read, NULL) &&
         n_read == 1)
    n++;
  return n;
}

/* In a worker thread: a busy day is a million snapshots, too long to read on the main one. */
static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(RestoreResult) result = g_new0 (RestoreResult, 1);
  g_autoptr(FlowJournalReader) reader = flow_journal_reader_open (path, &result->open_error);
  gsize n_read = 0;

  if (reader != NULL)
    {
      /* Room for the whole day at once, and for a batch past it. */
      result->snapshots = g_array_sized_new (FALSE, FALSE, sizeof (FlowSnapshot),
                                             flow_journal_reader_get_n_records (reader) +
                                             READ_BATCH);
      do
        {
          gsize old_len = result->snapshots->len;
          FlowSnapshot *batch;

          if (g_cancellable_is_cancelled (cancellable))
            break;
          g_array_set_size (result->snapshots, old_len + READ_BATCH);
          batch = &g_array_index (result->snapshots, FlowSnapshot, old_len);
          if (!flow_journal_reader_read (reader, batch, READ_BATCH, &n_read,
                                         &result->read_error))
            {
              g_array_set_size (result->snapshots,
                                old_len + read_good_prefix (reader, batch, READ_BATCH));
              break;
            }
          g_array_set_size (result->snapshots, old_len + n_read);
        }
      while (n_read > 0);
    }

  if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) restore_result_free);
}

static void
on_restored (GObject      *source_object,
             GAsyncResult *async_result,
             gpointer      user_data)
{
  /* Taken back from start_restore(): released here, on the main thread, even when dropped. */
  g_autoptr(FlowFootprintRecorder) self = user_data;
  GTask *task = G_TASK (async_result);
  const char *path = g_task_get_task_data (task);
  g_autoptr(RestoreResult) result = g_task_propagate_pointer (task, NULL);
  g_autoptr(GArray) queued = NULL;
  guint n_restored;

  /* A reset since started afresh (and cancelled this one): its day is not the one wanted. */
  if (g_task_get_cancellable (task) != self->restore_cancellable || result == NULL)
    return;

  if (result->open_error != NULL)
    {
      if (!g_error_matches (result->open_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_signal_emit (self, signals[PROBLEM], 0, PROBLEM_RESTORE);
      g_debug ("no journal restored from %s: %s", path, result->open_error->message);
    }
  if (result->read_error != NULL)
    {
      /* What was read before the damage is still right: show it, and say so. */
      g_warning ("journal %s: %s", path, result->read_error->message);
      g_signal_emit (self, signals[PROBLEM], 0, PROBLEM_DAMAGED);
    }
  if (result->snapshots == NULL)
    result->snapshots = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));
  n_restored = result->snapshots->len;

  /* From here on, _add() journals and aggregates at once again. */
  g_clear_object (&self->restore_cancellable);
  queued = g_steal_pointer (&self->queue);
  self->queue = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));

  /* The live snapshots that came meanwhile are newer than the journal: they go after it, in
   * the journal and in the model. */
  if (self->flags & FLOW_FOOTPRINT_RECORDER_JOURNAL)
    for (guint i = 0; i < queued->len; i++)
      journal_snapshot (self, &g_array_index (queued, FlowSnapshot, i), NULL);
  g_array_append_vals (result->snapshots, queued->data, queued->len);
  /* One batch: one re-aggregation and one redraw for the whole day. */
  flow_footprint_add_snapshots (self->footprint, (const FlowSnapshot *) result->snapshots->data,
                                result->snapshots->len);
  g_debug ("restored %u snapshots from %s, then %u live ones", n_restored, path, queued->len);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESTORING]);
  g_signal_emit (self, signals[RESTORED], 0, n_restored);
}

static void
start_restore (FlowFootprintRecorder *self)
{
  g_autoptr(GTask) task = NULL;

  self->restore_cancellable = g_cancellable_new ();
  /* Not the task's source object: the worker drops the last reference to the task, and with
   * it the source object's, so the recorder could be finalized in the worker. The callback's
   * data is always released on the main thread. */
  task = g_task_new (NULL, self->restore_cancellable, on_restored, g_object_ref (self));
  g_task_set_source_tag (task, start_restore);
  g_task_set_name (task, "[orderflow] footprint restore");
  g_task_set_task_data (task, journal_path_for (self, g_get_real_time () / 1000), g_free);
  g_task_run_in_thread (task, restore_thread);
}

static void
cancel_restore (FlowFootprintRecorder *self)
{
  if (self->restore_cancellable == NULL)
    return;
  g_cancellable_cancel (self->restore_cancellable);
  g_clear_object (&self->restore_cancellable);
  g_array_set_size (self->queue, 0);
}

/* GObject */

static void
flow_footprint_recorder_dispose (GObject *object)
{
  FlowFootprintRecorder *self = FLOW_FOOTPRINT_RECORDER (object);

  cancel_restore (self);
  release_writers (self);
  g_clear_object (&self->footprint);
  G_OBJECT_CLASS (flow_footprint_recorder_parent_class)->dispose (object);
}

static void
flow_footprint_recorder_finalize (GObject *object)
{
  FlowFootprintRecorder *self = FLOW_FOOTPRINT_RECORDER (object);

  g_clear_pointer (&self->queue, g_array_unref);
  g_free (self->instrument);
  g_free (self->journal_path);
  G_OBJECT_CLASS (flow_footprint_recorder_parent_class)->finalize (object);
}

static void
flow_footprint_recorder_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  FlowFootprintRecorder *self = FLOW_FOOTPRINT_RECORDER (object);

  switch (prop_id)
    {
    case PROP_RESTORING:
      g_value_set_boolean (value, flow_footprint_recorder_get_restoring (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_footprint_recorder_class_init (FlowFootprintRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flow_footprint_recorder_dispose;
  object_class->finalize = flow_footprint_recorder_finalize;
  object_class->get_property = flow_footprint_recorder_get_property;

  properties[PROP_RESTORING] =
    g_param_spec_boolean ("restoring", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A one-line message for the user; the technical error goes to the log or the caller. */
  signals[PROBLEM] =
    g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /* After a RESTORE reset: the restored snapshots and those queued meanwhile are in the model.
   * The count is of the restored ones, 0 when there was no journal. */
  signals[RESTORED] =
    g_signal_new ("restored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
flow_footprint_recorder_init (FlowFootprintRecorder *self)
{
  self->footprint = flow_footprint_new ();
  self->writer_day = NO_DAY;
  self->failed_day = NO_DAY;
  self->queue = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));
}

/* API */

FlowFootprintRecorder *
flow_footprint_recorder_new (void)
{
  return g_object_new (FLOW_TYPE_FOOTPRINT_RECORDER, NULL);
}

FlowFootprint *
flow_footprint_recorder_get_footprint (FlowFootprintRecorder *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_RECORDER (self), NULL);
  return self->footprint;
}

const char *
flow_footprint_recorder_get_instrument (FlowFootprintRecorder *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_RECORDER (self), NULL);
  return self->instrument;
}

void
flow_footprint_recorder_set_journal_path (FlowFootprintRecorder *self,
                                          const char            *path)
{
  char *copy;

  g_return_if_fail (FLOW_IS_FOOTPRINT_RECORDER (self));

  copy = g_strdup (path);
  g_free (self->journal_path);
  self->journal_path = copy;
}

void
flow_footprint_recorder_reset (FlowFootprintRecorder      *self,
                               const char                 *instrument,
                               FlowFootprintRecorderFlags  flags)
{
  gboolean was_restoring;
  char *copy;

  g_return_if_fail (FLOW_IS_FOOTPRINT_RECORDER (self));
  g_return_if_fail (instrument != NULL);

  was_restoring = flow_footprint_recorder_get_restoring (self);
  cancel_restore (self);
  release_writers (self);
  self->writer_day = NO_DAY;
  self->failed_day = NO_DAY;
  self->n_recorded = 0;
  flow_footprint_clear (self->footprint);
  copy = g_strdup (instrument);
  g_free (self->instrument);
  self->instrument = copy;
  self->flags = flags;

  if (flags & FLOW_FOOTPRINT_RECORDER_RESTORE)
    start_restore (self);
  if (was_restoring != flow_footprint_recorder_get_restoring (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESTORING]);
}

gboolean
flow_footprint_recorder_get_restoring (FlowFootprintRecorder *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_RECORDER (self), FALSE);
  return self->restore_cancellable != NULL;
}

gboolean
flow_footprint_recorder_open_journal (FlowFootprintRecorder  *self,
                                      gint64                  ts_ms,
                                      GError                **error)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_RECORDER (self), FALSE);
  g_return_val_if_fail (self->instrument != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!leave_day (self, flow_ist_day_number (ts_ms), error))
    return FALSE;
  /* Asked for now, so a day that failed before is tried again. */
  return self->writer != NULL || open_writer (self, ts_ms, error);
}

gboolean
flow_footprint_recorder_add (FlowFootprintRecorder  *self,
                             const FlowSnapshot     *snapshot,
                             GError                **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT_RECORDER (self), FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Journaled once the restore has put the earlier ones in front of it. */
  if (self->restore_cancellable != NULL)
    {
      g_array_append_vals (self->queue, snapshot, 1);
      self->n_recorded++;
      return TRUE;
    }

  if (self->flags & FLOW_FOOTPRINT_RECORDER_JOURNAL)
    ok = journal_snapshot (self, snapshot, error);
  /* The chart keeps working whatever happened to the journal. */
  flow_footprint_add_snapshot (self->footprint, snapshot);
  if (ok)
    self->n_recorded++;
  return ok;
}

const char *
flow_footprint_recorder_get_journal_file (FlowFootprintRecorder *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_RECORDER (self), NULL);
  return self->writer != NULL ? flow_journal_writer_get_path (self->writer) : NULL;
}

guint64
flow_footprint_recorder_get_n_recorded (FlowFootprintRecorder *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_RECORDER (self), 0);
  return self->n_recorded;
}

gboolean
flow_footprint_recorder_close (FlowFootprintRecorder  *self,
                               GError                **error)
{
  gboolean ok = TRUE;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT_RECORDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->writer != NULL)
    {
      ok = flow_journal_writer_close (self->writer, error);
      if (ok)
        g_clear_pointer (&self->writer, flow_journal_writer_free);
      else
        {
          /* Kept, closed, so that discard() can still remove a file this run created. */
          release_failed_writer (self);
          self->failed_day = self->writer_day;
          self->failed_writer = g_steal_pointer (&self->writer);
        }
    }
  else if (self->failed_writer != NULL)
    {
      g_autoptr(GError) failure = NULL;

      /* Its error was reported at the failed write, so it is not reported twice; this keeps
       * what reached the file. Kept, closed, for discard() as above. */
      if (!flow_journal_writer_close (self->failed_writer, &failure))
        g_debug ("%s", failure->message);
    }
  return ok;
}

void
flow_footprint_recorder_discard (FlowFootprintRecorder *self)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_RECORDER (self));

  if (self->writer != NULL)
    flow_journal_writer_discard (self->writer);
  if (self->failed_writer != NULL)
    flow_journal_writer_discard (self->failed_writer);
  g_clear_pointer (&self->writer, flow_journal_writer_free);
  g_clear_pointer (&self->failed_writer, flow_journal_writer_free);
}

gboolean
flow_footprint_recorder_replay_file (FlowFootprintRecorder  *self,
                                     const char             *path,
                                     FlowFootprintDayFunc    day_done,
                                     gpointer                user_data,
                                     guint64                *torn_bytes,
                                     GError                **error)
{
  g_autoptr(FlowJournalReader) reader = NULL;
  g_autofree FlowSnapshot *batch = NULL;
  gboolean ok;
  gsize n_read;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT_RECORDER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (!flow_footprint_recorder_get_restoring (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  reader = flow_journal_reader_open (path, error);
  if (reader == NULL)
    return FALSE;
  if (torn_bytes != NULL)
    *torn_bytes = flow_journal_reader_get_torn_bytes (reader);

  batch = g_new (FlowSnapshot, READ_BATCH);
  while ((ok = flow_journal_reader_read (reader, batch, READ_BATCH, &n_read, error)) &&
         n_read > 0)
    {
      gsize from = 0;

      /* Each run of one IST day is one batch, so each day is aggregated with one rebuild. */
      while (from < n_read)
        {
          gint64 day = flow_ist_day_number (batch[from].ts_ms);
          gint64 held;
          gsize to = from + 1;

          while (to < n_read && flow_ist_day_number (batch[to].ts_ms) == day)
            to++;
          if (day_done != NULL && flow_footprint_get_day_start_ms (self->footprint, &held) &&
              day > flow_ist_day_number (held))
            day_done (self->footprint, user_data);
          flow_footprint_add_snapshots (self->footprint, batch + from, to - from);
          from = to;
        }
    }
  if (!ok)
    return FALSE;
  if (day_done != NULL)
    day_done (self->footprint, user_data);
  return TRUE;
}

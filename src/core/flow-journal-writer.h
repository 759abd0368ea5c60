/* flow-journal-writer.h: appends snapshots to a footprint journal (format in flow-journal.h)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "flow-journal.h"
#include "flow-snapshot.h"

G_BEGIN_DECLS

typedef struct _FlowJournalWriter FlowJournalWriter;

/* Opens @path for appending, creating it (and its directory) with a header for @instrument
 * when missing, or cutting a torn tail off an existing journal of the same instrument. The
 * file is locked: a second writer gets FLOW_JOURNAL_ERROR_BUSY.
 *
 * Appended records are written to the kernel within 500 ms by a timeout on the thread-default
 * main context, or at once when the buffer fills, so a killed process loses at most its last
 * second. An error met by that timeout is returned by the next call. */
FlowJournalWriter *flow_journal_writer_open          (const char          *path,
                                                      const char          *instrument,
                                                      GError             **error);
gboolean           flow_journal_writer_append        (FlowJournalWriter   *self,
                                                      const FlowSnapshot  *snapshot,
                                                      GError             **error);
/* Writes the buffered records to the kernel now. */
gboolean           flow_journal_writer_flush         (FlowJournalWriter   *self,
                                                      GError             **error);
/* Flushes, syncs to the disk and closes; the writer then only answers getters and free. */
gboolean           flow_journal_writer_close         (FlowJournalWriter   *self,
                                                      GError             **error);
/* Undoes this writer's work, for a run that fails: removes the file if it created it, else
 * cuts it back to its length at open, and closes. */
void               flow_journal_writer_discard       (FlowJournalWriter   *self);
/* Closes when still open (a failure is logged as a warning) and frees. */
void               flow_journal_writer_free          (FlowJournalWriter   *self);
const char        *flow_journal_writer_get_path      (FlowJournalWriter   *self);
/* Records in the file, including those from before this writer and those still buffered. */
guint64            flow_journal_writer_get_n_records (FlowJournalWriter   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlowJournalWriter, flow_journal_writer_free)

G_END_DECLS

/* flow-journal-reader.h: reads a footprint journal back (format in flow-journal.h)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "flow-journal.h"
#include "flow-snapshot.h"

G_BEGIN_DECLS

typedef struct _FlowJournalReader FlowJournalReader;

/* Maps the file and checks its header; a torn tail is left out of the records (see
 * flow_journal_reader_get_torn_bytes()). Errors: G_FILE_ERROR, or FLOW_JOURNAL_ERROR
 * NOT_JOURNAL, VERSION (a newer format) or CORRUPT (a damaged header). */
FlowJournalReader *flow_journal_reader_open           (const char         *path,
                                                       GError            **error);
void               flow_journal_reader_free           (FlowJournalReader  *self);
const char        *flow_journal_reader_get_instrument (FlowJournalReader  *self);
/* Records before the torn tail. */
guint64            flow_journal_reader_get_n_records  (FlowJournalReader  *self);
/* Bytes of the torn tail that are not read (0 for a clean file). */
guint64            flow_journal_reader_get_torn_bytes (FlowJournalReader  *self);
/* Decodes up to @n_max snapshots from where the last call stopped into @snapshots and sets
 * *n_read (0 at the end). A damaged record before the end is FLOW_JOURNAL_ERROR_CORRUPT. */
gboolean           flow_journal_reader_read           (FlowJournalReader  *self,
                                                       FlowSnapshot       *snapshots,
                                                       gsize               n_max,
                                                       gsize              *n_read,
                                                       GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlowJournalReader, flow_journal_reader_free)

G_END_DECLS

/* flow-footprint-recorder.h: the footprint of one instrument and its journal, kept together
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "flow-footprint.h"
#include "flow-snapshot.h"

G_BEGIN_DECLS

/* The one owner of the journal policy that the footprint page and orderflow-cli share: which
 * file a snapshot goes to (one per instrument and IST day, or one chosen file), what happens
 * when that file cannot be opened or written (the chart keeps aggregating; journaling stops
 * until the next IST day), how today's journal is restored without blocking the main thread,
 * and how a journal spanning midnight is replayed one day at a time.
 *
 * Reporting: a journal failure is returned as a GError to a caller that passes one (the CLI
 * reports it itself, on one line). A caller that passes NULL gets the technical error logged
 * (g_message when it cannot be opened, g_warning when it cannot be written, as the page did).
 * Either way ::problem carries a one-line message for the user, except for a journal another
 * process holds, which is normal (orderflow-cli record is keeping the day).
 *
 * Use from one thread, the one whose thread-default main context is current at reset(): the
 * restore's result and the journal's flush timer are dispatched there. */

#define FLOW_TYPE_FOOTPRINT_RECORDER (flow_footprint_recorder_get_type ())
G_DECLARE_FINAL_TYPE (FlowFootprintRecorder, flow_footprint_recorder, FLOW, FOOTPRINT_RECORDER, GObject)

typedef enum {
  FLOW_FOOTPRINT_RECORDER_AGGREGATE_ONLY = 0,
  FLOW_FOOTPRINT_RECORDER_JOURNAL        = 1 << 0,  /* append every snapshot to the journal */
  FLOW_FOOTPRINT_RECORDER_RESTORE        = 1 << 1,  /* reset() first loads today's journal */
} FlowFootprintRecorderFlags;

typedef void (*FlowFootprintDayFunc) (FlowFootprint *footprint, gpointer user_data);

FlowFootprintRecorder *flow_footprint_recorder_new            (void);
/* The one model the chart shows: the same object for the recorder's life (reset clears it). */
FlowFootprint         *flow_footprint_recorder_get_footprint  (FlowFootprintRecorder *self);
const char            *flow_footprint_recorder_get_instrument (FlowFootprintRecorder *self);
/* NULL (default): one journal per instrument and IST day (flow_journal_default_path), moving
 * to the next day's file at midnight; a path: that one file whatever the day (record
 * --journal). Takes effect at the next open. A restore reads the same file. */
void                   flow_footprint_recorder_set_journal_path (FlowFootprintRecorder *self,
                                                                 const char            *path);
/* Starts afresh: closes the journal writer, clears the footprint, forgets failed days; with
 * RESTORE, reads today's journal of @instrument (by g_get_real_time) in a worker thread and
 * adds it on the main thread in one flow_footprint_add_snapshots() call. While that restore
 * runs, snapshots given to _add() are queued (not journaled yet) and are journaled and
 * aggregated after the restored batch, in order, so nothing is counted twice or out of order.
 * A reset during a restore cancels it (its result is dropped). */
void                   flow_footprint_recorder_reset          (FlowFootprintRecorder      *self,
                                                               const char                 *instrument,
                                                               FlowFootprintRecorderFlags  flags);
/* TRUE while a restore runs ("restoring" property, notified on change). */
gboolean               flow_footprint_recorder_get_restoring  (FlowFootprintRecorder *self);
/* Opens the journal for the IST day of @ts_ms now (record --journal checks the path before
 * anything is simulated or before logging in). Needs a reset() first, for the instrument. */
gboolean               flow_footprint_recorder_open_journal   (FlowFootprintRecorder  *self,
                                                               gint64                  ts_ms,
                                                               GError                **error);
/* Journals (with JOURNAL) and aggregates one snapshot. A journal that cannot be opened or
 * written returns FALSE with @error and emits ::problem (not for FLOW_JOURNAL_ERROR_BUSY on
 * open: another process journals that day). The snapshot is still aggregated; journaling
 * stops until the next IST day, and the following snapshots of the day return TRUE. */
gboolean               flow_footprint_recorder_add            (FlowFootprintRecorder  *self,
                                                               const FlowSnapshot     *snapshot,
                                                               GError                **error);
/* Path of the open journal, NULL when none is open. */
const char            *flow_footprint_recorder_get_journal_file (FlowFootprintRecorder *self);
/* Snapshots that _add() took without an error since reset (queued ones included). */
guint64                flow_footprint_recorder_get_n_recorded (FlowFootprintRecorder *self);
/* Flushes and closes the writer (record's clean end, and dispose). After a failed write it
 * closes the failed writer instead, keeping what reached the file, and returns TRUE: that
 * failure was reported by the _add() that met it. */
gboolean               flow_footprint_recorder_close          (FlowFootprintRecorder  *self,
                                                               GError                **error);
/* Removes what this run wrote (flow_journal_writer_discard), also after a failed write: the
 * demo recording's "no partial output". */
void                   flow_footprint_recorder_discard        (FlowFootprintRecorder *self);
/* orderflow-cli footprint: replays the journal file at @path synchronously into the footprint
 * (nothing is journaled), calling @day_done with the footprint when the next IST day starts
 * (before it is added) and once at the end: a journal may span midnight and the model holds
 * one day. *torn_bytes (may be NULL) gets the reader's torn tail. Not during a restore. */
gboolean               flow_footprint_recorder_replay_file    (FlowFootprintRecorder  *self,
                                                               const char             *path,
                                                               FlowFootprintDayFunc    day_done,
                                                               gpointer                user_data,
                                                               guint64                *torn_bytes,
                                                               GError                **error);

G_END_DECLS

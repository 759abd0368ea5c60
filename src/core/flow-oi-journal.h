/* flow-oi-journal.h: OI history on disk, so a restart keeps the last 30 minutes
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "flow-oi-tracker.h"
#include "flow-option-chain.h"

G_BEGIN_DECLS

/* One append-only text file per underlying and IST date:
 *
 *   <directory>/oi-<UNDERLYING>-<YYYY-MM-DD>.tsv
 *
 * The first line is "# orderflow oi journal 1"; then one line per contract per snapshot,
 *
 *   <time: ms since the epoch> TAB <instrument key> TAB <oi> LF
 *
 * in the order written (a snapshot's lines together). Lines starting with '#' are comments.
 * A crash can leave a last line without its LF: the reader ignores it, and the writer cuts it
 * off before appending again, so a torn line never fuses with the next one into a plausible
 * but wrong entry. Other malformed lines are skipped and counted. The directory defaults to
 * $XDG_DATA_HOME/orderflow. */

#define FLOW_TYPE_OI_JOURNAL (flow_oi_journal_get_type ())

G_DECLARE_FINAL_TYPE (FlowOiJournal, flow_oi_journal, FLOW, OI_JOURNAL, GObject)

/* @directory: NULL for $XDG_DATA_HOME/orderflow. */
FlowOiJournal *flow_oi_journal_new          (const char            *directory,
                                             const char            *underlying);
/* The file holding the entries of the IST date of @time_ms. */
char          *flow_oi_journal_get_path     (FlowOiJournal         *self,
                                             gint64                 time_ms);
/* Appends (chain time, key, oi) for every contract of @chain, in one write. */
gboolean       flow_oi_journal_append_chain (FlowOiJournal         *self,
                                             const FlowOptionChain *chain,
                                             GError               **error);
/* Adds to @tracker the entries of the last FLOW_OI_HISTORY_MS before @now_ms (also from the
 * previous day's file when the window crosses midnight). A missing file is no error.
 * @out_n_loaded and @out_n_skipped (malformed lines) may be NULL. */
gboolean       flow_oi_journal_load         (FlowOiJournal         *self,
                                             FlowOiTracker         *tracker,
                                             gint64                 now_ms,
                                             guint                 *out_n_loaded,
                                             guint                 *out_n_skipped,
                                             GError               **error);

/* Cuts a torn last line (one without its LF) off the line-based file open for reading and
 * writing as @fd, so that what is appended next starts a line of its own. Also used for the
 * recordings of `orderflow-cli oi`, which are line-based and appended to the same way. */
gboolean       flow_oi_journal_cut_torn_tail (int                    fd,
                                              const char            *path,
                                              GError               **error);

G_END_DECLS

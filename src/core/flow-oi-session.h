/* flow-oi-session.h: the OI tracker's policy for one source (shared/design/oi-tracker.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "flow-oi-tracker.h"
#include "flow-option-chain.h"

G_BEGIN_DECLS

/* What the OI page and `orderflow-cli oi` share, so both follow the same rules: the latest chain
 * of every expiry, which expiry is shown (rule 8, or the pinned one), when a refresh may sound,
 * and the OI journal that lets a restart keep the history.
 *
 * Signals:
 *   "chain-added" (): a chain was added; many may come at once, so refresh when idle.
 *   "alert" (FlowOiReport *report, valid during the emission): a refresh of a new chain
 *     crossed the alert ratio (rule 7).
 *   "problem" (const char *message): a one-line, translated message for the user, at most once
 *     per reset; the technical detail goes to the log. */

#define FLOW_OI_SESSION_EXPIRY_NEAREST "nearest"

#define FLOW_TYPE_OI_SESSION (flow_oi_session_get_type ())

G_DECLARE_FINAL_TYPE (FlowOiSession, flow_oi_session, FLOW, OI_SESSION, GObject)

/* A session without journaling, as after flow_oi_session_reset (self, FALSE). */
FlowOiSession  *flow_oi_session_new              (void);
/* Borrowed; a reset replaces it, so do not keep it across one. */
FlowOiTracker  *flow_oi_session_get_tracker      (FlowOiSession         *self);
/* Kept across resets. */
void            flow_oi_session_set_settings     (FlowOiSession         *self,
                                                  const FlowOiSettings  *settings);
/* "nearest" or NULL: rule 8's nearest expiry among the chains seen; a YYYY-MM-DD date: that
 * expiry while chains of it are known (else nearest). Kept across resets. */
void            flow_oi_session_set_expiry       (FlowOiSession         *self,
                                                  const char            *expiry);
/* The setting, "nearest" by default. */
const char     *flow_oi_session_get_expiry       (FlowOiSession         *self);
/* Starts afresh for another source: tracker history, chains, fresh marks and journal go. With
 * @journaling (real data) each chain is appended to the OI journal of its underlying and, on
 * the first chain of an underlying, the journal's last 30 minutes are loaded into the tracker,
 * so a restart keeps the history. Without it (the demo, whose keys are made up) nothing is
 * journaled or restored. */
void            flow_oi_session_reset            (FlowOiSession         *self,
                                                  gboolean               journaling);
/* The journals' directory, NULL for the default ($XDG_DATA_HOME/orderflow); applies from the
 * next chain on. */
void            flow_oi_session_set_journal_directory (FlowOiSession    *self,
                                                       const char       *directory);
gboolean        flow_oi_session_get_journaling   (FlowOiSession         *self);
/* A new chain: journaled, added to the tracker, kept as the latest of its expiry and marked
 * fresh; emits "chain-added". */
void            flow_oi_session_add_chain        (FlowOiSession         *self,
                                                  const FlowOptionChain *chain);
/* Backfill (1-minute candles carrying OI): straight to the tracker's history. */
void            flow_oi_session_add_candle       (FlowOiSession         *self,
                                                  const char            *instrument_key,
                                                  gint64                 start_ms,
                                                  gint64                 oi);
/* The expiry shown now: the pinned one while chains of it are known, else the nearest, else
 * (a replay of a day whose expiries have all passed) the expiry of the latest chain; NULL before
 * any chain. Valid until the next reset. */
const char     *flow_oi_session_get_shown_expiry (FlowOiSession         *self);
/* Every known expiry, sorted, NULL-terminated (free with g_strfreev); the pinned one is
 * included even while no chain of it is known. */
char          **flow_oi_session_dup_expiries     (FlowOiSession         *self);
/* The latest chain of the shown expiry, NULL before any chain. Borrowed: valid until the next
 * chain or reset. */
const FlowOptionChain *flow_oi_session_get_shown_chain (FlowOiSession   *self);
/* Evaluates the shown expiry's latest chain (NULL before any chain) and clears the fresh
 * marks; emits "alert" only when that chain is new since the last refresh and the report
 * alerts: a settings change re-evaluates the same data silently. */
FlowOiReport   *flow_oi_session_refresh          (FlowOiSession         *self);
/* g_get_monotonic_time() of the last flow_oi_session_add_chain(), 0 before any. */
gint64          flow_oi_session_get_last_chain_monotonic_us (FlowOiSession *self);

G_END_DECLS

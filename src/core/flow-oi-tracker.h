/* flow-oi-tracker.h: OI history per contract and the OI-change report (shared/design/oi-tracker.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "flow-option-chain.h"

G_BEGIN_DECLS

/* The change intervals of rule 5, in this order everywhere (report columns, thresholds). */
#define FLOW_OI_N_INTERVALS 5

/* 3, 5, 10, 15, 30 for @index 0 … 4. */
guint flow_oi_interval_minutes (guint index);

/* History older than this (before the newest entry) is dropped: the longest interval plus room. */
#define FLOW_OI_HISTORY_MS ((gint64) 35 * 60 * 1000)

typedef struct
{
  double   thresholds[FLOW_OI_N_INTERVALS]; /* percent, per interval: 10, 12, 15, 30, 30 */
  gboolean flag_drops;                      /* also flag pct < −threshold (rule 6) */
  double   alert_ratio;                     /* alert when highlighted / cells > this: 0.5 */
  guint    strikes;                         /* N: rows are ATM ± N steps: 3 */
} FlowOiSettings;

/* Fills @settings with the defaults of oi-tracker.md. */
void flow_oi_settings_init (FlowOiSettings *settings);

typedef enum
{
  FLOW_OI_FLAG_NONE,
  FLOW_OI_FLAG_BUILD_UP,   /* pct > threshold: red */
  FLOW_OI_FLAG_DROP,       /* pct < −threshold with flag_drops on: the second colour */
} FlowOiFlag;

/* One cell: a contract's change over one interval. */
typedef struct
{
  gboolean   has_value;    /* FALSE: no reference entry, or oi_ref <= 0 (shown as "—") */
  double     pct;          /* (oi − oi_ref) / oi_ref × 100, unrounded; 0 without a value */
  FlowOiFlag flag;         /* NONE without a value */
  gint64     oi_ref;       /* the reference OI (also set when it is <= 0); 0 without a reference */
  gint64     ref_time_ms;  /* time of the reference entry; 0 without a reference */
  gint64     change;       /* oi − oi_ref, for tooltips; 0 without a value */
} FlowOiChange;

/* One side (CE or PE) of a displayed row. A missing side has present FALSE, a NULL key and
 * cells without values; its cells still count in FlowOiReport.cells (rule 7). */
typedef struct
{
  gboolean     present;
  const char  *instrument_key;
  gint64       oi;
  double       ltp;
  gint64       volume;
  FlowOiChange changes[FLOW_OI_N_INTERVALS];
} FlowOiSideReport;

typedef struct
{
  double           strike;  /* rupees */
  gboolean         is_atm;
  FlowOiSideReport ce;
  FlowOiSideReport pe;
} FlowOiRow;

/* The result of one refresh: immutable once made, reference counted, so a view can keep the
 * one it draws while the next refresh builds another. All fields are read-only. */
typedef struct
{
  gint64          time_ms;       /* snapshot time */
  const char     *underlying;
  const char     *expiry;        /* "YYYY-MM-DD" */
  double          spot;
  gint64          lot_size;      /* 0 when unknown */
  gboolean        has_atm;       /* FALSE only for a chain with no strikes */
  double          atm;
  double          step;          /* rule 2; 0 when fewer than two strikes are listed */
  guint           atm_row;       /* index of the ATM row in rows, when has_atm */
  guint           n_rows;
  const FlowOiRow *rows;         /* ascending strike order */
  guint           highlighted;   /* cells flagged (build-ups, and drops when flag_drops) */
  guint           cells;         /* n_rows × 2 × FLOW_OI_N_INTERVALS */
  gboolean        alert;         /* highlighted / cells > alert_ratio */
  gint64          total_ce_oi;   /* over the whole chain, not only the displayed rows */
  gint64          total_pe_oi;
  gboolean        has_pcr;       /* FALSE when total_ce_oi is 0 */
  double          pcr;           /* total_pe_oi / total_ce_oi */
  FlowOiSettings  settings;      /* the settings this report was evaluated with */
} FlowOiReport;

#define FLOW_TYPE_OI_REPORT (flow_oi_report_get_type ())

GType         flow_oi_report_get_type (void) G_GNUC_CONST;
FlowOiReport *flow_oi_report_ref      (FlowOiReport *report);
void          flow_oi_report_unref    (FlowOiReport *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlowOiReport, flow_oi_report_unref)

#define FLOW_TYPE_OI_TRACKER (flow_oi_tracker_get_type ())

G_DECLARE_FINAL_TYPE (FlowOiTracker, flow_oi_tracker, FLOW, OI_TRACKER, GObject)

FlowOiTracker        *flow_oi_tracker_new          (void);
void                  flow_oi_tracker_set_settings (FlowOiTracker         *self,
                                                    const FlowOiSettings  *settings);
const FlowOiSettings *flow_oi_tracker_get_settings (FlowOiTracker         *self);

/* Adds one history entry in time order (an entry at the same time as an existing one of the
 * same contract replaces it, so reloading a journal is harmless), then drops entries more than
 * FLOW_OI_HISTORY_MS older than the newest entry of any contract. */
void                  flow_oi_tracker_add_entry    (FlowOiTracker         *self,
                                                    const char            *instrument_key,
                                                    gint64                 time_ms,
                                                    gint64                 oi);
/* Backfill: a 1-minute candle starting at @candle_start_ms gives (start + 60 s, @oi). */
void                  flow_oi_tracker_add_candle   (FlowOiTracker         *self,
                                                    const char            *instrument_key,
                                                    gint64                 candle_start_ms,
                                                    gint64                 oi);
/* Appends (chain time, oi) for every contract of @chain, displayed or not (rule 1). */
void                  flow_oi_tracker_add_chain    (FlowOiTracker         *self,
                                                    const FlowOptionChain *chain);
/* Evaluates @chain against the history without changing it: for redrawing after the
 * settings changed. */
FlowOiReport         *flow_oi_tracker_evaluate     (FlowOiTracker         *self,
                                                    const FlowOptionChain *chain);
/* One refresh: flow_oi_tracker_add_chain() then flow_oi_tracker_evaluate(). */
FlowOiReport         *flow_oi_tracker_update       (FlowOiTracker         *self,
                                                    const FlowOptionChain *chain);
/* Number of contracts with history, and of entries of @instrument_key (0 when unknown). */
guint                 flow_oi_tracker_get_n_contracts (FlowOiTracker      *self);
guint                 flow_oi_tracker_get_n_entries   (FlowOiTracker      *self,
                                                       const char         *instrument_key);

/* Rule 8: among @expiries ("YYYY-MM-DD", any order, invalid ones ignored) the nearest on or
 * after the IST date of @now_ms; on that date after 15:30 IST, the next one. Returns the
 * element of @expiries chosen, or NULL when none is left. */
const char *flow_oi_select_expiry (const char * const *expiries,
                                   gsize               n_expiries,
                                   gint64              now_ms);

G_END_DECLS

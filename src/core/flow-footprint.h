/* flow-footprint.h: the footprint of one instrument and trading day (shared/design/footprint.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "flow-snapshot.h"
#include "flow-volume-profile.h"

G_BEGIN_DECLS

/* One trading day at a time. FlowFootprint classifies every snapshot it is given (rules 2 and
 * 3) and keeps them in a compact form, so that changing the interval, the row size or the
 * session open rebuilds the buckets from the stored snapshots without losing anything (rule 9).
 *
 * Days: the model holds the IST day of the snapshots it was given. A snapshot of a later day
 * drops everything and starts that day afresh (rule 1); a snapshot of an earlier day than the
 * one held is ignored, because a stray late packet must not wipe out the day on screen. A
 * journal holds one instrument and day, so restoring a day is "add every snapshot of the
 * journal".
 *
 * Reading: buckets are addressed by their rule-4 index (negative before the session open).
 * Cells of a bucket are dense and sorted by price: cells[k] is the level first_price + k·row,
 * zero where nothing traded, so a chart can walk levels without searching. Pointers returned
 * by the getters stay valid until the model next changes (an add, a setter, a clear).
 *
 * Redraw: every change bumps the generation and emits ::changed once per call (once per batch
 * for flow_footprint_add_snapshots()), never per snapshot, so replaying a journal costs one
 * emission. Not thread-safe: use it from one thread (re-aggregating a busy day takes tens of
 * milliseconds, so the main thread is fine).
 */

#define FLOW_FOOTPRINT_DEFAULT_INTERVAL_MS     ((gint64) 60 * 1000)
#define FLOW_FOOTPRINT_DEFAULT_ROW             ((gint64) 5)
#define FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS ((gint64) (9 * 3600 + 15 * 60) * 1000)
#define FLOW_FOOTPRINT_DEFAULT_IMBALANCE_RATIO 3.0

typedef enum
{
  FLOW_FOOTPRINT_CELL_BUY_IMBALANCE  = 1 << 0, /* rule 8, buy side */
  FLOW_FOOTPRINT_CELL_SELL_IMBALANCE = 1 << 1, /* rule 8, sell side */
  FLOW_FOOTPRINT_CELL_BUY_STACKED    = 1 << 2, /* in a run of 3+ consecutive buy imbalances */
  FLOW_FOOTPRINT_CELL_SELL_STACKED   = 1 << 3, /* in a run of 3+ consecutive sell imbalances */
  FLOW_FOOTPRINT_CELL_POC            = 1 << 4, /* the bucket's point of control */
} FlowFootprintCellFlags;

/* One (bucket, level) of rule 6. */
typedef struct
{
  gint64  buy_volume;
  gint64  sell_volume;
  guint32 trades;       /* snapshots with v > 0 at this level */
  guint32 flags;        /* FlowFootprintCellFlags */
} FlowFootprintCell;

/* Rule 7 for one bucket. Prices are paise. */
typedef struct
{
  gint64 index;         /* rule 4's idx: negative before the session open */
  gint64 start_ms;      /* bucket_start, epoch ms */
  gint64 open;          /* open/high/low/close: 0 when no snapshot of the bucket had ltp > 0 */
  gint64 high;
  gint64 low;
  gint64 close;
  gint64 buy_volume;
  gint64 sell_volume;
  gint64 volume;        /* buy + sell */
  gint64 delta;         /* buy − sell */
  gint64 cum_delta;     /* sum of delta over the day's buckets up to and including this one */
  gint64 gap_volume;    /* traded while not listening (rule 2): reported, in no cell */
  gint64 poc;           /* POC level; meaningful only when volume > 0 */
  gint64 poc_volume;    /* buy + sell at the POC, i.e. the bucket's largest cell */
  gint64 first_price;   /* lowest and highest levels that have a cell; only when volume > 0 */
  gint64 last_price;
  guint  trades;        /* snapshots with v > 0 */
  guint  n_snapshots;   /* every snapshot that fell in the bucket, trading or not */
} FlowFootprintBucket;

#define FLOW_TYPE_FOOTPRINT (flow_footprint_get_type ())
G_DECLARE_FINAL_TYPE (FlowFootprint, flow_footprint, FLOW, FOOTPRINT, GObject)

/* Walks the buckets that hold at least one snapshot, in time order. */
typedef struct
{
  /*< private >*/
  FlowFootprint *footprint;
  gint64         index;
  gint64         last;
} FlowFootprintIter;

FlowFootprint *flow_footprint_new                (void);

/* Rule 4: whole seconds dividing 3600 (5 s, 15 s, … 60 min). */
gboolean       flow_footprint_interval_is_valid  (gint64                    interval_ms);

/* Ingest. Snapshots are taken in arrival order; one ::changed per call. */
void           flow_footprint_add_snapshots      (FlowFootprint            *self,
                                                  const FlowSnapshot       *snapshots,
                                                  gsize                     n_snapshots);
void           flow_footprint_add_snapshot       (FlowFootprint            *self,
                                                  const FlowSnapshot       *snapshot);
/* Forgets the day. */
void           flow_footprint_clear              (FlowFootprint            *self);

/* Layout (rules 4 and 5): changing any of these rebuilds the buckets from the stored
 * snapshots. flow_footprint_set_layout() changes several with one rebuild. @row is in paise. */
void           flow_footprint_set_layout         (FlowFootprint            *self,
                                                  gint64                    interval_ms,
                                                  gint64                    row,
                                                  gint64                    session_open_ms);
gint64         flow_footprint_get_interval_ms    (FlowFootprint            *self);
void           flow_footprint_set_interval_ms    (FlowFootprint            *self,
                                                  gint64                    interval_ms);
gint64         flow_footprint_get_row            (FlowFootprint            *self);
void           flow_footprint_set_row            (FlowFootprint            *self,
                                                  gint64                    row);
/* Milliseconds after 00:00 IST; the anchor of rule 4. */
gint64         flow_footprint_get_session_open_ms (FlowFootprint           *self);
void           flow_footprint_set_session_open_ms (FlowFootprint           *self,
                                                   gint64                   session_open_ms);

/* Imbalances (rule 8): changing these only recomputes flags, lazily, per bucket read. */
double         flow_footprint_get_imbalance_ratio      (FlowFootprint      *self);
void           flow_footprint_set_imbalance_ratio      (FlowFootprint      *self,
                                                        double              ratio);
gint64         flow_footprint_get_imbalance_min_volume (FlowFootprint      *self);
void           flow_footprint_set_imbalance_min_volume (FlowFootprint      *self,
                                                        gint64              min_volume);

/* The day. FALSE while the model is empty. */
gboolean       flow_footprint_get_day_start_ms   (FlowFootprint            *self,
                                                  gint64                   *day_start_ms);
/* Snapshots stored for the day (trading or not). */
guint          flow_footprint_get_n_snapshots    (FlowFootprint            *self);
/* Bumped by every change: compare with a cached value to know whether to redraw. */
guint64        flow_footprint_get_generation     (FlowFootprint            *self);
/* LTP and time of the last snapshot added (arrival order); 0 when none. */
gint64         flow_footprint_get_last_ltp       (FlowFootprint            *self);
gint64         flow_footprint_get_last_time_ms   (FlowFootprint            *self);
/* Lowest and highest LTP of the day; FALSE when no snapshot had ltp > 0. */
gboolean       flow_footprint_get_price_range    (FlowFootprint            *self,
                                                  gint64                   *low,
                                                  gint64                   *high);

/* Bucket maths (rule 4) on the day held; while empty, on @ts_ms's own day (index) or on
 * today's (start). */
gint64         flow_footprint_get_bucket_index_at (FlowFootprint           *self,
                                                   gint64                   ts_ms);
gint64         flow_footprint_get_bucket_start_ms (FlowFootprint           *self,
                                                   gint64                   index);
/* First and last index holding snapshots; FALSE when empty. */
gboolean       flow_footprint_get_bucket_range   (FlowFootprint            *self,
                                                  gint64                   *first_index,
                                                  gint64                   *last_index);
/* FALSE (and @bucket untouched) when no snapshot fell in bucket @index. */
gboolean       flow_footprint_get_bucket         (FlowFootprint            *self,
                                                  gint64                    index,
                                                  FlowFootprintBucket      *bucket);
/* The bucket's cells, dense from *first_price in steps of the row size, with their flags;
 * NULL and *n_cells = 0 when the bucket has no volume. */
const FlowFootprintCell *
               flow_footprint_get_cells          (FlowFootprint            *self,
                                                  gint64                    index,
                                                  gint64                   *first_price,
                                                  guint                    *n_cells);
/* The cell at the level of @price (any price inside the row); FALSE when it has no volume. */
gboolean       flow_footprint_get_cell           (FlowFootprint            *self,
                                                  gint64                    index,
                                                  gint64                    price,
                                                  FlowFootprintCell        *cell);

/* Buckets with snapshots that overlap [from_ms, to_ms), in time order. */
void           flow_footprint_iter_init          (FlowFootprintIter        *iter,
                                                  FlowFootprint            *self,
                                                  gint64                    from_ms,
                                                  gint64                    to_ms);
gboolean       flow_footprint_iter_next          (FlowFootprintIter        *iter,
                                                  FlowFootprintBucket      *bucket);

/* The session volume profile of the day held, at the current row size: the cells of every
 * bucket summed per level (owned by the footprint, rebuilt with it). */
FlowVolumeProfile *flow_footprint_get_profile (FlowFootprint *self);

G_END_DECLS

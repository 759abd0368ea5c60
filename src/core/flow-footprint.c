/* flow-footprint.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-footprint"

#include "flow-footprint.h"

#include <string.h>

#include "flow-ist.h"

/* How a snapshot's volume was counted (rules 2 and 3). Side inference does not depend on the
 * interval, the row size or the session open, so it is done once on arrival and stored:
 * re-aggregation only has to re-bucket. */
typedef enum
{
  TRADE_NONE,
  TRADE_BUY,
  TRADE_SELL,
  TRADE_GAP,        /* volume we did not see trade: reported as gap volume, never in a cell */
} TradeKind;

/* The stored form of a snapshot: exactly what rules 4 to 8 need. */
typedef struct
{
  gint64 ltp;       /* paise, 0 when unknown */
  gint64 amount;    /* v for a trade, the jump for a gap, else 0 */
  gint32 time_ms;   /* after 00:00 IST of the day: a day fits in 32 bits */
  guint8 kind;      /* TradeKind */
} StoredSnapshot;

typedef struct
{
  /* The bucket's cells live in self->cells from cells_offset; cells_base is the level number
   * (price / row) of the first one. Levels are numbers rather than prices so that a cell is
   * found by one subtraction. */
  gsize    cells_offset;
  gint64   cells_base;
  guint    cells_capacity;
  gboolean flags_valid;
  gint64   first_level;
  gint64   last_level;
  gint64   open;
  gint64   high;
  gint64   low;
  gint64   close;
  gint64   buy;
  gint64   sell;
  gint64   gap;
  gint64   cum_delta;
  gint64   poc_level;
  gint64   poc_volume;
  guint    trades;
  guint    n_snapshots;
} Bucket;

struct _FlowFootprint
{
  GObject parent_instance;

  /* Layout and imbalance settings. */
  gint64 interval_ms;
  gint64 row;
  gint64 session_open_ms;
  double imbalance_ratio;
  gint64 imbalance_min_volume;

  /* The day held; valid while n_stored > 0. */
  gint64 day_start_ms;
  gint64 day_low;
  gint64 day_high;
  gint64 last_time_ms;
  gint32 min_time_ms;
  gint32 max_time_ms;

  /* Classification state of rules 2 and 3. */
  gboolean  has_baseline;
  gboolean  resync_pending;
  gint64    baseline;
  gint64    prev_bid;
  gint64    prev_ask;
  gint64    prev_ltp;          /* the most recent ltp > 0 of the day */
  gint64    prev_other_ltp;    /* the most recent ltp of the day that differs from prev_ltp */
  TradeKind last_side;

  StoredSnapshot *stored;
  guint           n_stored;
  guint           stored_capacity;

  /* Buckets are dense by index from buckets_base; first/last_index bound those with data. */
  Bucket  *buckets;
  gint64   buckets_base;
  guint    buckets_capacity;
  gboolean has_buckets;
  gint64   first_index;
  gint64   last_index;
  /* cum_delta is a running sum: it is brought up to date when read, from here on. */
  gint64   cum_valid_below;

  /* One pool for every bucket's cells: regions are carved from the end and a rebuild starts
   * over from 0, so neither ingest nor re-aggregation calls malloc per bucket. */
  FlowFootprintCell *cells;
  gsize              n_cells;
  gsize              cells_capacity;

  /* The bucket and level of the previous snapshot: consecutive snapshots mostly share both,
   * which saves the two divisions. */
  gint64 cached_start_ms;
  gint64 cached_end_ms;
  gint64 cached_index;
  gint64 cached_ltp;
  gint64 cached_level;

  /* The day's volume per level. Ingest only notes the lowest bucket it touched; a read folds
   * the buckets closed since into the profile and the newest one provisionally (its copy is
   * taken out again at the next read), so a trade costs nothing more and a read the cells of
   * one bucket (see flow_footprint_get_profile()). */
  FlowVolumeProfile *profile;
  gint64             profile_folded_below;  /* buckets below this index are summed in */
  gint64             profile_dirty_min;     /* lowest index aggregated since the last read */
  gint64             profile_live_index;    /* the bucket folded provisionally, if any */
  gboolean           profile_has_live;
  GArray            *profile_live_cells;    /* its cells as folded (FlowFootprintCell) */
  gint64             profile_live_first;    /* price of the first of them */

  guint64 generation;
};

G_DEFINE_FINAL_TYPE (FlowFootprint, flow_footprint, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INTERVAL_MS,
  PROP_ROW,
  PROP_SESSION_OPEN_MS,
  PROP_IMBALANCE_RATIO,
  PROP_IMBALANCE_MIN_VOLUME,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

#define INITIAL_CELLS   16
#define INITIAL_BUCKETS 64

gboolean
flow_footprint_interval_is_valid (gint64 interval_ms)
{
  return interval_ms > 0 && interval_ms % 1000 == 0 && (3600 * 1000) % interval_ms == 0;
}

static void
invalidate_caches (FlowFootprint *self)
{
  /* An empty range: the next snapshot takes the slow path. */
  self->cached_start_ms = 0;
  self->cached_end_ms = 0;
  self->cached_ltp = 0;
}

/* Forgets the buckets, keeping the allocations for the rebuild. */
static void
reset_buckets (FlowFootprint *self)
{
  if (self->buckets_capacity > 0)
    memset (self->buckets, 0, sizeof (Bucket) * self->buckets_capacity);
  self->has_buckets = FALSE;
  self->n_cells = 0;
  self->cum_valid_below = G_MAXINT64;
  flow_volume_profile_reset (self->profile, self->row);
  self->profile_folded_below = G_MININT64;
  self->profile_dirty_min = G_MAXINT64;
  self->profile_has_live = FALSE;
  invalidate_caches (self);
}

static void
reset_day (FlowFootprint *self)
{
  self->n_stored = 0;
  self->has_baseline = FALSE;
  self->resync_pending = FALSE;
  self->baseline = 0;
  self->prev_bid = 0;
  self->prev_ask = 0;
  self->prev_ltp = 0;
  self->prev_other_ltp = 0;
  self->last_side = TRADE_NONE;
  self->day_low = 0;
  self->day_high = 0;
  self->last_time_ms = 0;
  reset_buckets (self);
}

/* Makes room for bucket @index, keeping the others where their index says. */
static void
ensure_bucket (FlowFootprint *self,
               gint64         index)
{
  gint64 new_base, new_end, old_end;
  Bucket *grown;
  guint new_capacity;

  if (self->buckets_capacity == 0)
    {
      self->buckets_capacity = INITIAL_BUCKETS;
      self->buckets = g_new0 (Bucket, self->buckets_capacity);
      self->buckets_base = index - INITIAL_BUCKETS / 4;
      return;
    }

  old_end = self->buckets_base + self->buckets_capacity;
  if (index >= self->buckets_base && index < old_end)
    return;

  /* Grow geometrically on the side that ran out, so a day costs O(log n) moves. */
  if (index < self->buckets_base)
    {
      new_base = index - self->buckets_capacity;
      new_end = old_end;
    }
  else
    {
      new_base = self->buckets_base;
      new_end = index + 1 + self->buckets_capacity;
    }
  new_capacity = (guint) (new_end - new_base);
  grown = g_new0 (Bucket, new_capacity);
  memcpy (grown + (self->buckets_base - new_base), self->buckets,
          sizeof (Bucket) * self->buckets_capacity);
  g_free (self->buckets);
  self->buckets = grown;
  self->buckets_base = new_base;
  self->buckets_capacity = new_capacity;
}

static inline Bucket *
bucket_at (FlowFootprint *self,
           gint64         index)
{
  return &self->buckets[index - self->buckets_base];
}

static Bucket *
lookup_bucket (FlowFootprint *self,
               gint64         index)
{
  Bucket *bucket;

  if (!self->has_buckets || index < self->first_index || index > self->last_index)
    return NULL;
  bucket = bucket_at (self, index);
  return bucket->n_snapshots > 0 ? bucket : NULL;
}

static gsize
carve_cells (FlowFootprint *self,
             guint          n)
{
  gsize offset = self->n_cells;

  if (self->n_cells + n > self->cells_capacity)
    {
      self->cells_capacity = MAX (self->cells_capacity * 2, self->n_cells + n);
      self->cells = g_renew (FlowFootprintCell, self->cells, self->cells_capacity);
    }
  memset (self->cells + offset, 0, sizeof (FlowFootprintCell) * n);
  self->n_cells += n;
  return offset;
}

/* Gives @bucket a cell for @level, moving its cells to a larger region when needed. */
static FlowFootprintCell *
cell_for_level (FlowFootprint *self,
                Bucket        *bucket,
                gint64         level)
{
  gint64 position = level - bucket->cells_base;
  gint64 new_base, new_end;
  guint new_capacity;
  gsize new_offset;

  if (G_LIKELY (position >= 0 && position < bucket->cells_capacity))
    return &self->cells[bucket->cells_offset + position];

  if (bucket->cells_capacity == 0)
    {
      new_base = level - INITIAL_CELLS / 2;
      new_end = new_base + INITIAL_CELLS;
    }
  else if (level < bucket->cells_base)
    {
      new_base = level - bucket->cells_capacity;
      new_end = bucket->cells_base + bucket->cells_capacity;
    }
  else
    {
      new_base = bucket->cells_base;
      new_end = level + 1 + bucket->cells_capacity;
    }
  new_capacity = (guint) (new_end - new_base);
  new_offset = carve_cells (self, new_capacity);
  if (bucket->cells_capacity > 0)
    memcpy (self->cells + new_offset + (bucket->cells_base - new_base),
            self->cells + bucket->cells_offset,
            sizeof (FlowFootprintCell) * bucket->cells_capacity);
  bucket->cells_offset = new_offset;
  bucket->cells_base = new_base;
  bucket->cells_capacity = new_capacity;
  return &self->cells[new_offset + (level - new_base)];
}

static Bucket *
bucket_for_time (FlowFootprint *self,
                 gint64         time_ms)
{
  gint64 index;

  if (G_LIKELY (time_ms >= self->cached_start_ms && time_ms < self->cached_end_ms))
    return bucket_at (self, self->cached_index);

  index = flow_floor_div (time_ms - self->session_open_ms, self->interval_ms);
  ensure_bucket (self, index);
  if (!self->has_buckets)
    {
      self->has_buckets = TRUE;
      self->first_index = index;
      self->last_index = index;
    }
  else
    {
      self->first_index = MIN (self->first_index, index);
      self->last_index = MAX (self->last_index, index);
    }
  self->cached_index = index;
  self->cached_start_ms = self->session_open_ms + index * self->interval_ms;
  self->cached_end_ms = self->cached_start_ms + self->interval_ms;
  return bucket_at (self, index);
}

/* Rules 4 to 7 for one stored snapshot. */
static inline void
aggregate (FlowFootprint        *self,
           const StoredSnapshot *snapshot)
{
  Bucket *bucket = bucket_for_time (self, snapshot->time_ms);
  gint64 ltp = snapshot->ltp;

  bucket->n_snapshots++;
  if (ltp > 0)
    {
      if (bucket->open == 0)
        {
          bucket->open = ltp;
          bucket->high = ltp;
          bucket->low = ltp;
        }
      else if (ltp > bucket->high)
        bucket->high = ltp;
      else if (ltp < bucket->low)
        bucket->low = ltp;
      bucket->close = ltp;
    }

  if (snapshot->kind == TRADE_BUY || snapshot->kind == TRADE_SELL)
    {
      FlowFootprintCell *cell;
      gint64 level, total;

      if (ltp != self->cached_ltp)
        {
          self->cached_ltp = ltp;
          self->cached_level = ltp / self->row;
        }
      level = self->cached_level;
      cell = cell_for_level (self, bucket, level);
      if (snapshot->kind == TRADE_BUY)
        {
          cell->buy_volume += snapshot->amount;
          bucket->buy += snapshot->amount;
        }
      else
        {
          cell->sell_volume += snapshot->amount;
          bucket->sell += snapshot->amount;
        }
      cell->trades++;
      if (self->cached_index < self->profile_dirty_min)
        self->profile_dirty_min = self->cached_index;

      /* A cell only ever grows, so the largest-lowest cell can be kept as we go. */
      total = cell->buy_volume + cell->sell_volume;
      if (bucket->trades == 0)
        {
          bucket->first_level = level;
          bucket->last_level = level;
          bucket->poc_level = level;
          bucket->poc_volume = total;
        }
      else
        {
          if (level < bucket->first_level)
            bucket->first_level = level;
          else if (level > bucket->last_level)
            bucket->last_level = level;
          if (total > bucket->poc_volume || (total == bucket->poc_volume && level < bucket->poc_level))
            {
              bucket->poc_level = level;
              bucket->poc_volume = total;
            }
        }
      bucket->trades++;
      bucket->flags_valid = FALSE;
      if (self->cached_index < self->cum_valid_below)
        self->cum_valid_below = self->cached_index;
    }
  else if (snapshot->kind == TRADE_GAP)
    bucket->gap += snapshot->amount;
}

/* Rule 3, for a trade at @ltp > 0. */
static TradeKind
infer_side (FlowFootprint *self,
            gint64         ltp)
{
  gint64 bid = self->prev_bid;
  gint64 ask = self->prev_ask;
  gint64 reference;

  if (bid > 0 && ask > 0 && bid < ask)
    {
      if (ltp >= ask)
        return TRADE_BUY;
      if (ltp <= bid)
        return TRADE_SELL;
      if (2 * ltp > bid + ask)
        return TRADE_BUY;
      if (2 * ltp < bid + ask)
        return TRADE_SELL;
    }

  /* Tick rule: prev_other_ltp differs from prev_ltp by construction, so whichever of the two
   * is not @ltp is the most recent earlier price that differs from it. */
  reference = self->prev_ltp != ltp ? self->prev_ltp : self->prev_other_ltp;
  if (reference > 0)
    return ltp > reference ? TRADE_BUY : TRADE_SELL;
  return self->last_side != TRADE_NONE ? self->last_side : TRADE_BUY;
}

/* Rules 2 and 3: what the snapshot traded, given the day so far. */
static void
classify (FlowFootprint      *self,
          const FlowSnapshot *snapshot,
          StoredSnapshot     *stored)
{
  gint64 ltp = MAX (snapshot->ltp, 0);
  gint64 volume = snapshot->volume;

  stored->ltp = ltp;
  stored->amount = 0;
  stored->kind = TRADE_NONE;

  if (volume <= 0)
    {
      /* A resync that knows no volume cannot set the baseline; the next snapshot that does
       * must, or everything traded while disconnected would land in one cell. */
      if (snapshot->resync)
        self->resync_pending = TRUE;
    }
  else if (snapshot->resync || self->resync_pending)
    {
      if (self->has_baseline && volume > self->baseline)
        {
          stored->kind = TRADE_GAP;
          stored->amount = volume - self->baseline;
        }
      self->baseline = volume;
      self->has_baseline = TRUE;
      self->resync_pending = FALSE;
    }
  else if (!self->has_baseline || volume < self->baseline)
    {
      self->baseline = volume;
      self->has_baseline = TRUE;
    }
  else if (volume > self->baseline)
    {
      stored->amount = volume - self->baseline;
      self->baseline = volume;
      if (ltp > 0)
        {
          stored->kind = infer_side (self, ltp);
          self->last_side = stored->kind;
        }
      else
        {
          /* Volume moved but no price came with it: there is no level to put it at, and
           * inventing one would put volume in a cell that never traded there. */
          stored->kind = TRADE_GAP;
        }
    }

  if (ltp > 0 && ltp != self->prev_ltp)
    {
      self->prev_other_ltp = self->prev_ltp;
      self->prev_ltp = ltp;
    }
  self->prev_bid = snapshot->bid;
  self->prev_ask = snapshot->ask;
}

static void
grow_stored (FlowFootprint *self,
             gsize          needed)
{
  gsize capacity = MAX (self->stored_capacity, 1024);

  while (capacity < needed)
    capacity *= 2;
  self->stored = g_renew (StoredSnapshot, self->stored, capacity);
  self->stored_capacity = (guint) capacity;
}

/* Returns FALSE when @snapshot belongs to an earlier day than the one held. The caller has
 * made room for it in self->stored. */
static gboolean
add_one (FlowFootprint      *self,
         const FlowSnapshot *snapshot)
{
  gint64 ts = snapshot->ts_ms;
  gint64 time_ms = ts - self->day_start_ms;
  StoredSnapshot *stored;

  if (G_UNLIKELY (self->n_stored == 0 || time_ms < 0 || time_ms >= FLOW_DAY_MS))
    {
      gint64 day_start = flow_ist_day_start_ms (ts);

      if (self->n_stored > 0 && day_start < self->day_start_ms)
        return FALSE;
      reset_day (self);
      self->day_start_ms = day_start;
      self->min_time_ms = G_MAXINT32;
      self->max_time_ms = G_MININT32;
      time_ms = ts - day_start;
    }

  stored = &self->stored[self->n_stored++];
  stored->time_ms = (gint32) time_ms;
  classify (self, snapshot, stored);

  if (stored->ltp > 0)
    {
      if (self->day_low == 0 || stored->ltp < self->day_low)
        self->day_low = stored->ltp;
      if (stored->ltp > self->day_high)
        self->day_high = stored->ltp;
    }
  if (stored->time_ms < self->min_time_ms)
    self->min_time_ms = stored->time_ms;
  if (stored->time_ms > self->max_time_ms)
    self->max_time_ms = stored->time_ms;
  self->last_time_ms = ts;

  aggregate (self, stored);
  return TRUE;
}

static void
changed (FlowFootprint *self)
{
  self->generation++;
  g_signal_emit (self, signals[CHANGED], 0);
}

void
flow_footprint_add_snapshots (FlowFootprint      *self,
                              const FlowSnapshot *snapshots,
                              gsize               n_snapshots)
{
  gboolean any = FALSE;

  g_return_if_fail (FLOW_IS_FOOTPRINT (self));
  g_return_if_fail (snapshots != NULL || n_snapshots == 0);

  if (self->n_stored + n_snapshots > self->stored_capacity)
    grow_stored (self, self->n_stored + n_snapshots);
  for (gsize i = 0; i < n_snapshots; i++)
    any |= add_one (self, &snapshots[i]);
  if (any)
    changed (self);
}

void
flow_footprint_add_snapshot (FlowFootprint      *self,
                             const FlowSnapshot *snapshot)
{
  flow_footprint_add_snapshots (self, snapshot, 1);
}

void
flow_footprint_clear (FlowFootprint *self)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT (self));

  if (self->n_stored == 0)
    return;
  reset_day (self);
  changed (self);
}

/* Rule 9: buckets again from the stored snapshots. */
static void
rebuild (FlowFootprint *self)
{
  reset_buckets (self);
  if (self->n_stored == 0)
    return;

  /* The day's span is known, so the bucket array is sized once instead of grown. */
  ensure_bucket (self, flow_floor_div (self->min_time_ms - self->session_open_ms,
                                       self->interval_ms));
  ensure_bucket (self, flow_floor_div (self->max_time_ms - self->session_open_ms,
                                       self->interval_ms));
  for (guint i = 0; i < self->n_stored; i++)
    aggregate (self, &self->stored[i]);
}

void
flow_footprint_set_layout (FlowFootprint *self,
                           gint64         interval_ms,
                           gint64         row,
                           gint64         session_open_ms)
{
  gboolean interval_changed, row_changed, open_changed;

  g_return_if_fail (FLOW_IS_FOOTPRINT (self));
  g_return_if_fail (flow_footprint_interval_is_valid (interval_ms));
  g_return_if_fail (row > 0);
  g_return_if_fail (session_open_ms >= 0 && session_open_ms < FLOW_DAY_MS);

  interval_changed = interval_ms != self->interval_ms;
  row_changed = row != self->row;
  open_changed = session_open_ms != self->session_open_ms;
  if (!interval_changed && !row_changed && !open_changed)
    return;

  self->interval_ms = interval_ms;
  self->row = row;
  self->session_open_ms = session_open_ms;
  rebuild (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (interval_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INTERVAL_MS]);
  if (row_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROW]);
  if (open_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION_OPEN_MS]);
  g_object_thaw_notify (G_OBJECT (self));
  changed (self);
}

gint64
flow_footprint_get_interval_ms (FlowFootprint *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), 0);
  return self->interval_ms;
}

void
flow_footprint_set_interval_ms (FlowFootprint *self,
                                gint64         interval_ms)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT (self));
  flow_footprint_set_layout (self, interval_ms, self->row, self->session_open_ms);
}

gint64
flow_footprint_get_row (FlowFootprint *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), 0);
  return self->row;
}

void
flow_footprint_set_row (FlowFootprint *self,
                        gint64         row)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT (self));
  flow_footprint_set_layout (self, self->interval_ms, row, self->session_open_ms);
}

gint64
flow_footprint_get_session_open_ms (FlowFootprint *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), 0);
  return self->session_open_ms;
}

void
flow_footprint_set_session_open_ms (FlowFootprint *self,
                                    gint64         session_open_ms)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT (self));
  flow_footprint_set_layout (self, self->interval_ms, self->row, session_open_ms);
}

static void
invalidate_flags (FlowFootprint *self)
{
  if (!self->has_buckets)
    return;
  for (gint64 i = self->first_index; i <= self->last_index; i++)
    bucket_at (self, i)->flags_valid = FALSE;
}

double
flow_footprint_get_imbalance_ratio (FlowFootprint *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), 0.0);
  return self->imbalance_ratio;
}

void
flow_footprint_set_imbalance_ratio (FlowFootprint *self,
                                    double         ratio)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT (self));
  /* With a ratio of 0 an empty cell would be an imbalance, which rule 8 rules out. */
  g_return_if_fail (ratio > 0.0);

  if (ratio == self->imbalance_ratio)
    return;
  self->imbalance_ratio = ratio;
  invalidate_flags (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMBALANCE_RATIO]);
  changed (self);
}

gint64
flow_footprint_get_imbalance_min_volume (FlowFootprint *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), 0);
  return self->imbalance_min_volume;
}

void
flow_footprint_set_imbalance_min_volume (FlowFootprint *self,
                                         gint64         min_volume)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT (self));
  g_return_if_fail (min_volume >= 0);

  if (min_volume == self->imbalance_min_volume)
    return;
  self->imbalance_min_volume = min_volume;
  invalidate_flags (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMBALANCE_MIN_VOLUME]);
  changed (self);
}

gboolean
flow_footprint_get_day_start_ms (FlowFootprint *self,
                                 gint64        *day_start_ms)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), FALSE);

  if (self->n_stored == 0)
    return FALSE;
  if (day_start_ms != NULL)
    *day_start_ms = self->day_start_ms;
  return TRUE;
}

guint
flow_footprint_get_n_snapshots (FlowFootprint *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), 0);
  return self->n_stored;
}

guint64
flow_footprint_get_generation (FlowFootprint *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), 0);
  return self->generation;
}

gint64
flow_footprint_get_last_ltp (FlowFootprint *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), 0);
  return self->prev_ltp;
}

gint64
flow_footprint_get_last_time_ms (FlowFootprint *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), 0);
  return self->last_time_ms;
}

gboolean
flow_footprint_get_price_range (FlowFootprint *self,
                                gint64        *low,
                                gint64        *high)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), FALSE);

  if (self->day_high == 0)
    return FALSE;
  if (low != NULL)
    *low = self->day_low;
  if (high != NULL)
    *high = self->day_high;
  return TRUE;
}

static gint64
anchor_ms (FlowFootprint *self,
           gint64         ts_ms)
{
  gint64 day_start = self->n_stored > 0 ? self->day_start_ms : flow_ist_day_start_ms (ts_ms);

  return day_start + self->session_open_ms;
}

gint64
flow_footprint_get_bucket_index_at (FlowFootprint *self,
                                    gint64         ts_ms)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), 0);
  return flow_floor_div (ts_ms - anchor_ms (self, ts_ms), self->interval_ms);
}

gint64
flow_footprint_get_bucket_start_ms (FlowFootprint *self,
                                    gint64         index)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), 0);
  /* While empty there is no day: today's grid is the useful answer. */
  return anchor_ms (self, g_get_real_time () / 1000) + index * self->interval_ms;
}

gboolean
flow_footprint_get_bucket_range (FlowFootprint *self,
                                 gint64        *first_index,
                                 gint64        *last_index)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), FALSE);

  if (!self->has_buckets)
    return FALSE;
  if (first_index != NULL)
    *first_index = self->first_index;
  if (last_index != NULL)
    *last_index = self->last_index;
  return TRUE;
}

static void
update_cum_delta (FlowFootprint *self,
                  gint64         index)
{
  gint64 from, running;

  if (index < self->cum_valid_below)
    return;
  from = MAX (self->cum_valid_below, self->first_index);
  running = from > self->first_index ? bucket_at (self, from - 1)->cum_delta : 0;
  for (gint64 i = from; i <= index; i++)
    {
      Bucket *bucket = bucket_at (self, i);

      running += bucket->buy - bucket->sell;
      bucket->cum_delta = running;
    }
  self->cum_valid_below = index + 1;
}

/* Rule 8 plus the POC flag, for the whole bucket at once: stacks need the neighbours. */
static void
update_flags (FlowFootprint *self,
              Bucket        *bucket)
{
  FlowFootprintCell *cells;
  gint64 n, offset;
  gint64 buy_run = 0, sell_run = 0;

  if (bucket->flags_valid || bucket->trades == 0)
    return;

  cells = self->cells + bucket->cells_offset;
  offset = bucket->first_level - bucket->cells_base;
  n = bucket->last_level - bucket->first_level + 1;
  for (gint64 k = offset; k < offset + n; k++)
    {
      FlowFootprintCell *cell = &cells[k];
      gint64 sell_below = k > 0 ? cells[k - 1].sell_volume : 0;
      gint64 buy_above = k + 1 < (gint64) bucket->cells_capacity ? cells[k + 1].buy_volume : 0;

      cell->flags = 0;
      if (sell_below > 0 &&
          (double) cell->buy_volume >= self->imbalance_ratio * (double) sell_below &&
          cell->buy_volume >= self->imbalance_min_volume)
        cell->flags |= FLOW_FOOTPRINT_CELL_BUY_IMBALANCE;
      if (buy_above > 0 &&
          (double) cell->sell_volume >= self->imbalance_ratio * (double) buy_above &&
          cell->sell_volume >= self->imbalance_min_volume)
        cell->flags |= FLOW_FOOTPRINT_CELL_SELL_IMBALANCE;
    }

  /* Mark every member of a run once the run reaches three. */
  for (gint64 k = offset; k < offset + n; k++)
    {
      FlowFootprintCell *cell = &cells[k];

      buy_run = (cell->flags & FLOW_FOOTPRINT_CELL_BUY_IMBALANCE) ? buy_run + 1 : 0;
      sell_run = (cell->flags & FLOW_FOOTPRINT_CELL_SELL_IMBALANCE) ? sell_run + 1 : 0;
      if (buy_run >= 3)
        for (gint64 j = k - MIN (buy_run, 3) + 1; j <= k; j++)
          cells[j].flags |= FLOW_FOOTPRINT_CELL_BUY_STACKED;
      if (sell_run >= 3)
        for (gint64 j = k - MIN (sell_run, 3) + 1; j <= k; j++)
          cells[j].flags |= FLOW_FOOTPRINT_CELL_SELL_STACKED;
    }

  cells[bucket->poc_level - bucket->cells_base].flags |= FLOW_FOOTPRINT_CELL_POC;
  bucket->flags_valid = TRUE;
}

static void
fill_bucket (FlowFootprint       *self,
             gint64               index,
             Bucket              *bucket,
             FlowFootprintBucket *out)
{
  update_cum_delta (self, index);

  out->index = index;
  out->start_ms = self->day_start_ms + self->session_open_ms + index * self->interval_ms;
  out->open = bucket->open;
  out->high = bucket->high;
  out->low = bucket->low;
  out->close = bucket->close;
  out->buy_volume = bucket->buy;
  out->sell_volume = bucket->sell;
  out->volume = bucket->buy + bucket->sell;
  out->delta = bucket->buy - bucket->sell;
  out->cum_delta = bucket->cum_delta;
  out->gap_volume = bucket->gap;
  out->trades = bucket->trades;
  out->n_snapshots = bucket->n_snapshots;
  if (bucket->trades > 0)
    {
      out->poc = bucket->poc_level * self->row;
      out->poc_volume = bucket->poc_volume;
      out->first_price = bucket->first_level * self->row;
      out->last_price = bucket->last_level * self->row;
    }
  else
    {
      out->poc = 0;
      out->poc_volume = 0;
      out->first_price = 0;
      out->last_price = 0;
    }
}

gboolean
flow_footprint_get_bucket (FlowFootprint       *self,
                           gint64               index,
                           FlowFootprintBucket *bucket)
{
  Bucket *found;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), FALSE);
  g_return_val_if_fail (bucket != NULL, FALSE);

  found = lookup_bucket (self, index);
  if (found == NULL)
    return FALSE;
  fill_bucket (self, index, found, bucket);
  return TRUE;
}

const FlowFootprintCell *
flow_footprint_get_cells (FlowFootprint *self,
                          gint64         index,
                          gint64        *first_price,
                          guint         *n_cells)
{
  Bucket *bucket;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), NULL);
  g_return_val_if_fail (n_cells != NULL, NULL);

  bucket = lookup_bucket (self, index);
  if (bucket == NULL || bucket->trades == 0)
    {
      *n_cells = 0;
      if (first_price != NULL)
        *first_price = 0;
      return NULL;
    }
  update_flags (self, bucket);
  *n_cells = (guint) (bucket->last_level - bucket->first_level + 1);
  if (first_price != NULL)
    *first_price = bucket->first_level * self->row;
  return self->cells + bucket->cells_offset + (bucket->first_level - bucket->cells_base);
}

gboolean
flow_footprint_get_cell (FlowFootprint     *self,
                         gint64             index,
                         gint64             price,
                         FlowFootprintCell *cell)
{
  Bucket *bucket;
  const FlowFootprintCell *found;
  gint64 level;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), FALSE);
  g_return_val_if_fail (cell != NULL, FALSE);

  bucket = lookup_bucket (self, index);
  level = flow_floor_div (price, self->row);
  if (bucket == NULL || bucket->trades == 0 ||
      level < bucket->first_level || level > bucket->last_level)
    return FALSE;
  update_flags (self, bucket);
  found = &self->cells[bucket->cells_offset + (level - bucket->cells_base)];
  if (found->trades == 0)
    return FALSE;
  *cell = *found;
  return TRUE;
}

void
flow_footprint_iter_init (FlowFootprintIter *iter,
                          FlowFootprint     *self,
                          gint64             from_ms,
                          gint64             to_ms)
{
  g_return_if_fail (iter != NULL);
  g_return_if_fail (FLOW_IS_FOOTPRINT (self));

  iter->footprint = self;
  if (!self->has_buckets || to_ms <= from_ms)
    {
      iter->index = 1;
      iter->last = 0;
      return;
    }
  iter->index = MAX (flow_footprint_get_bucket_index_at (self, from_ms), self->first_index);
  iter->last = MIN (flow_footprint_get_bucket_index_at (self, to_ms - 1), self->last_index);
}

gboolean
flow_footprint_iter_next (FlowFootprintIter   *iter,
                          FlowFootprintBucket *bucket)
{
  g_return_val_if_fail (iter != NULL, FALSE);
  g_return_val_if_fail (bucket != NULL, FALSE);

  while (iter->index <= iter->last)
    {
      gint64 index = iter->index++;

      if (flow_footprint_get_bucket (iter->footprint, index, bucket))
        return TRUE;
    }
  return FALSE;
}

FlowFootprint *
flow_footprint_new (void)
{
  return g_object_new (FLOW_TYPE_FOOTPRINT, NULL);
}

static void
flow_footprint_finalize (GObject *object)
{
  FlowFootprint *self = FLOW_FOOTPRINT (object);

  g_free (self->stored);
  g_free (self->buckets);
  g_free (self->cells);
  flow_volume_profile_free (self->profile);
  g_clear_pointer (&self->profile_live_cells, g_array_unref);

  G_OBJECT_CLASS (flow_footprint_parent_class)->finalize (object);
}

static void
flow_footprint_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FlowFootprint *self = FLOW_FOOTPRINT (object);

  switch (prop_id)
    {
    case PROP_INTERVAL_MS:
      g_value_set_int64 (value, self->interval_ms);
      break;
    case PROP_ROW:
      g_value_set_int64 (value, self->row);
      break;
    case PROP_SESSION_OPEN_MS:
      g_value_set_int64 (value, self->session_open_ms);
      break;
    case PROP_IMBALANCE_RATIO:
      g_value_set_double (value, self->imbalance_ratio);
      break;
    case PROP_IMBALANCE_MIN_VOLUME:
      g_value_set_int64 (value, self->imbalance_min_volume);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_footprint_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FlowFootprint *self = FLOW_FOOTPRINT (object);

  switch (prop_id)
    {
    case PROP_INTERVAL_MS:
      flow_footprint_set_interval_ms (self, g_value_get_int64 (value));
      break;
    case PROP_ROW:
      flow_footprint_set_row (self, g_value_get_int64 (value));
      break;
    case PROP_SESSION_OPEN_MS:
      flow_footprint_set_session_open_ms (self, g_value_get_int64 (value));
      break;
    case PROP_IMBALANCE_RATIO:
      flow_footprint_set_imbalance_ratio (self, g_value_get_double (value));
      break;
    case PROP_IMBALANCE_MIN_VOLUME:
      flow_footprint_set_imbalance_min_volume (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_footprint_class_init (FlowFootprintClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = flow_footprint_finalize;
  object_class->get_property = flow_footprint_get_property;
  object_class->set_property = flow_footprint_set_property;

  properties[PROP_INTERVAL_MS] =
    g_param_spec_int64 ("interval-ms", NULL, NULL,
                        1000, 3600 * 1000, FLOW_FOOTPRINT_DEFAULT_INTERVAL_MS,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROW] =
    g_param_spec_int64 ("row", NULL, NULL,
                        1, G_MAXINT64, FLOW_FOOTPRINT_DEFAULT_ROW,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION_OPEN_MS] =
    g_param_spec_int64 ("session-open-ms", NULL, NULL,
                        0, FLOW_DAY_MS - 1, FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMBALANCE_RATIO] =
    g_param_spec_double ("imbalance-ratio", NULL, NULL,
                         G_MINDOUBLE, G_MAXDOUBLE, FLOW_FOOTPRINT_DEFAULT_IMBALANCE_RATIO,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IMBALANCE_MIN_VOLUME] =
    g_param_spec_int64 ("imbalance-min-volume", NULL, NULL,
                        0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted once per change (a batch of snapshots, a setting, a clear), never per snapshot. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
flow_footprint_init (FlowFootprint *self)
{
  self->interval_ms = FLOW_FOOTPRINT_DEFAULT_INTERVAL_MS;
  self->row = FLOW_FOOTPRINT_DEFAULT_ROW;
  self->session_open_ms = FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS;
  self->imbalance_ratio = FLOW_FOOTPRINT_DEFAULT_IMBALANCE_RATIO;
  self->profile = flow_volume_profile_new ();
  self->profile_live_cells = g_array_new (FALSE, FALSE, sizeof (FlowFootprintCell));
  reset_day (self);
}

/* Adds (@sign 1) or takes out (-1) @n cells from @first_price into the profile. */
static void
profile_apply (FlowFootprint           *self,
               const FlowFootprintCell *cells,
               guint                    n,
               gint64                   first_price,
               int                      sign)
{
  gint64 level = flow_floor_div (first_price, self->row);

  for (guint i = 0; i < n; i++, level++)
    {
      if (cells[i].buy_volume > 0)
        flow_volume_profile_add (self->profile, level, TRUE, sign * cells[i].buy_volume);
      if (cells[i].sell_volume > 0)
        flow_volume_profile_add (self->profile, level, FALSE, sign * cells[i].sell_volume);
    }
}

static void
profile_fold (FlowFootprint *self,
              gint64         index)
{
  const FlowFootprintCell *cells;
  gint64 first;
  guint n;

  cells = flow_footprint_get_cells (self, index, &first, &n);
  if (cells != NULL)
    profile_apply (self, cells, n, first, 1);
}

FlowVolumeProfile *
flow_footprint_get_profile (FlowFootprint *self)
{
  gint64 first, last;

  g_return_val_if_fail (FLOW_IS_FOOTPRINT (self), NULL);

  if (!flow_footprint_get_bucket_range (self, &first, &last))
    return self->profile;
  if (self->profile_dirty_min == G_MAXINT64 && self->profile_has_live &&
      self->profile_live_index == last)
    return self->profile;
  /* A bucket already folded for good changed (a late snapshot): sum the day again. */
  if (self->profile_dirty_min < self->profile_folded_below)
    {
      flow_volume_profile_reset (self->profile, self->row);
      self->profile_folded_below = G_MININT64;
      self->profile_has_live = FALSE;
    }
  if (self->profile_has_live)
    {
      profile_apply (self, (const FlowFootprintCell *) self->profile_live_cells->data,
                     self->profile_live_cells->len, self->profile_live_first, -1);
      self->profile_has_live = FALSE;
    }
  for (gint64 index = MAX (self->profile_folded_below, first); index < last; index++)
    profile_fold (self, index);
  self->profile_folded_below = last;

  /* The newest bucket still trades: fold a copy, to take out again next time. */
  {
    const FlowFootprintCell *cells;
    gint64 live_first = 0;
    guint n;

    cells = flow_footprint_get_cells (self, last, &live_first, &n);
    g_array_set_size (self->profile_live_cells, 0);
    if (cells != NULL)
      {
        g_array_append_vals (self->profile_live_cells, cells, n);
        profile_apply (self, cells, n, live_first, 1);
      }
    self->profile_live_first = live_first;
    self->profile_live_index = last;
    self->profile_has_live = TRUE;
  }
  self->profile_dirty_min = G_MAXINT64;
  return self->profile;
}

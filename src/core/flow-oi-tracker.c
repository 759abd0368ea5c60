/* flow-oi-tracker.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-oi-tracker"

#include "flow-oi-tracker.h"

#include <math.h>

#include "flow-ist.h"

/* Rule 5: the reference may be up to 5 s younger than exactly k minutes, for polling jitter. */
#define SLACK_MS ((gint64) 5000)
/* Strikes are whole paise at worst, so a tenth of a paisa tells "listed" from float noise in
 * ATM + i · step. */
#define STRIKE_EPSILON 0.001
/* Rule 8: on expiry day the contract stops trading at 15:30 IST. */
#define EXPIRY_CUTOFF_MS ((gint64) (15 * 3600 + 30 * 60) * 1000)

static const guint interval_minutes[FLOW_OI_N_INTERVALS] = { 3, 5, 10, 15, 30 };

typedef struct
{
  gint64 time_ms;
  gint64 oi;
} Entry;

struct _FlowOiTracker
{
  GObject         parent_instance;

  FlowOiSettings  settings;
  GHashTable     *history;    /* instrument key → GArray of Entry, ascending by time */
  gint64          newest_ms;  /* newest entry time of any contract; G_MININT64 when empty */
};

G_DEFINE_FINAL_TYPE (FlowOiTracker, flow_oi_tracker, G_TYPE_OBJECT)

/* The report and what its const pointers point into: the rows and a copy of the chain. */
typedef struct
{
  FlowOiReport     report;
  FlowOptionChain *chain;
  GArray          *rows;
} ReportData;

G_DEFINE_BOXED_TYPE (FlowOiReport, flow_oi_report, flow_oi_report_ref, flow_oi_report_unref)

guint
flow_oi_interval_minutes (guint index)
{
  g_return_val_if_fail (index < FLOW_OI_N_INTERVALS, 0);
  return interval_minutes[index];
}

void
flow_oi_settings_init (FlowOiSettings *settings)
{
  static const double defaults[FLOW_OI_N_INTERVALS] = { 10, 12, 15, 30, 30 };

  g_return_if_fail (settings != NULL);

  for (guint i = 0; i < FLOW_OI_N_INTERVALS; i++)
    settings->thresholds[i] = defaults[i];
  settings->flag_drops = FALSE;
  settings->alert_ratio = 0.5;
  settings->strikes = 3;
}

FlowOiReport *
flow_oi_report_ref (FlowOiReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return g_atomic_rc_box_acquire (report);
}

static void
report_data_clear (gpointer data)
{
  ReportData *self = data;

  g_clear_pointer (&self->chain, flow_option_chain_free);
  g_clear_pointer (&self->rows, g_array_unref);
}

void
flow_oi_report_unref (FlowOiReport *report)
{
  g_return_if_fail (report != NULL);
  g_atomic_rc_box_release_full (report, report_data_clear);
}

static void
flow_oi_tracker_finalize (GObject *object)
{
  FlowOiTracker *self = FLOW_OI_TRACKER (object);

  g_clear_pointer (&self->history, g_hash_table_unref);

  G_OBJECT_CLASS (flow_oi_tracker_parent_class)->finalize (object);
}

static void
flow_oi_tracker_class_init (FlowOiTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = flow_oi_tracker_finalize;
}

static void
flow_oi_tracker_init (FlowOiTracker *self)
{
  flow_oi_settings_init (&self->settings);
  self->history = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_array_unref);
  self->newest_ms = G_MININT64;
}

FlowOiTracker *
flow_oi_tracker_new (void)
{
  return g_object_new (FLOW_TYPE_OI_TRACKER, NULL);
}

void
flow_oi_tracker_set_settings (FlowOiTracker        *self,
                              const FlowOiSettings *settings)
{
  g_return_if_fail (FLOW_IS_OI_TRACKER (self));
  g_return_if_fail (settings != NULL);

  self->settings = *settings;
}

const FlowOiSettings *
flow_oi_tracker_get_settings (FlowOiTracker *self)
{
  g_return_val_if_fail (FLOW_IS_OI_TRACKER (self), NULL);

  return &self->settings;
}

/* Index of the first entry of @entries later than @time_ms (entries->len when none). */
static guint
upper_bound (GArray *entries,
             gint64  time_ms)
{
  guint low = 0;
  guint high = entries->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (entries, Entry, middle).time_ms <= time_ms)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/* Drops the entries older than the window behind the newest one, and contracts left empty:
 * an expired or delisted contract must not keep its history forever. */
static void
prune (FlowOiTracker *self)
{
  gint64 cutoff = self->newest_ms - FLOW_OI_HISTORY_MS;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->history);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GArray *entries = value;
      /* Entries at exactly the cutoff stay: a 30-minute reference may need one. */
      guint drop = upper_bound (entries, cutoff - 1);

      if (drop == entries->len)
        g_hash_table_iter_remove (&iter);
      else if (drop > 0)
        g_array_remove_range (entries, 0, drop);
    }
}

/* Inserts without pruning; returns TRUE when the entry is the newest of all, so the caller
 * knows the window moved. */
static gboolean
insert_entry (FlowOiTracker *self,
              const char    *instrument_key,
              gint64         time_ms,
              gint64         oi)
{
  Entry entry = { time_ms, oi };
  GArray *entries;
  guint position;

  if (self->newest_ms != G_MININT64 && time_ms < self->newest_ms - FLOW_OI_HISTORY_MS)
    return FALSE;

  entries = g_hash_table_lookup (self->history, instrument_key);
  if (entries == NULL)
    {
      entries = g_array_new (FALSE, FALSE, sizeof (Entry));
      g_hash_table_insert (self->history, g_strdup (instrument_key), entries);
    }

  position = upper_bound (entries, time_ms);
  if (position > 0 && g_array_index (entries, Entry, position - 1).time_ms == time_ms)
    g_array_index (entries, Entry, position - 1).oi = oi;
  else
    g_array_insert_val (entries, position, entry);

  if (time_ms > self->newest_ms)
    {
      self->newest_ms = time_ms;
      return TRUE;
    }
  return FALSE;
}

void
flow_oi_tracker_add_entry (FlowOiTracker *self,
                           const char    *instrument_key,
                           gint64         time_ms,
                           gint64         oi)
{
  g_return_if_fail (FLOW_IS_OI_TRACKER (self));
  g_return_if_fail (instrument_key != NULL);

  if (insert_entry (self, instrument_key, time_ms, oi))
    prune (self);
}

void
flow_oi_tracker_add_candle (FlowOiTracker *self,
                            const char    *instrument_key,
                            gint64         candle_start_ms,
                            gint64         oi)
{
  /* The candle's OI is the OI at its close, one minute after its start. */
  flow_oi_tracker_add_entry (self, instrument_key, candle_start_ms + 60 * 1000, oi);
}

static gboolean
side_has_contract (const FlowOptionSide *side)
{
  return side->present && side->instrument_key != NULL;
}

void
flow_oi_tracker_add_chain (FlowOiTracker         *self,
                           const FlowOptionChain *chain)
{
  gboolean moved = FALSE;

  g_return_if_fail (FLOW_IS_OI_TRACKER (self));
  g_return_if_fail (chain != NULL);

  for (guint i = 0; i < chain->strikes->len; i++)
    {
      const FlowOptionStrike *row = flow_option_chain_get (chain, i);

      if (side_has_contract (&row->ce))
        moved |= insert_entry (self, row->ce.instrument_key, chain->time_ms, row->ce.oi);
      if (side_has_contract (&row->pe))
        moved |= insert_entry (self, row->pe.instrument_key, chain->time_ms, row->pe.oi);
    }
  if (moved)
    prune (self);
}

guint
flow_oi_tracker_get_n_contracts (FlowOiTracker *self)
{
  g_return_val_if_fail (FLOW_IS_OI_TRACKER (self), 0);

  return g_hash_table_size (self->history);
}

guint
flow_oi_tracker_get_n_entries (FlowOiTracker *self,
                               const char    *instrument_key)
{
  GArray *entries;

  g_return_val_if_fail (FLOW_IS_OI_TRACKER (self), 0);
  g_return_val_if_fail (instrument_key != NULL, 0);

  entries = g_hash_table_lookup (self->history, instrument_key);
  return entries != NULL ? entries->len : 0;
}

static FlowOiFlag
flag_for (const FlowOiSettings *settings,
          guint                 interval,
          double                pct)
{
  double threshold = settings->thresholds[interval];

  if (pct > threshold)
    return FLOW_OI_FLAG_BUILD_UP;
  if (settings->flag_drops && pct < -threshold)
    return FLOW_OI_FLAG_DROP;
  return FLOW_OI_FLAG_NONE;
}

static void
evaluate_side (FlowOiTracker        *self,
               const FlowOptionSide *side,
               gint64                time_ms,
               FlowOiSideReport     *out,
               guint                *highlighted)
{
  GArray *entries;

  if (!side_has_contract (side))
    return;

  out->present = TRUE;
  out->instrument_key = side->instrument_key;
  out->oi = side->oi;
  out->ltp = side->ltp;
  out->volume = side->volume;

  entries = g_hash_table_lookup (self->history, side->instrument_key);
  if (entries == NULL)
    return;

  for (guint k = 0; k < FLOW_OI_N_INTERVALS; k++)
    {
      FlowOiChange *change = &out->changes[k];
      gint64 latest_allowed = time_ms - (gint64) interval_minutes[k] * 60 * 1000 + SLACK_MS;
      guint after = upper_bound (entries, latest_allowed);
      const Entry *ref;

      if (after == 0)
        continue;
      ref = &g_array_index (entries, Entry, after - 1);
      change->oi_ref = ref->oi;
      change->ref_time_ms = ref->time_ms;
      if (ref->oi <= 0)
        continue;

      change->has_value = TRUE;
      change->change = side->oi - ref->oi;
      /* Multiplying the integers first keeps an exact 10 % change exactly 10.0, so the
       * strictly-greater test of rule 6 does not flag it through rounding noise. */
      change->pct = (double) (change->change * 100) / (double) ref->oi;
      change->flag = flag_for (&self->settings, k, change->pct);
      if (change->flag != FLOW_OI_FLAG_NONE)
        (*highlighted)++;
    }
}

/* Rule 2: the smallest positive difference between consecutive listed strikes. */
static double
strike_step (const FlowOptionChain *chain)
{
  double step = 0;

  for (guint i = 1; i < chain->strikes->len; i++)
    {
      double difference = flow_option_chain_get (chain, i)->strike -
                          flow_option_chain_get (chain, i - 1)->strike;

      if (difference > STRIKE_EPSILON && (step == 0 || difference < step))
        step = difference;
    }
  return step;
}

/* Rule 3: the listed strike nearest to spot; strikes ascend, so keeping the first of equal
 * distances gives a tie to the lower strike. */
static guint
atm_index (const FlowOptionChain *chain)
{
  guint best = 0;
  double best_distance = INFINITY;

  for (guint i = 0; i < chain->strikes->len; i++)
    {
      double distance = fabs (flow_option_chain_get (chain, i)->strike - chain->spot);

      if (distance < best_distance)
        {
          best = i;
          best_distance = distance;
        }
    }
  return best;
}

static gboolean
find_strike (const FlowOptionChain *chain,
             double                 strike,
             guint                 *out_index)
{
  for (guint i = 0; i < chain->strikes->len; i++)
    if (fabs (flow_option_chain_get (chain, i)->strike - strike) < STRIKE_EPSILON)
      {
        *out_index = i;
        return TRUE;
      }
  return FALSE;
}

FlowOiReport *
flow_oi_tracker_evaluate (FlowOiTracker         *self,
                          const FlowOptionChain *chain)
{
  ReportData *data;
  FlowOiReport *report;
  guint atm;
  gint n;

  g_return_val_if_fail (FLOW_IS_OI_TRACKER (self), NULL);
  g_return_val_if_fail (chain != NULL, NULL);

  data = g_atomic_rc_box_new0 (ReportData);
  data->chain = flow_option_chain_copy (chain);
  data->rows = g_array_new (FALSE, TRUE, sizeof (FlowOiRow));
  report = &data->report;
  report->time_ms = chain->time_ms;
  report->underlying = data->chain->underlying;
  report->expiry = data->chain->expiry;
  report->spot = chain->spot;
  report->lot_size = chain->lot_size;
  report->settings = self->settings;

  for (guint i = 0; i < data->chain->strikes->len; i++)
    {
      const FlowOptionStrike *row = flow_option_chain_get (data->chain, i);

      if (side_has_contract (&row->ce))
        report->total_ce_oi += row->ce.oi;
      if (side_has_contract (&row->pe))
        report->total_pe_oi += row->pe.oi;
    }
  report->has_pcr = report->total_ce_oi != 0;
  if (report->has_pcr)
    report->pcr = (double) report->total_pe_oi / (double) report->total_ce_oi;

  if (data->chain->strikes->len == 0)
    return report;

  report->step = strike_step (data->chain);
  atm = atm_index (data->chain);
  report->has_atm = TRUE;
  report->atm = flow_option_chain_get (data->chain, atm)->strike;

  /* Rule 4; with a single listed strike there is no step and the ATM row is the only one. */
  n = report->step > 0 ? (gint) self->settings.strikes : 0;
  for (gint i = -n; i <= n; i++)
    {
      FlowOiRow row = { 0 };
      const FlowOptionStrike *listed;
      guint index;

      if (!find_strike (data->chain, report->atm + i * report->step, &index))
        continue;
      listed = flow_option_chain_get (data->chain, index);
      row.strike = listed->strike;
      row.is_atm = index == atm;
      if (row.is_atm)
        report->atm_row = data->rows->len;
      evaluate_side (self, &listed->ce, chain->time_ms, &row.ce, &report->highlighted);
      evaluate_side (self, &listed->pe, chain->time_ms, &row.pe, &report->highlighted);
      g_array_append_val (data->rows, row);
    }

  report->n_rows = data->rows->len;
  report->rows = (const FlowOiRow *) data->rows->data;
  report->cells = report->n_rows * 2 * FLOW_OI_N_INTERVALS;
  report->alert = (double) report->highlighted / (double) report->cells >
                  self->settings.alert_ratio;
  return report;
}

FlowOiReport *
flow_oi_tracker_update (FlowOiTracker         *self,
                        const FlowOptionChain *chain)
{
  g_return_val_if_fail (FLOW_IS_OI_TRACKER (self), NULL);
  g_return_val_if_fail (chain != NULL, NULL);

  flow_oi_tracker_add_chain (self, chain);
  return flow_oi_tracker_evaluate (self, chain);
}

const char *
flow_oi_select_expiry (const char * const *expiries,
                       gsize               n_expiries,
                       gint64              now_ms)
{
  gint64 today = flow_ist_day_start_ms (now_ms);
  gboolean today_closed = now_ms > today + EXPIRY_CUTOFF_MS;
  const char *best = NULL;
  gint64 best_day = G_MAXINT64;

  g_return_val_if_fail (expiries != NULL || n_expiries == 0, NULL);

  for (gsize i = 0; i < n_expiries; i++)
    {
      gint64 day;

      if (!flow_ist_parse_date (expiries[i], &day))
        continue;
      if (day < today || (day == today && today_closed))
        continue;
      if (day < best_day)
        {
          best = expiries[i];
          best_day = day;
        }
    }
  return best;
}

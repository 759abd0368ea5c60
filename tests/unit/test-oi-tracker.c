/* test-oi-tracker.c: the rules and the worked example of shared/design/oi-tracker.md
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-ist.h"
#include "flow-oi-tracker.h"

/* 2026-11-20 10:00:00 IST */
#define T10 G_GINT64_CONSTANT (1795149000000)
#define SECOND ((gint64) 1000)
#define MINUTE ((gint64) 60 * 1000)

enum { K3, K5, K10, K15, K30 };

static char *
key_for (const char *side,
         double      strike)
{
  return g_strdup_printf ("NSE_FO|%s%.0f", side, strike);
}

static void
add_strike (FlowOptionChain *chain,
            double           strike,
            gint64           ce_oi,
            gint64           pe_oi)
{
  g_autofree char *ce_key = key_for ("CE", strike);
  g_autofree char *pe_key = key_for ("PE", strike);
  FlowOptionSide ce = { TRUE, ce_key, ce_oi, 10.0, 100 };
  FlowOptionSide pe = { TRUE, pe_key, pe_oi, 20.0, 200 };

  flow_option_chain_add_strike (chain, strike, ce_oi >= 0 ? &ce : NULL, pe_oi >= 0 ? &pe : NULL);
}

/* Strikes @first … @last every @step, every contract at @oi. */
static FlowOptionChain *
uniform_chain (gint64 time_ms,
               double spot,
               double first,
               double last,
               double step,
               gint64 oi)
{
  FlowOptionChain *chain = flow_option_chain_new (time_ms, "NIFTY", "2026-11-24", spot);

  for (double strike = first; strike <= last; strike += step)
    add_strike (chain, strike, oi, oi);
  return chain;
}

static FlowOiReport *
update_single (FlowOiTracker *tracker,
               gint64         time_ms,
               gint64         ce_oi)
{
  g_autoptr(FlowOptionChain) chain = flow_option_chain_new (time_ms, "NIFTY", "2026-11-24",
                                                            24100);

  add_strike (chain, 24100, ce_oi, -1);
  return flow_oi_tracker_update (tracker, chain);
}

static gboolean
displayed (const FlowOiReport *report,
           double              strike)
{
  for (guint i = 0; i < report->n_rows; i++)
    if (report->rows[i].strike == strike)
      return TRUE;
  return FALSE;
}

static const FlowOiRow *
row_at (const FlowOiReport *report,
        double              strike)
{
  for (guint i = 0; i < report->n_rows; i++)
    if (report->rows[i].strike == strike)
      return &report->rows[i];
  g_error ("strike %.2f is not displayed", strike);
}

static void
test_worked_example (void)
{
  static const struct
  {
    gint64 time_ms;
    gint64 oi;
    gint64 ref_time_ms;   /* 0: no reference */
    const char *pct;
    gboolean red;
  } steps[] = {
    { T10,                    1000000, 0, NULL, FALSE },
    { T10 + 1 * MINUTE,          1020000, 0, NULL, FALSE },
    { T10 + 2 * MINUTE,          1050000, 0, NULL, FALSE },
    { T10 + 3 * MINUTE + 1 * SECOND, 1150000, T10, "15.00", TRUE },
    { T10 + 4 * MINUTE + 7 * SECOND, 1160000, T10 + 1 * MINUTE, "13.73", TRUE },
    { T10 + 5 * MINUTE + 2 * SECOND, 1160000, T10 + 2 * MINUTE, "10.48", TRUE },
  };
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autoptr(FlowOiReport) report = update_single (tracker, steps[i].time_ms, steps[i].oi);
      const FlowOiChange *change = &report->rows[0].ce.changes[K3];

      g_assert_cmpuint (report->n_rows, ==, 1);
      if (steps[i].pct == NULL)
        {
          g_assert_false (change->has_value);
          g_assert_cmpint (change->ref_time_ms, ==, 0);
        }
      else
        {
          g_autofree char *pct = g_strdup_printf ("%.2f", change->pct);

          g_assert_true (change->has_value);
          g_assert_cmpint (change->ref_time_ms, ==, steps[i].ref_time_ms);
          g_assert_cmpstr (pct, ==, steps[i].pct);
          g_assert_cmpint (change->change, ==, steps[i].oi - change->oi_ref);
        }
      g_assert_cmpint (change->flag == FLOW_OI_FLAG_BUILD_UP, ==, steps[i].red);
      /* Ten minutes of history do not exist yet. */
      g_assert_false (report->rows[0].ce.changes[K10].has_value);
    }
}

/* Rule 1: rows that come into view when the ATM moves already have history. */
static void
test_history_per_contract (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autoptr(FlowOptionChain) first = uniform_chain (T10, 24000, 23500, 24500, 50, 1000);
  g_autoptr(FlowOptionChain) later = uniform_chain (T10 + 3 * MINUTE, 24310, 23500, 24500, 50,
                                                    1100);
  g_autoptr(FlowOiReport) before = flow_oi_tracker_update (tracker, first);
  g_autoptr(FlowOiReport) after = NULL;
  const FlowOiRow *row;

  g_assert_cmpfloat (before->atm, ==, 24000);
  g_assert_false (displayed (before, 24450));
  /* Every contract, displayed or not. */
  g_assert_cmpuint (flow_oi_tracker_get_n_contracts (tracker), ==, 21 * 2);

  after = flow_oi_tracker_update (tracker, later);
  g_assert_cmpfloat (after->atm, ==, 24300);
  row = row_at (after, 24450);
  g_assert_true (row->ce.changes[K3].has_value);
  g_assert_cmpfloat (row->ce.changes[K3].pct, ==, 10.0);
  g_assert_true (row->pe.changes[K3].has_value);
  g_assert_cmpuint (flow_oi_tracker_get_n_entries (tracker, "NSE_FO|CE24450"), ==, 2);
}

/* Rules 2 and 4: the smallest gap is the step; unlisted strikes get no row. */
static void
test_step_and_displayed (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autoptr(FlowOptionChain) chain = flow_option_chain_new (T10, "NIFTY", "2026-11-24", 24110);
  g_autoptr(FlowOiReport) report = NULL;
  static const double listed[] = { 23700, 23800, 24000, 24100, 24150, 24200, 24400, 24500 };
  static const double shown[] = { 24000, 24100, 24150, 24200 };

  for (gsize i = 0; i < G_N_ELEMENTS (listed); i++)
    add_strike (chain, listed[i], 100, 100);
  report = flow_oi_tracker_update (tracker, chain);

  g_assert_cmpfloat (report->step, ==, 50);
  g_assert_cmpfloat (report->atm, ==, 24100);
  /* ATM ± 3 steps is 23950 … 24250: 23950, 24050 and 24250 are not listed. */
  g_assert_cmpuint (report->n_rows, ==, G_N_ELEMENTS (shown));
  for (gsize i = 0; i < G_N_ELEMENTS (shown); i++)
    g_assert_cmpfloat (report->rows[i].strike, ==, shown[i]);
  g_assert_true (report->rows[1].is_atm);
  g_assert_cmpuint (report->atm_row, ==, 1);
  g_assert_cmpuint (report->cells, ==, 4 * 2 * 5);
}

static void
test_default_seven_rows (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autoptr(FlowOptionChain) chain = uniform_chain (T10, 24112.35, 23000, 25000, 50, 100);
  g_autoptr(FlowOiReport) report = flow_oi_tracker_update (tracker, chain);

  g_assert_cmpuint (report->n_rows, ==, 7);
  g_assert_cmpfloat (report->rows[0].strike, ==, 23950);
  g_assert_cmpfloat (report->rows[6].strike, ==, 24250);
  g_assert_cmpuint (report->atm_row, ==, 3);
  g_assert_cmpuint (report->cells, ==, 70);
}

/* Rule 3: a tie goes to the lower strike. */
static void
test_atm_tie (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autoptr(FlowOptionChain) tie = uniform_chain (T10, 24075, 23900, 24300, 50, 100);
  g_autoptr(FlowOptionChain) above = uniform_chain (T10, 24075.05, 23900, 24300, 50, 100);
  g_autoptr(FlowOiReport) tie_report = flow_oi_tracker_evaluate (tracker, tie);
  g_autoptr(FlowOiReport) above_report = flow_oi_tracker_evaluate (tracker, above);

  g_assert_cmpfloat (tie_report->atm, ==, 24050);
  g_assert_cmpfloat (above_report->atm, ==, 24100);
}

/* Rule 5: the reference may be at most t − k·60 s + 5 s. */
static void
test_slack_boundary (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autoptr(FlowOiReport) report = NULL;
  gint64 now = T10 + 10 * MINUTE;

  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24100", now - 3 * MINUTE + 5 * SECOND, 1000);
  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24100", now - 3 * MINUTE + 5 * SECOND + 1, 1500);
  report = update_single (tracker, now, 1100);
  g_assert_true (report->rows[0].ce.changes[K3].has_value);
  g_assert_cmpint (report->rows[0].ce.changes[K3].oi_ref, ==, 1000);
  g_assert_cmpint (report->rows[0].ce.changes[K3].ref_time_ms, ==, now - 3 * MINUTE + 5 * SECOND);
  g_assert_cmpfloat (report->rows[0].ce.changes[K3].pct, ==, 10.0);
  /* Nothing is old enough for 5 minutes. */
  g_assert_false (report->rows[0].ce.changes[K5].has_value);
  g_clear_pointer (&report, flow_oi_report_unref);

  /* The latest eligible entry wins over older ones. */
  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24100", now - 4 * MINUTE, 900);
  report = update_single (tracker, now, 1100);
  g_assert_cmpint (report->rows[0].ce.changes[K3].oi_ref, ==, 1000);
}

static void
test_ref_not_positive (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autoptr(FlowOiReport) report = NULL;

  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24100", T10 - 30 * MINUTE, -5);
  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24100", T10 - 5 * MINUTE, 0);
  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24100", T10 - 3 * MINUTE, 100);
  report = update_single (tracker, T10, 500);

  g_assert_true (report->rows[0].ce.changes[K3].has_value);
  g_assert_cmpfloat (report->rows[0].ce.changes[K3].pct, ==, 400.0);
  for (guint k = K5; k <= K30; k++)
    {
      g_assert_false (report->rows[0].ce.changes[k].has_value);
      g_assert_cmpint (report->rows[0].ce.changes[k].flag, ==, FLOW_OI_FLAG_NONE);
    }
  g_assert_cmpint (report->rows[0].ce.changes[K5].oi_ref, ==, 0);
  g_assert_cmpint (report->rows[0].ce.changes[K30].oi_ref, ==, -5);
  g_assert_cmpuint (report->highlighted, ==, 1);
}

/* Rule 6: exactly the threshold is not a build-up. */
static void
test_strictly_greater (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autoptr(FlowOiReport) exact = NULL;
  g_autoptr(FlowOiReport) above = NULL;

  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24100", T10 - 3 * MINUTE, 1000000);
  exact = update_single (tracker, T10, 1100000);
  g_assert_cmpfloat (exact->rows[0].ce.changes[K3].pct, ==, 10.0);
  g_assert_cmpint (exact->rows[0].ce.changes[K3].flag, ==, FLOW_OI_FLAG_NONE);
  g_assert_cmpuint (exact->highlighted, ==, 0);

  above = update_single (tracker, T10 + 1, 1100001);
  g_assert_cmpint (above->rows[0].ce.changes[K3].flag, ==, FLOW_OI_FLAG_BUILD_UP);
  g_assert_cmpuint (above->highlighted, ==, 1);
}

static void
test_drop_flag (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  FlowOiSettings settings;
  g_autoptr(FlowOiReport) off = NULL;
  g_autoptr(FlowOiReport) on = NULL;
  g_autoptr(FlowOiReport) exact = NULL;
  g_autoptr(FlowOptionChain) chain = flow_option_chain_new (T10, "NIFTY", "2026-11-24", 24100);

  add_strike (chain, 24100, 850, 900);
  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24100", T10 - 3 * MINUTE, 1000);
  flow_oi_tracker_add_entry (tracker, "NSE_FO|PE24100", T10 - 3 * MINUTE, 1000);
  off = flow_oi_tracker_update (tracker, chain);
  g_assert_cmpfloat (off->rows[0].ce.changes[K3].pct, ==, -15.0);
  g_assert_cmpint (off->rows[0].ce.changes[K3].flag, ==, FLOW_OI_FLAG_NONE);
  g_assert_cmpuint (off->highlighted, ==, 0);

  flow_oi_settings_init (&settings);
  settings.flag_drops = TRUE;
  flow_oi_tracker_set_settings (tracker, &settings);
  on = flow_oi_tracker_evaluate (tracker, chain);
  g_assert_cmpint (on->rows[0].ce.changes[K3].flag, ==, FLOW_OI_FLAG_DROP);
  /* −10 % is exactly the threshold: not flagged. */
  g_assert_cmpfloat (on->rows[0].pe.changes[K3].pct, ==, -10.0);
  g_assert_cmpint (on->rows[0].pe.changes[K3].flag, ==, FLOW_OI_FLAG_NONE);
  g_assert_cmpuint (on->highlighted, ==, 1);
  g_assert_true (on->settings.flag_drops);

  settings.thresholds[K3] = 9.99;
  flow_oi_tracker_set_settings (tracker, &settings);
  exact = flow_oi_tracker_evaluate (tracker, chain);
  g_assert_cmpint (exact->rows[0].pe.changes[K3].flag, ==, FLOW_OI_FLAG_DROP);
  g_assert_cmpuint (exact->highlighted, ==, 2);
}

/* Rule 7 on one row (10 cells): CE +20 % flags 3, 5, 10 min; PE +13 % flags 3, 5 min (5 of
 * 10, exactly the ratio: no alert); PE +16 % also flags 10 min (6 of 10: alert). */
static void
test_alert_ratio (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  FlowOiSettings settings;
  g_autoptr(FlowOptionChain) half = flow_option_chain_new (T10, "NIFTY", "2026-11-24", 24100);
  g_autoptr(FlowOptionChain) more = flow_option_chain_new (T10, "NIFTY", "2026-11-24", 24100);
  g_autoptr(FlowOptionChain) one_side = flow_option_chain_new (T10, "NIFTY", "2026-11-24", 24100);
  g_autoptr(FlowOiReport) report = NULL;

  flow_oi_settings_init (&settings);
  settings.strikes = 0;
  flow_oi_tracker_set_settings (tracker, &settings);
  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24100", T10 - 30 * MINUTE, 1000);
  flow_oi_tracker_add_entry (tracker, "NSE_FO|PE24100", T10 - 30 * MINUTE, 1000);
  add_strike (half, 24100, 1200, 1130);
  add_strike (half, 24150, 1, 1);
  add_strike (more, 24100, 1200, 1160);
  add_strike (one_side, 24100, 1200, -1);

  report = flow_oi_tracker_evaluate (tracker, half);
  g_assert_cmpuint (report->n_rows, ==, 1);
  g_assert_cmpuint (report->cells, ==, 10);
  g_assert_cmpuint (report->highlighted, ==, 5);
  g_assert_false (report->alert);
  g_clear_pointer (&report, flow_oi_report_unref);

  report = flow_oi_tracker_evaluate (tracker, more);
  g_assert_cmpuint (report->highlighted, ==, 6);
  g_assert_true (report->alert);
  g_clear_pointer (&report, flow_oi_report_unref);

  /* A missing side still counts its cells: 3 of 10. */
  report = flow_oi_tracker_evaluate (tracker, one_side);
  g_assert_false (report->rows[0].pe.present);
  g_assert_null (report->rows[0].pe.instrument_key);
  g_assert_cmpuint (report->cells, ==, 10);
  g_assert_cmpuint (report->highlighted, ==, 3);
  g_assert_false (report->alert);
  g_clear_pointer (&report, flow_oi_report_unref);

  settings.alert_ratio = 0.29;
  flow_oi_tracker_set_settings (tracker, &settings);
  report = flow_oi_tracker_evaluate (tracker, one_side);
  g_assert_true (report->alert);
}

/* Backfill: candles arrive newest first; a candle starting at t is the entry at t + 60 s. */
static void
test_backfill (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autoptr(FlowOiReport) report = NULL;
  const FlowOiChange *changes;

  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24100", T10 - 10 * SECOND, 1150);
  for (gint64 minute = 11; minute >= 1; minute--)
    flow_oi_tracker_add_candle (tracker, "NSE_FO|CE24100", T10 - minute * MINUTE, 1000 + minute);
  g_assert_cmpuint (flow_oi_tracker_get_n_entries (tracker, "NSE_FO|CE24100"), ==, 12);

  report = update_single (tracker, T10 + 5 * SECOND, 1200);
  changes = report->rows[0].ce.changes;
  /* ≤ 09:57:10: the candle starting at 09:56 closes at 09:57:00. */
  g_assert_cmpint (changes[K3].ref_time_ms, ==, T10 - 3 * MINUTE);
  g_assert_cmpint (changes[K3].oi_ref, ==, 1004);
  g_assert_cmpint (changes[K5].oi_ref, ==, 1006);
  /* ≤ 09:50:10: 09:50:00, from the oldest candle (09:49). */
  g_assert_cmpint (changes[K10].ref_time_ms, ==, T10 - 10 * MINUTE);
  g_assert_cmpint (changes[K10].oi_ref, ==, 1011);
  g_assert_false (changes[K15].has_value);
  g_assert_cmpuint (flow_oi_tracker_get_n_entries (tracker, "NSE_FO|CE24100"), ==, 13);

  /* A candle closing at the time of an existing entry replaces it rather than duplicating it. */
  flow_oi_tracker_add_candle (tracker, "NSE_FO|CE24100", T10 - 4 * MINUTE, 2000);
  g_assert_cmpuint (flow_oi_tracker_get_n_entries (tracker, "NSE_FO|CE24100"), ==, 13);
  g_clear_pointer (&report, flow_oi_report_unref);
  report = update_single (tracker, T10 + 5 * SECOND, 1200);
  g_assert_cmpint (report->rows[0].ce.changes[K3].oi_ref, ==, 2000);
}

/* Rule 1: entries older than 35 minutes behind the newest are dropped, then empty contracts. */
static void
test_pruning (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();

  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24100", T10, 1);
  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24100", T10 + 1 * MINUTE, 2);
  flow_oi_tracker_add_entry (tracker, "NSE_FO|PE24100", T10, 3);
  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24200", T10 + 35 * MINUTE, 4);
  g_assert_cmpuint (flow_oi_tracker_get_n_entries (tracker, "NSE_FO|CE24100"), ==, 2);
  g_assert_cmpuint (flow_oi_tracker_get_n_contracts (tracker), ==, 3);

  flow_oi_tracker_add_entry (tracker, "NSE_FO|CE24200", T10 + 35 * MINUTE + 1, 5);
  g_assert_cmpuint (flow_oi_tracker_get_n_entries (tracker, "NSE_FO|CE24100"), ==, 1);
  g_assert_cmpuint (flow_oi_tracker_get_n_entries (tracker, "NSE_FO|PE24100"), ==, 0);
  g_assert_cmpuint (flow_oi_tracker_get_n_contracts (tracker), ==, 2);

  /* Too old to matter: not even stored. */
  flow_oi_tracker_add_candle (tracker, "NSE_FO|PE24100", T10 - 2 * MINUTE, 6);
  g_assert_cmpuint (flow_oi_tracker_get_n_contracts (tracker), ==, 2);
}

/* PCR over the whole chain, not only the displayed rows. */
static void
test_pcr (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autoptr(FlowOptionChain) chain = uniform_chain (T10, 24100, 23000, 25000, 100, 100);
  g_autoptr(FlowOptionChain) no_calls = flow_option_chain_new (T10, "NIFTY", "2026-11-24", 24100);
  g_autoptr(FlowOiReport) report = NULL;
  g_autoptr(FlowOiReport) undefined = NULL;

  add_strike (chain, 25100, -1, 2100);
  report = flow_oi_tracker_update (tracker, chain);
  g_assert_cmpint (report->total_ce_oi, ==, 2100);
  g_assert_cmpint (report->total_pe_oi, ==, 4200);
  g_assert_true (report->has_pcr);
  g_assert_cmpfloat (report->pcr, ==, 2.0);
  g_assert_cmpstr (report->underlying, ==, "NIFTY");
  g_assert_cmpstr (report->expiry, ==, "2026-11-24");

  add_strike (no_calls, 24100, -1, 5);
  undefined = flow_oi_tracker_evaluate (tracker, no_calls);
  g_assert_false (undefined->has_pcr);
}

static void
test_empty_chain (void)
{
  g_autoptr(FlowOiTracker) tracker = flow_oi_tracker_new ();
  g_autoptr(FlowOptionChain) chain = flow_option_chain_new (T10, "NIFTY", "2026-11-24", 24100);
  g_autoptr(FlowOiReport) report = flow_oi_tracker_update (tracker, chain);

  g_assert_false (report->has_atm);
  g_assert_cmpuint (report->n_rows, ==, 0);
  g_assert_cmpuint (report->cells, ==, 0);
  g_assert_false (report->alert);
}

static void
test_report_outlives_tracker (void)
{
  FlowOiTracker *tracker = flow_oi_tracker_new ();
  g_autoptr(FlowOptionChain) chain = uniform_chain (T10, 24100, 23800, 24400, 50, 100);
  g_autoptr(FlowOiReport) report = flow_oi_tracker_update (tracker, chain);

  g_assert_finalize_object (tracker);
  g_clear_pointer (&chain, flow_option_chain_free);
  g_assert_cmpstr (report->rows[3].ce.instrument_key, ==, "NSE_FO|CE24100");
  g_assert_true (G_TYPE_IS_BOXED (FLOW_TYPE_OI_REPORT));
}

static void
test_intervals (void)
{
  static const guint expected[] = { 3, 5, 10, 15, 30 };
  FlowOiSettings settings;

  for (guint i = 0; i < FLOW_OI_N_INTERVALS; i++)
    g_assert_cmpuint (flow_oi_interval_minutes (i), ==, expected[i]);

  flow_oi_settings_init (&settings);
  g_assert_cmpfloat (settings.thresholds[K3], ==, 10);
  g_assert_cmpfloat (settings.thresholds[K5], ==, 12);
  g_assert_cmpfloat (settings.thresholds[K10], ==, 15);
  g_assert_cmpfloat (settings.thresholds[K15], ==, 30);
  g_assert_cmpfloat (settings.thresholds[K30], ==, 30);
  g_assert_false (settings.flag_drops);
  g_assert_cmpfloat (settings.alert_ratio, ==, 0.5);
  g_assert_cmpuint (settings.strikes, ==, 3);
}

static gint64
ist (const char *date,
     const char *time)
{
  gint64 day = 0, offset = 0;

  g_assert_true (flow_ist_parse_date (date, &day));
  g_assert_true (flow_ist_parse_time_of_day (time, &offset));
  return day + offset;
}

/* Rule 8. */
static void
test_expiry_selection (void)
{
  static const char * const expiries[] = {
    "2026-12-29", "2026-11-24", "not a date", "2026-12-01", "2026-11-17", "2026-11-24",
  };
  static const char * const month_end[] = { "2026-12-01", "2026-11-30" };
  const gsize n = G_N_ELEMENTS (expiries);

  g_assert_cmpstr (flow_oi_select_expiry (expiries, n, ist ("2026-11-20", "10:00")), ==,
                   "2026-11-24");
  /* On expiry day until 15:30, then the next one. */
  g_assert_cmpstr (flow_oi_select_expiry (expiries, n, ist ("2026-11-24", "09:15")), ==,
                   "2026-11-24");
  g_assert_cmpstr (flow_oi_select_expiry (expiries, n, ist ("2026-11-24", "15:30:00")), ==,
                   "2026-11-24");
  g_assert_cmpstr (flow_oi_select_expiry (expiries, n, ist ("2026-11-24", "15:30:01")), ==,
                   "2026-12-01");
  /* Past every expiry but the last. */
  g_assert_cmpstr (flow_oi_select_expiry (expiries, n, ist ("2026-12-02", "00:00")), ==,
                   "2026-12-29");
  g_assert_null (flow_oi_select_expiry (expiries, n, ist ("2026-12-29", "16:00")));
  g_assert_null (flow_oi_select_expiry (NULL, 0, ist ("2026-12-29", "16:00")));

  /* Month end: after the close on the 30th the next one is in December. */
  g_assert_cmpstr (flow_oi_select_expiry (month_end, 2, ist ("2026-11-30", "15:00")), ==,
                   "2026-11-30");
  g_assert_cmpstr (flow_oi_select_expiry (month_end, 2, ist ("2026-11-30", "15:31")), ==,
                   "2026-12-01");
  /* 00:30 IST on 1 December is still 30 November in UTC: the IST date decides. */
  g_assert_cmpstr (flow_oi_select_expiry (month_end, 2, ist ("2026-12-01", "00:30")), ==,
                   "2026-12-01");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/oi-tracker/worked-example", test_worked_example);
  g_test_add_func ("/oi-tracker/history-per-contract", test_history_per_contract);
  g_test_add_func ("/oi-tracker/step-and-displayed", test_step_and_displayed);
  g_test_add_func ("/oi-tracker/default-seven-rows", test_default_seven_rows);
  g_test_add_func ("/oi-tracker/atm-tie", test_atm_tie);
  g_test_add_func ("/oi-tracker/slack-boundary", test_slack_boundary);
  g_test_add_func ("/oi-tracker/ref-not-positive", test_ref_not_positive);
  g_test_add_func ("/oi-tracker/strictly-greater", test_strictly_greater);
  g_test_add_func ("/oi-tracker/drop-flag", test_drop_flag);
  g_test_add_func ("/oi-tracker/alert-ratio", test_alert_ratio);
  g_test_add_func ("/oi-tracker/backfill", test_backfill);
  g_test_add_func ("/oi-tracker/pruning", test_pruning);
  g_test_add_func ("/oi-tracker/pcr", test_pcr);
  g_test_add_func ("/oi-tracker/empty-chain", test_empty_chain);
  g_test_add_func ("/oi-tracker/report-outlives-tracker", test_report_outlives_tracker);
  g_test_add_func ("/oi-tracker/intervals", test_intervals);
  g_test_add_func ("/oi-tracker/expiry-selection", test_expiry_selection);

  return g_test_run ();
}

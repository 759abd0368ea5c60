/* test-demo-market.c: the demo market simulator
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "flow-demo-market.h"
#include "flow-ist.h"
#include "flow-test-assert.h"

/* 2026-11-20 (a Friday) 09:15:00 IST */
#define OPEN_2026_11_20  G_GINT64_CONSTANT (1795146300000)
#define SESSION_MS       (FLOW_DEMO_SESSION_CLOSE_MS - FLOW_DEMO_SESSION_OPEN_MS)
#define MINUTE_MS        G_GINT64_CONSTANT (60000)

/* Index of the listed strike nearest to spot, the lower on a tie (oi-tracker.md rule 3). */
static guint
atm_index (const FlowOptionChain *chain)
{
  guint best = 0;

  for (guint i = 1; i < chain->strikes->len; i++)
    {
      double d = fabs (flow_option_chain_get (chain, i)->strike - chain->spot);
      double best_d = fabs (flow_option_chain_get (chain, best)->strike - chain->spot);

      if (d < best_d)
        best = i;
    }
  return best;
}

static void
test_same_seed_same_data (void)
{
  g_autoptr(FlowDemoMarket) a = flow_demo_market_new (42, OPEN_2026_11_20);
  g_autoptr(FlowDemoMarket) b = flow_demo_market_new (42, OPEN_2026_11_20);

  g_assert_cmpint (flow_demo_market_get_time_ms (a), ==, OPEN_2026_11_20);
  g_assert_cmpuint (flow_demo_market_get_seed (a), ==, 42);
  g_assert_cmpint (flow_demo_market_get_start_ms (a), ==, OPEN_2026_11_20);

  for (guint i = 0; i < 30000; i++)
    {
      FlowSnapshot x, y;

      flow_demo_market_next_snapshot (a, &x);
      flow_demo_market_next_snapshot (b, &y);
      flow_test_assert_snapshots_equal (&x, &y);
      g_assert_cmpint (flow_demo_market_get_time_ms (a), ==, x.ts_ms);

      /* Chains are asked for at different moments of the two streams: no effect. */
      if (i % 5000 == 0)
        {
          g_autoptr(FlowOptionChain) ca = flow_demo_market_option_chain_at (a, x.ts_ms);
          g_autoptr(FlowOptionChain) cb = flow_demo_market_option_chain_at (b, x.ts_ms);

          flow_test_assert_chains_equal (ca, cb);
          g_assert_cmpint (ca->lot_size, ==, cb->lot_size);
        }
    }
}

static void
test_different_seed_different_data (void)
{
  g_autoptr(FlowDemoMarket) a = flow_demo_market_new (1, OPEN_2026_11_20);
  g_autoptr(FlowDemoMarket) b = flow_demo_market_new (2, OPEN_2026_11_20);
  /* One seed gives each date its own day. */
  g_autoptr(FlowDemoMarket) c = flow_demo_market_new (1, OPEN_2026_11_20 + FLOW_DAY_MS);
  guint differ_b = 0;
  guint differ_c = 0;

  for (guint i = 0; i < 200; i++)
    {
      FlowSnapshot x, y, z;

      flow_demo_market_next_snapshot (a, &x);
      flow_demo_market_next_snapshot (b, &y);
      flow_demo_market_next_snapshot (c, &z);
      differ_b += x.ltp != y.ltp || x.ts_ms != y.ts_ms || x.volume != y.volume;
      differ_c += x.ltp != z.ltp || x.ts_ms - OPEN_2026_11_20 != z.ts_ms - OPEN_2026_11_20 - FLOW_DAY_MS
                  || x.volume != z.volume;
    }
  g_assert_cmpuint (differ_b, >, 190);
  g_assert_cmpuint (differ_c, >, 190);
}

typedef struct
{
  guint   count;
  guint   trading;        /* snapshots whose volume rose */
  guint   lee_ready_buy;  /* trading snapshots at or above the previous ask */
  guint   lee_ready_sell; /* … at or below the previous bid */
  guint   short_gaps;     /* < 100 ms: bursts */
  guint   long_gaps;      /* > 2 s: quiet spells */
  gint64  high;
  gint64  low;
  gint64  volume;
  double  median_levels;  /* distinct traded 0.05 levels per 1-minute bucket */
} SessionStats;

static int
compare_uint (gconstpointer a,
              gconstpointer b)
{
  guint x = *(const guint *) a;
  guint y = *(const guint *) b;

  return (x > y) - (x < y);
}

/* Plays one whole session, checking every snapshot's invariants on the way. */
static void
play_session (guint64       seed,
              SessionStats *stats)
{
  g_autoptr(FlowDemoMarket) market = flow_demo_market_new (seed, OPEN_2026_11_20);
  g_autoptr(GHashTable) levels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) levels_per_bucket = g_array_new (FALSE, FALSE, sizeof (guint));
  gint64 bucket = -1;
  FlowSnapshot previous = { 0 };
  FlowSnapshot s;

  memset (stats, 0, sizeof *stats);
  for (;;)
    {
      gboolean first = stats->count == 0;

      flow_demo_market_next_snapshot (market, &s);
      if (s.ts_ms > OPEN_2026_11_20 + SESSION_MS)
        break;
      stats->count++;

      g_assert_cmpint (s.resync, ==, first);
      g_assert_cmpint (s.ts_ms, >, first ? OPEN_2026_11_20 : previous.ts_ms);
      g_assert_cmpint (s.ts_ms - (first ? OPEN_2026_11_20 : previous.ts_ms), <=, 5000);
      if (!first)
        {
          stats->short_gaps += s.ts_ms - previous.ts_ms < 100;
          stats->long_gaps += s.ts_ms - previous.ts_ms > 2000;
        }

      /* Prices on the 0.05 grid, in a NIFTY-like band; a 1–4 tick book. */
      g_assert_cmpint (s.ltp % 5, ==, 0);
      g_assert_cmpint (s.ltp, >, 2350000);
      g_assert_cmpint (s.ltp, <, 2650000);
      g_assert_cmpint (s.bid % 5, ==, 0);
      g_assert_cmpint (s.ask % 5, ==, 0);
      g_assert_cmpint (s.bid, >, 0);
      g_assert_cmpint (s.bid, <, s.ask);
      g_assert_cmpint (s.ask - s.bid, <=, 20);

      /* Quantities in whole lots; volume only grows, by the trades since the last snapshot. */
      g_assert_cmpint (s.ltq, >, 0);
      g_assert_cmpint (s.ltq % FLOW_DEMO_LOT_SIZE, ==, 0);
      g_assert_cmpint (s.volume % FLOW_DEMO_LOT_SIZE, ==, 0);
      g_assert_cmpint (s.oi % FLOW_DEMO_LOT_SIZE, ==, 0);
      g_assert_cmpint (s.oi, >, 0);
      g_assert_cmpint (s.volume, >=, previous.volume);
      g_assert_cmpint (s.total_buy_qty, >, 0);
      g_assert_cmpint (s.total_sell_qty, >, 0);
      if (first)
        g_assert_cmpint (s.volume, >=, s.ltq);

      /* Day statistics */
      g_assert_cmpint (s.low, <=, s.ltp);
      g_assert_cmpint (s.ltp, <=, s.high);
      g_assert_cmpint (s.low, <=, s.open);
      g_assert_cmpint (s.open, <=, s.high);
      g_assert_cmpint (s.close % 5, ==, 0);
      g_assert_cmpint (labs ((long) (s.open - s.close)), <, 50000);
      g_assert_cmpint (s.last_trade_ms, <=, s.ts_ms);
      g_assert_cmpint (s.last_trade_ms, >=, OPEN_2026_11_20);
      if (!first)
        {
          g_assert_cmpint (s.open, ==, previous.open);
          g_assert_cmpint (s.close, ==, previous.close);
          g_assert_cmpint (s.high, >=, previous.high);
          g_assert_cmpint (s.low, <=, previous.low);
          g_assert_cmpint (s.last_trade_ms, >=, previous.last_trade_ms);
        }

      if (!first && s.volume > previous.volume)
        {
          gint64 level = s.ltp;
          gint64 minute = (s.ts_ms - OPEN_2026_11_20) / MINUTE_MS;

          g_assert_cmpint ((s.volume - previous.volume) % FLOW_DEMO_LOT_SIZE, ==, 0);
          g_assert_cmpint (s.ltq, <=, s.volume - previous.volume);
          /* A trade prints inside (or at the edge of) the book it leaves. */
          g_assert_cmpint (s.bid, <=, s.ltp);
          g_assert_cmpint (s.ltp, <=, s.ask);
          g_assert_cmpint (s.last_trade_ms, >, previous.ts_ms - 40);
          stats->trading++;
          stats->lee_ready_buy += s.ltp >= previous.ask;
          stats->lee_ready_sell += s.ltp <= previous.bid;

          if (minute != bucket)
            {
              guint n = g_hash_table_size (levels);

              if (bucket >= 0)
                g_array_append_val (levels_per_bucket, n);
              g_hash_table_remove_all (levels);
              bucket = minute;
            }
          g_hash_table_add (levels, g_memdup2 (&level, sizeof level));
        }
      else if (!first)
        {
          g_assert_cmpint (s.ltp, ==, previous.ltp);
          g_assert_cmpint (s.ltq, ==, previous.ltq);
          g_assert_cmpint (s.last_trade_ms, ==, previous.last_trade_ms);
        }
      previous = s;
    }

  g_assert_cmpint (flow_demo_market_get_time_ms (market), ==, s.ts_ms);
  stats->high = previous.high;
  stats->low = previous.low;
  stats->volume = previous.volume;
  g_array_sort (levels_per_bucket, compare_uint);
  g_assert_cmpuint (levels_per_bucket->len, >, 300);
  stats->median_levels = g_array_index (levels_per_bucket, guint, levels_per_bucket->len / 2);
}

static void
test_session_realism (void)
{
  gint64 widest = 0;

  for (guint64 seed = 1; seed <= 6; seed++)
    {
      SessionStats st;
      double buy_share;

      play_session (seed, &st);
      g_test_message ("seed %" G_GUINT64_FORMAT ": %u snapshots, range %.2f, volume %" G_GINT64_FORMAT
                      ", %.0f levels/min", seed, st.count, (st.high - st.low) / 100.0,
                      st.volume, st.median_levels);

      /* SnapQuote pace: 1–4 snapshots a second on average, with bursts and quiet spells. */
      g_assert_cmpuint (st.count, >, SESSION_MS / 1000);
      g_assert_cmpuint (st.count, <, SESSION_MS / 1000 * 4);
      g_assert_cmpuint (st.short_gaps, >, st.count / 20);
      g_assert_cmpuint (st.long_gaps, >, 100);
      /* A day's range of tens to hundreds of points. */
      g_assert_cmpint (st.high - st.low, >=, 5000);
      g_assert_cmpint (st.high - st.low, <=, 60000);
      widest = MAX (widest, st.high - st.low);
      /* Millions of units a day, as for the near-month future. */
      g_assert_cmpint (st.volume, >, 3000000);
      g_assert_cmpint (st.volume, <, 40000000);
      /* Most trades print at the previous bid or ask, and both sides trade. */
      g_assert_cmpuint (st.lee_ready_buy + st.lee_ready_sell, >, st.trading * 7 / 10);
      buy_share = (double) st.lee_ready_buy / (st.lee_ready_buy + st.lee_ready_sell);
      g_assert_cmpfloat (buy_share, >, 0.35);
      g_assert_cmpfloat (buy_share, <, 0.65);
      g_assert_cmpuint (st.trading, >, st.count / 2);
      /* A believable 1-minute footprint on 0.05 rows. */
      g_assert_cmpfloat (st.median_levels, >=, 10);
      g_assert_cmpfloat (st.median_levels, <=, 60);
    }
  g_assert_cmpint (widest, >=, 10000);
}

static void
test_chain_shape (void)
{
  g_autoptr(FlowDemoMarket) market = flow_demo_market_new (7, OPEN_2026_11_20);
  gint64 at = OPEN_2026_11_20 + 45 * MINUTE_MS;
  g_autoptr(FlowOptionChain) chain = NULL;
  g_autoptr(FlowOptionChain) later = NULL;
  g_autoptr(GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
  FlowSnapshot s = { 0 };
  FlowSnapshot last = { 0 };
  guint atm;
  double future;

  /* The futures price at that time, from the snapshot stream. */
  for (;;)
    {
      flow_demo_market_next_snapshot (market, &s);
      if (s.ts_ms > at)
        break;
      last = s;
    }
  future = last.ltp / 100.0;

  chain = flow_demo_market_option_chain_at (market, at);
  g_assert_cmpint (chain->time_ms, ==, at);
  g_assert_cmpstr (chain->underlying, ==, "NIFTY");
  g_assert_cmpstr (chain->expiry, ==, "2026-11-24");   /* the next Tuesday */
  g_assert_cmpint (chain->lot_size, ==, 65);
  /* Spot a little under the future: the cost of carry to 2026-11-24 is about 20 points. */
  g_assert_cmpfloat (future - chain->spot, >, 5.0);
  g_assert_cmpfloat (future - chain->spot, <, 60.0);
  g_assert_cmpfloat (fmod (round (chain->spot * 100.0), 5.0), ==, 0.0);

  atm = atm_index (chain);
  g_assert_cmpuint (atm, >=, 15);
  g_assert_cmpuint (atm + 15, <, chain->strikes->len);
  g_assert_cmpfloat (fabs (flow_option_chain_get (chain, atm)->strike - chain->spot), <=, 25.0);

  for (guint i = 0; i < chain->strikes->len; i++)
    {
      const FlowOptionStrike *row = flow_option_chain_get (chain, i);

      g_assert_cmpfloat (fmod (row->strike, 50.0), ==, 0.0);
      if (i > 0)
        {
          const FlowOptionStrike *below = flow_option_chain_get (chain, i - 1);

          g_assert_cmpfloat (row->strike - below->strike, ==, 50.0);
          /* Calls cheapen and puts dearen as the strike rises. */
          g_assert_cmpfloat (row->ce.ltp, <=, below->ce.ltp);
          g_assert_cmpfloat (row->pe.ltp, >=, below->pe.ltp);
        }
      g_assert_true (row->ce.present);
      g_assert_true (row->pe.present);
      g_assert_true (g_str_has_prefix (row->ce.instrument_key, "NSE_FO|"));
      g_assert_true (g_str_has_prefix (row->pe.instrument_key, "NSE_FO|"));
      g_assert_true (g_hash_table_add (keys, row->ce.instrument_key));
      g_assert_true (g_hash_table_add (keys, row->pe.instrument_key));
      g_assert_cmpint (row->ce.oi, >, 0);
      g_assert_cmpint (row->pe.oi, >, 0);
      g_assert_cmpint (row->ce.oi % 65, ==, 0);
      g_assert_cmpint (row->pe.oi % 65, ==, 0);
      g_assert_cmpfloat (row->ce.ltp, >=, 0.05);
      g_assert_cmpfloat (row->pe.ltp, >=, 0.05);
      g_assert_cmpfloat (fmod (round (row->ce.ltp * 100.0), 5.0), ==, 0.0);
    }

  /* At the money, a weekly option four days out is worth ~100–250 rupees. */
  g_assert_cmpfloat (flow_option_chain_get (chain, atm)->ce.ltp, >, 60.0);
  g_assert_cmpfloat (flow_option_chain_get (chain, atm)->ce.ltp, <, 300.0);

  /* Keys are stable per strike; volume only grows. */
  later = flow_demo_market_option_chain_at (market, at + 30 * MINUTE_MS);
  g_assert_cmpuint (later->strikes->len, ==, chain->strikes->len);
  for (guint i = 0; i < chain->strikes->len; i++)
    {
      const FlowOptionStrike *a = flow_option_chain_get (chain, i);
      const FlowOptionStrike *b = flow_option_chain_get (later, i);

      g_assert_cmpfloat (a->strike, ==, b->strike);
      g_assert_cmpstr (a->ce.instrument_key, ==, b->ce.instrument_key);
      g_assert_cmpstr (a->pe.instrument_key, ==, b->pe.instrument_key);
      g_assert_cmpint (b->ce.volume, >=, a->ce.volume);
      g_assert_cmpint (b->pe.volume, >=, a->pe.volume);
    }
}

static void
test_chain_expiry (void)
{
  /* 2026-11-24 is a Tuesday: expiry that day; the Wednesday after rolls to 2026-12-01. */
  g_autoptr(FlowDemoMarket) tuesday = flow_demo_market_new (3, OPEN_2026_11_20 + 4 * FLOW_DAY_MS);
  g_autoptr(FlowDemoMarket) wednesday = flow_demo_market_new (3, OPEN_2026_11_20 + 5 * FLOW_DAY_MS);
  g_autoptr(FlowOptionChain) a = flow_demo_market_option_chain_at (tuesday,
                                                                   OPEN_2026_11_20 + 4 * FLOW_DAY_MS);
  g_autoptr(FlowOptionChain) b = flow_demo_market_option_chain_at (wednesday,
                                                                   OPEN_2026_11_20 + 5 * FLOW_DAY_MS);

  g_assert_cmpstr (a->expiry, ==, "2026-11-24");
  g_assert_cmpstr (b->expiry, ==, "2026-12-01");
}

static void
test_chain_independent_of_calls (void)
{
  g_autoptr(FlowDemoMarket) busy = flow_demo_market_new (11, OPEN_2026_11_20);
  g_autoptr(FlowDemoMarket) lazy = flow_demo_market_new (11, OPEN_2026_11_20);
  gint64 target = OPEN_2026_11_20 + 2 * 3600 * 1000 + 12345;
  g_autoptr(FlowOptionChain) from_busy = NULL;
  g_autoptr(FlowOptionChain) from_lazy = NULL;
  g_autoptr(FlowOptionChain) minute_start = NULL;
  g_autoptr(FlowOptionChain) minute_end = NULL;
  FlowSnapshot s;

  /* One market is asked every 7 s, between snapshots; the other only at the end. */
  for (gint64 t = OPEN_2026_11_20 - 5 * MINUTE_MS; t < target; t += 7000)
    {
      g_autoptr(FlowOptionChain) chain = flow_demo_market_option_chain_at (busy, t);

      do
        flow_demo_market_next_snapshot (busy, &s);
      while (s.ts_ms < t);
    }
  from_busy = flow_demo_market_option_chain_at (busy, target);
  from_lazy = flow_demo_market_option_chain_at (lazy, target);
  flow_test_assert_chains_equal (from_busy, from_lazy);
  g_assert_cmpint (from_busy->lot_size, ==, from_lazy->lot_size);

  /* OI moves in whole minutes only. */
  minute_start = flow_demo_market_option_chain_at (lazy, target - 12345 + 60000);
  minute_end = flow_demo_market_option_chain_at (lazy, target - 12345 + 119999);
  for (guint i = 0; i < minute_start->strikes->len; i++)
    {
      g_assert_cmpint (flow_option_chain_get (minute_start, i)->ce.oi, ==,
                       flow_option_chain_get (minute_end, i)->ce.oi);
      g_assert_cmpint (flow_option_chain_get (minute_start, i)->pe.oi, ==,
                       flow_option_chain_get (minute_end, i)->pe.oi);
    }
}

/* OI tracker defaults (oi-tracker.md rules 5–7), on chains exactly one minute apart. */
static const guint intervals[] = { 3, 5, 10, 15, 30 };
static const double thresholds[] = { 10.0, 12.0, 15.0, 30.0, 30.0 };

static guint
red_cells (GPtrArray *history)
{
  const FlowOptionChain *now = g_ptr_array_index (history, history->len - 1);
  guint atm = atm_index (now);
  guint red = 0;

  for (guint k = 0; k < G_N_ELEMENTS (intervals); k++)
    {
      const FlowOptionChain *ref;

      if (history->len <= intervals[k])
        continue;
      ref = g_ptr_array_index (history, history->len - 1 - intervals[k]);
      for (guint i = atm - 3; i <= atm + 3; i++)
        {
          const FlowOptionStrike *a = flow_option_chain_get (now, i);
          const FlowOptionStrike *b = flow_option_chain_get (ref, i);

          red += (a->ce.oi - b->ce.oi) * 100.0 / b->ce.oi > thresholds[k];
          red += (a->pe.oi - b->pe.oi) * 100.0 / b->pe.oi > thresholds[k];
        }
    }
  return red;
}

static void
test_oi_jumps (void)
{
  guint sessions_with_alert = 0;
  guint sessions_with_red = 0;

  for (guint64 seed = 1; seed <= 8; seed++)
    {
      g_autoptr(FlowDemoMarket) market = flow_demo_market_new (seed, OPEN_2026_11_20);
      g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func ((GDestroyNotify) flow_option_chain_free);
      guint jumps = 0;
      guint contract_minutes = 0;
      guint alert_minutes = 0;
      guint red_minutes = 0;
      guint minutes = 0;

      for (gint64 t = OPEN_2026_11_20; t <= OPEN_2026_11_20 + SESSION_MS; t += MINUTE_MS)
        {
          FlowOptionChain *chain = flow_demo_market_option_chain_at (market, t);
          guint red;

          if (history->len > 0)
            {
              const FlowOptionChain *before = g_ptr_array_index (history, history->len - 1);
              guint atm = atm_index (chain);

              g_assert_cmpuint (atm, >=, 15);
              g_assert_cmpuint (atm + 15, <, chain->strikes->len);
              for (guint i = atm - 15; i <= atm + 15; i++)
                {
                  const FlowOptionStrike *a = flow_option_chain_get (chain, i);
                  const FlowOptionStrike *b = flow_option_chain_get (before, i);

                  jumps += a->ce.oi > b->ce.oi * 1.1;
                  jumps += a->pe.oi > b->pe.oi * 1.1;
                  contract_minutes += 2;
                }
            }
          g_ptr_array_add (history, chain);
          red = red_cells (history);
          minutes++;
          red_minutes += red > 0;
          alert_minutes += red * 2 > 70;
        }

      g_test_message ("seed %" G_GUINT64_FORMAT ": %u jumps in %u contract-minutes, "
                      "%u minutes with red cells, %u above 50 %%",
                      seed, jumps, contract_minutes, red_minutes, alert_minutes);
      /* Jumps happen, but rarely for any one contract. */
      g_assert_cmpuint (jumps, >, 10);
      g_assert_cmpuint (jumps, <, contract_minutes / 100);
      g_assert_cmpuint (alert_minutes, <, minutes / 10);
      sessions_with_red += red_minutes > 10;
      sessions_with_alert += alert_minutes > 0;
    }
  g_assert_cmpuint (sessions_with_red, ==, 8);
  g_assert_cmpuint (sessions_with_alert, >=, 4);
}

static void
test_after_hours_and_next_day (void)
{
  g_autoptr(FlowDemoMarket) market = flow_demo_market_new (5, OPEN_2026_11_20);
  gint64 midnight = flow_ist_day_start_ms (OPEN_2026_11_20) + FLOW_DAY_MS;
  FlowSnapshot s = { 0 };
  FlowSnapshot previous = { 0 };
  gboolean crossed = FALSE;

  /* The simulator keeps going past 15:30 and into the next IST day, which starts afresh. */
  while (s.ts_ms < midnight + 60 * MINUTE_MS)
    {
      previous = s;
      flow_demo_market_next_snapshot (market, &s);
      g_assert_cmpint (s.ltp % 5, ==, 0);
      if (previous.ts_ms > 0 && previous.ts_ms < midnight && s.ts_ms >= midnight)
        {
          crossed = TRUE;
          g_assert_cmpint (s.close, ==, previous.ltp);
          g_assert_cmpint (s.volume, <, previous.volume);
        }
      else if (previous.ts_ms > 0)
        g_assert_cmpint (s.volume, >=, previous.volume);
    }
  g_assert_true (crossed);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/demo-market/same-seed-same-data", test_same_seed_same_data);
  g_test_add_func ("/demo-market/different-seed-different-data", test_different_seed_different_data);
  g_test_add_func ("/demo-market/session-realism", test_session_realism);
  g_test_add_func ("/demo-market/chain-shape", test_chain_shape);
  g_test_add_func ("/demo-market/chain-expiry", test_chain_expiry);
  g_test_add_func ("/demo-market/chain-independent-of-calls", test_chain_independent_of_calls);
  g_test_add_func ("/demo-market/oi-jumps", test_oi_jumps);
  g_test_add_func ("/demo-market/after-hours-and-next-day", test_after_hours_and_next_day);
  return g_test_run ();
}

/* test-demo-market.c: the demo market simulator
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
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

/* FNV-1a over every field of the snapshots of the first @length_ms and of a chain every 5
 * minutes from half an hour before. */
static guint64
hash_bytes (guint64     hash,
            const void *data,
            gsize       size)
{
  const guchar *bytes = data;

  for (gsize i = 0; i < size; i++)
    hash = (hash ^ bytes[i]) * G_GUINT64_CONSTANT (0x100000001B3);
  return hash;
}

static guint64
hash_int (guint64 hash,
          gint64  value)
{
  return hash_bytes (hash, &value, sizeof value);
}

static guint64
hash_double (guint64 hash,
             double  value)
{
  return hash_bytes (hash, &value, sizeof value);
}

static guint64
hash_snapshot (guint64             hash,
               const FlowSnapshot *s)
{
  gint64 fields[] = { s->ts_ms, s->ltp, s->ltq, s->volume, s->bid, s->ask, s->open, s->high,
                      s->low, s->close, s->oi, s->total_buy_qty, s->total_sell_qty,
                      s->last_trade_ms, s->resync };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    hash = hash_int (hash, fields[i]);
  return hash;
}

static guint64
session_fingerprint (FlowDemoMarket *market,
                     gint64          length_ms)
{
  gint64 start_ms = flow_demo_market_get_start_ms (market);
  guint64 hash = G_GUINT64_CONSTANT (0xCBF29CE484222325);
  FlowSnapshot s = { 0 };

  while (s.ts_ms < start_ms + length_ms)
    {
      flow_demo_market_next_snapshot (market, &s);
      hash = hash_snapshot (hash, &s);
    }
  for (gint64 t = start_ms - 30 * MINUTE_MS; t <= start_ms + length_ms; t += 5 * MINUTE_MS)
    {
      g_autoptr(FlowOptionChain) chain = flow_demo_market_option_chain_at (market, t);

      hash = hash_bytes (hash, chain->underlying, strlen (chain->underlying));
      hash = hash_bytes (hash, chain->expiry, strlen (chain->expiry));
      hash = hash_double (hash, chain->spot);
      hash = hash_int (hash, chain->lot_size);
      for (guint i = 0; i < chain->strikes->len; i++)
        {
          const FlowOptionStrike *row = flow_option_chain_get (chain, i);

          hash = hash_double (hash, row->strike);
          hash = hash_bytes (hash, row->ce.instrument_key, strlen (row->ce.instrument_key));
          hash = hash_bytes (hash, row->pe.instrument_key, strlen (row->pe.instrument_key));
          hash = hash_int (hash, row->ce.oi);
          hash = hash_int (hash, row->pe.oi);
          hash = hash_int (hash, row->ce.volume);
          hash = hash_int (hash, row->pe.volume);
          hash = hash_double (hash, row->ce.ltp);
          hash = hash_double (hash, row->pe.ltp);
        }
    }
  return hash;
}

/* NIFTY is what it was before the other underlyings came: the fingerprints were taken from the
 * NIFTY-only simulator, and tests and screenshots elsewhere rely on its data. */
static void
test_nifty_unchanged (void)
{
  static const struct { guint64 seed; gint64 start_ms; guint64 fingerprint; } golden[] = {
    { 1, OPEN_2026_11_20, G_GUINT64_CONSTANT (2100624878508993004) },
    { 42, OPEN_2026_11_20 + 4 * FLOW_DAY_MS, G_GUINT64_CONSTANT (12706088340683221895) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (golden); i++)
    {
      g_autoptr(FlowDemoMarket) market = flow_demo_market_new (golden[i].seed, golden[i].start_ms);
      g_autoptr(FlowDemoMarket) named = flow_demo_market_new_for ("NIFTY", golden[i].seed,
                                                                  golden[i].start_ms);

      g_assert_cmpuint (session_fingerprint (market, SESSION_MS), ==, golden[i].fingerprint);
      g_assert_cmpuint (session_fingerprint (named, SESSION_MS), ==, golden[i].fingerprint);
    }
}

/* What each underlying's simulation must look like: the simulator's table, restated. */
static const struct
{
  const char *name;
  const char *segment;
  double      level_lo;
  double      level_hi;
  gint64      lot;
  double      strike_step;
  GDateWeekday expiry_weekday;
  gboolean    weekly;
} underlyings[] = {
  { "NIFTY",      "NSE_FO", 24300.0, 25700.0, 65,  50.0,  G_DATE_TUESDAY,  TRUE },
  { "BANKNIFTY",  "NSE_FO", 54500.0, 57500.0, 30,  100.0, G_DATE_TUESDAY,  FALSE },
  { "FINNIFTY",   "NSE_FO", 25300.0, 26700.0, 60,  50.0,  G_DATE_TUESDAY,  FALSE },
  { "MIDCPNIFTY", "NSE_FO", 12600.0, 13400.0, 120, 25.0,  G_DATE_TUESDAY,  FALSE },
  { "NIFTYNXT50", "NSE_FO", 66000.0, 70000.0, 25,  100.0, G_DATE_TUESDAY,  FALSE },
  { "SENSEX",     "BSE_FO", 80000.0, 84000.0, 20,  100.0, G_DATE_THURSDAY, TRUE },
  { "BANKEX",     "BSE_FO", 61000.0, 65000.0, 30,  100.0, G_DATE_THURSDAY, FALSE },
};

static GDate *
parse_date (const char *text)
{
  unsigned year, month, day;

  g_assert_cmpint (sscanf (text, "%4u-%2u-%2u", &year, &month, &day), ==, 3);
  return g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
check_chain (guint                  u,
             const FlowOptionChain *chain,
             gint64                 time_ms)
{
  g_autofree char *today_text = flow_ist_format_date (time_ms);
  g_autoptr(GDate) today = parse_date (today_text);
  g_autoptr(GDate) expiry = parse_date (chain->expiry);
  g_autoptr(GDate) week_later = g_date_copy (expiry);
  guint atm = atm_index (chain);
  double step = underlyings[u].strike_step;

  g_assert_cmpstr (chain->underlying, ==, underlyings[u].name);
  g_assert_cmpint (chain->lot_size, ==, underlyings[u].lot);
  g_assert_cmpint (g_date_get_weekday (expiry), ==, underlyings[u].expiry_weekday);
  g_assert_cmpint (g_date_compare (expiry, today), >=, 0);
  g_date_add_days (week_later, 7);
  if (underlyings[u].weekly)
    g_assert_cmpint (g_date_days_between (today, expiry), <, 7);
  else   /* the month's last such weekday */
    g_assert_cmpint (g_date_get_month (week_later), !=, g_date_get_month (expiry));

  /* Strikes every step, spot among them with ATM ± 15 listed. */
  g_assert_cmpuint (atm, >=, 15);
  g_assert_cmpuint (atm + 15, <, chain->strikes->len);
  g_assert_cmpfloat (fabs (flow_option_chain_get (chain, atm)->strike - chain->spot), <=, step / 2);
  for (guint i = 0; i < chain->strikes->len; i++)
    {
      const FlowOptionStrike *row = flow_option_chain_get (chain, i);

      g_assert_cmpfloat (fmod (row->strike, step), ==, 0.0);
      if (i > 0)
        g_assert_cmpfloat (row->strike - flow_option_chain_get (chain, i - 1)->strike, ==, step);
      g_assert_true (g_str_has_prefix (row->ce.instrument_key, underlyings[u].segment));
      g_assert_true (g_str_has_prefix (row->pe.instrument_key, underlyings[u].segment));
      g_assert_cmpint (row->ce.oi % underlyings[u].lot, ==, 0);
      g_assert_cmpint (row->pe.oi % underlyings[u].lot, ==, 0);
      g_assert_cmpint (row->ce.volume % underlyings[u].lot, ==, 0);
      g_assert_cmpint (row->pe.volume % underlyings[u].lot, ==, 0);
      /* Premiums on the 0.05 tick. */
      g_assert_cmpfloat (fabs (row->ce.ltp * 20.0 - floor (row->ce.ltp * 20.0 + 0.5)), <, 1e-6);
      g_assert_cmpfloat (fabs (row->pe.ltp * 20.0 - floor (row->pe.ltp * 20.0 + 0.5)), <, 1e-6);
    }
}

/* Every underlying trades at its level, on the tick, in its lots, with its strikes and its
 * expiry weekday, and moves as much in percent as an index does in a day. The first day is
 * played whole; the others, expiry days, only for their chains' sake. */
static void
test_underlyings (void)
{
  /* A Friday, and a Tuesday and a Thursday: expiry days themselves. */
  static const gint64 days[] = { OPEN_2026_11_20, OPEN_2026_11_20 + 4 * FLOW_DAY_MS,
                                 OPEN_2026_11_20 + 6 * FLOW_DAY_MS };

  for (guint u = 0; u < G_N_ELEMENTS (underlyings); u++)
    for (guint d = 0; d < G_N_ELEMENTS (days); d++)
      {
        g_autoptr(FlowDemoMarket) market = flow_demo_market_new_for (underlyings[u].name, 3,
                                                                     days[d]);
        double lo = underlyings[u].level_lo * 0.95 * 100.0;
        double hi = underlyings[u].level_hi * 1.05 * 100.0;
        FlowSnapshot s = { 0 };
        gint64 length_ms = d == 0 ? SESSION_MS : 20 * MINUTE_MS;
        double range;

        g_assert_nonnull (market);
        g_assert_cmpstr (flow_demo_market_get_underlying (market), ==, underlyings[u].name);
        g_assert_cmpint (flow_demo_market_get_lot_size (market), ==, underlyings[u].lot);
        g_assert_cmpint (flow_demo_market_get_tick_paise (market), ==, 5);
        g_assert_cmpfloat (flow_demo_market_get_strike_step (market), ==,
                           underlyings[u].strike_step);

        while (s.ts_ms < days[d] + length_ms)
          {
            flow_demo_market_next_snapshot (market, &s);
            g_assert_cmpfloat ((double) s.ltp, >=, lo);
            g_assert_cmpfloat ((double) s.ltp, <=, hi);
            g_assert_cmpint (s.ltp % 5, ==, 0);
            g_assert_cmpint (s.bid % 5, ==, 0);
            g_assert_cmpint (s.ask % 5, ==, 0);
            g_assert_cmpint (s.close % 5, ==, 0);
            g_assert_cmpint (s.ltq % underlyings[u].lot, ==, 0);
            g_assert_cmpint (s.volume % underlyings[u].lot, ==, 0);
            g_assert_cmpint (s.oi % underlyings[u].lot, ==, 0);
            g_assert_cmpint (s.total_buy_qty % underlyings[u].lot, ==, 0);
            g_assert_cmpint (s.total_sell_qty % underlyings[u].lot, ==, 0);
          }
        if (d == 0)
          {
            range = (double) (s.high - s.low) / (double) s.close * 100.0;
            g_test_message ("%s: %.2f %% high-low", underlyings[u].name, range);
            g_assert_cmpfloat (range, >, 0.2);
            g_assert_cmpfloat (range, <, 5.0);
          }

        for (gint64 t = days[d] - 30 * MINUTE_MS; t <= days[d] + length_ms;
             t += (d == 0 ? 75 : 25) * MINUTE_MS)
          {
            g_autoptr(FlowOptionChain) chain = flow_demo_market_option_chain_at (market, t);

            check_chain (u, chain, t);
          }
      }
}

/* One seed, one day per underlying; the underlyings do not move in step. */
static void
test_underlyings_deterministic (void)
{
  guint64 fingerprints[G_N_ELEMENTS (underlyings)];

  for (guint u = 0; u < G_N_ELEMENTS (underlyings); u++)
    {
      g_autoptr(FlowDemoMarket) a = flow_demo_market_new_for (underlyings[u].name, 9,
                                                              OPEN_2026_11_20);
      g_autoptr(FlowDemoMarket) b = flow_demo_market_new_for (underlyings[u].name, 9,
                                                              OPEN_2026_11_20);
      g_autoptr(FlowDemoMarket) other_seed = flow_demo_market_new_for (underlyings[u].name, 10,
                                                                       OPEN_2026_11_20);

      fingerprints[u] = session_fingerprint (a, 60 * MINUTE_MS);
      g_assert_cmpuint (session_fingerprint (b, 60 * MINUTE_MS), ==, fingerprints[u]);
      g_assert_cmpuint (session_fingerprint (other_seed, 60 * MINUTE_MS), !=, fingerprints[u]);
      for (guint v = 0; v < u; v++)
        g_assert_cmpuint (fingerprints[v], !=, fingerprints[u]);
    }
  g_assert_true (flow_demo_market_simulates ("SENSEX"));
  g_assert_false (flow_demo_market_simulates ("RELIANCE"));
  g_assert_false (flow_demo_market_simulates ("nifty"));
  g_assert_null (flow_demo_market_new_for ("RELIANCE", 9, OPEN_2026_11_20));
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
  g_test_add_func ("/demo-market/nifty-unchanged", test_nifty_unchanged);
  g_test_add_func ("/demo-market/underlyings", test_underlyings);
  g_test_add_func ("/demo-market/underlyings-deterministic", test_underlyings_deterministic);
  return g_test_run ();
}

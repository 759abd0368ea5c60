/* test-footprint.c: every rule of shared/design/footprint.md
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-footprint.h"
#include "flow-ist.h"

/* 2026-11-20 09:15:00 IST */
#define OPEN_MS G_GINT64_CONSTANT (1795146300000)
#define SEC     ((gint64) 1000)
#define MINUTE  ((gint64) 60 * 1000)

static FlowSnapshot
snap (gint64 ts_ms,
      gint64 ltp,
      gint64 volume,
      gint64 bid,
      gint64 ask)
{
  FlowSnapshot s = { .ts_ms = ts_ms, .ltp = ltp, .volume = volume, .bid = bid, .ask = ask };

  return s;
}

static void
add (FlowFootprint *fp,
     gint64         ts_ms,
     gint64         ltp,
     gint64         volume,
     gint64         bid,
     gint64         ask)
{
  FlowSnapshot s = snap (ts_ms, ltp, volume, bid, ask);

  flow_footprint_add_snapshot (fp, &s);
}

static void
add_resync (FlowFootprint *fp,
            gint64         ts_ms,
            gint64         ltp,
            gint64         volume)
{
  FlowSnapshot s = snap (ts_ms, ltp, volume, 0, 0);

  s.resync = TRUE;
  flow_footprint_add_snapshot (fp, &s);
}

static FlowFootprintBucket
bucket_at (FlowFootprint *fp,
           gint64         index)
{
  FlowFootprintBucket bucket = { 0 };

  g_assert_true (flow_footprint_get_bucket (fp, index, &bucket));
  return bucket;
}

/* The cell at @price, which must exist. */
static FlowFootprintCell
cell_at (FlowFootprint *fp,
         gint64         index,
         gint64         price)
{
  FlowFootprintCell cell = { 0 };

  g_assert_true (flow_footprint_get_cell (fp, index, price, &cell));
  return cell;
}

static void
assert_cell (FlowFootprint *fp,
             gint64         index,
             gint64         price,
             gint64         buy,
             gint64         sell,
             guint          trades)
{
  FlowFootprintCell cell = cell_at (fp, index, price);

  g_assert_cmpint (cell.buy_volume, ==, buy);
  g_assert_cmpint (cell.sell_volume, ==, sell);
  g_assert_cmpuint (cell.trades, ==, trades);
}

static gint64
total_volume (FlowFootprint *fp)
{
  gint64 first, last, total = 0;
  FlowFootprintBucket bucket;

  if (!flow_footprint_get_bucket_range (fp, &first, &last))
    return 0;
  for (gint64 i = first; i <= last; i++)
    if (flow_footprint_get_bucket (fp, i, &bucket))
      total += bucket.volume;
  return total;
}

/* The worked example of footprint.md, row for row. */
static void
test_worked_example (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  FlowFootprintBucket b;
  FlowFootprintCell cell;
  const FlowFootprintCell *cells;
  gint64 first_price;
  guint n_cells;

  g_assert_cmpint (flow_footprint_get_row (fp), ==, 5);
  g_assert_cmpint (flow_footprint_get_interval_ms (fp), ==, 60 * SEC);
  g_assert_cmpint (flow_footprint_get_session_open_ms (fp), ==, (9 * 3600 + 15 * 60) * SEC);

  add (fp, OPEN_MS + 500,          2450000, 1000, 2449995, 2450000);
  add (fp, OPEN_MS + 1000,         2450000, 1075, 2449995, 2450005);
  add (fp, OPEN_MS + 2000,         2449995, 1225, 2449990, 2449995);
  add (fp, OPEN_MS + MINUTE,          2449995, 1225, 2449990, 2450010);
  add (fp, OPEN_MS + MINUTE + 5000,   2450005, 1300, 0, 0);
  add (fp, OPEN_MS + MINUTE + 6000,   2450005, 1375, 0, 0);

  b = bucket_at (fp, 0);
  g_assert_cmpint (b.start_ms, ==, OPEN_MS);
  assert_cell (fp, 0, 2450000, 75, 0, 1);
  assert_cell (fp, 0, 2449995, 0, 150, 1);
  g_assert_cmpint (b.open, ==, 2450000);
  g_assert_cmpint (b.high, ==, 2450000);
  g_assert_cmpint (b.low, ==, 2449995);
  g_assert_cmpint (b.close, ==, 2449995);
  g_assert_cmpint (b.volume, ==, 225);
  g_assert_cmpint (b.delta, ==, -75);
  g_assert_cmpint (b.cum_delta, ==, -75);
  g_assert_cmpint (b.poc, ==, 2449995);
  g_assert_cmpint (b.gap_volume, ==, 0);
  cells = flow_footprint_get_cells (fp, 0, &first_price, &n_cells);
  g_assert_cmpuint (n_cells, ==, 2);
  g_assert_cmpint (first_price, ==, 2449995);
  g_assert_cmpuint (cells[0].flags, ==, FLOW_FOOTPRINT_CELL_POC);
  g_assert_cmpuint (cells[1].flags, ==, 0);

  b = bucket_at (fp, 1);
  g_assert_cmpint (b.start_ms, ==, OPEN_MS + MINUTE);
  assert_cell (fp, 1, 2450005, 150, 0, 2);
  g_assert_false (flow_footprint_get_cell (fp, 1, 2449995, &cell));
  g_assert_cmpint (b.open, ==, 2449995);
  g_assert_cmpint (b.high, ==, 2450005);
  g_assert_cmpint (b.low, ==, 2449995);
  g_assert_cmpint (b.close, ==, 2450005);
  g_assert_cmpint (b.volume, ==, 150);
  g_assert_cmpint (b.delta, ==, 150);
  g_assert_cmpint (b.cum_delta, ==, 75);
  g_assert_cmpint (b.poc, ==, 2450005);
  g_assert_cmpuint (cell_at (fp, 1, 2450005).flags, ==, FLOW_FOOTPRINT_CELL_POC);
}

/* Rule 2: the first volume of the day only sets the baseline. */
static void
test_first_volume_is_baseline (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();

  add (fp, OPEN_MS, 2450000, 0, 0, 0);            /* volume unknown: no baseline yet */
  add (fp, OPEN_MS + 1000, 2450000, 5000, 0, 0);  /* baseline */
  g_assert_cmpint (total_volume (fp), ==, 0);
  add (fp, OPEN_MS + 2000, 2450005, 5065, 0, 0);
  g_assert_cmpint (total_volume (fp), ==, 65);
}

/* Rule 2: volume == 0 is no trade and leaves the baseline alone. */
static void
test_volume_zero (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();

  add (fp, OPEN_MS, 2450000, 1000, 0, 0);
  add (fp, OPEN_MS + 1000, 2450005, 0, 0, 0);
  g_assert_cmpint (total_volume (fp), ==, 0);
  add (fp, OPEN_MS + 2000, 2450010, 1130, 0, 0);
  /* Against the baseline of 1000, not against the 0. */
  assert_cell (fp, 0, 2450010, 130, 0, 1);
  g_assert_cmpint (bucket_at (fp, 0).trades, ==, 1);
}

/* Rule 2: volume < baseline starts a new baseline without trading. */
static void
test_volume_reset (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();

  add (fp, OPEN_MS, 2450000, 1000, 0, 0);
  add (fp, OPEN_MS + 1000, 2450005, 1100, 0, 0);
  add (fp, OPEN_MS + 2000, 2450010, 300, 0, 0);     /* the feed restarted its counter */
  g_assert_cmpint (total_volume (fp), ==, 100);
  add (fp, OPEN_MS + 3000, 2450015, 365, 0, 0);
  g_assert_cmpint (total_volume (fp), ==, 165);
  assert_cell (fp, 0, 2450015, 65, 0, 1);
  g_assert_cmpint (bucket_at (fp, 0).gap_volume, ==, 0);
}

/* Rule 2: a resync sets the baseline; the jump is the bucket's gap volume, in no cell. */
static void
test_resync_gap_volume (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  FlowFootprintBucket b;

  add (fp, OPEN_MS, 2450000, 1000, 0, 0);
  add (fp, OPEN_MS + 1000, 2450005, 1050, 0, 0);
  add_resync (fp, OPEN_MS + 3 * MINUTE, 2451000, 9050);
  b = bucket_at (fp, 3);
  g_assert_cmpint (b.gap_volume, ==, 8000);
  g_assert_cmpint (b.volume, ==, 0);
  g_assert_cmpint (b.trades, ==, 0);
  g_assert_cmpint (b.open, ==, 2451000);
  g_assert_null (flow_footprint_get_cells (fp, 3, NULL, &(guint) { 0 }));
  g_assert_cmpint (bucket_at (fp, 0).gap_volume, ==, 0);

  add (fp, OPEN_MS + 3 * MINUTE + 1000, 2451005, 9100, 0, 0);
  assert_cell (fp, 3, 2451005, 50, 0, 1);
  g_assert_cmpint (total_volume (fp), ==, 100);
}

/* Rule 2: a resync with no earlier baseline, or a lower volume, has no gap. */
static void
test_resync_without_gap (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();

  add_resync (fp, OPEN_MS, 2450000, 1000);
  g_assert_cmpint (bucket_at (fp, 0).gap_volume, ==, 0);
  add (fp, OPEN_MS + 1000, 2450005, 1065, 0, 0);
  add_resync (fp, OPEN_MS + 2000, 2450005, 500);
  add_resync (fp, OPEN_MS + 3000, 2450005, 500);
  g_assert_cmpint (bucket_at (fp, 0).gap_volume, ==, 0);
  g_assert_cmpint (total_volume (fp), ==, 65);
  add (fp, OPEN_MS + 4000, 2450005, 530, 0, 0);
  g_assert_cmpint (total_volume (fp), ==, 95);
}

/* A resync that carries no volume hands its role to the next snapshot that has one:
 * otherwise everything traded while disconnected would be put in a single cell. */
static void
test_resync_without_volume (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();

  add (fp, OPEN_MS, 2450000, 1000, 0, 0);
  add_resync (fp, OPEN_MS + MINUTE, 2450100, 0);
  add (fp, OPEN_MS + MINUTE + 1000, 2450100, 4000, 0, 0);
  g_assert_cmpint (bucket_at (fp, 1).gap_volume, ==, 3000);
  g_assert_cmpint (total_volume (fp), ==, 0);
  add (fp, OPEN_MS + MINUTE + 2000, 2450105, 4010, 0, 0);
  g_assert_cmpint (total_volume (fp), ==, 10);
}

/* Volume that moved with no price has no level: it is reported as gap volume. */
static void
test_volume_without_price (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  FlowFootprintBucket b;

  add (fp, OPEN_MS, 2450000, 1000, 0, 0);
  add (fp, OPEN_MS + 1000, 0, 1200, 0, 0);
  b = bucket_at (fp, 0);
  g_assert_cmpint (b.volume, ==, 0);
  g_assert_cmpint (b.gap_volume, ==, 200);
  g_assert_cmpint (b.close, ==, 2450000);
  g_assert_cmpuint (b.n_snapshots, ==, 2);
}

/* Rule 3, Lee–Ready with the previous snapshot's quote. */
static void
test_lee_ready (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();

  add (fp, OPEN_MS, 2450000, 1000, 2450000, 2450010);
  /* ltp ≥ A of the previous quote; its own quote (2450010/2450020) would say sell. */
  add (fp, OPEN_MS + 1000, 2450010, 1010, 2450010, 2450020);
  /* ltp ≤ B */
  add (fp, OPEN_MS + 2000, 2450005, 1030, 2450000, 2450010);
  /* inside the spread, above the midpoint 2450005 → buy (even though ltp fell: no tick rule) */
  add (fp, OPEN_MS + 3000, 2450007, 1070, 2450000, 2450020);
  /* inside, below the midpoint 2450010 → sell (ltp rose) */
  add (fp, OPEN_MS + 4000, 2450009, 1150, 2450000, 2450020);
  /* exactly at the midpoint → tick rule: 2450010 > 2450009 → buy */
  add (fp, OPEN_MS + 5000, 2450010, 1310, 0, 0);

  assert_cell (fp, 0, 2450010, 10 + 160, 0, 2);
  /* 2450005, 2450007 and 2450009 share a level. */
  assert_cell (fp, 0, 2450009, 40, 20 + 80, 3);
  g_assert_false (flow_footprint_get_cell (fp, 0, 2450000, &(FlowFootprintCell) { 0 }));
  g_assert_cmpint (bucket_at (fp, 0).delta, ==, 170 + 40 - 100);
}

/* Rule 3: an incomplete or crossed previous quote means the tick rule. */
static void
test_missing_quotes (void)
{
  struct { gint64 bid, ask; } quotes[] = {
    { 0, 2450010 },           /* no bid */
    { 2450000, 0 },           /* no ask */
    { 2450010, 2450010 },     /* locked */
    { 2450020, 2450010 },     /* crossed */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (quotes); i++)
    {
      g_autoptr(FlowFootprint) fp = flow_footprint_new ();

      /* The tick rule decides: the price rose from 2449980, so buy. Taking the locked or
       * crossed quote at face value would say sell (ltp ≤ B). */
      add (fp, OPEN_MS, 2449980, 1000, quotes[i].bid, quotes[i].ask);
      add (fp, OPEN_MS + 1000, 2449990, 1100, 0, 0);
      assert_cell (fp, 0, 2449990, 100, 0, 1);
    }
}

/* Rule 3, the tick rule and its fallbacks. */
static void
test_tick_rule (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  g_autoptr(FlowFootprint) down = flow_footprint_new ();
  g_autoptr(FlowFootprint) fresh = flow_footprint_new ();

  /* No earlier different ltp and no earlier trade: buy. */
  add (fp, OPEN_MS, 2450000, 1000, 0, 0);
  add (fp, OPEN_MS + 1000, 2450000, 1010, 0, 0);
  assert_cell (fp, 0, 2450000, 10, 0, 1);
  /* Lower than the last different ltp → sell. */
  add (fp, OPEN_MS + 2000, 2449990, 1030, 0, 0);
  assert_cell (fp, 0, 2449990, 0, 20, 1);
  /* Unchanged: compare with the most recent earlier ltp that differs (2450000) → sell. */
  add (fp, OPEN_MS + 3000, 2449990, 1060, 0, 0);
  assert_cell (fp, 0, 2449990, 0, 50, 2);
  /* A non-trading snapshot's ltp counts: 2449980 then back to 2449990 → higher → buy. */
  add (fp, OPEN_MS + 4000, 2449980, 1060, 0, 0);
  add (fp, OPEN_MS + 5000, 2449990, 1100, 0, 0);
  assert_cell (fp, 0, 2449990, 40, 50, 3);
  /* ltp 0 is no price: the reference stays 2449980. */
  add (fp, OPEN_MS + 6000, 0, 1100, 0, 0);
  add (fp, OPEN_MS + 7000, 2449990, 1105, 0, 0);
  assert_cell (fp, 0, 2449990, 45, 50, 4);

  /* No different ltp but an earlier classified trade: its side. */
  add (down, OPEN_MS, 2450000, 1000, 2450010, 2450020);
  add (down, OPEN_MS + 1000, 2450000, 1010, 0, 0);   /* ≤ B → sell */
  add (down, OPEN_MS + 2000, 2450000, 1025, 0, 0);   /* no quote, no tick → previous: sell */
  assert_cell (down, 0, 2450000, 0, 25, 2);

  /* The very first trade of a day with no reference at all: buy. */
  add (fresh, OPEN_MS, 2450000, 1000, 0, 0);
  add (fresh, OPEN_MS + 1000, 2450000, 1001, 0, 0);
  assert_cell (fresh, 0, 2450000, 1, 0, 1);
}

/* Rule 4: floor for times before the open; buckets start on the grid. */
static void
test_negative_bucket (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  gint64 first, last;

  add (fp, OPEN_MS - 1, 2450000, 1000, 0, 0);              /* 09:14:59.999 → -1 */
  add (fp, OPEN_MS - 15 * MINUTE, 2450000, 1000, 0, 0);       /* 09:00:00 → -15 */
  add (fp, OPEN_MS - 15 * MINUTE - 1, 2450000, 1000, 0, 0);   /* 08:59:59.999 → -16 */
  add (fp, OPEN_MS, 2450000, 1000, 0, 0);
  g_assert_true (flow_footprint_get_bucket_range (fp, &first, &last));
  g_assert_cmpint (first, ==, -16);
  g_assert_cmpint (last, ==, 0);
  g_assert_cmpint (bucket_at (fp, -1).start_ms, ==, OPEN_MS - MINUTE);
  g_assert_cmpint (bucket_at (fp, -15).start_ms, ==, OPEN_MS - 15 * MINUTE);
  g_assert_cmpint (bucket_at (fp, -16).start_ms, ==, OPEN_MS - 16 * MINUTE);
  g_assert_cmpint (flow_footprint_get_bucket_index_at (fp, OPEN_MS - 1), ==, -1);
  g_assert_cmpint (flow_footprint_get_bucket_start_ms (fp, -1), ==, OPEN_MS - MINUTE);

  flow_footprint_set_interval_ms (fp, 5 * MINUTE);
  g_assert_true (flow_footprint_get_bucket_range (fp, &first, &last));
  g_assert_cmpint (first, ==, -4);   /* 08:59:59.999 is in 08:55–09:00 */
  g_assert_cmpint (bucket_at (fp, -3).start_ms, ==, OPEN_MS - 15 * MINUTE);
  g_assert_cmpuint (bucket_at (fp, -1).n_snapshots, ==, 1);
}

/* Rule 4: the anchor follows the session open setting. */
static void
test_session_open (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();

  add (fp, OPEN_MS + 7 * MINUTE, 2450000, 1000, 0, 0);
  g_assert_cmpint (bucket_at (fp, 7).start_ms, ==, OPEN_MS + 7 * MINUTE);
  flow_footprint_set_layout (fp, 5 * MINUTE, 5, 9 * 3600 * SEC);
  /* 09:22 from 09:00 in 5-minute steps → index 4, 09:20 */
  g_assert_cmpint (bucket_at (fp, 4).start_ms, ==, OPEN_MS + 5 * MINUTE);
}

/* Rule 5: integer levels, floor(ltp / row) · row. */
static void
test_levels (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  const FlowFootprintCell *cells;
  gint64 first_price;
  guint n_cells;

  add (fp, OPEN_MS, 2450000, 1000, 0, 0);
  add (fp, OPEN_MS + 1000, 2450099, 1010, 0, 0);
  add (fp, OPEN_MS + 2000, 2450100, 1030, 0, 0);
  add (fp, OPEN_MS + 3000, 2450004, 1070, 0, 0);
  assert_cell (fp, 0, 2450095, 10, 0, 1);
  assert_cell (fp, 0, 2450100, 20, 0, 1);
  assert_cell (fp, 0, 2450000, 0, 40, 1);

  flow_footprint_set_row (fp, 100);
  cells = flow_footprint_get_cells (fp, 0, &first_price, &n_cells);
  g_assert_cmpint (first_price, ==, 2450000);
  g_assert_cmpuint (n_cells, ==, 2);
  g_assert_cmpint (cells[0].buy_volume, ==, 10);
  g_assert_cmpint (cells[0].sell_volume, ==, 40);
  g_assert_cmpuint (cells[0].trades, ==, 2);
  g_assert_cmpint (cells[1].buy_volume, ==, 20);

  /* Dense: a level in between that never traded is a zero cell. */
  flow_footprint_set_row (fp, 1);
  cells = flow_footprint_get_cells (fp, 0, &first_price, &n_cells);
  g_assert_cmpint (first_price, ==, 2450004);
  g_assert_cmpuint (n_cells, ==, 97);
  g_assert_cmpint (cells[1].buy_volume + cells[1].sell_volume, ==, 0);
  g_assert_cmpuint (cells[1].trades, ==, 0);
}

/* Rule 7: OHLC over every snapshot with a price, trading or not. */
static void
test_ohlc (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  FlowFootprintBucket b;
  gint64 low, high;

  g_assert_false (flow_footprint_get_price_range (fp, &low, &high));
  add (fp, OPEN_MS + 1000, 0, 0, 2450000, 2450005);
  add (fp, OPEN_MS + 2000, 2450010, 0, 0, 0);
  add (fp, OPEN_MS + 3000, 2450100, 0, 0, 0);
  add (fp, OPEN_MS + 4000, 2449900, 0, 0, 0);
  add (fp, OPEN_MS + 5000, 2450020, 0, 0, 0);
  add (fp, OPEN_MS + 6000, 0, 0, 0, 0);
  b = bucket_at (fp, 0);
  g_assert_cmpint (b.open, ==, 2450010);
  g_assert_cmpint (b.high, ==, 2450100);
  g_assert_cmpint (b.low, ==, 2449900);
  g_assert_cmpint (b.close, ==, 2450020);
  g_assert_cmpuint (b.n_snapshots, ==, 6);
  g_assert_cmpint (b.volume, ==, 0);
  g_assert_null (flow_footprint_get_cells (fp, 0, NULL, &(guint) { 0 }));
  g_assert_true (flow_footprint_get_price_range (fp, &low, &high));
  g_assert_cmpint (low, ==, 2449900);
  g_assert_cmpint (high, ==, 2450100);
  g_assert_cmpint (flow_footprint_get_last_ltp (fp), ==, 2450020);
  g_assert_cmpint (flow_footprint_get_last_time_ms (fp), ==, OPEN_MS + 6000);

  /* A bucket that saw no price has no OHLC. */
  add (fp, OPEN_MS + MINUTE, 0, 0, 2450000, 2450005);
  b = bucket_at (fp, 1);
  g_assert_cmpint (b.open, ==, 0);
  g_assert_cmpint (b.close, ==, 0);
}

/* Rule 7: the POC is the largest level; ties go to the lowest price. */
static void
test_poc_ties (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  FlowFootprintBucket b;

  add (fp, OPEN_MS, 2450000, 1000, 0, 0);
  add (fp, OPEN_MS + 1000, 2450010, 1100, 0, 0);   /* 100 at 2450010 */
  add (fp, OPEN_MS + 2000, 2450020, 1150, 0, 0);   /* 50 at 2450020 */
  add (fp, OPEN_MS + 3000, 2450020, 1200, 0, 0);   /* 100 at 2450020: tie, the lower stays */
  b = bucket_at (fp, 0);
  g_assert_cmpint (b.poc, ==, 2450010);
  g_assert_cmpint (b.poc_volume, ==, 100);
  add (fp, OPEN_MS + 4000, 2450005, 1300, 0, 0);   /* 100 at 2450005, lower: it takes over */
  b = bucket_at (fp, 0);
  g_assert_cmpint (b.poc, ==, 2450005);
  g_assert_true (cell_at (fp, 0, 2450005).flags & FLOW_FOOTPRINT_CELL_POC);
  g_assert_false (cell_at (fp, 0, 2450010).flags & FLOW_FOOTPRINT_CELL_POC);
  add (fp, OPEN_MS + 5000, 2450020, 1301, 0, 0);   /* 101 at 2450020: strictly larger */
  g_assert_cmpint (bucket_at (fp, 0).poc, ==, 2450020);
}

/* Rule 7: cum_delta runs over the buckets in time order, whatever the arrival order. */
static void
test_cum_delta (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();

  add (fp, OPEN_MS, 2450000, 1000, 0, 0);
  add (fp, OPEN_MS + 1000, 2450010, 1100, 0, 0);           /* +100 in 0 */
  add (fp, OPEN_MS + 3 * MINUTE, 2450000, 1130, 0, 0);        /* −30 in 3 */
  g_assert_cmpint (bucket_at (fp, 3).cum_delta, ==, 70);
  add (fp, OPEN_MS + MINUTE, 2449990, 1150, 0, 0);            /* late packet: −20 in 1 */
  g_assert_cmpint (bucket_at (fp, 0).cum_delta, ==, 100);
  g_assert_cmpint (bucket_at (fp, 1).cum_delta, ==, 80);
  g_assert_cmpint (bucket_at (fp, 3).cum_delta, ==, 50);
  g_assert_false (flow_footprint_get_bucket (fp, 2, &(FlowFootprintBucket) { 0 }));
}

/* Rule 1: a new IST day starts afresh; an older day's snapshot is ignored. */
static void
test_day_change (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  gint64 next_open = OPEN_MS + FLOW_DAY_MS;
  gint64 day_start, first, last;

  add (fp, OPEN_MS, 2450000, 1000, 2450020, 2450030);
  add (fp, OPEN_MS + 1000, 2450010, 1100, 0, 0);     /* ≤ B → sell: delta −100 */
  g_assert_true (flow_footprint_get_day_start_ms (fp, &day_start));
  g_assert_cmpint (day_start, ==, flow_ist_day_start_ms (OPEN_MS));

  /* 00:00 IST next day is 18:30 UTC: still the same UTC date, a new IST day. */
  add (fp, day_start + FLOW_DAY_MS, 0, 0, 0, 0);
  g_assert_true (flow_footprint_get_day_start_ms (fp, &day_start));
  g_assert_cmpint (day_start, ==, flow_ist_day_start_ms (next_open));
  g_assert_cmpuint (flow_footprint_get_n_snapshots (fp), ==, 1);
  g_assert_true (flow_footprint_get_bucket_range (fp, &first, &last));
  g_assert_cmpint (first, ==, last);
  g_assert_cmpint (first, ==, -(9 * 60 + 15));
  g_assert_false (flow_footprint_get_price_range (fp, NULL, NULL));

  /* No baseline carried over: 1200 only sets it (yesterday's 1100 would make 100). */
  add (fp, next_open, 2450000, 1200, 0, 0);
  g_assert_cmpint (total_volume (fp), ==, 0);
  /* No earlier different ltp today and no trade today: buy. Yesterday's 2450010 (tick) or
   * its sell (previous side) would say sell. cum_delta starts from 0. */
  add (fp, next_open + 1000, 2450000, 1210, 0, 0);
  assert_cell (fp, 0, 2450000, 10, 0, 1);
  g_assert_cmpint (bucket_at (fp, 0).cum_delta, ==, 10);

  /* Yesterday again: ignored. */
  add (fp, OPEN_MS + 2000, 2450000, 5000, 0, 0);
  g_assert_cmpuint (flow_footprint_get_n_snapshots (fp), ==, 3);
  g_assert_cmpint (total_volume (fp), ==, 10);
}

/* Builds one bucket's cells: (buy, sell) per level from 2450000 upwards, row 5. */
static void
add_levels (FlowFootprint *fp,
            const gint64   volumes[][2],
            gsize          n_levels)
{
  gint64 volume = 1000;
  gint64 t = OPEN_MS;

  add (fp, t++, 2440000, volume, 0, 0);
  for (gsize i = 0; i < n_levels; i++)
    {
      gint64 price = 2450000 + 5 * (gint64) i;

      /* A quote far away on either side forces the side without the tick rule. */
      if (volumes[i][0] > 0)
        {
          add (fp, t++, price, volume, 1, 2);
          volume += volumes[i][0];
          add (fp, t++, price, volume, 0, 0);
        }
      if (volumes[i][1] > 0)
        {
          add (fp, t++, price, volume, 9000000, 9000001);
          volume += volumes[i][1];
          add (fp, t++, price, volume, 0, 0);
        }
    }
}

static guint
flags_at (FlowFootprint *fp,
          gint64         price)
{
  FlowFootprintCell cell;

  if (!flow_footprint_get_cell (fp, 0, price, &cell))
    return 0;
  return cell.flags & ~FLOW_FOOTPRINT_CELL_POC;
}

/* Rule 8: diagonal imbalances, ratio and min_volume. */
static void
test_imbalance (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  /* price 2450000 + 5k:   buy   sell */
  const gint64 levels[][2] = {
    {   0,  10 },   /* 0 */
    {  30,  40 },   /* 1: buy 30 ≥ 3 × sell(0) 10 → buy imbalance (≥, not >) */
    {  20, 200 },   /* 2: buy 20 < 3 × 40; sell 200 ≥ 3 × buy(3) 60 → sell imbalance */
    {  60,   0 },   /* 3: buy 60 < 3 × 200 */
    {  10,  29 },   /* 4: sell 29 < 3 × buy(5) 10 = 30 */
    {  10,   0 },   /* 5 */
  };

  add_levels (fp, levels, G_N_ELEMENTS (levels));
  g_assert_cmpuint (flags_at (fp, 2450000), ==, 0);
  g_assert_cmpuint (flags_at (fp, 2450005), ==, FLOW_FOOTPRINT_CELL_BUY_IMBALANCE);
  g_assert_cmpuint (flags_at (fp, 2450010), ==, FLOW_FOOTPRINT_CELL_SELL_IMBALANCE);
  g_assert_cmpuint (flags_at (fp, 2450015), ==, 0);
  g_assert_cmpuint (flags_at (fp, 2450020), ==, 0);
  g_assert_cmpuint (flags_at (fp, 2450025), ==, 0);

  /* min_volume: buy 30 and sell 200 must reach it. */
  flow_footprint_set_imbalance_min_volume (fp, 31);
  g_assert_cmpuint (flags_at (fp, 2450005), ==, 0);
  g_assert_cmpuint (flags_at (fp, 2450010), ==, FLOW_FOOTPRINT_CELL_SELL_IMBALANCE);
  flow_footprint_set_imbalance_min_volume (fp, 0);

  /* A lower ratio reaches level 4: 29 ≥ 2.5 × 10. */
  flow_footprint_set_imbalance_ratio (fp, 2.5);
  g_assert_cmpuint (flags_at (fp, 2450020), ==, FLOW_FOOTPRINT_CELL_SELL_IMBALANCE);
  g_assert_cmpuint (flags_at (fp, 2450005), ==, FLOW_FOOTPRINT_CELL_BUY_IMBALANCE);
  g_assert_cmpfloat (flow_footprint_get_imbalance_ratio (fp), ==, 2.5);
}

/* Rule 8: a missing cell counts as 0 and a 0 on the other side is never an imbalance. */
static void
test_imbalance_missing_cells (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  const gint64 levels[][2] = {
    { 500,   0 },   /* 0: nothing below (no cell): no buy imbalance however large */
    {   0,   0 },   /* 1: no cell */
    { 500,   0 },   /* 2: sell(1) = 0: no buy imbalance */
    {   0, 500 },   /* 3: buy(4) = 0 (no cell at 4): no sell imbalance */
  };

  add_levels (fp, levels, G_N_ELEMENTS (levels));
  g_assert_cmpuint (flags_at (fp, 2450000), ==, 0);
  g_assert_cmpuint (flags_at (fp, 2450010), ==, 0);
  g_assert_cmpuint (flags_at (fp, 2450015), ==, 0);
  /* Level 1 is in the dense range but is no cell. */
  g_assert_false (flow_footprint_get_cell (fp, 0, 2450005, &(FlowFootprintCell) { 0 }));
}

/* Rule 8: three or more consecutive levels of one kind make a stack. */
static void
test_stacked_imbalance (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  const gint64 levels[][2] = {
    {   0,  10 },   /* 0 */
    {  30,  10 },   /* 1 buy */
    {  30,  10 },   /* 2 buy */
    {  30,  10 },   /* 3 buy  → 1-3 stacked */
    {  30,  10 },   /* 4 buy  → 1-4 stacked */
    {  29,  10 },   /* 5 not */
    {  30,  10 },   /* 6 buy */
    {  30,   0 },   /* 7 buy  → only two: not stacked */
    {   0,   0 },   /* 8 no cell: breaks any run */
    {  10, 100 },   /* 9 sell: 100 ≥ 3 × buy(10) 10 */
    {  10, 100 },   /* 10 sell */
    {  10,  40 },   /* 11 sell: 40 ≥ 3 × 10 → 9-11 stacked */
    {  10,   0 },   /* 12 */
  };
  const guint buy = FLOW_FOOTPRINT_CELL_BUY_IMBALANCE;
  const guint buy_stacked = buy | FLOW_FOOTPRINT_CELL_BUY_STACKED;
  const guint sell_stacked = FLOW_FOOTPRINT_CELL_SELL_IMBALANCE | FLOW_FOOTPRINT_CELL_SELL_STACKED;

  add_levels (fp, levels, G_N_ELEMENTS (levels));
  g_assert_cmpuint (flags_at (fp, 2450000), ==, 0);
  for (gint64 k = 1; k <= 4; k++)
    g_assert_cmpuint (flags_at (fp, 2450000 + 5 * k), ==, buy_stacked);
  g_assert_cmpuint (flags_at (fp, 2450025), ==, 0);
  g_assert_cmpuint (flags_at (fp, 2450030), ==, buy);
  g_assert_cmpuint (flags_at (fp, 2450035), ==, buy);
  for (gint64 k = 9; k <= 11; k++)
    g_assert_cmpuint (flags_at (fp, 2450000 + 5 * k), ==, sell_stacked);
  g_assert_cmpuint (flags_at (fp, 2450060), ==, 0);

  /* A higher ratio breaks the stacks; flags follow the setting. */
  flow_footprint_set_imbalance_ratio (fp, 4.5);
  g_assert_cmpuint (flags_at (fp, 2450005), ==, 0);
  g_assert_cmpuint (flags_at (fp, 2450045), ==, FLOW_FOOTPRINT_CELL_SELL_IMBALANCE);
  g_assert_cmpuint (flags_at (fp, 2450055), ==, 0);
}

static void
assert_same (FlowFootprint *a,
             FlowFootprint *b)
{
  gint64 first_a, last_a, first_b, last_b;

  g_assert_cmpuint (flow_footprint_get_n_snapshots (a), ==, flow_footprint_get_n_snapshots (b));
  g_assert_true (flow_footprint_get_bucket_range (a, &first_a, &last_a));
  g_assert_true (flow_footprint_get_bucket_range (b, &first_b, &last_b));
  g_assert_cmpint (first_a, ==, first_b);
  g_assert_cmpint (last_a, ==, last_b);
  for (gint64 i = first_a; i <= last_a; i++)
    {
      FlowFootprintBucket ba, bb;
      const FlowFootprintCell *ca, *cb;
      gint64 price_a, price_b;
      guint n_a, n_b;
      gboolean has_a = flow_footprint_get_bucket (a, i, &ba);

      g_assert_cmpint (has_a, ==, flow_footprint_get_bucket (b, i, &bb));
      if (!has_a)
        continue;
      g_assert_cmpmem (&ba, sizeof ba, &bb, sizeof bb);
      ca = flow_footprint_get_cells (a, i, &price_a, &n_a);
      cb = flow_footprint_get_cells (b, i, &price_b, &n_b);
      g_assert_cmpint (price_a, ==, price_b);
      g_assert_cmpuint (n_a, ==, n_b);
      if (n_a > 0)
        g_assert_cmpmem (ca, n_a * sizeof *ca, cb, n_b * sizeof *cb);
    }
}

/* A random walk with quotes, gaps, resyncs and a pre-open. */
static GArray *
random_day (guint32 seed,
            guint   n)
{
  GArray *day = g_array_sized_new (FALSE, TRUE, sizeof (FlowSnapshot), n);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gint64 t = OPEN_MS - 10 * MINUTE, price = 2450000, volume = 0;

  for (guint i = 0; i < n; i++)
    {
      FlowSnapshot s = { 0 };

      t += g_rand_int_range (rand, 1, 900);
      price += 5 * g_rand_int_range (rand, -2, 3);
      if (g_rand_int_range (rand, 0, 3) > 0)
        volume += 65 * g_rand_int_range (rand, 0, 20);
      s.ts_ms = t;
      s.ltp = price;
      s.volume = volume;
      if (g_rand_int_range (rand, 0, 4) > 0)
        {
          s.bid = price - 5 * g_rand_int_range (rand, 0, 3);
          s.ask = s.bid + 5 * g_rand_int_range (rand, 0, 3);
        }
      s.resync = g_rand_int_range (rand, 0, 500) == 0;
      g_array_append_val (day, s);
    }
  return day;
}

/* Rule 9: zooming out and back in loses nothing. */
static void
test_reaggregation (void)
{
  g_autoptr(GArray) day = random_day (42, 50000);
  g_autoptr(FlowFootprint) zoomed = flow_footprint_new ();
  g_autoptr(FlowFootprint) fresh = flow_footprint_new ();
  g_autoptr(FlowFootprint) fresh_wide = flow_footprint_new ();

  flow_footprint_add_snapshots (zoomed, (FlowSnapshot *) day->data, day->len);
  flow_footprint_add_snapshots (fresh, (FlowSnapshot *) day->data, day->len);
  flow_footprint_set_layout (fresh_wide, 5 * MINUTE, 100, FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS);
  flow_footprint_add_snapshots (fresh_wide, (FlowSnapshot *) day->data, day->len);

  flow_footprint_set_layout (zoomed, 5 * MINUTE, 100, FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS);
  assert_same (zoomed, fresh_wide);
  flow_footprint_set_interval_ms (zoomed, 5 * SEC);
  flow_footprint_set_row (zoomed, 500);
  flow_footprint_set_session_open_ms (zoomed, 9 * 3600 * SEC);
  flow_footprint_set_layout (zoomed, MINUTE, 5, FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS);
  assert_same (zoomed, fresh);
  g_assert_cmpint (total_volume (zoomed), >, 0);
}

/* One snapshot at a time gives what one batch gives. */
static void
test_batch_equals_single (void)
{
  g_autoptr(GArray) day = random_day (7, 20000);
  g_autoptr(FlowFootprint) batch = flow_footprint_new ();
  g_autoptr(FlowFootprint) single = flow_footprint_new ();

  flow_footprint_add_snapshots (batch, (FlowSnapshot *) day->data, day->len);
  for (guint i = 0; i < day->len; i++)
    flow_footprint_add_snapshot (single, &g_array_index (day, FlowSnapshot, i));
  assert_same (batch, single);
}

static void
test_interval_valid (void)
{
  const gint64 valid[] = { 1000, 5000, 15000, 90000, MINUTE, 5 * MINUTE, 20 * MINUTE, 60 * MINUTE };
  const gint64 invalid[] = { 0, -MINUTE, 500, 1500, 7000, 7 * MINUTE, 90 * MINUTE, 120 * MINUTE };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    g_assert_true (flow_footprint_interval_is_valid (valid[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    g_assert_false (flow_footprint_interval_is_valid (invalid[i]));
}

static void
count_changed (FlowFootprint *fp,
               guint         *count)
{
  (*count)++;
}

/* One ::changed per call, and a generation to poll. */
static void
test_changed (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  g_autoptr(GArray) day = random_day (1, 1000);
  guint count = 0;
  guint64 generation = flow_footprint_get_generation (fp);

  g_signal_connect (fp, "changed", G_CALLBACK (count_changed), &count);
  flow_footprint_add_snapshots (fp, (FlowSnapshot *) day->data, day->len);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpuint (flow_footprint_get_generation (fp), >, generation);
  flow_footprint_set_row (fp, 5);           /* unchanged: nothing to do */
  g_assert_cmpuint (count, ==, 1);
  flow_footprint_set_row (fp, 10);
  g_assert_cmpuint (count, ==, 2);
  g_object_set (fp, "imbalance-ratio", 2.0, NULL);
  g_assert_cmpuint (count, ==, 3);
  flow_footprint_clear (fp);
  g_assert_cmpuint (count, ==, 4);
  g_assert_cmpuint (flow_footprint_get_n_snapshots (fp), ==, 0);
  g_assert_false (flow_footprint_get_bucket_range (fp, NULL, NULL));
  g_assert_false (flow_footprint_get_day_start_ms (fp, NULL));
  g_assert_cmpint (flow_footprint_get_last_ltp (fp), ==, 0);
}

/* The iterator returns buckets with data that overlap the range, in order. */
static void
test_iter (void)
{
  g_autoptr(FlowFootprint) fp = flow_footprint_new ();
  FlowFootprintIter iter;
  FlowFootprintBucket b;
  gint64 seen[8];
  guint n = 0;

  add (fp, OPEN_MS - MINUTE, 2450000, 1000, 0, 0);
  add (fp, OPEN_MS + 10, 2450000, 1000, 0, 0);
  add (fp, OPEN_MS + 2 * MINUTE, 2450000, 1000, 0, 0);
  add (fp, OPEN_MS + 3 * MINUTE, 2450000, 1000, 0, 0);

  flow_footprint_iter_init (&iter, fp, OPEN_MS - 1, OPEN_MS + 3 * MINUTE);
  while (flow_footprint_iter_next (&iter, &b))
    seen[n++] = b.index;
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (seen[0], ==, -1);
  g_assert_cmpint (seen[1], ==, 0);
  g_assert_cmpint (seen[2], ==, 2);

  flow_footprint_iter_init (&iter, fp, OPEN_MS + 3 * MINUTE, OPEN_MS + 3 * MINUTE);
  g_assert_false (flow_footprint_iter_next (&iter, &b));
  flow_footprint_iter_init (&iter, fp, 0, G_MAXINT64 / 2);
  for (n = 0; flow_footprint_iter_next (&iter, &b); n++)
    ;
  g_assert_cmpuint (n, ==, 4);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/footprint/worked-example", test_worked_example);
  g_test_add_func ("/footprint/rule2/first-volume-is-baseline", test_first_volume_is_baseline);
  g_test_add_func ("/footprint/rule2/volume-zero", test_volume_zero);
  g_test_add_func ("/footprint/rule2/volume-reset", test_volume_reset);
  g_test_add_func ("/footprint/rule2/resync-gap-volume", test_resync_gap_volume);
  g_test_add_func ("/footprint/rule2/resync-without-gap", test_resync_without_gap);
  g_test_add_func ("/footprint/rule2/resync-without-volume", test_resync_without_volume);
  g_test_add_func ("/footprint/rule2/volume-without-price", test_volume_without_price);
  g_test_add_func ("/footprint/rule3/lee-ready", test_lee_ready);
  g_test_add_func ("/footprint/rule3/missing-quotes", test_missing_quotes);
  g_test_add_func ("/footprint/rule3/tick-rule", test_tick_rule);
  g_test_add_func ("/footprint/rule4/negative-bucket", test_negative_bucket);
  g_test_add_func ("/footprint/rule4/session-open", test_session_open);
  g_test_add_func ("/footprint/rule4/interval-valid", test_interval_valid);
  g_test_add_func ("/footprint/rule5/levels", test_levels);
  g_test_add_func ("/footprint/rule7/ohlc", test_ohlc);
  g_test_add_func ("/footprint/rule7/poc-ties", test_poc_ties);
  g_test_add_func ("/footprint/rule7/cum-delta", test_cum_delta);
  g_test_add_func ("/footprint/rule1/day-change", test_day_change);
  g_test_add_func ("/footprint/rule8/imbalance", test_imbalance);
  g_test_add_func ("/footprint/rule8/missing-cells", test_imbalance_missing_cells);
  g_test_add_func ("/footprint/rule8/stacked", test_stacked_imbalance);
  g_test_add_func ("/footprint/rule9/reaggregation", test_reaggregation);
  g_test_add_func ("/footprint/batch-equals-single", test_batch_equals_single);
  g_test_add_func ("/footprint/changed", test_changed);
  g_test_add_func ("/footprint/iter", test_iter);

  return g_test_run ();
}

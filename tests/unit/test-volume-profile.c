/* test-volume-profile.c: the session volume profile, POC and value area
 *
 * The footprint folds closed buckets into the profile, and the forming one provisionally, when
 * the profile is read; these tests hold it
 * to the brute-force sum of every bucket's cells over a seeded demo day, at two row sizes and
 * across a rebuild, and the value area to its rule on a worked example and to its invariants.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-demo-market.h"
#include "flow-footprint.h"
#include "flow-volume-profile.h"

/* 2026-11-20 (a Friday) 09:15:00 IST */
#define OPEN_MS   G_GINT64_CONSTANT (1795146300000)
#define MINUTE_MS G_GINT64_CONSTANT (60000)

/* Worked example (row 5): price → volume, POC 115.
 *   100:10  105:20  110:40  115:80  120:30  125:30  130:5    total 215, 70 % → 151
 * From 115 (80): below 110 (40) beats above 120 (30) → 120; then 120 (30) beats 105 (20)
 * → 150; then 125 (30) beats 105 (20) → 180 ≥ 151. VAL 110, VAH 125. */
static void
test_worked_example (void)
{
  g_autoptr(FlowVolumeProfile) profile = flow_volume_profile_new ();
  const gint64 volumes[] = { 10, 20, 40, 80, 30, 30, 5 };
  FlowVolumeProfileStats stats;
  const FlowVolumeProfileLevel *levels;
  gint64 first;
  guint n;

  flow_volume_profile_reset (profile, 5);
  g_assert_false (flow_volume_profile_get_stats (profile, &stats));
  g_assert_null (flow_volume_profile_get_levels (profile, &first, &n));
  g_assert_cmpuint (n, ==, 0);

  /* Out of order, buys and sells split, the highest level first: the array grows both ways. */
  for (int i = G_N_ELEMENTS (volumes) - 1; i >= 0; i--)
    {
      flow_volume_profile_add (profile, 20 + i, TRUE, volumes[i] / 2);
      flow_volume_profile_add (profile, 20 + i, FALSE, volumes[i] - volumes[i] / 2);
    }
  /* Nothing traded is nothing. */
  flow_volume_profile_add (profile, 10, TRUE, 0);

  levels = flow_volume_profile_get_levels (profile, &first, &n);
  g_assert_nonnull (levels);
  g_assert_cmpint (first, ==, 100);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (volumes));
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (levels[i].buy_volume, ==, volumes[i] / 2);
      g_assert_cmpint (levels[i].buy_volume + levels[i].sell_volume, ==, volumes[i]);
    }

  g_assert_true (flow_volume_profile_get_stats (profile, &stats));
  g_assert_cmpint (stats.volume, ==, 215);
  g_assert_cmpint (stats.poc, ==, 115);
  g_assert_cmpint (stats.poc_volume, ==, 80);
  g_assert_cmpint (stats.value_low, ==, 110);
  g_assert_cmpint (stats.value_high, ==, 125);

  /* A tie for the POC: the lowest level. */
  flow_volume_profile_reset (profile, 5);
  flow_volume_profile_add (profile, 30, TRUE, 50);
  flow_volume_profile_add (profile, 31, TRUE, 100);
  flow_volume_profile_add (profile, 29, FALSE, 100);
  g_assert_true (flow_volume_profile_get_stats (profile, &stats));
  g_assert_cmpint (stats.poc, ==, 29 * 5);

  /* A tie between the two sides: the level above. 40:30 41:100 42:30 43:10, total 170, 70 %
   * → 119: from 41 (100), 42 and 40 tie at 30 → 42 → 130. */
  flow_volume_profile_reset (profile, 5);
  flow_volume_profile_add (profile, 43, TRUE, 10);
  flow_volume_profile_add (profile, 40, TRUE, 30);
  flow_volume_profile_add (profile, 42, FALSE, 30);
  flow_volume_profile_add (profile, 41, TRUE, 100);
  g_assert_true (flow_volume_profile_get_stats (profile, &stats));
  g_assert_cmpint (stats.poc, ==, 41 * 5);
  g_assert_cmpint (stats.value_low, ==, 41 * 5);
  g_assert_cmpint (stats.value_high, ==, 42 * 5);
}

/* The footprint's cells of every bucket, summed per level by brute force, equal the profile;
 * and the value area holds its promises: it contains the POC and at least 70 % of the volume,
 * and the rule applied to the brute-force sums gives the same edges. */
static void
check_profile_against_cells (FlowFootprint *footprint)
{
  FlowVolumeProfile *profile = flow_footprint_get_profile (footprint);
  gint64 row = flow_footprint_get_row (footprint);
  g_autoptr(GHashTable) sums = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  const FlowVolumeProfileLevel *levels;
  FlowVolumeProfileStats stats;
  gint64 first_index, last_index, first_price, total = 0, in_area = 0;
  guint n_levels, n_nonzero = 0;

  g_assert_true (flow_footprint_get_bucket_range (footprint, &first_index, &last_index));
  for (gint64 index = first_index; index <= last_index; index++)
    {
      const FlowFootprintCell *cells;
      gint64 first;
      guint n_cells;

      cells = flow_footprint_get_cells (footprint, index, &first, &n_cells);
      for (guint i = 0; i < n_cells; i++)
        {
          gint64 price = first + (gint64) i * row;
          gint64 *sum = g_hash_table_lookup (sums, &price);

          if (cells[i].buy_volume + cells[i].sell_volume == 0)
            continue;
          if (sum == NULL)
            {
              sum = g_new0 (gint64, 2);
              g_hash_table_insert (sums, g_memdup2 (&price, sizeof price), sum);
            }
          sum[0] += cells[i].buy_volume;
          sum[1] += cells[i].sell_volume;
          total += cells[i].buy_volume + cells[i].sell_volume;
        }
    }

  levels = flow_volume_profile_get_levels (profile, &first_price, &n_levels);
  g_assert_nonnull (levels);
  for (guint i = 0; i < n_levels; i++)
    {
      gint64 price = first_price + (gint64) i * row;
      gint64 *sum = g_hash_table_lookup (sums, &price);

      if (levels[i].buy_volume + levels[i].sell_volume == 0)
        {
          g_assert_null (sum);
          continue;
        }
      g_assert_nonnull (sum);
      g_assert_cmpint (levels[i].buy_volume, ==, sum[0]);
      g_assert_cmpint (levels[i].sell_volume, ==, sum[1]);
      n_nonzero++;
    }
  g_assert_cmpuint (n_nonzero, ==, g_hash_table_size (sums));

  g_assert_true (flow_volume_profile_get_stats (profile, &stats));
  g_assert_cmpint (stats.volume, ==, total);
  g_assert_cmpint (stats.value_low, <=, stats.poc);
  g_assert_cmpint (stats.poc, <=, stats.value_high);
  for (guint i = 0; i < n_levels; i++)
    {
      gint64 price = first_price + (gint64) i * row;
      gint64 volume = levels[i].buy_volume + levels[i].sell_volume;

      g_assert_cmpint (volume, <=, stats.poc_volume);
      if (volume == stats.poc_volume)
        g_assert_cmpint (price, >=, stats.poc);
      if (price >= stats.value_low && price <= stats.value_high)
        in_area += volume;
    }
  g_assert_cmpint (in_area * 100, >=, total * FLOW_VOLUME_PROFILE_VALUE_AREA_PERCENT);
  /* The rule again, from the brute-force sums: the same area. */
  {
    gint64 lo = (stats.poc - first_price) / row, hi = lo, taken = stats.poc_volume;

    while (taken * 100 < total * FLOW_VOLUME_PROFILE_VALUE_AREA_PERCENT)
      {
        gint64 above_price = first_price + (hi + 1) * row, below_price = first_price + (lo - 1) * row;
        gint64 *above = hi + 1 < (gint64) n_levels ? g_hash_table_lookup (sums, &above_price) : NULL;
        gint64 *below = lo > 0 ? g_hash_table_lookup (sums, &below_price) : NULL;
        gint64 up = hi + 1 < (gint64) n_levels ? (above != NULL ? above[0] + above[1] : 0) : -1;
        gint64 down = lo > 0 ? (below != NULL ? below[0] + below[1] : 0) : -1;

        g_assert_true (up >= 0 || down >= 0);
        if (up >= down)
          {
            hi++;
            taken += up;
          }
        else
          {
            lo--;
            taken += down;
          }
      }
    g_assert_cmpint (stats.value_low, ==, first_price + lo * row);
    g_assert_cmpint (stats.value_high, ==, first_price + hi * row);
  }
}

static void
test_demo_day (void)
{
  g_autoptr(FlowFootprint) footprint = flow_footprint_new ();
  g_autoptr(FlowDemoMarket) market = flow_demo_market_new (7, OPEN_MS);
  g_autoptr(GArray) snapshots = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));
  FlowSnapshot snapshot;

  /* Three hours of a seeded day, in two calls (incremental), at one tick a row. */
  for (flow_demo_market_next_snapshot (market, &snapshot);
       snapshot.ts_ms < OPEN_MS + 180 * MINUTE_MS;
       flow_demo_market_next_snapshot (market, &snapshot))
    g_array_append_val (snapshots, snapshot);
  flow_footprint_add_snapshots (footprint, (FlowSnapshot *) snapshots->data, snapshots->len / 2);
  check_profile_against_cells (footprint);
  flow_footprint_add_snapshots (footprint, &g_array_index (snapshots, FlowSnapshot, snapshots->len / 2),
                                snapshots->len - snapshots->len / 2);
  check_profile_against_cells (footprint);

  /* A late snapshot into a bucket long closed (a feed's replay out of order): the folded
   * buckets are summed again, and still equal the cells. */
  {
    FlowSnapshot late = g_array_index (snapshots, FlowSnapshot, snapshots->len - 1);

    late.ts_ms = OPEN_MS + 10 * MINUTE_MS + 1234;
    late.volume += 6500;
    late.resync = FALSE;
    flow_footprint_add_snapshot (footprint, &late);
    check_profile_against_cells (footprint);
  }

  /* Rebuilt at ₹1 rows and 5-minute buckets, then back. */
  flow_footprint_set_layout (footprint, 5 * MINUTE_MS, 100, FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS);
  check_profile_against_cells (footprint);
  flow_footprint_set_row (footprint, 5);
  check_profile_against_cells (footprint);

  /* A new day starts afresh. */
  flow_footprint_clear (footprint);
  {
    gint64 first;
    guint n;

    g_assert_null (flow_volume_profile_get_levels (flow_footprint_get_profile (footprint),
                                                   &first, &n));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/volume-profile/worked-example", test_worked_example);
  g_test_add_func ("/volume-profile/demo-day", test_demo_day);
  return g_test_run ();
}

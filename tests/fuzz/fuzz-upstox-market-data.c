/* fuzz-upstox-market-data.c: Upstox v3 FeedResponse frames merged into an instrument's state
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"
#include "flow-upstox-market-data.h"

/* The key of the seeds in corpus/upstox-market-data (make-corpus.py). */
#define KEY "NSE_FO|35001"

/* An initial_feed of KEY with ltpc only (upstox.md §5.4 by hand): ltp 24906.65. */
static const uint8_t initial[] = {
  0x12, 0x1b, 0x0a, 0x0c, 'N', 'S', 'E', '_', 'F', 'O', '|', '3', '5', '0', '0', '1',
  0x12, 0x0b, 0x0a, 0x09, 0x09, 0x9a, 0x99, 0x99, 0x99, 0xa9, 0x52, 0xd8, 0x40,
};

/* A live_feed of KEY with marketFF.vtt = 5 and nothing else: shows the cached state. */
static const uint8_t probe[] = {
  0x08, 0x01, 0x12, 0x16, 0x0a, 0x0c, 'N', 'S', 'E', '_', 'F', 'O', '|', '3', '5', '0', '0',
  '1', 0x12, 0x06, 0x12, 0x04, 0x0a, 0x02, 0x30, 0x05,
};

static void
apply_good (FlowUpstoxMarketData *market,
            const uint8_t        *data,
            size_t                size,
            FlowSnapshot         *snapshot)
{
  FlowUpstoxFrameInfo info;
  gboolean has_snapshot = FALSE;

  g_assert_true (flow_upstox_market_data_apply (market, data, size, &info, snapshot,
                                                &has_snapshot, NULL));
  g_assert_true (has_snapshot);
}

static void
check_snapshot (const FlowSnapshot *snapshot)
{
  /* 10^12 rupees in paise: the decoder's bound. */
  const gint64 max_price = G_GINT64_CONSTANT (100000000000000);

  g_assert_cmpint (snapshot->ltp, >, 0);
  g_assert_cmpint (snapshot->ltp, <=, max_price);
  g_assert_cmpint (snapshot->bid, >=, 0);
  g_assert_cmpint (snapshot->bid, <=, max_price);
  g_assert_cmpint (snapshot->ask, >=, 0);
  g_assert_cmpint (snapshot->ask, <=, max_price);
  g_assert_cmpint (snapshot->open, >=, 0);
  g_assert_cmpint (snapshot->high, >=, 0);
  g_assert_cmpint (snapshot->low, >=, 0);
  g_assert_cmpint (snapshot->close, >=, 0);
  g_assert_cmpint (snapshot->ts_ms, >=, 0);
  g_assert_cmpint (snapshot->ltq, >=, 0);
  g_assert_cmpint (snapshot->volume, >=, 0);
  g_assert_cmpint (snapshot->oi, >=, 0);
  g_assert_cmpint (snapshot->total_buy_qty, >=, 0);
  g_assert_cmpint (snapshot->total_sell_qty, >=, 0);
  g_assert_cmpint (snapshot->last_trade_ms, >=, 0);
  g_assert_false (snapshot->resync);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  FlowUpstoxMarketData *market;
  FlowUpstoxFrameInfo info;
  FlowSnapshot before, after, snapshot;
  gboolean has_snapshot = TRUE;
  GError *error = NULL;
  gboolean ok;

  fuzz_init ();
  market = flow_upstox_market_data_new (KEY);
  apply_good (market, initial, sizeof initial, &before);
  apply_good (market, probe, sizeof probe, &before);

  ok = flow_upstox_market_data_apply (market, data, size, &info, &snapshot, &has_snapshot,
                                      &error);
  if (!ok)
    {
      /* Refused: nothing of the frame may have reached the state. */
      g_assert_nonnull (error);
      g_assert_true (error->domain == FLOW_UPSTOX_MARKET_DATA_ERROR);
      g_assert_true (error->code == FLOW_UPSTOX_MARKET_DATA_ERROR_MALFORMED ||
                     error->code == FLOW_UPSTOX_MARKET_DATA_ERROR_TOO_LARGE);
      g_clear_error (&error);
      g_assert_false (has_snapshot);
      g_assert_cmpint (info.segment_status, ==, -1);
      apply_good (market, probe, sizeof probe, &after);
      g_assert_true (memcmp (&before, &after, sizeof before) == 0);
      flow_upstox_market_data_free (market);
      return 0;
    }

  g_assert_null (error);
  g_assert_cmpint (info.type, >=, FLOW_UPSTOX_FRAME_INITIAL_FEED);
  g_assert_cmpint (info.type, <=, FLOW_UPSTOX_FRAME_MARKET_INFO);
  g_assert_cmpint (info.current_ts_ms, >=, 0);
  g_assert_cmpint (info.segment_status, >=, -1);
  g_assert_cmpint (info.segment_status, <=, 5);
  g_assert_cmpuint (info.n_other_feeds, <=, size);
  if (has_snapshot)
    check_snapshot (&snapshot);

  /* Whether a frame is valid does not depend on the state it lands on: the same bytes again,
   * now as a delta on their own result, are accepted too. */
  g_assert_true (flow_upstox_market_data_apply (market, data, size, &info, &snapshot,
                                                &has_snapshot, NULL));
  if (has_snapshot)
    check_snapshot (&snapshot);

  /* And the state goes on merging (with no snapshot if an initial_feed left no price). */
  g_assert_true (flow_upstox_market_data_apply (market, probe, sizeof probe, &info, &after,
                                                &has_snapshot, NULL));
  if (has_snapshot)
    {
      check_snapshot (&after);
      g_assert_cmpint (after.volume, ==, 5);
    }
  flow_upstox_market_data_free (market);
  return 0;
}

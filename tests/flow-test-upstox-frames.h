/* flow-test-upstox-frames.h: Upstox v3 FeedResponse frames made for tests, packed by the
 * generated protobuf-c code, so that what a test sends is the real wire format
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "flow-upstox-market-data.h"

G_BEGIN_DECLS

/* Which member of Feed carries the tick (upstox.md §5.4, "How each mode maps"). */
typedef enum
{
  FLOW_TEST_UPSTOX_MARKET_FF = 0,   /* fullFeed.marketFF: `full` mode on a tradable */
  FLOW_TEST_UPSTOX_INDEX_FF,        /* fullFeed.indexFF: ltpc and OHLC only */
  FLOW_TEST_UPSTOX_LTPC,            /* Feed.ltpc: `ltpc` mode */
  FLOW_TEST_UPSTOX_FIRST_LEVEL,     /* firstLevelWithGreeks: ltpc, level 0, vtt, oi, iv */
} FlowTestUpstoxShape;

/* Prices in rupees, as Upstox sends them. A value at 0 is not sent (proto3), and a
 * sub-message whose with_* is FALSE is left out, as a live_feed does when it did not change;
 * a shape that has no room for a field (an index's depth, say) drops it. */
typedef struct
{
  const char          *instrument_key;
  FlowUpstoxFrameType  type;
  gint64               current_ts_ms;
  FlowTestUpstoxShape  shape;

  gboolean             with_ltpc;
  double               ltp;
  gint64               ltt_ms;
  gint64               ltq;
  double               cp;

  /* marketLevel: depth_levels quotes (0 means 5, as in `full` mode; at most 30), the best
   * being bid/ask and each further level 0.05 worse with the same quantities. firstDepth is
   * the best level alone. */
  gboolean             with_depth;
  double               bid;
  gint64               bid_qty;
  double               ask;
  gint64               ask_qty;
  guint                depth_levels;

  /* marketOHLC: the "1d" candle (vol = vtt, ts = the IST midnight of current_ts_ms) and the
   * current minute's "I1" candle, which is all at ltp. */
  gboolean             with_ohlc;
  double               open, high, low, close;

  gboolean             with_greeks;    /* an empty optionGreeks, as futures get */
  gint64               vtt;
  double               oi;
  double               tbq;
  double               tsq;
  double               atp;
  double               iv;
} FlowTestUpstoxTick;

#define FLOW_TEST_UPSTOX_MAX_DEPTH 30

/* One FeedResponse with one feed. */
GBytes *flow_test_upstox_encode_tick        (const FlowTestUpstoxTick *tick);
/* One FeedResponse with a feed per tick, in order; type and currentTs come from the first. */
GBytes *flow_test_upstox_encode_ticks       (const FlowTestUpstoxTick *ticks,
                                             guint                     n_ticks);
/* A type=market_info frame with the segment map of upstox.md §5.5: the 11 segments, @segment
 * (added when it is not one of them) at @status and every other one at another status, so
 * that a reader of the wrong entry is caught. */
GBytes *flow_test_upstox_encode_market_info (gint64                    current_ts_ms,
                                             const char               *segment,
                                             int                       status);

G_END_DECLS

/* test-upstox-market-data.c: Upstox v3 FeedResponse frames merged into snapshots
 * (upstox.md §5.4–5.5, sources.md "Upstox v3 feed → footprint")
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include "flow-test-assert.h"
#include "flow-test-upstox-frames.h"
#include "flow-upstox-market-data.h"

#define KEY       "NSE_FO|35001"
#define OTHER_KEY "NSE_FO|46923"
#define INDEX_KEY "NSE_INDEX|Nifty 50"

/* 2026-11-20 09:15:00 IST */
#define T0 G_GINT64_CONSTANT (1795146300000)

/* A full initial_feed of the future, every field set. */
static FlowTestUpstoxTick
full_tick (void)
{
  return (FlowTestUpstoxTick) {
    .instrument_key = KEY, .type = FLOW_UPSTOX_FRAME_INITIAL_FEED, .current_ts_ms = T0,
    .with_ltpc = TRUE, .ltp = 24906.65, .ltt_ms = T0 - 5, .ltq = 75, .cp = 24400.0,
    .with_depth = TRUE, .bid = 24906.60, .bid_qty = 75, .ask = 24906.70, .ask_qty = 150,
    .with_ohlc = TRUE, .open = 24450.0, .high = 24950.0, .low = 24410.0, .close = 24906.65,
    .with_greeks = TRUE, .vtt = 1000000, .oi = 1234500, .tbq = 100000, .tsq = 90000,
    .atp = 24700.12, .iv = 0.0889,
  };
}

/* What full_tick() gives. */
static FlowSnapshot
full_snapshot (void)
{
  return (FlowSnapshot) {
    .ts_ms = T0, .ltp = 2490665, .ltq = 75, .volume = 1000000, .bid = 2490660, .ask = 2490670,
    .open = 2445000, .high = 2495000, .low = 2441000, .close = 2440000, .oi = 1234500,
    .total_buy_qty = 100000, .total_sell_qty = 90000, .last_trade_ms = T0 - 5,
  };
}

/* A live_feed of the future carrying only @vtt: the probe that shows the cached state. */
static FlowTestUpstoxTick
volume_tick (gint64 ts_ms,
             gint64 vtt)
{
  return (FlowTestUpstoxTick) {
    .instrument_key = KEY, .type = FLOW_UPSTOX_FRAME_LIVE_FEED, .current_ts_ms = ts_ms,
    .vtt = vtt,
  };
}

static gboolean
apply_bytes (FlowUpstoxMarketData *md,
             GBytes               *frame,
             FlowUpstoxFrameInfo  *info,
             FlowSnapshot         *snapshot)
{
  g_autoptr(GError) error = NULL;
  gboolean has_snapshot = TRUE;
  gsize length;
  const guint8 *data = g_bytes_get_data (frame, &length);

  memset (snapshot, 0x5a, sizeof *snapshot);
  g_assert_true (flow_upstox_market_data_apply (md, data, length, info, snapshot,
                                                &has_snapshot, &error));
  g_assert_no_error (error);
  if (has_snapshot)
    g_assert_false (snapshot->resync);
  return has_snapshot;
}

/* Applies @tick, which must give a snapshot, and returns it in @snapshot. */
static void
apply_tick (FlowUpstoxMarketData     *md,
            const FlowTestUpstoxTick *tick,
            FlowSnapshot             *snapshot)
{
  g_autoptr(GBytes) frame = flow_test_upstox_encode_tick (tick);
  FlowUpstoxFrameInfo info;

  g_assert_true (apply_bytes (md, frame, &info, snapshot));
  g_assert_cmpint (info.type, ==, tick->type);
  g_assert_cmpint (info.current_ts_ms, ==, tick->current_ts_ms);
  g_assert_cmpuint (info.n_other_feeds, ==, 0);
  g_assert_cmpint (info.segment_status, ==, -1);
}

static void
assert_refused (FlowUpstoxMarketData *md,
                const guint8         *data,
                gsize                 length,
                int                   code)
{
  g_autoptr(GError) error = NULL;
  FlowUpstoxFrameInfo info;
  FlowSnapshot snapshot;
  gboolean has_snapshot = TRUE;

  g_assert_false (flow_upstox_market_data_apply (md, data, length, &info, &snapshot,
                                                 &has_snapshot, &error));
  g_assert_error (error, FLOW_UPSTOX_MARKET_DATA_ERROR, code);
  g_assert_false (has_snapshot);
  g_assert_cmpint (info.segment_status, ==, -1);
  g_assert_cmpuint (info.n_other_feeds, ==, 0);
}

static void
assert_tick_refused (FlowUpstoxMarketData     *md,
                     const FlowTestUpstoxTick *tick)
{
  g_autoptr(GBytes) frame = flow_test_upstox_encode_tick (tick);
  gsize length;
  const guint8 *data = g_bytes_get_data (frame, &length);

  assert_refused (md, data, length, FLOW_UPSTOX_MARKET_DATA_ERROR_MALFORMED);
}

/* The cached state is still that of full_tick(): a volume-only delta shows it whole. */
static void
assert_state_is_full_tick (FlowUpstoxMarketData *md,
                           gint64                vtt)
{
  FlowTestUpstoxTick probe = volume_tick (T0 + 60000, vtt);
  FlowSnapshot want = full_snapshot ();
  FlowSnapshot got;

  apply_tick (md, &probe, &got);
  want.ts_ms = T0 + 60000;
  want.volume = vtt;
  flow_test_assert_snapshots_equal (&got, &want);
}

static void
test_initial_then_deltas (void)
{
  g_autoptr(FlowUpstoxMarketData) md = flow_upstox_market_data_new (KEY);
  FlowTestUpstoxTick tick = full_tick ();
  FlowSnapshot want = full_snapshot ();
  FlowSnapshot got;

  g_assert_cmpstr (flow_upstox_market_data_get_instrument_key (md), ==, KEY);
  apply_tick (md, &tick, &got);
  flow_test_assert_snapshots_equal (&got, &want);

  /* No ltpc, no marketLevel, no marketOHLC: only the volume moved. */
  tick = volume_tick (T0 + 1000, 1000075);
  apply_tick (md, &tick, &got);
  want.ts_ms = T0 + 1000;
  want.volume = 1000075;
  flow_test_assert_snapshots_equal (&got, &want);

  /* ltpc with a new price and time; ltq and cp at 0 (not sent) keep theirs. oi, tbq and tsq
   * at 0 keep theirs too. */
  tick = (FlowTestUpstoxTick) {
    .instrument_key = KEY, .type = FLOW_UPSTOX_FRAME_LIVE_FEED, .current_ts_ms = T0 + 2000,
    .with_ltpc = TRUE, .ltp = 24907.0, .ltt_ms = T0 + 1995, .vtt = 1000150,
  };
  apply_tick (md, &tick, &got);
  want.ts_ms = T0 + 2000;
  want.ltp = 2490700;
  want.last_trade_ms = T0 + 1995;
  want.volume = 1000150;
  flow_test_assert_snapshots_equal (&got, &want);

  /* A new level 0 whose ask side is empty, and a 1d candle with only a new high. */
  tick = (FlowTestUpstoxTick) {
    .instrument_key = KEY, .type = FLOW_UPSTOX_FRAME_LIVE_FEED, .current_ts_ms = T0 + 3000,
    .with_depth = TRUE, .bid = 24906.95, .bid_qty = 65, .depth_levels = 1,
    .with_ohlc = TRUE, .high = 24960.0, .oi = 1235000, .tbq = 101000, .tsq = 89000,
  };
  apply_tick (md, &tick, &got);
  want.ts_ms = T0 + 3000;
  want.bid = 2490695;
  want.ask = 0;
  want.high = 2496000;
  want.oi = 1235000;
  want.total_buy_qty = 101000;
  want.total_sell_qty = 89000;
  flow_test_assert_snapshots_equal (&got, &want);

  /* A level with a price but no quantity on the bid side is no bid. */
  tick = (FlowTestUpstoxTick) {
    .instrument_key = KEY, .type = FLOW_UPSTOX_FRAME_LIVE_FEED, .current_ts_ms = T0 + 4000,
    .with_depth = TRUE, .bid = 24906.90, .ask = 24907.10, .ask_qty = 75,
  };
  apply_tick (md, &tick, &got);
  want.ts_ms = T0 + 4000;
  want.bid = 0;
  want.ask = 2490710;
  flow_test_assert_snapshots_equal (&got, &want);
}

/* An initial_feed replaces the state: what it does not carry is gone. */
static void
test_initial_replaces (void)
{
  g_autoptr(FlowUpstoxMarketData) md = flow_upstox_market_data_new (KEY);
  FlowTestUpstoxTick tick = full_tick ();
  FlowSnapshot want = { 0 };
  FlowSnapshot got;
  FlowUpstoxFrameInfo info;

  apply_tick (md, &tick, &got);
  tick = (FlowTestUpstoxTick) {
    .instrument_key = KEY, .type = FLOW_UPSTOX_FRAME_INITIAL_FEED, .current_ts_ms = T0 + 5000,
    .with_ltpc = TRUE, .ltp = 24800.0, .ltt_ms = T0 + 4000, .ltq = 65,
  };
  apply_tick (md, &tick, &got);
  want.ts_ms = T0 + 5000;
  want.ltp = 2480000;
  want.ltq = 65;
  want.last_trade_ms = T0 + 4000;
  flow_test_assert_snapshots_equal (&got, &want);

  /* reset forgets the price: a delta without one then gives no snapshot. */
  flow_upstox_market_data_reset (md);
  tick = volume_tick (T0 + 6000, 10);
  {
    g_autoptr(GBytes) frame = flow_test_upstox_encode_tick (&tick);

    g_assert_false (apply_bytes (md, frame, &info, &got));
  }
  tick = (FlowTestUpstoxTick) {
    .instrument_key = KEY, .type = FLOW_UPSTOX_FRAME_LIVE_FEED, .current_ts_ms = T0 + 7000,
    .with_ltpc = TRUE, .ltp = 24801.0,
  };
  apply_tick (md, &tick, &got);
  want = (FlowSnapshot) { .ts_ms = T0 + 7000, .ltp = 2480100, .volume = 10 };
  flow_test_assert_snapshots_equal (&got, &want);
}

static void
test_market_info (void)
{
  g_autoptr(FlowUpstoxMarketData) md = flow_upstox_market_data_new (KEY);
  g_autoptr(FlowUpstoxMarketData) bse = flow_upstox_market_data_new ("BSE_FO|1157");
  g_autoptr(FlowUpstoxMarketData) nowhere = flow_upstox_market_data_new ("XYZ_FO|1");
  FlowTestUpstoxTick tick = full_tick ();
  FlowUpstoxFrameInfo info;
  FlowSnapshot got;

  for (int status = 0; status <= 5; status++)
    {
      g_autoptr(GBytes) frame = flow_test_upstox_encode_market_info (T0 - 3000, "NSE_FO",
                                                                     status);

      g_assert_false (apply_bytes (md, frame, &info, &got));
      g_assert_cmpint (info.type, ==, FLOW_UPSTOX_FRAME_MARKET_INFO);
      g_assert_cmpint (info.current_ts_ms, ==, T0 - 3000);
      g_assert_cmpint (info.segment_status, ==, status);
      g_assert_cmpuint (info.n_other_feeds, ==, 0);
      g_assert_false (apply_bytes (bse, frame, &info, &got));
      g_assert_cmpint (info.segment_status, ==, (status + 1) % 6);
      g_assert_false (apply_bytes (nowhere, frame, &info, &got));
      g_assert_cmpint (info.segment_status, ==, -1);
    }

  /* A segment the server does not list, and a status outside the enum. */
  {
    g_autoptr(GBytes) listed = flow_test_upstox_encode_market_info (T0, "XYZ_FO", 1);
    g_autoptr(GBytes) unknown = flow_test_upstox_encode_market_info (T0, "NSE_FO", 9);

    g_assert_false (apply_bytes (nowhere, listed, &info, &got));
    g_assert_cmpint (info.segment_status, ==, 1);
    g_assert_false (apply_bytes (md, unknown, &info, &got));
    g_assert_cmpint (info.segment_status, ==, -1);
  }

  /* market_info touches no price: the state is still the initial feed's. */
  apply_tick (md, &tick, &got);
  {
    g_autoptr(GBytes) frame = flow_test_upstox_encode_market_info (T0 + 1, "NSE_FO", 3);

    g_assert_false (apply_bytes (md, frame, &info, &got));
  }
  assert_state_is_full_tick (md, 1000001);
}

/* Feeds of other keys are counted and skipped. */
static void
test_other_key (void)
{
  g_autoptr(FlowUpstoxMarketData) md = flow_upstox_market_data_new (KEY);
  FlowTestUpstoxTick tick = full_tick ();
  FlowTestUpstoxTick other = full_tick ();
  g_autoptr(GBytes) frame = NULL;
  FlowUpstoxFrameInfo info;
  FlowSnapshot got;

  apply_tick (md, &tick, &got);
  other.instrument_key = OTHER_KEY;
  other.ltp = 52000.0;
  other.vtt = 5;
  frame = flow_test_upstox_encode_tick (&other);
  g_assert_false (apply_bytes (md, frame, &info, &got));
  g_assert_cmpuint (info.n_other_feeds, ==, 1);
  g_assert_cmpint (info.type, ==, FLOW_UPSTOX_FRAME_INITIAL_FEED);
  /* …even an initial_feed of theirs leaves ours alone. */
  assert_state_is_full_tick (md, 1000002);
}

static void
test_two_keys (void)
{
  g_autoptr(FlowUpstoxMarketData) md = flow_upstox_market_data_new (KEY);
  FlowTestUpstoxTick ticks[3] = { full_tick (), full_tick (), full_tick () };
  FlowSnapshot want = full_snapshot ();
  FlowUpstoxFrameInfo info;
  FlowSnapshot got;

  ticks[0].instrument_key = OTHER_KEY;
  ticks[0].ltp = 52000.0;
  {
    g_autoptr(GBytes) frame = flow_test_upstox_encode_ticks (ticks, 2);

    g_assert_true (apply_bytes (md, frame, &info, &got));
    g_assert_cmpuint (info.n_other_feeds, ==, 1);
    flow_test_assert_snapshots_equal (&got, &want);
  }
  /* Ours first this time, and given twice: as in protobuf maps, the last entry counts. */
  ticks[0] = volume_tick (T0 + 1000, 1000100);
  ticks[1].instrument_key = OTHER_KEY;
  ticks[2] = volume_tick (T0 + 1000, 1000200);
  {
    g_autoptr(GBytes) frame = flow_test_upstox_encode_ticks (ticks, 3);

    g_assert_true (apply_bytes (md, frame, &info, &got));
    g_assert_cmpuint (info.n_other_feeds, ==, 1);
    want.ts_ms = T0 + 1000;
    want.volume = 1000200;
    flow_test_assert_snapshots_equal (&got, &want);
  }
}

/* indexFF, ltpc and firstLevelWithGreeks: each mode's shape is read, and a mode change keeps
 * what the new shape does not carry. */
static void
test_shapes (void)
{
  g_autoptr(FlowUpstoxMarketData) index = flow_upstox_market_data_new (INDEX_KEY);
  g_autoptr(FlowUpstoxMarketData) md = flow_upstox_market_data_new (KEY);
  FlowTestUpstoxTick tick = full_tick ();
  FlowSnapshot want;
  FlowSnapshot got;

  tick.instrument_key = INDEX_KEY;
  tick.shape = FLOW_TEST_UPSTOX_INDEX_FF;
  tick.ltp = 24860.15;
  tick.cp = 24390.5;
  apply_tick (index, &tick, &got);
  want = (FlowSnapshot) {
    .ts_ms = T0, .ltp = 2486015, .ltq = 75, .last_trade_ms = T0 - 5, .close = 2439050,
    .open = 2445000, .high = 2495000, .low = 2441000,
  };
  flow_test_assert_snapshots_equal (&got, &want);

  tick = full_tick ();
  apply_tick (md, &tick, &got);
  want = full_snapshot ();

  /* `ltpc` mode: price, time, quantity and close only. */
  tick = (FlowTestUpstoxTick) {
    .instrument_key = KEY, .type = FLOW_UPSTOX_FRAME_LIVE_FEED, .current_ts_ms = T0 + 1000,
    .shape = FLOW_TEST_UPSTOX_LTPC, .ltp = 24910.0, .ltt_ms = T0 + 990, .ltq = 130,
    .with_depth = TRUE, .bid = 1.0, .bid_qty = 1, .vtt = 99,
  };
  apply_tick (md, &tick, &got);
  want.ts_ms = T0 + 1000;
  want.ltp = 2491000;
  want.ltq = 130;
  want.last_trade_ms = T0 + 990;
  flow_test_assert_snapshots_equal (&got, &want);

  /* `option_greeks` mode: ltpc, level 0, vtt and oi. */
  tick = (FlowTestUpstoxTick) {
    .instrument_key = KEY, .type = FLOW_UPSTOX_FRAME_LIVE_FEED, .current_ts_ms = T0 + 2000,
    .shape = FLOW_TEST_UPSTOX_FIRST_LEVEL, .with_ltpc = TRUE, .ltp = 24911.0,
    .with_depth = TRUE, .bid = 24910.95, .bid_qty = 65, .ask = 24911.05, .ask_qty = 65,
    .with_greeks = TRUE, .vtt = 1000300, .oi = 1236000, .iv = 0.12, .tbq = 5, .tsq = 5,
  };
  apply_tick (md, &tick, &got);
  want.ts_ms = T0 + 2000;
  want.ltp = 2491100;
  want.bid = 2491095;
  want.ask = 2491105;
  want.volume = 1000300;
  want.oi = 1236000;
  flow_test_assert_snapshots_equal (&got, &want);
}

/* Written out byte by byte from upstox.md §5.4 (and checked with the Upstox SDK's decoder), so
 * that the decoder is held to the wire format, not only to our encoder. */
static const guint8 hand_live_ltpc[] = {
  0x08, 0x01,                                       /* type = live_feed */
  0x12, 0x33,                                       /* feeds entry, 51 bytes */
    0x0a, 0x0c, 'N', 'S', 'E', '_', 'F', 'O', '|', '3', '5', '0', '0', '1',   /* key */
    0x12, 0x23,                                     /* value: Feed, 35 bytes */
      0x0a, 0x1d,                                   /* ltpc, 29 bytes */
        0x09, 0x9a, 0x99, 0x99, 0x99, 0xa9, 0x52, 0xd8, 0x40,   /* ltp = 24906.65 */
        0x10, 0xdb, 0xf4, 0xba, 0xb8, 0x9f, 0x34,               /* ltt = 1795146299995 */
        0x18, 0x4b,                                             /* ltq = 75 */
        0x78, 0x01,                                 /* field 15, varint: unknown */
        0x21, 0x00, 0x00, 0x00, 0x00, 0x00, 0xd4, 0xd7, 0x40,   /* cp = 24400.0 */
      0x2a, 0x02, 0xab, 0xcd,                       /* field 5, 2 bytes: unknown */
  0x18, 0xe0, 0xf4, 0xba, 0xb8, 0x9f, 0x34,         /* currentTs = 1795146300000 */
  0xa0, 0x06, 0x07,                                 /* field 100, varint: unknown */
};

static const guint8 hand_market_info[] = {
  0x08, 0x02,                                       /* type = market_info */
  0x18, 0xe0, 0xf4, 0xba, 0xb8, 0x9f, 0x34,         /* currentTs = 1795146300000 */
  0x22, 0x0c,                                       /* marketInfo, 12 bytes */
    0x0a, 0x0a,                                     /* segmentStatus entry, 10 bytes */
      0x0a, 0x06, 'N', 'S', 'E', '_', 'F', 'O',     /* key */
      0x10, 0x03,                                   /* value = NORMAL_CLOSE */
};

static void
test_hand_written (void)
{
  g_autoptr(FlowUpstoxMarketData) md = flow_upstox_market_data_new (KEY);
  g_autoptr(GBytes) live = g_bytes_new_static (hand_live_ltpc, sizeof hand_live_ltpc);
  g_autoptr(GBytes) info_frame = g_bytes_new_static (hand_market_info, sizeof hand_market_info);
  FlowSnapshot want = {
    .ts_ms = T0, .ltp = 2490665, .ltq = 75, .close = 2440000, .last_trade_ms = T0 - 5,
  };
  FlowUpstoxFrameInfo info;
  FlowSnapshot got;

  g_assert_true (apply_bytes (md, live, &info, &got));
  g_assert_cmpint (info.type, ==, FLOW_UPSTOX_FRAME_LIVE_FEED);
  g_assert_cmpint (info.current_ts_ms, ==, T0);
  flow_test_assert_snapshots_equal (&got, &want);

  g_assert_false (apply_bytes (md, info_frame, &info, &got));
  g_assert_cmpint (info.type, ==, FLOW_UPSTOX_FRAME_MARKET_INFO);
  g_assert_cmpint (info.current_ts_ms, ==, T0);
  g_assert_cmpint (info.segment_status, ==, 3);

  /* Zero bytes are a FeedResponse with every field at its default: an initial_feed of
   * nothing, which leaves the state alone. */
  {
    gboolean has_snapshot = TRUE;

    g_assert_true (flow_upstox_market_data_apply (md, NULL, 0, &info, &got, &has_snapshot,
                                                  NULL));
    g_assert_false (has_snapshot);
    g_assert_cmpint (info.type, ==, FLOW_UPSTOX_FRAME_INITIAL_FEED);
    g_assert_cmpint (info.current_ts_ms, ==, 0);
    g_assert_cmpint (info.segment_status, ==, -1);
  }
  g_assert_true (apply_bytes (md, live, &info, &got));
  flow_test_assert_snapshots_equal (&got, &want);
}

/* Unknown fields of every wire type after a good frame change nothing. */
static void
test_unknown_fields (void)
{
  static const guint8 unknown[] = {
    0xa0, 0x06, 0x05,                               /* field 100, varint */
    0xaa, 0x06, 0x03, 'a', 'b', 'c',                /* field 101, length-delimited */
    0xb1, 0x06, 1, 2, 3, 4, 5, 6, 7, 8,             /* field 102, fixed64 */
    0xbd, 0x06, 1, 2, 3, 4,                         /* field 103, fixed32 */
  };
  g_autoptr(FlowUpstoxMarketData) md = flow_upstox_market_data_new (KEY);
  FlowTestUpstoxTick tick = full_tick ();
  g_autoptr(GBytes) frame = flow_test_upstox_encode_tick (&tick);
  g_autoptr(GByteArray) longer = g_byte_array_new ();
  g_autoptr(GBytes) longer_frame = NULL;
  FlowSnapshot want = full_snapshot ();
  FlowUpstoxFrameInfo info;
  FlowSnapshot got;
  gsize length;
  const guint8 *data = g_bytes_get_data (frame, &length);

  g_byte_array_append (longer, data, length);
  g_byte_array_append (longer, unknown, sizeof unknown);
  longer_frame = g_byte_array_free_to_bytes (g_steal_pointer (&longer));
  g_assert_true (apply_bytes (md, longer_frame, &info, &got));
  flow_test_assert_snapshots_equal (&got, &want);
}

static void
test_refused_frames (void)
{
  static const guint8 bad_wire_type[] = { 0x0f, 0x00 };         /* field 1, wire type 7 */
  static const guint8 type_as_double[] = { 0x09, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f };
  static const guint8 unterminated[] = { 0x18, 0xff, 0xff, 0xff };
  static const guint8 overlong_feed[] = { 0x12, 0x7f, 0x0a, 0x01, 'x' };
  static const char json[] = "{\"guid\":\"x\",\"method\":\"sub\"}";
  g_autoptr(FlowUpstoxMarketData) md = flow_upstox_market_data_new (KEY);
  FlowTestUpstoxTick tick = full_tick ();
  g_autoptr(GBytes) frame = NULL;
  g_autofree guint8 *big = NULL;
  FlowSnapshot got;
  gsize length;
  const guint8 *data;
  guint refused = 0;

  apply_tick (md, &tick, &got);

  assert_refused (md, bad_wire_type, sizeof bad_wire_type,
                  FLOW_UPSTOX_MARKET_DATA_ERROR_MALFORMED);
  assert_refused (md, type_as_double, sizeof type_as_double,
                  FLOW_UPSTOX_MARKET_DATA_ERROR_MALFORMED);
  assert_refused (md, unterminated, sizeof unterminated,
                  FLOW_UPSTOX_MARKET_DATA_ERROR_MALFORMED);
  assert_refused (md, overlong_feed, sizeof overlong_feed,
                  FLOW_UPSTOX_MARKET_DATA_ERROR_MALFORMED);
  assert_refused (md, (const guint8 *) json, strlen (json),
                  FLOW_UPSTOX_MARKET_DATA_ERROR_MALFORMED);
  assert_state_is_full_tick (md, 1000010);

  /* Truncated copies of a live frame with a different price: a cut inside a field or a
   * sub-message is refused, and nothing of the frame is kept. (A cut between two top-level
   * fields is a shorter frame, valid by the wire format.) */
  tick = full_tick ();
  tick.type = FLOW_UPSTOX_FRAME_LIVE_FEED;
  tick.ltp = 1.0;
  tick.cp = 2.0;
  tick.vtt = 7;
  frame = flow_test_upstox_encode_tick (&tick);
  data = g_bytes_get_data (frame, &length);
  for (gsize cut = 1; cut < length - 7; cut++)
    {
      g_autoptr(GError) error = NULL;
      FlowUpstoxFrameInfo info;
      gboolean has_snapshot;

      if (flow_upstox_market_data_apply (md, data, cut, &info, &got, &has_snapshot, &error))
        {
          /* Only the frame's type fits before the feeds entry. */
          g_assert_cmpuint (cut, ==, 2);
          g_assert_false (has_snapshot);
          continue;
        }
      g_assert_error (error, FLOW_UPSTOX_MARKET_DATA_ERROR,
                      FLOW_UPSTOX_MARKET_DATA_ERROR_MALFORMED);
      refused++;
    }
  g_assert_cmpuint (refused, ==, length - 7 - 2);
  assert_refused (md, data, length - 1, FLOW_UPSTOX_MARKET_DATA_ERROR_MALFORMED);
  assert_state_is_full_tick (md, 1000011);

  /* Exactly 1 MiB (a good frame padded with an unknown field) is read; one byte more is
   * refused unread. */
  big = g_malloc0 (FLOW_UPSTOX_MARKET_DATA_MAX_FRAME + 1);
  {
    FlowTestUpstoxTick probe = volume_tick (T0 + 1, 1000012);
    g_autoptr(GBytes) small = flow_test_upstox_encode_tick (&probe);
    gsize small_length, pad;
    const guint8 *small_data = g_bytes_get_data (small, &small_length);
    FlowUpstoxFrameInfo info;
    gboolean has_snapshot;
    guint8 *p = big;

    memcpy (p, small_data, small_length);
    p += small_length;
    /* field 100, length-delimited, with a 3-byte varint length */
    pad = FLOW_UPSTOX_MARKET_DATA_MAX_FRAME - small_length - 2 - 3;
    *p++ = 0xa2;
    *p++ = 0x06;
    *p++ = 0x80 | (pad & 0x7f);
    *p++ = 0x80 | ((pad >> 7) & 0x7f);
    *p++ = (pad >> 14) & 0x7f;
    g_assert_true (flow_upstox_market_data_apply (md, big, FLOW_UPSTOX_MARKET_DATA_MAX_FRAME,
                                                  &info, &got, &has_snapshot, NULL));
    g_assert_true (has_snapshot);
    g_assert_cmpint (got.volume, ==, 1000012);
  }
  assert_refused (md, big, FLOW_UPSTOX_MARKET_DATA_MAX_FRAME + 1,
                  FLOW_UPSTOX_MARKET_DATA_ERROR_TOO_LARGE);
  assert_state_is_full_tick (md, 1000013);

  /* A type this decoder does not know: replace or merge cannot be told. */
  tick = full_tick ();
  tick.type = 7;
  assert_tick_refused (md, &tick);
  assert_state_is_full_tick (md, 1000014);
}

/* One bad double spoils the frame, whatever else it carries, and leaves the state alone. */
static void
test_bad_values (void)
{
  g_autoptr(FlowUpstoxMarketData) md = flow_upstox_market_data_new (KEY);
  FlowTestUpstoxTick tick = full_tick ();
  FlowSnapshot got;
  gint64 vtt = 1000100;

  apply_tick (md, &tick, &got);
  for (guint i = 0; i < 15; i++)
    {
      FlowTestUpstoxTick bad = full_tick ();

      bad.type = i % 2 ? FLOW_UPSTOX_FRAME_LIVE_FEED : FLOW_UPSTOX_FRAME_INITIAL_FEED;
      bad.ltp = 1.0;
      bad.vtt = 1;
      switch (i)
        {
        case 0: bad.ltp = NAN; break;
        case 1: bad.ltp = -24906.65; break;
        case 2: bad.ltp = INFINITY; break;
        case 3: bad.ltp = 1e13; break;               /* 10^15 paise: no market's */
        case 4: bad.ltp = 1e300; break;              /* would overflow gint64 paise */
        case 5: bad.cp = NAN; break;
        case 6: bad.bid = -INFINITY; break;
        case 7: bad.ask = NAN; break;
        case 8: bad.open = NAN; break;
        case 9: bad.low = -1; break;
        case 10: bad.oi = NAN; break;
        case 11: bad.tbq = -5; break;
        case 12: bad.tsq = 1e30; break;
        case 13: bad.vtt = -1; break;
        case 14: bad.ltt_ms = -1; break;
        default: g_assert_not_reached ();
        }
      assert_tick_refused (md, &bad);
      assert_state_is_full_tick (md, vtt++);
    }

  /* Doubles this decoder does not read (atp, iv, the I1 candle, other keys' feeds) cannot
   * spoil a frame. */
  {
    FlowTestUpstoxTick ticks[2] = { full_tick (), full_tick () };
    g_autoptr(GBytes) frame = NULL;
    FlowUpstoxFrameInfo info;
    FlowSnapshot want = full_snapshot ();

    ticks[0].instrument_key = OTHER_KEY;
    ticks[0].ltp = NAN;
    ticks[1].atp = NAN;
    ticks[1].iv = -INFINITY;
    ticks[1].close = NAN;    /* the 1d candle's close: the close we carry is ltpc.cp */
    frame = flow_test_upstox_encode_ticks (ticks, 2);
    g_assert_true (apply_bytes (md, frame, &info, &got));
    flow_test_assert_snapshots_equal (&got, &want);
  }
}

static void
test_rounding (void)
{
  static const struct { double rupees; gint64 paise; } cases[] = {
    { 24906.65, 2490665 }, { 0.05, 5 }, { 19999.99, 1999999 }, { 24906.649999999, 2490665 },
    { 0.1 + 0.2, 30 }, { 123456789.01, 12345678901 }, { 1e12, G_GINT64_CONSTANT (100000000000000) },
  };
  g_autoptr(FlowUpstoxMarketData) md = flow_upstox_market_data_new (KEY);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      FlowTestUpstoxTick tick = full_tick ();
      FlowSnapshot got;

      tick.ltp = tick.bid = tick.ask = tick.cp = tick.open = cases[i].rupees;
      tick.depth_levels = 1;
      apply_tick (md, &tick, &got);
      g_assert_cmpint (got.ltp, ==, cases[i].paise);
      g_assert_cmpint (got.bid, ==, cases[i].paise);
      g_assert_cmpint (got.ask, ==, cases[i].paise);
      g_assert_cmpint (got.close, ==, cases[i].paise);
      g_assert_cmpint (got.open, ==, cases[i].paise);
    }
}

/* ts_ms: currentTs, else this frame's ltt, else 0 (the caller's receive time). */
static void
test_timestamps (void)
{
  g_autoptr(FlowUpstoxMarketData) md = flow_upstox_market_data_new (KEY);
  FlowTestUpstoxTick tick = full_tick ();
  FlowSnapshot got;

  tick.current_ts_ms = 0;
  apply_tick (md, &tick, &got);
  g_assert_cmpint (got.ts_ms, ==, T0 - 5);
  g_assert_cmpint (got.last_trade_ms, ==, T0 - 5);

  tick = volume_tick (0, 1000001);
  apply_tick (md, &tick, &got);
  g_assert_cmpint (got.ts_ms, ==, 0);
  g_assert_cmpint (got.last_trade_ms, ==, T0 - 5);
  g_assert_cmpint (got.volume, ==, 1000001);

  tick = full_tick ();
  tick.current_ts_ms = -1;
  assert_tick_refused (md, &tick);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/upstox-market-data/initial-then-deltas", test_initial_then_deltas);
  g_test_add_func ("/upstox-market-data/initial-replaces", test_initial_replaces);
  g_test_add_func ("/upstox-market-data/market-info", test_market_info);
  g_test_add_func ("/upstox-market-data/other-key", test_other_key);
  g_test_add_func ("/upstox-market-data/two-keys", test_two_keys);
  g_test_add_func ("/upstox-market-data/shapes", test_shapes);
  g_test_add_func ("/upstox-market-data/hand-written", test_hand_written);
  g_test_add_func ("/upstox-market-data/unknown-fields", test_unknown_fields);
  g_test_add_func ("/upstox-market-data/refused-frames", test_refused_frames);
  g_test_add_func ("/upstox-market-data/bad-values", test_bad_values);
  g_test_add_func ("/upstox-market-data/rounding", test_rounding);
  g_test_add_func ("/upstox-market-data/timestamps", test_timestamps);

  return g_test_run ();
}

/* flow-test-upstox-frames.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-ist.h"
#include "flow-test-upstox-frames.h"
#include "upstox-market-data-feed-v3.pb-c.h"

typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__FeedResponse                  PbFeedResponse;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__FeedResponse__FeedsEntry      PbFeedsEntry;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__Feed                          PbFeed;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__FullFeed                      PbFullFeed;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__MarketFullFeed                PbMarketFullFeed;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__IndexFullFeed                 PbIndexFullFeed;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__FirstLevelWithGreeks          PbFirstLevel;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__LTPC                          PbLtpc;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__MarketLevel                   PbMarketLevel;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__Quote                         PbQuote;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__OptionGreeks                  PbOptionGreeks;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__MarketOHLC                    PbMarketOhlc;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__OHLC                          PbOhlc;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__MarketInfo                    PbMarketInfo;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__MarketInfo__SegmentStatusEntry PbSegmentEntry;

#define PB(name) COM__UPSTOX__MARKETDATAFEEDERV3UDAPI__RPC__PROTO__##name
#define pb(name) com__upstox__marketdatafeederv3udapi__rpc__proto__##name

/* upstox.md §5.5: the segments the server reports right after connecting. */
static const char *const segments[] = {
  "NSE_EQ", "NSE_FO", "NSE_INDEX", "BSE_EQ", "BSE_FO", "BSE_INDEX", "MCX_FO", "MCX_INDEX",
  "NCD_FO", "BCD_FO", "NSE_COM",
};

#define STEP 0.05

/* Every message of one feed, on the caller's stack until the frame is packed. */
typedef struct
{
  PbFeedsEntry      entry;
  PbFeed            feed;
  PbFullFeed        full;
  PbMarketFullFeed  market;
  PbIndexFullFeed   index;
  PbFirstLevel      first;
  PbLtpc            ltpc;
  PbMarketLevel     level;
  PbQuote           quotes[FLOW_TEST_UPSTOX_MAX_DEPTH];
  PbQuote          *quote_pointers[FLOW_TEST_UPSTOX_MAX_DEPTH];
  PbOptionGreeks    greeks;
  PbMarketOhlc      market_ohlc;
  PbOhlc            candles[2];
  PbOhlc           *candle_pointers[2];
} FeedMessages;

static void
build_feed (const FlowTestUpstoxTick *tick,
            FeedMessages             *m)
{
  guint levels = tick->depth_levels == 0 ? 5 : tick->depth_levels;
  PbLtpc *ltpc = tick->with_ltpc ? &m->ltpc : NULL;
  PbMarketOhlc *ohlc = tick->with_ohlc ? &m->market_ohlc : NULL;
  PbOptionGreeks *greeks = tick->with_greeks ? &m->greeks : NULL;

  g_assert_nonnull (tick->instrument_key);
  g_assert_cmpuint (levels, <=, FLOW_TEST_UPSTOX_MAX_DEPTH);

  *m = (FeedMessages) {
    .entry = PB (FEED_RESPONSE__FEEDS_ENTRY__INIT),
    .feed = PB (FEED__INIT),
    .full = PB (FULL_FEED__INIT),
    .market = PB (MARKET_FULL_FEED__INIT),
    .index = PB (INDEX_FULL_FEED__INIT),
    .first = PB (FIRST_LEVEL_WITH_GREEKS__INIT),
    .ltpc = PB (LTPC__INIT),
    .level = PB (MARKET_LEVEL__INIT),
    .greeks = PB (OPTION_GREEKS__INIT),
    .market_ohlc = PB (MARKET_OHLC__INIT),
  };
  m->ltpc.ltp = tick->ltp;
  m->ltpc.ltt = tick->ltt_ms;
  m->ltpc.ltq = tick->ltq;
  m->ltpc.cp = tick->cp;

  for (guint i = 0; i < levels; i++)
    {
      m->quotes[i] = (PbQuote) PB (QUOTE__INIT);
      m->quotes[i].bidq = tick->bid_qty;
      m->quotes[i].bidp = tick->bid != 0 ? tick->bid - STEP * i : 0;
      m->quotes[i].askq = tick->ask_qty;
      m->quotes[i].askp = tick->ask != 0 ? tick->ask + STEP * i : 0;
      m->quote_pointers[i] = &m->quotes[i];
    }
  m->level.n_bidaskquote = levels;
  m->level.bidaskquote = m->quote_pointers;

  m->candles[0] = (PbOhlc) PB (OHLC__INIT);
  m->candles[0].interval = (char *) "1d";
  m->candles[0].open = tick->open;
  m->candles[0].high = tick->high;
  m->candles[0].low = tick->low;
  m->candles[0].close = tick->close;
  m->candles[0].vol = tick->vtt;
  m->candles[0].ts = flow_ist_day_start_ms (tick->current_ts_ms);
  m->candles[1] = (PbOhlc) PB (OHLC__INIT);
  m->candles[1].interval = (char *) "I1";
  m->candles[1].open = m->candles[1].high = m->candles[1].low = m->candles[1].close = tick->ltp;
  m->candles[1].vol = tick->ltq;
  m->candles[1].ts = flow_floor_div (tick->current_ts_ms, 60000) * 60000;
  m->candle_pointers[0] = &m->candles[0];
  m->candle_pointers[1] = &m->candles[1];
  m->market_ohlc.n_ohlc = 2;
  m->market_ohlc.ohlc = m->candle_pointers;

  m->entry.key = (char *) tick->instrument_key;
  m->entry.value = &m->feed;
  switch (tick->shape)
    {
    case FLOW_TEST_UPSTOX_MARKET_FF:
      m->market.ltpc = ltpc;
      m->market.marketlevel = tick->with_depth ? &m->level : NULL;
      m->market.optiongreeks = greeks;
      m->market.marketohlc = ohlc;
      m->market.atp = tick->atp;
      m->market.vtt = tick->vtt;
      m->market.oi = tick->oi;
      m->market.iv = tick->iv;
      m->market.tbq = tick->tbq;
      m->market.tsq = tick->tsq;
      m->full.full_feed_union_case = PB (FULL_FEED__FULL_FEED_UNION_MARKET_FF);
      m->full.marketff = &m->market;
      m->feed.feed_union_case = PB (FEED__FEED_UNION_FULL_FEED);
      m->feed.fullfeed = &m->full;
      m->feed.requestmode = PB (REQUEST_MODE__full_d5);
      break;
    case FLOW_TEST_UPSTOX_INDEX_FF:
      m->index.ltpc = ltpc;
      m->index.marketohlc = ohlc;
      m->full.full_feed_union_case = PB (FULL_FEED__FULL_FEED_UNION_INDEX_FF);
      m->full.indexff = &m->index;
      m->feed.feed_union_case = PB (FEED__FEED_UNION_FULL_FEED);
      m->feed.fullfeed = &m->full;
      m->feed.requestmode = PB (REQUEST_MODE__full_d5);
      break;
    case FLOW_TEST_UPSTOX_LTPC:
      /* The oneof member is the LTPC itself: there is no "absent" to send. */
      m->feed.feed_union_case = PB (FEED__FEED_UNION_LTPC);
      m->feed.ltpc = &m->ltpc;
      m->feed.requestmode = PB (REQUEST_MODE__ltpc);
      break;
    case FLOW_TEST_UPSTOX_FIRST_LEVEL:
      m->first.ltpc = ltpc;
      m->first.firstdepth = tick->with_depth ? &m->quotes[0] : NULL;
      m->first.optiongreeks = greeks;
      m->first.vtt = tick->vtt;
      m->first.oi = tick->oi;
      m->first.iv = tick->iv;
      m->feed.feed_union_case = PB (FEED__FEED_UNION_FIRST_LEVEL_WITH_GREEKS);
      m->feed.firstlevelwithgreeks = &m->first;
      m->feed.requestmode = PB (REQUEST_MODE__option_greeks);
      break;
    default:
      g_assert_not_reached ();
    }
}

static GBytes *
pack (const PbFeedResponse *response)
{
  gsize size = pb (feed_response__get_packed_size) (response);
  guint8 *data = g_malloc (MAX (size, 1));

  g_assert_cmpuint (pb (feed_response__pack) (response, data), ==, size);
  return g_bytes_new_take (data, size);
}

GBytes *
flow_test_upstox_encode_ticks (const FlowTestUpstoxTick *ticks,
                               guint                     n_ticks)
{
  PbFeedResponse response = PB (FEED_RESPONSE__INIT);
  g_autofree FeedMessages *messages = g_new (FeedMessages, n_ticks);
  g_autofree PbFeedsEntry **entries = g_new (PbFeedsEntry *, n_ticks);

  g_assert_cmpuint (n_ticks, >, 0);
  for (guint i = 0; i < n_ticks; i++)
    {
      build_feed (&ticks[i], &messages[i]);
      entries[i] = &messages[i].entry;
    }
  response.type = (int) ticks[0].type;
  response.currentts = ticks[0].current_ts_ms;
  response.n_feeds = n_ticks;
  response.feeds = entries;
  return pack (&response);
}

GBytes *
flow_test_upstox_encode_tick (const FlowTestUpstoxTick *tick)
{
  return flow_test_upstox_encode_ticks (tick, 1);
}

GBytes *
flow_test_upstox_encode_market_info (gint64      current_ts_ms,
                                     const char *segment,
                                     int         status)
{
  PbFeedResponse response = PB (FEED_RESPONSE__INIT);
  PbMarketInfo info = PB (MARKET_INFO__INIT);
  PbSegmentEntry entries[G_N_ELEMENTS (segments) + 1];
  PbSegmentEntry *pointers[G_N_ELEMENTS (segments) + 1];
  gboolean listed = FALSE;
  guint n = 0;

  g_assert_nonnull (segment);
  for (guint i = 0; i < G_N_ELEMENTS (segments) + 1; i++)
    {
      const char *name = i < G_N_ELEMENTS (segments) ? segments[i] : segment;
      gboolean ours = g_str_equal (name, segment);

      if (i == G_N_ELEMENTS (segments) && listed)
        break;
      listed = listed || ours;
      entries[n] = (PbSegmentEntry) PB (MARKET_INFO__SEGMENT_STATUS_ENTRY__INIT);
      entries[n].key = (char *) name;
      entries[n].value = ours ? status : (status + 1) % 6;
      pointers[n] = &entries[n];
      n++;
    }
  info.n_segmentstatus = n;
  info.segmentstatus = pointers;
  response.type = PB (TYPE__market_info);
  response.currentts = current_ts_ms;
  response.marketinfo = &info;
  return pack (&response);
}

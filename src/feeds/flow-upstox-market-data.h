/* flow-upstox-market-data.h: Upstox v3 FeedResponse frames merged into one instrument's
 * snapshots (shared/protocols/upstox.md §5.4–5.5, shared/design/sources.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "flow-snapshot.h"

G_BEGIN_DECLS

/* Frames over 1 MiB are refused before protobuf-c sees them: a `full` frame of one key is a
 * few hundred bytes, and the unpacked tree costs many times the frame's size. */
#define FLOW_UPSTOX_MARKET_DATA_MAX_FRAME (1024 * 1024)

#define FLOW_UPSTOX_MARKET_DATA_ERROR (flow_upstox_market_data_error_quark ())

typedef enum
{
  FLOW_UPSTOX_MARKET_DATA_ERROR_MALFORMED,   /* not a FeedResponse, or values no market has */
  FLOW_UPSTOX_MARKET_DATA_ERROR_TOO_LARGE,   /* over FLOW_UPSTOX_MARKET_DATA_MAX_FRAME */
} FlowUpstoxMarketDataError;

/* FeedResponse.type */
typedef enum
{
  FLOW_UPSTOX_FRAME_INITIAL_FEED = 0,
  FLOW_UPSTOX_FRAME_LIVE_FEED    = 1,
  FLOW_UPSTOX_FRAME_MARKET_INFO  = 2,
} FlowUpstoxFrameType;

typedef struct
{
  FlowUpstoxFrameType type;
  gint64              current_ts_ms;    /* FeedResponse.currentTs, 0 when absent */
  guint               n_other_feeds;    /* feeds entries for keys other than ours: counted and
                                         * skipped */
  int                 segment_status;   /* MarketStatus (0–5) of our key's segment (the part
                                         * of the key before '|') from marketInfo; -1 when the
                                         * frame has none, or a value outside the enum */
} FlowUpstoxFrameInfo;

/* Opaque: one instrument's cached state, and the scratch memory its frames unpack into. */
typedef struct _FlowUpstoxMarketData FlowUpstoxMarketData;

GQuark                flow_upstox_market_data_error_quark        (void);

FlowUpstoxMarketData *flow_upstox_market_data_new                (const char            *instrument_key);
void                  flow_upstox_market_data_free               (FlowUpstoxMarketData  *self);
const char           *flow_upstox_market_data_get_instrument_key (FlowUpstoxMarketData  *self);
/* Forgets every cached value: a new connection starts from its own initial_feed. */
void                  flow_upstox_market_data_reset              (FlowUpstoxMarketData  *self);
/* Decodes one binary frame. FALSE with @error when it is malformed or too large (the cached
 * state is then unchanged). Otherwise fills @info and, when the frame carried a feed for our
 * key and the merged state has a last price, merges it and fills @snapshot
 * (*has_snapshot = TRUE); else *has_snapshot = FALSE. resync is always FALSE in @snapshot:
 * the caller sets it.
 *
 * The feed of our key is read from whichever shape the subscription mode gives it:
 * fullFeed.marketFF (futures, equities), fullFeed.indexFF (indices: ltpc and OHLC only),
 * ltpc, or firstLevelWithGreeks (ltpc, firstDepth as level 0, vtt, oi), so that a mode change
 * never loses data. When a key appears twice in one frame the last entry counts, as protobuf
 * maps decide.
 *
 * Merge rule. A live_feed may leave out unchanged sub-messages, and proto3 does not send a
 * field at its default, so:
 *   - a sub-message that is absent (ltpc, marketLevel, marketOHLC, firstDepth) keeps its
 *     cached values;
 *   - within a present sub-message, a scalar of 0 keeps its cached value (ltp, ltq, ltt, cp,
 *     vtt, oi, tbq, tsq, and open/high/low of the "1d" candle of marketOHLC);
 *   - except the depth: a present marketLevel (or firstDepth) replaces level 0 whole, and a
 *     side whose price or quantity is 0 is empty (its bid or ask becomes 0);
 *   - an initial_feed for our key replaces the cached state whole (as if reset first).
 * The merge is done on a copy and kept only when the whole feed of our key was valid: a NaN,
 * an infinity, a negative price, quantity or time, or a price beyond any market's
 * (1e12 rupees) makes the frame MALFORMED and leaves the state as it was. Feeds of other keys
 * are not read, so their values cannot refuse the frame. An unknown FeedResponse.type is
 * MALFORMED too: whether it replaces or merges cannot be known.
 *
 * Snapshot: ts_ms = currentTs, else this frame's ltpc.ltt, else 0 (the caller then uses the
 * receive time; a cached ltt would date new volume in the past); ltp, bid, ask, open, high,
 * low and close (ltpc.cp, the previous close) are rupees × 100 rounded to paise; volume = vtt;
 * total_buy_qty/total_sell_qty = tbq/tsq and oi rounded to units; last_trade_ms = ltt. */
gboolean              flow_upstox_market_data_apply              (FlowUpstoxMarketData  *self,
                                                                  const guint8          *data,
                                                                  gsize                  length,
                                                                  FlowUpstoxFrameInfo   *info,
                                                                  FlowSnapshot          *snapshot,
                                                                  gboolean              *has_snapshot,
                                                                  GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlowUpstoxMarketData, flow_upstox_market_data_free)

G_END_DECLS

/* flow-upstox-market-data.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-upstox-market-data"

#include "config.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "flow-upstox-market-data.h"
#include "upstox-market-data-feed-v3.pb-c.h"

G_DEFINE_QUARK (flow-upstox-market-data-error-quark, flow_upstox_market_data_error)

typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__FeedResponse         PbFeedResponse;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__Feed                 PbFeed;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__FullFeed             PbFullFeed;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__MarketFullFeed       PbMarketFullFeed;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__IndexFullFeed        PbIndexFullFeed;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__FirstLevelWithGreeks PbFirstLevel;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__LTPC                 PbLtpc;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__Quote                PbQuote;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__MarketOHLC           PbMarketOhlc;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__OHLC                 PbOhlc;
typedef Com__Upstox__Marketdatafeederv3udapi__Rpc__Proto__MarketInfo           PbMarketInfo;

#define feed_response_unpack com__upstox__marketdatafeederv3udapi__rpc__proto__feed_response__unpack

#define FEED_LTPC        COM__UPSTOX__MARKETDATAFEEDERV3UDAPI__RPC__PROTO__FEED__FEED_UNION_LTPC
#define FEED_FULL        COM__UPSTOX__MARKETDATAFEEDERV3UDAPI__RPC__PROTO__FEED__FEED_UNION_FULL_FEED
#define FEED_FIRST_LEVEL COM__UPSTOX__MARKETDATAFEEDERV3UDAPI__RPC__PROTO__FEED__FEED_UNION_FIRST_LEVEL_WITH_GREEKS
#define FULL_MARKET      COM__UPSTOX__MARKETDATAFEEDERV3UDAPI__RPC__PROTO__FULL_FEED__FULL_FEED_UNION_MARKET_FF
#define FULL_INDEX       COM__UPSTOX__MARKETDATAFEEDERV3UDAPI__RPC__PROTO__FULL_FEED__FULL_FEED_UNION_INDEX_FF

/* MarketStatus of upstox.md §5.4: PRE_OPEN_START … CLOSING_END. */
#define MARKET_STATUS_LAST 5

/* No exchange price comes near 10^12 rupees; below it, prices in paise (10^14) stay far from
 * overflowing gint64 in the footprint's sums and differences. */
#define MAX_PRICE_RUPEES 1e12
/* Beyond 2^53 a double no longer holds whole units: such a quantity is garbage. */
#define MAX_QUANTITY     9007199254740992.0

/* protobuf-c allocates each sub-message of a frame on its own and frees them one by one. A
 * frame's tree lives only until it is merged, so it is bump-allocated from a block kept from
 * frame to frame, and dropped at once: a `full` frame then costs no malloc at all. Chunks
 * beyond the first (frames with many keys, or hostile ones) are freed after their frame. */
#define ARENA_FIRST_SIZE (16 * 1024)
#define ARENA_CHUNK_SIZE (256 * 1024)
#define ARENA_ALIGN      (_Alignof (max_align_t))

typedef struct _ArenaChunk ArenaChunk;

struct _ArenaChunk
{
  ArenaChunk  *next;
  gsize        size;
  gsize        used;
  max_align_t  data[];
};

struct _FlowUpstoxMarketData
{
  char               *instrument_key;
  char               *segment;         /* the key before '|': marketInfo's map key */
  FlowSnapshot        state;           /* merged so far; ts_ms and resync stay 0 */
  ArenaChunk         *chunks;          /* newest first; the last one is kept */
  ProtobufCAllocator  allocator;
};

static ArenaChunk *
arena_chunk_new (gsize        size,
                 ArenaChunk  *next)
{
  ArenaChunk *chunk = g_malloc (sizeof (ArenaChunk) + size);

  chunk->next = next;
  chunk->size = size;
  chunk->used = 0;
  return chunk;
}

static void *
arena_alloc (void   *allocator_data,
             size_t  size)
{
  FlowUpstoxMarketData *self = allocator_data;
  ArenaChunk *chunk = self->chunks;
  void *pointer;

  /* Sizes come from counts in the frame, which is at most 1 MiB; refuse rather than wrap. */
  if (size > G_MAXSIZE / 2)
    return NULL;
  size = (size + ARENA_ALIGN - 1) & ~(gsize) (ARENA_ALIGN - 1);
  if (size > chunk->size - chunk->used)
    {
      chunk = arena_chunk_new (MAX (size, ARENA_CHUNK_SIZE), chunk);
      self->chunks = chunk;
    }
  pointer = (guint8 *) chunk->data + chunk->used;
  chunk->used += size;
  return pointer;
}

/* Everything goes at once in arena_rewind(). */
static void
arena_free (void *allocator_data,
            void *pointer)
{
}

static void
arena_rewind (FlowUpstoxMarketData *self)
{
  while (self->chunks->next != NULL)
    {
      ArenaChunk *next = self->chunks->next;

      g_free (self->chunks);
      self->chunks = next;
    }
  self->chunks->used = 0;
}

FlowUpstoxMarketData *
flow_upstox_market_data_new (const char *instrument_key)
{
  FlowUpstoxMarketData *self;

  g_return_val_if_fail (instrument_key != NULL, NULL);

  self = g_new0 (FlowUpstoxMarketData, 1);
  self->instrument_key = g_strdup (instrument_key);
  self->segment = g_strndup (instrument_key, strcspn (instrument_key, "|"));
  self->chunks = arena_chunk_new (ARENA_FIRST_SIZE, NULL);
  self->allocator.alloc = arena_alloc;
  self->allocator.free = arena_free;
  self->allocator.allocator_data = self;
  return self;
}

void
flow_upstox_market_data_free (FlowUpstoxMarketData *self)
{
  if (self == NULL)
    return;
  arena_rewind (self);
  g_free (self->chunks);
  g_free (self->instrument_key);
  g_free (self->segment);
  g_free (self);
}

const char *
flow_upstox_market_data_get_instrument_key (FlowUpstoxMarketData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->instrument_key;
}

void
flow_upstox_market_data_reset (FlowUpstoxMarketData *self)
{
  g_return_if_fail (self != NULL);

  memset (&self->state, 0, sizeof self->state);
}

static gboolean
malformed (GError     **error,
           const char  *field,
           double       value)
{
  g_set_error (error, FLOW_UPSTOX_MARKET_DATA_ERROR, FLOW_UPSTOX_MARKET_DATA_ERROR_MALFORMED,
               "%s is out of range (%g)", field, value);
  return FALSE;
}

/* The merge helpers below check the value first, then let 0 (proto3's "not sent") keep the
 * cached one. */

static gboolean
merge_price (double       rupees,
             gint64      *paise,
             const char  *field,
             GError     **error)
{
  gint64 value;

  if (!isfinite (rupees) || rupees < 0 || rupees > MAX_PRICE_RUPEES)
    return malformed (error, field, rupees);
  value = llround (rupees * 100);
  if (value != 0)
    *paise = value;
  return TRUE;
}

static gboolean
merge_quantity (double       units,
                gint64      *cached,
                const char  *field,
                GError     **error)
{
  gint64 value;

  if (!isfinite (units) || units < 0 || units > MAX_QUANTITY)
    return malformed (error, field, units);
  value = llround (units);
  if (value != 0)
    *cached = value;
  return TRUE;
}

/* Volumes, quantities and epoch times sent as int64. */
static gboolean
merge_count (gint64       count,
             gint64      *cached,
             const char  *field,
             GError     **error)
{
  if (count < 0)
    return malformed (error, field, (double) count);
  if (count != 0)
    *cached = count;
  return TRUE;
}

static gboolean
merge_ltpc (const PbLtpc  *ltpc,
            FlowSnapshot  *state,
            GError       **error)
{
  return merge_price (ltpc->ltp, &state->ltp, "ltpc.ltp", error) &&
         merge_count (ltpc->ltt, &state->last_trade_ms, "ltpc.ltt", error) &&
         merge_count (ltpc->ltq, &state->ltq, "ltpc.ltq", error) &&
         merge_price (ltpc->cp, &state->close, "ltpc.cp", error);
}

/* One side of a depth level: a price with no quantity (or none at all) is no quote. */
static gboolean
read_side (gint64       quantity,
           double       rupees,
           gint64      *paise,
           const char  *field,
           GError     **error)
{
  gint64 price = 0;

  if (quantity < 0)
    return malformed (error, field, (double) quantity);
  if (!merge_price (rupees, &price, field, error))
    return FALSE;
  *paise = quantity > 0 ? price : 0;
  return TRUE;
}

/* Level 0 is replaced whole, never merged: an empty side is news, not an omission. @quote is
 * NULL for a level that was sent with no quotes. */
static gboolean
replace_level (const PbQuote  *quote,
               FlowSnapshot   *state,
               GError        **error)
{
  gint64 bid = 0, ask = 0;

  if (quote != NULL &&
      (!read_side (quote->bidq, quote->bidp, &bid, "bidAskQuote[0].bid", error) ||
       !read_side (quote->askq, quote->askp, &ask, "bidAskQuote[0].ask", error)))
    return FALSE;
  state->bid = bid;
  state->ask = ask;
  return TRUE;
}

/* The day's candle is "1d" (the others are intraday, "I1" and so on); the first one counts. */
static gboolean
merge_ohlc (const PbMarketOhlc  *market_ohlc,
            FlowSnapshot        *state,
            GError             **error)
{
  for (gsize i = 0; i < market_ohlc->n_ohlc; i++)
    {
      const PbOhlc *ohlc = market_ohlc->ohlc[i];

      if (ohlc == NULL || ohlc->interval == NULL || strcmp (ohlc->interval, "1d") != 0)
        continue;
      return merge_price (ohlc->open, &state->open, "marketOHLC 1d open", error) &&
             merge_price (ohlc->high, &state->high, "marketOHLC 1d high", error) &&
             merge_price (ohlc->low, &state->low, "marketOHLC 1d low", error);
    }
  return TRUE;
}

static gboolean
merge_market_full (const PbMarketFullFeed  *ff,
                   FlowSnapshot            *state,
                   GError                 **error)
{
  if (ff->ltpc != NULL && !merge_ltpc (ff->ltpc, state, error))
    return FALSE;
  if (ff->marketlevel != NULL &&
      !replace_level (ff->marketlevel->n_bidaskquote > 0 ? ff->marketlevel->bidaskquote[0] : NULL,
                      state, error))
    return FALSE;
  if (ff->marketohlc != NULL && !merge_ohlc (ff->marketohlc, state, error))
    return FALSE;
  return merge_count (ff->vtt, &state->volume, "vtt", error) &&
         merge_quantity (ff->oi, &state->oi, "oi", error) &&
         merge_quantity (ff->tbq, &state->total_buy_qty, "tbq", error) &&
         merge_quantity (ff->tsq, &state->total_sell_qty, "tsq", error);
}

static gboolean
merge_index_full (const PbIndexFullFeed  *ff,
                  FlowSnapshot           *state,
                  GError                **error)
{
  if (ff->ltpc != NULL && !merge_ltpc (ff->ltpc, state, error))
    return FALSE;
  return ff->marketohlc == NULL || merge_ohlc (ff->marketohlc, state, error);
}

static gboolean
merge_first_level (const PbFirstLevel  *first,
                   FlowSnapshot        *state,
                   GError             **error)
{
  if (first->ltpc != NULL && !merge_ltpc (first->ltpc, state, error))
    return FALSE;
  if (first->firstdepth != NULL && !replace_level (first->firstdepth, state, error))
    return FALSE;
  return merge_count (first->vtt, &state->volume, "vtt", error) &&
         merge_quantity (first->oi, &state->oi, "oi", error);
}

/* An empty Feed (no oneof member, or a map entry with no value) merges nothing. */
static gboolean
merge_feed (const PbFeed  *feed,
            FlowSnapshot  *state,
            GError       **error)
{
  if (feed == NULL)
    return TRUE;
  switch (feed->feed_union_case)
    {
    case FEED_LTPC:
      return merge_ltpc (feed->ltpc, state, error);
    case FEED_FIRST_LEVEL:
      return merge_first_level (feed->firstlevelwithgreeks, state, error);
    case FEED_FULL:
      if (feed->fullfeed->full_feed_union_case == FULL_MARKET)
        return merge_market_full (feed->fullfeed->marketff, state, error);
      if (feed->fullfeed->full_feed_union_case == FULL_INDEX)
        return merge_index_full (feed->fullfeed->indexff, state, error);
      return TRUE;
    default:
      return TRUE;
    }
}

/* The ltpc the feed carries in this frame, whatever its shape, NULL when it has none. */
static const PbLtpc *
feed_ltpc (const PbFeed *feed)
{
  if (feed == NULL)
    return NULL;
  switch (feed->feed_union_case)
    {
    case FEED_LTPC:
      return feed->ltpc;
    case FEED_FIRST_LEVEL:
      return feed->firstlevelwithgreeks->ltpc;
    case FEED_FULL:
      if (feed->fullfeed->full_feed_union_case == FULL_MARKET)
        return feed->fullfeed->marketff->ltpc;
      if (feed->fullfeed->full_feed_union_case == FULL_INDEX)
        return feed->fullfeed->indexff->ltpc;
      return NULL;
    default:
      return NULL;
    }
}

/* As in protobuf maps, the last entry for the segment counts. */
static int
segment_status (FlowUpstoxMarketData *self,
                const PbMarketInfo   *info)
{
  int status = -1;

  for (gsize i = 0; i < info->n_segmentstatus; i++)
    if (info->segmentstatus[i]->key != NULL &&
        strcmp (info->segmentstatus[i]->key, self->segment) == 0)
      status = info->segmentstatus[i]->value;
  return status >= 0 && status <= MARKET_STATUS_LAST ? status : -1;
}

/* Everything but the state: the frame as decoded, with the feed of our key found. */
static gboolean
apply_response (FlowUpstoxMarketData  *self,
                const PbFeedResponse  *response,
                FlowUpstoxFrameInfo   *info,
                FlowSnapshot          *snapshot,
                gboolean              *has_snapshot,
                GError               **error)
{
  const PbFeed *ours = NULL;
  gboolean found = FALSE;
  FlowSnapshot merged;
  const PbLtpc *ltpc;

  if ((int) response->type < FLOW_UPSTOX_FRAME_INITIAL_FEED ||
      (int) response->type > FLOW_UPSTOX_FRAME_MARKET_INFO)
    {
      g_set_error (error, FLOW_UPSTOX_MARKET_DATA_ERROR, FLOW_UPSTOX_MARKET_DATA_ERROR_MALFORMED,
                   "unknown FeedResponse type %d", (int) response->type);
      return FALSE;
    }
  if (response->currentts < 0)
    return malformed (error, "currentTs", (double) response->currentts);

  info->type = (FlowUpstoxFrameType) response->type;
  info->current_ts_ms = response->currentts;
  info->n_other_feeds = 0;
  info->segment_status = response->marketinfo != NULL
                         ? segment_status (self, response->marketinfo) : -1;

  for (gsize i = 0; i < response->n_feeds; i++)
    {
      const char *key = response->feeds[i]->key;

      if (key != NULL && strcmp (key, self->instrument_key) == 0)
        {
          ours = response->feeds[i]->value;
          found = TRUE;
        }
      else
        info->n_other_feeds++;
    }
  if (!found)
    return TRUE;

  if (info->type == FLOW_UPSTOX_FRAME_INITIAL_FEED)
    memset (&merged, 0, sizeof merged);
  else
    merged = self->state;
  if (!merge_feed (ours, &merged, error))
    return FALSE;
  self->state = merged;
  if (merged.ltp <= 0)
    return TRUE;

  *snapshot = merged;
  ltpc = feed_ltpc (ours);
  if (response->currentts > 0)
    snapshot->ts_ms = response->currentts;
  else if (ltpc != NULL && ltpc->ltt > 0)
    snapshot->ts_ms = ltpc->ltt;
  else
    snapshot->ts_ms = 0;
  snapshot->resync = FALSE;
  *has_snapshot = TRUE;
  return TRUE;
}

gboolean
flow_upstox_market_data_apply (FlowUpstoxMarketData  *self,
                               const guint8          *data,
                               gsize                  length,
                               FlowUpstoxFrameInfo   *info,
                               FlowSnapshot          *snapshot,
                               gboolean              *has_snapshot,
                               GError               **error)
{
  /* An empty WebSocket message comes as a GBytes whose data is NULL; protobuf-c wants a
   * pointer. Zero bytes are a valid, empty FeedResponse. */
  static const guint8 empty[1];
  PbFeedResponse *response;
  FlowUpstoxFrameInfo frame_info;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (info != NULL, FALSE);
  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (has_snapshot != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  info->type = FLOW_UPSTOX_FRAME_INITIAL_FEED;
  info->current_ts_ms = 0;
  info->n_other_feeds = 0;
  info->segment_status = -1;
  *has_snapshot = FALSE;

  if (length > FLOW_UPSTOX_MARKET_DATA_MAX_FRAME)
    {
      g_set_error (error, FLOW_UPSTOX_MARKET_DATA_ERROR, FLOW_UPSTOX_MARKET_DATA_ERROR_TOO_LARGE,
                   "frame of %" G_GSIZE_FORMAT " bytes is over the %d-byte limit", length,
                   FLOW_UPSTOX_MARKET_DATA_MAX_FRAME);
      return FALSE;
    }

  response = feed_response_unpack (&self->allocator, length, length > 0 ? data : empty);
  if (response == NULL)
    {
      arena_rewind (self);
      g_set_error (error, FLOW_UPSTOX_MARKET_DATA_ERROR, FLOW_UPSTOX_MARKET_DATA_ERROR_MALFORMED,
                   "frame of %" G_GSIZE_FORMAT " bytes is not a FeedResponse", length);
      return FALSE;
    }
  /* Filled aside, so that a refused frame leaves @info as for no frame at all. */
  ok = apply_response (self, response, &frame_info, snapshot, has_snapshot, error);
  arena_rewind (self);
  if (ok)
    *info = frame_info;
  return ok;
}

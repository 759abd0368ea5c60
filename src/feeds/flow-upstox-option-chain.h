/* flow-upstox-option-chain.h: Upstox option-chain (and candle OI) bodies ⇄ FlowOptionChain
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "flow-option-chain.h"

G_BEGIN_DECLS

#define FLOW_UPSTOX_OPTION_CHAIN_ERROR (flow_upstox_option_chain_error_quark ())

typedef enum
{
  FLOW_UPSTOX_OPTION_CHAIN_ERROR_API,     /* {"status":"error",…}: the message is Upstox's */
  FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID, /* not the documented shape; the message names the path */
  FLOW_UPSTOX_OPTION_CHAIN_ERROR_EMPTY,   /* no strikes (an expiry that is not listed) */
} FlowUpstoxOptionChainError;

GQuark flow_upstox_option_chain_error_quark (void);

/* Parses the body of GET /v2/option/chain (shared/protocols/upstox.md §3). The body carries no
 * time, so @time_ms (receive or recorded time) becomes the chain's; the underlying's name
 * comes from underlying_key (see flow_upstox_underlying_name()), the expiry and spot from the
 * strikes. A side may be absent or null, prev_oi may be null; anything else of the wrong type is
 * an error. Strikes come out ascending; lot_size is 0 (the body does not say). */
FlowOptionChain *flow_upstox_option_chain_parse     (JsonNode              *body,
                                                     gint64                 time_ms,
                                                     GError               **error);
/* The reverse, for the demo: a body in the same shape, which flow_upstox_option_chain_parse()
 * turns back into an equal chain (lot size and time aside), so a demo recording replays
 * through the same parser as a live one. */
JsonNode        *flow_upstox_option_chain_serialize (const FlowOptionChain *chain);

/* "NIFTY" ⇄ "NSE_INDEX|Nifty 50", "BANKNIFTY" ⇄ "NSE_INDEX|Nifty Bank"; another name maps to
 * "NSE_INDEX|<name>" and another key to the text after its '|', so both directions round-trip:
 * the demo's recordings name their underlying this way. It is no way to find a real index
 * (FINNIFTY is "NSE_INDEX|Nifty Fin Service"): live feeds look that up in Upstox's
 * instruments file. */
char            *flow_upstox_underlying_key         (const char            *name);
char            *flow_upstox_underlying_name        (const char            *underlying_key);
/* The index key of @name that Upstox's documentation itself names (NIFTY, BANKNIFTY), else
 * NULL. */
const char      *flow_upstox_documented_index_key   (const char            *name);

/* One 1-minute candle's OI, for backfill (flow_oi_tracker_add_candle()). */
typedef struct
{
  gint64 start_ms;
  gint64 oi;
} FlowUpstoxCandleOi;

/* Parses the body of the intraday candle endpoints (§8: data.candles of
 * [timestamp, open, high, low, close, volume, oi]) into an array of FlowUpstoxCandleOi in the
 * order given (newest first, from Upstox). */
GArray          *flow_upstox_candles_parse_oi       (JsonNode              *body,
                                                     GError               **error);

G_END_DECLS

/* flow-upstox-stream.h: the live Upstox v3 market-data feed of one underlying's near-month
 * future, for the footprint
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-credentials.h"
#include "flow-feed.h"
#include "flow-upstox-instruments.h"

G_BEGIN_DECLS

/* Defaults, overridable for tests with flow_upstox_stream_set_timing()
 * (flow-upstox-stream-private.h). Upstox pings an idle socket and libsoup answers; our own
 * pings every 10 s make the server's pongs a sign of life on a quiet contract too. */
#define FLOW_UPSTOX_STREAM_PING_S         10
#define FLOW_UPSTOX_STREAM_WATCHDOG_MS    30000
#define FLOW_UPSTOX_STREAM_BACKOFF_MIN_MS 1000
#define FLOW_UPSTOX_STREAM_BACKOFF_MAX_MS 60000

#define FLOW_TYPE_UPSTOX_STREAM (flow_upstox_stream_get_type ())
G_DECLARE_FINAL_TYPE (FlowUpstoxStream, flow_upstox_stream, FLOW, UPSTOX_STREAM, FlowFeed)

/* Starting runs, on the thread-default main context (sources.md "Upstox v3 feed →
 * footprint"):
 *   the token (keyring: the day's access token, else the Analytics Token) → the near-month
 *   future of @underlying (the instruments file, downloaded once a day and parsed in a worker
 *   thread) → GET …/authorize for a single-use wss address → the socket, subscribed in `full`
 *   mode with a binary frame → FeedResponse frames merged into the contract's state →
 *   snapshots.
 * Every (re)connection authorizes again (the address's code works once) and its first
 * snapshot carries resync, so what traded while the socket was down is gap volume. States:
 * CONNECTING, LIVE once subscribed, RECONNECTING (with the time of the next attempt) after a
 * network failure, a dropped socket, 30 s of silence, a 429 or a server error, with the Angel
 * One feed's backoff, for ever; LOGGED_OUT when there is no usable token or Upstox answers
 * 401 (a new sign-in is needed: start again after it); ERROR when the instruments file names
 * no future or an address is refused. At 15:30 IST on the contract's expiry day the stream
 * moves to the next month's, also in a run still going then. Frames over 1 MiB, malformed
 * frames and text frames are counted and dropped. Endpoints honour ORDERFLOW_UPSTOX_API_URL
 * and ORDERFLOW_UPSTOX_INSTRUMENTS_URL (cli.md), read at each start. */
FlowFeed                   *flow_upstox_stream_new                (FlowCredentials  *credentials,
                                                                   const char       *underlying);
const char                 *flow_upstox_stream_get_underlying     (FlowUpstoxStream *self);
/* The future being streamed, NULL until resolved. */
const FlowUpstoxInstrument *flow_upstox_stream_get_instrument     (FlowUpstoxStream *self);
/* Frames that carried the contract's data, frames rejected as malformed (or too large, or
 * text), and WebSocket connections established since creation. */
guint64                     flow_upstox_stream_get_n_frames       (FlowUpstoxStream *self);
guint64                     flow_upstox_stream_get_n_rejected     (FlowUpstoxStream *self);
guint                       flow_upstox_stream_get_n_connections  (FlowUpstoxStream *self);

G_END_DECLS

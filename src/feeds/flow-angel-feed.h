/* flow-angel-feed.h: the live Angel One SmartAPI feed of one underlying's near-month future
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-credentials.h"
#include "flow-feed.h"
#include "flow-smartapi-client.h"
#include "flow-smartapi-scrip-master.h"

G_BEGIN_DECLS

/* Defaults of smartapi.md §4.4, overridable for tests with flow_angel_feed_set_timing()
 * (flow-angel-feed-private.h). */
#define FLOW_ANGEL_FEED_PING_MS        10000
#define FLOW_ANGEL_FEED_WATCHDOG_MS    30000
#define FLOW_ANGEL_FEED_BACKOFF_MIN_MS 1000
#define FLOW_ANGEL_FEED_BACKOFF_MAX_MS 60000
/* Angel One's limit per client code; a socket counts from its handshake until it is closed. */
#define FLOW_ANGEL_FEED_MAX_SOCKETS    3

#define FLOW_TYPE_ANGEL_FEED (flow_angel_feed_get_type ())
G_DECLARE_FINAL_TYPE (FlowAngelFeed, flow_angel_feed, FLOW, ANGEL_FEED, FlowFeed)

/* Starting runs, on the thread-default main context:
 *   credentials (keyring, async) → login (TOTP) → near-month future of @underlying (scrip
 *   master, cached for the day) → WebSocket 2.0, SnapQuote subscription → snapshots.
 * States: CONNECTING while getting there, LIVE once subscribed, RECONNECTING (with the time of
 * the next attempt) after a network failure, a dropped socket, 30 s of silence, a 401 (the
 * session is renewed first) or a 429, with exponential backoff and jitter from 1 s to 60 s;
 * LOGGED_OUT when the account details are missing or refused and ERROR when something else
 * needs the user (the message says what to fix). Stop, then start, to try again from those.
 *
 * The first snapshot after every (re)connection carries resync, so the footprint reports the
 * volume traded while the socket was down as a gap instead of counting it. Malformed frames
 * are counted (flow_angel_feed_get_n_rejected()) and dropped; they never reach a snapshot.
 * At 15:30 IST on the future's expiry day the feed rolls to the next month's future, also in a
 * run that is going then: the "contract" property changes and the new one is subscribed.
 * Endpoints honour ORDERFLOW_ANGEL_API_URL, ORDERFLOW_ANGEL_WS_URL and
 * ORDERFLOW_ANGEL_SCRIP_MASTER_URL (shared/design/cli.md), read at each start. */
FlowFeed                     *flow_angel_feed_new              (FlowCredentials    *credentials,
                                                               const char         *underlying);
/* The same with an account already in hand (the CLI's login, tests); ORDERFLOW_ANGEL_API_URL
 * is then the client's business. */
FlowFeed                     *flow_angel_feed_new_with_client  (FlowSmartapiClient *client,
                                                               const char         *underlying);
const char                   *flow_angel_feed_get_underlying   (FlowAngelFeed      *self);
/* The future being streamed (token, symbol, tick and lot size), NULL until resolved. */
const FlowSmartapiInstrument *flow_angel_feed_get_instrument   (FlowAngelFeed      *self);
/* Binary frames decoded into snapshots, and frames rejected as malformed (shorter than their
 * mode, a bad header). */
guint64                       flow_angel_feed_get_n_packets    (FlowAngelFeed      *self);
guint64                       flow_angel_feed_get_n_rejected   (FlowAngelFeed      *self);
/* Snapshots decoded from a frame longer than its mode's length (from its known prefix); the
 * LIVE message says "N frames longer than expected" once there are any. */
guint64                       flow_angel_feed_get_n_longer     (FlowAngelFeed      *self);
/* Frames of a mode we did not subscribe (unknown, Depth-20) or of another token: skipped. */
guint64                       flow_angel_feed_get_n_skipped    (FlowAngelFeed      *self);
/* Error frames the server sent (E1001, E1002…). */
guint64                       flow_angel_feed_get_n_server_errors (FlowAngelFeed   *self);
/* WebSocket connections established since creation. */
guint                         flow_angel_feed_get_n_connections (FlowAngelFeed     *self);

G_END_DECLS

/* flow-test-upstox-stream-server.h: Upstox's v3 market-data feed and instruments file, on the
 * loopback REST server of flow-test-upstox-server.h, for tests
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-test-smartapi-server.h"
#include "flow-test-upstox-server.h"

G_BEGIN_DECLS

/* The NIFTY future the instruments file of flow_test_upstox_instruments() makes nearest. */
#define FLOW_TEST_UPSTOX_FUTURE_KEY    "NSE_FO|35001"
#define FLOW_TEST_UPSTOX_FUTURE_SYMBOL "NIFTY FUT NEAR"
/* The next month's NIFTY future, and the nearest BANKNIFTY one, in the same file. */
#define FLOW_TEST_UPSTOX_NEXT_KEY      "NSE_FO|35002"
#define FLOW_TEST_UPSTOX_BANKNIFTY_KEY "NSE_FO|46923"

/* The index keys that the instruments files below give these underlyings' contracts. */
#define FLOW_TEST_UPSTOX_FINNIFTY_INDEX   "NSE_INDEX|Nifty Fin Service"
#define FLOW_TEST_UPSTOX_MIDCPNIFTY_INDEX "NSE_INDEX|NIFTY MID SELECT"
#define FLOW_TEST_UPSTOX_SENSEX_INDEX     "BSE_INDEX|SENSEX"

/* A gzip-compressed instruments file (upstox.md §6) in which NIFTY's futures expire on the IST
 * date of @near_expiry_day_ms (FLOW_TEST_UPSTOX_FUTURE_KEY) and 28 days later
 * (FLOW_TEST_UPSTOX_NEXT_KEY), among decoys: an expired NIFTY future, NIFTY options expiring
 * sooner, BANKNIFTY (FLOW_TEST_UPSTOX_BANKNIFTY_KEY, same dates) and NIFTYNXT50 futures, a
 * NIFTY future on BSE, an equity and an index; and a FINNIFTY and a MIDCPNIFTY option. */
GBytes *flow_test_upstox_instruments     (gint64 near_expiry_day_ms);
/* Upstox's BSE file: SENSEX's index, a future and an option. */
GBytes *flow_test_upstox_bse_instruments (gint64 near_expiry_day_ms);

typedef struct _FlowTestUpstoxStream FlowTestUpstoxStream;

/* Adds to @rest (which it must not outlive):
 * - GET /v3/feed/market-data-feed/authorize (Bearer checked): a single-use
 *   ws://127.0.0.1:…/v3/feed/stream?requestId=…&code=… address; a code used twice, or never
 *   handed out, is refused with 403 before the upgrade (counted);
 * - the stream: the first message must be a binary JSON subscription in `full` mode of one
 *   instrument key; the connection's script then plays (anything else is a problem);
 * - GET /instruments/NSE.json.gz (no auth): flow_test_upstox_stream_set_instruments()'s file,
 *   with ORDERFLOW_UPSTOX_INSTRUMENTS_URL pointed at it, and GET /instruments/BSE.json.gz:
 *   flow_test_upstox_stream_set_bse_instruments()'s (404 when none is set). */
FlowTestUpstoxStream *flow_test_upstox_stream_new       (FlowTestUpstox       *rest);
void                  flow_test_upstox_stream_free      (FlowTestUpstoxStream *server);
void                  flow_test_upstox_stream_set_instruments (FlowTestUpstoxStream *server,
                                                               GBytes               *file);
/* The next authorize call (only) answers @status with @body instead. */
void                  flow_test_upstox_stream_set_bse_instruments (FlowTestUpstoxStream *server,
                                                                   GBytes               *file);
void                  flow_test_upstox_stream_fail_next_authorize (FlowTestUpstoxStream *server,
                                                                   guint                 status,
                                                                   const char           *body);
/* The next upgrade (only) is refused with @status. */
void                  flow_test_upstox_stream_refuse_next_handshake (FlowTestUpstoxStream *server,
                                                                     guint                 status);
/* Script of the next connection to subscribe: @frames (GBytes, sent as binary frames, one
 * every few milliseconds), then @end. Connections beyond the scripts stay open. */
void                  flow_test_upstox_stream_add_connection (FlowTestUpstoxStream *server,
                                                              GPtrArray            *frames,
                                                              FlowTestEnd           end);
gboolean              flow_test_upstox_stream_scripts_done   (FlowTestUpstoxStream *server);
guint                 flow_test_upstox_stream_get_n_authorizations (FlowTestUpstoxStream *server);
guint                 flow_test_upstox_stream_get_n_handshakes     (FlowTestUpstoxStream *server);
/* Upgrades refused for a code used before or never given. */
guint                 flow_test_upstox_stream_get_n_reused_codes   (FlowTestUpstoxStream *server);
guint                 flow_test_upstox_stream_get_n_downloads      (FlowTestUpstoxStream *server);
guint                 flow_test_upstox_stream_get_n_open           (FlowTestUpstoxStream *server);
/* The instrument key of every subscription, in order. */
GPtrArray            *flow_test_upstox_stream_get_subscriptions    (FlowTestUpstoxStream *server);
/* Everything the client did against the protocol, one line each; empty when all was right. */
GPtrArray            *flow_test_upstox_stream_get_problems         (FlowTestUpstoxStream *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlowTestUpstoxStream, flow_test_upstox_stream_free)

G_END_DECLS

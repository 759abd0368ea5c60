/* flow-test-feed.h: a market data source the test drives by hand
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-market-session-private.h"

G_BEGIN_DECLS

/* For a broker's source not simulated, so a session journals what it emits as it would Angel
 * One's or Upstox's data (for the demo's, simulated); the test emits snapshots and chains with flow_feed_emit_*() and sets its state. */
#define FLOW_TYPE_TEST_FEED (flow_test_feed_get_type ())
G_DECLARE_FINAL_TYPE (FlowTestFeed, flow_test_feed, FLOW, TEST_FEED, FlowFeed)

FlowFeed         *flow_test_feed_new        (FlowMarketSource  source,
                                             const char       *name);
FlowMarketSource  flow_test_feed_get_source (FlowTestFeed     *self);
/* The instrument or underlying the session made it for. */
const char       *flow_test_feed_get_name   (FlowTestFeed     *self);
gboolean          flow_test_feed_get_running (FlowTestFeed    *self);
/* The view the factory made it for (the footprint for feeds made otherwise). */
FlowMarketView    flow_test_feed_get_view   (FlowTestFeed     *self);
/* Angel One's stand-in follows another instrument in place, as FlowAngelFeed does (the name
 * changes); the others cannot, and the session makes a new feed. */
guint             flow_test_feed_get_n_retargets (FlowTestFeed *self);

/* A FlowMarketFeedFactory that makes FlowTestFeeds, the demo's simulated, and keeps each in
 * @user_data, a GPtrArray (of references, in order of creation). */
FlowFeed         *flow_test_feed_factory    (FlowMarketSession *session,
                                             FlowMarketView     view,
                                             FlowMarketSource   source,
                                             const char        *name,
                                             gpointer           user_data);

G_END_DECLS

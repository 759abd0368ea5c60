/* flow-market-session-private.h: test hooks of FlowMarketSession
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-market-session.h"

G_BEGIN_DECLS

/* Makes @view's feed of @source for @name (the footprint's instrument or the OI underlying);
 * returns a new reference. The default makes the real FlowAngelFeed, FlowUpstoxStream
 * (footprint), FlowUpstoxFeed (OI) or FlowDemoFeed. */
typedef FlowFeed *(*FlowMarketFeedFactory) (FlowMarketSession *session,
                                            FlowMarketView     view,
                                            FlowMarketSource   source,
                                            const char        *name,
                                            gpointer           user_data);

/* Tests replace the feeds with their own, to drive a session without a server. Set it before
 * flow_market_session_start(). */
void flow_market_session_set_feed_factory (FlowMarketSession     *self,
                                           FlowMarketFeedFactory  factory,
                                           gpointer               user_data);

G_END_DECLS

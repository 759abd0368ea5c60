/* flow-demo-feed.h: the built-in market simulator as a feed, for the GUI
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-feed.h"

G_BEGIN_DECLS

#define FLOW_TYPE_DEMO_FEED (flow_demo_feed_get_type ())
G_DECLARE_FINAL_TYPE (FlowDemoFeed, flow_demo_feed, FLOW, DEMO_FEED, FlowFeed)

/* Starting sets the state to FLOW_FEED_STATE_DEMO and, before flow_feed_start() returns, emits
 * the session so far: every snapshot from 09:15 IST up to now, and an option chain every
 * "chain-interval" seconds of simulated time starting 30 minutes before the open (the pre-open
 * chains carry the previous day's OI), so the OI table's 30-minute column is full from the first
 * frame. Which session is played:
 *
 *  - a weekday between 09:15 and 15:30 IST: today's, up to now; the simulated clock is then the
 *    real clock;
 *  - otherwise: the most recent weekday session that has begun (today's after 15:30, Friday's on
 *    a weekend), played whole to 15:30; the simulated clock then carries on from 15:30 at real
 *    pace, past the close, so the demo stays alive instead of freezing on a closed market.
 *
 * Afterwards it emits at market pace on the thread-default main context, each snapshot when the
 * simulated clock reaches its time. Stopping removes the timer; starting again replays from the
 * open. Exchange holidays are not modelled.
 *
 * The data is exactly that of a FlowDemoMarket created with the same underlying and seed and the
 * session's 09:15 as start_ms (see flow-demo-market.h): a tool without a main loop uses that
 * directly. The feed's tick size is the simulator's. */
FlowFeed *flow_demo_feed_new                    (guint64       seed);
/* The demo of @underlying ("underlying" property); flow_demo_feed_new() simulates NIFTY. A name
 * the simulator does not know gives NIFTY. */
FlowFeed *flow_demo_feed_new_for                (const char   *underlying,
                                                 guint64       seed);
const char *flow_demo_feed_get_underlying       (FlowDemoFeed *self);
guint64   flow_demo_feed_get_seed               (FlowDemoFeed *self);
guint     flow_demo_feed_get_chain_interval     (FlowDemoFeed *self);
void      flow_demo_feed_set_chain_interval     (FlowDemoFeed *self,
                                                 guint         seconds);
/* 09:15 IST of the session being played, 0 when stopped. */
gint64    flow_demo_feed_get_session_open_ms    (FlowDemoFeed *self);
/* The simulated clock (epoch ms), 0 when stopped. */
gint64    flow_demo_feed_get_simulated_time_ms  (FlowDemoFeed *self);
/* The session the demo plays at @now_ms (rules above): returns its 09:15 IST and sets
 * @out_open to TRUE when the market is open at @now_ms. */
gint64    flow_demo_feed_session_for            (gint64        now_ms,
                                                 gboolean     *out_open);

G_END_DECLS

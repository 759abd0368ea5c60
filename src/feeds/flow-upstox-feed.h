/* flow-upstox-feed.h: Upstox's option chain as a feed, for the GUI's OI view
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-credentials.h"
#include "flow-feed.h"

G_BEGIN_DECLS

#define FLOW_TYPE_UPSTOX_FEED (flow_upstox_feed_get_type ())
G_DECLARE_FINAL_TYPE (FlowUpstoxFeed, flow_upstox_feed, FLOW, UPSTOX_FEED, FlowFeed)

/* Starting reads the token from the keyring (the day's access token, else the Analytics Token),
 * finds the underlying's index key in Upstox's instruments file (ORDERFLOW_UPSTOX_INSTRUMENTS_URL,
 * and BSE's file beside the NSE one for SENSEX; the first time only), reads the option
 * contracts for the expiry (oi-tracker.md rule 8, unless "expiry" pins one) and its lot size,
 * then emits:
 *
 *  1. the backfill: one option chain per minute of today's 1-minute candles with OI of the
 *     contracts displayed around the ATM ("strikes" each side), oldest first, holding only
 *     those contracts, timed at each candle's close (oi-tracker.md "Input");
 *  2. the live chain, then one every "refresh" seconds.
 *
 * Chains are named by the underlying as given, with the expiry's lot size (0 when Upstox does
 * not say).
 *
 * States: CONNECTING until the first live chain, then LIVE. A failed refresh (rate limit,
 * server error, network, the instruments file out of reach) goes RECONNECTING with the reason
 * and the time of the next attempt, keeping the schedule; a refused request, unreadable data
 * or an underlying the instruments file does not know goes ERROR and is retried at the next
 * tick as well. NIFTY and BANKNIFTY, whose keys Upstox's API pages name, do not need the file.
 * A missing, expired or rejected sign-in goes LOGGED_OUT with a message and stops polling:
 * start the feed again after signing in. It never stops without saying why. Two refusals are
 * not a dead sign-in: a 401 on the candles to the Analytics Token turns the backfill off for
 * the run (a second line of the LIVE message says so), and a 401, 5xx or HTML answer during
 * Upstox's nightly maintenance (00:00–05:30 IST) while the token is still valid goes
 * RECONNECTING. Once the expiry day's 15:30 IST has passed, an unpinned expiry moves to the
 * next one. */
FlowFeed   *flow_upstox_feed_new         (FlowCredentials *credentials,
                                          const char      *underlying);
/* Seconds between refreshes (property "refresh"): 1 … 300, default 60. Below 10 s is for
 * tests against a loopback server; the GUI offers 10 … 300. */
guint       flow_upstox_feed_get_refresh (FlowUpstoxFeed  *self);
void        flow_upstox_feed_set_refresh (FlowUpstoxFeed  *self,
                                          guint            seconds);
/* The expiry in use ("YYYY-MM-DD"), NULL before it is known. Setting one ("expiry") pins it;
 * NULL goes back to the nearest. Takes effect at the next start. */
const char *flow_upstox_feed_get_expiry  (FlowUpstoxFeed  *self);
void        flow_upstox_feed_set_expiry  (FlowUpstoxFeed  *self,
                                          const char      *expiry);

G_END_DECLS

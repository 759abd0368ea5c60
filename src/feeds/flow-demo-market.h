/* flow-demo-market.h: a seeded, deterministic index futures and option-chain simulator
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "flow-option-chain.h"
#include "flow-snapshot.h"

G_BEGIN_DECLS

/* NSE cash and F&O session, as milliseconds after midnight IST. */
#define FLOW_DEMO_SESSION_OPEN_MS   ((gint64) (9 * 3600 + 15 * 60) * 1000)
#define FLOW_DEMO_SESSION_CLOSE_MS  ((gint64) (15 * 3600 + 30 * 60) * 1000)
/* The simulated futures' tick, for every underlying: every simulated price is a multiple of it. */
#define FLOW_DEMO_TICK_PAISE        5
/* NIFTY's lot size: every simulated NIFTY quantity and OI is a multiple of it (another
 * underlying's is flow_demo_market_get_lot_size()). */
#define FLOW_DEMO_LOT_SIZE          65

#define FLOW_TYPE_DEMO_MARKET (flow_demo_market_get_type ())
G_DECLARE_FINAL_TYPE (FlowDemoMarket, flow_demo_market, FLOW, DEMO_MARKET, GObject)

/* The data depends only on @seed and @start_ms (bit for bit, on every run and machine with the
 * same libm), never on wall-clock time or on how the caller interleaves the calls below. The
 * IST date of @start_ms is mixed into the seed, so one seed gives a different day each date.
 *
 * Prices never stop at 15:30: the simulator keeps trading as long as it is asked, with the
 * activity of the close, so a caller can keep a demo alive after hours. A simulated day that
 * crosses IST midnight starts afresh (previous close = last price, volume from 0).
 *
 * Generating "the session so far" (what the demo feed and `orderflow-cli --demo` do):
 *
 *   gint64 open_ms = flow_ist_at_time_of_day (now_ms, FLOW_DEMO_SESSION_OPEN_MS);
 *   g_autoptr(FlowDemoMarket) market = flow_demo_market_new (seed, open_ms);
 *   FlowSnapshot snap;
 *
 *   for (;;)
 *     {
 *       flow_demo_market_next_snapshot (market, &snap);
 *       if (snap.ts_ms > now_ms)
 *         break;               // keep snap: it is the next one to play live, at snap.ts_ms
 *       consume (&snap);
 *     }
 *   for (gint64 t = open_ms; t <= now_ms; t += 60 * 1000)
 *     consume_chain (flow_demo_market_option_chain_at (market, t));
 *
 * For a whole session use now_ms = open_ms + (FLOW_DEMO_SESSION_CLOSE_MS -
 * FLOW_DEMO_SESSION_OPEN_MS). Snapshots and chains are independent streams: the chain at a
 * time is the same whether or not (or how far) snapshots were generated, and its spot follows
 * the same futures path as the snapshots. */
FlowDemoMarket  *flow_demo_market_new              (guint64         seed,
                                                    gint64          start_ms);
/* The same for @underlying: NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY, NIFTYNXT50 (NSE) or SENSEX,
 * BANKEX (BSE), each at its own level, lot size, strike step, volatility and expiry weekday
 * (NSE Tuesday, BSE Thursday; weekly options for NIFTY and SENSEX, the monthly contract for the
 * others). NULL for a name the simulator does not know. "NIFTY" gives exactly the data of
 * flow_demo_market_new(); another underlying with the same seed moves on its own. */
FlowDemoMarket  *flow_demo_market_new_for          (const char     *underlying,
                                                    guint64         seed,
                                                    gint64          start_ms);
/* Whether flow_demo_market_new_for() knows @underlying. */
gboolean         flow_demo_market_simulates        (const char     *underlying);
/* The underlyings simulated, NIFTY first; NULL past the last. */
const char      *flow_demo_market_nth_underlying   (guint           n);
/* Produces the next near-month future snapshot, advancing simulated time by a random gap
 * (tens of ms in bursts, up to a few seconds in quiet spells). Never goes back in time: every
 * snapshot is strictly later than the previous one. The first one has resync set. */
void             flow_demo_market_next_snapshot    (FlowDemoMarket *self,
                                                    FlowSnapshot   *out);
/* Time of the last snapshot (start_ms before any). */
gint64           flow_demo_market_get_time_ms      (FlowDemoMarket *self);
/* The option chain (the nearest expiry of the underlying's options, strikes every
 * flow_demo_market_get_strike_step() rupees) at @time_ms, which
 * must not decrease across calls. OI evolves in fixed 1-minute steps from start_ms, so the
 * result depends only on seed, start_ms and @time_ms, not on how often you call. Before
 * start_ms the chain shows the previous day's OI. Free with flow_option_chain_free(). */
FlowOptionChain *flow_demo_market_option_chain_at  (FlowDemoMarket *self,
                                                    gint64          time_ms);
guint64          flow_demo_market_get_seed         (FlowDemoMarket *self);
const char      *flow_demo_market_get_underlying   (FlowDemoMarket *self);
/* Every price is a multiple of the tick, every quantity and OI of the lot size. */
gint64           flow_demo_market_get_tick_paise   (FlowDemoMarket *self);
gint64           flow_demo_market_get_lot_size     (FlowDemoMarket *self);
double           flow_demo_market_get_strike_step  (FlowDemoMarket *self);
gint64           flow_demo_market_get_start_ms     (FlowDemoMarket *self);

G_END_DECLS

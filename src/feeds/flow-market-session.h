/* flow-market-session.h: which feed backs which view, and what each view's data goes through
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "flow-credentials.h"
#include "flow-feed.h"
#include "flow-footprint-recorder.h"
#include "flow-oi-session.h"

G_BEGIN_DECLS

/* Where a view's data comes from. */
typedef enum
{
  FLOW_MARKET_SOURCE_DEMO,
  FLOW_MARKET_SOURCE_ANGEL,
  FLOW_MARKET_SOURCE_UPSTOX,
} FlowMarketSource;

/* The two views a session feeds. */
typedef enum
{
  FLOW_MARKET_VIEW_FOOTPRINT,
  FLOW_MARKET_VIEW_OI,
} FlowMarketView;

/* "Angel One", "Upstox" or "Demo": how the header names a source. */
const char            *flow_market_source_get_label           (FlowMarketSource   source);

/* The session owns the policy the window and the pages only show: the one keyring question
 * (both brokers), the rule that picks each view's source, the settings that shape the feeds
 * (instrument, OI underlying, expiry, strikes, refresh), the footprint's recorder (model,
 * journal, restore) and the OI session (tracker, chains, OI journal). A change restarts only
 * the feed it concerns: signing in to Upstox again each morning must not cost the footprint
 * a re-login and a gap in its stream. */
#define FLOW_TYPE_MARKET_SESSION (flow_market_session_get_type ())
G_DECLARE_FINAL_TYPE (FlowMarketSession, flow_market_session, FLOW, MARKET_SESSION, GObject)

/* @demo: --demo, both views on the simulator whatever the keyring holds; @seed: its seed. */
FlowMarketSession     *flow_market_session_new                (GSettings         *settings,
                                                               FlowCredentials   *credentials,
                                                               gboolean           demo,
                                                               guint64            seed);
/* Asks the keyring and starts the feeds; they follow the credentials and settings from then
 * on, until flow_market_session_stop() or the last reference goes. */
void                   flow_market_session_start              (FlowMarketSession *self);
void                   flow_market_session_stop               (FlowMarketSession *self);
GSettings             *flow_market_session_get_settings       (FlowMarketSession *self);
FlowFeed              *flow_market_session_get_footprint_feed (FlowMarketSession *self);
FlowFeed              *flow_market_session_get_oi_feed        (FlowMarketSession *self);
FlowFeed              *flow_market_session_get_view_feed      (FlowMarketSession *self,
                                                               FlowMarketView     view);
/* The source behind @view's feed (footprint-source / oi-source and the accounts, by the rule
 * of sources.md); DEMO before the first start. */
FlowMarketSource       flow_market_session_get_view_source    (FlowMarketSession *self,
                                                               FlowMarketView     view);
/* The feed whose state needs the user's eye most (an error before a reconnection before a
 * live feed), for the header status; NULL before the first start. */
FlowFeed              *flow_market_session_get_attention_feed (FlowMarketSession *self);
/* The feed the header status shows while @shown is on screen: that view's, unless the other
 * view's needs the user more (reconnecting, signed out, an error). */
FlowFeed              *flow_market_session_get_status_feed    (FlowMarketSession *self,
                                                               FlowMarketView     shown);
/* Which data is simulated and why, for the banner; NULL when both views are live. */
const char            *flow_market_session_get_notice         (FlowMarketSession *self);
/* Why the OI table is not fresh (its feed reconnects, stopped, signed out), NULL while it
 * is: the table stays, marked with it. */
const char            *flow_market_session_get_oi_problem     (FlowMarketSession *self);
FlowFootprintRecorder *flow_market_session_get_recorder       (FlowMarketSession *self);
FlowOiSession         *flow_market_session_get_oi_session     (FlowMarketSession *self);
/* The row size (paise) the footprint view proposes for the buckets in view; the footprint
 * takes it while the row-size-auto setting is on, else keeps row-size-paise. */
void                   flow_market_session_set_auto_row       (FlowMarketSession *self,
                                                               gint64             row);
/* Restarts the feed that needs attention now (the status popover's "Retry Now"). */
void                   flow_market_session_retry              (FlowMarketSession *self);

G_END_DECLS

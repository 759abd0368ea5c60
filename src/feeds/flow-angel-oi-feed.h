/* flow-angel-oi-feed.h: the OI tracker's option chain from the Angel One SmartAPI stream
 * (shared/design/sources.md "Angel One stream → OI tracker")
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-credentials.h"
#include "flow-feed.h"
#include "flow-smartapi-client.h"

G_BEGIN_DECLS

/* Historical API limit (smartapi.md §7): getOIData requests are spaced at least this far. */
#define FLOW_ANGEL_OI_FEED_BACKFILL_SPACING_MS 334
/* How far back the backfill reaches: the longest change interval and room (oi-tracker.md). */
#define FLOW_ANGEL_OI_FEED_BACKFILL_MS         ((gint64) 35 * 60 * 1000)
/* Strikes subscribed beyond the displayed ones on each side, so a moving ATM finds history. */
#define FLOW_ANGEL_OI_FEED_MARGIN              5

#define FLOW_TYPE_ANGEL_OI_FEED (flow_angel_oi_feed_get_type ())
G_DECLARE_FINAL_TYPE (FlowAngelOiFeed, flow_angel_oi_feed, FLOW, ANGEL_OI_FEED, FlowFeed)

/* Starting runs: credentials (keyring) → login → the underlying's option contracts and index
 * row (scrip master, cached for the day) → the expiry (oi-tracker.md rule 8, unless "expiry"
 * pins one) → a WebSocket 2.0 socket with the index in LTP mode (spot) and, once the spot is
 * known, the CE and PE of every listed strike within ATM ± ("strikes" + 5) in SnapQuote mode.
 * The band follows the ATM: contracts entering it are subscribed and backfilled (getOIData
 * ONE_MINUTE of the last 35 minutes, at most 3 requests a second, each answer emitted as
 * "oi-history") before they appear in a chain; contracts leaving it are unsubscribed.
 *
 * Every "refresh" seconds one option chain is emitted from the latest SnapQuote of each
 * contract (OI in units, LTP, volume), the spot and the lot size; instrument keys are the
 * exchange tokens. States: CONNECTING, LIVE; RECONNECTING (with the retry time) after a drop,
 * silence, a 401 (the session is renewed) or a 429, with the backoff of flow-backoff.h, while
 * the last chain stays the table's, marked stale; LOGGED_OUT and ERROR when the user must act.
 * A backfill answer refused with an AB code or the rate limiter's 403 is retried later;
 * the stream carries on meanwhile. */
FlowFeed   *flow_angel_oi_feed_new             (FlowCredentials    *credentials,
                                                const char         *underlying);
/* With an account already in hand (the CLI's login, tests). */
FlowFeed   *flow_angel_oi_feed_new_with_client (FlowSmartapiClient *client,
                                                const char         *underlying);
/* Seconds between chains ("refresh"): 1 … 300, default 60 (below 10 s: loopback tests). */
void        flow_angel_oi_feed_set_refresh     (FlowAngelOiFeed    *self,
                                                guint               seconds);
/* The expiry in use, NULL before it is known; setting one ("expiry") pins it, NULL goes back
 * to the nearest. Takes effect at the next start. */
const char *flow_angel_oi_feed_get_expiry      (FlowAngelOiFeed    *self);
void        flow_angel_oi_feed_set_expiry      (FlowAngelOiFeed    *self,
                                                const char         *expiry);
/* Tokens subscribed in SnapQuote mode now, and getOIData requests sent since the start. */
guint       flow_angel_oi_feed_get_n_subscribed (FlowAngelOiFeed   *self);
guint       flow_angel_oi_feed_get_n_backfills  (FlowAngelOiFeed   *self);

/* Reads a getOIData reply body ({"data":[{"time":"…+05:30","oi":n},…]}) into calls of @func
 * with each row's minute start (epoch ms) and OI; FALSE with @error when it is not one. An
 * empty or null data is no history and no error. */
typedef void (*FlowAngelOiRowFunc) (gint64   start_ms,
                                    gint64   oi,
                                    gpointer user_data);
gboolean    flow_angel_oi_parse_history        (GBytes             *body,
                                                FlowAngelOiRowFunc  func,
                                                gpointer            user_data,
                                                GError            **error);

G_END_DECLS

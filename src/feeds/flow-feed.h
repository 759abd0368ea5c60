/* flow-feed.h: base class of every market data source (demo, Angel One, Upstox, replay)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "flow-option-chain.h"
#include "flow-snapshot.h"

G_BEGIN_DECLS

typedef enum
{
  FLOW_FEED_STATE_IDLE,
  FLOW_FEED_STATE_DEMO,
  FLOW_FEED_STATE_CONNECTING,
  FLOW_FEED_STATE_LIVE,
  FLOW_FEED_STATE_RECONNECTING,
  FLOW_FEED_STATE_LOGGED_OUT,
  FLOW_FEED_STATE_ERROR,
} FlowFeedState;

#define FLOW_TYPE_FEED_STATE (flow_feed_state_get_type ())
GType flow_feed_state_get_type (void);

#define FLOW_TYPE_FEED (flow_feed_get_type ())
G_DECLARE_DERIVABLE_TYPE (FlowFeed, flow_feed, FLOW, FEED, GObject)

struct _FlowFeedClass
{
  GObjectClass parent_class;

  void     (*start)    (FlowFeed   *self);
  void     (*stop)     (FlowFeed   *self);
  /* Follows another instrument in place (a new subscription on the same login); NULL when
   * the source cannot, and another feed must be made. */
  gboolean (*retarget) (FlowFeed   *self,
                        const char *name);
};

void           flow_feed_start              (FlowFeed              *self);
void           flow_feed_stop               (FlowFeed              *self);
/* TRUE when the feed now streams @name (an instrument or underlying), keeping its login;
 * FALSE when it cannot, and a new feed is needed. */
gboolean       flow_feed_retarget           (FlowFeed              *self,
                                             const char            *name);
FlowFeedState  flow_feed_get_state          (FlowFeed              *self);
/* What happened, for the status popover ("Connected to Angel One", the last error…). */
const char    *flow_feed_get_message        (FlowFeed              *self);
/* Epoch ms of the next reconnect attempt while RECONNECTING, else 0. */
gint64         flow_feed_get_retry_at_ms    (FlowFeed              *self);
/* TRUE for the demo simulator: its data is made up, so it is never journaled and the window
 * says so. */
gboolean       flow_feed_get_simulated      (FlowFeed              *self);
/* Seconds between two option chains of a polled source (0: the source pushes, or sends no
 * chains): what the OI tracker's countdown counts down. */
guint          flow_feed_get_refresh_interval (FlowFeed            *self);
/* The exchange contract being streamed ("NIFTY26DECFUT", "NIFTY FUT 29 DEC 26"), NULL until
 * the source has resolved it or when it streams no single contract. */
const char    *flow_feed_get_contract       (FlowFeed              *self);
/* The contract's tick size in paise (the price step the exchange allows), read from the
 * broker's instrument data; 0 while unknown. */
gint64         flow_feed_get_tick_size      (FlowFeed              *self);
const char    *flow_feed_state_to_string    (FlowFeedState          state);

/* For subclasses. */
void           flow_feed_set_state          (FlowFeed              *self,
                                             FlowFeedState          state,
                                             const char            *message,
                                             gint64                 retry_at_ms);
void           flow_feed_set_simulated      (FlowFeed              *self,
                                             gboolean               simulated);
void           flow_feed_set_refresh_interval (FlowFeed            *self,
                                             guint                  seconds);
void           flow_feed_set_contract       (FlowFeed              *self,
                                             const char            *contract);
void           flow_feed_set_tick_size      (FlowFeed              *self,
                                             gint64                 tick_size);
void           flow_feed_emit_snapshot      (FlowFeed              *self,
                                             const FlowSnapshot    *snapshot);
void           flow_feed_emit_option_chain  (FlowFeed              *self,
                                             const FlowOptionChain *chain);

G_END_DECLS

/* flow-angel-feed-private.h: test hooks of FlowAngelFeed
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-angel-feed.h"

G_BEGIN_DECLS

/* Keepalive, silence before a reconnect, and the backoff range, in ms, instead of the
 * FLOW_ANGEL_FEED_* defaults: tests cannot wait seconds for every drop. */
void flow_angel_feed_set_timing (FlowAngelFeed *self,
                                 guint          ping_ms,
                                 guint          watchdog_ms,
                                 guint          backoff_min_ms,
                                 guint          backoff_max_ms);
/* Runs the feed's clock (the future's choice, its roll, the time of a snapshot without one)
 * @offset_ms ahead of the real one, so a test can stand a moment before 15:30 IST on an
 * expiry day. */
void flow_angel_feed_set_clock_offset (FlowAngelFeed *self,
                                       gint64         offset_ms);

G_END_DECLS

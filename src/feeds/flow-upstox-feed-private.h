/* flow-upstox-feed-private.h: test hooks of FlowUpstoxFeed
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-upstox-feed.h"

G_BEGIN_DECLS

/* Runs the feed's clock (token choice, expiry, Upstox's nightly maintenance window, chain
 * times) @offset_ms ahead of the real one, so a test can stand at 01:00 IST. */
void flow_upstox_feed_set_clock_offset (FlowUpstoxFeed *self,
                                        gint64          offset_ms);

G_END_DECLS

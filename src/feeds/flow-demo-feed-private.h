/* flow-demo-feed-private.h: test hooks of FlowDemoFeed
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-demo-feed.h"

G_BEGIN_DECLS

/* Fixes "now" for the next start (epoch ms; 0, the default, means the wall clock), so tests and
 * screenshots are reproducible. The simulated clock still advances from it at real pace. */
void flow_demo_feed_set_clock (FlowDemoFeed *self,
                               gint64        now_ms);

G_END_DECLS

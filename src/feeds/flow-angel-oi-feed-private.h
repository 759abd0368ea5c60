/* flow-angel-oi-feed-private.h: test hooks of FlowAngelOiFeed
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-angel-oi-feed.h"

G_BEGIN_DECLS

/* Keepalive, silence before a reconnect and the backoff range, in ms: tests cannot wait
 * seconds for every drop. */
void flow_angel_oi_feed_set_timing (FlowAngelOiFeed *self,
                                    guint            ping_ms,
                                    guint            watchdog_ms,
                                    guint            backoff_min_ms,
                                    guint            backoff_max_ms);

G_END_DECLS

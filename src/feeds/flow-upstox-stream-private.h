/* flow-upstox-stream-private.h: test hooks of FlowUpstoxStream
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-upstox-stream.h"

G_BEGIN_DECLS

/* Silence that counts as a dead socket, and the reconnection backoff's bounds. */
void flow_upstox_stream_set_timing       (FlowUpstoxStream *self,
                                          guint             watchdog_ms,
                                          guint             backoff_min_ms,
                                          guint             backoff_max_ms);
/* Runs the stream's clock (contract choice, roll time) @offset_ms ahead of the real one, so a
 * test can stand a second before 15:30 IST on an expiry day. */
void flow_upstox_stream_set_clock_offset (FlowUpstoxStream *self,
                                          gint64            offset_ms);

G_END_DECLS

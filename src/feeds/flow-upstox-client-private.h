/* flow-upstox-client-private.h: test hooks of FlowUpstoxClient
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-upstox-client.h"

G_BEGIN_DECLS

/* After a 429 every request waits @initial_ms, doubling per further 429 up to @max_ms, and
 * back to none after a success. Defaults: 2 s and 2 min. */
void flow_upstox_client_set_backoff (FlowUpstoxClient *self,
                                     guint             initial_ms,
                                     guint             max_ms);
/* Seconds a request may stay silent before it fails with G_IO_ERROR_TIMED_OUT (default 30; 0:
 * never), for tests against a server that stalls. */
void flow_upstox_client_set_timeout (FlowUpstoxClient *self,
                                     guint             seconds);

G_END_DECLS

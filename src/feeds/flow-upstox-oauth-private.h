/* flow-upstox-oauth-private.h: test hooks of FlowUpstoxOauth
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-upstox-oauth.h"

G_BEGIN_DECLS

/* How long a sign-in waits for the browser (default FLOW_UPSTOX_OAUTH_DEFAULT_TIMEOUT_MS). */
void        flow_upstox_oauth_set_timeout_ms       (FlowUpstoxOauth *self,
                                                    guint            timeout_ms);
/* Seconds the token exchange may stay silent before it fails with G_IO_ERROR_TIMED_OUT
 * (default FLOW_UPSTOX_OAUTH_DEFAULT_EXCHANGE_TIMEOUT_S; 0: never), for tests against a
 * server that stalls. */
void        flow_upstox_oauth_set_exchange_timeout (FlowUpstoxOauth *self,
                                                    guint            seconds);
/* The state this attempt expects, for tests acting as the browser. */
const char *flow_upstox_oauth_get_state            (FlowUpstoxOauth *self);

G_END_DECLS

/* flow-backoff.h: how long a streaming feed waits before it reconnects
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exponential backoff with "equal jitter": @min_ms doubled @steps times, capped at @max_ms;
 * half of it fixed and half random, so that many clients dropped together do not come back
 * together. Every broker stream uses the same rule. */
guint flow_backoff_delay_ms (GRand *rand,
                             guint  min_ms,
                             guint  max_ms,
                             guint  steps);

G_END_DECLS

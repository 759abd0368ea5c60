/* flow-backoff.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "flow-backoff.h"

guint
flow_backoff_delay_ms (GRand *rand,
                       guint  min_ms,
                       guint  max_ms,
                       guint  steps)
{
  guint64 delay = min_ms;

  g_return_val_if_fail (rand != NULL, min_ms);

  for (guint i = 0; i < steps && delay < max_ms; i++)
    delay *= 2;
  delay = MIN (delay, max_ms);
  return (guint) (delay / 2 + (guint64) g_rand_int_range (rand, 0, (gint32) (delay / 2) + 1));
}

/* flow-test-loop.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-test-loop.h"

static gboolean
on_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
flow_test_run_until (gboolean (*done) (gpointer data),
                     gpointer   data,
                     guint      timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, on_timeout, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("timed out after %u s waiting", timeout_s);
  g_source_remove (id);
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

gboolean
flow_test_wait_until (gboolean (*done) (gpointer data),
                      gpointer   data,
                      guint      timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  /* Polled rather than blocking: a condition may turn true without any source firing. */
  while (!done (data))
    {
      if (g_get_monotonic_time () > until)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

void
flow_test_wait_ms (guint ms)
{
  flow_test_wait_until (never, NULL, ms);
}

void
flow_test_store_result (GObject      *source,
                        GAsyncResult *result,
                        gpointer      slot)
{
  *(GAsyncResult **) slot = g_object_ref (result);
}

static gboolean
result_arrived (gpointer slot)
{
  return *(GAsyncResult **) slot != NULL;
}

GAsyncResult *
flow_test_wait_result (GAsyncResult **slot,
                       guint          timeout_s)
{
  flow_test_run_until (result_arrived, slot, timeout_s);
  return *slot;
}

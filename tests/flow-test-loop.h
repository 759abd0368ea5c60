/* flow-test-loop.h: running the main loop in tests without hanging them
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Iterates the thread-default main context until @done (@data) is TRUE; after @timeout_s
 * seconds the test fails instead of blocking. */
void flow_test_run_until (gboolean (*done) (gpointer data),
                          gpointer   data,
                          guint      timeout_s);

/* Iterates the default main context until @done (@data) is TRUE (returns TRUE) or @timeout_ms
 * pass (returns FALSE, for the test to assert). */
gboolean flow_test_wait_until (gboolean (*done) (gpointer data),
                               gpointer   data,
                               guint      timeout_ms);
/* Lets the main context run for @ms: its timeouts fire meanwhile. */
void     flow_test_wait_ms    (guint      ms);

/* A GAsyncReadyCallback that keeps a reference to @result in @slot (a GAsyncResult **, NULL
 * before). */
void          flow_test_store_result (GObject       *source,
                                      GAsyncResult  *result,
                                      gpointer       slot);
/* Runs the main context until flow_test_store_result() fills @slot, as flow_test_run_until()
 * with @timeout_s; returns *@slot. */
GAsyncResult *flow_test_wait_result  (GAsyncResult **slot,
                                      guint          timeout_s);

G_END_DECLS

/* flow-footprint-export.h: the chart as a PNG, its cells as the CSV of orderflow-cli footprint
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-footprint-view.h"

G_BEGIN_DECLS

/* Asks where to save, then writes what @view shows (@png) or its whole day's cells at the
 * current layout; a failure is a toast (win.toast). @instrument names the suggested file. */
void flow_footprint_export (FlowFootprintView *view,
                            const char        *instrument,
                            gboolean           png);

G_END_DECLS

/* flow-footprint-view-private.h: what the chart's layers ask of their view
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-footprint-layer.h"
#include "flow-footprint-view.h"

G_BEGIN_DECLS

/* Draws layer @kind of the frame the view laid out in its own snapshot. */
void flow_footprint_view_snapshot_layer (FlowFootprintView      *self,
                                         FlowFootprintLayerKind  kind,
                                         GtkSnapshot            *snapshot);

G_END_DECLS

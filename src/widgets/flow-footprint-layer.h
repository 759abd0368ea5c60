/* flow-footprint-layer.h: one drawn layer of the footprint chart
 *
 * The chart is a stack of child widgets of FlowFootprintView, one per layer, each drawing its
 * part from the view's shared viewport and layout. GTK keeps each child's render node until
 * that child is queued for drawing, so a pointer moving over the chart redraws only the
 * crosshair, and a new snapshot the layers that show data: the per-widget cache replaces a
 * hand-made one. Layers take no input: the view holds the gestures, actions and tooltips.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* In drawing order, bottom first. The grid is drawn with the cells: both change exactly when
 * the data or the viewport does, so a layer of its own would cost a surface and save nothing. */
typedef enum
{
  FLOW_FOOTPRINT_LAYER_CELLS,       /* grid, cells, imbalances; the placeholder without data */
  FLOW_FOOTPRINT_LAYER_PROFILE,     /* session volume profile at the plot's right edge */
  FLOW_FOOTPRINT_LAYER_PRICE_AXIS,
  FLOW_FOOTPRINT_LAYER_FOOTER,      /* volume, delta, cumulative delta per bucket */
  FLOW_FOOTPRINT_LAYER_TIME_AXIS,
  FLOW_FOOTPRINT_LAYER_LTP,         /* the last price's line and tags */
  FLOW_FOOTPRINT_LAYER_CROSSHAIR,   /* the pointer's lines, cell outline and axis tags */
  FLOW_FOOTPRINT_N_LAYERS
} FlowFootprintLayerKind;

#define FLOW_TYPE_FOOTPRINT_LAYER (flow_footprint_layer_get_type ())
G_DECLARE_FINAL_TYPE (FlowFootprintLayer, flow_footprint_layer, FLOW, FOOTPRINT_LAYER, GtkWidget)

GtkWidget              *flow_footprint_layer_new      (FlowFootprintLayerKind kind);
FlowFootprintLayerKind  flow_footprint_layer_get_kind (FlowFootprintLayer    *self);

G_END_DECLS

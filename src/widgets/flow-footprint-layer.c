/* flow-footprint-layer.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-footprint-layer"

#include "config.h"

#include "flow-footprint-layer.h"
#include "flow-footprint-view-private.h"

struct _FlowFootprintLayer
{
  GtkWidget              parent_instance;
  FlowFootprintLayerKind kind;
};

G_DEFINE_FINAL_TYPE (FlowFootprintLayer, flow_footprint_layer, GTK_TYPE_WIDGET)

static void
flow_footprint_layer_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  FlowFootprintLayer *self = FLOW_FOOTPRINT_LAYER (widget);
  GtkWidget *parent = gtk_widget_get_parent (widget);

  /* The view knows the frame's layout and how each layer looks; the layer is its cache. */
  if (FLOW_IS_FOOTPRINT_VIEW (parent))
    flow_footprint_view_snapshot_layer (FLOW_FOOTPRINT_VIEW (parent), self->kind, snapshot);
}

static void
flow_footprint_layer_class_init (FlowFootprintLayerClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->snapshot = flow_footprint_layer_snapshot;
  gtk_widget_class_set_css_name (widget_class, "footprintlayer");
}

static void
flow_footprint_layer_init (FlowFootprintLayer *self)
{
  /* Events go to the view below, which holds the gestures. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
  gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);
}

GtkWidget *
flow_footprint_layer_new (FlowFootprintLayerKind kind)
{
  FlowFootprintLayer *self;

  g_return_val_if_fail (kind < FLOW_FOOTPRINT_N_LAYERS, NULL);

  self = g_object_new (FLOW_TYPE_FOOTPRINT_LAYER, NULL);
  self->kind = kind;
  return GTK_WIDGET (self);
}

FlowFootprintLayerKind
flow_footprint_layer_get_kind (FlowFootprintLayer *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_LAYER (self), FLOW_FOOTPRINT_LAYER_CELLS);
  return self->kind;
}

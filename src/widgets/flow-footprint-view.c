/* flow-footprint-view.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-footprint-view"

#include "config.h"

#include "flow-footprint-view.h"

struct _FlowFootprintView
{
  GtkWidget      parent_instance;

  FlowFootprint *footprint;
  gboolean       follow_live;
};

G_DEFINE_FINAL_TYPE (FlowFootprintView, flow_footprint_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FOOTPRINT,
  PROP_FOLLOW_LIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
on_footprint_changed (FlowFootprintView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
flow_footprint_view_draw (FlowFootprintView *self,
                          cairo_t           *cr,
                          int                width,
                          int                height)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));
}

static void
flow_footprint_view_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  FlowFootprintView *self = FLOW_FOOTPRINT_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  flow_footprint_view_draw (self, cr, width, height);
  cairo_destroy (cr);
}

GtkWidget *
flow_footprint_view_new (void)
{
  return g_object_new (FLOW_TYPE_FOOTPRINT_VIEW, NULL);
}

FlowFootprint *
flow_footprint_view_get_footprint (FlowFootprintView *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), NULL);
  return self->footprint;
}

void
flow_footprint_view_set_footprint (FlowFootprintView *self,
                                   FlowFootprint     *footprint)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));

  if (self->footprint == footprint)
    return;
  if (self->footprint != NULL)
    g_signal_handlers_disconnect_by_data (self->footprint, self);
  g_set_object (&self->footprint, footprint);
  if (footprint != NULL)
    g_signal_connect_object (footprint, "changed", G_CALLBACK (on_footprint_changed), self,
                             G_CONNECT_SWAPPED);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOOTPRINT]);
}

gboolean
flow_footprint_view_get_follow_live (FlowFootprintView *self)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), FALSE);
  return self->follow_live;
}

void
flow_footprint_view_set_follow_live (FlowFootprintView *self,
                                     gboolean           follow_live)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));

  follow_live = !!follow_live;
  if (self->follow_live == follow_live)
    return;
  self->follow_live = follow_live;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLLOW_LIVE]);
}

void
flow_footprint_view_go_live (FlowFootprintView *self)
{
  flow_footprint_view_set_follow_live (self, TRUE);
}

void
flow_footprint_view_zoom (FlowFootprintView *self,
                          double             time_factor,
                          double             price_factor,
                          double             x,
                          double             y)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));
}

void
flow_footprint_view_reset_zoom (FlowFootprintView *self,
                                gboolean           time,
                                gboolean           price)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));
}

void
flow_footprint_view_pan (FlowFootprintView *self,
                         double             dx,
                         double             dy)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));
}

void
flow_footprint_view_scroll (FlowFootprintView *self,
                            double             dx,
                            double             dy,
                            GdkModifierType    state)
{
  g_return_if_fail (FLOW_IS_FOOTPRINT_VIEW (self));
}

gboolean
flow_footprint_view_get_visible_range (FlowFootprintView *self,
                                       gint64            *first_bucket_ms,
                                       gint64            *last_bucket_ms,
                                       gint64            *top_price,
                                       gint64            *bottom_price)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), FALSE);
  return FALSE;
}

gboolean
flow_footprint_view_get_cell_position (FlowFootprintView *self,
                                       gint64             bucket_ms,
                                       gint64             price,
                                       double            *x,
                                       double            *y)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), FALSE);
  return FALSE;
}

char *
flow_footprint_view_dup_tooltip_text (FlowFootprintView *self,
                                      double             x,
                                      double             y)
{
  g_return_val_if_fail (FLOW_IS_FOOTPRINT_VIEW (self), NULL);
  return NULL;
}

static void
flow_footprint_view_dispose (GObject *object)
{
  FlowFootprintView *self = FLOW_FOOTPRINT_VIEW (object);

  g_clear_object (&self->footprint);
  G_OBJECT_CLASS (flow_footprint_view_parent_class)->dispose (object);
}

static void
flow_footprint_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  FlowFootprintView *self = FLOW_FOOTPRINT_VIEW (object);

  switch (prop_id)
    {
    case PROP_FOOTPRINT:
      g_value_set_object (value, self->footprint);
      break;
    case PROP_FOLLOW_LIVE:
      g_value_set_boolean (value, self->follow_live);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_footprint_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  FlowFootprintView *self = FLOW_FOOTPRINT_VIEW (object);

  switch (prop_id)
    {
    case PROP_FOOTPRINT:
      flow_footprint_view_set_footprint (self, g_value_get_object (value));
      break;
    case PROP_FOLLOW_LIVE:
      flow_footprint_view_set_follow_live (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_footprint_view_class_init (FlowFootprintViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flow_footprint_view_dispose;
  object_class->get_property = flow_footprint_view_get_property;
  object_class->set_property = flow_footprint_view_set_property;
  widget_class->snapshot = flow_footprint_view_snapshot;

  properties[PROP_FOOTPRINT] =
    g_param_spec_object ("footprint", NULL, NULL, FLOW_TYPE_FOOTPRINT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLLOW_LIVE] =
    g_param_spec_boolean ("follow-live", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "footprintview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
flow_footprint_view_init (FlowFootprintView *self)
{
  self->follow_live = TRUE;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

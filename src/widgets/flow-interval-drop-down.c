/* flow-interval-drop-down.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-interval-drop-down"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-interval-drop-down.h"

static const guint standard_intervals[] = {
  5, 10, 15, 30, 60, 120, 180, 300, 600, 900, 1200, 1800, 3600,
};

struct _FlowIntervalDropDown
{
  GtkWidget      parent_instance;

  GtkDropDown   *dropdown;
  GtkStringList *labels;
  GArray        *values;    /* guint seconds, parallel to the labels */
  guint          seconds;
};

G_DEFINE_FINAL_TYPE (FlowIntervalDropDown, flow_interval_drop_down, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SECONDS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
interval_label (guint seconds)
{
  if (seconds % 60 == 0)
    return g_strdup_printf (_("%u min"), seconds / 60);
  return g_strdup_printf (_("%u s"), seconds);
}

/* The position of @seconds in the list, added in order if it is not there. */
static guint
position_of (FlowIntervalDropDown *self,
             guint                 seconds)
{
  g_autofree char *label = NULL;
  const char *additions[2] = { NULL, NULL };
  guint pos;

  for (pos = 0; pos < self->values->len; pos++)
    {
      guint value = g_array_index (self->values, guint, pos);

      if (value == seconds)
        return pos;
      if (value > seconds)
        break;
    }
  label = interval_label (seconds);
  additions[0] = label;
  g_array_insert_val (self->values, pos, seconds);
  gtk_string_list_splice (self->labels, pos, 0, additions);
  return pos;
}

guint
flow_interval_drop_down_get_seconds (FlowIntervalDropDown *self)
{
  g_return_val_if_fail (FLOW_IS_INTERVAL_DROP_DOWN (self), 0);
  return self->seconds;
}

void
flow_interval_drop_down_set_seconds (FlowIntervalDropDown *self,
                                     guint                 seconds)
{
  g_return_if_fail (FLOW_IS_INTERVAL_DROP_DOWN (self));
  g_return_if_fail (seconds > 0);

  if (self->seconds == seconds)
    return;
  self->seconds = seconds;
  gtk_drop_down_set_selected (self->dropdown, position_of (self, seconds));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECONDS]);
}

static void
on_selected (FlowIntervalDropDown *self)
{
  guint pos = gtk_drop_down_get_selected (self->dropdown);

  if (pos < self->values->len)
    flow_interval_drop_down_set_seconds (self, g_array_index (self->values, guint, pos));
}

static void
flow_interval_drop_down_dispose (GObject *object)
{
  FlowIntervalDropDown *self = FLOW_INTERVAL_DROP_DOWN (object);

  if (self->dropdown != NULL)
    gtk_widget_unparent (GTK_WIDGET (g_steal_pointer (&self->dropdown)));
  G_OBJECT_CLASS (flow_interval_drop_down_parent_class)->dispose (object);
}

static void
flow_interval_drop_down_finalize (GObject *object)
{
  g_array_unref (FLOW_INTERVAL_DROP_DOWN (object)->values);
  G_OBJECT_CLASS (flow_interval_drop_down_parent_class)->finalize (object);
}

static void
flow_interval_drop_down_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SECONDS:
      g_value_set_uint (value, FLOW_INTERVAL_DROP_DOWN (object)->seconds);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_interval_drop_down_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SECONDS:
      flow_interval_drop_down_set_seconds (FLOW_INTERVAL_DROP_DOWN (object),
                                           g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_interval_drop_down_class_init (FlowIntervalDropDownClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flow_interval_drop_down_dispose;
  object_class->finalize = flow_interval_drop_down_finalize;
  object_class->get_property = flow_interval_drop_down_get_property;
  object_class->set_property = flow_interval_drop_down_set_property;

  properties[PROP_SECONDS] =
    g_param_spec_uint ("seconds", NULL, NULL, 1, G_MAXUINT, 60,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
flow_interval_drop_down_init (FlowIntervalDropDown *self)
{
  self->values = g_array_new (FALSE, FALSE, sizeof (guint));
  self->labels = gtk_string_list_new (NULL);
  for (guint i = 0; i < G_N_ELEMENTS (standard_intervals); i++)
    {
      g_autofree char *label = interval_label (standard_intervals[i]);

      g_array_append_val (self->values, standard_intervals[i]);
      gtk_string_list_append (self->labels, label);
    }
  /* The drop-down takes the list. */
  self->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (self->labels), NULL));
  gtk_widget_set_parent (GTK_WIDGET (self->dropdown), GTK_WIDGET (self));
  self->seconds = 60;
  gtk_drop_down_set_selected (self->dropdown, position_of (self, self->seconds));
  g_signal_connect_object (self->dropdown, "notify::selected", G_CALLBACK (on_selected), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
flow_interval_drop_down_new (void)
{
  return g_object_new (FLOW_TYPE_INTERVAL_DROP_DOWN, NULL);
}

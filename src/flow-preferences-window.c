/* flow-preferences-window.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-preferences-window.h"

struct _FlowPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  FlowApplication      *application;
};

G_DEFINE_FINAL_TYPE (FlowPreferencesWindow, flow_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
flow_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FLOW_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (flow_preferences_window_parent_class)->dispose (object);
}

static void
flow_preferences_window_class_init (FlowPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flow_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orderflow/OrderFlow/ui/flow-preferences-window.ui");
}

static void
flow_preferences_window_init (FlowPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FlowPreferencesWindow *
flow_preferences_window_new (FlowApplication *application)
{
  FlowPreferencesWindow *self = g_object_new (FLOW_TYPE_PREFERENCES_WINDOW, NULL);

  self->application = application;
  return self;
}

/* flow-window.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-window"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-window.h"

struct _FlowWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwViewStack         *stack;
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *demo_banner;
  GtkMenuButton        *status_button;
  GtkImage             *status_icon;
  GtkLabel             *status_label;
  GtkLabel             *status_title;
  GtkLabel             *status_detail;
  GtkButton            *status_action_button;
  GtkBox               *footprint_page;
  GtkBox               *oi_page;
};

G_DEFINE_FINAL_TYPE (FlowWindow, flow_window, ADW_TYPE_APPLICATION_WINDOW)

void
flow_window_show_toast (FlowWindow *self,
                        const char *message)
{
  g_return_if_fail (FLOW_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
flow_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), FLOW_TYPE_WINDOW);
  G_OBJECT_CLASS (flow_window_parent_class)->dispose (object);
}

static void
flow_window_class_init (FlowWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flow_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orderflow/OrderFlow/ui/flow-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, demo_banner);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, status_button);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, status_title);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, status_detail);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, status_action_button);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, footprint_page);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, oi_page);
}

static void
flow_window_init (FlowWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

FlowWindow *
flow_window_new (FlowApplication *application)
{
  return g_object_new (FLOW_TYPE_WINDOW, "application", application, NULL);
}

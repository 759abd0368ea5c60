/* flow-oi-page.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-oi-page"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-oi-page.h"

struct _FlowOiPage
{
  AdwBin     parent_instance;

  GSettings *settings;
  FlowFeed  *feed;
};

G_DEFINE_FINAL_TYPE (FlowOiPage, flow_oi_page, ADW_TYPE_BIN)

static void
flow_oi_page_dispose (GObject *object)
{
  FlowOiPage *self = FLOW_OI_PAGE (object);

  flow_oi_page_set_feed (self, NULL);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (flow_oi_page_parent_class)->dispose (object);
}

static void
flow_oi_page_class_init (FlowOiPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flow_oi_page_dispose;
}

static void
flow_oi_page_init (FlowOiPage *self)
{
  adw_bin_set_child (ADW_BIN (self), gtk_label_new (_("Waiting for the option chain…")));
}

GtkWidget *
flow_oi_page_new (GSettings *settings)
{
  FlowOiPage *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FLOW_TYPE_OI_PAGE, NULL);
  self->settings = g_object_ref (settings);
  return GTK_WIDGET (self);
}

void
flow_oi_page_set_feed (FlowOiPage *self,
                       FlowFeed   *feed)
{
  g_return_if_fail (FLOW_IS_OI_PAGE (self));
  g_return_if_fail (feed == NULL || FLOW_IS_FEED (feed));

  g_set_object (&self->feed, feed);
}

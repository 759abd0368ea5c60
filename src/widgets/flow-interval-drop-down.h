/* flow-interval-drop-down.h: a drop-down of footprint bucket lengths
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Offers the standard intervals (5 s … 60 min); a value set elsewhere (Preferences, an older
 * version) is added to the list rather than shown as something it is not. Its "seconds"
 * property binds to the interval-seconds setting. */
#define FLOW_TYPE_INTERVAL_DROP_DOWN (flow_interval_drop_down_get_type ())
G_DECLARE_FINAL_TYPE (FlowIntervalDropDown, flow_interval_drop_down, FLOW, INTERVAL_DROP_DOWN,
                      GtkWidget)

GtkWidget *flow_interval_drop_down_new         (void);
guint      flow_interval_drop_down_get_seconds (FlowIntervalDropDown *self);
void       flow_interval_drop_down_set_seconds (FlowIntervalDropDown *self,
                                                guint                 seconds);

G_END_DECLS

/* flow-oi-page.h: the OI Tracker tab (header strip, OI-change table, alert)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "flow-alert-player.h"
#include "flow-feed.h"
#include "flow-oi-table.h"

G_BEGIN_DECLS

#define FLOW_TYPE_OI_PAGE (flow_oi_page_get_type ())
G_DECLARE_FINAL_TYPE (FlowOiPage, flow_oi_page, FLOW, OI_PAGE, AdwBin)

/* @settings: the application's settings (the oi-* and alert-* keys are read and followed). */
GtkWidget *flow_oi_page_new      (GSettings  *settings);
/* Follows @feed's "option-chain" signal (NULL to detach). */
void       flow_oi_page_set_feed (FlowOiPage *self,
                                  FlowFeed   *feed);

/* For tests and screenshots. */
FlowOiTable     *flow_oi_page_get_table        (FlowOiPage *self);
FlowAlertPlayer *flow_oi_page_get_alert_player (FlowOiPage *self);

G_END_DECLS

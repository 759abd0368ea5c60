/* flow-footprint-page.h: the Footprint tab: toolbar, chart and status line
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "flow-market-session.h"

G_BEGIN_DECLS

/* Shows the footprint of a FlowMarketSession: its recorder's model in the chart, the toolbar
 * on the settings (instrument, interval, row size). The session decides which feed backs it
 * and keeps its journal. */
#define FLOW_TYPE_FOOTPRINT_PAGE (flow_footprint_page_get_type ())
G_DECLARE_FINAL_TYPE (FlowFootprintPage, flow_footprint_page, FLOW, FOOTPRINT_PAGE, GtkWidget)

/* Set once, before the page is shown. */
void               flow_footprint_page_set_session (FlowFootprintPage *self,
                                                    FlowMarketSession *session);
FlowMarketSession *flow_footprint_page_get_session (FlowFootprintPage *self);

G_END_DECLS

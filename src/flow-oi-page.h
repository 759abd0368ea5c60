/* flow-oi-page.h: the OI Tracker tab (header strip, OI-change table, alert)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "flow-market-session.h"

G_BEGIN_DECLS

/* Shows the OI session of a FlowMarketSession: its reports in the table and the header, its
 * alerts as a sound; the expiry drop-down sets oi-expiry. */
#define FLOW_TYPE_OI_PAGE (flow_oi_page_get_type ())
G_DECLARE_FINAL_TYPE (FlowOiPage, flow_oi_page, FLOW, OI_PAGE, AdwBin)

/* Set once, before the page is shown. */
void               flow_oi_page_set_session (FlowOiPage        *self,
                                             FlowMarketSession *session);
FlowMarketSession *flow_oi_page_get_session (FlowOiPage        *self);

G_END_DECLS

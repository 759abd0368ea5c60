/* flow-oi-page-private.h: test hooks of FlowOiPage
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-alert-player.h"
#include "flow-oi-page.h"
#include "flow-oi-table.h"

G_BEGIN_DECLS

/* For tests and screenshots. */
FlowOiTable     *flow_oi_page_get_table        (FlowOiPage *self);
FlowAlertPlayer *flow_oi_page_get_alert_player (FlowOiPage *self);

G_END_DECLS

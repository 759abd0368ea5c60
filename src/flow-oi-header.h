/* flow-oi-header.h: the OI tracker's header strip (underlying, spot, ATM, expiry, PCR, time,
 * flagged cells, mute)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "flow-oi-tracker.h"

G_BEGIN_DECLS

#define FLOW_TYPE_OI_HEADER (flow_oi_header_get_type ())
G_DECLARE_FINAL_TYPE (FlowOiHeader, flow_oi_header, FLOW, OI_HEADER, GtkWidget)

/* The figures of @report; NULL: nothing known yet (dashes). */
void     flow_oi_header_set_report    (FlowOiHeader       *self,
                                       const FlowOiReport *report);
/* The expiry drop-down: "Nearest" (with @shown's date while @pinned is "nearest"), then
 * @dates; the selection follows @pinned. Picking one emits "expiry-chosen". */
void     flow_oi_header_set_expiries  (FlowOiHeader       *self,
                                       const char * const *dates,
                                       const char         *shown,
                                       const char         *pinned);
/* The underlying drop-down's selection (all the underlyings the app offers, and @underlying
 * if it is none of them). Picking one emits "underlying-chosen". */
void     flow_oi_header_set_underlying (FlowOiHeader      *self,
                                        const char        *underlying);
/* The time to the next refresh; @warning when the table is stale. */
void     flow_oi_header_set_countdown (FlowOiHeader       *self,
                                       const char         *text,
                                       gboolean            warning);
gboolean flow_oi_header_get_muted     (FlowOiHeader       *self);
void     flow_oi_header_set_muted     (FlowOiHeader       *self,
                                       gboolean            muted);

G_END_DECLS

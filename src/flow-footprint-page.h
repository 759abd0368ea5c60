/* flow-footprint-page.h: the Footprint tab: toolbar, chart and the glue to a feed and its journal
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "flow-feed.h"

G_BEGIN_DECLS

/* The page owns the FlowFootprint shown by its FlowFootprintView and keeps interval, row size,
 * session open, imbalance settings, instrument and follow-live in step with @settings.
 *
 * Journal: every snapshot of a broker feed is appended to the day's journal of the instrument
 * (flow_journal_default_path()), and setting such a feed first restores today's journal, so
 * reopening the app the same day shows the whole day again. The demo feed is not journaled and
 * does not restore: it replays its session so far by itself on start, so a journal would only
 * count that volume twice (or mix simulated and real trades). */

#define FLOW_TYPE_FOOTPRINT_PAGE (flow_footprint_page_get_type ())
G_DECLARE_FINAL_TYPE (FlowFootprintPage, flow_footprint_page, FLOW, FOOTPRINT_PAGE, GtkWidget)

GtkWidget *flow_footprint_page_new      (GSettings         *settings);
/* Takes the snapshots of @feed (NULL to detach). Set it before flow_feed_start(): the demo feed
 * emits its session so far during start. A new feed starts the chart afresh. */
void       flow_footprint_page_set_feed (FlowFootprintPage *self,
                                         FlowFeed          *feed);

G_END_DECLS

/* flow-footprint-view.h: the Cairo-drawn, pannable and zoomable footprint chart
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "flow-footprint.h"

G_BEGIN_DECLS

/* Draws a FlowFootprint: one column per time bucket, one row per price level, each cell
 * "sell × buy", with the POC, imbalances, a footer (volume, delta, cumulative delta) per
 * bucket, the LTP line, a price axis on the right and an IST time axis below.
 *
 * The view keeps its position in absolute units (epoch ms at the left edge, paise at the top)
 * and its zoom in pixels per bucket and per row, so a change of interval or row size
 * re-aggregates the data under a view that stays where it was in time and price.
 *
 * Following live pins the newest bucket at its distance from the right edge as new data
 * arrives, and scrolls the price to keep the LTP in view. Panning or zooming so that the newest
 * bucket (or the LTP) leaves the view stops following; flow_footprint_view_go_live() (End)
 * resumes it. With autoscale (the default) the price window fits the buckets in view; a price
 * drag or zoom turns it off, End or a double click on the price axis back on. Where things are
 * is FlowFootprintViewport's business (flow-footprint-viewport.h). */

#define FLOW_TYPE_FOOTPRINT_VIEW (flow_footprint_view_get_type ())
G_DECLARE_FINAL_TYPE (FlowFootprintView, flow_footprint_view, FLOW, FOOTPRINT_VIEW, GtkWidget)

GtkWidget     *flow_footprint_view_new               (void);
FlowFootprint *flow_footprint_view_get_footprint     (FlowFootprintView *self);
void           flow_footprint_view_set_footprint     (FlowFootprintView *self,
                                                      FlowFootprint     *footprint);
gboolean       flow_footprint_view_get_follow_live   (FlowFootprintView *self);
void           flow_footprint_view_set_follow_live   (FlowFootprintView *self,
                                                      gboolean           follow_live);
/* Follows live again and brings the newest bucket and the LTP into view (the End key), with
 * autoscale on. */
void           flow_footprint_view_go_live           (FlowFootprintView *self);
/* The session volume profile at the plot's right edge: per level bought and sold, the POC
 * outlined and the value area (VAH / VAL dashed) stronger than the rest. On by default. */
gboolean       flow_footprint_view_get_show_profile  (FlowFootprintView *self);
void           flow_footprint_view_set_show_profile  (FlowFootprintView *self,
                                                      gboolean           show_profile);
/* Whether the price window fits the buckets in view (the "autoscale" property). */
gboolean       flow_footprint_view_get_autoscale_enabled (FlowFootprintView *self);
/* The instrument's tick (paise; 0: unknown, 5 is assumed), the unit of the automatic row. */
gint64         flow_footprint_view_get_tick_size     (FlowFootprintView *self);
void           flow_footprint_view_set_tick_size     (FlowFootprintView *self,
                                                      gint64             tick_size);
/* The row size (paise) at which the buckets in view fit with readable cells; 0 before data.
 * The view only proposes it (notify::auto-row): the row is the footprint's, set by its owner. */
gint64         flow_footprint_view_get_auto_row      (FlowFootprintView *self);

/* Multiplies the bucket width and the row height by these factors, keeping the point at
 * (@x, @y) (widget coordinates) where it is; a negative coordinate means the plot's centre. */
void           flow_footprint_view_zoom              (FlowFootprintView *self,
                                                      double             time_factor,
                                                      double             price_factor,
                                                      double             x,
                                                      double             y);
/* Back to the default bucket width (@time) and/or row height (@price). */
void           flow_footprint_view_reset_zoom        (FlowFootprintView *self,
                                                      gboolean           time,
                                                      gboolean           price);
/* Moves the content by (@dx, @dy) pixels, as a drag by that much would. */
void           flow_footprint_view_pan               (FlowFootprintView *self,
                                                      double             dx,
                                                      double             dy);
/* Whether a flicked drag is still gliding on (kinetic panning). */
gboolean       flow_footprint_view_is_gliding        (FlowFootprintView *self);
/* What one wheel step does, given the keyboard modifiers: zoom time about the pointer, with
 * Control zoom price, with Shift pan time. @dx and @dy are in wheel detents. */
void           flow_footprint_view_scroll            (FlowFootprintView *self,
                                                      double             dx,
                                                      double             dy,
                                                      GdkModifierType    state);

/* The buckets and levels at least partly in view: first and last bucket start (epoch ms), top
 * and bottom level (paise). FALSE before the view has a size. Any pointer may be NULL. */
gboolean       flow_footprint_view_get_visible_range (FlowFootprintView *self,
                                                      gint64            *first_bucket_ms,
                                                      gint64            *last_bucket_ms,
                                                      gint64            *top_price,
                                                      gint64            *bottom_price);
/* The point at which (widget coordinates) the centre of cell (@bucket_ms, @price) is drawn;
 * FALSE when it is out of view. */
gboolean       flow_footprint_view_get_cell_position (FlowFootprintView *self,
                                                      gint64             bucket_ms,
                                                      gint64             price,
                                                      double            *x,
                                                      double            *y);
/* The hover tooltip's text for the point (@x, @y): time, price, buy, sell, delta and trades of
 * the cell under it; NULL outside the cells. */
char          *flow_footprint_view_dup_tooltip_text  (FlowFootprintView *self,
                                                      double             x,
                                                      double             y);

/* Draws the chart exactly as the widget would at @width × @height (logical pixels, without the
 * hover decorations) into @cr. The caller sets the surface's device scale for HiDPI output.
 * This is the widget's own drawing code: PNG export and the render benchmark use it. */
void           flow_footprint_view_draw              (FlowFootprintView *self,
                                                      cairo_t           *cr,
                                                      int                width,
                                                      int                height);

G_END_DECLS

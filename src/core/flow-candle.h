/* flow-candle.h: one-minute candles, as brokers give the day before the app listened
 *
 * Indian brokers give no tick history, only candles: open, high, low, close and volume per
 * minute (and open interest on some). They are the honest picture of a morning the footprint
 * did not see — prices and volume, never order flow — so they live apart from snapshots and
 * never reach a footprint cell. This module aggregates them into the footprint's time buckets
 * (the same anchor and floor rule, footprint.md rule 4) and writes them as `orderflow-cli
 * candles` prints them.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64   start_ms;    /* the minute's (or bucket's) start, epoch ms */
  gint64   open;        /* paise */
  gint64   high;
  gint64   low;
  gint64   close;
  gint64   volume;
  gint64   oi;          /* open interest at the close, when has_oi */
  gboolean has_oi;
} FlowCandle;

/* Sorts @candles (of FlowCandle) by start time and drops exact repeats of a minute (a broker
 * may send the forming minute twice); the later copy wins. */
void     flow_candles_normalize  (GArray           *candles);
/* The candles of @minutes (sorted, one-minute) in buckets of @interval_ms anchored at
 * @session_open_ms after midnight IST of each candle's day: first open, highest high, lowest
 * low, last close, summed volume, the last OI given. A new array of FlowCandle. */
GArray  *flow_candles_aggregate  (const GArray     *minutes,
                                  gint64            interval_ms,
                                  gint64            session_open_ms);
/* The CSV of cli.md (section Candles): header `bucket_start,open,high,low,close,volume,oi`,
 * times and prices as `orderflow-cli footprint` prints them, oi empty where not given. */
void     flow_candles_append_csv (GString          *out,
                                  const GArray     *candles);

G_END_DECLS

/* flow-snapshot.h: one normalised market snapshot of an instrument
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Broker-independent, as defined in shared/design/footprint.md. Prices are integer paise so
 * that classification and level maths are exact; quantities are units (not lots). */
typedef struct
{
  gint64   ts_ms;          /* exchange time (ms since the epoch), else receive time */
  gint64   ltp;            /* last traded price, paise */
  gint64   ltq;            /* last traded quantity */
  gint64   volume;         /* cumulative volume today, 0 when unknown */
  gint64   bid;            /* best bid, paise, 0 when unknown */
  gint64   ask;            /* best ask, paise, 0 when unknown */
  gint64   open;           /* day open, paise */
  gint64   high;           /* day high, paise */
  gint64   low;            /* day low, paise */
  gint64   close;          /* previous close, paise */
  gint64   oi;             /* open interest */
  gint64   total_buy_qty;  /* total pending buy quantity */
  gint64   total_sell_qty; /* total pending sell quantity */
  gint64   last_trade_ms;  /* last trade time, ms since the epoch, 0 when unknown */
  gboolean resync;         /* first snapshot after a (re)connection or feed restart */
} FlowSnapshot;

G_END_DECLS

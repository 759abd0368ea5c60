/* flow-upstox-instruments.h: Upstox's instruments file and the near-month future
 * (shared/protocols/upstox.md §6)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define FLOW_UPSTOX_INSTRUMENTS_URL_VARIABLE "ORDERFLOW_UPSTOX_INSTRUMENTS_URL"
#define FLOW_UPSTOX_DEFAULT_INSTRUMENTS_URL \
  "https://assets.upstox.com/market-quote/instruments/exchange/NSE.json.gz"

#define FLOW_UPSTOX_INSTRUMENTS_ERROR (flow_upstox_instruments_error_quark ())

typedef enum
{
  FLOW_UPSTOX_INSTRUMENTS_ERROR_DOWNLOAD,
  FLOW_UPSTOX_INSTRUMENTS_ERROR_MALFORMED,
  FLOW_UPSTOX_INSTRUMENTS_ERROR_NOT_FOUND,
} FlowUpstoxInstrumentsError;

/* One record of the file, with the fields the feed needs. */
typedef struct
{
  char   *instrument_key;   /* "NSE_FO|35001": what the feed subscribes */
  char   *trading_symbol;   /* "NIFTY FUT 29 DEC 26" */
  char   *underlying;       /* "NIFTY" (underlying_symbol) */
  char   *underlying_key;   /* "NSE_INDEX|Nifty 50", NULL when absent */
  gint64  expiry_ms;        /* as in the file: 23:59:59 IST of the expiry date */
  gint64  tick_size;        /* paise: the JSON file gives it in paise already (10.0 = ₹0.10) */
  gint64  lot_size;         /* units per lot */
} FlowUpstoxInstrument;

GQuark                flow_upstox_instruments_error_quark (void);

FlowUpstoxInstrument *flow_upstox_instrument_copy         (const FlowUpstoxInstrument *instrument);
void                  flow_upstox_instrument_free         (FlowUpstoxInstrument       *instrument);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlowUpstoxInstrument, flow_upstox_instrument_free)

/* 15:30 IST of the expiry date: from then on the next expiry is the one to follow (the
 * contract stops trading at the close). */
gint64                flow_upstox_instrument_get_roll_ms  (const FlowUpstoxInstrument *instrument);

/* Reads an instruments file (a JSON array of flat objects; gzip-compressed or not — the gzip
 * magic is detected, since a proxy or server may already have decoded it) object by object and
 * returns the future of @underlying to stream at @now_ms: segment NSE_FO (or BSE_FO),
 * instrument_type FUT, underlying_symbol exactly @underlying (falling back to `name` when
 * underlying_symbol is absent), on the exchange of its underlying_key's index, the smallest
 * expiry whose roll time is after @now_ms (NSE's contract on a tie when the key is absent).
 * Blocking: call it from a thread. */
FlowUpstoxInstrument *flow_upstox_instruments_find_future        (GInputStream         *stream,
                                                                  const char           *underlying,
                                                                  gint64                now_ms,
                                                                  GCancellable         *cancellable,
                                                                  GError              **error);

/* The same for the file at @url, downloaded at most once per IST day to
 * $XDG_CACHE_HOME/orderflow/ and parsed in a worker thread. */
void                  flow_upstox_instruments_find_future_async  (SoupSession          *session,
                                                                  const char           *url,
                                                                  const char           *underlying,
                                                                  gint64                now_ms,
                                                                  GCancellable         *cancellable,
                                                                  GAsyncReadyCallback   callback,
                                                                  gpointer              user_data);
FlowUpstoxInstrument *flow_upstox_instruments_find_future_finish (GAsyncResult         *result,
                                                                  GError              **error);

/* The underlying_key that @underlying's futures and options name ("NIFTY" → "NSE_INDEX|Nifty
 * 50"), from the first such record of the same file; the rest of the file is not read.
 * NOT_FOUND when no derivative of @underlying names one. Blocking: call it from a thread. */
char                 *flow_upstox_instruments_find_index_key     (GInputStream         *stream,
                                                                  const char           *underlying,
                                                                  GCancellable         *cancellable,
                                                                  GError              **error);
/* The same for the file at @url, downloaded and cached as for the future (one copy a day
 * serves both) and parsed in a worker thread. */
void                  flow_upstox_instruments_find_index_key_async  (SoupSession       *session,
                                                                     const char        *url,
                                                                     const char        *underlying,
                                                                     gint64             now_ms,
                                                                     GCancellable      *cancellable,
                                                                     GAsyncReadyCallback callback,
                                                                     gpointer           user_data);
char                 *flow_upstox_instruments_find_index_key_finish (GAsyncResult      *result,
                                                                     GError           **error);

/* Upstox publishes one file per exchange: the BSE file beside @url when @url is the NSE one
 * (".../NSE.json.gz" → ".../BSE.json.gz"), since BSE's derivatives (SENSEX) are only in
 * the former; NULL for any other address. */
char                 *flow_upstox_instruments_bse_url             (const char           *url);

G_END_DECLS

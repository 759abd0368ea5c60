/* flow-smartapi-scrip-master.h: Angel One's instrument list and the near-month future
 * (shared/protocols/smartapi.md §3)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define FLOW_SMARTAPI_DEFAULT_SCRIP_MASTER_URL \
  "https://margincalculator.angelone.in/OpenAPI_File/files/OpenAPIScripMaster.json"

#define FLOW_SMARTAPI_SCRIP_MASTER_ERROR (flow_smartapi_scrip_master_error_quark ())

typedef enum
{
  FLOW_SMARTAPI_SCRIP_MASTER_ERROR_DOWNLOAD,
  FLOW_SMARTAPI_SCRIP_MASTER_ERROR_MALFORMED,
  FLOW_SMARTAPI_SCRIP_MASTER_ERROR_NOT_FOUND,
} FlowSmartapiScripMasterError;

/* One row of the list, with its numbers parsed. */
typedef struct
{
  char   *token;           /* the exchange token: WebSocket tokens, REST symboltoken */
  char   *symbol;          /* e.g. NIFTY26NOV26FUT */
  char   *name;            /* the underlying, e.g. NIFTY */
  char   *exch_seg;        /* NFO */
  gint64  expiry_ms;       /* 00:00 IST of the expiry date */
  gint64  tick_size;       /* paise */
  gint64  lot_size;        /* units per lot */
  gint64  strike;          /* paise, options only (else 0) */
  char    option_type[3];  /* "CE" or "PE" for options, else "" */
} FlowSmartapiInstrument;

/* An underlying's option contracts and its index row, for the OI tracker. */
typedef struct
{
  GPtrArray              *options;  /* of FlowSmartapiInstrument: OPTIDX, not yet expired */
  FlowSmartapiInstrument *index;    /* the AMXIDX row of that name; NULL when not listed */
} FlowSmartapiOptions;

void                    flow_smartapi_options_free               (FlowSmartapiOptions          *options);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlowSmartapiOptions, flow_smartapi_options_free)

GQuark                  flow_smartapi_scrip_master_error_quark   (void);

FlowSmartapiInstrument *flow_smartapi_instrument_copy            (const FlowSmartapiInstrument *instrument);
void                    flow_smartapi_instrument_free            (FlowSmartapiInstrument       *instrument);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlowSmartapiInstrument, flow_smartapi_instrument_free)

/* When the future stops being the one to record: 15:30 IST on its expiry day, the close of
 * its last session (the Upstox side rolls at the same time). */
gint64                  flow_smartapi_instrument_get_roll_ms     (const FlowSmartapiInstrument *instrument);

/* "28MAR2024", any letter case → 00:00 IST of that date. */
gboolean                flow_smartapi_parse_expiry               (const char                   *text,
                                                                  gint64                       *out_day_start_ms);

/* Reads a scrip master (one JSON array of flat objects) object by object, never holding the
 * whole document, and returns the future of @underlying to record: exch_seg NFO, instrument
 * type FUTIDX, name exactly @underlying, and the nearest expiry whose roll time
 * (flow_smartapi_instrument_get_roll_ms) is after @now_ms: on expiry day, the expiring future
 * until 15:30 IST and the next month's from then on. Blocking: call it from a thread. */
FlowSmartapiInstrument *flow_smartapi_scrip_master_find_future   (GInputStream                 *stream,
                                                                  const char                   *underlying,
                                                                  gint64                        now_ms,
                                                                  GCancellable                 *cancellable,
                                                                  GError                      **error);

/* Reads the option contracts of @underlying (exch_seg NFO or BFO, instrument type OPTIDX, name
 * exactly @underlying, symbol ending CE or PE) whose expiry day is on or after the IST day of
 * @now_ms, and the index row (AMXIDX) of that name. NOT_FOUND when there are no options.
 * Blocking: call it from a thread. */
FlowSmartapiOptions    *flow_smartapi_scrip_master_find_options  (GInputStream                 *stream,
                                                                  const char                   *underlying,
                                                                  gint64                        now_ms,
                                                                  GCancellable                 *cancellable,
                                                                  GError                      **error);

/* The same for the list at @url, downloaded at most once per IST day: it is streamed to
 * $XDG_CACHE_HOME/orderflow/ and parsed in a worker thread, so the main loop never waits. */
void                    flow_smartapi_scrip_master_find_future_async  (SoupSession         *session,
                                                                       const char          *url,
                                                                       const char          *underlying,
                                                                       gint64               now_ms,
                                                                       GCancellable        *cancellable,
                                                                       GAsyncReadyCallback  callback,
                                                                       gpointer             user_data);
FlowSmartapiInstrument *flow_smartapi_scrip_master_find_future_finish (GAsyncResult        *result,
                                                                       GError             **error);
void                    flow_smartapi_scrip_master_find_options_async  (SoupSession         *session,
                                                                        const char          *url,
                                                                        const char          *underlying,
                                                                        gint64               now_ms,
                                                                        GCancellable        *cancellable,
                                                                        GAsyncReadyCallback  callback,
                                                                        gpointer             user_data);
FlowSmartapiOptions    *flow_smartapi_scrip_master_find_options_finish (GAsyncResult        *result,
                                                                        GError             **error);

G_END_DECLS

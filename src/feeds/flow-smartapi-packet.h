/* flow-smartapi-packet.h: SmartAPI WebSocket 2.0 frames (shared/protocols/smartapi.md §4.3)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "flow-snapshot.h"

G_BEGIN_DECLS

/* Subscription modes; each binary frame is one packet of (at least) its mode's length. */
typedef enum
{
  FLOW_SMARTAPI_MODE_LTP        = 1,
  FLOW_SMARTAPI_MODE_QUOTE      = 2,
  FLOW_SMARTAPI_MODE_SNAP_QUOTE = 3,
  FLOW_SMARTAPI_MODE_DEPTH_20   = 4,
} FlowSmartapiMode;

#define FLOW_SMARTAPI_LTP_LENGTH        51
#define FLOW_SMARTAPI_QUOTE_LENGTH      123
#define FLOW_SMARTAPI_SNAP_QUOTE_LENGTH 379
/* The token field: ASCII, NUL-padded, so at most 24 characters. */
#define FLOW_SMARTAPI_TOKEN_SIZE        25
#define FLOW_SMARTAPI_BEST_FIVE         5

/* WebSocket exchangeType of the NFO segment (index futures and options). */
#define FLOW_SMARTAPI_EXCHANGE_NSE_FO   2

#define FLOW_SMARTAPI_PACKET_ERROR (flow_smartapi_packet_error_quark ())

typedef enum
{
  FLOW_SMARTAPI_PACKET_ERROR_EMPTY,
  FLOW_SMARTAPI_PACKET_ERROR_UNKNOWN_MODE,
  FLOW_SMARTAPI_PACKET_ERROR_UNSUPPORTED_MODE,  /* Depth-20: withdrawn by Angel One in 2025 */
  FLOW_SMARTAPI_PACKET_ERROR_LENGTH,            /* shorter than its mode's length */
  FLOW_SMARTAPI_PACKET_ERROR_EXCHANGE,
  FLOW_SMARTAPI_PACKET_ERROR_TOKEN,
} FlowSmartapiPacketError;

typedef struct
{
  gint64 quantity;
  gint64 price;         /* paise */
  gint   orders;
} FlowSmartapiLevel;

/* One decoded packet. Fields beyond the packet's mode are zero. Prices are in the feed's
 * units: paise, except exchange type 13 (currency), where they are 1e-7 rupees. */
typedef struct
{
  FlowSmartapiMode  mode;
  gsize             extra_bytes;   /* the frame's bytes past its mode's length, not read */
  guint8            exchange_type;
  char              token[FLOW_SMARTAPI_TOKEN_SIZE];
  gint64            sequence;
  gint64            exchange_ts_ms;
  gint64            ltp;
  /* Quote and SnapQuote */
  gint64            ltq;
  gint64            average_price;
  gint64            volume;
  double            total_buy_qty;
  double            total_sell_qty;
  gint64            open;
  gint64            high;
  gint64            low;
  gint64            close;
  /* SnapQuote */
  gint64            last_trade_s;
  gint64            oi;
  FlowSmartapiLevel buy[FLOW_SMARTAPI_BEST_FIVE];   /* best first */
  FlowSmartapiLevel sell[FLOW_SMARTAPI_BEST_FIVE];
  gint64            upper_circuit;
  gint64            lower_circuit;
  gint64            high_52_week;
  gint64            low_52_week;
} FlowSmartapiPacket;

typedef enum
{
  FLOW_SMARTAPI_TEXT_PONG,
  FLOW_SMARTAPI_TEXT_ERROR,   /* {"correlationID":…,"errorCode":"E1002","errorMessage":…} */
  FLOW_SMARTAPI_TEXT_UNKNOWN,
} FlowSmartapiText;

GQuark            flow_smartapi_packet_error_quark  (void);

/* Length of a @mode packet, 0 for modes this decoder does not read. */
gsize             flow_smartapi_packet_length       (FlowSmartapiMode          mode);
/* Decodes one binary frame. The mode byte, the frame's length (at least that of its mode),
 * the exchange type and the token's terminator are all checked before any field is read. A
 * frame longer than its mode is decoded from its known prefix, with extra_bytes set. */
gboolean          flow_smartapi_packet_decode       (const guint8             *data,
                                                     gsize                     length,
                                                     FlowSmartapiPacket       *out_packet,
                                                     GError                  **error);
/* Fills @out_snapshot (footprint.md) from @packet; resync is left FALSE. Quantities pending
 * are rounded from the feed's doubles; the last trade time goes from seconds to ms. */
void              flow_smartapi_packet_to_snapshot  (const FlowSmartapiPacket *packet,
                                                     FlowSnapshot             *out_snapshot);
/* Classifies a text frame. For an error, @out_code and @out_message (either may be NULL)
 * receive the server's errorCode and errorMessage. */
FlowSmartapiText  flow_smartapi_text_parse          (const char               *text,
                                                     gsize                     length,
                                                     char                    **out_code,
                                                     char                    **out_message);

G_END_DECLS

/* flow-candle-rows.h: the candle arrays both brokers answer with
 *
 * SmartAPI's getCandleData (smartapi.md §5) and Upstox's historical-candle endpoints (upstox.md
 * §8) both give a JSON array of rows [time, open, high, low, close, volume] — Upstox adds the
 * open interest as a seventh item — with the time an ISO 8601 string with its offset and the
 * prices in rupees. Every row is checked (length, types, a high not below the low…): a broker
 * answer that does not hold up is an error naming the row, never a chart drawn from it.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "flow-candle.h"

G_BEGIN_DECLS

/* @rows: the array (NULL or JSON null: no candles, an empty array of FlowCandle). @broker
 * names the source in errors ("Upstox", "Angel One"). A seventh numeric item is the OI.
 * Returns the candles sorted by time (FlowCandle, prices in paise), or NULL with
 * G_IO_ERROR_INVALID_DATA. */
GArray *flow_candle_rows_parse (JsonNode    *rows,
                                const char  *broker,
                                GError     **error);

/* Upstox's body: data.candles of {"status":"success","data":{"candles":[…]}}. */
GArray *flow_candle_rows_parse_upstox (JsonNode    *body,
                                       GError     **error);

G_END_DECLS

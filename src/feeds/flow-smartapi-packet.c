/* flow-smartapi-packet.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-smartapi-packet"

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "flow-smartapi-packet.h"

G_DEFINE_QUARK (flow-smartapi-packet-error-quark, flow_smartapi_packet_error)

/* Offsets of smartapi.md §4.3. */
enum {
  OFF_MODE = 0,
  OFF_EXCHANGE = 1,
  OFF_TOKEN = 2,
  OFF_SEQUENCE = 27,
  OFF_EXCHANGE_TS = 35,
  OFF_LTP = 43,
  OFF_LTQ = 51,
  OFF_AVERAGE_PRICE = 59,
  OFF_VOLUME = 67,
  OFF_TOTAL_BUY = 75,
  OFF_TOTAL_SELL = 83,
  OFF_OPEN = 91,
  OFF_HIGH = 99,
  OFF_LOW = 107,
  OFF_CLOSE = 115,
  OFF_LAST_TRADE = 123,
  OFF_OI = 131,
  OFF_BEST_FIVE = 147,
  OFF_UPPER_CIRCUIT = 347,
  OFF_LOWER_CIRCUIT = 355,
  OFF_HIGH_52 = 363,
  OFF_LOW_52 = 371,
};

#define BEST_FIVE_ENTRY 20

/* memcpy, not a cast: the fields sit at odd offsets. */
static inline gint64
read_i64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return (gint64) GUINT64_FROM_LE (v);
}

static inline gint16
read_i16 (const guint8 *p)
{
  guint16 v;

  memcpy (&v, p, sizeof v);
  return (gint16) GUINT16_FROM_LE (v);
}

static inline double
read_double (const guint8 *p)
{
  union { guint64 bits; double value; } v;

  memcpy (&v.bits, p, sizeof v.bits);
  v.bits = GUINT64_FROM_LE (v.bits);
  return v.value;
}

gsize
flow_smartapi_packet_length (FlowSmartapiMode mode)
{
  switch (mode)
    {
    case FLOW_SMARTAPI_MODE_LTP:        return FLOW_SMARTAPI_LTP_LENGTH;
    case FLOW_SMARTAPI_MODE_QUOTE:      return FLOW_SMARTAPI_QUOTE_LENGTH;
    case FLOW_SMARTAPI_MODE_SNAP_QUOTE: return FLOW_SMARTAPI_SNAP_QUOTE_LENGTH;
    case FLOW_SMARTAPI_MODE_DEPTH_20:
    default:                            return 0;
    }
}

static gboolean
exchange_type_is_known (guint8 type)
{
  return (type >= 1 && type <= 5) || type == 7 || type == 13;
}

static void
read_level (const guint8      *entry,
            FlowSmartapiLevel *level)
{
  level->quantity = read_i64 (entry + 2);
  level->price = read_i64 (entry + 10);
  level->orders = read_i16 (entry + 18);
}

gboolean
flow_smartapi_packet_decode (const guint8        *data,
                             gsize                length,
                             FlowSmartapiPacket  *out,
                             GError             **error)
{
  gsize expected;
  guint8 mode;

  if (length == 0)
    {
      g_set_error_literal (error, FLOW_SMARTAPI_PACKET_ERROR, FLOW_SMARTAPI_PACKET_ERROR_EMPTY,
                           "empty binary frame");
      return FALSE;
    }
  mode = data[OFF_MODE];
  if (mode == FLOW_SMARTAPI_MODE_DEPTH_20)
    {
      g_set_error_literal (error, FLOW_SMARTAPI_PACKET_ERROR,
                           FLOW_SMARTAPI_PACKET_ERROR_UNSUPPORTED_MODE,
                           "Depth-20 packet (mode 4) was not subscribed");
      return FALSE;
    }
  expected = flow_smartapi_packet_length (mode);
  if (expected == 0)
    {
      g_set_error (error, FLOW_SMARTAPI_PACKET_ERROR, FLOW_SMARTAPI_PACKET_ERROR_UNKNOWN_MODE,
                   "unknown subscription mode %u", mode);
      return FALSE;
    }
  /* Shorter: fields we read would be missing. Longer: Angel One appending a field to a mode
   * is how such formats grow, and every SDK reads by offset and ignores what follows, so the
   * known prefix is as good as ever; the caller learns of the rest from extra_bytes. */
  if (length < expected)
    {
      g_set_error (error, FLOW_SMARTAPI_PACKET_ERROR, FLOW_SMARTAPI_PACKET_ERROR_LENGTH,
                   "mode %u packet of %" G_GSIZE_FORMAT " bytes, shorter than %" G_GSIZE_FORMAT,
                   mode, length, expected);
      return FALSE;
    }
  if (!exchange_type_is_known (data[OFF_EXCHANGE]))
    {
      g_set_error (error, FLOW_SMARTAPI_PACKET_ERROR, FLOW_SMARTAPI_PACKET_ERROR_EXCHANGE,
                   "unknown exchange type %u", data[OFF_EXCHANGE]);
      return FALSE;
    }
  if (memchr (data + OFF_TOKEN, '\0', FLOW_SMARTAPI_TOKEN_SIZE) == NULL || data[OFF_TOKEN] == '\0')
    {
      g_set_error_literal (error, FLOW_SMARTAPI_PACKET_ERROR, FLOW_SMARTAPI_PACKET_ERROR_TOKEN,
                           "token field is empty or not terminated");
      return FALSE;
    }

  memset (out, 0, sizeof *out);
  out->mode = mode;
  out->extra_bytes = length - expected;
  out->exchange_type = data[OFF_EXCHANGE];
  memcpy (out->token, data + OFF_TOKEN, FLOW_SMARTAPI_TOKEN_SIZE);
  out->sequence = read_i64 (data + OFF_SEQUENCE);
  out->exchange_ts_ms = read_i64 (data + OFF_EXCHANGE_TS);
  out->ltp = read_i64 (data + OFF_LTP);
  if (mode == FLOW_SMARTAPI_MODE_LTP)
    return TRUE;

  out->ltq = read_i64 (data + OFF_LTQ);
  out->average_price = read_i64 (data + OFF_AVERAGE_PRICE);
  out->volume = read_i64 (data + OFF_VOLUME);
  out->total_buy_qty = read_double (data + OFF_TOTAL_BUY);
  out->total_sell_qty = read_double (data + OFF_TOTAL_SELL);
  out->open = read_i64 (data + OFF_OPEN);
  out->high = read_i64 (data + OFF_HIGH);
  out->low = read_i64 (data + OFF_LOW);
  out->close = read_i64 (data + OFF_CLOSE);
  if (mode == FLOW_SMARTAPI_MODE_QUOTE)
    return TRUE;

  out->last_trade_s = read_i64 (data + OFF_LAST_TRADE);
  out->oi = read_i64 (data + OFF_OI);
  /* Buys then sells by position, as the docs and a real capture order them; the flag at +0
   * is not needed to tell them apart. */
  for (guint i = 0; i < FLOW_SMARTAPI_BEST_FIVE; i++)
    {
      read_level (data + OFF_BEST_FIVE + BEST_FIVE_ENTRY * i, &out->buy[i]);
      read_level (data + OFF_BEST_FIVE + BEST_FIVE_ENTRY * (i + FLOW_SMARTAPI_BEST_FIVE),
                  &out->sell[i]);
    }
  out->upper_circuit = read_i64 (data + OFF_UPPER_CIRCUIT);
  out->lower_circuit = read_i64 (data + OFF_LOWER_CIRCUIT);
  out->high_52_week = read_i64 (data + OFF_HIGH_52);
  out->low_52_week = read_i64 (data + OFF_LOW_52);
  return TRUE;
}

/* Pending quantities come as doubles; garbage (NaN, huge) becomes 0 rather than UB. */
static gint64
quantity_from_double (double value)
{
  if (!isfinite (value) || value < 0 || value > (double) G_MAXINT64 / 2)
    return 0;
  return (gint64) llround (value);
}

void
flow_smartapi_packet_to_snapshot (const FlowSmartapiPacket *packet,
                                  FlowSnapshot             *out)
{
  memset (out, 0, sizeof *out);
  out->ts_ms = packet->exchange_ts_ms;
  out->ltp = packet->ltp;
  out->ltq = packet->ltq;
  out->volume = packet->volume;
  out->open = packet->open;
  out->high = packet->high;
  out->low = packet->low;
  out->close = packet->close;
  out->oi = packet->oi;
  out->total_buy_qty = quantity_from_double (packet->total_buy_qty);
  out->total_sell_qty = quantity_from_double (packet->total_sell_qty);
  out->last_trade_ms = packet->last_trade_s > 0 && packet->last_trade_s < G_MAXINT64 / 1000
                       ? packet->last_trade_s * 1000 : 0;
  /* An empty side of the book comes as a zero entry: that is "unknown", not a price. */
  if (packet->buy[0].quantity > 0 && packet->buy[0].price > 0)
    out->bid = packet->buy[0].price;
  if (packet->sell[0].quantity > 0 && packet->sell[0].price > 0)
    out->ask = packet->sell[0].price;
}

/* A member that is not a string (a number, an object: the server's bug or garbage) reads as "",
 * like a missing one. */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

FlowSmartapiText
flow_smartapi_text_parse (const char  *text,
                          gsize        length,
                          char       **out_code,
                          char       **out_message)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object;

  if (length == 4 && memcmp (text, "pong", 4) == 0)
    return FLOW_SMARTAPI_TEXT_PONG;
  /* An empty frame comes as an empty GBytes, whose data is NULL: json-glib would complain. */
  if (text == NULL || length == 0)
    return FLOW_SMARTAPI_TEXT_UNKNOWN;

  parser = json_parser_new ();
  if (length > G_MAXSSIZE || !json_parser_load_from_data (parser, text, (gssize) length, NULL))
    return FLOW_SMARTAPI_TEXT_UNKNOWN;
  /* Blanks only parse, to no root at all. */
  if (json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return FLOW_SMARTAPI_TEXT_UNKNOWN;
  object = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_has_member (object, "errorCode") &&
      !json_object_has_member (object, "errorMessage"))
    return FLOW_SMARTAPI_TEXT_UNKNOWN;
  if (out_code != NULL)
    *out_code = g_strdup (string_member (object, "errorCode"));
  if (out_message != NULL)
    *out_message = g_strdup (string_member (object, "errorMessage"));
  return FLOW_SMARTAPI_TEXT_ERROR;
}

/* fuzz-smartapi-packet.c: SmartAPI WebSocket frames: binary packets and text frames
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "fuzz-common.h"
#include "flow-smartapi-packet.h"

static void
check_packet (const uint8_t *data,
              size_t         size)
{
  FlowSmartapiPacket packet;
  FlowSnapshot snapshot;
  GError *error = NULL;

  if (!flow_smartapi_packet_decode (data, size, &packet, &error))
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == FLOW_SMARTAPI_PACKET_ERROR);
      g_error_free (error);
      return;
    }
  g_assert_null (error);
  /* At least the mode's length; whatever follows its known prefix is counted, not read. */
  g_assert_cmpuint (flow_smartapi_packet_length (packet.mode), >, 0);
  g_assert_cmpuint (size, ==, flow_smartapi_packet_length (packet.mode) + packet.extra_bytes);
  g_assert_cmpuint (packet.mode, ==, data[0]);
  g_assert_cmpuint (packet.exchange_type, ==, data[1]);
  g_assert_cmpint (packet.token[0], !=, '\0');
  g_assert_cmpuint (strlen (packet.token), <, FLOW_SMARTAPI_TOKEN_SIZE);
  if (packet.mode == FLOW_SMARTAPI_MODE_LTP)
    g_assert_true (packet.volume == 0 && packet.oi == 0 && packet.buy[0].price == 0);

  flow_smartapi_packet_to_snapshot (&packet, &snapshot);
  g_assert_cmpint (snapshot.ltp, ==, packet.ltp);
  g_assert_cmpint (snapshot.total_buy_qty, >=, 0);
  g_assert_cmpint (snapshot.total_sell_qty, >=, 0);
  g_assert_cmpint (snapshot.last_trade_ms, >=, 0);
  g_assert_cmpint (snapshot.bid, >=, 0);
  g_assert_cmpint (snapshot.ask, >=, 0);
}

static void
check_text (const uint8_t *data,
            size_t         size)
{
  char *code = NULL;
  char *message = NULL;

  switch (flow_smartapi_text_parse ((const char *) data, size, &code, &message))
    {
    case FLOW_SMARTAPI_TEXT_PONG:
      g_assert_true (size == 4 && memcmp (data, "pong", 4) == 0);
      g_assert_null (code);
      break;
    case FLOW_SMARTAPI_TEXT_ERROR:
      g_assert_nonnull (code);
      g_assert_nonnull (message);
      break;
    case FLOW_SMARTAPI_TEXT_UNKNOWN:
      g_assert_null (code);
      g_assert_null (message);
      break;
    default:
      g_assert_not_reached ();
    }
  g_free (code);
  g_free (message);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_init ();
  /* The same bytes as both frame kinds: the feed tells them apart by the WebSocket opcode,
   * which the server controls. */
  check_packet (data, size);
  check_text (data, size);
  return 0;
}

/* test-smartapi-packet.c: SmartAPI binary frames by the offsets of smartapi.md §4.3
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "flow-smartapi-packet.h"
#include "flow-test-smartapi-server.h"

static void
assert_same_packet (const FlowSmartapiPacket *a,
                    const FlowSmartapiPacket *b)
{
  g_assert_cmpint (a->mode, ==, b->mode);
  g_assert_cmpuint (a->exchange_type, ==, b->exchange_type);
  g_assert_cmpstr (a->token, ==, b->token);
  g_assert_cmpint (a->sequence, ==, b->sequence);
  g_assert_cmpint (a->exchange_ts_ms, ==, b->exchange_ts_ms);
  g_assert_cmpint (a->ltp, ==, b->ltp);
  g_assert_cmpint (a->ltq, ==, b->ltq);
  g_assert_cmpint (a->average_price, ==, b->average_price);
  g_assert_cmpint (a->volume, ==, b->volume);
  g_assert_cmpfloat (a->total_buy_qty, ==, b->total_buy_qty);
  g_assert_cmpfloat (a->total_sell_qty, ==, b->total_sell_qty);
  g_assert_cmpint (a->open, ==, b->open);
  g_assert_cmpint (a->high, ==, b->high);
  g_assert_cmpint (a->low, ==, b->low);
  g_assert_cmpint (a->close, ==, b->close);
  g_assert_cmpint (a->last_trade_s, ==, b->last_trade_s);
  g_assert_cmpint (a->oi, ==, b->oi);
  for (guint i = 0; i < FLOW_SMARTAPI_BEST_FIVE; i++)
    {
      g_assert_cmpint (a->buy[i].quantity, ==, b->buy[i].quantity);
      g_assert_cmpint (a->buy[i].price, ==, b->buy[i].price);
      g_assert_cmpint (a->buy[i].orders, ==, b->buy[i].orders);
      g_assert_cmpint (a->sell[i].quantity, ==, b->sell[i].quantity);
      g_assert_cmpint (a->sell[i].price, ==, b->sell[i].price);
      g_assert_cmpint (a->sell[i].orders, ==, b->sell[i].orders);
    }
  g_assert_cmpint (a->upper_circuit, ==, b->upper_circuit);
  g_assert_cmpint (a->lower_circuit, ==, b->lower_circuit);
  g_assert_cmpint (a->high_52_week, ==, b->high_52_week);
  g_assert_cmpint (a->low_52_week, ==, b->low_52_week);
}

/* The real SnapQuote of smartapi.md §6 (token 1594, nse_cm, 20-Dec-2024), re-encoded. */
static void
real_capture (FlowSmartapiPacket *p)
{
  memset (p, 0, sizeof *p);
  p->mode = FLOW_SMARTAPI_MODE_SNAP_QUOTE;
  p->exchange_type = 1;
  strcpy (p->token, "1594");
  p->sequence = 1007544;
  p->exchange_ts_ms = G_GINT64_CONSTANT (1734666469000);
  p->ltp = 196115;
  p->ltq = 5;
  p->average_price = 196995;
  p->volume = 624787;
  p->total_buy_qty = 158743;
  p->total_sell_qty = 246562;
  p->open = 197515;
  p->high = 197995;
  p->low = 196025;
  p->close = 194620;
  p->last_trade_s = 1734667800;
  p->oi = 81872000;
  p->buy[0] = (FlowSmartapiLevel) { 21, 195540, 2 };
  p->sell[0] = (FlowSmartapiLevel) { 35, 195575, 1 };
  p->upper_circuit = 214080;
  p->lower_circuit = 175160;
  p->high_52_week = 200645;
  p->low_52_week = 135835;
}

static void
test_snap_quote (void)
{
  FlowSmartapiPacket in, out;
  FlowSnapshot snapshot;
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GError) error = NULL;

  real_capture (&in);
  frame = flow_test_smartapi_encode (&in);
  g_assert_cmpuint (g_bytes_get_size (frame), ==, 379);
  g_assert_true (flow_smartapi_packet_decode (g_bytes_get_data (frame, NULL), 379, &out, &error));
  g_assert_no_error (error);
  assert_same_packet (&in, &out);

  flow_smartapi_packet_to_snapshot (&out, &snapshot);
  g_assert_cmpint (snapshot.ts_ms, ==, G_GINT64_CONSTANT (1734666469000));
  g_assert_cmpint (snapshot.ltp, ==, 196115);
  g_assert_cmpint (snapshot.ltq, ==, 5);
  g_assert_cmpint (snapshot.volume, ==, 624787);
  g_assert_cmpint (snapshot.bid, ==, 195540);
  g_assert_cmpint (snapshot.ask, ==, 195575);
  g_assert_cmpint (snapshot.open, ==, 197515);
  g_assert_cmpint (snapshot.close, ==, 194620);
  g_assert_cmpint (snapshot.oi, ==, 81872000);
  g_assert_cmpint (snapshot.total_buy_qty, ==, 158743);
  g_assert_cmpint (snapshot.total_sell_qty, ==, 246562);
  /* Last trade time comes in seconds. */
  g_assert_cmpint (snapshot.last_trade_ms, ==, G_GINT64_CONSTANT (1734667800000));
  g_assert_false (snapshot.resync);
}

/* Hand-placed bytes, so that the offsets are checked without the test encoder. */
static void
test_offsets_by_hand (void)
{
  guint8 frame[379] = { 0 };
  FlowSmartapiPacket out;
  g_autoptr(GError) error = NULL;

  frame[0] = 3;
  frame[1] = 2;
  memcpy (frame + 2, "35001", 5);
  frame[43] = 0x10;     /* LTP 0x0110 = 272 */
  frame[44] = 0x01;
  frame[67] = 0xE8;     /* volume 1000 */
  frame[68] = 0x03;
  frame[147] = 1;       /* best buy: flag 1, qty 7, price 270 */
  frame[149] = 7;
  frame[157] = 0x0E;
  frame[158] = 0x01;
  frame[247] = 0;       /* best sell: flag 0, qty 9, price 275, orders 2 */
  frame[249] = 9;
  frame[257] = 0x13;
  frame[258] = 0x01;
  frame[265] = 2;
  frame[378] = 0x01;    /* 52-week low's top byte */
  g_assert_true (flow_smartapi_packet_decode (frame, sizeof frame, &out, &error));
  g_assert_cmpint (out.ltp, ==, 272);
  g_assert_cmpint (out.volume, ==, 1000);
  g_assert_cmpint (out.buy[0].quantity, ==, 7);
  g_assert_cmpint (out.buy[0].price, ==, 270);
  g_assert_cmpint (out.sell[0].quantity, ==, 9);
  g_assert_cmpint (out.sell[0].price, ==, 275);
  g_assert_cmpint (out.sell[0].orders, ==, 2);
  g_assert_cmpint (out.low_52_week, ==, G_GINT64_CONSTANT (1) << 56);
}

static void
test_ltp_and_quote (void)
{
  FlowSmartapiPacket in, out;
  FlowSnapshot snapshot;

  real_capture (&in);
  for (int mode = FLOW_SMARTAPI_MODE_LTP; mode <= FLOW_SMARTAPI_MODE_QUOTE; mode++)
    {
      g_autoptr(GBytes) frame = NULL;
      g_autoptr(GError) error = NULL;
      FlowSmartapiPacket expected;

      in.mode = mode;
      frame = flow_test_smartapi_encode (&in);
      g_assert_cmpuint (g_bytes_get_size (frame), ==, mode == 1 ? 51 : 123);
      g_assert_true (flow_smartapi_packet_decode (g_bytes_get_data (frame, NULL),
                                                  g_bytes_get_size (frame), &out, &error));
      g_assert_no_error (error);
      /* Fields beyond the mode stay zero. */
      memset (&expected, 0, sizeof expected);
      expected.mode = mode;
      expected.exchange_type = in.exchange_type;
      strcpy (expected.token, in.token);
      expected.sequence = in.sequence;
      expected.exchange_ts_ms = in.exchange_ts_ms;
      expected.ltp = in.ltp;
      if (mode == FLOW_SMARTAPI_MODE_QUOTE)
        {
          expected.ltq = in.ltq;
          expected.average_price = in.average_price;
          expected.volume = in.volume;
          expected.total_buy_qty = in.total_buy_qty;
          expected.total_sell_qty = in.total_sell_qty;
          expected.open = in.open;
          expected.high = in.high;
          expected.low = in.low;
          expected.close = in.close;
        }
      assert_same_packet (&expected, &out);
      flow_smartapi_packet_to_snapshot (&out, &snapshot);
      g_assert_cmpint (snapshot.bid, ==, 0);
      g_assert_cmpint (snapshot.ask, ==, 0);
      g_assert_cmpint (snapshot.volume, ==, mode == 1 ? 0 : 624787);
    }
}

/* Every length short of its mode's is refused for every mode, before any field is read: the
 * frame is copied into an exactly sized heap block so that a read past it trips ASan/valgrind.
 * A longer frame (a field Angel One appended) decodes from its known prefix to the very
 * packet the exact one gives, whatever follows, and says how much it did not read. */
static void
test_shorter_refused_longer_decoded (void)
{
  static const gsize extras[] = { 1, 8, 64, 4096 };
  FlowSmartapiPacket in, exact, out;

  real_capture (&in);
  for (int mode = FLOW_SMARTAPI_MODE_LTP; mode <= FLOW_SMARTAPI_MODE_SNAP_QUOTE; mode++)
    {
      g_autoptr(GBytes) frame = NULL;
      gsize right;

      in.mode = mode;
      frame = flow_test_smartapi_encode (&in);
      right = g_bytes_get_size (frame);
      g_assert_cmpuint (right, ==, flow_smartapi_packet_length (mode));
      for (gsize length = 1; length < right; length++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree guint8 *copy = g_memdup2 (g_bytes_get_data (frame, NULL), length);

          g_assert_false (flow_smartapi_packet_decode (copy, length, &out, &error));
          g_assert_error (error, FLOW_SMARTAPI_PACKET_ERROR, FLOW_SMARTAPI_PACKET_ERROR_LENGTH);
        }
      g_assert_true (flow_smartapi_packet_decode (g_bytes_get_data (frame, NULL), right, &exact,
                                                  NULL));
      g_assert_cmpuint (exact.extra_bytes, ==, 0);
      for (gsize i = 0; i < G_N_ELEMENTS (extras); i++)
        {
          g_autoptr(GError) error = NULL;
          g_autofree guint8 *long_frame = g_malloc (right + extras[i]);

          memcpy (long_frame, g_bytes_get_data (frame, NULL), right);
          memset (long_frame + right, 0xa5, extras[i]);
          g_assert_true (flow_smartapi_packet_decode (long_frame, right + extras[i], &out,
                                                      &error));
          g_assert_no_error (error);
          g_assert_cmpuint (out.extra_bytes, ==, extras[i]);
          assert_same_packet (&out, &exact);
        }
    }
  g_assert_false (flow_smartapi_packet_decode ((const guint8 *) "", 0, &out, NULL));
}

static void
test_wrong_mode (void)
{
  FlowSmartapiPacket in, out;
  g_autoptr(GBytes) frame = NULL;
  guint8 copy[443] = { 0 };
  guint8 modes[] = { 0, 5, 9, 255 };

  real_capture (&in);
  frame = flow_test_smartapi_encode (&in);
  memcpy (copy, g_bytes_get_data (frame, NULL), 379);
  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) error = NULL;

      copy[0] = modes[i];
      g_assert_false (flow_smartapi_packet_decode (copy, 379, &out, &error));
      g_assert_error (error, FLOW_SMARTAPI_PACKET_ERROR, FLOW_SMARTAPI_PACKET_ERROR_UNKNOWN_MODE);
    }
  /* A SnapQuote-length frame that claims to be a Quote is a Quote with 256 bytes more; a
   * Depth-20 frame at its own length is a mode we never subscribe. */
  {
    g_autoptr(GError) error = NULL;

    copy[0] = FLOW_SMARTAPI_MODE_QUOTE;
    g_assert_true (flow_smartapi_packet_decode (copy, 379, &out, &error));
    g_assert_no_error (error);
    g_assert_cmpint (out.mode, ==, FLOW_SMARTAPI_MODE_QUOTE);
    g_assert_cmpuint (out.extra_bytes, ==, 379 - FLOW_SMARTAPI_QUOTE_LENGTH);
    g_assert_cmpint (out.last_trade_s, ==, 0);
    copy[0] = FLOW_SMARTAPI_MODE_DEPTH_20;
    g_assert_false (flow_smartapi_packet_decode (copy, 443, &out, &error));
    g_assert_error (error, FLOW_SMARTAPI_PACKET_ERROR,
                    FLOW_SMARTAPI_PACKET_ERROR_UNSUPPORTED_MODE);
  }
}

static void
test_bad_header (void)
{
  FlowSmartapiPacket in, out;
  g_autoptr(GBytes) frame = NULL;
  guint8 copy[379];
  g_autoptr(GError) error = NULL;

  real_capture (&in);
  frame = flow_test_smartapi_encode (&in);
  memcpy (copy, g_bytes_get_data (frame, NULL), 379);
  copy[1] = 6;
  g_assert_false (flow_smartapi_packet_decode (copy, 379, &out, &error));
  g_assert_error (error, FLOW_SMARTAPI_PACKET_ERROR, FLOW_SMARTAPI_PACKET_ERROR_EXCHANGE);
  g_clear_error (&error);
  copy[1] = 2;
  memset (copy + 2, ' ', 25);
  g_assert_false (flow_smartapi_packet_decode (copy, 379, &out, &error));
  g_assert_error (error, FLOW_SMARTAPI_PACKET_ERROR, FLOW_SMARTAPI_PACKET_ERROR_TOKEN);
  g_clear_error (&error);
  memset (copy + 2, 0, 25);
  g_assert_false (flow_smartapi_packet_decode (copy, 379, &out, &error));
  g_assert_error (error, FLOW_SMARTAPI_PACKET_ERROR, FLOW_SMARTAPI_PACKET_ERROR_TOKEN);
}

/* Random bytes of random lengths: rejected or decoded, never a crash. */
static void
test_fuzz (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261120);
  FlowSmartapiPacket out;

  for (guint n = 0; n < 20000; n++)
    {
      gsize length = (gsize) g_rand_int_range (rand, 0, 500);
      g_autofree guint8 *data = g_malloc (MAX (length, 1));

      for (gsize i = 0; i < length; i++)
        data[i] = (guint8) g_rand_int (rand);
      if (length > 0 && n % 2 == 0)
        data[0] = (guint8) g_rand_int_range (rand, 1, 4);
      flow_smartapi_packet_decode (data, length, &out, NULL);
    }
}

static void
test_text_frames (void)
{
  g_autofree char *code = NULL;
  g_autofree char *message = NULL;
  const char *error_frame = "{\"correlationID\":\"abcde12345\",\"errorCode\":\"E1002\","
                            "\"errorMessage\":\"Invalid Request. Subscription Limit Exceeded\"}";

  g_assert_cmpint (flow_smartapi_text_parse ("pong", 4, NULL, NULL), ==, FLOW_SMARTAPI_TEXT_PONG);
  g_assert_cmpint (flow_smartapi_text_parse (error_frame, strlen (error_frame), &code, &message),
                   ==, FLOW_SMARTAPI_TEXT_ERROR);
  g_assert_cmpstr (code, ==, "E1002");
  g_assert_cmpstr (message, ==, "Invalid Request. Subscription Limit Exceeded");
  g_assert_cmpint (flow_smartapi_text_parse ("pon", 3, NULL, NULL), ==,
                   FLOW_SMARTAPI_TEXT_UNKNOWN);
  g_assert_cmpint (flow_smartapi_text_parse ("{\"a\":1}", 7, NULL, NULL), ==,
                   FLOW_SMARTAPI_TEXT_UNKNOWN);
  g_assert_cmpint (flow_smartapi_text_parse ("[1,2", 4, NULL, NULL), ==,
                   FLOW_SMARTAPI_TEXT_UNKNOWN);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/smartapi-packet/snap-quote", test_snap_quote);
  g_test_add_func ("/smartapi-packet/offsets-by-hand", test_offsets_by_hand);
  g_test_add_func ("/smartapi-packet/ltp-and-quote", test_ltp_and_quote);
  g_test_add_func ("/smartapi-packet/shorter-refused-longer-decoded",
                   test_shorter_refused_longer_decoded);
  g_test_add_func ("/smartapi-packet/wrong-mode", test_wrong_mode);
  g_test_add_func ("/smartapi-packet/bad-header", test_bad_header);
  g_test_add_func ("/smartapi-packet/fuzz", test_fuzz);
  g_test_add_func ("/smartapi-packet/text-frames", test_text_frames);
  return g_test_run ();
}

/* test-upstox-stream.c: FlowUpstoxStream against a loopback Upstox (authorize, the instruments
 * file, the v3 feed with protobuf frames encoded by the test)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "flow-footprint.h"
#include "flow-ist.h"
#include "flow-test-keyring.h"
#include "flow-test-loop.h"
#include "flow-test-upstox-frames.h"
#include "flow-test-upstox-stream-server.h"
#include "flow-upstox-stream-private.h"

#define TIMEOUT_MS 10000
#define DAY_MS     G_GINT64_CONSTANT (86400000)

static FlowTestKeyring *keyring;

typedef struct
{
  FlowTestUpstox       *rest;
  FlowTestUpstoxStream *server;
  FlowCredentials      *credentials;
  FlowFeed             *feed;
  GArray               *snapshots;   /* of FlowSnapshot */
  GPtrArray            *states;      /* of "state: message" */
} Fixture;

static void
on_snapshot (FlowFeed           *feed,
             const FlowSnapshot *snapshot,
             Fixture            *fixture)
{
  g_array_append_vals (fixture->snapshots, snapshot, 1);
}

static void
on_state (FlowFeed   *feed,
          GParamSpec *pspec,
          Fixture    *fixture)
{
  g_ptr_array_add (fixture->states,
                   g_strdup_printf ("%s: %s", flow_feed_state_to_string (flow_feed_get_state (feed)),
                                    flow_feed_get_message (feed) != NULL ? flow_feed_get_message (feed) : ""));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) instruments = flow_test_upstox_instruments (g_get_real_time () / 1000 + 3 * DAY_MS);

  fixture->rest = flow_test_upstox_new ();
  fixture->server = flow_test_upstox_stream_new (fixture->rest);
  flow_test_upstox_stream_set_instruments (fixture->server, instruments);
  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "analytics_token", "test-token", NULL);
  fixture->credentials = flow_credentials_new ();
  fixture->feed = flow_upstox_stream_new (fixture->credentials, "NIFTY");
  flow_upstox_stream_set_timing (FLOW_UPSTOX_STREAM (fixture->feed), 2000, 20, 40);
  fixture->snapshots = g_array_new (FALSE, TRUE, sizeof (FlowSnapshot));
  fixture->states = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->feed, "snapshot", G_CALLBACK (on_snapshot), fixture);
  g_signal_connect (fixture->feed, "notify::state", G_CALLBACK (on_state), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  GPtrArray *problems = flow_test_upstox_stream_get_problems (fixture->server);

  flow_feed_stop (fixture->feed);
  g_signal_handlers_disconnect_by_data (fixture->feed, fixture);
  g_assert_finalize_object (fixture->feed);
  g_object_unref (fixture->credentials);
  /* Let the closing sockets finish before the server goes. */
  flow_test_wait_ms (50);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("server: %s\n", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
  flow_test_upstox_stream_free (fixture->server);
  flow_test_upstox_free (fixture->rest);
  g_array_unref (fixture->snapshots);
  g_ptr_array_unref (fixture->states);
}

static gboolean
has_snapshots (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];
  guint n = GPOINTER_TO_UINT (((gpointer *) data)[1]);

  return fixture->snapshots->len >= n;
}

static void
wait_for_snapshots (Fixture *fixture,
                    guint    n)
{
  gpointer data[2] = { fixture, GUINT_TO_POINTER (n) };

  g_assert_true (flow_test_wait_until (has_snapshots, data, TIMEOUT_MS));
}

static gboolean
is_state (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];
  FlowFeedState state = GPOINTER_TO_INT (((gpointer *) data)[1]);

  return flow_feed_get_state (fixture->feed) == state;
}

static void
wait_for_state (Fixture       *fixture,
                FlowFeedState  state)
{
  gpointer data[2] = { fixture, GINT_TO_POINTER (state) };

  g_assert_true (flow_test_wait_until (is_state, data, TIMEOUT_MS));
}

static FlowSnapshot *
snapshot_at (Fixture *fixture,
             guint    i)
{
  return &g_array_index (fixture->snapshots, FlowSnapshot, i);
}

/* A tick of the near future at @ts_ms: @ltp (rupees), the day's volume, best bid/ask. */
static GBytes *
tick (const char *key,
      FlowUpstoxFrameType type,
      gint64      ts_ms,
      double      ltp,
      gint64      ltq,
      gint64      vtt,
      double      bid,
      double      ask)
{
  FlowTestUpstoxTick tick = {
    .instrument_key = key,
    .type = type,
    .current_ts_ms = ts_ms,
    .with_ltpc = TRUE, .ltp = ltp, .ltt_ms = ts_ms - 5, .ltq = ltq, .cp = 24400.0,
    .with_depth = bid > 0 || ask > 0, .bid = bid, .bid_qty = 75, .ask = ask, .ask_qty = 150,
    .with_ohlc = TRUE, .open = 24450.0, .high = 24520.0, .low = 24410.0, .close = ltp,
    .vtt = vtt, .oi = 1234500, .tbq = 100000, .tsq = 90000,
  };

  return flow_test_upstox_encode_tick (&tick);
}

/* 09:16:00 IST today, plus @seconds. */
static gint64
at (int seconds)
{
  return flow_ist_at_time_of_day (g_get_real_time () / 1000, (9 * 3600 + 16 * 60) * 1000) +
         seconds * 1000;
}

/* A drop mid-session: each connection authorizes anew (its code works once), subscribes in
 * full mode with a binary frame, and its first snapshot is a resync; what traded while the
 * socket was down is the footprint's gap volume, never cells. */
static void
test_drop_and_gap (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) second = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(FlowFootprint) footprint = flow_footprint_new ();
  GPtrArray *subscriptions = flow_test_upstox_stream_get_subscriptions (fixture->server);
  FlowFootprintBucket bucket;
  const char *key = FLOW_TEST_UPSTOX_FUTURE_KEY;

  g_ptr_array_add (first, flow_test_upstox_encode_market_info (at (0), "NSE_FO", 2));
  g_ptr_array_add (first, tick (key, FLOW_UPSTOX_FRAME_INITIAL_FEED, at (1), 24500.25, 75, 1000,
                                24500.20, 24500.30));
  /* Trades at the ask (buys) and at the bid (sells). */
  g_ptr_array_add (first, tick (key, FLOW_UPSTOX_FRAME_LIVE_FEED, at (2), 24500.30, 150, 1150,
                                24500.25, 24500.35));
  g_ptr_array_add (first, tick (key, FLOW_UPSTOX_FRAME_LIVE_FEED, at (3), 24500.25, 75, 1225,
                                24500.25, 24500.35));
  flow_test_upstox_stream_add_connection (fixture->server, first, FLOW_TEST_END_DROP);
  /* 600 traded while down. */
  g_ptr_array_add (second, flow_test_upstox_encode_market_info (at (10), "NSE_FO", 2));
  g_ptr_array_add (second, tick (key, FLOW_UPSTOX_FRAME_INITIAL_FEED, at (11), 24501.00, 75,
                                 1825, 24500.95, 24501.05));
  g_ptr_array_add (second, tick (key, FLOW_UPSTOX_FRAME_LIVE_FEED, at (12), 24501.05, 225, 2050,
                                 24501.00, 24501.05));
  flow_test_upstox_stream_add_connection (fixture->server, second, FLOW_TEST_END_KEEP);

  flow_feed_start (fixture->feed);
  wait_for_snapshots (fixture, 5);
  g_assert_cmpuint (fixture->snapshots->len, ==, 5);

  /* Exactly sources.md's mapping. */
  g_assert_true (snapshot_at (fixture, 0)->resync);
  g_assert_cmpint (snapshot_at (fixture, 0)->ts_ms, ==, at (1));
  g_assert_cmpint (snapshot_at (fixture, 0)->ltp, ==, 2450025);
  g_assert_cmpint (snapshot_at (fixture, 0)->ltq, ==, 75);
  g_assert_cmpint (snapshot_at (fixture, 0)->volume, ==, 1000);
  g_assert_cmpint (snapshot_at (fixture, 0)->bid, ==, 2450020);
  g_assert_cmpint (snapshot_at (fixture, 0)->ask, ==, 2450030);
  g_assert_cmpint (snapshot_at (fixture, 0)->oi, ==, 1234500);
  g_assert_cmpint (snapshot_at (fixture, 0)->total_buy_qty, ==, 100000);
  g_assert_cmpint (snapshot_at (fixture, 0)->total_sell_qty, ==, 90000);
  g_assert_cmpint (snapshot_at (fixture, 0)->last_trade_ms, ==, at (1) - 5);
  g_assert_cmpint (snapshot_at (fixture, 0)->close, ==, 2440000);
  g_assert_false (snapshot_at (fixture, 1)->resync);
  g_assert_false (snapshot_at (fixture, 2)->resync);
  g_assert_true (snapshot_at (fixture, 3)->resync);
  g_assert_false (snapshot_at (fixture, 4)->resync);
  g_assert_cmpint (snapshot_at (fixture, 3)->volume, ==, 1825);

  g_assert_cmpuint (flow_upstox_stream_get_n_connections (FLOW_UPSTOX_STREAM (fixture->feed)), ==, 2);
  g_assert_cmpuint (flow_test_upstox_stream_get_n_authorizations (fixture->server), ==, 2);
  g_assert_cmpuint (flow_test_upstox_stream_get_n_reused_codes (fixture->server), ==, 0);
  g_assert_cmpuint (subscriptions->len, ==, 2);
  g_assert_cmpstr (subscriptions->pdata[0], ==, key);
  g_assert_cmpstr (subscriptions->pdata[1], ==, key);
  /* The instruments file came once: the reconnection reused the contract. */
  g_assert_cmpuint (flow_test_upstox_stream_get_n_downloads (fixture->server), ==, 1);
  g_assert_cmpstr (flow_feed_get_contract (fixture->feed), ==, FLOW_TEST_UPSTOX_FUTURE_SYMBOL);
  /* The instruments file's tick_size (10 paise in the fixture), the automatic row's unit. */
  g_assert_cmpint (flow_feed_get_tick_size (fixture->feed), ==, 10);
  g_assert_cmpint (flow_feed_get_state (fixture->feed), ==, FLOW_FEED_STATE_LIVE);

  flow_footprint_add_snapshots (footprint, (FlowSnapshot *) fixture->snapshots->data,
                                fixture->snapshots->len);
  g_assert_true (flow_footprint_get_bucket (footprint,
                                            flow_footprint_get_bucket_index_at (footprint, at (1)),
                                            &bucket));
  /* 150 bought at the ask, 75 sold at the bid, 225 bought after the reconnection; the 600
   * in between are the gap. */
  g_assert_cmpint (bucket.buy_volume, ==, 150 + 225);
  g_assert_cmpint (bucket.sell_volume, ==, 75);
  g_assert_cmpint (bucket.gap_volume, ==, 600);
}

/* A live_feed may leave out what did not change: the depth and the ltpc are kept from the
 * cached state, so the snapshot is whole. */
static void
test_partial_deltas (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  FlowTestUpstoxTick only_volume = {
    .instrument_key = FLOW_TEST_UPSTOX_FUTURE_KEY, .type = FLOW_UPSTOX_FRAME_LIVE_FEED,
    .current_ts_ms = at (3), .vtt = 1300,
  };
  FlowTestUpstoxTick only_price = {
    .instrument_key = FLOW_TEST_UPSTOX_FUTURE_KEY, .type = FLOW_UPSTOX_FRAME_LIVE_FEED,
    .current_ts_ms = at (4), .with_ltpc = TRUE, .ltp = 24502.5, .ltq = 50, .ltt_ms = at (4),
  };

  g_ptr_array_add (frames, tick (FLOW_TEST_UPSTOX_FUTURE_KEY, FLOW_UPSTOX_FRAME_INITIAL_FEED,
                                 at (1), 24500.25, 75, 1000, 24500.20, 24500.30));
  g_ptr_array_add (frames, flow_test_upstox_encode_tick (&only_volume));
  g_ptr_array_add (frames, flow_test_upstox_encode_tick (&only_price));
  /* Another instrument's entry is no trade of ours. */
  g_ptr_array_add (frames, tick (FLOW_TEST_UPSTOX_BANKNIFTY_KEY, FLOW_UPSTOX_FRAME_LIVE_FEED,
                                 at (5), 52000.0, 30, 500, 51999.0, 52001.0));
  flow_test_upstox_stream_add_connection (fixture->server, frames, FLOW_TEST_END_KEEP);

  flow_feed_start (fixture->feed);
  wait_for_snapshots (fixture, 3);
  g_assert_true (flow_test_wait_until ((GSourceFunc) flow_test_upstox_stream_scripts_done,
                                       fixture->server, TIMEOUT_MS));
  flow_test_wait_ms (50);
  g_assert_cmpuint (fixture->snapshots->len, ==, 3);
  g_assert_cmpint (snapshot_at (fixture, 1)->volume, ==, 1300);
  g_assert_cmpint (snapshot_at (fixture, 1)->ltp, ==, 2450025);
  g_assert_cmpint (snapshot_at (fixture, 1)->bid, ==, 2450020);
  g_assert_cmpint (snapshot_at (fixture, 1)->ask, ==, 2450030);
  g_assert_cmpint (snapshot_at (fixture, 2)->ltp, ==, 2450250);
  g_assert_cmpint (snapshot_at (fixture, 2)->ltq, ==, 50);
  g_assert_cmpint (snapshot_at (fixture, 2)->volume, ==, 1300);
  g_assert_cmpint (snapshot_at (fixture, 2)->bid, ==, 2450020);
  g_assert_cmpint (snapshot_at (fixture, 2)->oi, ==, 1234500);
}

/* Bad frames are counted and dropped; the stream goes on. A frame over 1 MiB closes the
 * socket (libsoup's cap), and the stream reconnects with a resync. */
static void
test_bad_frames (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize big_length = 1024 * 1024 + 16;
  guint8 *big = g_malloc0 (big_length);

  g_ptr_array_add (frames, tick (FLOW_TEST_UPSTOX_FUTURE_KEY, FLOW_UPSTOX_FRAME_INITIAL_FEED,
                                 at (1), 24500.25, 75, 1000, 24500.20, 24500.30));
  g_ptr_array_add (frames, g_bytes_new_static ("\xff\xff\xff\xff\x0f", 5));
  g_ptr_array_add (frames, tick (FLOW_TEST_UPSTOX_FUTURE_KEY, FLOW_UPSTOX_FRAME_LIVE_FEED,
                                 at (2), 24500.30, 75, 1075, 24500.25, 24500.35));
  big[0] = 0x12;
  g_ptr_array_add (frames, g_bytes_new_take (big, big_length));
  flow_test_upstox_stream_add_connection (fixture->server, frames, FLOW_TEST_END_KEEP);
  g_ptr_array_add (after, tick (FLOW_TEST_UPSTOX_FUTURE_KEY, FLOW_UPSTOX_FRAME_INITIAL_FEED,
                                at (5), 24500.50, 75, 1300, 24500.45, 24500.55));
  flow_test_upstox_stream_add_connection (fixture->server, after, FLOW_TEST_END_KEEP);

  flow_feed_start (fixture->feed);
  wait_for_snapshots (fixture, 3);
  g_assert_cmpuint (flow_upstox_stream_get_n_rejected (FLOW_UPSTOX_STREAM (fixture->feed)), ==, 1);
  g_assert_cmpint (snapshot_at (fixture, 1)->volume, ==, 1075);
  g_assert_true (snapshot_at (fixture, 2)->resync);
  g_assert_cmpint (snapshot_at (fixture, 2)->volume, ==, 1300);
  g_assert_cmpuint (flow_upstox_stream_get_n_connections (FLOW_UPSTOX_STREAM (fixture->feed)), ==, 2);
}

/* A refused upgrade (the code already used, say) is retried with a new authorization; a 401
 * at authorize or at the upgrade is a dead token: Logged out, and no more attempts. */
static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint authorizations;

  g_ptr_array_add (frames, tick (FLOW_TEST_UPSTOX_FUTURE_KEY, FLOW_UPSTOX_FRAME_INITIAL_FEED,
                                 at (1), 24500.25, 75, 1000, 24500.20, 24500.30));
  flow_test_upstox_stream_add_connection (fixture->server, frames, FLOW_TEST_END_DROP);
  flow_test_upstox_stream_refuse_next_handshake (fixture->server, 403);
  flow_test_upstox_stream_fail_next_authorize (fixture->server, 500,
    "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"UDAPI100500\",\"message\":\"Something went wrong\"}]}");

  flow_feed_start (fixture->feed);
  wait_for_snapshots (fixture, 1);
  /* 500, then a code refused at the upgrade, then one that works. */
  g_assert_cmpuint (flow_test_upstox_stream_get_n_authorizations (fixture->server), ==, 3);
  g_assert_cmpuint (flow_test_upstox_stream_get_n_handshakes (fixture->server), ==, 2);

  /* The drop that ends the script, then a token Upstox no longer takes. */
  flow_test_upstox_set_token (fixture->rest, "another-token");
  wait_for_state (fixture, FLOW_FEED_STATE_LOGGED_OUT);
  g_assert_nonnull (strstr (flow_feed_get_message (fixture->feed), "UDAPI100050"));
  authorizations = flow_test_upstox_stream_get_n_authorizations (fixture->server);
  flow_test_wait_ms (300);
  g_assert_cmpuint (flow_test_upstox_stream_get_n_authorizations (fixture->server), ==,
                    authorizations);
  g_assert_cmpint (flow_feed_get_state (fixture->feed), ==, FLOW_FEED_STATE_LOGGED_OUT);

  /* Signed in again (the token the server takes), a new start: and a 401 at the upgrade. */
  flow_test_upstox_set_token (fixture->rest, "test-token");
  flow_test_upstox_stream_refuse_next_handshake (fixture->server, 401);
  flow_feed_stop (fixture->feed);
  flow_feed_start (fixture->feed);
  wait_for_state (fixture, FLOW_FEED_STATE_LOGGED_OUT);
  g_assert_nonnull (strstr (flow_feed_get_message (fixture->feed), "401"));
}

/* No token in the keyring at all: Logged out at once, with the fix, and nothing asked. */
static void
test_no_token (Fixture       *fixture,
               gconstpointer  data)
{
  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "api_key", "app-key", NULL);
  flow_feed_start (fixture->feed);
  wait_for_state (fixture, FLOW_FEED_STATE_LOGGED_OUT);
  g_assert_cmpuint (flow_test_upstox_stream_get_n_authorizations (fixture->server), ==, 0);
  g_assert_cmpuint (flow_test_upstox_stream_get_n_downloads (fixture->server), ==, 0);
}

/* At 15:30 IST on the near future's expiry day, a running stream moves to the next month's
 * contract: a new subscription, and a resync (the switch is a gap, never a trade). */
static void
test_expiry_roll (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) near = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) next = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gint64 real_now = g_get_real_time () / 1000;
  /* The stream's clock: 0.8 s before 15:30 IST today, the near contract's expiry day. */
  gint64 roll_ms = flow_ist_at_time_of_day (real_now, (15 * 3600 + 30 * 60) * 1000);
  g_autoptr(GBytes) instruments = flow_test_upstox_instruments (roll_ms);
  GPtrArray *subscriptions = flow_test_upstox_stream_get_subscriptions (fixture->server);

  flow_test_upstox_stream_set_instruments (fixture->server, instruments);
  flow_upstox_stream_set_clock_offset (FLOW_UPSTOX_STREAM (fixture->feed),
                                       roll_ms - 800 - real_now);
  g_ptr_array_add (near, tick (FLOW_TEST_UPSTOX_FUTURE_KEY, FLOW_UPSTOX_FRAME_INITIAL_FEED,
                               roll_ms - 700, 24500.25, 75, 1000, 24500.20, 24500.30));
  flow_test_upstox_stream_add_connection (fixture->server, near, FLOW_TEST_END_KEEP);
  g_ptr_array_add (next, tick (FLOW_TEST_UPSTOX_NEXT_KEY, FLOW_UPSTOX_FRAME_INITIAL_FEED,
                               roll_ms + 500, 24650.00, 75, 300, 24649.95, 24650.05));
  flow_test_upstox_stream_add_connection (fixture->server, next, FLOW_TEST_END_KEEP);

  flow_feed_start (fixture->feed);
  wait_for_snapshots (fixture, 2);
  g_assert_cmpuint (subscriptions->len, ==, 2);
  g_assert_cmpstr (subscriptions->pdata[0], ==, FLOW_TEST_UPSTOX_FUTURE_KEY);
  g_assert_cmpstr (subscriptions->pdata[1], ==, FLOW_TEST_UPSTOX_NEXT_KEY);
  g_assert_true (snapshot_at (fixture, 1)->resync);
  g_assert_cmpint (snapshot_at (fixture, 1)->ltp, ==, 2465000);
  g_assert_cmpstr (flow_feed_get_contract (fixture->feed), ==, "NIFTY FUT NEXT");
  /* The day's file was read again for the new contract, from the cache. */
  g_assert_cmpuint (flow_test_upstox_stream_get_n_downloads (fixture->server), ==, 1);
}

/* Another underlying on the same sign-in: the old contract's socket goes, the new one's key
 * is subscribed, and its stream alone reaches the snapshots. */
static void
test_retarget (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) nifty = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) bank = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  GPtrArray *subscriptions = flow_test_upstox_stream_get_subscriptions (fixture->server);

  g_ptr_array_add (nifty, tick (FLOW_TEST_UPSTOX_FUTURE_KEY, FLOW_UPSTOX_FRAME_INITIAL_FEED,
                                at (1), 24500.25, 75, 1000, 24500.20, 24500.30));
  flow_test_upstox_stream_add_connection (fixture->server, nifty, FLOW_TEST_END_KEEP);
  g_ptr_array_add (bank, tick (FLOW_TEST_UPSTOX_BANKNIFTY_KEY, FLOW_UPSTOX_FRAME_INITIAL_FEED,
                               at (2), 52010.5, 30, 500, 52010.0, 52011.0));
  flow_test_upstox_stream_add_connection (fixture->server, bank, FLOW_TEST_END_KEEP);

  flow_feed_start (fixture->feed);
  wait_for_snapshots (fixture, 1);
  g_assert_true (flow_feed_retarget (fixture->feed, "BANKNIFTY"));
  wait_for_snapshots (fixture, 2);
  g_assert_cmpint (snapshot_at (fixture, 1)->ltp, ==, 5201050);
  g_assert_true (snapshot_at (fixture, 1)->resync);
  g_assert_cmpuint (subscriptions->len, ==, 2);
  g_assert_cmpstr (subscriptions->pdata[1], ==, FLOW_TEST_UPSTOX_BANKNIFTY_KEY);
  g_assert_cmpstr (flow_feed_get_contract (fixture->feed), ==, "BANKNIFTY FUT NEAR");
  /* Only the new contract's socket stays open. */
  flow_test_wait_ms (100);
  g_assert_cmpuint (flow_test_upstox_stream_get_n_open (fixture->server), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  keyring = flow_test_keyring_start ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/upstox-stream/drop-and-gap", test_drop_and_gap);
  ADD ("/upstox-stream/partial-deltas", test_partial_deltas);
  ADD ("/upstox-stream/bad-frames", test_bad_frames);
  ADD ("/upstox-stream/refusals", test_refusals);
  ADD ("/upstox-stream/no-token", test_no_token);
  ADD ("/upstox-stream/expiry-roll", test_expiry_roll);
  ADD ("/upstox-stream/retarget", test_retarget);
#undef ADD

  status = g_test_run ();
  flow_test_keyring_stop (keyring);
  return status;
}

/* test-angel-feed.c: the Angel One client and feed against a loopback SmartAPI server
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "flow-angel-feed-private.h"
#include "flow-footprint.h"
#include "flow-footprint-recorder.h"
#include "flow-ist.h"
#include "flow-journal.h"
#include "flow-journal-reader.h"
#include "flow-machine-address.h"
#include "flow-smartapi-client.h"
#include "flow-test-loop.h"
#include "flow-test-smartapi-server.h"

/* 2026-11-20 09:15:00 IST */
#define START_MS G_GINT64_CONSTANT (1795146300000)
#define WAIT_S   30

static char *cache_home;
static char *data_home;

static void
assert_no_problems (FlowTestSmartapi *server)
{
  GPtrArray *problems = flow_test_smartapi_get_problems (server);

  for (guint i = 0; i < problems->len; i++)
    g_printerr ("server: %s\n", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

static FlowSmartapiClient *
new_client (FlowTestSmartapi *server,
            const char       *pin,
            const char       *totp_secret)
{
  return flow_smartapi_client_new (NULL, flow_test_smartapi_get_api_url (server),
                                   FLOW_TEST_API_KEY, FLOW_TEST_CLIENT_CODE, pin, totp_secret);
}

/* ------------------------------------------------------------------------------------------
 * REST
 */

static gboolean
login (FlowSmartapiClient  *client,
       GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  flow_smartapi_client_login_async (client, NULL, flow_test_store_result, &result);
  return flow_smartapi_client_login_finish (client, flow_test_wait_result (&result, WAIT_S), error);
}

static char *
get_profile (FlowSmartapiClient  *client,
             GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  flow_smartapi_client_get_profile_async (client, NULL, flow_test_store_result, &result);
  return flow_smartapi_client_get_profile_finish (client, flow_test_wait_result (&result, WAIT_S),
                                                  error);
}

static gboolean
renew (FlowSmartapiClient  *client,
       GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  flow_smartapi_client_renew_session_async (client, NULL, flow_test_store_result, &result);
  return flow_smartapi_client_renew_session_finish (client,
                                                    flow_test_wait_result (&result, WAIT_S),
                                                    error);
}

static void
test_login_and_tokens (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(FlowSmartapiClient) client = new_client (server, FLOW_TEST_PIN, FLOW_TEST_TOTP_SECRET);
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *again = NULL;
  g_autofree char *first_jwt = NULL;

  /* getProfile logs in first: headers, body and a TOTP of now are checked by the server. */
  code = get_profile (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (code, ==, FLOW_TEST_CLIENT_CODE);
  g_assert_cmpuint (flow_test_smartapi_get_n_logins (server), ==, 1);
  g_assert_true (flow_smartapi_client_has_session (client));

  /* A gateway AG8001 on a secure call: log in again, once, and carry on. */
  flow_test_smartapi_expire_tokens (server, FALSE);
  again = get_profile (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, FLOW_TEST_CLIENT_CODE);
  g_assert_cmpuint (flow_test_smartapi_get_n_logins (server), ==, 2);

  /* generateTokens with a live refresh token: no login, and the "Bearer " it adds is shed. */
  first_jwt = g_strdup (flow_smartapi_client_get_jwt_token (client));
  flow_test_smartapi_expire_tokens (server, FALSE);
  g_assert_true (renew (client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (flow_test_smartapi_get_n_refreshes (server), ==, 1);
  g_assert_cmpuint (flow_test_smartapi_get_n_logins (server), ==, 2);
  g_assert_false (g_str_has_prefix (flow_smartapi_client_get_jwt_token (client), "Bearer"));
  g_assert_cmpstr (flow_smartapi_client_get_jwt_token (client), !=, first_jwt);

  /* A refused refresh token (AB8050): a full login instead. */
  flow_test_smartapi_expire_tokens (server, TRUE);
  g_assert_true (renew (client, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (flow_test_smartapi_get_n_refreshes (server), ==, 2);
  g_assert_cmpuint (flow_test_smartapi_get_n_logins (server), ==, 3);

  assert_no_problems (server);
  flow_test_smartapi_free (server);
}

/* What the requests say about this machine: its own address and MAC, as the lookup finds them
 * (never the loopback while it has a network), the registered static IP once there is one,
 * and Order Flow's name and version. The server checks each request; here the values are
 * spelled out. */
static void
test_machine_headers (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(FlowSmartapiClient) client = new_client (server, FLOW_TEST_PIN, FLOW_TEST_TOTP_SECRET);
  g_autoptr(FlowMachineAddress) address = flow_machine_address_lookup ();
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;

  g_assert_true (login (client, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (flow_test_smartapi_get_last_header (server, "User-Agent"), ==,
                   "OrderFlow/" PACKAGE_VERSION);
  g_assert_cmpstr (flow_test_smartapi_get_last_header (server, "X-ClientLocalIP"), ==,
                   address->ip);
  g_assert_cmpstr (flow_test_smartapi_get_last_header (server, "X-MACAddress"), ==,
                   address->mac);
  if (address->loopback)
    g_assert_null (flow_test_smartapi_get_last_header (server, "X-ClientPublicIP"));
  else
    {
      g_assert_cmpstr (flow_test_smartapi_get_last_header (server, "X-ClientPublicIP"), ==,
                       address->ip);
      g_assert_cmpstr (address->ip, !=, "127.0.0.1");
      g_assert_cmpstr (address->mac, !=, "00:00:00:00:00:00");
    }

  flow_smartapi_client_set_public_ip (client, "198.51.100.20");
  flow_test_smartapi_expect_public_ip (server, "198.51.100.20");
  code = get_profile (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (flow_test_smartapi_get_last_header (server, "X-ClientPublicIP"), ==,
                   "198.51.100.20");
  g_assert_cmpstr (flow_test_smartapi_get_last_header (server, "X-ClientLocalIP"), ==,
                   address->ip);
  g_assert_cmpstr (flow_test_smartapi_get_last_header (server, "User-Agent"), ==,
                   "OrderFlow/" PACKAGE_VERSION);
  assert_no_problems (server);
  flow_test_smartapi_free (server);
}

static void
assert_login_fails (FlowTestSmartapi *server,
                    const char       *pin,
                    const char       *totp_secret,
                    int               code,
                    const char       *message_part)
{
  g_autoptr(FlowSmartapiClient) client = new_client (server, pin, totp_secret);
  g_autoptr(GError) error = NULL;

  g_assert_false (login (client, &error));
  g_assert_error (error, FLOW_SMARTAPI_ERROR, code);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, message_part);
  /* Secrets never show up in messages. */
  g_assert_null (strstr (error->message, FLOW_TEST_PIN));
  g_assert_null (strstr (error->message, FLOW_TEST_TOTP_SECRET));
  g_assert_false (flow_smartapi_client_has_session (client));
}

static void
test_login_failures (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();

  assert_login_fails (server, "9999", FLOW_TEST_TOTP_SECRET, FLOW_SMARTAPI_ERROR_CREDENTIALS,
                      "AB1007");
  assert_login_fails (server, FLOW_TEST_PIN, "MFRGGZDFMZTWQ2LK", FLOW_SMARTAPI_ERROR_TOTP,
                      "AB1050");
  flow_test_smartapi_fail_next_login (server, 403, "text/plain",
                                      "Access denied because of exceeding access rate");
  assert_login_fails (server, FLOW_TEST_PIN, FLOW_TEST_TOTP_SECRET,
                      FLOW_SMARTAPI_ERROR_RATE_LIMITED, "exceeding access rate");
  flow_test_smartapi_fail_next_login (server, 200, "text/html",
                                      "<html><head><title>Request Rejected</title></head><body>"
                                      "Your support ID is: 555666777</body></html>");
  assert_login_fails (server, FLOW_TEST_PIN, FLOW_TEST_TOTP_SECRET, FLOW_SMARTAPI_ERROR_FIREWALL,
                      "555666777");
  flow_test_smartapi_fail_next_login (server, 200, "application/json",
                                      "{\"status\":true,\"message\":\"SUCCESS\",\"errorcode\":\"\","
                                      "\"data\":{\"jwtToken\":\"x\"}}");
  assert_login_fails (server, FLOW_TEST_PIN, FLOW_TEST_TOTP_SECRET,
                      FLOW_SMARTAPI_ERROR_BAD_RESPONSE, "feedToken");
  assert_no_problems (server);
  flow_test_smartapi_free (server);
}

/* ------------------------------------------------------------------------------------------
 * Feed
 */

typedef struct
{
  FlowFeed         *feed;
  FlowTestSmartapi *server;
  GArray           *snapshots;
  guint             n_expected;
  GPtrArray        *states;     /* of FlowFeedState, as they came */
} Run;

static void
on_snapshot (FlowFeed           *feed,
             const FlowSnapshot *snapshot,
             gpointer            user_data)
{
  Run *run = user_data;

  g_array_append_val (run->snapshots, *snapshot);
}

static void
on_state (FlowFeed   *feed,
          GParamSpec *pspec,
          gpointer    user_data)
{
  Run *run = user_data;
  FlowFeedState state = flow_feed_get_state (feed);

  g_ptr_array_add (run->states, GINT_TO_POINTER (state));
  if (state == FLOW_FEED_STATE_RECONNECTING)
    g_assert_cmpint (flow_feed_get_retry_at_ms (feed), >, g_get_real_time () / 1000 - 1000);
}

static gboolean
run_done (gpointer data)
{
  Run *run = data;

  return run->snapshots->len >= run->n_expected &&
         flow_test_smartapi_scripts_done (run->server) &&
         flow_feed_get_state (run->feed) == FLOW_FEED_STATE_LIVE;
}

static gboolean
saw_state (Run           *run,
           FlowFeedState  state)
{
  for (guint i = 0; i < run->states->len; i++)
    if (GPOINTER_TO_INT (g_ptr_array_index (run->states, i)) == (int) state)
      return TRUE;
  return FALSE;
}

typedef struct
{
  gint64   ts_ms;
  gint64   ltp;
  gint64   volume;
  gint64   bid;
  gint64   ask;
  gboolean resync;
} Expect;

static GBytes *
snap_frame (const Expect *e)
{
  FlowSmartapiPacket packet;

  flow_test_smartapi_snap_quote (&packet, e->ts_ms, e->ltp, e->volume, e->bid, e->ask);
  return flow_test_smartapi_encode (&packet);
}

static GBytes *
text_frame (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

static void
footprint_of (FlowFootprint *footprint,
              const Expect  *expect,
              gsize          n)
{
  for (gsize i = 0; i < n; i++)
    {
      FlowSnapshot s = { 0 };

      s.ts_ms = expect[i].ts_ms;
      s.ltp = expect[i].ltp;
      s.volume = expect[i].volume;
      s.bid = expect[i].bid;
      s.ask = expect[i].ask;
      s.resync = expect[i].resync;
      flow_footprint_add_snapshot (footprint, &s);
    }
}

static void
assert_same_footprint (FlowFootprint *a,
                       FlowFootprint *b,
                       gint64        *out_volume,
                       gint64        *out_gap)
{
  FlowFootprintIter ia, ib;
  FlowFootprintBucket ba, bb;

  *out_volume = *out_gap = 0;
  flow_footprint_iter_init (&ia, a, G_MININT64 / 2, G_MAXINT64 / 2);
  flow_footprint_iter_init (&ib, b, G_MININT64 / 2, G_MAXINT64 / 2);
  while (flow_footprint_iter_next (&ia, &ba))
    {
      const FlowFootprintCell *ca, *cb;
      gint64 fa, fb;
      guint na, nb;

      g_assert_true (flow_footprint_iter_next (&ib, &bb));
      g_assert_cmpint (ba.start_ms, ==, bb.start_ms);
      g_assert_cmpint (ba.open, ==, bb.open);
      g_assert_cmpint (ba.high, ==, bb.high);
      g_assert_cmpint (ba.low, ==, bb.low);
      g_assert_cmpint (ba.close, ==, bb.close);
      g_assert_cmpint (ba.buy_volume, ==, bb.buy_volume);
      g_assert_cmpint (ba.sell_volume, ==, bb.sell_volume);
      g_assert_cmpint (ba.cum_delta, ==, bb.cum_delta);
      g_assert_cmpint (ba.gap_volume, ==, bb.gap_volume);
      g_assert_cmpuint (ba.trades, ==, bb.trades);
      ca = flow_footprint_get_cells (a, ba.index, &fa, &na);
      cb = flow_footprint_get_cells (b, bb.index, &fb, &nb);
      g_assert_cmpuint (na, ==, nb);
      if (na > 0)
        {
          g_assert_cmpint (fa, ==, fb);
          g_assert_cmpmem (ca, na * sizeof *ca, cb, nb * sizeof *cb);
        }
      *out_volume += ba.volume;
      *out_gap += ba.gap_volume;
    }
  g_assert_false (flow_footprint_iter_next (&ib, &bb));
}

/* One session through everything that goes wrong: three packet sizes, an error frame,
 * malformed frames, a frame of another token, a drop after which the tokens are dead (401 at
 * the handshake, refresh refused, new login), silence past the watchdog, and a 429. */
static void
test_feed_through_failures (void)
{
  const Expect expect[] = {
    /* connection 1 */
    { START_MS + 500,    2450000, 1000, 2449995, 2450000, TRUE },
    { START_MS + 1000,   2450000, 1075, 0,       0,       FALSE },   /* Quote */
    { START_MS + 1500,   2450005, 0,    0,       0,       FALSE },   /* LTP */
    { START_MS + 2000,   2449995, 1225, 2449990, 2449995, FALSE },
    /* connection 2, after the drop: 175 traded meanwhile */
    { START_MS + 60000,  2450010, 1400, 2450005, 2450010, TRUE },
    { START_MS + 61000,  2450015, 1475, 2450010, 2450015, FALSE },
    /* connection 3, after the silence: 125 traded meanwhile */
    { START_MS + 125000, 2450000, 1600, 2449995, 2450000, TRUE },
    { START_MS + 126000, 2449990, 1650, 2449985, 2449990, FALSE },
  };
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(FlowSmartapiClient) client = new_client (server, FLOW_TEST_PIN, FLOW_TEST_TOTP_SECRET);
  g_autoptr(GPtrArray) c1 = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) c2 = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) c3 = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(FlowFootprint) received = flow_footprint_new ();
  g_autoptr(FlowFootprint) implied = flow_footprint_new ();
  FlowSmartapiPacket packet;
  GBytes *snap;
  Run run = { 0 };
  gint64 volume, gap;

  flow_test_smartapi_snap_quote (&packet, expect[1].ts_ms, expect[1].ltp, expect[1].volume, 0, 0);
  packet.mode = FLOW_SMARTAPI_MODE_QUOTE;
  g_ptr_array_add (c1, snap_frame (&expect[0]));
  g_ptr_array_add (c1, flow_test_smartapi_encode (&packet));
  packet.exchange_ts_ms = expect[2].ts_ms;
  packet.ltp = expect[2].ltp;
  packet.mode = FLOW_SMARTAPI_MODE_LTP;
  g_ptr_array_add (c1, flow_test_smartapi_encode (&packet));
  g_ptr_array_add (c1, text_frame ("{\"correlationID\":\"orderflow1\",\"errorCode\":\"E1002\","
                                   "\"errorMessage\":\"Invalid Request. Subscription Limit "
                                   "Exceeded\"}"));
  snap = snap_frame (&expect[3]);
  /* Malformed: a truncated SnapQuote, an unknown mode, a Depth-20 packet. */
  g_ptr_array_add (c1, g_bytes_new_from_bytes (snap, 0, 100));
  {
    guint8 junk[51] = { 9, 2 };
    guint8 depth[443] = { 4, 1, '2', '6', '0', '0', '0' };

    g_ptr_array_add (c1, g_bytes_new (junk, sizeof junk));
    g_ptr_array_add (c1, g_bytes_new (depth, sizeof depth));
  }
  g_ptr_array_add (c1, snap);
  /* Another token: not ours, skipped. */
  flow_test_smartapi_snap_quote (&packet, START_MS + 2500, 4800000, 999999, 0, 0);
  strcpy (packet.token, "46923");
  g_ptr_array_add (c1, flow_test_smartapi_encode (&packet));
  flow_test_smartapi_add_connection (server, c1, FLOW_TEST_END_DROP,
                                     FLOW_TEST_AFTER_EXPIRE_TOKENS);

  g_ptr_array_add (c2, snap_frame (&expect[4]));
  g_ptr_array_add (c2, snap_frame (&expect[5]));
  flow_test_smartapi_add_connection (server, c2, FLOW_TEST_END_SILENCE,
                                     FLOW_TEST_AFTER_REFUSE_429);
  g_ptr_array_add (c3, snap_frame (&expect[6]));
  g_ptr_array_add (c3, snap_frame (&expect[7]));
  flow_test_smartapi_add_connection (server, c3, FLOW_TEST_END_KEEP, FLOW_TEST_AFTER_NOTHING);

  run.feed = flow_angel_feed_new_with_client (client, "NIFTY");
  run.server = server;
  run.snapshots = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));
  run.n_expected = G_N_ELEMENTS (expect);
  run.states = g_ptr_array_new ();
  flow_angel_feed_set_timing (FLOW_ANGEL_FEED (run.feed), 100, 600, 20, 200);
  g_signal_connect (run.feed, "snapshot", G_CALLBACK (on_snapshot), &run);
  g_signal_connect (run.feed, "notify::state", G_CALLBACK (on_state), &run);
  flow_feed_start (run.feed);
  flow_test_run_until (run_done, &run, WAIT_S);

  /* What arrived is what was sent, in order, with resync exactly after each (re)connect. */
  g_assert_cmpuint (run.snapshots->len, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      const FlowSnapshot *s = &g_array_index (run.snapshots, FlowSnapshot, i);

      g_assert_cmpint (s->ts_ms, ==, expect[i].ts_ms);
      g_assert_cmpint (s->ltp, ==, expect[i].ltp);
      g_assert_cmpint (s->volume, ==, expect[i].volume);
      g_assert_cmpint (s->bid, ==, expect[i].bid);
      g_assert_cmpint (s->ask, ==, expect[i].ask);
      g_assert_cmpint (s->resync, ==, expect[i].resync);
    }

  /* The footprint of what was received equals the one the frames imply; the volume missed
   * while disconnected is reported as gap, and nothing is counted twice. */
  flow_footprint_add_snapshots (received, (FlowSnapshot *) run.snapshots->data,
                                run.snapshots->len);
  footprint_of (implied, expect, G_N_ELEMENTS (expect));
  assert_same_footprint (received, implied, &volume, &gap);
  g_assert_cmpint (volume, ==, 75 + 150 + 75 + 50);
  g_assert_cmpint (gap, ==, 175 + 125);
  g_assert_cmpint (volume + gap, ==, 1650 - 1000);

  g_assert_cmpuint (flow_angel_feed_get_n_packets (FLOW_ANGEL_FEED (run.feed)), ==, 8);
  /* The truncated frame is rejected; the unknown mode, Depth-20 and the other token skipped. */
  g_assert_cmpuint (flow_angel_feed_get_n_rejected (FLOW_ANGEL_FEED (run.feed)), ==, 1);
  g_assert_cmpuint (flow_angel_feed_get_n_skipped (FLOW_ANGEL_FEED (run.feed)), ==, 3);
  g_assert_cmpuint (flow_angel_feed_get_n_longer (FLOW_ANGEL_FEED (run.feed)), ==, 0);
  g_assert_cmpuint (flow_angel_feed_get_n_server_errors (FLOW_ANGEL_FEED (run.feed)), ==, 1);
  g_assert_cmpuint (flow_angel_feed_get_n_connections (FLOW_ANGEL_FEED (run.feed)), ==, 3);
  g_assert_cmpstr (flow_angel_feed_get_instrument (FLOW_ANGEL_FEED (run.feed))->symbol, ==,
                   FLOW_TEST_FUTURE_SYMBOL);
  g_assert_cmpint (flow_angel_feed_get_instrument (FLOW_ANGEL_FEED (run.feed))->lot_size, ==, 65);
  g_assert_true (saw_state (&run, FLOW_FEED_STATE_CONNECTING));
  g_assert_true (saw_state (&run, FLOW_FEED_STATE_RECONNECTING));

  /* Initial login, then after the 401: a refused refresh and a second login. */
  g_assert_cmpuint (flow_test_smartapi_get_n_logins (server), ==, 2);
  g_assert_cmpuint (flow_test_smartapi_get_n_refreshes (server), ==, 1);
  /* 3 good handshakes, the 401 and the 429. */
  g_assert_cmpuint (flow_test_smartapi_get_n_handshakes (server), ==, 5);
  g_assert_cmpuint (flow_test_smartapi_get_n_scrip_downloads (server), <=, 1);
  g_assert_cmpuint (flow_test_smartapi_get_max_open_sockets (server), <=,
                    FLOW_ANGEL_FEED_MAX_SOCKETS);
  g_assert_cmpuint (flow_test_smartapi_get_n_pings (server), >, 0);
  assert_no_problems (server);

  flow_feed_stop (run.feed);
  g_assert_cmpint (flow_feed_get_state (run.feed), ==, FLOW_FEED_STATE_IDLE);
  g_assert_finalize_object (run.feed);
  g_array_unref (run.snapshots);
  g_ptr_array_unref (run.states);
  flow_test_smartapi_free (server);
}

static gboolean feed_settled (gpointer data);

static GBytes *
padded (GBytes *frame,
        gsize   extra)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (frame, &length);
  guint8 *longer = g_malloc (length + extra);

  memcpy (longer, data, length);
  memset (longer + length, 0x5a, extra);
  g_bytes_unref (frame);
  return g_bytes_new_take (longer, length + extra);
}

/* Frames longer than their mode are Angel One adding fields: decoded from what we know,
 * counted, and said in the status; shorter ones stay rejected; a mode or a token we did not
 * subscribe is skipped. None of it costs the connection. */
static void
test_feed_frame_lengths (void)
{
  const Expect expect[] = {
    { START_MS + 500,  2450000, 1000, 2449995, 2450000, TRUE },
    { START_MS + 1000, 2450005, 1075, 2450000, 2450005, FALSE },   /* SnapQuote + 32 bytes */
    { START_MS + 1500, 2450010, 0,    0,       0,       FALSE },   /* LTP + 1 byte */
    { START_MS + 2000, 2449995, 1225, 2449990, 2449995, FALSE },   /* SnapQuote + 200 bytes */
    { START_MS + 2500, 2449990, 1300, 2449985, 2449990, FALSE },
  };
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(FlowSmartapiClient) client = new_client (server, FLOW_TEST_PIN, FLOW_TEST_TOTP_SECRET);
  g_autoptr(GPtrArray) c1 = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  FlowSmartapiPacket packet;
  g_autoptr(GBytes) whole = snap_frame (&expect[4]);
  guint8 unknown[400] = { 7, 2, '3', '5', '0', '0', '1' };
  Run run = { 0 };

  g_ptr_array_add (c1, snap_frame (&expect[0]));
  g_ptr_array_add (c1, padded (snap_frame (&expect[1]), 32));
  flow_test_smartapi_snap_quote (&packet, expect[2].ts_ms, expect[2].ltp, 0, 0, 0);
  packet.mode = FLOW_SMARTAPI_MODE_LTP;
  g_ptr_array_add (c1, padded (flow_test_smartapi_encode (&packet), 1));
  g_ptr_array_add (c1, g_bytes_new (unknown, sizeof unknown));
  /* One byte short of a SnapQuote: rejected, never read past. */
  g_ptr_array_add (c1, g_bytes_new_from_bytes (whole, 0, FLOW_SMARTAPI_SNAP_QUOTE_LENGTH - 1));
  flow_test_smartapi_snap_quote (&packet, START_MS + 1800, 4800000, 999999, 0, 0);
  strcpy (packet.token, FLOW_TEST_BANKNIFTY_TOKEN);
  g_ptr_array_add (c1, padded (flow_test_smartapi_encode (&packet), 8));
  g_ptr_array_add (c1, padded (snap_frame (&expect[3]), 200));
  g_ptr_array_add (c1, g_bytes_ref (whole));
  flow_test_smartapi_add_connection (server, c1, FLOW_TEST_END_KEEP, FLOW_TEST_AFTER_NOTHING);

  run.feed = flow_angel_feed_new_with_client (client, "NIFTY");
  run.server = server;
  run.snapshots = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));
  run.n_expected = G_N_ELEMENTS (expect);
  run.states = g_ptr_array_new ();
  flow_angel_feed_set_timing (FLOW_ANGEL_FEED (run.feed), 100, 2000, 20, 200);
  g_signal_connect (run.feed, "snapshot", G_CALLBACK (on_snapshot), &run);
  g_signal_connect (run.feed, "notify::state", G_CALLBACK (on_state), &run);
  flow_feed_start (run.feed);
  flow_test_run_until (run_done, &run, WAIT_S);

  g_assert_cmpuint (run.snapshots->len, ==, G_N_ELEMENTS (expect));
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    {
      const FlowSnapshot *got = &g_array_index (run.snapshots, FlowSnapshot, i);

      g_assert_cmpint (got->ts_ms, ==, expect[i].ts_ms);
      g_assert_cmpint (got->ltp, ==, expect[i].ltp);
      g_assert_cmpint (got->volume, ==, expect[i].volume);
      g_assert_cmpint (got->bid, ==, expect[i].bid);
      g_assert_cmpint (got->ask, ==, expect[i].ask);
      g_assert_cmpint (got->resync, ==, expect[i].resync);
    }
  g_assert_cmpuint (flow_angel_feed_get_n_packets (FLOW_ANGEL_FEED (run.feed)), ==, 5);
  g_assert_cmpuint (flow_angel_feed_get_n_longer (FLOW_ANGEL_FEED (run.feed)), ==, 3);
  g_assert_cmpuint (flow_angel_feed_get_n_rejected (FLOW_ANGEL_FEED (run.feed)), ==, 1);
  g_assert_cmpuint (flow_angel_feed_get_n_skipped (FLOW_ANGEL_FEED (run.feed)), ==, 2);
  g_assert_cmpuint (flow_angel_feed_get_n_connections (FLOW_ANGEL_FEED (run.feed)), ==, 1);
  g_assert_cmpint (flow_feed_get_state (run.feed), ==, FLOW_FEED_STATE_LIVE);
  g_assert_cmpstr (flow_feed_get_message (run.feed), ==,
                   "Live: " FLOW_TEST_FUTURE_SYMBOL " on Angel One; 3 frames longer than expected");
  assert_no_problems (server);

  flow_feed_stop (run.feed);
  g_assert_finalize_object (run.feed);
  g_array_unref (run.snapshots);
  g_ptr_array_unref (run.states);
  flow_test_smartapi_free (server);
}

typedef struct
{
  Run                    run;
  FlowFootprintRecorder *recorder;
  GPtrArray             *contracts;   /* each value of "contract", as notified ("" for NULL) */
} RollRun;

static void
on_roll_snapshot (FlowFeed           *feed,
                  const FlowSnapshot *snapshot,
                  gpointer            user_data)
{
  RollRun *roll = user_data;
  g_autoptr(GError) error = NULL;

  g_array_append_val (roll->run.snapshots, *snapshot);
  g_assert_true (flow_footprint_recorder_add (roll->recorder, snapshot, &error));
  g_assert_no_error (error);
}

static void
on_contract (FlowFeed   *feed,
             GParamSpec *pspec,
             gpointer    user_data)
{
  RollRun *roll = user_data;
  const char *contract = flow_feed_get_contract (feed);

  g_ptr_array_add (roll->contracts, g_strdup (contract != NULL ? contract : ""));
}

static GBytes *
next_month_frame (const Expect *e)
{
  FlowSmartapiPacket packet;

  flow_test_smartapi_snap_quote (&packet, e->ts_ms, e->ltp, e->volume, e->bid, e->ask);
  strcpy (packet.token, FLOW_TEST_NEXT_TOKEN);
  return flow_test_smartapi_encode (&packet);
}

static void
read_journal (const char *path,
              FlowSnapshot *got,
              gsize         n_max,
              gsize        *n_read)
{
  g_autoptr(FlowJournalReader) reader = NULL;
  g_autoptr(GError) error = NULL;

  reader = flow_journal_reader_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (flow_journal_reader_get_instrument (reader), ==, "NIFTY");
  g_assert_true (flow_journal_reader_read (reader, got, n_max, n_read, &error));
  g_assert_no_error (error);
}

/* A run that is going at 15:30 IST on the near-month future's expiry day: the feed drops the
 * expiring future, finds the next month's in the day's (cached) scrip master, names it as its
 * contract and subscribes it on a new socket, whose first snapshot is a resync. The run goes
 * on past midnight, and the next day's journal holds the new contract's snapshots. */
static void
test_feed_expiry_roll (void)
{
  gint64 expiry_day = flow_ist_day_start_ms (START_MS);
  gint64 roll_ms = flow_ist_at_time_of_day (START_MS, (15 * 3600 + 30 * 60) * 1000);
  gint64 midnight = expiry_day + FLOW_DAY_MS;
  const Expect near[] = {
    { roll_ms - 2000, 2450000, 900000, 2449995, 2450000, TRUE },
    { roll_ms - 1500, 2450005, 900075, 2450000, 2450005, FALSE },
  };
  const Expect next[] = {
    { roll_ms + 500,   2465000, 300,  2464995, 2465000, TRUE },
    { midnight - 500,  2465005, 375,  2465000, 2465005, FALSE },
    { midnight + 500,  2465010, 450,  2465005, 2465010, FALSE },
    { midnight + 1500, 2465015, 525,  2465010, 2465015, FALSE },
  };
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(FlowSmartapiClient) client = new_client (server, FLOW_TEST_PIN, FLOW_TEST_TOTP_SECRET);
  g_autoptr(GPtrArray) c1 = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) c2 = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *scrip_master = flow_test_smartapi_expiry_day_scrip_master (START_MS);
  g_autofree char *expiry_journal = flow_journal_default_path ("NIFTY", roll_ms);
  g_autofree char *next_journal = flow_journal_default_path ("NIFTY", midnight + 500);
  GPtrArray *subscriptions = flow_test_smartapi_get_subscriptions (server);
  FlowSnapshot got[8];
  gsize n_read = 0;
  RollRun roll = { 0 };

  flow_test_smartapi_set_scrip_master (server, scrip_master);
  for (gsize i = 0; i < G_N_ELEMENTS (near); i++)
    g_ptr_array_add (c1, snap_frame (&near[i]));
  flow_test_smartapi_add_connection (server, c1, FLOW_TEST_END_KEEP, FLOW_TEST_AFTER_NOTHING);
  for (gsize i = 0; i < G_N_ELEMENTS (next); i++)
    g_ptr_array_add (c2, next_month_frame (&next[i]));
  flow_test_smartapi_add_connection (server, c2, FLOW_TEST_END_KEEP, FLOW_TEST_AFTER_NOTHING);

  roll.recorder = flow_footprint_recorder_new ();
  flow_footprint_recorder_reset (roll.recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_JOURNAL);
  roll.contracts = g_ptr_array_new_with_free_func (g_free);
  roll.run.feed = flow_angel_feed_new_with_client (client, "NIFTY");
  roll.run.server = server;
  roll.run.snapshots = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));
  roll.run.n_expected = G_N_ELEMENTS (near) + G_N_ELEMENTS (next);
  roll.run.states = g_ptr_array_new ();
  flow_angel_feed_set_timing (FLOW_ANGEL_FEED (roll.run.feed), 100, 5000, 20, 200);
  /* 2.5 s before the close: time to log in and subscribe the expiring future first. */
  flow_angel_feed_set_clock_offset (FLOW_ANGEL_FEED (roll.run.feed),
                                    roll_ms - 2500 - g_get_real_time () / 1000);
  g_signal_connect (roll.run.feed, "snapshot", G_CALLBACK (on_roll_snapshot), &roll);
  g_signal_connect (roll.run.feed, "notify::state", G_CALLBACK (on_state), &roll.run);
  g_signal_connect (roll.run.feed, "notify::contract", G_CALLBACK (on_contract), &roll);
  flow_feed_start (roll.run.feed);
  flow_test_run_until (run_done, &roll.run, WAIT_S);

  g_assert_cmpuint (roll.run.snapshots->len, ==, G_N_ELEMENTS (near) + G_N_ELEMENTS (next));
  g_assert_cmpuint (subscriptions->len, ==, 2);
  g_assert_cmpstr (subscriptions->pdata[0], ==, FLOW_TEST_FUTURE_TOKEN);
  g_assert_cmpstr (subscriptions->pdata[1], ==, FLOW_TEST_NEXT_TOKEN);
  g_assert_cmpuint (roll.contracts->len, ==, 3);
  g_assert_cmpstr (roll.contracts->pdata[0], ==, FLOW_TEST_FUTURE_SYMBOL);
  g_assert_cmpstr (roll.contracts->pdata[1], ==, "");
  g_assert_cmpstr (roll.contracts->pdata[2], ==, FLOW_TEST_NEXT_SYMBOL);
  g_assert_cmpstr (flow_feed_get_contract (roll.run.feed), ==, FLOW_TEST_NEXT_SYMBOL);
  g_assert_cmpstr (flow_angel_feed_get_instrument (FLOW_ANGEL_FEED (roll.run.feed))->token, ==,
                   FLOW_TEST_NEXT_TOKEN);
  g_assert_cmpuint (flow_angel_feed_get_n_connections (FLOW_ANGEL_FEED (roll.run.feed)), ==, 2);
  /* The switch is a gap: the next month's first snapshot is a resync. */
  g_assert_true (g_array_index (roll.run.snapshots, FlowSnapshot, 2).resync);
  g_assert_cmpint (g_array_index (roll.run.snapshots, FlowSnapshot, 2).ltp, ==, 2465000);
  /* The day's scrip master served both look-ups. */
  g_assert_cmpuint (flow_test_smartapi_get_n_scrip_downloads (server), ==, 1);
  assert_no_problems (server);

  flow_feed_stop (roll.run.feed);
  g_assert_true (flow_footprint_recorder_close (roll.recorder, NULL));
  g_assert_cmpstr (expiry_journal, !=, next_journal);
  /* The expiry day: both futures, up to 23:59:59.5; the next day: the new contract only. */
  read_journal (expiry_journal, got, G_N_ELEMENTS (got), &n_read);
  g_assert_cmpuint (n_read, ==, 4);
  g_assert_cmpint (got[0].ltp, ==, near[0].ltp);
  g_assert_cmpint (got[3].ts_ms, ==, next[1].ts_ms);
  read_journal (next_journal, got, G_N_ELEMENTS (got), &n_read);
  g_assert_cmpuint (n_read, ==, 2);
  g_assert_cmpint (got[0].ts_ms, ==, next[2].ts_ms);
  g_assert_cmpint (got[0].ltp, ==, next[2].ltp);
  g_assert_cmpint (got[1].ltp, ==, next[3].ltp);

  g_unlink (expiry_journal);
  g_unlink (next_journal);
  g_assert_finalize_object (roll.run.feed);
  g_clear_object (&roll.recorder);
  g_array_unref (roll.run.snapshots);
  g_ptr_array_unref (roll.run.states);
  g_ptr_array_unref (roll.contracts);
  flow_test_smartapi_free (server);
}

static gboolean
has_subscription (gpointer data)
{
  return ((GPtrArray *) data)->len > 0;
}

/* Started after 15:30 on the expiry day: the next month's future from the first look-up. */
static void
test_feed_after_expiry_close (void)
{
  gint64 roll_ms = flow_ist_at_time_of_day (START_MS, (15 * 3600 + 30 * 60) * 1000);
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(FlowSmartapiClient) client = new_client (server, FLOW_TEST_PIN, FLOW_TEST_TOTP_SECRET);
  g_autofree char *scrip_master = flow_test_smartapi_expiry_day_scrip_master (START_MS);
  FlowFeed *feed = flow_angel_feed_new_with_client (client, "NIFTY");
  GPtrArray *subscriptions = flow_test_smartapi_get_subscriptions (server);

  flow_test_smartapi_set_scrip_master (server, scrip_master);
  flow_angel_feed_set_clock_offset (FLOW_ANGEL_FEED (feed),
                                    roll_ms + 60000 - g_get_real_time () / 1000);
  flow_feed_start (feed);
  flow_test_run_until (feed_settled, feed, WAIT_S);
  g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_LIVE);
  g_assert_cmpstr (flow_feed_get_contract (feed), ==, FLOW_TEST_NEXT_SYMBOL);
  /* The next month's tick_size in the scrip master (10 paise there), the automatic row's unit. */
  g_assert_cmpint (flow_feed_get_tick_size (feed), ==, 10);
  /* LIVE as the subscription leaves: let it reach the server. */
  flow_test_run_until (has_subscription, subscriptions, WAIT_S);
  g_assert_cmpuint (subscriptions->len, ==, 1);
  g_assert_cmpstr (subscriptions->pdata[0], ==, FLOW_TEST_NEXT_TOKEN);
  assert_no_problems (server);
  flow_feed_stop (feed);
  g_assert_finalize_object (feed);
  flow_test_smartapi_free (server);
}

static gboolean
feed_settled (gpointer data)
{
  FlowFeedState state = flow_feed_get_state (data);

  return state == FLOW_FEED_STATE_LOGGED_OUT || state == FLOW_FEED_STATE_ERROR ||
         state == FLOW_FEED_STATE_LIVE;
}

static void
test_feed_logged_out (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(FlowSmartapiClient) client = new_client (server, FLOW_TEST_PIN, "MFRGGZDFMZTWQ2LK");
  FlowFeed *feed = flow_angel_feed_new_with_client (client, "NIFTY");

  flow_feed_start (feed);
  flow_test_run_until (feed_settled, feed, WAIT_S);
  g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_LOGGED_OUT);
  g_assert_nonnull (strstr (flow_feed_get_message (feed), "totp_secret"));
  g_assert_cmpuint (flow_test_smartapi_get_n_handshakes (server), ==, 0);
  g_assert_finalize_object (feed);
  flow_test_smartapi_free (server);
}

static void
test_feed_unknown_underlying (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(FlowSmartapiClient) client = new_client (server, FLOW_TEST_PIN, FLOW_TEST_TOTP_SECRET);
  FlowFeed *feed = flow_angel_feed_new_with_client (client, "NIFT");

  flow_feed_start (feed);
  flow_test_run_until (feed_settled, feed, WAIT_S);
  g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_ERROR);
  g_assert_nonnull (strstr (flow_feed_get_message (feed), "NIFT"));
  g_assert_finalize_object (feed);
  flow_test_smartapi_free (server);
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* The scrip master cache must not land in the user's cache. */
  cache_home = g_dir_make_tmp ("orderflow-angel-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  /* Nor the journals of the expiry-day run in the user's data. */
  data_home = g_dir_make_tmp ("orderflow-angel-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angel/login-and-tokens", test_login_and_tokens);
  g_test_add_func ("/angel/machine-headers", test_machine_headers);
  g_test_add_func ("/angel/login-failures", test_login_failures);
  g_test_add_func ("/angel/feed-through-failures", test_feed_through_failures);
  g_test_add_func ("/angel/feed-frame-lengths", test_feed_frame_lengths);
  g_test_add_func ("/angel/feed-expiry-roll", test_feed_expiry_roll);
  g_test_add_func ("/angel/feed-after-expiry-close", test_feed_after_expiry_close);
  g_test_add_func ("/angel/feed-logged-out", test_feed_logged_out);
  g_test_add_func ("/angel/feed-unknown-underlying", test_feed_unknown_underlying);
  status = g_test_run ();
  {
    g_autofree char *orderflow = g_build_filename (cache_home, "orderflow", NULL);
    g_autoptr(GDir) dir = g_dir_open (orderflow, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (orderflow, name, NULL);

        g_unlink (path);
      }
    g_rmdir (orderflow);
    g_rmdir (cache_home);
  }
  g_free (cache_home);
  {
    g_autofree char *orderflow = g_build_filename (data_home, "orderflow", NULL);

    /* Only empty directories are left: each test removes the journals it wrote. */
    g_rmdir (orderflow);
    g_rmdir (data_home);
  }
  g_free (data_home);
  return status;
}

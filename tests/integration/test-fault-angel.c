/* test-fault-angel.c: fault injection on the Angel One feed against a loopback SmartAPI server:
 * a hundred dropped connections in one session, oversized frames, slow and stalled servers, and
 * HTTP errors and HTML pages on every endpoint
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "flow-angel-feed-private.h"
#include "flow-footprint.h"
#include "flow-smartapi-client.h"
#include "flow-test-loop.h"
#include "flow-test-smartapi-server.h"

/* 2026-11-20 09:15:00 IST */
#define START_MS G_GINT64_CONSTANT (1795146300000)
#define WAIT_S   30
#define N_DROPS  100

static char *cache_home;

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
            SoupSession      *session)
{
  return flow_smartapi_client_new (session, flow_test_smartapi_get_api_url (server),
                                   FLOW_TEST_API_KEY, FLOW_TEST_CLIENT_CODE, FLOW_TEST_PIN,
                                   FLOW_TEST_TOTP_SECRET);
}

/* ------------------------------------------------------------------------------------------
 * A feed run
 */

typedef struct
{
  FlowFeed         *feed;
  FlowTestSmartapi *server;
  GArray           *snapshots;
  guint             n_expected;
  GPtrArray        *messages;   /* of every RECONNECTING/LOGGED_OUT/ERROR state, in order */
  guint             n_reconnecting;
  gboolean          script_cut;  /* a script ends with the connection, not by playing out */
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

  if (state == FLOW_FEED_STATE_RECONNECTING)
    run->n_reconnecting++;
  if (state == FLOW_FEED_STATE_RECONNECTING || state == FLOW_FEED_STATE_LOGGED_OUT ||
      state == FLOW_FEED_STATE_ERROR)
    g_ptr_array_add (run->messages, g_strdup (flow_feed_get_message (feed)));
}

static void
run_init (Run                *run,
          FlowTestSmartapi   *server,
          FlowSmartapiClient *client)
{
  memset (run, 0, sizeof *run);
  run->server = server;
  run->feed = flow_angel_feed_new_with_client (client, "NIFTY");
  run->snapshots = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));
  run->messages = g_ptr_array_new_with_free_func (g_free);
  flow_angel_feed_set_timing (FLOW_ANGEL_FEED (run->feed), 1000, 5000, 1, 8);
  g_signal_connect (run->feed, "snapshot", G_CALLBACK (on_snapshot), run);
  g_signal_connect (run->feed, "notify::state", G_CALLBACK (on_state), run);
}

static void
run_clear (Run *run)
{
  flow_feed_stop (run->feed);
  /* A cancelled handshake still has its callback to run, holding the feed until then. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_finalize_object (run->feed);
  g_array_unref (run->snapshots);
  g_ptr_array_unref (run->messages);
}

static gboolean
run_done (gpointer data)
{
  Run *run = data;

  return run->snapshots->len >= run->n_expected &&
         (run->script_cut || flow_test_smartapi_scripts_done (run->server)) &&
         flow_feed_get_state (run->feed) == FLOW_FEED_STATE_LIVE;
}

/* LIVE with the expected snapshots, or a state that needs the user. */
static gboolean
run_settled (gpointer data)
{
  Run *run = data;
  FlowFeedState state = flow_feed_get_state (run->feed);

  return run_done (data) || state == FLOW_FEED_STATE_LOGGED_OUT ||
         state == FLOW_FEED_STATE_ERROR;
}

static GBytes *
snap_frame (const FlowSnapshot *s)
{
  FlowSmartapiPacket packet;

  flow_test_smartapi_snap_quote (&packet, s->ts_ms, s->ltp, s->volume, s->bid, s->ask);
  return flow_test_smartapi_encode (&packet);
}

static GPtrArray *
frames_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

/* ------------------------------------------------------------------------------------------
 * A hundred dropped connections
 */

/* The market as it happened: one trade a second, alternating sides, 25–100 contracts. */
static void
market_at (guint         i,
           FlowSnapshot *s)
{
  static gint64 volume = 0;

  if (i == 0)
    volume = 10000;
  memset (s, 0, sizeof *s);
  s->ts_ms = START_MS + 500 + (gint64) i * 1000;
  s->ltp = 2450000 + (gint64) (i % 7) * 5 - (i % 2 == 0 ? 0 : 5);
  volume += 25 * (1 + (gint64) (i % 4));
  s->volume = volume;
  s->bid = i % 2 == 0 ? s->ltp - 5 : s->ltp;
  s->ask = i % 2 == 0 ? s->ltp : s->ltp + 5;
}

/* Connection k carries ticks [k·5, k·5 + 3) of the market and then drops: ticks k·5+3 and
 * k·5+4 happen while disconnected, so their volume must come out as gap. Every third
 * connection starts by repeating the last tick the previous one sent, as a server that sends
 * the current quote on subscribing does: that volume was counted already and must not be
 * again, and the trade after it is a trade, not a gap. */
static void
test_hundred_drops (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(FlowSmartapiClient) client = new_client (server, NULL);
  g_autoptr(FlowFootprint) received = flow_footprint_new ();
  g_autoptr(FlowFootprint) implied = flow_footprint_new ();
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));
  g_autoptr(GArray) market = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));
  FlowFootprintIter ia, ib;
  FlowFootprintBucket ba, bb;
  gint64 volume = 0, gap = 0, missed = 0, buckets_with_gap = 0;
  Run run;

  for (guint i = 0; i < (N_DROPS + 1) * 5; i++)
    {
      FlowSnapshot s;

      market_at (i, &s);
      g_array_append_val (market, s);
    }
  for (guint k = 0; k <= N_DROPS; k++)
    {
      g_autoptr(GPtrArray) frames = frames_new ();
      gboolean repeat = k > 0 && k % 3 == 0;

      if (repeat)
        {
          FlowSnapshot s = g_array_index (market, FlowSnapshot, k * 5 - 3);

          s.resync = TRUE;
          g_ptr_array_add (frames, snap_frame (&s));
          g_array_append_val (expected, s);
        }
      else if (k > 0)
        missed += g_array_index (market, FlowSnapshot, k * 5).volume -
                  g_array_index (market, FlowSnapshot, k * 5 - 3).volume;
      for (guint j = 0; j < 3; j++)
        {
          FlowSnapshot s = g_array_index (market, FlowSnapshot, k * 5 + j);

          s.resync = j == 0 && !repeat;
          g_ptr_array_add (frames, snap_frame (&s));
          g_array_append_val (expected, s);
        }
      flow_test_smartapi_add_connection (server, frames,
                                         k < N_DROPS ? FLOW_TEST_END_DROP : FLOW_TEST_END_KEEP,
                                         FLOW_TEST_AFTER_NOTHING);
    }

  run_init (&run, server, client);
  run.n_expected = expected->len;
  flow_feed_start (run.feed);
  flow_test_run_until (run_done, &run, WAIT_S);

  /* Every frame arrived once, in order, resync exactly on each connection's first. */
  g_assert_cmpuint (run.snapshots->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      const FlowSnapshot *got = &g_array_index (run.snapshots, FlowSnapshot, i);
      const FlowSnapshot *want = &g_array_index (expected, FlowSnapshot, i);

      g_assert_cmpint (got->ts_ms, ==, want->ts_ms);
      g_assert_cmpint (got->volume, ==, want->volume);
      g_assert_cmpint (got->ltp, ==, want->ltp);
      g_assert_cmpint (got->resync, ==, want->resync);
    }
  g_assert_cmpuint (flow_angel_feed_get_n_connections (FLOW_ANGEL_FEED (run.feed)), ==,
                    N_DROPS + 1);
  g_assert_cmpuint (run.n_reconnecting, >=, N_DROPS);
  g_assert_cmpuint (flow_test_smartapi_get_max_open_sockets (server), <=,
                    FLOW_ANGEL_FEED_MAX_SOCKETS);
  g_assert_cmpuint (flow_test_smartapi_get_n_logins (server), ==, 1);
  assert_no_problems (server);

  /* The footprint of what was received is the one the frames imply, bucket by bucket and
   * cell by cell; what traded while disconnected is gap and nothing else, and traded volume
   * plus gap is exactly the day's volume from the first tick on. */
  flow_footprint_add_snapshots (received, (FlowSnapshot *) run.snapshots->data,
                                run.snapshots->len);
  flow_footprint_add_snapshots (implied, (FlowSnapshot *) expected->data, expected->len);
  flow_footprint_iter_init (&ia, received, G_MININT64 / 2, G_MAXINT64 / 2);
  flow_footprint_iter_init (&ib, implied, G_MININT64 / 2, G_MAXINT64 / 2);
  while (flow_footprint_iter_next (&ia, &ba))
    {
      const FlowFootprintCell *ca, *cb;
      gint64 fa, fb;
      guint na, nb;

      g_assert_true (flow_footprint_iter_next (&ib, &bb));
      g_assert_cmpint (ba.start_ms, ==, bb.start_ms);
      g_assert_cmpint (ba.buy_volume, ==, bb.buy_volume);
      g_assert_cmpint (ba.sell_volume, ==, bb.sell_volume);
      g_assert_cmpint (ba.gap_volume, ==, bb.gap_volume);
      g_assert_cmpint (ba.cum_delta, ==, bb.cum_delta);
      ca = flow_footprint_get_cells (received, ba.index, &fa, &na);
      cb = flow_footprint_get_cells (implied, bb.index, &fb, &nb);
      g_assert_cmpuint (na, ==, nb);
      if (na > 0)
        g_assert_cmpmem (ca, na * sizeof *ca, cb, nb * sizeof *cb);
      volume += ba.volume;
      gap += ba.gap_volume;
      buckets_with_gap += ba.gap_volume > 0;
    }
  g_assert_false (flow_footprint_iter_next (&ib, &bb));
  g_test_message ("%u disconnects survived: traded %" G_GINT64_FORMAT ", gap %" G_GINT64_FORMAT
                  " in %" G_GINT64_FORMAT " buckets", N_DROPS, volume, gap, buckets_with_gap);
  g_assert_cmpint (gap, ==, missed);
  g_assert_cmpint (volume + gap, ==,
                   g_array_index (market, FlowSnapshot, N_DROPS * 5 + 2).volume -
                   g_array_index (market, FlowSnapshot, 0).volume);

  run_clear (&run);
  flow_test_smartapi_free (server);
}

/* ------------------------------------------------------------------------------------------
 * Oversized frames
 */

/* A 200 KiB binary and a 5 KiB text frame are counted and dropped on a connection that stays
 * up; a 2 MiB one, over the feed's limit, costs the connection, which comes back with resync. */
static void
test_oversized_frames (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(FlowSmartapiClient) client = new_client (server, NULL);
  g_autoptr(GPtrArray) c1 = frames_new ();
  g_autoptr(GPtrArray) c2 = frames_new ();
  g_autofree guint8 *big = g_malloc0 (2 * 1024 * 1024);
  g_autofree char *long_text = NULL;
  FlowSnapshot s[4];
  Run run;

  for (guint i = 0; i < G_N_ELEMENTS (s); i++)
    market_at (i * 5, &s[i]);
  big[0] = 3;
  long_text = g_strnfill (5 * 1024, 'x');
  long_text[0] = '{';
  g_ptr_array_add (c1, snap_frame (&s[0]));
  g_ptr_array_add (c1, g_bytes_new (big, 200 * 1024));
  g_ptr_array_add (c1, g_bytes_new (long_text, strlen (long_text)));
  g_ptr_array_add (c1, snap_frame (&s[1]));
  g_ptr_array_add (c1, g_bytes_new (big, 2 * 1024 * 1024));
  flow_test_smartapi_add_connection (server, c1, FLOW_TEST_END_KEEP, FLOW_TEST_AFTER_NOTHING);
  g_ptr_array_add (c2, snap_frame (&s[2]));
  g_ptr_array_add (c2, snap_frame (&s[3]));
  flow_test_smartapi_add_connection (server, c2, FLOW_TEST_END_KEEP, FLOW_TEST_AFTER_NOTHING);

  run_init (&run, server, client);
  run.n_expected = 4;
  run.script_cut = TRUE;
  flow_feed_start (run.feed);
  flow_test_run_until (run_done, &run, WAIT_S);

  g_assert_cmpuint (run.snapshots->len, ==, 4);
  g_assert_true (g_array_index (run.snapshots, FlowSnapshot, 0).resync);
  g_assert_false (g_array_index (run.snapshots, FlowSnapshot, 1).resync);
  g_assert_true (g_array_index (run.snapshots, FlowSnapshot, 2).resync);
  g_assert_cmpint (g_array_index (run.snapshots, FlowSnapshot, 3).volume, ==, s[3].volume);
  g_assert_cmpuint (flow_angel_feed_get_n_rejected (FLOW_ANGEL_FEED (run.feed)), ==, 2);
  g_assert_cmpuint (flow_angel_feed_get_n_connections (FLOW_ANGEL_FEED (run.feed)), ==, 2);
  assert_no_problems (server);
  run_clear (&run);
  flow_test_smartapi_free (server);
}

/* ------------------------------------------------------------------------------------------
 * Slow and stalled servers
 */

/* Every REST answer 700 ms late: slow is not broken. */
static void
test_slow_server (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(FlowSmartapiClient) client = new_client (server, NULL);
  g_autoptr(GPtrArray) c1 = frames_new ();
  FlowSnapshot s;
  Run run;

  market_at (0, &s);
  g_ptr_array_add (c1, snap_frame (&s));
  flow_test_smartapi_add_connection (server, c1, FLOW_TEST_END_KEEP, FLOW_TEST_AFTER_NOTHING);
  flow_test_smartapi_set_rest_delay (server, 700);
  run_init (&run, server, client);
  run.n_expected = 1;
  flow_feed_start (run.feed);
  flow_test_run_until (run_done, &run, WAIT_S);
  g_assert_cmpuint (run.n_reconnecting, ==, 0);
  assert_no_problems (server);
  run_clear (&run);
  flow_test_smartapi_free (server);
}

typedef struct
{
  GSocketService *service;
  GPtrArray      *held;       /* the accepted connections, never read nor answered */
  char           *url;
} Stall;

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  Stall *stall = user_data;

  g_ptr_array_add (stall->held, g_object_ref (connection));
  return TRUE;
}

/* A server that accepts and then says nothing, ever. */
static void
stall_start (Stall      *stall,
             const char *scheme)
{
  g_autoptr(GError) error = NULL;
  guint16 port;

  stall->service = g_socket_service_new ();
  stall->held = g_ptr_array_new_with_free_func (g_object_unref);
  port = g_socket_listener_add_any_inet_port (G_SOCKET_LISTENER (stall->service), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (stall->service, "incoming", G_CALLBACK (on_incoming), stall);
  stall->url = g_strdup_printf ("%s://127.0.0.1:%u", scheme, port);
}

static void
stall_stop (Stall *stall)
{
  g_socket_service_stop (stall->service);
  g_socket_listener_close (G_SOCKET_LISTENER (stall->service));
  g_object_unref (stall->service);
  g_ptr_array_unref (stall->held);
  g_free (stall->url);
}

/* Login against a server that never answers: a timeout error that says so, in about the
 * session's timeout (30 s in the product; 1 s here), not a hang. */
static void
test_stalled_login (void)
{
  Stall stall = { 0 };
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 1, NULL);
  g_autoptr(FlowSmartapiClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  stall_start (&stall, "http");
  client = flow_smartapi_client_new (session, stall.url, FLOW_TEST_API_KEY,
                                     FLOW_TEST_CLIENT_CODE, FLOW_TEST_PIN,
                                     FLOW_TEST_TOTP_SECRET);
  flow_smartapi_client_login_async (client, NULL, flow_test_store_result, &result);
  flow_test_wait_result (&result, WAIT_S);
  g_assert_false (flow_smartapi_client_login_finish (client, result, &error));
  g_test_message ("stalled login: %s", error->message);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Angel One"));
  g_assert_nonnull (g_strstr_len (error->message, -1, "timed out"));
  g_assert_null (strstr (error->message, FLOW_TEST_PIN));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (stall.held->len, >=, 1);
  stall_stop (&stall);
}

static gboolean
tried_twice (gpointer data)
{
  return ((Stall *) data)->held->len >= 2;
}

/* The REST side answers, the stream's address accepts and never upgrades: the handshake
 * times out into RECONNECTING with a message, and the feed keeps trying. */
static void
test_stalled_handshake (void)
{
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 1, NULL);
  g_autoptr(FlowSmartapiClient) client = new_client (server, session);
  g_autofree char *ws_url = NULL;
  Stall stall = { 0 };
  Run run;

  stall_start (&stall, "ws");
  ws_url = g_strdup_printf ("%s/smart-stream", stall.url);
  g_setenv ("ORDERFLOW_ANGEL_WS_URL", ws_url, TRUE);
  run_init (&run, server, client);
  flow_angel_feed_set_timing (FLOW_ANGEL_FEED (run.feed), 1000, 1000, 1, 8);
  flow_feed_start (run.feed);
  flow_test_run_until (tried_twice, &stall, WAIT_S);
  while (run.n_reconnecting == 0)
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("stalled handshake: %s", (char *) g_ptr_array_index (run.messages, 0));
  g_assert_nonnull (strstr (g_ptr_array_index (run.messages, 0), "did not answer"));
  g_assert_cmpuint (stall.held->len, >=, 2);
  g_assert_cmpuint (flow_angel_feed_get_n_connections (FLOW_ANGEL_FEED (run.feed)), ==, 0);
  run_clear (&run);
  stall_stop (&stall);
  flow_test_smartapi_free (server);
}

/* ------------------------------------------------------------------------------------------
 * HTTP errors and HTML pages on every endpoint
 */

typedef enum
{
  RECOVERS,     /* RECONNECTING with the message, then LIVE on its own */
  LOGGED_OUT,   /* stops in LOGGED_OUT: the account needs fixing */
  STOPS,        /* stops in ERROR: something else needs the user */
} Outcome;

typedef struct
{
  FlowTestSmartapiEndpoint  endpoint;
  guint                     status;
  const char               *content_type;
  const char               *body;
  Outcome                   outcome;
  const char               *in_message;
} ErrorCase;

#define HTML "<html><head><title>Request Rejected</title></head><body>The requested URL " \
             "was rejected. Your support ID is: 424242</body></html>"
#define MAINTENANCE "<html><body><h1>Under maintenance</h1></body></html>"

static const char * const endpoint_names[] = {
  "login", "generateTokens", "scrip master", "handshake"
};

static void
test_http_errors (void)
{
  const ErrorCase cases[] = {
    { FLOW_TEST_SMARTAPI_LOGIN, 401, "text/plain", "Unauthorized", RECOVERS, "HTTP 401" },
    { FLOW_TEST_SMARTAPI_LOGIN, 403, "text/plain", "Access denied because of exceeding access "
      "rate", RECOVERS, "request rate" },
    { FLOW_TEST_SMARTAPI_LOGIN, 429, "text/plain", "Too Many Requests", RECOVERS, "HTTP 429" },
    { FLOW_TEST_SMARTAPI_LOGIN, 500, "text/plain", "Internal Server Error", RECOVERS,
      "HTTP 500" },
    { FLOW_TEST_SMARTAPI_LOGIN, 200, "text/html", HTML, STOPS, "424242" },
    { FLOW_TEST_SMARTAPI_LOGIN, 503, "text/html", MAINTENANCE, STOPS, "web page" },
    /* Any failed renewal falls back to a full login, so the stream's 401 is all one sees. */
    { FLOW_TEST_SMARTAPI_REFRESH, 401, "text/plain", "Unauthorized", RECOVERS, "credentials" },
    { FLOW_TEST_SMARTAPI_REFRESH, 403, "text/plain", "Access denied because of exceeding "
      "access rate", RECOVERS, "credentials" },
    { FLOW_TEST_SMARTAPI_REFRESH, 429, "text/plain", "Too Many Requests", RECOVERS,
      "credentials" },
    { FLOW_TEST_SMARTAPI_REFRESH, 500, "text/plain", "Internal Server Error", RECOVERS,
      "credentials" },
    { FLOW_TEST_SMARTAPI_REFRESH, 200, "text/html", HTML, RECOVERS, "credentials" },
    { FLOW_TEST_SMARTAPI_SCRIP_MASTER, 401, "text/plain", "Unauthorized", RECOVERS, "HTTP 401" },
    { FLOW_TEST_SMARTAPI_SCRIP_MASTER, 403, "text/plain", "Forbidden", RECOVERS, "HTTP 403" },
    { FLOW_TEST_SMARTAPI_SCRIP_MASTER, 429, "text/plain", "Too Many Requests", RECOVERS,
      "HTTP 429" },
    { FLOW_TEST_SMARTAPI_SCRIP_MASTER, 500, "text/plain", "Internal Server Error", RECOVERS,
      "HTTP 500" },
    { FLOW_TEST_SMARTAPI_SCRIP_MASTER, 200, "text/html", HTML, STOPS, "instrument list" },
    { FLOW_TEST_SMARTAPI_HANDSHAKE, 401, "text/plain", "Unauthorized", RECOVERS, "credentials" },
    { FLOW_TEST_SMARTAPI_HANDSHAKE, 403, "text/plain", "Forbidden", RECOVERS, "stream" },
    { FLOW_TEST_SMARTAPI_HANDSHAKE, 429, "text/plain", "Too Many Requests", RECOVERS,
      "too many open connections" },
    { FLOW_TEST_SMARTAPI_HANDSHAKE, 500, "text/plain", "Internal Server Error", RECOVERS,
      "stream" },
    { FLOW_TEST_SMARTAPI_HANDSHAKE, 200, "text/html", HTML, RECOVERS, "stream" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const ErrorCase *c = &cases[i];
      FlowTestSmartapi *server = flow_test_smartapi_new ();
      g_autoptr(FlowSmartapiClient) client = new_client (server, NULL);
      g_autoptr(GPtrArray) frames = frames_new ();
      FlowFeedState final;
      const char *message;
      FlowSnapshot s;
      Run run;

      market_at (0, &s);
      g_ptr_array_add (frames, snap_frame (&s));
      flow_test_smartapi_add_connection (server, frames, FLOW_TEST_END_KEEP,
                                         FLOW_TEST_AFTER_NOTHING);
      /* generateTokens is asked after the stream refuses the session. */
      if (c->endpoint == FLOW_TEST_SMARTAPI_REFRESH)
        flow_test_smartapi_refuse_next_handshake (server, 401);
      flow_test_smartapi_fail_next (server, c->endpoint, c->status, c->content_type, c->body);

      run_init (&run, server, client);
      run.n_expected = 1;
      flow_feed_start (run.feed);
      flow_test_run_until (run_settled, &run, WAIT_S);
      final = flow_feed_get_state (run.feed);
      g_assert_cmpuint (run.messages->len, >, 0);
      message = g_ptr_array_index (run.messages, run.messages->len - 1);
      if (c->outcome == RECOVERS)
        {
          /* The message of the failure itself, not of the 401 set up before it. */
          for (guint m = 0; m < run.messages->len; m++)
            if (strstr (g_ptr_array_index (run.messages, m), c->in_message) != NULL)
              message = g_ptr_array_index (run.messages, m);
        }
      g_test_message ("%s %u %s → %s: %s", endpoint_names[c->endpoint], c->status,
                      c->content_type, flow_feed_state_to_string (final), message);
      switch (c->outcome)
        {
        case RECOVERS:
          g_assert_cmpint (final, ==, FLOW_FEED_STATE_LIVE);
          g_assert_cmpuint (run.n_reconnecting, >=, 1);
          g_assert_cmpint (g_array_index (run.snapshots, FlowSnapshot, 0).volume, ==, s.volume);
          break;
        case LOGGED_OUT:
          g_assert_cmpint (final, ==, FLOW_FEED_STATE_LOGGED_OUT);
          break;
        case STOPS:
        default:
          g_assert_cmpint (final, ==, FLOW_FEED_STATE_ERROR);
          break;
        }
      if (strstr (message, c->in_message) == NULL)
        g_error ("case %" G_GSIZE_FORMAT ": “%s” does not mention “%s”", i, message,
                 c->in_message);
      /* A clear message: one line, no page source, no secret. */
      g_assert_null (strchr (message, '\n'));
      g_assert_null (strstr (message, "<html"));
      g_assert_null (strstr (message, FLOW_TEST_PIN));
      g_assert_null (strstr (message, "eyJ"));
      g_assert_cmpuint (flow_test_smartapi_get_max_open_sockets (server), <=,
                        FLOW_ANGEL_FEED_MAX_SOCKETS);
      if (c->endpoint == FLOW_TEST_SMARTAPI_REFRESH)
        {
          g_assert_cmpuint (flow_test_smartapi_get_n_refreshes (server), ==, 1);
          g_assert_cmpuint (flow_test_smartapi_get_n_logins (server), ==, 2);
        }
      run_clear (&run);
      flow_test_smartapi_free (server);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  /* The scrip master cache must not land in the user's cache. */
  cache_home = g_dir_make_tmp ("orderflow-fault-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fault/angel/hundred-drops", test_hundred_drops);
  g_test_add_func ("/fault/angel/oversized-frames", test_oversized_frames);
  g_test_add_func ("/fault/angel/slow-server", test_slow_server);
  g_test_add_func ("/fault/angel/stalled-login", test_stalled_login);
  g_test_add_func ("/fault/angel/stalled-handshake", test_stalled_handshake);
  g_test_add_func ("/fault/angel/http-errors", test_http_errors);
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
  return status;
}

/* test-angel-oi-feed.c: FlowAngelOiFeed against the loopback SmartAPI option market
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "flow-angel-oi-feed-private.h"
#include "flow-oi-tracker.h"
#include "flow-smartapi-client.h"
#include "flow-test-loop.h"
#include "flow-test-smartapi-server.h"

#define WAIT_MS 30000

static char *cache_home;

typedef struct
{
  FlowTestSmartapi *server;
  FlowFeed         *feed;
  FlowOiTracker    *tracker;
  GPtrArray        *chains;      /* FlowOptionChain, as emitted */
  FlowOiReport     *report;      /* of the last chain */
  guint             n_histories;
  gboolean          saw_reconnecting;
} Run;

static void
add_row (gint64   start_ms,
         gint64   oi,
         gpointer user_data)
{
  gpointer *target = user_data;

  flow_oi_tracker_add_candle (target[0], target[1], start_ms, oi);
}

static void
on_history (FlowFeed   *feed,
            const char *token,
            GBytes     *body,
            gint64      received_ms,
            Run        *run)
{
  gpointer target[] = { run->tracker, (gpointer) token };
  g_autoptr(GError) error = NULL;

  g_assert_true (flow_angel_oi_parse_history (body, add_row, target, &error));
  g_assert_no_error (error);
  run->n_histories++;
}

static void
on_chain (FlowFeed              *feed,
          const FlowOptionChain *chain,
          Run                   *run)
{
  g_ptr_array_add (run->chains, flow_option_chain_copy (chain));
  g_clear_pointer (&run->report, flow_oi_report_unref);
  run->report = flow_oi_tracker_update (run->tracker, chain);
}

static void
on_state (FlowFeed   *feed,
          GParamSpec *pspec,
          Run        *run)
{
  if (flow_feed_get_state (feed) == FLOW_FEED_STATE_RECONNECTING)
    run->saw_reconnecting = TRUE;
}

static const FlowOptionChain *
last_chain (Run *run)
{
  return run->chains->len > 0 ? g_ptr_array_index (run->chains, run->chains->len - 1) : NULL;
}

static gboolean
has_strike (const FlowOptionChain *chain,
            double                 strike)
{
  for (guint i = 0; chain != NULL && i < chain->strikes->len; i++)
    if (flow_option_chain_get (chain, i)->strike == strike)
      return TRUE;
  return FALSE;
}

/* Both sides of the band's new top strike in the table, their backfills all in. */
static gboolean
chain_with_strike (gpointer data)
{
  Run *run = data;
  const FlowOptionChain *chain = last_chain (run);

  if (run->n_histories < 30 || !has_strike (chain, 25200))
    return FALSE;
  for (guint i = 0; i < chain->strikes->len; i++)
    if (flow_option_chain_get (chain, i)->strike == 25200)
      return flow_option_chain_get (chain, i)->ce.present &&
             flow_option_chain_get (chain, i)->pe.present;
  return FALSE;
}

static gboolean
any_chain (gpointer data)
{
  return ((Run *) data)->chains->len > 0;
}

static guint wanted_chains;

static gboolean
more_chains (gpointer data)
{
  return ((Run *) data)->chains->len >= wanted_chains;
}

static gboolean
atm_hot (gpointer data)
{
  Run *run = data;
  const FlowOiRow *row;

  if (run->report == NULL || !run->report->has_atm)
    return FALSE;
  row = &run->report->rows[run->report->atm_row];
  return row->strike == 24900 && row->ce.oi == 1500000 &&
         row->ce.changes[0].flag == FLOW_OI_FLAG_BUILD_UP;
}

static gboolean
is_reconnecting (gpointer data)
{
  return ((Run *) data)->saw_reconnecting;
}

static gboolean
is_live (gpointer data)
{
  return flow_feed_get_state (((Run *) data)->feed) == FLOW_FEED_STATE_LIVE;
}

static void
assert_no_problems (FlowTestSmartapi *server)
{
  GPtrArray *problems = flow_test_smartapi_get_problems (server);

  for (guint i = 0; i < problems->len; i++)
    g_printerr ("server: %s\n", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
}

/* One run through what sources.md asks: the band around the ATM subscribed and backfilled
 * within 3 requests a second before the first chain, OI in units with the lot size, the band
 * re-centred as the spot moves (new contracts subscribed and backfilled before they show,
 * old ones dropped), a strike's OI jump flagged against the backfilled history, and a dropped
 * socket that leaves the chain to the table while the feed reconnects. */
static void
test_live_chain (void)
{
  g_autoptr(FlowSmartapiClient) client = NULL;
  Run run = { 0 };
  FlowOiSettings settings;
  const FlowOptionChain *chain;
  const FlowOptionStrike *first;
  GArray *times;
  guint n_before;

  run.server = flow_test_smartapi_new ();
  flow_test_smartapi_set_option_market (run.server, 2460000);
  run.chains = g_ptr_array_new_with_free_func ((GDestroyNotify) flow_option_chain_free);
  run.tracker = flow_oi_tracker_new ();
  flow_oi_settings_init (&settings);
  settings.strikes = 1;
  flow_oi_tracker_set_settings (run.tracker, &settings);
  client = flow_smartapi_client_new (NULL, flow_test_smartapi_get_api_url (run.server),
                                     FLOW_TEST_API_KEY, FLOW_TEST_CLIENT_CODE, FLOW_TEST_PIN,
                                     FLOW_TEST_TOTP_SECRET);
  run.feed = flow_angel_oi_feed_new_with_client (client, "NIFTY");
  g_object_set (run.feed, "strikes", 1, "refresh", 1, NULL);
  flow_angel_oi_feed_set_timing (FLOW_ANGEL_OI_FEED (run.feed), 200, 3000, 50, 200);
  g_signal_connect (run.feed, "option-chain", G_CALLBACK (on_chain), &run);
  g_signal_connect (run.feed, "oi-history", G_CALLBACK (on_history), &run);
  g_signal_connect (run.feed, "notify::state", G_CALLBACK (on_state), &run);
  flow_feed_start (run.feed);

  /* ATM 24600: strikes 24500 … 24900 (ATM ± 6, clipped at the first listed). */
  g_assert_true (flow_test_wait_until (any_chain, &run, WAIT_MS));
  chain = g_ptr_array_index (run.chains, run.chains->len - 1);
  g_assert_cmpstr (chain->underlying, ==, "NIFTY");
  g_assert_cmpfloat (chain->spot, ==, 24600.0);
  g_assert_cmpint (chain->lot_size, ==, 65);
  g_assert_cmpuint (chain->strikes->len, ==, 9);
  first = flow_option_chain_get (chain, 0);
  g_assert_cmpfloat (first->strike, ==, 24500);
  g_assert_cmpstr (first->ce.instrument_key, ==, "50000");
  g_assert_cmpstr (first->pe.instrument_key, ==, "50001");
  g_assert_cmpint (first->ce.oi, ==, FLOW_TEST_OPTION_OI);
  g_assert_cmpfloat (first->ce.ltp, ==, 101.5);
  g_assert_cmpint (first->ce.volume, ==, 100000);
  g_assert_cmpuint (run.n_histories, ==, 18);
  g_assert_cmpstr (flow_angel_oi_feed_get_expiry (FLOW_ANGEL_OI_FEED (run.feed)), !=, NULL);
  g_assert_cmpuint (flow_test_smartapi_get_n_option_subscribed (run.server), ==, 18);

  /* The ATM moves to 24900: 24950 … 25200 join (subscribed, backfilled, then shown), 24500
   * and 24550 leave. */
  flow_test_smartapi_set_option_market (run.server, 2490000);
  g_assert_true (flow_test_wait_until (chain_with_strike, &run, WAIT_MS));
  chain = g_ptr_array_index (run.chains, run.chains->len - 1);
  g_assert_false (has_strike (chain, 24550));
  g_assert_true (has_strike (chain, 24600));
  g_assert_cmpuint (run.n_histories, ==, 30);
  g_assert_cmpuint (flow_test_smartapi_get_n_option_subscribed (run.server), ==, 26);
  g_assert_cmpuint (flow_angel_oi_feed_get_n_subscribed (FLOW_ANGEL_OI_FEED (run.feed)), ==, 26);

  /* No more than 3 getOIData requests began in any second (the server would have refused
   * the 4th and said so). */
  times = flow_test_smartapi_get_oi_data_times (run.server);
  g_assert_cmpuint (times->len, ==, 30);
  for (guint i = 3; i < times->len; i++)
    g_assert_cmpint (g_array_index (times, gint64, i) - g_array_index (times, gint64, i - 3), >=,
                     G_USEC_PER_SEC);

  /* The ATM call's OI jumps 50 %: against the backfill (90 % of the old OI) that is past the
   * 3-minute threshold. */
  flow_test_smartapi_set_option_oi (run.server, "50016", 1500000);
  g_assert_true (flow_test_wait_until (atm_hot, &run, WAIT_MS));

  /* A dropped socket: the feed reconnects (the session marks the table stale meanwhile) and
   * the chains come back, fresh. */
  flow_test_smartapi_drop_connections (run.server);
  g_assert_true (flow_test_wait_until (is_reconnecting, &run, WAIT_MS));
  g_assert_true (flow_test_wait_until (is_live, &run, WAIT_MS));
  n_before = run.chains->len;
  wanted_chains = n_before + 2;
  g_assert_true (flow_test_wait_until (more_chains, &run, WAIT_MS));
  g_assert_true (has_strike (last_chain (&run), 25200));
  g_assert_cmpuint (flow_test_smartapi_get_n_option_subscribed (run.server), ==, 26);
  g_assert_cmpuint (flow_test_smartapi_get_n_logins (run.server), ==, 1);
  assert_no_problems (run.server);

  flow_feed_stop (run.feed);
  g_assert_finalize_object (run.feed);
  g_clear_pointer (&run.report, flow_oi_report_unref);
  g_object_unref (run.tracker);
  g_ptr_array_unref (run.chains);
  flow_test_smartapi_free (run.server);
}

int
main (int    argc,
      char **argv)
{
  int status;

  cache_home = g_dir_make_tmp ("orderflow-angel-oi-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/angel-oi/live-chain", test_live_chain);
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

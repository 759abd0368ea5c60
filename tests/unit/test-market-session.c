/* test-market-session.c: which feed backs which view, and what a change restarts
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A real keyring on a private D-Bus (flow-test-keyring), the session's feeds replaced by
 * FlowTestFeeds so that no server is needed: the test sees every feed the session makes.
 */
#include <gio/gio.h>

#include "flow-demo-feed.h"
#include "flow-ist.h"
#include "flow-journal-reader.h"
#include "flow-oi-journal.h"
#include "flow-market-session-private.h"
#include "flow-test-feed.h"
#include "flow-test-keyring.h"
#include "flow-test-loop.h"

#define APP_ID     "io.github.orderflow.OrderFlow"
#define TIMEOUT_MS 10000

typedef struct
{
  GSettings         *settings;
  FlowCredentials   *credentials;
  FlowMarketSession *session;
  GPtrArray         *made;       /* every feed the session made, in order */
  GPtrArray         *problems;
} Fixture;

static void
on_problem (FlowMarketSession *session,
            const char        *message,
            Fixture           *fixture)
{
  g_ptr_array_add (fixture->problems, g_strdup (message));
}

static void
store_angel (void)
{
  flow_test_keyring_store (FLOW_BROKER_ANGEL, "api_key", "key", "client_code", "A123",
                           "pin", "1234", "totp_secret", "JBSWY3DPEHPK3PXP", NULL);
}

static void
store_upstox (void)
{
  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "api_key", "upstox-key",
                           "access_token", "token", NULL);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  flow_test_keyring_store (FLOW_BROKER_ANGEL, NULL);
  flow_test_keyring_store (FLOW_BROKER_UPSTOX, NULL);
  fixture->settings = g_settings_new (APP_ID);
  g_settings_reset (fixture->settings, "instrument");
  g_settings_reset (fixture->settings, "oi-underlying");
  g_settings_reset (fixture->settings, "footprint-source");
  g_settings_reset (fixture->settings, "oi-source");
  fixture->credentials = flow_credentials_new ();
  fixture->made = g_ptr_array_new_with_free_func (g_object_unref);
  fixture->problems = g_ptr_array_new_with_free_func (g_free);
}

static void
start_session (Fixture  *fixture,
               gboolean  demo)
{
  fixture->session = flow_market_session_new (fixture->settings, fixture->credentials, demo, 1);
  flow_market_session_set_feed_factory (fixture->session, flow_test_feed_factory, fixture->made);
  g_signal_connect (fixture->session, "problem", G_CALLBACK (on_problem), fixture);
  flow_market_session_start (fixture->session);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->session != NULL)
    {
      flow_market_session_stop (fixture->session);
      g_assert_finalize_object (fixture->session);
    }
  /* Nothing but the test holds a feed once the session is gone. */
  for (guint i = 0; i < fixture->made->len; i++)
    g_assert_false (flow_test_feed_get_running (fixture->made->pdata[i]));
  g_ptr_array_unref (fixture->made);
  g_ptr_array_unref (fixture->problems);
  g_object_unref (fixture->credentials);
  g_object_unref (fixture->settings);
}

static FlowMarketSource
source_of (FlowFeed *feed)
{
  return feed != NULL ? flow_test_feed_get_source (FLOW_TEST_FEED (feed)) : (FlowMarketSource) -1;
}

typedef struct
{
  Fixture          *fixture;
  FlowMarketSource  footprint;
  FlowMarketSource  oi;
  guint             n_made;
} Expected;

static gboolean
sources_are (gpointer data)
{
  const Expected *expected = data;
  FlowMarketSession *session = expected->fixture->session;

  return expected->fixture->made->len == expected->n_made &&
         source_of (flow_market_session_get_footprint_feed (session)) == expected->footprint &&
         source_of (flow_market_session_get_oi_feed (session)) == expected->oi;
}

/* Waits for the keyring's answer to put @footprint and @oi in place, having made @n_made
 * feeds in all so far. */
static void
wait_for_sources (Fixture          *fixture,
                  FlowMarketSource  footprint,
                  FlowMarketSource  oi,
                  guint             n_made)
{
  Expected expected = { fixture, footprint, oi, n_made };

  g_assert_true (flow_test_wait_until (sources_are, &expected, TIMEOUT_MS));
  /* And nothing more comes of it. */
  flow_test_wait_ms (100);
  g_assert_true (sources_are (&expected));
}

static void
account_changed (Fixture    *fixture,
                 FlowBroker  broker)
{
  /* What FlowCredentials says after the Preferences' store or clear. */
  g_signal_emit_by_name (fixture->credentials, "changed", (int) broker);
}

/* Each view runs on its broker's account, or on one shared simulator; an account change
 * restarts only the view of that broker. */
static void
test_sources_follow_accounts (Fixture       *fixture,
                              gconstpointer  data)
{
  FlowMarketSession *session;
  FlowFeed *footprint, *oi;

  start_session (fixture, FALSE);
  session = fixture->session;
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_DEMO, FLOW_MARKET_SOURCE_DEMO, 1);
  g_assert_true (flow_market_session_get_footprint_feed (session) ==
                 flow_market_session_get_oi_feed (session));
  g_assert_true (flow_feed_get_simulated (flow_market_session_get_oi_feed (session)));
  g_assert_nonnull (strstr (flow_market_session_get_notice (session), "Demo mode"));
  g_assert_true (flow_test_feed_get_running (fixture->made->pdata[0]));

  store_angel ();
  account_changed (fixture, FLOW_BROKER_ANGEL);
  /* Only an Angel One account: both views live on it (sources.md), each on its own feed,
   * and the simulator stops. */
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_ANGEL, FLOW_MARKET_SOURCE_ANGEL, 3);
  footprint = flow_market_session_get_footprint_feed (session);
  oi = flow_market_session_get_oi_feed (session);
  g_assert_true (footprint != oi);
  g_assert_false (flow_test_feed_get_running (fixture->made->pdata[0]));
  g_assert_true (flow_test_feed_get_running (FLOW_TEST_FEED (oi)));
  g_assert_cmpint (flow_test_feed_get_view (FLOW_TEST_FEED (oi)), ==, FLOW_MARKET_VIEW_OI);
  g_assert_cmpstr (flow_test_feed_get_name (FLOW_TEST_FEED (footprint)), ==, "NIFTY");
  g_assert_null (flow_market_session_get_notice (session));

  /* Upstox added: the OI tracker prefers it; the footprint stays on Angel One. */
  store_upstox ();
  account_changed (fixture, FLOW_BROKER_UPSTOX);
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_ANGEL, FLOW_MARKET_SOURCE_UPSTOX, 4);
  g_assert_true (flow_market_session_get_footprint_feed (session) == footprint);
  g_assert_false (flow_test_feed_get_running (FLOW_TEST_FEED (oi)));
  g_assert_null (flow_market_session_get_notice (session));
  oi = flow_market_session_get_oi_feed (session);

  /* Signing in to Upstox again (each morning) restarts the OI feed, never the footprint's. */
  store_upstox ();
  account_changed (fixture, FLOW_BROKER_UPSTOX);
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_ANGEL, FLOW_MARKET_SOURCE_UPSTOX, 5);
  g_assert_true (flow_market_session_get_footprint_feed (session) == footprint);
  g_assert_true (flow_test_feed_get_running (FLOW_TEST_FEED (footprint)));
  g_assert_true (flow_market_session_get_oi_feed (session) != oi);
  g_assert_false (flow_test_feed_get_running (FLOW_TEST_FEED (oi)));

  /* The Angel One account removed: the footprint falls back to the other broker's stream
   * (sources.md: a view never sits on the demo while a usable account exists), and the OI
   * view keeps its feed. */
  oi = flow_market_session_get_oi_feed (session);
  flow_test_keyring_store (FLOW_BROKER_ANGEL, NULL);
  account_changed (fixture, FLOW_BROKER_ANGEL);
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_UPSTOX, FLOW_MARKET_SOURCE_UPSTOX, 6);
  g_assert_false (flow_test_feed_get_running (FLOW_TEST_FEED (footprint)));
  g_assert_true (flow_market_session_get_oi_feed (session) == oi);
  g_assert_true (flow_test_feed_get_running (FLOW_TEST_FEED (oi)));
  g_assert_true (flow_market_session_get_footprint_feed (session) != oi);
  g_assert_cmpint (flow_test_feed_get_view (fixture->made->pdata[5]), ==, FLOW_MARKET_VIEW_FOOTPRINT);
  g_assert_null (flow_market_session_get_notice (session));

  /* And with neither account, both views share one simulator again. */
  flow_test_keyring_store (FLOW_BROKER_UPSTOX, NULL);
  account_changed (fixture, FLOW_BROKER_UPSTOX);
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_DEMO, FLOW_MARKET_SOURCE_DEMO, 7);
  g_assert_true (flow_market_session_get_footprint_feed (session) ==
                 flow_market_session_get_oi_feed (session));
  g_assert_nonnull (strstr (flow_market_session_get_notice (session), "Demo mode"));
  g_assert_cmpuint (fixture->problems->len, ==, 0);
}

/* footprint-source and oi-source (sources.md "Choosing a source"): a pinned broker is used
 * even without its account (its feed then says Logged out), a change restarts only the view
 * it names, and the header can name each view's broker. */
static void
test_source_settings (Fixture       *fixture,
                      gconstpointer  data)
{
  FlowMarketSession *session;
  FlowFeed *footprint, *oi;

  store_upstox ();
  start_session (fixture, FALSE);
  session = fixture->session;
  /* Only an Upstox account: both views live on it, the footprint on the v3 stream. */
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_UPSTOX, FLOW_MARKET_SOURCE_UPSTOX, 2);
  footprint = flow_market_session_get_footprint_feed (session);
  oi = flow_market_session_get_oi_feed (session);
  g_assert_true (footprint != oi);
  g_assert_cmpint (flow_test_feed_get_view (FLOW_TEST_FEED (footprint)), ==, FLOW_MARKET_VIEW_FOOTPRINT);
  g_assert_cmpint (flow_test_feed_get_view (FLOW_TEST_FEED (oi)), ==, FLOW_MARKET_VIEW_OI);
  g_assert_null (flow_market_session_get_notice (session));
  g_assert_cmpint (flow_market_session_get_view_source (session, FLOW_MARKET_VIEW_FOOTPRINT), ==,
                   FLOW_MARKET_SOURCE_UPSTOX);
  g_assert_cmpstr (flow_market_source_get_label (FLOW_MARKET_SOURCE_UPSTOX), ==, "Upstox");

  /* Pinned to Angel One without its account: that feed runs (and will say Logged out),
   * no silent fall-back; the OI view is not touched. */
  g_settings_set_string (fixture->settings, "footprint-source", "angel");
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_ANGEL, FLOW_MARKET_SOURCE_UPSTOX, 3);
  g_assert_false (flow_test_feed_get_running (FLOW_TEST_FEED (footprint)));
  g_assert_true (flow_market_session_get_oi_feed (session) == oi);
  g_assert_true (flow_test_feed_get_running (FLOW_TEST_FEED (oi)));

  /* The demo, chosen: the footprint on a simulator of its own, said so in the banner. */
  g_settings_set_string (fixture->settings, "footprint-source", "demo");
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_DEMO, FLOW_MARKET_SOURCE_UPSTOX, 4);
  g_assert_true (flow_market_session_get_oi_feed (session) == oi);
  g_assert_nonnull (strstr (flow_market_session_get_notice (session), "footprint"));

  /* The OI tracker pinned to Angel One without its account: an Angel One OI feed (it will
   * say Logged out), no simulator, no fall-back to Upstox. */
  g_settings_set_string (fixture->settings, "footprint-source", "upstox");
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_UPSTOX, FLOW_MARKET_SOURCE_UPSTOX, 5);
  g_settings_set_string (fixture->settings, "oi-source", "angel");
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_UPSTOX, FLOW_MARKET_SOURCE_ANGEL, 6);
  g_assert_null (flow_market_session_get_notice (session));
  g_assert_false (flow_test_feed_get_running (FLOW_TEST_FEED (oi)));
  g_assert_cmpint (flow_test_feed_get_view (fixture->made->pdata[5]), ==, FLOW_MARKET_VIEW_OI);
  g_assert_false (flow_feed_get_simulated (flow_market_session_get_oi_feed (session)));

  /* Back to auto: Upstox again, and the footprint's feed is the one it had. */
  footprint = flow_market_session_get_footprint_feed (session);
  g_settings_set_string (fixture->settings, "oi-source", "auto");
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_UPSTOX, FLOW_MARKET_SOURCE_UPSTOX, 7);
  g_assert_true (flow_market_session_get_footprint_feed (session) == footprint);
  g_assert_null (flow_market_session_get_notice (session));
  g_assert_cmpuint (fixture->problems->len, ==, 0);
}

/* --demo asks no keyring: both views on one simulator whatever is stored. */
static void
test_demo_flag (Fixture       *fixture,
                gconstpointer  data)
{
  store_angel ();
  store_upstox ();
  start_session (fixture, TRUE);
  /* No lookup: in place at once. */
  g_assert_true (sources_are (&(Expected) { fixture, FLOW_MARKET_SOURCE_DEMO,
                                            FLOW_MARKET_SOURCE_DEMO, 1 }));
  g_assert_nonnull (strstr (flow_market_session_get_notice (fixture->session), "--demo"));
  account_changed (fixture, FLOW_BROKER_ANGEL);
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_DEMO, FLOW_MARKET_SOURCE_DEMO, 1);
}

static gboolean
restored (gpointer data)
{
  return !flow_footprint_recorder_get_restoring (data);
}

static void
emit_snapshots (FlowFeed *feed,
                gint64    start_ms,
                gint64    ltp,
                guint     n)
{
  for (guint i = 0; i < n; i++)
    {
      FlowSnapshot s = {
        .ts_ms = start_ms + i * 100, .ltp = ltp + 5 * (i % 3), .volume = 1000 + 75 * i,
        .bid = ltp - 5, .ask = ltp + 5, .resync = i == 0,
      };

      flow_feed_emit_snapshot (feed, &s);
    }
}

/* Every snapshot of @path, checking they are all of @instrument and priced from @ltp up. */
static guint
count_journal (const char *path,
               const char *instrument,
               gint64      ltp)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalReader) reader = flow_journal_reader_open (path, &error);
  FlowSnapshot batch[64];
  gsize n_read;
  guint n = 0;

  g_assert_no_error (error);
  g_assert_cmpstr (flow_journal_reader_get_instrument (reader), ==, instrument);
  while (flow_journal_reader_read (reader, batch, G_N_ELEMENTS (batch), &n_read, &error) &&
         n_read > 0)
    for (gsize i = 0; i < n_read; i++, n++)
      {
        g_assert_cmpint (batch[i].ltp, >=, ltp);
        g_assert_cmpint (batch[i].ltp, <=, ltp + 10);
      }
  g_assert_no_error (error);
  return n;
}

/* The instrument switch subscribes the new instrument on the same login and journals it
 * alone; the other view is untouched. */
static void
test_instrument_switch (Fixture       *fixture,
                        gconstpointer  data)
{
  FlowMarketSession *session;
  FlowFootprintRecorder *recorder;
  FlowFootprint *footprint;
  FlowFeed *angel, *oi;
  gint64 now_ms = g_get_real_time () / 1000;
  /* Well inside today's IST day, so that both journals are today's. */
  gint64 start_ms = MAX (now_ms - 60000, flow_ist_day_start_ms (now_ms) + 1000);
  g_autofree char *nifty_path = flow_journal_default_path ("NIFTY", start_ms);
  g_autofree char *banknifty_path = flow_journal_default_path ("BANKNIFTY", start_ms);

  store_angel ();
  store_upstox ();
  start_session (fixture, FALSE);
  session = fixture->session;
  recorder = flow_market_session_get_recorder (session);
  footprint = flow_footprint_recorder_get_footprint (recorder);
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_ANGEL, FLOW_MARKET_SOURCE_UPSTOX, 2);
  angel = flow_market_session_get_footprint_feed (session);
  oi = flow_market_session_get_oi_feed (session);
  g_assert_cmpstr (flow_test_feed_get_name (FLOW_TEST_FEED (angel)), ==, "NIFTY");
  g_assert_true (flow_test_wait_until (restored, recorder, TIMEOUT_MS));

  emit_snapshots (angel, start_ms, 2450000, 40);
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), ==, 40);

  g_settings_set_string (fixture->settings, "instrument", "BANKNIFTY");
  /* The same feed, resubscribed: no new login. */
  g_assert_cmpuint (fixture->made->len, ==, 2);
  g_assert_true (flow_market_session_get_footprint_feed (session) == angel);
  g_assert_cmpuint (flow_test_feed_get_n_retargets (FLOW_TEST_FEED (angel)), ==, 1);
  g_assert_cmpstr (flow_test_feed_get_name (FLOW_TEST_FEED (angel)), ==, "BANKNIFTY");
  g_assert_true (flow_test_feed_get_running (FLOW_TEST_FEED (angel)));
  /* The OI tracker follows its own underlying: untouched. */
  g_assert_true (flow_market_session_get_oi_feed (session) == oi);
  g_assert_true (flow_test_feed_get_running (FLOW_TEST_FEED (oi)));
  g_assert_cmpstr (flow_footprint_recorder_get_instrument (recorder), ==, "BANKNIFTY");
  g_assert_true (flow_test_wait_until (restored, recorder, TIMEOUT_MS));
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), ==, 0);

  emit_snapshots (angel, start_ms + 10000, 5200000, 25);
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), ==, 25);

  /* Back to NIFTY: its morning comes back from its journal, BANKNIFTY's stays apart. */
  g_settings_set_string (fixture->settings, "instrument", "NIFTY");
  g_assert_true (flow_test_wait_until (restored, recorder, TIMEOUT_MS));
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), ==, 40);

  flow_market_session_stop (session);
  g_assert_cmpuint (count_journal (nifty_path, "NIFTY", 2450000), ==, 40);
  g_assert_cmpuint (count_journal (banknifty_path, "BANKNIFTY", 5200000), ==, 25);
  g_assert_cmpuint (fixture->problems->len, ==, 0);
}

/* On the simulator each view plays the underlying it asks for: one simulator while both ask
 * for the same, one each otherwise, and a view's switch leaves the other view's day alone. */
static void
test_instrument_switch_demo (Fixture       *fixture,
                             gconstpointer  data)
{
  FlowMarketSession *session;
  FlowFootprintRecorder *recorder;
  FlowFootprint *footprint;
  FlowFeed *shared, *bank, *sensex, *both;
  gint64 now_ms = g_get_real_time () / 1000;

  start_session (fixture, TRUE);
  session = fixture->session;
  recorder = flow_market_session_get_recorder (session);
  footprint = flow_footprint_recorder_get_footprint (recorder);
  shared = flow_market_session_get_footprint_feed (session);
  g_assert_true (flow_market_session_get_oi_feed (session) == shared);
  g_assert_cmpstr (flow_test_feed_get_name (FLOW_TEST_FEED (shared)), ==, "NIFTY");
  emit_snapshots (shared, now_ms - 1000, 2450000, 10);
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), ==, 10);

  /* The footprint leaves for a BANKNIFTY simulator of its own; the OI view keeps NIFTY's. */
  g_settings_set_string (fixture->settings, "instrument", "BANKNIFTY");
  bank = flow_market_session_get_footprint_feed (session);
  g_assert_true (bank != shared);
  g_assert_cmpuint (fixture->made->len, ==, 2);
  g_assert_cmpint (source_of (bank), ==, FLOW_MARKET_SOURCE_DEMO);
  g_assert_cmpstr (flow_test_feed_get_name (FLOW_TEST_FEED (bank)), ==, "BANKNIFTY");
  g_assert_true (flow_test_feed_get_running (FLOW_TEST_FEED (bank)));
  g_assert_true (flow_market_session_get_oi_feed (session) == shared);
  g_assert_true (flow_test_feed_get_running (FLOW_TEST_FEED (shared)));
  g_assert_cmpstr (flow_footprint_recorder_get_instrument (recorder), ==, "BANKNIFTY");
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), ==, 0);
  /* The NIFTY simulator reaches the OI view only. */
  emit_snapshots (shared, now_ms - 500, 2450000, 5);
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), ==, 0);
  emit_snapshots (bank, now_ms - 500, 5600000, 5);
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), ==, 5);

  /* The OI view to SENSEX: a simulator of its own, the NIFTY one stops. */
  g_settings_set_string (fixture->settings, "oi-underlying", "SENSEX");
  sensex = flow_market_session_get_oi_feed (session);
  g_assert_cmpuint (fixture->made->len, ==, 3);
  g_assert_cmpstr (flow_test_feed_get_name (FLOW_TEST_FEED (sensex)), ==, "SENSEX");
  g_assert_false (flow_test_feed_get_running (FLOW_TEST_FEED (shared)));
  g_assert_true (flow_market_session_get_footprint_feed (session) == bank);
  g_assert_true (flow_test_feed_get_running (FLOW_TEST_FEED (bank)));
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), ==, 5);

  /* Both on SENSEX: one simulator again, for both. */
  g_settings_set_string (fixture->settings, "instrument", "SENSEX");
  both = flow_market_session_get_footprint_feed (session);
  g_assert_cmpuint (fixture->made->len, ==, 4);
  g_assert_true (flow_market_session_get_oi_feed (session) == both);
  g_assert_cmpstr (flow_test_feed_get_name (FLOW_TEST_FEED (both)), ==, "SENSEX");
  g_assert_true (flow_test_feed_get_running (FLOW_TEST_FEED (both)));
  g_assert_false (flow_test_feed_get_running (FLOW_TEST_FEED (bank)));
  g_assert_false (flow_test_feed_get_running (FLOW_TEST_FEED (sensex)));
  g_assert_cmpuint (fixture->problems->len, ==, 0);
}

/* The session's own demo feeds (no test factory) simulate what each view names. */
static void
test_demo_underlyings (Fixture       *fixture,
                       gconstpointer  data)
{
  FlowMarketSession *session;
  FlowFeed *footprint, *oi;
  const FlowOptionChain *chain;

  g_settings_set_string (fixture->settings, "instrument", "BANKNIFTY");
  g_settings_set_string (fixture->settings, "oi-underlying", "SENSEX");
  fixture->session = session = flow_market_session_new (fixture->settings, fixture->credentials,
                                                        TRUE, 1);
  flow_market_session_start (session);
  footprint = flow_market_session_get_footprint_feed (session);
  oi = flow_market_session_get_oi_feed (session);
  g_assert_true (FLOW_IS_DEMO_FEED (footprint));
  g_assert_true (FLOW_IS_DEMO_FEED (oi));
  g_assert_true (footprint != oi);
  g_assert_cmpstr (flow_demo_feed_get_underlying (FLOW_DEMO_FEED (footprint)), ==, "BANKNIFTY");
  g_assert_cmpstr (flow_demo_feed_get_underlying (FLOW_DEMO_FEED (oi)), ==, "SENSEX");
  g_assert_cmpint (flow_feed_get_tick_size (footprint), ==, 5);
  g_assert_cmpint (flow_feed_get_state (footprint), ==, FLOW_FEED_STATE_DEMO);
  g_assert_cmpint (flow_feed_get_state (oi), ==, FLOW_FEED_STATE_DEMO);

  /* Started with the session so far: SENSEX's chains, BANKNIFTY's trades. */
  chain = flow_oi_session_get_shown_chain (flow_market_session_get_oi_session (session));
  g_assert_nonnull (chain);
  g_assert_cmpstr (chain->underlying, ==, "SENSEX");
  g_assert_cmpint (chain->lot_size, ==, 20);
  g_assert_cmpuint (flow_footprint_get_n_snapshots (flow_footprint_recorder_get_footprint (
                      flow_market_session_get_recorder (session))), >, 0);
}

static FlowOptionChain *
make_chain (const char *underlying,
            gint64      time_ms)
{
  FlowOptionChain *chain = flow_option_chain_new (time_ms, underlying, "2099-12-29", 24000);

  for (int k = -3; k <= 3; k++)
    {
      g_autofree char *ce_key = g_strdup_printf ("NSE_FO|%d", 100 + k);
      g_autofree char *pe_key = g_strdup_printf ("NSE_FO|%d", 200 + k);
      FlowOptionSide ce = { TRUE, ce_key, 100000 - 1000 * k, 100, 0 };
      FlowOptionSide pe = { TRUE, pe_key, 100000 + 1000 * k, 100, 0 };

      flow_option_chain_add_strike (chain, 24000 + 50 * k, &ce, &pe);
    }
  return chain;
}

/* How many lines of @path hold @needle (0 when there is no file). */
static guint
count_lines (const char *path,
             const char *needle)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    n += strstr (lines[i], needle) != NULL;
  return n;
}

/* The OI underlying likewise restarts the OI feed alone, with a fresh tracker. */
static void
test_underlying_switch (Fixture       *fixture,
                        gconstpointer  data)
{
  FlowMarketSession *session;
  FlowOiSession *oi_session;
  FlowFeed *footprint, *nifty, *banknifty;
  gint64 now_ms = g_get_real_time () / 1000;
  g_autoptr(FlowOptionChain) chain = make_chain ("NIFTY", now_ms);
  g_autoptr(FlowOptionChain) bank_chain = make_chain ("BANKNIFTY", now_ms + 1000);
  g_autoptr(FlowOiJournal) nifty_paths = flow_oi_journal_new (NULL, "NIFTY");
  g_autoptr(FlowOiJournal) bank_paths = flow_oi_journal_new (NULL, "BANKNIFTY");
  g_autofree char *nifty_journal = flow_oi_journal_get_path (nifty_paths, now_ms);
  g_autofree char *bank_journal = flow_oi_journal_get_path (bank_paths, now_ms + 1000);

  store_angel ();
  store_upstox ();
  start_session (fixture, FALSE);
  session = fixture->session;
  oi_session = flow_market_session_get_oi_session (session);
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_ANGEL, FLOW_MARKET_SOURCE_UPSTOX, 2);
  footprint = flow_market_session_get_footprint_feed (session);
  nifty = flow_market_session_get_oi_feed (session);
  g_assert_true (flow_oi_session_get_journaling (oi_session));

  flow_feed_emit_option_chain (nifty, chain);
  g_assert_nonnull (flow_oi_session_get_shown_chain (oi_session));

  g_settings_set_string (fixture->settings, "oi-underlying", "BANKNIFTY");
  banknifty = flow_market_session_get_oi_feed (session);
  g_assert_cmpstr (flow_test_feed_get_name (FLOW_TEST_FEED (banknifty)), ==, "BANKNIFTY");
  g_assert_false (flow_test_feed_get_running (FLOW_TEST_FEED (nifty)));
  g_assert_true (flow_market_session_get_footprint_feed (session) == footprint);
  g_assert_true (flow_test_feed_get_running (FLOW_TEST_FEED (footprint)));
  g_assert_null (flow_oi_session_get_shown_chain (oi_session));

  /* The old feed's late chain is not the new underlying's. */
  flow_feed_emit_option_chain (nifty, chain);
  g_assert_null (flow_oi_session_get_shown_chain (oi_session));

  /* Each underlying's history goes to its own journal. */
  flow_feed_emit_option_chain (banknifty, bank_chain);
  g_assert_cmpstr (flow_oi_session_get_shown_chain (oi_session)->underlying, ==, "BANKNIFTY");
  g_assert_cmpuint (count_lines (nifty_journal, "NSE_FO|"), ==, 14);
  g_assert_cmpuint (count_lines (bank_journal, "NSE_FO|"), ==, 14);
}

/* The header shows the feed that needs the user most; a feed that stops says why. */
static void
test_attention (Fixture       *fixture,
                gconstpointer  data)
{
  FlowMarketSession *session;
  FlowFeed *footprint, *oi;

  store_angel ();
  store_upstox ();
  start_session (fixture, FALSE);
  session = fixture->session;
  wait_for_sources (fixture, FLOW_MARKET_SOURCE_ANGEL, FLOW_MARKET_SOURCE_UPSTOX, 2);
  footprint = flow_market_session_get_footprint_feed (session);
  oi = flow_market_session_get_oi_feed (session);

  flow_feed_set_state (footprint, FLOW_FEED_STATE_LIVE, NULL, 0);
  flow_feed_set_state (oi, FLOW_FEED_STATE_LIVE, NULL, 0);
  flow_feed_set_state (oi, FLOW_FEED_STATE_RECONNECTING, "Upstox did not answer",
                       g_get_real_time () / 1000 + 5000);
  g_assert_true (flow_market_session_get_attention_feed (session) == oi);
  flow_feed_set_state (footprint, FLOW_FEED_STATE_LOGGED_OUT, "Session expired", 0);
  g_assert_true (flow_market_session_get_attention_feed (session) == footprint);
  g_assert_cmpuint (fixture->problems->len, ==, 0);
  flow_feed_set_state (oi, FLOW_FEED_STATE_ERROR, "Upstox refused the instrument", 0);
  g_assert_true (flow_market_session_get_attention_feed (session) == oi);
  g_assert_cmpuint (fixture->problems->len, ==, 1);
  g_assert_cmpstr (fixture->problems->pdata[0], ==, "Upstox refused the instrument");

  /* Retry restarts that feed. */
  flow_market_session_retry (session);
  g_assert_true (flow_test_feed_get_running (FLOW_TEST_FEED (oi)));
  g_assert_cmpint (flow_feed_get_state (oi), ==, FLOW_FEED_STATE_CONNECTING);
}

int
main (int    argc,
      char **argv)
{
  /* One keyring for the whole run: GDBus keeps the session bus it first connected to. */
  FlowTestKeyring *keyring;
  int status;

  g_test_init (&argc, &argv, NULL);
  keyring = flow_test_keyring_start ();
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/market-session/sources-follow-accounts", test_sources_follow_accounts);
  ADD ("/market-session/source-settings", test_source_settings);
  ADD ("/market-session/demo-flag", test_demo_flag);
  ADD ("/market-session/instrument-switch", test_instrument_switch);
  ADD ("/market-session/instrument-switch-demo", test_instrument_switch_demo);
  ADD ("/market-session/demo-underlyings", test_demo_underlyings);
  ADD ("/market-session/underlying-switch", test_underlying_switch);
  ADD ("/market-session/attention", test_attention);
  status = g_test_run ();
  flow_test_keyring_stop (keyring);
  return status;
}

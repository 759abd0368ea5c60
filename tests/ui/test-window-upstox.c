/* test-window-upstox.c: the window with only an Upstox account (loopback servers)
 *
 * Most traders hold one broker account: with Upstox alone, both views are live. The footprint
 * runs on the v3 market-data feed (authorize, the instruments file, protobuf frames) and the OI
 * view on the option chain; the header names the broker ("Live · Upstox") and no demo banner
 * shows. Choosing the demo for the footprint in the settings moves that view alone to the
 * simulator, and choosing Automatic again brings the stream back as a new connection.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-application.h"
#include "flow-credentials.h"
#include "flow-ist.h"
#include "flow-option-chain.h"
#include "flow-preferences-window.h"
#include "flow-test-keyring.h"
#include "flow-test-loop.h"
#include "flow-test-upstox-frames.h"
#include "flow-test-upstox-stream-server.h"
#include "flow-test-widgets.h"
#include "flow-upstox-option-chain.h"
#include "flow-window.h"

#include <string.h>

#define LABEL_MS 15000
#define JSON     "application/json"

typedef struct
{
  GApplication         *app;
  FlowTestUpstox       *rest;
  FlowTestUpstoxStream *stream;
} Servers;

static GBytes *
tick (FlowUpstoxFrameType type,
      gint64              ts_ms,
      double              ltp,
      gint64              vtt)
{
  FlowTestUpstoxTick tick = {
    .instrument_key = FLOW_TEST_UPSTOX_FUTURE_KEY,
    .type = type,
    .current_ts_ms = ts_ms,
    .with_ltpc = TRUE, .ltp = ltp, .ltt_ms = ts_ms, .ltq = 75, .cp = 24400.0,
    .with_depth = TRUE, .bid = ltp - 0.05, .bid_qty = 75, .ask = ltp, .ask_qty = 150,
    .vtt = vtt, .oi = 1234500,
  };

  return flow_test_upstox_encode_tick (&tick);
}

static char *
chain_body (const char *expiry)
{
  g_autoptr(FlowOptionChain) chain = flow_option_chain_new (g_get_real_time () / 1000, "NIFTY",
                                                           expiry, 24212.0);
  g_autoptr(JsonNode) body = NULL;

  for (guint i = 0; i < 11; i++)
    {
      g_autofree char *ce_key = g_strdup_printf ("NSE_FO|%u", 1000 + 2 * i);
      g_autofree char *pe_key = g_strdup_printf ("NSE_FO|%u", 1001 + 2 * i);
      FlowOptionSide ce = { TRUE, ce_key, 100000 + 1000 * i, 100, 10 };
      FlowOptionSide pe = { TRUE, pe_key, 100000 + 2000 * i, 90, 10 };

      flow_option_chain_add_strike (chain, 24000 + 50 * i, &ce, &pe);
    }
  body = flow_upstox_option_chain_serialize (chain);
  return json_to_string (body, FALSE);
}

static void
serve_option_chain (FlowTestUpstox *rest)
{
  g_autofree char *next_week = flow_ist_format_date (g_get_real_time () / 1000 + 7 * FLOW_DAY_MS);
  g_autofree char *contracts = g_strdup_printf (
    "{\"status\":\"success\",\"data\":[{\"expiry\":\"%s\",\"weekly\":true}]}", next_week);
  g_autofree char *chain = chain_body (next_week);

  flow_test_upstox_push (rest, "/v2/option/contract", 200, JSON, contracts);
  flow_test_upstox_push (rest, "/v2/option/chain", 200, JSON, chain);
  flow_test_upstox_push (rest, "/v3/historical-candle/intraday/", 200, JSON,
                         "{\"status\":\"success\",\"data\":{\"candles\":[]}}");
}

typedef struct
{
  GtkWidget            *window;
  FlowTestUpstoxStream *stream;
  guint                 authorizations;
} Switch;

/* The stream's price is off the chart: the simulator's own price has replaced it. */
static gboolean
stream_price_gone (gpointer data)
{
  Switch *change = data;

  return flow_test_find_label (change->window, "LTP 24,500.25") == NULL &&
         flow_test_find_label_with_prefix (change->window, "LTP ") != NULL;
}

static gboolean
stream_authorized_again (gpointer data)
{
  Switch *change = data;

  return flow_test_upstox_stream_get_n_authorizations (change->stream) > change->authorizations;
}

/* With ORDERFLOW_SCREENSHOT_DIR set: the window on Upstox alone, and the Accounts page of
 * Preferences with its Data Source rows, to look at. */
static void
save_screenshots (Servers   *servers,
                  GtkWindow *window)
{
  const char *directory = g_getenv ("ORDERFLOW_SCREENSHOT_DIR");
  g_autofree char *window_path = NULL;
  g_autofree char *accounts_path = NULL;
  GtkWindow *preferences;

  if (directory == NULL)
    return;
  flow_test_wait_ms (500);
  window_path = g_build_filename (directory, "window-upstox.png", NULL);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  flow_test_save_screenshot (GTK_WIDGET (window), window_path);

  g_action_group_activate_action (G_ACTION_GROUP (servers->app), "accounts", NULL);
  preferences = flow_test_wait_for_toplevel (FLOW_TYPE_PREFERENCES_WINDOW, 5000);
  g_assert_nonnull (preferences);
  flow_test_wait_ms (500);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (preferences));
  accounts_path = g_build_filename (directory, "preferences-accounts.png", NULL);
  flow_test_save_screenshot (GTK_WIDGET (preferences), accounts_path);
  gtk_window_destroy (preferences);
}

static gboolean
drive (gpointer user_data)
{
  Servers *servers = user_data;
  GtkWindow *window = flow_test_wait_for_toplevel (FLOW_TYPE_WINDOW, 5000);
  GSettings *settings = flow_application_get_settings (FLOW_APPLICATION (servers->app));
  GtkWidget *demo;
  GtkRevealer *banner;
  Switch change;
  guint chain_polls;

  g_assert_nonnull (window);

  /* The footprint on Upstox's stream: its last price shows, and the header names the broker. */
  g_assert_nonnull (flow_test_wait_for_label (GTK_WIDGET (window), "LTP 24,500.25", LABEL_MS));
  g_assert_nonnull (flow_test_wait_for_label (GTK_WIDGET (window), "Live · Upstox", LABEL_MS));
  demo = flow_test_find_label_with_prefix (GTK_WIDGET (window), "Demo mode");
  banner = GTK_REVEALER (gtk_widget_get_ancestor (demo, GTK_TYPE_REVEALER));
  g_assert_false (gtk_revealer_get_reveal_child (banner));
  /* And the OI view polls the option chain of the same account. */
  g_assert_cmpuint (flow_test_upstox_get_hits (servers->rest, "/v2/option/chain"), >, 0);

  save_screenshots (servers, window);

  /* The demo chosen for the footprint: that view alone goes to the simulator, said so. */
  change.window = GTK_WIDGET (window);
  change.stream = servers->stream;
  change.authorizations = flow_test_upstox_stream_get_n_authorizations (servers->stream);
  chain_polls = flow_test_upstox_get_hits (servers->rest, "/v2/option/chain");
  g_settings_set_string (settings, "footprint-source", "demo");
  g_assert_nonnull (flow_test_wait_for_label (GTK_WIDGET (window),
                                              "The footprint chart runs on simulated data",
                                              LABEL_MS));
  g_assert_true (gtk_revealer_get_reveal_child (banner));
  g_assert_true (flow_test_wait_until (stream_price_gone, &change, LABEL_MS));
  g_assert_cmpuint (flow_test_upstox_stream_get_n_authorizations (servers->stream), ==,
                    change.authorizations);

  /* Automatic again: a new connection to the stream (a new authorization), its price back;
   * the OI view was never restarted (no second option-contract lookup). */
  g_settings_set_string (settings, "footprint-source", "auto");
  g_assert_true (flow_test_wait_until (stream_authorized_again, &change, LABEL_MS));
  g_assert_nonnull (flow_test_wait_for_label (GTK_WIDGET (window), "LTP 24,500.25", LABEL_MS));
  g_assert_cmpuint (flow_test_upstox_get_hits (servers->rest, "/v2/option/contract"), ==, 1);
  g_assert_cmpuint (flow_test_upstox_get_hits (servers->rest, "/v2/option/chain"), >=,
                    chain_polls);
  g_assert_cmpuint (flow_test_upstox_stream_get_problems (servers->stream)->len, ==, 0);

  g_action_group_activate_action (G_ACTION_GROUP (servers->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
test_window_upstox (void)
{
  FlowTestKeyring *keyring = flow_test_keyring_start ();
  g_autoptr(FlowTestUpstox) rest = flow_test_upstox_new ();
  FlowTestUpstoxStream *stream = flow_test_upstox_stream_new (rest);
  Servers servers = { NULL, rest, stream };
  g_autoptr(GBytes) instruments = NULL;
  g_autoptr(FlowApplication) app = NULL;
  char *argv[] = { "orderflow", NULL };
  gint64 now = g_get_real_time () / 1000;
  int status;

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "api_key", "upstox-key", "analytics_token",
                           "test-token", NULL);
  instruments = flow_test_upstox_instruments (now + 3 * FLOW_DAY_MS);
  flow_test_upstox_stream_set_instruments (stream, instruments);
  serve_option_chain (rest);
  for (guint connection = 0; connection < 2; connection++)
    {
      g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

      g_ptr_array_add (frames, flow_test_upstox_encode_market_info (now - 3000, "NSE_FO", 2));
      g_ptr_array_add (frames, tick (FLOW_UPSTOX_FRAME_INITIAL_FEED, now - 2000, 24500.00, 100000));
      g_ptr_array_add (frames, tick (FLOW_UPSTOX_FRAME_LIVE_FEED, now - 1000, 24500.25, 100650));
      flow_test_upstox_stream_add_connection (stream, frames, FLOW_TEST_END_KEEP);
    }

  app = flow_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  servers.app = G_APPLICATION (app);
  g_timeout_add (10, drive, &servers);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv);
  g_assert_cmpint (status, ==, 0);

  g_clear_object (&app);
  flow_test_upstox_stream_free (stream);
  g_clear_pointer (&rest, flow_test_upstox_free);
  flow_test_keyring_stop (keyring);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/window/upstox-only", test_window_upstox);
  return g_test_run ();
}

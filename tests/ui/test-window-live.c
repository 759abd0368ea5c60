/* test-window-live.c: the window on real broker feeds (loopback servers), not the demo
 *
 * Stored accounts switch the views off the simulator: the footprint runs on the Angel One feed
 * (a loopback SmartAPI server streaming SnapQuotes) and the OI view on Upstox, whose stored
 * token has expired, so the status must say "Logged out" and offer to log in. Signing in to
 * Upstox again then restarts the OI view alone: the footprint's stream is not logged in again.
 * Choosing BANKNIFTY in the footprint's toolbar then subscribes its future and shows its
 * stream alone.
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-application.h"
#include "flow-credentials.h"
#include "flow-footprint-page.h"
#include "flow-ist.h"
#include "flow-smartapi-packet.h"
#include "flow-test-keyring.h"
#include "flow-test-loop.h"
#include "flow-test-smartapi-server.h"
#include "flow-test-upstox-server.h"
#include "flow-test-widgets.h"
#include "flow-window.h"

#include <string.h>

/* How long a label may take to show what the feeds brought. */
#define LABEL_MS 15000

typedef struct
{
  GApplication     *app;
  FlowTestSmartapi *smartapi;
  FlowTestUpstox   *upstox;
} Servers;

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (flow_credentials_store_finish (FLOW_CREDENTIALS (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

/* What the Accounts page does when the sign-in dialog brings back a token. */
static void
sign_in_to_upstox (FlowCredentials *credentials)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *tomorrow = flow_ist_format_iso (g_get_real_time () / 1000 + FLOW_DAY_MS);
  gboolean stored = FALSE;

  g_hash_table_insert (values, "api_key", "upstox-key");
  g_hash_table_insert (values, "access_token", "test-token");
  g_hash_table_insert (values, "access_token_expires", tomorrow);
  flow_credentials_store_async (credentials, FLOW_BROKER_UPSTOX, values, NULL, on_stored, &stored);
  for (int i = 0; i < 500 && !stored; i++)
    flow_test_wait_ms (10);
  g_assert_true (stored);
}

static guint
string_position (GListModel *model,
                 const char *text)
{
  for (guint i = 0; GTK_IS_STRING_LIST (model) && i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* The footprint toolbar's instrument drop-down: the footprint page's one listing BANKNIFTY
 * (the OI header's underlying drop-down lists it too). */
static gboolean
lists_banknifty (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_DROP_DOWN (widget) &&
         gtk_widget_get_ancestor (widget, FLOW_TYPE_FOOTPRINT_PAGE) != NULL &&
         string_position (gtk_drop_down_get_model (GTK_DROP_DOWN (widget)), "BANKNIFTY") !=
         GTK_INVALID_LIST_POSITION;
}

static gboolean
drive (gpointer user_data)
{
  Servers *servers = user_data;
  GApplication *app = servers->app;
  GtkWindow *window = flow_test_wait_for_toplevel (FLOW_TYPE_WINDOW, 5000);
  GtkWidget *ltp, *status, *login, *demo;
  GtkRevealer *banner;
  GtkDropDown *dropdown;
  GPtrArray *subscriptions;

  g_assert_nonnull (window);

  /* The footprint is fed by the SmartAPI stream: the last SnapQuote's price shows. */
  ltp = flow_test_wait_for_label (GTK_WIDGET (window), "LTP 24,500.25", LABEL_MS);
  g_assert_nonnull (ltp);

  /* The Upstox token has expired: the status shows the feed that needs the user. */
  status = flow_test_wait_for_label (GTK_WIDGET (window), "Logged out", LABEL_MS);
  g_assert_nonnull (status);
  login = flow_test_find_label_with_prefix (GTK_WIDGET (window), "Log In…");
  g_assert_nonnull (login);

  /* Both accounts are set up: nothing is simulated, so no demo banner. */
  demo = flow_test_find_label_with_prefix (GTK_WIDGET (window), "Demo mode");
  banner = GTK_REVEALER (gtk_widget_get_ancestor (demo, GTK_TYPE_REVEALER));
  g_assert_false (gtk_revealer_get_reveal_child (banner));

  /* A new Upstox token starts the OI view on Upstox (it asks the server for the option
   * contracts), and leaves the footprint's session and stream alone. */
  g_assert_cmpuint (flow_test_upstox_get_hits (servers->upstox, "/v2/option/contract"), ==, 0);
  sign_in_to_upstox (flow_application_get_credentials (FLOW_APPLICATION (app)));
  for (int i = 0; i < 1000; i++, flow_test_wait_ms (10))
    if (flow_test_upstox_get_hits (servers->upstox, "/v2/option/contract") > 0)
      break;
  g_assert_cmpuint (flow_test_upstox_get_hits (servers->upstox, "/v2/option/contract"), >, 0);
  flow_test_wait_ms (300);
  g_assert_cmpuint (flow_test_smartapi_get_n_logins (servers->smartapi), ==, 1);
  g_assert_nonnull (flow_test_find_label_with_prefix (GTK_WIDGET (window), "LTP 24,500.25"));

  /* The instrument switch, as a user makes it: the toolbar's drop-down. */
  dropdown = GTK_DROP_DOWN (flow_test_find_widget (GTK_WIDGET (window), lists_banknifty, NULL));
  g_assert_nonnull (dropdown);
  subscriptions = flow_test_smartapi_get_subscriptions (servers->smartapi);
  g_assert_cmpuint (subscriptions->len, ==, 1);
  g_assert_cmpstr (subscriptions->pdata[0], ==, FLOW_TEST_FUTURE_TOKEN);
  gtk_drop_down_set_selected (dropdown, string_position (gtk_drop_down_get_model (dropdown),
                                                         "BANKNIFTY"));
  for (int i = 0; i < 1000 && subscriptions->len < 2; i++)
    flow_test_wait_ms (10);
  g_assert_cmpuint (subscriptions->len, ==, 2);
  g_assert_cmpstr (subscriptions->pdata[1], ==, FLOW_TEST_BANKNIFTY_TOKEN);
  /* BANKNIFTY's stream alone is shown: its price, never NIFTY's again. */
  g_assert_nonnull (flow_test_wait_for_label (GTK_WIDGET (window), "LTP 52,010.50", LABEL_MS));
  g_assert_null (flow_test_find_label_with_prefix (GTK_WIDGET (window), "LTP 24,500.25"));
  g_assert_cmpuint (flow_test_smartapi_get_problems (servers->smartapi)->len, ==, 0);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
store_accounts (void)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GHashTable) angel = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) upstox = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (angel, "api_key", FLOW_TEST_API_KEY);
  g_hash_table_insert (angel, "client_code", FLOW_TEST_CLIENT_CODE);
  g_hash_table_insert (angel, "pin", FLOW_TEST_PIN);
  g_hash_table_insert (angel, "totp_secret", FLOW_TEST_TOTP_SECRET);
  flow_credentials_store_sync (credentials, FLOW_BROKER_ANGEL, angel, NULL, &error);
  g_assert_no_error (error);

  g_hash_table_insert (upstox, "api_key", "upstox-key");
  g_hash_table_insert (upstox, "access_token", "yesterdays-token");
  g_hash_table_insert (upstox, "access_token_expires", "2020-01-02T03:30:00+05:30");
  flow_credentials_store_sync (credentials, FLOW_BROKER_UPSTOX, upstox, NULL, &error);
  g_assert_no_error (error);
}

static void
test_window_live (void)
{
  FlowTestKeyring *keyring = flow_test_keyring_start ();
  FlowTestSmartapi *server = flow_test_smartapi_new ();
  g_autoptr(FlowTestUpstox) upstox = flow_test_upstox_new ();
  Servers servers = { NULL, server, upstox };
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) banknifty_frames =
    g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(FlowApplication) app = NULL;
  char *argv[] = { "orderflow", NULL };
  gint64 now = g_get_real_time () / 1000;
  FlowSmartapiPacket packet;
  int status;

  store_accounts ();
  flow_test_smartapi_snap_quote (&packet, now - 2000, 2450000, 100000, 2449995, 2450005);
  g_ptr_array_add (frames, flow_test_smartapi_encode (&packet));
  flow_test_smartapi_snap_quote (&packet, now - 1000, 2450025, 100650, 2450020, 2450025);
  g_ptr_array_add (frames, flow_test_smartapi_encode (&packet));
  flow_test_smartapi_add_connection (server, frames, FLOW_TEST_END_KEEP, FLOW_TEST_AFTER_NOTHING);
  /* The connection after the switch to BANKNIFTY. */
  flow_test_smartapi_snap_quote (&packet, now - 500, 5201050, 40000, 5201000, 5201050);
  strcpy (packet.token, FLOW_TEST_BANKNIFTY_TOKEN);
  g_ptr_array_add (banknifty_frames, flow_test_smartapi_encode (&packet));
  flow_test_smartapi_add_connection (server, banknifty_frames, FLOW_TEST_END_KEEP,
                                     FLOW_TEST_AFTER_NOTHING);

  app = flow_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  servers.app = G_APPLICATION (app);
  g_timeout_add (10, drive, &servers);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (flow_test_smartapi_get_n_logins (server), ==, 1);
  g_assert_cmpuint (flow_test_smartapi_get_problems (server)->len, ==, 0);

  g_clear_object (&app);
  flow_test_smartapi_free (server);
  flow_test_keyring_stop (keyring);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/window/live-feeds", test_window_live);
  return g_test_run ();
}

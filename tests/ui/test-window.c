/* test-window.c: the main window in demo mode under Xvfb — both views, the status, the menu
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-application.h"
#include "flow-demo-feed.h"
#include "flow-footprint-page.h"
#include "flow-oi-header.h"
#include "flow-oi-page.h"
#include "flow-preferences-window.h"
#include "flow-test-loop.h"
#include "flow-test-widgets.h"
#include "flow-window.h"

/* How long a window may take to appear. */
#define APPEAR_MS 2000

/* Every underlying the demo simulates, as the toolbars list them. */
static const char * const underlyings[] = {
  "NIFTY", "BANKNIFTY", "FINNIFTY", "MIDCPNIFTY", "NIFTYNXT50", "SENSEX", "BANKEX",
};

static guint
string_position (GListModel *model,
                 const char *text)
{
  for (guint i = 0; GTK_IS_STRING_LIST (model) && i < g_list_model_get_n_items (model); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

/* The drop-down listing the underlyings inside a widget of type @data. */
static gboolean
is_underlying_choice (GtkWidget     *widget,
                      gconstpointer  data)
{
  return GTK_IS_DROP_DOWN (widget) &&
         gtk_widget_get_ancestor (widget, GPOINTER_TO_SIZE (data)) != NULL &&
         string_position (gtk_drop_down_get_model (GTK_DROP_DOWN (widget)), "BANKNIFTY") !=
         GTK_INVALID_LIST_POSITION;
}

static gboolean
shows_underlying (gpointer data)
{
  FlowOiSession *oi_session = flow_market_session_get_oi_session (data);
  const FlowOptionChain *chain = flow_oi_session_get_shown_chain (oi_session);

  return chain != NULL && g_strcmp0 (chain->underlying, "SENSEX") == 0;
}

/* Each toolbar offers every underlying, and each choice plays a market of its own. */
static void
check_underlyings (GtkWindow *window)
{
  GtkDropDown *instrument = GTK_DROP_DOWN (
    flow_test_find_widget (GTK_WIDGET (window), is_underlying_choice,
                           GSIZE_TO_POINTER (FLOW_TYPE_FOOTPRINT_PAGE)));
  GtkDropDown *underlying = GTK_DROP_DOWN (
    flow_test_find_widget (GTK_WIDGET (window), is_underlying_choice,
                           GSIZE_TO_POINTER (FLOW_TYPE_OI_HEADER)));
  GtkWidget *page;
  FlowMarketSession *session;
  FlowFeed *footprint, *oi;

  g_assert_nonnull (instrument);
  g_assert_nonnull (underlying);
  page = gtk_widget_get_ancestor (GTK_WIDGET (instrument), FLOW_TYPE_FOOTPRINT_PAGE);
  session = flow_footprint_page_get_session (FLOW_FOOTPRINT_PAGE (page));
  for (guint i = 0; i < G_N_ELEMENTS (underlyings); i++)
    {
      GListModel *instruments = gtk_drop_down_get_model (instrument);
      GListModel *underlying_names = gtk_drop_down_get_model (underlying);

      g_assert_cmpuint (string_position (instruments, underlyings[i]), ==, i);
      g_assert_cmpuint (string_position (underlying_names, underlyings[i]), ==, i);
    }
  g_assert_cmpuint (gtk_drop_down_get_selected (underlying), ==, 0);

  gtk_drop_down_set_selected (underlying, string_position (gtk_drop_down_get_model (underlying),
                                                           "SENSEX"));
  g_assert_true (flow_test_wait_until (shows_underlying, session, APPEAR_MS));
  gtk_drop_down_set_selected (instrument, string_position (gtk_drop_down_get_model (instrument),
                                                           "BANKNIFTY"));
  footprint = flow_market_session_get_footprint_feed (session);
  oi = flow_market_session_get_oi_feed (session);
  g_assert_cmpstr (flow_demo_feed_get_underlying (FLOW_DEMO_FEED (footprint)), ==, "BANKNIFTY");
  g_assert_cmpstr (flow_demo_feed_get_underlying (FLOW_DEMO_FEED (oi)), ==, "SENSEX");
  g_assert_nonnull (flow_test_wait_for_label (GTK_WIDGET (window), "Demo", APPEAR_MS));

  /* Back to one shared NIFTY simulator. */
  gtk_drop_down_set_selected (underlying, 0);
  gtk_drop_down_set_selected (instrument, 0);
  g_assert_true (flow_market_session_get_footprint_feed (session) ==
                 flow_market_session_get_oi_feed (session));
}

static gboolean
drive (gpointer user_data)
{
  GApplication *app = user_data;
  GtkWindow *window = flow_test_wait_for_toplevel (FLOW_TYPE_WINDOW, APPEAR_MS);
  AdwViewStack *stack;
  GtkRevealer *banner;
  GtkWindow *preferences, *shortcuts, *about;

  g_assert_nonnull (window);
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Order Flow");
  flow_test_wait_ms (300);

  /* Demo mode: the status says so and the banner explains it. */
  g_assert_nonnull (flow_test_find_label (GTK_WIDGET (window), "Demo"));
  banner = GTK_REVEALER (flow_test_find_by_type (GTK_WIDGET (window), GTK_TYPE_REVEALER));
  g_assert_true (gtk_revealer_get_reveal_child (banner));

  /* Both views, through the same actions as Alt+1 / Alt+2. */
  stack = ADW_VIEW_STACK (flow_test_find_by_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (adw_view_stack_get_child_by_name (stack, "footprint"));
  g_assert_nonnull (adw_view_stack_get_child_by_name (stack, "oi"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "oi");
  flow_test_wait_ms (100);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "oi");
  g_assert_true (gtk_widget_get_mapped (adw_view_stack_get_child_by_name (stack, "oi")));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "footprint");
  flow_test_wait_ms (100);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "footprint");
  g_assert_true (gtk_widget_get_mapped (adw_view_stack_get_child_by_name (stack, "footprint")));
  check_underlyings (window);

  /* Every entry of the main menu opens a real window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = flow_test_wait_for_toplevel (FLOW_TYPE_PREFERENCES_WINDOW, APPEAR_MS);
  g_assert_nonnull (preferences);
  g_assert_true (ADW_IS_PREFERENCES_WINDOW (preferences));
  flow_test_close_toplevel (preferences);

  g_action_group_activate_action (G_ACTION_GROUP (app), "accounts", NULL);
  preferences = flow_test_wait_for_toplevel (FLOW_TYPE_PREFERENCES_WINDOW, APPEAR_MS);
  g_assert_nonnull (preferences);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (preferences)),
                   ==, "accounts");
  g_assert_nonnull (flow_test_find_label (GTK_WIDGET (preferences), "Angel One (SmartAPI)"));
  flow_test_close_toplevel (preferences);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  shortcuts = flow_test_wait_for_toplevel (GTK_TYPE_SHORTCUTS_WINDOW, APPEAR_MS);
  g_assert_nonnull (shortcuts);
  gtk_widget_set_visible (GTK_WIDGET (shortcuts), FALSE);
  flow_test_wait_ms (50);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = flow_test_wait_for_toplevel (ADW_TYPE_ABOUT_WINDOW, APPEAR_MS);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==,
                   "Order Flow");
  flow_test_close_toplevel (about);

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
test_window_demo (void)
{
  g_autoptr(FlowApplication) app = flow_application_new ();
  char *argv[] = { "orderflow", "--demo", "--seed", "7", NULL };
  int status;

  /* Parallel test runs must not find each other on the bus. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_timeout_add (10, drive, app);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (argv) - 1, argv);
  g_assert_cmpint (status, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/window/demo", test_window_demo);
  return g_test_run ();
}

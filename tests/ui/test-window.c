/* test-window.c: the main window in demo mode under Xvfb — both views, the status, the menu
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-application.h"
#include "flow-preferences-window.h"
#include "flow-window.h"

static void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  for (int i = 0; i < 200; i++)
    {
      GtkWindow *window = find_toplevel (type);

      if (window != NULL)
        return window;
      wait_ms (10);
    }
  return NULL;
}

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (root)), text) == 0 &&
      gtk_widget_is_drawable (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_by_type (GtkWidget *root,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
close_toplevel (GtkWindow *window)
{
  gtk_window_destroy (window);
  wait_ms (50);
}

static gboolean
drive (gpointer user_data)
{
  GApplication *app = user_data;
  GtkWindow *window = wait_for_toplevel (FLOW_TYPE_WINDOW);
  AdwViewStack *stack;
  GtkWindow *preferences, *shortcuts, *about;

  g_assert_nonnull (window);
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Order Flow");
  wait_ms (300);

  /* Demo mode: the status says so and the banner explains it. */
  g_assert_nonnull (find_label (GTK_WIDGET (window), "Demo"));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (find_by_type (GTK_WIDGET (window),
                                                                             GTK_TYPE_REVEALER))));

  /* Both views, through the same actions as Alt+1 / Alt+2. */
  stack = ADW_VIEW_STACK (find_by_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (adw_view_stack_get_child_by_name (stack, "footprint"));
  g_assert_nonnull (adw_view_stack_get_child_by_name (stack, "oi"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "oi");
  wait_ms (100);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "oi");
  g_assert_true (gtk_widget_get_mapped (adw_view_stack_get_child_by_name (stack, "oi")));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "footprint");
  wait_ms (100);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "footprint");
  g_assert_true (gtk_widget_get_mapped (adw_view_stack_get_child_by_name (stack, "footprint")));

  /* Every entry of the main menu opens a real window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = wait_for_toplevel (FLOW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_true (ADW_IS_PREFERENCES_WINDOW (preferences));
  close_toplevel (preferences);

  g_action_group_activate_action (G_ACTION_GROUP (app), "accounts", NULL);
  preferences = wait_for_toplevel (FLOW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  g_assert_cmpstr (adw_preferences_window_get_visible_page_name (ADW_PREFERENCES_WINDOW (preferences)),
                   ==, "accounts");
  g_assert_nonnull (find_label (GTK_WIDGET (preferences), "Angel One (SmartAPI)"));
  close_toplevel (preferences);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
  shortcuts = wait_for_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  gtk_widget_set_visible (GTK_WIDGET (shortcuts), FALSE);
  wait_ms (50);

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  about = wait_for_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_application_name (ADW_ABOUT_WINDOW (about)), ==,
                   "Order Flow");
  close_toplevel (about);

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

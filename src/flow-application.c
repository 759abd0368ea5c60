/* flow-application.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-application"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-application.h"
#include "flow-preferences-window.h"
#include "flow-window.h"

struct _FlowApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  FlowCredentials *credentials;
  gboolean        demo;
  guint64         seed;
};

G_DEFINE_FINAL_TYPE (FlowApplication, flow_application, ADW_TYPE_APPLICATION)

FlowApplication *
flow_application_new (void)
{
  return g_object_new (FLOW_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/orderflow/OrderFlow",
                       NULL);
}

GSettings *
flow_application_get_settings (FlowApplication *self)
{
  g_return_val_if_fail (FLOW_IS_APPLICATION (self), NULL);
  return self->settings;
}

gboolean
flow_application_get_demo (FlowApplication *self)
{
  g_return_val_if_fail (FLOW_IS_APPLICATION (self), FALSE);
  return self->demo;
}

guint64
flow_application_get_seed (FlowApplication *self)
{
  g_return_val_if_fail (FLOW_IS_APPLICATION (self), 0);
  return self->seed;
}

FlowCredentials *
flow_application_get_credentials (FlowApplication *self)
{
  g_return_val_if_fail (FLOW_IS_APPLICATION (self), NULL);
  return self->credentials;
}

static FlowWindow *
get_main_window (FlowApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  return FLOW_IS_WINDOW (window) ? FLOW_WINDOW (window) : NULL;
}

static void
flow_application_activate (GApplication *app)
{
  FlowApplication *self = FLOW_APPLICATION (app);
  FlowWindow *window = get_main_window (self);

  if (window == NULL)
    window = flow_window_new (self);
  gtk_window_present (GTK_WINDOW (window));
}

static int
flow_application_handle_local_options (GApplication *app,
                                       GVariantDict *options)
{
  FlowApplication *self = FLOW_APPLICATION (app);
  gint64 seed = 0;

  if (g_variant_dict_contains (options, "demo"))
    self->demo = TRUE;
  if (g_variant_dict_lookup (options, "seed", "x", &seed))
    {
      if (seed < 0)
        {
          g_printerr ("orderflow: --seed must not be negative\n");
          return 2;
        }
      self->seed = (guint64) seed;
    }
  return -1;
}

static void
show_preferences (FlowApplication *self,
                  const char      *page)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  FlowPreferencesWindow *preferences = flow_preferences_window_new (self->settings,
                                                                    self->credentials);

  gtk_window_set_transient_for (GTK_WINDOW (preferences), parent);
  if (page != NULL)
    adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), page);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  show_preferences (FLOW_APPLICATION (user_data), NULL);
}

static void
accounts_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  show_preferences (FLOW_APPLICATION (user_data), "accounts");
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  FlowApplication *self = user_data;
  static const char *developers[] = { "The Order Flow authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-icon", APPLICATION_ID,
                        "application-name", _("Order Flow"),
                        "developer-name", _("The Order Flow authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Live footprint chart and OI tracker for Indian index derivatives"),
                        "website", "https://github.com/orderflow/orderflow",
                        "issue-url", "https://github.com/orderflow/orderflow/issues",
                        "developers", developers,
                        "copyright", "© 2026 The Order Flow authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  FlowApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Destroying the windows lets each flush its journals before the process ends. */
  while (windows != NULL)
    {
      GList *next = windows->next;
      gtk_window_destroy (GTK_WINDOW (windows->data));
      windows = next;
    }
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "accounts", accounts_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
flow_application_startup (GApplication *app)
{
  FlowApplication *self = FLOW_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (flow_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APPLICATION_ID);
  self->settings = g_settings_new (APPLICATION_ID);
  self->credentials = flow_credentials_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
}

static void
flow_application_dispose (GObject *object)
{
  FlowApplication *self = FLOW_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->credentials);
  G_OBJECT_CLASS (flow_application_parent_class)->dispose (object);
}

static void
flow_application_class_init (FlowApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = flow_application_dispose;
  app_class->activate = flow_application_activate;
  app_class->startup = flow_application_startup;
  app_class->handle_local_options = flow_application_handle_local_options;
}

static void
flow_application_init (FlowApplication *self)
{
  static const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Run on the built-in market simulator, even when accounts are set up"), NULL },
    { "seed", 0, 0, G_OPTION_ARG_INT64, NULL,
      N_("Seed of the demo market simulator (same seed, same market)"), N_("N") },
    { NULL }
  };

  self->seed = 1;
  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Live footprint chart and OI tracker"));
}

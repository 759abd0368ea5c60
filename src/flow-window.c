/* flow-window.c: the main window — header, view switcher, connection status, demo banner
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-window"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-demo-feed.h"
#include "flow-footprint-page.h"
#include "flow-oi-page.h"
#include "flow-window.h"

struct _FlowWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  FlowFeed             *feed;
  GCancellable         *cancellable;
  guint                 countdown_source;

  /* Template widgets */
  AdwViewStack         *stack;
  AdwToastOverlay      *toast_overlay;
  GtkRevealer          *demo_banner;
  GtkLabel             *demo_banner_label;
  GtkMenuButton        *status_button;
  GtkImage             *status_icon;
  GtkLabel             *status_label;
  GtkLabel             *status_title;
  GtkLabel             *status_detail;
  GtkButton            *status_action_button;
  GtkBox               *footprint_page;
  GtkBox               *oi_page;

  GtkWidget            *footprint;
  GtkWidget            *oi;
};

G_DEFINE_FINAL_TYPE (FlowWindow, flow_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const state_css_classes[] = {
  "idle", "demo", "connecting", "live", "reconnecting", "logged-out", "error",
};

void
flow_window_show_toast (FlowWindow *self,
                        const char *message)
{
  g_return_if_fail (FLOW_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static const char *
describe_state (FlowFeedState state)
{
  switch (state)
    {
    case FLOW_FEED_STATE_DEMO:
      return _("The built-in market simulator drives both views. Set up an account to see the real market.");
    case FLOW_FEED_STATE_CONNECTING:
      return _("Logging in and opening the market data stream…");
    case FLOW_FEED_STATE_LIVE:
      return _("Receiving live market data.");
    case FLOW_FEED_STATE_RECONNECTING:
      return _("The connection dropped. Missed volume is shown as a gap, never guessed.");
    case FLOW_FEED_STATE_LOGGED_OUT:
      return _("The broker session has ended. Log in again to resume.");
    case FLOW_FEED_STATE_ERROR:
      return _("The feed stopped because of an error.");
    case FLOW_FEED_STATE_IDLE:
    default:
      return _("No market data source is running.");
    }
}

static gboolean
update_status (gpointer user_data)
{
  FlowWindow *self = user_data;
  FlowFeedState state = self->feed != NULL ? flow_feed_get_state (self->feed) : FLOW_FEED_STATE_IDLE;
  const char *message = self->feed != NULL ? flow_feed_get_message (self->feed) : NULL;
  g_autofree char *label = NULL;
  const char *action_label = NULL;
  const char *action_name = NULL;

  if (state == FLOW_FEED_STATE_RECONNECTING && flow_feed_get_retry_at_ms (self->feed) > 0)
    {
      gint64 remaining_ms = flow_feed_get_retry_at_ms (self->feed) - g_get_real_time () / 1000;
      int seconds = (int) MAX (0, (remaining_ms + 999) / 1000);

      label = g_strdup_printf (ngettext ("Reconnecting in %d s", "Reconnecting in %d s", seconds),
                               seconds);
      if (self->countdown_source == 0)
        self->countdown_source = g_timeout_add_seconds (1, update_status, self);
    }
  else
    {
      label = g_strdup (flow_feed_state_to_string (state));
      g_clear_handle_id (&self->countdown_source, g_source_remove);
    }

  for (guint i = 0; i < G_N_ELEMENTS (state_css_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_button), state_css_classes[i]);
  if ((guint) state < G_N_ELEMENTS (state_css_classes))
    gtk_widget_add_css_class (GTK_WIDGET (self->status_button), state_css_classes[state]);

  gtk_label_set_label (self->status_label, label);
  gtk_label_set_label (self->status_title, label);
  gtk_label_set_label (self->status_detail, message != NULL ? message : describe_state (state));

  switch (state)
    {
    case FLOW_FEED_STATE_DEMO:
      action_label = _("Set Up Account…");
      action_name = "app.accounts";
      break;
    case FLOW_FEED_STATE_LOGGED_OUT:
      action_label = _("Log In…");
      action_name = "app.accounts";
      break;
    case FLOW_FEED_STATE_RECONNECTING:
    case FLOW_FEED_STATE_ERROR:
    case FLOW_FEED_STATE_IDLE:
      action_label = _("Retry Now");
      action_name = "win.retry";
      break;
    case FLOW_FEED_STATE_CONNECTING:
    case FLOW_FEED_STATE_LIVE:
    default:
      break;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_action_button), action_name != NULL);
  if (action_name != NULL)
    {
      gtk_button_set_label (self->status_action_button, action_label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->status_action_button), action_name);
    }

  return self->countdown_source != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
on_feed_state_changed (FlowWindow *self)
{
  FlowFeedState state = flow_feed_get_state (self->feed);

  /* The countdown source may be the caller's: let update_status decide whether it lives on. */
  if (state != FLOW_FEED_STATE_RECONNECTING)
    g_clear_handle_id (&self->countdown_source, g_source_remove);
  update_status (self);
  if (state == FLOW_FEED_STATE_ERROR && flow_feed_get_message (self->feed) != NULL)
    flow_window_show_toast (self, flow_feed_get_message (self->feed));
}

static void
start_feed (FlowWindow *self,
            FlowFeed   *feed)
{
  self->feed = feed;
  g_signal_connect_object (feed, "notify::state", G_CALLBACK (on_feed_state_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (feed, "notify::message", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
  flow_footprint_page_set_feed (FLOW_FOOTPRINT_PAGE (self->footprint), feed);
  flow_oi_page_set_feed (FLOW_OI_PAGE (self->oi), feed);
  flow_feed_start (feed);
  update_status (self);
}

static void
start_demo (FlowWindow *self,
            const char *reason)
{
  FlowApplication *app = FLOW_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  gtk_label_set_label (self->demo_banner_label, reason);
  gtk_revealer_set_reveal_child (self->demo_banner, TRUE);
  start_feed (self, flow_demo_feed_new (flow_application_get_seed (app)));
}

static void
on_angel_credentials (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(FlowWindow) self = user_data;
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(GError) error = NULL;

  stored = flow_credentials_lookup_all_finish (FLOW_CREDENTIALS (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  if (stored == NULL)
    {
      g_debug ("keyring unavailable: %s", error->message);
      start_demo (self, _("Demo mode — the keyring could not be read, so the market data is simulated."));
    }
  else if (g_hash_table_size (stored) == 0)
    start_demo (self, _("Demo mode — the market data is simulated, not real."));
  else
    /* Honest until the SmartAPI client lands: an account alone does not make data live. */
    start_demo (self, _("Demo mode — your Angel One account is stored, but this version has no live feed yet: the data is simulated."));
}

static void
toast_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  flow_window_show_toast (FLOW_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  FlowWindow *self = FLOW_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->stack, g_variant_get_string (parameter, NULL));
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  FlowWindow *self = FLOW_WINDOW (widget);

  if (self->feed == NULL)
    return;
  flow_feed_stop (self->feed);
  flow_feed_start (self->feed);
}

static void
flow_window_dispose (GObject *object)
{
  FlowWindow *self = FLOW_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  if (self->feed != NULL)
    flow_feed_stop (self->feed);
  g_clear_object (&self->feed);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (object), FLOW_TYPE_WINDOW);
  G_OBJECT_CLASS (flow_window_parent_class)->dispose (object);
}

static void
flow_window_class_init (FlowWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flow_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orderflow/OrderFlow/ui/flow-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, demo_banner);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, demo_banner_label);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, status_button);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, status_title);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, status_detail);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, status_action_button);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, footprint_page);
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, oi_page);

  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_install_action (widget_class, "win.retry", NULL, retry_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK,
                                       "win.show-view", "s", "footprint");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK,
                                       "win.show-view", "s", "oi");
}

static void
flow_window_init (FlowWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

FlowWindow *
flow_window_new (FlowApplication *application)
{
  FlowWindow *self = g_object_new (FLOW_TYPE_WINDOW, "application", application, NULL);

  self->settings = g_object_ref (flow_application_get_settings (application));
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "visible-view", self->stack, "visible-child-name",
                   G_SETTINGS_BIND_DEFAULT);

  self->footprint = flow_footprint_page_new (self->settings);
  gtk_widget_set_vexpand (self->footprint, TRUE);
  gtk_box_append (self->footprint_page, self->footprint);
  self->oi = flow_oi_page_new (self->settings);
  gtk_widget_set_vexpand (self->oi, TRUE);
  gtk_box_append (self->oi_page, self->oi);

  update_status (self);
  if (flow_application_get_demo (application))
    start_demo (self, _("Demo mode (--demo) — the market data is simulated, not real."));
  else
    flow_credentials_lookup_all_async (flow_application_get_credentials (application),
                                       FLOW_BROKER_ANGEL, self->cancellable,
                                       on_angel_credentials, g_object_ref (self));
  return self;
}

/* flow-window.c: the main window — header, view switcher, connection status, demo banner
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "flow-footprint-page.h"
#include "flow-market-session.h"
#include "flow-oi-page.h"
#include "flow-window.h"

struct _FlowWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  /* Which feed backs which view, and the models behind the pages. */
  FlowMarketSession    *session;
  /* Each view's feed (footprint, OI): the header status shows the shown view's, or the other
   * when that one needs the user more. */
  GSignalGroup         *view_feeds[2];
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
  GtkButton            *status_sources_button;
  FlowFootprintPage    *footprint_page;
  FlowOiPage           *oi_page;
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

static FlowMarketView
shown_view (FlowWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->stack);

  return g_strcmp0 (name, "oi") == 0 ? FLOW_MARKET_VIEW_OI : FLOW_MARKET_VIEW_FOOTPRINT;
}

/* "Live · Upstox": the state, and the broker behind it (sources.md); the demo is its own
 * name. */
static char *
describe_status (FlowWindow    *self,
                 FlowFeed      *feed,
                 FlowFeedState  state,
                 const char    *state_label)
{
  FlowMarketView view = feed == flow_market_session_get_view_feed (self->session,
                                                                    FLOW_MARKET_VIEW_OI)
                        ? FLOW_MARKET_VIEW_OI : FLOW_MARKET_VIEW_FOOTPRINT;
  FlowMarketSource source = flow_market_session_get_view_source (self->session, view);

  if (feed == NULL || state == FLOW_FEED_STATE_IDLE || source == FLOW_MARKET_SOURCE_DEMO)
    return g_strdup (state_label);
  /* TRANSLATORS: the feed's state, then the broker, e.g. "Live · Upstox" */
  return g_strdup_printf (_("%s · %s"), state_label, flow_market_source_get_label (source));
}

static gboolean
update_status (gpointer user_data)
{
  FlowWindow *self = user_data;
  FlowFeed *feed = flow_market_session_get_status_feed (self->session, shown_view (self));
  FlowFeedState state = feed != NULL ? flow_feed_get_state (feed) : FLOW_FEED_STATE_IDLE;
  const char *message = feed != NULL ? flow_feed_get_message (feed) : NULL;
  g_autofree char *state_label = NULL;
  g_autofree char *label = NULL;
  g_autofree char *detail = NULL;
  const char *action_label = NULL;
  const char *action_name = NULL;

  if (state == FLOW_FEED_STATE_RECONNECTING && flow_feed_get_retry_at_ms (feed) > 0)
    {
      gint64 remaining_ms = flow_feed_get_retry_at_ms (feed) - g_get_real_time () / 1000;
      int seconds = (int) MAX (0, (remaining_ms + 999) / 1000);

      state_label = g_strdup_printf (ngettext ("Reconnecting in %d s", "Reconnecting in %d s",
                                               seconds), seconds);
      if (self->countdown_source == 0)
        self->countdown_source = g_timeout_add_seconds (1, update_status, self);
    }
  else
    {
      state_label = g_strdup (flow_feed_state_to_string (state));
      g_clear_handle_id (&self->countdown_source, g_source_remove);
    }
  label = describe_status (self, feed, state, state_label);
  detail = g_strdup (message != NULL ? message : describe_state (state));
  if (feed != NULL && flow_feed_get_contract (feed) != NULL &&
      (message == NULL || strstr (message, flow_feed_get_contract (feed)) == NULL))
    {
      g_autofree char *with_contract = g_strdup_printf (_("%s\nContract: %s"), detail,
                                                        flow_feed_get_contract (feed));

      g_free (detail);
      detail = g_steal_pointer (&with_contract);
    }

  for (guint i = 0; i < G_N_ELEMENTS (state_css_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_button), state_css_classes[i]);
  if ((guint) state < G_N_ELEMENTS (state_css_classes))
    gtk_widget_add_css_class (GTK_WIDGET (self->status_button), state_css_classes[state]);

  gtk_label_set_label (self->status_label, label);
  gtk_label_set_label (self->status_title, label);
  gtk_label_set_label (self->status_detail, detail);

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
  /* The fix that opens the Accounts page already leads to the Data Source rows. */
  gtk_widget_set_visible (GTK_WIDGET (self->status_sources_button),
                          g_strcmp0 (action_name, "app.accounts") != 0);
  if (action_name != NULL)
    {
      gtk_button_set_label (self->status_action_button, action_label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->status_action_button), action_name);
    }

  return self->countdown_source != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
on_status_changed (FlowWindow *self)
{
  FlowFeed *feed = flow_market_session_get_status_feed (self->session, shown_view (self));

  if (feed == NULL || flow_feed_get_state (feed) != FLOW_FEED_STATE_RECONNECTING)
    g_clear_handle_id (&self->countdown_source, g_source_remove);
  update_status (self);
}

static void
on_notice (FlowWindow *self)
{
  const char *notice = flow_market_session_get_notice (self->session);

  gtk_revealer_set_reveal_child (self->demo_banner, notice != NULL);
  if (notice != NULL)
    gtk_label_set_label (self->demo_banner_label, notice);
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
  flow_market_session_retry (FLOW_WINDOW (widget)->session);
}

static void
flow_window_dispose (GObject *object)
{
  FlowWindow *self = FLOW_WINDOW (object);

  g_clear_handle_id (&self->countdown_source, g_source_remove);
  /* The feeds stop and the journals are flushed with the session. */
  if (self->session != NULL)
    flow_market_session_stop (self->session);
  g_clear_object (&self->view_feeds[FLOW_MARKET_VIEW_FOOTPRINT]);
  g_clear_object (&self->view_feeds[FLOW_MARKET_VIEW_OI]);
  g_clear_object (&self->session);
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
  gtk_widget_class_bind_template_child (widget_class, FlowWindow, status_sources_button);
  g_type_ensure (FLOW_TYPE_FOOTPRINT_PAGE);
  g_type_ensure (FLOW_TYPE_OI_PAGE);
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
  for (guint view = 0; view < G_N_ELEMENTS (self->view_feeds); view++)
    {
      self->view_feeds[view] = g_signal_group_new (FLOW_TYPE_FEED);
      g_signal_group_connect_swapped (self->view_feeds[view], "notify::state",
                                      G_CALLBACK (on_status_changed), self);
      g_signal_group_connect_swapped (self->view_feeds[view], "notify::message",
                                      G_CALLBACK (update_status), self);
      g_signal_group_connect_swapped (self->view_feeds[view], "notify::retry-at",
                                      G_CALLBACK (update_status), self);
      g_signal_group_connect_swapped (self->view_feeds[view], "notify::contract",
                                      G_CALLBACK (update_status), self);
    }
  g_signal_connect_object (self->stack, "notify::visible-child-name",
                           G_CALLBACK (on_status_changed), self, G_CONNECT_SWAPPED);
}

static void
on_view_feed (FlowWindow *self)
{
  for (guint view = 0; view < G_N_ELEMENTS (self->view_feeds); view++)
    g_signal_group_set_target (self->view_feeds[view],
                               flow_market_session_get_view_feed (self->session, view));
  on_status_changed (self);
}

static void
on_problem (FlowWindow *self,
            const char *message)
{
  flow_window_show_toast (self, message);
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

  self->session = flow_market_session_new (self->settings,
                                            flow_application_get_credentials (application),
                                            flow_application_get_demo (application),
                                            flow_application_get_seed (application));
  g_signal_connect_object (self->session, "notify::footprint-feed",
                           G_CALLBACK (on_view_feed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::oi-feed",
                           G_CALLBACK (on_view_feed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::notice", G_CALLBACK (on_notice), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "problem", G_CALLBACK (on_problem), self,
                           G_CONNECT_SWAPPED);
  flow_footprint_page_set_session (self->footprint_page, self->session);
  flow_oi_page_set_session (self->oi_page, self->session);

  update_status (self);
  flow_market_session_start (self->session);
  return self;
}

/* flow-window.c: the main window — header, view switcher, connection status, demo banner
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-window"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-angel-feed.h"
#include "flow-demo-feed.h"
#include "flow-footprint-page.h"
#include "flow-oi-page.h"
#include "flow-upstox-feed.h"
#include "flow-window.h"

struct _FlowWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  FlowCredentials      *credentials;
  /* The two views may run on different brokers; without an account a view runs on the demo.
   * Both point at the same demo feed when neither account is set. */
  FlowFeed             *footprint_feed;
  FlowFeed             *oi_feed;
  /* Which accounts changed since the feeds started: a view keeps its feed unless its own
   * account changed (see start_feeds()). */
  guint                 changed_brokers;    /* 1 << FlowBroker */
  guint                 pending_lookups;
  GHashTable           *angel_stored;
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

/* How much a state needs the user's eye: the status shows the feed that needs it most. */
static int
state_urgency (FlowFeedState state)
{
  switch (state)
    {
    case FLOW_FEED_STATE_ERROR:        return 6;
    case FLOW_FEED_STATE_LOGGED_OUT:   return 5;
    case FLOW_FEED_STATE_RECONNECTING: return 4;
    case FLOW_FEED_STATE_CONNECTING:   return 3;
    case FLOW_FEED_STATE_LIVE:         return 2;
    case FLOW_FEED_STATE_DEMO:         return 1;
    case FLOW_FEED_STATE_IDLE:
    default:                           return 0;
    }
}

static FlowFeed *
shown_feed (FlowWindow *self)
{
  if (self->footprint_feed == NULL)
    return self->oi_feed;
  if (self->oi_feed == NULL)
    return self->footprint_feed;
  return state_urgency (flow_feed_get_state (self->oi_feed)) >
         state_urgency (flow_feed_get_state (self->footprint_feed)) ? self->oi_feed
                                                                    : self->footprint_feed;
}

static gboolean
update_status (gpointer user_data)
{
  FlowWindow *self = user_data;
  FlowFeed *feed = shown_feed (self);
  FlowFeedState state = feed != NULL ? flow_feed_get_state (feed) : FLOW_FEED_STATE_IDLE;
  const char *message = feed != NULL ? flow_feed_get_message (feed) : NULL;
  g_autofree char *label = NULL;
  const char *action_label = NULL;
  const char *action_name = NULL;

  if (state == FLOW_FEED_STATE_RECONNECTING && flow_feed_get_retry_at_ms (feed) > 0)
    {
      gint64 remaining_ms = flow_feed_get_retry_at_ms (feed) - g_get_real_time () / 1000;
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
on_feed_state_changed (FlowWindow *self,
                       GParamSpec *pspec,
                       FlowFeed   *feed)
{
  FlowFeedState state = flow_feed_get_state (feed);

  if (state != FLOW_FEED_STATE_RECONNECTING)
    g_clear_handle_id (&self->countdown_source, g_source_remove);
  update_status (self);
  if (state == FLOW_FEED_STATE_ERROR && flow_feed_get_message (feed) != NULL)
    flow_window_show_toast (self, flow_feed_get_message (feed));
}

static void
watch_feed (FlowWindow *self,
            FlowFeed   *feed)
{
  g_signal_connect_object (feed, "notify::state", G_CALLBACK (on_feed_state_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (feed, "notify::message", G_CALLBACK (update_status), self,
                           G_CONNECT_SWAPPED);
}

static void
stop_feeds (FlowWindow *self)
{
  g_clear_handle_id (&self->countdown_source, g_source_remove);
  flow_footprint_page_set_feed (FLOW_FOOTPRINT_PAGE (self->footprint), NULL);
  flow_oi_page_set_feed (FLOW_OI_PAGE (self->oi), NULL);
  if (self->footprint_feed != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->footprint_feed, self);
      flow_feed_stop (self->footprint_feed);
    }
  if (self->oi_feed != NULL && self->oi_feed != self->footprint_feed)
    {
      g_signal_handlers_disconnect_by_data (self->oi_feed, self);
      flow_feed_stop (self->oi_feed);
    }
  g_clear_object (&self->footprint_feed);
  g_clear_object (&self->oi_feed);
}

static FlowFeed *
new_upstox_feed (FlowWindow *self)
{
  g_autofree char *underlying = g_settings_get_string (self->settings, "oi-underlying");
  g_autofree char *expiry = g_settings_get_string (self->settings, "oi-expiry");
  FlowFeed *feed = flow_upstox_feed_new (self->credentials, underlying);

  flow_upstox_feed_set_expiry (FLOW_UPSTOX_FEED (feed),
                               g_strcmp0 (expiry, "nearest") == 0 ? NULL : expiry);
  /* The backfill fetches candles for the displayed contracts only. */
  g_settings_bind (self->settings, "oi-strikes", feed, "strikes", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "oi-refresh-seconds", feed, "refresh", G_SETTINGS_BIND_GET);
  return feed;
}

/* Stops @feed unless one of the views still shows it (the demo feed is shared). */
static void
retire_feed (FlowWindow *self,
             FlowFeed   *feed)
{
  if (feed == NULL || feed == self->footprint_feed || feed == self->oi_feed)
    return;
  g_signal_handlers_disconnect_by_data (feed, self);
  flow_feed_stop (feed);
}

/* Each view runs on its broker when that account is set, on the demo otherwise; the banner
 * says which data is simulated. A view whose account did not change keeps its running feed:
 * signing in to Upstox again each morning must not cost the footprint a re-login and a gap
 * in its stream. */
static void
start_feeds (FlowWindow *self,
             gboolean    angel_ready,
             gboolean    upstox_ready,
             const char *demo_reason)
{
  FlowApplication *app = FLOW_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(FlowFeed) old_footprint = g_steal_pointer (&self->footprint_feed);
  g_autoptr(FlowFeed) old_oi = g_steal_pointer (&self->oi_feed);
  gboolean angel_changed = (self->changed_brokers & (1u << FLOW_BROKER_ANGEL)) != 0;
  gboolean upstox_changed = (self->changed_brokers & (1u << FLOW_BROKER_UPSTOX)) != 0;
  const char *banner = NULL;

  g_clear_handle_id (&self->countdown_source, g_source_remove);
  /* A demo view keeps its demo whatever changed; a live view keeps its feed while its
   * account is the same. */
  if (old_footprint != NULL && angel_ready == FLOW_IS_ANGEL_FEED (old_footprint) &&
      !(angel_ready && angel_changed))
    self->footprint_feed = g_object_ref (old_footprint);
  else if (angel_ready)
    {
      g_autofree char *instrument = g_settings_get_string (self->settings, "instrument");
      self->footprint_feed = flow_angel_feed_new (self->credentials, instrument);
    }
  if (old_oi != NULL && upstox_ready == FLOW_IS_UPSTOX_FEED (old_oi) &&
      !(upstox_ready && upstox_changed))
    self->oi_feed = g_object_ref (old_oi);
  else if (upstox_ready)
    self->oi_feed = new_upstox_feed (self);

  if (self->footprint_feed == NULL || self->oi_feed == NULL)
    {
      /* Both demo views share one simulator, the one already running if there is one. */
      FlowFeed *demo = NULL;

      if (self->footprint_feed != NULL && FLOW_IS_DEMO_FEED (self->footprint_feed))
        demo = g_object_ref (self->footprint_feed);
      else if (self->oi_feed != NULL && FLOW_IS_DEMO_FEED (self->oi_feed))
        demo = g_object_ref (self->oi_feed);
      else if (old_footprint != NULL && FLOW_IS_DEMO_FEED (old_footprint))
        demo = g_object_ref (old_footprint);
      else if (old_oi != NULL && FLOW_IS_DEMO_FEED (old_oi))
        demo = g_object_ref (old_oi);
      else
        demo = flow_demo_feed_new (flow_application_get_seed (app));

      if (self->footprint_feed == NULL)
        self->footprint_feed = g_object_ref (demo);
      if (self->oi_feed == NULL)
        self->oi_feed = g_object_ref (demo);
      g_object_unref (demo);
    }
  if (self->pending_lookups == 0)
    self->changed_brokers = 0;

  if (demo_reason != NULL)
    banner = demo_reason;
  else if (!angel_ready && !upstox_ready)
    banner = _("Demo mode — the market data is simulated, not real.");
  else if (!angel_ready)
    banner = _("The footprint chart runs on simulated data: set up an Angel One account to see the real market.");
  else if (!upstox_ready)
    banner = _("The OI tracker runs on simulated data: sign in to Upstox to see the real option chain.");
  gtk_revealer_set_reveal_child (self->demo_banner, banner != NULL);
  if (banner != NULL)
    gtk_label_set_label (self->demo_banner_label, banner);

  retire_feed (self, old_footprint);
  if (old_oi != old_footprint)
    retire_feed (self, old_oi);
  if (self->footprint_feed != old_footprint)
    flow_footprint_page_set_feed (FLOW_FOOTPRINT_PAGE (self->footprint), self->footprint_feed);
  if (self->oi_feed != old_oi)
    flow_oi_page_set_feed (FLOW_OI_PAGE (self->oi), self->oi_feed);
  /* Only feeds new to the window are watched and started; kept ones run on. */
  if (self->footprint_feed != old_footprint && self->footprint_feed != old_oi)
    {
      watch_feed (self, self->footprint_feed);
      flow_feed_start (self->footprint_feed);
    }
  if (self->oi_feed != self->footprint_feed && self->oi_feed != old_oi &&
      self->oi_feed != old_footprint)
    {
      watch_feed (self, self->oi_feed);
      flow_feed_start (self->oi_feed);
    }
  update_status (self);
}

static gboolean
has_all (GHashTable         *stored,
         const char * const *names)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (!g_hash_table_contains (stored, names[i]))
      return FALSE;
  return TRUE;
}

static void
on_upstox_credentials (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(FlowWindow) self = user_data;
  g_autoptr(GHashTable) upstox = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const angel_names[] = { "api_key", "client_code", "pin", "totp_secret", NULL };
  gboolean angel_ready, upstox_ready;

  upstox = flow_credentials_lookup_all_finish (FLOW_CREDENTIALS (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  /* A change that arrived during this lookup is read again by the lookup it started, which
   * finishes later: its broker stays marked as changed until then. */
  self->pending_lookups--;
  if (upstox == NULL || self->angel_stored == NULL)
    {
      g_debug ("keyring unavailable: %s", error != NULL ? error->message : "angel lookup failed");
      start_feeds (self, FALSE, FALSE,
                   _("Demo mode — the keyring could not be read, so the market data is simulated."));
      return;
    }
  /* A partly filled account would only fail to log in: treat it as not set up. */
  angel_ready = has_all (self->angel_stored, angel_names);
  upstox_ready = g_hash_table_contains (upstox, "access_token") ||
                 g_hash_table_contains (upstox, "analytics_token");
  g_clear_pointer (&self->angel_stored, g_hash_table_unref);
  start_feeds (self, angel_ready, upstox_ready, NULL);
}

static void
on_angel_credentials (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  FlowWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->angel_stored, g_hash_table_unref);
  self->angel_stored = flow_credentials_lookup_all_finish (FLOW_CREDENTIALS (source), result,
                                                           &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  flow_credentials_lookup_all_async (FLOW_CREDENTIALS (source), FLOW_BROKER_UPSTOX,
                                     self->cancellable, on_upstox_credentials, self);
}

static void
choose_feeds (FlowWindow *self)
{
  FlowApplication *app = FLOW_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  if (flow_application_get_demo (app))
    {
      start_feeds (self, FALSE, FALSE,
                   _("Demo mode (--demo) — the market data is simulated, not real."));
      return;
    }
  self->pending_lookups++;
  flow_credentials_lookup_all_async (self->credentials, FLOW_BROKER_ANGEL, self->cancellable,
                                     on_angel_credentials, g_object_ref (self));
}

static void
on_credentials_changed (FlowWindow *self,
                        int         broker)
{
  /* New or removed accounts take effect at once: the views switch between live and demo,
   * and the view of the broker whose account changed starts again with it. */
  self->changed_brokers |= 1u << broker;
  choose_feeds (self);
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
  FlowFeed *feed = shown_feed (self);

  if (feed == NULL)
    return;
  flow_feed_stop (feed);
  flow_feed_start (feed);
}

static void
flow_window_dispose (GObject *object)
{
  FlowWindow *self = FLOW_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* The pages go with the template below; dispose may run again after that. */
  if (self->footprint != NULL)
    stop_feeds (self);
  self->footprint = NULL;
  self->oi = NULL;
  g_clear_pointer (&self->angel_stored, g_hash_table_unref);
  g_clear_object (&self->credentials);
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

  self->credentials = g_object_ref (flow_application_get_credentials (application));
  g_signal_connect_object (self->credentials, "changed", G_CALLBACK (on_credentials_changed),
                           self, G_CONNECT_SWAPPED);

  update_status (self);
  choose_feeds (self);
  return self;
}

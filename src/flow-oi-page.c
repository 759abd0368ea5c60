/* flow-oi-page.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-oi-page"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-alert-player.h"
#include "flow-oi-header.h"
#include "flow-oi-page-private.h"
#include "flow-oi-table.h"

/* A refresh this late past its period (beyond jitter) means the source has stopped. */
#define OVERDUE_GRACE_S 10

struct _FlowOiPage
{
  AdwBin           parent_instance;

  /* Template widgets */
  FlowOiHeader    *header;
  FlowOiTable     *table;
  GtkWidget       *drop_legend;

  FlowMarketSession *session;
  GSettings       *settings;
  /* The session's OI tracker, chains and journal; the page shows its reports. */
  FlowOiSession   *oi_session;
  FlowAlertPlayer *player;

  guint            refresh_idle;
  guint            tick;
};

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FlowOiPage, flow_oi_page, ADW_TYPE_BIN)

static guint
refresh_period_s (FlowOiPage *self)
{
  FlowFeed *feed = flow_market_session_get_oi_feed (self->session);
  guint period = feed != NULL ? flow_feed_get_refresh_interval (feed) : 0;

  /* A source that says nothing of its pace polls at the user's period. */
  return period > 0 ? period : g_settings_get_uint (self->settings, "oi-refresh-seconds");
}

static void
update_expiries (FlowOiPage *self)
{
  g_autofree char *pinned = g_settings_get_string (self->settings, "oi-expiry");
  g_auto(GStrv) dates = flow_oi_session_dup_expiries (self->oi_session);

  flow_oi_header_set_expiries (self->header, (const char * const *) dates,
                               flow_oi_session_get_shown_expiry (self->oi_session), pinned);
}

static void
on_expiry_chosen (FlowOiPage *self,
                  const char *expiry)
{
  g_settings_set_string (self->settings, "oi-expiry", expiry);
}

static void
on_underlying_chosen (FlowOiPage *self,
                      const char *underlying)
{
  /* The session starts the new underlying's feed; the header follows the setting below. */
  g_settings_set_string (self->settings, "oi-underlying", underlying);
}

static void
sync_underlying (FlowOiPage *self)
{
  g_autofree char *underlying = g_settings_get_string (self->settings, "oi-underlying");

  flow_oi_header_set_underlying (self->header, underlying);
}

static void
update_countdown (FlowOiPage *self)
{
  guint period = refresh_period_s (self);
  gint64 last_chain_us = flow_oi_session_get_last_chain_monotonic_us (self->oi_session);
  gint64 elapsed_s;
  gint64 left_s;
  g_autofree char *text = NULL;
  /* The feed's own word first (reconnecting, signed out), else a refresh long overdue. */
  const char *stale = flow_market_session_get_oi_problem (self->session);
  g_autofree char *overdue = NULL;

  if (last_chain_us == 0)
    {
      flow_oi_header_set_countdown (self->header, NULL, FALSE);
      return;
    }

  elapsed_s = (g_get_monotonic_time () - last_chain_us) / G_USEC_PER_SEC;
  left_s = (gint64) period - elapsed_s;
  if (left_s > 0)
    /* TRANSLATORS: time to the next option-chain refresh */
    text = g_strdup_printf (_("next in %d s"), (int) left_s);
  else
    text = g_strdup (_("due now"));

  if (stale == NULL && elapsed_s > 2 * (gint64) period + OVERDUE_GRACE_S)
    {
      overdue = g_strdup_printf (_("no option chain for %d s"), (int) MIN (elapsed_s, G_MAXINT));
      stale = overdue;
    }

  flow_oi_table_set_stale_reason (self->table, stale);
  flow_oi_header_set_countdown (self->header, text, stale != NULL);
}

static gboolean
on_tick (gpointer user_data)
{
  update_countdown (FLOW_OI_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

/* Refresh */

static gboolean
refresh (gpointer user_data)
{
  FlowOiPage *self = FLOW_OI_PAGE (user_data);
  g_autoptr(FlowOiReport) report = NULL;

  self->refresh_idle = 0;
  /* The session sounds the alert (on_alert) only for a new chain. */
  report = flow_oi_session_refresh (self->oi_session);
  update_expiries (self);
  if (report == NULL)
    return G_SOURCE_REMOVE;
  flow_oi_table_set_report (self->table, report);
  flow_oi_header_set_report (self->header, report);
  update_countdown (self);
  return G_SOURCE_REMOVE;
}

/* Many chains can arrive at once (the demo plays the session so far before going live): one
 * refresh after them all draws once and sounds at most once. */
static void
queue_refresh (FlowOiPage *self)
{
  if (self->refresh_idle == 0)
    self->refresh_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh, self, NULL);
}

static void
on_settings_changed (FlowOiPage *self,
                     const char *key,
                     GSettings  *settings)
{
  /* The session has the new rules already; the same data is shown again under them. */
  if (g_str_has_prefix (key, "oi-threshold-") || g_str_equal (key, "oi-flag-drops") ||
      g_str_equal (key, "oi-alert-ratio") || g_str_equal (key, "oi-strikes"))
    {
      gtk_widget_set_visible (self->drop_legend, g_settings_get_boolean (settings, "oi-flag-drops"));
      queue_refresh (self);
    }
  else if (g_str_equal (key, "oi-expiry"))
    queue_refresh (self);
  else if (g_str_equal (key, "oi-refresh-seconds"))
    update_countdown (self);
  else if (g_str_equal (key, "oi-underlying"))
    sync_underlying (self);
}

/* The session */

static void
on_chain_added (FlowOiPage *self)
{
  queue_refresh (self);
}

static void
on_alert (FlowOiPage         *self,
          const FlowOiReport *report)
{
  g_debug ("Alert: %u of %u cells flagged", report->highlighted, report->cells);
  flow_alert_player_play (self->player);
}

static void
on_player_failed (FlowOiPage      *self,
                  const GError    *error,
                  FlowAlertPlayer *player)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message))
    g_message ("%s", error->message);
}

/* Another source: its contracts and times do not continue the old table. */
static void
on_feed_changed (FlowOiPage *self)
{
  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  flow_oi_table_set_report (self->table, NULL);
  flow_oi_header_set_report (self->header, NULL);
  update_countdown (self);
  update_expiries (self);
}

void
flow_oi_page_set_session (FlowOiPage        *self,
                          FlowMarketSession *session)
{
  g_return_if_fail (FLOW_IS_OI_PAGE (self));
  g_return_if_fail (FLOW_IS_MARKET_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  self->settings = g_object_ref (flow_market_session_get_settings (session));
  self->oi_session = g_object_ref (flow_market_session_get_oi_session (session));
  gtk_widget_set_visible (self->drop_legend,
                          g_settings_get_boolean (self->settings, "oi-flag-drops"));

  g_settings_bind (self->settings, "oi-units", self->table, "units", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "alert-muted", self->header, "muted",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "alert-muted", self->player, "muted", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "alert-sound", self->player, "sound", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);
  sync_underlying (self);
  g_signal_connect_object (self->oi_session, "chain-added", G_CALLBACK (on_chain_added), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->oi_session, "alert", G_CALLBACK (on_alert), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::oi-feed", G_CALLBACK (on_feed_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::oi-problem", G_CALLBACK (update_countdown), self,
                           G_CONNECT_SWAPPED);
  on_feed_changed (self);
  /* A session that already has chains (a page added later) shows them at once. */
  if (flow_oi_session_get_shown_chain (self->oi_session) != NULL)
    queue_refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

FlowMarketSession *
flow_oi_page_get_session (FlowOiPage *self)
{
  g_return_val_if_fail (FLOW_IS_OI_PAGE (self), NULL);
  return self->session;
}

/* GObject */

static void
flow_oi_page_dispose (GObject *object)
{
  FlowOiPage *self = FLOW_OI_PAGE (object);

  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_object (&self->player);
  g_clear_object (&self->oi_session);
  g_clear_object (&self->settings);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), FLOW_TYPE_OI_PAGE);
  G_OBJECT_CLASS (flow_oi_page_parent_class)->dispose (object);
}

static void
flow_oi_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      flow_oi_page_set_session (FLOW_OI_PAGE (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_oi_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, FLOW_OI_PAGE (object)->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_oi_page_class_init (FlowOiPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flow_oi_page_dispose;
  object_class->set_property = flow_oi_page_set_property;
  object_class->get_property = flow_oi_page_get_property;

  /* Set once: the page shows that session's OI feed and OI session. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FLOW_TYPE_MARKET_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FLOW_TYPE_OI_TABLE);
  g_type_ensure (FLOW_TYPE_OI_HEADER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orderflow/OrderFlow/ui/flow-oi-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, header);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, table);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, drop_legend);

  gtk_widget_class_set_css_name (widget_class, "oi-page");
}

static void
flow_oi_page_init (FlowOiPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->player = flow_alert_player_new ();
  g_signal_connect_object (self->player, "failed", G_CALLBACK (on_player_failed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->header, "expiry-chosen", G_CALLBACK (on_expiry_chosen), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->header, "underlying-chosen",
                           G_CALLBACK (on_underlying_chosen), self, G_CONNECT_SWAPPED);
  self->tick = g_timeout_add_seconds (1, on_tick, self);
}

FlowOiTable *
flow_oi_page_get_table (FlowOiPage *self)
{
  g_return_val_if_fail (FLOW_IS_OI_PAGE (self), NULL);
  return self->table;
}

FlowAlertPlayer *
flow_oi_page_get_alert_player (FlowOiPage *self)
{
  g_return_val_if_fail (FLOW_IS_OI_PAGE (self), NULL);
  return self->player;
}

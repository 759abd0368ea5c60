/* flow-oi-page.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-oi-page"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-alert-player.h"
#include "flow-ist.h"
#include "flow-oi-page.h"
#include "flow-oi-table.h"

#define EXPIRY_NEAREST FLOW_OI_SESSION_EXPIRY_NEAREST
/* A refresh this late past its period (beyond jitter) means the source has stopped. */
#define OVERDUE_GRACE_S 10

struct _FlowOiPage
{
  AdwBin           parent_instance;

  /* Template widgets */
  GtkLabel        *underlying_label;
  GtkLabel        *spot_label;
  GtkLabel        *atm_label;
  GtkDropDown     *expiry_dropdown;
  GtkStringList   *expiry_model;
  GtkLabel        *pcr_label;
  GtkLabel        *updated_label;
  GtkLabel        *countdown_label;
  GtkWidget       *flagged_box;
  GtkLabel        *flagged_label;
  GtkLevelBar     *flagged_level;
  GtkToggleButton *mute_button;
  FlowOiTable     *table;
  GtkWidget       *drop_legend;

  FlowMarketSession *session;
  GSettings       *settings;
  /* The session's OI tracker, chains and journal; the page shows its reports. */
  FlowOiSession   *oi_session;
  /* The OI view's feed, whichever the session picks: its state makes the table stale. */
  GSignalGroup    *feed_signals;
  FlowAlertPlayer *player;

  char           **expiry_items;    /* the expiry drop-down's dates, after its "nearest" item */
  gboolean         updating_expiries;
  guint            refresh_idle;
  guint            tick;
  char            *feed_problem;    /* the feed's error, reconnect or logout message */
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
  FlowFeed *feed = g_signal_group_dup_target (self->feed_signals);
  guint period = feed != NULL ? flow_feed_get_refresh_interval (feed) : 0;

  g_clear_object (&feed);
  /* A source that says nothing of its pace polls at the user's period. */
  return period > 0 ? period : g_settings_get_uint (self->settings, "oi-refresh-seconds");
}

/* Expiries */

static char *
format_expiry (const char *expiry)
{
  g_autoptr(GDateTime) date = NULL;
  gint64 day_start_ms;

  if (!flow_ist_parse_date (expiry, &day_start_ms))
    return g_strdup (expiry);
  /* Noon IST of that day, read as UTC, lands on the same calendar date. */
  date = g_date_time_new_from_unix_utc ((day_start_ms + FLOW_IST_OFFSET_MS) / 1000 + 12 * 3600);
  /* TRANSLATORS: an expiry date in the drop-down, see g_date_time_format(): "Tue 24 Nov" */
  return g_date_time_format (date, _("%a %-d %b"));
}

/* Rebuilds the drop-down only when its items change, keeping the selection on the setting. */
static void
update_expiry_model (FlowOiPage *self)
{
  g_autofree char *pinned = g_settings_get_string (self->settings, "oi-expiry");
  g_auto(GStrv) dates = flow_oi_session_dup_expiries (self->oi_session);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  const char *nearest = flow_oi_session_get_shown_expiry (self->oi_session);
  g_autofree char *nearest_label = NULL;
  guint selected = 0;

  if (g_str_equal (pinned, EXPIRY_NEAREST) && nearest != NULL)
    {
      g_autofree char *date = format_expiry (nearest);

      /* TRANSLATORS: the automatic expiry choice, with the date it resolves to */
      nearest_label = g_strdup_printf (_("Nearest · %s"), date);
    }
  else
    nearest_label = g_strdup (_("Nearest"));
  g_ptr_array_add (labels, g_steal_pointer (&nearest_label));
  for (guint i = 0; dates[i] != NULL; i++)
    {
      g_ptr_array_add (labels, format_expiry (dates[i]));
      if (g_str_equal (dates[i], pinned))
        selected = i + 1;
    }
  g_ptr_array_add (labels, NULL);

  self->updating_expiries = TRUE;
  if (self->expiry_items == NULL ||
      !g_strv_equal ((const char * const *) self->expiry_items, (const char * const *) dates) ||
      g_list_model_get_n_items (G_LIST_MODEL (self->expiry_model)) == 0 ||
      g_strcmp0 (gtk_string_list_get_string (self->expiry_model, 0), labels->pdata[0]) != 0)
    {
      gtk_string_list_splice (self->expiry_model, 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->expiry_model)),
                              (const char * const *) labels->pdata);
      g_strfreev (self->expiry_items);
      self->expiry_items = g_steal_pointer (&dates);
    }
  gtk_drop_down_set_selected (self->expiry_dropdown, selected);
  self->updating_expiries = FALSE;
}

static void
on_expiry_selected (FlowOiPage  *self,
                    GParamSpec  *pspec,
                    GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_expiries || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (selected == 0 || self->expiry_items == NULL)
    g_settings_set_string (self->settings, "oi-expiry", EXPIRY_NEAREST);
  else if (selected - 1 < g_strv_length (self->expiry_items))
    g_settings_set_string (self->settings, "oi-expiry", self->expiry_items[selected - 1]);
}

/* The header strip */

static char *
format_price (double price)
{
  g_autofree char *whole = flow_oi_format_quantity ((gint64) price, FLOW_OI_FORMAT_FULL);
  int paise = (int) ((price - (gint64) price) * 100 + 0.5);

  if (paise >= 100)
    {
      g_free (whole);
      whole = flow_oi_format_quantity ((gint64) price + 1, FLOW_OI_FORMAT_FULL);
      paise = 0;
    }
  return g_strdup_printf ("%s.%02d", whole, paise);
}

static void
update_countdown (FlowOiPage *self)
{
  guint period = refresh_period_s (self);
  gint64 last_chain_us = flow_oi_session_get_last_chain_monotonic_us (self->oi_session);
  gint64 elapsed_s;
  gint64 left_s;
  g_autofree char *text = NULL;
  const char *stale = NULL;
  g_autofree char *overdue = NULL;

  if (last_chain_us == 0)
    {
      gtk_label_set_text (self->countdown_label, "");
      return;
    }

  elapsed_s = (g_get_monotonic_time () - last_chain_us) / G_USEC_PER_SEC;
  left_s = (gint64) period - elapsed_s;
  if (left_s > 0)
    /* TRANSLATORS: time to the next option-chain refresh */
    text = g_strdup_printf (_("next in %d s"), (int) left_s);
  else
    text = g_strdup (_("due now"));
  gtk_label_set_text (self->countdown_label, text);

  if (self->feed_problem != NULL)
    stale = self->feed_problem;
  else if (elapsed_s > 2 * (gint64) period + OVERDUE_GRACE_S)
    {
      overdue = g_strdup_printf (_("no option chain for %d s"), (int) MIN (elapsed_s, G_MAXINT));
      stale = overdue;
    }

  flow_oi_table_set_stale_reason (self->table, stale);
  if (stale != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->countdown_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->countdown_label), "warning");
}

static gboolean
on_tick (gpointer user_data)
{
  update_countdown (FLOW_OI_PAGE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
update_header (FlowOiPage         *self,
               const FlowOiReport *report)
{
  g_autofree char *spot = format_price (report->spot);
  g_autofree char *atm = report->has_atm ? flow_oi_format_quantity ((gint64) report->atm,
                                                                    FLOW_OI_FORMAT_FULL)
                                         : g_strdup ("—");
  g_autofree char *pcr = report->has_pcr ? g_strdup_printf ("%.2f", report->pcr) : g_strdup ("—");
  g_autofree char *updated = flow_ist_format_time (report->time_ms);
  g_autofree char *flagged = g_strdup_printf ("%u / %u", report->highlighted, report->cells);
  g_autofree char *flagged_tip =
    g_strdup_printf (_("%u of %u cells past their threshold; the alert sounds above %g%%"),
                     report->highlighted, report->cells, report->settings.alert_ratio * 100);

  gtk_label_set_text (self->underlying_label, report->underlying);
  gtk_label_set_text (self->spot_label, spot);
  gtk_label_set_text (self->atm_label, atm);
  gtk_label_set_text (self->pcr_label, pcr);
  gtk_label_set_text (self->updated_label, updated);
  gtk_label_set_text (self->flagged_label, flagged);
  /* The bar fills towards the alert ratio in the accent colour and turns red past it. */
  gtk_level_bar_add_offset_value (self->flagged_level, "oi-calm", report->settings.alert_ratio);
  gtk_level_bar_set_value (self->flagged_level,
                           report->cells > 0 ? (double) report->highlighted / report->cells : 0);
  gtk_widget_set_tooltip_text (self->flagged_box, flagged_tip);
  if (report->alert)
    gtk_widget_add_css_class (self->flagged_box, "oi-alert");
  else
    gtk_widget_remove_css_class (self->flagged_box, "oi-alert");
}

/* Before the first chain of a source, nothing is known. */
static void
clear_header (FlowOiPage *self)
{
  GtkLabel *labels[] = { self->underlying_label, self->spot_label, self->atm_label,
                         self->pcr_label, self->updated_label, self->flagged_label };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    gtk_label_set_text (labels[i], "—");
  gtk_label_set_text (self->countdown_label, "");
  gtk_level_bar_set_value (self->flagged_level, 0);
  gtk_widget_remove_css_class (self->flagged_box, "oi-alert");
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
  update_expiry_model (self);
  if (report == NULL)
    return G_SOURCE_REMOVE;
  flow_oi_table_set_report (self->table, report);
  update_header (self, report);
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
on_feed_state (FlowOiPage *self,
               GParamSpec *pspec,
               FlowFeed   *feed)
{
  const char *message = flow_feed_get_message (feed);

  g_clear_pointer (&self->feed_problem, g_free);
  switch (flow_feed_get_state (feed))
    {
    case FLOW_FEED_STATE_ERROR:
    case FLOW_FEED_STATE_RECONNECTING:
      self->feed_problem = g_strdup (message != NULL ? message : _("the connection was lost"));
      break;
    case FLOW_FEED_STATE_LOGGED_OUT:
      self->feed_problem = g_strdup (message != NULL ? message : _("signed out"));
      break;
    case FLOW_FEED_STATE_IDLE:
    case FLOW_FEED_STATE_DEMO:
    case FLOW_FEED_STATE_CONNECTING:
    case FLOW_FEED_STATE_LIVE:
    default:
      break;
    }
  update_countdown (self);
}

static void
on_player_failed (FlowOiPage      *self,
                  const GError    *error,
                  FlowAlertPlayer *player)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message))
    g_message ("%s", error->message);
}

static void
on_muted_changed (FlowOiPage      *self,
                  GParamSpec      *pspec,
                  GtkToggleButton *button)
{
  gboolean muted = gtk_toggle_button_get_active (button);

  gtk_button_set_icon_name (GTK_BUTTON (button),
                            muted ? "audio-volume-muted-symbolic" : "audio-volume-high-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (button),
                               muted ? _("Unmute the OI alert") : _("Mute the OI alert"));
}

static void
on_feed_state_notify (FlowOiPage *self)
{
  FlowFeed *feed = g_signal_group_dup_target (self->feed_signals);

  if (feed != NULL)
    on_feed_state (self, NULL, feed);
  g_clear_object (&feed);
}

/* Another source: its contracts and times do not continue the old table. */
static void
on_feed_changed (FlowOiPage *self)
{
  FlowFeed *feed = flow_market_session_get_oi_feed (self->session);

  g_clear_pointer (&self->feed_problem, g_free);
  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  flow_oi_table_set_report (self->table, NULL);
  clear_header (self);
  g_signal_group_set_target (self->feed_signals, feed);
  if (feed != NULL)
    on_feed_state (self, NULL, feed);
  update_expiry_model (self);
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
  g_settings_bind (self->settings, "alert-muted", self->mute_button, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "alert-muted", self->player, "muted", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "alert-sound", self->player, "sound", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->oi_session, "chain-added", G_CALLBACK (on_chain_added), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->oi_session, "alert", G_CALLBACK (on_alert), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "notify::oi-feed", G_CALLBACK (on_feed_changed), self,
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

  if (self->feed_signals != NULL)
    g_signal_group_set_target (self->feed_signals, NULL);
  g_clear_object (&self->feed_signals);
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
flow_oi_page_finalize (GObject *object)
{
  FlowOiPage *self = FLOW_OI_PAGE (object);

  g_strfreev (self->expiry_items);
  g_free (self->feed_problem);
  G_OBJECT_CLASS (flow_oi_page_parent_class)->finalize (object);
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
  object_class->finalize = flow_oi_page_finalize;
  object_class->set_property = flow_oi_page_set_property;
  object_class->get_property = flow_oi_page_get_property;

  /* Set once: the page shows that session's OI feed and OI session. */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, FLOW_TYPE_MARKET_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (FLOW_TYPE_OI_TABLE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orderflow/OrderFlow/ui/flow-oi-page.ui");
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, underlying_label);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, spot_label);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, atm_label);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, expiry_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, expiry_model);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, pcr_label);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, updated_label);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, flagged_box);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, flagged_label);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, flagged_level);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, mute_button);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, table);
  gtk_widget_class_bind_template_child (widget_class, FlowOiPage, drop_legend);

  gtk_widget_class_set_css_name (widget_class, "oi-page");
}

static void
flow_oi_page_init (FlowOiPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->feed_signals = g_signal_group_new (FLOW_TYPE_FEED);
  g_signal_group_connect_swapped (self->feed_signals, "notify::state",
                                  G_CALLBACK (on_feed_state_notify), self);
  g_signal_group_connect_swapped (self->feed_signals, "notify::refresh-interval",
                                  G_CALLBACK (update_countdown), self);
  self->player = flow_alert_player_new ();
  g_signal_connect_object (self->player, "failed", G_CALLBACK (on_player_failed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->expiry_dropdown, "notify::selected",
                           G_CALLBACK (on_expiry_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mute_button, "notify::active",
                           G_CALLBACK (on_muted_changed), self, G_CONNECT_SWAPPED);
  self->tick = g_timeout_add_seconds (1, on_tick, self);
  clear_header (self);

  gtk_level_bar_remove_offset_value (self->flagged_level, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->flagged_level, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->flagged_level, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value (self->flagged_level, "oi-alert", 1);
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

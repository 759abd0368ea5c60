/* flow-oi-page.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-oi-page"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-alert-player.h"
#include "flow-demo-feed.h"
#include "flow-ist.h"
#include "flow-oi-journal.h"
#include "flow-oi-page.h"
#include "flow-oi-table.h"
#include "flow-oi-tracker.h"

/* The oi-expiry value that follows rule 8 instead of a pinned date. */
#define EXPIRY_NEAREST "nearest"
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

  GSettings       *settings;
  FlowFeed        *feed;
  FlowOiTracker   *tracker;
  FlowAlertPlayer *player;

  /* The journal of the underlying being followed, only for feeds with real data. */
  FlowOiJournal   *journal;
  char            *journal_underlying;
  gboolean         journal_error_shown;

  GHashTable      *chains;          /* expiry → the latest FlowOptionChain of that expiry */
  GHashTable      *fresh_expiries;  /* expiries with a new chain since the last refresh */
  char           **expiry_items;    /* the expiry drop-down's dates, after its "nearest" item */
  gboolean         updating_expiries;
  guint            refresh_idle;
  guint            tick;
  gint64           last_chain_us;   /* monotonic time of the last chain, 0 before any */
  char            *feed_problem;    /* the feed's error, reconnect or logout message */
};

G_DEFINE_FINAL_TYPE (FlowOiPage, flow_oi_page, ADW_TYPE_BIN)

static void
show_toast (FlowOiPage *self,
            const char *message)
{
  /* The window owns the toast overlay; without it (tests, a bare page) the message is kept
   * in the log instead of being lost. */
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message))
    g_debug ("No win.toast action for: %s", message);
}

/* Settings */

static void
read_tracker_settings (FlowOiPage     *self,
                       FlowOiSettings *settings)
{
  flow_oi_settings_init (settings);
  for (guint i = 0; i < FLOW_OI_N_INTERVALS; i++)
    {
      g_autofree char *key = g_strdup_printf ("oi-threshold-%u", flow_oi_interval_minutes (i));

      settings->thresholds[i] = g_settings_get_double (self->settings, key);
    }
  settings->flag_drops = g_settings_get_boolean (self->settings, "oi-flag-drops");
  settings->alert_ratio = g_settings_get_double (self->settings, "oi-alert-ratio");
  settings->strikes = g_settings_get_uint (self->settings, "oi-strikes");
}

static guint
refresh_period_s (FlowOiPage *self)
{
  /* The demo sets its own pace; a live source polls at the user's period. */
  if (self->feed != NULL && FLOW_IS_DEMO_FEED (self->feed))
    return flow_demo_feed_get_chain_interval (FLOW_DEMO_FEED (self->feed));
  return g_settings_get_uint (self->settings, "oi-refresh-seconds");
}

/* Expiries */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gint64
latest_chain_time (FlowOiPage *self)
{
  GHashTableIter iter;
  gpointer value;
  gint64 latest = 0;

  g_hash_table_iter_init (&iter, self->chains);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    latest = MAX (latest, ((const FlowOptionChain *) value)->time_ms);
  return latest;
}

/* The expiry to show: the pinned one while chains of it arrive, else rule 8's nearest. */
static const char *
selected_expiry (FlowOiPage *self)
{
  g_autofree char *pinned = g_settings_get_string (self->settings, "oi-expiry");
  g_autofree const char **keys = NULL;
  guint n_keys;
  const char *nearest;
  const char *latest = NULL;
  gint64 latest_ms = G_MININT64;
  GHashTableIter iter;
  gpointer key, value;

  if (!g_str_equal (pinned, EXPIRY_NEAREST) && g_hash_table_contains (self->chains, pinned))
    {
      g_hash_table_lookup_extended (self->chains, pinned, &key, NULL);
      return key;
    }

  keys = (const char **) g_hash_table_get_keys_as_array (self->chains, &n_keys);
  nearest = flow_oi_select_expiry (keys, n_keys, latest_chain_time (self));
  if (nearest != NULL)
    return nearest;

  /* Every known expiry has passed (a replay of an old day): show what came last. */
  g_hash_table_iter_init (&iter, self->chains);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (((const FlowOptionChain *) value)->time_ms > latest_ms)
      {
        latest_ms = ((const FlowOptionChain *) value)->time_ms;
        latest = key;
      }
  return latest;
}

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
  g_autoptr(GPtrArray) dates = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  const char *nearest = selected_expiry (self);
  g_autofree char *nearest_label = NULL;
  GHashTableIter iter;
  gpointer key;
  guint selected = 0;

  g_hash_table_iter_init (&iter, self->chains);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (dates, g_strdup (key));
  if (!g_str_equal (pinned, EXPIRY_NEAREST) && !g_hash_table_contains (self->chains, pinned))
    g_ptr_array_add (dates, g_strdup (pinned));
  g_ptr_array_sort (dates, compare_strings);

  if (g_str_equal (pinned, EXPIRY_NEAREST) && nearest != NULL)
    {
      g_autofree char *date = format_expiry (nearest);

      /* TRANSLATORS: the automatic expiry choice, with the date it resolves to */
      nearest_label = g_strdup_printf (_("Nearest · %s"), date);
    }
  else
    nearest_label = g_strdup (_("Nearest"));
  g_ptr_array_add (labels, g_steal_pointer (&nearest_label));
  for (guint i = 0; i < dates->len; i++)
    {
      g_ptr_array_add (labels, format_expiry (dates->pdata[i]));
      if (g_str_equal (dates->pdata[i], pinned))
        selected = i + 1;
    }
  g_ptr_array_add (labels, NULL);
  g_ptr_array_add (dates, NULL);

  self->updating_expiries = TRUE;
  if (self->expiry_items == NULL ||
      !g_strv_equal ((const char * const *) self->expiry_items, (const char * const *) dates->pdata) ||
      g_list_model_get_n_items (G_LIST_MODEL (self->expiry_model)) == 0 ||
      g_strcmp0 (gtk_string_list_get_string (self->expiry_model, 0), labels->pdata[0]) != 0)
    {
      gtk_string_list_splice (self->expiry_model, 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->expiry_model)),
                              (const char * const *) labels->pdata);
      g_strfreev (self->expiry_items);
      self->expiry_items = (char **) g_ptr_array_steal (dates, NULL);
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
  gint64 elapsed_s;
  gint64 left_s;
  g_autofree char *text = NULL;
  const char *stale = NULL;
  g_autofree char *overdue = NULL;

  if (self->last_chain_us == 0)
    {
      gtk_label_set_text (self->countdown_label, "");
      return;
    }

  elapsed_s = (g_get_monotonic_time () - self->last_chain_us) / G_USEC_PER_SEC;
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
  const char *expiry;
  gboolean fresh;

  self->refresh_idle = 0;
  update_expiry_model (self);
  expiry = selected_expiry (self);
  if (expiry == NULL)
    return G_SOURCE_REMOVE;

  fresh = g_hash_table_contains (self->fresh_expiries, expiry);
  g_hash_table_remove_all (self->fresh_expiries);
  report = flow_oi_tracker_evaluate (self->tracker, g_hash_table_lookup (self->chains, expiry));
  flow_oi_table_set_report (self->table, report);
  update_header (self, report);
  update_countdown (self);

  /* Only a new chain sounds: a settings change re-evaluates the same data silently. */
  if (fresh && report->alert)
    {
      g_debug ("Alert: %u of %u cells flagged", report->highlighted, report->cells);
      flow_alert_player_play (self->player);
    }
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
  if (g_str_has_prefix (key, "oi-threshold-") || g_str_equal (key, "oi-flag-drops") ||
      g_str_equal (key, "oi-alert-ratio") || g_str_equal (key, "oi-strikes"))
    {
      FlowOiSettings tracker_settings;

      read_tracker_settings (self, &tracker_settings);
      flow_oi_tracker_set_settings (self->tracker, &tracker_settings);
      gtk_widget_set_visible (self->drop_legend, tracker_settings.flag_drops);
      queue_refresh (self);
    }
  else if (g_str_equal (key, "oi-expiry"))
    queue_refresh (self);
  else if (g_str_equal (key, "oi-refresh-seconds"))
    update_countdown (self);
}

/* The journal */

static void
journal_error (FlowOiPage   *self,
               const GError *error)
{
  g_autofree char *message = NULL;

  g_warning ("OI journal: %s", error->message);
  if (self->journal_error_shown)
    return;
  self->journal_error_shown = TRUE;
  message = g_strdup_printf (_("OI history is not being saved: %s"), error->message);
  show_toast (self, message);
}

/* Opens the journal of @chain's underlying and loads its last 30 minutes into the tracker,
 * so a restart keeps the history. */
static void
ensure_journal (FlowOiPage            *self,
                const FlowOptionChain *chain)
{
  g_autoptr(GError) error = NULL;
  guint n_loaded = 0, n_skipped = 0;

  if (self->journal != NULL && g_strcmp0 (self->journal_underlying, chain->underlying) == 0)
    return;

  g_clear_object (&self->journal);
  g_free (self->journal_underlying);
  self->journal_underlying = g_strdup (chain->underlying);
  self->journal = flow_oi_journal_new (NULL, chain->underlying);
  if (!flow_oi_journal_load (self->journal, self->tracker, chain->time_ms,
                             &n_loaded, &n_skipped, &error))
    journal_error (self, error);
  g_debug ("OI journal of %s: %u entries restored, %u malformed lines skipped",
           chain->underlying, n_loaded, n_skipped);
}

/* The feed */

static void
on_option_chain (FlowOiPage            *self,
                 const FlowOptionChain *chain,
                 FlowFeed              *feed)
{
  /* The demo replays its session at every start and its instrument keys are made up: writing
   * them to the journal would mix simulated OI into the real history of the same underlying
   * and day. So only real data is journaled and restored. */
  if (flow_feed_get_state (feed) != FLOW_FEED_STATE_DEMO)
    {
      g_autoptr(GError) error = NULL;

      ensure_journal (self, chain);
      if (!flow_oi_journal_append_chain (self->journal, chain, &error))
        journal_error (self, error);
    }

  flow_oi_tracker_add_chain (self->tracker, chain);
  g_hash_table_replace (self->chains, g_strdup (chain->expiry), flow_option_chain_copy (chain));
  g_hash_table_add (self->fresh_expiries, g_strdup (chain->expiry));
  self->last_chain_us = g_get_monotonic_time ();
  queue_refresh (self);
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
  show_toast (self, error->message);
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
reset_history (FlowOiPage *self)
{
  FlowOiSettings settings;

  g_clear_object (&self->tracker);
  self->tracker = flow_oi_tracker_new ();
  read_tracker_settings (self, &settings);
  flow_oi_tracker_set_settings (self->tracker, &settings);
  g_hash_table_remove_all (self->chains);
  g_hash_table_remove_all (self->fresh_expiries);
  g_clear_object (&self->journal);
  g_clear_pointer (&self->journal_underlying, g_free);
  g_clear_pointer (&self->feed_problem, g_free);
  self->last_chain_us = 0;
  flow_oi_table_set_report (self->table, NULL);
  clear_header (self);
}

void
flow_oi_page_set_feed (FlowOiPage *self,
                       FlowFeed   *feed)
{
  g_return_if_fail (FLOW_IS_OI_PAGE (self));
  g_return_if_fail (feed == NULL || FLOW_IS_FEED (feed));

  if (self->feed == feed)
    return;

  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_set_object (&self->feed, feed);
  /* Another source's instrument keys and times do not continue the old history. */
  reset_history (self);

  if (feed != NULL)
    {
      g_signal_connect_object (feed, "option-chain", G_CALLBACK (on_option_chain), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (feed, "notify::state", G_CALLBACK (on_feed_state), self,
                               G_CONNECT_SWAPPED);
      on_feed_state (self, NULL, feed);
    }
}

/* GObject */

static void
flow_oi_page_dispose (GObject *object)
{
  FlowOiPage *self = FLOW_OI_PAGE (object);

  if (self->feed != NULL)
    g_signal_handlers_disconnect_by_data (self->feed, self);
  g_clear_object (&self->feed);
  g_clear_handle_id (&self->refresh_idle, g_source_remove);
  g_clear_handle_id (&self->tick, g_source_remove);
  g_clear_object (&self->player);
  g_clear_object (&self->journal);
  g_clear_object (&self->tracker);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), FLOW_TYPE_OI_PAGE);
  G_OBJECT_CLASS (flow_oi_page_parent_class)->dispose (object);
}

static void
flow_oi_page_finalize (GObject *object)
{
  FlowOiPage *self = FLOW_OI_PAGE (object);

  g_clear_pointer (&self->chains, g_hash_table_unref);
  g_clear_pointer (&self->fresh_expiries, g_hash_table_unref);
  g_strfreev (self->expiry_items);
  g_free (self->journal_underlying);
  g_free (self->feed_problem);
  G_OBJECT_CLASS (flow_oi_page_parent_class)->finalize (object);
}

static void
flow_oi_page_class_init (FlowOiPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = flow_oi_page_dispose;
  object_class->finalize = flow_oi_page_finalize;

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

  self->chains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) flow_option_chain_free);
  self->fresh_expiries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->player = flow_alert_player_new ();
  g_signal_connect_object (self->player, "failed", G_CALLBACK (on_player_failed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->expiry_dropdown, "notify::selected",
                           G_CALLBACK (on_expiry_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mute_button, "notify::active",
                           G_CALLBACK (on_muted_changed), self, G_CONNECT_SWAPPED);
  self->tick = g_timeout_add_seconds (1, on_tick, self);

  gtk_level_bar_remove_offset_value (self->flagged_level, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (self->flagged_level, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (self->flagged_level, GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_add_offset_value (self->flagged_level, "oi-alert", 1);
}

GtkWidget *
flow_oi_page_new (GSettings *settings)
{
  FlowOiPage *self;
  FlowOiSettings tracker_settings;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FLOW_TYPE_OI_PAGE, NULL);
  self->settings = g_object_ref (settings);
  self->tracker = flow_oi_tracker_new ();
  read_tracker_settings (self, &tracker_settings);
  flow_oi_tracker_set_settings (self->tracker, &tracker_settings);
  gtk_widget_set_visible (self->drop_legend, tracker_settings.flag_drops);

  g_settings_bind (settings, "oi-units", self->table, "units", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "alert-muted", self->mute_button, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "alert-muted", self->player, "muted", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "alert-sound", self->player, "sound", G_SETTINGS_BIND_GET);
  g_signal_connect_object (settings, "changed", G_CALLBACK (on_settings_changed), self,
                           G_CONNECT_SWAPPED);
  update_expiry_model (self);
  return GTK_WIDGET (self);
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

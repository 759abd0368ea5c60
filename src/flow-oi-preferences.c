/* flow-oi-preferences.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-oi-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-alert-player.h"
#include "flow-oi-preferences.h"
#include "flow-oi-tracker.h"

/* What the sound rows need after the page is filled; lives as long as the page. */
typedef struct
{
  GSettings       *settings;
  AdwActionRow    *sound_row;
  GtkWidget       *reset_button;
  FlowAlertPlayer *player;   /* for "Test sound": plays even while the alert is muted */
} SoundRows;

static void
sound_rows_free (gpointer data)
{
  SoundRows *rows = data;

  g_signal_handlers_disconnect_by_data (rows->settings, rows);
  g_signal_handlers_disconnect_by_data (rows->player, rows);
  g_clear_object (&rows->settings);
  g_clear_object (&rows->player);
  g_free (rows);
}

static void
show_toast (GtkWidget  *widget,
            const char *message)
{
  GtkWidget *window = gtk_widget_get_ancestor (widget, ADW_TYPE_PREFERENCES_WINDOW);

  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (message));
  else
    g_debug ("No preferences window for: %s", message);
}

static GtkWidget *
add_spin_row (AdwPreferencesGroup *group,
              GSettings           *settings,
              const char          *key,
              const char          *title,
              const char          *subtitle,
              const char          *unit,
              double               lower,
              double               upper,
              double               step,
              guint                digits)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, step);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  if (unit != NULL)
    {
      GtkWidget *label = gtk_label_new (unit);

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  if (key != NULL)
    g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (group, row);
  return spin;
}

static GtkWidget *
add_switch_row (AdwPreferencesGroup *group,
                GSettings           *settings,
                const char          *key,
                const char          *title,
                const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *toggle = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_settings_bind (settings, key, toggle, "active", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (group, row);
  return toggle;
}

/* oi-alert-ratio is a fraction; people think of the share of red cells in percent. */
static gboolean
ratio_to_percent (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_double (variant) * 100);
  return TRUE;
}

static GVariant *
percent_to_ratio (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_double (g_value_get_double (value) / 100);
}

/* The units combo lists the enum's nicks in order. */
static const char *units[] = { "contracts", "lots" };

static gboolean
units_to_index (GValue   *value,
                GVariant *variant,
                gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    if (g_str_equal (nick, units[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
index_to_units (const GValue       *value,
                const GVariantType *expected_type,
                gpointer            user_data)
{
  guint index = g_value_get_uint (value);

  if (index >= G_N_ELEMENTS (units))
    return NULL;
  return g_variant_new_string (units[index]);
}

static void
update_sound_row (SoundRows *rows)
{
  g_autofree char *sound = g_settings_get_string (rows->settings, "alert-sound");
  gboolean custom = sound[0] != '\0';
  g_autofree char *name = NULL;

  if (custom)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (sound);

      name = g_file_get_basename (file);
    }
  adw_action_row_set_subtitle (rows->sound_row, custom ? name : _("Built-in chime"));
  gtk_widget_set_visible (rows->reset_button, custom);
}

static void
on_alert_sound_changed (SoundRows  *rows,
                        const char *key,
                        GSettings  *settings)
{
  update_sound_row (rows);
}

static void
on_chooser_response (GtkNativeDialog *chooser,
                     int              response,
                     gpointer         user_data)
{
  GSettings *settings = g_object_get_data (G_OBJECT (chooser), "settings");
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *uri = path == NULL ? g_file_get_uri (file) : NULL;

      /* The sound row, if still there, follows through its changed::alert-sound handler. */
      g_settings_set_string (settings, "alert-sound", path != NULL ? path : uri);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
on_choose_clicked (GtkButton *button,
                   SoundRows *rows)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  GtkFileChooserNative *chooser =
    gtk_file_chooser_native_new (_("Choose the Alert Sound"),
                                 GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                 GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  g_autoptr(GtkFileFilter) sounds = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (sounds, _("Sounds"));
  gtk_file_filter_add_mime_type (sounds, "audio/*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), sounds);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* The preferences window may close before the chooser answers, freeing the page and its
   * SoundRows: the answer needs only the settings, so the chooser holds them itself. */
  g_object_set_data_full (G_OBJECT (chooser), "settings", g_object_ref (rows->settings),
                          g_object_unref);
  /* The chooser owns itself until it answers. */
  g_signal_connect (chooser, "response", G_CALLBACK (on_chooser_response), NULL);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_reset_clicked (GtkButton *button,
                  SoundRows *rows)
{
  g_settings_reset (rows->settings, "alert-sound");
}

static void
on_test_clicked (GtkButton *button,
                 SoundRows *rows)
{
  g_autofree char *sound = g_settings_get_string (rows->settings, "alert-sound");

  flow_alert_player_set_sound (rows->player, sound);
  flow_alert_player_play (rows->player);
}

static void
on_test_failed (SoundRows       *rows,
                const GError    *error,
                FlowAlertPlayer *player)
{
  show_toast (GTK_WIDGET (rows->sound_row), error->message);
}

static GtkWidget *
icon_button (const char *icon_name,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
add_sound_rows (AdwPreferencesPage  *page,
                AdwPreferencesGroup *group,
                GSettings           *settings)
{
  SoundRows *rows = g_new0 (SoundRows, 1);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *choose = icon_button ("document-open-symbolic", _("Choose a sound file"));
  GtkWidget *test = icon_button ("media-playback-start-symbolic", _("Test sound"));

  rows->settings = g_object_ref (settings);
  rows->sound_row = ADW_ACTION_ROW (row);
  rows->reset_button = icon_button ("edit-undo-symbolic", _("Use the built-in chime"));
  rows->player = flow_alert_player_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Alert Sound"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), rows->reset_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), test);
  adw_preferences_group_add (group, row);

  g_signal_connect (choose, "clicked", G_CALLBACK (on_choose_clicked), rows);
  g_signal_connect (rows->reset_button, "clicked", G_CALLBACK (on_reset_clicked), rows);
  g_signal_connect (test, "clicked", G_CALLBACK (on_test_clicked), rows);
  g_signal_connect_swapped (rows->player, "failed", G_CALLBACK (on_test_failed), rows);
  g_signal_connect_swapped (settings, "changed::alert-sound", G_CALLBACK (on_alert_sound_changed),
                            rows);
  update_sound_row (rows);
  g_object_set_data_full (G_OBJECT (page), "flow-oi-sound-rows", rows, sound_rows_free);
}

void
flow_oi_page_fill_preferences (AdwPreferencesPage *page,
                               GSettings          *settings)
{
  AdwPreferencesGroup *thresholds;
  AdwPreferencesGroup *alert;
  AdwPreferencesGroup *chain;
  GtkWidget *ratio;
  GtkWidget *units_row;
  g_autoptr(GtkStringList) units_model = NULL;

  g_return_if_fail (ADW_IS_PREFERENCES_PAGE (page));
  g_return_if_fail (G_IS_SETTINGS (settings));

  thresholds = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (thresholds, _("Highlight Thresholds"));
  adw_preferences_group_set_description (thresholds,
                                         _("A cell turns red when its contract’s open interest grows by more than this share over the interval."));
  for (guint i = 0; i < FLOW_OI_N_INTERVALS; i++)
    {
      guint minutes = flow_oi_interval_minutes (i);
      g_autofree char *key = g_strdup_printf ("oi-threshold-%u", minutes);
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute",
                                                             "%u minutes", minutes), minutes);

      add_spin_row (thresholds, settings, key, title, NULL, "%", 0, 1000, 0.5, 1);
    }
  add_switch_row (thresholds, settings, "oi-flag-drops", _("Also Flag OI Drops"),
                  _("Mark falls past minus the threshold in a second colour; they count towards the alert"));
  adw_preferences_page_add (page, thresholds);

  alert = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (alert, _("Alert"));
  ratio = add_spin_row (alert, settings, NULL, _("Sound When More Than"),
                        _("Share of the table’s cells flagged at one refresh"), "%", 0, 100, 5, 0);
  g_settings_bind_with_mapping (settings, "oi-alert-ratio", ratio, "value", G_SETTINGS_BIND_DEFAULT,
                                ratio_to_percent, percent_to_ratio, NULL, NULL);
  add_switch_row (alert, settings, "alert-muted", _("Mute"),
                  _("The table still shows the flags; the header’s speaker button does the same"));
  add_sound_rows (page, alert, settings);
  adw_preferences_page_add (page, alert);

  chain = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (chain, _("Option Chain"));
  add_spin_row (chain, settings, "oi-refresh-seconds", _("Refresh Every"),
                _("Between option-chain requests (the demo keeps its own pace)"),
                /* TRANSLATORS: the unit after the refresh period, seconds */
                _("s"), 10, 300, 5, 0);
  add_spin_row (chain, settings, "oi-strikes", _("Strikes Around the ATM"),
                _("Rows on each side of the at-the-money strike"), NULL, 1, 15, 1, 0);
  units_model = gtk_string_list_new ((const char * const[]) { _("Contracts"), _("Lots"), NULL });
  units_row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (units_row), _("Show OI In"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (units_row),
                               _("Lots divide the exchange’s figure by the lot size"));
  adw_combo_row_set_model (ADW_COMBO_ROW (units_row), G_LIST_MODEL (units_model));
  g_settings_bind_with_mapping (settings, "oi-units", units_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                units_to_index, index_to_units, NULL, NULL);
  adw_preferences_group_add (chain, units_row);
  adw_preferences_page_add (page, chain);
}

/* flow-preferences-window.c: Preferences, including the Accounts page
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "flow-credentials.h"
#include "flow-endpoint.h"
#include "flow-ist.h"
#include "flow-oi-preferences.h"
#include "flow-preferences-window.h"
#include "flow-smartapi-client.h"
#include "flow-upstox-signin-dialog.h"

/* The values of footprint-source and oi-source, in the order of their combo rows' models. */
static const char * const footprint_source_choices[] = { "auto", "angel", "upstox", "demo", NULL };
static const char * const oi_source_choices[] = { "auto", "angel", "upstox", "demo", NULL };

/* The footprint intervals offered to people, in the order of the combo row's model. */
static const guint interval_choices[] = { 15, 30, 60, 120, 180, 300, 600, 900, 1800, 3600 };

struct _FlowPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  FlowCredentials      *credentials;
  GCancellable         *cancellable;

  /* Footprint page */
  AdwComboRow          *interval_row;
  GtkSpinButton        *row_size_spin;
  GtkAdjustment        *row_size_adjustment;
  AdwEntryRow          *session_open_row;
  GtkAdjustment        *imbalance_ratio_adjustment;
  GtkAdjustment        *imbalance_min_volume_adjustment;

  AdwPreferencesPage   *oi_page;

  /* Accounts page */
  AdwComboRow          *footprint_source_row;
  AdwComboRow          *oi_source_row;
  AdwEntryRow          *angel_api_key_row;
  AdwEntryRow          *angel_client_code_row;
  AdwEntryRow          *angel_pin_row;
  AdwEntryRow          *angel_totp_row;
  AdwEntryRow          *angel_public_ip_row;
  AdwActionRow         *angel_status_row;
  GtkButton            *angel_test_button;
  AdwEntryRow          *upstox_api_key_row;
  AdwEntryRow          *upstox_api_secret_row;
  AdwEntryRow          *upstox_redirect_uri_row;
  AdwEntryRow          *upstox_analytics_token_row;
  AdwActionRow         *upstox_status_row;
};

enum {
  PROP_0,
  PROP_SETTINGS,
  PROP_CREDENTIALS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (FlowPreferencesWindow, flow_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
show_toast (FlowPreferencesWindow *self,
            const char            *message)
{
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
}

/* Footprint settings */

static gboolean
interval_to_index (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  guint seconds = g_variant_get_uint32 (variant);
  guint best = 0;

  /* A value set elsewhere (the CLI allows 5 s) shows as the nearest offered choice. */
  for (guint i = 0; i < G_N_ELEMENTS (interval_choices); i++)
    if (ABS ((int) interval_choices[i] - (int) seconds) <
        ABS ((int) interval_choices[best] - (int) seconds))
      best = i;
  g_value_set_uint (value, best);
  return TRUE;
}

/* A source setting ↔ its row's position (@user_data: the row's choices). A value the row does
 * not offer shows as Automatic. */
static gboolean
source_to_index (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *source = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, 0);
  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choices[i], source))
      g_value_set_uint (value, i);
  return TRUE;
}

static GVariant *
index_to_source (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  const char * const *choices = user_data;
  guint index = g_value_get_uint (value);

  if (index >= g_strv_length ((char **) choices))
    return NULL;
  return g_variant_new_string (choices[index]);
}

static GVariant *
index_to_interval (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint index = g_value_get_uint (value);

  if (index >= G_N_ELEMENTS (interval_choices))
    return NULL;
  return g_variant_new_uint32 (interval_choices[index]);
}

static gboolean
paise_to_rupees (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant) / 100.0);
  return TRUE;
}

static GVariant *
rupees_to_paise (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  /* Rows live on the exchange's 0.05 grid: snap whatever was typed to it. */
  double paise = round (g_value_get_double (value) * 20.0) * 5.0;

  return g_variant_new_uint32 ((guint32) CLAMP (paise, 5.0, 100000.0));
}

static void
on_session_open_applied (FlowPreferencesWindow *self,
                         AdwEntryRow           *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  gint64 ms;

  if (!flow_ist_parse_time_of_day (text, &ms))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      show_toast (self, _("The session open must be a time such as 09:15"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  g_settings_set_string (self->settings, "session-open", text);
}

/* Accounts */

typedef struct
{
  const char *name;
  gsize       row_offset;
} CredentialField;

static const CredentialField angel_fields[] = {
  { "api_key", G_STRUCT_OFFSET (FlowPreferencesWindow, angel_api_key_row) },
  { "client_code", G_STRUCT_OFFSET (FlowPreferencesWindow, angel_client_code_row) },
  { "pin", G_STRUCT_OFFSET (FlowPreferencesWindow, angel_pin_row) },
  { "totp_secret", G_STRUCT_OFFSET (FlowPreferencesWindow, angel_totp_row) },
  { "public_ip", G_STRUCT_OFFSET (FlowPreferencesWindow, angel_public_ip_row) },
};

static const CredentialField upstox_fields[] = {
  { "api_key", G_STRUCT_OFFSET (FlowPreferencesWindow, upstox_api_key_row) },
  { "api_secret", G_STRUCT_OFFSET (FlowPreferencesWindow, upstox_api_secret_row) },
  { "redirect_uri", G_STRUCT_OFFSET (FlowPreferencesWindow, upstox_redirect_uri_row) },
  { "analytics_token", G_STRUCT_OFFSET (FlowPreferencesWindow, upstox_analytics_token_row) },
};

/* Fields that are not secret show their stored value; secret ones stay empty. */
static gboolean
field_is_visible (const char *name)
{
  return g_strcmp0 (name, "client_code") == 0 || g_strcmp0 (name, "redirect_uri") == 0 ||
         g_strcmp0 (name, "public_ip") == 0;
}

static void
get_fields (FlowBroker              broker,
            const CredentialField **fields,
            guint                  *n_fields)
{
  *fields = broker == FLOW_BROKER_ANGEL ? angel_fields : upstox_fields;
  *n_fields = broker == FLOW_BROKER_ANGEL ? G_N_ELEMENTS (angel_fields)
                                          : G_N_ELEMENTS (upstox_fields);
}

static AdwEntryRow *
field_row (FlowPreferencesWindow *self,
           const CredentialField *field)
{
  return G_STRUCT_MEMBER (AdwEntryRow *, self, field->row_offset);
}

static void
show_stored (FlowPreferencesWindow *self,
             FlowBroker             broker,
             GHashTable            *stored)
{
  AdwActionRow *status_row = broker == FLOW_BROKER_ANGEL ? self->angel_status_row
                                                         : self->upstox_status_row;
  const char * const *names = flow_credentials_names (broker);
  g_autoptr(GPtrArray) present = g_ptr_array_new_null_terminated (8, NULL, TRUE);
  const CredentialField *fields;
  guint n_fields;
  g_autofree char *list = NULL;

  for (guint i = 0; names[i] != NULL; i++)
    if (g_hash_table_contains (stored, names[i]))
      g_ptr_array_add (present, (gpointer) names[i]);
  list = g_strjoinv (", ", (char **) present->pdata);
  adw_action_row_set_subtitle (status_row, present->len > 0 ? list : _("Nothing stored"));

  get_fields (broker, &fields, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      const char *value = g_hash_table_lookup (stored, fields[i].name);

      if (field_is_visible (fields[i].name))
        gtk_editable_set_text (GTK_EDITABLE (field_row (self, &fields[i])),
                               value != NULL ? value : "");
      else
        gtk_editable_set_text (GTK_EDITABLE (field_row (self, &fields[i])), "");
    }
  if (broker == FLOW_BROKER_UPSTOX && !g_hash_table_contains (stored, "redirect_uri"))
    gtk_editable_set_text (GTK_EDITABLE (self->upstox_redirect_uri_row),
                           "http://127.0.0.1:5000/callback");
}

static void
lookup_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlowPreferencesWindow *self = g_task_get_source_object (task);
  FlowBroker broker = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) stored = NULL;

  stored = flow_credentials_lookup_all_finish (FLOW_CREDENTIALS (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stored == NULL)
    {
      AdwActionRow *status_row = broker == FLOW_BROKER_ANGEL ? self->angel_status_row
                                                             : self->upstox_status_row;
      adw_action_row_set_subtitle (status_row, error->message);
      return;
    }
  show_stored (self, broker, stored);
}

static void
refresh_stored (FlowPreferencesWindow *self,
                FlowBroker             broker)
{
  /* A task only to carry self and the broker to the callback; the window outlives neither. */
  GTask *task = g_task_new (self, self->cancellable, NULL, NULL);

  g_task_set_task_data (task, GINT_TO_POINTER (broker), NULL);
  flow_credentials_lookup_all_async (self->credentials, broker, self->cancellable,
                                     lookup_done, task);
}

static void
store_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlowPreferencesWindow *self = g_task_get_source_object (task);
  FlowBroker broker = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;

  if (!flow_credentials_store_finish (FLOW_CREDENTIALS (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }
  show_toast (self, broker == FLOW_BROKER_ANGEL ? _("Angel One account saved in the keyring")
                                                : _("Upstox account saved in the keyring"));
  refresh_stored (self, broker);
}

static void
save_broker (FlowPreferencesWindow *self,
             FlowBroker             broker)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  const CredentialField *fields;
  guint n_fields;
  GTask *task;

  get_fields (broker, &fields, &n_fields);
  for (guint i = 0; i < n_fields; i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (field_row (self, &fields[i])));
      g_autoptr(GError) error = NULL;
      g_autofree char *checked = NULL;

      if (text == NULL || *text == '\0')
        continue;
      checked = flow_credentials_normalize (broker, fields[i].name, text, &error);
      if (checked == NULL)
        {
          gtk_widget_add_css_class (GTK_WIDGET (field_row (self, &fields[i])), "error");
          show_toast (self, error->message);
          return;
        }
      gtk_widget_remove_css_class (GTK_WIDGET (field_row (self, &fields[i])), "error");
      g_hash_table_insert (values, (gpointer) fields[i].name, (gpointer) text);
    }
  if (g_hash_table_size (values) == 0)
    {
      show_toast (self, _("Nothing to save: fill in at least one field"));
      return;
    }

  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_task_data (task, GINT_TO_POINTER (broker), NULL);
  flow_credentials_store_async (self->credentials, broker, values, self->cancellable,
                                store_done, task);
}

static void
clear_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlowPreferencesWindow *self = g_task_get_source_object (task);
  FlowBroker broker = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;

  if (!flow_credentials_clear_finish (FLOW_CREDENTIALS (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_toast (self, error->message);
      return;
    }
  show_toast (self, _("Account removed from the keyring"));
  refresh_stored (self, broker);
}

static void
on_clear_response (AdwMessageDialog      *dialog,
                   const char            *response,
                   FlowPreferencesWindow *self)
{
  FlowBroker broker = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "broker"));
  GTask *task;

  if (g_strcmp0 (response, "remove") != 0)
    return;
  task = g_task_new (self, self->cancellable, NULL, NULL);
  g_task_set_task_data (task, GINT_TO_POINTER (broker), NULL);
  flow_credentials_clear_async (self->credentials, broker, self->cancellable, clear_done, task);
}

static void
confirm_clear (FlowPreferencesWindow *self,
               FlowBroker             broker)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       broker == FLOW_BROKER_ANGEL
                                                         ? _("Remove the Angel One account?")
                                                         : _("Remove the Upstox account?"),
                                                       _("Every stored credential and token of this broker is deleted from the keyring.")));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "broker", GINT_TO_POINTER (broker));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_clear_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Test login: the stored account, a fresh TOTP code, one loginByPassword. */

static void
test_login_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlowPreferencesWindow *self = g_task_get_source_object (task);
  FlowSmartapiClient *client = FLOW_SMARTAPI_CLIENT (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->angel_test_button), TRUE);
  if (!flow_smartapi_client_login_finish (client, result, &error))
    message = g_strdup_printf (_("Angel One login failed: %s"), error->message);
  else
    message = g_strdup_printf (_("Logged in to Angel One as %s"),
                               flow_smartapi_client_get_client_code (client));
  show_toast (self, message);
}

static void
test_login_with (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  FlowPreferencesWindow *self = g_task_get_source_object (task);
  g_autoptr(GHashTable) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowSmartapiClient) client = NULL;
  g_autofree char *api_url = NULL;

  stored = flow_credentials_lookup_all_finish (FLOW_CREDENTIALS (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (task);
      return;
    }
  if (stored != NULL)
    api_url = flow_endpoint_resolve ("ORDERFLOW_ANGEL_API_URL", FLOW_SMARTAPI_DEFAULT_API_URL,
                                     &error);
  if (api_url != NULL)
    client = flow_smartapi_client_new_from_credentials (NULL, api_url, stored, &error);
  if (client == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Angel One login failed: %s"),
                                                  error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self->angel_test_button), TRUE);
      show_toast (self, message);
      g_object_unref (task);
      return;
    }
  flow_smartapi_client_login_async (client, self->cancellable, test_login_done, task);
}

static void
on_angel_test (FlowPreferencesWindow *self)
{
  GTask *task = g_task_new (self, self->cancellable, NULL, NULL);

  gtk_widget_set_sensitive (GTK_WIDGET (self->angel_test_button), FALSE);
  flow_credentials_lookup_all_async (self->credentials, FLOW_BROKER_ANGEL, self->cancellable,
                                     test_login_with, task);
}

static void
on_angel_save (FlowPreferencesWindow *self)
{
  save_broker (self, FLOW_BROKER_ANGEL);
}

static void
on_upstox_save (FlowPreferencesWindow *self)
{
  save_broker (self, FLOW_BROKER_UPSTOX);
}

static void
on_angel_clear (FlowPreferencesWindow *self)
{
  confirm_clear (self, FLOW_BROKER_ANGEL);
}

static void
on_upstox_sign_in (FlowPreferencesWindow *self)
{
  flow_upstox_signin_dialog_present (GTK_WINDOW (self), self->credentials);
}

static void
on_upstox_clear (FlowPreferencesWindow *self)
{
  confirm_clear (self, FLOW_BROKER_UPSTOX);
}

static void
flow_preferences_window_constructed (GObject *object)
{
  FlowPreferencesWindow *self = FLOW_PREFERENCES_WINDOW (object);
  g_autofree char *session_open = NULL;

  G_OBJECT_CLASS (flow_preferences_window_parent_class)->constructed (object);

  g_return_if_fail (G_IS_SETTINGS (self->settings));
  g_return_if_fail (FLOW_IS_CREDENTIALS (self->credentials));

  g_settings_bind_with_mapping (self->settings, "interval-seconds", self->interval_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, interval_to_index, index_to_interval,
                                NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "row-size-paise", self->row_size_adjustment,
                                "value", G_SETTINGS_BIND_DEFAULT, paise_to_rupees,
                                rupees_to_paise, NULL, NULL);
  g_settings_bind (self->settings, "imbalance-ratio", self->imbalance_ratio_adjustment, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "imbalance-min-volume", self->imbalance_min_volume_adjustment,
                   "value", G_SETTINGS_BIND_DEFAULT);
  /* Not bound: the row writes only a valid time, when applied (on_session_open_applied). */
  session_open = g_settings_get_string (self->settings, "session-open");
  gtk_editable_set_text (GTK_EDITABLE (self->session_open_row), session_open);

  g_settings_bind_with_mapping (self->settings, "footprint-source", self->footprint_source_row,
                                "selected", G_SETTINGS_BIND_DEFAULT, source_to_index,
                                index_to_source, (gpointer) footprint_source_choices, NULL);
  g_settings_bind_with_mapping (self->settings, "oi-source", self->oi_source_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, source_to_index, index_to_source,
                                (gpointer) oi_source_choices, NULL);
  flow_oi_page_fill_preferences (self->oi_page, self->settings);

  refresh_stored (self, FLOW_BROKER_ANGEL);
  refresh_stored (self, FLOW_BROKER_UPSTOX);
}

static void
flow_preferences_window_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  FlowPreferencesWindow *self = FLOW_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    case PROP_CREDENTIALS:
      self->credentials = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_preferences_window_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  FlowPreferencesWindow *self = FLOW_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_CREDENTIALS:
      g_value_set_object (value, self->credentials);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_preferences_window_dispose (GObject *object)
{
  FlowPreferencesWindow *self = FLOW_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->credentials);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (object), FLOW_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (flow_preferences_window_parent_class)->dispose (object);
}

static void
flow_preferences_window_class_init (FlowPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = flow_preferences_window_constructed;
  object_class->set_property = flow_preferences_window_set_property;
  object_class->get_property = flow_preferences_window_get_property;
  object_class->dispose = flow_preferences_window_dispose;

  /* Given rather than fetched from the application, so the window needs no FlowApplication
   * (and tests can build one on their own settings and keyring). */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDENTIALS] =
    g_param_spec_object ("credentials", NULL, NULL, FLOW_TYPE_CREDENTIALS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/orderflow/OrderFlow/ui/flow-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, interval_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, footprint_source_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, oi_source_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, row_size_spin);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, row_size_adjustment);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, session_open_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, imbalance_ratio_adjustment);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, imbalance_min_volume_adjustment);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, oi_page);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, angel_api_key_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, angel_client_code_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, angel_pin_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, angel_totp_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, angel_public_ip_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, angel_status_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, upstox_api_key_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, upstox_api_secret_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, upstox_redirect_uri_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, upstox_analytics_token_row);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, upstox_status_row);
  gtk_widget_class_bind_template_callback (widget_class, on_session_open_applied);
  gtk_widget_class_bind_template_child (widget_class, FlowPreferencesWindow, angel_test_button);
  gtk_widget_class_bind_template_callback (widget_class, on_angel_test);
  gtk_widget_class_bind_template_callback (widget_class, on_angel_save);
  gtk_widget_class_bind_template_callback (widget_class, on_upstox_save);
  gtk_widget_class_bind_template_callback (widget_class, on_angel_clear);
  gtk_widget_class_bind_template_callback (widget_class, on_upstox_clear);
  gtk_widget_class_bind_template_callback (widget_class, on_upstox_sign_in);
}

static void
flow_preferences_window_init (FlowPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

FlowPreferencesWindow *
flow_preferences_window_new (GSettings       *settings,
                             FlowCredentials *credentials)
{
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (FLOW_IS_CREDENTIALS (credentials), NULL);

  return g_object_new (FLOW_TYPE_PREFERENCES_WINDOW,
                       "settings", settings,
                       "credentials", credentials,
                       NULL);
}

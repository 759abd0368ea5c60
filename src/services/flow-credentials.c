/* flow-credentials.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <liboath/oath.h>
#include <libsecret/secret.h>
#include <string.h>

#include "flow-credentials.h"

/* One schema for the whole app: every item is (broker, name) → secret. Values never leave
 * the keyring except into memory, and no message below ever quotes one. */
static const SecretSchema credential_schema = {
  "io.github.orderflow.OrderFlow.Credential",
  SECRET_SCHEMA_NONE,
  {
    { "broker", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "name", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

/* public_ip is optional: the static IP registered with Angel One for the API key. */
static const char * const angel_names[] = {
  "api_key", "client_code", "pin", "totp_secret", "public_ip", NULL
};
static const char * const upstox_names[] = {
  "api_key", "api_secret", "redirect_uri", "access_token", "access_token_expires",
  "analytics_token", NULL
};

struct _FlowCredentials
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (FlowCredentials, flow_credentials, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_QUARK (flow-credentials-error-quark, flow_credentials_error)

gboolean
flow_broker_from_string (const char *text,
                         FlowBroker *out_broker)
{
  if (g_strcmp0 (text, "angel") == 0)
    *out_broker = FLOW_BROKER_ANGEL;
  else if (g_strcmp0 (text, "upstox") == 0)
    *out_broker = FLOW_BROKER_UPSTOX;
  else
    return FALSE;
  return TRUE;
}

const char *
flow_broker_to_string (FlowBroker broker)
{
  return broker == FLOW_BROKER_ANGEL ? "angel" : "upstox";
}

const char * const *
flow_credentials_names (FlowBroker broker)
{
  return broker == FLOW_BROKER_ANGEL ? angel_names : upstox_names;
}

static char *
normalize_totp_secret (const char  *value,
                       GError     **error)
{
  g_autoptr(GString) cleaned = g_string_new (NULL);
  char *decoded = NULL;
  size_t decoded_length = 0;
  int rc;

  /* Brokers show the secret in groups of four, sometimes lower-case: both are noise. */
  for (const char *p = value; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (cleaned, g_ascii_toupper (*p));

  oath_init ();
  rc = oath_base32_decode (cleaned->str, cleaned->len, &decoded, &decoded_length);
  if (rc != OATH_OK || decoded_length < 10)
    {
      if (decoded != NULL)
        {
          memset (decoded, 0, decoded_length);
          free (decoded);
        }
      g_set_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_INVALID_VALUE,
                   _("totp_secret is not a valid base32 TOTP secret (letters A–Z and digits 2–7, at least 16 characters)"));
      return NULL;
    }
  memset (decoded, 0, decoded_length);
  free (decoded);
  return g_string_free (g_steal_pointer (&cleaned), FALSE);
}

/* Stored in GLib's canonical form, so that "2001:DB8::0001" and "2001:db8::1" are one address.
 * A loopback, link-local or unspecified address cannot be what Angel One has on record. */
static char *
normalize_public_ip (const char  *value,
                     GError     **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (value);

  if (address == NULL)
    {
      g_set_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_INVALID_VALUE,
                   _("public_ip must be an IPv4 or IPv6 address, e.g. 198.51.100.20"));
      return NULL;
    }
  if (g_inet_address_get_is_loopback (address) || g_inet_address_get_is_link_local (address) ||
      g_inet_address_get_is_any (address) || g_inet_address_get_is_multicast (address))
    {
      g_set_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_INVALID_VALUE,
                   _("public_ip must be the public static IP registered with Angel One, not a "
                     "loopback, link-local or multicast address"));
      return NULL;
    }
  return g_inet_address_to_string (address);
}

static gboolean
is_valid_redirect_uri (const char *value)
{
  g_autoptr(GUri) uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
  const char *scheme;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return g_strcmp0 (scheme, "http") == 0 || g_strcmp0 (scheme, "https") == 0;
}

char *
flow_credentials_normalize (FlowBroker   broker,
                            const char  *name,
                            const char  *value,
                            GError     **error)
{
  g_autofree char *trimmed = NULL;

  if (name == NULL || !g_strv_contains (flow_credentials_names (broker), name))
    {
      g_set_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_UNKNOWN_NAME,
                   _("unknown %s credential “%s”"), flow_broker_to_string (broker),
                   name != NULL ? name : "");
      return NULL;
    }

  trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));
  if (*trimmed == '\0')
    {
      g_set_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_EMPTY_VALUE,
                   _("%s must not be empty"), name);
      return NULL;
    }

  if (broker == FLOW_BROKER_ANGEL && strcmp (name, "totp_secret") == 0)
    return normalize_totp_secret (trimmed, error);

  if (broker == FLOW_BROKER_ANGEL && strcmp (name, "public_ip") == 0)
    return normalize_public_ip (trimmed, error);

  if (broker == FLOW_BROKER_UPSTOX && strcmp (name, "access_token_expires") == 0)
    {
      g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (trimmed, NULL);

      if (parsed == NULL)
        {
          g_set_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_INVALID_VALUE,
                       _("access_token_expires must be an ISO 8601 date and time with a zone, e.g. 2026-11-21T03:30:00+05:30"));
          return NULL;
        }
    }

  if (broker == FLOW_BROKER_UPSTOX && strcmp (name, "redirect_uri") == 0 &&
      !is_valid_redirect_uri (trimmed))
    {
      g_set_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_INVALID_VALUE,
                   _("redirect_uri must be an http:// or https:// URL with a host"));
      return NULL;
    }

  return g_steal_pointer (&trimmed);
}

static void
wipe_and_free (gpointer data)
{
  secret_password_free (data);
}

static void
propagate_keyring_error (GError **error,
                         GError  *keyring_error)
{
  if (g_error_matches (keyring_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, keyring_error);
  else
    {
      g_set_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_KEYRING,
                   _("the keyring is not available: %s"), keyring_error->message);
      g_error_free (keyring_error);
    }
}

gboolean
flow_credentials_store_sync (FlowCredentials  *self,
                             FlowBroker        broker,
                             GHashTable       *values,
                             GCancellable     *cancellable,
                             GError          **error)
{
  g_autoptr(GHashTable) normalized = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (FLOW_IS_CREDENTIALS (self), FALSE);

  normalized = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_and_free);
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      char *clean = flow_credentials_normalize (broker, key, value, error);

      if (clean == NULL)
        return FALSE;
      g_hash_table_insert (normalized, g_strdup (key), clean);
    }

  g_hash_table_iter_init (&iter, normalized);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *label = g_strdup_printf ("Order Flow: %s %s",
                                                broker == FLOW_BROKER_ANGEL ? "Angel One" : "Upstox",
                                                (const char *) key);
      GError *keyring_error = NULL;

      if (!secret_password_store_sync (&credential_schema, SECRET_COLLECTION_DEFAULT, label,
                                       value, cancellable, &keyring_error,
                                       "broker", flow_broker_to_string (broker),
                                       "name", (const char *) key,
                                       NULL))
        {
          propagate_keyring_error (error, keyring_error);
          return FALSE;
        }
    }

  g_debug ("stored %u %s credential(s)", g_hash_table_size (normalized),
           flow_broker_to_string (broker));
  return TRUE;
}

GHashTable *
flow_credentials_lookup_all_sync (FlowCredentials  *self,
                                  FlowBroker        broker,
                                  GCancellable     *cancellable,
                                  GError          **error)
{
  g_autoptr(GHashTable) found = NULL;
  const char * const *names = flow_credentials_names (broker);

  g_return_val_if_fail (FLOW_IS_CREDENTIALS (self), NULL);

  found = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_and_free);
  for (guint i = 0; names[i] != NULL; i++)
    {
      GError *keyring_error = NULL;
      char *secret = secret_password_lookup_sync (&credential_schema, cancellable, &keyring_error,
                                                  "broker", flow_broker_to_string (broker),
                                                  "name", names[i],
                                                  NULL);

      if (keyring_error != NULL)
        {
          propagate_keyring_error (error, keyring_error);
          return NULL;
        }
      if (secret != NULL)
        g_hash_table_insert (found, g_strdup (names[i]), secret);
    }
  return g_steal_pointer (&found);
}

GStrv
flow_credentials_list_sync (FlowCredentials  *self,
                            FlowBroker        broker,
                            GCancellable     *cancellable,
                            GError          **error)
{
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char * const *names = flow_credentials_names (broker);

  found = flow_credentials_lookup_all_sync (self, broker, cancellable, error);
  if (found == NULL)
    return NULL;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_hash_table_contains (found, names[i]))
      g_strv_builder_add (builder, names[i]);
  return g_strv_builder_end (builder);
}

gboolean
flow_credentials_clear_sync (FlowCredentials  *self,
                             FlowBroker        broker,
                             GCancellable     *cancellable,
                             GError          **error)
{
  GError *keyring_error = NULL;

  g_return_val_if_fail (FLOW_IS_CREDENTIALS (self), FALSE);

  /* Clearing by the broker attribute alone removes every name at once. */
  secret_password_clear_sync (&credential_schema, cancellable, &keyring_error,
                              "broker", flow_broker_to_string (broker),
                              NULL);
  if (keyring_error != NULL)
    {
      propagate_keyring_error (error, keyring_error);
      return FALSE;
    }
  return TRUE;
}

/* Async variants: the sync calls in a worker thread; "changed" is emitted on the caller's
 * thread when a store or clear finishes. */

typedef struct
{
  FlowBroker  broker;
  GHashTable *values;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_clear_pointer (&data->values, g_hash_table_unref);
  g_free (data);
}

static GHashTable *
copy_values (GHashTable *values)
{
  GHashTable *copy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_and_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy, g_strdup (key), g_strdup (value));
  return copy;
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;

  if (flow_credentials_store_sync (source_object, data->broker, data->values, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  GHashTable *found = flow_credentials_lookup_all_sync (source_object, data->broker,
                                                        cancellable, &error);

  if (found != NULL)
    g_task_return_pointer (task, found, (GDestroyNotify) g_hash_table_unref);
  else
    g_task_return_error (task, error);
}

static void
clear_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;

  if (flow_credentials_clear_sync (source_object, data->broker, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
emit_changed_when_done (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *outer = user_data;
  TaskData *data = g_task_get_task_data (outer);
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_signal_emit (source, signals[CHANGED], 0, (int) data->broker);
      g_task_return_boolean (outer, TRUE);
    }
  else
    g_task_return_error (outer, error);
  g_object_unref (outer);
}

static void
run_changing_task (FlowCredentials     *self,
                   FlowBroker           broker,
                   GHashTable          *values,
                   GTaskThreadFunc      thread_func,
                   gpointer             source_tag,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *outer = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) inner = g_task_new (self, cancellable, emit_changed_when_done, outer);
  TaskData *outer_data = g_new0 (TaskData, 1);
  TaskData *inner_data = g_new0 (TaskData, 1);

  g_task_set_source_tag (outer, source_tag);
  outer_data->broker = broker;
  inner_data->broker = broker;
  inner_data->values = values != NULL ? copy_values (values) : NULL;
  g_task_set_task_data (outer, outer_data, (GDestroyNotify) task_data_free);
  g_task_set_task_data (inner, inner_data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (inner, thread_func);
}

void
flow_credentials_store_async (FlowCredentials     *self,
                              FlowBroker           broker,
                              GHashTable          *values,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (FLOW_IS_CREDENTIALS (self));
  run_changing_task (self, broker, values, store_thread, flow_credentials_store_async,
                     cancellable, callback, user_data);
}

gboolean
flow_credentials_store_finish (FlowCredentials  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
flow_credentials_clear_async (FlowCredentials     *self,
                              FlowBroker           broker,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (FLOW_IS_CREDENTIALS (self));
  run_changing_task (self, broker, NULL, clear_thread, flow_credentials_clear_async,
                     cancellable, callback, user_data);
}

gboolean
flow_credentials_clear_finish (FlowCredentials  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
flow_credentials_lookup_all_async (FlowCredentials     *self,
                                   FlowBroker           broker,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  TaskData *data = g_new0 (TaskData, 1);

  g_return_if_fail (FLOW_IS_CREDENTIALS (self));
  data->broker = broker;
  g_task_set_source_tag (task, flow_credentials_lookup_all_async);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  g_task_run_in_thread (task, lookup_thread);
}

GHashTable *
flow_credentials_lookup_all_finish (FlowCredentials  *self,
                                    GAsyncResult     *result,
                                    GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
flow_credentials_class_init (FlowCredentialsClass *klass)
{
  /* Emitted after a store or clear through the async API, with the broker as an int. */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
flow_credentials_init (FlowCredentials *self)
{
}

FlowCredentials *
flow_credentials_new (void)
{
  return g_object_new (FLOW_TYPE_CREDENTIALS, NULL);
}

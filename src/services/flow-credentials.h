/* flow-credentials.h: broker credentials and tokens, kept only in the system keyring
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  FLOW_BROKER_ANGEL,
  FLOW_BROKER_UPSTOX,
} FlowBroker;

#define FLOW_CREDENTIALS_ERROR (flow_credentials_error_quark ())

typedef enum
{
  FLOW_CREDENTIALS_ERROR_UNKNOWN_NAME,
  FLOW_CREDENTIALS_ERROR_EMPTY_VALUE,
  FLOW_CREDENTIALS_ERROR_INVALID_VALUE,
  FLOW_CREDENTIALS_ERROR_KEYRING,
} FlowCredentialsError;

GQuark              flow_credentials_error_quark (void);

gboolean            flow_broker_from_string      (const char   *text,
                                                  FlowBroker   *out_broker);
const char         *flow_broker_to_string        (FlowBroker    broker);
/* The names a broker's credentials may have, in display order. */
const char * const *flow_credentials_names       (FlowBroker    broker);
/* Checks one NAME=VALUE pair and returns the value as it will be stored (a TOTP secret
 * loses its spaces and is upper-cased), or NULL with an error that never quotes the value. */
char               *flow_credentials_normalize   (FlowBroker    broker,
                                                  const char   *name,
                                                  const char   *value,
                                                  GError      **error);

#define FLOW_TYPE_CREDENTIALS (flow_credentials_get_type ())
G_DECLARE_FINAL_TYPE (FlowCredentials, flow_credentials, FLOW, CREDENTIALS, GObject)

FlowCredentials *flow_credentials_new               (void);

/* Validates every pair of @values (name → value) first: on any error nothing is stored. */
gboolean         flow_credentials_store_sync        (FlowCredentials      *self,
                                                     FlowBroker            broker,
                                                     GHashTable           *values,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
/* Returns the names stored for @broker (possibly empty), or NULL on a keyring error. */
GStrv            flow_credentials_list_sync         (FlowCredentials      *self,
                                                     FlowBroker            broker,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
/* Returns name → value for every stored name; free the values with the table. */
GHashTable      *flow_credentials_lookup_all_sync   (FlowCredentials      *self,
                                                     FlowBroker            broker,
                                                     GCancellable         *cancellable,
                                                     GError              **error);
gboolean         flow_credentials_clear_sync        (FlowCredentials      *self,
                                                     FlowBroker            broker,
                                                     GCancellable         *cancellable,
                                                     GError              **error);

/* The same, off the main thread for the GUI (libsecret's sync calls may block on D-Bus). */
void             flow_credentials_store_async       (FlowCredentials      *self,
                                                     FlowBroker            broker,
                                                     GHashTable           *values,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         flow_credentials_store_finish      (FlowCredentials      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void             flow_credentials_lookup_all_async  (FlowCredentials      *self,
                                                     FlowBroker            broker,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GHashTable      *flow_credentials_lookup_all_finish (FlowCredentials      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
void             flow_credentials_clear_async       (FlowCredentials      *self,
                                                     FlowBroker            broker,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean         flow_credentials_clear_finish      (FlowCredentials      *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

G_END_DECLS

/* flow-cli-credentials.c: orderflow-cli credentials set|status|clear
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-cli"

#include "config.h"

#include <gio/gunixinputstream.h>
#include <libsecret/secret.h>
#include <stdio.h>
#include <string.h>

#include "flow-cli.h"
#include "flow-credentials.h"

static const char *usage =
  "orderflow-cli credentials set angel|upstox < NAME=VALUE lines\n"
  "       orderflow-cli credentials status [angel|upstox]\n"
  "       orderflow-cli credentials clear angel|upstox";

static void
wipe_string (gpointer data)
{
  secret_password_free (data);
}

/* Secrets arrive on stdin only, never in argv, so they stay out of `ps` and shell history. */
static GHashTable *
read_pairs (FlowBroker   broker,
            GError     **error)
{
  g_autoptr(GInputStream) stdin_stream = g_unix_input_stream_new (0, FALSE);
  g_autoptr(GDataInputStream) input = g_data_input_stream_new (stdin_stream);
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_string);
  guint line_number = 0;

  for (;;)
    {
      g_autofree char *line = NULL;
      g_autofree char *checked = NULL;
      GError *read_error = NULL;
      char *equals;

      line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &read_error);
      if (read_error != NULL)
        {
          g_propagate_prefixed_error (error, read_error, "cannot read standard input: ");
          return NULL;
        }
      if (line == NULL)
        break;
      line_number++;

      g_strchomp (line);
      if (*line == '\0' || *line == '#')
        continue;

      equals = strchr (line, '=');
      if (equals == NULL)
        {
          g_set_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_INVALID_VALUE,
                       "line %u is not NAME=VALUE", line_number);
          /* The line may be a secret typed without its name: wipe it. */
          memset (line, 0, strlen (line));
          return NULL;
        }
      *equals = '\0';
      g_strstrip (line);
      checked = flow_credentials_normalize (broker, line, equals + 1, error);
      memset (equals + 1, 0, strlen (equals + 1));
      if (checked == NULL)
        {
          g_prefix_error (error, "line %u: ", line_number);
          return NULL;
        }
      g_hash_table_replace (pairs, g_strdup (line), g_steal_pointer (&checked));
    }

  if (g_hash_table_size (pairs) == 0)
    {
      g_set_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_EMPTY_VALUE,
                   "no NAME=VALUE lines on standard input");
      return NULL;
    }
  return g_steal_pointer (&pairs);
}

static int
run_set (FlowCredentials *credentials,
         FlowBroker       broker)
{
  g_autoptr(GHashTable) pairs = NULL;
  g_autoptr(GError) error = NULL;

  pairs = read_pairs (broker, &error);
  if (pairs == NULL || !flow_credentials_store_sync (credentials, broker, pairs, NULL, &error))
    return flow_cli_fail ("%s", error->message);
  printf ("stored %u %s credential%s\n", g_hash_table_size (pairs),
          flow_broker_to_string (broker), g_hash_table_size (pairs) == 1 ? "" : "s");
  return FLOW_CLI_EXIT_OK;
}

static int
print_status (FlowCredentials *credentials,
              FlowBroker       broker,
              const char      *indent)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) stored = flow_credentials_list_sync (credentials, broker, NULL, &error);
  const char * const *names = flow_credentials_names (broker);

  if (stored == NULL)
    return flow_cli_fail ("%s", error->message);
  for (guint i = 0; names[i] != NULL; i++)
    printf ("%s%s: %s\n", indent, names[i],
            g_strv_contains ((const char * const *) stored, names[i]) ? "set" : "not set");
  return FLOW_CLI_EXIT_OK;
}

int
flow_cli_credentials (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(FlowCredentials) credentials = NULL;
  g_autoptr(GError) error = NULL;
  const char *action;
  FlowBroker broker;
  int status = FLOW_CLI_EXIT_OK;

  context = g_option_context_new ("set|status|clear [angel|upstox]");
  g_option_context_set_summary (context,
    "Store, list or remove broker credentials in the system keyring.\n\n"
    "  set BROKER      read NAME=VALUE lines on stdin; update those names, keep the rest\n"
    "  status [BROKER] show which names are stored (never their values)\n"
    "  clear BROKER    remove every stored name of BROKER\n\n"
    "angel names:  api_key, client_code, pin, totp_secret (base32), and optionally\n"
    "              public_ip (the static IP registered with Angel One)\n"
    "upstox names: api_key, api_secret, redirect_uri, access_token, access_token_expires\n"
    "              (ISO 8601), analytics_token");
  if (!flow_cli_parse_options (context, usage, &argc, &argv, &status))
    return status;

  if (argc < 2)
    return flow_cli_usage_error (usage, "credentials needs an action: set, status or clear");
  action = argv[1];

  if (strcmp (action, "status") == 0)
    {
      if (argc > 3)
        return flow_cli_usage_error (usage, "too many arguments");
      credentials = flow_credentials_new ();
      if (argc == 3)
        {
          if (!flow_broker_from_string (argv[2], &broker))
            return flow_cli_usage_error (usage, "unknown broker “%s”", argv[2]);
          return print_status (credentials, broker, "");
        }
      printf ("angel:\n");
      status = print_status (credentials, FLOW_BROKER_ANGEL, "  ");
      if (status != FLOW_CLI_EXIT_OK)
        return status;
      printf ("upstox:\n");
      return print_status (credentials, FLOW_BROKER_UPSTOX, "  ");
    }

  if (strcmp (action, "set") != 0 && strcmp (action, "clear") != 0)
    return flow_cli_usage_error (usage, "unknown credentials action “%s”", action);
  if (argc != 3)
    return flow_cli_usage_error (usage, "credentials %s needs exactly one broker: angel or upstox",
                                 action);
  if (!flow_broker_from_string (argv[2], &broker))
    return flow_cli_usage_error (usage, "unknown broker “%s”", argv[2]);

  credentials = flow_credentials_new ();
  if (strcmp (action, "set") == 0)
    return run_set (credentials, broker);

  if (!flow_credentials_clear_sync (credentials, broker, NULL, &error))
    return flow_cli_fail ("%s", error->message);
  printf ("cleared %s credentials\n", flow_broker_to_string (broker));
  return FLOW_CLI_EXIT_OK;
}

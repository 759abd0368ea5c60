/* flow-cli-login-angel.c: orderflow-cli login angel
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-cli-login-angel"

#include "config.h"

#include <stdio.h>

#include "flow-cli.h"
#include "flow-credentials.h"
#include "flow-endpoint.h"
#include "flow-smartapi-client.h"

static const char *usage = "orderflow-cli login angel";

typedef struct
{
  GMainLoop *loop;
  char      *client_code;
  GError    *error;
} Login;

static void
on_profile (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Login *login = user_data;

  login->client_code = flow_smartapi_client_get_profile_finish (FLOW_SMARTAPI_CLIENT (source),
                                                                result, &login->error);
  g_main_loop_quit (login->loop);
}

int
flow_cli_login_angel (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(FlowCredentials) credentials = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(FlowSmartapiClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *api_url = NULL;
  Login login = { NULL };
  int status = FLOW_CLI_EXIT_OK;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    "Log in to Angel One with the account in the keyring (api_key, client_code, pin and a\n"
    "fresh code from totp_secret) and check the session; prints “logged in as <client code>”.");
  if (!flow_cli_parse_options (context, usage, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return flow_cli_usage_error (usage, "unexpected argument “%s”", argv[1]);

  api_url = flow_endpoint_resolve ("ORDERFLOW_ANGEL_API_URL", FLOW_SMARTAPI_DEFAULT_API_URL,
                                   &error);
  if (api_url == NULL)
    return flow_cli_fail ("ORDERFLOW_ANGEL_API_URL: %s", error->message);
  credentials = flow_credentials_new ();
  values = flow_credentials_lookup_all_sync (credentials, FLOW_BROKER_ANGEL, NULL, &error);
  if (values == NULL)
    return flow_cli_fail ("cannot read the keyring: %s", error->message);
  client = flow_smartapi_client_new_from_credentials (NULL, api_url, values, &error);
  if (client == NULL)
    return flow_cli_fail ("%s", error->message);

  login.loop = g_main_loop_new (NULL, FALSE);
  flow_smartapi_client_get_profile_async (client, NULL, on_profile, &login);
  g_main_loop_run (login.loop);
  g_main_loop_unref (login.loop);
  if (login.client_code == NULL)
    {
      status = flow_cli_fail ("%s", login.error->message);
      g_error_free (login.error);
      return status;
    }
  printf ("logged in as %s\n", login.client_code);
  fflush (stdout);
  g_free (login.client_code);
  return FLOW_CLI_EXIT_OK;
}

/* flow-cli-login.c: orderflow-cli login angel|upstox
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-cli.h"

#include <string.h>

static const char *usage = "orderflow-cli login angel | orderflow-cli login upstox [--no-browser]";

int
flow_cli_login (int    argc,
                char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "angel") == 0)
    return flow_cli_login_angel (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "upstox") == 0)
    return flow_cli_login_upstox (argc - 1, argv + 1);
  if (argc >= 2 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0))
    {
      g_print ("Usage:\n  %s\n\nLog in to a broker and keep the session in the keyring.\n", usage);
      return FLOW_CLI_EXIT_OK;
    }
  return flow_cli_usage_error (usage, argc < 2 ? "login needs a broker: angel or upstox"
                                               : "unknown broker “%s”", argc < 2 ? "" : argv[1]);
}

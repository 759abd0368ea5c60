/* orderflow-cli.c: the headless companion of Order Flow
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "flow-cli.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} FlowCliCommand;

static const FlowCliCommand commands[] = {
  { "credentials", flow_cli_credentials, "set, show or clear broker credentials in the keyring" },
  { "login",       flow_cli_login,       "log in to a broker (angel, upstox)" },
  { "record",      flow_cli_record,      "journal the snapshots of a live or demo feed" },
  { "footprint",   flow_cli_footprint,   "replay a journal into footprint CSV" },
  { "candles",     flow_cli_candles,     "a day's one-minute candles from a broker, as CSV" },
  { "oi",          flow_cli_oi,          "print the OI tracker as JSON Lines" },
};

static const char *usage_line = "orderflow-cli COMMAND [OPTIONS…]  (orderflow-cli --help lists commands)";

static void
print_help (FILE *stream)
{
  fprintf (stream, "Usage:\n  orderflow-cli COMMAND [OPTIONS…]\n\nCommands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-12s %s\n", commands[i].name, commands[i].summary);
  fprintf (stream, "\nRun 'orderflow-cli COMMAND --help' for the options of a command.\n");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("orderflow-cli");

  if (argc < 2)
    return flow_cli_usage_error (usage_line, "no command given");

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_help (stdout);
      return FLOW_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("orderflow-cli %s\n", PACKAGE_VERSION);
      return FLOW_CLI_EXIT_OK;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  return flow_cli_usage_error (usage_line, "unknown command “%s”", argv[1]);
}

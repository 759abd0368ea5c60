/* flow-cli-common.c: error and usage reporting shared by the commands
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-cli.h"
#include "flow-demo-market.h"

#include <stdio.h>

char *
flow_cli_demo_underlyings (void)
{
  g_autoptr(GString) names = g_string_new (NULL);
  const char *name;

  for (guint i = 0; (name = flow_demo_market_nth_underlying (i)) != NULL; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? ", " : "", name);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

int
flow_cli_fail (const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* The contract promises exactly one line. */
  g_strdelimit (message, "\r\n", ' ');
  fflush (stdout);
  fprintf (stderr, "orderflow-cli: %s\n", message);
  return FLOW_CLI_EXIT_FAILURE;
}

int
flow_cli_usage_error (const char *usage,
                      const char *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  fflush (stdout);
  fprintf (stderr, "orderflow-cli: %s\nusage: %s\n", message, usage);
  return FLOW_CLI_EXIT_USAGE;
}

gboolean
flow_cli_parse_options (GOptionContext  *context,
                        const char      *usage,
                        int             *argc,
                        char          ***argv,
                        int             *exit_status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_status = flow_cli_usage_error (usage, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

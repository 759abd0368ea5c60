/* flow-cli-credentials.c: orderflow-cli credentials set|status|clear
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-cli.h"

int
flow_cli_credentials (int    argc,
                      char **argv)
{
  return flow_cli_fail ("credentials is not available yet");
}

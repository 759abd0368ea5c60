/* flow-cli-oi.c: orderflow-cli oi
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-cli.h"

int
flow_cli_oi (int    argc,
             char **argv)
{
  return flow_cli_fail ("oi is not available yet");
}

/* flow-cli-footprint.c: orderflow-cli record and orderflow-cli footprint
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-cli.h"

int
flow_cli_record (int    argc,
                 char **argv)
{
  return flow_cli_fail ("record is not available yet");
}

int
flow_cli_footprint (int    argc,
                    char **argv)
{
  return flow_cli_fail ("footprint is not available yet");
}

/* flow-cli-login-angel.c: orderflow-cli login angel
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-cli.h"

int
flow_cli_login_angel (int    argc,
                      char **argv)
{
  return flow_cli_fail ("the Angel One client is not available in this version");
}

/* flow-cli-login-upstox.c: orderflow-cli login upstox
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-cli.h"

int
flow_cli_login_upstox (int    argc,
                       char **argv)
{
  return flow_cli_fail ("the Upstox sign-in is not available in this version");
}

/* flow-cli-login.c: orderflow-cli login angel|upstox
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-cli.h"

int
flow_cli_login (int    argc,
                char **argv)
{
  /* The broker clients are not built yet (issues 5 and 7): say so instead of pretending. */
  return flow_cli_fail ("login is not available in this version: the broker clients are not built yet");
}

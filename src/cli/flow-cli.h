/* flow-cli.h: the commands of orderflow-cli (contract: shared/design/cli.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of the contract. */
#define FLOW_CLI_EXIT_OK      0
#define FLOW_CLI_EXIT_FAILURE 1
#define FLOW_CLI_EXIT_USAGE   2

/* Each command receives argv starting at its own name ("credentials", "record", …). */
int  flow_cli_credentials (int    argc,
                           char **argv);
int  flow_cli_login       (int    argc,
                           char **argv);
/* login's per-broker halves; argv starts at the broker name. */
int  flow_cli_login_angel  (int    argc,
                            char **argv);
int  flow_cli_login_upstox (int    argc,
                            char **argv);
int  flow_cli_record      (int    argc,
                           char **argv);
int  flow_cli_footprint   (int    argc,
                           char **argv);
int  flow_cli_oi          (int    argc,
                           char **argv);
int  flow_cli_candles     (int    argc,
                           char **argv);

/* Prints "orderflow-cli: <message>" on stderr and returns FLOW_CLI_EXIT_FAILURE. */
int  flow_cli_fail        (const char *format,
                           ...) G_GNUC_PRINTF (1, 2);
/* Prints "orderflow-cli: <message>" and the usage line on stderr; returns FLOW_CLI_EXIT_USAGE. */
int  flow_cli_usage_error (const char *usage,
                           const char *format,
                           ...) G_GNUC_PRINTF (2, 3);
/* "NIFTY, BANKNIFTY, …": the underlyings the demo market simulates, for error messages. */
char *flow_cli_demo_underlyings (void);
/* Parses @context's options in place. Returns TRUE on success; otherwise prints the error
 * with @usage and sets *exit_status to FLOW_CLI_EXIT_USAGE. --help exits 0 by itself. */
gboolean flow_cli_parse_options (GOptionContext  *context,
                                 const char      *usage,
                                 int             *argc,
                                 char          ***argv,
                                 int             *exit_status);

G_END_DECLS

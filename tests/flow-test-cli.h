/* flow-test-cli.h: running orderflow-cli from tests, with every wait bounded and nothing leaked
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The program is $ORDERFLOW_CLI (set by meson test). The common case:
 *
 *   g_auto(FlowTestCliResult) summary = { 0 };
 *
 *   flow_test_cli_run (&summary, NULL, "footprint", journal, "--summary", NULL);
 *   g_assert_cmpint (summary.status, ==, 0);
 *   g_assert_cmpstr (summary.out, ==, expected);
 */

/* How long a run may take when the options do not say. */
#define FLOW_TEST_CLI_TIMEOUT_S 120

/* One line of the command's output as it arrives, without its '\n' (a last line without one
 * comes at the end of the output). */
typedef void (*FlowTestCliLineFunc) (const char *line,
                                     gpointer    user_data);

/* Everything optional: a zero-initialised struct (or NULL) runs the command with an empty
 * stdin, this process's environment and FLOW_TEST_CLI_TIMEOUT_S. */
typedef struct
{
  /* Written whole (at most 64 KiB) to the command's stdin, which is then closed; NULL: an
   * empty stdin. */
  const char          *stdin_text;
  /* NULL-terminated NAME, VALUE, NAME, VALUE…: set in the command's environment on top of
   * this process's. */
  const char * const  *env;
  /* Sets XDG_DATA_HOME to g_get_user_data_dir () (before @env): under
   * G_TEST_OPTION_ISOLATE_DIRS each test has its own, which GLib does not export. */
  gboolean             pass_user_data_dir;
  /* Runs in the child before exec (a resource limit, say). */
  GSpawnChildSetupFunc child_setup;
  /* How long the command may run, from its start, before the wait for it kills it and fails
   * the test, in seconds; 0: FLOW_TEST_CLI_TIMEOUT_S. */
  guint                timeout_s;
  /* Called from the main context as lines arrive; the text also goes to the result. */
  FlowTestCliLineFunc  on_stdout_line;
  FlowTestCliLineFunc  on_stderr_line;
  gpointer             line_data;
} FlowTestCliOptions;

/* How a run ended and all it printed. Zero-initialise it (g_auto() does the rest); the run
 * functions refuse one that still holds output, since that would leak. */
typedef struct
{
  gboolean  exited;     /* FALSE when a signal ended it */
  int       status;     /* the exit status when it exited, else -1 */
  int       term_sig;   /* the signal that ended it, else 0 */
  char     *out;        /* all of stdout, valid UTF-8, never NULL after a run */
  char     *err;        /* all of stderr, likewise */
} FlowTestCliResult;

void flow_test_cli_result_clear (FlowTestCliResult *result);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FlowTestCliResult, flow_test_cli_result_clear)

/* Runs `$ORDERFLOW_CLI ARGS…` to its end, turning the thread-default main context meanwhile
 * (in-process test servers live on it). The test fails with a g_error() naming the command
 * when it has not ended within the timeout (the command is killed first) or when a signal
 * ended it: a command run to completion must exit by itself. @options may be NULL. */
void flow_test_cli_run  (FlowTestCliResult        *result,
                         const FlowTestCliOptions *options,
                         const char               *first_arg,
                         ...) G_GNUC_NULL_TERMINATED;
/* The same with a NULL-terminated array of arguments. */
void flow_test_cli_runv (FlowTestCliResult        *result,
                         const FlowTestCliOptions *options,
                         const char * const       *args);

/* A command to interact with while it runs: signal it, sample /proc, read its lines as they
 * come. It is read from (and reaped) on the thread-default main context, so the test keeps
 * that turning (flow_test_run_until(), or the wait below). */
typedef struct _FlowTestCli FlowTestCli;

/* Starts the command as flow_test_cli_run() would (@options may be NULL) and returns. */
FlowTestCli *flow_test_cli_spawn       (const FlowTestCliOptions *options,
                                        const char * const       *args);
GSubprocess *flow_test_cli_get_process (FlowTestCli              *cli);
/* FALSE once the process has ended (its output may still be coming). */
gboolean     flow_test_cli_is_running  (FlowTestCli              *cli);
/* Waits, bounded by the timeout, until the process has ended and its output is all read, fills
 * @result and frees @cli. A signal is a result here, not a failure. */
void         flow_test_cli_wait        (FlowTestCli              *cli,
                                        FlowTestCliResult        *result);

G_END_DECLS

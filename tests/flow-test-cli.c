/* flow-test-cli.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-test-cli.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#define READ_CHUNK 16384
/* What a pipe takes without a reader: stdin is written whole before any output is read. */
#define MAX_STDIN  65536

typedef struct
{
  FlowTestCli         *cli;
  GInputStream        *stream;      /* the process's */
  GString             *text;
  gsize                line_start;  /* the first byte not yet passed to on_line */
  FlowTestCliLineFunc  on_line;
  gboolean             done;
} Pipe;

struct _FlowTestCli
{
  GSubprocess *process;
  char        *command;      /* for messages */
  guint        timeout_s;
  gint64       deadline_us;  /* monotonic */
  Pipe         out;
  Pipe         err;
  gpointer     line_data;
  gboolean     running;
};

void
flow_test_cli_result_clear (FlowTestCliResult *result)
{
  g_free (result->out);
  g_free (result->err);
  memset (result, 0, sizeof *result);
}

static void
pass_lines (Pipe     *pipe,
            gboolean  at_end)
{
  const char *newline;

  if (pipe->on_line == NULL)
    return;
  while ((newline = memchr (pipe->text->str + pipe->line_start, '\n',
                            pipe->text->len - pipe->line_start)) != NULL)
    {
      const char *start = pipe->text->str + pipe->line_start;
      g_autofree char *line = g_strndup (start, (gsize) (newline - start));

      pipe->line_start = (gsize) (newline - pipe->text->str) + 1;
      pipe->on_line (line, pipe->cli->line_data);
    }
  if (at_end && pipe->line_start < pipe->text->len)
    {
      g_autofree char *line = g_strndup (pipe->text->str + pipe->line_start,
                                         pipe->text->len - pipe->line_start);

      pipe->line_start = pipe->text->len;
      pipe->on_line (line, pipe->cli->line_data);
    }
}

static void
on_read (GObject      *source,
         GAsyncResult *res,
         gpointer      user_data)
{
  Pipe *pipe = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), res,
                                                              &error);
  gsize length;
  const char *data;

  if (bytes == NULL)
    g_error ("%s: reading its output: %s", pipe->cli->command, error->message);
  data = g_bytes_get_data (bytes, &length);
  g_string_append_len (pipe->text, data, (gssize) length);
  pass_lines (pipe, length == 0);
  if (length == 0)
    pipe->done = TRUE;
  else
    g_input_stream_read_bytes_async (pipe->stream, READ_CHUNK, G_PRIORITY_DEFAULT, NULL,
                                     on_read, pipe);
}

static void
pipe_start (Pipe                *pipe,
            FlowTestCli         *cli,
            GInputStream        *stream,
            FlowTestCliLineFunc  on_line)
{
  pipe->cli = cli;
  pipe->stream = stream;
  pipe->text = g_string_new (NULL);
  pipe->on_line = on_line;
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT, NULL, on_read, pipe);
}

/* Writes @text and closes stdin. A command may exit without reading it (a usage error): that
 * is its business, and the write must not end this process with SIGPIPE. */
static void
write_stdin (FlowTestCli *cli,
             const char  *text)
{
  GOutputStream *in = g_subprocess_get_stdin_pipe (cli->process);
  g_autoptr(GError) error = NULL;
  sigset_t sigpipe, old_mask;

  if (text != NULL && *text != '\0')
    {
      g_assert_cmpuint (strlen (text), <=, MAX_STDIN);
      sigemptyset (&sigpipe);
      sigaddset (&sigpipe, SIGPIPE);
      pthread_sigmask (SIG_BLOCK, &sigpipe, &old_mask);
      if (!g_output_stream_write_all (in, text, strlen (text), NULL, NULL, &error))
        {
          struct timespec no_wait = { 0, 0 };

          if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
            g_error ("%s: writing its stdin: %s", cli->command, error->message);
          /* The pending SIGPIPE of this thread, taken before it is unblocked. */
          sigtimedwait (&sigpipe, NULL, &no_wait);
        }
      pthread_sigmask (SIG_SETMASK, &old_mask, NULL);
    }
  g_output_stream_close (in, NULL, NULL);
}

static void
on_exited (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  FlowTestCli *cli = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), res, NULL);
  cli->running = FALSE;
}

/* In the child: it goes when the test goes (a failed assertion aborts the test mid-run), and
 * then the caller's own set-up. */
static void
child_setup (gpointer data)
{
  const FlowTestCliOptions *options = data;

  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (options->child_setup != NULL)
    options->child_setup (NULL);
}

FlowTestCli *
flow_test_cli_spawn (const FlowTestCliOptions *options,
                     const char * const       *args)
{
  static const FlowTestCliOptions defaults = { 0 };
  const char *program = g_getenv ("ORDERFLOW_CLI");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *joined = NULL;
  FlowTestCli *cli;

  if (program == NULL)
    g_error ("ORDERFLOW_CLI is not set: run the tests with meson test");
  if (options == NULL)
    options = &defaults;

  cli = g_new0 (FlowTestCli, 1);
  g_ptr_array_add (argv, (gpointer) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  joined = g_strjoinv (" ", (char **) argv->pdata + 1);
  cli->command = g_strconcat ("orderflow-cli ", joined, NULL);
  cli->timeout_s = options->timeout_s > 0 ? options->timeout_s : FLOW_TEST_CLI_TIMEOUT_S;
  cli->line_data = options->line_data;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  if (options->pass_user_data_dir)
    g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  for (guint i = 0; options->env != NULL && options->env[i] != NULL; i += 2)
    {
      g_assert_nonnull (options->env[i + 1]);
      g_subprocess_launcher_setenv (launcher, options->env[i], options->env[i + 1], TRUE);
    }
  g_subprocess_launcher_set_child_setup (launcher, child_setup, (gpointer) options, NULL);
  cli->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                               &error);
  if (cli->process == NULL)
    g_error ("%s: cannot start it: %s", cli->command, error->message);
  cli->deadline_us = g_get_monotonic_time () + cli->timeout_s * G_USEC_PER_SEC;
  cli->running = TRUE;

  write_stdin (cli, options->stdin_text);
  pipe_start (&cli->out, cli, g_subprocess_get_stdout_pipe (cli->process),
              options->on_stdout_line);
  pipe_start (&cli->err, cli, g_subprocess_get_stderr_pipe (cli->process),
              options->on_stderr_line);
  g_subprocess_wait_async (cli->process, NULL, on_exited, cli);
  return cli;
}

GSubprocess *
flow_test_cli_get_process (FlowTestCli *cli)
{
  return cli->process;
}

gboolean
flow_test_cli_is_running (FlowTestCli *cli)
{
  return cli->running;
}

static gboolean
on_deadline (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static char *
take_text (FlowTestCli *cli,
           Pipe        *pipe,
           const char  *name)
{
  char *text;
  gsize length = pipe->text->len;

  text = g_string_free (g_steal_pointer (&pipe->text), FALSE);
  if (!g_utf8_validate (text, (gssize) length, NULL))
    g_error ("%s: its %s is not UTF-8 text", cli->command, name);
  return text;
}

void
flow_test_cli_wait (FlowTestCli       *cli,
                    FlowTestCliResult *result)
{
  gint64 left_us = cli->deadline_us - g_get_monotonic_time ();
  gboolean late = left_us <= 0;
  guint deadline_id = late ? 0 : g_timeout_add ((guint) ((left_us + 999) / 1000), on_deadline,
                                                &late);

  if (result->out != NULL || result->err != NULL)
    g_error ("%s: its result would overwrite an uncleared one (a leak)", cli->command);
  while ((cli->running || !cli->out.done || !cli->err.done) && !late)
    g_main_context_iteration (NULL, TRUE);
  if (cli->running || !cli->out.done || !cli->err.done)
    {
      g_subprocess_force_exit (cli->process);
      g_error ("%s: still running %u s after its start, so it was killed; its stderr so "
               "far:\n%s", cli->command, cli->timeout_s, cli->err.text->str);
    }
  if (!late)
    g_source_remove (deadline_id);

  result->exited = g_subprocess_get_if_exited (cli->process);
  result->status = result->exited ? g_subprocess_get_exit_status (cli->process) : -1;
  result->term_sig = g_subprocess_get_if_signaled (cli->process) ?
                     g_subprocess_get_term_sig (cli->process) : 0;
  result->out = take_text (cli, &cli->out, "stdout");
  result->err = take_text (cli, &cli->err, "stderr");

  g_object_unref (cli->process);
  g_free (cli->command);
  g_free (cli);
}

void
flow_test_cli_runv (FlowTestCliResult        *result,
                    const FlowTestCliOptions *options,
                    const char * const       *args)
{
  FlowTestCli *cli = flow_test_cli_spawn (options, args);
  g_autofree char *command = g_strdup (cli->command);

  flow_test_cli_wait (cli, result);
  if (!result->exited)
    g_error ("%s: ended by signal %d (%s) instead of exiting; its stderr:\n%s", command,
             result->term_sig, g_strsignal (result->term_sig), result->err);
}

void
flow_test_cli_run (FlowTestCliResult        *result,
                   const FlowTestCliOptions *options,
                   const char               *first_arg,
                   ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list list;

  va_start (list, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (list, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (list);
  g_ptr_array_add (args, NULL);
  flow_test_cli_runv (result, options, (const char * const *) args->pdata);
}

/* test-secrets.c: no credential or token leaks into logs, files or command lines, and plain
 * http is refused for hosts that are not this computer
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "flow-test-keyring.h"
#include "flow-test-smartapi-server.h"
#include "flow-test-upstox-server.h"

/* Distinctive values, so that a hit is a leak and not a coincidence. */
#define ANGEL_API_KEY     "ak-5ecret-e2f9c4d1"
#define ANGEL_PIN         "pin-5ecret-7d3a"
#define WRONG_PIN         "pin-wrong-5ecret-91b6"
#define UPSTOX_API_KEY    "upstox-app-key"
#define UPSTOX_API_SECRET "us-5ecret-4b8e02f7"
#define UPSTOX_CODE       "code-5ecret-a61f"
#define UPSTOX_TOKEN      "tok-5ecret-0c93e5"

static FlowTestKeyring *keyring;
static char *log_dir;

/* Everything a run left to search: its output and what its command line and environment
 * looked like while it ran. */
typedef struct
{
  GSubprocess *process;
  char        *out_path;
  char        *err_path;
  GString     *proc_samples;
  guint        n_samples;
  gboolean     exited;
  int          status;
  guint        sample_id;
} Run;

static GPtrArray *evidence;   /* of char *: every log and sample, for the final search */
static guint      n_runs;
static guint      n_samples;

static void
sample_proc (Run *run)
{
  const char *pid = g_subprocess_get_identifier (run->process);
  const char *names[] = { "cmdline", "environ" };

  if (pid == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%s/%s", pid, names[i]);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_get_contents (path, &contents, &length, NULL))
        {
          /* NUL-separated: make it one searchable string. */
          for (gsize k = 0; k < length; k++)
            if (contents[k] == '\0')
              contents[k] = '\n';
          g_string_append_len (run->proc_samples, contents, (gssize) length);
          run->n_samples++;
        }
    }
}

static gboolean
on_sample (gpointer data)
{
  Run *run = data;

  if (run->exited)
    {
      run->sample_id = 0;
      return G_SOURCE_REMOVE;
    }
  sample_proc (run);
  return G_SOURCE_CONTINUE;
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Run *run = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  run->status = g_subprocess_get_if_exited (run->process) ?
                g_subprocess_get_exit_status (run->process) : -1;
  run->exited = TRUE;
}

/* Starts orderflow-cli with G_MESSAGES_DEBUG=all, stdout and stderr going to files outside
 * the searched home, and its /proc entries sampled every 5 ms. */
static void
run_start (Run                *run,
           const char         *stdin_text,
           const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    stdin_text != NULL ? G_SUBPROCESS_FLAGS_STDIN_PIPE : G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  memset (run, 0, sizeof *run);
  n_runs++;
  run->out_path = g_strdup_printf ("%s/run-%02u.out", log_dir, n_runs);
  run->err_path = g_strdup_printf ("%s/run-%02u.err", log_dir, n_runs);
  run->proc_samples = g_string_new (NULL);
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "all", TRUE);
  g_subprocess_launcher_set_stdout_file_path (launcher, run->out_path);
  g_subprocess_launcher_set_stderr_file_path (launcher, run->err_path);
  g_ptr_array_add (argv, (gpointer) g_getenv ("ORDERFLOW_CLI"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  run->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                               &error);
  g_assert_no_error (error);
  sample_proc (run);
  if (stdin_text != NULL)
    {
      GOutputStream *in = g_subprocess_get_stdin_pipe (run->process);

      g_output_stream_write_all (in, stdin_text, strlen (stdin_text), NULL, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_close (in, NULL, &error);
      g_assert_no_error (error);
    }
  g_subprocess_wait_async (run->process, NULL, on_exited, run);
  run->sample_id = g_timeout_add (5, on_sample, run);
}

static char *
read_text (const char *path)
{
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, NULL);
  return contents != NULL ? contents : g_strdup ("");
}

/* Waits for the exit (the servers live on this main loop) and keeps the evidence. */
static int
run_finish (Run   *run,
            char **out_stdout,
            char **out_stderr)
{
  while (!run->exited)
    g_main_context_iteration (NULL, TRUE);
  g_clear_handle_id (&run->sample_id, g_source_remove);
  g_ptr_array_add (evidence, g_strdup_printf ("%s: stdout\n%s", run->out_path,
                                             read_text (run->out_path)));
  g_ptr_array_add (evidence, g_strdup_printf ("%s: stderr\n%s", run->err_path,
                                             read_text (run->err_path)));
  g_ptr_array_add (evidence, g_strdup_printf ("%s: /proc samples\n%s", run->out_path,
                                             run->proc_samples->str));
  n_samples += run->n_samples;
  if (out_stdout != NULL)
    *out_stdout = read_text (run->out_path);
  if (out_stderr != NULL)
    *out_stderr = read_text (run->err_path);
  g_string_free (run->proc_samples, TRUE);
  g_object_unref (run->process);
  g_free (run->out_path);
  g_free (run->err_path);
  return run->status;
}

static int
run_cli (const char  *stdin_text,
         char       **out_stdout,
         char       **out_stderr,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list list;
  Run run;

  va_start (list, out_stderr);
  while ((arg = va_arg (list, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (list);
  g_ptr_array_add (args, NULL);
  run_start (&run, stdin_text, (const char * const *) args->pdata);
  return run_finish (&run, out_stdout, out_stderr);
}

static GBytes *
snap_frame (gint64 ts_ms,
            gint64 volume)
{
  FlowSmartapiPacket packet;

  flow_test_smartapi_snap_quote (&packet, ts_ms, 2450000, volume, 2449995, 2450000);
  return flow_test_smartapi_encode (&packet);
}

/* Collects every regular file under @dir into evidence. */
static guint
collect_files (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      char *contents = NULL;
      gsize length;

      if (g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        continue;
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        n += collect_files (path);
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
               g_file_get_contents (path, &contents, &length, NULL))
        {
          /* Binary files (the journal) too: a secret would show as its bytes. */
          for (gsize k = 0; k < length; k++)
            if (contents[k] == '\0')
              contents[k] = '\n';
          g_ptr_array_add (evidence, g_strdup_printf ("%s\n%.*s", path, (int) length, contents));
          g_free (contents);
          n++;
        }
    }
  return n;
}

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GBytes *page = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  *(GBytes **) data = page != NULL ? page : g_bytes_new (NULL, 0);
}

static void
test_no_secret_leaks (void)
{
  FlowTestSmartapi *angel = flow_test_smartapi_new ();
  g_autoptr(FlowTestUpstox) upstox = flow_test_upstox_new ();
  g_autoptr(GPtrArray) c1 = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GPtrArray) c2 = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *journal = g_build_filename (flow_test_keyring_home (keyring), "angel.journal",
                                               NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *upstox_out = NULL;
  g_autofree char *redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/callback",
                                                   flow_test_free_port ());
  g_autofree char *upstox_account = g_strdup_printf ("api_key=" UPSTOX_API_KEY "\napi_secret="
                                                     UPSTOX_API_SECRET "\nredirect_uri=%s\n",
                                                     redirect_uri);
  const char *login_upstox[] = { "login", "upstox", "--no-browser", NULL };
  /* The server issues tokens 1, 2, 3… with these prefixes; the first ones are in play here. */
  const char *secrets[] = {
    ANGEL_API_KEY, ANGEL_PIN, FLOW_TEST_TOTP_SECRET, WRONG_PIN, UPSTOX_API_SECRET, UPSTOX_CODE,
    UPSTOX_TOKEN, "eyJ.jwt-1", "eyJ.jwt-2", "eyJ.jwt-3", "refresh-1", "refresh-2", "refresh-3",
    "feed-1", "feed-2", "feed-3",
  };
  guint n_files, hits = 0;
  Run run;

  /* Angel One: store, log in, record through a drop after which every token is dead (so the
   * tokens are renewed and a second login happens), a wrong PIN. */
  flow_test_smartapi_set_account (angel, ANGEL_API_KEY, ANGEL_PIN);
  g_assert_cmpint (run_cli ("api_key=" ANGEL_API_KEY "\nclient_code=" FLOW_TEST_CLIENT_CODE
                            "\npin=" ANGEL_PIN "\ntotp_secret=" FLOW_TEST_TOTP_SECRET "\n",
                            NULL, NULL, "credentials", "set", "angel", NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, &out, NULL, "login", "angel", NULL), ==, 0);
  /* With G_MESSAGES_DEBUG, GLib writes debug messages to stdout too. */
  g_assert_true (g_str_has_suffix (out, "\nlogged in as " FLOW_TEST_CLIENT_CODE "\n"));
  g_ptr_array_add (c1, snap_frame (G_GINT64_CONSTANT (1795146300500), 1000));
  g_ptr_array_add (c1, snap_frame (G_GINT64_CONSTANT (1795146301500), 1075));
  flow_test_smartapi_add_connection (angel, c1, FLOW_TEST_END_DROP,
                                     FLOW_TEST_AFTER_EXPIRE_TOKENS);
  g_ptr_array_add (c2, snap_frame (G_GINT64_CONSTANT (1795146360500), 1400));
  flow_test_smartapi_add_connection (angel, c2, FLOW_TEST_END_KEEP, FLOW_TEST_AFTER_NOTHING);
  g_assert_cmpint (run_cli (NULL, NULL, NULL, "record", "--broker", "angel", "--journal",
                            journal, "--snapshots", "3", "--duration", "30", NULL), ==, 0);
  g_assert_cmpuint (flow_test_smartapi_get_n_logins (angel), >=, 3);
  g_assert_cmpint (run_cli ("pin=" WRONG_PIN "\n", NULL, NULL, "credentials", "set", "angel",
                            NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, NULL, &err, "login", "angel", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "orderflow-cli: Angel One refused the account details"));
  g_assert_cmpuint (flow_test_smartapi_get_problems (angel)->len, ==, 0);

  /* Upstox: store, the OAuth flow with this test as the browser, then a refused exchange. */
  g_assert_cmpint (run_cli (upstox_account, NULL, NULL, "credentials", "set", "upstox", NULL),
                   ==, 0);
  flow_test_upstox_add_code (upstox, UPSTOX_CODE, UPSTOX_TOKEN, "AB1234");
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autoptr(SoupSession) session = soup_session_new ();
      g_autoptr(SoupMessage) message = NULL;
      g_autoptr(GUri) uri = NULL;
      g_autoptr(GHashTable) params = NULL;
      g_autoptr(GBytes) page = NULL;
      g_autofree char *callback = NULL;
      g_autofree char *stdout_text = NULL;
      const char *open;
      int status;

      if (attempt == 1)
        flow_test_upstox_fail_next_token (upstox, 401, "application/json",
                                          "{\"status\":\"error\",\"errors\":[{\"errorCode\":"
                                          "\"UDAPI100016\",\"message\":\"Invalid Credentials\"}]}");
      run_start (&run, NULL, login_upstox);
      while ((open = strstr (stdout_text = read_text (run.out_path), "open: ")) == NULL ||
             strchr (open, '\n') == NULL)
        {
          g_free (stdout_text);
          g_assert_false (run.exited);
          g_main_context_iteration (NULL, TRUE);
        }
      *strchr (open, '\n') = '\0';
      uri = g_uri_parse (open + strlen ("open: "), G_URI_FLAGS_NONE, NULL);
      g_assert_nonnull (uri);
      params = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);
      callback = g_strdup_printf ("%s?code=" UPSTOX_CODE "&state=%s", redirect_uri,
                                  (char *) g_hash_table_lookup (params, "state"));
      message = soup_message_new (SOUP_METHOD_GET, callback);
      /* Async: the server answering the CLI's token exchange turns on this main loop. */
      soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, NULL, on_page,
                                        &page);
      while (page == NULL)
        g_main_context_iteration (NULL, TRUE);
      status = run_finish (&run, &upstox_out, NULL);
      if (attempt == 0)
        {
          g_assert_cmpint (status, ==, 0);
          g_assert_nonnull (strstr (upstox_out, "logged in as AB1234"));
          flow_test_upstox_add_code (upstox, UPSTOX_CODE, UPSTOX_TOKEN, "AB1234");
        }
      else
        g_assert_cmpint (status, ==, 1);
      g_clear_pointer (&upstox_out, g_free);
    }

  /* The search: every log line, every file under HOME (XDG data, cache, config and runtime
   * dirs are in it), every /proc sample. */
  n_files = collect_files (flow_test_keyring_home (keyring));
  for (guint i = 0; i < evidence->len; i++)
    for (guint s = 0; s < G_N_ELEMENTS (secrets); s++)
      {
        const char *text = g_ptr_array_index (evidence, i);
        const char *hit = strstr (strchr (text, '\n') + 1, secrets[s]);

        if (hit != NULL)
          {
            hits++;
            g_printerr ("LEAK of “%s” in %.*s\n", secrets[s], (int) (strchr (text, '\n') - text),
                        text);
          }
      }
  g_test_message ("%u runs, %u files, %u /proc samples, %u logs and samples searched for %u "
                  "secrets and tokens: %u hits", n_runs, n_files, n_samples,
                  evidence->len - n_files, (guint) G_N_ELEMENTS (secrets), hits);
  g_assert_cmpuint (n_files, >, 0);
  /* The search sees what it should: the debug logs, the journal, the command lines. */
  {
    const char *expected[] = { "flow-smartapi-client-DEBUG", "logged in as AB1234",
                               "NIFTYNEARFUT", "angel.journal", "--no-browser" };

    for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
      {
        gboolean found = FALSE;

        for (guint i = 0; i < evidence->len && !found; i++)
          found = strstr (g_ptr_array_index (evidence, i), expected[e]) != NULL;
        if (!found)
          g_error ("the evidence lacks “%s”", expected[e]);
      }
  }
  g_assert_cmpuint (n_samples, >, n_runs);
  g_assert_cmpuint (hits, ==, 0);
  g_unlink (journal);
  flow_test_smartapi_free (angel);
}

/* cli.md: plain http only to this computer. No connection is tried: the address is refused
 * before any lookup, at once, with one line that says why. */
static void
test_plain_http_refused (void)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (
    G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *urls[] = { "http://example.com", "http://10.1.2.3:8080" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      gint64 start = g_get_monotonic_time ();

      g_clear_object (&process);
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_subprocess_launcher_setenv (launcher, "ORDERFLOW_UPSTOX_API_URL", urls[i], TRUE);
      /* Any attempt to reach the network would go through this dead proxy and fail
       * differently. */
      g_subprocess_launcher_setenv (launcher, "http_proxy", "http://127.0.0.1:9", TRUE);
      g_subprocess_launcher_setenv (launcher, "https_proxy", "http://127.0.0.1:9", TRUE);
      process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("ORDERFLOW_CLI"), "oi",
                                             "--broker", "upstox", "--count", "1", NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %s", urls[i], err);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "orderflow-cli: "));
      g_assert_nonnull (strstr (err, "refusing unencrypted http://"));
      g_assert_nonnull (strstr (err, "loopback"));
      g_assert_cmpint (strchr (err, '\n') - err, ==, (gssize) strlen (err) - 1);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  keyring = flow_test_keyring_start ();
  log_dir = g_dir_make_tmp ("orderflow-secrets-XXXXXX", NULL);
  evidence = g_ptr_array_new_with_free_func (g_free);
  g_test_add_func ("/secrets/no-leaks", test_no_secret_leaks);
  g_test_add_func ("/secrets/plain-http-refused", test_plain_http_refused);
  status = g_test_run ();
  g_ptr_array_unref (evidence);
  {
    g_autoptr(GDir) dir = g_dir_open (log_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (log_dir, name, NULL);

        g_unlink (path);
      }
    g_rmdir (log_dir);
  }
  g_free (log_dir);
  flow_test_keyring_stop (keyring);
  return status;
}

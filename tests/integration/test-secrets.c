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

#include "flow-test-cli.h"
#include "flow-test-keyring.h"
#include "flow-test-loop.h"
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

/* Everything a run left to search: its output and what its command line and environment
 * looked like while it ran. */
typedef struct
{
  FlowTestCli *cli;
  guint        number;
  GString     *proc_samples;
  guint        n_samples;
  guint        sample_id;
  char        *open_url;     /* what follows "open: " on stdout, once printed */
} Run;

static GPtrArray *evidence;   /* of char *: every log and sample, for the final search */
static guint      n_runs;
static guint      n_samples;

static void
sample_proc (Run *run)
{
  const char *pid = g_subprocess_get_identifier (flow_test_cli_get_process (run->cli));
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

  if (!flow_test_cli_is_running (run->cli))
    {
      run->sample_id = 0;
      return G_SOURCE_REMOVE;
    }
  sample_proc (run);
  return G_SOURCE_CONTINUE;
}

static void
on_stdout_line (const char *line,
                gpointer    data)
{
  Run *run = data;
  const char *open = strstr (line, "open: ");

  if (open != NULL && run->open_url == NULL)
    run->open_url = g_strdup (open + strlen ("open: "));
}

/* Starts orderflow-cli with G_MESSAGES_DEBUG=all and its /proc entries sampled every 5 ms. */
static void
run_start (Run                *run,
           const char         *stdin_text,
           const char * const *args)
{
  const char *env[] = { "G_MESSAGES_DEBUG", "all", NULL };
  const FlowTestCliOptions options = {
    .stdin_text = stdin_text,
    .env = env,
    .on_stdout_line = on_stdout_line,
    .line_data = run,
  };

  memset (run, 0, sizeof *run);
  run->number = ++n_runs;
  run->proc_samples = g_string_new (NULL);
  run->cli = flow_test_cli_spawn (&options, args);
  sample_proc (run);
  run->sample_id = g_timeout_add (5, on_sample, run);
}

/* Waits for the exit (the servers live on this main loop) and keeps the evidence. */
static int
run_finish (Run   *run,
            char **out_stdout,
            char **out_stderr)
{
  g_auto(FlowTestCliResult) result = { 0 };

  flow_test_cli_wait (run->cli, &result);
  run->cli = NULL;
  g_clear_handle_id (&run->sample_id, g_source_remove);
  g_ptr_array_add (evidence, g_strdup_printf ("run %02u: stdout\n%s", run->number, result.out));
  g_ptr_array_add (evidence, g_strdup_printf ("run %02u: stderr\n%s", run->number, result.err));
  g_ptr_array_add (evidence, g_strdup_printf ("run %02u: /proc samples\n%s", run->number,
                                             run->proc_samples->str));
  n_samples += run->n_samples;
  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&result.out);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&result.err);
  g_string_free (run->proc_samples, TRUE);
  g_free (run->open_url);
  return result.exited ? result.status : -1;
}

static gboolean
run_has_url (gpointer data)
{
  Run *run = data;

  return run->open_url != NULL || !flow_test_cli_is_running (run->cli);
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
      int status;

      if (attempt == 1)
        flow_test_upstox_fail_next_token (upstox, 401, "application/json",
                                          "{\"status\":\"error\",\"errors\":[{\"errorCode\":"
                                          "\"UDAPI100016\",\"message\":\"Invalid Credentials\"}]}");
      run_start (&run, NULL, login_upstox);
      flow_test_run_until (run_has_url, &run, 30);
      g_assert_nonnull (run.open_url);
      uri = g_uri_parse (run.open_url, G_URI_FLAGS_NONE, NULL);
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
  const char *urls[] = { "http://example.com", "http://10.1.2.3:8080" };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      /* Any attempt to reach the network would go through this dead proxy and fail
       * differently. */
      const char *env[] = { "ORDERFLOW_UPSTOX_API_URL", urls[i],
                            "http_proxy", "http://127.0.0.1:9",
                            "https_proxy", "http://127.0.0.1:9", NULL };
      const FlowTestCliOptions options = { .env = env };
      g_auto(FlowTestCliResult) refused = { 0 };
      gint64 start = g_get_monotonic_time ();

      flow_test_cli_run (&refused, &options, "oi", "--broker", "upstox", "--count", "1", NULL);
      g_test_message ("%s: %s", urls[i], refused.err);
      g_assert_cmpint (refused.status, ==, 1);
      g_assert_cmpstr (refused.out, ==, "");
      g_assert_true (g_str_has_prefix (refused.err, "orderflow-cli: "));
      g_assert_nonnull (strstr (refused.err, "refusing unencrypted http://"));
      g_assert_nonnull (strstr (refused.err, "loopback"));
      g_assert_cmpint (strchr (refused.err, '\n') - refused.err, ==,
                       (gssize) strlen (refused.err) - 1);
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
  evidence = g_ptr_array_new_with_free_func (g_free);
  g_test_add_func ("/secrets/no-leaks", test_no_secret_leaks);
  g_test_add_func ("/secrets/plain-http-refused", test_plain_http_refused);
  status = g_test_run ();
  g_ptr_array_unref (evidence);
  flow_test_keyring_stop (keyring);
  return status;
}

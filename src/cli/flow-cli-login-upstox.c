/* flow-cli-login-upstox.c: orderflow-cli login upstox (shared/design/cli.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-cli-login-upstox"

#include "config.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "flow-cli.h"
#include "flow-credentials.h"
#include "flow-upstox-oauth.h"

static const char *usage = "orderflow-cli login upstox [--no-browser]";

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static gboolean
on_signal (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

/* Runs the loop until the pending operation calls on_done(); returns its result. */
static GAsyncResult *
wait_for (Wait *wait)
{
  g_main_loop_run (wait->loop);
  return g_steal_pointer (&wait->result);
}

int
flow_cli_login_upstox (int    argc,
                       char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(FlowCredentials) credentials = NULL;
  g_autoptr(FlowUpstoxOauth) oauth = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GAsyncResult) prepared = NULL;
  g_autoptr(GAsyncResult) signed_in = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) browser_error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *user_id = NULL;
  gboolean no_browser = FALSE;
  int status = FLOW_CLI_EXIT_OK;
  guint int_id, term_id;
  Wait wait = { loop, NULL };
  const GOptionEntry entries[] = {
    { "no-browser", 0, 0, G_OPTION_ARG_NONE, &no_browser,
      "Only print the login address; do not open a browser", NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    "Sign in to Upstox through its login page. Prints the address as “open: URL”, opens it in\n"
    "the browser, waits (up to 5 minutes) for Upstox to redirect to the redirect URI, which must\n"
    "be an http:// address on this computer, and keeps the day's token in the keyring.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!flow_cli_parse_options (context, usage, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return flow_cli_usage_error (usage, "unexpected argument “%s”", argv[1]);

  credentials = flow_credentials_new ();
  oauth = flow_upstox_oauth_new (credentials);
  flow_upstox_oauth_prepare_async (oauth, cancellable, on_done, &wait);
  prepared = wait_for (&wait);
  url = flow_upstox_oauth_prepare_finish (oauth, prepared, &error);
  if (url == NULL)
    return flow_cli_fail ("%s", error->message);
  if (!flow_upstox_oauth_is_listening (oauth))
    return flow_cli_fail ("the redirect URI %s is not an http:// address on this computer, so "
                          "the sign-in cannot arrive here; use the app's sign-in dialog",
                          flow_upstox_oauth_get_redirect_uri (oauth));

  /* Flushed at once: a script reading the output needs it while this waits. */
  printf ("open: %s\n", url);
  fflush (stdout);
  if (!no_browser && !g_app_info_launch_default_for_uri (url, NULL, &browser_error))
    fprintf (stderr, "orderflow-cli: warning: could not open a browser (%s); open the address "
             "above yourself\n", browser_error->message);

  int_id = g_unix_signal_add (SIGINT, on_signal, cancellable);
  term_id = g_unix_signal_add (SIGTERM, on_signal, cancellable);
  flow_upstox_oauth_sign_in_async (oauth, cancellable, on_done, &wait);
  signed_in = wait_for (&wait);
  g_source_remove (term_id);
  g_source_remove (int_id);

  user_id = flow_upstox_oauth_sign_in_finish (oauth, signed_in, &error);
  if (user_id == NULL)
    return flow_cli_fail ("%s", error->message);
  printf ("logged in as %s\n", user_id);
  return FLOW_CLI_EXIT_OK;
}

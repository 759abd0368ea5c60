/* test-upstox-signin-dialog.c: the Upstox sign-in dialog under Xvfb, against a loopback server
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <libsoup/soup.h>

#include "flow-credentials.h"
#include "flow-test-keyring.h"
#include "flow-test-upstox-server.h"
#include "flow-test-widgets.h"
#include "flow-upstox-signin-dialog.h"

static FlowTestKeyring *keyring;

static gpointer
child (GtkWindow  *dialog,
       const char *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (dialog), FLOW_TYPE_UPSTOX_SIGNIN_DIALOG,
                                        name);
}

static void
spin_until_label (GtkLabel   *label,
                  const char *part)
{
  for (int i = 0; i < 1000 && strstr (gtk_label_get_text (label), part) == NULL; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (strstr (gtk_label_get_text (label), part));
}

static void
test_not_configured (void)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  GtkWindow *dialog;

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "api_key", "app-key", NULL);
  flow_upstox_signin_dialog_present (NULL, credentials);
  dialog = flow_test_find_toplevel (FLOW_TYPE_UPSTOX_SIGNIN_DIALOG);
  g_assert_nonnull (dialog);
  spin_until_label (child (dialog, "error_label"), "not set up");
  g_assert_true (gtk_widget_get_visible (child (dialog, "error_label")));
  g_assert_cmpstr (gtk_button_get_label (child (dialog, "open_button")), ==, "Try Again");
  gtk_window_destroy (dialog);
}

/* A stray redirect is reported and the wait goes on; closing the dialog frees the port; the
 * Analytics Token alternative stores its token and closes the dialog. */
static void
test_listen_and_analytics (void)
{
  g_autoptr(FlowTestUpstox) server = flow_test_upstox_new ();
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = NULL;
  guint16 port = flow_test_free_port ();
  g_autofree char *redirect_uri = g_strdup_printf ("http://127.0.0.1:%u/callback", port);
  g_autofree char *stray = g_strconcat (redirect_uri, "?code=x&state=forged", NULL);
  GtkWindow *dialog;
  g_auto(FlowTestPage) page = { 0 };

  flow_test_keyring_store (FLOW_BROKER_UPSTOX, "api_key", "app-key", "api_secret", "app-secret",
                           "redirect_uri", redirect_uri, NULL);
  flow_upstox_signin_dialog_present (NULL, credentials);
  dialog = flow_test_find_toplevel (FLOW_TYPE_UPSTOX_SIGNIN_DIALOG);
  while (!gtk_widget_get_sensitive (child (dialog, "open_button")))
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (gtk_widget_get_sensitive (child (dialog, "redirect_row")));

  flow_test_browse (stray, &page);
  g_assert_cmpuint (page.status, ==, 400);
  spin_until_label (child (dialog, "error_label"), "state");

  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "redirect_row")), "nonsense");
  g_signal_emit_by_name (child (dialog, "redirect_row"), "apply");
  g_assert_nonnull (strstr (gtk_label_get_text (child (dialog, "error_label")), "not the address"));

  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "analytics_row")), "year-token");
  g_signal_emit_by_name (child (dialog, "analytics_row"), "apply");
  while (flow_test_find_toplevel (FLOW_TYPE_UPSTOX_SIGNIN_DIALOG) != NULL)
    g_main_context_iteration (NULL, TRUE);
  /* The cancelled sign-in winds down on the next turns of the loop. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  values = flow_credentials_lookup_all_sync (credentials, FLOW_BROKER_UPSTOX, NULL, NULL);
  g_assert_cmpstr (g_hash_table_lookup (values, "analytics_token"), ==, "year-token");
  /* The listener went with the dialog. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  address = g_inet_socket_address_new (loopback, port);
  g_assert_true (g_socket_bind (socket, address, TRUE, NULL));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  keyring = flow_test_keyring_start ();
  gtk_init ();
  adw_init ();
  g_test_add_func ("/upstox-signin-dialog/not-configured", test_not_configured);
  g_test_add_func ("/upstox-signin-dialog/listen-and-analytics", test_listen_and_analytics);
  status = g_test_run ();
  flow_test_keyring_stop (keyring);
  return status;
}

/* flow-upstox-signin-dialog.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-upstox-signin-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-upstox-oauth.h"
#include "flow-upstox-signin-dialog.h"

struct _FlowUpstoxSigninDialog
{
  AdwWindow parent_instance;

  GtkButton   *open_button;
  GtkSpinner  *spinner;
  GtkLabel    *status_label;
  GtkLabel    *error_label;
  AdwEntryRow *redirect_row;
  AdwEntryRow *analytics_row;

  FlowCredentials *credentials;
  FlowUpstoxOauth *oauth;        /* the current attempt; a new one per try */
  GCancellable    *cancellable;
  char            *url;          /* its authorization URL, once prepared */
};

G_DEFINE_FINAL_TYPE (FlowUpstoxSigninDialog, flow_upstox_signin_dialog, ADW_TYPE_WINDOW)

static void
show_error (FlowUpstoxSigninDialog *self,
            const char             *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_waiting (FlowUpstoxSigninDialog *self,
             const char             *status)
{
  gtk_spinner_set_spinning (self->spinner, status != NULL);
  gtk_label_set_text (self->status_label, status != NULL ? status : "");
}

/* Ends the current attempt (its listener goes with it); no callback of it acts any more. */
static void
drop_attempt (FlowUpstoxSigninDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->oauth);
  g_clear_pointer (&self->url, g_free);
}

static void start_attempt (FlowUpstoxSigninDialog *self);

static void
offer_retry (FlowUpstoxSigninDialog *self,
             const char             *message)
{
  drop_attempt (self);
  set_waiting (self, NULL);
  show_error (self, message);
  gtk_button_set_label (self->open_button, _("Try Again"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->redirect_row), FALSE);
}

static void
on_signed_in (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(FlowUpstoxSigninDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;

  user_id = flow_upstox_oauth_sign_in_finish (FLOW_UPSTOX_OAUTH (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self->oauth != FLOW_UPSTOX_OAUTH (source))
    return;
  if (user_id == NULL)
    {
      offer_retry (self, error->message);
      return;
    }
  g_debug ("signed in to Upstox");
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_rejected (FlowUpstoxSigninDialog *self,
             const char             *message)
{
  /* The sign-in goes on: say why that redirect did not count. */
  show_error (self, message);
}

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FlowUpstoxSigninDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  FlowUpstoxOauth *oauth = FLOW_UPSTOX_OAUTH (source);

  url = flow_upstox_oauth_prepare_finish (oauth, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->oauth != oauth)
    return;
  if (url == NULL)
    {
      offer_retry (self, error->message);
      return;
    }

  self->url = g_steal_pointer (&url);
  flow_upstox_oauth_sign_in_async (oauth, self->cancellable, on_signed_in, g_object_ref (self));
  gtk_button_set_label (self->open_button, _("Open Upstox Login"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->redirect_row), TRUE);
  set_waiting (self, NULL);
  if (!flow_upstox_oauth_is_listening (oauth))
    gtk_label_set_text (self->status_label,
                        _("The redirect URI is not on this computer: after signing in, paste "
                          "the address the browser shows below."));
}

static void
start_attempt (FlowUpstoxSigninDialog *self)
{
  drop_attempt (self);
  show_error (self, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->open_button), FALSE);
  set_waiting (self, _("Preparing…"));
  self->cancellable = g_cancellable_new ();
  self->oauth = flow_upstox_oauth_new (self->credentials);
  g_signal_connect_object (self->oauth, "rejected", G_CALLBACK (on_rejected), self,
                           G_CONNECT_SWAPPED);
  flow_upstox_oauth_prepare_async (self->oauth, self->cancellable, on_prepared,
                                   g_object_ref (self));
}

static void
on_open (FlowUpstoxSigninDialog *self)
{
  if (self->url == NULL)
    {
      start_attempt (self);
      return;
    }
  show_error (self, NULL);
  gtk_show_uri (GTK_WINDOW (self), self->url, GDK_CURRENT_TIME);
  if (flow_upstox_oauth_is_listening (self->oauth))
    set_waiting (self, _("Waiting for Upstox… sign in in the browser"));
}

static void
on_redirect_apply (FlowUpstoxSigninDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (self->oauth == NULL ||
      !flow_upstox_oauth_submit_redirect (self->oauth,
                                          gtk_editable_get_text (GTK_EDITABLE (self->redirect_row)),
                                          &error))
    {
      show_error (self, error != NULL ? error->message : _("Open the Upstox login first"));
      return;
    }
  show_error (self, NULL);
  set_waiting (self, _("Finishing the sign-in…"));
}

static void
on_analytics_stored (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(FlowUpstoxSigninDialog) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!flow_credentials_store_finish (FLOW_CREDENTIALS (source), result, &error))
    {
      set_waiting (self, NULL);
      show_error (self, error->message);
      return;
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_analytics_apply (FlowUpstoxSigninDialog *self)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  const char *token = gtk_editable_get_text (GTK_EDITABLE (self->analytics_row));

  g_hash_table_insert (values, "analytics_token", (gpointer) token);
  set_waiting (self, _("Saving the token…"));
  flow_credentials_store_async (self->credentials, FLOW_BROKER_UPSTOX, values, NULL,
                                on_analytics_stored, g_object_ref (self));
}

static gboolean
flow_upstox_signin_dialog_close_request (GtkWindow *window)
{
  drop_attempt (FLOW_UPSTOX_SIGNIN_DIALOG (window));
  return GTK_WINDOW_CLASS (flow_upstox_signin_dialog_parent_class)->close_request (window);
}

static void
flow_upstox_signin_dialog_dispose (GObject *object)
{
  FlowUpstoxSigninDialog *self = FLOW_UPSTOX_SIGNIN_DIALOG (object);

  drop_attempt (self);
  g_clear_object (&self->credentials);
  gtk_widget_dispose_template (GTK_WIDGET (self), FLOW_TYPE_UPSTOX_SIGNIN_DIALOG);
  G_OBJECT_CLASS (flow_upstox_signin_dialog_parent_class)->dispose (object);
}

static void
flow_upstox_signin_dialog_class_init (FlowUpstoxSigninDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = flow_upstox_signin_dialog_dispose;
  window_class->close_request = flow_upstox_signin_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/orderflow/OrderFlow/ui/flow-upstox-signin-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, FlowUpstoxSigninDialog, open_button);
  gtk_widget_class_bind_template_child (widget_class, FlowUpstoxSigninDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, FlowUpstoxSigninDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, FlowUpstoxSigninDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, FlowUpstoxSigninDialog, redirect_row);
  gtk_widget_class_bind_template_child (widget_class, FlowUpstoxSigninDialog, analytics_row);
  gtk_widget_class_bind_template_callback (widget_class, on_open);
  gtk_widget_class_bind_template_callback (widget_class, on_redirect_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_analytics_apply);
}

static void
flow_upstox_signin_dialog_init (FlowUpstoxSigninDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
flow_upstox_signin_dialog_present (GtkWindow       *parent,
                                   FlowCredentials *credentials)
{
  FlowUpstoxSigninDialog *self;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));
  g_return_if_fail (FLOW_IS_CREDENTIALS (credentials));

  self = g_object_new (FLOW_TYPE_UPSTOX_SIGNIN_DIALOG, "transient-for", parent, NULL);
  self->credentials = g_object_ref (credentials);
  gtk_window_present (GTK_WINDOW (self));
  start_attempt (self);
}

/* flow-upstox-signin-dialog.h: the Upstox OAuth sign-in dialog (Preferences → Accounts)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "flow-credentials.h"

G_BEGIN_DECLS

#define FLOW_TYPE_UPSTOX_SIGNIN_DIALOG (flow_upstox_signin_dialog_get_type ())
G_DECLARE_FINAL_TYPE (FlowUpstoxSigninDialog, flow_upstox_signin_dialog, FLOW,
                      UPSTOX_SIGNIN_DIALOG, AdwWindow)

/* Shows the dialog over @parent: it starts listening on the stored redirect URI at once,
 * opens the Upstox login page on request, accepts a pasted redirected URL or an Analytics
 * Token instead, shows every failure with a way to try again, and closes itself once a token
 * is in the keyring (FlowCredentials::changed tells the rest of the app). Closing it cancels
 * the sign-in and its listener. */
void flow_upstox_signin_dialog_present (GtkWindow       *parent,
                                        FlowCredentials *credentials);

G_END_DECLS

/* flow-preferences-window.h
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "flow-credentials.h"

G_BEGIN_DECLS

#define FLOW_TYPE_PREFERENCES_WINDOW (flow_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (FlowPreferencesWindow, flow_preferences_window, FLOW, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* The window reads and writes @settings (the app's schema) and the broker accounts in
 * @credentials; the caller sets its transient parent and application. */
FlowPreferencesWindow *flow_preferences_window_new (GSettings       *settings,
                                                    FlowCredentials *credentials);

G_END_DECLS

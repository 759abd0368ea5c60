/* flow-preferences-window.h
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "flow-application.h"

G_BEGIN_DECLS

#define FLOW_TYPE_PREFERENCES_WINDOW (flow_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (FlowPreferencesWindow, flow_preferences_window, FLOW, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

FlowPreferencesWindow *flow_preferences_window_new (FlowApplication *application);

G_END_DECLS

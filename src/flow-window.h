/* flow-window.h
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "flow-application.h"

G_BEGIN_DECLS

#define FLOW_TYPE_WINDOW (flow_window_get_type ())
G_DECLARE_FINAL_TYPE (FlowWindow, flow_window, FLOW, WINDOW, AdwApplicationWindow)

FlowWindow *flow_window_new          (FlowApplication *application);
void        flow_window_show_toast   (FlowWindow      *self,
                                      const char      *message);

G_END_DECLS

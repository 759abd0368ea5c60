/* flow-application.h
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "flow-credentials.h"

G_BEGIN_DECLS

#define FLOW_TYPE_APPLICATION (flow_application_get_type ())
G_DECLARE_FINAL_TYPE (FlowApplication, flow_application, FLOW, APPLICATION, AdwApplication)

FlowApplication *flow_application_new          (void);
GSettings       *flow_application_get_settings (FlowApplication *self);
gboolean         flow_application_get_demo     (FlowApplication *self);
guint64          flow_application_get_seed     (FlowApplication *self);
FlowCredentials *flow_application_get_credentials (FlowApplication *self);

G_END_DECLS

/* flow-endpoint.h: broker endpoints, overridable by environment variables (cli.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FLOW_ENDPOINT_ERROR (flow_endpoint_error_quark ())

typedef enum
{
  FLOW_ENDPOINT_ERROR_INVALID,
  FLOW_ENDPOINT_ERROR_INSECURE,
} FlowEndpointError;

GQuark    flow_endpoint_error_quark (void);

/* Returns the URL in environment variable @variable, or @default_url when it is unset or empty.
 * Plain http:// and ws:// are accepted only for loopback hosts (127.0.0.0/8, ::1, localhost);
 * anything else must be https:// or wss://. */
char     *flow_endpoint_resolve     (const char  *variable,
                                     const char  *default_url,
                                     GError     **error);
/* The same check for one URL. */
gboolean  flow_endpoint_check       (const char  *url,
                                     GError     **error);
/* TRUE when @host names this machine: 127.0.0.0/8, ::1 or "localhost". */
gboolean  flow_endpoint_is_loopback (const char  *host);

G_END_DECLS

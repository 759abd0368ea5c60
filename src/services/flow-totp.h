/* flow-totp.h: RFC 6238 time-based one-time passwords (the Angel One login code)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What Angel One uses (smartapi.md §2): HMAC-SHA1, 6 digits, 30 s steps from the epoch. */
#define FLOW_TOTP_DIGITS       6
#define FLOW_TOTP_STEP_SECONDS 30

#define FLOW_TOTP_ERROR (flow_totp_error_quark ())

typedef enum
{
  FLOW_TOTP_ERROR_INVALID_SECRET,
} FlowTotpError;

GQuark  flow_totp_error_quark (void);

/* The code for @base32_secret at @unix_time (seconds), @digits long (6 or 8) with leading
 * zeros. The secret is read case-insensitively, ignoring spaces and '=' padding. Returns NULL
 * with FLOW_TOTP_ERROR_INVALID_SECRET when it is not base32; the message never quotes it. */
char   *flow_totp_generate    (const char  *base32_secret,
                               gint64       unix_time,
                               guint        digits,
                               GError     **error);

G_END_DECLS

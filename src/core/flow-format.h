/* flow-format.h: numbers as the status lines show them
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "1,234,567", "−1,234": volumes are read at a glance, so they get separators. */
char *flow_format_thousands (gint64 value);
/* "24,112.35" from paise. */
char *flow_format_rupees    (gint64 paise);

G_END_DECLS

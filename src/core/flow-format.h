/* flow-format.h: numbers as the status lines show them
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Room for any grouped gint64 magnitude and its terminator. */
#define FLOW_FORMAT_GROUPED_MAX 32

/* The digits of @magnitude grouped as Indian readers group them, the last three then pairs
 * (12,34,567: twelve lakh thirty-four thousand…), into @buf of FLOW_FORMAT_GROUPED_MAX bytes;
 * returns the length. The one grouping rule of both views (volumes, OI, prices), without
 * allocating, so the chart can call it per cell. */
int   flow_format_group_indian (char    *buf,
                                guint64  magnitude);
/* "12,34,567", "−1,234": volumes are read at a glance, so they get separators. */
char *flow_format_grouped      (gint64   value);
/* "24,112.35", "1,23,456.05" from paise. */
char *flow_format_rupees       (gint64   paise);

G_END_DECLS

/* flow-ist.h: Indian Standard Time (UTC+05:30) calendar maths on epoch milliseconds
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* IST has no daylight saving, so a fixed offset is exact and far cheaper than GTimeZone. */
#define FLOW_IST_OFFSET_MS  ((gint64) (5 * 3600 + 30 * 60) * 1000)
#define FLOW_DAY_MS         ((gint64) 86400 * 1000)

/* Floor division that stays right for negative numerators (times before an anchor). */
static inline gint64
flow_floor_div (gint64 numerator,
                gint64 denominator)
{
  gint64 quotient = numerator / denominator;

  if ((numerator % denominator != 0) && ((numerator < 0) != (denominator < 0)))
    quotient--;
  return quotient;
}

/* Days since 1970-01-01 of the IST calendar date of @ts_ms. */
static inline gint64
flow_ist_day_number (gint64 ts_ms)
{
  return flow_floor_div (ts_ms + FLOW_IST_OFFSET_MS, FLOW_DAY_MS);
}

/* Epoch ms of 00:00:00 IST on the IST date of @ts_ms. */
static inline gint64
flow_ist_day_start_ms (gint64 ts_ms)
{
  return flow_ist_day_number (ts_ms) * FLOW_DAY_MS - FLOW_IST_OFFSET_MS;
}

/* "2026-11-20T09:15:00+05:30", truncated to the second. */
char     *flow_ist_format_iso        (gint64      ts_ms);
/* "2026-11-20" */
char     *flow_ist_format_date       (gint64      ts_ms);
/* "09:15:00" */
char     *flow_ist_format_time       (gint64      ts_ms);
/* Parses "HH:MM" or "HH:MM:SS" into milliseconds after midnight. */
gboolean  flow_ist_parse_time_of_day (const char *text,
                                      gint64     *out_ms);
/* Parses "YYYY-MM-DD" into the epoch ms of 00:00 IST that day. */
gboolean  flow_ist_parse_date        (const char *text,
                                      gint64     *out_day_start_ms);
/* Epoch ms of @time_of_day_ms (after midnight IST) on the IST date of @ts_ms. */
gint64    flow_ist_at_time_of_day    (gint64      ts_ms,
                                      gint64      time_of_day_ms);

G_END_DECLS

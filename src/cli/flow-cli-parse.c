/* flow-cli-parse.c: the numbers and times orderflow-cli takes as text
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "flow-cli-parse.h"
#include "flow-footprint.h"
#include "flow-ist.h"

/* "0.05", "1", "2.5" rupees → paise; at most two decimals, positive. */
gboolean
flow_cli_parse_rupees (const char *text,
                       gint64     *out_paise)
{
  const char *dot = strchr (text, '.');
  g_autofree char *whole = g_strndup (text, dot != NULL ? (gsize) (dot - text) : strlen (text));
  guint64 rupees, fraction = 0;
  gsize decimals = dot != NULL ? strlen (dot + 1) : 0;

  if (!g_ascii_string_to_unsigned (whole, 10, 0, G_MAXINT64 / 1000, &rupees, NULL))
    return FALSE;
  if (dot != NULL &&
      (decimals < 1 || decimals > 2 || !g_ascii_isdigit (dot[1]) ||
       !g_ascii_string_to_unsigned (dot + 1, 10, 0, 99, &fraction, NULL)))
    return FALSE;
  if (decimals == 1)
    fraction *= 10;
  *out_paise = (gint64) (rupees * 100 + fraction);
  return *out_paise > 0;
}

/* "30s", "1m", "5m" → ms; rule 4 decides which are allowed. */
gboolean
flow_cli_parse_interval (const char *text,
                         gint64     *out_ms)
{
  gsize length = strlen (text);
  g_autofree char *number = NULL;
  guint64 value;

  if (length < 2 || (text[length - 1] != 's' && text[length - 1] != 'm'))
    return FALSE;
  number = g_strndup (text, length - 1);
  if (!g_ascii_string_to_unsigned (number, 10, 1, 3600, &value, NULL))
    return FALSE;
  *out_ms = (gint64) value * (text[length - 1] == 'm' ? 60000 : 1000);
  return flow_footprint_interval_is_valid (*out_ms);
}

/* "2026-11-20T09:15[:00]", IST, with or without "+05:30". */
gboolean
flow_cli_parse_start (const char *text,
                      gint64     *out_ms)
{
  g_auto(GStrv) parts = g_strsplit (text, "T", 2);
  g_autofree char *time = NULL;
  gint64 day_start, time_of_day;

  if (g_strv_length (parts) != 2)
    return FALSE;
  time = g_strdup (parts[1]);
  if (g_str_has_suffix (time, "+05:30"))
    time[strlen (time) - strlen ("+05:30")] = '\0';
  if (!flow_ist_parse_date (parts[0], &day_start) ||
      !flow_ist_parse_time_of_day (time, &time_of_day))
    return FALSE;
  *out_ms = day_start + time_of_day;
  return TRUE;
}

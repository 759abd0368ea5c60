/* flow-ist.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-ist.h"

#include <stdio.h>
#include <string.h>

/* Civil date from a day number (Howard Hinnant's algorithm): exact for any day, no tables. */
static void
civil_from_days (gint64  days,
                 int    *year,
                 int    *month,
                 int    *day)
{
  gint64 z = days + 719468;
  gint64 era = flow_floor_div (z, 146097);
  gint64 doe = z - era * 146097;
  gint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  gint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  gint64 mp = (5 * doy + 2) / 153;
  gint64 d = doy - (153 * mp + 2) / 5 + 1;
  gint64 m = mp < 10 ? mp + 3 : mp - 9;

  *year = (int) (yoe + era * 400 + (m <= 2));
  *month = (int) m;
  *day = (int) d;
}

static gint64
days_from_civil (int year,
                 int month,
                 int day)
{
  gint64 y = year - (month <= 2);
  gint64 era = flow_floor_div (y, 400);
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return era * 146097 + doe - 719468;
}

static void
split (gint64  ts_ms,
       int    *year,
       int    *month,
       int    *day,
       int    *seconds_of_day)
{
  gint64 local = ts_ms + FLOW_IST_OFFSET_MS;
  gint64 days = flow_floor_div (local, FLOW_DAY_MS);

  civil_from_days (days, year, month, day);
  *seconds_of_day = (int) ((local - days * FLOW_DAY_MS) / 1000);
}

char *
flow_ist_format_iso (gint64 ts_ms)
{
  int year, month, day, sod;

  split (ts_ms, &year, &month, &day, &sod);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d+05:30",
                          year, month, day, sod / 3600, sod / 60 % 60, sod % 60);
}

char *
flow_ist_format_date (gint64 ts_ms)
{
  int year, month, day, sod;

  split (ts_ms, &year, &month, &day, &sod);
  return g_strdup_printf ("%04d-%02d-%02d", year, month, day);
}

char *
flow_ist_format_time (gint64 ts_ms)
{
  int year, month, day, sod;

  split (ts_ms, &year, &month, &day, &sod);
  return g_strdup_printf ("%02d:%02d:%02d", sod / 3600, sod / 60 % 60, sod % 60);
}

gboolean
flow_ist_parse_time_of_day (const char *text,
                            gint64     *out_ms)
{
  int hours = 0, minutes = 0, seconds = 0, consumed = 0;

  g_return_val_if_fail (out_ms != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  if (sscanf (text, "%2d:%2d:%2d%n", &hours, &minutes, &seconds, &consumed) != 3 ||
      text[consumed] != '\0')
    {
      seconds = 0;
      consumed = 0;
      if (sscanf (text, "%2d:%2d%n", &hours, &minutes, &consumed) != 2 || text[consumed] != '\0')
        return FALSE;
    }
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59)
    return FALSE;
  *out_ms = ((gint64) hours * 3600 + minutes * 60 + seconds) * 1000;
  return TRUE;
}

gboolean
flow_ist_parse_date (const char *text,
                     gint64     *out_day_start_ms)
{
  int year = 0, month = 0, day = 0, consumed = 0;
  int check_year, check_month, check_day;
  gint64 days;

  g_return_val_if_fail (out_day_start_ms != NULL, FALSE);

  if (text == NULL || strlen (text) != 10 ||
      sscanf (text, "%4d-%2d-%2d%n", &year, &month, &day, &consumed) != 3 || consumed != 10)
    return FALSE;
  if (month < 1 || month > 12 || day < 1 || day > 31)
    return FALSE;
  days = days_from_civil (year, month, day);
  /* Reject 2026-02-30 and the like: the round trip must give the same date back. */
  civil_from_days (days, &check_year, &check_month, &check_day);
  if (check_year != year || check_month != month || check_day != day)
    return FALSE;
  *out_day_start_ms = days * FLOW_DAY_MS - FLOW_IST_OFFSET_MS;
  return TRUE;
}

gint64
flow_ist_at_time_of_day (gint64 ts_ms,
                         gint64 time_of_day_ms)
{
  return flow_ist_day_start_ms (ts_ms) + time_of_day_ms;
}

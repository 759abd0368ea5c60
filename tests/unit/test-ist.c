/* test-ist.c: IST calendar maths
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-ist.h"

/* 2026-11-20 09:15:00 IST = 2026-11-20 03:45:00 UTC */
#define OPEN_2026_11_20 G_GINT64_CONSTANT (1795146300000)

static void
test_floor_div (void)
{
  g_assert_cmpint (flow_floor_div (7, 2), ==, 3);
  g_assert_cmpint (flow_floor_div (-7, 2), ==, -4);
  g_assert_cmpint (flow_floor_div (-6, 2), ==, -3);
  g_assert_cmpint (flow_floor_div (0, 5), ==, 0);
  g_assert_cmpint (flow_floor_div (-1, 60000), ==, -1);
}

static void
test_format (void)
{
  g_autofree char *iso = flow_ist_format_iso (OPEN_2026_11_20 + 999);
  g_autofree char *date = flow_ist_format_date (OPEN_2026_11_20);
  g_autofree char *time = flow_ist_format_time (OPEN_2026_11_20 + 61000);
  /* 18:30 UTC is already the next IST day. */
  g_autofree char *midnight = flow_ist_format_iso (G_GINT64_CONSTANT (1795199400000));

  g_assert_cmpstr (iso, ==, "2026-11-20T09:15:00+05:30");
  g_assert_cmpstr (date, ==, "2026-11-20");
  g_assert_cmpstr (time, ==, "09:16:01");
  g_assert_cmpstr (midnight, ==, "2026-11-21T00:00:00+05:30");
}

static void
test_day_start (void)
{
  gint64 start = flow_ist_day_start_ms (OPEN_2026_11_20);

  g_assert_cmpint (OPEN_2026_11_20 - start, ==, (gint64) (9 * 3600 + 15 * 60) * 1000);
  g_assert_cmpint (flow_ist_day_start_ms (start), ==, start);
  g_assert_cmpint (flow_ist_day_start_ms (start - 1), ==, start - FLOW_DAY_MS);
  g_assert_cmpint (flow_ist_at_time_of_day (OPEN_2026_11_20 + 3600000, 33300000), ==,
                   OPEN_2026_11_20);
}

static void
test_parse (void)
{
  gint64 ms = 0;

  g_assert_true (flow_ist_parse_time_of_day ("09:15", &ms));
  g_assert_cmpint (ms, ==, 33300000);
  g_assert_true (flow_ist_parse_time_of_day ("15:30:05", &ms));
  g_assert_cmpint (ms, ==, 55805000);
  g_assert_false (flow_ist_parse_time_of_day ("24:00", &ms));
  g_assert_false (flow_ist_parse_time_of_day ("9:61", &ms));
  g_assert_false (flow_ist_parse_time_of_day ("09:15x", &ms));
  g_assert_false (flow_ist_parse_time_of_day ("", &ms));
  g_assert_false (flow_ist_parse_time_of_day (NULL, &ms));

  g_assert_true (flow_ist_parse_date ("2026-11-20", &ms));
  g_assert_cmpint (ms, ==, flow_ist_day_start_ms (OPEN_2026_11_20));
  g_assert_true (flow_ist_parse_date ("2028-02-29", &ms));
  g_assert_false (flow_ist_parse_date ("2026-02-29", &ms));
  g_assert_false (flow_ist_parse_date ("2026-13-01", &ms));
  g_assert_false (flow_ist_parse_date ("2026-1-01", &ms));
  g_assert_false (flow_ist_parse_date ("2026-11-20T", &ms));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/ist/floor-div", test_floor_div);
  g_test_add_func ("/ist/format", test_format);
  g_test_add_func ("/ist/day-start", test_day_start);
  g_test_add_func ("/ist/parse", test_parse);
  return g_test_run ();
}

/* test-format.c: the one grouping rule of both views, Indian (12,34,567)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-format.h"

#include <string.h>

static void
test_group_indian (void)
{
  static const struct { guint64 value; const char *text; } cases[] = {
    { 0, "0" },
    { 7, "7" },
    { 999, "999" },
    { 1000, "1,000" },
    { 12345, "12,345" },
    { 123456, "1,23,456" },
    { 1234567, "12,34,567" },
    { 12345678, "1,23,45,678" },
    { 100000000, "10,00,00,000" },
    { G_MAXUINT64, "1,84,46,74,40,73,70,95,51,615" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char buf[FLOW_FORMAT_GROUPED_MAX];
      int len = flow_format_group_indian (buf, cases[i].value);

      g_assert_cmpstr (buf, ==, cases[i].text);
      g_assert_cmpint (len, ==, (int) strlen (cases[i].text));
    }
}

static void
test_grouped_and_rupees (void)
{
  static const struct { gint64 value; const char *text; } grouped[] = {
    { 0, "0" },
    { -1234, "−1,234" },
    { 13708370, "1,37,08,370" },
    { G_MININT64, "−92,23,37,20,36,85,47,75,808" },
  };
  static const struct { gint64 paise; const char *text; } rupees[] = {
    { 2449905, "24,499.05" },
    { 12345605, "1,23,456.05" },
    { -50, "−0.50" },
    { -12345, "−123.45" },
    { 5, "0.05" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (grouped); i++)
    {
      g_autofree char *text = flow_format_grouped (grouped[i].value);

      g_assert_cmpstr (text, ==, grouped[i].text);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (rupees); i++)
    {
      g_autofree char *text = flow_format_rupees (rupees[i].paise);

      g_assert_cmpstr (text, ==, rupees[i].text);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/format/group-indian", test_group_indian);
  g_test_add_func ("/format/grouped-and-rupees", test_grouped_and_rupees);
  return g_test_run ();
}

/* flow-format.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "flow-format.h"

int
flow_format_group_indian (char    *buf,
                          guint64  magnitude)
{
  char digits[24];
  int n = g_snprintf (digits, sizeof digits, "%" G_GUINT64_FORMAT, magnitude);
  int len = 0;

  for (int i = 0; i < n; i++)
    {
      int left = n - i;   /* digits from here to the end */

      /* A comma before the last three digits, and before every pair above them. */
      if (i > 0 && (left == 3 || (left > 3 && (left - 3) % 2 == 0)))
        buf[len++] = ',';
      buf[len++] = digits[i];
    }
  buf[len] = '\0';
  return len;
}

char *
flow_format_grouped (gint64 value)
{
  /* Through guint64, so that G_MININT64 has a magnitude too. */
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  char grouped[FLOW_FORMAT_GROUPED_MAX];

  flow_format_group_indian (grouped, magnitude);
  return g_strconcat (value < 0 ? "−" : "", grouped, NULL);
}

char *
flow_format_rupees (gint64 paise)
{
  g_autofree char *rupees = flow_format_grouped (paise / 100);
  int rest = (int) (paise % 100);

  /* −0.50 has no rupees to carry its sign. */
  if (paise < 0 && paise > -100)
    return g_strdup_printf ("−0.%02d", -rest);
  return g_strdup_printf ("%s.%02d", rupees, ABS (rest));
}

/* flow-format.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "flow-format.h"

char *
flow_format_thousands (gint64 value)
{
  /* Through guint64, so that G_MININT64 has a magnitude too. */
  guint64 magnitude = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude);
  GString *out = g_string_new (value < 0 ? "−" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
flow_format_rupees (gint64 paise)
{
  g_autofree char *rupees = flow_format_thousands (paise / 100);
  int rest = (int) (paise % 100);

  /* −0.50 has no rupees to carry its sign. */
  if (paise < 0 && paise > -100)
    return g_strdup_printf ("−0.%02d", -rest);
  return g_strdup_printf ("%s.%02d", rupees, ABS (rest));
}

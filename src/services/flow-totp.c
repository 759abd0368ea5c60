/* flow-totp.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-totp"

#include "config.h"

#include <glib/gi18n.h>
#include <liboath/oath.h>
#include <stdlib.h>
#include <string.h>

#include "flow-totp.h"

G_DEFINE_QUARK (flow-totp-error-quark, flow_totp_error)

/* The decoded key is as secret as the text: wipe it before it goes back to the allocator. */
static void
wipe_and_free (char   *data,
               size_t  length)
{
  if (data == NULL)
    return;
  memset (data, 0, length);
  free (data);
}

char *
flow_totp_generate (const char  *base32_secret,
                    gint64       unix_time,
                    guint        digits,
                    GError     **error)
{
  g_autoptr(GString) cleaned = NULL;
  char *key = NULL;
  size_t key_length = 0;
  char code[16];
  int rc;

  g_return_val_if_fail (base32_secret != NULL, NULL);
  g_return_val_if_fail (digits >= 6 && digits <= 8, NULL);

  /* Secrets are shown in groups of four and sometimes copied lower-case or with padding. */
  cleaned = g_string_new (NULL);
  for (const char *p = base32_secret; *p != '\0'; p++)
    if (!g_ascii_isspace (*p) && *p != '=')
      g_string_append_c (cleaned, g_ascii_toupper (*p));

  oath_init ();
  rc = cleaned->len > 0 ? oath_base32_decode (cleaned->str, cleaned->len, &key, &key_length)
                        : OATH_INVALID_BASE32;
  memset (cleaned->str, 0, cleaned->len);
  if (rc != OATH_OK || key_length == 0)
    {
      wipe_and_free (key, key_length);
      g_set_error (error, FLOW_TOTP_ERROR, FLOW_TOTP_ERROR_INVALID_SECRET,
                   _("The TOTP secret is not valid base32 (letters A–Z and digits 2–7)"));
      return NULL;
    }

  rc = oath_totp_generate (key, key_length, (time_t) unix_time, FLOW_TOTP_STEP_SECONDS, 0,
                           digits, code);
  wipe_and_free (key, key_length);
  if (rc != OATH_OK)
    {
      g_set_error (error, FLOW_TOTP_ERROR, FLOW_TOTP_ERROR_INVALID_SECRET,
                   _("Cannot compute a TOTP code: %s"), oath_strerror (rc));
      return NULL;
    }
  return g_strdup (code);
}

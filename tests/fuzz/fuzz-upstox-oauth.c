/* fuzz-upstox-oauth.c: the OAuth redirect: the browser's callback or a pasted URL
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

#include "fuzz-common.h"
#include "flow-upstox-oauth.h"

/* The corpus's redirects carry this state; the fuzzer mutates both. */
#define STATE "b6Yw3kT9qf"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  char *url;
  char *code;
  GError *error = NULL;

  fuzz_init ();
  url = fuzz_strndup (data, size);
  code = flow_upstox_oauth_parse_redirect (url, STATE, &error);
  if (code != NULL)
    {
      g_assert_null (error);
      g_assert_cmpstr (code, !=, "");
      g_free (code);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == FLOW_UPSTOX_OAUTH_ERROR);
      /* The dialog shows it in a label, which takes UTF-8 only. */
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_error_free (error);
    }
  g_free (url);
  return 0;
}

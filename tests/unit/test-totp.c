/* test-totp.c: TOTP codes against RFC 6238's SHA1 test vectors
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "flow-totp.h"

/* RFC 6238 appendix B: the SHA1 key is the ASCII "12345678901234567890". */
#define RFC_SECRET "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

static const struct
{
  gint64      time;
  const char *code;
} rfc_vectors[] = {
  { 59,          "94287082" },
  { 1111111109,  "07081804" },
  { 1111111111,  "14050471" },
  { 1234567890,  "89005924" },
  { 2000000000,  "69279037" },
  { 20000000000, "65353130" },
};

static void
test_rfc_vectors (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (rfc_vectors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *eight = flow_totp_generate (RFC_SECRET, rfc_vectors[i].time, 8, &error);
      g_autofree char *six = NULL;

      g_assert_no_error (error);
      g_assert_cmpstr (eight, ==, rfc_vectors[i].code);
      /* Six digits are the same value modulo 10^6, leading zeros kept. */
      six = flow_totp_generate (RFC_SECRET, rfc_vectors[i].time, FLOW_TOTP_DIGITS, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (six, ==, rfc_vectors[i].code + 2);
    }
}

static void
test_steps (void)
{
  g_autofree char *a = flow_totp_generate (RFC_SECRET, 1111111110, 6, NULL);
  g_autofree char *b = flow_totp_generate (RFC_SECRET, 1111111119, 6, NULL);
  g_autofree char *c = flow_totp_generate (RFC_SECRET, 1111111140, 6, NULL);

  /* 1111111110 … 1111111139 is one 30 s step. */
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
}

static void
test_secret_forms (void)
{
  g_autofree char *plain = flow_totp_generate (RFC_SECRET, 59, 6, NULL);
  g_autofree char *lower = flow_totp_generate ("gezdgnbvgy3tqojqgezdgnbvgy3tqojq", 59, 6, NULL);
  g_autofree char *spaced = flow_totp_generate ("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ", 59, 6,
                                                NULL);
  g_autofree char *padded = flow_totp_generate ("JBSWY3DPEHPK3PXP====", 59, 6, NULL);
  g_autofree char *unpadded = flow_totp_generate ("JBSWY3DPEHPK3PXP", 59, 6, NULL);

  g_assert_cmpstr (plain, ==, "287082");
  g_assert_cmpstr (lower, ==, plain);
  g_assert_cmpstr (spaced, ==, plain);
  g_assert_nonnull (unpadded);
  g_assert_cmpstr (padded, ==, unpadded);
}

static void
test_invalid_secret (void)
{
  const char *bad[] = { "", "   ", "NOT-BASE32!", "0189" };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = flow_totp_generate (bad[i], 59, 6, &error);

      g_assert_null (code);
      g_assert_error (error, FLOW_TOTP_ERROR, FLOW_TOTP_ERROR_INVALID_SECRET);
      if (*bad[i] != '\0' && *bad[i] != ' ')
        g_assert_null (strstr (error->message, bad[i]));
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/totp/rfc6238-sha1", test_rfc_vectors);
  g_test_add_func ("/totp/steps", test_steps);
  g_test_add_func ("/totp/secret-forms", test_secret_forms);
  g_test_add_func ("/totp/invalid-secret", test_invalid_secret);
  return g_test_run ();
}

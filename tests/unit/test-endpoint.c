/* test-endpoint.c: endpoint overrides refuse plain http/ws except on loopback
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-endpoint.h"

static void
test_check (void)
{
  static const char *accepted[] = {
    "https://api.upstox.com", "wss://smartapisocket.angelone.in/smart-stream",
    "http://127.0.0.1:8080", "ws://127.0.0.1:9000/smart-stream", "http://127.8.9.1/",
    "http://localhost:5000/callback", "http://[::1]:8080/x",
  };
  static const char *insecure[] = {
    "http://api.upstox.com", "ws://10.0.0.1/stream", "http://192.168.1.5:8080",
    "http://[2001:db8::1]/", "http://localhost.example.com/",
  };
  static const char *invalid[] = { "api.upstox.com", "ftp://127.0.0.1/", "", "https://" };

  for (gsize i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_true (flow_endpoint_check (accepted[i], &error));
      g_assert_no_error (error);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (insecure); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (flow_endpoint_check (insecure[i], &error));
      g_assert_error (error, FLOW_ENDPOINT_ERROR, FLOW_ENDPOINT_ERROR_INSECURE);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_false (flow_endpoint_check (invalid[i], &error));
      g_assert_error (error, FLOW_ENDPOINT_ERROR, FLOW_ENDPOINT_ERROR_INVALID);
    }
}

static void
test_resolve (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fallback = NULL;
  g_autofree char *overridden = NULL;
  char *refused;

  g_unsetenv ("ORDERFLOW_TEST_URL");
  fallback = flow_endpoint_resolve ("ORDERFLOW_TEST_URL", "https://api.upstox.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fallback, ==, "https://api.upstox.com");

  g_setenv ("ORDERFLOW_TEST_URL", "http://127.0.0.1:4242/", TRUE);
  overridden = flow_endpoint_resolve ("ORDERFLOW_TEST_URL", "https://api.upstox.com", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (overridden, ==, "http://127.0.0.1:4242");

  g_setenv ("ORDERFLOW_TEST_URL", "http://evil.example.com", TRUE);
  refused = flow_endpoint_resolve ("ORDERFLOW_TEST_URL", "https://api.upstox.com", &error);
  g_assert_null (refused);
  g_assert_error (error, FLOW_ENDPOINT_ERROR, FLOW_ENDPOINT_ERROR_INSECURE);
  g_assert_true (g_str_has_prefix (error->message, "ORDERFLOW_TEST_URL: "));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/endpoint/check", test_check);
  g_test_add_func ("/endpoint/resolve", test_resolve);
  return g_test_run ();
}

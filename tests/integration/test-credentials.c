/* test-credentials.c: credentials in a real gnome-keyring, through the library and the CLI
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-credentials.h"
#include "flow-test-cli.h"
#include "flow-test-keyring.h"

#define TOTP_SECRET "JBSWY3DPEHPK3PXP"

static FlowTestKeyring *keyring;

static void
test_normalize (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *totp = flow_credentials_normalize (FLOW_BROKER_ANGEL, "totp_secret",
                                                      " jbsw y3dp ehpk 3pxp ", &error);
  char *bad;

  g_assert_no_error (error);
  g_assert_cmpstr (totp, ==, TOTP_SECRET);

  bad = flow_credentials_normalize (FLOW_BROKER_ANGEL, "totp_secret", "JBSWY3DP18", &error);
  g_assert_null (bad);
  g_assert_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_INVALID_VALUE);
  /* Error messages never repeat the value. */
  g_assert_null (strstr (error->message, "JBSWY3DP18"));
  g_clear_error (&error);

  g_assert_null (flow_credentials_normalize (FLOW_BROKER_ANGEL, "password", "x", &error));
  g_assert_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_UNKNOWN_NAME);
  g_clear_error (&error);

  g_assert_null (flow_credentials_normalize (FLOW_BROKER_UPSTOX, "api_key", "   ", &error));
  g_assert_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_EMPTY_VALUE);
  g_clear_error (&error);

  g_assert_null (flow_credentials_normalize (FLOW_BROKER_UPSTOX, "access_token_expires",
                                             "tomorrow", &error));
  g_assert_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_INVALID_VALUE);
  g_clear_error (&error);

  g_assert_null (flow_credentials_normalize (FLOW_BROKER_UPSTOX, "redirect_uri",
                                             "127.0.0.1:5000", &error));
  g_assert_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_INVALID_VALUE);
  g_clear_error (&error);
}

/* The optional registered static IP: an address, stored in its canonical form, never one that
 * Angel One could have on record for nobody (loopback, link-local, unspecified). */
static void
test_normalize_public_ip (void)
{
  static const char * const bad[] = {
    "203.0.113", "203.0.113.7:80", "example.com", "127.0.0.1", "::1", "0.0.0.0",
    "169.254.1.2", "fe80::1",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *v4 = flow_credentials_normalize (FLOW_BROKER_ANGEL, "public_ip",
                                                    " 203.0.113.7 ", &error);
  g_autofree char *v6 = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (v4, ==, "203.0.113.7");
  v6 = flow_credentials_normalize (FLOW_BROKER_ANGEL, "public_ip", "2001:DB8:0::0001", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (v6, ==, "2001:db8::1");
  g_assert_true (g_strv_contains (flow_credentials_names (FLOW_BROKER_ANGEL), "public_ip"));

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_null (flow_credentials_normalize (FLOW_BROKER_ANGEL, "public_ip", bad[i], &error));
      g_assert_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_INVALID_VALUE);
      g_assert_null (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }
}

static void
test_library_round_trip (void)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;

  g_hash_table_insert (values, "api_key", "key-one");
  g_hash_table_insert (values, "client_code", "A123");
  g_assert_true (flow_credentials_store_sync (credentials, FLOW_BROKER_ANGEL, values, NULL, &error));
  g_assert_no_error (error);

  /* An update touches only the names it gives. */
  g_hash_table_remove_all (values);
  g_hash_table_insert (values, "api_key", "key-two");
  g_hash_table_insert (values, "totp_secret", "jbsw y3dp ehpk 3pxp");
  g_assert_true (flow_credentials_store_sync (credentials, FLOW_BROKER_ANGEL, values, NULL, &error));

  found = flow_credentials_lookup_all_sync (credentials, FLOW_BROKER_ANGEL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (found), ==, 3);
  g_assert_cmpstr (g_hash_table_lookup (found, "api_key"), ==, "key-two");
  g_assert_cmpstr (g_hash_table_lookup (found, "client_code"), ==, "A123");
  g_assert_cmpstr (g_hash_table_lookup (found, "totp_secret"), ==, TOTP_SECRET);

  /* A bad value anywhere stores nothing. */
  g_hash_table_remove_all (values);
  g_hash_table_insert (values, "api_key", "key-three");
  g_hash_table_insert (values, "totp_secret", "not base32!");
  g_assert_false (flow_credentials_store_sync (credentials, FLOW_BROKER_ANGEL, values, NULL, &error));
  g_assert_error (error, FLOW_CREDENTIALS_ERROR, FLOW_CREDENTIALS_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_clear_pointer (&found, g_hash_table_unref);
  found = flow_credentials_lookup_all_sync (credentials, FLOW_BROKER_ANGEL, NULL, &error);
  g_assert_cmpstr (g_hash_table_lookup (found, "api_key"), ==, "key-two");

  /* Brokers are separate. */
  names = flow_credentials_list_sync (credentials, FLOW_BROKER_UPSTOX, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  g_clear_pointer (&names, g_strfreev);

  g_assert_true (flow_credentials_clear_sync (credentials, FLOW_BROKER_ANGEL, NULL, &error));
  names = flow_credentials_list_sync (credentials, FLOW_BROKER_ANGEL, NULL, &error);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
}

static void
on_changed (FlowCredentials *credentials,
            int              broker,
            int             *changed_broker)
{
  *changed_broker = broker;
}

typedef struct
{
  gboolean  done;
  gboolean  stored;
  GError   *error;
} StoreResult;

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  StoreResult *outcome = user_data;

  outcome->stored = flow_credentials_store_finish (FLOW_CREDENTIALS (source), result,
                                                   &outcome->error);
  outcome->done = TRUE;
}

static void
test_async_store_notifies (void)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GError) error = NULL;
  StoreResult outcome = { 0 };
  int changed_broker = -1;

  g_signal_connect (credentials, "changed", G_CALLBACK (on_changed), &changed_broker);
  g_hash_table_insert (values, "api_key", "upstox-key");
  g_hash_table_insert (values, "redirect_uri", "http://127.0.0.1:5000/callback");
  flow_credentials_store_async (credentials, FLOW_BROKER_UPSTOX, values, NULL, on_stored, &outcome);
  while (!outcome.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (outcome.error);
  g_assert_true (outcome.stored);
  g_assert_cmpint (changed_broker, ==, FLOW_BROKER_UPSTOX);

  found = flow_credentials_lookup_all_sync (credentials, FLOW_BROKER_UPSTOX, NULL, &error);
  g_assert_cmpstr (g_hash_table_lookup (found, "redirect_uri"), ==,
                   "http://127.0.0.1:5000/callback");
  flow_credentials_clear_sync (credentials, FLOW_BROKER_UPSTOX, NULL, &error);
  g_assert_no_error (error);
}

static void
test_cli_round_trip (void)
{
  g_auto(FlowTestCliResult) set = { 0 };
  g_auto(FlowTestCliResult) status = { 0 };
  g_auto(FlowTestCliResult) bad = { 0 };
  g_auto(FlowTestCliResult) after_bad = { 0 };
  g_auto(FlowTestCliResult) cleared = { 0 };
  g_auto(FlowTestCliResult) after_clear = { 0 };
  g_auto(FlowTestCliResult) usage = { 0 };

  flow_test_cli_run (&set, &(FlowTestCliOptions) {
                       .stdin_text = "api_key=secret-key-42\nclient_code=C77\npin=9911\n"
                                     "totp_secret=jbsw y3dp ehpk 3pxp\npublic_ip=203.0.113.7\n" },
                     "credentials", "set", "angel", NULL);
  g_assert_cmpint (set.status, ==, 0);
  g_assert_null (strstr (set.out, "secret-key-42"));

  flow_test_cli_run (&status, NULL, "credentials", "status", "angel", NULL);
  g_assert_cmpint (status.status, ==, 0);
  g_assert_cmpstr (status.out, ==,
                   "api_key: set\nclient_code: set\npin: set\ntotp_secret: set\npublic_ip: set\n");

  /* One malformed TOTP secret: exit 1, one line on stderr, nothing stored. */
  flow_test_cli_run (&bad, &(FlowTestCliOptions) { .stdin_text = "pin=0000\ntotp_secret=11111111\n" },
                     "credentials", "set", "angel", NULL);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_true (g_str_has_prefix (bad.err, "orderflow-cli: "));
  g_assert_cmpint (strchr (bad.err, '\n') - bad.err, ==, strlen (bad.err) - 1);
  g_assert_null (strstr (bad.err, "11111111"));

  flow_test_cli_run (&after_bad, NULL, "credentials", "status", "upstox", NULL);
  g_assert_cmpint (after_bad.status, ==, 0);
  g_assert_true (g_str_has_prefix (after_bad.out, "api_key: not set\n"));

  flow_test_cli_run (&cleared, NULL, "credentials", "clear", "angel", NULL);
  g_assert_cmpint (cleared.status, ==, 0);
  flow_test_cli_run (&after_clear, NULL, "credentials", "status", "angel", NULL);
  g_assert_cmpstr (after_clear.out, ==,
                   "api_key: not set\nclient_code: not set\npin: not set\ntotp_secret: not set\n"
                   "public_ip: not set\n");

  flow_test_cli_run (&usage, NULL, "credentials", "set", NULL);
  g_assert_cmpint (usage.status, ==, 2);
  g_assert_nonnull (strstr (usage.err, "usage:"));
}

static void
test_cli_keeps_unnamed (void)
{
  g_auto(FlowTestCliResult) first = { 0 };
  g_auto(FlowTestCliResult) second = { 0 };
  g_auto(FlowTestCliResult) status = { 0 };
  g_auto(FlowTestCliResult) unknown = { 0 };
  g_auto(FlowTestCliResult) empty = { 0 };
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GError) error = NULL;

  flow_test_cli_run (&first, &(FlowTestCliOptions) { .stdin_text = "api_key=k1\napi_secret=s1\n" },
                     "credentials", "set", "upstox", NULL);
  g_assert_cmpint (first.status, ==, 0);
  flow_test_cli_run (&second, &(FlowTestCliOptions) {
                       .stdin_text = "# comment lines and blank lines are skipped\n\n"
                                     "api_key=k2=with=equals\n" },
                     "credentials", "set", "upstox", NULL);
  g_assert_cmpint (second.status, ==, 0);

  found = flow_credentials_lookup_all_sync (credentials, FLOW_BROKER_UPSTOX, NULL, &error);
  g_assert_cmpstr (g_hash_table_lookup (found, "api_key"), ==, "k2=with=equals");
  g_assert_cmpstr (g_hash_table_lookup (found, "api_secret"), ==, "s1");

  flow_test_cli_run (&unknown, &(FlowTestCliOptions) { .stdin_text = "password=x\n" },
                     "credentials", "set", "upstox", NULL);
  g_assert_cmpint (unknown.status, ==, 1);
  flow_test_cli_run (&empty, &(FlowTestCliOptions) { .stdin_text = "api_key=\n" },
                     "credentials", "set", "upstox", NULL);
  g_assert_cmpint (empty.status, ==, 1);

  flow_test_cli_run (&status, NULL, "credentials", "status", "upstox", NULL);
  g_assert_true (g_str_has_prefix (status.out, "api_key: set\napi_secret: set\n"));
  flow_credentials_clear_sync (credentials, FLOW_BROKER_UPSTOX, NULL, &error);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  keyring = flow_test_keyring_start ();
  g_test_add_func ("/credentials/normalize", test_normalize);
  g_test_add_func ("/credentials/normalize-public-ip", test_normalize_public_ip);
  g_test_add_func ("/credentials/library-round-trip", test_library_round_trip);
  g_test_add_func ("/credentials/async-store-notifies", test_async_store_notifies);
  g_test_add_func ("/credentials/cli-round-trip", test_cli_round_trip);
  g_test_add_func ("/credentials/cli-keeps-unnamed", test_cli_keeps_unnamed);
  status = g_test_run ();
  flow_test_keyring_stop (keyring);
  return status;
}

/* test-smartapi-client.c: SmartAPI replies of every shape mapped to specific errors
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "flow-smartapi-client.h"

static JsonNode *
parse (guint        status,
       const char  *body,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  return flow_smartapi_parse_response (status, bytes, error);
}

static void
assert_error (guint       status,
              const char *body,
              int         code,
              const char *message_part)
{
  g_autoptr(GError) error = NULL;
  JsonNode *data = parse (status, body, &error);

  g_assert_null (data);
  g_assert_error (error, FLOW_SMARTAPI_ERROR, code);
  if (message_part != NULL && strstr (error->message, message_part) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, message_part);
  /* One line: the CLI prints it as is. */
  g_assert_null (strchr (error->message, '\n'));
}

static void
test_success (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = parse (200, "  {\"status\":true,\"message\":\"SUCCESS\",\"errorcode\":"
                                    "\"\",\"data\":{\"jwtToken\":\"x\"}}", &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (data));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (data), "jwtToken"), ==,
                   "x");
}

static void
test_status_false (void)
{
  assert_error (200, "{\"status\":false,\"message\":\"Invalid totp\",\"errorcode\":\"AB1050\","
                "\"data\":null}", FLOW_SMARTAPI_ERROR_TOTP, "AB1050");
  /* The docs' string forms. */
  assert_error (200, "{\"status\":\"false\",\"message\":\"Login Id or password is invalid\","
                "\"errorcode\":\"AB1007\",\"data\":\"null\"}", FLOW_SMARTAPI_ERROR_CREDENTIALS,
                "Login Id or password is invalid");
  assert_error (200, "{\"status\":false,\"message\":\"Something Went Wrong\",\"errorcode\":"
                "\"AB1004\",\"data\":null}", FLOW_SMARTAPI_ERROR_REFUSED, "AB1004");
  assert_error (200, "{\"status\":false,\"message\":\"Invalid Refresh Token\",\"errorcode\":"
                "\"AB8050\",\"data\":null}", FLOW_SMARTAPI_ERROR_TOKEN, "AB8050");
  /* An error code without status is still an error. */
  assert_error (200, "{\"message\":\"Refresh Token Expired\",\"errorcode\":\"AB8051\"}",
                FLOW_SMARTAPI_ERROR_TOKEN, "AB8051");
}

static void
test_gateway_shape (void)
{
  assert_error (200, "{\"success\":false,\"message\":\"Invalid Token\",\"errorCode\":\"AG8001\","
                "\"data\":\"\"}", FLOW_SMARTAPI_ERROR_TOKEN, "AG8001");
  assert_error (401, "{\"success\":false,\"message\":\"Token Expired\",\"errorCode\":\"AG8002\","
                "\"data\":\"\"}", FLOW_SMARTAPI_ERROR_TOKEN, "AG8002");
  assert_error (403, "{\"success\":false,\"message\":\"Invalid API Key\",\"errorCode\":\"AG8004\","
                "\"data\":\"\"}", FLOW_SMARTAPI_ERROR_CREDENTIALS, "api_key");
}

static void
test_not_json (void)
{
  assert_error (403, "Access denied because of exceeding access rate",
                FLOW_SMARTAPI_ERROR_RATE_LIMITED, "exceeding access rate");
  assert_error (200, "<html><head><title>Request Rejected</title></head><body>The requested URL "
                "was rejected. Please consult with your administrator.<br><br>Your support ID "
                "is: 1234567890123456789<br></body></html>", FLOW_SMARTAPI_ERROR_FIREWALL,
                "1234567890123456789");
  assert_error (403, "<html><body>Forbidden</body></html>", FLOW_SMARTAPI_ERROR_FIREWALL, "403");
  assert_error (502, "Bad Gateway\r\n", FLOW_SMARTAPI_ERROR_HTTP, "502");
  assert_error (500, "", FLOW_SMARTAPI_ERROR_HTTP, "500");
  assert_error (200, "", FLOW_SMARTAPI_ERROR_BAD_RESPONSE, NULL);
  assert_error (200, "{\"status\":true,", FLOW_SMARTAPI_ERROR_BAD_RESPONSE, NULL);
  assert_error (503, "{\"status\":true,\"data\":{}}", FLOW_SMARTAPI_ERROR_HTTP, "503");
}

static void
test_missing_credentials (void)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  FlowSmartapiClient *client;

  g_hash_table_insert (values, "api_key", "k");
  g_hash_table_insert (values, "client_code", "A1");
  client = flow_smartapi_client_new_from_credentials (NULL, "http://127.0.0.1:1", values, &error);
  g_assert_null (client);
  g_assert_error (error, FLOW_SMARTAPI_ERROR, FLOW_SMARTAPI_ERROR_CREDENTIALS);
  g_assert_nonnull (strstr (error->message, "pin, totp_secret"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/smartapi-client/success", test_success);
  g_test_add_func ("/smartapi-client/status-false", test_status_false);
  g_test_add_func ("/smartapi-client/gateway-shape", test_gateway_shape);
  g_test_add_func ("/smartapi-client/not-json", test_not_json);
  g_test_add_func ("/smartapi-client/missing-credentials", test_missing_credentials);
  return g_test_run ();
}

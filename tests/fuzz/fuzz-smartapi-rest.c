/* fuzz-smartapi-rest.c: SmartAPI REST bodies (flow_smartapi_parse_response)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"
#include "flow-smartapi-client.h"

/* Statuses the server answers with; 200 always, one other chosen by the input. */
static const guint statuses[] = { 400, 401, 403, 404, 429, 500, 502, 503 };

static void
check (guint          status,
       const uint8_t *data,
       size_t         size)
{
  GBytes *body = g_bytes_new_static (data, size);
  GError *error = NULL;
  JsonNode *node = flow_smartapi_parse_response (status, body, &error);

  if (node != NULL)
    {
      g_assert_null (error);
      json_node_unref (node);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == FLOW_SMARTAPI_ERROR);
      g_assert_nonnull (error->message);
      g_error_free (error);
    }
  g_bytes_unref (body);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_init ();
  check (200, data, size);
  check (statuses[size % G_N_ELEMENTS (statuses)], data, size);
  return 0;
}

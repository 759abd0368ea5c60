/* fuzz-upstox-client.c: Upstox REST bodies: option contracts, the token answer, error envelopes
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"
#include "flow-ist.h"
#include "flow-upstox-client.h"
#include "flow-upstox-option-chain.h"

static const guint statuses[] = { 200, 400, 401, 403, 429, 500, 503 };

static void
check_expiries (JsonNode *root)
{
  GError *error = NULL;
  GStrv expiries = flow_upstox_contract_expiries (root, &error);

  if (expiries == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_error_matches (error, FLOW_UPSTOX_ERROR,
                                      FLOW_UPSTOX_ERROR_INVALID_RESPONSE));
      g_error_free (error);
      return;
    }
  g_assert_null (error);
  for (guint i = 0; expiries[i] != NULL; i++)
    {
      gint64 day;

      g_assert_true (flow_ist_parse_date (expiries[i], &day));
      /* Ascending and distinct. */
      if (i > 0)
        g_assert_cmpint (strcmp (expiries[i - 1], expiries[i]), <, 0);
    }
  g_strfreev (expiries);
}

/* The token answer is a flat object (upstox.md §1.2); a refused one carries the envelope. */
static void
check_token (JsonNode *root,
             size_t    size)
{
  char *refusal = flow_upstox_describe_refusal (root, statuses[size % G_N_ELEMENTS (statuses)]);

  g_assert_nonnull (refusal);
  g_assert_true (g_utf8_validate (refusal, -1, NULL));
  g_free (refusal);
}

static void
check_underlying (JsonNode *root)
{
  JsonNode *key;
  char *name;
  char *back;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return;
  key = json_object_get_member (json_node_get_object (root), "underlying_key");
  if (key == NULL || json_node_get_value_type (key) != G_TYPE_STRING)
    return;
  name = flow_upstox_underlying_name (json_node_get_string (key));
  g_assert_nonnull (name);
  back = flow_upstox_underlying_key (name);
  g_assert_nonnull (back);
  g_free (back);
  g_free (name);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  JsonParser *parser;
  JsonNode *root = NULL;

  fuzz_init ();
  parser = json_parser_new ();
  /* As the clients do: an empty body is no JSON (json-glib refuses a NULL one). */
  if (size > 0 && json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL))
    root = json_parser_get_root (parser);
  /* Not JSON (an HTML page, a proxy's text): only the refusal is described, from the status. */
  check_token (root, size);
  if (root != NULL)
    {
      check_expiries (root);
      check_underlying (root);
    }
  g_object_unref (parser);
  return 0;
}

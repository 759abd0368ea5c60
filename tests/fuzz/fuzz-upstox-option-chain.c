/* fuzz-upstox-option-chain.c: Upstox option-chain and candle bodies
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"
#include "flow-upstox-option-chain.h"

#define TIME_MS G_GINT64_CONSTANT (1795149000000)

static void
check_chain (JsonNode *root)
{
  GError *error = NULL;
  FlowOptionChain *chain = flow_upstox_option_chain_parse (root, TIME_MS, &error);
  FlowOptionChain *again;
  JsonNode *body;

  if (chain == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == FLOW_UPSTOX_OPTION_CHAIN_ERROR);
      g_error_free (error);
      return;
    }
  g_assert_null (error);
  g_assert_cmpint (chain->time_ms, ==, TIME_MS);
  g_assert_nonnull (chain->underlying);
  g_assert_nonnull (chain->expiry);
  g_assert_cmpuint (chain->strikes->len, >, 0);
  for (guint i = 0; i < chain->strikes->len; i++)
    {
      const FlowOptionStrike *strike = flow_option_chain_get (chain, i);

      if (i > 0)
        g_assert_cmpfloat (flow_option_chain_get (chain, i - 1)->strike, <=, strike->strike);
      g_assert_true (!strike->ce.present || strike->ce.instrument_key != NULL);
      g_assert_true (!strike->pe.present || strike->pe.instrument_key != NULL);
    }

  /* The demo's round trip: what serialize writes, parse reads back. */
  body = flow_upstox_option_chain_serialize (chain);
  again = flow_upstox_option_chain_parse (body, TIME_MS, NULL);
  g_assert_nonnull (again);
  g_assert_cmpuint (again->strikes->len, ==, chain->strikes->len);
  flow_option_chain_free (again);
  json_node_unref (body);
  flow_option_chain_free (chain);
}

static void
check_candles (JsonNode *root)
{
  GError *error = NULL;
  GArray *candles = flow_upstox_candles_parse_oi (root, &error);

  if (candles == NULL)
    {
      g_assert_nonnull (error);
      g_error_free (error);
      return;
    }
  g_assert_null (error);
  g_array_unref (candles);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  JsonParser *parser;

  fuzz_init ();
  parser = json_parser_new ();
  /* As the clients do: an empty body is no JSON (json-glib refuses a NULL one). */
  if (size > 0 && json_parser_load_from_data (parser, (const char *) data, (gssize) size, NULL) &&
      json_parser_get_root (parser) != NULL)
    {
      check_chain (json_parser_get_root (parser));
      check_candles (json_parser_get_root (parser));
    }
  g_object_unref (parser);
  return 0;
}

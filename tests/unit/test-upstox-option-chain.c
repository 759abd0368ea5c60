/* test-upstox-option-chain.c: Upstox option-chain and candle bodies (shared/protocols/upstox.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-test-assert.h"
#include "flow-upstox-option-chain.h"

#define T10 G_GINT64_CONSTANT (1795149000000)

/* The documented record of upstox.md §3, plus a second strike listed first, with the float
 * counts (12625.0) and null prev_oi seen in third-party fixtures. */
static const char good_body[] =
  "{\"status\":\"success\",\"data\":["
  "{\"expiry\":\"2025-02-13\",\"pcr\":0.5,\"strike_price\":21150.0,"
  "\"underlying_key\":\"NSE_INDEX|Nifty 50\",\"underlying_spot_price\":22976.2,"
  "\"call_options\":{\"instrument_key\":\"NSE_FO|51061\",\"market_data\":{\"ltp\":2400,"
  "\"volume\":75,\"oi\":12625.0,\"close_price\":2400.5,\"bid_price\":1,\"bid_qty\":2,"
  "\"ask_price\":3,\"ask_qty\":4,\"prev_oi\":null},\"option_greeks\":{\"vega\":4.1,"
  "\"theta\":-472.8,\"gamma\":0,\"delta\":1,\"iv\":0}},"
  "\"put_options\":{\"instrument_key\":\"NSE_FO|51062\",\"market_data\":{\"ltp\":0.35,"
  "\"volume\":150,\"oi\":6312,\"prev_oi\":6000}}},"
  "{\"expiry\":\"2025-02-13\",\"pcr\":7515.3,\"strike_price\":21100,"
  "\"underlying_key\":\"NSE_INDEX|Nifty 50\",\"underlying_spot_price\":22976.2,"
  "\"call_options\":{\"instrument_key\":\"NSE_FO|51059\",\"market_data\":{\"ltp\":2449.9,"
  "\"volume\":0,\"oi\":750,\"close_price\":2449.9,\"bid_price\":1856.65,\"bid_qty\":1125,"
  "\"ask_price\":1941.65,\"ask_qty\":1125,\"prev_oi\":1500},\"option_greeks\":{\"vega\":4.1731,"
  "\"theta\":-472.8941,\"gamma\":0.0001,\"delta\":0.743,\"iv\":262.31,\"pop\":40.56}},"
  "\"put_options\":{\"instrument_key\":\"NSE_FO|51060\",\"market_data\":{\"ltp\":0.3,"
  "\"volume\":22315725,\"oi\":5636475,\"close_price\":0.35,\"bid_price\":0.3,"
  "\"bid_qty\":1979400,\"ask_price\":0.35,\"ask_qty\":2152500,\"prev_oi\":5797500},"
  "\"option_greeks\":{\"vega\":0.0568,\"theta\":-1.2461,\"gamma\":0,\"delta\":-0.0013,"
  "\"iv\":50.78,\"pop\":0.15}}}]}";

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static FlowOptionChain *
parse_chain (const char  *text,
             GError     **error)
{
  g_autoptr(JsonNode) body = parse_json (text);

  return flow_upstox_option_chain_parse (body, T10, error);
}

static void
test_good_body (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowOptionChain) chain = parse_chain (good_body, &error);
  const FlowOptionStrike *row;

  g_assert_no_error (error);
  g_assert_cmpint (chain->time_ms, ==, T10);
  g_assert_cmpstr (chain->underlying, ==, "NIFTY");
  g_assert_cmpstr (chain->expiry, ==, "2025-02-13");
  g_assert_cmpfloat (chain->spot, ==, 22976.2);
  g_assert_cmpint (chain->lot_size, ==, 0);
  g_assert_cmpuint (chain->strikes->len, ==, 2);

  row = flow_option_chain_get (chain, 0);
  g_assert_cmpfloat (row->strike, ==, 21100);
  g_assert_true (row->ce.present);
  g_assert_cmpstr (row->ce.instrument_key, ==, "NSE_FO|51059");
  g_assert_cmpint (row->ce.oi, ==, 750);
  g_assert_cmpfloat (row->ce.ltp, ==, 2449.9);
  g_assert_cmpint (row->ce.volume, ==, 0);
  g_assert_cmpstr (row->pe.instrument_key, ==, "NSE_FO|51060");
  g_assert_cmpint (row->pe.oi, ==, 5636475);
  g_assert_cmpint (row->pe.volume, ==, 22315725);

  row = flow_option_chain_get (chain, 1);
  g_assert_cmpfloat (row->strike, ==, 21150);
  g_assert_cmpint (row->ce.oi, ==, 12625);
  g_assert_cmpfloat (row->ce.ltp, ==, 2400);
  g_assert_cmpint (row->pe.oi, ==, 6312);
}

static void
test_missing_side (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowOptionChain) chain = parse_chain (
    "{\"status\":\"success\",\"data\":["
    "{\"expiry\":\"2026-11-24\",\"strike_price\":24100,\"underlying_key\":\"NSE_INDEX|Nifty 50\","
    "\"underlying_spot_price\":24112.35,"
    "\"call_options\":{\"instrument_key\":\"NSE_FO|1\",\"market_data\":{\"oi\":10}}},"
    "{\"expiry\":\"2026-11-24\",\"strike_price\":24150,\"call_options\":null,"
    "\"put_options\":{\"instrument_key\":\"NSE_FO|2\",\"market_data\":{\"oi\":20,"
    "\"prev_oi\":null}}}]}", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (chain->strikes->len, ==, 2);
  g_assert_true (flow_option_chain_get (chain, 0)->ce.present);
  g_assert_false (flow_option_chain_get (chain, 0)->pe.present);
  g_assert_null (flow_option_chain_get (chain, 0)->pe.instrument_key);
  g_assert_false (flow_option_chain_get (chain, 1)->ce.present);
  g_assert_cmpint (flow_option_chain_get (chain, 1)->pe.oi, ==, 20);
  /* Fields a strike omits come from the others. */
  g_assert_cmpfloat (chain->spot, ==, 24112.35);
}

static void
test_null_prev_oi (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowOptionChain) chain = parse_chain (
    "{\"status\":\"success\",\"data\":[{\"expiry\":\"2026-11-24\",\"strike_price\":24100,"
    "\"underlying_key\":\"NSE_INDEX|Nifty Bank\",\"underlying_spot_price\":51000,"
    "\"call_options\":{\"instrument_key\":\"NSE_FO|1\","
    "\"market_data\":{\"ltp\":1.5,\"volume\":0,\"oi\":10,\"prev_oi\":null}}}]}", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (chain->underlying, ==, "BANKNIFTY");
  g_assert_cmpint (flow_option_chain_get (chain, 0)->ce.oi, ==, 10);
}

/* A strike of the form "{…},"; STRIKE(24100) is a valid one. */
#define HEAD "{\"status\":\"success\",\"data\":["
#define TAIL "]}"
#define COMMON "\"expiry\":\"2026-11-24\",\"underlying_key\":\"NSE_INDEX|Nifty 50\"," \
               "\"underlying_spot_price\":24100,"
#define SIDE(key, market) "{\"instrument_key\":" key ",\"market_data\":" market "}"
#define VALID_SIDE SIDE ("\"NSE_FO|1\"", "{\"oi\":1}")

static void
test_wrong_types (void)
{
  static const struct
  {
    const char *body;
    int code;
    const char *message;
  } cases[] = {
    { "[]", FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID, "body: should be an object, not an array" },
    { "{\"status\":\"success\"}", FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID, "“data” is missing" },
    { "{\"status\":\"success\",\"data\":{}}", FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "body: “data” should be an array, not an object" },
    { "{\"status\":1,\"data\":[]}", FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "body: “status” should be a string, not a number" },
    { "{\"status\":\"pending\",\"data\":[]}", FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "unknown “status” “pending”" },
    { HEAD TAIL, FLOW_UPSTOX_OPTION_CHAIN_ERROR_EMPTY, "no strikes" },
    { HEAD "3" TAIL, FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "data[0]: should be an object, not a number" },
    { HEAD "{" COMMON "\"strike_price\":\"24100\"}" TAIL, FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "data[0]: “strike_price” should be a number, not a string" },
    { HEAD "{" COMMON "\"strike_price\":true}" TAIL, FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "data[0]: “strike_price” should be a number, not a boolean" },
    { HEAD "{" COMMON "\"call_options\":" VALID_SIDE "}" TAIL,
      FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID, "data[0]: “strike_price” is missing" },
    { HEAD "{" COMMON "\"strike_price\":1,\"call_options\":[]}" TAIL,
      FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "data[0]: “call_options” should be an object, not an array" },
    { HEAD "{" COMMON "\"strike_price\":1,\"put_options\":" SIDE ("7", "{\"oi\":1}") "}" TAIL,
      FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "data[0].put_options: “instrument_key” should be a string, not a number" },
    { HEAD "{" COMMON "\"strike_price\":1,\"put_options\":{\"market_data\":{\"oi\":1}}}" TAIL,
      FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "data[0].put_options: “instrument_key” is missing" },
    { HEAD "{" COMMON "\"strike_price\":1,\"put_options\":{\"instrument_key\":\"k\"}}" TAIL,
      FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID, "data[0].put_options: “market_data” is missing" },
    { HEAD "{" COMMON "\"strike_price\":1,\"call_options\":"
      SIDE ("\"k\"", "{\"oi\":\"12\"}") "}" TAIL, FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "data[0].call_options.market_data: “oi” should be a number, not a string" },
    { HEAD "{" COMMON "\"strike_price\":1,\"call_options\":"
      SIDE ("\"k\"", "{\"oi\":null}") "}" TAIL, FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "data[0].call_options.market_data: “oi” should be a number, not null" },
    { HEAD "{" COMMON "\"strike_price\":1,\"call_options\":"
      SIDE ("\"k\"", "{\"ltp\":1}") "}" TAIL, FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "data[0].call_options.market_data: “oi” is missing" },
    { HEAD "{" COMMON "\"strike_price\":1,\"call_options\":"
      SIDE ("\"k\"", "{\"oi\":1.5}") "}" TAIL, FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "“oi” should be a whole number, not 1.5" },
    { HEAD "{" COMMON "\"strike_price\":1,\"call_options\":"
      SIDE ("\"k\"", "{\"oi\":1,\"prev_oi\":\"x\"}") "}" TAIL,
      FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "data[0].call_options.market_data: “prev_oi” should be a number, not a string" },
    { HEAD "{" COMMON "\"strike_price\":1,\"call_options\":"
      SIDE ("\"k\"", "{\"oi\":1,\"volume\":[]}") "}" TAIL,
      FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID, "“volume” should be a number, not an array" },
    { HEAD "{" COMMON "\"strike_price\":1},{\"expiry\":\"2026-12-01\",\"strike_price\":2}" TAIL,
      FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
      "data[1]: “expiry” is “2026-12-01”, but an earlier strike has “2026-11-24”" },
    { HEAD "{\"expiry\":\"24-11-2026\",\"strike_price\":1}" TAIL,
      FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID, "“expiry” is not a YYYY-MM-DD date" },
    { HEAD "{\"strike_price\":1,\"underlying_spot_price\":2,\"expiry\":\"2026-11-24\"}" TAIL,
      FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID, "no strike has an “underlying_key”" },
    { HEAD "{" COMMON "\"strike_price\":1},{\"strike_price\":1.0}" TAIL,
      FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID, "strike 1 is listed twice" },
    { "{\"status\":\"error\",\"errors\":[{\"errorCode\":\"UDAPI100050\","
      "\"message\":\"Invalid token used to access API\",\"propertyPath\":null,"
      "\"invalidValue\":null}]}", FLOW_UPSTOX_OPTION_CHAIN_ERROR_API,
      "Invalid token used to access API (UDAPI100050)" },
    { "{\"status\":\"error\",\"errors\":[{\"error_code\":\"UDAPI10005\",\"message\":7}]}",
      FLOW_UPSTOX_OPTION_CHAIN_ERROR_API, "no message (UDAPI10005)" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FlowOptionChain) chain = parse_chain (cases[i].body, &error);

      g_test_message ("case %" G_GSIZE_FORMAT ": %s", i, cases[i].body);
      g_assert_null (chain);
      g_assert_error (error, FLOW_UPSTOX_OPTION_CHAIN_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %" G_GSIZE_FORMAT ": “%s” does not contain “%s”", i, error->message,
                 cases[i].message);
    }
}

/* Serialise, write as text (as a recording does), read and parse: the same chain. A chain
 * with no strikes cannot make the trip: Upstox never sends one as a success. */
static void
test_round_trip (void)
{
  g_autoptr(FlowOptionChain) chain = flow_option_chain_new (T10, "NIFTY", "2026-11-24",
                                                            24112.349999999999);
  g_autoptr(FlowOptionChain) back = NULL;
  g_autoptr(FlowOptionChain) empty_back = NULL;
  g_autoptr(FlowOptionChain) empty = flow_option_chain_new (T10, "NIFTY", "2026-11-24", 1);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) empty_body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *empty_text = NULL;
  FlowOptionSide ce = { TRUE, "NSE_FO|45012", 1234500, 101.05000000000001, 7800 };
  FlowOptionSide pe = { TRUE, "NSE_FO|45013", 987650, 0.1 + 0.2, 65 };

  flow_option_chain_add_strike (chain, 24050, &ce, &pe);
  flow_option_chain_add_strike (chain, 24100, NULL, &pe);
  flow_option_chain_add_strike (chain, 24112.5, &ce, NULL);
  chain->lot_size = 65;

  body = flow_upstox_option_chain_serialize (chain);
  text = json_to_string (body, FALSE);
  g_assert_null (strchr (text, '\n'));
  g_clear_pointer (&body, json_node_unref);
  back = parse_chain (text, &error);
  g_assert_no_error (error);
  flow_test_assert_chains_equal (chain, back);

  empty_body = flow_upstox_option_chain_serialize (empty);
  empty_text = json_to_string (empty_body, FALSE);
  g_assert_cmpstr (empty_text, ==, "{\"status\":\"success\",\"data\":[]}");
  empty_back = parse_chain (empty_text, &error);
  g_assert_error (error, FLOW_UPSTOX_OPTION_CHAIN_ERROR, FLOW_UPSTOX_OPTION_CHAIN_ERROR_EMPTY);
}

static void
test_underlying_names (void)
{
  static const char * const names[] = { "NIFTY", "BANKNIFTY", "FINNIFTY" };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *key = flow_upstox_underlying_key (names[i]);
      g_autofree char *name = flow_upstox_underlying_name (key);

      g_assert_cmpstr (name, ==, names[i]);
    }
  {
    g_autofree char *key = flow_upstox_underlying_key ("NIFTY");
    g_autofree char *other = flow_upstox_underlying_key ("FINNIFTY");
    g_autofree char *bare = flow_upstox_underlying_name ("SENSEX");

    g_assert_cmpstr (key, ==, "NSE_INDEX|Nifty 50");
    g_assert_cmpstr (other, ==, "NSE_INDEX|FINNIFTY");
    g_assert_cmpstr (bare, ==, "SENSEX");
  }
}

static void
test_candles (void)
{
  g_autoptr(JsonNode) body = parse_json (
    "{\"status\":\"success\",\"data\":{\"candles\":["
    "[\"2026-11-20T10:01:00+05:30\",100.5,101,99,100,65000,1236950],"
    "[\"2026-11-20T10:00:00+05:30\",100,101,99,100.5,65,1234500.0]]}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) candles = flow_upstox_candles_parse_oi (body, &error);
  static const char * const bad[] = {
    "{\"status\":\"success\",\"data\":{}}",
    "{\"status\":\"success\",\"data\":{\"candles\":[[\"2026-11-20T10:00:00+05:30\",1,2,3,4,5]]}}",
    "{\"status\":\"success\",\"data\":{\"candles\":[[\"2026-11-20T10:00:00\",1,2,3,4,5,6]]}}",
    "{\"status\":\"success\",\"data\":{\"candles\":[[1795149000000,1,2,3,4,5,6]]}}",
    "{\"status\":\"success\",\"data\":{\"candles\":"
    "[[\"2026-11-20T10:00:00+05:30\",1,2,3,4,5,\"6\"]]}}",
    "{\"status\":\"error\",\"errors\":[]}",
  };

  g_assert_no_error (error);
  g_assert_cmpuint (candles->len, ==, 2);
  g_assert_cmpint (g_array_index (candles, FlowUpstoxCandleOi, 0).start_ms, ==, T10 + 60000);
  g_assert_cmpint (g_array_index (candles, FlowUpstoxCandleOi, 0).oi, ==, 1236950);
  g_assert_cmpint (g_array_index (candles, FlowUpstoxCandleOi, 1).start_ms, ==, T10);
  g_assert_cmpint (g_array_index (candles, FlowUpstoxCandleOi, 1).oi, ==, 1234500);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) bad_body = parse_json (bad[i]);
      g_autoptr(GError) bad_error = NULL;
      g_autoptr(GArray) none = flow_upstox_candles_parse_oi (bad_body, &bad_error);

      g_test_message ("bad candles %" G_GSIZE_FORMAT ": %s", i, bad[i]);
      g_assert_null (none);
      g_assert_nonnull (bad_error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/upstox-option-chain/good-body", test_good_body);
  g_test_add_func ("/upstox-option-chain/missing-side", test_missing_side);
  g_test_add_func ("/upstox-option-chain/null-prev-oi", test_null_prev_oi);
  g_test_add_func ("/upstox-option-chain/wrong-types", test_wrong_types);
  g_test_add_func ("/upstox-option-chain/round-trip", test_round_trip);
  g_test_add_func ("/upstox-option-chain/underlying-names", test_underlying_names);
  g_test_add_func ("/upstox-option-chain/candles", test_candles);

  return g_test_run ();
}

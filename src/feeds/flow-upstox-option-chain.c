/* flow-upstox-option-chain.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-upstox-option-chain"

#include "flow-upstox-option-chain.h"

#include <math.h>
#include <string.h>

#include "flow-ist.h"

G_DEFINE_QUARK (flow-upstox-option-chain-error-quark, flow_upstox_option_chain_error)

/* The index keys of Upstox's own API pages (the option-chain and LTP examples) and SDK
 * samples (upstox.md §0), the only ones not looked up in the instruments file. */
static const struct
{
  const char *name;
  const char *key;
} known_underlyings[] = {
  { "NIFTY",     "NSE_INDEX|Nifty 50" },
  { "BANKNIFTY", "NSE_INDEX|Nifty Bank" },
};

const char *
flow_upstox_documented_index_key (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (known_underlyings); i++)
    if (strcmp (name, known_underlyings[i].name) == 0)
      return known_underlyings[i].key;
  return NULL;
}

char *
flow_upstox_underlying_key (const char *name)
{
  const char *key;

  g_return_val_if_fail (name != NULL, NULL);

  key = flow_upstox_documented_index_key (name);
  return key != NULL ? g_strdup (key) : g_strconcat ("NSE_INDEX|", name, NULL);
}

char *
flow_upstox_underlying_name (const char *underlying_key)
{
  const char *bar;

  g_return_val_if_fail (underlying_key != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (known_underlyings); i++)
    if (strcmp (underlying_key, known_underlyings[i].key) == 0)
      return g_strdup (known_underlyings[i].name);
  bar = strchr (underlying_key, '|');
  return g_strdup (bar != NULL ? bar + 1 : underlying_key);
}

static gboolean
invalid (GError     **error,
         const char  *where,
         const char  *format,
         ...) G_GNUC_PRINTF (3, 4);

static gboolean
invalid (GError     **error,
         const char  *where,
         const char  *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, FLOW_UPSTOX_OPTION_CHAIN_ERROR, FLOW_UPSTOX_OPTION_CHAIN_ERROR_INVALID,
               "%s: %s", where, message);
  return FALSE;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static const char *
describe (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  if (is_number (node))
    return "a number";
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return "a boolean";
  return "a string";
}

typedef enum
{
  MEMBER_OPTIONAL,
  MEMBER_OPTIONAL_OR_NULL,   /* null counts as absent */
  MEMBER_REQUIRED,
} MemberRule;

/* @member of @object at path @where, checked against @expected_type (JSON_NODE_VALUE: a
 * number). An absent optional member gives TRUE with *out_node NULL. */
static gboolean
get_member (JsonObject   *object,
            const char   *where,
            const char   *member,
            JsonNodeType  expected_type,
            MemberRule    rule,
            JsonNode    **out_node,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gboolean ok;

  *out_node = NULL;
  if (node == NULL && rule == MEMBER_REQUIRED)
    return invalid (error, where, "“%s” is missing", member);
  if (node == NULL || (rule == MEMBER_OPTIONAL_OR_NULL && JSON_NODE_HOLDS_NULL (node)))
    return TRUE;

  switch (expected_type)
    {
    case JSON_NODE_VALUE:
      ok = is_number (node);
      break;
    case JSON_NODE_OBJECT:
    case JSON_NODE_ARRAY:
      ok = json_node_get_node_type (node) == expected_type;
      break;
    case JSON_NODE_NULL:
    default:
      g_return_val_if_reached (FALSE);
    }
  if (!ok)
    {
      static const char * const names[] = {
        [JSON_NODE_OBJECT] = "an object", [JSON_NODE_ARRAY] = "an array",
        [JSON_NODE_VALUE] = "a number",
      };
      return invalid (error, where, "“%s” should be %s, not %s", member,
                      names[expected_type], describe (node));
    }
  *out_node = node;
  return TRUE;
}

static gboolean
get_string (JsonObject   *object,
            const char   *where,
            const char   *member,
            const char  **out_string,
            GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out_string = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, where, "“%s” should be a string, not %s", member, describe (node));
  *out_string = json_node_get_string (node);
  return TRUE;
}

/* OI and volumes are counts: a JSON integer, or a float with no fraction (12625.0). */
static gboolean
node_to_count (JsonNode    *node,
               const char  *where,
               const char  *member,
               gint64      *out_value,
               GError     **error)
{
  double value;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *out_value = json_node_get_int (node);
      return TRUE;
    }
  value = json_node_get_double (node);
  if (!isfinite (value) || value != floor (value) || fabs (value) >= 9.2e18)
    return invalid (error, where, "“%s” should be a whole number, not %g", member, value);
  *out_value = (gint64) value;
  return TRUE;
}

static gboolean
get_count (JsonObject  *object,
           const char  *where,
           const char  *member,
           MemberRule   rule,
           gint64      *out_value,
           GError     **error)
{
  JsonNode *node;

  *out_value = 0;
  if (!get_member (object, where, member, JSON_NODE_VALUE, rule, &node, error))
    return FALSE;
  return node == NULL || node_to_count (node, where, member, out_value, error);
}

static gboolean
get_double (JsonObject  *object,
            const char  *where,
            const char  *member,
            MemberRule   rule,
            gboolean    *out_present,
            double      *out_value,
            GError     **error)
{
  JsonNode *node;

  *out_value = 0;
  if (!get_member (object, where, member, JSON_NODE_VALUE, rule, &node, error))
    return FALSE;
  if (out_present != NULL)
    *out_present = node != NULL;
  if (node != NULL)
    *out_value = json_node_get_double (node);
  return TRUE;
}

static gboolean
parse_side (JsonObject     *strike,
            const char     *strike_where,
            const char     *member,
            FlowOptionSide *side,
            GError        **error)
{
  g_autofree char *where = g_strdup_printf ("%s.%s", strike_where, member);
  g_autofree char *market_where = NULL;
  JsonNode *node;
  JsonObject *object;
  JsonObject *market;
  const char *key;
  gint64 ignored;

  memset (side, 0, sizeof *side);
  if (!get_member (strike, strike_where, member, JSON_NODE_OBJECT, MEMBER_OPTIONAL_OR_NULL,
                   &node, error))
    return FALSE;
  if (node == NULL)
    return TRUE;
  object = json_node_get_object (node);

  if (!get_string (object, where, "instrument_key", &key, error))
    return FALSE;
  if (key == NULL || *key == '\0')
    return invalid (error, where, "“instrument_key” is missing");

  if (!get_member (object, where, "market_data", JSON_NODE_OBJECT, MEMBER_REQUIRED, &node,
                   error))
    return FALSE;
  market = json_node_get_object (node);
  market_where = g_strdup_printf ("%s.market_data", where);

  side->present = TRUE;
  /* Borrowed: flow_option_chain_add_strike() copies it. */
  side->instrument_key = (char *) key;
  /* prev_oi is not used, but a wrong type there means the body is not what we think it is;
   * null is documented. */
  if (!get_count (market, market_where, "oi", MEMBER_REQUIRED, &side->oi, error) ||
      !get_double (market, market_where, "ltp", MEMBER_OPTIONAL, NULL, &side->ltp, error) ||
      !get_count (market, market_where, "volume", MEMBER_OPTIONAL, &side->volume, error) ||
      !get_member (market, market_where, "prev_oi", JSON_NODE_VALUE, MEMBER_OPTIONAL_OR_NULL,
                   &node, error) ||
      (node != NULL && !node_to_count (node, market_where, "prev_oi", &ignored, error)))
    return FALSE;
  return TRUE;
}

/* The first value of a per-strike field that every strike repeats; later ones must agree. */
static gboolean
same_string (const char  **kept,
             const char   *value,
             const char   *where,
             const char   *member,
             GError      **error)
{
  if (value == NULL)
    return TRUE;
  if (*kept == NULL)
    *kept = value;
  else if (strcmp (*kept, value) != 0)
    return invalid (error, where, "“%s” is “%s”, but an earlier strike has “%s”",
                    member, value, *kept);
  return TRUE;
}

static gboolean
check_status (JsonObject  *root,
              GError     **error)
{
  const char *status;

  if (!get_string (root, "body", "status", &status, error))
    return FALSE;
  if (status == NULL || strcmp (status, "success") == 0)
    return TRUE;

  if (strcmp (status, "error") == 0)
    {
      JsonNode *errors = json_object_get_member (root, "errors");
      const char *message = NULL;
      const char *code = NULL;

      if (errors != NULL && JSON_NODE_HOLDS_ARRAY (errors) &&
          json_array_get_length (json_node_get_array (errors)) > 0 &&
          JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (errors), 0)))
        {
          JsonObject *first = json_array_get_object_element (json_node_get_array (errors), 0);

          /* A member of the wrong type is left NULL: an odd error body still gives an error,
           * only a vaguer one. upstox.md: read errorCode, fall back to error_code. */
          get_string (first, "errors[0]", "message", &message, NULL);
          get_string (first, "errors[0]", "errorCode", &code, NULL);
          if (code == NULL)
            get_string (first, "errors[0]", "error_code", &code, NULL);
        }
      g_set_error (error, FLOW_UPSTOX_OPTION_CHAIN_ERROR, FLOW_UPSTOX_OPTION_CHAIN_ERROR_API,
                   "Upstox refused the request: %s (%s)",
                   message != NULL ? message : "no message", code != NULL ? code : "no code");
      return FALSE;
    }
  return invalid (error, "body", "unknown “status” “%s”", status);
}

/* The "data" member of a success body, of @type. */
static JsonNode *
get_data (JsonNode      *body,
          JsonNodeType   type,
          GError       **error)
{
  JsonObject *root;
  JsonNode *data;

  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      invalid (error, "body", "should be an object, not %s", describe (body));
      return NULL;
    }
  root = json_node_get_object (body);
  if (!check_status (root, error) ||
      !get_member (root, "body", "data", type, MEMBER_REQUIRED, &data, error))
    return NULL;
  return data;
}

FlowOptionChain *
flow_upstox_option_chain_parse (JsonNode  *body,
                                gint64     time_ms,
                                GError   **error)
{
  g_autoptr(FlowOptionChain) chain = NULL;
  g_autofree char *name = NULL;
  JsonNode *data_node;
  JsonArray *data;
  const char *expiry = NULL;
  const char *underlying_key = NULL;
  gboolean have_spot = FALSE;
  double spot = 0;
  gint64 ignored_day;
  guint n;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data_node = get_data (body, JSON_NODE_ARRAY, error);
  if (data_node == NULL)
    return NULL;
  data = json_node_get_array (data_node);
  n = json_array_get_length (data);
  if (n == 0)
    {
      g_set_error (error, FLOW_UPSTOX_OPTION_CHAIN_ERROR, FLOW_UPSTOX_OPTION_CHAIN_ERROR_EMPTY,
                   "The option chain lists no strikes (is the expiry listed?)");
      return NULL;
    }

  /* Time, underlying, expiry and spot are filled in once all strikes have been read. */
  chain = flow_option_chain_new (time_ms, NULL, NULL, 0);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("data[%u]", i);
      JsonNode *element = json_array_get_element (data, i);
      JsonObject *strike;
      FlowOptionSide ce, pe;
      const char *value;
      double strike_price;
      double row_spot;
      gboolean row_has_spot;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          invalid (error, where, "should be an object, not %s", describe (element));
          return NULL;
        }
      strike = json_node_get_object (element);

      if (!get_double (strike, where, "strike_price", MEMBER_REQUIRED, NULL, &strike_price,
                       error) ||
          !get_double (strike, where, "underlying_spot_price", MEMBER_OPTIONAL, &row_has_spot,
                       &row_spot, error) ||
          !get_string (strike, where, "expiry", &value, error) ||
          !same_string (&expiry, value, where, "expiry", error) ||
          !get_string (strike, where, "underlying_key", &value, error) ||
          !same_string (&underlying_key, value, where, "underlying_key", error) ||
          !parse_side (strike, where, "call_options", &ce, error) ||
          !parse_side (strike, where, "put_options", &pe, error))
        return NULL;

      if (row_has_spot && !have_spot)
        {
          spot = row_spot;
          have_spot = TRUE;
        }
      flow_option_chain_add_strike (chain, strike_price, &ce, &pe);
    }

  if (expiry == NULL || !flow_ist_parse_date (expiry, &ignored_day))
    {
      invalid (error, "data", expiry == NULL ? "no strike has an “expiry”"
                                             : "“expiry” is not a YYYY-MM-DD date");
      return NULL;
    }
  if (underlying_key == NULL)
    {
      invalid (error, "data", "no strike has an “underlying_key”");
      return NULL;
    }
  if (!have_spot)
    {
      invalid (error, "data", "no strike has an “underlying_spot_price”");
      return NULL;
    }

  flow_option_chain_sort (chain);
  for (guint i = 1; i < chain->strikes->len; i++)
    if (flow_option_chain_get (chain, i)->strike == flow_option_chain_get (chain, i - 1)->strike)
      {
        invalid (error, "data", "strike %g is listed twice",
                 flow_option_chain_get (chain, i)->strike);
        return NULL;
      }

  name = flow_upstox_underlying_name (underlying_key);
  chain->underlying = g_steal_pointer (&name);
  chain->expiry = g_strdup (expiry);
  chain->spot = spot;
  return g_steal_pointer (&chain);
}

static JsonNode *
serialize_side (const FlowOptionSide *side)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "instrument_key");
  json_builder_add_string_value (builder, side->instrument_key);
  json_builder_set_member_name (builder, "market_data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ltp");
  json_builder_add_double_value (builder, side->ltp);
  json_builder_set_member_name (builder, "volume");
  json_builder_add_int_value (builder, side->volume);
  json_builder_set_member_name (builder, "oi");
  json_builder_add_int_value (builder, side->oi);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

JsonNode *
flow_upstox_option_chain_serialize (const FlowOptionChain *chain)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *underlying_key = NULL;

  g_return_val_if_fail (chain != NULL, NULL);

  underlying_key = flow_upstox_underlying_key (chain->underlying != NULL ? chain->underlying : "");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "success");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint i = 0; i < chain->strikes->len; i++)
    {
      const FlowOptionStrike *row = flow_option_chain_get (chain, i);
      gboolean has_ce = row->ce.present && row->ce.instrument_key != NULL;
      gboolean has_pe = row->pe.present && row->pe.instrument_key != NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "expiry");
      json_builder_add_string_value (builder, chain->expiry);
      /* Upstox's per-strike put/call ratio, for a body that looks like theirs. */
      json_builder_set_member_name (builder, "pcr");
      json_builder_add_double_value (builder, has_ce && has_pe && row->ce.oi != 0 ?
                                     (double) row->pe.oi / (double) row->ce.oi : 0);
      json_builder_set_member_name (builder, "strike_price");
      json_builder_add_double_value (builder, row->strike);
      json_builder_set_member_name (builder, "underlying_key");
      json_builder_add_string_value (builder, underlying_key);
      json_builder_set_member_name (builder, "underlying_spot_price");
      json_builder_add_double_value (builder, chain->spot);
      if (has_ce)
        {
          json_builder_set_member_name (builder, "call_options");
          json_builder_add_value (builder, serialize_side (&row->ce));
        }
      if (has_pe)
        {
          json_builder_set_member_name (builder, "put_options");
          json_builder_add_value (builder, serialize_side (&row->pe));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

GArray *
flow_upstox_candles_parse_oi (JsonNode  *body,
                              GError   **error)
{
  g_autoptr(GArray) result = NULL;
  JsonNode *node;
  JsonArray *candles;

  g_return_val_if_fail (body != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  node = get_data (body, JSON_NODE_OBJECT, error);
  if (node == NULL ||
      !get_member (json_node_get_object (node), "data", "candles", JSON_NODE_ARRAY,
                   MEMBER_REQUIRED, &node, error))
    return NULL;
  candles = json_node_get_array (node);

  result = g_array_new (FALSE, FALSE, sizeof (FlowUpstoxCandleOi));
  for (guint i = 0; i < json_array_get_length (candles); i++)
    {
      g_autofree char *where = g_strdup_printf ("data.candles[%u]", i);
      g_autoptr(GDateTime) start = NULL;
      JsonNode *element = json_array_get_element (candles, i);
      JsonArray *candle;
      JsonNode *stamp;
      JsonNode *oi;
      FlowUpstoxCandleOi entry;

      if (!JSON_NODE_HOLDS_ARRAY (element) ||
          json_array_get_length (json_node_get_array (element)) < 7)
        {
          invalid (error, where, "should be an array of 7 items");
          return NULL;
        }
      candle = json_node_get_array (element);
      stamp = json_array_get_element (candle, 0);
      oi = json_array_get_element (candle, 6);

      if (JSON_NODE_HOLDS_VALUE (stamp) && json_node_get_value_type (stamp) == G_TYPE_STRING)
        start = g_date_time_new_from_iso8601 (json_node_get_string (stamp), NULL);
      if (start == NULL)
        {
          invalid (error, where, "the time should be an ISO 8601 string with an offset");
          return NULL;
        }
      if (!is_number (oi))
        {
          invalid (error, where, "the OI should be a number, not %s", describe (oi));
          return NULL;
        }
      if (!node_to_count (oi, where, "oi", &entry.oi, error))
        return NULL;
      entry.start_ms = g_date_time_to_unix (start) * 1000 +
                       g_date_time_get_microsecond (start) / 1000;
      g_array_append_val (result, entry);
    }
  return g_steal_pointer (&result);
}

/* flow-candle-rows.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-candle-rows"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <math.h>

#include "flow-candle-rows.h"

/* A price beyond this is no index future's (₹1 crore). */
#define MAX_PAISE  ((gint64) 1000000000)
#define MAX_COUNT  ((gint64) 1 << 50)

static gboolean
number_at (JsonArray *row,
           guint      index,
           double    *out)
{
  JsonNode *node = json_array_get_element (row, index);
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return FALSE;
  *out = json_node_get_double (node);
  return isfinite (*out);
}

GArray *
flow_candle_rows_parse (JsonNode    *rows,
                        const char  *broker,
                        GError     **error)
{
  g_autoptr(GArray) candles = g_array_new (FALSE, TRUE, sizeof (FlowCandle));
  JsonArray *array;

  if (rows == NULL || JSON_NODE_HOLDS_NULL (rows))
    return g_steal_pointer (&candles);
  if (!JSON_NODE_HOLDS_ARRAY (rows))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s answered candles that are not an array"), broker);
      return NULL;
    }
  array = json_node_get_array (rows);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GDateTime) start = NULL;
      JsonArray *row;
      JsonNode *stamp;
      double v[7] = { 0 };
      guint n;
      FlowCandle candle = { 0 };

      if (!JSON_NODE_HOLDS_ARRAY (element) ||
          (n = json_array_get_length (json_node_get_array (element))) < 6)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s candle %u is not a row of time, open, high, low, close and volume"),
                       broker, i + 1);
          return NULL;
        }
      row = json_node_get_array (element);
      stamp = json_array_get_element (row, 0);
      if (JSON_NODE_HOLDS_VALUE (stamp) && json_node_get_value_type (stamp) == G_TYPE_STRING)
        start = g_date_time_new_from_iso8601 (json_node_get_string (stamp), NULL);
      if (start == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s candle %u has no ISO 8601 time with an offset"), broker, i + 1);
          return NULL;
        }
      for (guint k = 1; k < MIN (n, 7u); k++)
        if (!number_at (row, k, &v[k]) || v[k] < 0)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("%s candle %u: item %u is not a non-negative number"), broker, i + 1,
                         k + 1);
            return NULL;
          }
      for (guint k = 1; k <= 4; k++)
        if (v[k] * 100 > MAX_PAISE)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         _("%s candle %u: a price of %.2f is out of range"), broker, i + 1, v[k]);
            return NULL;
          }
      if (v[5] > MAX_COUNT || v[6] > MAX_COUNT)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s candle %u: a count is out of range"), broker, i + 1);
          return NULL;
        }
      candle.start_ms = g_date_time_to_unix (start) * 1000 +
                        g_date_time_get_microsecond (start) / 1000;
      candle.open = llround (v[1] * 100);
      candle.high = llround (v[2] * 100);
      candle.low = llround (v[3] * 100);
      candle.close = llround (v[4] * 100);
      candle.volume = llround (v[5]);
      candle.has_oi = n >= 7;
      candle.oi = candle.has_oi ? llround (v[6]) : 0;
      if (candle.high < candle.low)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("%s candle %u: its high is below its low"), broker, i + 1);
          return NULL;
        }
      g_array_append_val (candles, candle);
    }
  flow_candles_normalize (candles);
  return g_steal_pointer (&candles);
}

GArray *
flow_candle_rows_parse_upstox (JsonNode  *body,
                               GError   **error)
{
  JsonObject *object;
  JsonNode *data;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body) ||
      (data = json_object_get_member (json_node_get_object (body), "data")) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (data))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("Upstox answered candles without a data object"));
      return NULL;
    }
  object = json_node_get_object (data);
  return flow_candle_rows_parse (json_object_get_member (object, "candles"), "Upstox", error);
}

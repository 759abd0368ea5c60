/* flow-oi-record.c: one line of an `orderflow-cli oi` recording
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-oi-record"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "flow-oi-record.h"

gboolean
flow_oi_record_read (JsonNode      *root,
                     FlowOiRecord  *out,
                     GError       **error)
{
  JsonObject *record;
  JsonNode *time;
  JsonNode *source;
  JsonNode *body;
  JsonNode *key;
  const char *name;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "a record line must be a JSON object");
      return FALSE;
    }
  record = json_node_get_object (root);
  time = json_object_get_member (record, "time");
  source = json_object_get_member (record, "source");
  body = json_object_get_member (record, "body");
  if (time == NULL || !JSON_NODE_HOLDS_VALUE (time) ||
      json_node_get_value_type (time) != G_TYPE_INT64 ||
      source == NULL || !JSON_NODE_HOLDS_VALUE (source) ||
      json_node_get_value_type (source) != G_TYPE_STRING || body == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "a record line needs an integer “time”, a string “source” and a "
                           "“body”");
      return FALSE;
    }

  name = json_node_get_string (source);
  out->time_ms = json_node_get_int (time);
  out->body = body;
  out->instrument_key = NULL;
  if (strcmp (name, FLOW_OI_RECORD_OPTION_CHAIN) == 0)
    {
      out->source = FLOW_OI_RECORD_OPTION_CHAIN;
      return TRUE;
    }
  if (strcmp (name, FLOW_OI_RECORD_CANDLES) == 0)
    {
      key = json_object_get_member (record, "instrument_key");
      if (key == NULL || !JSON_NODE_HOLDS_VALUE (key) ||
          json_node_get_value_type (key) != G_TYPE_STRING)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "a candles line needs a string “instrument_key”");
          return FALSE;
        }
      out->source = FLOW_OI_RECORD_CANDLES;
      out->instrument_key = json_node_get_string (key);
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "unknown source “%s”", name);
  return FALSE;
}

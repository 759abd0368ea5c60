/* flow-oi-record.h: one line of an `orderflow-cli oi` recording (shared/design/cli.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The sources a line may come from; its body is that endpoint's answer, exactly as sent. */
#define FLOW_OI_RECORD_OPTION_CHAIN "upstox.option_chain"
#define FLOW_OI_RECORD_CANDLES      "upstox.intraday_candles"

/* A line, {"time":…,"source":…,["instrument_key":…,]"body":…}. Everything points into the
 * parsed line. */
typedef struct
{
  gint64      time_ms;          /* when the body was received */
  const char *source;           /* FLOW_OI_RECORD_OPTION_CHAIN or FLOW_OI_RECORD_CANDLES */
  const char *instrument_key;   /* the contract of a candles line, NULL otherwise */
  JsonNode   *body;
} FlowOiRecord;

/* Checks the line's envelope (not its body) and fills @out; G_IO_ERROR_INVALID_DATA naming
 * what is wrong otherwise. */
gboolean flow_oi_record_read (JsonNode      *root,
                              FlowOiRecord  *out,
                              GError       **error);

G_END_DECLS

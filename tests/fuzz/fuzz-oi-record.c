/* fuzz-oi-record.c: a recording of `orderflow-cli oi`, read as --replay reads it
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"
#include "flow-oi-record.h"
#include "flow-oi-tracker.h"
#include "flow-upstox-option-chain.h"

/* One line, as take_record() in flow-cli-oi.c takes it: the envelope, then the body through
 * the same parser, into a tracker, so that what a replay prints comes from these bytes. */
static void
take_line (FlowOiTracker *tracker,
           const char    *line)
{
  GError *error = NULL;
  JsonNode *root = json_from_string (line, &error);
  FlowOiRecord record;

  if (root == NULL)
    {
      g_clear_error (&error);
      return;
    }
  if (!flow_oi_record_read (root, &record, &error))
    {
      g_assert_nonnull (error);
      g_error_free (error);
    }
  else if (strcmp (record.source, FLOW_OI_RECORD_OPTION_CHAIN) == 0)
    {
      FlowOptionChain *chain = flow_upstox_option_chain_parse (record.body, record.time_ms,
                                                                &error);

      g_assert_null (record.instrument_key);
      if (chain != NULL)
        {
          FlowOiReport *report = flow_oi_tracker_update (tracker, chain);

          g_assert_nonnull (report);
          g_assert_cmpuint (report->highlighted, <=, report->cells);
          flow_oi_report_unref (report);
          flow_option_chain_free (chain);
        }
      g_clear_error (&error);
    }
  else
    {
      GArray *candles;

      g_assert_cmpstr (record.source, ==, FLOW_OI_RECORD_CANDLES);
      g_assert_nonnull (record.instrument_key);
      candles = flow_upstox_candles_parse_oi (record.body, &error);
      for (guint i = 0; candles != NULL && i < candles->len; i++)
        {
          const FlowUpstoxCandleOi *candle = &g_array_index (candles, FlowUpstoxCandleOi, i);

          flow_oi_tracker_add_candle (tracker, record.instrument_key, candle->start_ms,
                                      candle->oi);
        }
      g_clear_pointer (&candles, g_array_unref);
      g_clear_error (&error);
    }
  json_node_unref (root);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  char *contents;
  char *line;
  char *end;
  FlowOiTracker *tracker;

  fuzz_init ();
  contents = fuzz_strndup (data, size);
  end = contents + size;
  tracker = flow_oi_tracker_new ();
  /* Unlike a replay, which stops at the first bad line, every line is taken. */
  for (line = contents; line < end; )
    {
      char *newline = memchr (line, '\n', (size_t) (end - line));

      if (newline != NULL)
        *newline = '\0';
      take_line (tracker, line);
      if (newline == NULL)
        break;
      line = newline + 1;
    }
  g_object_unref (tracker);
  g_free (contents);
  return 0;
}

/* fuzz-cli-numbers.c: the numbers and times typed on the command line or in Preferences
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>

#include "fuzz-common.h"
#include "flow-cli-parse.h"
#include "flow-footprint.h"
#include "flow-ist.h"
#include "flow-smartapi-scrip-master.h"

/* Each line of the input goes through every parser; the first four (interval, row size,
 * session open, imbalance ratio) then set up a footprint as `orderflow-cli footprint` does. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  char *text;
  char **lines;
  gint64 interval_ms = FLOW_FOOTPRINT_DEFAULT_INTERVAL_MS;
  gint64 row = FLOW_FOOTPRINT_DEFAULT_ROW;
  gint64 session_open_ms = FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS;
  double ratio = FLOW_FOOTPRINT_DEFAULT_IMBALANCE_RATIO;
  FlowFootprint *footprint;
  FlowSnapshot snapshot = { 0 };

  fuzz_init ();
  text = fuzz_strndup (data, MIN (size, 4096));
  lines = g_strsplit (text, "\n", 16);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gint64 value = 0;

      if (flow_cli_parse_interval (lines[i], &value))
        {
          g_assert_true (flow_footprint_interval_is_valid (value));
          if (i == 0)
            interval_ms = value;
        }
      if (flow_cli_parse_rupees (lines[i], &value))
        {
          g_assert_cmpint (value, >, 0);
          if (i == 1)
            row = value;
        }
      if (flow_ist_parse_time_of_day (lines[i], &value))
        {
          g_assert_cmpint (value, >=, 0);
          g_assert_cmpint (value, <, FLOW_DAY_MS);
          if (i == 2)
            session_open_ms = value;
        }
      if (flow_ist_parse_date (lines[i], &value))
        g_assert_cmpint (flow_ist_day_start_ms (value), ==, value);
      if (flow_smartapi_parse_expiry (lines[i], &value))
        g_assert_cmpint (flow_ist_day_start_ms (value), ==, value);
      (void) flow_cli_parse_start (lines[i], &value);
      if (i == 3)
        {
          double parsed = g_ascii_strtod (lines[i], NULL);

          if (isfinite (parsed) && parsed > 0)
            ratio = parsed;
        }
    }

  footprint = flow_footprint_new ();
  flow_footprint_set_layout (footprint, interval_ms, row, session_open_ms);
  flow_footprint_set_imbalance_ratio (footprint, ratio);
  snapshot.ts_ms = G_GINT64_CONSTANT (1795149000000);
  snapshot.ltp = 2411235;
  snapshot.volume = 1000;
  snapshot.bid = 2411230;
  snapshot.ask = 2411240;
  flow_footprint_add_snapshot (footprint, &snapshot);
  snapshot.ts_ms += 1500;
  snapshot.ltp = 2411240;
  snapshot.volume = 1075;
  flow_footprint_add_snapshot (footprint, &snapshot);
  g_assert_cmpuint (flow_footprint_get_n_snapshots (footprint), ==, 2);
  g_object_unref (footprint);

  g_strfreev (lines);
  g_free (text);
  return 0;
}

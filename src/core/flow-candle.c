/* flow-candle.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-candle"

#include "config.h"

#include "flow-candle.h"
#include "flow-footprint-csv.h"
#include "flow-ist.h"

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  const FlowCandle *x = a, *y = b;

  return (x->start_ms > y->start_ms) - (x->start_ms < y->start_ms);
}

void
flow_candles_normalize (GArray *candles)
{
  guint kept = 0;

  g_return_if_fail (candles != NULL);

  /* Stable for equal starts, so "the later copy" is the later one received. */
  g_array_sort (candles, compare_start);
  for (guint i = 0; i < candles->len; i++)
    {
      FlowCandle *c = &g_array_index (candles, FlowCandle, i);

      if (kept > 0 && g_array_index (candles, FlowCandle, kept - 1).start_ms == c->start_ms)
        g_array_index (candles, FlowCandle, kept - 1) = *c;
      else
        g_array_index (candles, FlowCandle, kept++) = *c;
    }
  g_array_set_size (candles, kept);
}

GArray *
flow_candles_aggregate (const GArray *minutes,
                        gint64        interval_ms,
                        gint64        session_open_ms)
{
  GArray *buckets = g_array_new (FALSE, TRUE, sizeof (FlowCandle));

  g_return_val_if_fail (minutes != NULL, buckets);
  g_return_val_if_fail (interval_ms > 0, buckets);

  for (guint i = 0; i < minutes->len; i++)
    {
      const FlowCandle *m = &g_array_index (minutes, FlowCandle, i);
      gint64 anchor = flow_ist_at_time_of_day (m->start_ms, session_open_ms);
      gint64 start = anchor + flow_floor_div (m->start_ms - anchor, interval_ms) * interval_ms;
      FlowCandle *b = buckets->len > 0 ? &g_array_index (buckets, FlowCandle, buckets->len - 1)
                                       : NULL;

      if (b == NULL || b->start_ms != start)
        {
          FlowCandle fresh = *m;

          fresh.start_ms = start;
          g_array_append_val (buckets, fresh);
          continue;
        }
      b->high = MAX (b->high, m->high);
      b->low = MIN (b->low, m->low);
      b->close = m->close;
      b->volume += m->volume;
      if (m->has_oi)
        {
          b->oi = m->oi;
          b->has_oi = TRUE;
        }
    }
  return buckets;
}

void
flow_candles_append_csv (GString      *out,
                         const GArray *candles)
{
  g_return_if_fail (out != NULL && candles != NULL);

  g_string_append (out, "bucket_start,open,high,low,close,volume,oi\n");
  for (guint i = 0; i < candles->len; i++)
    {
      const FlowCandle *c = &g_array_index (candles, FlowCandle, i);
      g_autofree char *start = flow_ist_format_iso (c->start_ms);

      g_string_append (out, start);
      g_string_append_c (out, ',');
      flow_footprint_csv_append_rupees (out, c->open);
      g_string_append_c (out, ',');
      flow_footprint_csv_append_rupees (out, c->high);
      g_string_append_c (out, ',');
      flow_footprint_csv_append_rupees (out, c->low);
      g_string_append_c (out, ',');
      flow_footprint_csv_append_rupees (out, c->close);
      g_string_append_printf (out, ",%" G_GINT64_FORMAT ",", c->volume);
      if (c->has_oi)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, c->oi);
      g_string_append_c (out, '\n');
    }
}

/* flow-footprint-csv.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-footprint-csv"

#include "flow-footprint-csv.h"

#include "flow-ist.h"

/* Integer arithmetic: a double would print some prices a paisa off. */
void
flow_footprint_csv_append_rupees (GString *out,
                                  gint64   paise)
{
  guint64 magnitude = paise < 0 ? -(guint64) paise : (guint64) paise;

  g_string_append_printf (out, "%s%" G_GUINT64_FORMAT ".%02u", paise < 0 ? "-" : "",
                          magnitude / 100, (guint) (magnitude % 100));
}

/* A bucket that saw no price has empty OHLC, as a bucket with no volume has an empty POC. */
static void
append_optional_price (GString  *out,
                       gboolean  present,
                       gint64    paise)
{
  g_string_append_c (out, ',');
  if (present)
    flow_footprint_csv_append_rupees (out, paise);
}

const char *
flow_footprint_csv_header (FlowFootprintCsvForm form)
{
  if (form == FLOW_FOOTPRINT_CSV_SUMMARY)
    return "bucket_start,open,high,low,close,volume,buy_volume,sell_volume,delta,cum_delta,"
           "poc,gap_volume\n";
  return "bucket_start,price,buy_volume,sell_volume,trades,buy_imbalance,sell_imbalance,poc\n";
}

static void
append_cells (GString                   *out,
              FlowFootprint             *footprint,
              const FlowFootprintBucket *bucket,
              const char                *start)
{
  gint64 row = flow_footprint_get_row (footprint);
  gint64 first_price;
  guint n_cells;
  const FlowFootprintCell *cells = flow_footprint_get_cells (footprint, bucket->index,
                                                             &first_price, &n_cells);

  for (guint k = 0; k < n_cells; k++)
    {
      const FlowFootprintCell *cell = &cells[k];

      /* Cells are dense: levels in between that never traded are zeros. */
      if (cell->trades == 0)
        continue;
      g_string_append (out, start);
      g_string_append_c (out, ',');
      flow_footprint_csv_append_rupees (out, first_price + (gint64) k * row);
      g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%u,%d,%d,%d\n",
                              cell->buy_volume, cell->sell_volume, cell->trades,
                              (cell->flags & FLOW_FOOTPRINT_CELL_BUY_IMBALANCE) != 0,
                              (cell->flags & FLOW_FOOTPRINT_CELL_SELL_IMBALANCE) != 0,
                              (cell->flags & FLOW_FOOTPRINT_CELL_POC) != 0);
    }
}

static void
append_summary (GString                   *out,
                const FlowFootprintBucket *b,
                const char                *start)
{
  gboolean priced = b->open > 0;

  g_string_append (out, start);
  append_optional_price (out, priced, b->open);
  append_optional_price (out, priced, b->high);
  append_optional_price (out, priced, b->low);
  append_optional_price (out, priced, b->close);
  g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                          ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT,
                          b->volume, b->buy_volume, b->sell_volume, b->delta, b->cum_delta);
  append_optional_price (out, b->volume > 0, b->poc);
  g_string_append_printf (out, ",%" G_GINT64_FORMAT "\n", b->gap_volume);
}

void
flow_footprint_csv_append_rows (GString              *out,
                                FlowFootprint        *footprint,
                                FlowFootprintCsvForm  form)
{
  FlowFootprintIter iter;
  FlowFootprintBucket bucket;

  g_return_if_fail (out != NULL);
  g_return_if_fail (FLOW_IS_FOOTPRINT (footprint));

  flow_footprint_iter_init (&iter, footprint, G_MININT64 / 2, G_MAXINT64 / 2);
  while (flow_footprint_iter_next (&iter, &bucket))
    {
      g_autofree char *start = flow_ist_format_iso (bucket.start_ms);

      if (form == FLOW_FOOTPRINT_CSV_SUMMARY)
        append_summary (out, &bucket, start);
      else
        append_cells (out, footprint, &bucket, start);
    }
}

/* flow-footprint-csv.h: the footprint as CSV, in the two forms of shared/design/cli.md
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "flow-footprint.h"

G_BEGIN_DECLS

/* One format for `orderflow-cli footprint` and the window's CSV export, so that the two never
 * disagree: bucket_start in ISO 8601 IST, prices in rupees with exactly two decimals, flags
 * 0/1, empty fields where there is no value. */
typedef enum
{
  FLOW_FOOTPRINT_CSV_CELLS,    /* one row per non-empty cell, by bucket then price */
  FLOW_FOOTPRINT_CSV_SUMMARY,  /* one row per bucket */
} FlowFootprintCsvForm;

/* The header line, with its newline. */
const char *flow_footprint_csv_header      (FlowFootprintCsvForm  form);
/* Paise as rupees with exactly two decimals ("24500.05"), as the CSV writes prices. */
void        flow_footprint_csv_append_rupees (GString              *out,
                                              gint64                paise);
/* Appends the rows of the day @footprint holds. */
void        flow_footprint_csv_append_rows (GString              *out,
                                            FlowFootprint        *footprint,
                                            FlowFootprintCsvForm  form);

G_END_DECLS

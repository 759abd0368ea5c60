/* flow-oi-table.h: the OI-change table in option-chain layout, drawn with Cairo
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "flow-oi-tracker.h"

G_BEGIN_DECLS

/* The nicks are those of the oi-units settings key, so g_settings_bind() maps them. */
typedef enum
{
  FLOW_OI_UNITS_CONTRACTS,  /* as the source counts OI */
  FLOW_OI_UNITS_LOTS,       /* divided by the lot size, when known */
} FlowOiUnits;

#define FLOW_TYPE_OI_UNITS (flow_oi_units_get_type ())
GType flow_oi_units_get_type (void) G_GNUC_CONST;

/* How much detail a number keeps, from the widest to the narrowest column. */
typedef enum
{
  FLOW_OI_FORMAT_FULL,   /* 12,34,567    +15.3%   24,100 */
  FLOW_OI_FORMAT_SHORT,  /* 12.3 L       +15%     24,100  (+2.5% under 10 %) */
  FLOW_OI_FORMAT_TINY,   /* 12L          +15      24100  */
} FlowOiFormat;

/* Indian grouping and abbreviations (lakh = 1,00,000, crore = 1,00,00,000). */
char *flow_oi_format_quantity (gint64       value,
                               FlowOiFormat format);
char *flow_oi_format_percent  (double       pct,
                               FlowOiFormat format);

/* Columns, left to right: Calls OI, Calls 3m … 30m, Strike, Puts 3m … 30m, Puts OI. */
#define FLOW_OI_TABLE_N_COLUMNS        13
#define FLOW_OI_TABLE_COLUMN_CE_OI     0
#define FLOW_OI_TABLE_COLUMN_CE_FIRST  1   /* + interval index */
#define FLOW_OI_TABLE_COLUMN_STRIKE    6
#define FLOW_OI_TABLE_COLUMN_PE_FIRST  7   /* + interval index */
#define FLOW_OI_TABLE_COLUMN_PE_OI     12

#define FLOW_TYPE_OI_TABLE (flow_oi_table_get_type ())
G_DECLARE_FINAL_TYPE (FlowOiTable, flow_oi_table, FLOW, OI_TABLE, GtkWidget)

GtkWidget    *flow_oi_table_new                  (void);
FlowOiReport *flow_oi_table_get_report           (FlowOiTable  *self);
/* Shows @report (NULL: none yet); clears the stale state. */
void          flow_oi_table_set_report           (FlowOiTable  *self,
                                                  FlowOiReport *report);
FlowOiUnits   flow_oi_table_get_units            (FlowOiTable  *self);
void          flow_oi_table_set_units            (FlowOiTable  *self,
                                                  FlowOiUnits   units);
/* A failed refresh: the last table stays, greyed, with @reason. NULL when fresh. */
const char   *flow_oi_table_get_stale_reason     (FlowOiTable  *self);
void          flow_oi_table_set_stale_reason     (FlowOiTable  *self,
                                                  const char   *reason);
/* The keyboard cursor: a row index of the report (the ATM row when a report first arrives). */
guint         flow_oi_table_get_focus_row        (FlowOiTable  *self);
void          flow_oi_table_set_focus_row        (FlowOiTable  *self,
                                                  guint         row);
/* The cell under widget coordinates (@x, @y); FALSE outside the data rows. */
gboolean      flow_oi_table_get_cell_at          (FlowOiTable  *self,
                                                  double        x,
                                                  double        y,
                                                  guint        *out_row,
                                                  guint        *out_column);
/* The text drawn in a cell at the current width, its tooltip, and the description of a
 * row read to assistive technologies. NULL without a report or out of range. */
char         *flow_oi_table_dup_cell_text        (FlowOiTable  *self,
                                                  guint         row,
                                                  guint         column);
char         *flow_oi_table_dup_cell_tooltip     (FlowOiTable  *self,
                                                  guint         row,
                                                  guint         column);
char         *flow_oi_table_dup_row_description  (FlowOiTable  *self,
                                                  guint         row);

G_END_DECLS

/* flow-option-chain.h: one option-chain snapshot of an underlying and expiry
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One side (CE or PE) of a listed strike. */
typedef struct
{
  gboolean present;         /* FALSE when the source gave no contract for this side */
  char    *instrument_key;  /* e.g. "NSE_FO|45012"; history is kept per key */
  gint64   oi;              /* as the source gave it (contracts x lot size for Upstox) */
  double   ltp;             /* rupees */
  gint64   volume;
} FlowOptionSide;

typedef struct
{
  double         strike;    /* rupees */
  FlowOptionSide ce;
  FlowOptionSide pe;
} FlowOptionStrike;

typedef struct
{
  gint64  time_ms;          /* receive time when live, recorded time on replay */
  char   *underlying;       /* "NIFTY" */
  char   *expiry;           /* "YYYY-MM-DD" */
  double  spot;             /* rupees */
  gint64  lot_size;         /* 0 when unknown */
  GArray *strikes;          /* of FlowOptionStrike, ascending by strike */
} FlowOptionChain;

FlowOptionChain *flow_option_chain_new           (gint64                  time_ms,
                                                  const char             *underlying,
                                                  const char             *expiry,
                                                  double                  spot);
FlowOptionChain *flow_option_chain_copy          (const FlowOptionChain *chain);
void             flow_option_chain_free          (FlowOptionChain       *chain);
/* Appends a strike (copying the instrument keys); callers add strikes in ascending order,
 * flow_option_chain_sort() restores the order otherwise. */
void             flow_option_chain_add_strike    (FlowOptionChain       *chain,
                                                  double                  strike,
                                                  const FlowOptionSide   *ce,
                                                  const FlowOptionSide   *pe);
void             flow_option_chain_sort          (FlowOptionChain       *chain);
const FlowOptionStrike *flow_option_chain_get    (const FlowOptionChain *chain,
                                                  guint                   index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FlowOptionChain, flow_option_chain_free)

G_END_DECLS

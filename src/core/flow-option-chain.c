/* flow-option-chain.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-option-chain.h"

#include <string.h>

static void
clear_strike (gpointer data)
{
  FlowOptionStrike *strike = data;

  g_clear_pointer (&strike->ce.instrument_key, g_free);
  g_clear_pointer (&strike->pe.instrument_key, g_free);
}

FlowOptionChain *
flow_option_chain_new (gint64      time_ms,
                       const char *underlying,
                       const char *expiry,
                       double      spot)
{
  FlowOptionChain *chain = g_new0 (FlowOptionChain, 1);

  chain->time_ms = time_ms;
  chain->underlying = g_strdup (underlying);
  chain->expiry = g_strdup (expiry);
  chain->spot = spot;
  chain->strikes = g_array_new (FALSE, TRUE, sizeof (FlowOptionStrike));
  g_array_set_clear_func (chain->strikes, clear_strike);
  return chain;
}

static void
copy_side (FlowOptionSide       *to,
           const FlowOptionSide *from)
{
  if (from == NULL)
    {
      memset (to, 0, sizeof *to);
      return;
    }
  *to = *from;
  to->instrument_key = g_strdup (from->instrument_key);
}

void
flow_option_chain_add_strike (FlowOptionChain      *chain,
                              double                strike,
                              const FlowOptionSide *ce,
                              const FlowOptionSide *pe)
{
  FlowOptionStrike row = { .strike = strike };

  copy_side (&row.ce, ce);
  copy_side (&row.pe, pe);
  g_array_append_val (chain->strikes, row);
}

FlowOptionChain *
flow_option_chain_copy (const FlowOptionChain *chain)
{
  FlowOptionChain *copy = flow_option_chain_new (chain->time_ms, chain->underlying,
                                                 chain->expiry, chain->spot);

  copy->lot_size = chain->lot_size;
  for (guint i = 0; i < chain->strikes->len; i++)
    {
      const FlowOptionStrike *row = flow_option_chain_get (chain, i);
      flow_option_chain_add_strike (copy, row->strike, &row->ce, &row->pe);
    }
  return copy;
}

void
flow_option_chain_free (FlowOptionChain *chain)
{
  if (chain == NULL)
    return;
  g_free (chain->underlying);
  g_free (chain->expiry);
  g_array_unref (chain->strikes);
  g_free (chain);
}

static int
compare_strikes (gconstpointer a,
                 gconstpointer b)
{
  const FlowOptionStrike *x = a;
  const FlowOptionStrike *y = b;

  return (x->strike > y->strike) - (x->strike < y->strike);
}

void
flow_option_chain_sort (FlowOptionChain *chain)
{
  g_array_sort (chain->strikes, compare_strikes);
}

const FlowOptionStrike *
flow_option_chain_get (const FlowOptionChain *chain,
                       guint                  index)
{
  g_return_val_if_fail (index < chain->strikes->len, NULL);
  return &g_array_index (chain->strikes, FlowOptionStrike, index);
}

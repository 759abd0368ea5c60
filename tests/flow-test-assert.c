/* flow-test-assert.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-test-assert.h"

void
flow_test_assert_snapshots_equal (const FlowSnapshot *a,
                                  const FlowSnapshot *b)
{
  g_assert_cmpint (a->ts_ms, ==, b->ts_ms);
  g_assert_cmpint (a->ltp, ==, b->ltp);
  g_assert_cmpint (a->ltq, ==, b->ltq);
  g_assert_cmpint (a->volume, ==, b->volume);
  g_assert_cmpint (a->bid, ==, b->bid);
  g_assert_cmpint (a->ask, ==, b->ask);
  g_assert_cmpint (a->open, ==, b->open);
  g_assert_cmpint (a->high, ==, b->high);
  g_assert_cmpint (a->low, ==, b->low);
  g_assert_cmpint (a->close, ==, b->close);
  g_assert_cmpint (a->oi, ==, b->oi);
  g_assert_cmpint (a->total_buy_qty, ==, b->total_buy_qty);
  g_assert_cmpint (a->total_sell_qty, ==, b->total_sell_qty);
  g_assert_cmpint (a->last_trade_ms, ==, b->last_trade_ms);
  g_assert_cmpint (a->resync, ==, b->resync);
}

void
flow_test_assert_quotes_equal (const FlowSnapshot *got,
                               const FlowSnapshot *want)
{
  g_assert_cmpint (got->ts_ms, ==, want->ts_ms);
  g_assert_cmpint (got->ltp, ==, want->ltp);
  g_assert_cmpint (got->volume, ==, want->volume);
  g_assert_cmpint (got->bid, ==, want->bid);
  g_assert_cmpint (got->ask, ==, want->ask);
  g_assert_cmpint (got->resync, ==, want->resync);
}

static void
assert_sides_equal (const FlowOptionSide *a,
                    const FlowOptionSide *b)
{
  g_assert_cmpint (a->present, ==, b->present);
  g_assert_cmpstr (a->instrument_key, ==, b->instrument_key);
  g_assert_cmpint (a->oi, ==, b->oi);
  g_assert_cmpfloat (a->ltp, ==, b->ltp);
  g_assert_cmpint (a->volume, ==, b->volume);
}

void
flow_test_assert_chains_equal (const FlowOptionChain *a,
                               const FlowOptionChain *b)
{
  g_assert_cmpint (a->time_ms, ==, b->time_ms);
  g_assert_cmpstr (a->underlying, ==, b->underlying);
  g_assert_cmpstr (a->expiry, ==, b->expiry);
  g_assert_cmpfloat (a->spot, ==, b->spot);
  g_assert_cmpuint (a->strikes->len, ==, b->strikes->len);
  for (guint i = 0; i < a->strikes->len; i++)
    {
      const FlowOptionStrike *x = flow_option_chain_get (a, i);
      const FlowOptionStrike *y = flow_option_chain_get (b, i);

      g_assert_cmpfloat (x->strike, ==, y->strike);
      assert_sides_equal (&x->ce, &y->ce);
      assert_sides_equal (&x->pe, &y->pe);
    }
}

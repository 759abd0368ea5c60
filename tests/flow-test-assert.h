/* flow-test-assert.h: comparing market data in tests, field by field
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "flow-option-chain.h"
#include "flow-snapshot.h"

G_BEGIN_DECLS

/* Every field of the two snapshots is equal. */
void flow_test_assert_snapshots_equal (const FlowSnapshot    *a,
                                       const FlowSnapshot    *b);
/* Time, price, volume, bid, ask and resync are equal: what a SnapQuote frame carries and a
 * journal keeps of it. */
void flow_test_assert_quotes_equal    (const FlowSnapshot    *got,
                                       const FlowSnapshot    *want);
/* Time, underlying, expiry, spot and every strike with both sides are equal. Not the lot size,
 * which Upstox's option chain does not carry. */
void flow_test_assert_chains_equal    (const FlowOptionChain *a,
                                       const FlowOptionChain *b);

G_END_DECLS

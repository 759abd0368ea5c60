/* test-demo-feed.c: the demo feed plays the session so far, then goes on live
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-demo-feed-private.h"
#include "flow-demo-market.h"
#include "flow-ist.h"
#include "flow-test-assert.h"
#include "flow-test-loop.h"

/* 2026-11-20 (a Friday) 09:15:00 IST */
#define OPEN_2026_11_20  G_GINT64_CONSTANT (1795146300000)
#define MINUTE_MS        G_GINT64_CONSTANT (60000)
#define HOUR_MS          (60 * MINUTE_MS)
#define SESSION_MS       (FLOW_DEMO_SESSION_CLOSE_MS - FLOW_DEMO_SESSION_OPEN_MS)

typedef struct
{
  GArray    *snapshots;     /* of FlowSnapshot */
  GPtrArray *chains;        /* of FlowOptionChain */
  gint64     last_time_ms;  /* of anything emitted: the two streams interleave in time order */
  guint      stop_after;    /* stop the feed from the handler after so many snapshots, 0: never */
} Recorder;

static void
on_snapshot (FlowFeed           *feed,
             const FlowSnapshot *snapshot,
             Recorder           *rec)
{
  g_assert_cmpint (snapshot->ts_ms, >=, rec->last_time_ms);
  rec->last_time_ms = snapshot->ts_ms;
  g_array_append_vals (rec->snapshots, snapshot, 1);
  if (rec->stop_after != 0 && rec->snapshots->len == rec->stop_after)
    flow_feed_stop (feed);
}

static void
on_option_chain (FlowFeed              *feed,
                 const FlowOptionChain *chain,
                 Recorder              *rec)
{
  g_assert_cmpint (chain->time_ms, >=, rec->last_time_ms);
  rec->last_time_ms = chain->time_ms;
  g_ptr_array_add (rec->chains, flow_option_chain_copy (chain));
}

static void
recorder_init (Recorder *rec,
               FlowFeed *feed)
{
  rec->snapshots = g_array_new (FALSE, FALSE, sizeof (FlowSnapshot));
  rec->chains = g_ptr_array_new_with_free_func ((GDestroyNotify) flow_option_chain_free);
  rec->last_time_ms = 0;
  rec->stop_after = 0;
  g_signal_connect (feed, "snapshot", G_CALLBACK (on_snapshot), rec);
  g_signal_connect (feed, "option-chain", G_CALLBACK (on_option_chain), rec);
}

static void
recorder_clear (Recorder *rec)
{
  g_clear_pointer (&rec->snapshots, g_array_unref);
  g_clear_pointer (&rec->chains, g_ptr_array_unref);
}

static void
test_session_for (void)
{
  gboolean open = TRUE;

  /* Friday 10:00: today's, open */
  g_assert_cmpint (flow_demo_feed_session_for (OPEN_2026_11_20 + 45 * MINUTE_MS, &open), ==,
                   OPEN_2026_11_20);
  g_assert_true (open);
  /* Exactly at the open, and the last millisecond before the close */
  g_assert_cmpint (flow_demo_feed_session_for (OPEN_2026_11_20, &open), ==, OPEN_2026_11_20);
  g_assert_true (open);
  g_assert_cmpint (flow_demo_feed_session_for (OPEN_2026_11_20 + SESSION_MS - 1, &open), ==,
                   OPEN_2026_11_20);
  g_assert_true (open);
  /* Friday 15:30 and the evening: today's, whole */
  g_assert_cmpint (flow_demo_feed_session_for (OPEN_2026_11_20 + SESSION_MS, &open), ==,
                   OPEN_2026_11_20);
  g_assert_false (open);
  g_assert_cmpint (flow_demo_feed_session_for (OPEN_2026_11_20 + 12 * HOUR_MS, &open), ==,
                   OPEN_2026_11_20);
  g_assert_false (open);
  /* Saturday and Sunday: Friday's */
  g_assert_cmpint (flow_demo_feed_session_for (OPEN_2026_11_20 + FLOW_DAY_MS + HOUR_MS, &open), ==,
                   OPEN_2026_11_20);
  g_assert_false (open);
  g_assert_cmpint (flow_demo_feed_session_for (OPEN_2026_11_20 + 2 * FLOW_DAY_MS + HOUR_MS, &open), ==,
                   OPEN_2026_11_20);
  g_assert_false (open);
  /* Monday 08:00: still Friday's; Monday 09:15: Monday's */
  g_assert_cmpint (flow_demo_feed_session_for (OPEN_2026_11_20 + 3 * FLOW_DAY_MS - 75 * MINUTE_MS,
                                               &open), ==, OPEN_2026_11_20);
  g_assert_false (open);
  g_assert_cmpint (flow_demo_feed_session_for (OPEN_2026_11_20 + 3 * FLOW_DAY_MS, &open), ==,
                   OPEN_2026_11_20 + 3 * FLOW_DAY_MS);
  g_assert_true (open);
  /* Tuesday 08:00: Monday's */
  g_assert_cmpint (flow_demo_feed_session_for (OPEN_2026_11_20 + 4 * FLOW_DAY_MS - 75 * MINUTE_MS,
                                               &open), ==, OPEN_2026_11_20 + 3 * FLOW_DAY_MS);
  g_assert_false (open);
}

static void
test_prefill_open_market (void)
{
  gint64 now = OPEN_2026_11_20 + 45 * MINUTE_MS + 500;   /* 10:00:00.500 */
  g_autoptr(FlowFeed) feed = flow_demo_feed_new (42);
  g_autoptr(FlowDemoMarket) market = flow_demo_market_new (42, OPEN_2026_11_20);
  Recorder rec;
  FlowSnapshot expected;
  guint i;

  recorder_init (&rec, feed);
  flow_demo_feed_set_clock (FLOW_DEMO_FEED (feed), now);
  g_assert_cmpuint (flow_demo_feed_get_seed (FLOW_DEMO_FEED (feed)), ==, 42);
  g_assert_cmpuint (flow_demo_feed_get_chain_interval (FLOW_DEMO_FEED (feed)), ==, 60);
  g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_IDLE);

  flow_feed_start (feed);

  /* Everything up to now is there before start returns. */
  g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_DEMO);
  g_assert_nonnull (flow_feed_get_message (feed));
  g_assert_cmpint (flow_demo_feed_get_session_open_ms (FLOW_DEMO_FEED (feed)), ==, OPEN_2026_11_20);
  g_assert_cmpint (flow_demo_feed_get_simulated_time_ms (FLOW_DEMO_FEED (feed)), >=, now);
  g_assert_cmpuint (rec.snapshots->len, >, 45 * 60);

  /* Exactly the FlowDemoMarket's data for that session, which is what the CLI uses. */
  for (i = 0; i < rec.snapshots->len; i++)
    {
      flow_demo_market_next_snapshot (market, &expected);
      flow_test_assert_snapshots_equal (&g_array_index (rec.snapshots, FlowSnapshot, i), &expected);
    }
  g_assert_cmpint (expected.ts_ms, <=, now);
  flow_demo_market_next_snapshot (market, &expected);
  g_assert_cmpint (expected.ts_ms, >, now);
  g_assert_true (g_array_index (rec.snapshots, FlowSnapshot, 0).resync);

  /* Chains every 60 s from 08:45 (so the 30-minute column is full at once) to 10:00. */
  g_assert_cmpuint (rec.chains->len, ==, 76);
  for (i = 0; i < rec.chains->len; i++)
    {
      const FlowOptionChain *chain = g_ptr_array_index (rec.chains, i);
      g_autoptr(FlowOptionChain) same = flow_demo_market_option_chain_at (market, chain->time_ms);

      g_assert_cmpint (chain->time_ms, ==, OPEN_2026_11_20 - 30 * MINUTE_MS + i * MINUTE_MS);
      g_assert_cmpstr (chain->underlying, ==, "NIFTY");
      g_assert_cmpuint (chain->strikes->len, ==, same->strikes->len);
      g_assert_cmpfloat (chain->spot, ==, same->spot);
      for (guint k = 0; k < chain->strikes->len; k++)
        {
          g_assert_cmpint (flow_option_chain_get (chain, k)->ce.oi, ==,
                           flow_option_chain_get (same, k)->ce.oi);
          g_assert_cmpint (flow_option_chain_get (chain, k)->pe.oi, ==,
                           flow_option_chain_get (same, k)->pe.oi);
        }
    }

  flow_feed_stop (feed);
  g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_IDLE);
  recorder_clear (&rec);
}

/* The feed plays the underlying it was made for, exactly as FlowDemoMarket simulates it; a
 * name the simulator does not know plays NIFTY. */
static void
test_underlying (void)
{
  gint64 now = OPEN_2026_11_20 + 20 * MINUTE_MS;
  g_autoptr(FlowFeed) feed = flow_demo_feed_new_for ("BANKEX", 42);
  g_autoptr(FlowFeed) unknown = flow_demo_feed_new_for ("RELIANCE", 42);
  g_autoptr(FlowFeed) nifty = flow_demo_feed_new (42);
  g_autoptr(FlowDemoMarket) market = flow_demo_market_new_for ("BANKEX", 42, OPEN_2026_11_20);
  g_autofree char *underlying = NULL;
  Recorder rec;
  FlowSnapshot expected;

  g_object_get (feed, "underlying", &underlying, NULL);
  g_assert_cmpstr (underlying, ==, "BANKEX");
  g_assert_cmpstr (flow_demo_feed_get_underlying (FLOW_DEMO_FEED (unknown)), ==, "NIFTY");
  g_assert_cmpstr (flow_demo_feed_get_underlying (FLOW_DEMO_FEED (nifty)), ==, "NIFTY");

  recorder_init (&rec, feed);
  flow_demo_feed_set_clock (FLOW_DEMO_FEED (feed), now);
  flow_feed_start (feed);
  g_assert_cmpint (flow_feed_get_tick_size (feed), ==, FLOW_DEMO_TICK_PAISE);
  g_assert_cmpuint (rec.snapshots->len, >, 0);
  for (guint i = 0; i < rec.snapshots->len; i++)
    {
      flow_demo_market_next_snapshot (market, &expected);
      flow_test_assert_snapshots_equal (&g_array_index (rec.snapshots, FlowSnapshot, i), &expected);
    }
  g_assert_cmpuint (rec.chains->len, >, 0);
  for (guint i = 0; i < rec.chains->len; i++)
    {
      const FlowOptionChain *chain = g_ptr_array_index (rec.chains, i);

      g_assert_cmpstr (chain->underlying, ==, "BANKEX");
      g_assert_cmpint (chain->lot_size, ==, flow_demo_market_get_lot_size (market));
    }
  flow_feed_stop (feed);
  recorder_clear (&rec);
}

static void
test_prefill_closed_market (void)
{
  gint64 saturday_noon = OPEN_2026_11_20 + FLOW_DAY_MS + 165 * MINUTE_MS;
  g_autoptr(FlowFeed) feed = flow_demo_feed_new (7);
  Recorder rec;
  const FlowSnapshot *first;
  const FlowSnapshot *last;
  const FlowOptionChain *last_chain;

  recorder_init (&rec, feed);
  flow_demo_feed_set_clock (FLOW_DEMO_FEED (feed), saturday_noon);
  flow_feed_start (feed);

  /* Friday's whole session */
  g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_DEMO);
  g_assert_cmpint (flow_demo_feed_get_session_open_ms (FLOW_DEMO_FEED (feed)), ==, OPEN_2026_11_20);
  g_assert_cmpint (flow_demo_feed_get_simulated_time_ms (FLOW_DEMO_FEED (feed)), >=,
                   OPEN_2026_11_20 + SESSION_MS);
  g_assert_cmpint (flow_demo_feed_get_simulated_time_ms (FLOW_DEMO_FEED (feed)), <,
                   OPEN_2026_11_20 + SESSION_MS + 60000);
  first = &g_array_index (rec.snapshots, FlowSnapshot, 0);
  last = &g_array_index (rec.snapshots, FlowSnapshot, rec.snapshots->len - 1);
  g_assert_cmpint (first->ts_ms, >, OPEN_2026_11_20);
  g_assert_cmpint (first->ts_ms, <, OPEN_2026_11_20 + 5000);
  g_assert_cmpint (last->ts_ms, <=, OPEN_2026_11_20 + SESSION_MS);
  g_assert_cmpint (last->ts_ms, >, OPEN_2026_11_20 + SESSION_MS - 5000);
  g_assert_cmpuint (rec.snapshots->len, >, SESSION_MS / 1000);

  /* 08:45 … 15:30 */
  g_assert_cmpuint (rec.chains->len, ==, 406);
  last_chain = g_ptr_array_index (rec.chains, rec.chains->len - 1);
  g_assert_cmpint (last_chain->time_ms, ==, OPEN_2026_11_20 + SESSION_MS);
  g_assert_cmpstr (last_chain->expiry, ==, "2026-11-24");

  flow_feed_stop (feed);
  recorder_clear (&rec);
}

static void
test_live (void)
{
  /* 10:00:59.2 with chains every 60 s: the 10:01 chain must arrive live. */
  gint64 now = OPEN_2026_11_20 + 45 * MINUTE_MS + 59200;
  g_autoptr(FlowFeed) feed = flow_demo_feed_new (3);
  Recorder rec;
  guint prefilled_snapshots;
  guint prefilled_chains;
  guint stopped_snapshots;
  const FlowSnapshot *last;

  recorder_init (&rec, feed);
  flow_demo_feed_set_clock (FLOW_DEMO_FEED (feed), now);
  flow_feed_start (feed);
  prefilled_snapshots = rec.snapshots->len;
  prefilled_chains = rec.chains->len;
  g_assert_cmpint (g_array_index (rec.snapshots, FlowSnapshot, prefilled_snapshots - 1).ts_ms, <=, now);

  /* Starting twice does not replay. */
  flow_feed_start (feed);
  g_assert_cmpuint (rec.snapshots->len, ==, prefilled_snapshots);

  flow_test_wait_ms (2000);

  /* Live at market pace: new snapshots, after now and not ahead of the simulated clock. */
  g_assert_cmpuint (rec.snapshots->len, >, prefilled_snapshots);
  g_assert_cmpuint (rec.chains->len, ==, prefilled_chains + 1);
  g_assert_cmpint (((FlowOptionChain *) g_ptr_array_index (rec.chains, prefilled_chains))->time_ms,
                   ==, OPEN_2026_11_20 + 46 * MINUTE_MS);
  last = &g_array_index (rec.snapshots, FlowSnapshot, rec.snapshots->len - 1);
  g_assert_cmpint (last->ts_ms, >, now);
  g_assert_cmpint (last->ts_ms, <=, flow_demo_feed_get_simulated_time_ms (FLOW_DEMO_FEED (feed)));
  g_assert_cmpint (last->ts_ms, <, now + 10000);
  for (guint i = prefilled_snapshots; i < rec.snapshots->len; i++)
    g_assert_false (g_array_index (rec.snapshots, FlowSnapshot, i).resync);

  /* Stop removes the timer: nothing more arrives. */
  flow_feed_stop (feed);
  g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_IDLE);
  g_assert_cmpint (flow_demo_feed_get_simulated_time_ms (FLOW_DEMO_FEED (feed)), ==, 0);
  stopped_snapshots = rec.snapshots->len;
  flow_test_wait_ms (500);
  g_assert_cmpuint (rec.snapshots->len, ==, stopped_snapshots);

  /* Starting again replays the session from the open, resync first. */
  rec.last_time_ms = 0;
  flow_feed_start (feed);
  g_assert_cmpuint (rec.snapshots->len, >=, stopped_snapshots + prefilled_snapshots);
  g_assert_true (g_array_index (rec.snapshots, FlowSnapshot, stopped_snapshots).resync);
  flow_feed_stop (feed);
  recorder_clear (&rec);
}

static void
test_stop_from_handler (void)
{
  g_autoptr(FlowFeed) feed = flow_demo_feed_new (9);
  Recorder rec;

  recorder_init (&rec, feed);
  rec.stop_after = 100;
  flow_demo_feed_set_clock (FLOW_DEMO_FEED (feed), OPEN_2026_11_20 + HOUR_MS);
  flow_feed_start (feed);
  g_assert_cmpuint (rec.snapshots->len, ==, 100);
  g_assert_cmpint (flow_feed_get_state (feed), ==, FLOW_FEED_STATE_IDLE);
  flow_test_wait_ms (200);
  g_assert_cmpuint (rec.snapshots->len, ==, 100);
  recorder_clear (&rec);
}

static void
test_drop_while_running (void)
{
  FlowFeed *feed = flow_demo_feed_new (4);
  Recorder rec;
  guint count;

  recorder_init (&rec, feed);
  flow_demo_feed_set_clock (FLOW_DEMO_FEED (feed), OPEN_2026_11_20 + HOUR_MS);
  flow_feed_start (feed);
  flow_test_wait_ms (300);

  /* The owner forgets to stop: the live timer must not keep the feed alive or emitting. */
  g_assert_finalize_object (feed);
  count = rec.snapshots->len;
  flow_test_wait_ms (300);
  g_assert_cmpuint (rec.snapshots->len, ==, count);
  recorder_clear (&rec);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_chain_interval (void)
{
  g_autoptr(FlowFeed) feed = flow_demo_feed_new (1);
  guint notified = 0;
  guint interval = 0;
  Recorder rec;

  g_signal_connect (feed, "notify::chain-interval", G_CALLBACK (on_notify), &notified);
  flow_demo_feed_set_chain_interval (FLOW_DEMO_FEED (feed), 60);
  g_assert_cmpuint (notified, ==, 0);
  g_object_set (feed, "chain-interval", 300, NULL);
  g_assert_cmpuint (notified, ==, 1);
  g_object_get (feed, "chain-interval", &interval, NULL);
  g_assert_cmpuint (interval, ==, 300);

  /* Every 5 minutes from 08:45 to 10:00 */
  recorder_init (&rec, feed);
  flow_demo_feed_set_clock (FLOW_DEMO_FEED (feed), OPEN_2026_11_20 + 45 * MINUTE_MS);
  flow_feed_start (feed);
  g_assert_cmpuint (rec.chains->len, ==, 16);
  for (guint i = 1; i < rec.chains->len; i++)
    g_assert_cmpint (((FlowOptionChain *) g_ptr_array_index (rec.chains, i))->time_ms
                     - ((FlowOptionChain *) g_ptr_array_index (rec.chains, i - 1))->time_ms,
                     ==, 5 * MINUTE_MS);
  flow_feed_stop (feed);
  recorder_clear (&rec);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/demo-feed/session-for", test_session_for);
  g_test_add_func ("/demo-feed/prefill-open-market", test_prefill_open_market);
  g_test_add_func ("/demo-feed/prefill-closed-market", test_prefill_closed_market);
  g_test_add_func ("/demo-feed/underlying", test_underlying);
  g_test_add_func ("/demo-feed/live", test_live);
  g_test_add_func ("/demo-feed/stop-from-handler", test_stop_from_handler);
  g_test_add_func ("/demo-feed/drop-while-running", test_drop_while_running);
  g_test_add_func ("/demo-feed/chain-interval", test_chain_interval);
  return g_test_run ();
}

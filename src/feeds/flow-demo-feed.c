/* flow-demo-feed.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-demo-feed"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-demo-feed-private.h"
#include "flow-demo-market.h"
#include "flow-ist.h"

/* How far before the open the chain history starts: the longest OI column. */
#define CHAIN_LEAD_MS ((gint64) 30 * 60 * 1000)

struct _FlowDemoFeed
{
  FlowFeed parent_instance;

  char   *underlying;
  guint64 seed;
  guint   chain_interval;   /* seconds of simulated time */
  gint64  fixed_now_ms;     /* 0: wall clock */

  /* While running */
  FlowDemoMarket *market;
  FlowSnapshot    pending;         /* generated, not yet due */
  gint64          next_chain_ms;
  gint64          session_open_ms;
  gint64          sim_base_ms;     /* simulated time at mono_base_us */
  gint64          mono_base_us;
  guint           timeout_id;
  guint           generation;      /* bumped by stop: an emission loop notices and bails out */
};

G_DEFINE_FINAL_TYPE (FlowDemoFeed, flow_demo_feed, FLOW_TYPE_FEED)

enum {
  PROP_0,
  PROP_UNDERLYING,
  PROP_SEED,
  PROP_CHAIN_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gint64
flow_demo_feed_session_for (gint64    now_ms,
                            gboolean *out_open)
{
  gint64 day = flow_ist_day_number (now_ms);
  gint64 time_of_day = now_ms - flow_ist_day_start_ms (now_ms);
  gboolean open = FALSE;

  /* Day 0 (1970-01-01) was a Thursday: (day + 3) % 7 counts from Monday. */
  if ((day + 3) % 7 < 5 && time_of_day >= FLOW_DEMO_SESSION_OPEN_MS)
    open = time_of_day < FLOW_DEMO_SESSION_CLOSE_MS;
  else
    {
      do
        day--;
      while ((day + 3) % 7 >= 5);
    }

  if (out_open != NULL)
    *out_open = open;
  return day * FLOW_DAY_MS - FLOW_IST_OFFSET_MS + FLOW_DEMO_SESSION_OPEN_MS;
}

static gint64
simulated_now (FlowDemoFeed *self)
{
  return self->sim_base_ms + (g_get_monotonic_time () - self->mono_base_us) / 1000;
}

/* Emits, in time order, every snapshot and chain due by @until_ms. Returns FALSE when a
 * handler stopped the feed meanwhile. */
static gboolean
emit_until (FlowDemoFeed *self,
            gint64        until_ms)
{
  guint generation = self->generation;

  while (self->market != NULL && self->generation == generation)
    {
      if (self->next_chain_ms <= self->pending.ts_ms && self->next_chain_ms <= until_ms)
        {
          g_autoptr(FlowOptionChain) chain =
            flow_demo_market_option_chain_at (self->market, self->next_chain_ms);

          self->next_chain_ms += (gint64) self->chain_interval * 1000;
          flow_feed_emit_option_chain (FLOW_FEED (self), chain);
        }
      else if (self->pending.ts_ms <= until_ms)
        {
          FlowSnapshot snapshot = self->pending;

          flow_demo_market_next_snapshot (self->market, &self->pending);
          flow_feed_emit_snapshot (FLOW_FEED (self), &snapshot);
        }
      else
        return TRUE;
    }
  return FALSE;
}

static gboolean on_timeout (gpointer user_data);

static void
schedule_next (FlowDemoFeed *self)
{
  gint64 due = MIN (self->pending.ts_ms, self->next_chain_ms);
  gint64 delay = CLAMP (due - simulated_now (self), 0, G_MAXUINT);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  /* One timeout per due event rather than a fixed tick: a quiet market costs no wake-ups. The
   * source holds no reference, so dropping a running feed finalizes it; dispose removes it. */
  self->timeout_id = g_timeout_add ((guint) delay, on_timeout, self);
}

static gboolean
on_timeout (gpointer user_data)
{
  /* A handler may drop the last reference while we emit. */
  g_autoptr(FlowDemoFeed) self = g_object_ref (user_data);

  self->timeout_id = 0;
  if (emit_until (self, simulated_now (self)))
    schedule_next (self);
  return G_SOURCE_REMOVE;
}

static void
flow_demo_feed_stop (FlowFeed *feed)
{
  FlowDemoFeed *self = FLOW_DEMO_FEED (feed);

  self->generation++;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->market);
  self->session_open_ms = 0;
  flow_feed_set_state (feed, FLOW_FEED_STATE_IDLE, NULL, 0);
}

static void
flow_demo_feed_start (FlowFeed *feed)
{
  FlowDemoFeed *self = FLOW_DEMO_FEED (feed);
  g_autoptr(FlowDemoFeed) hold = g_object_ref (self);
  g_autofree char *date = NULL;
  g_autofree char *message = NULL;
  gint64 now_ms;
  gboolean open;

  if (self->market != NULL)
    return;

  now_ms = self->fixed_now_ms != 0 ? self->fixed_now_ms : g_get_real_time () / 1000;
  self->session_open_ms = flow_demo_feed_session_for (now_ms, &open);
  /* An open market plays in step with the real clock; a closed one is played whole and then
   * carries on from its close, so the chart keeps moving rather than sitting still. */
  self->sim_base_ms = open ? now_ms
                           : self->session_open_ms
                             + (FLOW_DEMO_SESSION_CLOSE_MS - FLOW_DEMO_SESSION_OPEN_MS);
  self->mono_base_us = g_get_monotonic_time ();

  self->market = flow_demo_market_new_for (self->underlying, self->seed, self->session_open_ms);
  flow_feed_set_tick_size (feed, flow_demo_market_get_tick_paise (self->market));
  flow_demo_market_next_snapshot (self->market, &self->pending);
  self->next_chain_ms = self->session_open_ms - CHAIN_LEAD_MS;

  date = flow_ist_format_date (self->session_open_ms);
  message = open ? g_strdup (_("Simulated market data"))
                 : g_strdup_printf (_("Simulated market data: the session of %s, replayed"), date);
  g_debug ("demo: %s, seed %" G_GUINT64_FORMAT ", session %s, %s", self->underlying, self->seed,
           date, open ? "open" : "closed");
  flow_feed_set_state (feed, FLOW_FEED_STATE_DEMO, message, 0);

  if (emit_until (self, self->sim_base_ms))
    schedule_next (self);
}

static void
flow_demo_feed_dispose (GObject *object)
{
  FlowDemoFeed *self = FLOW_DEMO_FEED (object);

  self->generation++;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_object (&self->market);
  G_OBJECT_CLASS (flow_demo_feed_parent_class)->dispose (object);
}

static void
flow_demo_feed_finalize (GObject *object)
{
  FlowDemoFeed *self = FLOW_DEMO_FEED (object);

  g_free (self->underlying);
  G_OBJECT_CLASS (flow_demo_feed_parent_class)->finalize (object);
}

/* A name the simulator does not know (a setting from elsewhere) still gets a working market:
 * NIFTY's, which its chains name, rather than an empty view. */
static void
set_underlying (FlowDemoFeed *self,
                const char   *underlying)
{
  if (!flow_demo_market_simulates (underlying))
    {
      g_debug ("the demo does not simulate “%s”: simulating NIFTY", underlying);
      underlying = "NIFTY";
    }
  g_free (self->underlying);
  self->underlying = g_strdup (underlying);
}

static void
flow_demo_feed_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FlowDemoFeed *self = FLOW_DEMO_FEED (object);

  switch (prop_id)
    {
    case PROP_UNDERLYING:
      g_value_set_string (value, self->underlying);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    case PROP_CHAIN_INTERVAL:
      g_value_set_uint (value, self->chain_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_demo_feed_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FlowDemoFeed *self = FLOW_DEMO_FEED (object);

  switch (prop_id)
    {
    case PROP_UNDERLYING:
      set_underlying (self, g_value_get_string (value));
      break;
    case PROP_SEED:
      self->seed = g_value_get_uint64 (value);
      break;
    case PROP_CHAIN_INTERVAL:
      flow_demo_feed_set_chain_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_demo_feed_class_init (FlowDemoFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FlowFeedClass *feed_class = FLOW_FEED_CLASS (klass);

  object_class->dispose = flow_demo_feed_dispose;
  object_class->finalize = flow_demo_feed_finalize;
  object_class->get_property = flow_demo_feed_get_property;
  object_class->set_property = flow_demo_feed_set_property;

  feed_class->start = flow_demo_feed_start;
  feed_class->stop = flow_demo_feed_stop;

  /* What the feed simulates (flow_demo_market_new_for()); an unknown name gives NIFTY. */
  properties[PROP_UNDERLYING] =
    g_param_spec_string ("underlying", NULL, NULL, "NIFTY",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Like the OI refresh setting: 10 s … 300 s in the app; tests may go lower. */
  properties[PROP_CHAIN_INTERVAL] =
    g_param_spec_uint ("chain-interval", NULL, NULL, 1, 3600, 60,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
flow_demo_feed_init (FlowDemoFeed *self)
{
  self->chain_interval = 60;
  flow_feed_set_simulated (FLOW_FEED (self), TRUE);
  flow_feed_set_tick_size (FLOW_FEED (self), FLOW_DEMO_TICK_PAISE);
  flow_feed_set_refresh_interval (FLOW_FEED (self), self->chain_interval);
}

FlowFeed *
flow_demo_feed_new (guint64 seed)
{
  return flow_demo_feed_new_for ("NIFTY", seed);
}

FlowFeed *
flow_demo_feed_new_for (const char *underlying,
                        guint64     seed)
{
  g_return_val_if_fail (underlying != NULL, NULL);

  return g_object_new (FLOW_TYPE_DEMO_FEED, "underlying", underlying, "seed", seed, NULL);
}

const char *
flow_demo_feed_get_underlying (FlowDemoFeed *self)
{
  g_return_val_if_fail (FLOW_IS_DEMO_FEED (self), NULL);

  return self->underlying;
}

void
flow_demo_feed_set_clock (FlowDemoFeed *self,
                          gint64        now_ms)
{
  g_return_if_fail (FLOW_IS_DEMO_FEED (self));

  self->fixed_now_ms = now_ms;
}

guint64
flow_demo_feed_get_seed (FlowDemoFeed *self)
{
  g_return_val_if_fail (FLOW_IS_DEMO_FEED (self), 0);

  return self->seed;
}

guint
flow_demo_feed_get_chain_interval (FlowDemoFeed *self)
{
  g_return_val_if_fail (FLOW_IS_DEMO_FEED (self), 0);

  return self->chain_interval;
}

void
flow_demo_feed_set_chain_interval (FlowDemoFeed *self,
                                   guint         seconds)
{
  g_return_if_fail (FLOW_IS_DEMO_FEED (self));
  g_return_if_fail (seconds >= 1);

  if (self->chain_interval == seconds)
    return;
  /* A running feed keeps its next chain time; the new spacing applies after it. */
  self->chain_interval = seconds;
  flow_feed_set_refresh_interval (FLOW_FEED (self), seconds);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHAIN_INTERVAL]);
}

gint64
flow_demo_feed_get_session_open_ms (FlowDemoFeed *self)
{
  g_return_val_if_fail (FLOW_IS_DEMO_FEED (self), 0);

  return self->session_open_ms;
}

gint64
flow_demo_feed_get_simulated_time_ms (FlowDemoFeed *self)
{
  g_return_val_if_fail (FLOW_IS_DEMO_FEED (self), 0);

  return self->market != NULL ? simulated_now (self) : 0;
}

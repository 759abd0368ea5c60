/* flow-test-feed.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-test-feed.h"

struct _FlowTestFeed
{
  FlowFeed          parent_instance;

  FlowMarketSource  source;
  FlowMarketView    view;
  char             *name;
  gboolean          running;
  guint             n_retargets;
};

G_DEFINE_FINAL_TYPE (FlowTestFeed, flow_test_feed, FLOW_TYPE_FEED)

static void
flow_test_feed_start (FlowFeed *feed)
{
  FLOW_TEST_FEED (feed)->running = TRUE;
  flow_feed_set_state (feed, FLOW_FEED_STATE_CONNECTING, NULL, 0);
}

static void
flow_test_feed_stop (FlowFeed *feed)
{
  FLOW_TEST_FEED (feed)->running = FALSE;
  flow_feed_set_state (feed, FLOW_FEED_STATE_IDLE, NULL, 0);
}

/* As Angel One's stream does: another token on the same login. */
static gboolean
flow_test_feed_retarget (FlowFeed   *feed,
                         const char *name)
{
  FlowTestFeed *self = FLOW_TEST_FEED (feed);

  if (self->source != FLOW_MARKET_SOURCE_ANGEL)
    return FALSE;
  g_free (self->name);
  self->name = g_strdup (name);
  self->n_retargets++;
  return TRUE;
}

static void
flow_test_feed_finalize (GObject *object)
{
  g_free (FLOW_TEST_FEED (object)->name);
  G_OBJECT_CLASS (flow_test_feed_parent_class)->finalize (object);
}

static void
flow_test_feed_class_init (FlowTestFeedClass *klass)
{
  FlowFeedClass *feed_class = FLOW_FEED_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = flow_test_feed_finalize;
  feed_class->start = flow_test_feed_start;
  feed_class->stop = flow_test_feed_stop;
  feed_class->retarget = flow_test_feed_retarget;
}

static void
flow_test_feed_init (FlowTestFeed *self)
{
}

FlowFeed *
flow_test_feed_new (FlowMarketSource  source,
                    const char       *name)
{
  FlowTestFeed *self = g_object_new (FLOW_TYPE_TEST_FEED, NULL);

  self->source = source;
  self->name = g_strdup (name);
  /* The demo's stand-in is simulated, as the demo is: nothing it emits is journaled. */
  flow_feed_set_simulated (FLOW_FEED (self), source == FLOW_MARKET_SOURCE_DEMO);
  return FLOW_FEED (self);
}

FlowMarketSource
flow_test_feed_get_source (FlowTestFeed *self)
{
  return self->source;
}

const char *
flow_test_feed_get_name (FlowTestFeed *self)
{
  return self->name;
}

guint
flow_test_feed_get_n_retargets (FlowTestFeed *self)
{
  return self->n_retargets;
}

FlowMarketView
flow_test_feed_get_view (FlowTestFeed *self)
{
  return self->view;
}

gboolean
flow_test_feed_get_running (FlowTestFeed *self)
{
  return self->running;
}

FlowFeed *
flow_test_feed_factory (FlowMarketSession *session,
                        FlowMarketView     view,
                        FlowMarketSource   source,
                        const char        *name,
                        gpointer           user_data)
{
  GPtrArray *made = user_data;
  FlowFeed *feed = flow_test_feed_new (source, name);

  FLOW_TEST_FEED (feed)->view = view;
  g_ptr_array_add (made, g_object_ref (feed));
  return feed;
}

/* flow-feed.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-feed"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-feed.h"

typedef struct
{
  FlowFeedState state;
  char *message;
  gint64 retry_at_ms;
} FlowFeedPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FlowFeed, flow_feed, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  N_PROPS
};

enum {
  SNAPSHOT,
  OPTION_CHAIN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
flow_feed_finalize (GObject *object)
{
  FlowFeedPrivate *priv = flow_feed_get_instance_private (FLOW_FEED (object));

  g_free (priv->message);
  G_OBJECT_CLASS (flow_feed_parent_class)->finalize (object);
}

static void
flow_feed_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  FlowFeed *self = FLOW_FEED (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, flow_feed_get_state (self));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, flow_feed_get_message (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_feed_class_init (FlowFeedClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = flow_feed_finalize;
  object_class->get_property = flow_feed_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      FLOW_FEED_STATE_IDLE, FLOW_FEED_STATE_ERROR, FLOW_FEED_STATE_IDLE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The payload is only valid during emission: handlers copy what they keep. */
  signals[SNAPSHOT] =
    g_signal_new ("snapshot", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[OPTION_CHAIN] =
    g_signal_new ("option-chain", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
flow_feed_init (FlowFeed *self)
{
}

void
flow_feed_start (FlowFeed *self)
{
  g_return_if_fail (FLOW_IS_FEED (self));
  if (FLOW_FEED_GET_CLASS (self)->start != NULL)
    FLOW_FEED_GET_CLASS (self)->start (self);
}

void
flow_feed_stop (FlowFeed *self)
{
  g_return_if_fail (FLOW_IS_FEED (self));
  if (FLOW_FEED_GET_CLASS (self)->stop != NULL)
    FLOW_FEED_GET_CLASS (self)->stop (self);
}

FlowFeedState
flow_feed_get_state (FlowFeed *self)
{
  FlowFeedPrivate *priv = flow_feed_get_instance_private (self);

  g_return_val_if_fail (FLOW_IS_FEED (self), FLOW_FEED_STATE_IDLE);
  return priv->state;
}

const char *
flow_feed_get_message (FlowFeed *self)
{
  FlowFeedPrivate *priv = flow_feed_get_instance_private (self);

  g_return_val_if_fail (FLOW_IS_FEED (self), NULL);
  return priv->message;
}

gint64
flow_feed_get_retry_at_ms (FlowFeed *self)
{
  FlowFeedPrivate *priv = flow_feed_get_instance_private (self);

  g_return_val_if_fail (FLOW_IS_FEED (self), 0);
  return priv->retry_at_ms;
}

const char *
flow_feed_state_to_string (FlowFeedState state)
{
  switch (state)
    {
    case FLOW_FEED_STATE_IDLE:         return _("Idle");
    case FLOW_FEED_STATE_DEMO:         return _("Demo");
    case FLOW_FEED_STATE_CONNECTING:   return _("Connecting");
    case FLOW_FEED_STATE_LIVE:         return _("Live");
    case FLOW_FEED_STATE_RECONNECTING: return _("Reconnecting");
    case FLOW_FEED_STATE_LOGGED_OUT:   return _("Logged out");
    case FLOW_FEED_STATE_ERROR:        return _("Error");
    default:                           return _("Unknown");
    }
}

void
flow_feed_set_state (FlowFeed      *self,
                     FlowFeedState  state,
                     const char    *message,
                     gint64         retry_at_ms)
{
  FlowFeedPrivate *priv = flow_feed_get_instance_private (self);
  gboolean state_changed = priv->state != state;
  gboolean message_changed = g_strcmp0 (priv->message, message) != 0;

  g_return_if_fail (FLOW_IS_FEED (self));

  priv->retry_at_ms = retry_at_ms;
  if (message_changed)
    {
      g_free (priv->message);
      priv->message = g_strdup (message);
    }
  if (state_changed)
    {
      priv->state = state;
      g_debug ("feed %s: %s", G_OBJECT_TYPE_NAME (self), flow_feed_state_to_string (state));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (message_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

void
flow_feed_emit_snapshot (FlowFeed           *self,
                         const FlowSnapshot *snapshot)
{
  g_return_if_fail (FLOW_IS_FEED (self));
  g_signal_emit (self, signals[SNAPSHOT], 0, snapshot);
}

void
flow_feed_emit_option_chain (FlowFeed              *self,
                             const FlowOptionChain *chain)
{
  g_return_if_fail (FLOW_IS_FEED (self));
  g_signal_emit (self, signals[OPTION_CHAIN], 0, chain);
}

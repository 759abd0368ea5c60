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
  guint refresh_interval;
  gboolean simulated;
  char *contract;
  gint64 tick_size;
} FlowFeedPrivate;

G_DEFINE_ENUM_TYPE (FlowFeedState, flow_feed_state,
  G_DEFINE_ENUM_VALUE (FLOW_FEED_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (FLOW_FEED_STATE_DEMO, "demo"),
  G_DEFINE_ENUM_VALUE (FLOW_FEED_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (FLOW_FEED_STATE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (FLOW_FEED_STATE_RECONNECTING, "reconnecting"),
  G_DEFINE_ENUM_VALUE (FLOW_FEED_STATE_LOGGED_OUT, "logged-out"),
  G_DEFINE_ENUM_VALUE (FLOW_FEED_STATE_ERROR, "error"))

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FlowFeed, flow_feed, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_MESSAGE,
  PROP_RETRY_AT,
  PROP_SIMULATED,
  PROP_REFRESH_INTERVAL,
  PROP_CONTRACT,
  PROP_TICK_SIZE,
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
  g_free (priv->contract);
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
      g_value_set_enum (value, flow_feed_get_state (self));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, flow_feed_get_message (self));
      break;
    case PROP_RETRY_AT:
      g_value_set_int64 (value, flow_feed_get_retry_at_ms (self));
      break;
    case PROP_SIMULATED:
      g_value_set_boolean (value, flow_feed_get_simulated (self));
      break;
    case PROP_REFRESH_INTERVAL:
      g_value_set_uint (value, flow_feed_get_refresh_interval (self));
      break;
    case PROP_CONTRACT:
      g_value_set_string (value, flow_feed_get_contract (self));
      break;
    case PROP_TICK_SIZE:
      g_value_set_int64 (value, flow_feed_get_tick_size (self));
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
    g_param_spec_enum ("state", NULL, NULL, FLOW_TYPE_FEED_STATE, FLOW_FEED_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Epoch ms of the next reconnection attempt while reconnecting, else 0. */
  properties[PROP_RETRY_AT] =
    g_param_spec_int64 ("retry-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIMULATED] =
    g_param_spec_boolean ("simulated", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESH_INTERVAL] =
    g_param_spec_uint ("refresh-interval", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTRACT] =
    g_param_spec_string ("contract", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Paise, from the broker's instrument data; 0 while unknown. */
  properties[PROP_TICK_SIZE] =
    g_param_spec_int64 ("tick-size", NULL, NULL, 0, G_MAXINT64, 0,
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

gboolean
flow_feed_retarget (FlowFeed   *self,
                    const char *name)
{
  g_return_val_if_fail (FLOW_IS_FEED (self), FALSE);
  g_return_val_if_fail (name != NULL && *name != '\0', FALSE);
  return FLOW_FEED_GET_CLASS (self)->retarget != NULL &&
         FLOW_FEED_GET_CLASS (self)->retarget (self, name);
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

gboolean
flow_feed_get_simulated (FlowFeed *self)
{
  FlowFeedPrivate *priv = flow_feed_get_instance_private (self);

  g_return_val_if_fail (FLOW_IS_FEED (self), FALSE);
  return priv->simulated;
}

guint
flow_feed_get_refresh_interval (FlowFeed *self)
{
  FlowFeedPrivate *priv = flow_feed_get_instance_private (self);

  g_return_val_if_fail (FLOW_IS_FEED (self), 0);
  return priv->refresh_interval;
}

void
flow_feed_set_simulated (FlowFeed *self,
                         gboolean  simulated)
{
  FlowFeedPrivate *priv = flow_feed_get_instance_private (self);

  g_return_if_fail (FLOW_IS_FEED (self));
  simulated = !!simulated;
  if (priv->simulated == simulated)
    return;
  priv->simulated = simulated;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIMULATED]);
}

void
flow_feed_set_refresh_interval (FlowFeed *self,
                                guint     seconds)
{
  FlowFeedPrivate *priv = flow_feed_get_instance_private (self);

  g_return_if_fail (FLOW_IS_FEED (self));
  if (priv->refresh_interval == seconds)
    return;
  priv->refresh_interval = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESH_INTERVAL]);
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
  gboolean retry_changed = priv->retry_at_ms != retry_at_ms;

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
  if (retry_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
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

const char *
flow_feed_get_contract (FlowFeed *self)
{
  FlowFeedPrivate *priv;

  g_return_val_if_fail (FLOW_IS_FEED (self), NULL);
  priv = flow_feed_get_instance_private (self);
  return priv->contract;
}

void
flow_feed_set_contract (FlowFeed   *self,
                        const char *contract)
{
  FlowFeedPrivate *priv;

  g_return_if_fail (FLOW_IS_FEED (self));
  priv = flow_feed_get_instance_private (self);
  if (g_strcmp0 (priv->contract, contract) == 0)
    return;
  g_free (priv->contract);
  priv->contract = g_strdup (contract);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTRACT]);
}

gint64
flow_feed_get_tick_size (FlowFeed *self)
{
  FlowFeedPrivate *priv;

  g_return_val_if_fail (FLOW_IS_FEED (self), 0);
  priv = flow_feed_get_instance_private (self);
  return priv->tick_size;
}

void
flow_feed_set_tick_size (FlowFeed *self,
                         gint64    tick_size)
{
  FlowFeedPrivate *priv;

  g_return_if_fail (FLOW_IS_FEED (self));
  g_return_if_fail (tick_size >= 0);
  priv = flow_feed_get_instance_private (self);
  if (priv->tick_size == tick_size)
    return;
  priv->tick_size = tick_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICK_SIZE]);
}

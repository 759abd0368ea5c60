/* flow-alert-player.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-alert-player"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>

#include "flow-alert-player.h"

struct _FlowAlertPlayer
{
  GObject     parent_instance;

  gboolean    muted;
  char       *sound;
  char       *audio_sink;
  gboolean    playing;

  GstElement *playbin;       /* built at the first play, rebuilt when the sink changes */
  guint       bus_watch;
  char       *last_failure;  /* message of the last "failed", so it is not repeated */
};

G_DEFINE_FINAL_TYPE (FlowAlertPlayer, flow_alert_player, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MUTED,
  PROP_SOUND,
  PROP_AUDIO_SINK,
  PROP_PLAYING,
  N_PROPS
};

enum {
  PLAYED,
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static void
set_playing (FlowAlertPlayer *self,
             gboolean         playing)
{
  if (self->playing == playing)
    return;
  self->playing = playing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAYING]);
}

static void
report_failure (FlowAlertPlayer *self,
                const GError    *error)
{
  set_playing (self, FALSE);
  if (g_strcmp0 (self->last_failure, error->message) == 0)
    {
      g_debug ("Alert sound failed again: %s", error->message);
      return;
    }
  g_free (self->last_failure);
  self->last_failure = g_strdup (error->message);
  g_debug ("Alert sound failed: %s", error->message);
  g_signal_emit (self, signals[FAILED], 0, error);
}

static void
teardown_pipeline (FlowAlertPlayer *self)
{
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->playbin != NULL)
    gst_element_set_state (self->playbin, GST_STATE_NULL);
  g_clear_object (&self->playbin);
  set_playing (self, FALSE);
}

/* A GStreamer error says what broke ("Resource not found."), not which sound: add it. */
static GError *
error_for_sound (FlowAlertPlayer *self,
                 const GError    *gst_error)
{
  if (self->sound == NULL || self->sound[0] == '\0')
    return g_error_new (gst_error->domain, gst_error->code,
                        _("Could not play the alert sound: %s"), gst_error->message);
  return g_error_new (gst_error->domain, gst_error->code,
                      _("Could not play the alert sound “%s”: %s"),
                      self->sound, gst_error->message);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  FlowAlertPlayer *self = FLOW_ALERT_PLAYER (user_data);

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_EOS:
      gst_element_set_state (self->playbin, GST_STATE_NULL);
      g_clear_pointer (&self->last_failure, g_free);
      set_playing (self, FALSE);
      g_signal_emit (self, signals[PLAYED], 0);
      break;

    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *debug = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        g_debug ("GStreamer: %s", debug != NULL ? debug : gst_error->message);
        /* Back to NULL flushes the bus, so one failure is one message. */
        gst_element_set_state (self->playbin, GST_STATE_NULL);
        error = error_for_sound (self, gst_error);
        report_failure (self, error);
      }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static gboolean
ensure_pipeline (FlowAlertPlayer  *self,
                 GError          **error)
{
  g_autoptr(GstElement) playbin = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *description = self->audio_sink;

  if (self->playbin != NULL)
    return TRUE;

  if (!gst_init_check (NULL, NULL, error))
    return FALSE;

  playbin = gst_element_factory_make ("playbin", NULL);
  if (playbin == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Could not play the alert sound: GStreamer’s playbin is missing (package gstreamer1.0-plugins-base)"));
      return FALSE;
    }
  gst_object_ref_sink (playbin);
  /* A chime needs no video or subtitle branches. */
  gst_util_set_object_arg (G_OBJECT (playbin), "flags", "audio");

  if (description == NULL || description[0] == '\0')
    description = g_getenv ("ORDERFLOW_AUDIO_SINK");
  if (description != NULL && description[0] != '\0')
    {
      sink = gst_parse_bin_from_description (description, TRUE, &local_error);
      if (sink == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("Could not play the alert sound: audio sink “%s”: %s"),
                       description, local_error->message);
          return FALSE;
        }
      gst_object_ref_sink (sink);
      g_object_set (playbin, "audio-sink", sink, NULL);
    }

  bus = gst_element_get_bus (playbin);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  self->playbin = g_steal_pointer (&playbin);
  return TRUE;
}

static char *
sound_uri (FlowAlertPlayer *self)
{
  g_autofree char *absolute = NULL;

  if (self->sound == NULL || self->sound[0] == '\0')
    return g_strdup (FLOW_ALERT_PLAYER_DEFAULT_URI);
  if (gst_uri_is_valid (self->sound))
    return g_strdup (self->sound);
  absolute = g_canonicalize_filename (self->sound, NULL);
  return g_filename_to_uri (absolute, NULL, NULL);
}

gboolean
flow_alert_player_play (FlowAlertPlayer *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (FLOW_IS_ALERT_PLAYER (self), FALSE);

  if (self->muted || self->playing)
    return FALSE;

  if (!ensure_pipeline (self, &error))
    {
      report_failure (self, error);
      return FALSE;
    }

  uri = sound_uri (self);
  if (uri == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("Could not play the alert sound “%s”: not a valid file name"), self->sound);
      report_failure (self, error);
      return FALSE;
    }

  g_debug ("Playing %s", uri);
  gst_element_set_state (self->playbin, GST_STATE_NULL);
  g_object_set (self->playbin, "uri", uri, NULL);
  set_playing (self, TRUE);
  /* A sink that cannot open its device usually fails right here, with its error on the bus. */
  if (gst_element_set_state (self->playbin, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstBus) bus = gst_element_get_bus (self->playbin);
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      g_autoptr(GError) gst_error = NULL;

      if (message != NULL)
        gst_message_parse_error (message, &gst_error, NULL);
      else
        gst_error = g_error_new_literal (GST_CORE_ERROR, GST_CORE_ERROR_STATE_CHANGE,
                                         _("the audio output could not be started"));
      gst_element_set_state (self->playbin, GST_STATE_NULL);
      error = error_for_sound (self, gst_error);
      report_failure (self, error);
      return FALSE;
    }

  return TRUE;
}

static void
flow_alert_player_dispose (GObject *object)
{
  FlowAlertPlayer *self = FLOW_ALERT_PLAYER (object);

  teardown_pipeline (self);
  G_OBJECT_CLASS (flow_alert_player_parent_class)->dispose (object);
}

static void
flow_alert_player_finalize (GObject *object)
{
  FlowAlertPlayer *self = FLOW_ALERT_PLAYER (object);

  g_free (self->sound);
  g_free (self->audio_sink);
  g_free (self->last_failure);
  G_OBJECT_CLASS (flow_alert_player_parent_class)->finalize (object);
}

static void
flow_alert_player_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FlowAlertPlayer *self = FLOW_ALERT_PLAYER (object);

  switch (prop_id)
    {
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    case PROP_SOUND:
      g_value_set_string (value, self->sound);
      break;
    case PROP_AUDIO_SINK:
      g_value_set_string (value, self->audio_sink);
      break;
    case PROP_PLAYING:
      g_value_set_boolean (value, self->playing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_alert_player_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FlowAlertPlayer *self = FLOW_ALERT_PLAYER (object);

  switch (prop_id)
    {
    case PROP_MUTED:
      flow_alert_player_set_muted (self, g_value_get_boolean (value));
      break;
    case PROP_SOUND:
      flow_alert_player_set_sound (self, g_value_get_string (value));
      break;
    case PROP_AUDIO_SINK:
      flow_alert_player_set_audio_sink (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
flow_alert_player_class_init (FlowAlertPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = flow_alert_player_dispose;
  object_class->finalize = flow_alert_player_finalize;
  object_class->get_property = flow_alert_player_get_property;
  object_class->set_property = flow_alert_player_set_property;

  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOUND] =
    g_param_spec_string ("sound", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUDIO_SINK] =
    g_param_spec_string ("audio-sink", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYING] =
    g_param_spec_boolean ("playing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PLAYED] =
    g_signal_new ("played", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
flow_alert_player_init (FlowAlertPlayer *self)
{
}

FlowAlertPlayer *
flow_alert_player_new (void)
{
  return g_object_new (FLOW_TYPE_ALERT_PLAYER, NULL);
}

gboolean
flow_alert_player_get_muted (FlowAlertPlayer *self)
{
  g_return_val_if_fail (FLOW_IS_ALERT_PLAYER (self), FALSE);
  return self->muted;
}

void
flow_alert_player_set_muted (FlowAlertPlayer *self,
                             gboolean         muted)
{
  g_return_if_fail (FLOW_IS_ALERT_PLAYER (self));

  muted = !!muted;
  if (self->muted == muted)
    return;
  self->muted = muted;
  /* Muting silences a chime already sounding too. */
  if (muted && self->playbin != NULL)
    {
      gst_element_set_state (self->playbin, GST_STATE_NULL);
      set_playing (self, FALSE);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

const char *
flow_alert_player_get_sound (FlowAlertPlayer *self)
{
  g_return_val_if_fail (FLOW_IS_ALERT_PLAYER (self), NULL);
  return self->sound;
}

void
flow_alert_player_set_sound (FlowAlertPlayer *self,
                             const char      *sound)
{
  g_return_if_fail (FLOW_IS_ALERT_PLAYER (self));

  if (!set_string (&self->sound, sound))
    return;
  /* A new sound deserves its own report if it fails too. */
  g_clear_pointer (&self->last_failure, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOUND]);
}

const char *
flow_alert_player_get_audio_sink (FlowAlertPlayer *self)
{
  g_return_val_if_fail (FLOW_IS_ALERT_PLAYER (self), NULL);
  return self->audio_sink;
}

void
flow_alert_player_set_audio_sink (FlowAlertPlayer *self,
                                  const char      *description)
{
  g_return_if_fail (FLOW_IS_ALERT_PLAYER (self));

  if (!set_string (&self->audio_sink, description))
    return;
  teardown_pipeline (self);
  g_clear_pointer (&self->last_failure, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUDIO_SINK]);
}

gboolean
flow_alert_player_get_playing (FlowAlertPlayer *self)
{
  g_return_val_if_fail (FLOW_IS_ALERT_PLAYER (self), FALSE);
  return self->playing;
}

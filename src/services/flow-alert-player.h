/* flow-alert-player.h: the OI alert sound, played through GStreamer without blocking the UI
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The built-in chime, compiled into the GResource. */
#define FLOW_ALERT_PLAYER_DEFAULT_URI "resource:///io/github/orderflow/OrderFlow/sounds/alert.wav"

#define FLOW_TYPE_ALERT_PLAYER (flow_alert_player_get_type ())
G_DECLARE_FINAL_TYPE (FlowAlertPlayer, flow_alert_player, FLOW, ALERT_PLAYER, GObject)

/* Signals:
 *  - "played" (): the sound reached its end;
 *  - "failed" (const GError *): it could not be played. Emitted once per kind of failure
 *    (the same message again is not repeated) until a sound plays or the sound changes, so a
 *    missing audio device gives the user one toast, not one per refresh.
 *
 * The audio sink is "audio-sink" when set, else $ORDERFLOW_AUDIO_SINK, else autoaudiosink;
 * either is a gst-launch bin description such as "fakesink sync=false". */
FlowAlertPlayer *flow_alert_player_new            (void);
gboolean         flow_alert_player_get_muted      (FlowAlertPlayer *self);
void             flow_alert_player_set_muted      (FlowAlertPlayer *self,
                                                   gboolean         muted);
/* A file path or URI; NULL or "" for the built-in chime. */
const char      *flow_alert_player_get_sound      (FlowAlertPlayer *self);
void             flow_alert_player_set_sound      (FlowAlertPlayer *self,
                                                   const char      *sound);
const char      *flow_alert_player_get_audio_sink (FlowAlertPlayer *self);
void             flow_alert_player_set_audio_sink (FlowAlertPlayer *self,
                                                   const char      *description);
gboolean         flow_alert_player_get_playing    (FlowAlertPlayer *self);
/* Starts the sound and returns at once. Does nothing and returns FALSE when muted or while
 * the previous sound is still playing (alerts never pile up); failures arrive as "failed". */
gboolean         flow_alert_player_play           (FlowAlertPlayer *self);

G_END_DECLS

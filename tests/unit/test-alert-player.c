/* test-alert-player.c: the alert sound plays through GStreamer, once, and never when muted
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "flow-alert-player.h"

/* Long enough for a real decode on a loaded machine; a fake sink without sync takes ~10 ms. */
#define TIMEOUT_MS 10000

typedef struct
{
  FlowAlertPlayer *player;
  GMainLoop       *loop;
  guint            n_played;
  guint            n_failed;
  GError          *failure;
  guint            timeout;
  gboolean         answered;  /* "played" or "failed" since the last run_for() */
} Fixture;

static void
on_played (FlowAlertPlayer *player,
           Fixture         *fixture)
{
  fixture->n_played++;
  fixture->answered = TRUE;
  g_main_loop_quit (fixture->loop);
}

static void
on_failed (FlowAlertPlayer *player,
           const GError    *error,
           Fixture         *fixture)
{
  fixture->n_failed++;
  g_clear_error (&fixture->failure);
  fixture->failure = g_error_copy (error);
  fixture->answered = TRUE;
  g_main_loop_quit (fixture->loop);
}

static gboolean
on_timeout (gpointer user_data)
{
  Fixture *fixture = user_data;

  fixture->timeout = 0;
  g_main_loop_quit (fixture->loop);
  return G_SOURCE_REMOVE;
}

/* Runs until played, failed or @ms passed. A failure can be reported from inside
 * flow_alert_player_play(), before the loop runs: then there is nothing to wait for. */
static void
run_for (Fixture *fixture,
         guint    ms)
{
  if (!fixture->answered)
    {
      fixture->timeout = g_timeout_add (ms, on_timeout, fixture);
      g_main_loop_run (fixture->loop);
      g_clear_handle_id (&fixture->timeout, g_source_remove);
    }
  fixture->answered = FALSE;
}

static gboolean
play (Fixture *fixture)
{
  fixture->answered = FALSE;
  return flow_alert_player_play (fixture->player);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->player = flow_alert_player_new ();
  fixture->loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (fixture->player, "played", G_CALLBACK (on_played), fixture);
  g_signal_connect (fixture->player, "failed", G_CALLBACK (on_failed), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->player);
  g_main_loop_unref (fixture->loop);
  g_clear_error (&fixture->failure);
}

static void
test_plays_builtin_sound (Fixture       *fixture,
                          gconstpointer  data)
{
  g_assert_true (play (fixture));
  g_assert_true (flow_alert_player_get_playing (fixture->player));
  run_for (fixture, TIMEOUT_MS);
  g_assert_no_error (fixture->failure);
  g_assert_cmpuint (fixture->n_played, ==, 1);
  g_assert_false (flow_alert_player_get_playing (fixture->player));

  /* The pipeline is reused for the next refresh's alert. */
  g_assert_true (play (fixture));
  run_for (fixture, TIMEOUT_MS);
  g_assert_cmpuint (fixture->n_played, ==, 2);
}

static void
test_one_sound_at_a_time (Fixture       *fixture,
                          gconstpointer  data)
{
  g_assert_true (play (fixture));
  g_assert_false (play (fixture));
  run_for (fixture, TIMEOUT_MS);
  g_assert_cmpuint (fixture->n_played, ==, 1);
  /* Nothing else was queued behind the first. */
  run_for (fixture, 200);
  g_assert_cmpuint (fixture->n_played, ==, 1);
}

static void
test_muted_plays_nothing (Fixture       *fixture,
                          gconstpointer  data)
{
  flow_alert_player_set_muted (fixture->player, TRUE);
  g_assert_false (play (fixture));
  g_assert_false (flow_alert_player_get_playing (fixture->player));
  run_for (fixture, 300);
  g_assert_cmpuint (fixture->n_played, ==, 0);
  g_assert_cmpuint (fixture->n_failed, ==, 0);

  flow_alert_player_set_muted (fixture->player, FALSE);
  g_assert_true (play (fixture));
  run_for (fixture, TIMEOUT_MS);
  g_assert_cmpuint (fixture->n_played, ==, 1);
}

static void
test_user_file (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "sounds",
                                                 "alert.wav", NULL);

  flow_alert_player_set_sound (fixture->player, path);
  g_assert_true (play (fixture));
  run_for (fixture, TIMEOUT_MS);
  g_assert_no_error (fixture->failure);
  g_assert_cmpuint (fixture->n_played, ==, 1);
}

static void
test_missing_file_fails_once (Fixture       *fixture,
                              gconstpointer  data)
{
  flow_alert_player_set_sound (fixture->player, "/nonexistent/orderflow/alert.oga");

  play (fixture);
  run_for (fixture, TIMEOUT_MS);
  g_assert_cmpuint (fixture->n_played, ==, 0);
  g_assert_cmpuint (fixture->n_failed, ==, 1);
  g_assert_nonnull (fixture->failure);
  g_assert_nonnull (strstr (fixture->failure->message, "/nonexistent/orderflow/alert.oga"));
  g_assert_false (flow_alert_player_get_playing (fixture->player));

  /* The next refreshes fail the same way: the user has been told already. */
  play (fixture);
  run_for (fixture, 1000);
  g_assert_cmpuint (fixture->n_failed, ==, 1);

  /* A new choice is reported afresh. */
  flow_alert_player_set_sound (fixture->player, "/nonexistent/orderflow/other.oga");
  play (fixture);
  run_for (fixture, TIMEOUT_MS);
  g_assert_cmpuint (fixture->n_failed, ==, 2);
}

static void
test_not_a_sound_fails (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "unit", "test-alert-player.c",
                                                 NULL);

  flow_alert_player_set_sound (fixture->player, path);
  play (fixture);
  run_for (fixture, TIMEOUT_MS);
  g_assert_cmpuint (fixture->n_played, ==, 0);
  g_assert_cmpuint (fixture->n_failed, ==, 1);
}

static void
test_bad_sink_fails (Fixture       *fixture,
                     gconstpointer  data)
{
  flow_alert_player_set_audio_sink (fixture->player, "no-such-audio-sink-element");
  g_assert_false (play (fixture));
  g_assert_cmpuint (fixture->n_failed, ==, 1);
  g_assert_nonnull (strstr (fixture->failure->message, "no-such-audio-sink-element"));

  /* Back to a working sink, the alert plays again. */
  flow_alert_player_set_audio_sink (fixture->player, "fakesink sync=false");
  g_assert_true (play (fixture));
  run_for (fixture, TIMEOUT_MS);
  g_assert_cmpuint (fixture->n_played, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  /* No sound card in CI: a fake sink that still decodes the whole file to its end. */
  g_setenv ("ORDERFLOW_AUDIO_SINK", "fakesink sync=false", TRUE);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/alert-player/builtin", test_plays_builtin_sound);
  ADD ("/alert-player/one-at-a-time", test_one_sound_at_a_time);
  ADD ("/alert-player/muted", test_muted_plays_nothing);
  ADD ("/alert-player/user-file", test_user_file);
  ADD ("/alert-player/missing-file", test_missing_file_fails_once);
  ADD ("/alert-player/not-a-sound", test_not_a_sound_fails);
  ADD ("/alert-player/bad-sink", test_bad_sink_fails);
#undef ADD

  return g_test_run ();
}

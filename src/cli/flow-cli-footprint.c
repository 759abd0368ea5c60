/* flow-cli-footprint.c: orderflow-cli record and orderflow-cli footprint (shared/design/cli.md)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-cli-footprint"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "flow-angel-feed.h"
#include "flow-upstox-stream.h"
#include "flow-cli.h"
#include "flow-cli-parse.h"
#include "flow-demo-market.h"
#include "flow-footprint.h"
#include "flow-footprint-csv.h"
#include "flow-footprint-recorder.h"
#include "flow-ist.h"
#include "flow-journal.h"

static const char *record_usage =
  "orderflow-cli record --broker angel|upstox|demo [--instrument NIFTY] [--duration SECONDS]\n"
  "                     [--journal FILE] [--seed N] [--start YYYY-MM-DDTHH:MM[:SS]]\n"
  "                     [--snapshots N] [--fast]";
static const char *footprint_usage =
  "orderflow-cli footprint JOURNAL [--interval 1m] [--row 0.05] [--session-open 09:15]\n"
  "                                [--imbalance-ratio 3] [--imbalance-min-volume 0] [--summary]";

/* Paced demo: how often simulated time is caught up with the clock. Fast demo: how many
 * snapshots between two looks at the main loop (signals, the status line). */
#define PACE_TICK_MS 50
#define FAST_CHUNK   20000

/* ------------------------------------------------------------------------------------------
 * footprint
 */

typedef struct
{
  GString              *out;
  FlowFootprintCsvForm  form;
} CsvDays;

/* A journal may span IST midnight (a recording with --journal left running): each day is
 * printed when the next one starts, since the model holds one. */
static void
append_day (FlowFootprint *footprint,
            gpointer       user_data)
{
  CsvDays *days = user_data;

  flow_footprint_csv_append_rows (days->out, footprint, days->form);
}

int
flow_cli_footprint (int    argc,
                    char **argv)
{
  g_autofree char *interval_text = NULL;
  g_autofree char *row_text = NULL;
  g_autofree char *session_open_text = NULL;
  double ratio = FLOW_FOOTPRINT_DEFAULT_IMBALANCE_RATIO;
  gint64 min_volume = 0;
  gboolean summary = FALSE;
  FlowFootprintCsvForm form;
  gint64 interval_ms = FLOW_FOOTPRINT_DEFAULT_INTERVAL_MS;
  gint64 row = FLOW_FOOTPRINT_DEFAULT_ROW;
  gint64 session_open_ms = FLOW_FOOTPRINT_DEFAULT_SESSION_OPEN_MS;
  guint64 torn_bytes = 0;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(FlowFootprintRecorder) recorder = NULL;
  FlowFootprint *footprint;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = NULL;
  CsvDays days;
  int status = FLOW_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "interval", 0, 0, G_OPTION_ARG_STRING, &interval_text,
      "Bucket length: Ns or Nm dividing an hour (default 1m)", "INTERVAL" },
    { "row", 0, 0, G_OPTION_ARG_STRING, &row_text,
      "Row size in rupees (default 0.05)", "RUPEES" },
    { "session-open", 0, 0, G_OPTION_ARG_STRING, &session_open_text,
      "Anchor of the buckets, HH:MM IST (default 09:15)", "HH:MM" },
    { "imbalance-ratio", 0, 0, G_OPTION_ARG_DOUBLE, &ratio,
      "Diagonal imbalance ratio (default 3)", "RATIO" },
    { "imbalance-min-volume", 0, 0, G_OPTION_ARG_INT64, &min_volume,
      "Smallest volume that can be an imbalance (default 0)", "N" },
    { "summary", 0, 0, G_OPTION_ARG_NONE, &summary,
      "One row per bucket instead of one per cell", NULL },
    { NULL }
  };

  context = g_option_context_new ("JOURNAL");
  g_option_context_set_summary (context,
    "Replay a journal through the footprint rules and print CSV: one row per non-empty cell,\n"
    "sorted by bucket then price, or with --summary one row per bucket. Times are IST and\n"
    "prices rupees with two decimals.");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!flow_cli_parse_options (context, footprint_usage, &argc, &argv, &status))
    return status;

  if (argc < 2)
    return flow_cli_usage_error (footprint_usage, "no journal given");
  if (argc > 2)
    return flow_cli_usage_error (footprint_usage, "unexpected argument “%s”", argv[2]);
  if (interval_text != NULL && !flow_cli_parse_interval (interval_text, &interval_ms))
    return flow_cli_usage_error (footprint_usage,
                                 "--interval takes whole seconds or minutes dividing an hour "
                                 "(5s, 30s, 1m, 5m, 60m…), not “%s”", interval_text);
  if (row_text != NULL && !flow_cli_parse_rupees (row_text, &row))
    return flow_cli_usage_error (footprint_usage,
                                 "--row takes a positive number of rupees with at most two "
                                 "decimals (0.05, 1, 5), not “%s”", row_text);
  if (session_open_text != NULL &&
      !flow_ist_parse_time_of_day (session_open_text, &session_open_ms))
    return flow_cli_usage_error (footprint_usage, "--session-open takes HH:MM, not “%s”",
                                 session_open_text);
  if (!isfinite (ratio) || ratio <= 0)
    return flow_cli_usage_error (footprint_usage, "--imbalance-ratio must be positive");
  if (min_volume < 0)
    return flow_cli_usage_error (footprint_usage, "--imbalance-min-volume must not be negative");

  recorder = flow_footprint_recorder_new ();
  footprint = flow_footprint_recorder_get_footprint (recorder);
  flow_footprint_set_layout (footprint, interval_ms, row, session_open_ms);
  flow_footprint_set_imbalance_ratio (footprint, ratio);
  flow_footprint_set_imbalance_min_volume (footprint, min_volume);

  /* Built whole before printing, so that a failure prints nothing. */
  form = summary ? FLOW_FOOTPRINT_CSV_SUMMARY : FLOW_FOOTPRINT_CSV_CELLS;
  out = g_string_new (flow_footprint_csv_header (form));
  days.out = out;
  days.form = form;
  if (!flow_footprint_recorder_replay_file (recorder, argv[1], append_day, &days, &torn_bytes,
                                            &error))
    return flow_cli_fail ("%s", error->message);

  if (fwrite (out->str, 1, out->len, stdout) != out->len || fflush (stdout) != 0)
    return flow_cli_fail ("cannot write the CSV: %s", g_strerror (errno));
  if (torn_bytes > 0)
    fprintf (stderr, "orderflow-cli: warning: %s ends in %" G_GUINT64_FORMAT " bytes of an "
             "interrupted write; ignored them\n", argv[1], torn_bytes);
  return FLOW_CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------------------------
 * record
 */

typedef struct
{
  const char            *instrument;
  const char            *journal_path;   /* --journal, else one default file per IST day */
  FlowDemoMarket        *market;
  FlowFootprintRecorder *recorder;       /* journals every snapshot, moving files at midnight */
  char                  *closed_journal; /* the file the last status line names after close */
  GMainLoop             *loop;
  guint                  tick_id;
  guint                  duration_id;
  GError                *error;          /* why the loop stopped early */
  FlowSnapshot           pending;        /* generated, not yet due */
  gint64                 sim_start_ms;
  gint64                 wall_start_us;
  guint64                n_reconnections; /* resyncs after the first snapshot: each one a gap */
  guint64                limit;          /* --snapshots, G_MAXUINT64 for none */
  gboolean               fast;
  gint64                 last_ltp;
  gint64                 last_ts_ms;
} RecordRun;

static void
record_run_clear (RecordRun *run)
{
  g_clear_object (&run->recorder);
  g_clear_pointer (&run->closed_journal, g_free);
  g_clear_object (&run->market);
  g_clear_pointer (&run->loop, g_main_loop_unref);
  g_clear_error (&run->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RecordRun, record_run_clear)

static void
record_run_start (RecordRun *run)
{
  run->recorder = flow_footprint_recorder_new ();
  flow_footprint_recorder_set_journal_path (run->recorder, run->journal_path);
  /* A recording appends to what the day's journal holds: nothing to restore. */
  flow_footprint_recorder_reset (run->recorder, run->instrument, FLOW_FOOTPRINT_RECORDER_JOURNAL);
}

static guint64
n_recorded (RecordRun *run)
{
  return flow_footprint_recorder_get_n_recorded (run->recorder);
}

/* The open journal, or after the clean end the one that was: the last status line names it. */
static const char *
journal_file (RecordRun *run)
{
  const char *open = flow_footprint_recorder_get_journal_file (run->recorder);

  return open != NULL ? open : run->closed_journal;
}

/* Everything flushed and synced: the clean end. */
static gboolean
close_journal (RecordRun  *run,
               GError    **error)
{
  g_free (run->closed_journal);
  run->closed_journal = g_strdup (flow_footprint_recorder_get_journal_file (run->recorder));
  return flow_footprint_recorder_close (run->recorder, error);
}

static gboolean
record_snapshot (RecordRun           *run,
                 const FlowSnapshot  *snapshot,
                 GError             **error)
{
  /* A live feed marks the first snapshot of every connection; all but the first follow a
   * disconnect, whose traded volume `footprint --summary` reports as gap_volume. */
  gboolean reconnection = snapshot->resync && n_recorded (run) > 0;

  if (!flow_footprint_recorder_add (run->recorder, snapshot, error))
    return FALSE;
  if (reconnection)
    run->n_reconnections++;
  run->last_ts_ms = snapshot->ts_ms;
  if (snapshot->ltp > 0)
    run->last_ltp = snapshot->ltp;
  return TRUE;
}

static void
stop (RecordRun *run,
      GError    *error)
{
  if (error != NULL && run->error == NULL)
    run->error = error;
  else
    g_clear_error (&error);
  g_main_loop_quit (run->loop);
}

/* Records the demo snapshots that are due: those up to the simulated now when paced, the next
 * chunk when fast. */
static gboolean
on_demo_tick (gpointer data)
{
  RecordRun *run = data;
  gint64 due_ms = run->sim_start_ms + (g_get_monotonic_time () - run->wall_start_us) / 1000;
  GError *error = NULL;

  for (guint n = 0; run->fast ? n < FAST_CHUNK : run->pending.ts_ms <= due_ms; n++)
    {
      gboolean recorded = record_snapshot (run, &run->pending, &error);

      if (!recorded || n_recorded (run) == run->limit)
        {
          stop (run, error);
          run->tick_id = 0;
          return G_SOURCE_REMOVE;
        }
      flow_demo_market_next_snapshot (run->market, &run->pending);
    }
  return G_SOURCE_CONTINUE;
}

static void
print_status (RecordRun *run)
{
  g_autoptr(GString) line = g_string_new (NULL);

  g_string_append_printf (line, "recording %s (demo): %" G_GUINT64_FORMAT " snapshots",
                          run->instrument, n_recorded (run));
  if (n_recorded (run) > 0)
    {
      g_autofree char *time = flow_ist_format_time (run->last_ts_ms);

      g_string_append_printf (line, ", last %s IST, ltp ", time);
      flow_footprint_csv_append_rupees (line, run->last_ltp);
    }
  if (journal_file (run) != NULL)
    g_string_append_printf (line, ", journal %s", journal_file (run));
  fprintf (stderr, "%s\n", line->str);
}

static gboolean
on_status (gpointer data)
{
  print_status (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_duration (gpointer data)
{
  RecordRun *run = data;

  run->duration_id = 0;
  stop (run, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_signal (gpointer data)
{
  stop (data, NULL);
  return G_SOURCE_CONTINUE;
}

static gboolean
record_demo (RecordRun   *run,
             guint64      seed,
             guint        duration_s,
             GError     **error)
{
  guint status_id, int_id, term_id;

  run->market = flow_demo_market_new_for (run->instrument, seed, run->sim_start_ms);
  flow_demo_market_next_snapshot (run->market, &run->pending);
  /* With --journal, open it up front: a bad path fails before anything is simulated. */
  if (run->journal_path != NULL &&
      !flow_footprint_recorder_open_journal (run->recorder, run->pending.ts_ms, error))
    return FALSE;

  run->loop = g_main_loop_new (NULL, FALSE);
  run->wall_start_us = g_get_monotonic_time ();
  run->tick_id = run->fast ? g_idle_add (on_demo_tick, run)
                           : g_timeout_add (PACE_TICK_MS, on_demo_tick, run);
  status_id = g_timeout_add (1000, on_status, run);
  if (duration_s > 0)
    run->duration_id = g_timeout_add ((guint) MIN (duration_s * (guint64) 1000, G_MAXUINT),
                                      on_duration, run);
  int_id = g_unix_signal_add (SIGINT, on_signal, run);
  term_id = g_unix_signal_add (SIGTERM, on_signal, run);

  g_main_loop_run (run->loop);

  g_source_remove (term_id);
  g_source_remove (int_id);
  g_clear_handle_id (&run->duration_id, g_source_remove);
  g_source_remove (status_id);
  g_clear_handle_id (&run->tick_id, g_source_remove);

  if (run->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&run->error));
      return FALSE;
    }
  return close_journal (run, error);
}

/* --broker angel or upstox: the broker's stream (FlowAngelFeed: SmartAPI; FlowUpstoxStream:
 * the v3 feed) finds the near-month future and streams it; every snapshot goes to the journal
 * as the demo's do. Reconnections are the feed's business; only a state that needs the user
 * (LOGGED_OUT, ERROR) ends the run. */
typedef struct
{
  RecordRun  *run;
  FlowFeed   *feed;
  const char *broker;    /* as given to --broker */
  gboolean    stopped;   /* the last status line, printed after the feed has stopped */
} LiveRecord;

static void
on_live_snapshot (FlowFeed           *feed,
                   const FlowSnapshot *snapshot,
                   gpointer            user_data)
{
  RecordRun *run = user_data;
  GError *error = NULL;

  if (run->error != NULL || n_recorded (run) >= run->limit)
    return;
  if (!record_snapshot (run, snapshot, &error) || n_recorded (run) == run->limit)
    stop (run, error);
}

static void
on_live_state (FlowFeed   *feed,
                GParamSpec *pspec,
                gpointer    user_data)
{
  FlowFeedState state = flow_feed_get_state (feed);

  if (state == FLOW_FEED_STATE_LOGGED_OUT || state == FLOW_FEED_STATE_ERROR)
    stop (user_data, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                          flow_feed_get_message (feed)));
}

static gboolean
on_live_status (gpointer user_data)
{
  LiveRecord *record = user_data;
  RecordRun *run = record->run;
  const char *contract = flow_feed_get_contract (record->feed);
  g_autoptr(GString) line = g_string_new (NULL);
  FlowFeedState state = flow_feed_get_state (record->feed);

  g_string_append_printf (line, "recording %s (%s %s, %s): %" G_GUINT64_FORMAT " snapshots",
                          run->instrument, record->broker, contract != NULL ? contract : "-",
                          record->stopped ? "Stopped" : flow_feed_state_to_string (state),
                          n_recorded (run));
  if (n_recorded (run) > 0)
    {
      g_autofree char *time = flow_ist_format_time (run->last_ts_ms);

      g_string_append_printf (line, ", last %s IST, ltp ", time);
      flow_footprint_csv_append_rupees (line, run->last_ltp);
    }
  if (run->n_reconnections > 0)
    g_string_append_printf (line, ", %" G_GUINT64_FORMAT " reconnection%s (gaps in "
                            "footprint --summary)", run->n_reconnections,
                            run->n_reconnections == 1 ? "" : "s");
  /* Angel One sending more than this version reads: recorded all the same, but worth an
   * upgrade. */
  if (FLOW_IS_ANGEL_FEED (record->feed) &&
      flow_angel_feed_get_n_longer (FLOW_ANGEL_FEED (record->feed)) > 0)
    {
      guint64 n_longer = flow_angel_feed_get_n_longer (FLOW_ANGEL_FEED (record->feed));

      g_string_append_printf (line, ", %" G_GUINT64_FORMAT " frame%s longer than expected",
                              n_longer, n_longer == 1 ? "" : "s");
    }
  if (journal_file (run) != NULL)
    g_string_append_printf (line, ", journal %s", journal_file (run));
  if (!record->stopped && state != FLOW_FEED_STATE_LIVE &&
      flow_feed_get_message (record->feed) != NULL)
    g_string_append_printf (line, " (%s)", flow_feed_get_message (record->feed));
  fprintf (stderr, "%s\n", line->str);
  return G_SOURCE_CONTINUE;
}

static gboolean
record_live (RecordRun   *run,
             const char  *broker,
             guint        duration_s,
             GError     **error)
{
  g_autoptr(FlowCredentials) credentials = flow_credentials_new ();
  g_autoptr(FlowFeed) feed = g_str_equal (broker, "upstox")
                             ? flow_upstox_stream_new (credentials, run->instrument)
                             : flow_angel_feed_new (credentials, run->instrument);
  LiveRecord record = { run, feed, broker, FALSE };
  guint status_id, int_id, term_id;

  /* With --journal, open it up front: a bad path fails before logging in. */
  if (run->journal_path != NULL &&
      !flow_footprint_recorder_open_journal (run->recorder, g_get_real_time () / 1000, error))
    return FALSE;

  run->loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (feed, "snapshot", G_CALLBACK (on_live_snapshot), run);
  g_signal_connect (feed, "notify::state", G_CALLBACK (on_live_state), run);
  status_id = g_timeout_add (1000, on_live_status, &record);
  if (duration_s > 0)
    run->duration_id = g_timeout_add ((guint) MIN (duration_s * (guint64) 1000, G_MAXUINT),
                                      on_duration, run);
  int_id = g_unix_signal_add (SIGINT, on_signal, run);
  term_id = g_unix_signal_add (SIGTERM, on_signal, run);
  flow_feed_start (feed);

  g_main_loop_run (run->loop);

  g_signal_handlers_disconnect_by_data (feed, run);
  flow_feed_stop (feed);
  g_source_remove (term_id);
  g_source_remove (int_id);
  g_clear_handle_id (&run->duration_id, g_source_remove);
  g_source_remove (status_id);

  if (run->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&run->error));
      return FALSE;
    }
  record.stopped = TRUE;
  on_live_status (&record);
  return close_journal (run, error);
}

int
flow_cli_record (int    argc,
                 char **argv)
{
  g_autofree char *broker = NULL;
  g_autofree char *instrument = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *seed_text = NULL;
  g_autofree char *start_text = NULL;
  gint64 snapshots = -1;
  int duration_s = -1;
  gboolean fast = FALSE;
  guint64 seed = 1;
  g_auto(RecordRun) run = { 0 };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int status = FLOW_CLI_EXIT_OK;
  const GOptionEntry entries[] = {
    { "broker", 0, 0, G_OPTION_ARG_STRING, &broker, "Data source: angel, upstox or demo",
      "BROKER" },
    { "instrument", 0, 0, G_OPTION_ARG_STRING, &instrument,
      "Underlying whose near-month future is recorded (default NIFTY)", "NAME" },
    { "duration", 0, 0, G_OPTION_ARG_INT, &duration_s,
      "Stop after SECONDS (default: at SIGINT or SIGTERM)", "SECONDS" },
    { "journal", 0, 0, G_OPTION_ARG_FILENAME, &journal,
      "Journal to append to (default: one per day under $XDG_DATA_HOME/orderflow)", "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text, "Seed of the demo market (default 1)",
      "N" },
    { "start", 0, 0, G_OPTION_ARG_STRING, &start_text,
      "Demo: simulated IST time to start at (default: now; with --fast, 09:15 today)",
      "YYYY-MM-DDTHH:MM" },
    { "snapshots", 0, 0, G_OPTION_ARG_INT64, &snapshots, "Stop after N snapshots", "N" },
    { "fast", 0, 0, G_OPTION_ARG_NONE, &fast,
      "Demo: simulate as fast as possible instead of at market pace (needs --snapshots or "
      "--duration)", NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
    "Journal every snapshot of the instrument's near-month future until --duration passes or\n"
    "SIGINT/SIGTERM, with one status line per second on stderr. The demo plays its simulated\n"
    "market at market pace from --start (default now).");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!flow_cli_parse_options (context, record_usage, &argc, &argv, &status))
    return status;

  if (argc > 1)
    return flow_cli_usage_error (record_usage, "unexpected argument “%s”", argv[1]);
  if (broker == NULL)
    return flow_cli_usage_error (record_usage, "--broker is required");
  if (strcmp (broker, "angel") != 0 && strcmp (broker, "upstox") != 0 &&
      strcmp (broker, "demo") != 0)
    return flow_cli_usage_error (record_usage, "unknown broker “%s”: angel, upstox or demo",
                                 broker);
  if (duration_s == 0 || duration_s < -1)
    return flow_cli_usage_error (record_usage, "--duration must be a positive number of seconds");
  if (snapshots == 0 || snapshots < -1)
    return flow_cli_usage_error (record_usage, "--snapshots must be positive");
  if (instrument != NULL && (instrument[0] == '\0' ||
                             strlen (instrument) > FLOW_JOURNAL_INSTRUMENT_MAX))
    return flow_cli_usage_error (record_usage, "--instrument takes a name of 1 to %d bytes",
                                 FLOW_JOURNAL_INSTRUMENT_MAX);
  if (seed_text != NULL &&
      (strcmp (broker, "demo") != 0 ||
       !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, NULL)))
    return flow_cli_usage_error (record_usage, "--seed takes a whole number, with --broker demo only");
  if (start_text != NULL &&
      (strcmp (broker, "demo") != 0 || !flow_cli_parse_start (start_text, &run.sim_start_ms)))
    return flow_cli_usage_error (record_usage,
                                 "--start takes YYYY-MM-DDTHH:MM[:SS] in IST, with --broker demo only");
  if (fast && (strcmp (broker, "demo") != 0 || (snapshots == -1 && duration_s == -1)))
    return flow_cli_usage_error (record_usage,
                                 "--fast is for --broker demo, with --snapshots or --duration");

  if (strcmp (broker, "demo") != 0)
    {
      run.instrument = instrument != NULL ? instrument : "NIFTY";
      run.journal_path = journal;
      run.limit = snapshots > 0 ? (guint64) snapshots : G_MAXUINT64;
      record_run_start (&run);
      if (!record_live (&run, broker, duration_s > 0 ? (guint) duration_s : 0, &error))
        {
          if (n_recorded (&run) == 0)
            {
              flow_footprint_recorder_discard (run.recorder);
              return flow_cli_fail ("%s", error->message);
            }
          /* Unlike the demo's, live market data cannot be fetched again: a failure after the
           * first snapshot (a full disk, say) keeps what reached the journal, readable. */
          flow_footprint_recorder_close (run.recorder, NULL);
          return flow_cli_fail ("%s (the %" G_GUINT64_FORMAT " snapshots recorded before are kept)",
                                error->message, n_recorded (&run));
        }
      return FLOW_CLI_EXIT_OK;
    }

  run.instrument = instrument != NULL ? instrument : "NIFTY";
  if (!flow_demo_market_simulates (run.instrument))
    {
      g_autofree char *known = flow_cli_demo_underlyings ();

      return flow_cli_fail ("the demo market does not simulate “%s” (it simulates %s)",
                            run.instrument, known);
    }
  run.journal_path = journal;
  run.fast = fast;
  run.limit = snapshots > 0 ? (guint64) snapshots : G_MAXUINT64;
  if (start_text == NULL)
    {
      gint64 now_ms = g_get_real_time () / 1000;

      run.sim_start_ms = fast ? flow_ist_at_time_of_day (now_ms, FLOW_DEMO_SESSION_OPEN_MS)
                              : now_ms;
    }

  record_run_start (&run);
  if (!record_demo (&run, seed, duration_s > 0 ? (guint) duration_s : 0, &error))
    {
      /* No partial output: what this run added goes, and a journal it created with it. */
      flow_footprint_recorder_discard (run.recorder);
      return flow_cli_fail ("%s", error->message);
    }
  print_status (&run);
  return FLOW_CLI_EXIT_OK;
}

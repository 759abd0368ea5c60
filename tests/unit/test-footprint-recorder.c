/* test-footprint-recorder.c: the journal policy the footprint page and orderflow-cli share
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "flow-footprint-recorder.h"
#include "flow-ist.h"
#include "flow-journal-reader.h"
#include "flow-journal-writer.h"

#define RECORDER_DOMAIN "flow-footprint-recorder"

/* 2026-11-20 23:59:59.000 IST: the last second of a day. */
#define LAST_SECOND_MS G_GINT64_CONSTANT (1795199399000)

#define DAMAGED_PROBLEM "Today’s footprint journal is damaged; part of the day is missing"
#define RESTORE_PROBLEM "Could not restore today’s footprint from its journal"
#define OPEN_PROBLEM    "Could not open the footprint journal; today’s data will not be kept"
#define WRITE_PROBLEM   "Could not write the footprint journal; today’s data will not be kept"

static FlowSnapshot
make_snapshot (gint64 ts_ms,
               guint  i)
{
  FlowSnapshot s = { 0 };

  s.ts_ms = ts_ms;
  s.ltp = 2450000 + 5 * (gint64) (i % 17);
  s.ltq = 65;
  s.volume = 1000 + 65 * (gint64) i;
  s.bid = s.ltp - 5;
  s.ask = s.ltp + 5;
  s.resync = i == 0;
  return s;
}

/* A time of today (IST) that the restore, which asks the clock itself, also calls today. */
static gint64
today_at (gint64 offset_ms)
{
  return flow_ist_day_start_ms (g_get_real_time () / 1000) + offset_ms;
}

static void
write_journal (const char *path,
               const char *instrument,
               gint64      first_ts_ms,
               guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalWriter) writer = flow_journal_writer_open (path, instrument, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      FlowSnapshot s = make_snapshot (first_ts_ms + i, i);

      g_assert_true (flow_journal_writer_append (writer, &s, &error));
    }
  g_assert_true (flow_journal_writer_close (writer, &error));
  g_assert_no_error (error);
}

static guint64
records_in (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalReader) reader = flow_journal_reader_open (path, &error);

  g_assert_no_error (error);
  return flow_journal_reader_get_n_records (reader);
}

/* What the recorder told: its signals, counted. */
typedef struct
{
  GPtrArray *problems;
  guint      n_restored;          /* ::restored emissions */
  guint      last_restored;       /* its argument */
  guint      held_at_restored;    /* snapshots in the model when it came */
  gboolean   restoring_at_restored;
  guint      n_restoring_notifies;
} Events;

static void
on_problem (FlowFootprintRecorder *recorder,
            const char            *message,
            gpointer               user_data)
{
  Events *events = user_data;

  g_ptr_array_add (events->problems, g_strdup (message));
}

static void
on_restored (FlowFootprintRecorder *recorder,
             guint                  n_snapshots,
             gpointer               user_data)
{
  Events *events = user_data;

  events->n_restored++;
  events->last_restored = n_snapshots;
  events->held_at_restored =
    flow_footprint_get_n_snapshots (flow_footprint_recorder_get_footprint (recorder));
  events->restoring_at_restored = flow_footprint_recorder_get_restoring (recorder);
}

static void
on_notify_restoring (GObject    *object,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  Events *events = user_data;

  events->n_restoring_notifies++;
}

static FlowFootprintRecorder *
recorder_new (Events *events)
{
  FlowFootprintRecorder *recorder = flow_footprint_recorder_new ();

  memset (events, 0, sizeof *events);
  events->problems = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (recorder, "problem", G_CALLBACK (on_problem), events);
  g_signal_connect (recorder, "restored", G_CALLBACK (on_restored), events);
  g_signal_connect (recorder, "notify::restoring", G_CALLBACK (on_notify_restoring), events);
  return recorder;
}

/* Runs the main context until ::restored has come @n times. */
static void
wait_restored (Events *events,
               guint   n)
{
  while (events->n_restored < n)
    g_main_context_iteration (NULL, TRUE);
}

/* Every restore holds the recorder until its result has been dispatched on this thread (even a
 * dropped one): once they all have, the test's reference is the last. */
static void
finish (FlowFootprintRecorder *recorder,
        Events                *events)
{
  while (G_OBJECT (recorder)->ref_count > 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_finalize_object (recorder);
  g_ptr_array_unref (events->problems);
}

static guint
n_held (FlowFootprintRecorder *recorder)
{
  return flow_footprint_get_n_snapshots (flow_footprint_recorder_get_footprint (recorder));
}

/* The default journal is one file per IST day: midnight moves to the next day's file, which
 * starts the model afresh too. A --journal file takes both days. */
static void
test_day_rotation (void)
{
  Events events;
  FlowFootprintRecorder *recorder = recorder_new (&events);
  g_autofree char *day1 = flow_journal_default_path ("NIFTY", LAST_SECOND_MS);
  g_autofree char *day2 = flow_journal_default_path ("NIFTY", LAST_SECOND_MS + 1000);
  g_autofree char *single = g_build_filename (g_get_user_data_dir (), "single.journal", NULL);
  FlowSnapshot before = make_snapshot (LAST_SECOND_MS + 999, 0);
  FlowSnapshot after = make_snapshot (LAST_SECOND_MS + 1000, 1);
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (day1, !=, day2);
  flow_footprint_recorder_reset (recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_JOURNAL);
  g_assert_false (flow_footprint_recorder_get_restoring (recorder));
  g_assert_null (flow_footprint_recorder_get_journal_file (recorder));

  g_assert_true (flow_footprint_recorder_add (recorder, &before, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (flow_footprint_recorder_get_journal_file (recorder), ==, day1);
  g_assert_true (flow_footprint_recorder_add (recorder, &after, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (flow_footprint_recorder_get_journal_file (recorder), ==, day2);
  /* The first day's journal was closed, so it is complete on disk already. */
  g_assert_cmpuint (records_in (day1), ==, 1);
  g_assert_cmpuint (n_held (recorder), ==, 1);
  g_assert_cmpuint (flow_footprint_recorder_get_n_recorded (recorder), ==, 2);

  g_assert_true (flow_footprint_recorder_close (recorder, &error));
  g_assert_no_error (error);
  g_assert_null (flow_footprint_recorder_get_journal_file (recorder));
  g_assert_cmpuint (records_in (day1), ==, 1);
  g_assert_cmpuint (records_in (day2), ==, 1);

  /* One chosen file, whatever the day; opened before any snapshot. */
  flow_footprint_recorder_set_journal_path (recorder, single);
  flow_footprint_recorder_reset (recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_JOURNAL);
  g_assert_cmpuint (flow_footprint_recorder_get_n_recorded (recorder), ==, 0);
  g_assert_cmpuint (n_held (recorder), ==, 0);
  g_assert_true (flow_footprint_recorder_open_journal (recorder, before.ts_ms, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (flow_footprint_recorder_get_journal_file (recorder), ==, single);
  g_assert_true (flow_footprint_recorder_add (recorder, &before, NULL));
  g_assert_true (flow_footprint_recorder_add (recorder, &after, NULL));
  g_assert_cmpstr (flow_footprint_recorder_get_journal_file (recorder), ==, single);
  g_assert_true (flow_footprint_recorder_close (recorder, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (records_in (single), ==, 2);
  g_assert_cmpuint (records_in (day1), ==, 1);

  g_assert_cmpuint (events.problems->len, ==, 0);
  g_assert_cmpuint (events.n_restored, ==, 0);
  finish (recorder, &events);
}

/* Today's journal is read in a worker: reset() returns with the model empty, snapshots that
 * arrive meanwhile wait (not journaled yet), then everything lands in order, once. */
static void
test_restore_then_live (void)
{
  const guint n_journaled = 5000;   /* more than one read batch */
  Events events;
  FlowFootprintRecorder *recorder = recorder_new (&events);
  gint64 first_ms = today_at (3600 * 1000);
  gint64 live_ms = today_at (2 * 3600 * 1000);
  g_autofree char *path = flow_journal_default_path ("NIFTY", first_ms);
  g_autoptr(FlowJournalReader) reader = NULL;
  g_autofree FlowSnapshot *read_back = NULL;
  g_autoptr(GError) error = NULL;
  FlowSnapshot live;
  gsize n_read;

  write_journal (path, "NIFTY", first_ms, n_journaled);

  flow_footprint_recorder_reset (recorder, "NIFTY",
                                 FLOW_FOOTPRINT_RECORDER_JOURNAL | FLOW_FOOTPRINT_RECORDER_RESTORE);
  g_assert_true (flow_footprint_recorder_get_restoring (recorder));
  g_assert_cmpuint (events.n_restoring_notifies, ==, 1);
  g_assert_cmpuint (n_held (recorder), ==, 0);

  for (guint i = 0; i < 3; i++)
    {
      live = make_snapshot (live_ms + i, n_journaled + i);
      g_assert_true (flow_footprint_recorder_add (recorder, &live, &error));
      g_assert_no_error (error);
    }
  /* Queued: neither in the model nor in the journal before the restored day is. */
  g_assert_cmpuint (n_held (recorder), ==, 0);
  g_assert_null (flow_footprint_recorder_get_journal_file (recorder));
  g_assert_cmpuint (records_in (path), ==, n_journaled);
  g_assert_cmpuint (flow_footprint_recorder_get_n_recorded (recorder), ==, 3);

  wait_restored (&events, 1);
  g_assert_cmpuint (events.last_restored, ==, n_journaled);
  g_assert_cmpuint (events.held_at_restored, ==, n_journaled + 3);
  g_assert_false (events.restoring_at_restored);
  g_assert_cmpuint (events.n_restoring_notifies, ==, 2);
  g_assert_cmpstr (flow_footprint_recorder_get_journal_file (recorder), ==, path);

  /* Live again: journaled and shown at once. */
  live = make_snapshot (live_ms + 3, n_journaled + 3);
  g_assert_true (flow_footprint_recorder_add (recorder, &live, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_held (recorder), ==, n_journaled + 4);
  g_assert_cmpint (flow_footprint_get_last_time_ms (flow_footprint_recorder_get_footprint (recorder)),
                   ==, live_ms + 3);
  g_assert_true (flow_footprint_recorder_close (recorder, &error));
  g_assert_no_error (error);

  /* The journal holds the day once, in order: the old records, then the live ones. */
  reader = flow_journal_reader_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flow_journal_reader_get_n_records (reader), ==, n_journaled + 4);
  read_back = g_new (FlowSnapshot, n_journaled + 4);
  g_assert_true (flow_journal_reader_read (reader, read_back, n_journaled + 4, &n_read, &error));
  g_assert_cmpuint (n_read, ==, n_journaled + 4);
  for (guint i = 0; i < n_journaled + 4; i++)
    {
      gint64 expected = i < n_journaled ? first_ms + i : live_ms + (i - n_journaled);

      g_assert_cmpint (read_back[i].ts_ms, ==, expected);
      g_assert_cmpint (read_back[i].volume, ==, 1000 + 65 * (gint64) i);
    }

  g_assert_cmpuint (events.problems->len, ==, 0);
  g_assert_cmpuint (events.n_restored, ==, 1);
  finish (recorder, &events);
}

/* A damaged record in the middle: what comes before it is restored (also the part of its read
 * batch before it), and the user is told part of the day is missing. */
static void
test_restore_damaged (void)
{
  const guint n_journaled = 5000;
  const guint damaged = 4500;      /* in the second read batch */
  Events events;
  FlowFootprintRecorder *recorder = recorder_new (&events);
  gint64 first_ms = today_at (3600 * 1000);
  g_autofree char *path = flow_journal_default_path ("NIFTY", first_ms);
  g_autofree char *contents = NULL;
  gsize length;
  gsize at = FLOW_JOURNAL_HEADER_SIZE + damaged * FLOW_JOURNAL_RECORD_SIZE + 24;

  write_journal (path, "NIFTY", first_ms, n_journaled);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  contents[at] ^= 0x10;
  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));

  g_test_expect_message (RECORDER_DOMAIN, G_LOG_LEVEL_WARNING, "journal *is damaged*");
  flow_footprint_recorder_reset (recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_RESTORE);
  wait_restored (&events, 1);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (events.last_restored, ==, damaged);
  g_assert_cmpuint (n_held (recorder), ==, damaged);
  g_assert_cmpint (flow_footprint_get_last_time_ms (flow_footprint_recorder_get_footprint (recorder)),
                   ==, first_ms + damaged - 1);
  g_assert_cmpuint (events.problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (events.problems, 0), ==, DAMAGED_PROBLEM);
  finish (recorder, &events);
}

/* No journal yet is the normal start of a day: silent. One that is not a journal is said. */
static void
test_restore_missing_or_unreadable (void)
{
  Events events;
  FlowFootprintRecorder *recorder = recorder_new (&events);
  g_autofree char *path = flow_journal_default_path ("NIFTY", g_get_real_time () / 1000);
  g_autofree char *directory = g_path_get_dirname (path);

  flow_footprint_recorder_reset (recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_RESTORE);
  wait_restored (&events, 1);
  g_assert_cmpuint (events.last_restored, ==, 0);
  g_assert_cmpuint (events.problems->len, ==, 0);
  g_assert_false (flow_footprint_recorder_get_restoring (recorder));

  g_assert_cmpint (g_mkdir_with_parents (directory, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "not a journal, but long enough to have a header "
                                      "of sixty-four bytes", -1, NULL));
  flow_footprint_recorder_reset (recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_RESTORE);
  wait_restored (&events, 2);
  g_assert_cmpuint (events.last_restored, ==, 0);
  g_assert_cmpuint (n_held (recorder), ==, 0);
  g_assert_cmpuint (events.problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (events.problems, 0), ==, RESTORE_PROBLEM);
  finish (recorder, &events);
}

/* orderflow-cli record holds the day's journal: the chart still aggregates, nobody is bothered,
 * and the recorder does not retry until the next IST day. */
static void
test_busy_journal (void)
{
  Events events;
  FlowFootprintRecorder *recorder = recorder_new (&events);
  g_autofree char *day1 = flow_journal_default_path ("NIFTY", LAST_SECOND_MS);
  g_autofree char *day2 = flow_journal_default_path ("NIFTY", LAST_SECOND_MS + 1000);
  g_autoptr(FlowJournalWriter) other = NULL;
  g_autoptr(GError) error = NULL;
  FlowSnapshot s = make_snapshot (LAST_SECOND_MS, 0);

  other = flow_journal_writer_open (day1, "NIFTY", &error);
  g_assert_no_error (error);

  /* A caller that takes the error reports it itself: nothing is logged. */
  flow_footprint_recorder_reset (recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_JOURNAL);
  g_assert_false (flow_footprint_recorder_add (recorder, &s, &error));
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_BUSY);
  g_clear_error (&error);
  g_assert_cmpuint (n_held (recorder), ==, 1);
  g_assert_null (flow_footprint_recorder_get_journal_file (recorder));

  /* The rest of the day goes to the chart only, without asking again. */
  s = make_snapshot (LAST_SECOND_MS + 1, 1);
  g_assert_true (flow_footprint_recorder_add (recorder, &s, NULL));
  g_assert_cmpuint (n_held (recorder), ==, 2);
  g_assert_null (flow_footprint_recorder_get_journal_file (recorder));

  /* A caller that does not take it: a message in the log, still no problem for the user. */
  flow_footprint_recorder_reset (recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_JOURNAL);
  g_test_expect_message (RECORDER_DOMAIN, G_LOG_LEVEL_MESSAGE, "not journaling to *");
  g_assert_false (flow_footprint_recorder_add (recorder, &s, NULL));
  g_test_assert_expected_messages ();
  g_assert_cmpuint (n_held (recorder), ==, 1);
  g_assert_cmpuint (events.problems->len, ==, 0);

  /* The next day's journal is free. */
  s = make_snapshot (LAST_SECOND_MS + 1000, 2);
  g_assert_true (flow_footprint_recorder_add (recorder, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (flow_footprint_recorder_get_journal_file (recorder), ==, day2);
  g_assert_true (flow_footprint_recorder_close (recorder, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (records_in (day2), ==, 1);
  g_assert_true (flow_journal_writer_close (other, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (records_in (day1), ==, 0);

  /* A journal that cannot be opened at all is the user's business. */
  flow_footprint_recorder_set_journal_path (recorder, g_get_user_data_dir ());
  flow_footprint_recorder_reset (recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_JOURNAL);
  g_assert_false (flow_footprint_recorder_add (recorder, &s, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (n_held (recorder), ==, 1);
  g_assert_cmpuint (events.problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (events.problems, 0), ==, OPEN_PROBLEM);
  finish (recorder, &events);
}

/* A full disk (a file size limit here, which fails write() with EFBIG the same way): the user
 * is told once, the chart keeps every snapshot, close() keeps what reached the file and
 * discard() removes a file the run made. */
static void
test_write_failure (void)
{
  const guint n_snapshots = 1500;   /* more than the writer buffers before writing */
  Events events;
  FlowFootprintRecorder *recorder = recorder_new (&events);
  g_autofree char *kept = g_build_filename (g_get_user_data_dir (), "kept.journal", NULL);
  g_autofree char *dropped = g_build_filename (g_get_user_data_dir (), "dropped.journal", NULL);
  struct rlimit saved, limit;
  void (*saved_handler) (int);
  guint n_failed = 0;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limit = saved;
  limit.rlim_cur = FLOW_JOURNAL_HEADER_SIZE + 100 * FLOW_JOURNAL_RECORD_SIZE;
  saved_handler = signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);

  flow_footprint_recorder_set_journal_path (recorder, kept);
  flow_footprint_recorder_reset (recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_JOURNAL);
  g_test_expect_message (RECORDER_DOMAIN, G_LOG_LEVEL_WARNING, "journal *kept.journal*");
  for (guint i = 0; i < n_snapshots; i++)
    {
      FlowSnapshot s = make_snapshot (LAST_SECOND_MS - 10000 + i, i);

      n_failed += !flow_footprint_recorder_add (recorder, &s, NULL);
    }
  g_test_assert_expected_messages ();
  g_assert_cmpuint (n_failed, ==, 1);
  g_assert_cmpuint (n_held (recorder), ==, n_snapshots);
  g_assert_cmpuint (events.problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (events.problems, 0), ==, WRITE_PROBLEM);
  g_assert_null (flow_footprint_recorder_get_journal_file (recorder));
  g_assert_true (flow_footprint_recorder_close (recorder, NULL));
  g_assert_cmpuint (records_in (kept), ==, 100);

  flow_footprint_recorder_set_journal_path (recorder, dropped);
  flow_footprint_recorder_reset (recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_JOURNAL);
  for (guint i = 0; i < n_snapshots; i++)
    {
      FlowSnapshot s = make_snapshot (LAST_SECOND_MS - 10000 + i, i);
      g_autoptr(GError) error = NULL;

      if (!flow_footprint_recorder_add (recorder, &s, &error))
        {
          g_assert_nonnull (strstr (error->message, "too large"));
          break;
        }
    }
  flow_footprint_recorder_discard (recorder);
  g_assert_false (g_file_test (dropped, G_FILE_TEST_EXISTS));

  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, saved_handler);
  g_assert_cmpuint (events.problems->len, ==, 2);
  finish (recorder, &events);
}

typedef struct
{
  guint  n_days;
  guint  held[4];
  gint64 day_start[4];
} Days;

static void
on_day_done (FlowFootprint *footprint,
             gpointer       user_data)
{
  Days *days = user_data;

  g_assert_cmpuint (days->n_days, <, G_N_ELEMENTS (days->held));
  days->held[days->n_days] = flow_footprint_get_n_snapshots (footprint);
  g_assert_true (flow_footprint_get_day_start_ms (footprint, &days->day_start[days->n_days]));
  days->n_days++;
}

/* A --journal recording left running over midnight: each day comes out whole, on its own,
 * also when midnight falls inside a read batch. The torn tail of a killed run is reported. */
static void
test_replay_file_splits_days (void)
{
  const guint n_day1 = 4100;
  const guint n_day2 = 10;
  Events events;
  FlowFootprintRecorder *recorder = recorder_new (&events);
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "two-days.journal", NULL);
  gint64 day1_start = flow_ist_day_start_ms (LAST_SECOND_MS);
  g_autoptr(FlowJournalWriter) writer = NULL;
  g_autoptr(GError) error = NULL;
  FILE *file;
  Days days = { 0 };
  guint64 torn = 99;

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  writer = flow_journal_writer_open (path, "NIFTY", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_day1 + n_day2; i++)
    {
      gint64 ts = i < n_day1 ? LAST_SECOND_MS - (gint64) (n_day1 - i) : LAST_SECOND_MS + 1000 + i;
      FlowSnapshot s = make_snapshot (ts, i);

      g_assert_true (flow_journal_writer_append (writer, &s, &error));
    }
  g_assert_true (flow_journal_writer_close (writer, &error));
  g_assert_no_error (error);
  file = fopen (path, "ab");
  g_assert_nonnull (file);
  g_assert_cmpuint (fwrite ("torn", 1, 4, file), ==, 4);
  g_assert_cmpint (fclose (file), ==, 0);

  g_assert_true (flow_footprint_recorder_replay_file (recorder, path, on_day_done, &days, &torn,
                                                      &error));
  g_assert_no_error (error);
  g_assert_cmpuint (torn, ==, 4);
  g_assert_cmpuint (days.n_days, ==, 2);
  g_assert_cmpuint (days.held[0], ==, n_day1);
  g_assert_cmpint (days.day_start[0], ==, day1_start);
  g_assert_cmpuint (days.held[1], ==, n_day2);
  g_assert_cmpint (days.day_start[1], ==, day1_start + FLOW_DAY_MS);
  /* Replaying is reading: nothing was journaled or counted. */
  g_assert_cmpuint (flow_footprint_recorder_get_n_recorded (recorder), ==, 0);
  g_assert_null (flow_footprint_recorder_get_journal_file (recorder));

  g_remove (path);
  g_assert_false (flow_footprint_recorder_replay_file (recorder, path, on_day_done, &days, NULL,
                                                       &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_cmpuint (days.n_days, ==, 2);
  finish (recorder, &events);
}

/* Switching instrument while the first one's journal is still being read: only the second
 * one's day is shown, and what was queued for the first is forgotten with it. */
static void
test_reset_during_restore (void)
{
  Events events;
  FlowFootprintRecorder *recorder = recorder_new (&events);
  gint64 first_ms = today_at (3600 * 1000);
  g_autofree char *nifty = flow_journal_default_path ("NIFTY", first_ms);
  g_autofree char *bank = flow_journal_default_path ("BANKNIFTY", first_ms);
  FlowSnapshot live = make_snapshot (today_at (2 * 3600 * 1000), 0);

  write_journal (nifty, "NIFTY", first_ms, 3000);
  write_journal (bank, "BANKNIFTY", first_ms, 7);

  flow_footprint_recorder_reset (recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_RESTORE);
  g_assert_true (flow_footprint_recorder_add (recorder, &live, NULL));
  flow_footprint_recorder_reset (recorder, "BANKNIFTY", FLOW_FOOTPRINT_RECORDER_RESTORE);
  g_assert_true (flow_footprint_recorder_get_restoring (recorder));
  g_assert_cmpuint (events.n_restoring_notifies, ==, 1);
  g_assert_cmpstr (flow_footprint_recorder_get_instrument (recorder), ==, "BANKNIFTY");
  g_assert_cmpuint (flow_footprint_recorder_get_n_recorded (recorder), ==, 0);

  wait_restored (&events, 1);
  g_assert_cmpuint (events.last_restored, ==, 7);
  g_assert_cmpuint (events.held_at_restored, ==, 7);

  /* A reset without RESTORE during one: no restore any more, and no ::restored. */
  flow_footprint_recorder_reset (recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_RESTORE);
  flow_footprint_recorder_reset (recorder, "NIFTY", FLOW_FOOTPRINT_RECORDER_AGGREGATE_ONLY);
  g_assert_false (flow_footprint_recorder_get_restoring (recorder));
  g_assert_cmpuint (events.n_restoring_notifies, ==, 4);

  /* Once every dropped restore has come back, the model still holds nothing of theirs. */
  while (G_OBJECT (recorder)->ref_count > 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (events.n_restored, ==, 1);
  g_assert_cmpuint (n_held (recorder), ==, 0);
  g_assert_cmpuint (events.problems->len, ==, 0);
  finish (recorder, &events);
}

int
main (int    argc,
      char **argv)
{
  /* Isolated XDG directories: each test gets its own empty $XDG_DATA_HOME, set before anything
   * reads it, so the default journals land there. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/footprint-recorder/day-rotation", test_day_rotation);
  g_test_add_func ("/footprint-recorder/restore-then-live", test_restore_then_live);
  g_test_add_func ("/footprint-recorder/restore-damaged", test_restore_damaged);
  g_test_add_func ("/footprint-recorder/restore-missing-or-unreadable",
                   test_restore_missing_or_unreadable);
  g_test_add_func ("/footprint-recorder/busy-journal", test_busy_journal);
  g_test_add_func ("/footprint-recorder/write-failure", test_write_failure);
  g_test_add_func ("/footprint-recorder/replay-file-splits-days", test_replay_file_splits_days);
  g_test_add_func ("/footprint-recorder/reset-during-restore", test_reset_during_restore);

  return g_test_run ();
}

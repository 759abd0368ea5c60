/* test-journal.c: the footprint journal's format, torn tails and errors
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "flow-ist.h"
#include "flow-journal-reader.h"
#include "flow-journal-writer.h"
#include "flow-test-loop.h"

/* 2026-11-20 09:15:00 IST */
#define OPEN_MS G_GINT64_CONSTANT (1795146300000)

static FlowSnapshot
make_snapshot (guint i)
{
  FlowSnapshot s = { 0 };

  s.ts_ms = OPEN_MS + 250 * (gint64) i;
  s.ltp = 2450000 + 5 * (gint64) (i % 17) - 40;
  s.ltq = 65 * (gint64) (1 + i % 5);
  s.volume = 1000 + 65 * (gint64) i;
  s.bid = i % 7 == 0 ? 0 : s.ltp - 5;
  s.ask = i % 7 == 0 ? 0 : s.ltp + 5;
  s.oi = 12000000 + (gint64) i;
  s.resync = i % 100 == 0;
  /* Not journaled: must come back as 0. */
  s.open = 2440000;
  s.total_buy_qty = 99;
  return s;
}

static void
assert_journaled_equal (const FlowSnapshot *expected,
                        const FlowSnapshot *got)
{
  g_assert_cmpint (got->ts_ms, ==, expected->ts_ms);
  g_assert_cmpint (got->ltp, ==, expected->ltp);
  g_assert_cmpint (got->ltq, ==, expected->ltq);
  g_assert_cmpint (got->volume, ==, expected->volume);
  g_assert_cmpint (got->bid, ==, expected->bid);
  g_assert_cmpint (got->ask, ==, expected->ask);
  g_assert_cmpint (got->oi, ==, expected->oi);
  g_assert_cmpint (got->resync, ==, expected->resync);
  g_assert_cmpint (got->open, ==, 0);
  g_assert_cmpint (got->total_buy_qty, ==, 0);
}

static char *
journal_path (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), "orderflow", name, NULL);
}

static void
write_journal (const char *path,
               guint       first,
               guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalWriter) writer = flow_journal_writer_open (path, "NIFTY", &error);

  g_assert_no_error (error);
  for (guint i = first; i < first + n; i++)
    {
      FlowSnapshot s = make_snapshot (i);

      g_assert_true (flow_journal_writer_append (writer, &s, &error));
      g_assert_no_error (error);
    }
  g_assert_true (flow_journal_writer_close (writer, &error));
  g_assert_no_error (error);
}

/* Reads the whole journal, checking it holds make_snapshot (0 … n − 1). */
static void
assert_journal_holds (const char *path,
                      guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalReader) reader = flow_journal_reader_open (path, &error);
  FlowSnapshot batch[100];
  guint seen = 0;
  gsize n_read;

  g_assert_no_error (error);
  g_assert_cmpstr (flow_journal_reader_get_instrument (reader), ==, "NIFTY");
  g_assert_cmpuint (flow_journal_reader_get_n_records (reader), ==, n);
  while (flow_journal_reader_read (reader, batch, G_N_ELEMENTS (batch), &n_read, &error) &&
         n_read > 0)
    for (gsize i = 0; i < n_read; i++, seen++)
      {
        FlowSnapshot expected = make_snapshot (seen);

        assert_journaled_equal (&expected, &batch[i]);
      }
  g_assert_no_error (error);
  g_assert_cmpuint (seen, ==, n);
}

static gsize
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return (gsize) st.st_size;
}

static void
patch_file (const char   *path,
            gsize         offset,
            const guint8 *bytes,
            gsize         length)
{
  g_autofree char *contents = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  if (offset + length > size)
    {
      contents = g_realloc (contents, offset + length);
      size = offset + length;
    }
  memcpy (contents + offset, bytes, length);
  g_assert_true (g_file_set_contents (path, contents, (gssize) size, NULL));
}

static void
test_round_trip (void)
{
  g_autofree char *path = journal_path ("round-trip.journal");

  write_journal (path, 0, 2500);
  g_assert_cmpuint (file_size (path), ==, FLOW_JOURNAL_HEADER_SIZE + 2500 * FLOW_JOURNAL_RECORD_SIZE);
  assert_journal_holds (path, 2500);

  /* A second writer appends after the first one's records. */
  write_journal (path, 2500, 10);
  assert_journal_holds (path, 2510);
}

static void
test_default_path (void)
{
  g_autofree char *path = flow_journal_default_path ("NIFTY", OPEN_MS);
  g_autofree char *odd = flow_journal_default_path ("../NIFTY FUT", OPEN_MS);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "orderflow",
                                                "footprint-NIFTY-2026-11-20.journal", NULL);
  g_autofree char *expected_odd = g_build_filename (g_get_user_data_dir (), "orderflow",
                                                    "footprint-___NIFTY_FUT-2026-11-20.journal",
                                                    NULL);

  g_assert_cmpstr (path, ==, expected);
  g_assert_cmpstr (odd, ==, expected_odd);

  /* The writer makes the directory. */
  write_journal (path, 0, 1);
  assert_journal_holds (path, 1);
}

/* A record cut anywhere is a torn tail: readers skip it, a writer cuts it off. */
static void
test_torn_tail (void)
{
  g_autofree char *path = journal_path ("torn.journal");
  gsize whole = FLOW_JOURNAL_HEADER_SIZE + 20 * FLOW_JOURNAL_RECORD_SIZE;
  g_autofree char *pristine = NULL;
  gsize pristine_size;

  write_journal (path, 0, 20);
  g_assert_true (g_file_get_contents (path, &pristine, &pristine_size, NULL));

  for (gsize cut = whole - FLOW_JOURNAL_RECORD_SIZE; cut < whole; cut++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FlowJournalReader) reader = NULL;
      g_autoptr(FlowJournalWriter) writer = NULL;
      FlowSnapshot s = make_snapshot (19);

      g_assert_true (g_file_set_contents (path, pristine, (gssize) cut, NULL));
      reader = flow_journal_reader_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (flow_journal_reader_get_n_records (reader), ==, 19);
      g_assert_cmpuint (flow_journal_reader_get_torn_bytes (reader), ==,
                        cut - (whole - FLOW_JOURNAL_RECORD_SIZE));
      assert_journal_holds (path, 19);

      writer = flow_journal_writer_open (path, "NIFTY", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (file_size (path), ==, whole - FLOW_JOURNAL_RECORD_SIZE);
      g_assert_cmpuint (flow_journal_writer_get_n_records (writer), ==, 19);
      g_assert_true (flow_journal_writer_append (writer, &s, &error));
      g_assert_true (flow_journal_writer_close (writer, &error));
      g_assert_no_error (error);
      assert_journal_holds (path, 20);
    }
}

/* Zeros where the last records should be (a power cut after the size was updated). */
static void
test_zero_filled_tail (void)
{
  g_autofree char *path = journal_path ("zeros.journal");
  guint8 zeros[3 * FLOW_JOURNAL_RECORD_SIZE] = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalReader) reader = NULL;

  write_journal (path, 0, 5);
  patch_file (path, FLOW_JOURNAL_HEADER_SIZE + 3 * FLOW_JOURNAL_RECORD_SIZE, zeros, sizeof zeros);
  reader = flow_journal_reader_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flow_journal_reader_get_n_records (reader), ==, 3);
  g_assert_cmpuint (flow_journal_reader_get_torn_bytes (reader), ==, sizeof zeros);
}

/* A bad checksum at the end is a tear; before good records it is damage, and an error. */
static void
test_corrupted_checksum (void)
{
  g_autofree char *path = journal_path ("corrupt.journal");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalReader) reader = NULL;
  g_autoptr(FlowJournalWriter) writer = NULL;
  FlowSnapshot batch[64];
  guint8 flipped;
  gsize n_read = 99;
  gsize last = FLOW_JOURNAL_HEADER_SIZE + 9 * FLOW_JOURNAL_RECORD_SIZE;
  gsize middle = FLOW_JOURNAL_HEADER_SIZE + 4 * FLOW_JOURNAL_RECORD_SIZE;
  g_autofree char *contents = NULL;

  write_journal (path, 0, 10);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

  /* One bit of the last record's volume. */
  flipped = (guint8) contents[last + 8] ^ 0x01;
  patch_file (path, last + 8, &flipped, 1);
  reader = flow_journal_reader_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flow_journal_reader_get_n_records (reader), ==, 9);
  g_clear_pointer (&reader, flow_journal_reader_free);

  /* One bit of a middle record's price, the rest intact. */
  patch_file (path, last + 8, (const guint8 *) contents + last + 8, 1);
  flipped = (guint8) contents[middle + 24] ^ 0x10;
  patch_file (path, middle + 24, &flipped, 1);
  reader = flow_journal_reader_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flow_journal_reader_get_n_records (reader), ==, 10);
  g_assert_false (flow_journal_reader_read (reader, batch, G_N_ELEMENTS (batch), &n_read, &error));
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "record 5"));
  g_assert_cmpuint (n_read, ==, 0);
  g_clear_error (&error);

  /* A writer appends after it (its damage is for readers to report, not to erase). */
  writer = flow_journal_writer_open (path, "NIFTY", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (flow_journal_writer_get_n_records (writer), ==, 10);
}

static void
write_header (const char *path,
              guint32     version)
{
  guint8 header[FLOW_JOURNAL_HEADER_SIZE];
  guint32 le;

  flow_journal_encode_header (header, "NIFTY");
  le = GUINT32_TO_LE (version);
  memcpy (header + 8, &le, 4);
  le = GUINT32_TO_LE (flow_journal_checksum (header, 60));
  memcpy (header + 60, &le, 4);
  g_assert_true (g_file_set_contents (path, (const char *) header, sizeof header, NULL));
}

static void
test_unknown_version (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "orderflow", NULL);
  g_autofree char *path = journal_path ("version.journal");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalReader) reader = NULL;
  g_autoptr(FlowJournalWriter) writer = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  write_header (path, FLOW_JOURNAL_VERSION + 1);
  reader = flow_journal_reader_open (path, &error);
  g_assert_null (reader);
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_VERSION);
  g_assert_nonnull (strstr (error->message, "newer"));
  g_clear_error (&error);

  /* Nor may a writer append to it. */
  writer = flow_journal_writer_open (path, "NIFTY", &error);
  g_assert_null (writer);
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_VERSION);
  g_clear_error (&error);
  g_assert_cmpuint (file_size (path), ==, FLOW_JOURNAL_HEADER_SIZE);

  write_header (path, 0);
  reader = flow_journal_reader_open (path, &error);
  g_assert_null (reader);
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_VERSION);
}

/* A header whose checksum holds but whose instrument name is not UTF-8 (found by fuzzing):
 * damaged, never handed to the UI; nor does a writer take such a name. */
static void
test_instrument_not_text (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "orderflow", NULL);
  g_autofree char *path = journal_path ("not-text.journal");
  g_autofree char *fresh = journal_path ("fresh.journal");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalReader) reader = NULL;
  g_autoptr(FlowJournalWriter) writer = NULL;
  guint8 header[FLOW_JOURNAL_HEADER_SIZE];
  guint32 le;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  flow_journal_encode_header (header, "NIFTY");
  header[24] = 0xb2;
  le = GUINT32_TO_LE (flow_journal_checksum (header, 60));
  memcpy (header + 60, &le, 4);
  g_assert_true (g_file_set_contents (path, (const char *) header, sizeof header, NULL));
  reader = flow_journal_reader_open (path, &error);
  g_assert_null (reader);
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "not text"));
  g_clear_error (&error);

  writer = flow_journal_writer_open (fresh, "\xb2IFTY", &error);
  g_assert_null (writer);
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_RANGE);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
}

static void
test_not_a_journal (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "orderflow", NULL);
  g_autofree char *path = journal_path ("text.journal");
  g_autofree char *missing = journal_path ("missing.journal");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalReader) reader = NULL;
  g_autofree char *text = g_strnfill (200, 'x');
  guint8 flipped;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  reader = flow_journal_reader_open (path, &error);
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_NOT_JOURNAL);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (path, "OFJ", -1, NULL));
  reader = flow_journal_reader_open (path, &error);
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_NOT_JOURNAL);
  g_clear_error (&error);

  reader = flow_journal_reader_open (missing, &error);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  /* A damaged header is not a torn tail: nothing can be trusted. */
  g_unlink (path);
  write_journal (path, 0, 3);
  flipped = 'X';
  patch_file (path, 24, &flipped, 1);
  reader = flow_journal_reader_open (path, &error);
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_CORRUPT);
}

static void
test_writer_refusals (void)
{
  g_autofree char *path = journal_path ("refusals.journal");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalWriter) writer = NULL;
  g_autoptr(FlowJournalWriter) second = NULL;
  FlowSnapshot s = make_snapshot (0);

  writer = flow_journal_writer_open (path, "NIFTY", &error);
  g_assert_no_error (error);

  /* One writer at a time. */
  second = flow_journal_writer_open (path, "NIFTY", &error);
  g_assert_null (second);
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_BUSY);
  g_clear_error (&error);

  /* A price the format cannot hold is refused; the writer carries on. */
  s.ltp = (gint64) G_MAXINT32 + 1;
  g_assert_false (flow_journal_writer_append (writer, &s, &error));
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_RANGE);
  g_clear_error (&error);
  s = make_snapshot (0);
  g_assert_true (flow_journal_writer_append (writer, &s, &error));
  g_assert_true (flow_journal_writer_close (writer, &error));
  g_assert_no_error (error);
  g_assert_false (flow_journal_writer_append (writer, &s, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_BADF);
  g_clear_error (&error);

  /* Another instrument's journal. */
  second = flow_journal_writer_open (path, "BANKNIFTY", &error);
  g_assert_null (second);
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_INSTRUMENT);
  g_clear_error (&error);
  second = flow_journal_writer_open (path, "AN-INSTRUMENT-NAME-TOO-LONG-FOR-IT", &error);
  g_assert_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_RANGE);
  assert_journal_holds (path, 1);
}

/* A failed run leaves things as they were. */
static void
test_discard (void)
{
  g_autofree char *path = journal_path ("discard.journal");
  g_autoptr(GError) error = NULL;
  FlowJournalWriter *writer;
  FlowSnapshot s = make_snapshot (7);

  writer = flow_journal_writer_open (path, "NIFTY", &error);
  g_assert_no_error (error);
  g_assert_true (flow_journal_writer_append (writer, &s, &error));
  g_assert_true (flow_journal_writer_flush (writer, &error));
  flow_journal_writer_discard (writer);
  flow_journal_writer_free (writer);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  write_journal (path, 0, 4);
  writer = flow_journal_writer_open (path, "NIFTY", &error);
  for (guint i = 0; i < 3000; i++)
    g_assert_true (flow_journal_writer_append (writer, &s, &error));
  g_assert_cmpuint (flow_journal_writer_get_n_records (writer), ==, 3004);
  flow_journal_writer_discard (writer);
  g_assert_cmpuint (flow_journal_writer_get_n_records (writer), ==, 4);
  flow_journal_writer_free (writer);
  assert_journal_holds (path, 4);
}

/* Buffered records reach the file without a flush within the promised second. */
static void
test_flushed_within_a_second (void)
{
  g_autofree char *path = journal_path ("timer.journal");
  g_autoptr(GError) error = NULL;
  g_autoptr(FlowJournalWriter) writer = flow_journal_writer_open (path, "NIFTY", &error);
  FlowSnapshot s = make_snapshot (0);

  g_assert_no_error (error);
  g_assert_true (flow_journal_writer_append (writer, &s, &error));
  g_assert_cmpuint (file_size (path), ==, FLOW_JOURNAL_HEADER_SIZE);
  flow_test_wait_ms (900);
  g_assert_cmpuint (file_size (path), ==, FLOW_JOURNAL_HEADER_SIZE + FLOW_JOURNAL_RECORD_SIZE);
  assert_journal_holds (path, 1);
}

int
main (int    argc,
      char **argv)
{
  /* Isolated XDG directories: each test gets its own empty $XDG_DATA_HOME. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/journal/round-trip", test_round_trip);
  g_test_add_func ("/journal/default-path", test_default_path);
  g_test_add_func ("/journal/torn-tail", test_torn_tail);
  g_test_add_func ("/journal/zero-filled-tail", test_zero_filled_tail);
  g_test_add_func ("/journal/corrupted-checksum", test_corrupted_checksum);
  g_test_add_func ("/journal/unknown-version", test_unknown_version);
  g_test_add_func ("/journal/not-a-journal", test_not_a_journal);
  g_test_add_func ("/journal/instrument-not-text", test_instrument_not_text);
  g_test_add_func ("/journal/writer-refusals", test_writer_refusals);
  g_test_add_func ("/journal/discard", test_discard);
  g_test_add_func ("/journal/flushed-within-a-second", test_flushed_within_a_second);

  return g_test_run ();
}

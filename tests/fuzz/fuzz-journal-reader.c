/* fuzz-journal-reader.c: a footprint journal file, whatever a crash or a disk left in it
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"
#include "flow-journal-reader.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *path;
  FlowJournalReader *reader;
  FlowSnapshot snapshots[64];
  GError *error = NULL;
  guint64 total = 0;
  gsize n_read = 0;

  fuzz_init ();
  if (path == NULL)
    path = g_build_filename (fuzz_scratch (), "fuzz.journal", NULL);
  fuzz_write_file (path, data, size);

  reader = flow_journal_reader_open (path, &error);
  if (reader == NULL)
    {
      g_assert_nonnull (error);
      g_error_free (error);
      return 0;
    }
  g_assert_null (error);
  g_assert_nonnull (flow_journal_reader_get_instrument (reader));
  g_assert_true (g_utf8_validate (flow_journal_reader_get_instrument (reader), -1, NULL));
  g_assert_cmpuint (flow_journal_reader_get_torn_bytes (reader), <=, size);

  while (flow_journal_reader_read (reader, snapshots, G_N_ELEMENTS (snapshots), &n_read, &error) &&
         n_read > 0)
    {
      g_assert_cmpuint (n_read, <=, G_N_ELEMENTS (snapshots));
      total += n_read;
    }
  if (error != NULL)
    {
      g_assert_true (error->domain == FLOW_JOURNAL_ERROR);
      g_error_free (error);
      g_assert_cmpuint (total, <=, flow_journal_reader_get_n_records (reader));
    }
  else
    {
      g_assert_cmpuint (total, ==, flow_journal_reader_get_n_records (reader));
    }
  flow_journal_reader_free (reader);
  return 0;
}

/* fuzz-oi-journal.c: the OI journal (oi-<UNDERLYING>-<date>.tsv) read back at start-up
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-common.h"
#include "flow-oi-journal.h"

/* 2026-11-20 10:00 IST. */
#define NOW_MS G_GINT64_CONSTANT (1795149000000)

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static FlowOiJournal *journal;
  static char *path;
  FlowOiTracker *tracker;
  GError *error = NULL;
  guint n_loaded = 0, n_skipped = 0;
  guint n_lines = 0;

  fuzz_init ();
  if (journal == NULL)
    {
      journal = flow_oi_journal_new (fuzz_scratch (), "NIFTY");
      path = flow_oi_journal_get_path (journal, NOW_MS);
    }
  fuzz_write_file (path, data, size);

  tracker = flow_oi_tracker_new ();
  if (flow_oi_journal_load (journal, tracker, NOW_MS, &n_loaded, &n_skipped, &error))
    {
      /* A line counts only with its LF, as one entry or one skip at most. */
      for (size_t i = 0; i < size; i++)
        n_lines += data[i] == '\n';
      g_assert_null (error);
      g_assert_cmpuint (n_loaded + n_skipped, <=, n_lines);
      g_assert_cmpuint (flow_oi_tracker_get_n_contracts (tracker), <=, n_loaded);
    }
  else
    {
      g_assert_nonnull (error);
      g_error_free (error);
    }
  g_object_unref (tracker);
  return 0;
}

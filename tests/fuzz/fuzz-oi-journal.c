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
      g_assert_null (error);
      /* Every line ends in its LF, so at most one entry or skip per LF. */
      g_assert_cmpuint (n_loaded + n_skipped, <=, size / 2 + 1);
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

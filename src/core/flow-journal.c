/* flow-journal.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-journal"

#include "flow-journal.h"

#include <string.h>

#include "flow-ist.h"

static const char magic[8] = { 'O', 'F', 'J', 'O', 'U', 'R', 'N', 'L' };

#define RESYNC_FLAG 1u

G_DEFINE_QUARK (flow-journal-error-quark, flow_journal_error)

char *
flow_journal_default_path (const char *instrument,
                           gint64      ts_ms)
{
  g_autofree char *date = flow_ist_format_date (ts_ms);
  g_autofree char *safe = g_strdup (instrument);
  g_autofree char *name = NULL;

  /* The instrument comes from the user or a broker: keep it from naming another directory. */
  g_strcanon (safe, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", '_');
  name = g_strdup_printf ("footprint-%s-%s.journal", safe, date);
  return g_build_filename (g_get_user_data_dir (), "orderflow", name, NULL);
}

static inline guint64
read_u64 (const guint8 *data)
{
  guint64 value;

  memcpy (&value, data, sizeof value);
  return GUINT64_FROM_LE (value);
}

static inline guint32
read_u32 (const guint8 *data)
{
  guint32 value;

  memcpy (&value, data, sizeof value);
  return GUINT32_FROM_LE (value);
}

static inline void
write_u64 (guint8  *data,
           guint64  value)
{
  value = GUINT64_TO_LE (value);
  memcpy (data, &value, sizeof value);
}

static inline void
write_u32 (guint8  *data,
           guint32  value)
{
  value = GUINT32_TO_LE (value);
  memcpy (data, &value, sizeof value);
}

guint32
flow_journal_checksum (const guint8 *data,
                       gsize         length)
{
  guint64 hash = G_GUINT64_CONSTANT (0x6f72646572666c6f);   /* "orderflo" */
  gsize i = 0;

  g_return_val_if_fail (length % 4 == 0, 0);

  for (; i + 8 <= length; i += 8)
    {
      hash = (hash ^ read_u64 (data + i)) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
      hash ^= hash >> 29;
    }
  if (i < length)
    {
      hash = (hash ^ read_u32 (data + i)) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
      hash ^= hash >> 29;
    }
  hash *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  return (guint32) (hash ^ (hash >> 32));
}

void
flow_journal_encode_header (guint8      header[FLOW_JOURNAL_HEADER_SIZE],
                            const char *instrument)
{
  gsize length = strlen (instrument);

  g_return_if_fail (length <= FLOW_JOURNAL_INSTRUMENT_MAX);

  memset (header, 0, FLOW_JOURNAL_HEADER_SIZE);
  memcpy (header, magic, sizeof magic);
  write_u32 (header + 8, FLOW_JOURNAL_VERSION);
  write_u32 (header + 12, FLOW_JOURNAL_HEADER_SIZE);
  write_u32 (header + 16, FLOW_JOURNAL_RECORD_SIZE);
  memcpy (header + 24, instrument, length);
  write_u32 (header + 60, flow_journal_checksum (header, 60));
}

gboolean
flow_journal_decode_header (const guint8  header[FLOW_JOURNAL_HEADER_SIZE],
                            char          instrument[FLOW_JOURNAL_INSTRUMENT_MAX + 1],
                            GError      **error)
{
  guint32 version;

  if (memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_NOT_JOURNAL,
                   "not an Order Flow footprint journal");
      return FALSE;
    }
  version = read_u32 (header + 8);
  if (version > FLOW_JOURNAL_VERSION)
    {
      g_set_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_VERSION,
                   "journal format %u is newer than this program, which reads format %d: "
                   "update Order Flow to open it", version, FLOW_JOURNAL_VERSION);
      return FALSE;
    }
  if (version != FLOW_JOURNAL_VERSION)
    {
      g_set_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_VERSION,
                   "unknown journal format %u", version);
      return FALSE;
    }
  if (read_u32 (header + 60) != flow_journal_checksum (header, 60) ||
      read_u32 (header + 12) != FLOW_JOURNAL_HEADER_SIZE ||
      read_u32 (header + 16) != FLOW_JOURNAL_RECORD_SIZE ||
      header[24 + FLOW_JOURNAL_INSTRUMENT_MAX] != '\0')
    {
      g_set_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_CORRUPT,
                   "the journal header is damaged");
      return FALSE;
    }
  memcpy (instrument, header + 24, FLOW_JOURNAL_INSTRUMENT_MAX + 1);
  /* The name reaches labels, file names and CSV: a header whose checksum holds but whose name
   * is not text (found by fuzzing) is as damaged as one whose checksum fails. */
  if (instrument[0] == '\0' || !g_utf8_validate (instrument, -1, NULL))
    {
      g_set_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_CORRUPT,
                   "the journal header is damaged (its instrument name is not text)");
      return FALSE;
    }
  return TRUE;
}

static gboolean
fits_i32 (gint64 value)
{
  return value >= G_MININT32 && value <= G_MAXINT32;
}

gboolean
flow_journal_encode_record (guint8              record[FLOW_JOURNAL_RECORD_SIZE],
                            const FlowSnapshot *snapshot,
                            GError            **error)
{
  if (!fits_i32 (snapshot->ltp) || !fits_i32 (snapshot->ltq) ||
      !fits_i32 (snapshot->bid) || !fits_i32 (snapshot->ask))
    {
      g_set_error (error, FLOW_JOURNAL_ERROR, FLOW_JOURNAL_ERROR_RANGE,
                   "a price or quantity of the snapshot at %" G_GINT64_FORMAT
                   " ms does not fit the journal", snapshot->ts_ms);
      return FALSE;
    }

  write_u64 (record, (guint64) snapshot->ts_ms);
  write_u64 (record + 8, (guint64) snapshot->volume);
  write_u64 (record + 16, (guint64) snapshot->oi);
  write_u32 (record + 24, (guint32) snapshot->ltp);
  write_u32 (record + 28, (guint32) snapshot->ltq);
  write_u32 (record + 32, (guint32) snapshot->bid);
  write_u32 (record + 36, (guint32) snapshot->ask);
  write_u32 (record + 40, snapshot->resync ? RESYNC_FLAG : 0);
  write_u32 (record + 44, flow_journal_checksum (record, 44));
  return TRUE;
}

gboolean
flow_journal_decode_record (const guint8  record[FLOW_JOURNAL_RECORD_SIZE],
                            FlowSnapshot *snapshot)
{
  if (read_u32 (record + 44) != flow_journal_checksum (record, 44))
    return FALSE;

  memset (snapshot, 0, sizeof *snapshot);
  snapshot->ts_ms = (gint64) read_u64 (record);
  snapshot->volume = (gint64) read_u64 (record + 8);
  snapshot->oi = (gint64) read_u64 (record + 16);
  snapshot->ltp = (gint32) read_u32 (record + 24);
  snapshot->ltq = (gint32) read_u32 (record + 28);
  snapshot->bid = (gint32) read_u32 (record + 32);
  snapshot->ask = (gint32) read_u32 (record + 36);
  snapshot->resync = (read_u32 (record + 40) & RESYNC_FLAG) != 0;
  return TRUE;
}

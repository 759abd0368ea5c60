/* flow-journal.h: the footprint journal's file format, shared by its reader and writer
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "flow-snapshot.h"

G_BEGIN_DECLS

/* Every snapshot the footprint receives, append-only, one file per instrument and IST date:
 *
 *   $XDG_DATA_HOME/orderflow/footprint-<INSTRUMENT>-<YYYY-MM-DD>.journal
 *
 * Binary, little-endian, fixed-size so that a damaged record can be told from a torn tail and
 * a million snapshots load with one pass and no parsing.
 *
 * Header, 64 bytes:
 *
 *   offset size
 *        0    8  magic "OFJOURNL"
 *        8    4  format version, 1 (u32)
 *       12    4  header size, 64 (u32)
 *       16    4  record size, 48 (u32)
 *       20    4  reserved, 0
 *       24   32  instrument, UTF-8, NUL-padded (at most 31 bytes)
 *       56    4  reserved, 0
 *       60    4  checksum of bytes 0–59 (u32, see below)
 *
 * Records, 48 bytes each, from offset 64:
 *
 *        0    8  ts_ms (i64)
 *        8    8  volume (i64)
 *       16    8  oi (i64)
 *       24    4  ltp, paise (i32)
 *       28    4  ltq (i32)
 *       32    4  bid, paise (i32)
 *       36    4  ask, paise (i32)
 *       40    4  flags (u32): bit 0 resync; the other bits are 0
 *       44    4  checksum of bytes 0–43
 *
 * These are the fields the rules of footprint.md use, plus ltq and OI. Day open/high/low,
 * previous close, total buy/sell quantity and last-trade time are not kept: no rule reads them
 * and every live snapshot repeats them. Prices are 32-bit paise (up to ₹21,474,836.47).
 *
 * Checksum: a 64-bit multiply–xorshift over the little-endian 64-bit words (the last 4 bytes
 * as one zero-extended word), seeded so that an all-zero record does not pass, folded to 32
 * bits: six multiplies per record instead of a byte-wise CRC32's 44 table look-ups, which
 * matters when a day of a million records is checked on every start, and it catches torn,
 * zero-filled or garbled records just as well (only accidental damage is guarded against).
 *
 * Crash safety: a new file appears complete with its header (written to a temporary name,
 * synced, renamed). Records are buffered and written to the kernel at least every 500 ms, so
 * a process killed at any instant loses at most its last second; the OS may lose more on a
 * power cut, never what was synced on close. On open, a tail of bad records running to the end
 * of the file (a short last record, zeros, garbage) is a torn tail: readers ignore it and a
 * writer cuts it off before appending. A bad record followed by a good one is damage, not a
 * tear, and is an error rather than silently lost data. A version newer than this program's is
 * an error that says so. */

#define FLOW_JOURNAL_VERSION     1
#define FLOW_JOURNAL_HEADER_SIZE 64
#define FLOW_JOURNAL_RECORD_SIZE 48
#define FLOW_JOURNAL_INSTRUMENT_MAX 31

#define FLOW_JOURNAL_ERROR (flow_journal_error_quark ())

typedef enum
{
  FLOW_JOURNAL_ERROR_NOT_JOURNAL,   /* no header, or not ours */
  FLOW_JOURNAL_ERROR_VERSION,       /* a format this program does not know */
  FLOW_JOURNAL_ERROR_CORRUPT,       /* damaged header, or a bad record before good ones */
  FLOW_JOURNAL_ERROR_INSTRUMENT,    /* appending to another instrument's journal */
  FLOW_JOURNAL_ERROR_BUSY,          /* another process is writing it */
  FLOW_JOURNAL_ERROR_RANGE,         /* a value that the format cannot hold */
} FlowJournalError;

GQuark   flow_journal_error_quark   (void);

/* The default file for @instrument on the IST date of @ts_ms. */
char    *flow_journal_default_path  (const char         *instrument,
                                     gint64              ts_ms);

/* For the reader, the writer and tests that craft files. */
guint32  flow_journal_checksum      (const guint8       *data,
                                     gsize               length);
void     flow_journal_encode_header (guint8              header[FLOW_JOURNAL_HEADER_SIZE],
                                     const char         *instrument);
/* Checks magic, version and checksum; on success copies the instrument (NUL-terminated). */
gboolean flow_journal_decode_header (const guint8        header[FLOW_JOURNAL_HEADER_SIZE],
                                     char                instrument[FLOW_JOURNAL_INSTRUMENT_MAX + 1],
                                     GError            **error);
/* FALSE with FLOW_JOURNAL_ERROR_RANGE when a price or quantity does not fit the record. */
gboolean flow_journal_encode_record (guint8              record[FLOW_JOURNAL_RECORD_SIZE],
                                     const FlowSnapshot *snapshot,
                                     GError            **error);
/* FALSE when the checksum does not match. */
gboolean flow_journal_decode_record (const guint8        record[FLOW_JOURNAL_RECORD_SIZE],
                                     FlowSnapshot       *snapshot);

G_END_DECLS

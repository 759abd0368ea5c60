/* fuzz-upstox-instruments.c: Upstox's instruments file (streamed JSON, gzip-compressed or not)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

#include "fuzz-common.h"
#include "flow-upstox-instruments.h"

/* 2026-11-20 10:00 IST: the corpus's futures expire on either side of it. */
#define NOW_MS G_GINT64_CONSTANT (1795149000000)
/* Compressing bigger inputs as well would slow the fuzzer down for little more coverage. */
#define MAX_RECOMPRESSED (64 * 1024)

/* The future, or NULL with the error's code in @out_code: every failure must be one of ours. */
static FlowUpstoxInstrument *
find_future (const uint8_t *data,
             size_t         size,
             int           *out_code)
{
  GInputStream *stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  GError *error = NULL;
  FlowUpstoxInstrument *future;

  future = flow_upstox_instruments_find_future (stream, "NIFTY", NOW_MS, NULL, &error);
  if (future != NULL)
    {
      g_assert_null (error);
      g_assert_cmpstr (future->underlying, ==, "NIFTY");
      g_assert_nonnull (future->instrument_key);
      g_assert_cmpstr (future->instrument_key, !=, "");
      g_assert_nonnull (future->trading_symbol);
      g_assert_cmpint (future->tick_size, >, 0);
      g_assert_cmpint (future->lot_size, >, 0);
      g_assert_cmpint (flow_upstox_instrument_get_roll_ms (future), >, NOW_MS);
      *out_code = -1;
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == FLOW_UPSTOX_INSTRUMENTS_ERROR);
      g_assert_true (error->code == FLOW_UPSTOX_INSTRUMENTS_ERROR_MALFORMED ||
                     error->code == FLOW_UPSTOX_INSTRUMENTS_ERROR_NOT_FOUND);
      *out_code = error->code;
      g_error_free (error);
    }
  g_object_unref (stream);
  return future;
}

static GBytes *
gzip (const uint8_t *data,
      size_t         size)
{
  GOutputStream *memory = g_memory_output_stream_new_resizable ();
  GZlibCompressor *compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  GOutputStream *out = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  GBytes *bytes;

  g_assert_true (g_output_stream_write_all (out, data, size, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (out, NULL, NULL));
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  g_object_unref (out);
  g_object_unref (compressor);
  g_object_unref (memory);
  return bytes;
}

/* The same bytes compressed must give the same answer: the decompressor is only a way in. */
static void
check_future (const uint8_t *data,
              size_t         size)
{
  FlowUpstoxInstrument *plain, *compressed;
  GBytes *bytes;
  gsize length;
  const uint8_t *gz;
  int plain_code, compressed_code;

  plain = find_future (data, size, &plain_code);
  if (size <= MAX_RECOMPRESSED && !(size >= 2 && data[0] == 0x1f && data[1] == 0x8b))
    {
      bytes = gzip (data, size);
      gz = g_bytes_get_data (bytes, &length);
      compressed = find_future (gz, length, &compressed_code);
      g_assert_cmpint (plain_code, ==, compressed_code);
      if (plain != NULL)
        {
          FlowUpstoxInstrument *copy = flow_upstox_instrument_copy (compressed);

          g_assert_cmpstr (copy->instrument_key, ==, plain->instrument_key);
          g_assert_cmpstr (copy->trading_symbol, ==, plain->trading_symbol);
          g_assert_cmpstr (copy->underlying_key, ==, plain->underlying_key);
          g_assert_cmpint (copy->expiry_ms, ==, plain->expiry_ms);
          flow_upstox_instrument_free (copy);
        }
      flow_upstox_instrument_free (compressed);
      g_bytes_unref (bytes);
    }
  flow_upstox_instrument_free (plain);
}

static void
check_index_key (const uint8_t *data,
                 size_t         size)
{
  GInputStream *stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  GError *error = NULL;
  char *key = flow_upstox_instruments_find_index_key (stream, "NIFTY", NULL, &error);

  if (key != NULL)
    {
      g_assert_null (error);
      g_assert_cmpstr (key, !=, "");
      g_free (key);
    }
  else
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == FLOW_UPSTOX_INSTRUMENTS_ERROR);
      g_error_free (error);
    }
  g_object_unref (stream);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_init ();
  check_future (data, size);
  check_index_key (data, size);
  return 0;
}

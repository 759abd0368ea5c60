/* fuzz-scrip-master.c: Angel One's scrip master (streamed JSON) and its expiry dates
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <gio/gio.h>

#include "fuzz-common.h"
#include "flow-ist.h"
#include "flow-smartapi-scrip-master.h"

/* 2026-11-20 10:00 IST: the corpus's futures expire on either side of it. */
#define NOW_MS G_GINT64_CONSTANT (1795149000000)

static void
check_list (const uint8_t *data,
            size_t         size)
{
  GInputStream *stream = g_memory_input_stream_new_from_data (data, (gssize) size, NULL);
  GError *error = NULL;
  FlowSmartapiInstrument *future;

  future = flow_smartapi_scrip_master_find_future (stream, "NIFTY", NOW_MS, NULL, &error);
  if (future != NULL)
    {
      g_assert_null (error);
      g_assert_cmpstr (future->name, ==, "NIFTY");
      g_assert_cmpstr (future->exch_seg, ==, "NFO");
      g_assert_nonnull (future->token);
      g_assert_nonnull (future->symbol);
      g_assert_cmpint (future->expiry_ms, >=, flow_ist_day_start_ms (NOW_MS));
      flow_smartapi_instrument_free (future);
    }
  else
    {
      g_assert_nonnull (error);
      g_error_free (error);
    }
  g_object_unref (stream);
}

static void
check_expiry (const uint8_t *data,
              size_t         size)
{
  char *text = fuzz_strndup (data, MIN (size, 32));
  gint64 day_start = 1;

  if (flow_smartapi_parse_expiry (text, &day_start))
    g_assert_cmpint (flow_ist_day_start_ms (day_start), ==, day_start);
  g_free (text);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_init ();
  check_list (data, size);
  check_expiry (data, size);
  return 0;
}

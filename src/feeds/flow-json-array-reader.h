/* flow-json-array-reader.h: a JSON array of objects read from a stream one object at a time,
 * for the brokers' instrument lists (tens of MB that must never be held as one tree)
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FLOW_JSON_ARRAY_READER_ERROR (flow_json_array_reader_error_quark ())

typedef enum
{
  /* The stream is not one JSON array of objects; the message says why, as a phrase that
   * completes "… is malformed: ". */
  FLOW_JSON_ARRAY_READER_ERROR_MALFORMED,
} FlowJsonArrayReaderError;

/* Called with the text of each element of the array, from its "{" to its "}" (NUL-terminated
 * after @length); only the nesting and the strings have been checked, so the text still has
 * to be parsed. Returns FALSE to stop reading (the rest of the stream is then left unread). */
typedef gboolean (*FlowJsonArrayObjectFunc) (const char *text,
                                             gsize       length,
                                             gpointer    user_data);

GQuark   flow_json_array_reader_error_quark (void);

/* Calls @func for each object of the array that @stream holds, in order, keeping at most one
 * object (of up to @max_object bytes) in memory. Anything but objects at the top level of the
 * array, an object longer than @max_object or nesting deeper than flat records ever do, data
 * after the array and an array that ends early are FLOW_JSON_ARRAY_READER_ERROR_MALFORMED;
 * errors of @stream come back as they are. Blocking. */
gboolean flow_json_array_read               (GInputStream             *stream,
                                             gsize                     max_object,
                                             FlowJsonArrayObjectFunc   func,
                                             gpointer                  user_data,
                                             GCancellable             *cancellable,
                                             GError                  **error);

G_END_DECLS

/* flow-json-array-reader.c
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "flow-json-array-reader"

#include "config.h"

#include <glib/gi18n.h>

#include "flow-json-array-reader.h"

#define CHUNK_SIZE (64 * 1024)
/* The records are flat objects. Nesting is passed on, but json-glib's parser recurses once per
 * level, so a row of nothing but brackets must not reach it. The array itself is level 1. */
#define MAX_DEPTH  16

G_DEFINE_QUARK (flow-json-array-reader-error-quark, flow_json_array_reader_error)

/* Where the lexer is between the elements of the array (depth 0 and 1). */
typedef enum
{
  BEFORE_ARRAY,
  WANT_FIRST,         /* after "[": an object or "]" */
  WANT_OBJECT,        /* after ",": an object */
  WANT_COMMA_OR_END,  /* after an object: "," or "]" */
  AFTER_ARRAY,
} Position;

static gboolean
malformed (GError     **error,
           const char  *why)
{
  g_set_error_literal (error, FLOW_JSON_ARRAY_READER_ERROR, FLOW_JSON_ARRAY_READER_ERROR_MALFORMED,
                       why);
  return FALSE;
}

/* A small lexer that only follows strings and nesting cuts the array into its elements; each
 * element's bytes are copied a span at a time (not a byte at a time), since strings make up
 * most of a list and this loop is most of the time spent on it. */
gboolean
flow_json_array_read (GInputStream             *stream,
                      gsize                     max_object,
                      FlowJsonArrayObjectFunc   func,
                      gpointer                  user_data,
                      GCancellable             *cancellable,
                      GError                  **error)
{
  g_autofree guint8 *chunk = g_malloc (CHUNK_SIZE);
  g_autoptr(GString) object = g_string_new (NULL);
  Position position = BEFORE_ARRAY;
  gboolean in_string = FALSE, escaped = FALSE;
  guint depth = 0;
  gssize n;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  while ((n = g_input_stream_read (stream, chunk, CHUNK_SIZE, cancellable, error)) > 0)
    {
      /* Where the current element's text starts in this chunk, when depth >= 2. */
      gsize start = 0;

      for (gsize i = 0; i < (gsize) n; i++)
        {
          guint8 c;

          if (in_string)
            {
              if (escaped)
                {
                  escaped = FALSE;
                  continue;
                }
              /* Most of a list is the insides of strings: run to what ends or escapes one. */
              while (i < (gsize) n && chunk[i] != '"' && chunk[i] != '\\')
                i++;
              if (i == (gsize) n)
                break;
              if (chunk[i] == '\\')
                escaped = TRUE;
              else
                in_string = FALSE;
              continue;
            }
          c = chunk[i];
          if (depth >= 2)
            {
              switch (c)
                {
                case '"':
                  in_string = TRUE;
                  break;
                case '{':
                case '[':
                  if (++depth > MAX_DEPTH)
                    return malformed (error, _("a row nests too deeply"));
                  break;
                case '}':
                case ']':
                  if (--depth > 1)
                    break;
                  g_string_append_len (object, (const char *) chunk + start,
                                       (gssize) (i + 1 - start));
                  if (object->len > max_object)
                    return malformed (error, _("a row is far too long"));
                  position = WANT_COMMA_OR_END;
                  if (!func (object->str, object->len, user_data))
                    return TRUE;
                  break;
                default:
                  break;
                }
              continue;
            }

          if (g_ascii_isspace (c))
            continue;
          switch (position)
            {
            case BEFORE_ARRAY:
              if (c != '[')
                return malformed (error, _("it is not a JSON array"));
              position = WANT_FIRST;
              depth = 1;
              break;
            case AFTER_ARRAY:
              return malformed (error, _("data after the end of the list"));
            case WANT_FIRST:
            case WANT_OBJECT:
            case WANT_COMMA_OR_END:
              if (c == '{' && position != WANT_COMMA_OR_END)
                {
                  g_string_truncate (object, 0);
                  start = i;
                  depth = 2;
                }
              else if (c == ',' && position == WANT_COMMA_OR_END)
                position = WANT_OBJECT;
              else if (c == ']' && position != WANT_OBJECT)
                {
                  position = AFTER_ARRAY;
                  depth = 0;
                }
              else
                return malformed (error, _("a row is not an object"));
              break;
            default:
              g_assert_not_reached ();
            }
        }
      if (depth >= 2)
        {
          g_string_append_len (object, (const char *) chunk + start, (gssize) ((gsize) n - start));
          if (object->len > max_object)
            return malformed (error, _("a row is far too long"));
        }
    }
  if (n < 0)
    return FALSE;
  if (position != AFTER_ARRAY)
    return malformed (error, _("it ends early"));
  return TRUE;
}

/* fuzz-common.h: what every fuzz target shares
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A target is one LLVMFuzzerTestOneInput (libFuzzer's entry point). The same file links either
 * with libFuzzer (meson -Dfuzzing=true, clang) or with fuzz-driver.c, which replays a corpus
 * and mutations of it as an ordinary test. A target must never crash, leak or hang, whatever
 * the bytes; where checking is cheap it also asserts what the parser promises.
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Outside data must come back as a GError, never as a warning or a critical (those mean a
 * parser trusted the input): make them abort, so the fuzzer reports them as crashes. */
static inline void
fuzz_init (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

/* The input as a NUL-terminated string (it may hold NULs of its own: C parsers stop there). */
static inline char *
fuzz_strndup (const uint8_t *data,
              size_t         size)
{
  char *text = g_malloc (size + 1);

  if (size > 0)
    memcpy (text, data, size);
  text[size] = '\0';
  return text;
}

/* A scratch directory for parsers that read files, made once per process and removed at
 * exit. */
static char *fuzz_scratch_dir;

static inline void
fuzz_remove_scratch (void)
{
  GDir *dir = g_dir_open (fuzz_scratch_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      char *path = g_build_filename (fuzz_scratch_dir, name, NULL);

      g_remove (path);
      g_free (path);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (fuzz_scratch_dir);
  g_clear_pointer (&fuzz_scratch_dir, g_free);
}

static inline const char *
fuzz_scratch (void)
{
  if (fuzz_scratch_dir == NULL)
    {
      fuzz_scratch_dir = g_dir_make_tmp ("orderflow-fuzz-XXXXXX", NULL);
      g_assert_nonnull (fuzz_scratch_dir);
      atexit (fuzz_remove_scratch);
    }
  return fuzz_scratch_dir;
}

/* Writes the input to @path, whole. */
static inline void
fuzz_write_file (const char    *path,
                 const uint8_t *data,
                 size_t         size)
{
  FILE *file = fopen (path, "wb");

  g_assert_nonnull (file);
  g_assert_true (size == 0 || fwrite (data, 1, size, file) == size);
  g_assert_true (fclose (file) == 0);
}

/* fuzz-driver.c: runs a fuzz target without libFuzzer, as an ordinary test
 *
 * Copyright 2026 The Order Flow authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * fuzz-driver CORPUS_DIR [MUTATIONS]: every file of the directory goes through the target as
 * it is, then MUTATIONS (default 2000) deterministic mutations of it (bytes flipped, inserted,
 * removed or replaced by ones parsers care about, chunks repeated or spliced from another
 * seed, the file cut short), so that any compiler builds and checks what the corpus covers.
 * A crash, a failed assertion or a warning ends the test.
 */
#include "fuzz-common.h"

#define DEFAULT_MUTATIONS 2000
#define MAX_INPUT_SIZE         (256 * 1024)

static guint64 rng_state = 0x9e3779b97f4a7c15u;

/* xorshift64*: the same sequence on every machine and run. */
static guint64
next_random (void)
{
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545f4914f6cdd1du;
}

static gsize
random_below (gsize bound)
{
  return bound == 0 ? 0 : (gsize) (next_random () % bound);
}

/* What the parsers look at: JSON punctuation, digits and signs, separators of the text
 * formats, and boundary bytes of the binary ones. */
static const char *const tokens[] = {
  "{", "}", "[", "]", "\"", ":", ",", "null", "true", "false", "-1", "0", "1e308", "-1e308",
  "9223372036854775807", "-9223372036854775808", "18446744073709551616", "0.05", "NaN",
  "\\u0000", "\\ud800", "\t", "\n", "\r\n", "&", "=", "?", "%", "%00", "%ff", "#", "|", "T",
  "+05:30", "\xff", "\x80", "\xc3\x28", " ", "<html>",
};

/* A GByteArray is a GArray of bytes, and GLib 2.74 has no g_byte_array_insert_vals(). */
static void
insert_bytes (GByteArray   *array,
              gsize         at,
              const guint8 *bytes,
              gsize         n)
{
  g_array_insert_vals ((GArray *) array, (guint) at, bytes, (guint) n);
}

static void
mutate_once (GByteArray       *input,
             const GPtrArray  *seeds)
{
  gsize length = input->len;
  gsize at = random_below (length + 1);

  switch (random_below (8))
    {
    case 0: /* flip a bit */
      if (length > 0)
        input->data[random_below (length)] ^= (guint8) (1u << random_below (8));
      break;
    case 1: /* a random byte */
      if (length > 0)
        input->data[random_below (length)] = (guint8) next_random ();
      break;
    case 2: /* remove a run */
      if (length > 0)
        {
          gsize start = random_below (length);
          gsize n = 1 + random_below (16);

          g_byte_array_remove_range (input, (guint) start, (guint) MIN (length - start, n));
        }
      break;
    case 3: /* insert a token */
      {
        const char *token = tokens[random_below (G_N_ELEMENTS (tokens))];

        insert_bytes (input, at, (const guint8 *) token, strlen (token));
      }
      break;
    case 4: /* repeat a chunk */
      if (length > 0 && length < MAX_INPUT_SIZE / 2)
        {
          gsize start = random_below (length);
          gsize n = 1 + random_below (64);
          guint8 *chunk;

          n = MIN (length - start, n);
          chunk = g_memdup2 (input->data + start, n);

          insert_bytes (input, at, chunk, n);
          g_free (chunk);
        }
      break;
    case 5: /* splice in part of another seed */
      {
        const GBytes *other = g_ptr_array_index (seeds, random_below (seeds->len));
        gsize other_length = 0;
        const guint8 *other_data = g_bytes_get_data ((GBytes *) other, &other_length);

        if (other_length > 0)
          {
            gsize start = random_below (other_length);
            gsize n = 1 + random_below (128);

            n = MIN (other_length - start, n);

            insert_bytes (input, at, other_data + start, n);
          }
      }
      break;
    case 6: /* cut short */
      g_byte_array_set_size (input, (guint) at);
      break;
    default: /* a boundary byte */
      if (length > 0)
        {
          static const guint8 boundaries[] = { 0x00, 0x01, 0x7f, 0x80, 0xff, '0', '9' };

          input->data[random_below (length)] = boundaries[random_below (sizeof boundaries)];
        }
      break;
    }
  if (input->len > MAX_INPUT_SIZE)
    g_byte_array_set_size (input, MAX_INPUT_SIZE);
}

/* With FUZZ_DRIVER_LAST=FILE, each input is written there before it runs: after a crash, FILE
 * holds the input that caused it, ready to go into the corpus. */
static void
run (const guint8 *data,
     gsize         size)
{
  static const char *last_path;
  static gboolean looked;

  if (!looked)
    {
      last_path = g_getenv ("FUZZ_DRIVER_LAST");
      looked = TRUE;
    }
  if (last_path != NULL)
    g_assert_true (g_file_set_contents (last_path, size > 0 ? (const char *) data : "",
                                        (gssize) size, NULL));
  LLVMFuzzerTestOneInput (data, size);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) seeds = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  guint64 mutations = DEFAULT_MUTATIONS;
  guint64 executions = 0;
  const char *name;

  if (argc < 2 || argc > 3 ||
      (argc == 3 && !g_ascii_string_to_unsigned (argv[2], 10, 0, G_MAXUINT32, &mutations, NULL)))
    {
      fprintf (stderr, "usage: %s CORPUS_DIR [MUTATIONS]\n", argv[0]);
      return 2;
    }
  dir = g_dir_open (argv[1], 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "%s: %s\n", argv[0], error->message);
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (argv[1], name, NULL));
  /* Directory order differs between file systems; the sequence must not. */
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (g_ptr_array_index (names, i), &contents, &length, &error))
        {
          fprintf (stderr, "%s: %s\n", argv[0], error->message);
          return 1;
        }
      g_ptr_array_add (seeds, g_bytes_new_take (contents, length));
    }
  if (seeds->len == 0)
    {
      fprintf (stderr, "%s: %s holds no seed\n", argv[0], argv[1]);
      return 1;
    }

  /* An empty GBytes holds NULL, and callers pass g_bytes_get_data() on. */
  run (NULL, 0);
  executions++;
  for (guint i = 0; i < seeds->len; i++)
    {
      gsize length = 0;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (seeds, i), &length);
      g_autoptr(GByteArray) input = g_byte_array_new ();

      run (data, length);
      executions++;
      for (guint64 m = 0; m < mutations; m++)
        {
          /* Mostly a few changes away from the seed, sometimes many from the last input. */
          if (m % 4 == 0 || input->len == 0)
            {
              g_byte_array_set_size (input, 0);
              g_byte_array_append (input, data, (guint) length);
            }
          for (gsize n = 1 + random_below (4); n > 0; n--)
            mutate_once (input, seeds);
          /* A copy of exactly the input's size, so that ASan sees any read past its end. */
          {
            guint8 *exact = g_memdup2 (input->data, input->len);

            run (exact, input->len);
            g_free (exact);
          }
          executions++;
        }
    }
  printf ("%s: %u seeds, %" G_GUINT64_FORMAT " executions, no crash\n", argv[1], seeds->len,
          executions);
  return 0;
}

/* fuzz-json.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A libFuzzer target over BriskJsonScanner alone: the whole input is one JSON text. It is
 * walked twice, once reading every value (strings, numbers, booleans, keys) and once with a
 * single brisk_json_scanner_skip(), and aborts when an invariant breaks:
 *   - read_string() appends valid UTF-8 without NUL bytes and leaves what was already in the
 *     buffer alone;
 *   - an object key whose decoded text is plain ASCII compares equal to that text with
 *     brisk_json_key_equal(), escaped or not;
 *   - walking by reads and skipping accept exactly the same documents;
 *   - peek() never fails the scanner by itself.
 * Built by build-aux/fuzz.sh.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brisk-json-scanner.h"

/* Already in the buffer when read_string() appends: valid, and not ASCII. */
#define PREFIX "\xC3\xA9"

typedef struct
{
  GString *scratch;
  guint    n_numbers;
} Walk;

G_GNUC_NORETURN G_GNUC_PRINTF (1, 2) static void
fail_invariant (const char *format,
                ...)
{
  va_list args;

  fputs ("fuzz-json: invariant broken: ", stderr);
  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  abort ();
}

static void
check_read_text (const GString *out)
{
  const char *text = out->str + strlen (PREFIX);
  gsize len = out->len - strlen (PREFIX);

  if (out->len < strlen (PREFIX) || memcmp (out->str, PREFIX, strlen (PREFIX)) != 0)
    fail_invariant ("read_string() changed what was already in the buffer");
  if (memchr (text, '\0', len) != NULL)
    fail_invariant ("read_string() produced a NUL byte");
  if (!g_utf8_validate_len (text, len, NULL))
    fail_invariant ("read_string() produced invalid UTF-8");
  if (out->str[out->len] != '\0')
    fail_invariant ("read_string() left the buffer unterminated");
}

static void
check_key (Walk               *walk,
           const BriskJsonKey *key)
{
  BriskJsonScanner sub;
  gboolean ascii = TRUE;

  /* The key's raw text sits between two quotes in the input. */
  g_string_assign (walk->scratch, PREFIX);
  brisk_json_scanner_init (&sub, key->raw - 1, key->len + 2);
  if (!brisk_json_scanner_read_string (&sub, walk->scratch) ||
      !brisk_json_scanner_finish (&sub))
    fail_invariant ("a key the scanner accepted does not read back as a string");
  check_read_text (walk->scratch);

  for (gsize i = strlen (PREFIX); i < walk->scratch->len; i++)
    if ((guchar)walk->scratch->str[i] >= 0x80)
      ascii = FALSE;

  if (ascii && !brisk_json_key_equal (key, walk->scratch->str + strlen (PREFIX)))
    fail_invariant ("brisk_json_key_equal() does not match the key's own text \"%s\"",
                    walk->scratch->str + strlen (PREFIX));
}

static void
walk_value (Walk             *walk,
            BriskJsonScanner *scanner)
{
  BriskJsonKey key;
  gboolean failed_before = scanner->failed;
  BriskJsonType type = brisk_json_scanner_peek (scanner);

  if (scanner->failed != failed_before)
    fail_invariant ("peek() failed the scanner");

  switch (type)
    {
    case BRISK_JSON_OBJECT:
      if (!brisk_json_scanner_enter_object (scanner))
        return;
      while (brisk_json_scanner_next_member (scanner, &key))
        {
          check_key (walk, &key);
          walk_value (walk, scanner);
        }
      return;

    case BRISK_JSON_ARRAY:
      if (!brisk_json_scanner_enter_array (scanner))
        return;
      while (brisk_json_scanner_next_element (scanner))
        walk_value (walk, scanner);
      return;

    case BRISK_JSON_STRING:
      g_string_assign (walk->scratch, PREFIX);
      if (brisk_json_scanner_read_string (scanner, walk->scratch))
        check_read_text (walk->scratch);
      else if (!scanner->failed)
        fail_invariant ("read_string() refused a string without failing");
      else if (walk->scratch->len != strlen (PREFIX))
        fail_invariant ("a failed read_string() appended text");
      return;

    case BRISK_JSON_NUMBER:
      /* Alternate, so both conversions see every kind of number. */
      if (walk->n_numbers++ % 2 == 0)
        {
          gint64 value = 0;

          brisk_json_scanner_read_int64 (scanner, &value);
        }
      else
        {
          double value = 0;

          brisk_json_scanner_read_double (scanner, &value);
        }
      return;

    case BRISK_JSON_TRUE:
    case BRISK_JSON_FALSE:
      {
        gboolean value;

        if (brisk_json_scanner_read_boolean (scanner, &value) &&
            value != (type == BRISK_JSON_TRUE))
          fail_invariant ("read_boolean() read the wrong value");
      }
      return;

    case BRISK_JSON_NULL:
      {
        /* Reading text where null is: no text, and no failure for a real null. */
        gsize before = walk->scratch->len;

        if (brisk_json_scanner_read_string (scanner, walk->scratch))
          fail_invariant ("read_string() read null as a string");
        if (walk->scratch->len != before)
          fail_invariant ("read_string() on null appended text");
      }
      return;

    case BRISK_JSON_INVALID:
    default:
      if (brisk_json_scanner_skip (scanner))
        fail_invariant ("skip() accepted an invalid value");
      return;
    }
}

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  const char *text = (const char *)data;
  BriskJsonScanner scanner;
  Walk walk = { 0 };
  gboolean walked_ok;
  gboolean skipped_ok;

  walk.scratch = g_string_new (NULL);

  brisk_json_scanner_init (&scanner, text, size);
  walk_value (&walk, &scanner);
  walked_ok = brisk_json_scanner_finish (&scanner);

  brisk_json_scanner_init (&scanner, text, size);
  skipped_ok = brisk_json_scanner_skip (&scanner) && brisk_json_scanner_finish (&scanner);

  if (walked_ok != skipped_ok)
    fail_invariant ("walking the document %s it, but skipping it %s it",
                    walked_ok ? "accepted" : "rejected", skipped_ok ? "accepted" : "rejected");

  /* Once failed, every call fails. */
  if (!skipped_ok)
    {
      if (brisk_json_scanner_peek (&scanner) != BRISK_JSON_INVALID ||
          brisk_json_scanner_skip (&scanner) || brisk_json_scanner_finish (&scanner))
        fail_invariant ("a failed scanner went on");
    }

  g_string_free (walk.scratch, TRUE);
  return 0;
}

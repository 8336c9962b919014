/* test-json-scanner.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-json-scanner"

#include "config.h"

#include "brisk-json-scanner.h"

static gboolean
scanner_accepts (const char *text)
{
  BriskJsonScanner scanner;

  brisk_json_scanner_init (&scanner, text, strlen (text));
  return brisk_json_scanner_skip (&scanner) && brisk_json_scanner_finish (&scanner);
}

/* What is JSON and what is not, per RFC 8259. A chunk the scanner wrongly accepts could be
 * half-applied; one it wrongly refuses would lose text.
 */
static void
test_accepts_only_json (void)
{
  const char *valid[] = {
    "{}", "[]", "{\"a\":1}", "[1,2,3]", "{\"a\":[{\"b\":null}],\"c\":true,\"d\":false}",
    "  {\"x\" : \"y\" }  ", "\"string\"", "-0", "0.5", "1e10", "1E-3", "-12.5e+2", "null",
    "{\"esc\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"}", "[\"\\ud800\"]", "\"Ã©\"",
    "\r\n\t[ 1 , { } ]\n",
    /* Raw control characters in strings are let through (see scan_string()). */
    "{\"a\":\"raw\ncontrol\"}",
  };
  const char *invalid[] = {
    "{\"a\":1,}", "[1,]", "{\"a\"}", "{\"a\":}", "{a:1}", "[1 2]", "{\"a\":1", "[", "]",
    "\"unterminated", "\"bad \\x escape\"", "\"bad \\u12 escape\"", "01", "1.", ".5", "-",
    "1e", "tru", "nul", "{\"a\":1}}", "[1]]", "",
    "{\"a\":1 \"b\":2}", "{,}", "[,1]", "'single'", "[1,,2]", "+1", "NaN", "{\"a\" 1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_test_message ("valid: %s", valid[i]);
      g_assert_true (scanner_accepts (valid[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_test_message ("invalid: %s", invalid[i]);
      g_assert_false (scanner_accepts (invalid[i]));
    }
}

static void
test_depth_limit (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (deep, ']');

  /* Hostile nesting is refused, not recursed into. */
  g_assert_false (scanner_accepts (deep->str));

  g_string_truncate (deep, 0);
  for (guint i = 0; i < BRISK_JSON_MAX_DEPTH - 2; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < BRISK_JSON_MAX_DEPTH - 2; i++)
    g_string_append_c (deep, ']');
  g_assert_true (scanner_accepts (deep->str));
}

static void
test_read_values (void)
{
  const char *text = "{\"s\":\"caf\\u00e9 \\ud83d\\ude00\",\"i\":131072,\"d\":0.0189,\"b\":true,"
                     "\"n\":null,\"o\":{\"deep\":[1,{\"x\":\"y\"}]},\"k\\u0065y\":1}";
  BriskJsonScanner scanner;
  BriskJsonKey key;
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GString) from_null = g_string_new (NULL);
  gint64 i = 0;
  double d = 0;
  gboolean b = FALSE;
  gint64 escaped_key_value = 0;

  brisk_json_scanner_init (&scanner, text, strlen (text));
  g_assert_true (brisk_json_scanner_enter_object (&scanner));
  while (brisk_json_scanner_next_member (&scanner, &key))
    {
      if (brisk_json_key_equal (&key, "s"))
        g_assert_true (brisk_json_scanner_read_string (&scanner, s));
      else if (brisk_json_key_equal (&key, "i"))
        g_assert_true (brisk_json_scanner_read_int64 (&scanner, &i));
      else if (brisk_json_key_equal (&key, "d"))
        g_assert_true (brisk_json_scanner_read_double (&scanner, &d));
      else if (brisk_json_key_equal (&key, "b"))
        g_assert_true (brisk_json_scanner_read_boolean (&scanner, &b));
      else if (brisk_json_key_equal (&key, "n"))
        /* null where text was expected: no text, and the scanner carries on. */
        g_assert_false (brisk_json_scanner_read_string (&scanner, from_null));
      else if (brisk_json_key_equal (&key, "key"))
        g_assert_true (brisk_json_scanner_read_int64 (&scanner, &escaped_key_value));
      else
        g_assert_true (brisk_json_scanner_skip (&scanner));
    }

  g_assert_true (brisk_json_scanner_finish (&scanner));
  g_assert_cmpstr (s->str, ==, "café 😀");
  g_assert_cmpint (i, ==, 131072);
  g_assert_cmpfloat_with_epsilon (d, 0.0189, 1e-12);
  g_assert_true (b);
  g_assert_cmpstr (from_null->str, ==, "");
  g_assert_cmpint (escaped_key_value, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-scanner/accepts-only-json", test_accepts_only_json);
  g_test_add_func ("/json-scanner/depth-limit", test_depth_limit);
  g_test_add_func ("/json-scanner/read-values", test_read_values);

  return g_test_run ();
}

/* test-tools.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "brisk-calculator.h"
#include "brisk-json-schema.h"
#include "brisk-test-server.h"
#include "brisk-toolbox.h"
#include "brisk-units.h"

static double
evaluate (const char *expression)
{
  g_autoptr(GError) error = NULL;
  double value = 0;

  g_assert_true (brisk_calculator_evaluate (expression, &value, &error));
  g_assert_no_error (error);
  return value;
}

static void
assert_fails (const char *expression,
              const char *message_part)
{
  g_autoptr(GError) error = NULL;
  double value = 0;

  g_assert_false (brisk_calculator_evaluate (expression, &value, &error));
  g_assert_nonnull (error);
  if (strstr (error->message, message_part) == NULL)
    g_error ("“%s” failed with “%s”", expression, error->message);
}

static void
test_calculator_precedence (void)
{
  g_assert_cmpfloat (evaluate ("2 + 3 * 4"), ==, 14);
  g_assert_cmpfloat (evaluate ("(2 + 3) * 4"), ==, 20);
  g_assert_cmpfloat (evaluate ("10 - 4 - 3"), ==, 3);
  g_assert_cmpfloat (evaluate ("100 / 10 / 5"), ==, 2);
  g_assert_cmpfloat (evaluate ("2 ^ 3 ^ 2"), ==, 512);
  g_assert_cmpfloat (evaluate ("2 ** 10"), ==, 1024);
  g_assert_cmpfloat (evaluate ("-2 ^ 2"), ==, -4);
  g_assert_cmpfloat (evaluate ("2 ^ -1"), ==, 0.5);
  g_assert_cmpfloat (evaluate ("--3"), ==, 3);
  g_assert_cmpfloat (evaluate ("7 % 4 * 2"), ==, 6);
  g_assert_cmpfloat (evaluate ("((((1))))+ 1.5e2"), ==, 151);
  g_assert_cmpfloat (evaluate ("  3*(2+(4-1))  "), ==, 15);
}

static void
test_calculator_functions (void)
{
  g_assert_cmpfloat (evaluate ("sqrt(16) + abs(-2)"), ==, 6);
  g_assert_cmpfloat_with_epsilon (evaluate ("sin(pi / 2)"), 1, 1e-12);
  g_assert_cmpfloat_with_epsilon (evaluate ("ln(e)"), 1, 1e-12);
  g_assert_cmpfloat (evaluate ("log(1000)"), ==, 3);
  g_assert_cmpfloat (evaluate ("max(3, min(10, 7))"), ==, 7);
  g_assert_cmpfloat (evaluate ("pow(2, 8)"), ==, 256);
  g_assert_cmpfloat (evaluate ("ROUND(2.5) + floor(-1.5)"), ==, 1);
}

static void
test_calculator_errors (void)
{
  assert_fails ("1 / 0", "Division by zero");
  assert_fails ("5 % (2 - 2)", "Division by zero");
  assert_fails ("10 ^ 400", "too large");
  assert_fails ("1e308 * 10", "too large");
  assert_fails ("sqrt(-1)", "not a real number");
  assert_fails ("(1 + 2", "closing parenthesis");
  assert_fails ("1 +", "number was expected");
  assert_fails ("2 3", "Unexpected text");
  assert_fails ("system(1)", "Unknown name");
  assert_fails ("inf", "Unknown name");
  assert_fails ("nan", "Unknown name");
  assert_fails ("0x10", "Unexpected text");
  assert_fails ("max(1)", "more arguments");
  assert_fails ("", "number was expected");
}

static void
test_calculator_huge_numbers (void)
{
  g_autofree char *open = g_strnfill (200, '(');
  g_autofree char *close = g_strnfill (200, ')');
  g_autofree char *deep = g_strconcat (open, "1", close, NULL);
  g_autofree char *text = NULL;
  g_autofree char *long_text = g_strnfill (BRISK_CALCULATOR_MAX_LENGTH + 1, '1');

  g_assert_cmpfloat (evaluate ("1e308"), ==, 1e308);
  g_assert_cmpfloat (evaluate ("99999999999999999999 * 99999999999999999999"), ==, 1e40);
  g_assert_cmpfloat (evaluate ("1e-320 * 1e-10"), ==, 0);

  text = brisk_calculator_format (evaluate ("0.1 + 0.2"));
  g_assert_cmpstr (text, ==, "0.3");
  g_clear_pointer (&text, g_free);
  text = brisk_calculator_format (evaluate ("2 ^ 64"));
  g_assert_cmpstr (text, ==, "1.84467440737096e+19");
  g_clear_pointer (&text, g_free);
  text = brisk_calculator_format (evaluate ("-0 * 5"));
  g_assert_cmpstr (text, ==, "0");

  /* Deep nesting and overlong input are refused, not a crash. */
  assert_fails (deep, "nested too deeply");
  assert_fails (long_text, "longer than");
}

static double
convert (double      value,
         const char *from,
         const char *to)
{
  g_autoptr(GError) error = NULL;
  double result = 0;

  g_assert_true (brisk_units_convert (value, from, to, &result, &error));
  g_assert_no_error (error);
  return result;
}

static void
test_units (void)
{
  g_autoptr(GError) error = NULL;
  double result;

  g_assert_cmpfloat_with_epsilon (convert (1, "mile", "km"), 1.609344, 1e-12);
  g_assert_cmpfloat_with_epsilon (convert (100, "°C", "F"), 212, 1e-9);
  g_assert_cmpfloat_with_epsilon (convert (-40, "fahrenheit", "celsius"), -40, 1e-9);
  g_assert_cmpfloat_with_epsilon (convert (0, "K", "C"), -273.15, 1e-9);
  g_assert_cmpfloat_with_epsilon (convert (1, "lb", "g"), 453.59237, 1e-9);
  g_assert_cmpfloat_with_epsilon (convert (1, "GiB", "MB"), 1073.741824, 1e-9);
  g_assert_cmpfloat_with_epsilon (convert (90, "km/h", "m/s"), 25, 1e-9);
  g_assert_cmpfloat_with_epsilon (convert (1, "kWh", "kJ"), 3600, 1e-9);

  g_assert_false (brisk_units_convert (1, "kg", "km", &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (brisk_units_convert (1, "furlong", "km", &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "furlong"));
  g_clear_error (&error);
  g_assert_false (brisk_units_convert (1e308, "km", "mm", &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static gboolean
validates (const char  *schema,
           const char  *instance,
           GError     **error)
{
  g_autoptr(JsonNode) schema_node = json_from_string (schema, NULL);
  g_autoptr(JsonNode) instance_node = json_from_string (instance, NULL);

  return brisk_json_schema_validate (schema_node, instance_node, error);
}

static void
test_json_schema (void)
{
  const char *schema = "{\"type\":\"object\",\"properties\":{"
                       "\"n\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":5},"
                       "\"x\":{\"type\":\"number\"},"
                       "\"mode\":{\"type\":\"string\",\"enum\":[\"a\",\"b\"]},"
                       "\"list\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
                       "\"required\":[\"n\"],\"additionalProperties\":false}";
  g_autoptr(GError) error = NULL;

  g_assert_true (validates (schema, "{\"n\":3,\"x\":1.5,\"mode\":\"a\",\"list\":[\"q\"]}", NULL));
  g_assert_true (validates (schema, "{\"n\":3,\"x\":2}", NULL));

  g_assert_false (validates (schema, "{}", &error));
  g_assert_nonnull (strstr (error->message, "“n” is missing"));
  g_clear_error (&error);
  g_assert_false (validates (schema, "{\"n\":1.5}", &error));
  g_assert_nonnull (strstr (error->message, "arguments.n"));
  g_clear_error (&error);
  g_assert_false (validates (schema, "{\"n\":9}", &error));
  g_clear_error (&error);
  g_assert_false (validates (schema, "{\"n\":1,\"mode\":\"c\"}", &error));
  g_clear_error (&error);
  g_assert_false (validates (schema, "{\"n\":1,\"list\":[1]}", &error));
  g_assert_nonnull (strstr (error->message, "arguments.list[0]"));
  g_clear_error (&error);
  g_assert_false (validates (schema, "{\"n\":1,\"path\":\"/etc/passwd\"}", &error));
  g_assert_nonnull (strstr (error->message, "path"));
  g_clear_error (&error);
  g_assert_false (validates (schema, "[1]", &error));
}

typedef struct
{
  char     *result;
  gboolean  failed;
  GError   *error;
  gboolean  done;
} Call;

static void
call_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *call = user_data;

  call->result = brisk_toolbox_call_finish (BRISK_TOOLBOX (object), result, &call->failed,
                                            &call->error);
  call->done = TRUE;
}

static const char * const all_tools[] = {
  "datetime", "calculator", "convert_units", "read_file", NULL
};

/* Runs a call to completion. Returns: (transfer full): the result, parsed */
static JsonObject *
run_call (BriskToolbox       *toolbox,
          const char         *name,
          const char         *arguments,
          const char * const *enabled,
          gboolean            expect_failure)
{
  Call call = { NULL, FALSE, NULL, FALSE };
  g_autoptr(JsonNode) node = NULL;

  brisk_toolbox_call_async (toolbox, name, arguments, enabled, NULL, call_done_cb, &call);
  while (!call.done)
    g_main_context_iteration (NULL, TRUE);

  g_assert_no_error (call.error);
  g_assert_nonnull (call.result);
  g_assert_cmpint (call.failed, ==, expect_failure);
  node = json_from_string (call.result, NULL);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_free (call.result);
  if (expect_failure)
    g_assert_true (json_object_has_member (json_node_get_object (node), "error"));

  return json_object_ref (json_node_get_object (node));
}

static void
test_toolbox_definitions (void)
{
  const char * const some[] = { "calculator", "read_file", NULL };
  g_autoptr(JsonNode) definitions = brisk_toolbox_get_definitions (some);
  g_autofree char *json = json_to_string (definitions, FALSE);
  JsonArray *array = json_node_get_array (definitions);
  JsonObject *function;

  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  function = json_object_get_object_member (json_array_get_object_element (array, 0), "function");
  g_assert_cmpstr (json_object_get_string_member (function, "name"), ==, "calculator");
  g_assert_true (json_object_has_member (function, "parameters"));
  /* read_file has no argument a path could be put in. */
  g_assert_null (strstr (json, "path"));
  g_assert_null (brisk_toolbox_get_definitions (NULL));

  g_assert_cmpstrv (brisk_toolbox_get_names (), all_tools);
}

static void
test_toolbox_calls (void)
{
  g_autoptr(BriskToolbox) toolbox = brisk_toolbox_new ();
  const char * const only_calculator[] = { "calculator", NULL };
  g_autoptr(JsonObject) result = NULL;

  result = run_call (toolbox, "calculator", "{\"expression\":\"(1 + 2) * 3\"}", all_tools, FALSE);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "9");
  g_clear_pointer (&result, json_object_unref);

  result = run_call (toolbox, "calculator", "{\"expression\":\"1/0\"}", all_tools, TRUE);
  g_assert_nonnull (strstr (json_object_get_string_member (result, "error"), "Division by zero"));
  g_clear_pointer (&result, json_object_unref);

  result = run_call (toolbox, "convert_units", "{\"value\":5,\"from\":\"km\",\"to\":\"m\"}",
                     all_tools, FALSE);
  g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "5000");
  g_clear_pointer (&result, json_object_unref);

  /* Invalid arguments are never run: not JSON, a wrong type, a missing or unknown member. */
  result = run_call (toolbox, "calculator", "{\"expression\":", all_tools, TRUE);
  g_assert_nonnull (strstr (json_object_get_string_member (result, "error"), "not valid JSON"));
  g_clear_pointer (&result, json_object_unref);
  result = run_call (toolbox, "calculator", "{\"expression\":42}", all_tools, TRUE);
  g_clear_pointer (&result, json_object_unref);
  result = run_call (toolbox, "convert_units", "{\"value\":5,\"from\":\"km\"}", all_tools, TRUE);
  g_clear_pointer (&result, json_object_unref);
  result = run_call (toolbox, "datetime", "{\"zone\":\"UTC\"}", all_tools, TRUE);
  g_clear_pointer (&result, json_object_unref);

  /* Unknown, and known but not enabled, tools are the same to the model. */
  result = run_call (toolbox, "shell", "{}", all_tools, TRUE);
  g_assert_nonnull (strstr (json_object_get_string_member (result, "error"), "shell"));
  g_clear_pointer (&result, json_object_unref);
  result = run_call (toolbox, "datetime", "{}", only_calculator, TRUE);
  g_clear_pointer (&result, json_object_unref);
  result = run_call (toolbox, "datetime", "{}", NULL, TRUE);
}

static void
test_toolbox_datetime (void)
{
  g_autoptr(BriskToolbox) toolbox = brisk_toolbox_new ();
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  /* No arguments at all counts as {}. */
  result = run_call (toolbox, "datetime", "", all_tools, FALSE);
  g_assert_cmpstr (json_object_get_string_member (result, "time_zone"), ==, "Europe/Berlin");
  g_assert_true (g_strcmp0 (json_object_get_string_member (result, "utc_offset"), "+01:00") == 0
                 || g_strcmp0 (json_object_get_string_member (result, "utc_offset"),
                               "+02:00") == 0);
  g_assert_true (g_regex_match_simple ("^\\d\\d:\\d\\d:\\d\\d$",
                                       json_object_get_string_member (result, "time"), 0, 0));
  /* Around midnight the date may have moved on since @now. */
  g_assert_cmpint (strlen (json_object_get_string_member (result, "date")), ==, strlen (today));
  g_assert_nonnull (json_object_get_string_member (result, "weekday"));
  g_assert_nonnull (json_object_get_string_member (result, "iso8601"));
}

static GFile *
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
test_toolbox_read_file (void)
{
  g_autoptr(BriskToolbox) toolbox = brisk_toolbox_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("brisk-tools-XXXXXX", &error);
  g_autofree char *large = g_strnfill (BRISK_TOOLBOX_MAX_FILE_SIZE + 1, 'x');
  g_autoptr(GFile) text = NULL;
  g_autoptr(GFile) binary = NULL;
  g_autoptr(GFile) big = NULL;
  g_autoptr(JsonObject) result = NULL;
  BriskTestChooser chooser = { NULL, FALSE, 0 };

  g_assert_no_error (error);
  text = write_file (dir, "notes.txt", "Grüße\nline two\n", -1);
  binary = write_file (dir, "image.png", "\x89PNG\r\n\x1a\n\0\0", 10);
  big = write_file (dir, "big.log", large, -1);

  /* Without a way to ask the user, nothing is read. */
  result = run_call (toolbox, "read_file", "{}", all_tools, TRUE);
  g_clear_pointer (&result, json_object_unref);

  brisk_toolbox_set_file_chooser (toolbox, brisk_test_choose_file, &chooser, NULL);

  chooser.file = text;
  result = run_call (toolbox, "read_file", "{}", all_tools, FALSE);
  g_assert_cmpstr (json_object_get_string_member (result, "file_name"), ==, "notes.txt");
  g_assert_cmpstr (json_object_get_string_member (result, "content"), ==, "Grüße\nline two\n");
  g_clear_pointer (&result, json_object_unref);

  /* The model cannot name a file: a path argument is refused before anyone is asked. */
  result = run_call (toolbox, "read_file", "{\"path\":\"/etc/passwd\"}", all_tools, TRUE);
  g_clear_pointer (&result, json_object_unref);
  g_assert_cmpuint (chooser.n_asked, ==, 1);

  /* Each call asks again. */
  chooser.file = NULL;
  result = run_call (toolbox, "read_file", "{}", all_tools, TRUE);
  g_assert_nonnull (strstr (json_object_get_string_member (result, "error"), "did not choose"));
  g_clear_pointer (&result, json_object_unref);
  g_assert_cmpuint (chooser.n_asked, ==, 2);

  chooser.file = binary;
  result = run_call (toolbox, "read_file", "{}", all_tools, TRUE);
  g_assert_nonnull (strstr (json_object_get_string_member (result, "error"), "not a text file"));
  g_clear_pointer (&result, json_object_unref);

  chooser.file = big;
  result = run_call (toolbox, "read_file", "{}", all_tools, TRUE);
  g_assert_nonnull (strstr (json_object_get_string_member (result, "error"), "larger than"));
  g_assert_cmpuint (chooser.n_asked, ==, 4);

  g_file_delete (text, NULL, NULL);
  g_file_delete (binary, NULL, NULL);
  g_file_delete (big, NULL, NULL);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* The datetime tool reports the local zone; make it a known one. */
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calculator/precedence", test_calculator_precedence);
  g_test_add_func ("/calculator/functions", test_calculator_functions);
  g_test_add_func ("/calculator/errors", test_calculator_errors);
  g_test_add_func ("/calculator/huge-numbers", test_calculator_huge_numbers);
  g_test_add_func ("/units/convert", test_units);
  g_test_add_func ("/json-schema/validate", test_json_schema);
  g_test_add_func ("/toolbox/definitions", test_toolbox_definitions);
  g_test_add_func ("/toolbox/calls", test_toolbox_calls);
  g_test_add_func ("/toolbox/datetime", test_toolbox_datetime);
  g_test_add_func ("/toolbox/read-file", test_toolbox_read_file);

  return g_test_run ();
}

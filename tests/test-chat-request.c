/* test-chat-request.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-chat-request"

#include "config.h"

#include "brisk-chat-request.h"

static JsonObject *
parse_body (BriskChatRequest *request,
            gboolean          stream,
            JsonParser       *parser)
{
  g_autoptr(GBytes) body = brisk_chat_request_to_json (request, stream);
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                              &error);
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_minimal_request (void)
{
  g_autoptr(BriskChatRequest) request = brisk_chat_request_new ("llama-3.1-8b-instant");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *body;
  JsonArray *messages;

  brisk_chat_request_add_message (request, BRISK_CHAT_ROLE_USER, "Hello <b>&</b>");
  body = parse_body (request, FALSE, parser);

  /* Only what was set is sent. */
  members = json_object_get_members (body);
  g_assert_cmpuint (g_list_length (members), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "llama-3.1-8b-instant");
  messages = json_object_get_array_member (body, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "role"),
                   ==, "user");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"),
                   ==, "Hello <b>&</b>");
}

static void
test_every_parameter (void)
{
  g_autoptr(BriskChatRequest) request = brisk_chat_request_new ("openai/gpt-oss-120b");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) tools = json_from_string ("[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                                                "\"parameters\":{\"type\":\"object\"}}}]", NULL);
  g_autoptr(JsonNode) schema = json_from_string ("{\"type\":\"object\"}", NULL);
  g_autoptr(GPtrArray) calls = g_ptr_array_new_with_free_func ((GDestroyNotify)brisk_tool_call_free);
  JsonObject *body;
  JsonArray *messages;
  JsonObject *assistant;
  JsonObject *tool;
  JsonArray *stop;

  g_ptr_array_add (calls, brisk_tool_call_new ("tk85n1k4m", "get_weather", "{\"city\":\"Köln\"}"));

  brisk_chat_request_add_message (request, BRISK_CHAT_ROLE_SYSTEM, "Be brief.");
  brisk_chat_request_add_message (request, BRISK_CHAT_ROLE_USER, "Weather?");
  brisk_chat_request_add_tool_calls (request, NULL, calls);
  brisk_chat_request_add_tool_result (request, "tk85n1k4m", "{\"temp\":11}");
  brisk_chat_request_set_temperature (request, 0.7);
  brisk_chat_request_set_top_p (request, 0.9);
  brisk_chat_request_set_max_completion_tokens (request, 1024);
  for (guint i = 0; i < 4; i++)
    g_assert_true (brisk_chat_request_add_stop (request, i % 2 ? "END" : "STOP"));
  /* Groq takes at most four stop sequences. */
  g_assert_false (brisk_chat_request_add_stop (request, "FIFTH"));
  g_assert_false (brisk_chat_request_add_stop (request, ""));
  brisk_chat_request_set_seed (request, 42);
  brisk_chat_request_set_reasoning_format (request, BRISK_REASONING_FORMAT_PARSED);
  brisk_chat_request_set_include_reasoning (request, TRUE);
  brisk_chat_request_set_reasoning_effort (request, "high");
  brisk_chat_request_set_service_tier (request, "flex");
  brisk_chat_request_set_response_format_json (request, "weather", schema, TRUE);
  brisk_chat_request_set_tools (request, tools, "get_weather");

  body = parse_body (request, TRUE, parser);

  g_assert_cmpfloat (json_object_get_double_member (body, "temperature"), ==, 0.7);
  g_assert_cmpfloat (json_object_get_double_member (body, "top_p"), ==, 0.9);
  g_assert_cmpint (json_object_get_int_member (body, "max_completion_tokens"), ==, 1024);
  g_assert_false (json_object_has_member (body, "max_tokens"));
  stop = json_object_get_array_member (body, "stop");
  g_assert_cmpuint (json_array_get_length (stop), ==, 4);
  g_assert_cmpint (json_object_get_int_member (body, "seed"), ==, 42);
  g_assert_cmpstr (json_object_get_string_member (body, "reasoning_format"), ==, "parsed");
  /* reasoning_format and include_reasoning exclude each other: Groq refuses both. */
  g_assert_false (json_object_has_member (body, "include_reasoning"));
  g_assert_cmpstr (json_object_get_string_member (body, "reasoning_effort"), ==, "high");
  g_assert_cmpstr (json_object_get_string_member (body, "service_tier"), ==, "flex");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "response_format"),
                                                  "type"), ==, "json_schema");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (json_object_get_object_member (body, "response_format"),
                                                                                "json_schema"), "strict"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "tools")), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (body, "tool_choice"),
                                                                                 "function"), "name"),
                   ==, "get_weather");
  g_assert_true (json_object_get_boolean_member (body, "stream"));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (body, "stream_options"),
                                                 "include_usage"));

  messages = json_object_get_array_member (body, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 4);
  assistant = json_array_get_object_element (messages, 2);
  g_assert_cmpstr (json_object_get_string_member (assistant, "role"), ==, "assistant");
  g_assert_true (json_object_get_null_member (assistant, "content"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (json_object_get_array_member (assistant, "tool_calls"), 0),
                                                                                 "function"), "arguments"),
                   ==, "{\"city\":\"Köln\"}");
  tool = json_array_get_object_element (messages, 3);
  g_assert_cmpstr (json_object_get_string_member (tool, "role"), ==, "tool");
  g_assert_cmpstr (json_object_get_string_member (tool, "tool_call_id"), ==, "tk85n1k4m");

  /* Nothing Groq answers with a 400 is ever in the body. */
  {
    const char *refused[] = { "n", "logprobs", "logit_bias", "top_logprobs", "frequency_penalty",
                              "presence_penalty", "user", "metadata", "store", "functions" };

    for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
      g_assert_false (json_object_has_member (body, refused[i]));
    for (guint i = 0; i < json_array_get_length (messages); i++)
      g_assert_false (json_object_has_member (json_array_get_object_element (messages, i), "name"));
  }
}

static void
test_values_clamped (void)
{
  g_autoptr(BriskChatRequest) request = brisk_chat_request_new ("m");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body;

  brisk_chat_request_set_temperature (request, 7.5);
  brisk_chat_request_set_top_p (request, -1);
  brisk_chat_request_set_max_completion_tokens (request, 0);
  body = parse_body (request, FALSE, parser);

  g_assert_cmpfloat (json_object_get_double_member (body, "temperature"), ==, 2.0);
  g_assert_cmpfloat (json_object_get_double_member (body, "top_p"), ==, 0.0);
  g_assert_cmpint (json_object_get_int_member (body, "max_completion_tokens"), ==, 1);
  g_assert_false (json_object_has_member (body, "stream"));
}

static void
test_raw_reasoning_with_tools (void)
{
  g_autoptr(BriskChatRequest) request = brisk_chat_request_new ("qwen/qwen3-32b");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) tools = json_from_string ("[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]", NULL);
  JsonObject *body;

  brisk_chat_request_set_reasoning_format (request, BRISK_REASONING_FORMAT_RAW);
  brisk_chat_request_set_tools (request, tools, "auto");
  body = parse_body (request, FALSE, parser);

  /* Groq refuses "raw" with tools or JSON mode; "parsed" keeps the reasoning. */
  g_assert_cmpstr (json_object_get_string_member (body, "reasoning_format"), ==, "parsed");
  g_assert_cmpstr (json_object_get_string_member (body, "tool_choice"), ==, "auto");
}

static void
test_include_reasoning_alone (void)
{
  g_autoptr(BriskChatRequest) request = brisk_chat_request_new ("openai/gpt-oss-20b");
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *body;

  brisk_chat_request_set_include_reasoning (request, FALSE);
  brisk_chat_request_set_response_format_json (request, NULL, NULL, FALSE);
  body = parse_body (request, FALSE, parser);

  g_assert_false (json_object_get_boolean_member (body, "include_reasoning"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "response_format"),
                                                  "type"), ==, "json_object");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chat-request/minimal", test_minimal_request);
  g_test_add_func ("/chat-request/every-parameter", test_every_parameter);
  g_test_add_func ("/chat-request/values-clamped", test_values_clamped);
  g_test_add_func ("/chat-request/raw-reasoning-with-tools", test_raw_reasoning_with_tools);
  g_test_add_func ("/chat-request/include-reasoning-alone", test_include_reasoning_alone);

  return g_test_run ();
}

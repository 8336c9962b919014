/* brisk-chat-types.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-chat-types"

#include "config.h"

#include <json-glib/json-glib.h>

#include "brisk-chat-types.h"

G_DEFINE_BOXED_TYPE (BriskUsage, brisk_usage, brisk_usage_copy, brisk_usage_free)
G_DEFINE_BOXED_TYPE (BriskToolCall, brisk_tool_call, brisk_tool_call_copy, brisk_tool_call_free)

/**
 * brisk_usage_clear:
 *
 * Marks every count and time as not reported.
 */
void
brisk_usage_clear (BriskUsage *usage)
{
  usage->prompt_tokens = -1;
  usage->completion_tokens = -1;
  usage->total_tokens = -1;
  usage->cached_tokens = -1;
  usage->reasoning_tokens = -1;
  usage->queue_time = -1;
  usage->prompt_time = -1;
  usage->completion_time = -1;
  usage->total_time = -1;
}

gboolean
brisk_usage_is_set (const BriskUsage *usage)
{
  return usage->completion_tokens >= 0 || usage->prompt_tokens >= 0 || usage->total_time >= 0;
}

BriskUsage *
brisk_usage_copy (const BriskUsage *usage)
{
  return g_memdup2 (usage, sizeof *usage);
}

void
brisk_usage_free (BriskUsage *usage)
{
  g_free (usage);
}

BriskToolCall *
brisk_tool_call_new (const char *id,
                     const char *name,
                     const char *arguments)
{
  BriskToolCall *call = g_new0 (BriskToolCall, 1);

  call->id = g_strdup (id);
  call->index = -1;
  call->type = g_strdup ("function");
  call->name = g_strdup (name);
  call->arguments = g_string_new (arguments);

  return call;
}

BriskToolCall *
brisk_tool_call_copy (const BriskToolCall *call)
{
  BriskToolCall *copy = brisk_tool_call_new (call->id, call->name, call->arguments->str);

  copy->index = call->index;
  g_free (copy->type);
  copy->type = g_strdup (call->type);

  return copy;
}

void
brisk_tool_call_free (BriskToolCall *call)
{
  if (call == NULL)
    return;

  g_free (call->id);
  g_free (call->type);
  g_free (call->name);
  g_string_free (call->arguments, TRUE);
  g_free (call);
}

/**
 * brisk_tool_call_build_json:
 * @builder: a builder inside an array
 *
 * Adds @call in OpenAI's message format, as requests and the history both keep it.
 */
void
brisk_tool_call_build_json (const BriskToolCall *call,
                            JsonBuilder         *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, call->id ? call->id : "");
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "function");
  json_builder_set_member_name (builder, "function");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, call->name ? call->name : "");
  json_builder_set_member_name (builder, "arguments");
  json_builder_add_string_value (builder, call->arguments->len ? call->arguments->str : "{}");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/**
 * brisk_tool_calls_to_json:
 * @calls: (element-type BriskToolCall): tool calls
 *
 * Returns: (transfer full): @calls as a JSON array, for #BriskMessage:tool-calls
 */
char *
brisk_tool_calls_to_json (GPtrArray *calls)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < calls->len; i++)
    brisk_tool_call_build_json (g_ptr_array_index (calls, i), builder);
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * brisk_tool_calls_from_json:
 * @json: (nullable): what brisk_tool_calls_to_json() wrote
 *
 * Returns: (transfer full) (element-type BriskToolCall) (nullable): the calls, or %NULL when
 *   @json holds none
 */
GPtrArray *
brisk_tool_calls_from_json (const char *json)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) calls = NULL;
  JsonArray *array;

  if (json == NULL || *json == '\0')
    return NULL;
  root = json_from_string (json, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return NULL;

  array = json_node_get_array (root);
  calls = g_ptr_array_new_with_free_func ((GDestroyNotify)brisk_tool_call_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonNode *function_node;
      JsonObject *object;
      JsonObject *function;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      function_node = json_object_get_member (object, "function");
      if (function_node == NULL || !JSON_NODE_HOLDS_OBJECT (function_node))
        continue;
      function = json_node_get_object (function_node);
      g_ptr_array_add (calls,
                       brisk_tool_call_new (json_object_get_string_member_with_default (object,
                                                                                      "id", ""),
                                            json_object_get_string_member_with_default (function,
                                                                                        "name",
                                                                                        ""),
                                            json_object_get_string_member_with_default (function,
                                                                                        "arguments",
                                                                                        "")));
    }

  return calls->len > 0 ? g_steal_pointer (&calls) : NULL;
}

/* The numbers a reply's status line shows, kept with the message in the store as JSON. */
static const struct {
  const char *name;
  gsize       offset;
  gboolean    is_time;
} usage_fields[] = {
  { "prompt_tokens", G_STRUCT_OFFSET (BriskUsage, prompt_tokens), FALSE },
  { "completion_tokens", G_STRUCT_OFFSET (BriskUsage, completion_tokens), FALSE },
  { "total_tokens", G_STRUCT_OFFSET (BriskUsage, total_tokens), FALSE },
  { "cached_tokens", G_STRUCT_OFFSET (BriskUsage, cached_tokens), FALSE },
  { "reasoning_tokens", G_STRUCT_OFFSET (BriskUsage, reasoning_tokens), FALSE },
  { "queue_time", G_STRUCT_OFFSET (BriskUsage, queue_time), TRUE },
  { "prompt_time", G_STRUCT_OFFSET (BriskUsage, prompt_time), TRUE },
  { "completion_time", G_STRUCT_OFFSET (BriskUsage, completion_time), TRUE },
  { "total_time", G_STRUCT_OFFSET (BriskUsage, total_time), TRUE },
};

/**
 * brisk_usage_to_json:
 * @usage: a reply's usage
 * @time_to_first_token: seconds from request to first text as Brisk measured it, or < 0
 *
 * Returns: (transfer full): the fields that are set, as a JSON object
 */
char *
brisk_usage_to_json (const BriskUsage *usage,
                     double            time_to_first_token)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < G_N_ELEMENTS (usage_fields); i++)
    {
      const guint8 *field = (const guint8 *)usage + usage_fields[i].offset;

      if (usage_fields[i].is_time && *(const double *)field >= 0)
        {
          json_builder_set_member_name (builder, usage_fields[i].name);
          json_builder_add_double_value (builder, *(const double *)field);
        }
      else if (!usage_fields[i].is_time && *(const gint64 *)field >= 0)
        {
          json_builder_set_member_name (builder, usage_fields[i].name);
          json_builder_add_int_value (builder, *(const gint64 *)field);
        }
    }
  if (time_to_first_token >= 0)
    {
      json_builder_set_member_name (builder, "time_to_first_token");
      json_builder_add_double_value (builder, time_to_first_token);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/**
 * brisk_usage_from_json:
 * @json: (nullable): what brisk_usage_to_json() wrote
 * @usage: (out): the usage; fields missing from @json are unset
 * @time_to_first_token: (out) (optional): the measured time to first text, or -1
 *
 * Returns: whether @json held any usage
 */
gboolean
brisk_usage_from_json (const char *json,
                       BriskUsage *usage,
                       double     *time_to_first_token)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  brisk_usage_clear (usage);
  if (time_to_first_token != NULL)
    *time_to_first_token = -1;

  if (json == NULL || *json == '\0')
    return FALSE;

  root = json_from_string (json, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  for (guint i = 0; i < G_N_ELEMENTS (usage_fields); i++)
    {
      guint8 *field = (guint8 *)usage + usage_fields[i].offset;
      JsonNode *member = json_object_get_member (object, usage_fields[i].name);

      if (member == NULL || json_node_get_value_type (member) == G_TYPE_INVALID)
        continue;
      if (usage_fields[i].is_time)
        *(double *)field = json_node_get_double (member);
      else
        *(gint64 *)field = json_node_get_int (member);
    }
  if (time_to_first_token != NULL && json_object_has_member (object, "time_to_first_token"))
    *time_to_first_token = json_object_get_double_member (object, "time_to_first_token");

  return TRUE;
}

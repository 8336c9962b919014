/* brisk-chat-request.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-chat-request"

#include "config.h"

#include <math.h>

#include "brisk-chat-request.h"

/* The body of a chat completion request. Only what was set is sent, and nothing Groq answers
 * with a 400 can be expressed: there is no way to set n, logprobs, logit_bias, top_logprobs,
 * penalties or message names, and combinations Groq refuses are resolved before sending.
 */

typedef struct
{
  BriskChatRole  role;
  char          *content;
  char          *tool_call_id;
  GPtrArray     *tool_calls;
} Message;

struct _BriskChatRequest
{
  char                 *model;
  GArray               *messages;
  GPtrArray            *stop;
  char                 *reasoning_effort;
  char                 *service_tier;
  char                 *schema_name;
  JsonNode             *schema;
  JsonNode             *tools;
  char                 *tool_choice;
  double                temperature;
  double                top_p;
  gint64                max_completion_tokens;
  gint64                seed;
  BriskReasoningFormat  reasoning_format;
  gboolean              include_reasoning;
  guint                 has_temperature : 1;
  guint                 has_top_p : 1;
  guint                 has_max_completion_tokens : 1;
  guint                 has_seed : 1;
  guint                 has_include_reasoning : 1;
  guint                 json_mode : 1;
  guint                 schema_strict : 1;
};

G_DEFINE_BOXED_TYPE (BriskChatRequest, brisk_chat_request,
                     brisk_chat_request_ref, brisk_chat_request_unref)

static void
message_clear (gpointer data)
{
  Message *message = data;

  g_free (message->content);
  g_free (message->tool_call_id);
  g_clear_pointer (&message->tool_calls, g_ptr_array_unref);
}

BriskChatRequest *
brisk_chat_request_new (const char *model)
{
  BriskChatRequest *self;

  g_return_val_if_fail (model != NULL && *model != '\0', NULL);

  self = g_atomic_rc_box_new0 (BriskChatRequest);
  self->model = g_strdup (model);
  self->messages = g_array_new (FALSE, TRUE, sizeof (Message));
  g_array_set_clear_func (self->messages, message_clear);
  self->stop = g_ptr_array_new_with_free_func (g_free);

  return self;
}

BriskChatRequest *
brisk_chat_request_ref (BriskChatRequest *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
brisk_chat_request_clear (BriskChatRequest *self)
{
  g_free (self->model);
  g_array_unref (self->messages);
  g_ptr_array_unref (self->stop);
  g_free (self->reasoning_effort);
  g_free (self->service_tier);
  g_free (self->schema_name);
  g_clear_pointer (&self->schema, json_node_unref);
  g_clear_pointer (&self->tools, json_node_unref);
  g_free (self->tool_choice);
}

void
brisk_chat_request_unref (BriskChatRequest *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify)brisk_chat_request_clear);
}

const char *
brisk_chat_request_get_model (BriskChatRequest *self)
{
  return self->model;
}

void
brisk_chat_request_add_message (BriskChatRequest *self,
                                BriskChatRole     role,
                                const char       *content)
{
  Message message = { role, g_strdup (content ? content : ""), NULL, NULL };

  g_return_if_fail (self != NULL);
  g_return_if_fail (role != BRISK_CHAT_ROLE_TOOL);

  g_array_append_val (self->messages, message);
}

/**
 * brisk_chat_request_add_tool_calls:
 * @content: (nullable): text the assistant wrote along with the calls
 * @tool_calls: (element-type BriskToolCall): the calls the assistant made
 *
 * Adds an assistant turn that called tools.
 */
void
brisk_chat_request_add_tool_calls (BriskChatRequest *self,
                                   const char       *content,
                                   GPtrArray        *tool_calls)
{
  Message message = { BRISK_CHAT_ROLE_ASSISTANT, g_strdup (content), NULL, NULL };

  g_return_if_fail (self != NULL);
  g_return_if_fail (tool_calls != NULL && tool_calls->len > 0);

  message.tool_calls = g_ptr_array_new_with_free_func ((GDestroyNotify)brisk_tool_call_free);
  for (guint i = 0; i < tool_calls->len; i++)
    g_ptr_array_add (message.tool_calls, brisk_tool_call_copy (g_ptr_array_index (tool_calls, i)));

  g_array_append_val (self->messages, message);
}

void
brisk_chat_request_add_tool_result (BriskChatRequest *self,
                                    const char       *tool_call_id,
                                    const char       *content)
{
  Message message = { BRISK_CHAT_ROLE_TOOL, g_strdup (content ? content : ""),
                      g_strdup (tool_call_id), NULL };

  g_return_if_fail (self != NULL);
  g_return_if_fail (tool_call_id != NULL);

  g_array_append_val (self->messages, message);
}

guint
brisk_chat_request_get_n_messages (BriskChatRequest *self)
{
  return self->messages->len;
}

/**
 * brisk_chat_request_set_temperature:
 * @temperature: from 0 to 2; out-of-range values are clamped
 */
void
brisk_chat_request_set_temperature (BriskChatRequest *self,
                                    double            temperature)
{
  g_return_if_fail (!isnan (temperature));

  self->temperature = CLAMP (temperature, 0.0, 2.0);
  self->has_temperature = TRUE;
}

/**
 * brisk_chat_request_set_top_p:
 * @top_p: from 0 to 1; out-of-range values are clamped
 */
void
brisk_chat_request_set_top_p (BriskChatRequest *self,
                              double            top_p)
{
  g_return_if_fail (!isnan (top_p));

  self->top_p = CLAMP (top_p, 0.0, 1.0);
  self->has_top_p = TRUE;
}

/**
 * brisk_chat_request_set_max_completion_tokens:
 * @max_tokens: the most tokens the reply may use, at least 1
 *
 * Sent as `max_completion_tokens`; the older `max_tokens` is deprecated.
 */
void
brisk_chat_request_set_max_completion_tokens (BriskChatRequest *self,
                                              gint64            max_tokens)
{
  self->max_completion_tokens = MAX (1, max_tokens);
  self->has_max_completion_tokens = TRUE;
}

/**
 * brisk_chat_request_add_stop:
 * @stop: a sequence that ends the reply
 *
 * Returns: %FALSE when the request has %BRISK_CHAT_REQUEST_MAX_STOP sequences already, or
 *   @stop is empty; nothing is added then
 */
gboolean
brisk_chat_request_add_stop (BriskChatRequest *self,
                             const char       *stop)
{
  if (stop == NULL || *stop == '\0' || self->stop->len >= BRISK_CHAT_REQUEST_MAX_STOP)
    return FALSE;

  g_ptr_array_add (self->stop, g_strdup (stop));
  return TRUE;
}

void
brisk_chat_request_set_seed (BriskChatRequest *self,
                             gint64            seed)
{
  self->seed = seed;
  self->has_seed = TRUE;
}

void
brisk_chat_request_set_reasoning_format (BriskChatRequest     *self,
                                         BriskReasoningFormat  format)
{
  self->reasoning_format = format;
}

/**
 * brisk_chat_request_set_reasoning_effort:
 * @effort: (nullable): "none", "default", "low", "medium" or "high", or %NULL to unset
 */
void
brisk_chat_request_set_reasoning_effort (BriskChatRequest *self,
                                         const char       *effort)
{
  static const char * const known[] = { "none", "default", "low", "medium", "high", NULL };

  g_return_if_fail (effort == NULL || g_strv_contains (known, effort));

  g_free (self->reasoning_effort);
  self->reasoning_effort = g_strdup (effort);
}

void
brisk_chat_request_set_include_reasoning (BriskChatRequest *self,
                                          gboolean          include)
{
  self->include_reasoning = !!include;
  self->has_include_reasoning = TRUE;
}

/**
 * brisk_chat_request_set_service_tier:
 * @tier: (nullable): "auto", "on_demand", "flex" or "performance", or %NULL to unset
 */
void
brisk_chat_request_set_service_tier (BriskChatRequest *self,
                                     const char       *tier)
{
  static const char * const known[] = { "auto", "on_demand", "flex", "performance", NULL };

  g_return_if_fail (tier == NULL || g_strv_contains (known, tier));

  g_free (self->service_tier);
  self->service_tier = g_strdup (tier);
}

/**
 * brisk_chat_request_set_response_format_json:
 * @schema_name: (nullable): the schema's name; with %NULL, plain JSON mode (`json_object`)
 * @schema: (nullable): the JSON schema the reply must follow
 * @strict: whether the server must follow the schema exactly
 */
void
brisk_chat_request_set_response_format_json (BriskChatRequest *self,
                                             const char       *schema_name,
                                             JsonNode         *schema,
                                             gboolean          strict)
{
  g_return_if_fail ((schema_name == NULL) == (schema == NULL));

  self->json_mode = TRUE;
  g_free (self->schema_name);
  self->schema_name = g_strdup (schema_name);
  g_clear_pointer (&self->schema, json_node_unref);
  self->schema = schema ? json_node_copy (schema) : NULL;
  self->schema_strict = !!strict;
}

/**
 * brisk_chat_request_set_tools:
 * @tools: (nullable): an array of tool definitions in OpenAI's format, or %NULL for none
 * @tool_choice: (nullable): "none", "auto", "required" or a function name
 */
void
brisk_chat_request_set_tools (BriskChatRequest *self,
                              JsonNode         *tools,
                              const char       *tool_choice)
{
  g_return_if_fail (tools == NULL || JSON_NODE_HOLDS_ARRAY (tools));

  g_clear_pointer (&self->tools, json_node_unref);
  g_clear_pointer (&self->tool_choice, g_free);
  if (tools == NULL || json_array_get_length (json_node_get_array (tools)) == 0)
    return;

  self->tools = json_node_copy (tools);
  self->tool_choice = g_strdup (tool_choice);
}

static const char *
role_name (BriskChatRole role)
{
  switch (role)
    {
    case BRISK_CHAT_ROLE_SYSTEM: return "system";
    case BRISK_CHAT_ROLE_USER: return "user";
    case BRISK_CHAT_ROLE_ASSISTANT: return "assistant";
    case BRISK_CHAT_ROLE_TOOL: return "tool";
    default: g_return_val_if_reached ("user");
    }
}

static void
build_message (JsonBuilder   *builder,
               const Message *message)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, role_name (message->role));

  json_builder_set_member_name (builder, "content");
  if (message->content != NULL)
    json_builder_add_string_value (builder, message->content);
  else
    json_builder_add_null_value (builder);

  if (message->tool_call_id != NULL)
    {
      json_builder_set_member_name (builder, "tool_call_id");
      json_builder_add_string_value (builder, message->tool_call_id);
    }

  if (message->tool_calls != NULL)
    {
      json_builder_set_member_name (builder, "tool_calls");
      json_builder_begin_array (builder);
      for (guint i = 0; i < message->tool_calls->len; i++)
        brisk_tool_call_build_json (g_ptr_array_index (message->tool_calls, i), builder);
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
}

static const char *
reasoning_format_name (BriskReasoningFormat format)
{
  switch (format)
    {
    case BRISK_REASONING_FORMAT_HIDDEN: return "hidden";
    case BRISK_REASONING_FORMAT_RAW: return "raw";
    case BRISK_REASONING_FORMAT_PARSED: return "parsed";
    case BRISK_REASONING_FORMAT_UNSET:
    default: return NULL;
    }
}

/**
 * brisk_chat_request_to_json:
 * @stream: whether to ask for a stream of Server-Sent Events
 *
 * Returns: (transfer full): the request body
 */
GBytes *
brisk_chat_request_to_json (BriskChatRequest *self,
                            gboolean          stream)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  BriskReasoningFormat reasoning_format = self->reasoning_format;
  gsize len;
  char *text;

  g_return_val_if_fail (self != NULL, NULL);

  /* Groq answers 400 to reasoning_format "raw" with JSON mode or tools; "parsed" gives the
   * same reasoning in its own field.
   */
  if (reasoning_format == BRISK_REASONING_FORMAT_RAW && (self->json_mode || self->tools != NULL))
    reasoning_format = BRISK_REASONING_FORMAT_PARSED;

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, self->model);

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->messages->len; i++)
    build_message (builder, &g_array_index (self->messages, Message, i));
  json_builder_end_array (builder);

  if (self->has_temperature)
    {
      json_builder_set_member_name (builder, "temperature");
      json_builder_add_double_value (builder, self->temperature);
    }
  if (self->has_top_p)
    {
      json_builder_set_member_name (builder, "top_p");
      json_builder_add_double_value (builder, self->top_p);
    }
  if (self->has_max_completion_tokens)
    {
      json_builder_set_member_name (builder, "max_completion_tokens");
      json_builder_add_int_value (builder, self->max_completion_tokens);
    }
  if (self->stop->len > 0)
    {
      json_builder_set_member_name (builder, "stop");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->stop->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (self->stop, i));
      json_builder_end_array (builder);
    }
  if (self->has_seed)
    {
      json_builder_set_member_name (builder, "seed");
      json_builder_add_int_value (builder, self->seed);
    }

  /* reasoning_format and include_reasoning exclude each other; the format says more. */
  if (reasoning_format != BRISK_REASONING_FORMAT_UNSET)
    {
      json_builder_set_member_name (builder, "reasoning_format");
      json_builder_add_string_value (builder, reasoning_format_name (reasoning_format));
    }
  else if (self->has_include_reasoning)
    {
      json_builder_set_member_name (builder, "include_reasoning");
      json_builder_add_boolean_value (builder, self->include_reasoning);
    }
  if (self->reasoning_effort != NULL)
    {
      json_builder_set_member_name (builder, "reasoning_effort");
      json_builder_add_string_value (builder, self->reasoning_effort);
    }
  if (self->service_tier != NULL)
    {
      json_builder_set_member_name (builder, "service_tier");
      json_builder_add_string_value (builder, self->service_tier);
    }

  if (self->json_mode)
    {
      json_builder_set_member_name (builder, "response_format");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      if (self->schema != NULL)
        {
          json_builder_add_string_value (builder, "json_schema");
          json_builder_set_member_name (builder, "json_schema");
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, self->schema_name);
          json_builder_set_member_name (builder, "schema");
          json_builder_add_value (builder, json_node_copy (self->schema));
          json_builder_set_member_name (builder, "strict");
          json_builder_add_boolean_value (builder, self->schema_strict);
          json_builder_end_object (builder);
        }
      else
        {
          json_builder_add_string_value (builder, "json_object");
        }
      json_builder_end_object (builder);
    }

  if (self->tools != NULL)
    {
      json_builder_set_member_name (builder, "tools");
      json_builder_add_value (builder, json_node_copy (self->tools));
      if (self->tool_choice != NULL)
        {
          static const char * const modes[] = { "none", "auto", "required", NULL };

          json_builder_set_member_name (builder, "tool_choice");
          if (g_strv_contains (modes, self->tool_choice))
            {
              json_builder_add_string_value (builder, self->tool_choice);
            }
          else
            {
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "type");
              json_builder_add_string_value (builder, "function");
              json_builder_set_member_name (builder, "function");
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "name");
              json_builder_add_string_value (builder, self->tool_choice);
              json_builder_end_object (builder);
              json_builder_end_object (builder);
            }
        }
    }

  if (stream)
    {
      json_builder_set_member_name (builder, "stream");
      json_builder_add_boolean_value (builder, TRUE);
      /* OpenAI sends usage only when asked; Groq sends it anyway and accepts the option. */
      json_builder_set_member_name (builder, "stream_options");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "include_usage");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &len);

  return g_bytes_new_take (text, len);
}

/* brisk-message.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-message"

#include "config.h"

#include "brisk-core-enums.h"
#include "brisk-message.h"

/* One message of a conversation. While a reply streams, the UI appends to its content and
 * the store flushes it (BriskStore's reply writer); rows bind to the properties.
 */

struct _BriskMessage
{
  GObject parent_instance;

  gint64 id;
  gint64 conversation_id;
  char *role;
  GString *content;
  GString *reasoning;
  char *tool_calls;
  char *tool_call_id;
  char *executed_tools;
  char *model;
  BriskReplyStatus status;
  char *error;
  char *finish_reason;
  char *usage;
  gint64 created;
};

G_DEFINE_FINAL_TYPE (BriskMessage, brisk_message, G_TYPE_OBJECT)

enum {
  APPENDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_ID,
  PROP_CONVERSATION_ID,
  PROP_ROLE,
  PROP_CONTENT,
  PROP_REASONING,
  PROP_TOOL_CALLS,
  PROP_TOOL_CALL_ID,
  PROP_EXECUTED_TOOLS,
  PROP_MODEL,
  PROP_STATUS,
  PROP_ERROR,
  PROP_FINISH_REASON,
  PROP_USAGE,
  PROP_CREATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
brisk_message_finalize (GObject *object)
{
  BriskMessage *self = (BriskMessage *)object;

  g_free (self->role);
  g_string_free (self->content, TRUE);
  g_string_free (self->reasoning, TRUE);
  g_free (self->tool_calls);
  g_free (self->tool_call_id);
  g_free (self->executed_tools);
  g_free (self->model);
  g_free (self->error);
  g_free (self->finish_reason);
  g_free (self->usage);

  G_OBJECT_CLASS (brisk_message_parent_class)->finalize (object);
}

static void
brisk_message_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  BriskMessage *self = BRISK_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;
    case PROP_CONVERSATION_ID:
      g_value_set_int64 (value, self->conversation_id);
      break;
    case PROP_ROLE:
      g_value_set_string (value, self->role);
      break;
    case PROP_CONTENT:
      g_value_set_string (value, self->content->str);
      break;
    case PROP_REASONING:
      g_value_set_string (value, self->reasoning->str);
      break;
    case PROP_TOOL_CALLS:
      g_value_set_string (value, self->tool_calls);
      break;
    case PROP_TOOL_CALL_ID:
      g_value_set_string (value, self->tool_call_id);
      break;
    case PROP_EXECUTED_TOOLS:
      g_value_set_string (value, self->executed_tools);
      break;
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_FINISH_REASON:
      g_value_set_string (value, self->finish_reason);
      break;
    case PROP_USAGE:
      g_value_set_string (value, self->usage);
      break;
    case PROP_CREATED:
      g_value_set_int64 (value, self->created);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_message_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  BriskMessage *self = BRISK_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;
    case PROP_CONVERSATION_ID:
      self->conversation_id = g_value_get_int64 (value);
      break;
    case PROP_ROLE:
      g_free (self->role);
      self->role = g_value_dup_string (value);
      break;
    case PROP_CONTENT:
      brisk_message_set_content (self, g_value_get_string (value));
      break;
    case PROP_REASONING:
      brisk_message_set_reasoning (self, g_value_get_string (value));
      break;
    case PROP_TOOL_CALLS:
      brisk_message_set_tool_calls (self, g_value_get_string (value));
      break;
    case PROP_TOOL_CALL_ID:
      brisk_message_set_tool_call_id (self, g_value_get_string (value));
      break;
    case PROP_EXECUTED_TOOLS:
      brisk_message_set_executed_tools (self, g_value_get_string (value));
      break;
    case PROP_MODEL:
      brisk_message_set_model (self, g_value_get_string (value));
      break;
    case PROP_STATUS:
      brisk_message_set_status (self, g_value_get_enum (value));
      break;
    case PROP_ERROR:
      brisk_message_set_error (self, g_value_get_string (value));
      break;
    case PROP_FINISH_REASON:
      brisk_message_set_finish_reason (self, g_value_get_string (value));
      break;
    case PROP_USAGE:
      brisk_message_set_usage (self, g_value_get_string (value));
      break;
    case PROP_CREATED:
      self->created = g_value_get_int64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_message_class_init (BriskMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = brisk_message_finalize;
  object_class->get_property = brisk_message_get_property;
  object_class->set_property = brisk_message_set_property;

  /**
   * BriskMessage:id:
   *
   * The row id in the store.
   */
  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONVERSATION_ID] =
    g_param_spec_int64 ("conversation-id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskMessage:role:
   *
   * "system", "user", "assistant" or "tool".
   */
  properties[PROP_ROLE] =
    g_param_spec_string ("role", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONTENT] =
    g_param_spec_string ("content", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REASONING] =
    g_param_spec_string ("reasoning", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskMessage:tool-calls:
   *
   * The tool calls the assistant made, as a JSON array in OpenAI's format.
   */
  properties[PROP_TOOL_CALLS] =
    g_param_spec_string ("tool-calls", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskMessage:tool-call-id:
   *
   * For a tool result, the call it answers.
   */
  properties[PROP_TOOL_CALL_ID] =
    g_param_spec_string ("tool-call-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskMessage:executed-tools:
   *
   * For an answer of one of Groq's compound systems, the tools it ran on the server (web
   * searches, code execution) as the JSON array it reported.
   */
  properties[PROP_EXECUTED_TOOLS] =
    g_param_spec_string ("executed-tools", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, BRISK_TYPE_REPLY_STATUS, BRISK_REPLY_STATUS_COMPLETE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskMessage:error:
   *
   * Why the reply is not complete, as shown to the user.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FINISH_REASON] =
    g_param_spec_string ("finish-reason", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskMessage:usage:
   *
   * Token counts and Groq's timings, as a JSON object.
   */
  properties[PROP_USAGE] =
    g_param_spec_string ("usage", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * BriskMessage:created:
   *
   * When it was created, in microseconds since the epoch.
   */
  properties[PROP_CREATED] =
    g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BriskMessage::appended:
   * @kind: %BRISK_DELTA_CONTENT or %BRISK_DELTA_REASONING
   * @text: the text just added
   *
   * Streamed text was added. A view renders the new text from here instead of re-reading the
   * whole content on every notify, so its cost per token does not grow with the reply.
   */
  signals[APPENDED] =
    g_signal_new ("appended",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
brisk_message_init (BriskMessage *self)
{
  self->content = g_string_new (NULL);
  self->reasoning = g_string_new (NULL);
  self->status = BRISK_REPLY_STATUS_COMPLETE;
}

gint64
brisk_message_get_id (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), 0);

  return self->id;
}

gint64
brisk_message_get_conversation_id (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), 0);

  return self->conversation_id;
}

const char *
brisk_message_get_role (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), NULL);

  return self->role;
}

const char *
brisk_message_get_content (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), NULL);

  return self->content->str;
}

void
brisk_message_set_content (BriskMessage *self,
                           const char   *content)
{
  g_return_if_fail (BRISK_IS_MESSAGE (self));

  if (g_strcmp0 (self->content->str, content) == 0)
    return;

  g_string_assign (self->content, content ? content : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}

const char *
brisk_message_get_reasoning (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), NULL);

  return self->reasoning->str;
}

void
brisk_message_set_reasoning (BriskMessage *self,
                             const char   *reasoning)
{
  g_return_if_fail (BRISK_IS_MESSAGE (self));

  if (g_strcmp0 (self->reasoning->str, reasoning) == 0)
    return;

  g_string_assign (self->reasoning, reasoning ? reasoning : "");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASONING]);
}

const char *
brisk_message_get_tool_calls (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), NULL);

  return self->tool_calls;
}

void
brisk_message_set_tool_calls (BriskMessage *self,
                              const char *tool_calls)
{
  g_return_if_fail (BRISK_IS_MESSAGE (self));

  if (g_strcmp0 (self->tool_calls, tool_calls) == 0)
    return;

  g_free (self->tool_calls);
  self->tool_calls = g_strdup (tool_calls);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL_CALLS]);
}

const char *
brisk_message_get_tool_call_id (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), NULL);

  return self->tool_call_id;
}

void
brisk_message_set_tool_call_id (BriskMessage *self,
                                const char *tool_call_id)
{
  g_return_if_fail (BRISK_IS_MESSAGE (self));

  if (g_strcmp0 (self->tool_call_id, tool_call_id) == 0)
    return;

  g_free (self->tool_call_id);
  self->tool_call_id = g_strdup (tool_call_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOOL_CALL_ID]);
}

const char *
brisk_message_get_executed_tools (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), NULL);

  return self->executed_tools;
}

void
brisk_message_set_executed_tools (BriskMessage *self,
                                  const char   *executed_tools)
{
  g_return_if_fail (BRISK_IS_MESSAGE (self));

  if (g_strcmp0 (self->executed_tools, executed_tools) == 0)
    return;

  g_free (self->executed_tools);
  self->executed_tools = g_strdup (executed_tools);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXECUTED_TOOLS]);
}

const char *
brisk_message_get_model (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), NULL);

  return self->model;
}

void
brisk_message_set_model (BriskMessage *self,
                         const char *model)
{
  g_return_if_fail (BRISK_IS_MESSAGE (self));

  if (g_strcmp0 (self->model, model) == 0)
    return;

  g_free (self->model);
  self->model = g_strdup (model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

BriskReplyStatus
brisk_message_get_status (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), BRISK_REPLY_STATUS_FAILED);

  return self->status;
}

void
brisk_message_set_status (BriskMessage *self,
                          BriskReplyStatus status)
{
  g_return_if_fail (BRISK_IS_MESSAGE (self));

  if (self->status == status)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

const char *
brisk_message_get_error (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), NULL);

  return self->error;
}

void
brisk_message_set_error (BriskMessage *self,
                         const char *error)
{
  g_return_if_fail (BRISK_IS_MESSAGE (self));

  if (g_strcmp0 (self->error, error) == 0)
    return;

  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

const char *
brisk_message_get_finish_reason (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), NULL);

  return self->finish_reason;
}

void
brisk_message_set_finish_reason (BriskMessage *self,
                                 const char *finish_reason)
{
  g_return_if_fail (BRISK_IS_MESSAGE (self));

  if (g_strcmp0 (self->finish_reason, finish_reason) == 0)
    return;

  g_free (self->finish_reason);
  self->finish_reason = g_strdup (finish_reason);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISH_REASON]);
}

const char *
brisk_message_get_usage (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), NULL);

  return self->usage;
}

void
brisk_message_set_usage (BriskMessage *self,
                         const char *usage)
{
  g_return_if_fail (BRISK_IS_MESSAGE (self));

  if (g_strcmp0 (self->usage, usage) == 0)
    return;

  g_free (self->usage);
  self->usage = g_strdup (usage);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USAGE]);
}

gint64
brisk_message_get_created (BriskMessage *self)
{
  g_return_val_if_fail (BRISK_IS_MESSAGE (self), 0);

  return self->created;
}


/**
 * brisk_message_append:
 * @kind: %BRISK_DELTA_CONTENT or %BRISK_DELTA_REASONING
 * @text: text that just streamed in
 *
 * Adds streamed text at amortised constant cost, however long the reply grows.
 */
void
brisk_message_append (BriskMessage   *self,
                      BriskDeltaKind  kind,
                      const char     *text)
{
  g_return_if_fail (BRISK_IS_MESSAGE (self));
  g_return_if_fail (kind != BRISK_DELTA_TOOL_CALLS);

  if (text == NULL || *text == '\0')
    return;

  if (kind == BRISK_DELTA_CONTENT)
    {
      g_string_append (self->content, text);
      g_signal_emit (self, signals[APPENDED], 0, kind, text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
    }
  else
    {
      g_string_append (self->reasoning, text);
      g_signal_emit (self, signals[APPENDED], 0, kind, text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASONING]);
    }
}

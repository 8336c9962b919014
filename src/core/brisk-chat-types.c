/* brisk-chat-types.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-chat-types"

#include "config.h"

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

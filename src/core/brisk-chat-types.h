/* brisk-chat-types.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * BriskReplyStatus:
 * @BRISK_REPLY_STATUS_STREAMING: the reply is still arriving
 * @BRISK_REPLY_STATUS_COMPLETE: the server said why it stopped (a finish reason arrived)
 * @BRISK_REPLY_STATUS_INTERRUPTED: the stream ended or dropped before a finish reason
 * @BRISK_REPLY_STATUS_FAILED: an error ended the reply
 * @BRISK_REPLY_STATUS_CANCELLED: the user stopped it
 *
 * A reply counts as complete only when the server said why it stopped; a stream that just
 * ends is never mistaken for a finished answer.
 */
typedef enum
{
  BRISK_REPLY_STATUS_STREAMING,
  BRISK_REPLY_STATUS_COMPLETE,
  BRISK_REPLY_STATUS_INTERRUPTED,
  BRISK_REPLY_STATUS_FAILED,
  BRISK_REPLY_STATUS_CANCELLED,
} BriskReplyStatus;

/**
 * BriskDeltaKind:
 * @BRISK_DELTA_CONTENT: more answer text
 * @BRISK_DELTA_REASONING: more reasoning ("thinking") text
 * @BRISK_DELTA_TOOL_CALLS: the tool calls changed
 */
typedef enum
{
  BRISK_DELTA_CONTENT,
  BRISK_DELTA_REASONING,
  BRISK_DELTA_TOOL_CALLS,
} BriskDeltaKind;

/**
 * BriskUsage:
 *
 * Token counts and Groq's timings for one reply. Times are in seconds; a negative time or
 * count means the server did not report it.
 */
typedef struct
{
  gint64 prompt_tokens;
  gint64 completion_tokens;
  gint64 total_tokens;
  gint64 cached_tokens;
  gint64 reasoning_tokens;
  double queue_time;
  double prompt_time;
  double completion_time;
  double total_time;
} BriskUsage;

#define BRISK_TYPE_USAGE (brisk_usage_get_type ())

GType       brisk_usage_get_type (void) G_GNUC_CONST;
BriskUsage *brisk_usage_copy     (const BriskUsage *usage);
void        brisk_usage_free     (BriskUsage       *usage);
void        brisk_usage_clear    (BriskUsage       *usage);
gboolean    brisk_usage_is_set   (const BriskUsage *usage);
char       *brisk_usage_to_json  (const BriskUsage *usage,
                                  double            time_to_first_token);
gboolean    brisk_usage_from_json (const char      *json,
                                  BriskUsage       *usage,
                                  double           *time_to_first_token);

/**
 * BriskToolCall:
 * @id: the call's id, opaque (Groq's format has changed over time)
 * @index: the index the server gave, or -1
 * @type: "function"
 * @name: the function name
 * @arguments: the arguments, as JSON text assembled from the stream
 */
typedef struct
{
  char    *id;
  int      index;
  char    *type;
  char    *name;
  GString *arguments;
} BriskToolCall;

#define BRISK_TYPE_TOOL_CALL (brisk_tool_call_get_type ())

GType          brisk_tool_call_get_type (void) G_GNUC_CONST;
BriskToolCall *brisk_tool_call_new      (const char          *id,
                                         const char          *name,
                                         const char          *arguments);
BriskToolCall *brisk_tool_call_copy     (const BriskToolCall *call);
void           brisk_tool_call_free     (BriskToolCall       *call);
void           brisk_tool_call_build_json (const BriskToolCall *call,
                                           JsonBuilder         *builder);
char          *brisk_tool_calls_to_json   (GPtrArray           *calls);
GPtrArray     *brisk_tool_calls_from_json (const char          *json);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BriskUsage, brisk_usage_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BriskToolCall, brisk_tool_call_free)

G_END_DECLS

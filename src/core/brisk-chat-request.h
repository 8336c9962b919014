/* brisk-chat-request.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "brisk-chat-types.h"

G_BEGIN_DECLS

typedef enum
{
  BRISK_CHAT_ROLE_SYSTEM,
  BRISK_CHAT_ROLE_USER,
  BRISK_CHAT_ROLE_ASSISTANT,
  BRISK_CHAT_ROLE_TOOL,
} BriskChatRole;

/**
 * BriskReasoningFormat:
 * @BRISK_REASONING_FORMAT_UNSET: let the server decide
 * @BRISK_REASONING_FORMAT_HIDDEN: only the answer
 * @BRISK_REASONING_FORMAT_RAW: reasoning inside `<think>` tags in the answer text
 * @BRISK_REASONING_FORMAT_PARSED: reasoning in a separate field
 */
typedef enum
{
  BRISK_REASONING_FORMAT_UNSET,
  BRISK_REASONING_FORMAT_HIDDEN,
  BRISK_REASONING_FORMAT_RAW,
  BRISK_REASONING_FORMAT_PARSED,
} BriskReasoningFormat;

#define BRISK_CHAT_REQUEST_MAX_STOP 4

typedef struct _BriskChatRequest BriskChatRequest;

#define BRISK_TYPE_CHAT_REQUEST (brisk_chat_request_get_type ())

GType             brisk_chat_request_get_type                  (void) G_GNUC_CONST;
BriskChatRequest *brisk_chat_request_new                       (const char           *model);
BriskChatRequest *brisk_chat_request_ref                       (BriskChatRequest     *self);
void              brisk_chat_request_unref                     (BriskChatRequest     *self);
const char       *brisk_chat_request_get_model                 (BriskChatRequest     *self);
void              brisk_chat_request_add_message               (BriskChatRequest     *self,
                                                                BriskChatRole         role,
                                                                const char           *content);
void              brisk_chat_request_add_tool_calls            (BriskChatRequest     *self,
                                                                const char           *content,
                                                                GPtrArray            *tool_calls);
void              brisk_chat_request_add_tool_result           (BriskChatRequest     *self,
                                                                const char           *tool_call_id,
                                                                const char           *content);
guint             brisk_chat_request_get_n_messages            (BriskChatRequest     *self);
void              brisk_chat_request_set_temperature           (BriskChatRequest     *self,
                                                                double                temperature);
void              brisk_chat_request_set_top_p                 (BriskChatRequest     *self,
                                                                double                top_p);
void              brisk_chat_request_set_max_completion_tokens (BriskChatRequest     *self,
                                                                gint64                max_tokens);
gboolean          brisk_chat_request_add_stop                  (BriskChatRequest     *self,
                                                                const char           *stop);
void              brisk_chat_request_set_seed                  (BriskChatRequest     *self,
                                                                gint64                seed);
void              brisk_chat_request_set_reasoning_format      (BriskChatRequest     *self,
                                                                BriskReasoningFormat  format);
void              brisk_chat_request_set_reasoning_effort      (BriskChatRequest     *self,
                                                                const char           *effort);
void              brisk_chat_request_set_include_reasoning     (BriskChatRequest     *self,
                                                                gboolean              include);
void              brisk_chat_request_set_service_tier          (BriskChatRequest     *self,
                                                                const char           *tier);
void              brisk_chat_request_set_response_format_json  (BriskChatRequest     *self,
                                                                const char           *schema_name,
                                                                JsonNode             *schema,
                                                                gboolean              strict);
void              brisk_chat_request_set_tools                 (BriskChatRequest     *self,
                                                                JsonNode             *tools,
                                                                const char           *tool_choice);
GBytes           *brisk_chat_request_to_json                   (BriskChatRequest     *self,
                                                                gboolean              stream);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BriskChatRequest, brisk_chat_request_unref)

G_END_DECLS

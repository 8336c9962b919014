/* brisk-chat-stream.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-chat-request.h"
#include "brisk-chat-types.h"
#include "brisk-rate-limits.h"

G_BEGIN_DECLS

#define BRISK_TYPE_CHAT_STREAM (brisk_chat_stream_get_type())

G_DECLARE_FINAL_TYPE (BriskChatStream, brisk_chat_stream, BRISK, CHAT_STREAM, GObject)

BriskChatStream       *brisk_chat_stream_new                    (BriskChatRequest *request);
BriskChatRequest      *brisk_chat_stream_get_request            (BriskChatStream  *self);
BriskReplyStatus       brisk_chat_stream_get_status             (BriskChatStream  *self);
const GError          *brisk_chat_stream_get_error              (BriskChatStream  *self);
const char            *brisk_chat_stream_get_finish_reason      (BriskChatStream  *self);
const char            *brisk_chat_stream_get_request_id         (BriskChatStream  *self);
const char            *brisk_chat_stream_get_model              (BriskChatStream  *self);
const BriskUsage      *brisk_chat_stream_get_usage              (BriskChatStream  *self);
const BriskRateLimits *brisk_chat_stream_get_rate_limits        (BriskChatStream  *self);
GPtrArray             *brisk_chat_stream_get_tool_calls         (BriskChatStream  *self);
const char            *brisk_chat_stream_get_failed_generation  (BriskChatStream  *self);
const char            *brisk_chat_stream_get_executed_tools     (BriskChatStream  *self);
double                 brisk_chat_stream_get_time_to_first_delta (BriskChatStream *self);
double                 brisk_chat_stream_get_duration           (BriskChatStream  *self);
guint                  brisk_chat_stream_get_n_attempts         (BriskChatStream  *self);
guint64                brisk_chat_stream_get_n_bytes            (BriskChatStream  *self);

G_END_DECLS

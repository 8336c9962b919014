/* brisk-chat-stream-private.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-chat-stream.h"
#include "brisk-chunk-decoder.h"

G_BEGIN_DECLS

void     _brisk_chat_stream_begin_attempt  (BriskChatStream       *self);
void     _brisk_chat_stream_set_response_info (BriskChatStream     *self,
                                            const char            *request_id,
                                            const char            *failed_generation);
void     _brisk_chat_stream_set_rate_limits (BriskChatStream      *self,
                                            const BriskRateLimits *limits);
void     _brisk_chat_stream_emit_deltas    (BriskChatStream       *self,
                                            BriskChunkDecoder     *decoder);
void     _brisk_chat_stream_add_bytes      (BriskChatStream       *self,
                                            gsize                  n_bytes);
void     _brisk_chat_stream_end            (BriskChatStream       *self,
                                            BriskChunkDecoder     *decoder,
                                            BriskReplyStatus       status,
                                            const GError          *error);

G_END_DECLS

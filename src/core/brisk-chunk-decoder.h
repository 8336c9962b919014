/* brisk-chunk-decoder.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "brisk-chat-types.h"

G_BEGIN_DECLS

/* More malformed chunks than this in one reply is a protocol error, not bad luck. */
#define BRISK_CHUNK_DECODER_MAX_MALFORMED 8

typedef struct _BriskChunkDecoder BriskChunkDecoder;

BriskChunkDecoder *brisk_chunk_decoder_new                (void);
void               brisk_chunk_decoder_free               (BriskChunkDecoder  *self);
gboolean           brisk_chunk_decoder_feed               (BriskChunkDecoder  *self,
                                                           const char         *event_type,
                                                           const char         *data,
                                                           gsize               len,
                                                           GError            **error);
void               brisk_chunk_decoder_finish             (BriskChunkDecoder  *self);
gboolean           brisk_chunk_decoder_is_done            (BriskChunkDecoder  *self);
gboolean           brisk_chunk_decoder_has_output         (BriskChunkDecoder  *self);
GString           *brisk_chunk_decoder_get_pending        (BriskChunkDecoder  *self,
                                                           BriskDeltaKind      kind);
gboolean           brisk_chunk_decoder_take_tool_calls_changed
                                                          (BriskChunkDecoder  *self);
GPtrArray         *brisk_chunk_decoder_get_tool_calls     (BriskChunkDecoder  *self);
JsonArray         *brisk_chunk_decoder_get_executed_tools (BriskChunkDecoder  *self);
const char        *brisk_chunk_decoder_get_finish_reason  (BriskChunkDecoder  *self);
const BriskUsage  *brisk_chunk_decoder_get_usage          (BriskChunkDecoder  *self);
const char        *brisk_chunk_decoder_get_request_id     (BriskChunkDecoder  *self);
const char        *brisk_chunk_decoder_get_completion_id  (BriskChunkDecoder  *self);
const char        *brisk_chunk_decoder_get_model          (BriskChunkDecoder  *self);
const char        *brisk_chunk_decoder_get_error_code     (BriskChunkDecoder  *self);
const char        *brisk_chunk_decoder_get_failed_generation
                                                          (BriskChunkDecoder  *self);
guint              brisk_chunk_decoder_get_n_malformed    (BriskChunkDecoder  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BriskChunkDecoder, brisk_chunk_decoder_free)

G_END_DECLS

/* brisk-sse-parser.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Limits of one reply: past them the stream ends with a protocol error instead of growing
 * memory without bound, whatever the server sends.
 */
#define BRISK_SSE_MAX_EVENT_BYTES  (16 * 1024 * 1024)
#define BRISK_SSE_MAX_STREAM_BYTES (64 * 1024 * 1024)

typedef struct _BriskSseParser BriskSseParser;

/**
 * BriskSseEventFunc:
 * @type: the event type ("message" when the event named none)
 * @data: the event's data, its lines joined with "\n"; not NUL-terminated, since it is often
 *   read where it lies in the input
 * @data_len: length of @data in bytes
 * @user_data: closure data
 *
 * Returns: %TRUE to go on, %FALSE to stop parsing (the rest of the input is ignored)
 */
typedef gboolean (*BriskSseEventFunc) (const char *type,
                                       const char *data,
                                       gsize       data_len,
                                       gpointer    user_data);

BriskSseParser *brisk_sse_parser_new        (gsize              max_event_bytes,
                                             gsize              max_stream_bytes);
void            brisk_sse_parser_free       (BriskSseParser    *self);
gboolean        brisk_sse_parser_feed       (BriskSseParser    *self,
                                             const char        *bytes,
                                             gsize              len,
                                             BriskSseEventFunc  func,
                                             gpointer           user_data,
                                             GError           **error);
gboolean        brisk_sse_parser_finish     (BriskSseParser    *self,
                                             BriskSseEventFunc  func,
                                             gpointer           user_data,
                                             GError           **error);
gboolean        brisk_sse_parser_is_stopped (BriskSseParser    *self);
guint64         brisk_sse_parser_get_n_bytes (BriskSseParser   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BriskSseParser, brisk_sse_parser_free)

G_END_DECLS

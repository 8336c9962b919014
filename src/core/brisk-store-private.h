/* brisk-store-private.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "brisk-store.h"

G_BEGIN_DECLS

BriskStore       *_brisk_store_open_with_migrations (const char         *path,
                                                     const char * const *extra_migrations,
                                                     GError            **error);
const char       *_brisk_reply_status_to_string     (BriskReplyStatus    status);
BriskReplyStatus  _brisk_reply_status_from_string   (const char         *status);
sqlite3          *_brisk_store_get_db               (BriskStore         *self);
void              _brisk_store_emit_conversations_changed (BriskStore   *self);
void              _brisk_store_set_max_page_count   (BriskStore         *self,
                                                     guint               max_pages);

void              _brisk_store_bind_text            (sqlite3_stmt       *stmt,
                                                     int                 index,
                                                     const char         *text);

void              _brisk_store_check_integrity      (BriskStore         *self);

G_END_DECLS

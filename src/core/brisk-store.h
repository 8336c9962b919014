/* brisk-store.h
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "brisk-conversation.h"
#include "brisk-message.h"

G_BEGIN_DECLS

#define BRISK_STORE_ERROR (brisk_store_error_quark ())

/**
 * BriskStoreError:
 * @BRISK_STORE_ERROR_NEWER_VERSION: the database comes from a newer Brisk; it is only read
 * @BRISK_STORE_ERROR_READ_ONLY: nothing can be written (newer database, read-only folder)
 * @BRISK_STORE_ERROR_DISK_FULL: the disk is full
 * @BRISK_STORE_ERROR_NOT_FOUND: no such conversation or message
 * @BRISK_STORE_ERROR_INVALID_EXPORT: the file to import is not a Brisk export
 * @BRISK_STORE_ERROR_FAILED: anything else SQLite reported
 */
typedef enum
{
  BRISK_STORE_ERROR_NEWER_VERSION,
  BRISK_STORE_ERROR_READ_ONLY,
  BRISK_STORE_ERROR_DISK_FULL,
  BRISK_STORE_ERROR_NOT_FOUND,
  BRISK_STORE_ERROR_INVALID_EXPORT,
  BRISK_STORE_ERROR_FAILED,
} BriskStoreError;

/* The schema version this Brisk writes (PRAGMA user_version). */
#define BRISK_STORE_SCHEMA_VERSION 2

typedef struct
{
  gint64  conversation_id;
  gint64  message_id;      /* 0 when the title matched */
  char   *title;
  char   *snippet;         /* the match wrapped in U+E000 … U+E001 */
} BriskSearchHit;

#define BRISK_SEARCH_MATCH_START "\xEE\x80\x80"
#define BRISK_SEARCH_MATCH_END   "\xEE\x80\x81"

void brisk_search_hit_free (BriskSearchHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BriskSearchHit, brisk_search_hit_free)

#define BRISK_TYPE_STORE (brisk_store_get_type())

G_DECLARE_FINAL_TYPE (BriskStore, brisk_store, BRISK, STORE, GObject)

GQuark             brisk_store_error_quark           (void);
char              *brisk_store_get_default_path      (void);
BriskStore        *brisk_store_open                  (const char         *path,
                                                      GError            **error);
const char        *brisk_store_get_path              (BriskStore         *self);
const char        *brisk_store_get_moved_aside_path  (BriskStore         *self);
gboolean           brisk_store_get_read_only         (BriskStore         *self);
gboolean           brisk_store_recover               (BriskStore         *self,
                                                      GError            **error);
void               brisk_store_close                 (BriskStore         *self);

BriskConversation *brisk_store_create_conversation   (BriskStore         *self,
                                                      const char         *provider,
                                                      const char         *model,
                                                      GError            **error);
gboolean           brisk_store_save_conversation     (BriskStore         *self,
                                                      BriskConversation  *conversation,
                                                      GError            **error);
BriskConversation *brisk_store_get_conversation      (BriskStore         *self,
                                                      gint64              id,
                                                      GError            **error);
guint              brisk_store_count_conversations   (BriskStore         *self,
                                                      gboolean            archived);
GPtrArray         *brisk_store_list_conversations    (BriskStore         *self,
                                                      gboolean            archived,
                                                      guint               offset,
                                                      guint               limit,
                                                      GError            **error);
gboolean           brisk_store_delete_conversation   (BriskStore         *self,
                                                      gint64              id,
                                                      GError            **error);
gboolean           brisk_store_undo_delete           (BriskStore         *self,
                                                      gint64              id,
                                                      GError            **error);
gboolean           brisk_store_commit_deletions      (BriskStore         *self,
                                                      GError            **error);
gboolean           brisk_store_delete_all            (BriskStore         *self,
                                                      GError            **error);
BriskConversation *brisk_store_duplicate_conversation (BriskStore        *self,
                                                      gint64              id,
                                                      GError            **error);

BriskMessage      *brisk_store_add_message           (BriskStore         *self,
                                                      gint64              conversation_id,
                                                      const char         *role,
                                                      const char         *content,
                                                      BriskReplyStatus    status,
                                                      GError            **error);
gboolean           brisk_store_save_message          (BriskStore         *self,
                                                      BriskMessage       *message,
                                                      GError            **error);
GPtrArray         *brisk_store_list_messages         (BriskStore         *self,
                                                      gint64              conversation_id,
                                                      gint64              before_id,
                                                      guint               limit,
                                                      GError            **error);
gint64             brisk_store_count_message_chars   (BriskStore         *self,
                                                      gint64              conversation_id,
                                                      gint64              before_id,
                                                      GError            **error);
gboolean           brisk_store_delete_message        (BriskStore         *self,
                                                      gint64              message_id,
                                                      GError            **error);

void               brisk_store_track_reply           (BriskStore         *self,
                                                      BriskMessage       *message);
void               brisk_store_finish_reply          (BriskStore         *self,
                                                      BriskMessage       *message);
gboolean           brisk_store_flush                 (BriskStore         *self,
                                                      GError            **error);

GPtrArray         *brisk_store_search                (BriskStore         *self,
                                                      const char         *query,
                                                      guint               limit,
                                                      GError            **error);

char              *brisk_store_export_markdown       (BriskStore         *self,
                                                      gint64              conversation_id,
                                                      GError            **error);
JsonNode          *brisk_store_export_json           (BriskStore         *self,
                                                      const gint64       *conversation_ids,
                                                      guint               n_ids,
                                                      GError            **error);
gboolean           brisk_store_export_all_to_file    (BriskStore         *self,
                                                      GFile              *file,
                                                      GCancellable       *cancellable,
                                                      GError            **error);
GPtrArray         *brisk_store_import_json           (BriskStore         *self,
                                                      JsonNode           *export,
                                                      GError            **error);
gboolean           brisk_store_vacuum                (BriskStore         *self,
                                                      GError            **error);

G_END_DECLS

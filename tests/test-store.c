/* test-store.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include "brisk-conversation-list.h"
#include "brisk-test-server.h"
#include "brisk-store-private.h"

#define WAIT_LIMIT_SECONDS 60

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("brisk-test-store-XXXXXX", NULL);
  fixture->path = g_build_filename (fixture->dir, "brisk", "brisk.db", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  brisk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static BriskStore *
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  BriskStore *store = brisk_store_open (fixture->path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static int
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *)sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static BriskConversation *
add_conversation (BriskStore *store,
                  const char *title,
                  gint64      updated)
{
  g_autoptr(GError) error = NULL;
  BriskConversation *conversation = brisk_store_create_conversation (store, "groq", "llama-3.1-8b-instant",
                                                                     &error);

  g_assert_no_error (error);
  brisk_conversation_set_title (conversation, title);
  brisk_conversation_set_updated (conversation, updated);
  g_assert_true (brisk_store_save_conversation (store, conversation, &error));
  g_assert_no_error (error);

  return conversation;
}

static BriskMessage *
add_message (BriskStore       *store,
             gint64            conversation_id,
             const char       *role,
             const char       *content,
             BriskReplyStatus  status)
{
  g_autoptr(GError) error = NULL;
  BriskMessage *message = brisk_store_add_message (store, conversation_id, role, content, status,
                                                   &error);

  g_assert_no_error (error);
  g_assert_nonnull (message);
  return message;
}

static void
test_schema_created (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(BriskStore) store = open_store (fixture);

  g_assert_cmpint (query_int (fixture->path, "PRAGMA user_version"), ==, BRISK_STORE_SCHEMA_VERSION);
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM sqlite_master WHERE name IN "
                                             "('conversations', 'messages', 'messages_fts', 'conversations_fts')"),
                   ==, 4);
  {
    g_autofree char *mode = query_text (fixture->path, "PRAGMA journal_mode");

    g_assert_cmpstr (mode, ==, "wal");
  }
  g_assert_false (brisk_store_get_read_only (store));
  g_assert_null (brisk_store_get_moved_aside_path (store));
}

static void
test_migration (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const good[] = { "ALTER TABLE conversations ADD COLUMN color TEXT", NULL };
  const char * const bad[] = { "ALTER TABLE conversations ADD COLUMN folder TEXT; THIS IS NOT SQL", NULL };
  g_autofree char *backup = g_strdup_printf ("%s.backup-v%d", fixture->path,
                                             BRISK_STORE_SCHEMA_VERSION);
  g_autoptr(GError) error = NULL;
  gint64 id;

  /* A history of the current version with a conversation in it. */
  {
    g_autoptr(BriskStore) store = open_store (fixture);
    g_autoptr(BriskConversation) conversation = add_conversation (store, "Kept", 1);

    id = brisk_conversation_get_id (conversation);
    add_message (store, id, "user", "still here", BRISK_REPLY_STATUS_COMPLETE);
  }

  /* A migration that fails leaves the old database as it was. */
  {
    BriskStore *store = _brisk_store_open_with_migrations (fixture->path, bad, &error);

    g_assert_null (store);
    g_assert_error (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_FAILED);
    g_clear_error (&error);
    g_assert_cmpint (query_int (fixture->path, "PRAGMA user_version"), ==,
                     BRISK_STORE_SCHEMA_VERSION);
    g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM pragma_table_info('conversations')"
                                               " WHERE name = 'folder'"), ==, 0);
    /* A copy was taken before anything was touched. */
    g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
    g_assert_cmpint (query_int (backup, "SELECT count(*) FROM messages"), ==, 1);
    g_unlink (backup);
  }

  /* A migration that works moves to the next version and keeps everything. */
  {
    g_autoptr(BriskStore) store = _brisk_store_open_with_migrations (fixture->path, good, &error);
    g_autoptr(GPtrArray) messages = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (query_int (fixture->path, "PRAGMA user_version"), ==,
                     BRISK_STORE_SCHEMA_VERSION + 1);
    g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM pragma_table_info('conversations')"
                                               " WHERE name = 'color'"), ==, 1);
    messages = brisk_store_list_messages (store, id, 0, 10, &error);
    g_assert_cmpuint (messages->len, ==, 1);
    g_assert_cmpstr (brisk_message_get_content (g_ptr_array_index (messages, 0)), ==, "still here");
    g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  }
}

/* Version 2 adds the tools a compound system ran to each message; a version-1 history gets
 * the column and keeps everything.
 */
static void
test_migration_v1_to_v2 (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *backup = g_strconcat (fixture->path, ".backup-v1", NULL);
  g_autoptr(GError) error = NULL;
  gint64 id;

  {
    g_autoptr(BriskStore) store = open_store (fixture);
    g_autoptr(BriskConversation) conversation = add_conversation (store, "Old", 1);

    id = brisk_conversation_get_id (conversation);
    add_message (store, id, "user", "from version 1", BRISK_REPLY_STATUS_COMPLETE);
    brisk_store_close (store);
  }
  {
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "ALTER TABLE messages DROP COLUMN executed_tools;"
                                       "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }

  {
    g_autoptr(BriskStore) store = open_store (fixture);
    g_autoptr(GPtrArray) messages = NULL;
    g_autoptr(BriskMessage) answer = NULL;

    g_assert_cmpint (query_int (fixture->path, "PRAGMA user_version"), ==, 2);
    g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
    messages = brisk_store_list_messages (store, id, 0, 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (messages->len, ==, 1);
    g_assert_cmpstr (brisk_message_get_content (g_ptr_array_index (messages, 0)), ==,
                     "from version 1");
    g_assert_null (brisk_message_get_executed_tools (g_ptr_array_index (messages, 0)));

    answer = add_message (store, id, "assistant", "Found it", BRISK_REPLY_STATUS_COMPLETE);
    brisk_message_set_executed_tools (answer, "[{\"index\":0,\"type\":\"search\"}]");
    g_assert_true (brisk_store_save_message (store, answer, &error));
    g_assert_true (brisk_store_flush (store, &error));
    g_clear_pointer (&messages, g_ptr_array_unref);
    messages = brisk_store_list_messages (store, id, 0, 10, &error);
    g_assert_cmpstr (brisk_message_get_executed_tools (g_ptr_array_index (messages, 0)), ==,
                     "[{\"index\":0,\"type\":\"search\"}]");
  }
}

static void
test_list_order (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(BriskStore) store = open_store (fixture);
  g_autoptr(BriskConversation) old = add_conversation (store, "Old", 1000);
  g_autoptr(BriskConversation) pinned = add_conversation (store, "Pinned", 500);
  g_autoptr(BriskConversation) recent = add_conversation (store, "Recent", 3000);
  g_autoptr(BriskConversation) archived = add_conversation (store, "Archived", 9000);
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) second_page = NULL;
  g_autoptr(GPtrArray) archive = NULL;
  g_autoptr(GError) error = NULL;

  brisk_conversation_set_pinned (pinned, TRUE);
  brisk_store_save_conversation (store, pinned, &error);
  brisk_conversation_set_archived (archived, TRUE);
  brisk_store_save_conversation (store, archived, &error);
  g_assert_no_error (error);

  /* Pinned first, then the most recently updated; the archive apart. */
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, 3);
  page = brisk_store_list_conversations (store, FALSE, 0, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpstr (brisk_conversation_get_title (g_ptr_array_index (page, 0)), ==, "Pinned");
  g_assert_true (brisk_conversation_get_pinned (g_ptr_array_index (page, 0)));
  g_assert_cmpstr (brisk_conversation_get_title (g_ptr_array_index (page, 1)), ==, "Recent");
  second_page = brisk_store_list_conversations (store, FALSE, 2, 2, &error);
  g_assert_cmpuint (second_page->len, ==, 1);
  g_assert_cmpstr (brisk_conversation_get_title (g_ptr_array_index (second_page, 0)), ==, "Old");

  archive = brisk_store_list_conversations (store, TRUE, 0, 10, &error);
  g_assert_cmpuint (archive->len, ==, 1);
  g_assert_cmpstr (brisk_conversation_get_title (g_ptr_array_index (archive, 0)), ==, "Archived");

  /* A new message brings its conversation to the top of the unpinned ones. */
  {
    g_autoptr(BriskMessage) message = add_message (store, brisk_conversation_get_id (old), "user", "hi",
                                                   BRISK_REPLY_STATUS_COMPLETE);
    g_autoptr(GPtrArray) after = brisk_store_list_conversations (store, FALSE, 0, 3, &error);

    g_assert_cmpstr (brisk_conversation_get_title (g_ptr_array_index (after, 1)), ==, "Old");
  }
}

static void
test_messages_paged_newest_first (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(BriskStore) store = open_store (fixture);
  g_autoptr(BriskConversation) conversation = add_conversation (store, "Long", 1);
  g_autoptr(GPtrArray) newest = NULL;
  g_autoptr(GPtrArray) older = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = brisk_conversation_get_id (conversation);

  for (guint i = 0; i < 25; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);
      g_autoptr(BriskMessage) message = add_message (store, id, i % 2 ? "assistant" : "user", text,
                                                     BRISK_REPLY_STATUS_COMPLETE);
    }

  newest = brisk_store_list_messages (store, id, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (newest->len, ==, 10);
  g_assert_cmpstr (brisk_message_get_content (g_ptr_array_index (newest, 0)), ==, "message 24");
  g_assert_cmpstr (brisk_message_get_content (g_ptr_array_index (newest, 9)), ==, "message 15");

  older = brisk_store_list_messages (store, id,
                                     brisk_message_get_id (g_ptr_array_index (newest, 9)), 10, &error);
  g_assert_cmpstr (brisk_message_get_content (g_ptr_array_index (older, 0)), ==, "message 14");
}

static gboolean
hits_contain (GPtrArray  *hits,
              gint64      message_id,
              const char *snippet_part)
{
  for (guint i = 0; i < hits->len; i++)
    {
      BriskSearchHit *hit = g_ptr_array_index (hits, i);

      if (hit->message_id == message_id && strstr (hit->snippet, snippet_part) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(BriskStore) store = open_store (fixture);
  g_autoptr(BriskConversation) travel = add_conversation (store, "Trip to Köln", 1);
  g_autoptr(BriskConversation) code = add_conversation (store, "Parser work", 2);
  g_autoptr(BriskMessage) cafe = add_message (store, brisk_conversation_get_id (travel), "user",
                                              "Where is a good café near the cathedral?",
                                              BRISK_REPLY_STATUS_COMPLETE);
  g_autoptr(BriskMessage) stream = add_message (store, brisk_conversation_get_id (code), "assistant",
                                                "The streaming parser splits events on blank lines.",
                                                BRISK_REPLY_STATUS_COMPLETE);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  /* The last word is a prefix, as it may still be being typed. */
  hits = brisk_store_search (store, "streaming pars", 10, &error);
  g_assert_no_error (error);
  g_assert_true (hits_contain (hits, brisk_message_get_id (stream),
                               BRISK_SEARCH_MATCH_START "streaming" BRISK_SEARCH_MATCH_END));
  g_assert_true (hits_contain (hits, brisk_message_get_id (stream),
                               BRISK_SEARCH_MATCH_START "parser" BRISK_SEARCH_MATCH_END));
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = brisk_store_search (store, "stre", 10, &error);
  g_assert_true (hits_contain (hits, brisk_message_get_id (stream), "streaming"));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Diacritics and case are ignored, both ways. */
  hits = brisk_store_search (store, "CAFE", 10, &error);
  g_assert_true (hits_contain (hits, brisk_message_get_id (cafe),
                               BRISK_SEARCH_MATCH_START "café" BRISK_SEARCH_MATCH_END));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Titles, which come first. */
  hits = brisk_store_search (store, "koln", 10, &error);
  g_assert_cmpuint (hits->len, >=, 1);
  g_assert_cmpint (((BriskSearchHit *)g_ptr_array_index (hits, 0))->conversation_id, ==,
                   brisk_conversation_get_id (travel));
  g_assert_cmpint (((BriskSearchHit *)g_ptr_array_index (hits, 0))->message_id, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* FTS syntax in what the user typed is just text. */
  hits = brisk_store_search (store, "\"parser* OR NOT (", 10, &error);
  g_assert_no_error (error);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Punctuation inside a word splits it as the index does, rather than failing. */
  hits = brisk_store_search (store, "blank-lines", 10, &error);
  g_assert_no_error (error);
  g_assert_true (hits_contain (hits, brisk_message_get_id (stream),
                               BRISK_SEARCH_MATCH_START "blank" BRISK_SEARCH_MATCH_END));
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Edited text is found by its new words only; deleted conversations not at all. */
  brisk_message_set_content (stream, "Rewritten about tokenizers.");
  g_assert_true (brisk_store_save_message (store, stream, &error));
  hits = brisk_store_search (store, "streaming", 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = brisk_store_search (store, "tokenizer", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);

  brisk_store_delete_conversation (store, brisk_conversation_get_id (code), &error);
  hits = brisk_store_search (store, "tokenizer", 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
}

static void
test_undo_window (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(BriskStore) store = open_store (fixture);
  g_autoptr(BriskConversation) keep = add_conversation (store, "Keep", 1);
  g_autoptr(BriskConversation) doomed = add_conversation (store, "Doomed", 2);
  g_autoptr(BriskMessage) message = add_message (store, brisk_conversation_get_id (doomed), "user",
                                                 "bye", BRISK_REPLY_STATUS_COMPLETE);
  g_autoptr(GError) error = NULL;
  gint64 id = brisk_conversation_get_id (doomed);

  /* Deleted from the list at once… */
  g_assert_true (brisk_store_delete_conversation (store, id, &error));
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, 1);

  /* …but back with Undo. */
  g_assert_true (brisk_store_undo_delete (store, id, &error));
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, 2);

  /* Committed when the toast goes: then gone, messages and all. */
  g_assert_true (brisk_store_delete_conversation (store, id, &error));
  g_assert_true (brisk_store_commit_deletions (store, &error));
  g_assert_null (brisk_store_get_conversation (store, id, &error));
  g_assert_error (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM messages"), ==, 0);

  /* A deletion still in its undo window is committed when Brisk quits. */
  g_assert_true (brisk_store_delete_conversation (store, brisk_conversation_get_id (keep), &error));
  brisk_store_close (store);
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM conversations"), ==, 0);
}

static void
test_duplicate_and_delete_all (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(BriskStore) store = open_store (fixture);
  g_autoptr(BriskConversation) original = add_conversation (store, "Original", 1);
  g_autoptr(BriskConversation) copy = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  g_object_unref (add_message (store, brisk_conversation_get_id (original), "user", "one",
                               BRISK_REPLY_STATUS_COMPLETE));
  g_object_unref (add_message (store, brisk_conversation_get_id (original), "assistant", "two",
                               BRISK_REPLY_STATUS_COMPLETE));

  copy = brisk_store_duplicate_conversation (store, brisk_conversation_get_id (original), &error);
  g_assert_no_error (error);
  g_assert_cmpint (brisk_conversation_get_id (copy), !=, brisk_conversation_get_id (original));
  g_assert_cmpstr (brisk_conversation_get_uuid (copy), !=, brisk_conversation_get_uuid (original));
  g_assert_cmpstr (brisk_conversation_get_title (copy), ==, "Original");
  messages = brisk_store_list_messages (store, brisk_conversation_get_id (copy), 0, 10, &error);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_cmpstr (brisk_message_get_content (g_ptr_array_index (messages, 0)), ==, "two");

  g_assert_true (brisk_store_delete_all (store, &error));
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, 0);
  g_assert_true (brisk_store_vacuum (store, &error));
  g_assert_no_error (error);
}

static char *
export_text (BriskStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) export = brisk_store_export_json (store, NULL, 0, &error);

  g_assert_no_error (error);
  return json_to_string (export, TRUE);
}

static void
test_export_import_round_trip (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *other_path = g_build_filename (fixture->dir, "other", "brisk.db", NULL);
  g_autoptr(BriskStore) store = open_store (fixture);
  g_autoptr(BriskConversation) conversation = add_conversation (store, "Weather in Köln", 1763800000123456);
  g_autoptr(BriskMessage) question = NULL;
  g_autoptr(BriskMessage) call = NULL;
  g_autoptr(BriskMessage) result = NULL;
  g_autoptr(BriskMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *markdown = NULL;
  gint64 id = brisk_conversation_get_id (conversation);

  brisk_conversation_set_system_prompt (conversation, "Be brief.");
  brisk_conversation_set_parameters (conversation, "{\"temperature\":0.5,\"max_completion_tokens\":512}");
  brisk_conversation_set_pinned (conversation, TRUE);
  brisk_conversation_set_title_is_custom (conversation, TRUE);
  brisk_store_save_conversation (store, conversation, &error);

  question = add_message (store, id, "user", "Weather in Köln? <b>&</b>", BRISK_REPLY_STATUS_COMPLETE);
  call = add_message (store, id, "assistant", "", BRISK_REPLY_STATUS_COMPLETE);
  brisk_message_set_tool_calls (call, "[{\"id\":\"tk85n1k4m\",\"type\":\"function\",\"function\":"
                                      "{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Köln\\\"}\"}}]");
  brisk_message_set_finish_reason (call, "tool_calls");
  brisk_store_save_message (store, call, &error);
  result = add_message (store, id, "tool", "{\"temp\":11,\"note\":\"```\"}",
                        BRISK_REPLY_STATUS_FAILED);
  brisk_message_set_tool_call_id (result, "tk85n1k4m");
  /* As the session keeps a result: with the call it answers and how long the tool took. */
  brisk_message_set_tool_calls (result, brisk_message_get_tool_calls (call));
  brisk_message_set_usage (result, "{\"total_time\":0.25}");
  brisk_store_save_message (store, result, &error);
  answer = add_message (store, id, "assistant", "It is 11 °C", BRISK_REPLY_STATUS_STREAMING);
  brisk_message_set_reasoning (answer, "The tool said 11.");
  brisk_message_set_status (answer, BRISK_REPLY_STATUS_INTERRUPTED);
  brisk_message_set_error (answer, "The connection dropped");
  brisk_message_set_model (answer, "openai/gpt-oss-120b");
  brisk_message_set_usage (answer, "{\"completion_tokens\":9,\"queue_time\":0.051}");
  brisk_message_set_executed_tools (answer, "[{\"index\":0,\"type\":\"python\","
                                            "\"arguments\":\"{\\\"code\\\":\\\"1+1\\\"}\","
                                            "\"output\":\"2\"}]");
  brisk_store_save_message (store, answer, &error);
  g_assert_no_error (error);

  first = export_text (store);

  /* Into an empty history and out again: the same document. */
  {
    g_autoptr(BriskStore) other = brisk_store_open (other_path, &error);
    g_autoptr(JsonNode) document = json_from_string (first, &error);
    g_autoptr(GPtrArray) imported = NULL;
    g_autoptr(GPtrArray) again = NULL;

    imported = brisk_store_import_json (other, document, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (imported->len, ==, 1);
    second = export_text (other);
    g_assert_cmpstr (first, ==, second);

    /* Importing the same file twice adds nothing. */
    again = brisk_store_import_json (other, document, &error);
    g_assert_cmpuint (again->len, ==, 0);
    g_assert_cmpuint (brisk_store_count_conversations (other, FALSE), ==, 1);
  }

  g_assert_nonnull (strstr (first, "\"role\" : \"tool\""));
  g_assert_nonnull (strstr (first, "\"tool_call_id\" : \"tk85n1k4m\""));
  /* Tool calls stay on the assistant's message, as in OpenAI's format; a result keeps its
   * call under "brisk", and comes back with it.
   */
  {
    g_autoptr(JsonNode) document = json_from_string (first, NULL);
    JsonArray *conversations = json_object_get_array_member (json_node_get_object (document),
                                                             "conversations");
    JsonArray *messages = json_object_get_array_member (json_array_get_object_element (conversations, 0),
                                                        "messages");
    JsonObject *exported_call = json_array_get_object_element (messages, 1);
    JsonObject *exported_result = json_array_get_object_element (messages, 2);
    JsonObject *brisk = json_object_get_object_member (exported_result, "brisk");

    g_assert_true (json_object_has_member (exported_call, "tool_calls"));
    g_assert_false (json_object_has_member (exported_result, "tool_calls"));
    g_assert_true (json_object_has_member (brisk, "call"));
    g_assert_cmpstr (json_object_get_string_member (brisk, "status"), ==, "failed");
    g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (brisk, "usage"),
                                                      "total_time"), ==, 0.25);
    /* What a compound system ran is Brisk's to keep, under "brisk". */
    g_assert_true (json_object_has_member (json_object_get_object_member (json_array_get_object_element (messages, 3), "brisk"),
                                           "executed_tools"));
  }

  markdown = brisk_store_export_markdown (store, id, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (markdown, "# Weather in Köln\n"));
  g_assert_nonnull (strstr (markdown, "## You\n\nWeather in Köln? <b>&</b>\n"));
  g_assert_nonnull (strstr (markdown, "<summary>Thinking</summary>\n\nThe tool said 11."));
  g_assert_nonnull (strstr (markdown, "*(interrupted)*"));
  g_assert_nonnull (strstr (markdown, "Ran `python` on the server:\n\n```json\n{\"code\":\"1+1\"}\n```\n\n"
                                      "```\n2\n```\n\nIt is 11 °C"));
  /* Calls by name with their arguments; a result fenced, even when it holds a fence. */
  g_assert_nonnull (strstr (markdown, "## Assistant\n\nCalled `get_weather`:\n\n```json\n"
                                      "{\"city\":\"Köln\"}\n```\n"));
  g_assert_nonnull (strstr (markdown, "## Tool\n\nResult of `get_weather`:\n\n````\n"
                                      "{\"temp\":11,\"note\":\"```\"}\n````\n"));

  /* A bad entry fails the whole import, and nothing of it is kept. */
  {
    g_autoptr(BriskStore) other = brisk_store_open (other_path, &error);
    g_autoptr(JsonNode) bad = json_from_string ("{\"format\":\"brisk-export\",\"conversations\":"
                                                "[{\"title\":\"good\",\"messages\":[]},42]}", NULL);
    guint before = brisk_store_count_conversations (other, FALSE);

    g_assert_null (brisk_store_import_json (other, bad, &error));
    g_assert_error (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_INVALID_EXPORT);
    g_clear_error (&error);
    g_assert_cmpuint (brisk_store_count_conversations (other, FALSE), ==, before);
  }

  /* Not an export at all. */
  {
    g_autoptr(JsonNode) bogus = json_from_string ("{\"conversations\":[]}", NULL);

    g_assert_null (brisk_store_import_json (store, bogus, &error));
    g_assert_error (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_INVALID_EXPORT);
  }
}

static gboolean
wait_limit_reached_cb (gpointer user_data)
{
  g_error ("Gave up waiting for %s", (const char *)user_data);
  return G_SOURCE_REMOVE;
}

/* The child: starts a reply, lets the periodic flush save part of it, writes more, and dies
 * without a chance to save it.
 */
static void
stream_then_die (const char *path)
{
  g_autoptr(GError) error = NULL;
  BriskStore *store = brisk_store_open (path, &error);
  BriskConversation *conversation = brisk_store_create_conversation (store, NULL, "m", &error);
  BriskMessage *reply = brisk_store_add_message (store, brisk_conversation_get_id (conversation),
                                                 "assistant", "", BRISK_REPLY_STATUS_STREAMING,
                                                 &error);
  guint limit_id;

  brisk_store_track_reply (store, reply);
  brisk_message_append (reply, BRISK_DELTA_CONTENT, "Saved by the timer");

  /* Let the 500 ms flush do its work, as it does while a reply streams. */
  limit_id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_reached_cb, (gpointer)"a flush");
  for (;;)
    {
      g_autofree char *saved = query_text (path, "SELECT content FROM messages");

      if (g_strcmp0 (saved, "Saved by the timer") == 0)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (limit_id);

  brisk_message_append (reply, BRISK_DELTA_CONTENT, ", lost with the process");
  raise (SIGKILL);
}

/* Runs this test program again as a separate process that does @role on the history, like a
 * second Brisk. A fresh process, not a fork: a fork would inherit locks held by the threads
 * of this one.
 */
static GSubprocess *
spawn_child (Fixture    *fixture,
             const char *role)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  GSubprocess *child;

  g_subprocess_launcher_setenv (launcher, "BRISK_TEST_STORE_CHILD", role, TRUE);
  g_subprocess_launcher_setenv (launcher, "BRISK_TEST_STORE_PATH", fixture->path, TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, self_exe, NULL);
  g_assert_no_error (error);

  return child;
}

static void
test_killed_mid_reply (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BriskStore) store = NULL;
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) child = spawn_child (fixture, "stream-then-die");
  BriskMessage *reply;

  g_assert_true (g_subprocess_wait (child, NULL, &error));
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);

  /* The next start finds the text up to the last flush, marked interrupted. */
  store = open_store (fixture);
  conversations = brisk_store_list_conversations (store, FALSE, 0, 10, &error);
  g_assert_cmpuint (conversations->len, ==, 1);
  messages = brisk_store_list_messages (store, brisk_conversation_get_id (g_ptr_array_index (conversations, 0)),
                                        0, 10, &error);
  g_assert_cmpuint (messages->len, ==, 1);
  reply = g_ptr_array_index (messages, 0);
  g_assert_cmpstr (brisk_message_get_content (reply), ==, "Saved by the timer");
  g_assert_cmpint (brisk_message_get_status (reply), ==, BRISK_REPLY_STATUS_INTERRUPTED);
  g_assert_nonnull (brisk_message_get_error (reply));
}

static void
test_reused_pid_is_not_the_writer (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(BriskStore) store = NULL;
  g_autofree char *status = NULL;

  /* A reply left streaming by an earlier process that had this very PID (Flatpak sandboxes
   * get the same low PIDs every time): the start time tells them apart.
   */
  {
    g_autoptr(BriskStore) first = open_store (fixture);
    g_autoptr(BriskConversation) conversation = add_conversation (first, "Crashed", 1);
    g_autoptr(BriskMessage) reply = add_message (first, brisk_conversation_get_id (conversation),
                                                 "assistant", "partial", BRISK_REPLY_STATUS_STREAMING);
    g_autofree char *sql = g_strdup_printf ("UPDATE messages SET writer = '%d:1'", getpid ());

    g_assert_cmpint (sqlite3_exec (_brisk_store_get_db (first), sql, NULL, NULL, NULL), ==, SQLITE_OK);
    brisk_store_close (first);
  }

  store = open_store (fixture);
  status = query_text (fixture->path, "SELECT status FROM messages");
  g_assert_cmpstr (status, ==, "interrupted");
}

static void
test_open_failure_is_clean (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  BriskStore *store;

  /* The history's path is taken by a folder: a clear error, and no write attempted. */
  g_mkdir_with_parents (fixture->path, 0700);
  store = brisk_store_open (fixture->path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
}

static void
test_reply_saved_when_finished (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(BriskStore) store = open_store (fixture);
  g_autoptr(BriskConversation) conversation = add_conversation (store, "Live", 1);
  g_autoptr(BriskMessage) reply = add_message (store, brisk_conversation_get_id (conversation),
                                               "assistant", "", BRISK_REPLY_STATUS_STREAMING);
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *content = NULL;

  brisk_store_track_reply (store, reply);
  for (guint i = 0; i < 1000; i++)
    brisk_message_append (reply, BRISK_DELTA_CONTENT, "tok ");
  brisk_message_set_finish_reason (reply, "stop");
  brisk_message_set_status (reply, BRISK_REPLY_STATUS_COMPLETE);
  brisk_store_finish_reply (store, reply);
  g_assert_true (brisk_store_flush (store, &error));
  g_assert_no_error (error);

  content = query_text (fixture->path, "SELECT content FROM messages");
  status = query_text (fixture->path, "SELECT status FROM messages");
  g_assert_cmpuint (strlen (content), ==, 4000);
  g_assert_cmpstr (status, ==, "complete");
}

static void
test_deleted_reply_stays_deleted (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(BriskStore) store = open_store (fixture);
  g_autoptr(BriskConversation) conversation = add_conversation (store, "Edited", 1);
  gint64 conversation_id = brisk_conversation_get_id (conversation);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) messages = NULL;

  /* A reply finishes and is deleted at once (an edit and resend), many times over: its last
   * write, still queued, must never land on the next message, which may get the same id.
   */
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(BriskMessage) reply = add_message (store, conversation_id, "assistant", "",
                                                   BRISK_REPLY_STATUS_STREAMING);
      g_autoptr(BriskMessage) next = NULL;

      brisk_store_track_reply (store, reply);
      brisk_message_append (reply, BRISK_DELTA_CONTENT, "old answer");
      brisk_message_set_status (reply, BRISK_REPLY_STATUS_COMPLETE);
      brisk_store_finish_reply (store, reply);
      g_assert_true (brisk_store_delete_message (store, brisk_message_get_id (reply), &error));
      g_assert_no_error (error);

      next = add_message (store, conversation_id, "assistant", "new answer",
                          BRISK_REPLY_STATUS_COMPLETE);
      g_assert_true (brisk_store_flush (store, &error));
      g_clear_pointer (&messages, g_ptr_array_unref);
      messages = brisk_store_list_messages (store, conversation_id, 0, 10, &error);
      g_assert_cmpuint (messages->len, ==, 1);
      g_assert_cmpstr (brisk_message_get_content (g_ptr_array_index (messages, 0)), ==, "new answer");
      g_assert_true (brisk_store_delete_message (store, brisk_message_get_id (next), &error));
    }
}

static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(BriskStore) store = open_store (fixture);
  g_autoptr(BriskConversation) conversation = add_conversation (store, "Big", 1);
  g_autoptr(BriskMessage) reply = add_message (store, brisk_conversation_get_id (conversation),
                                               "assistant", "", BRISK_REPLY_STATUS_STREAMING);
  g_autoptr(GError) error = NULL;
  g_autofree char *chunk = g_strnfill (64 * 1024, 'x');
  g_autofree char *saved = NULL;
  guint n_failed = 0;
  guint n_recovered = 0;
  int pages = query_int (fixture->path, "PRAGMA page_count");

  g_signal_connect_swapped (store, "write-failed", G_CALLBACK (g_atomic_int_inc), &n_failed);
  g_signal_connect_swapped (store, "write-recovered", G_CALLBACK (g_atomic_int_inc), &n_recovered);

  /* The disk fills up while a long reply streams. */
  _brisk_store_set_max_page_count (store, pages + 2);
  brisk_store_track_reply (store, reply);
  for (guint i = 0; i < 16; i++)
    brisk_message_append (reply, BRISK_DELTA_CONTENT, chunk);

  g_test_expect_message ("brisk-store", G_LOG_LEVEL_WARNING, "The disk is full*");
  g_assert_false (brisk_store_flush (store, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_DISK_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (n_failed, ==, 1);
  /* Nothing is lost: the reply is whole in memory, on screen. */
  g_assert_cmpuint (strlen (brisk_message_get_content (reply)), ==, 16 * 64 * 1024);

  /* Space comes back: the next flush saves it all. */
  _brisk_store_set_max_page_count (store, 1000000);
  g_assert_true (brisk_store_flush (store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_recovered, ==, 1);
  saved = query_text (fixture->path, "SELECT content FROM messages");
  g_assert_cmpuint (strlen (saved), ==, 16 * 64 * 1024);
}

static void
test_not_a_database (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (fixture->path);
  g_autoptr(BriskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *moved;
  g_autofree char *kept = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (fixture->path, "These are my notes, not a database.\n", -1, &error);

  g_test_expect_message ("brisk-store", G_LOG_LEVEL_WARNING, "The history database was damaged*");
  store = open_store (fixture);
  g_test_assert_expected_messages ();
  moved = brisk_store_get_moved_aside_path (store);
  g_assert_nonnull (moved);
  g_assert_true (strstr (moved, "brisk.db.corrupt-") != NULL);
  g_file_get_contents (moved, &kept, NULL, &error);
  g_assert_cmpstr (kept, ==, "These are my notes, not a database.\n");

  /* A fresh history works. */
  g_object_unref (add_conversation (store, "Fresh", 1));
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, 1);
}

static void
test_corrupt_database (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(BriskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  guint n_damaged = 0;
  guint limit_id;
  gsize len;

  {
    g_autoptr(BriskStore) first = open_store (fixture);
    g_autoptr(BriskConversation) conversation = add_conversation (first, "Soon damaged", 1);

    for (guint i = 0; i < 200; i++)
      g_object_unref (add_message (first, brisk_conversation_get_id (conversation), "user",
                                   "some text to fill a few pages of the database file",
                                   BRISK_REPLY_STATUS_COMPLETE));
    brisk_store_close (first);
  }

  /* Scribble over the middle of the file, as a failing disk might. */
  g_assert_true (g_file_get_contents (fixture->path, &contents, &len, &error));
  g_assert_cmpuint (len, >, 16384);
  memset (contents + 4096, 0xAB, 8192);
  g_assert_true (g_file_set_contents (fixture->path, contents, len, &error));

  /* Opening is quick; the full check, later and in the background, finds the damage. */
  store = open_store (fixture);
  g_signal_connect_swapped (store, "damaged", G_CALLBACK (g_atomic_int_inc), &n_damaged);
  /* Not half a minute later, as in use: now. */
  _brisk_store_check_integrity (store);
  g_test_expect_message ("brisk-store", G_LOG_LEVEL_WARNING, "*failed its integrity check");
  limit_id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_reached_cb,
                                    (gpointer)"the integrity check");
  while (n_damaged == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (limit_id);
  g_test_assert_expected_messages ();

  /* Moved aside, kept for rescue, and a fresh history in its place. */
  g_test_expect_message ("brisk-store", G_LOG_LEVEL_WARNING, "The history database was damaged*");
  g_assert_true (brisk_store_recover (store, &error));
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_nonnull (brisk_store_get_moved_aside_path (store));
  g_assert_true (g_file_test (brisk_store_get_moved_aside_path (store), G_FILE_TEST_EXISTS));
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, 0);
  g_object_unref (add_conversation (store, "After recovery", 1));
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, 1);
}

static void
test_integrity_check_recorded (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(BriskStore) store = open_store (fixture);
  guint limit_id;

  /* A healthy file passes, and the check is not repeated for a week. */
  g_object_unref (add_conversation (store, "Healthy", 1));
  _brisk_store_check_integrity (store);
  limit_id = g_timeout_add_seconds (WAIT_LIMIT_SECONDS, wait_limit_reached_cb,
                                    (gpointer)"the integrity check");
  while (query_int (fixture->path, "SELECT count(*) FROM store_info WHERE key = 'integrity_checked'") == 0)
    g_main_context_iteration (NULL, FALSE);
  g_source_remove (limit_id);
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, 1);
}

static void
test_newer_version_read_only (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(BriskStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  {
    g_autoptr(BriskStore) first = open_store (fixture);

    g_object_unref (add_conversation (first, "From the future", 1));
    brisk_store_close (first);
  }
  {
    sqlite3 *db = NULL;

    sqlite3_open (fixture->path, &db);
    sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close (db);
  }

  store = open_store (fixture);
  g_assert_true (brisk_store_get_read_only (store));
  list = brisk_store_list_conversations (store, FALSE, 0, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);

  /* Never written, never downgraded. */
  g_assert_null (brisk_store_create_conversation (store, NULL, NULL, &error));
  g_assert_error (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_READ_ONLY);
  g_clear_object (&store);
  g_assert_cmpint (query_int (fixture->path, "PRAGMA user_version"), ==, 99);
}

static void
write_messages (const char *path,
                const char *role,
                guint       count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskStore) store = brisk_store_open (path, &error);
  g_autoptr(BriskConversation) conversation = NULL;

  g_assert_no_error (error);
  conversation = brisk_store_create_conversation (store, NULL, role, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(BriskMessage) message = brisk_store_add_message (store, brisk_conversation_get_id (conversation),
                                                                 role, "concurrent", BRISK_REPLY_STATUS_COMPLETE,
                                                                 &error);

      g_assert_no_error (error);
    }
}

static void
test_two_processes (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;

  /* Create the database first, so both processes open the same one. */
  g_object_unref (open_store (fixture));

  /* Like brisk --ask writing while the window does. */
  child = spawn_child (fixture, "write");
  write_messages (fixture->path, "user", 300);
  g_assert_true (g_subprocess_wait_check (child, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM messages"), ==, 600);
  g_assert_cmpint (query_int (fixture->path, "SELECT count(*) FROM conversations"), ==, 2);
}

static void
count_changes_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_changes)
{
  (*n_changes)++;
}

static void
test_conversation_list (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(BriskStore) store = open_store (fixture);
  g_autoptr(BriskConversationList) list = NULL;
  g_autoptr(BriskConversation) pinned = NULL;
  g_autoptr(BriskConversation) first = NULL;
  g_autoptr(BriskConversation) last = NULL;
  g_autoptr(GError) error = NULL;
  guint n_changes = 0;

  /* Ten thousand conversations, written in one go. */
  g_assert_cmpint (sqlite3_exec (_brisk_store_get_db (store),
                                 "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)"
                                 " INSERT INTO conversations (uuid, title, created, updated)"
                                 " SELECT printf ('00000000-0000-4000-8000-%012d', i), 'Chat ' || i, i, i FROM n",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  pinned = brisk_store_get_conversation (store, 5000, &error);
  brisk_conversation_set_pinned (pinned, TRUE);
  brisk_store_save_conversation (store, pinned, &error);

  /* Opening the list reads only the count; showing its first rows reads one page. */
  list = brisk_conversation_list_new (store, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10000);
  g_assert_cmpuint (brisk_conversation_list_get_n_loaded_pages (list), ==, 0);
  for (guint i = 0; i < 50; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
  g_assert_cmpuint (brisk_conversation_list_get_n_loaded_pages (list), ==, 1);

  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (brisk_conversation_get_title (first), ==, "Chat 5000");
  last = g_list_model_get_item (G_LIST_MODEL (list), 9999);
  g_assert_cmpstr (brisk_conversation_get_title (last), ==, "Chat 1");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 10000));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == BRISK_TYPE_CONVERSATION);

  /* It follows the store. */
  g_signal_connect (list, "items-changed", G_CALLBACK (count_changes_cb), &n_changes);
  g_object_unref (add_conversation (store, "Newest", G_MAXINT64 / 2));
  g_assert_cmpuint (n_changes, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10001);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (list), 1);
  g_assert_cmpstr (brisk_conversation_get_title (first), ==, "Newest");

  brisk_store_delete_conversation (store, 5000, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 10000);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (brisk_conversation_get_title (first), ==, "Newest");
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  const char *child_role = g_getenv ("BRISK_TEST_STORE_CHILD");

  /* The second process of test_killed_mid_reply() and test_two_processes(). */
  if (child_role != NULL)
    {
      const char *path = g_getenv ("BRISK_TEST_STORE_PATH");

      if (g_str_equal (child_role, "stream-then-die"))
        stream_then_die (path);
      else
        write_messages (path, "assistant", 300);
      return EXIT_SUCCESS;
    }

  g_test_init (&argc, &argv, NULL);

  ADD ("/store/schema-created", test_schema_created);
  ADD ("/store/migration", test_migration);
  ADD ("/store/deleted-reply-stays-deleted", test_deleted_reply_stays_deleted);
  ADD ("/store/list-order", test_list_order);
  ADD ("/store/conversation-list", test_conversation_list);
  ADD ("/store/messages-paged", test_messages_paged_newest_first);
  ADD ("/store/search", test_search);
  ADD ("/store/undo-window", test_undo_window);
  ADD ("/store/duplicate-and-delete-all", test_duplicate_and_delete_all);
  ADD ("/store/export-import-round-trip", test_export_import_round_trip);
  ADD ("/store/killed-mid-reply", test_killed_mid_reply);
  ADD ("/store/reused-pid-is-not-the-writer", test_reused_pid_is_not_the_writer);
  ADD ("/store/open-failure-is-clean", test_open_failure_is_clean);
  ADD ("/store/reply-saved-when-finished", test_reply_saved_when_finished);
  ADD ("/store/disk-full", test_disk_full);
  ADD ("/store/not-a-database", test_not_a_database);
  ADD ("/store/corrupt-database", test_corrupt_database);
  ADD ("/store/integrity-check-recorded", test_integrity_check_recorded);
  ADD ("/store/newer-version-read-only", test_newer_version_read_only);
  ADD ("/store/migration-v1-to-v2", test_migration_v1_to_v2);
  ADD ("/store/two-processes", test_two_processes);

  return g_test_run ();
}

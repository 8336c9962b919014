/* brisk-store-export.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-store-export"

#include "config.h"

#include "brisk-store-private.h"

/* Export and import of the history. The JSON export keeps each conversation's messages in
 * OpenAI's `messages` format (role, content, tool_calls, tool_call_id), with what only Brisk
 * knows under a "brisk" member, so other tools can read it and Brisk can import it back
 * exactly. A tool result keeps the call it answers there too ("brisk"."call"): OpenAI's format
 * has tool_calls on assistant messages only.
 */

#define EXPORT_FORMAT  "brisk-export"
#define EXPORT_VERSION 1

static char *
format_time (gint64 microseconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (microseconds / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = g_date_time_add (time, microseconds % G_USEC_PER_SEC);

  return g_date_time_format (exact, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static gboolean
parse_time (const char *text,
            gint64     *microseconds)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || (time = g_date_time_new_from_iso8601 (text, NULL)) == NULL)
    return FALSE;

  *microseconds = g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
  return TRUE;
}

static GPtrArray *
all_messages (BriskStore  *self,
              gint64       conversation_id,
              GError     **error)
{
  GPtrArray *messages = brisk_store_list_messages (self, conversation_id, 0, G_MAXUINT, error);

  if (messages == NULL)
    return NULL;

  /* Pages come newest first; exports read in order. */
  for (guint i = 0, j = messages->len; i + 1 < j; i++, j--)
    {
      gpointer tmp = messages->pdata[i];

      messages->pdata[i] = messages->pdata[j - 1];
      messages->pdata[j - 1] = tmp;
    }

  return messages;
}

static gboolean
is_tool_result (BriskMessage *message)
{
  return g_str_equal (brisk_message_get_role (message), "tool");
}

/* @text as a fenced code block, with a fence longer than any run of backticks inside it. */
static void
append_fenced (GString    *out,
               const char *info,
               const char *text)
{
  g_autofree char *fence = NULL;
  guint longest = 0;
  guint run = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      run = *p == '`' ? run + 1 : 0;
      longest = MAX (longest, run);
    }
  fence = g_strnfill (MAX (3, longest + 1), '`');
  g_string_append_printf (out, "%s%s\n%s\n%s\n", fence, info, text, fence);
}

/* Each call as its name and arguments; the arguments are the model's JSON, shown as code. */
static void
append_tool_calls (GString    *out,
                   GPtrArray  *calls)
{
  for (guint i = 0; calls != NULL && i < calls->len; i++)
    {
      BriskToolCall *call = g_ptr_array_index (calls, i);

      g_string_append_printf (out, "Called `%s`:\n\n", call->name);
      append_fenced (out, "json", call->arguments->str);
      g_string_append_c (out, '\n');
    }
}

/* What a compound system ran on the server, as it reported it: arguments and output as code. */
static void
append_executed_tools (GString    *out,
                       const char *executed_tools)
{
  g_autoptr(JsonNode) root = executed_tools != NULL ? json_from_string (executed_tools, NULL)
                                                    : NULL;
  JsonArray *tools;

  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return;

  tools = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (tools); i++)
    {
      JsonNode *element = json_array_get_element (tools, i);
      JsonObject *tool;
      const char *output;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      tool = json_node_get_object (element);
      output = json_object_get_string_member_with_default (tool, "output", NULL);

      g_string_append_printf (out, "Ran `%s` on the server:\n\n",
                              json_object_get_string_member_with_default (tool, "type", ""));
      append_fenced (out, "json",
                     json_object_get_string_member_with_default (tool, "arguments", ""));
      if (output != NULL && *output != '\0')
        {
          g_string_append_c (out, '\n');
          append_fenced (out, "", output);
        }
      g_string_append_c (out, '\n');
    }
}

static const char *
role_heading (const char *role)
{
  if (g_str_equal (role, "user"))
    return "You";
  if (g_str_equal (role, "assistant"))
    return "Assistant";
  if (g_str_equal (role, "system"))
    return "System";
  return "Tool";
}

/**
 * brisk_store_export_markdown:
 *
 * Returns: (transfer full): the conversation as a Markdown document
 */
char *
brisk_store_export_markdown (BriskStore  *self,
                             gint64       conversation_id,
                             GError     **error)
{
  g_autoptr(BriskConversation) conversation = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *created = NULL;
  const char *title;

  g_return_val_if_fail (BRISK_IS_STORE (self), NULL);

  conversation = brisk_store_get_conversation (self, conversation_id, error);
  if (conversation == NULL)
    return NULL;
  messages = all_messages (self, conversation_id, error);
  if (messages == NULL)
    return NULL;

  title = brisk_conversation_get_title (conversation);
  created = format_time (brisk_conversation_get_created (conversation));
  g_string_append_printf (out, "# %s\n\n", title && *title ? title : "Conversation");
  g_string_append_printf (out, "*%s", created);
  if (brisk_conversation_get_model (conversation) != NULL)
    g_string_append_printf (out, " · %s", brisk_conversation_get_model (conversation));
  g_string_append (out, "*\n");

  if (brisk_conversation_get_system_prompt (conversation) != NULL &&
      *brisk_conversation_get_system_prompt (conversation) != '\0')
    g_string_append_printf (out, "\n## System\n\n%s\n",
                            brisk_conversation_get_system_prompt (conversation));

  for (guint i = 0; i < messages->len; i++)
    {
      BriskMessage *message = g_ptr_array_index (messages, i);
      const char *reasoning = brisk_message_get_reasoning (message);
      g_autoptr(GPtrArray) calls = brisk_tool_calls_from_json (brisk_message_get_tool_calls (message));

      g_string_append_printf (out, "\n## %s\n\n", role_heading (brisk_message_get_role (message)));
      if (reasoning != NULL && *reasoning != '\0')
        g_string_append_printf (out, "<details>\n<summary>Thinking</summary>\n\n%s\n\n</details>\n\n",
                                reasoning);
      if (is_tool_result (message))
        {
          /* A result is data from a tool or a file: fenced, so that it is never read as part
           * of the document.
           */
          if (calls != NULL)
            g_string_append_printf (out, "Result of `%s`:\n\n",
                                    ((BriskToolCall *)g_ptr_array_index (calls, 0))->name);
          append_fenced (out, "", brisk_message_get_content (message));
        }
      else
        {
          append_executed_tools (out, brisk_message_get_executed_tools (message));
          append_tool_calls (out, calls);
          g_string_append (out, brisk_message_get_content (message));
          g_string_append_c (out, '\n');
        }
      if (brisk_message_get_status (message) != BRISK_REPLY_STATUS_COMPLETE)
        g_string_append_printf (out, "\n*(%s)*\n",
                                _brisk_reply_status_to_string (brisk_message_get_status (message)));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;

  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* Adds a member holding JSON text as JSON, or as a string if it does not parse. */
static void
add_json_text (JsonBuilder *builder,
               const char  *name,
               const char  *text)
{
  JsonNode *node;

  if (text == NULL)
    return;

  node = json_from_string (text, NULL);
  json_builder_set_member_name (builder, name);
  if (node != NULL)
    json_builder_add_value (builder, node);
  else
    json_builder_add_string_value (builder, text);
}

static void
add_time (JsonBuilder *builder,
          const char  *name,
          gint64       microseconds)
{
  g_autofree char *text = format_time (microseconds);

  add_string (builder, name, text);
}

static gboolean
export_conversation (BriskStore   *self,
                     gint64        id,
                     JsonBuilder  *builder,
                     GError      **error)
{
  g_autoptr(BriskConversation) conversation = brisk_store_get_conversation (self, id, error);
  g_autoptr(GPtrArray) messages = NULL;

  if (conversation == NULL || (messages = all_messages (self, id, error)) == NULL)
    return FALSE;

  json_builder_begin_object (builder);
  add_string (builder, "id", brisk_conversation_get_uuid (conversation));
  add_string (builder, "title", brisk_conversation_get_title (conversation));
  json_builder_set_member_name (builder, "title_is_custom");
  json_builder_add_boolean_value (builder, brisk_conversation_get_title_is_custom (conversation));
  add_time (builder, "created", brisk_conversation_get_created (conversation));
  add_time (builder, "updated", brisk_conversation_get_updated (conversation));
  json_builder_set_member_name (builder, "pinned");
  json_builder_add_boolean_value (builder, brisk_conversation_get_pinned (conversation));
  json_builder_set_member_name (builder, "archived");
  json_builder_add_boolean_value (builder, brisk_conversation_get_archived (conversation));
  add_string (builder, "provider", brisk_conversation_get_provider (conversation));
  add_string (builder, "model", brisk_conversation_get_model (conversation));
  add_string (builder, "system_prompt", brisk_conversation_get_system_prompt (conversation));
  add_json_text (builder, "parameters", brisk_conversation_get_parameters (conversation));

  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < messages->len; i++)
    {
      BriskMessage *message = g_ptr_array_index (messages, i);

      json_builder_begin_object (builder);
      add_string (builder, "role", brisk_message_get_role (message));
      add_string (builder, "content", brisk_message_get_content (message));
      if (!is_tool_result (message))
        add_json_text (builder, "tool_calls", brisk_message_get_tool_calls (message));
      add_string (builder, "tool_call_id", brisk_message_get_tool_call_id (message));

      json_builder_set_member_name (builder, "brisk");
      json_builder_begin_object (builder);
      add_string (builder, "status", _brisk_reply_status_to_string (brisk_message_get_status (message)));
      if (*brisk_message_get_reasoning (message) != '\0')
        add_string (builder, "reasoning", brisk_message_get_reasoning (message));
      add_string (builder, "model", brisk_message_get_model (message));
      add_string (builder, "error", brisk_message_get_error (message));
      add_string (builder, "finish_reason", brisk_message_get_finish_reason (message));
      add_json_text (builder, "usage", brisk_message_get_usage (message));
      if (is_tool_result (message))
        add_json_text (builder, "call", brisk_message_get_tool_calls (message));
      add_json_text (builder, "executed_tools", brisk_message_get_executed_tools (message));
      add_time (builder, "created", brisk_message_get_created (message));
      json_builder_end_object (builder);

      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return TRUE;
}

/**
 * brisk_store_export_json:
 * @conversation_ids: (array length=n_ids) (nullable): which conversations, or %NULL for all
 *
 * Returns: (transfer full): the export document
 */
JsonNode *
brisk_store_export_json (BriskStore    *self,
                         const gint64  *conversation_ids,
                         guint          n_ids,
                         GError       **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db;

  g_return_val_if_fail (BRISK_IS_STORE (self), NULL);

  if (conversation_ids != NULL)
    {
      g_array_append_vals (ids, conversation_ids, n_ids);
    }
  else
    {
      sqlite3_stmt *stmt = NULL;

      db = _brisk_store_get_db (self);
      if (sqlite3_prepare_v2 (db, "SELECT id FROM conversations WHERE deleted = 0 ORDER BY id",
                              -1, &stmt, NULL) == SQLITE_OK)
        while (sqlite3_step (stmt) == SQLITE_ROW)
          {
            gint64 id = sqlite3_column_int64 (stmt, 0);

            g_array_append_val (ids, id);
          }
      sqlite3_finalize (stmt);
    }

  json_builder_begin_object (builder);
  add_string (builder, "format", EXPORT_FORMAT);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, EXPORT_VERSION);
  json_builder_set_member_name (builder, "conversations");
  json_builder_begin_array (builder);
  for (guint i = 0; i < ids->len; i++)
    if (!export_conversation (self, g_array_index (ids, gint64, i), builder, error))
      return NULL;
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * brisk_store_export_all_to_file:
 * @file: where to write the export; replaced if it exists
 *
 * Writes every conversation as a JSON export. The file is replaced only once the new one is
 * written in full, so a failed export never costs the user an older one.
 *
 * Returns: whether the export was written
 */
gboolean
brisk_store_export_all_to_file (BriskStore    *self,
                                GFile         *file,
                                GCancellable  *cancellable,
                                GError       **error)
{
  g_autoptr(JsonNode) export = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autofree char *text = NULL;
  gsize len;

  g_return_val_if_fail (BRISK_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  export = brisk_store_export_json (self, NULL, 0, error);
  if (export == NULL)
    return FALSE;

  generator = json_generator_new ();
  json_generator_set_root (generator, export);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &len);

  /* The conversations are private: only their owner may read the export. */
  return g_file_replace_contents (file, text, len, NULL, FALSE, G_FILE_CREATE_PRIVATE, NULL,
                                  cancellable, error);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
member_boolean (JsonObject *object,
                const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && json_node_get_boolean (node);
}

/* The member as JSON text, for columns that keep JSON. */
static char *
member_json_text (JsonObject *object,
                  const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return json_to_string (node, FALSE);
}

static gboolean
invalid_export (GError     **error,
                const char  *why)
{
  g_set_error (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_INVALID_EXPORT,
               "This file is not a Brisk export: %s", why);
  return FALSE;
}

static gboolean
uuid_exists (sqlite3    *db,
             const char *uuid)
{
  sqlite3_stmt *stmt = NULL;
  gboolean exists = FALSE;

  if (sqlite3_prepare_v2 (db, "SELECT 1 FROM conversations WHERE uuid = ?", -1, &stmt, NULL) == SQLITE_OK)
    {
      _brisk_store_bind_text (stmt, 1, uuid);
      exists = sqlite3_step (stmt) == SQLITE_ROW;
    }
  sqlite3_finalize (stmt);

  return exists;
}

static gboolean
import_message (sqlite3     *db,
                gint64       conversation_id,
                JsonNode    *node,
                GError     **error)
{
  JsonObject *message;
  JsonObject *brisk;
  const char *role;
  g_autofree char *tool_calls = NULL;
  g_autofree char *usage = NULL;
  g_autofree char *executed_tools = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 created = g_get_real_time ();
  int rc;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid_export (error, "a message is not an object");
  message = json_node_get_object (node);
  role = member_string (message, "role");
  if (role == NULL || !(g_str_equal (role, "system") || g_str_equal (role, "user") ||
                        g_str_equal (role, "assistant") || g_str_equal (role, "tool")))
    return invalid_export (error, "a message has no valid role");

  brisk = json_object_has_member (message, "brisk") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (message, "brisk"))
            ? json_object_get_object_member (message, "brisk") : NULL;
  if (brisk != NULL)
    parse_time (member_string (brisk, "created"), &created);
  tool_calls = g_str_equal (role, "tool") ? member_json_text (brisk, "call")
                                          : member_json_text (message, "tool_calls");
  usage = member_json_text (brisk, "usage");
  executed_tools = member_json_text (brisk, "executed_tools");

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO messages (conversation_id, role, content, reasoning,"
                           " tool_calls, tool_call_id, model, status, error, finish_reason, usage,"
                           " created, executed_tools) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      const char *status = member_string (brisk, "status");

      /* Nothing imported is still streaming. */
      if (status == NULL || g_str_equal (status, "streaming"))
        status = status ? "interrupted" : "complete";

      sqlite3_bind_int64 (stmt, 1, conversation_id);
      _brisk_store_bind_text (stmt, 2, role);
      _brisk_store_bind_text (stmt, 3, member_string (message, "content") ? member_string (message, "content") : "");
      _brisk_store_bind_text (stmt, 4, member_string (brisk, "reasoning") ? member_string (brisk, "reasoning") : "");
      _brisk_store_bind_text (stmt, 5, tool_calls);
      _brisk_store_bind_text (stmt, 6, member_string (message, "tool_call_id"));
      _brisk_store_bind_text (stmt, 7, member_string (brisk, "model"));
      _brisk_store_bind_text (stmt, 8, _brisk_reply_status_to_string (_brisk_reply_status_from_string (status)));
      _brisk_store_bind_text (stmt, 9, member_string (brisk, "error"));
      _brisk_store_bind_text (stmt, 10, member_string (brisk, "finish_reason"));
      _brisk_store_bind_text (stmt, 11, usage);
      sqlite3_bind_int64 (stmt, 12, created);
      _brisk_store_bind_text (stmt, 13, executed_tools);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (db);
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    {
      g_set_error (error, BRISK_STORE_ERROR,
                   (rc & 0xff) == SQLITE_FULL ? BRISK_STORE_ERROR_DISK_FULL : BRISK_STORE_ERROR_FAILED,
                   "Could not import a message: %s", sqlite3_errmsg (db));
      return FALSE;
    }

  return TRUE;
}

static gint64
import_conversation (sqlite3     *db,
                     JsonNode    *node,
                     GError     **error)
{
  JsonObject *object;
  JsonNode *messages;
  const char *uuid;
  g_autofree char *parameters = NULL;
  g_autofree char *fresh_uuid = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 created = g_get_real_time ();
  gint64 updated;
  gint64 id;
  int rc;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid_export (error, "a conversation is not an object");
      return -1;
    }
  object = json_node_get_object (node);
  messages = json_object_get_member (object, "messages");
  if (messages == NULL || !JSON_NODE_HOLDS_ARRAY (messages))
    {
      invalid_export (error, "a conversation has no messages list");
      return -1;
    }

  uuid = member_string (object, "id");
  if (uuid != NULL && uuid_exists (db, uuid))
    return 0;
  if (uuid == NULL || !g_uuid_string_is_valid (uuid))
    uuid = fresh_uuid = g_uuid_string_random ();

  parse_time (member_string (object, "created"), &created);
  updated = created;
  parse_time (member_string (object, "updated"), &updated);
  parameters = member_json_text (object, "parameters");

  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO conversations (uuid, title, title_is_custom, created, updated,"
                           " pinned, archived, provider, model, system_prompt, parameters)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      _brisk_store_bind_text (stmt, 1, uuid);
      _brisk_store_bind_text (stmt, 2, member_string (object, "title") ? member_string (object, "title") : "");
      sqlite3_bind_int (stmt, 3, member_boolean (object, "title_is_custom"));
      sqlite3_bind_int64 (stmt, 4, created);
      sqlite3_bind_int64 (stmt, 5, updated);
      sqlite3_bind_int (stmt, 6, member_boolean (object, "pinned"));
      sqlite3_bind_int (stmt, 7, member_boolean (object, "archived"));
      _brisk_store_bind_text (stmt, 8, member_string (object, "provider"));
      _brisk_store_bind_text (stmt, 9, member_string (object, "model"));
      _brisk_store_bind_text (stmt, 10, member_string (object, "system_prompt"));
      _brisk_store_bind_text (stmt, 11, parameters);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (db);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, BRISK_STORE_ERROR,
                   (rc & 0xff) == SQLITE_FULL ? BRISK_STORE_ERROR_DISK_FULL : BRISK_STORE_ERROR_FAILED,
                   "Could not import a conversation: %s", sqlite3_errmsg (db));
      return -1;
    }
  id = sqlite3_last_insert_rowid (db);

  for (guint i = 0; i < json_array_get_length (json_node_get_array (messages)); i++)
    if (!import_message (db, id, json_array_get_element (json_node_get_array (messages), i), error))
      return -1;

  return id;
}

/**
 * brisk_store_import_json:
 * @export: a document made by brisk_store_export_json()
 *
 * Imports every conversation the store does not have yet (by id), all or nothing.
 *
 * Returns: (transfer full) (element-type BriskConversation): the conversations imported
 */
GPtrArray *
brisk_store_import_json (BriskStore  *self,
                         JsonNode    *export,
                         GError     **error)
{
  g_autoptr(GPtrArray) imported = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3 *db = _brisk_store_get_db (self);
  JsonObject *root;
  JsonNode *conversations;

  g_return_val_if_fail (BRISK_IS_STORE (self), NULL);
  g_return_val_if_fail (export != NULL, NULL);

  if (brisk_store_get_read_only (self))
    {
      g_set_error_literal (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_READ_ONLY,
                           "This history can only be read");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (export) ||
      g_strcmp0 (member_string ((root = json_node_get_object (export)), "format"), EXPORT_FORMAT) != 0)
    {
      invalid_export (error, "it does not say it is one");
      return NULL;
    }
  conversations = json_object_get_member (root, "conversations");
  if (conversations == NULL || !JSON_NODE_HOLDS_ARRAY (conversations))
    {
      invalid_export (error, "it has no conversations list");
      return NULL;
    }

  if (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_FAILED,
                   "Could not start the import: %s", sqlite3_errmsg (db));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (conversations)); i++)
    {
      gint64 id = import_conversation (db, json_array_get_element (json_node_get_array (conversations), i),
                                       error);

      if (id < 0)
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return NULL;
        }
      if (id > 0)
        g_array_append_val (ids, id);
    }

  if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      g_set_error (error, BRISK_STORE_ERROR, BRISK_STORE_ERROR_FAILED,
                   "Could not finish the import: %s", sqlite3_errmsg (db));
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return NULL;
    }

  if (ids->len > 0)
    _brisk_store_emit_conversations_changed (self);

  for (guint i = 0; i < ids->len; i++)
    {
      BriskConversation *conversation = brisk_store_get_conversation (self, g_array_index (ids, gint64, i),
                                                                      error);

      if (conversation == NULL)
        return NULL;
      g_ptr_array_add (imported, conversation);
    }

  return g_steal_pointer (&imported);
}

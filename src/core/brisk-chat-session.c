/* brisk-chat-session.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "brisk-chat-session"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "brisk-chat-session.h"
#include "brisk-chat-stream.h"

/* A conversation being talked to: its messages as a list model for the view, and the one
 * reply that may be streaming into it. Everything a user does to a conversation (send, stop,
 * regenerate, continue, edit and resend, delete) goes through here, so the window and the
 * tests drive the same code. Without a store (the history could not be opened) the
 * conversation lives in memory only.
 */
struct _BriskChatSession
{
  GObject            parent_instance;

  BriskStore        *store;
  BriskConversation *conversation;
  BriskClient       *client;
  GListStore        *messages;
  gboolean           has_older;

  /* A short request naming the conversation after its first answer. */
  char              *title_model;
  BriskChatStream   *title_stream;
  GString           *title;

  /* The reply streaming now, if any. */
  BriskChatStream   *stream;
  BriskMessage      *reply;
  GCancellable      *cancellable;

  /* The tools the model may call. While a reply's calls run, @calling is that reply and
   * @calls its calls, of which @next_call is the one running; @tool_round counts the replies
   * whose calls have run since the user last asked.
   */
  BriskToolbox      *toolbox;
  BriskMessage      *calling;
  GPtrArray         *calls;
  guint              next_call;
  guint              tool_round;
  gint64             call_started;
};

G_DEFINE_FINAL_TYPE (BriskChatSession, brisk_chat_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CONVERSATION,
  PROP_CLIENT,
  PROP_BUSY,
  PROP_HAS_OLDER,
  N_PROPS
};

enum {
  REPLY_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/**
 * brisk_chat_session_new:
 * @store: (nullable): where the conversation is kept, or %NULL to keep it in memory
 * @conversation: the conversation; one not in the store yet (id 0) is added to it with its
 *   first message, and #BriskChatSession:conversation then names the stored one
 *
 * Returns: (transfer full): a session showing the newest page of @conversation's messages
 */
BriskChatSession *
brisk_chat_session_new (BriskStore        *store,
                        BriskConversation *conversation)
{
  g_return_val_if_fail (store == NULL || BRISK_IS_STORE (store), NULL);
  g_return_val_if_fail (BRISK_IS_CONVERSATION (conversation), NULL);

  return g_object_new (BRISK_TYPE_CHAT_SESSION,
                       "store", store,
                       "conversation", conversation,
                       NULL);
}

BriskConversation *
brisk_chat_session_get_conversation (BriskChatSession *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), NULL);

  return self->conversation;
}

/**
 * brisk_chat_session_get_messages:
 *
 * Returns: (transfer none): the loaded messages, oldest first
 */
GListModel *
brisk_chat_session_get_messages (BriskChatSession *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), NULL);

  return G_LIST_MODEL (self->messages);
}

/**
 * brisk_chat_session_get_has_older:
 *
 * Returns: whether older messages than the loaded ones are in the store
 */
gboolean
brisk_chat_session_get_has_older (BriskChatSession *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), FALSE);

  return self->has_older;
}

static gint64
get_oldest_loaded_id (BriskChatSession *self)
{
  g_autoptr(BriskMessage) oldest = g_list_model_get_item (G_LIST_MODEL (self->messages), 0);

  return oldest != NULL ? brisk_message_get_id (oldest) : 0;
}

/**
 * brisk_chat_session_count_unloaded_chars:
 *
 * Counts the characters of the conversation's older messages that are in the store but not
 * loaded: requests carry them too (see get_conversation_so_far()), so a token estimate must
 * count them.
 *
 * Returns: the number of characters; 0 when all are loaded or the store cannot say
 */
gint64
brisk_chat_session_count_unloaded_chars (BriskChatSession *self)
{
  g_autoptr(GError) error = NULL;
  gint64 n_chars;

  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), 0);

  if (!self->has_older)
    return 0;

  n_chars = brisk_store_count_message_chars (self->store,
                                             brisk_conversation_get_id (self->conversation),
                                             get_oldest_loaded_id (self), &error);
  if (n_chars < 0)
    {
      g_warning ("Could not count the conversation’s older messages: %s", error->message);
      return 0;
    }

  return n_chars;
}

/* The store reads messages newest first; the session keeps them oldest first. */
static void
put_oldest_first (GPtrArray *messages)
{
  for (guint i = 0; i < messages->len / 2; i++)
    {
      gpointer swap = messages->pdata[i];

      messages->pdata[i] = messages->pdata[messages->len - 1 - i];
      messages->pdata[messages->len - 1 - i] = swap;
    }
}

/**
 * brisk_chat_session_load_older:
 *
 * Puts the page of messages before the oldest loaded one at the top of the list.
 *
 * Returns: %FALSE on error
 */
gboolean
brisk_chat_session_load_older (BriskChatSession  *self,
                               GError           **error)
{
  g_autoptr(GPtrArray) page = NULL;
  gint64 before_id;

  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), FALSE);

  if (!self->has_older)
    return TRUE;

  before_id = get_oldest_loaded_id (self);
  page = brisk_store_list_messages (self->store, brisk_conversation_get_id (self->conversation),
                                    before_id, BRISK_CHAT_SESSION_PAGE_SIZE, error);
  if (page == NULL)
    return FALSE;

  put_oldest_first (page);
  g_list_store_splice (self->messages, 0, 0, page->pdata, page->len);
  if (page->len < BRISK_CHAT_SESSION_PAGE_SIZE)
    {
      self->has_older = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_OLDER]);
    }

  return TRUE;
}

BriskClient *
brisk_chat_session_get_client (BriskChatSession *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), NULL);

  return self->client;
}

/**
 * brisk_chat_session_set_client:
 * @client: (nullable): the client of the conversation's provider
 */
void
brisk_chat_session_set_client (BriskChatSession *self,
                               BriskClient      *client)
{
  g_return_if_fail (BRISK_IS_CHAT_SESSION (self));

  if (g_set_object (&self->client, client))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/**
 * brisk_chat_session_get_toolbox:
 *
 * Returns: (transfer none): the tools the model may call; the window gives it a file chooser
 */
BriskToolbox *
brisk_chat_session_get_toolbox (BriskChatSession *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), NULL);

  return self->toolbox;
}

/**
 * brisk_chat_session_get_busy:
 *
 * Returns: whether a reply is streaming or its tool calls are running
 */
gboolean
brisk_chat_session_get_busy (BriskChatSession *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), FALSE);

  return self->stream != NULL || self->calls != NULL;
}

/**
 * brisk_chat_session_get_reply:
 *
 * Returns: (transfer none) (nullable): the reply streaming now
 */
BriskMessage *
brisk_chat_session_get_reply (BriskChatSession *self)
{
  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), NULL);

  return self->reply;
}

static BriskChatRole
role_from_string (const char *role)
{
  if (g_strcmp0 (role, "system") == 0)
    return BRISK_CHAT_ROLE_SYSTEM;
  if (g_strcmp0 (role, "assistant") == 0)
    return BRISK_CHAT_ROLE_ASSISTANT;
  if (g_strcmp0 (role, "tool") == 0)
    return BRISK_CHAT_ROLE_TOOL;
  return BRISK_CHAT_ROLE_USER;
}

static gboolean
has_role (BriskMessage *message,
          const char   *role)
{
  return message != NULL && g_strcmp0 (brisk_message_get_role (message), role) == 0;
}

static gboolean
is_assistant (BriskMessage *message)
{
  return has_role (message, "assistant");
}

/* Returns: (transfer full) (nullable): the conversation's parameters as a JSON object */
static JsonNode *
read_parameters (BriskChatSession *self)
{
  const char *parameters = brisk_conversation_get_parameters (self->conversation);
  g_autoptr(JsonNode) root = NULL;

  if (parameters == NULL || *parameters == '\0')
    return NULL;

  root = json_from_string (parameters, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_warning ("Ignoring the conversation's unreadable parameters");
      return NULL;
    }

  return g_steal_pointer (&root);
}

/* Returns: (transfer full): the names of the tools the conversation allows, maybe none */
static GStrv
get_enabled_tools (BriskChatSession *self)
{
  g_autoptr(JsonNode) root = read_parameters (self);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  JsonNode *tools = root != NULL ? json_object_get_member (json_node_get_object (root), "tools")
                                 : NULL;

  if (tools != NULL && JSON_NODE_HOLDS_ARRAY (tools))
    {
      JsonArray *array = json_node_get_array (tools);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *name = json_array_get_element (array, i);

          if (json_node_get_value_type (name) == G_TYPE_STRING)
            g_strv_builder_add (names, json_node_get_string (name));
        }
    }

  return g_strv_builder_end (names);
}

static guint
get_max_tool_rounds (BriskChatSession *self)
{
  g_autoptr(JsonNode) root = read_parameters (self);

  if (root == NULL)
    return BRISK_CHAT_SESSION_MAX_TOOL_ROUNDS;

  return CLAMP (json_object_get_int_member_with_default (json_node_get_object (root),
                                                         "max_tool_rounds",
                                                         BRISK_CHAT_SESSION_MAX_TOOL_ROUNDS),
                1, 64);
}

static void
apply_parameters (BriskChatSession *self,
                  BriskChatRequest *request)
{
  g_autoptr(JsonNode) root = read_parameters (self);
  g_auto(GStrv) enabled = get_enabled_tools (self);
  g_autoptr(JsonNode) tools = brisk_toolbox_get_definitions ((const char * const *)enabled);
  JsonObject *object;

  if (tools != NULL)
    brisk_chat_request_set_tools (request, tools, "auto");

  if (root == NULL)
    return;
  object = json_node_get_object (root);

  if (json_object_has_member (object, "temperature"))
    brisk_chat_request_set_temperature (request,
                                        json_object_get_double_member (object, "temperature"));
  if (json_object_has_member (object, "top_p"))
    brisk_chat_request_set_top_p (request, json_object_get_double_member (object, "top_p"));
  if (json_object_has_member (object, "max_completion_tokens"))
    brisk_chat_request_set_max_completion_tokens (request,
                                                  json_object_get_int_member (object,
                                                                              "max_completion_tokens"));
  if (json_object_has_member (object, "seed"))
    brisk_chat_request_set_seed (request, json_object_get_int_member (object, "seed"));
  if (json_object_has_member (object, "stop"))
    {
      JsonArray *stops = json_object_get_array_member (object, "stop");

      for (guint i = 0; stops != NULL && i < json_array_get_length (stops); i++)
        brisk_chat_request_add_stop (request, json_array_get_string_element (stops, i));
    }
  if (json_object_has_member (object, "reasoning_effort"))
    brisk_chat_request_set_reasoning_effort (request,
                                             json_object_get_string_member (object,
                                                                            "reasoning_effort"));
  if (json_object_has_member (object, "reasoning_format"))
    {
      const char *format = json_object_get_string_member (object, "reasoning_format");

      if (g_strcmp0 (format, "parsed") == 0)
        brisk_chat_request_set_reasoning_format (request, BRISK_REASONING_FORMAT_PARSED);
      else if (g_strcmp0 (format, "raw") == 0)
        brisk_chat_request_set_reasoning_format (request, BRISK_REASONING_FORMAT_RAW);
      else if (g_strcmp0 (format, "hidden") == 0)
        brisk_chat_request_set_reasoning_format (request, BRISK_REASONING_FORMAT_HIDDEN);
    }
  if (json_object_get_boolean_member_with_default (object, "json_mode", FALSE))
    brisk_chat_request_set_response_format_json (request, NULL, NULL, FALSE);
  if (json_object_has_member (object, "service_tier"))
    brisk_chat_request_set_service_tier (request,
                                         json_object_get_string_member (object, "service_tier"));
}

/* Returns: (transfer full) (nullable): the calls of the reply at @position that have a result
 * among the tool messages right after it
 */
static GPtrArray *
get_answered_calls (GPtrArray    *messages,
                    BriskMessage *reply,
                    guint         position)
{
  g_autoptr(GPtrArray) calls = brisk_tool_calls_from_json (brisk_message_get_tool_calls (reply));
  g_autoptr(GPtrArray) answered = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) result_ids = NULL;

  if (calls == NULL)
    return NULL;

  for (guint i = position + 1; i < messages->len; i++)
    {
      BriskMessage *result = g_ptr_array_index (messages, i);

      if (!has_role (result, "tool"))
        break;
      if (brisk_message_get_tool_call_id (result) != NULL)
        g_strv_builder_add (ids, brisk_message_get_tool_call_id (result));
    }
  result_ids = g_strv_builder_end (ids);

  answered = g_ptr_array_new_with_free_func ((GDestroyNotify)brisk_tool_call_free);
  for (guint i = 0; i < calls->len; i++)
    {
      BriskToolCall *call = g_ptr_array_index (calls, i);

      if (g_strv_contains ((const char * const *)result_ids, call->id))
        g_ptr_array_add (answered, brisk_tool_call_copy (call));
    }

  return answered->len > 0 ? g_steal_pointer (&answered) : NULL;
}

/* The conversation up to the first @n_messages loaded ones, oldest first: a long one has
 * older messages in the store that were never loaded (the view shows the newest), and the
 * model is sent them too, so what it knows does not depend on how far the user scrolled.
 */
static GPtrArray *
get_conversation_so_far (BriskChatSession *self,
                         guint             n_messages)
{
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;

  if (self->has_older)
    messages = brisk_store_list_messages (self->store,
                                          brisk_conversation_get_id (self->conversation),
                                          get_oldest_loaded_id (self), G_MAXINT32, &error);
  if (error != NULL)
    g_warning ("Could not read the conversation’s older messages: %s", error->message);
  if (messages == NULL)
    messages = g_ptr_array_new_with_free_func (g_object_unref);

  put_oldest_first (messages);
  for (guint i = 0; i < n_messages; i++)
    g_ptr_array_add (messages, g_list_model_get_item (G_LIST_MODEL (self->messages), i));

  return g_steal_pointer (&messages);
}

/**
 * brisk_chat_session_build_request:
 * @n_messages: how many of the loaded messages, from the oldest, make up the conversation so
 *   far; older ones still in the store come before them
 *
 * Builds what is sent to the model. Of a run of answers to the same question (a reply and its
 * regenerations) only the newest is sent: the older ones stay on screen but are not part of
 * the conversation the model sees. Failed replies with no text are left out. A reply's tool
 * calls are sent with the results that follow it; calls that never ran (the user stopped them,
 * or the round cap was reached) are left out, since the server refuses calls without results.
 *
 * Returns: (transfer full): the request
 */
BriskChatRequest *
brisk_chat_session_build_request (BriskChatSession *self,
                                  guint             n_messages)
{
  g_autoptr(BriskChatRequest) request = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  const char *system_prompt;

  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), NULL);

  messages = get_conversation_so_far (self, n_messages);
  request = brisk_chat_request_new (brisk_conversation_get_model (self->conversation));
  apply_parameters (self, request);

  system_prompt = brisk_conversation_get_system_prompt (self->conversation);
  if (system_prompt != NULL && *system_prompt != '\0')
    brisk_chat_request_add_message (request, BRISK_CHAT_ROLE_SYSTEM, system_prompt);

  for (guint i = 0; i < messages->len; i++)
    {
      BriskMessage *message = g_ptr_array_index (messages, i);
      const char *content = brisk_message_get_content (message);

      if (has_role (message, "tool"))
        {
          brisk_chat_request_add_tool_result (request, brisk_message_get_tool_call_id (message),
                                              content);
          continue;
        }

      if (is_assistant (message))
        {
          BriskMessage *next = NULL;
          g_autoptr(GPtrArray) answered = get_answered_calls (messages, message, i);

          if (answered != NULL)
            {
              brisk_chat_request_add_tool_calls (request, content, answered);
              continue;
            }
          if (content == NULL || *content == '\0')
            continue;
          if (i + 1 < messages->len)
            next = g_ptr_array_index (messages, i + 1);
          if (next != NULL && is_assistant (next))
            continue;
        }

      brisk_chat_request_add_message (request,
                                      role_from_string (brisk_message_get_role (message)),
                                      content != NULL ? content : "");
    }

  return g_steal_pointer (&request);
}

/* A new conversation lives only in memory until its first message: opening one and walking
 * away leaves nothing in the history. On that first message it is written to the store,
 * with what was chosen for it meanwhile.
 */
static gboolean
ensure_stored (BriskChatSession  *self,
               GError           **error)
{
  g_autoptr(BriskConversation) stored = NULL;
  BriskConversation *draft = self->conversation;

  if (self->store == NULL || brisk_conversation_get_id (draft) > 0)
    return TRUE;

  stored = brisk_store_create_conversation (self->store, brisk_conversation_get_provider (draft),
                                            brisk_conversation_get_model (draft), error);
  if (stored == NULL)
    return FALSE;

  brisk_conversation_set_title (stored, brisk_conversation_get_title (draft));
  brisk_conversation_set_title_is_custom (stored, brisk_conversation_get_title_is_custom (draft));
  brisk_conversation_set_pinned (stored, brisk_conversation_get_pinned (draft));
  brisk_conversation_set_system_prompt (stored, brisk_conversation_get_system_prompt (draft));
  brisk_conversation_set_parameters (stored, brisk_conversation_get_parameters (draft));
  if (!brisk_store_save_conversation (self->store, stored, error))
    return FALSE;

  g_set_object (&self->conversation, stored);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION]);

  return TRUE;
}

static BriskMessage *
add_message (BriskChatSession  *self,
             const char        *role,
             const char        *content,
             BriskReplyStatus   status,
             GError           **error)
{
  BriskMessage *message;

  if (self->store != NULL)
    message = brisk_store_add_message (self->store, brisk_conversation_get_id (self->conversation),
                                       role, content, status, error);
  else
    message = g_object_new (BRISK_TYPE_MESSAGE,
                            "role", role,
                            "content", content,
                            "status", status,
                            "created", g_get_real_time (),
                            NULL);

  if (message != NULL)
    g_list_store_append (self->messages, message);

  return message;
}

static void
save_message (BriskChatSession *self,
              BriskMessage     *message)
{
  g_autoptr(GError) error = NULL;

  if (self->store != NULL && !brisk_store_save_message (self->store, message, &error))
    g_warning ("Could not save a message: %s", error->message);
}

static void
delta_cb (BriskChatSession *self,
          BriskDeltaKind    kind,
          const char       *text,
          BriskChatStream  *stream)
{
  if (kind == BRISK_DELTA_TOOL_CALLS || self->reply == NULL)
    return;

  brisk_message_append (self->reply, kind, text);
}

static void
set_busy (BriskChatSession *self,
          BriskChatStream  *stream,
          BriskMessage     *reply)
{
  if (stream != NULL)
    g_signal_connect_object (stream, "delta", G_CALLBACK (delta_cb), self, G_CONNECT_SWAPPED);
  else if (self->stream != NULL)
    g_signal_handlers_disconnect_by_data (self->stream, self);

  g_set_object (&self->stream, stream);
  g_set_object (&self->reply, reply);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * brisk_chat_session_set_title_model:
 * @model: (nullable): a small, cheap model to name the conversation with after its first
 *   answer, or %NULL to keep the first question as its title
 */
void
brisk_chat_session_set_title_model (BriskChatSession *self,
                                    const char       *model)
{
  g_return_if_fail (BRISK_IS_CHAT_SESSION (self));

  g_free (self->title_model);
  self->title_model = g_strdup (model);
}

static void
title_delta_cb (BriskChatSession *self,
                BriskDeltaKind    kind,
                const char       *text,
                BriskChatStream  *stream)
{
  if (kind == BRISK_DELTA_CONTENT)
    g_string_append (self->title, text);
}

/* The model's title, as one short line without quotes or a closing full stop. */
static char *
clean_title (const char *text)
{
  g_autofree char *line = g_strndup (text, strcspn (text, "\n"));
  g_autoptr(GString) title = NULL;

  g_strstrip (line);
  title = g_string_new (line);
  while (title->len > 0 && strchr ("\"'*#.“”", title->str[0]) != NULL)
    g_string_erase (title, 0, 1);
  while (title->len > 0 && strchr ("\"'*.“”", title->str[title->len - 1]) != NULL)
    g_string_truncate (title, title->len - 1);
  g_strstrip (title->str);

  if (g_utf8_strlen (title->str, -1) > 80 || !g_utf8_validate (title->str, -1, NULL))
    return NULL;

  return g_string_free (g_steal_pointer (&title), *title->str == '\0');
}

static void
title_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(BriskChatSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  brisk_client_stream_chat_finish (BRISK_CLIENT (object), result, &error);
  if (self->title_stream != NULL)
    g_signal_handlers_disconnect_by_data (self->title_stream, self);
  g_clear_object (&self->title_stream);
  if (error != NULL)
    {
      /* The first question stays the title; nothing the user has to know about. */
      g_debug ("No title was made: %s", error->message);
      return;
    }

  title = clean_title (self->title->str);
  /* The user may have renamed it meanwhile: their title wins. */
  if (title == NULL || brisk_conversation_get_title_is_custom (self->conversation))
    return;

  brisk_conversation_set_title (self->conversation, title);
  if (self->store != NULL)
    {
      g_autoptr(GError) save_error = NULL;

      if (!brisk_store_save_conversation (self->store, self->conversation, &save_error))
        g_warning ("Could not save the conversation’s title: %s", save_error->message);
    }
}

static void
generate_title (BriskChatSession *self,
                BriskMessage     *question,
                BriskMessage     *answer)
{
  g_autoptr(BriskChatRequest) request = brisk_chat_request_new (self->title_model);
  g_autofree char *excerpt = NULL;
  g_autofree char *prompt = NULL;
  const char *content = brisk_message_get_content (answer);

  /* The beginning of the answer says enough about what the conversation is about. */
  excerpt = g_utf8_substring (content != NULL ? content : "", 0,
                              MIN (600, g_utf8_strlen (content != NULL ? content : "", -1)));
  prompt = g_strdup_printf ("Question:\n%s\n\nAnswer (beginning):\n%s",
                            brisk_message_get_content (question), excerpt);

  brisk_chat_request_add_message (request, BRISK_CHAT_ROLE_SYSTEM,
                                  "Write a title of at most six words for the conversation "
                                  "below, in the language of the question. Reply with the "
                                  "title only, without quotes.");
  brisk_chat_request_add_message (request, BRISK_CHAT_ROLE_USER, prompt);
  brisk_chat_request_set_temperature (request, 0.3);
  /* Reasoning models think before they answer: leave them room, but as little thinking as
   * they allow.
   */
  if (strstr (self->title_model, "gpt-oss") != NULL)
    {
      brisk_chat_request_set_reasoning_effort (request, "low");
      brisk_chat_request_set_max_completion_tokens (request, 300);
    }
  else
    brisk_chat_request_set_max_completion_tokens (request, 32);

  g_string_truncate (self->title, 0);
  self->title_stream = brisk_chat_stream_new (request);
  g_signal_connect_object (self->title_stream, "delta", G_CALLBACK (title_delta_cb), self,
                           G_CONNECT_SWAPPED);
  brisk_client_stream_chat_async (self->client, self->title_stream, NULL, title_done_cb,
                                  g_object_ref (self));
}

/* Whether @reply answers the first question: everything between them is the tool calls and
 * results that led to it.
 */
static gboolean
is_first_answer (BriskChatSession *self,
                 BriskMessage     *reply)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  g_autoptr(BriskMessage) last = n > 1 ? g_list_model_get_item (G_LIST_MODEL (self->messages),
                                                                n - 1) : NULL;

  if (self->has_older || last != reply)
    return FALSE;

  for (guint i = 1; i + 1 < n; i++)
    {
      g_autoptr(BriskMessage) message = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      if (!has_role (message, "tool") && brisk_message_get_tool_calls (message) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
maybe_generate_title (BriskChatSession *self,
                      BriskMessage     *reply)
{
  g_autoptr(BriskMessage) question = NULL;

  /* Once, after the first complete answer, unless the user named the conversation. */
  if (self->title_model == NULL || *self->title_model == '\0' || self->title_stream != NULL
      || self->client == NULL
      || brisk_conversation_get_title_is_custom (self->conversation)
      || brisk_message_get_status (reply) != BRISK_REPLY_STATUS_COMPLETE
      || !is_first_answer (self, reply))
    return;

  question = g_list_model_get_item (G_LIST_MODEL (self->messages), 0);
  generate_title (self, question, reply);
}

/* Ends what the user asked for: @reply is the last reply of it, @error why it failed. */
static void
finish_reply (BriskChatSession *self,
              BriskMessage     *reply,
              const GError     *error)
{
  self->tool_round = 0;
  g_clear_object (&self->cancellable);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  g_signal_emit (self, signals[REPLY_FINISHED], 0, reply,
                 g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? NULL : error);

  maybe_generate_title (self, reply);
}

static gboolean start_reply (BriskChatSession  *self,
                             BriskMessage      *reply,
                             guint              n_messages,
                             GError           **error);
static void     run_next_call (BriskChatSession *self);

/* All the calls have results: the model gets them and answers, or calls tools again. */
static void
continue_after_tools (BriskChatSession *self)
{
  g_autoptr(BriskMessage) calling = g_steal_pointer (&self->calling);
  g_autoptr(BriskMessage) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->calls, g_ptr_array_unref);
  g_clear_object (&self->cancellable);

  reply = add_message (self, "assistant", "", BRISK_REPLY_STATUS_STREAMING, &error);
  if (reply == NULL)
    {
      finish_reply (self, calling, error);
      return;
    }

  start_reply (self, reply, g_list_model_get_n_items (G_LIST_MODEL (self->messages)) - 1, NULL);
}

/* Keeps a call's result as a tool message: with the call it answers, so that it can be shown
 * on its own, and how long the tool took as the message's usage.
 */
static void
add_tool_result (BriskChatSession *self,
                 BriskToolCall    *call,
                 const char       *result,
                 gboolean          failed)
{
  g_autoptr(BriskMessage) message = NULL;
  g_autoptr(GPtrArray) answered = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *call_json = NULL;
  g_autofree char *usage_json = NULL;
  BriskUsage usage;

  message = add_message (self, "tool", result,
                         failed ? BRISK_REPLY_STATUS_FAILED : BRISK_REPLY_STATUS_COMPLETE, &error);
  if (message == NULL)
    {
      g_warning ("Could not keep a tool’s result: %s", error->message);
      return;
    }

  g_ptr_array_add (answered, call);
  call_json = brisk_tool_calls_to_json (answered);
  brisk_usage_clear (&usage);
  usage.total_time = (g_get_monotonic_time () - self->call_started) / (double)G_USEC_PER_SEC;
  usage_json = brisk_usage_to_json (&usage, -1);

  brisk_message_set_tool_call_id (message, call->id);
  brisk_message_set_tool_calls (message, call_json);
  brisk_message_set_usage (message, usage_json);
  save_message (self, message);
}

static void
tool_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(BriskChatSession) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean failed = FALSE;

  text = brisk_toolbox_call_finish (BRISK_TOOLBOX (object), result, &failed, &error);
  if (self->calls == NULL)
    return;

  /* Only stopping cancels a call; the calls not run yet are left without results. */
  if (text == NULL)
    {
      g_autoptr(BriskMessage) calling = g_steal_pointer (&self->calling);

      g_clear_pointer (&self->calls, g_ptr_array_unref);
      brisk_message_set_status (calling, BRISK_REPLY_STATUS_CANCELLED);
      save_message (self, calling);
      finish_reply (self, calling, error);
      return;
    }

  add_tool_result (self, g_ptr_array_index (self->calls, self->next_call), text, failed);
  self->next_call++;
  run_next_call (self);
}

/* Calls are run one after another, in the order the model made them: a later call may
 * depend on an earlier one, and read_file asks the user one file at a time.
 */
static void
run_next_call (BriskChatSession *self)
{
  g_auto(GStrv) enabled = NULL;
  BriskToolCall *call;

  if (self->next_call == self->calls->len)
    {
      continue_after_tools (self);
      return;
    }

  call = g_ptr_array_index (self->calls, self->next_call);
  enabled = get_enabled_tools (self);
  self->call_started = g_get_monotonic_time ();
  brisk_toolbox_call_async (self->toolbox, call->name, call->arguments->str,
                            (const char * const *)enabled, self->cancellable, tool_done_cb,
                            g_object_ref (self));
}

/* The reply asked for tools: runs its calls, unless the question has taken as many rounds as
 * allowed, which ends it with @error set.
 */
static gboolean
run_tool_calls (BriskChatSession  *self,
                BriskMessage      *reply,
                GPtrArray         *calls,
                GError           **error)
{
  guint max_rounds = get_max_tool_rounds (self);

  if (self->tool_round >= max_rounds)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "Stopped: the model kept calling tools after %u round",
                                "Stopped: the model kept calling tools after %u rounds",
                                max_rounds),
                   max_rounds);
      return FALSE;
    }

  self->tool_round++;
  self->calling = g_object_ref (reply);
  self->calls = g_ptr_array_ref (calls);
  self->next_call = 0;
  self->cancellable = g_cancellable_new ();
  run_next_call (self);

  return TRUE;
}

/* The server's message, and when Groq refused a malformed tool call, what the model wrote. */
static char *
describe_failure (BriskChatStream *stream)
{
  const char *message = brisk_chat_stream_get_error (stream)->message;
  const char *generation = brisk_chat_stream_get_failed_generation (stream);

  if (generation == NULL || *generation == '\0')
    return g_strdup (message);

  /* Translators: the first %s is the server's error message, the second what the model wrote */
  return g_strdup_printf (_("%s\n\nWhat the model wrote:\n%s"), message, generation);
}

static void
stream_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(BriskChatSession) self = user_data;
  g_autoptr(BriskMessage) reply = NULL;
  g_autoptr(BriskChatStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *usage = NULL;
  GPtrArray *calls;
  gboolean wants_tools;

  brisk_client_stream_chat_finish (BRISK_CLIENT (object), result, &error);

  /* The session may have been handed another reply meanwhile only if this one was stopped,
   * and stopping already clears it; so the reply is still the one this stream filled.
   */
  reply = g_steal_pointer (&self->reply);
  stream = g_steal_pointer (&self->stream);
  g_signal_handlers_disconnect_by_data (stream, self);
  g_clear_object (&self->cancellable);

  brisk_message_set_status (reply, brisk_chat_stream_get_status (stream));
  brisk_message_set_finish_reason (reply, brisk_chat_stream_get_finish_reason (stream));
  if (brisk_chat_stream_get_model (stream) != NULL)
    brisk_message_set_model (reply, brisk_chat_stream_get_model (stream));
  if (brisk_chat_stream_get_error (stream) != NULL)
    {
      g_autofree char *failure = describe_failure (stream);
      brisk_message_set_error (reply, failure);
    }
  usage = brisk_usage_to_json (brisk_chat_stream_get_usage (stream),
                               brisk_chat_stream_get_time_to_first_delta (stream));
  brisk_message_set_usage (reply, usage);
  brisk_message_set_executed_tools (reply, brisk_chat_stream_get_executed_tools (stream));

  calls = brisk_chat_stream_get_tool_calls (stream);
  wants_tools = brisk_message_get_status (reply) == BRISK_REPLY_STATUS_COMPLETE
                && calls != NULL && calls->len > 0;
  if (wants_tools)
    {
      g_autofree char *json = brisk_tool_calls_to_json (calls);
      brisk_message_set_tool_calls (reply, json);
    }

  if (wants_tools && run_tool_calls (self, reply, calls, &error))
    {
      if (self->store != NULL)
        brisk_store_finish_reply (self->store, reply);
      return;
    }
  if (error != NULL && brisk_message_get_status (reply) == BRISK_REPLY_STATUS_COMPLETE)
    {
      brisk_message_set_status (reply, BRISK_REPLY_STATUS_FAILED);
      brisk_message_set_error (reply, error->message);
    }

  if (self->store != NULL)
    brisk_store_finish_reply (self->store, reply);

  finish_reply (self, reply, error);
}

/* Streams an answer to the first @n_messages messages into @reply. */
static gboolean
start_reply (BriskChatSession  *self,
             BriskMessage      *reply,
             guint              n_messages,
             GError           **error)
{
  g_autoptr(BriskChatRequest) request = NULL;
  g_autoptr(BriskChatStream) stream = NULL;

  request = brisk_chat_session_build_request (self, n_messages);
  stream = brisk_chat_stream_new (request);

  brisk_message_set_status (reply, BRISK_REPLY_STATUS_STREAMING);
  brisk_message_set_error (reply, NULL);
  brisk_message_set_model (reply, brisk_conversation_get_model (self->conversation));
  if (self->store != NULL)
    brisk_store_track_reply (self->store, reply);

  self->cancellable = g_cancellable_new ();
  set_busy (self, stream, reply);
  brisk_client_stream_chat_async (self->client, stream, self->cancellable, stream_done_cb,
                                  g_object_ref (self));

  return TRUE;
}

static gboolean
check_can_start (BriskChatSession  *self,
                 GError           **error)
{
  const char *model = brisk_conversation_get_model (self->conversation);

  if (brisk_chat_session_get_busy (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BUSY,
                           _("Wait for the reply, or stop it, before sending again"));
      return FALSE;
    }
  if (self->client == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("This conversation’s provider no longer exists"));
      return FALSE;
    }
  if (model == NULL || *model == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose a model for this conversation first"));
      return FALSE;
    }

  return TRUE;
}

static void
touch_conversation (BriskChatSession *self,
                    const char       *first_question)
{
  /* Until a better one is made, the conversation is named after its first question. */
  if (brisk_conversation_get_title (self->conversation) == NULL
      || *brisk_conversation_get_title (self->conversation) == '\0')
    {
      g_autofree char *line = g_strstrip (g_strndup (first_question,
                                                     strcspn (first_question, "\n")));
      g_autofree char *title = NULL;

      if (g_utf8_strlen (line, -1) > 60)
        {
          g_autofree char *cut = g_utf8_substring (line, 0, 59);
          title = g_strconcat (cut, "…", NULL);
        }
      else
        title = g_steal_pointer (&line);

      brisk_conversation_set_title (self->conversation, title);
    }

  brisk_conversation_set_updated (self->conversation, g_get_real_time ());
  if (self->store != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!brisk_store_save_conversation (self->store, self->conversation, &error))
        g_warning ("Could not save the conversation: %s", error->message);
    }
}

/**
 * brisk_chat_session_send:
 * @text: the user's message
 *
 * Adds @text as the user's message and streams the model's answer into a new reply.
 *
 * Returns: %FALSE, with @error set, if it could not be sent: a reply is still streaming, the
 *   conversation has no model or provider, or the store failed
 */
gboolean
brisk_chat_session_send (BriskChatSession  *self,
                         const char        *text,
                         GError           **error)
{
  g_autoptr(BriskMessage) question = NULL;
  g_autoptr(BriskMessage) reply = NULL;

  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (!check_can_start (self, error) || !ensure_stored (self, error))
    return FALSE;

  question = add_message (self, "user", text, BRISK_REPLY_STATUS_COMPLETE, error);
  if (question == NULL)
    return FALSE;
  touch_conversation (self, text);

  reply = add_message (self, "assistant", "", BRISK_REPLY_STATUS_STREAMING, error);
  if (reply == NULL)
    return FALSE;

  return start_reply (self, reply,
                      g_list_model_get_n_items (G_LIST_MODEL (self->messages)) - 1, error);
}

/**
 * brisk_chat_session_stop:
 *
 * Stops the streaming reply. Its text so far is kept, and it is marked cancelled.
 */
void
brisk_chat_session_stop (BriskChatSession *self)
{
  g_return_if_fail (BRISK_IS_CHAT_SESSION (self));

  g_cancellable_cancel (self->cancellable);
}

static BriskMessage *
get_last_message (BriskChatSession *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  return n > 0 ? g_list_model_get_item (G_LIST_MODEL (self->messages), n - 1) : NULL;
}

/**
 * brisk_chat_session_regenerate:
 *
 * Asks again for an answer to the last question. The previous answer stays in the
 * conversation, above the new one, but the model no longer sees it.
 *
 * Returns: %FALSE, with @error set, if there is no answer to regenerate or it cannot start
 */
gboolean
brisk_chat_session_regenerate (BriskChatSession  *self,
                               GError           **error)
{
  g_autoptr(BriskMessage) last = NULL;
  g_autoptr(BriskMessage) reply = NULL;
  guint n_context;

  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), FALSE);

  if (!check_can_start (self, error))
    return FALSE;

  last = get_last_message (self);
  if (last == NULL || !is_assistant (last))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("There is no answer to regenerate"));
      return FALSE;
    }

  /* The context ends with the question, before the run of earlier answers to it. */
  n_context = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  while (n_context > 0)
    {
      g_autoptr(BriskMessage) message = g_list_model_get_item (G_LIST_MODEL (self->messages),
                                                               n_context - 1);
      if (!is_assistant (message))
        break;
      n_context--;
    }

  reply = add_message (self, "assistant", "", BRISK_REPLY_STATUS_STREAMING, error);
  if (reply == NULL)
    return FALSE;
  touch_conversation (self, "");

  return start_reply (self, reply, n_context, error);
}

/**
 * brisk_chat_session_continue:
 *
 * Resumes the last answer where it stopped (interrupted, stopped or failed): the model gets
 * the text so far as the start of its answer and the new text is added to the same reply.
 *
 * Returns: %FALSE, with @error set, if the last message is not an unfinished answer
 */
gboolean
brisk_chat_session_continue (BriskChatSession  *self,
                             GError           **error)
{
  g_autoptr(BriskMessage) last = NULL;

  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), FALSE);

  if (!check_can_start (self, error))
    return FALSE;

  last = get_last_message (self);
  if (last == NULL || !is_assistant (last)
      || brisk_message_get_status (last) == BRISK_REPLY_STATUS_COMPLETE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("There is no unfinished answer to continue"));
      return FALSE;
    }

  /* With no text yet there is nothing to continue from: ask again instead. */
  return start_reply (self, last, g_list_model_get_n_items (G_LIST_MODEL (self->messages)),
                      error);
}

static gboolean
find_message (BriskChatSession *self,
              BriskMessage     *message,
              guint            *position)
{
  return g_list_store_find (self->messages, message, position);
}

/**
 * brisk_chat_session_edit_and_resend:
 * @message: one of the user's messages
 * @text: its new text
 *
 * Replaces the text of @message, forgets everything after it, and asks again.
 *
 * Returns: %FALSE, with @error set, on failure
 */
gboolean
brisk_chat_session_edit_and_resend (BriskChatSession  *self,
                                    BriskMessage      *message,
                                    const char        *text,
                                    GError           **error)
{
  g_autoptr(BriskMessage) reply = NULL;
  guint position;
  guint n;

  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (BRISK_IS_MESSAGE (message), FALSE);

  if (!check_can_start (self, error))
    return FALSE;

  if (!find_message (self, message, &position) || !has_role (message, "user"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("Only your own messages can be edited"));
      return FALSE;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));
  for (guint i = n; i > position + 1; i--)
    {
      g_autoptr(BriskMessage) later = g_list_model_get_item (G_LIST_MODEL (self->messages), i - 1);

      if (self->store != NULL
          && !brisk_store_delete_message (self->store, brisk_message_get_id (later), error))
        return FALSE;
      g_list_store_remove (self->messages, i - 1);
    }

  brisk_message_set_content (message, text);
  save_message (self, message);
  touch_conversation (self, text);

  reply = add_message (self, "assistant", "", BRISK_REPLY_STATUS_STREAMING, error);
  if (reply == NULL)
    return FALSE;

  return start_reply (self, reply, position + 1, error);
}

/**
 * brisk_chat_session_delete_message:
 *
 * Removes a message from the conversation; a streaming reply is stopped first.
 *
 * Returns: %FALSE, with @error set, on failure
 */
gboolean
brisk_chat_session_delete_message (BriskChatSession  *self,
                                   BriskMessage      *message,
                                   GError           **error)
{
  guint position;

  g_return_val_if_fail (BRISK_IS_CHAT_SESSION (self), FALSE);
  g_return_val_if_fail (BRISK_IS_MESSAGE (message), FALSE);

  if (!find_message (self, message, &position))
    return TRUE;

  if (message == self->reply)
    brisk_chat_session_stop (self);

  if (self->store != NULL
      && !brisk_store_delete_message (self->store, brisk_message_get_id (message), error))
    return FALSE;

  g_list_store_remove (self->messages, position);

  return TRUE;
}

static void
brisk_chat_session_constructed (GObject *object)
{
  BriskChatSession *self = (BriskChatSession *)object;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (brisk_chat_session_parent_class)->constructed (object);

  self->has_older = self->store != NULL && brisk_conversation_get_id (self->conversation) > 0;
  if (!brisk_chat_session_load_older (self, &error))
    g_warning ("Could not read the conversation’s messages: %s", error->message);
}

static void
brisk_chat_session_dispose (GObject *object)
{
  BriskChatSession *self = (BriskChatSession *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->stream != NULL)
    g_signal_handlers_disconnect_by_data (self->stream, self);
  g_clear_pointer (&self->title_model, g_free);
  g_clear_object (&self->stream);
  g_clear_object (&self->reply);
  g_clear_object (&self->calling);
  g_clear_pointer (&self->calls, g_ptr_array_unref);
  g_clear_object (&self->toolbox);
  g_clear_object (&self->client);
  g_clear_object (&self->messages);
  g_clear_object (&self->conversation);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (brisk_chat_session_parent_class)->dispose (object);
}

static void
brisk_chat_session_finalize (GObject *object)
{
  BriskChatSession *self = (BriskChatSession *)object;

  g_string_free (self->title, TRUE);

  G_OBJECT_CLASS (brisk_chat_session_parent_class)->finalize (object);
}

static void
brisk_chat_session_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  BriskChatSession *self = BRISK_CHAT_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CONVERSATION:
      g_value_set_object (value, self->conversation);
      break;
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, brisk_chat_session_get_busy (self));
      break;
    case PROP_HAS_OLDER:
      g_value_set_boolean (value, self->has_older);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_chat_session_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  BriskChatSession *self = BRISK_CHAT_SESSION (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CONVERSATION:
      self->conversation = g_value_dup_object (value);
      break;
    case PROP_CLIENT:
      brisk_chat_session_set_client (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
brisk_chat_session_class_init (BriskChatSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = brisk_chat_session_constructed;
  object_class->dispose = brisk_chat_session_dispose;
  object_class->finalize = brisk_chat_session_finalize;
  object_class->get_property = brisk_chat_session_get_property;
  object_class->set_property = brisk_chat_session_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, BRISK_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONVERSATION] =
    g_param_spec_object ("conversation", NULL, NULL, BRISK_TYPE_CONVERSATION,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY
                          | G_PARAM_STATIC_STRINGS));
  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, BRISK_TYPE_CLIENT,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_HAS_OLDER] =
    g_param_spec_boolean ("has-older", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * BriskChatSession::reply-finished:
   * @reply: the reply that stopped streaming; its status says how
   * @error: (nullable): why it failed; %NULL when it completed or the user stopped it
   */
  signals[REPLY_FINISHED] =
    g_signal_new ("reply-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, BRISK_TYPE_MESSAGE, G_TYPE_ERROR);
}

static void
brisk_chat_session_init (BriskChatSession *self)
{
  self->messages = g_list_store_new (BRISK_TYPE_MESSAGE);
  self->title = g_string_new (NULL);
  self->toolbox = brisk_toolbox_new ();
}

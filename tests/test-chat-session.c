/* test-chat-session.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "brisk-chat-session.h"
#include "brisk-test-server.h"

#define CHAT_PATH "/v1/chat/completions"
#define EVENT_STREAM "text/event-stream"

/* A guard against hanging, not a performance assertion. */
#define WAIT_LIMIT_SECONDS 60

typedef struct
{
  char              *dir;
  BriskTestServer   *server;
  BriskClient       *client;
  BriskStore        *store;
  BriskChatSession  *session;
  guint              n_finished;
  GError            *error;
} Fixture;

static void
reply_finished_cb (BriskChatSession *session,
                   BriskMessage     *reply,
                   const GError     *error,
                   Fixture          *fixture)
{
  fixture->n_finished++;
  g_clear_error (&fixture->error);
  if (error != NULL)
    fixture->error = g_error_copy (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskConversation) conversation = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("brisk-chat-session-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "brisk.db", NULL);
  fixture->store = brisk_store_open (path, &error);
  g_assert_no_error (error);

  fixture->server = brisk_test_server_new ();
  fixture->client = brisk_client_new (brisk_test_server_get_base_url (fixture->server), NULL);
  brisk_client_set_api_key (fixture->client, "gsk_test_key");
  g_object_set (fixture->client, "retry-delay", 20, "max-retries", 0, NULL);

  conversation = brisk_store_create_conversation (fixture->store, "groq", "test-model", &error);
  g_assert_no_error (error);
  fixture->session = brisk_chat_session_new (fixture->store, conversation);
  brisk_chat_session_set_client (fixture->session, fixture->client);
  g_signal_connect (fixture->session, "reply-finished", G_CALLBACK (reply_finished_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, brisk_test_server_free);
  brisk_store_close (fixture->store);
  g_clear_object (&fixture->store);
  g_clear_error (&fixture->error);
  brisk_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static void
wait_for_replies (Fixture *fixture,
                  guint    n_finished)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_LIMIT_SECONDS * G_USEC_PER_SEC;

  while (fixture->n_finished < n_finished)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
queue_reply (Fixture            *fixture,
             const char * const *pieces,
             const char         *finish_reason,
             guint               delay_ms,
             BriskTestEnd        end)
{
  g_auto(GStrv) chunks = brisk_test_make_reply (pieces, finish_reason);

  brisk_test_server_queue (fixture->server, CHAT_PATH, 200, EVENT_STREAM, NULL,
                           (const char * const *)chunks, delay_ms, end);
}

static BriskMessage *
get_message (Fixture *fixture,
             guint    position)
{
  GListModel *messages = brisk_chat_session_get_messages (fixture->session);

  return g_list_model_get_item (messages, position);
}

/* The messages of the request number @index as "role: content" lines, with the tool calls an
 * assistant made ("calls name(arguments)#id") and the call a tool result answers ("#id").
 */
static char *
describe_request (Fixture *fixture,
                  guint    index,
                  char   **model)
{
  BriskTestRequest *request = brisk_test_server_get_request (fixture->server, index);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) lines = g_string_new (NULL);
  JsonArray *messages;

  root = json_from_string (g_bytes_get_data (request->body, NULL), NULL);
  g_assert_nonnull (root);
  if (model != NULL)
    *model = g_strdup (json_object_get_string_member (json_node_get_object (root), "model"));
  messages = json_object_get_array_member (json_node_get_object (root), "messages");
  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      JsonArray *calls = json_object_has_member (message, "tool_calls")
                         ? json_object_get_array_member (message, "tool_calls") : NULL;

      g_string_append_printf (lines, "%s: %s",
                              json_object_get_string_member (message, "role"),
                              json_object_get_string_member (message, "content"));
      for (guint j = 0; calls != NULL && j < json_array_get_length (calls); j++)
        {
          JsonObject *call = json_array_get_object_element (calls, j);
          JsonObject *function = json_object_get_object_member (call, "function");

          g_string_append_printf (lines, " calls %s(%s)#%s",
                                  json_object_get_string_member (function, "name"),
                                  json_object_get_string_member (function, "arguments"),
                                  json_object_get_string_member (call, "id"));
        }
      if (json_object_has_member (message, "tool_call_id"))
        g_string_append_printf (lines, " #%s",
                                json_object_get_string_member (message, "tool_call_id"));
      g_string_append_c (lines, '\n');
    }

  return g_string_free (g_steal_pointer (&lines), FALSE);
}

static void
test_send_streams_and_saves (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskMessage) question = NULL;
  g_autoptr(BriskMessage) reply = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *model = NULL;
  BriskUsage usage;
  double ttft;

  queue_reply (fixture, (const char *[]) { "Hello", ", ", "world", NULL }, "stop", 0,
               BRISK_TEST_END_COMPLETE);

  g_assert_true (brisk_chat_session_send (fixture->session, "Say hello", &error));
  g_assert_no_error (error);
  g_assert_true (brisk_chat_session_get_busy (fixture->session));
  /* A second question while the answer streams is refused, not queued silently. */
  g_assert_false (brisk_chat_session_send (fixture->session, "Again", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);

  wait_for_replies (fixture, 1);
  g_assert_no_error (fixture->error);
  g_assert_false (brisk_chat_session_get_busy (fixture->session));

  question = get_message (fixture, 0);
  reply = get_message (fixture, 1);
  g_assert_cmpstr (brisk_message_get_role (question), ==, "user");
  g_assert_cmpstr (brisk_message_get_content (reply), ==, "Hello, world");
  g_assert_cmpint (brisk_message_get_status (reply), ==, BRISK_REPLY_STATUS_COMPLETE);
  g_assert_true (brisk_usage_from_json (brisk_message_get_usage (reply), &usage, &ttft));
  g_assert_cmpint (usage.completion_tokens, ==, 40);
  g_assert_cmpfloat (usage.queue_time, ==, 0.012);
  g_assert_cmpfloat (ttft, >=, 0);

  sent = describe_request (fixture, 0, &model);
  g_assert_cmpstr (model, ==, "test-model");
  g_assert_cmpstr (sent, ==, "user: Say hello\n");

  /* The first question names the conversation, and everything is in the store. */
  g_assert_cmpstr (brisk_conversation_get_title (brisk_chat_session_get_conversation (fixture->session)),
                   ==, "Say hello");
  g_assert_true (brisk_store_flush (fixture->store, &error));
  saved = brisk_store_list_messages (fixture->store,
                                     brisk_conversation_get_id (brisk_chat_session_get_conversation (fixture->session)),
                                     0, 10, &error);
  g_assert_cmpuint (saved->len, ==, 2);
  g_assert_cmpstr (brisk_message_get_content (g_ptr_array_index (saved, 0)), ==, "Hello, world");
}

static void
test_stop_keeps_partial_text (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskMessage) reply = NULL;

  queue_reply (fixture, (const char *[]) { "Partial", NULL }, NULL, 0, BRISK_TEST_END_STALL);
  g_assert_true (brisk_chat_session_send (fixture->session, "Tell me a long story", &error));

  reply = get_message (fixture, 1);
  while (g_strcmp0 (brisk_message_get_content (reply), "Partial") != 0)
    g_main_context_iteration (NULL, TRUE);

  brisk_chat_session_stop (fixture->session);
  wait_for_replies (fixture, 1);

  /* Stopping is no error, the text stays, and the reply is marked as stopped. */
  g_assert_null (fixture->error);
  g_assert_cmpstr (brisk_message_get_content (reply), ==, "Partial");
  g_assert_cmpint (brisk_message_get_status (reply), ==, BRISK_REPLY_STATUS_CANCELLED);
}

static void
test_regenerate_keeps_previous_answer (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskMessage) first = NULL;
  g_autoptr(BriskMessage) second = NULL;
  g_autofree char *regenerated = NULL;
  g_autofree char *followup = NULL;

  queue_reply (fixture, (const char *[]) { "First answer", NULL }, "stop", 0,
               BRISK_TEST_END_COMPLETE);
  queue_reply (fixture, (const char *[]) { "Second answer", NULL }, "stop", 0,
               BRISK_TEST_END_COMPLETE);
  queue_reply (fixture, (const char *[]) { "Ok", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);

  g_assert_true (brisk_chat_session_send (fixture->session, "Question", &error));
  wait_for_replies (fixture, 1);
  g_assert_true (brisk_chat_session_regenerate (fixture->session, &error));
  g_assert_no_error (error);
  wait_for_replies (fixture, 2);

  first = get_message (fixture, 1);
  second = get_message (fixture, 2);
  g_assert_cmpstr (brisk_message_get_content (first), ==, "First answer");
  g_assert_cmpstr (brisk_message_get_content (second), ==, "Second answer");

  /* The regeneration asked the question again without the first answer... */
  regenerated = describe_request (fixture, 1, NULL);
  g_assert_cmpstr (regenerated, ==, "user: Question\n");

  /* ...and later requests carry only the newest answer. */
  g_assert_true (brisk_chat_session_send (fixture->session, "Thanks", &error));
  wait_for_replies (fixture, 3);
  followup = describe_request (fixture, 2, NULL);
  g_assert_cmpstr (followup, ==, "user: Question\nassistant: Second answer\nuser: Thanks\n");
}

static void
test_edit_and_resend (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskMessage) question = NULL;
  g_autoptr(BriskMessage) reply = NULL;
  g_autofree char *sent = NULL;

  queue_reply (fixture, (const char *[]) { "About cats", NULL }, "stop", 0,
               BRISK_TEST_END_COMPLETE);
  queue_reply (fixture, (const char *[]) { "About dogs", NULL }, "stop", 0,
               BRISK_TEST_END_COMPLETE);

  g_assert_true (brisk_chat_session_send (fixture->session, "Tell me about cats", &error));
  wait_for_replies (fixture, 1);

  question = get_message (fixture, 0);
  g_assert_true (brisk_chat_session_edit_and_resend (fixture->session, question,
                                                     "Tell me about dogs", &error));
  g_assert_no_error (error);
  wait_for_replies (fixture, 2);

  g_assert_cmpuint (g_list_model_get_n_items (brisk_chat_session_get_messages (fixture->session)),
                    ==, 2);
  reply = get_message (fixture, 1);
  g_assert_cmpstr (brisk_message_get_content (reply), ==, "About dogs");
  sent = describe_request (fixture, 1, NULL);
  g_assert_cmpstr (sent, ==, "user: Tell me about dogs\n");
}

static void
test_continue_interrupted (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskMessage) reply = NULL;
  g_autofree char *sent = NULL;

  /* The connection drops before any finish_reason: the reply is interrupted, not complete. */
  queue_reply (fixture, (const char *[]) { "Once upon", NULL }, NULL, 0, BRISK_TEST_END_DROP);
  queue_reply (fixture, (const char *[]) { " a time", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);

  g_assert_true (brisk_chat_session_send (fixture->session, "A story", &error));
  wait_for_replies (fixture, 1);
  reply = get_message (fixture, 1);
  g_assert_cmpint (brisk_message_get_status (reply), ==, BRISK_REPLY_STATUS_INTERRUPTED);
  g_assert_nonnull (fixture->error);
  g_assert_cmpstr (brisk_message_get_content (reply), ==, "Once upon");

  g_assert_true (brisk_chat_session_continue (fixture->session, &error));
  g_assert_no_error (error);
  wait_for_replies (fixture, 2);

  g_assert_cmpstr (brisk_message_get_content (reply), ==, "Once upon a time");
  g_assert_cmpint (brisk_message_get_status (reply), ==, BRISK_REPLY_STATUS_COMPLETE);
  sent = describe_request (fixture, 1, NULL);
  g_assert_cmpstr (sent, ==, "user: A story\nassistant: Once upon\n");

  /* A complete answer has nothing to continue. */
  g_assert_false (brisk_chat_session_continue (fixture->session, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_parameters_reach_request (Fixture       *fixture,
                               gconstpointer  data)
{
  BriskConversation *conversation = brisk_chat_session_get_conversation (fixture->session);
  g_autoptr(GError) error = NULL;
  BriskTestRequest *request;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *body;

  brisk_conversation_set_system_prompt (conversation, "Be brief.");
  brisk_conversation_set_parameters (conversation,
                                     "{\"temperature\":0.3,\"max_completion_tokens\":64,"
                                     "\"stop\":[\"END\"],\"seed\":7}");
  queue_reply (fixture, (const char *[]) { "Ok", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  g_assert_true (brisk_chat_session_send (fixture->session, "Hi", &error));
  wait_for_replies (fixture, 1);

  request = brisk_test_server_get_request (fixture->server, 0);
  root = json_from_string (g_bytes_get_data (request->body, NULL), NULL);
  body = json_node_get_object (root);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "temperature"), 0.3, 1e-9);
  g_assert_cmpint (json_object_get_int_member (body, "max_completion_tokens"), ==, 64);
  g_assert_cmpint (json_object_get_int_member (body, "seed"), ==, 7);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (body, "stop"), 0),
                   ==, "END");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (body, "messages"), 0), "role"),
                   ==, "system");
}

/* Stores "message 0" to "message N-1" in the fixture's conversation, questions and answers in
 * turn.
 */
static void
store_numbered_messages (Fixture *fixture,
                         guint    n_messages)
{
  BriskConversation *conversation = brisk_chat_session_get_conversation (fixture->session);

  for (guint i = 0; i < n_messages; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);
      g_autoptr(BriskMessage) message = NULL;
      g_autoptr(GError) error = NULL;

      message = brisk_store_add_message (fixture->store, brisk_conversation_get_id (conversation),
                                         i % 2 == 0 ? "user" : "assistant", text,
                                         BRISK_REPLY_STATUS_COMPLETE, &error);
      g_assert_no_error (error);
    }
}

static void
test_reopen_loads_pages (Fixture       *fixture,
                         gconstpointer  data)
{
  BriskConversation *conversation = brisk_chat_session_get_conversation (fixture->session);
  g_autoptr(BriskChatSession) reopened = NULL;
  g_autoptr(GError) error = NULL;
  guint n_total = BRISK_CHAT_SESSION_PAGE_SIZE * 2 + 5;

  store_numbered_messages (fixture, n_total);

  reopened = brisk_chat_session_new (fixture->store, conversation);
  g_assert_cmpuint (g_list_model_get_n_items (brisk_chat_session_get_messages (reopened)), ==,
                    BRISK_CHAT_SESSION_PAGE_SIZE);
  g_assert_true (brisk_chat_session_get_has_older (reopened));

  while (brisk_chat_session_get_has_older (reopened))
    g_assert_true (brisk_chat_session_load_older (reopened, &error));

  g_assert_cmpuint (g_list_model_get_n_items (brisk_chat_session_get_messages (reopened)), ==,
                    n_total);
  {
    g_autoptr(BriskMessage) first = g_list_model_get_item (brisk_chat_session_get_messages (reopened), 0);
    g_autoptr(BriskMessage) last = g_list_model_get_item (brisk_chat_session_get_messages (reopened),
                                                          n_total - 1);

    /* Oldest first, whatever page it came from. */
    g_assert_cmpstr (brisk_message_get_content (first), ==, "message 0");
    g_assert_cmpstr (brisk_message_get_content (last), ==, "message 104");
  }
}

/* Reopened, a long conversation shows its newest page; the model is still sent all of it. */
static void
test_request_carries_whole_conversation (Fixture       *fixture,
                                         gconstpointer  data)
{
  BriskConversation *conversation = brisk_chat_session_get_conversation (fixture->session);
  g_autoptr(BriskChatSession) reopened = NULL;
  g_autoptr(BriskChatRequest) request = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *messages;
  guint n_total = BRISK_CHAT_SESSION_PAGE_SIZE * 2 + 5;
  guint n_loaded;

  store_numbered_messages (fixture, n_total);

  reopened = brisk_chat_session_new (fixture->store, conversation);
  n_loaded = g_list_model_get_n_items (brisk_chat_session_get_messages (reopened));
  g_assert_cmpuint (n_loaded, <, n_total);
  request = brisk_chat_session_build_request (reopened, n_loaded);
  body = brisk_chat_request_to_json (request, TRUE);
  json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                              &error);
  g_assert_no_error (error);
  messages = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                           "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, n_total);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0),
                                                  "content"), ==, "message 0");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages,
                                                                                 n_total - 1),
                                                  "content"), ==, "message 104");
}

/* A token estimate of a long conversation reopened counts the older messages never loaded,
 * since requests carry them, and reads none of them to do it.
 */
static void
test_unloaded_messages_counted (Fixture       *fixture,
                                gconstpointer  data)
{
  BriskConversation *conversation = brisk_chat_session_get_conversation (fixture->session);
  g_autoptr(BriskChatSession) reopened = NULL;
  guint n_total = BRISK_CHAT_SESSION_PAGE_SIZE * 2 + 5;
  gint64 expected = 0;
  guint n_loaded;

  store_numbered_messages (fixture, n_total);

  reopened = brisk_chat_session_new (fixture->store, conversation);
  n_loaded = g_list_model_get_n_items (brisk_chat_session_get_messages (reopened));
  g_assert_cmpuint (n_loaded, <, n_total);
  for (guint i = 0; i < n_total - n_loaded; i++)
    {
      g_autofree char *text = g_strdup_printf ("message %u", i);

      expected += g_utf8_strlen (text, -1);
    }
  g_assert_cmpint (brisk_chat_session_count_unloaded_chars (reopened), ==, expected);

  /* Once every page is loaded, nothing is left to count. */
  while (brisk_chat_session_get_has_older (reopened))
    g_assert_true (brisk_chat_session_load_older (reopened, NULL));
  g_assert_cmpint (brisk_chat_session_count_unloaded_chars (reopened), ==, 0);
}

static void
test_title_after_first_answer (Fixture       *fixture,
                               gconstpointer  data)
{
  BriskConversation *conversation = brisk_chat_session_get_conversation (fixture->session);
  g_autoptr(GError) error = NULL;
  g_autofree char *model = NULL;
  g_autofree char *asked = NULL;

  brisk_chat_session_set_title_model (fixture->session, "small-model");
  queue_reply (fixture, (const char *[]) { "Paris is the capital.", NULL }, "stop", 0,
               BRISK_TEST_END_COMPLETE);
  queue_reply (fixture, (const char *[]) { "\"The Capital", " of France.\"", NULL }, "stop", 0,
               BRISK_TEST_END_COMPLETE);

  g_assert_true (brisk_chat_session_send (fixture->session, "What is the capital of France?", &error));
  wait_for_replies (fixture, 1);
  g_assert_cmpstr (brisk_conversation_get_title (conversation), ==, "What is the capital of France?");

  /* A second, small request names the conversation; quotes and the full stop are dropped. */
  while (g_strcmp0 (brisk_conversation_get_title (conversation), "The Capital of France") != 0)
    g_main_context_iteration (NULL, TRUE);
  asked = describe_request (fixture, 1, &model);
  g_assert_cmpstr (model, ==, "small-model");
  g_assert_nonnull (strstr (asked, "What is the capital of France?"));
  g_assert_nonnull (strstr (asked, "Paris is the capital."));
  g_assert_false (brisk_conversation_get_title_is_custom (conversation));
}

static void
test_title_never_replaces_users (Fixture       *fixture,
                                 gconstpointer  data)
{
  BriskConversation *conversation = brisk_chat_session_get_conversation (fixture->session);
  g_autoptr(GError) error = NULL;

  brisk_chat_session_set_title_model (fixture->session, "small-model");
  brisk_conversation_set_title (conversation, "My own title");
  brisk_conversation_set_title_is_custom (conversation, TRUE);
  queue_reply (fixture, (const char *[]) { "Answer", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);

  g_assert_true (brisk_chat_session_send (fixture->session, "Question", &error));
  wait_for_replies (fixture, 1);
  /* Give a title request, were one made, time to arrive. */
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);

  g_assert_cmpuint (brisk_test_server_get_n_requests (fixture->server), ==, 1);
  g_assert_cmpstr (brisk_conversation_get_title (conversation), ==, "My own title");
}

static void
test_no_model_is_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  brisk_conversation_set_model (brisk_chat_session_get_conversation (fixture->session), "");
  g_assert_false (brisk_chat_session_send (fixture->session, "Hi", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (brisk_test_server_get_n_requests (fixture->server), ==, 0);
}

static void
queue_tool_calls (Fixture            *fixture,
                  const char * const *deltas)
{
  g_auto(GStrv) chunks = brisk_test_make_tool_call_reply (deltas);

  brisk_test_server_queue (fixture->server, CHAT_PATH, 200, EVENT_STREAM, NULL,
                           (const char * const *)chunks, 0, BRISK_TEST_END_COMPLETE);
}

static void
enable_tools (Fixture    *fixture,
              const char *parameters)
{
  brisk_conversation_set_parameters (brisk_chat_session_get_conversation (fixture->session),
                                     parameters);
}

/* The loaded messages as "role: content" lines, with a tool result's call id and status. */
static char *
describe_messages (Fixture *fixture)
{
  GListModel *messages = brisk_chat_session_get_messages (fixture->session);
  g_autoptr(GString) lines = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (messages); i++)
    {
      g_autoptr(BriskMessage) message = g_list_model_get_item (messages, i);

      g_string_append_printf (lines, "%s: %s", brisk_message_get_role (message),
                              brisk_message_get_content (message));
      if (brisk_message_get_tool_call_id (message) != NULL)
        g_string_append_printf (lines, " #%s%s", brisk_message_get_tool_call_id (message),
                                brisk_message_get_status (message) == BRISK_REPLY_STATUS_FAILED
                                ? " failed" : "");
      g_string_append_c (lines, '\n');
    }

  return g_string_free (g_steal_pointer (&lines), FALSE);
}

static void
test_tool_call_single (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskMessage) calling = NULL;
  g_autoptr(BriskMessage) result = NULL;
  g_autoptr(GPtrArray) saved = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  BriskTestRequest *request;
  JsonObject *body;
  JsonArray *tools;
  BriskUsage usage;

  enable_tools (fixture, "{\"tools\":[\"calculator\"]}");
  queue_tool_calls (fixture, (const char *[]) {
    "[{\"index\":0,\"id\":\"tk85n1k4m\",\"type\":\"function\",\"function\":{\"name\":"
    "\"calculator\",\"arguments\":\"{\\\"expression\\\":\\\"2 + 2 * 3\\\"}\"}}]",
    NULL });
  queue_reply (fixture, (const char *[]) { "It is 8.", NULL }, "stop", 0,
               BRISK_TEST_END_COMPLETE);

  g_assert_true (brisk_chat_session_send (fixture->session, "What is 2 + 2 * 3?", &error));
  g_assert_no_error (error);
  wait_for_replies (fixture, 1);
  g_assert_no_error (fixture->error);
  g_assert_false (brisk_chat_session_get_busy (fixture->session));

  messages = describe_messages (fixture);
  g_assert_cmpstr (messages, ==,
                   "user: What is 2 + 2 * 3?\n"
                   "assistant: \n"
                   "tool: {\"expression\":\"2 + 2 * 3\",\"result\":\"8\"} #tk85n1k4m\n"
                   "assistant: It is 8.\n");

  /* The tools and the choice go with every request; the second carries the call and result. */
  request = brisk_test_server_get_request (fixture->server, 0);
  root = json_from_string (g_bytes_get_data (request->body, NULL), NULL);
  body = json_node_get_object (root);
  tools = json_object_get_array_member (body, "tools");
  g_assert_cmpuint (json_array_get_length (tools), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (tools, 0), "function"), "name"),
                   ==, "calculator");
  g_assert_cmpstr (json_object_get_string_member (body, "tool_choice"), ==, "auto");

  first = describe_request (fixture, 0, NULL);
  g_assert_cmpstr (first, ==, "user: What is 2 + 2 * 3?\n");
  second = describe_request (fixture, 1, NULL);
  g_assert_cmpstr (second, ==,
                   "user: What is 2 + 2 * 3?\n"
                   "assistant:  calls calculator({\"expression\":\"2 + 2 * 3\"})#tk85n1k4m\n"
                   "tool: {\"expression\":\"2 + 2 * 3\",\"result\":\"8\"} #tk85n1k4m\n");

  /* The call is kept with its reply; the result with its call and how long it took. */
  calling = get_message (fixture, 1);
  g_assert_cmpint (brisk_message_get_status (calling), ==, BRISK_REPLY_STATUS_COMPLETE);
  g_assert_cmpstr (brisk_message_get_finish_reason (calling), ==, "tool_calls");
  g_assert_nonnull (strstr (brisk_message_get_tool_calls (calling), "\"tk85n1k4m\""));
  result = get_message (fixture, 2);
  g_assert_nonnull (strstr (brisk_message_get_tool_calls (result), "\"calculator\""));
  g_assert_true (brisk_usage_from_json (brisk_message_get_usage (result), &usage, NULL));
  g_assert_cmpfloat (usage.total_time, >=, 0);

  g_assert_true (brisk_store_flush (fixture->store, &error));
  saved = brisk_store_list_messages (fixture->store,
                                     brisk_conversation_get_id (brisk_chat_session_get_conversation (fixture->session)),
                                     0, 10, &error);
  g_assert_cmpuint (saved->len, ==, 4);
  /* Newest first. */
  g_assert_cmpstr (brisk_message_get_tool_call_id (g_ptr_array_index (saved, 1)), ==, "tk85n1k4m");
  g_assert_cmpstr (brisk_message_get_tool_calls (g_ptr_array_index (saved, 2)), ==,
                   brisk_message_get_tool_calls (calling));

  /* Reopened from the history, the conversation is sent to the model the same way. */
  {
    g_autoptr(BriskChatSession) reopened = brisk_chat_session_new (fixture->store,
                                                                   brisk_chat_session_get_conversation (fixture->session));
    g_autoptr(BriskChatRequest) before = brisk_chat_session_build_request (fixture->session, 4);
    g_autoptr(BriskChatRequest) after = brisk_chat_session_build_request (reopened, 4);
    g_autoptr(GBytes) before_json = brisk_chat_request_to_json (before, TRUE);
    g_autoptr(GBytes) after_json = brisk_chat_request_to_json (after, TRUE);

    g_assert_cmpuint (g_list_model_get_n_items (brisk_chat_session_get_messages (reopened)), ==, 4);
    g_assert_cmpuint (brisk_chat_request_get_n_messages (after), ==, 4);
    g_assert_true (g_bytes_equal (before_json, after_json));
  }
}

static void
test_tool_calls_parallel (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *second = NULL;

  /* Groq: each call whole in its own chunk, and both under index 0. */
  enable_tools (fixture, "{\"tools\":[\"calculator\",\"convert_units\"]}");
  queue_tool_calls (fixture, (const char *[]) {
    "[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":"
    "\"calculator\",\"arguments\":\"{\\\"expression\\\":\\\"6*7\\\"}\"}}]",
    "[{\"index\":0,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":"
    "\"convert_units\",\"arguments\":\"{\\\"value\\\":1,\\\"from\\\":\\\"km\\\","
    "\\\"to\\\":\\\"m\\\"}\"}}]",
    NULL });
  queue_reply (fixture, (const char *[]) { "42 and 1000 m.", NULL }, "stop", 0,
               BRISK_TEST_END_COMPLETE);

  g_assert_true (brisk_chat_session_send (fixture->session, "Two things", &error));
  wait_for_replies (fixture, 1);
  g_assert_no_error (fixture->error);

  messages = describe_messages (fixture);
  g_assert_cmpstr (messages, ==,
                   "user: Two things\n"
                   "assistant: \n"
                   "tool: {\"expression\":\"6*7\",\"result\":\"42\"} #call_a\n"
                   "tool: {\"value\":1.0,\"from\":\"km\",\"to\":\"m\",\"result\":\"1000\"} #call_b\n"
                   "assistant: 42 and 1000 m.\n");
  second = describe_request (fixture, 1, NULL);
  g_assert_nonnull (strstr (second, "calls calculator({\"expression\":\"6*7\"})#call_a "
                                    "calls convert_units("));
}

static void
test_tool_call_fragments (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *messages = NULL;

  /* OpenAI: the id and name first, then the arguments in pieces under the same index. */
  enable_tools (fixture, "{\"tools\":[\"calculator\"]}");
  queue_tool_calls (fixture, (const char *[]) {
    "[{\"index\":0,\"id\":\"call_f\",\"type\":\"function\",\"function\":{\"name\":"
    "\"calculator\",\"arguments\":\"\"}}]",
    "[{\"index\":0,\"function\":{\"arguments\":\"{\\\"expr\"}}]",
    "[{\"index\":0,\"function\":{\"arguments\":\"ession\\\": \\\"(1+2)\"}}]",
    "[{\"index\":0,\"function\":{\"arguments\":\"*3\\\"}\"}}]",
    NULL });
  queue_reply (fixture, (const char *[]) { "9", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);

  g_assert_true (brisk_chat_session_send (fixture->session, "Compute", &error));
  wait_for_replies (fixture, 1);
  g_assert_no_error (fixture->error);

  messages = describe_messages (fixture);
  g_assert_cmpstr (messages, ==,
                   "user: Compute\n"
                   "assistant: \n"
                   "tool: {\"expression\":\"(1+2)*3\",\"result\":\"9\"} #call_f\n"
                   "assistant: 9\n");
}

static void
test_tool_call_invalid (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *messages = NULL;
  g_autofree char *second = NULL;

  /* Wrong arguments, a tool that does not exist, and one the conversation did not enable:
   * none runs, each is answered with an error, and the model goes on.
   */
  enable_tools (fixture, "{\"tools\":[\"calculator\"]}");
  queue_tool_calls (fixture, (const char *[]) {
    "[{\"index\":0,\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":"
    "\"calculator\",\"arguments\":\"{\\\"expression\\\":5,\\\"path\\\":\\\"/\\\"}\"}}]",
    "[{\"index\":1,\"id\":\"c2\",\"type\":\"function\",\"function\":{\"name\":"
    "\"shell\",\"arguments\":\"{\\\"command\\\":\\\"rm -rf ~\\\"}\"}}]",
    "[{\"index\":2,\"id\":\"c3\",\"type\":\"function\",\"function\":{\"name\":"
    "\"read_file\",\"arguments\":\"{}\"}}]",
    "[{\"index\":3,\"id\":\"c4\",\"type\":\"function\",\"function\":{\"name\":"
    "\"calculator\",\"arguments\":\"{not json\"}}]",
    NULL });
  queue_reply (fixture, (const char *[]) { "Sorry.", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);

  g_assert_true (brisk_chat_session_send (fixture->session, "Break things", &error));
  wait_for_replies (fixture, 1);
  g_assert_no_error (fixture->error);

  messages = describe_messages (fixture);
  g_assert_true (g_str_has_prefix (messages,
                   "user: Break things\n"
                   "assistant: \n"
                   "tool: {\"error\":\"arguments.expression: expected a value of type string\"}"
                   " #c1 failed\n"
                   "tool: {\"error\":\"There is no tool called “shell”\"} #c2 failed\n"
                   "tool: {\"error\":\"There is no tool called “read_file”\"} #c3 failed\n"
                   "tool: {\"error\":\"The arguments are not valid JSON: "));
  /* The parser's own words follow; they are json-glib's. */
  g_assert_true (g_str_has_suffix (messages, "\"} #c4 failed\nassistant: Sorry.\n"));
  second = describe_request (fixture, 1, NULL);
  g_assert_nonnull (strstr (second, "There is no tool called “shell”\"} #c2\n"));
}

static void
test_tool_round_cap (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskMessage) last = NULL;
  g_autoptr(BriskMessage) question = NULL;
  g_autofree char *after = NULL;
  GListModel *messages = brisk_chat_session_get_messages (fixture->session);
  guint n;

  enable_tools (fixture, "{\"tools\":[\"datetime\"]}");
  for (guint i = 0; i <= BRISK_CHAT_SESSION_MAX_TOOL_ROUNDS; i++)
    {
      g_autofree char *delta = g_strdup_printf ("[{\"index\":0,\"id\":\"r%u\",\"type\":"
                                                "\"function\",\"function\":{\"name\":"
                                                "\"datetime\",\"arguments\":\"{}\"}}]", i);

      queue_tool_calls (fixture, (const char *[]) { delta, NULL });
    }

  g_assert_true (brisk_chat_session_send (fixture->session, "Loop", &error));
  wait_for_replies (fixture, 1);

  /* Eight rounds ran; the ninth request's calls did not, and the question ends, saying why. */
  g_assert_cmpuint (brisk_test_server_get_n_requests (fixture->server), ==,
                    BRISK_CHAT_SESSION_MAX_TOOL_ROUNDS + 1);
  g_assert_error (fixture->error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (fixture->error->message, "8 rounds"));
  g_assert_false (brisk_chat_session_get_busy (fixture->session));

  n = g_list_model_get_n_items (messages);
  g_assert_cmpuint (n, ==, 1 + 2 * BRISK_CHAT_SESSION_MAX_TOOL_ROUNDS + 1);
  last = g_list_model_get_item (messages, n - 1);
  g_assert_cmpint (brisk_message_get_status (last), ==, BRISK_REPLY_STATUS_FAILED);
  g_assert_nonnull (strstr (brisk_message_get_error (last), "8 rounds"));
  g_assert_nonnull (brisk_message_get_tool_calls (last));

  /* Calls that never ran are not sent again: the server would refuse calls without results. */
  queue_reply (fixture, (const char *[]) { "Done", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  g_assert_true (brisk_chat_session_send (fixture->session, "Enough", &error));
  wait_for_replies (fixture, 2);
  g_assert_no_error (fixture->error);
  after = describe_request (fixture, BRISK_CHAT_SESSION_MAX_TOOL_ROUNDS + 1, NULL);
  g_assert_null (strstr (after, "#r8"));
  g_assert_nonnull (strstr (after, "#r7\n"));
  g_assert_true (g_str_has_suffix (after, "user: Enough\n"));
}

static void
test_tool_use_failed (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *body = "{\"error\":{\"message\":\"Failed to call a function. Please adjust your "
                     "prompt. See 'failed_generation' for more details.\",\"type\":"
                     "\"invalid_request_error\",\"code\":\"tool_use_failed\","
                     "\"failed_generation\":\"<function=calculator>{\\\"expr\\\": 1}\"}}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskMessage) reply = NULL;
  g_autoptr(BriskMessage) retried = NULL;

  enable_tools (fixture, "{\"tools\":[\"calculator\"]}");
  brisk_test_server_queue (fixture->server, CHAT_PATH, 400, "application/json", NULL,
                           (const char *[]) { body, NULL }, 0, BRISK_TEST_END_COMPLETE);
  g_assert_true (brisk_chat_session_send (fixture->session, "Compute", &error));
  wait_for_replies (fixture, 1);

  /* The server's message and what the model wrote are both shown. */
  g_assert_nonnull (fixture->error);
  reply = get_message (fixture, 1);
  g_assert_cmpint (brisk_message_get_status (reply), ==, BRISK_REPLY_STATUS_FAILED);
  g_assert_nonnull (strstr (brisk_message_get_error (reply), "Failed to call a function"));
  g_assert_nonnull (strstr (brisk_message_get_error (reply), "<function=calculator>"));

  /* And it can be tried again. */
  queue_reply (fixture, (const char *[]) { "Fine", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  g_assert_true (brisk_chat_session_regenerate (fixture->session, &error));
  g_assert_no_error (error);
  wait_for_replies (fixture, 2);
  g_assert_no_error (fixture->error);
  retried = get_message (fixture, 2);
  g_assert_cmpstr (brisk_message_get_content (retried), ==, "Fine");
}

static const char read_file_call[] =
  "[{\"index\":0,\"id\":\"rf\",\"type\":\"function\",\"function\":{\"name\":"
  "\"read_file\",\"arguments\":\"{}\"}}]";

static void
test_read_file_asks_the_user (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "notes.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskMessage) result = NULL;
  g_autoptr(BriskMessage) calling = NULL;
  BriskTestChooser chooser = { NULL, FALSE, 0 };

  g_file_set_contents (path, "Buy milk.", -1, &error);
  g_assert_no_error (error);
  brisk_toolbox_set_file_chooser (brisk_chat_session_get_toolbox (fixture->session),
                                  brisk_test_choose_file, &chooser, NULL);
  enable_tools (fixture, "{\"tools\":[\"read_file\"]}");

  /* The user picks the file: the model gets its text. */
  chooser.file = file;
  queue_tool_calls (fixture, (const char *[]) { read_file_call, NULL });
  queue_reply (fixture, (const char *[]) { "Buy milk.", NULL }, "stop", 0,
               BRISK_TEST_END_COMPLETE);
  g_assert_true (brisk_chat_session_send (fixture->session, "What is in my notes?", &error));
  wait_for_replies (fixture, 1);
  g_assert_no_error (fixture->error);
  g_assert_cmpuint (chooser.n_asked, ==, 1);
  result = get_message (fixture, 2);
  g_assert_cmpstr (brisk_message_get_content (result), ==,
                   "{\"file_name\":\"notes.txt\",\"size\":9,\"content\":\"Buy milk.\"}");

  /* Asked again, the user is asked again; stopping the reply while they choose ends it. */
  chooser.file = NULL;
  chooser.wait = TRUE;
  queue_tool_calls (fixture, (const char *[]) { read_file_call, NULL });
  g_assert_true (brisk_chat_session_send (fixture->session, "And again?", &error));
  while (chooser.n_asked < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (brisk_chat_session_get_busy (fixture->session));
  brisk_chat_session_stop (fixture->session);
  wait_for_replies (fixture, 2);
  g_assert_no_error (fixture->error);
  g_assert_false (brisk_chat_session_get_busy (fixture->session));
  calling = get_message (fixture, 5);
  g_assert_cmpint (brisk_message_get_status (calling), ==, BRISK_REPLY_STATUS_CANCELLED);
  g_assert_cmpuint (g_list_model_get_n_items (brisk_chat_session_get_messages (fixture->session)),
                    ==, 6);
  g_unlink (path);
}

static void
test_compound_executed_tools_kept (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *stream = brisk_test_read_fixture ("groq-compound-executed-tools.sse", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(BriskMessage) reply = NULL;
  g_autoptr(GPtrArray) saved = NULL;

  brisk_test_server_queue (fixture->server, CHAT_PATH, 200, EVENT_STREAM, NULL,
                           (const char *[]) { stream, NULL }, 0, BRISK_TEST_END_COMPLETE);
  g_assert_true (brisk_chat_session_send (fixture->session, "Weather in Berlin?", &error));
  wait_for_replies (fixture, 1);
  g_assert_no_error (fixture->error);

  /* What the compound system ran is kept with its answer, and nothing runs here. */
  reply = get_message (fixture, 1);
  g_assert_cmpuint (g_list_model_get_n_items (brisk_chat_session_get_messages (fixture->session)), ==, 2);
  g_assert_nonnull (strstr (brisk_message_get_executed_tools (reply), "\"search\""));
  g_assert_nonnull (strstr (brisk_message_get_executed_tools (reply), "51.8"));

  g_assert_true (brisk_store_flush (fixture->store, &error));
  saved = brisk_store_list_messages (fixture->store,
                                     brisk_conversation_get_id (brisk_chat_session_get_conversation (fixture->session)),
                                     0, 10, &error);
  g_assert_cmpstr (brisk_message_get_executed_tools (g_ptr_array_index (saved, 0)), ==,
                   brisk_message_get_executed_tools (reply));
}

static void
test_no_tools_by_default (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  BriskTestRequest *request;

  queue_reply (fixture, (const char *[]) { "Hi", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  g_assert_true (brisk_chat_session_send (fixture->session, "Hi", &error));
  wait_for_replies (fixture, 1);

  request = brisk_test_server_get_request (fixture->server, 0);
  root = json_from_string (g_bytes_get_data (request->body, NULL), NULL);
  g_assert_false (json_object_has_member (json_node_get_object (root), "tools"));
  g_assert_false (json_object_has_member (json_node_get_object (root), "tool_choice"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/chat-session/send-streams-and-saves", test_send_streams_and_saves);
  ADD ("/chat-session/stop-keeps-partial-text", test_stop_keeps_partial_text);
  ADD ("/chat-session/regenerate-keeps-previous-answer", test_regenerate_keeps_previous_answer);
  ADD ("/chat-session/edit-and-resend", test_edit_and_resend);
  ADD ("/chat-session/continue-interrupted", test_continue_interrupted);
  ADD ("/chat-session/parameters-reach-request", test_parameters_reach_request);
  ADD ("/chat-session/reopen-loads-pages", test_reopen_loads_pages);
  ADD ("/chat-session/request-carries-whole-conversation", test_request_carries_whole_conversation);
  ADD ("/chat-session/unloaded-messages-counted", test_unloaded_messages_counted);
  ADD ("/chat-session/no-model-is-refused", test_no_model_is_refused);
  ADD ("/chat-session/title-after-first-answer", test_title_after_first_answer);
  ADD ("/chat-session/title-never-replaces-users", test_title_never_replaces_users);
  ADD ("/chat-session/tools/single", test_tool_call_single);
  ADD ("/chat-session/tools/parallel", test_tool_calls_parallel);
  ADD ("/chat-session/tools/fragments", test_tool_call_fragments);
  ADD ("/chat-session/tools/invalid", test_tool_call_invalid);
  ADD ("/chat-session/tools/round-cap", test_tool_round_cap);
  ADD ("/chat-session/tools/tool-use-failed", test_tool_use_failed);
  ADD ("/chat-session/tools/none-by-default", test_no_tools_by_default);
  ADD ("/chat-session/tools/compound-executed-tools", test_compound_executed_tools_kept);
  ADD ("/chat-session/tools/read-file-asks-the-user", test_read_file_asks_the_user);
#undef ADD

  return g_test_run ();
}

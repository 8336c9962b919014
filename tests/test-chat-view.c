/* test-chat-view.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "brisk-chat-view.h"
#include "brisk-code-block.h"
#include "brisk-markdown-view.h"
#include "brisk-markdown-view-private.h"
#include "brisk-conversation-settings.h"
#include "brisk-executed-tools.h"
#include "brisk-message-list.h"
#include "brisk-conversation-list.h"
#include "brisk-conversation-row.h"
#include "brisk-message-row.h"
#include "brisk-model-picker.h"
#include "brisk-test-server.h"
#include "brisk-tool-call-card.h"
#include "brisk-ui-test.h"
#include "brisk-window.h"

/* The chat window against a scripted local server: what the user does in the window (send,
 * stop, regenerate, edit, continue, rename, pin, delete, search, switch models, change
 * settings) and what reaches the server and the screen.
 */

#define CHAT_PATH "/v1/chat/completions"
#define EVENT_STREAM "text/event-stream"

static BriskTestServer *server;

static void
queue_reply (const char * const *pieces,
             const char         *finish_reason,
             guint               delay_ms,
             BriskTestEnd        end)
{
  g_auto(GStrv) chunks = brisk_test_make_reply (pieces, finish_reason);

  brisk_test_server_queue (server, CHAT_PATH, 200, EVENT_STREAM, NULL,
                           (const char * const *)chunks, delay_ms, end);
}

static void
queue_error (guint       status,
             const char *body,
             const char *retry_after)
{
  const char *chunks[] = { body, NULL };
  const char *headers[] = { "retry-after", retry_after, NULL };

  brisk_test_server_queue (server, CHAT_PATH, status, "application/json",
                           retry_after != NULL ? headers : NULL, chunks, 0,
                           BRISK_TEST_END_COMPLETE);
}

static JsonObject *
get_request_body (guint index)
{
  BriskTestRequest *request = brisk_test_server_get_request (server, index);
  JsonNode *root = json_from_string (g_bytes_get_data (request->body, NULL), NULL);
  JsonObject *object;

  g_assert_nonnull (root);
  object = json_object_ref (json_node_get_object (root));
  json_node_unref (root);

  return object;
}

/* The last chat request the server saw. */
static JsonObject *
get_last_chat_request (void)
{
  for (guint i = brisk_test_server_get_n_requests (server); i > 0; i--)
    if (g_str_equal (brisk_test_server_get_request (server, i - 1)->path, CHAT_PATH))
      return get_request_body (i - 1);

  g_assert_not_reached ();
}

static guint
count_chat_requests (void)
{
  guint n = 0;

  for (guint i = 0; i < brisk_test_server_get_n_requests (server); i++)
    if (g_str_equal (brisk_test_server_get_request (server, i)->path, CHAT_PATH))
      n++;

  return n;
}

static BriskWindow *
open_window (void)
{
  BriskWindow *window = brisk_window_new (brisk_ui_test_get_application ());

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_present (GTK_WINDOW (window));
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));

  return window;
}

static BriskChatSession *
get_session (BriskWindow *window)
{
  return brisk_chat_view_get_session (brisk_window_get_chat_view (window));
}

static BriskConversation *
get_conversation (BriskWindow *window)
{
  return brisk_chat_session_get_conversation (get_session (window));
}

static guint
count_messages (BriskWindow *window)
{
  return g_list_model_get_n_items (brisk_chat_session_get_messages (get_session (window)));
}

static BriskMessage *
get_message (BriskWindow *window,
             guint        position)
{
  GListModel *messages = brisk_chat_session_get_messages (get_session (window));
  g_autoptr(BriskMessage) message = g_list_model_get_item (messages, position);

  return message;
}

static BriskMessage *
get_last_message (BriskWindow *window)
{
  return get_message (window, count_messages (window) - 1);
}

static gboolean
is_idle (gpointer data)
{
  return !brisk_chat_session_get_busy (get_session (data));
}

static void
wait_for_reply (BriskWindow *window)
{
  BRISK_UI_TEST_WAIT_UNTIL (is_idle (window), "the reply to end");
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
}

static gboolean
is_busy (gpointer data)
{
  return brisk_chat_session_get_busy (get_session (data));
}

/* Types @text into the composer and sends it; returns once the reply has started (the key
 * is read from the keyring first, which takes a moment).
 */
static void
send (BriskWindow *window,
      const char  *text)
{
  BriskComposer *composer = brisk_chat_view_get_composer (brisk_window_get_chat_view (window));

  brisk_composer_set_text (composer, text);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  BRISK_UI_TEST_WAIT_UNTIL (is_busy (window), "the reply to start");
}

typedef struct
{
  GtkWidget    *root;
  BriskMessage *message;
} RowSearch;

static gboolean
shows_message (GtkWidget *widget,
               gpointer   message)
{
  return BRISK_IS_MESSAGE_ROW (widget)
         && brisk_message_row_get_message (BRISK_MESSAGE_ROW (widget)) == message;
}

static GtkWidget *
find_row_in (GtkWidget    *widget,
             BriskMessage *message)
{
  return brisk_ui_test_find_matching (widget, shows_message, message);
}

static gboolean
row_shown (gpointer data)
{
  RowSearch *search = data;

  return find_row_in (search->root, search->message) != NULL;
}

/* The row on screen showing @message. */
static GtkWidget *
find_row (BriskWindow  *window,
          BriskMessage *message)
{
  RowSearch search = { GTK_WIDGET (window), message };

  BRISK_UI_TEST_WAIT_UNTIL (row_shown (&search), "the message's row");
  return find_row_in (GTK_WIDGET (window), message);
}

static const char *
row_error_text (GtkWidget *row)
{
  GtkWidget *box = brisk_ui_test_find_descendant (row, GTK_TYPE_BOX, "error_box");
  GtkWidget *label = brisk_ui_test_find_descendant (row, GTK_TYPE_LABEL, "error_label");

  return gtk_widget_get_visible (box) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static GtkButton *
row_error_button (GtkWidget *row)
{
  return GTK_BUTTON (brisk_ui_test_find_descendant (row, GTK_TYPE_BUTTON, "error_button"));
}

static void
test_send_and_stream (void)
{
  BriskWindow *window = open_window ();
  BriskChatView *chat_view = brisk_window_get_chat_view (window);
  BriskComposer *composer = brisk_chat_view_get_composer (chat_view);
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *draft = NULL;
  BriskMessage *reply;
  GtkWidget *row;

  {
    g_auto(GStrv) chunks = brisk_test_make_reply ((const char *[]) { "The **answer** ", "streams ",
                                                                    "in.", NULL },
                                                  "stop");
    const char *headers[] = {
      "x-ratelimit-limit-requests", "14400", "x-ratelimit-remaining-requests", "14399",
      "x-ratelimit-limit-tokens", "6000", "x-ratelimit-remaining-tokens", "5940",
      NULL
    };

    brisk_test_server_queue (server, CHAT_PATH, 200, EVENT_STREAM, headers,
                             (const char * const *)chunks, 5, BRISK_TEST_END_COMPLETE);
  }
  send (window, "A question");

  /* The question shows at once; the composer is emptied and turns into a Stop button. */
  g_assert_cmpuint (count_messages (window), ==, 2);
  draft = brisk_composer_get_text (composer);
  g_assert_cmpstr (draft, ==, "");
  g_assert_true (brisk_composer_get_busy (composer));

  wait_for_reply (window);
  reply = get_last_message (window);
  g_assert_cmpstr (brisk_message_get_content (reply), ==, "The **answer** streams in.");
  g_assert_cmpint (brisk_message_get_status (reply), ==, BRISK_REPLY_STATUS_COMPLETE);
  g_assert_false (brisk_composer_get_busy (composer));

  /* On screen: the answer rendered, its status line with Groq's timings, no error. */
  row = find_row (window, reply);
  g_assert_null (row_error_text (row));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (brisk_ui_test_find_descendant (row, GTK_TYPE_LABEL, "status_label"))),
                            "queue 12 ms"));

  /* What is left of the rate limits, from the response's headers. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LABEL, "rate_limit_label"))),
                   ==, "Requests left: 14399 of 14400 · Tokens left: 5940 of 6000");

  /* What was asked: the conversation's model and the question. */
  body = get_last_chat_request ();
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "test-model");
  g_assert_true (json_object_get_boolean_member (body, "stream"));

  /* The conversation is in the history now, named after the question. */
  g_assert_cmpint (brisk_conversation_get_id (get_conversation (window)), >, 0);
  g_assert_cmpstr (brisk_conversation_get_title (get_conversation (window)), ==, "A question");

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static gboolean
thinking_shown (gpointer data)
{
  GtkWidget *expander = brisk_ui_test_find_descendant (data, GTK_TYPE_EXPANDER, NULL);

  return expander != NULL && gtk_widget_get_visible (expander)
         && g_strcmp0 (gtk_label_get_text (GTK_LABEL (gtk_expander_get_child (GTK_EXPANDER (expander)))),
                       "Weighing the options") == 0;
}

static void
test_thinking_folds_when_answer_starts (void)
{
  BriskWindow *window = open_window ();
  GtkWidget *row;
  GtkExpander *thinking;

  /* The model thinks a while before it answers (not so long that a notification is sent). */
  queue_reply ((const char *[]) { "<think>Weighing the options", "</think>The answer is 42.",
                                  NULL },
               "stop", 800, BRISK_TEST_END_COMPLETE);
  send (window, "What is the answer?");
  row = find_row (window, get_last_message (window));

  /* The thinking streams into an open block, as plain text... */
  BRISK_UI_TEST_WAIT_UNTIL (thinking_shown (row), "the thinking");
  thinking = GTK_EXPANDER (brisk_ui_test_find_descendant (row, GTK_TYPE_EXPANDER, NULL));
  g_assert_true (gtk_expander_get_expanded (thinking));
  g_assert_cmpstr (gtk_expander_get_label (thinking), ==, "Thinking");

  /* ...which folds away once the answer starts, and stays there to be opened. */
  wait_for_reply (window);
  g_assert_cmpstr (brisk_message_get_content (get_last_message (window)), ==, "The answer is 42.");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (thinking)));
  g_assert_false (gtk_expander_get_expanded (thinking));

  /* An answer without thinking has no such block. */
  queue_reply ((const char *[]) { "Plain.", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  send (window, "And now?");
  wait_for_reply (window);
  row = find_row (window, get_last_message (window));
  thinking = GTK_EXPANDER (brisk_ui_test_find_descendant (row, GTK_TYPE_EXPANDER, NULL));
  g_assert_true (thinking == NULL || !gtk_widget_get_visible (GTK_WIDGET (thinking)));

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static gboolean
has_partial_text (gpointer data)
{
  BriskWindow *window = data;

  return count_messages (window) == 2
         && g_strcmp0 (brisk_message_get_content (get_last_message (window)), "Partial") == 0;
}

static void
test_stop_keeps_text (void)
{
  BriskWindow *window = open_window ();
  BriskMessage *reply;
  GtkWidget *row;
  guint disconnected = brisk_test_server_get_n_disconnected (server);

  queue_reply ((const char *[]) { "Partial", NULL }, NULL, 0, BRISK_TEST_END_STALL);
  send (window, "Tell me a long story");
  BRISK_UI_TEST_WAIT_UNTIL (has_partial_text (window), "the first words");

  /* Escape anywhere in the window stops the reply. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  wait_for_reply (window);

  reply = get_last_message (window);
  g_assert_cmpint (brisk_message_get_status (reply), ==, BRISK_REPLY_STATUS_CANCELLED);
  g_assert_cmpstr (brisk_message_get_content (reply), ==, "Partial");
  BRISK_UI_TEST_WAIT_UNTIL (brisk_test_server_get_n_disconnected (server) > disconnected,
                            "the server to see the connection close");

  /* Told quietly, with a way to go on. */
  row = find_row (window, reply);
  g_assert_cmpstr (row_error_text (row), ==, "You stopped this reply.");
  g_assert_cmpstr (gtk_button_get_label (row_error_button (row)), ==, "_Continue");

  /* Continue asks again with the text so far as the start of the answer. */
  queue_reply ((const char *[]) { " and the end.", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  g_signal_emit_by_name (row_error_button (row), "clicked");
  wait_for_reply (window);
  g_assert_cmpstr (brisk_message_get_content (reply), ==, "Partial and the end.");
  g_assert_cmpint (brisk_message_get_status (reply), ==, BRISK_REPLY_STATUS_COMPLETE);

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

/* Counts the frames that rendered new words of a reply but painted nothing. */
typedef struct
{
  BriskMarkdownView *view;
  gsize              rendered_before;  /* as the frame under way began */
  gboolean           painting;         /* the frame under way paints */
  guint              rendering;        /* frames that rendered new words */
  guint              unpainted;        /* … and painted nothing */
} FrameWatch;

static void
watch_before_paint_cb (GdkFrameClock *frame_clock,
                       FrameWatch    *watch)
{
  watch->rendered_before = _brisk_markdown_view_get_rendered_length (watch->view);
  watch->painting = FALSE;
}

static void
watch_paint_cb (GdkFrameClock *frame_clock,
                FrameWatch    *watch)
{
  watch->painting = TRUE;
}

static void
watch_after_paint_cb (GdkFrameClock *frame_clock,
                      FrameWatch    *watch)
{
  if (_brisk_markdown_view_get_rendered_length (watch->view) != watch->rendered_before)
    {
      watch->rendering++;
      if (!watch->painting)
        watch->unpainted++;
    }
}

static void
test_streamed_words_show_in_their_frame (void)
{
  BriskWindow *window = open_window ();
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_autoptr(GPtrArray) pieces = g_ptr_array_new_with_free_func (g_free);
  FrameWatch watch = { NULL };
  GtkWidget *row;
  const char *signals[] = { "before-paint", "paint", "after-paint" };
  GCallback callbacks[] = { G_CALLBACK (watch_before_paint_cb), G_CALLBACK (watch_paint_cb),
                            G_CALLBACK (watch_after_paint_cb) };
  gulong handlers[G_N_ELEMENTS (signals)];

  /* Sections of headings and paragraphs, about four bytes an event as a model's tokens are,
   * a few events a frame: some frames' words fit on the line they join, others wrap onto new
   * lines or start a new block.
   */
  for (guint section = 0; section < 4; section++)
    {
      static const char text[] =
        "## A section\n\n"
        "Streaming replies arrive a few **tokens** at a time, and each frame shows the words "
        "that came since the last one: [a link](https://example.com/), some `inline code`, "
        "and *emphasis* along the way, line after line until the paragraph ends.\n\n"
        "Then another paragraph starts, shorter than the first one.\n\n";

      for (const char *token = text; *token != '\0'; token += MIN (4, strlen (token)))
        g_ptr_array_add (pieces, g_strndup (token, 4));
    }
  g_ptr_array_add (pieces, NULL);

  queue_reply ((const char * const *)pieces->pdata, "stop", 2, BRISK_TEST_END_COMPLETE);
  send (window, "Tell me a long story");
  BRISK_UI_TEST_WAIT_UNTIL (count_messages (window) == 2, "the reply to start");
  row = find_row (window, get_last_message (window));
  watch.view = BRISK_MARKDOWN_VIEW (brisk_ui_test_find_descendant (row, BRISK_TYPE_MARKDOWN_VIEW,
                                                                   NULL));
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    handlers[i] = g_signal_connect (frame_clock, signals[i], callbacks[i], &watch);
  wait_for_reply (window);
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    g_signal_handler_disconnect (frame_clock, handlers[i]);

  /* Every frame that rendered new words painted them. GTK lays a text view's new lines out
   * after the frame unless the view is laid out in it: the words would show a frame late, and
   * a frame that brought some could show none.
   */
  g_assert_cmpuint (watch.rendering, >, 10);
  g_assert_cmpuint (watch.unpainted, ==, 0);

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static void
test_regenerate_and_edit (void)
{
  BriskWindow *window = open_window ();
  BriskComposer *composer = brisk_chat_view_get_composer (brisk_window_get_chat_view (window));
  g_autoptr(JsonObject) regenerated = NULL;
  g_autoptr(JsonObject) edited = NULL;
  g_autofree char *draft = NULL;
  gboolean cancelled = FALSE;
  JsonArray *messages;

  queue_reply ((const char *[]) { "First answer", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  send (window, "Question one");
  wait_for_reply (window);

  /* Ctrl+R: a new answer below the first, which stays. */
  queue_reply ((const char *[]) { "Second answer", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.regenerate", NULL));
  wait_for_reply (window);
  g_assert_cmpuint (count_messages (window), ==, 3);
  g_assert_cmpstr (brisk_message_get_content (get_message (window, 1)), ==, "First answer");
  g_assert_cmpstr (brisk_message_get_content (get_message (window, 2)), ==, "Second answer");
  regenerated = get_last_chat_request ();
  messages = json_object_get_array_member (regenerated, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);

  /* Up in the empty composer brings the last question back to edit; Escape gives it up. */
  brisk_chat_view_focus_composer (brisk_window_get_chat_view (window));
  g_signal_emit_by_name (composer, "edit-last");
  draft = brisk_composer_get_text (composer);
  g_assert_cmpstr (draft, ==, "Question one");
  g_signal_emit_by_name (composer, "cancel", &cancelled);
  g_assert_true (cancelled);
  g_clear_pointer (&draft, g_free);
  draft = brisk_composer_get_text (composer);
  g_assert_cmpstr (draft, ==, "");

  g_signal_emit_by_name (composer, "edit-last");

  queue_reply ((const char *[]) { "Edited answer", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  brisk_composer_set_text (composer, "Question one, changed");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (composer), "composer.send", NULL));
  wait_for_reply (window);

  /* Everything after the edited question is replaced by the new answer. */
  g_assert_cmpuint (count_messages (window), ==, 2);
  g_assert_cmpstr (brisk_message_get_content (get_message (window, 0)), ==, "Question one, changed");
  g_assert_cmpstr (brisk_message_get_content (get_message (window, 1)), ==, "Edited answer");
  edited = get_last_chat_request ();
  messages = json_object_get_array_member (edited, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"),
                   ==, "Question one, changed");

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static void
test_model_and_settings_reach_request (void)
{
  BriskWindow *window = open_window ();
  BriskModelPicker *picker;
  BriskConversation *conversation = get_conversation (window);
  g_autoptr(JsonObject) body = NULL;

  /* The header's model picker sets the conversation's model... */
  picker = BRISK_MODEL_PICKER (brisk_ui_test_find_descendant (GTK_WIDGET (window),
                                                              BRISK_TYPE_MODEL_PICKER,
                                                              "model_picker"));
  brisk_model_picker_set_model (picker, "other-model");
  g_assert_cmpstr (brisk_conversation_get_model (conversation), ==, "other-model");

  /* ...and the settings popover its parameters. */
  brisk_conversation_set_system_prompt (conversation, "Answer in French.");
  brisk_conversation_set_parameters (conversation,
                                     "{\"temperature\":0.2,\"top_p\":0.9,\"max_completion_tokens\":100,"
                                     "\"seed\":42,\"stop\":[\"###\"],\"service_tier\":\"flex\","
                                     "\"json_mode\":true}");

  queue_reply ((const char *[]) { "{}", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  send (window, "Bonjour");
  wait_for_reply (window);

  body = get_last_chat_request ();
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "other-model");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "temperature"), 0.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "top_p"), 0.9, 1e-9);
  g_assert_cmpint (json_object_get_int_member (body, "max_completion_tokens"), ==, 100);
  g_assert_cmpint (json_object_get_int_member (body, "seed"), ==, 42);
  g_assert_cmpstr (json_object_get_string_member (body, "service_tier"), ==, "flex");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (body, "response_format"), "type"),
                   ==, "json_object");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (body, "messages"), 0), "content"),
                   ==, "Answer in French.");

  /* The model is kept with the conversation. */
  {
    g_autoptr(BriskConversation) stored = NULL;
    const GError *error = NULL;
    BriskStore *store = brisk_application_get_store (brisk_ui_test_get_application (), &error);

    stored = brisk_store_get_conversation (store, brisk_conversation_get_id (get_conversation (window)), NULL);
    g_assert_cmpstr (brisk_conversation_get_model (stored), ==, "other-model");
  }

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

typedef struct
{
  guint       status;
  const char *body;
  const char *retry_after;
  const char *explanation;
  const char *server_words;
  const char *button;
} Failure;

static const Failure failures[] = {
  { 401, "{\"error\":{\"message\":\"Invalid API Key\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}",
    NULL, "did not accept the API key", "Invalid API Key", "_Fix Key" },
  { 404, "{\"error\":{\"message\":\"The model `gone-model` does not exist or you do not have access to it.\",\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}",
    NULL, "not available any more", "does not exist", "_Choose Model" },
  { 400, "{\"error\":{\"message\":\"The model `old-model` has been decommissioned.\",\"type\":\"invalid_request_error\",\"code\":\"model_decommissioned\"}}",
    NULL, "has been retired", "decommissioned", "_Choose Model" },
  { 413, "{\"error\":{\"message\":\"Request too large for model\",\"type\":\"tokens\",\"code\":\"rate_limit_exceeded\"}}",
    NULL, "too long for this model", "Request too large", "_New Conversation" },
  { 403, "{\"error\":{\"message\":\"Forbidden\"}}",
    NULL, "may not use this model", "Forbidden", "_Fix Key" },
  { 503, "{\"error\":{\"message\":\"Service Unavailable\"}}",
    NULL, "had a problem", "Service Unavailable", "_Retry" },
  { 498, "{\"error\":{\"message\":\"Over capacity\"}}",
    NULL, "over capacity", "Over capacity", "_Retry" },
  { 400, "{\"error\":{\"message\":\"'messages' must contain the word 'json'\",\"type\":\"invalid_request_error\"}}",
    NULL, "refused the request", "must contain", "_Retry" },
};

static void
test_failures_shown_on_reply (void)
{
  BriskWindow *window = open_window ();
  BriskClient *client;

  /* The client's own retries are tested elsewhere; here every failure reaches the window. */
  client = brisk_chat_session_get_client (get_session (window));
  g_object_set (client, "max-retries", 0, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      const Failure *failure = &failures[i];
      BriskMessage *reply;
      GtkWidget *row;
      const char *text;

      g_test_message ("HTTP %u", failure->status);
      queue_error (failure->status, failure->body, failure->retry_after);
      send (window, "Hello");
      wait_for_reply (window);

      reply = get_last_message (window);
      g_assert_cmpint (brisk_message_get_status (reply), ==, BRISK_REPLY_STATUS_FAILED);
      row = find_row (window, reply);
      text = row_error_text (row);
      g_assert_nonnull (text);
      g_assert_nonnull (strstr (text, failure->explanation));
      g_assert_nonnull (strstr (text, failure->server_words));
      g_assert_cmpstr (gtk_button_get_label (row_error_button (row)), ==, failure->button);
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row_error_button (row))));
    }

  /* A refused key leads straight to fixing it. */
  queue_error (failures[0].status, failures[0].body, NULL);
  send (window, "Hello again");
  wait_for_reply (window);
  g_signal_emit_by_name (row_error_button (find_row (window, get_last_message (window))), "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_STACK, "main_stack"))),
                   ==, "welcome");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (brisk_ui_test_find_descendant (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, "status_page"))),
                   ==, "Replace Your API Key");

  /* Changing one's mind leads back to the conversation. */
  g_signal_emit_by_name (brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_BUTTON, "cancel_button"),
                         "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_STACK, "main_stack"))),
                   ==, "main");

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static gboolean
counting_down (gpointer data)
{
  BriskWindow *window = data;
  GtkWidget *row = find_row_in (GTK_WIDGET (window), get_last_message (window));
  const char *text = row != NULL ? row_error_text (row) : NULL;

  return text != NULL && strstr (text, "Resuming in") != NULL;
}

static gboolean
completed (gpointer data)
{
  BriskWindow *window = data;

  return brisk_message_get_status (get_last_message (window)) == BRISK_REPLY_STATUS_COMPLETE;
}

static void
test_rate_limit_resumes (void)
{
  BriskWindow *window = open_window ();
  guint n_before;

  g_object_set (brisk_chat_session_get_client (get_session (window)), "max-retries", 0, NULL);

  /* Rate limited for a second: a countdown on the reply, then it asks again by itself. */
  queue_error (429, "{\"error\":{\"message\":\"Rate limit reached for model\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
               "1");
  queue_reply ((const char *[]) { "After the wait", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  n_before = count_chat_requests ();
  send (window, "Quick one");
  BRISK_UI_TEST_WAIT_UNTIL (counting_down (window), "the countdown");
  BRISK_UI_TEST_WAIT_UNTIL (completed (window), "the reply after the wait");

  g_assert_cmpuint (count_chat_requests (), ==, n_before + 2);
  g_assert_cmpstr (brisk_message_get_content (get_last_message (window)), ==, "After the wait");
  g_assert_null (row_error_text (find_row (window, get_last_message (window))));

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static void
test_interrupted_reply_continues (void)
{
  BriskWindow *window = open_window ();
  BriskMessage *reply;
  GtkWidget *row;

  /* The connection drops before the model finished: interrupted, never complete. */
  queue_reply ((const char *[]) { "Half of it", NULL }, NULL, 0, BRISK_TEST_END_DROP);
  send (window, "Explain");
  wait_for_reply (window);
  reply = get_last_message (window);
  g_assert_cmpint (brisk_message_get_status (reply), ==, BRISK_REPLY_STATUS_INTERRUPTED);
  row = find_row (window, reply);
  g_assert_nonnull (row_error_text (row));
  g_assert_cmpstr (gtk_button_get_label (row_error_button (row)), ==, "_Continue");

  queue_reply ((const char *[]) { " and the rest.", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  g_signal_emit_by_name (row_error_button (row), "clicked");
  wait_for_reply (window);
  g_assert_cmpstr (brisk_message_get_content (reply), ==, "Half of it and the rest.");

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static BriskConversationRow *
find_conversation_row (BriskWindow *window,
                       gint64       id)
{
  GtkWidget *list = brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW,
                                                   "conversation_list");

  for (GtkWidget *child = gtk_widget_get_first_child (list);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (BRISK_IS_CONVERSATION_ROW (row)
          && brisk_conversation_row_get_conversation (BRISK_CONVERSATION_ROW (row)) != NULL
          && brisk_conversation_get_id (brisk_conversation_row_get_conversation (BRISK_CONVERSATION_ROW (row))) == id)
        return BRISK_CONVERSATION_ROW (row);
    }

  return NULL;
}

static gboolean
sidebar_shows (gpointer data)
{
  BriskWindow *window = data;

  return find_conversation_row (window, brisk_conversation_get_id (get_conversation (window))) != NULL;
}

static gboolean
is_button_labelled (GtkWidget *widget,
                    gpointer   label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static GtkWidget *
find_button_labelled (GtkWidget  *widget,
                      const char *label)
{
  return brisk_ui_test_find_matching (widget, is_button_labelled, (gpointer)label);
}

static gboolean
undo_shown (gpointer data)
{
  return find_button_labelled (data, "_Undo") != NULL;
}

static void
test_rename_pin_delete_search (void)
{
  BriskWindow *window = open_window ();
  BriskStore *store = brisk_application_get_store (brisk_ui_test_get_application (), NULL);
  BriskConversationRow *row;
  g_autoptr(BriskConversation) stored = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  GtkWidget *entry;
  GtkListBox *results;
  gint64 id;

  queue_reply ((const char *[]) { "Zanzibar is an archipelago.", NULL }, "stop", 0,
               BRISK_TEST_END_COMPLETE);
  send (window, "Where is Zanzibar?");
  wait_for_reply (window);
  id = brisk_conversation_get_id (get_conversation (window));
  BRISK_UI_TEST_WAIT_UNTIL (sidebar_shows (window), "the conversation in the sidebar");

  /* F2 renames in place; the title is the user's from now on. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.rename-conversation", NULL));
  row = find_conversation_row (window, id);
  entry = brisk_ui_test_find_descendant (GTK_WIDGET (row), GTK_TYPE_ENTRY, NULL);
  g_assert_true (gtk_widget_get_visible (entry) && gtk_widget_has_focus (gtk_widget_get_first_child (entry)));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Islands");
  g_signal_emit_by_name (entry, "activate");
  stored = brisk_store_get_conversation (store, id, NULL);
  g_assert_cmpstr (brisk_conversation_get_title (stored), ==, "Islands");
  g_assert_true (brisk_conversation_get_title_is_custom (stored));
  g_clear_object (&stored);

  /* Pinned conversations come first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pin-conversation", NULL));
  stored = brisk_store_get_conversation (store, id, NULL);
  g_assert_true (brisk_conversation_get_pinned (stored));
  g_clear_object (&stored);

  /* Ctrl+K searches every message, and the hit opens the conversation. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  gtk_editable_set_text (GTK_EDITABLE (brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_SEARCH_ENTRY, "search_entry")),
                         "archipelago");
  results = GTK_LIST_BOX (brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_BOX, "search_results"));
  BRISK_UI_TEST_WAIT_UNTIL (gtk_list_box_get_row_at_index (results, 0) != NULL,
                            "a search result");
  g_assert_cmpint (*(gint64 *)g_object_get_data (G_OBJECT (gtk_list_box_get_row_at_index (results, 0)), "conversation-id"),
                   ==, id);
  brisk_window_new_conversation (window);
  g_assert_cmpint (brisk_conversation_get_id (get_conversation (window)), ==, 0);
  g_signal_emit_by_name (results, "row-activated", gtk_list_box_get_row_at_index (results, 0));
  g_assert_cmpint (brisk_conversation_get_id (get_conversation (window)), ==, id);

  /* Delete, with an Undo that brings it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-conversation", NULL));
  hits = brisk_store_search (store, "archipelago", 10, NULL);
  g_assert_cmpuint (hits->len, ==, 0);
  BRISK_UI_TEST_WAIT_UNTIL (undo_shown (window), "the Undo toast");
  g_signal_emit_by_name (find_button_labelled (GTK_WIDGET (window), "_Undo"), "clicked");
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = brisk_store_search (store, "archipelago", 10, NULL);
  g_assert_cmpuint (hits->len, ==, 1);

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static gboolean
kimi_listed (gpointer data)
{
  return brisk_model_picker_lookup (data, "moonshotai/kimi-k2-instruct-0905") != NULL;
}

static void
test_model_gone_is_flagged (void)
{
  g_autofree char *models = brisk_test_read_fixture ("groq-models.json", NULL);
  const char *chunks[] = { models, NULL };
  BriskWindow *window;
  BriskModelPicker *picker;
  BriskMessage *reply;
  const char *text;

  window = open_window ();
  picker = BRISK_MODEL_PICKER (brisk_ui_test_find_descendant (GTK_WIDGET (window),
                                                              BRISK_TYPE_MODEL_PICKER,
                                                              "model_picker"));

  /* The provider's list, as Groq sends it, with speech and guard models among the chat ones.
   * Asked for again here; queued twice, since the window's own first request may still be on
   * its way and take one.
   */
  for (guint i = 0; i < 2; i++)
    brisk_test_server_queue (server, "/v1/models", 200, "application/json", NULL, chunks, 0,
                             BRISK_TEST_END_COMPLETE);
  brisk_model_picker_refresh (picker);
  BRISK_UI_TEST_WAIT_UNTIL (kimi_listed (picker), "the model list");
  g_assert_null (brisk_model_picker_lookup (picker, "whisper-large-v3"));
  g_assert_null (brisk_model_picker_lookup (picker, "playai-tts"));
  /* Listed but switched off by the provider. */
  g_assert_null (brisk_model_picker_lookup (picker, "qwen/qwen3-32b"));

  /* A model the provider dropped is flagged, and the closest of its family offered. */
  brisk_model_picker_set_model (picker, "moonshotai/kimi-k2-instruct");
  g_assert_true (brisk_model_picker_get_missing (picker));
  g_assert_cmpstr (brisk_model_picker_get_replacement (picker), ==, "moonshotai/kimi-k2-instruct-0905");
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (GTK_WIDGET (picker)), "warning"));

  g_object_set (brisk_chat_session_get_client (get_session (window)), "max-retries", 0, NULL);
  queue_error (failures[1].status, failures[1].body, NULL);
  send (window, "Hello");
  wait_for_reply (window);
  reply = get_last_message (window);
  text = row_error_text (find_row (window, reply));
  g_assert_nonnull (strstr (text, "The closest model on offer is moonshotai/kimi-k2-instruct-0905."));

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static void
test_drafts_kept_per_conversation (void)
{
  BriskWindow *window = open_window ();
  BriskComposer *composer = brisk_chat_view_get_composer (brisk_window_get_chat_view (window));
  BriskDrafts *drafts = brisk_application_get_drafts (brisk_ui_test_get_application ());
  g_autoptr(BriskConversation) first = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *empty = NULL;

  queue_reply ((const char *[]) { "Noted.", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  send (window, "Remember this conversation");
  wait_for_reply (window);
  first = g_object_ref (get_conversation (window));

  /* Half a message, then off to another conversation... */
  brisk_composer_set_text (composer, "A follow-up I have not finished");
  brisk_window_new_conversation (window);
  empty = brisk_composer_get_text (composer);
  g_assert_cmpstr (empty, ==, "");

  /* ...and back: the draft is where it was left, and kept for the next start too. */
  brisk_window_open_conversation (window, first);
  restored = brisk_composer_get_text (composer);
  g_assert_cmpstr (restored, ==, "A follow-up I have not finished");
  kept = brisk_drafts_get (drafts, brisk_conversation_get_id (first));
  g_assert_cmpstr (kept, ==, "A follow-up I have not finished");

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static void
test_stored_answer_shown_whole (void)
{
  BriskStore *store = brisk_application_get_store (brisk_ui_test_get_application (), NULL);
  g_autoptr(BriskConversation) conversation = NULL;
  g_autoptr(BriskMessage) question = NULL;
  g_autoptr(BriskMessage) answer = NULL;
  BriskWindow *window;
  GtkWidget *row;
  GtkWidget *body;
  GtkWidget *block;
  graphene_rect_t bounds;

  /* An answer ending in a code block, read back from the history in a new window. */
  conversation = brisk_store_create_conversation (store, "groq", "test-model", NULL);
  question = brisk_store_add_message (store, brisk_conversation_get_id (conversation), "user",
                                      "Show me code", BRISK_REPLY_STATUS_COMPLETE, NULL);
  answer = brisk_store_add_message (store, brisk_conversation_get_id (conversation), "assistant",
                                    "Here it is:\n\n```python\nprint(\"one\")\nprint(\"two\")\n"
                                    "print(\"three\")\n```\n",
                                    BRISK_REPLY_STATUS_COMPLETE, NULL);
  window = open_window ();
  brisk_window_open_conversation (window, conversation);
  row = find_row (window, get_message (window, 1));
  for (guint i = 0; i < 6; i++)
    brisk_ui_test_wait_for_frame (GTK_WIDGET (window));

  /* The code block is inside the answer's area, not cut off by it. */
  body = brisk_ui_test_find_descendant (row, BRISK_TYPE_MARKDOWN_VIEW, NULL);
  block = brisk_ui_test_find_descendant (body, BRISK_TYPE_CODE_BLOCK, NULL);
  g_assert_true (gtk_widget_compute_bounds (block, body, &bounds));
  g_assert_cmpfloat (bounds.size.height, >, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (body));

  /* Nor once the window is narrowed to a phone's width, where the lines wrap anew. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  for (guint i = 0; i < 8; i++)
    brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, 400);
  g_assert_true (gtk_widget_compute_bounds (block, body, &bounds));
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (body));

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

/* The messages' rows, top to bottom, as the user sees them. */
static GtkWidget *
get_scroller (BriskWindow *window)
{
  return brisk_ui_test_find_descendant (GTK_WIDGET (brisk_window_get_chat_view (window)),
                                        GTK_TYPE_SCROLLED_WINDOW, "scroller");
}

static guint
count_rows (BriskWindow *window)
{
  GtkWidget *list = brisk_ui_test_find_descendant (GTK_WIDGET (window), BRISK_TYPE_MESSAGE_LIST,
                                                   NULL);

  return brisk_message_list_get_n_rows (BRISK_MESSAGE_LIST (list));
}

/* Where @row is on screen: its top, relative to the top of the messages' view. */
static double
row_top (BriskWindow *window,
         GtkWidget   *row)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (row, get_scroller (window), &bounds));
  return bounds.origin.y;
}

static gboolean
row_in_view (BriskWindow *window,
             GtkWidget   *row)
{
  double top = row_top (window, row);

  return top > -gtk_widget_get_height (row) && top < gtk_widget_get_height (get_scroller (window));
}

typedef struct
{
  BriskWindow *window;
  guint        n_rows;
} RowCount;

static gboolean
more_rows (gpointer data)
{
  RowCount *count = data;

  return count_rows (count->window) > count->n_rows;
}

/* Scrolls to the top, as a user pressing Page Up would, and says whether the first message has
 * its row there.
 */
static gboolean
first_message_reached (gpointer data)
{
  BriskWindow *window = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (get_scroller (window)));

  gtk_adjustment_set_value (adjustment, 0);
  return !brisk_chat_session_get_has_older (get_session (window))
         && count_rows (window) == count_messages (window)
         && row_in_view (window, find_row_in (GTK_WIDGET (window), get_message (window, 0)));
}

/* Whether the answer at @position has rendered all its text. */
static gboolean
answer_rendered (BriskWindow *window,
                 guint        position)
{
  BriskMessage *message = get_message (window, position);
  GtkWidget *row = find_row_in (GTK_WIDGET (window), message);
  GtkWidget *view = row != NULL ? brisk_ui_test_find_descendant (row, BRISK_TYPE_MARKDOWN_VIEW, NULL)
                                : NULL;

  return view != NULL
         && _brisk_markdown_view_get_rendered_length (BRISK_MARKDOWN_VIEW (view))
            == strlen (brisk_message_get_content (message));
}

static gboolean
first_answer_rendered (gpointer data)
{
  return answer_rendered (data, 1);
}

/* Scrolls to the end, as a user pressing End would, and says whether the newest answer has
 * rendered all its text.
 */
static gboolean
newest_answer_rendered (gpointer data)
{
  BriskWindow *window = data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (get_scroller (window)));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return answer_rendered (window, count_messages (window) - 1);
}

static void
test_long_conversation_scrolls_back (void)
{
  BriskStore *store = brisk_application_get_store (brisk_ui_test_get_application (), NULL);
  g_autoptr(BriskConversation) conversation = NULL;
  BriskWindow *window;
  GtkWidget *top_row = NULL;
  GtkWidget *row;
  GtkWidget *newest_answer;
  RowCount count;
  double top_before;
  int newest_height;
  const guint n_messages = BRISK_CHAT_SESSION_PAGE_SIZE * 2 + 30;

  conversation = brisk_store_create_conversation (store, "groq", "test-model", NULL);
  for (guint i = 0; i < n_messages; i++)
    {
      g_autofree char *text = i % 2 == 0
                              ? g_strdup_printf ("Question %u", i / 2)
                              : g_strdup_printf ("Answer %u:\n\n- one\n- two\n\n`code`", i / 2);
      g_autoptr(BriskMessage) message = NULL;

      message = brisk_store_add_message (store, brisk_conversation_get_id (conversation),
                                      i % 2 == 0 ? "user" : "assistant", text,
                                      BRISK_REPLY_STATUS_COMPLETE, NULL);
    }

  /* It opens on its newest messages, with rows for only a few of them. */
  window = open_window ();
  brisk_window_open_conversation (window, conversation);
  row = find_row (window, get_last_message (window));
  for (guint i = 0; i < 4; i++)
    brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (row_in_view (window, row));
  g_assert_cmpuint (count_rows (window), <, BRISK_CHAT_SESSION_PAGE_SIZE);
  g_assert_true (answer_rendered (window, count_messages (window) - 1));
  newest_answer = brisk_ui_test_find_descendant (row, BRISK_TYPE_MARKDOWN_VIEW, NULL);
  newest_height = gtk_widget_get_height (row);

  /* The user leaves the end for the oldest message shown; going up, older ones join above
   * without moving what the user is reading. The view gets there in the next frame, and older
   * messages join in the frames after: the row read is taken before any join.
   */
  brisk_chat_view_reveal_message (brisk_window_get_chat_view (window),
                                  brisk_message_get_id (get_message (window, 0)));
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  for (guint i = 0; i < count_rows (window) && top_row == NULL; i++)
    {
      GtkWidget *candidate = find_row_in (GTK_WIDGET (window), get_message (window, i));

      if (candidate != NULL && row_in_view (window, candidate))
        top_row = candidate;
    }
  g_assert_nonnull (top_row);
  top_before = row_top (window, top_row);
  count.window = window;
  count.n_rows = count_rows (window);
  BRISK_UI_TEST_WAIT_UNTIL (more_rows (&count), "older messages to join the list");
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpfloat (fabs (row_top (window, top_row) - top_before), <=, 1);

  /* Further up, the whole conversation, oldest first. The answers joined the list without
   * their text, which renders as they near the view.
   */
  BRISK_UI_TEST_WAIT_UNTIL (first_message_reached (window), "the first message's row");
  g_assert_cmpstr (brisk_message_get_content (get_message (window, 0)), ==, "Question 0");
  g_assert_cmpuint (count_messages (window), ==, n_messages);
  BRISK_UI_TEST_WAIT_UNTIL (first_answer_rendered (window), "the first answer to render");

  /* Far from the view, the newest answer has let go of its rendered text but kept its height;
   * back at the end, it shows its text again, and nothing there has moved.
   */
  BRISK_UI_TEST_WAIT_UNTIL (_brisk_markdown_view_get_rendered_length (BRISK_MARKDOWN_VIEW (newest_answer)) == 0,
                            "the newest answer to let go of its text");
  g_assert_cmpint (gtk_widget_get_height (row), ==, newest_height);
  BRISK_UI_TEST_WAIT_UNTIL (newest_answer_rendered (window), "the newest answer to render again");
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_height (row), ==, newest_height);
  g_assert_true (row_in_view (window, row));

  /* A search hit far back opens there, in a window just opened. */
  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
  window = open_window ();
  brisk_window_open_conversation (window, conversation);
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  {
    g_autoptr(GPtrArray) oldest = brisk_store_list_messages (store,
                                                             brisk_conversation_get_id (conversation),
                                                             0, n_messages, NULL);
    BriskMessage *hit = g_ptr_array_index (oldest, n_messages - 4);

    brisk_chat_view_reveal_message (brisk_window_get_chat_view (window),
                                    brisk_message_get_id (hit));
    for (guint i = 0; i < count_messages (window); i++)
      if (brisk_message_get_id (get_message (window, i)) == brisk_message_get_id (hit))
        row = find_row (window, get_message (window, i));
  }
  for (guint i = 0; i < 3; i++)
    brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (row_in_view (window, row));
  g_assert_cmpfloat (fabs (row_top (window, row)), <=, 1);

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static GtkSingleSelection *
get_sidebar_selection (BriskWindow *window)
{
  GtkWidget *list = brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW,
                                                   "conversation_list");

  return GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
}

typedef struct
{
  BriskWindow *window;
  guint        n_items;
} SidebarCount;

static gboolean
sidebar_lists (gpointer data)
{
  SidebarCount *count = data;

  return g_list_model_get_n_items (G_LIST_MODEL (get_sidebar_selection (count->window)))
         == count->n_items;
}

static void
test_long_history_in_sidebar (void)
{
  BriskStore *store = brisk_application_get_store (brisk_ui_test_get_application (), NULL);
  g_autoptr(GPtrArray) conversations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  BriskWindow *window;
  SidebarCount count;
  guint n_before;
  guint n_shown;
  GtkAdjustment *sidebar;

  /* A history longer than the sidebar makes rows for at first. */
  {
    g_autoptr(BriskConversationList) all = brisk_conversation_list_new (store, FALSE);

    n_before = g_list_model_get_n_items (G_LIST_MODEL (all));
  }
  for (guint i = 0; i < 150; i++)
    {
      g_autofree char *title = g_strdup_printf ("Old conversation %u", i);
      BriskConversation *conversation = brisk_store_create_conversation (store, "groq",
                                                                         "test-model", &error);

      g_assert_no_error (error);
      brisk_conversation_set_title (conversation, title);
      g_assert_true (brisk_store_save_conversation (store, conversation, &error));
      g_ptr_array_add (conversations, conversation);
    }

  /* The first frame shows the newest, enough to fill the sidebar; the rest join the list in the
   * frames after.
   */
  window = open_window ();
  n_shown = g_list_model_get_n_items (G_LIST_MODEL (get_sidebar_selection (window)));
  g_assert_cmpuint (n_shown, <, 150);
  sidebar = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (brisk_ui_test_find_descendant (GTK_WIDGET (window),
                                                                                         GTK_TYPE_LIST_VIEW,
                                                                                         "conversation_list")));
  g_assert_cmpfloat (gtk_adjustment_get_upper (sidebar), >, gtk_adjustment_get_page_size (sidebar));
  count.window = window;
  count.n_items = n_before + 150;
  BRISK_UI_TEST_WAIT_UNTIL (sidebar_lists (&count), "every conversation in the sidebar");

  /* An old one opened from elsewhere (a search hit) is highlighted where it is. */
  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
  window = open_window ();
  brisk_window_open_conversation (window, g_ptr_array_index (conversations, 0));
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (gtk_single_selection_get_selected_item (get_sidebar_selection (window))
                 != NULL);
  g_assert_cmpint (brisk_conversation_get_id (gtk_single_selection_get_selected_item (get_sidebar_selection (window))),
                   ==, brisk_conversation_get_id (g_ptr_array_index (conversations, 0)));

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
  for (guint i = 0; i < conversations->len; i++)
    g_assert_true (brisk_store_delete_conversation (store,
                                                    brisk_conversation_get_id (g_ptr_array_index (conversations, i)),
                                                    &error));
}

static void
test_two_windows_share_the_history (void)
{
  BriskWindow *first = open_window ();
  BriskWindow *second;
  gint64 first_id;

  queue_reply ((const char *[]) { "One", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  send (first, "In the first window");
  wait_for_reply (first);
  first_id = brisk_conversation_get_id (get_conversation (first));
  BRISK_UI_TEST_WAIT_UNTIL (find_conversation_row (first, first_id) != NULL,
                            "the first conversation in the sidebar");

  /* A conversation started in another window appears in this one's list, which keeps its
   * own conversation selected.
   */
  second = open_window ();
  queue_reply ((const char *[]) { "Two", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  send (second, "In the second window");
  wait_for_reply (second);
  BRISK_UI_TEST_WAIT_UNTIL (find_conversation_row (first, brisk_conversation_get_id (get_conversation (second))) != NULL,
                            "the second window's conversation in the first window's sidebar");
  g_assert_cmpint (brisk_conversation_get_id (get_conversation (first)), ==, first_id);

  brisk_ui_test_close_window (GTK_WINDOW (second), NULL);
  brisk_ui_test_close_window (GTK_WINDOW (first), NULL);
}

static GtkGesture *
find_context_gesture (GtkWidget *row)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (row);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller)
          && gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
        return GTK_GESTURE (controller);
    }

  return NULL;
}

static void
test_sidebar_menu_and_multi_delete (void)
{
  BriskWindow *window = open_window ();
  BriskStore *store = brisk_application_get_store (brisk_ui_test_get_application (), NULL);
  gint64 ids[2];
  GtkWidget *row;
  GtkWidget *menu;
  guint n_before;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *question = g_strdup_printf ("Question number %u", i);

      brisk_window_new_conversation (window);
      queue_reply ((const char *[]) { "Answer", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
      send (window, question);
      wait_for_reply (window);
      ids[i] = brisk_conversation_get_id (get_conversation (window));
    }

  BRISK_UI_TEST_WAIT_UNTIL (find_conversation_row (window, ids[0]) != NULL
                            && find_conversation_row (window, ids[1]) != NULL,
                            "both conversations in the sidebar");

  /* A right click on a conversation opens it, with its menu. */
  row = GTK_WIDGET (find_conversation_row (window, ids[0]));
  g_signal_emit_by_name (find_context_gesture (row), "pressed", 1, 10.0, 10.0);
  g_assert_cmpint (brisk_conversation_get_id (get_conversation (window)), ==, ids[0]);
  menu = brisk_ui_test_find_descendant (row, GTK_TYPE_POPOVER_MENU, NULL);
  g_assert_nonnull (menu);
  g_assert_true (gtk_widget_get_visible (menu));
  gtk_popover_popdown (GTK_POPOVER (menu));

  /* Selection mode: pick both, delete both at once, with one Undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.selection-mode", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      GtkWidget *check = brisk_ui_test_find_descendant (GTK_WIDGET (find_conversation_row (window, ids[i])),
                                                        GTK_TYPE_CHECK_BUTTON, NULL);

      g_assert_true (gtk_widget_get_visible (check));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    }
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LABEL, "selection_label"))),
                   ==, "2 selected");
  n_before = brisk_store_count_conversations (store, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-selected", NULL));
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, n_before - 2);
  g_assert_null (find_conversation_row (window, ids[0]));

  BRISK_UI_TEST_WAIT_UNTIL (undo_shown (window), "the Undo toast");
  g_signal_emit_by_name (find_button_labelled (GTK_WIDGET (window), "_Undo"), "clicked");
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, n_before);

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static const char *
notice_text (BriskWindow *window)
{
  GtkWidget *revealer = brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_REVEALER,
                                                       "notice_revealer");
  GtkWidget *label = brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_LABEL,
                                                    "notice_label");

  return gtk_revealer_get_reveal_child (GTK_REVEALER (revealer))
         ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
test_history_trouble_is_told (void)
{
  BriskWindow *window = open_window ();
  BriskStore *store = brisk_application_get_store (brisk_ui_test_get_application (), NULL);
  g_autoptr(GError) full = g_error_new_literal (BRISK_STORE_ERROR, BRISK_STORE_ERROR_DISK_FULL,
                                                "The disk is full");
  GtkWidget *button;

  /* The store could not save a reply (its own tests fill a disk for real): said lastingly. */
  g_assert_null (notice_text (window));
  g_signal_emit_by_name (store, "write-failed", full);
  g_assert_nonnull (strstr (notice_text (window), "The disk is full"));
  g_assert_nonnull (strstr (notice_text (window), "Nothing is lost"));
  g_signal_emit_by_name (store, "write-recovered");
  g_assert_null (notice_text (window));

  /* Damage found by the background check: a Recover button that starts a new history and
   * keeps the old file.
   */
  g_signal_emit_by_name (store, "damaged");
  g_assert_nonnull (strstr (notice_text (window), "damaged"));
  button = brisk_ui_test_find_descendant (GTK_WIDGET (window), GTK_TYPE_BUTTON, "notice_button");
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "_Recover");
  g_test_expect_message ("brisk-store", G_LOG_LEVEL_WARNING, "The history database was damaged*");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.recover-history", NULL));
  g_test_assert_expected_messages ();
  g_assert_null (notice_text (window));
  g_assert_nonnull (brisk_store_get_moved_aside_path (store));
  g_assert_true (g_file_test (brisk_store_get_moved_aside_path (store), G_FILE_TEST_EXISTS));
  g_assert_cmpuint (brisk_store_count_conversations (store, FALSE), ==, 0);

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

/* The first chat request the server saw from request number @from on. */
static JsonObject *
get_chat_request_from (guint from)
{
  for (guint i = from; i < brisk_test_server_get_n_requests (server); i++)
    if (g_str_equal (brisk_test_server_get_request (server, i)->path, CHAT_PATH))
      return get_request_body (i);

  g_assert_not_reached ();
}

static const char *
card_text (GtkWidget  *row,
           const char *id)
{
  GtkWidget *label = brisk_ui_test_find_descendant (row, GTK_TYPE_LABEL, id);

  if (label == NULL)
    g_error ("The card has no %s", id);
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
test_tool_calls_shown_as_cards (void)
{
  BriskWindow *window = open_window ();
  BriskConversation *conversation = get_conversation (window);
  GtkWidget *settings;
  GtkWidget *row;
  GtkWidget *card;
  g_auto(GStrv) calls = NULL;
  g_autoptr(JsonObject) body = NULL;
  guint first_request = brisk_test_server_get_n_requests (server);

  /* The Tools switches in the settings popover enable tools for this conversation only. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (brisk_ui_test_find_descendant (GTK_WIDGET (window),
                                                                         GTK_TYPE_MENU_BUTTON,
                                                                         "settings_button")));
  settings = brisk_ui_test_find_descendant (GTK_WIDGET (window), BRISK_TYPE_CONVERSATION_SETTINGS,
                                            NULL);
  gtk_switch_set_active (GTK_SWITCH (brisk_ui_test_find_descendant (settings, GTK_TYPE_SWITCH,
                                                                    "calculator_switch")),
                         TRUE);
  g_assert_nonnull (strstr (brisk_conversation_get_parameters (conversation),
                            "\"tools\":[\"calculator\"]"));

  calls = brisk_test_make_tool_call_reply ((const char *[]) {
    "[{\"index\":0,\"id\":\"call_ok\",\"type\":\"function\",\"function\":{\"name\":"
    "\"calculator\",\"arguments\":\"{\\\"expression\\\":\\\"2 + 2 * 3\\\"}\"}}]",
    "[{\"index\":1,\"id\":\"call_bad\",\"type\":\"function\",\"function\":{\"name\":"
    "\"calculator\",\"arguments\":\"{\\\"expression\\\":\\\"<b>1</b>\\\"}\"}}]",
    NULL });
  brisk_test_server_queue (server, CHAT_PATH, 200, EVENT_STREAM, NULL,
                           (const char * const *)calls, 0, BRISK_TEST_END_COMPLETE);
  queue_reply ((const char *[]) { "It is 8.", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  send (window, "What is 2 + 2 * 3?");
  wait_for_reply (window);

  /* (Model lists and a title request come and go too; the question's is the first.) */
  body = get_chat_request_from (first_request);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "tools")), ==, 1);
  g_assert_cmpuint (count_messages (window), ==, 5);

  /* Each result is a compact card: the tool, its arguments, how long it took; collapsed. */
  row = find_row (window, get_message (window, 2));
  card = brisk_ui_test_find_descendant (row, GTK_TYPE_EXPANDER, "expander");
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (card)));
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (card)));
  g_assert_false (gtk_widget_get_visible (brisk_ui_test_find_descendant (row, ADW_TYPE_BIN,
                                                                         "body_bin")));
  g_assert_cmpstr (card_text (row, "name_label"), ==, "calculator");
  g_assert_cmpstr (card_text (row, "summary_label"), ==, "{\"expression\":\"2 + 2 * 3\"}");
  g_assert_true (g_str_has_suffix (card_text (row, "duration_label"), " ms"));
  /* Opened, it shows the result. */
  gtk_expander_set_expanded (GTK_EXPANDER (card), TRUE);
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpstr (card_text (row, "result_label"), ==,
                   "{\"expression\":\"2 + 2 * 3\",\"result\":\"8\"}");

  /* What the model sent is shown as it is, never as markup; a failure is marked. */
  row = find_row (window, get_message (window, 3));
  card = brisk_ui_test_find_descendant (row, GTK_TYPE_EXPANDER, "expander");
  gtk_expander_set_expanded (GTK_EXPANDER (card), TRUE);
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_cmpstr (card_text (row, "arguments_label"), ==, "{\"expression\":\"<b>1</b>\"}");
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (brisk_ui_test_find_descendant (row, GTK_TYPE_LABEL,
                                                                                       "arguments_label"))));
  g_assert_true (gtk_widget_has_css_class (brisk_ui_test_find_descendant (row, BRISK_TYPE_TOOL_CALL_CARD,
                                                                          NULL),
                                           "failed"));
  g_assert_nonnull (strstr (card_text (row, "result_label"), "\"error\""));

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

static void
collect_link_buttons (GtkWidget *widget,
                      GPtrArray *links)
{
  if (GTK_IS_LINK_BUTTON (widget))
    g_ptr_array_add (links, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_link_buttons (child, links);
}

static gboolean
label_shown_in (GtkWidget  *widget,
                const char *text)
{
  if (GTK_IS_LABEL (widget) && g_str_equal (gtk_label_get_text (GTK_LABEL (widget)), text))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_shown_in (child, text))
      return TRUE;

  return FALSE;
}

static void
test_compound_executed_tools_shown (void)
{
  BriskWindow *window = open_window ();
  g_autofree char *stream = brisk_test_read_fixture ("groq-compound-executed-tools.sse", NULL);
  g_autoptr(GPtrArray) links = g_ptr_array_new ();
  GtkWidget *row;
  GtkWidget *tools;
  GtkWidget *search;
  GtkWidget *code;

  brisk_test_server_queue (server, CHAT_PATH, 200, EVENT_STREAM, NULL,
                           (const char *[]) { stream, NULL }, 0, BRISK_TEST_END_COMPLETE);
  send (window, "Weather in Berlin, in Fahrenheit?");
  wait_for_reply (window);

  /* Above the answer, each tool the compound system ran, collapsed. */
  row = find_row (window, get_message (window, 1));
  tools = brisk_ui_test_find_descendant (row, BRISK_TYPE_EXECUTED_TOOLS, "executed_tools");
  g_assert_true (gtk_widget_get_visible (tools));
  search = brisk_ui_test_find_descendant (tools, GTK_TYPE_EXPANDER, NULL);
  code = gtk_widget_get_next_sibling (search);
  g_assert_nonnull (code);
  g_assert_null (gtk_widget_get_next_sibling (code));
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (search)));
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (code)));
  g_assert_true (label_shown_in (search, "Web search: Berlin weather today"));
  g_assert_true (label_shown_in (code, "Code Execution"));

  /* The search opens to its result links, titles as plain text. */
  gtk_expander_set_expanded (GTK_EXPANDER (search), TRUE);
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  collect_link_buttons (search, links);
  g_assert_cmpuint (links->len, ==, 2);
  g_assert_cmpstr (gtk_link_button_get_uri (links->pdata[0]), ==, "https://weather.example/berlin");
  g_assert_cmpstr (gtk_button_get_label (links->pdata[1]), ==, "Wetter <b>Berlin</b>");
  g_assert_cmpstr (gtk_link_button_get_uri (links->pdata[1]), ==,
                   "https://wetter.example/de/berlin?tag=heute&x=1");

  /* The code opens to the code and what it printed. */
  gtk_expander_set_expanded (GTK_EXPANDER (code), TRUE);
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (label_shown_in (code, "print((11 * 9 / 5) + 32)"));
  g_assert_true (label_shown_in (code, "51.8\n"));

  /* A plain answer shows none. */
  queue_reply ((const char *[]) { "Hi", NULL }, "stop", 0, BRISK_TEST_END_COMPLETE);
  send (window, "Hello");
  wait_for_reply (window);
  row = find_row (window, get_message (window, 3));
  g_assert_false (gtk_widget_get_visible (brisk_ui_test_find_descendant (row, BRISK_TYPE_EXECUTED_TOOLS,
                                                                         "executed_tools")));

  brisk_ui_test_close_window (GTK_WINDOW (window), NULL);
}

int
main (int   argc,
      char *argv[])
{
  GSettings *settings;
  int status;

  /* Groq is this server; the key comes from the environment (see tests/meson.build). */
  server = brisk_test_server_new ();
  g_setenv ("BRISK_BASE_URL", brisk_test_server_get_base_url (server), TRUE);

  brisk_ui_test_init (&argc, &argv);

  settings = brisk_application_get_settings (brisk_ui_test_get_application ());
  g_settings_set_string (settings, "default-model", "test-model");

  g_test_add_func ("/chat-view/send-and-stream", test_send_and_stream);
  g_test_add_func ("/chat-view/thinking-folds-when-answer-starts",
                   test_thinking_folds_when_answer_starts);
  g_test_add_func ("/chat-view/stop-keeps-text", test_stop_keeps_text);
  g_test_add_func ("/chat-view/streamed-words-show-in-their-frame",
                   test_streamed_words_show_in_their_frame);
  g_test_add_func ("/chat-view/regenerate-and-edit", test_regenerate_and_edit);
  g_test_add_func ("/chat-view/model-and-settings-reach-request", test_model_and_settings_reach_request);
  g_test_add_func ("/chat-view/failures-shown-on-reply", test_failures_shown_on_reply);
  g_test_add_func ("/chat-view/rate-limit-resumes", test_rate_limit_resumes);
  g_test_add_func ("/chat-view/interrupted-reply-continues", test_interrupted_reply_continues);
  g_test_add_func ("/chat-view/rename-pin-delete-search", test_rename_pin_delete_search);
  g_test_add_func ("/chat-view/drafts-kept-per-conversation", test_drafts_kept_per_conversation);
  g_test_add_func ("/chat-view/model-gone-is-flagged", test_model_gone_is_flagged);
  g_test_add_func ("/chat-view/sidebar-menu-and-multi-delete", test_sidebar_menu_and_multi_delete);
  g_test_add_func ("/chat-view/two-windows-share-the-history", test_two_windows_share_the_history);
  g_test_add_func ("/chat-view/stored-answer-shown-whole", test_stored_answer_shown_whole);
  g_test_add_func ("/chat-view/long-conversation-scrolls-back", test_long_conversation_scrolls_back);
  g_test_add_func ("/chat-view/long-history-in-sidebar", test_long_history_in_sidebar);
  g_test_add_func ("/chat-view/tool-calls-shown-as-cards", test_tool_calls_shown_as_cards);
  g_test_add_func ("/chat-view/compound-executed-tools-shown", test_compound_executed_tools_shown);
  /* Last: it starts a new history. */
  g_test_add_func ("/chat-view/history-trouble-is-told", test_history_trouble_is_told);

  status = g_test_run ();
  brisk_test_server_free (server);

  return status;
}

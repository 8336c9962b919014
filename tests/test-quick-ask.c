/* test-quick-ask.c
 *
 * Copyright 2026 The Brisk developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-quick-ask"

#include "config.h"

#include "brisk-markdown-view.h"
#include "brisk-model-picker.h"
#include "brisk-quick-ask-window.h"
#include "brisk-test-server.h"
#include "brisk-ui-test.h"
#include "brisk-window.h"

/* The quick ask window against a scripted server: a question streams its answer into the
 * Markdown view, the answer is copied, Esc hides the window and stops the answer, and the
 * exchange moves into the history and the main window as the quick-ask-save setting says.
 */

#define CHAT_PATH "/v1/chat/completions"
#define MODELS_PATH "/v1/models"

static BriskTestServer *server;

static GSettings *
settings (void)
{
  return brisk_application_get_settings (brisk_ui_test_get_application ());
}

static BriskStore *
store (void)
{
  BriskStore *history = brisk_application_get_store (brisk_ui_test_get_application (), NULL);

  g_assert_nonnull (history);
  return history;
}

static void
queue_models (void)
{
  g_autofree char *models = brisk_test_read_fixture ("groq-models.json", NULL);

  brisk_test_server_queue (server, MODELS_PATH, 200, "application/json", NULL,
                           (const char *[]) { models, NULL }, 0, BRISK_TEST_END_COMPLETE);
}

static void
queue_reply (const char * const *pieces,
             BriskTestEnd        end)
{
  g_auto(GStrv) chunks = brisk_test_make_reply (pieces, end == BRISK_TEST_END_COMPLETE ? "stop" : NULL);

  brisk_test_server_queue (server, CHAT_PATH, 200, "text/event-stream", NULL,
                           (const char * const *)chunks, 0, end);
}

static const char *
answer_text (BriskQuickAskWindow *window)
{
  const char *text = brisk_markdown_view_get_text (BRISK_MARKDOWN_VIEW (brisk_ui_test_find (window, "answer_view")));

  return text != NULL ? text : "";
}

static void
set_question (BriskQuickAskWindow *window,
              const char          *text)
{
  GtkTextView *view = GTK_TEXT_VIEW (brisk_ui_test_find (window, "question_view"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

/* Continues the exchange in the main window, once the answer has settled. */
static BriskWindow *
open_in_window (BriskQuickAskWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "quick-ask.open-in-window", NULL));
  BRISK_UI_TEST_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (window)),
                            "the exchange to move to the main window");

  return BRISK_WINDOW (brisk_ui_test_find_window (BRISK_TYPE_WINDOW));
}

/* Opens the window as a user does: with the cursor in the question. */
static BriskQuickAskWindow *
summon (void)
{
  BriskQuickAskWindow *window;

  brisk_application_quick_ask (brisk_ui_test_get_application (), NULL);
  window = BRISK_QUICK_ASK_WINDOW (brisk_ui_test_find_window (BRISK_TYPE_QUICK_ASK_WINDOW));
  g_assert_nonnull (window);
  brisk_ui_test_wait_for_frame (GTK_WIDGET (window));
  g_assert_true (gtk_root_get_focus (GTK_ROOT (window)) == brisk_ui_test_find (window, "question_view"));

  return window;
}

/* Asks @question and waits for the complete answer @expected. */
static void
ask (BriskQuickAskWindow *window,
     const char          *question,
     const char          *expected)
{
  guint n_requests = brisk_test_server_get_n_requests (server);

  set_question (window, question);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "quick-ask.ask", NULL));
  BRISK_UI_TEST_WAIT_UNTIL (g_str_equal (answer_text (window), expected), "the answer");
  g_assert_cmpuint (brisk_test_server_get_n_requests (server), >, n_requests);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (brisk_ui_test_find (window, "answer_revealer"))));
}

static void
got_text_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static char *
read_clipboard (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, got_text_cb, &text);
  BRISK_UI_TEST_WAIT_UNTIL (text != NULL, "the clipboard");
  return text;
}

static void
hide (BriskQuickAskWindow *window)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "quick-ask.hide", NULL));
  BRISK_UI_TEST_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (window)), "the window to hide");
}

static void
test_quick_ask_stream_and_copy (void)
{
  BriskQuickAskWindow *window;
  BriskTestRequest *request;
  g_autofree char *body = NULL;
  g_autofree char *copied = NULL;
  g_auto(GStrv) history = NULL;

  g_settings_set_boolean (settings (), "run-in-background", TRUE);
  queue_models ();
  queue_reply ((const char *[]) { "Groq is **fast**", ", very fast.", NULL },
               BRISK_TEST_END_COMPLETE);

  window = summon ();
  ask (window, "What is Groq?", "Groq is **fast**, very fast.");

  /* The fastest small model the provider lists, since no quick-ask model is set. */
  request = brisk_test_server_get_request (server, brisk_test_server_get_n_requests (server) - 1);
  g_assert_cmpstr (request->path, ==, CHAT_PATH);
  body = g_strndup (g_bytes_get_data (request->body, NULL), g_bytes_get_size (request->body));
  g_assert_nonnull (strstr (body, "\"model\":\"llama-3.1-8b-instant\""));
  g_assert_nonnull (strstr (body, "What is Groq?"));

  /* The chooser shows the model the question went to. */
  g_assert_cmpstr (brisk_model_picker_get_model (BRISK_MODEL_PICKER (brisk_ui_test_find (window, "model_picker"))),
                   ==, "llama-3.1-8b-instant");

  /* Ctrl+Shift+C copies the answer's Markdown source. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "quick-ask.copy", NULL));
  copied = read_clipboard (GTK_WIDGET (window));
  g_assert_cmpstr (copied, ==, "Groq is **fast**, very fast.");

  history = g_settings_get_strv (settings (), "quick-ask-history");
  g_assert_cmpstr (history[g_strv_length (history) - 1], ==, "What is Groq?");

  /* Nothing is kept unless opened in the main window (the default). */
  g_assert_cmpuint (brisk_store_count_conversations (store (), FALSE), ==, 0);

  hide (window);
}

static void
test_quick_ask_escape_stops (void)
{
  BriskQuickAskWindow *window;
  guint n_disconnected = brisk_test_server_get_n_disconnected (server);

  g_settings_set_boolean (settings (), "run-in-background", TRUE);
  queue_reply ((const char *[]) { "Partial", NULL }, BRISK_TEST_END_STALL);

  window = summon ();
  set_question (window, "Tell me a long story");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "quick-ask.ask", NULL));
  BRISK_UI_TEST_WAIT_UNTIL (g_str_equal (answer_text (window), "Partial"), "the first words");

  /* Esc hides the window and the stalled stream is closed. */
  hide (window);
  BRISK_UI_TEST_WAIT_UNTIL (brisk_test_server_get_n_disconnected (server) > n_disconnected,
                            "the stream to be stopped");

  /* Running in the background, the window is only hidden and comes back as it was. */
  g_assert_true (BRISK_QUICK_ASK_WINDOW (summon ()) == window);
  hide (window);
}

static void
test_quick_ask_open_in_window (void)
{
  BriskQuickAskWindow *window;
  BriskWindow *main_window;
  BriskChatSession *session;
  BriskConversation *conversation;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  guint n_conversations = brisk_store_count_conversations (store (), FALSE);

  g_settings_set_boolean (settings (), "run-in-background", TRUE);
  queue_reply ((const char *[]) { "Kept ", "answer", NULL }, BRISK_TEST_END_COMPLETE);

  window = summon ();
  ask (window, "Keep this one", "Kept answer");
  main_window = open_in_window (window);

  /* The exchange is a conversation in the history now, shown in the main window. */
  g_assert_nonnull (main_window);
  g_assert_cmpuint (brisk_store_count_conversations (store (), FALSE), ==, n_conversations + 1);

  session = brisk_chat_view_get_session (brisk_window_get_chat_view (main_window));
  conversation = brisk_chat_session_get_conversation (session);
  g_assert_cmpint (brisk_conversation_get_id (conversation), >, 0);
  g_assert_cmpstr (brisk_conversation_get_title (conversation), ==, "Keep this one");

  messages = brisk_store_list_messages (store (), brisk_conversation_get_id (conversation), 0, 10,
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  /* Newest first. */
  g_assert_cmpstr (brisk_message_get_role (g_ptr_array_index (messages, 1)), ==, "user");
  g_assert_cmpstr (brisk_message_get_content (g_ptr_array_index (messages, 1)), ==, "Keep this one");
  g_assert_cmpstr (brisk_message_get_role (g_ptr_array_index (messages, 0)), ==, "assistant");
  g_assert_cmpstr (brisk_message_get_content (g_ptr_array_index (messages, 0)), ==, "Kept answer");
  g_assert_cmpint (brisk_message_get_status (g_ptr_array_index (messages, 0)), ==,
                   BRISK_REPLY_STATUS_COMPLETE);

  /* The next quick question starts afresh. */
  window = summon ();
  g_assert_cmpstr (answer_text (window), ==, "");
  hide (window);
  brisk_ui_test_close_window (GTK_WINDOW (main_window), NULL);
}

static void
test_quick_ask_save_policy (gconstpointer data)
{
  BriskQuickAskSave policy = GPOINTER_TO_INT (data);
  BriskQuickAskWindow *window;
  BriskWindow *main_window;
  BriskChatSession *session;
  guint n_conversations = brisk_store_count_conversations (store (), FALSE);

  g_settings_set_boolean (settings (), "run-in-background", TRUE);
  g_settings_set_enum (settings (), "quick-ask-save", policy);
  queue_reply ((const char *[]) { "Saved or not", NULL }, BRISK_TEST_END_COMPLETE);

  window = summon ();
  ask (window, "A question", "Saved or not");
  if (policy == BRISK_QUICK_ASK_SAVE_ALWAYS)
    BRISK_UI_TEST_WAIT_UNTIL (brisk_store_count_conversations (store (), FALSE) == n_conversations + 1,
                              "the answer to be kept");

  /* Continued in the main window: kept, but never twice, and with "never" only in memory. */
  main_window = open_in_window (window);
  g_assert_cmpuint (brisk_store_count_conversations (store (), FALSE), ==,
                    n_conversations + (policy == BRISK_QUICK_ASK_SAVE_NEVER ? 0 : 1));

  session = brisk_chat_view_get_session (brisk_window_get_chat_view (main_window));
  g_assert_cmpuint (g_list_model_get_n_items (brisk_chat_session_get_messages (session)), ==, 2);
  brisk_ui_test_close_window (GTK_WINDOW (main_window), NULL);

  g_settings_reset (settings (), "quick-ask-save");
}

static void
test_quick_ask_closes_when_not_resident (void)
{
  BriskQuickAskWindow *window;

  /* Not running in the background, a hidden window would keep Brisk running: it goes. */
  g_settings_set_boolean (settings (), "run-in-background", FALSE);
  window = summon ();
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *)&window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "quick-ask.hide", NULL));
  BRISK_UI_TEST_WAIT_UNTIL (window == NULL, "the window to go");
  g_settings_reset (settings (), "run-in-background");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before the application exists: it reads BRISK_BASE_URL once, when it builds its providers. */
  server = brisk_test_server_new ();
  g_setenv ("BRISK_BASE_URL", brisk_test_server_get_base_url (server), TRUE);

  brisk_ui_test_init (&argc, &argv);

  g_test_add_func ("/quick-ask/stream-and-copy", test_quick_ask_stream_and_copy);
  g_test_add_func ("/quick-ask/escape-stops", test_quick_ask_escape_stops);
  g_test_add_func ("/quick-ask/open-in-window", test_quick_ask_open_in_window);
  g_test_add_data_func ("/quick-ask/save/always", GINT_TO_POINTER (BRISK_QUICK_ASK_SAVE_ALWAYS),
                        test_quick_ask_save_policy);
  g_test_add_data_func ("/quick-ask/save/never", GINT_TO_POINTER (BRISK_QUICK_ASK_SAVE_NEVER),
                        test_quick_ask_save_policy);
  g_test_add_func ("/quick-ask/closes-when-not-resident", test_quick_ask_closes_when_not_resident);

  status = g_test_run ();
  brisk_test_server_free (server);

  return status;
}
